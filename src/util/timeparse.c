/*
 * timeparse.c - timestamps: Unix seconds and ISO 8601 (see timeparse.h).
 *
 * Civil-date arithmetic follows Howard Hinnant's days_from_civil
 * algorithm (public domain description), so no timegm()/TZ is involved and
 * results are the same on every platform.
 */
#include "timeparse.h"

#include <stdio.h>

int64_t tm__days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = (unsigned)(y - era * 400);
  unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (int64_t)doe - 719468;
}

static void S_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = (unsigned)(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t yy = (int64_t)yoe + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = yy + (*m <= 2);
}

void tm__format_time(int64_t t, char *buf) {
  int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
  int64_t secs = t - days * 86400;
  int64_t y;
  unsigned m, d;
  S_civil_from_days(days, &y, &m, &d);
  if (y < -9999 || y > 99999) y = y < 0 ? -9999 : 99999;
  if (y >= 0 && y <= 9999) { /* the usual case, by hand: streamed scoring prints one per record */
    unsigned v[6] = {(unsigned)y, m % 13, d % 32, (unsigned)(secs / 3600) % 24,
                     (unsigned)(secs / 60 % 60), (unsigned)(secs % 60)};
    char *p = buf;
    *p++ = (char)('0' + v[0] / 1000);
    *p++ = (char)('0' + v[0] / 100 % 10);
    *p++ = (char)('0' + v[0] / 10 % 10);
    *p++ = (char)('0' + v[0] % 10);
    static const char sep[] = "--T::Z";
    for (int k = 1; k < 6; k++) {
      *p++ = sep[k - 1];
      *p++ = (char)('0' + v[k] / 10);
      *p++ = (char)('0' + v[k] % 10);
    }
    *p++ = 'Z';
    *p = '\0';
    return;
  }
  snprintf(buf, 32, "%04d-%02u-%02uT%02u:%02u:%02uZ", (int)y, m % 13, d % 32,
           (unsigned)(secs / 3600) % 24, (unsigned)(secs / 60 % 60),
           (unsigned)(secs % 60));
}

static int S_num(const char *s, size_t len, size_t *i, size_t digits,
                 unsigned *out) {
  unsigned v = 0;
  for (size_t k = 0; k < digits; k++) {
    if (*i >= len || s[*i] < '0' || s[*i] > '9') return 0;
    v = v * 10 + (unsigned)(s[(*i)++] - '0');
  }
  *out = v;
  return 1;
}

int tm__parse_time(const char *s, size_t len, int64_t *out) {
  size_t i = 0;
  while (i < len && (s[i] == ' ' || s[i] == '"')) i++;
  while (len > i && (s[len - 1] == ' ' || s[len - 1] == '"' || s[len - 1] == '\r')) len--;
  if (i >= len) return 0;
  /* all digits (optionally a fraction): epoch seconds or milliseconds */
  size_t k = i;
  int neg = 0;
  if (s[k] == '-') neg = 1, k++;
  size_t ds = k;
  while (k < len && s[k] >= '0' && s[k] <= '9') k++;
  size_t ndig = k - ds;
  if (ndig > 0 && (k == len || s[k] == '.')) {
    if (k < len) {
      size_t f = k + 1;
      while (f < len && s[f] >= '0' && s[f] <= '9') f++;
      if (f != len) return 0;
    }
    if (ndig > 15) return 0;
    int64_t v = 0;
    for (size_t q = ds; q < ds + ndig; q++) v = v * 10 + (s[q] - '0');
    if (v > 100000000000LL) v /= 1000; /* milliseconds */
    *out = neg ? -v : v;
    return 1;
  }
  /* ISO 8601: YYYY-MM-DD[T ]HH:MM[:SS][.fff][Z|+HH:MM|-HHMM] */
  unsigned y, mo, d, h = 0, mi = 0, se = 0;
  k = i;
  if (!S_num(s, len, &k, 4, &y) || k >= len || s[k++] != '-' ||
      !S_num(s, len, &k, 2, &mo) || k >= len || s[k++] != '-' ||
      !S_num(s, len, &k, 2, &d))
    return 0;
  static const unsigned mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || (mo == 2 && d == 29 && !leap))
    return 0;
  if (k < len && (s[k] == 'T' || s[k] == 't' || s[k] == ' ')) {
    k++;
    if (!S_num(s, len, &k, 2, &h) || k >= len || s[k++] != ':' ||
        !S_num(s, len, &k, 2, &mi))
      return 0;
    if (k < len && s[k] == ':') {
      k++;
      if (!S_num(s, len, &k, 2, &se)) return 0;
    }
    if (k < len && (s[k] == '.' || s[k] == ',')) {
      k++;
      while (k < len && s[k] >= '0' && s[k] <= '9') k++;
    }
  }
  if (h > 23 || mi > 59 || se > 60) return 0;
  int64_t off = 0;
  while (k < len && s[k] == ' ') k++;
  if (k < len) {
    if (s[k] == 'Z' || s[k] == 'z') {
      k++;
    } else if (s[k] == '+' || s[k] == '-') {
      int sign = s[k] == '-' ? -1 : 1;
      unsigned oh, om = 0;
      k++;
      if (!S_num(s, len, &k, 2, &oh)) return 0;
      if (k < len && s[k] == ':') {
        k++;
        if (!S_num(s, len, &k, 2, &om)) return 0;
      } else if (k < len && !S_num(s, len, &k, 2, &om)) {
        return 0;
      }
      if (oh > 23 || om > 59) return 0;
      off = sign * (int64_t)(oh * 3600 + om * 60);
    } else if (len - k == 3 && s[k] == 'U' && s[k + 1] == 'T' && s[k + 2] == 'C') {
      k += 3;
    }
    if (k != len) return 0;
  }
  *out = tm__days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - off;
  return 1;
}
