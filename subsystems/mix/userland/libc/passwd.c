/* getpwnam/getpwuid and getgrnam/getgrgid: a linear scan of /etc/passwd or /etc/group with
 * stdio; results live in static storage overwritten by the next call (as POSIX allows). */
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE 512
#define MAX_FIELDS 7

static char line[LINE];
static struct passwd pw;
static struct group gr;
static char *no_members[] = {0};

/* Splits line at ':' into at most max fields; returns the count. */
static int split(char *s, char **fields, int max) {
  int n = 0;
  s[strcspn(s, "\n")] = 0;
  while (n < max) {
    fields[n++] = s;
    char *colon = strchr(s, ':');
    if (!colon) break;
    *colon = 0;
    s = colon + 1;
  }
  return n;
}

/* Returns the fields of the first entry of file whose field `key` equals name (or whose
 * numeric field `key` equals id when name is NULL). */
static int find(const char *file, int want, int key, const char *name, unsigned long id,
                char **fields) {
  FILE *f = fopen(file, "r");
  if (!f) return 0;
  int found = 0;
  while (!found && fgets(line, sizeof line, f)) {
    if (line[0] == '#') continue;
    if (split(line, fields, MAX_FIELDS) < want) continue;
    if (name)
      found = strcmp(fields[key], name) == 0;
    else
      found = fields[key][0] && strtoul(fields[key], 0, 10) == id;
  }
  fclose(f);
  return found;
}

static struct passwd *passwd_from(char **fields) {
  pw.pw_name = fields[0];
  pw.pw_passwd = fields[1];
  pw.pw_uid = (uid_t)strtoul(fields[2], 0, 10);
  pw.pw_gid = (gid_t)strtoul(fields[3], 0, 10);
  pw.pw_gecos = fields[4];
  pw.pw_dir = fields[5];
  pw.pw_shell = fields[6];
  return &pw;
}

struct passwd *getpwnam(const char *name) {
  char *fields[MAX_FIELDS];
  return find("/etc/passwd", 7, 0, name, 0, fields) ? passwd_from(fields) : 0;
}

struct passwd *getpwuid(uid_t uid) {
  char *fields[MAX_FIELDS];
  return find("/etc/passwd", 7, 2, 0, uid, fields) ? passwd_from(fields) : 0;
}

static struct group *group_from(char **fields) {
  gr.gr_name = fields[0];
  gr.gr_passwd = fields[1];
  gr.gr_gid = (gid_t)strtoul(fields[2], 0, 10);
  gr.gr_mem = no_members;
  return &gr;
}

struct group *getgrnam(const char *name) {
  char *fields[MAX_FIELDS];
  return find("/etc/group", 3, 0, name, 0, fields) ? group_from(fields) : 0;
}

struct group *getgrgid(gid_t gid) {
  char *fields[MAX_FIELDS];
  return find("/etc/group", 3, 2, 0, gid, fields) ? group_from(fields) : 0;
}
