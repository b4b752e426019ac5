/* Calendar conversion in UTC (there are no time zones: localtime is gmtime), the
 * proleptic Gregorian calendar by the days-from-civil method, and a strftime subset:
 * %Y %m %d %H %M %S %y %e %j %a %A %b %B %h %p %Z %z %s %u %w %D %F %T %R %c %x %X %n %t %%. */
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char *const day_names[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                        "Thursday", "Friday", "Saturday"};
static const char *const month_names[] = {"January", "February", "March",     "April",
                                          "May",     "June",     "July",      "August",
                                          "September", "October", "November", "December"};


/* Days since 1970-01-01 of a civil date (month 1..12). */
static long days_from_civil(long y, int m, int d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct tm *gmtime_r(const time_t *t, struct tm *tm) {
  long secs = (long)*t;
  long days = secs / 86400, rem = secs % 86400;
  if (rem < 0) rem += 86400, days--;
  tm->tm_hour = (int)(rem / 3600);
  tm->tm_min = (int)(rem % 3600 / 60);
  tm->tm_sec = (int)(rem % 60);
  tm->tm_wday = (int)((days % 7 + 11) % 7); /* 1970-01-01 was a Thursday */
  long z = days + 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long y = yoe + era * 400;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  int d = (int)(doy - (153 * mp + 2) / 5 + 1);
  int m = (int)(mp < 10 ? mp + 3 : mp - 9);
  y += m <= 2;
  tm->tm_year = (int)(y - 1900);
  tm->tm_mon = m - 1;
  tm->tm_mday = d;
  tm->tm_yday = (int)(days - days_from_civil(y, 1, 1));
  tm->tm_isdst = 0;
  return tm;
}

struct tm *gmtime(const time_t *t) {
  static struct tm tm;
  return gmtime_r(t, &tm);
}

struct tm *localtime_r(const time_t *t, struct tm *out) { return gmtime_r(t, out); }
struct tm *localtime(const time_t *t) { return gmtime(t); }

time_t timegm(struct tm *tm) {
  long y = tm->tm_year + 1900L + tm->tm_mon / 12;
  int m = tm->tm_mon % 12;
  if (m < 0) m += 12, y--;
  long days = days_from_civil(y, m + 1, 1) + tm->tm_mday - 1;
  time_t t = (time_t)(days * 86400 + tm->tm_hour * 3600L + tm->tm_min * 60L + tm->tm_sec);
  gmtime_r(&t, tm);
  return t;
}

time_t mktime(struct tm *tm) { return timegm(tm); }

struct out {
  char *buf;
  size_t size, len;
};

static void put(struct out *o, const char *s) {
  for (; *s; s++, o->len++)
    if (o->len + 1 < o->size) o->buf[o->len] = *s;
}

static void put_num(struct out *o, long v, int width, char fill) {
  char tmp[24];
  if (fill == '0')
    snprintf(tmp, sizeof tmp, "%0*ld", width, v);
  else
    snprintf(tmp, sizeof tmp, "%*ld", width, v);
  put(o, tmp);
}

static void format(struct out *o, const char *fmt, const struct tm *tm) {
  for (; *fmt; fmt++) {
    if (*fmt != '%') {
      char one[2] = {*fmt, 0};
      put(o, one);
      continue;
    }
    switch (*++fmt) {
      case 'Y': put_num(o, tm->tm_year + 1900L, 1, '0'); break;
      case 'C': put_num(o, (tm->tm_year + 1900L) / 100, 2, '0'); break;
      case 'y': put_num(o, (tm->tm_year + 1900L) % 100, 2, '0'); break;
      case 'm': put_num(o, tm->tm_mon + 1, 2, '0'); break;
      case 'd': put_num(o, tm->tm_mday, 2, '0'); break;
      case 'e': put_num(o, tm->tm_mday, 2, ' '); break;
      case 'j': put_num(o, tm->tm_yday + 1, 3, '0'); break;
      case 'H': put_num(o, tm->tm_hour, 2, '0'); break;
      case 'I': put_num(o, (tm->tm_hour + 11) % 12 + 1, 2, '0'); break;
      case 'M': put_num(o, tm->tm_min, 2, '0'); break;
      case 'S': put_num(o, tm->tm_sec, 2, '0'); break;
      case 'u': put_num(o, tm->tm_wday ? tm->tm_wday : 7, 1, '0'); break;
      case 'w': put_num(o, tm->tm_wday, 1, '0'); break;
      case 'a': {
        char s[4] = {0};
        memcpy(s, day_names[tm->tm_wday % 7], 3);
        put(o, s);
        break;
      }
      case 'A': put(o, day_names[tm->tm_wday % 7]); break;
      case 'b':
      case 'h': {
        char s[4] = {0};
        memcpy(s, month_names[tm->tm_mon % 12], 3);
        put(o, s);
        break;
      }
      case 'B': put(o, month_names[tm->tm_mon % 12]); break;
      case 'p': put(o, tm->tm_hour < 12 ? "AM" : "PM"); break;
      case 'Z': put(o, "UTC"); break;
      case 'z': put(o, "+0000"); break;
      case 's': {
        struct tm copy = *tm;
        put_num(o, (long)timegm(&copy), 1, '0');
        break;
      }
      case 'D': format(o, "%m/%d/%y", tm); break;
      case 'F': format(o, "%Y-%m-%d", tm); break;
      case 'T': format(o, "%H:%M:%S", tm); break;
      case 'R': format(o, "%H:%M", tm); break;
      case 'c': format(o, "%a %b %e %H:%M:%S %Y", tm); break;
      case 'x': format(o, "%m/%d/%y", tm); break;
      case 'X': format(o, "%H:%M:%S", tm); break;
      case 'n': put(o, "\n"); break;
      case 't': put(o, "\t"); break;
      case '%': put(o, "%"); break;
      case 0: return;
      default: {
        char s[3] = {'%', *fmt, 0};
        put(o, s);
      }
    }
  }
}

size_t strftime(char *buf, size_t size, const char *fmt, const struct tm *tm) {
  struct out o = {buf, size, 0};
  format(&o, fmt, tm);
  if (o.len + 1 > size) {
    if (size) buf[0] = 0;
    return 0;
  }
  buf[o.len] = 0;
  return o.len;
}

char *asctime(const struct tm *tm) {
  static char buf[32];
  strftime(buf, sizeof buf, "%a %b %e %H:%M:%S %Y\n", tm);
  return buf;
}

char *ctime(const time_t *t) { return asctime(gmtime(t)); }
