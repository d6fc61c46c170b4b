/*
 * test_timeparse.c - Unix and ISO 8601 timestamps (src/util/timeparse.c).
 * Expected values were computed with Python's calendar.timegm.
 */
#include "helpers.h"
#include "util/timeparse.h"

/* Parse a NUL-terminated string; returns the ok flag, fills *out. */
static int S_parse(const char *s, int64_t *out) {
  *out = 12345; /* sentinel: must stay untouched on failure */
  return tm__parse_time(s, strlen(s), out);
}

#define assert_time(str, want)                                   \
  do {                                                           \
    int64_t got_;                                                \
    if (!S_parse((str), &got_))                                  \
      print_error("\"%s\" was rejected\n", (str));               \
    else if (got_ != (int64_t)(want))                            \
      print_error("\"%s\" -> %lld, want %lld\n", (str),          \
                  (long long)got_, (long long)(want));           \
    assert_true(S_parse((str), &got_));                          \
    assert_int_equal(got_, (int64_t)(want));                     \
  } while (0)

#define assert_not_time(str)                                     \
  do {                                                           \
    int64_t got_;                                                \
    int ok_ = S_parse((str), &got_);                             \
    if (ok_) print_error("\"%s\" was accepted as %lld\n", (str), \
                         (long long)got_);                       \
    assert_false(ok_);                                           \
    assert_int_equal(got_, 12345);                               \
  } while (0)

static void test_timeparse__epoch_seconds(void **state) {
  (void)state;
  assert_time("1591431068", 1591431068);
  assert_time("0", 0);
  assert_time("1773480413", 1773480413);
  assert_time("-86400", -86400);
  /* quoted (as a CSV field might be) and padded */
  assert_time("\"1591431068\"", 1591431068);
  assert_time("  1591431068 ", 1591431068);
  assert_time("1591431068\r", 1591431068);
  /* exactly 1e11 is still seconds */
  assert_time("100000000000", 100000000000LL);
}

static void test_timeparse__float_seconds_truncate(void **state) {
  (void)state;
  assert_time("1439801151.0", 1439801151);
  assert_time("1439801151.75", 1439801151);
  assert_time("1439801151.", 1439801151);
}

static void test_timeparse__milliseconds(void **state) {
  (void)state;
  assert_time("1591431068123", 1591431068);
  assert_time("1591431068000", 1591431068);
  assert_time("1591431068999.5", 1591431068);
  assert_time("100000000001", 100000000);
}

static void test_timeparse__iso_utc_z(void **state) {
  (void)state;
  assert_time("2026-03-14T09:26:53Z", 1773480413);
  assert_time("2026-03-14t09:26:53z", 1773480413);
  assert_time("2020-06-06T08:11:08Z", 1591431068);
  assert_time("1970-01-01T00:00:00Z", 0);
  assert_time("2026-03-14 09:26:53 UTC", 1773480413);
}

static void test_timeparse__iso_offsets(void **state) {
  (void)state;
  /* 09:26:53 at +02:00 is 07:26:53Z */
  assert_time("2026-03-14T09:26:53+02:00", 1773473213);
  assert_time("2026-03-14T09:26:53+0200", 1773473213);
  assert_time("2026-03-14T09:26:53+02", 1773473213);
  /* 09:26:53 at -05:30 is 14:56:53Z */
  assert_time("2026-03-14T09:26:53-05:30", 1773500213);
  assert_time("2026-03-14T09:26:53+00:00", 1773480413);
  /* an offset that crosses midnight backwards */
  assert_time("2026-03-14T00:30:00+01:00", 1773446400 - 1800);
}

static void test_timeparse__iso_without_zone_is_utc(void **state) {
  (void)state;
  assert_time("2026-03-14T09:26:53", 1773480413);
  assert_time("2026-03-14T09:26", 1773480360);
  assert_time("2026-03-14", 1773446400);
}

static void test_timeparse__iso_space_separator(void **state) {
  (void)state;
  assert_time("2026-03-14 09:26:53", 1773480413);
  assert_time("2026-03-14 09:26:53Z", 1773480413);
  assert_time("2026-03-14 09:26:53 +02:00", 1773473213);
}

static void test_timeparse__iso_fractions_ignored(void **state) {
  (void)state;
  assert_time("2026-03-14T09:26:53.123Z", 1773480413);
  assert_time("2026-03-14T09:26:53.999999+02:00", 1773473213);
  assert_time("2026-03-14T09:26:53,5", 1773480413);
  assert_time("2026-03-14T09:26:53.000000000", 1773480413);
}

static void test_timeparse__invalid_strings_rejected(void **state) {
  (void)state;
  assert_not_time("");
  assert_not_time("   ");
  assert_not_time("\"\"");
  assert_not_time("yesterday");
  assert_not_time("3 hours ago");
  assert_not_time("12abc");
  assert_not_time("1.2.3");
  assert_not_time("1e9");
  assert_not_time("1234567890123456"); /* 16 digits: out of range */
  assert_not_time("2026/03/14");
  assert_not_time("2026-3-14");
  assert_not_time("2026-13-01");
  assert_not_time("2026-00-10");
  assert_not_time("2026-03-00");
  assert_not_time("2026-03-32");
  assert_not_time("2026-03-14T24:00:00Z");
  assert_not_time("2026-03-14T09:60:00Z");
  assert_not_time("2026-03-14T09:26:61Z");
  assert_not_time("2026-03-14T9:26:53Z");
  assert_not_time("2026-03-14Tfoo");
  assert_not_time("2026-03-14T09:26:53Zjunk");
  assert_not_time("2026-03-14T09:26:53 PST");
  assert_not_time("2026-03-14T09:26:53+");
  assert_not_time("-");
}

/* Regression (was a bug in tm__parse_time, fixed in 851e65b): a cut-off
 * offset "+02:0" was accepted as +02:00. */
static void test_timeparse__truncated_offset_rejected(void **state) {
  (void)state;
  assert_not_time("2026-03-14T09:26:53+02:0");
  assert_not_time("2026-03-14T09:26:53+020");
}

/* Regression (was a bug in tm__parse_time, fixed in 851e65b): the day was
 * not checked against the month, so "2023-02-29" silently became
 * 2023-03-01. */
static void test_timeparse__impossible_day_of_month_rejected(void **state) {
  (void)state;
  assert_not_time("2023-02-29T00:00:00Z"); /* 2023 is not a leap year */
  assert_not_time("2024-02-30");
  assert_not_time("2026-04-31T12:00:00Z");
  assert_not_time("1900-02-29"); /* 1900 is not a leap year */
  assert_time("2024-02-29T12:00:00Z", 1709208000); /* but this one exists */
  assert_time("2000-02-29", 951782400);
}

/* tm__days_from_civil counts days (not seconds) from 1970-01-01. */
static void test_timeparse__days_from_civil(void **state) {
  (void)state;
  assert_int_equal(tm__days_from_civil(1970, 1, 1), 0);
  assert_int_equal(tm__days_from_civil(1969, 12, 31), -1);
  assert_int_equal(tm__days_from_civil(2000, 3, 1), 11017);
  assert_int_equal(tm__days_from_civil(2024, 3, 1), 19783);
  assert_int_equal(tm__days_from_civil(2024, 3, 1) - tm__days_from_civil(2024, 2, 28), 2);
  assert_int_equal(tm__days_from_civil(2023, 3, 1) - tm__days_from_civil(2023, 2, 28), 1);
  assert_int_equal(tm__days_from_civil(1900, 1, 1), -2208988800LL / 86400);
}

static void S_assert_fmt(int64_t t, const char *want) {
  char buf[32];
  memset(buf, 'X', sizeof buf);
  tm__format_time(t, buf);
  if (strcmp(buf, want) != 0)
    print_error("format(%lld) = \"%s\", want \"%s\"\n", (long long)t, buf, want);
  assert_string_equal(buf, want);
}

static void test_timeparse__format_known_values(void **state) {
  (void)state;
  S_assert_fmt(0, "1970-01-01T00:00:00Z");
  S_assert_fmt(1773480413, "2026-03-14T09:26:53Z");
  S_assert_fmt(1709208000, "2024-02-29T12:00:00Z"); /* leap day */
  S_assert_fmt(951782400, "2000-02-29T00:00:00Z");  /* 400-year leap day */
  S_assert_fmt(-1, "1969-12-31T23:59:59Z");
  S_assert_fmt(-86400, "1969-12-31T00:00:00Z");
  S_assert_fmt(-86401, "1969-12-30T23:59:59Z");
  S_assert_fmt(-14182940, "1969-07-20T20:17:40Z");
  S_assert_fmt(-2208988800LL, "1900-01-01T00:00:00Z");
  S_assert_fmt(4102444800LL, "2100-01-01T00:00:00Z");
  S_assert_fmt(253402300799LL, "9999-12-31T23:59:59Z");
  /* the edges of the by-hand path: zero-padded years, and printf's own
   * form for years it does not take (negative, five digits) */
  S_assert_fmt(-62135596800LL, "0001-01-01T00:00:00Z");
  S_assert_fmt(-61851600001LL, "0009-12-31T23:59:59Z");
  S_assert_fmt(-62167219200LL, "0000-01-01T00:00:00Z");
  S_assert_fmt(-62167219201LL, "-001-12-31T23:59:59Z");
  S_assert_fmt(253402300800LL, "10000-01-01T00:00:00Z");
}

/* format then parse gives the same instant, for leap days, pre-1970
 * instants and a sweep over four centuries in irregular steps. */
static void test_timeparse__format_parse_round_trip(void **state) {
  (void)state;
  const int64_t fixed[] = {0, 1, -1, 59, 86399, 86400, -86400, -86401,
                           1709208000, 1709251199, 951782400, -14182940,
                           -2208988800LL, 1773480413, 4102444800LL};
  for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
    char buf[32];
    int64_t back;
    tm__format_time(fixed[i], buf);
    assert_true(tm__parse_time(buf, strlen(buf), &back));
    assert_int_equal(back, fixed[i]);
  }
  /* 1850 .. 2250 in steps of ~1.3 days plus odd seconds */
  for (int64_t t = -3786825600LL; t < 8836128000LL; t += 112233 + 17) {
    char buf[32];
    int64_t back = 0;
    tm__format_time(t, buf);
    if (!tm__parse_time(buf, strlen(buf), &back) || back != t)
      print_error("round trip of %lld via \"%s\" gave %lld\n", (long long)t, buf,
                  (long long)back);
    assert_int_equal(back, t);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_timeparse__epoch_seconds),
      cmocka_unit_test(test_timeparse__float_seconds_truncate),
      cmocka_unit_test(test_timeparse__milliseconds),
      cmocka_unit_test(test_timeparse__iso_utc_z),
      cmocka_unit_test(test_timeparse__iso_offsets),
      cmocka_unit_test(test_timeparse__iso_without_zone_is_utc),
      cmocka_unit_test(test_timeparse__iso_space_separator),
      cmocka_unit_test(test_timeparse__iso_fractions_ignored),
      cmocka_unit_test(test_timeparse__invalid_strings_rejected),
      cmocka_unit_test(test_timeparse__truncated_offset_rejected),
      cmocka_unit_test(test_timeparse__impossible_day_of_month_rejected),
      cmocka_unit_test(test_timeparse__days_from_civil),
      cmocka_unit_test(test_timeparse__format_known_values),
      cmocka_unit_test(test_timeparse__format_parse_round_trip),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
