/*
 * ls: lists directory contents, sorted by name.
 * -a shows dot entries, -A all but "." and "..", -l the long format (mode, links, numeric owner
 * and group, size, UTC modification time), -d lists directories themselves, -1 one name a line,
 * -F marks kinds (/ * @ |), -i inode numbers, -t sorts newest first, -r reverses the order,
 * -R lists subdirectories too. Names go one a line unless stdout is a terminal.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int opt_all, opt_almost, opt_long, opt_dir, opt_one, opt_classify, opt_inode;
static int opt_time, opt_reverse, opt_recursive;
static int status;

struct entry {
  char *name;
  char *path;
  struct stat st;
};

/* Name order, or newest first with -t (then by name); -r reverses either. */
static int by_order(const void *a, const void *b) {
  const struct entry *x = a, *y = b;
  int r = 0;
  if (opt_time && x->st.st_mtime != y->st.st_mtime) r = x->st.st_mtime > y->st.st_mtime ? -1 : 1;
  if (r == 0) r = strcmp(x->name, y->name);
  return opt_reverse ? -r : r;
}

static int by_string(const void *a, const void *b) {
  int r = strcmp(*(char *const *)a, *(char *const *)b);
  return opt_reverse ? -r : r;
}

static void mode_string(mode_t mode, char *out) {
  const char *kinds = "?pc?d?b?-?l?s???";
  out[0] = kinds[(mode >> 12) & 15];
  const char *rwx = "rwxrwxrwx";
  for (int i = 0; i < 9; i++) out[1 + i] = (mode & (0400u >> i)) ? rwx[i] : '-';
  if (mode & S_ISUID) out[3] = (mode & 0100) ? 's' : 'S';
  if (mode & S_ISGID) out[6] = (mode & 0010) ? 's' : 'S';
  if (mode & S_ISVTX) out[9] = (mode & 0001) ? 't' : 'T';
  out[10] = '\0';
}

static char classify_mark(mode_t mode) {
  if (S_ISDIR(mode)) return '/';
  if (S_ISLNK(mode)) return '@';
  if (S_ISFIFO(mode)) return '|';
  if (S_ISSOCK(mode)) return '=';
  if (S_ISREG(mode) && (mode & 0111)) return '*';
  return 0;
}

static void print_long(const struct entry *e, time_t now) {
  char mode[11], when[32];
  mode_string(e->st.st_mode, mode);
  time_t t = e->st.st_mtime;
  struct tm *tm = gmtime(&t);
  /* Like other ls: the year instead of the time for files older than about six months. */
  long long age = (long long)now - (long long)t;
  if (tm == NULL) strcpy(when, "?");
  else if (age > 15552000LL || age < -3600LL) strftime(when, sizeof when, "%b %e  %Y", tm);
  else strftime(when, sizeof when, "%b %e %H:%M", tm);
  if (opt_inode) printf("%7lu ", (unsigned long)e->st.st_ino);
  if (S_ISCHR(e->st.st_mode) || S_ISBLK(e->st.st_mode)) {
    unsigned long dev = (unsigned long)e->st.st_rdev;
    printf("%s %3lu %4lu %4lu %3lu, %3lu %s %s", mode, (unsigned long)e->st.st_nlink,
           (unsigned long)e->st.st_uid, (unsigned long)e->st.st_gid, (dev >> 8) & 0xfff,
           (dev & 0xff) | ((dev >> 12) & 0xfff00), when, e->name);
  } else {
    printf("%s %3lu %4lu %4lu %8lld %s %s", mode, (unsigned long)e->st.st_nlink,
           (unsigned long)e->st.st_uid, (unsigned long)e->st.st_gid, (long long)e->st.st_size,
           when, e->name);
  }
  if (S_ISLNK(e->st.st_mode)) {
    char target[1024];
    long n = readlink(e->path, target, sizeof target - 1);
    if (n >= 0) {
      target[n] = '\0';
      printf(" -> %s", target);
    }
  } else if (opt_classify) {
    char mark = classify_mark(e->st.st_mode);
    if (mark) putchar(mark);
  }
  putchar('\n');
}

/* Prints a sorted set of entries in the chosen format. */
static void print_entries(struct entry *list, int count, int show_total) {
  qsort(list, (size_t)count, sizeof *list, by_order);
  if (opt_long) {
    time_t now = time(NULL);
    if (show_total) {
      long long blocks = 0;
      for (int i = 0; i < count; i++) blocks += (long long)list[i].st.st_blocks;
      printf("total %lld\n", blocks / 2);
    }
    for (int i = 0; i < count; i++) print_long(&list[i], now);
    return;
  }
  if (opt_one || !isatty(1)) {
    for (int i = 0; i < count; i++) {
      if (opt_inode) printf("%7lu ", (unsigned long)list[i].st.st_ino);
      fputs(list[i].name, stdout);
      char mark = opt_classify ? classify_mark(list[i].st.st_mode) : 0;
      if (mark) putchar(mark);
      putchar('\n');
    }
    return;
  }
  /* Columns across an 80-character terminal, filled down then across. */
  size_t width = 1;
  for (int i = 0; i < count; i++) {
    size_t n = strlen(list[i].name) + (opt_classify ? 1 : 0);
    if (n > width) width = n;
  }
  width += 2;
  int cols = (int)(80 / width);
  if (cols < 1) cols = 1;
  int rows = (count + cols - 1) / cols;
  for (int r = 0; r < rows; r++) {
    for (int c = 0; c < cols; c++) {
      int i = c * rows + r;
      if (i >= count) break;
      char mark = opt_classify ? classify_mark(list[i].st.st_mode) : 0;
      int last = (c + 1) * rows + r >= count;
      printf("%s%s", list[i].name, mark ? (char[2]){mark, 0} : "");
      if (!last) printf("%*s", (int)(width - strlen(list[i].name) - (mark ? 1 : 0)), "");
    }
    putchar('\n');
  }
}

static void free_entries(struct entry *list, int count) {
  for (int i = 0; i < count; i++) {
    free(list[i].name);
    free(list[i].path);
  }
  free(list);
}

static char *join(const char *dir, const char *name) {
  size_t a = strlen(dir), b = strlen(name);
  char *path = malloc(a + b + 2);
  if (path == NULL) return NULL;
  memcpy(path, dir, a);
  path[a] = '/';
  memcpy(path + a + 1, name, b + 1);
  return path;
}

static void list_dir(const char *dir) {
  DIR *d = opendir(dir);
  if (d == NULL) {
    fprintf(stderr, "ls: %s: %s\n", dir, strerror(errno));
    status = 1;
    return;
  }
  int count = 0, cap = 32;
  struct entry *list = malloc((size_t)cap * sizeof *list);
  struct dirent *de;
  while (list != NULL && (de = readdir(d)) != NULL) {
    const char *n = de->d_name;
    if (n[0] == '.' && !opt_all) {
      if (!opt_almost) continue;
      if (n[1] == '\0' || (n[1] == '.' && n[2] == '\0')) continue;
    }
    if (count == cap) {
      cap *= 2;
      struct entry *bigger = realloc(list, (size_t)cap * sizeof *list);
      if (bigger == NULL) break;
      list = bigger;
    }
    struct entry *e = &list[count];
    e->name = strdup(n);
    e->path = join(dir, n);
    if (e->name == NULL || e->path == NULL) break;
    if (lstat(e->path, &e->st) < 0) {
      fprintf(stderr, "ls: %s: %s\n", e->path, strerror(errno));
      status = 1;
      free(e->name);
      free(e->path);
      continue;
    }
    count++;
  }
  closedir(d);
  if (list == NULL) {
    fprintf(stderr, "ls: out of memory\n");
    status = 1;
    return;
  }
  print_entries(list, count, 1);
  for (int i = 0; opt_recursive && i < count; i++) {
    const char *n = list[i].name;
    if (!S_ISDIR(list[i].st.st_mode) || (n[0] == '.' && (n[1] == '\0' || (n[1] == '.' && n[2] == '\0'))))
      continue;
    printf("\n%s:\n", list[i].path);
    list_dir(list[i].path);
  }
  free_entries(list, count);
}

int main(int argc, char **argv) {
  int i = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
    if (strcmp(argv[i], "--") == 0) {
      i++;
      break;
    }
    for (const char *p = argv[i] + 1; *p; p++) {
      switch (*p) {
      case 'a': opt_all = 1; break;
      case 'A': opt_almost = 1; break;
      case 'l': opt_long = 1; break;
      case 'd': opt_dir = 1; break;
      case '1': opt_one = 1; break;
      case 'F': opt_classify = 1; break;
      case 'i': opt_inode = 1; break;
      case 't': opt_time = 1; break;
      case 'r': opt_reverse = 1; break;
      case 'R': opt_recursive = 1; break;
      default:
        fprintf(stderr, "ls: unknown option -%c\nusage: ls [-1AadFilrRt] [file...]\n", *p);
        return 2;
      }
    }
  }
  static char *dot[] = {".", NULL};
  char **operands = i < argc ? argv + i : dot;
  int n = i < argc ? argc - i : 1;
  /* Files (and, with -d, directories) first, as one sorted list; then each directory. */
  struct entry *files = malloc((size_t)n * sizeof *files);
  char **dirs = malloc((size_t)n * sizeof *dirs);
  if (files == NULL || dirs == NULL) return 1;
  int nfiles = 0, ndirs = 0;
  for (int k = 0; k < n; k++) {
    struct stat st;
    if (lstat(operands[k], &st) < 0) {
      fprintf(stderr, "ls: %s: %s\n", operands[k], strerror(errno));
      status = 1;
      continue;
    }
    /* A symbolic link named on the command line is followed unless -l or -d asks otherwise. */
    if (S_ISLNK(st.st_mode) && !opt_long && !opt_dir) {
      struct stat target;
      if (stat(operands[k], &target) == 0) st = target;
    }
    if (S_ISDIR(st.st_mode) && !opt_dir) {
      dirs[ndirs++] = operands[k];
    } else {
      files[nfiles].name = strdup(operands[k]);
      files[nfiles].path = strdup(operands[k]);
      files[nfiles].st = st;
      nfiles++;
    }
  }
  if (nfiles > 0) print_entries(files, nfiles, 0);
  qsort(dirs, (size_t)ndirs, sizeof *dirs, by_string);
  for (int k = 0; k < ndirs; k++) {
    if (n > 1 || opt_recursive) printf("%s%s:\n", (nfiles > 0 || k > 0) ? "\n" : "", dirs[k]);
    list_dir(dirs[k]);
  }
  free_entries(files, nfiles);
  free(dirs);
  return fflush(stdout) ? 1 : status;
}
