/*
 * test_report.c - escaping of hostile text, the SVG chart code (parsed
 * back with libxml2: well-formed, the right marks, hollow small-n points,
 * stacked heights), the interval formulas against published values, and
 * whole reports and comparisons written from threads with hostile input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>

#include "helpers.h"
#include "report/report.h"
#include "text/utf8.h"
#include "util/buf.h"

/* ------------------------------------------------------------- escaping */

static void test_esc__html_neutralizes_markup_quotes_and_bad_utf8(void **state) {
  (void)state;
  tm_buf b = TM_BUF_INIT;
  static const char in[] = "<script>alert('x')</script> \"q\" & \xff\xc0\xaf bell\x07 caf\xc3\xa9\n";
  assert_int_equal(tm__esc_html(&b, in, TMT_LEN(in)), TM_OK);
  assert_string_equal(b.ptr,
                      "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot;q&quot; &amp; "
                      "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD bell caf\xc3\xa9\n");
  assert_true(tm__utf8_valid(b.ptr, b.len));
  tm_buf_free(&b);
}

static void test_esc__html_keeps_embedded_nul_out(void **state) {
  (void)state;
  tm_buf b = TM_BUF_INIT;
  static const char in[] = "a\0<b>";
  assert_int_equal(tm__esc_html(&b, in, TMT_LEN(in)), TM_OK);
  assert_int_equal(b.len, strlen(b.ptr)); /* no NUL inside */
  assert_string_equal(b.ptr, "a&lt;b&gt;");
  tm_buf_free(&b);
}

static void test_esc__markdown_escapes_syntax_and_html(void **state) {
  (void)state;
  tm_buf b = TM_BUF_INIT;
  static const char in[] = "*bold* | [x](javascript:1) <img src=x>\n#h `c` \xfe";
  assert_int_equal(tm__esc_md(&b, in, TMT_LEN(in)), TM_OK);
  assert_string_equal(b.ptr, "\\*bold\\* \\| \\[x\\](javascript:1) &lt;img src=x&gt; \\#h \\`c\\` \xEF\xBF\xBD");
  tm_buf_free(&b);
}

static void test_esc__csv_quotes_when_needed(void **state) {
  (void)state;
  tm_buf b = TM_BUF_INIT;
  assert_int_equal(tm__esc_csv(&b, "plain"), TM_OK);
  assert_int_equal(tm_buf_putc(&b, '|'), TM_OK);
  assert_int_equal(tm__esc_csv(&b, "a,\"b\"\nc"), TM_OK);
  assert_string_equal(b.ptr, "plain|\"a,\"\"b\"\"\nc\"");
  tm_buf_free(&b);
}

static void test_esc__excerpt_cuts_at_a_word_and_never_inside_a_character(void **state) {
  (void)state;
  tm_buf b = TM_BUF_INIT;
  static const char in[] = "  one two   three\nfour five six seven eight nine ten";
  assert_int_equal(tm__excerpt(&b, in, TMT_LEN(in), 20, 1), TM_OK);
  assert_string_equal(b.ptr, "one two three four\xE2\x80\xA6");
  tm_buf_reset(&b);
  /* forty 3-byte characters without spaces: the cut lands on a boundary */
  char cjk[121];
  for (int i = 0; i < 40; i++) memcpy(cjk + 3 * i, "\xE6\x97\xA5", 3);
  cjk[120] = '\0';
  assert_int_equal(tm__excerpt(&b, cjk, 120, 31, 1), TM_OK);
  assert_true(tm__utf8_valid(b.ptr, b.len));
  assert_true(b.len < 40);
  tm_buf_reset(&b);
  assert_int_equal(tm__excerpt(&b, "short <b>", 9, 50, 1), TM_OK);
  assert_string_equal(b.ptr, "short &lt;b&gt;");
  tm_buf_free(&b);
}

/* --------------------------------------------------------------- charts */

static xmlDocPtr S_xml(const tm_buf *b) {
  xmlDocPtr d = xmlReadMemory(b->ptr, (int)b->len, "chart.svg", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  assert_non_null(d); /* well-formed */
  return d;
}

/* count elements named `name`, optionally with attribute attr=value */
static int S_count(xmlNodePtr n, const char *name, const char *attr, const char *value) {
  int k = 0;
  for (; n; n = n->next) {
    if (n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name)) {
      if (!attr) k++;
      else {
        xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
        if (v && !strcmp((const char *)v, value)) k++;
        xmlFree(v);
      }
    }
    k += S_count(n->children, name, attr, value);
  }
  return k;
}

/* concatenated text of every <text> element */
static void S_texts(xmlNodePtr n, tm_buf *out) {
  for (; n; n = n->next) {
    if (n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, "text")) {
      xmlChar *c = xmlNodeGetContent(n);
      tm_buf_puts(out, (const char *)c);
      tm_buf_putc(out, '|');
      xmlFree(c);
    }
    S_texts(n->children, out);
  }
}

static void test_svg__lines_mark_small_samples_hollow_and_escape_names(void **state) {
  (void)state;
  tm__pt a[3] = {{0.5, 0.2, 0.1, 0.3, 40}, {1.5, -0.4, NAN, NAN, 2}, {2.5, 0.6, 0.5, 0.7, 12}};
  tm__pt b2[2] = {{0.5, -0.1, NAN, NAN, 3}, {1.5, 0.0, NAN, NAN, 9}};
  tm__series se[2] = {{"<b>HN</b> & co", "#0072B2", a, 3}, {"Reddit", "#E69F00", b2, 2}};
  tm__chart c;
  memset(&c, 0, sizeof c);
  c.title = "Sentiment \"over\" time";
  c.xlabel = "hours";
  c.ylabel = "mean";
  c.xmin = 0, c.xmax = 3;
  c.series = se;
  c.nseries = 2;
  c.small_n = 5;
  c.show_n = 1;
  c.yref_on = 1;
  c.note = "a note";
  tm_buf b = TM_BUF_INIT;
  assert_int_equal(tm__svg_lines(&b, &c), TM_OK);
  xmlDocPtr d = S_xml(&b);
  xmlNodePtr root = xmlDocGetRootElement(d);
  assert_string_equal((const char *)root->name, "svg");
  /* 5 data points + 1 hollow legend marker; small ones (n 2 and 3) hollow */
  assert_int_equal(S_count(root, "circle", NULL, NULL), 6);
  assert_int_equal(S_count(root, "circle", "fill", "#fff"), 3);
  assert_int_equal(S_count(root, "polyline", NULL, NULL), 2);
  /* whiskers for the two points with intervals, the zero line dashed */
  assert_int_equal(S_count(root, "line", "stroke-opacity", "0.55"), 2);
  assert_int_equal(S_count(root, "line", "stroke-dasharray", "4 3"), 1);
  tm_buf t = TM_BUF_INIT;
  S_texts(root, &t);
  assert_non_null(strstr(t.ptr, "|<b>HN</b> & co|")); /* the name survived as text, not markup */
  assert_non_null(strstr(t.ptr, "Sentiment \"over\" time|"));
  assert_non_null(strstr(t.ptr, "|40|"));               /* n per point */
  assert_non_null(strstr(t.ptr, "n < 5 (small sample)|"));
  assert_non_null(strstr(t.ptr, "|hours|"));
  assert_null(strstr(b.ptr, "<b>"));
  tm_buf_free(&t);
  xmlFreeDoc(d);
  tm_buf_free(&b);
}

static double S_attr(xmlNodePtr n, const char *a) {
  xmlChar *v = xmlGetProp(n, (const xmlChar *)a);
  double x = v ? atof((const char *)v) : NAN;
  xmlFree(v);
  return x;
}

static void test_svg__stacked_bars_fill_the_axis(void **state) {
  (void)state;
  const char *cats[2] = {"A", "B"};
  const char *names[3] = {"positive", "neutral", "negative"};
  const char *colors[3] = {TM_COLOR_POS, TM_COLOR_NEU, TM_COLOR_NEG};
  double v[6] = {0.5, 0.3, 0.2, 0.1, 0.1, 0.8};
  size_t n[2] = {100, 7};
  tm__bars c;
  memset(&c, 0, sizeof c);
  c.title = "shares";
  c.cats = cats;
  c.ncats = 2;
  c.names = names;
  c.colors = colors;
  c.nseries = 3;
  c.v = v;
  c.n = n;
  c.small_n = 30;
  c.stacked = 1;
  c.percent = 1;
  c.ymin = 0, c.ymax = 1;
  tm_buf b = TM_BUF_INIT;
  assert_int_equal(tm__svg_bars(&b, &c), TM_OK);
  xmlDocPtr d = S_xml(&b);
  xmlNodePtr root = xmlDocGetRootElement(d);
  /* per group the three segments stack to the whole plot height */
  double total[2] = {0, 0}, xs[2] = {-1, -1};
  int segs = 0;
  for (xmlNodePtr r = root->children; r; r = r->next) {
    if (r->type != XML_ELEMENT_NODE || strcmp((const char *)r->name, "rect")) continue;
    if (!r->children) continue; /* background and legend swatches have no <title> */
    double x = S_attr(r, "x"), h = S_attr(r, "height");
    int g = xs[0] < 0 || fabs(xs[0] - x) < 0.01 ? 0 : 1;
    xs[g] = x;
    total[g] += h;
    segs++;
  }
  assert_int_equal(segs, 6);
  assert_true(fabs(total[0] - total[1]) < 0.5);
  assert_true(total[0] > 100);
  /* group B rests on 7 comments: pale and labelled small */
  assert_int_equal(S_count(root, "rect", "fill-opacity", "0.55"), 3);
  tm_buf t = TM_BUF_INIT;
  S_texts(root, &t);
  assert_non_null(strstr(t.ptr, "n = 7 (small)"));
  assert_non_null(strstr(t.ptr, "n = 100|"));
  assert_non_null(strstr(t.ptr, "|80%|")); /* B's negative share labelled */
  assert_non_null(strstr(t.ptr, "|100%|"));
  tm_buf_free(&t);
  xmlFreeDoc(d);
  tm_buf_free(&b);
}

static void test_svg__nice_steps(void **state) {
  (void)state;
  assert_true(fabs(tm__nice_step(1.0, 5) - 0.2) < 1e-9);
  assert_true(fabs(tm__nice_step(24, 8) - 2) < 1e-9);   /* not 2.5 on an hour axis */
  assert_true(fabs(tm__nice_step(0.9, 5) - 0.2) < 1e-9);
  assert_true(fabs(tm__nice_step(1.3, 5) - 0.25) < 1e-9);
  assert_true(fabs(tm__nice_step(1000, 5) - 200) < 1e-9);
}

/* ------------------------------------------------------------ statistics */

static void test_stats__wilson_and_mean_intervals(void **state) {
  (void)state;
  double lo, hi, m;
  /* Wilson 95% for 5/10: 0.2366 .. 0.7634 (Newcombe 1998, table I) */
  tm__wilson(5, 10, &lo, &hi);
  assert_true(fabs(lo - 0.2366) < 5e-4 && fabs(hi - 0.7634) < 5e-4);
  /* 0/10: 0 .. 0.2775 */
  tm__wilson(0, 10, &lo, &hi);
  assert_true(lo == 0 && fabs(hi - 0.2775) < 5e-4);
  tm__wilson(0, 0, &lo, &hi);
  assert_true(lo == 0 && hi == 1);
  /* values 1, 2, 3, 4: mean 2.5, sd 1.291, se 0.6455 */
  tm__mean_ci(10, 30, 4, &m, &lo, &hi);
  assert_true(fabs(m - 2.5) < 1e-9 && fabs(lo - (2.5 - 1.959964 * 0.645497)) < 1e-4);
  tm__mean_ci(3, 9, 1, &m, &lo, &hi);
  assert_true(isnan(lo) && isnan(hi));
}

static void test_stats__controversy_and_its_bootstrap(void **state) {
  (void)state;
  assert_true(fabs(tm__controversy(5, 5, 0, 10) - 1.0) < 1e-9);
  assert_true(fabs(tm__controversy(10, 0, 0, 10)) < 1e-9);
  assert_true(fabs(tm__controversy(2, 2, 0, 8) - 0.5) < 1e-9); /* half the replies take sides */
  tm__tsum s;
  memset(&s, 0, sizeof s);
  s.rated = 60, s.agree = 12, s.disagree = 23, s.mixed = 6, s.neutral = 19;
  double c = tm__controversy(12, 23, 6, 60), lo, hi, lo2, hi2;
  tm__controversy_ci(&s, &lo, &hi);
  tm__controversy_ci(&s, &lo2, &hi2);
  assert_true(lo < c && c < hi);
  assert_true(lo == lo2 && hi == hi2); /* fixed seed: reproducible */
  assert_true(hi - lo > 0.05 && hi - lo < 0.6);
}

/* --------------------------------------------------------- whole reports */

static const char S_hostile_csv[] =
    "id,parent,author,time,text,title\n"
    "1,,<script>alert(1)</script>,2026-01-01T10:00:00Z,\"I love it. \"\"Great\"\" work <img src=x onerror=alert(2)>\",\"<b>T</b> & \"\"x\"\"\"\n"
    "2,1,\"mallory\"\"\",2026-01-01T10:05:00Z,\"That's just wrong. Terrible idea \xff\xfe and </details></summary>\"\n"
    "3,2,alice,2026-01-01T11:00:00Z,\"Exactly, I agree. Wonderful. </script><script>alert(3)</script>\"\n";

static char *S_slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *p = malloc((size_t)n + 1);
  assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
  p[n] = '\0';
  fclose(f);
  *len = (size_t)n;
  return p;
}

static size_t S_occurrences(const char *hay, const char *needle) {
  size_t k = 0;
  for (const char *p = hay; (p = strstr(p, needle)); p++) k++;
  return k;
}

static void test_report__hostile_thread_stays_text(void **state) {
  (void)state;
  tm_thread *t = tmt_parse_fmt(S_hostile_csv, TM_FMT_CSV);
  tm_lexicon *lex = NULL;
  tm_error err = {0};
  assert_int_equal(tm_lexicon_default(&lex, &err), TM_OK);
  tm_scores *s = NULL;
  assert_int_equal(tm_thread_score(&s, t, lex, NULL, TM_SCORE_EXPLAIN), TM_OK);
  char dir[] = "/tmp/tm-report-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char html[128], md[128], svg[160];
  snprintf(html, sizeof html, "%s/r.html", dir);
  snprintf(md, sizeof md, "%s/r.md", dir);
  tm_report_options o = TM_REPORT_OPTIONS_INIT;
  o.source = "<evil>.csv";
  assert_int_equal(tm_report_write(t, s, &o, html, &err), TM_OK);
  size_t len;
  char *p = S_slurp(html, &len);
  assert_true(tm__utf8_valid(p, len));
  /* exactly our one script element; none of the input's tags survive */
  assert_int_equal(S_occurrences(p, "<script"), 1);
  assert_int_equal(S_occurrences(p, "</script>"), 1);
  assert_null(strstr(p, "<img"));
  assert_null(strstr(p, "<b>T</b>"));
  assert_null(strstr(p, "<evil>"));
  assert_non_null(strstr(p, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  assert_non_null(strstr(p, "&lt;/details&gt;&lt;/summary&gt;"));
  assert_non_null(strstr(p, "mallory&quot;"));
  /* the tree's <details> balance: the input's tags did not close ours */
  assert_int_equal(S_occurrences(p, "<details"), S_occurrences(p, "</details>"));
  /* no fetch is possible: a CSP forbids it, and nothing points outside */
  assert_non_null(strstr(p, "default-src 'none'"));
  assert_null(strstr(p, "src=\"http"));
  assert_null(strstr(p, "<link rel=\"stylesheet"));
  /* explanations on demand */
  assert_non_null(strstr(p, "why these scores?"));
  assert_non_null(strstr(p, "&ldquo;Wonderful&rdquo;"));
  free(p);
  /* Markdown: the same, with its SVGs beside it */
  assert_int_equal(tm_report_write(t, s, &o, md, &err), TM_OK);
  p = S_slurp(md, &len);
  assert_true(tm__utf8_valid(p, len));
  assert_null(strstr(p, "<script"));
  assert_null(strstr(p, "<img"));
  assert_non_null(strstr(p, "(r_files/sentiment_depth.svg)"));
  free(p);
  snprintf(svg, sizeof svg, "%s/r_files/sentiment_depth.svg", dir);
  struct stat st;
  assert_int_equal(stat(svg, &st), 0);
  snprintf(svg, sizeof svg, "%s/r_files/sentiment_time.svg", dir);
  assert_int_equal(stat(svg, &st), 0);
  /* clean up */
  const char *files[] = {"r.html", "r.md", "r_files/argument.svg", "r_files/sentiment_time.svg",
                         "r_files/sentiment_depth.svg", "r_files", NULL};
  for (int k = 0; files[k]; k++) {
    snprintf(svg, sizeof svg, "%s/%s", dir, files[k]);
    remove(svg);
  }
  rmdir(dir);
  tm_scores_free(s);
  tm_lexicon_free(lex);
  tm_thread_free(t);
}

static void test_report__unwritable_path_is_an_io_error(void **state) {
  (void)state;
  tm_thread *t = tmt_parse_fmt(S_hostile_csv, TM_FMT_CSV);
  tm_lexicon *lex = NULL;
  tm_error err = {0};
  assert_int_equal(tm_lexicon_default(&lex, &err), TM_OK);
  tm_scores *s = NULL;
  assert_int_equal(tm_thread_score(&s, t, lex, NULL, 0), TM_OK);
  memset(&err, 0, sizeof err);
  assert_int_equal(tm_report_write(t, s, NULL, "/nonexistent-dir/r.html", &err), TM_EIO);
  assert_true(err.msg[0] != '\0');
  memset(&err, 0, sizeof err);
  assert_int_equal(tm_report_write(t, s, NULL, "/nonexistent-dir/r.md", &err), TM_EIO);
  tm_scores_free(s);
  tm_lexicon_free(lex);
  tm_thread_free(t);
}

/* a thread summarized in memory and from its `score` JSON agree */
static int S_mem(const char *d, size_t n, void *p) { return tm_buf_put(p, d, n) ? -1 : 0; }

static void test_compare__scored_json_matches_the_thread(void **state) {
  (void)state;
  tm_thread *t = NULL;
  tm_error err = {0};
  assert_int_equal(tm_thread_parse_file(&t, TM_SAMPLES_DIR "/hn_orca_launch.html", NULL, &err), TM_OK);
  tm_lexicon *lex = NULL;
  assert_int_equal(tm_lexicon_default(&lex, &err), TM_OK);
  tm_targets *tg = NULL;
  assert_int_equal(tm_targets_new(&tg), TM_OK);
  assert_int_equal(tm_targets_add(tg, "Orca=Orca,Orca-2", &err), TM_OK);
  tm_scores *s = NULL;
  assert_int_equal(tm_thread_score(&s, t, lex, tg, 0), TM_OK);
  tm_buf json = TM_BUF_INIT;
  assert_int_equal(tm_write_json_scored(t, s, 0, S_mem, &json), TM_OK);
  assert_true(tm_compare_is_scored(json.ptr, json.len));
  assert_false(tm_compare_is_scored("[{\"kind\":\"Listing\"}]", 20));
  tm__tsum a, b;
  assert_int_equal(tm__tsum_from_thread(&a, t, s), TM_OK);
  assert_int_equal(tm__tsum_from_json(&b, json.ptr, json.len, "x.json", &err), TM_OK);
  assert_int_equal(a.n, 63);
  assert_int_equal(a.n, b.n);
  assert_int_equal(a.participants, b.participants);
  assert_int_equal(a.max_depth, b.max_depth);
  assert_int_equal(a.scored, b.scored);
  assert_int_equal(a.pos, b.pos);
  assert_int_equal(a.neg, b.neg);
  assert_int_equal(a.rated, b.rated);
  assert_int_equal(a.disagree, b.disagree);
  assert_int_equal(a.mixed, b.mixed);
  assert_int_equal(a.t0, b.t0);
  assert_true(fabs(a.controversy - b.controversy) < 1e-9);
  assert_true(fabs(a.sum - b.sum) < 0.01); /* JSON rounds compounds to 4 places */
  assert_int_equal(a.ntargets, 1);
  assert_int_equal(b.ntargets, 1);
  assert_int_equal(a.targets[0].comments, b.targets[0].comments);
  /* the measures of the library itself */
  tm_measures m;
  assert_int_equal(tm_thread_measures(t, s, &m), TM_OK);
  assert_int_equal(a.rated, m.rated);
  assert_int_equal(a.neg, m.negative);
  assert_true(fabs(a.disagreement_rate - m.disagreement_rate) < 1e-6);
  tm__tsum_free(&a);
  tm__tsum_free(&b);
  /* malformed and foreign documents are errors with a position or reason */
  memset(&err, 0, sizeof err);
  static const char trunc[] = "{\"threadmap\":\"0.1\",\"comments\":[";
  assert_int_equal(tm__tsum_from_json(&b, trunc, TMT_LEN(trunc), "x.json", &err), TM_EPARSE);
  assert_true(err.line >= 1);
  memset(&err, 0, sizeof err);
  static const char unscored[] = "{\"threadmap\":\"0.1\",\"comments\":[{\"id\":\"1\"}]}";
  assert_int_equal(tm__tsum_from_json(&b, unscored, TMT_LEN(unscored), "x.json", &err), TM_EFORMAT);
  assert_non_null(strstr(err.msg, "sentiment"));
  tm_buf_free(&json);
  tm_scores_free(s);
  tm_targets_free(tg);
  tm_lexicon_free(lex);
  tm_thread_free(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_esc__html_neutralizes_markup_quotes_and_bad_utf8),
      cmocka_unit_test(test_esc__html_keeps_embedded_nul_out),
      cmocka_unit_test(test_esc__markdown_escapes_syntax_and_html),
      cmocka_unit_test(test_esc__csv_quotes_when_needed),
      cmocka_unit_test(test_esc__excerpt_cuts_at_a_word_and_never_inside_a_character),
      cmocka_unit_test(test_svg__lines_mark_small_samples_hollow_and_escape_names),
      cmocka_unit_test(test_svg__stacked_bars_fill_the_axis),
      cmocka_unit_test(test_svg__nice_steps),
      cmocka_unit_test(test_stats__wilson_and_mean_intervals),
      cmocka_unit_test(test_stats__controversy_and_its_bootstrap),
      cmocka_unit_test(test_report__hostile_thread_stays_text),
      cmocka_unit_test(test_report__unwritable_path_is_an_io_error),
      cmocka_unit_test(test_compare__scored_json_matches_the_thread),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
