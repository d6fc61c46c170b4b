/*
 * test_jsonw.c - the JSON writer's number formatting (src/output/jsonw.c):
 * tm__jw_fixed must print the same bytes as snprintf("%.*f") for every
 * value, on its fast path (values with float precision) and off it.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>

#include "helpers.h"
#include "output/jsonw.h"

static void S_same(double v, int decimals) {
  char want[512], got[512];
  int wn = snprintf(want, sizeof want, "%.*f", decimals, v);
  int gn = tm__jw_fixed(got, sizeof got, v, decimals);
  if (wn != gn || strcmp(want, got) != 0)
    fail_msg("%.17g with %d decimals: printf \"%s\", tm__jw_fixed \"%s\"", v, decimals, want, got);
}

/* xorshift64*: a fixed sequence, so a failure reproduces */
static uint64_t S_next(uint64_t *s) {
  *s ^= *s >> 12;
  *s ^= *s << 25;
  *s ^= *s >> 27;
  return *s * 2685821657736338717ull;
}

static void test_jsonw__fixed_edges_match_printf(void **state) {
  (void)state;
  static const double edges[] = {0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 0.00005, -0.00005, 0.00015,
                                 0.00025, -0.00025, 0.0005, 0.0015, 0.0025, 0.9999, 0.99995,
                                 -0.99995, 1.5, 2.5, -2.5, 123456.78125, 1e-30, -1e-30, 1e10,
                                 16777216.0, 16777217.0, 9007199254740991.0, 1e300, -1e300,
                                 DBL_MIN, FLT_MIN, FLT_MAX, -FLT_MAX, FLT_TRUE_MIN, 0.1, 0.2, 0.3,
                                 1.0 / 3, 2.0 / 3, INFINITY, -INFINITY, NAN,
                                 /* exact ties at 3 and 4 decimals: half to even */
                                 0.0625, 0.1875, -0.3125, 0.03125, 0.09375, -0.15625,
                                 0.21875, 0.0078125, 0.0234375};
  for (size_t i = 0; i < sizeof edges / sizeof *edges; i++)
    for (int d = 0; d <= 6; d++) {
      S_same(edges[i], d);
      S_same((double)(float)edges[i], d);
    }
}

/* Every float that is an exact tie at 3 and 4 decimals (k + 1/2) / 10^d
 * cannot be a float except at a few points; test the neighbours of each
 * decimal midpoint instead, where rounding goes one way or the other. */
static void test_jsonw__fixed_midpoints_match_printf(void **state) {
  (void)state;
  for (int d = 3; d <= 4; d++) {
    double scale = d == 3 ? 1000.0 : 10000.0;
    for (int k = -20000; k <= 20000; k++) {
      float mid = (float)((k + 0.5) / scale);
      S_same(mid, d);
      S_same(nextafterf(mid, INFINITY), d);
      S_same(nextafterf(mid, -INFINITY), d);
    }
  }
}

/* Scores are floats in [-1, 1] (and sums a little beyond): every float in
 * a random sample of a few million, and random doubles for the slow path. */
static void test_jsonw__fixed_random_match_printf(void **state) {
  (void)state;
  uint64_t s = 0x9E3779B97F4A7C15ull;
  for (int i = 0; i < 2000000; i++) {
    uint64_t r = S_next(&s);
    float f = (float)((double)(r >> 11) / 9007199254740992.0 * 2.0 - 1.0);
    S_same(f, 3);
    S_same(f, 4);
    if (i % 4 == 0) {
      float big = ldexpf(f, (int)(r & 31)); /* magnitudes up to 2^31 */
      S_same(big, 3);
      S_same(big, 4);
    }
  }
  for (int i = 0; i < 200000; i++) {
    uint64_t r = S_next(&s);
    double v;
    memcpy(&v, &r, sizeof v); /* any bit pattern: subnormals, NaN, huge */
    S_same(v, 3);
    S_same((double)(float)v, 4);
    S_same((double)(r >> 11) / 9007199254740992.0 - 0.5, 4);
  }
}

/* Every float in [-1, 1] at a coarse stride, both precisions. */
static void test_jsonw__fixed_unit_interval_sweep(void **state) {
  (void)state;
  for (uint32_t bits = 0; bits <= 0x3F800000u; bits += 997) {
    float f;
    memcpy(&f, &bits, sizeof f);
    S_same(f, 3);
    S_same(f, 4);
    S_same(-f, 3);
    S_same(-f, 4);
  }
}

/* tm__jw_num keeps its own rule: a value that rounds to zero prints
 * without a sign. */
static void test_jsonw__num_negative_zero_prints_unsigned(void **state) {
  (void)state;
  tmt_mem m;
  memset(&m, 0, sizeof m);
  tm_jsonw w;
  tm__jw_init(&w, tmt_mem_write, &m, 0);
  tm__jw_arr(&w);
  tm__jw_num(&w, -0.00004f, 4);
  tm__jw_num(&w, -0.0, 3);
  tm__jw_num(&w, -0.25f, 3);
  tm__jw_num(&w, 0.12345f, 4);
  tm__jw_num(&w, NAN, 3);
  tm__jw_arr_end(&w);
  assert_int_equal(tm__jw_finish(&w), TM_OK);
  assert_string_equal(m.ptr, "[0.0000,0.000,-0.250,0.1235,0.000]");
  free(m.ptr);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_jsonw__fixed_edges_match_printf),
      cmocka_unit_test(test_jsonw__fixed_midpoints_match_printf),
      cmocka_unit_test(test_jsonw__fixed_random_match_printf),
      cmocka_unit_test(test_jsonw__fixed_unit_interval_sweep),
      cmocka_unit_test(test_jsonw__num_negative_zero_prints_unsigned),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
