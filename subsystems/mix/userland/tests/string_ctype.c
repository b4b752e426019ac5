/* string.h, strings.h, ctype.h, strtol family, qsort and bsearch. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check.h"

static int by_value(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

static int by_string(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void) {
  char buf[64];
  CHECK(strlen("hello") == 5 && strlen("") == 0, "strlen");
  CHECK(strcmp("abc", "abd") < 0 && strcmp("b", "a") > 0 && strcmp("x", "x") == 0, "strcmp");
  CHECK(strncmp("abcdef", "abcxyz", 3) == 0 && strncmp("ab", "ac", 5) < 0, "strncmp");
  CHECK(strcasecmp("HeLLo", "hello") == 0 && strncasecmp("ABx", "aby", 2) == 0, "strcasecmp");
  strcpy(buf, "foo");
  strcat(buf, "bar");
  strncat(buf, "bazzz", 3);
  printf("strcat: %s\n", buf);
  CHECK(strcmp(buf, "foobarbaz") == 0, "strcpy/strcat/strncat");
  CHECK(strchr(buf, 'b') == buf + 3 && strrchr(buf, 'b') == buf + 6 && !strchr(buf, 'q'),
        "strchr/strrchr");
  CHECK(strstr(buf, "bar") == buf + 3 && !strstr(buf, "bad") && strstr(buf, "") == buf, "strstr");
  CHECK(strspn("aabbc", "ab") == 4 && strcspn("xyz;q", ";") == 3, "strspn/strcspn");
  CHECK(memcmp("ab\0c", "ab\0d", 4) < 0 && memchr("hello", 'l', 5) != 0, "memcmp/memchr");
  char over[16] = "0123456789";
  memmove(over + 2, over, 8);
  over[10] = 0;
  printf("memmove overlap: %s\n", over);
  memset(buf, 'x', 5);
  buf[5] = 0;
  CHECK(strcmp(buf, "xxxxx") == 0, "memset");
  char words[] = "  one two,,three ";
  char *save, *tok = strtok_r(words, " ,", &save);
  printf("tokens:");
  while (tok) {
    printf(" <%s>", tok);
    tok = strtok_r(0, " ,", &save);
  }
  printf("\n");
  char *d = strdup("duplicate");
  CHECK(d && strcmp(d, "duplicate") == 0, "strdup");
  free(d);
  CHECK(strlcpy(buf, "truncated", 5) == 9 && strcmp(buf, "trun") == 0, "strlcpy");

  int classes = 0;
  for (int c = 0; c < 128; c++)
    classes += isalpha(c) + 2 * isdigit(c) + 4 * isspace(c) + 8 * ispunct(c) + 16 * isupper(c);
  printf("ctype checksum: %d\n", classes);
  CHECK(toupper('a') == 'A' && tolower('Q') == 'q' && toupper('1') == '1', "toupper/tolower");
  CHECK(!isalpha(EOF) && !isdigit(200) && isxdigit('F') && !isxdigit('g'), "ctype edge values");

  char *end;
  printf("strtol: %ld %ld %ld %ld\n", strtol("  -1234xyz", &end, 10), strtol("0x1F", 0, 0),
         strtol("0755", 0, 0), strtol("zz", 0, 36));
  printf("end at: \"%s\"\n", end);
  errno = 0;
  long big = strtol("99999999999", 0, 10);
  CHECK(big == LONG_MAX && errno == ERANGE, "strtol saturates with ERANGE");
  printf("strtoul: %lu strtoll: %lld strtoull: %llu\n", strtoul("4294967295", 0, 10),
         strtoll("-9223372036854775808", 0, 10), strtoull("18446744073709551615", 0, 10));
  CHECK(atoi("42abc") == 42 && atol("-7") == -7, "atoi/atol");
  strtol("abc", &end, 10);
  CHECK(strcmp(end, "abc") == 0, "strtol with no digits leaves end at the start");

  int values[] = {42, -1, 17, 0, 99, 17, -50, 3, 8, 1000, 5};
  int count = (int)(sizeof values / sizeof values[0]);
  qsort(values, (size_t)count, sizeof values[0], by_value);
  printf("sorted:");
  for (int i = 0; i < count; i++) printf(" %d", values[i]);
  printf("\n");
  int key = 99;
  int *hit = bsearch(&key, values, (size_t)count, sizeof values[0], by_value);
  CHECK(hit && *hit == 99, "bsearch finds a present key");
  key = 4;
  CHECK(!bsearch(&key, values, (size_t)count, sizeof values[0], by_value), "bsearch misses");
  const char *names[] = {"pear", "apple", "fig", "banana", "cherry"};
  qsort(names, 5, sizeof names[0], by_string);
  printf("strings: %s %s %s %s %s\n", names[0], names[1], names[2], names[3], names[4]);
  printf("strerror(ENOENT): %s\n", strerror(ENOENT));
  printf("strsignal(SIGSEGV-like 11): %s\n", strsignal(11));
  printf("abs: %d %ld div: %d %d\n", abs(-5), labs(-6L), div(17, 5).quot, div(17, 5).rem);
  srand(7);
  int r1 = rand(), r2 = rand();
  srand(7);
  CHECK(rand() == r1 && rand() == r2, "rand is reproducible after srand");
  return finish();
}
