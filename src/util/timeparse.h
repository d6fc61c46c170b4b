/*
 * timeparse.h - timestamps in the forms threads use (internal).
 */
#ifndef TM_UTIL_TIMEPARSE_H
#define TM_UTIL_TIMEPARSE_H

#include <stddef.h>
#include <stdint.h>

/**
 * Parse a time: Unix seconds ("1591431068", "1439801151.0"; values above
 * 1e11 are taken as milliseconds) or ISO 8601 / RFC 3339
 * ("2026-03-14T09:26:53Z", "2026-03-14 09:26:53", "...+02:00", fractions
 * ignored; no zone means UTC).
 * @return 1 and *out in UTC seconds, or 0 when s is not a time.
 */
int tm__parse_time(const char *s, size_t len, int64_t *out);

/** Days since 1970-01-01 for a proleptic Gregorian date. */
int64_t tm__days_from_civil(int64_t y, unsigned m, unsigned d);

/** Format UTC seconds as "YYYY-MM-DDTHH:MM:SSZ" into buf (>= 32 bytes). */
void tm__format_time(int64_t t, char *buf);

#endif
