/*
 * test_ndjson_scan.c - the NDJSON record fast path (src/input/ndjson_scan.c).
 *
 * The scanner must read a record exactly as cJSON + tm__ndjson_record do,
 * or decline so that cJSON reads it (and reports the error).  Every test
 * here compares the two on the same line; a mutation sweep over real-shaped
 * records checks that no damaged line is read differently.
 */
#include <cjson/cJSON.h>

#include "helpers.h"
#include "input/json.h"
#include "input/record.h"

/* What cJSON reads: the record, and story_id/story as item.c reads them. */
typedef struct {
  int ok;
  tm_record r;
  tm_ndjson_nums nb;
  char story[64];
  int has_story;
  char f[TM_RF_COUNT][2048];
} S_want;

static void S_cjson(const char *line, size_t n, S_want *w) {
  memset(w, 0, sizeof *w);
  const char *stop = NULL;
  cJSON *obj = cJSON_ParseWithLengthOpts(line, n, &stop, 0);
  if (!obj || (stop && stop < line + n) || !cJSON_IsObject(obj)) {
    cJSON_Delete(obj);
    return;
  }
  w->ok = 1;
  tm__ndjson_record(obj, &w->r, &w->nb, 7, 3);
  for (int k = 0; k < TM_RF_COUNT; k++)
    if (w->r.f[k]) {
      assert_true(w->r.len[k] < sizeof w->f[k]);
      memcpy(w->f[k], w->r.f[k], w->r.len[k]);
    }
  char tmp[32];
  size_t sl = 0;
  const char *s = tm__json_str(obj, "story_id", tmp, &sl);
  if (!s) s = tm__json_str(obj, "story", tmp, &sl);
  if (s) {
    assert_true(sl < sizeof w->story);
    memcpy(w->story, s, sl);
    w->has_story = 1;
  }
  cJSON_Delete(obj);
}

/* Scan the line; when the scanner reads it, it must agree with cJSON.
 * Returns 1 when the scanner read it. */
static int S_check(const char *line, size_t n, tm_ndjson_scan *sc) {
  S_want w;
  S_cjson(line, n, &w);
  tm_record r;
  tm_ndjson_nums nb;
  int got = tm__ndjson_scan(line, n, &r, &nb, sc, 7, 3);
  if (!got) return 0;
  if (!w.ok) fail_msg("scanner read a line cJSON rejects: %.*s", (int)n, line);
  assert_int_equal(r.line, 7);
  assert_int_equal(r.col, 3);
  assert_int_equal(r.reddit, w.r.reddit);
  for (int k = 0; k < TM_RF_COUNT; k++) {
    if (!w.r.f[k]) {
      if (r.f[k]) fail_msg("field %d: scanner \"%s\", cJSON none, in %.*s", k, r.f[k], (int)n, line);
      continue;
    }
    if (!r.f[k]) fail_msg("field %d: scanner none, cJSON \"%s\", in %.*s", k, w.f[k], (int)n, line);
    assert_int_equal(r.len[k], w.r.len[k]);
    assert_memory_equal(r.f[k], w.f[k], r.len[k]);
    assert_int_equal(r.f[k][r.len[k]], '\0'); /* NUL-terminated, as cJSON's */
  }
  const char *s = sc->story_id ? sc->story_id : sc->story;
  size_t sl = sc->story_id ? sc->story_id_len : sc->story_len;
  assert_int_equal(s != NULL, w.has_story);
  if (s) {
    assert_int_equal(sl, strlen(w.story));
    assert_memory_equal(s, w.story, sl);
  }
  return 1;
}

#define S_READS(lit) assert_int_equal(S_check(lit, TMT_LEN(lit), &sc), 1)
#define S_DECLINES(lit) assert_int_equal(S_check(lit, TMT_LEN(lit), &sc), 0)

static const char S_reddit[] =
    "{\"all_awardings\":[{\"coin_price\":100,\"name\":\"Silver\",\"tiers\":[],\"x\":{\"y\":[1,2.5e3,-0.5,true,null]}}],"
    "\"author\":\"user_8675\",\"author_flair_text\":null,"
    "\"body\":\"Sure, but \\\"quoted\\\" \\\\ back\\/slash\\n&gt; quote\\ttab caf\\u00e9 \\u20ac \\u0041\","
    "\"controversiality\":0,\"created_utc\":1700000000,\"distinguished\":null,\"edited\":false,"
    "\"gilded\":0,\"id\":\"rkag8ao\",\"link_id\":\"t3_5ydow\",\"parent_id\":\"t1_abc\","
    "\"permalink\":\"/r/programming/comments/5ydow/_/rkag8ao/\",\"retrieved_on\":1702592000,"
    "\"score\":-312,\"stickied\":false,\"subreddit\":\"programming\",\"subreddit_id\":\"t5_2qh1\"}";

static void test_ndjson_scan__reddit_record_reads_as_cjson(void **state) {
  (void)state;
  tm_ndjson_scan sc;
  memset(&sc, 0, sizeof sc);
  assert_int_equal(S_check(S_reddit, TMT_LEN(S_reddit), &sc), 1);
  tm_record r;
  tm_ndjson_nums nb;
  assert_int_equal(tm__ndjson_scan(S_reddit, TMT_LEN(S_reddit), &r, &nb, &sc, 1, 1), 1);
  assert_string_equal(r.f[TM_RF_TEXT], "Sure, but \"quoted\" \\ back/slash\n&gt; quote\ttab caf\xC3\xA9 \xE2\x82\xAC A");
  assert_string_equal(r.f[TM_RF_SCORE], "-312");
  assert_string_equal(r.f[TM_RF_TIME], "1700000000");
  assert_string_equal(r.f[TM_RF_LINK], "t3_5ydow");
  assert_true(r.reddit);
  tm_buf_free(&sc.str);
}

static void test_ndjson_scan__field_kinds_read_as_cjson(void **state) {
  (void)state;
  tm_ndjson_scan sc;
  memset(&sc, 0, sizeof sc);
  S_READS("{}");
  S_READS("{ }");
  S_READS("{\"id\":\"\"}");                        /* empty string: present */
  S_READS("{\"id\":null,\"author\":\"a\"}");       /* null: absent */
  S_READS("{\"deleted\":true,\"id\":1}");          /* bool and number fields */
  S_READS("{\"deleted\":false,\"id\":-0}");
  S_READS("{\"id\":999999999999999}");             /* 15 digits */
  S_READS("{\"Body\":\"case\",\"ID\":\"x\"}");     /* names in any case */
  S_READS("{\"text\":{\"a\":1},\"id\":[1,[2,[3]]]}"); /* objects: absent */
  S_READS("{\"story_id\":12345,\"by\":\"pg\",\"time\":1160418111}"); /* HN dump */
  S_READS("{\"story\":\"t3_abc\",\"id\":\"c\"}");
  S_READS("{\"story_id\":null,\"story\":77}");
  S_READS("{\"story_id\":true,\"story\":\"s\"}");
  S_READS("{\"subreddit\":null}");
  S_READS("{\t\"id\" : \"a\" ,\r\n \"x\" : [ ] , \"y\" : { } }");
  S_READS("{\"x\":1.5,\"y\":-2e-3,\"z\":0.0,\"w\":1E+10,\"v\":\"\\ud7ff\\ue000\\uFFFF\"}");
  S_READS("{\"text\":\"raw UTF-8: caf\xC3\xA9 \xF0\x9F\x9A\x80\"}");
  tm_buf_free(&sc.str);
}

/* Lines the scanner leaves to cJSON: errors, and what cJSON reads its own
 * way.  Each must be declined, whatever cJSON then makes of it. */
static void test_ndjson_scan__declines_what_it_does_not_read_like_cjson(void **state) {
  (void)state;
  tm_ndjson_scan sc;
  memset(&sc, 0, sizeof sc);
  S_DECLINES("");
  S_DECLINES("[1]");
  S_DECLINES("{");
  S_DECLINES("{\"id\":\"a\"");                   /* cut off */
  S_DECLINES("{\"id\":\"a}");
  S_DECLINES("{\"id\":\"a\",}");                  /* trailing comma */
  S_DECLINES("{\"id\" \"a\"}");
  S_DECLINES("{\"id\":\"a\"} x");                 /* text after */
  S_DECLINES("{\"id\":\"a\"}{}");
  S_DECLINES("{\"id\":tru}");
  S_DECLINES("{\"id\":nul}");
  S_DECLINES("{\"id\":01}");                      /* cJSON reads 1 */
  S_DECLINES("{\"x\":+1}");
  S_DECLINES("{\"x\":1.}");
  S_DECLINES("{\"x\":.5}");
  S_DECLINES("{\"x\":1e}");
  S_DECLINES("{\"x\":[1,]}");
  S_DECLINES("{\"x\":{\"a\"}}");
  S_DECLINES("{\"x\":{1:2}}");
  S_DECLINES("{\"x\":\"\\q\"}");                  /* bad escape */
  S_DECLINES("{\"x\":\"\\u12\"}");
  S_DECLINES("{\"x\":\"\\u0000\"}");              /* NUL: cJSON cuts the string */
  S_DECLINES("{\"x\":\"\\ud83d\\ude80\"}");       /* surrogates: cJSON's checks */
  S_DECLINES("{\"x\":\"\\udc00\"}");
  S_DECLINES("{\"x\":\"tab\there\"}");            /* raw control byte */
  S_DECLINES("{\"i\\u0064\":\"a\"}");             /* escaped key */
  S_DECLINES("{\"id\":\"a\",\"id\":\"b\"}");      /* a field twice */
  S_DECLINES("{\"id\":null,\"ID\":\"b\"}");
  S_DECLINES("{\"story\":1,\"story\":2}");
  S_DECLINES("{\"score\":1.5}");                  /* non-integers: strtod's text */
  S_DECLINES("{\"score\":1e3}");
  S_DECLINES("{\"id\":1234567890123456}");        /* 16 digits */
  S_DECLINES("{\"x\":1234567890123456789012345678901234567890123456789012345678901234}");
  S_DECLINES("{\x0b\"id\":\"a\"}");               /* cJSON's wider white space */
  /* nesting deeper than the scanner follows */
  char deep[300];
  size_t n = 0;
  n += (size_t)snprintf(deep, sizeof deep, "{\"x\":");
  for (int i = 0; i < 70; i++) deep[n++] = '[';
  for (int i = 0; i < 70; i++) deep[n++] = ']';
  deep[n++] = '}';
  assert_int_equal(S_check(deep, n, &sc), 0);
  tm_buf_free(&sc.str);
}

/* Every single-byte change (deletion, and replacement by one of the bytes
 * JSON cares about) of real-shaped records: whatever the scanner reads,
 * cJSON reads the same. */
static void test_ndjson_scan__mutations_never_read_differently(void **state) {
  (void)state;
  static const char *lines[] = {
      S_reddit,
      "{\"by\":\"dang\",\"id\":8863,\"kids\":[8952,9224],\"parent\":8862,\"text\":\"Hi &amp; <i>x</i>\","
      "\"time\":1175714200,\"type\":\"comment\",\"story_id\":8863}",
      "{\"id\":\"a\",\"parent\":null,\"title\":\"T\\u00e9\",\"score\":5,\"deleted\":false}",
  };
  static const char subst[] = "{}[]\":,\\ntfu0-.eE19 \t";
  tm_ndjson_scan sc;
  memset(&sc, 0, sizeof sc);
  char buf[2048];
  size_t reads = 0;
  for (size_t l = 0; l < sizeof lines / sizeof *lines; l++) {
    size_t n = strlen(lines[l]);
    assert_true(n < sizeof buf);
    reads += (size_t)S_check(lines[l], n, &sc);
    for (size_t i = 0; i < n; i++) {
      memcpy(buf, lines[l], i);
      memcpy(buf + i, lines[l] + i + 1, n - i - 1);
      reads += (size_t)S_check(buf, n - 1, &sc);
      for (size_t k = 0; k < sizeof subst - 1; k++) {
        memcpy(buf, lines[l], n);
        buf[i] = subst[k];
        reads += (size_t)S_check(buf, n, &sc);
      }
    }
  }
  assert_true(reads > 1000); /* the sweep exercised the read path too */
  tm_buf_free(&sc.str);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_ndjson_scan__reddit_record_reads_as_cjson),
      cmocka_unit_test(test_ndjson_scan__field_kinds_read_as_cjson),
      cmocka_unit_test(test_ndjson_scan__declines_what_it_does_not_read_like_cjson),
      cmocka_unit_test(test_ndjson_scan__mutations_never_read_differently),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
