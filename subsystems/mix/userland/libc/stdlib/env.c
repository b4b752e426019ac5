/* The environment: getenv, setenv, unsetenv, putenv, clearenv over `environ`. The first
 * change copies the array into malloc'd memory; strings added by setenv are malloc'd. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char **owned; /* environ once it has been copied */

static size_t name_len(const char *s) {
  size_t n = 0;
  while (s[n] && s[n] != '=') n++;
  return n;
}

static int find(const char *name, size_t len) {
  if (!environ) return -1;
  for (int i = 0; environ[i]; i++)
    if (strncmp(environ[i], name, len) == 0 && environ[i][len] == '=') return i;
  return -1;
}

char *getenv(const char *name) {
  size_t len = strlen(name);
  int i = find(name, len);
  return i < 0 ? 0 : environ[i] + len + 1;
}

static int count(void) {
  int n = 0;
  while (environ && environ[n]) n++;
  return n;
}

static int own(int extra) {
  int n = count();
  char **copy = malloc(sizeof(char *) * (size_t)(n + extra + 1));
  if (!copy) {
    errno = ENOMEM;
    return -1;
  }
  for (int i = 0; i < n; i++) copy[i] = environ[i];
  copy[n] = 0;
  free(owned);
  owned = environ = copy;
  return 0;
}

int putenv(char *string) {
  size_t len = name_len(string);
  int i = find(string, len);
  if (i >= 0) {
    if (environ != owned && own(0) < 0) return -1;
    environ[i] = string;
    return 0;
  }
  if (own(1) < 0) return -1;
  int n = count();
  environ[n] = string;
  environ[n + 1] = 0;
  return 0;
}

int setenv(const char *name, const char *value, int overwrite) {
  size_t len = strlen(name);
  if (len == 0 || strchr(name, '=')) {
    errno = EINVAL;
    return -1;
  }
  if (!overwrite && find(name, len) >= 0) return 0;
  size_t vlen = strlen(value);
  char *s = malloc(len + vlen + 2);
  if (!s) {
    errno = ENOMEM;
    return -1;
  }
  memcpy(s, name, len);
  s[len] = '=';
  memcpy(s + len + 1, value, vlen + 1);
  return putenv(s);
}

int unsetenv(const char *name) {
  size_t len = strlen(name);
  int i;
  while ((i = find(name, len)) >= 0) {
    if (environ != owned && own(0) < 0) return -1;
    for (; environ[i]; i++) environ[i] = environ[i + 1];
  }
  return 0;
}

int clearenv(void) {
  if (own(0) < 0) return -1;
  environ[0] = 0;
  return 0;
}
