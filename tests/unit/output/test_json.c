/*
 * test_json.c - JSON and NDJSON export (src/output/export_json.c,
 * jsonw.c), written into memory and read back with cJSON.
 */
#include <cjson/cJSON.h>

#include "helpers.h"
#include "thread/thread.h"

/* A small CSV thread: a story row, a reply with quotes, newlines, a tab, a
 * backslash, control characters and non-ASCII text, a nested reply with a
 * quote and code, a deleted comment and an orphan. */
static const char S_csv[] =
    "id,parent,author,time,text,title,score\n"
    "s1,,op,2026-03-14T08:00:00Z,,Launch: Orca-2,412\n"
    "a,s1,alice,2026-03-14T08:12:02Z,\"She said \"\"no\"\"\n"
    "line2\ttab \\ back \x01\x1f\x7f caf\xC3\xA9 \xF0\x9F\x9A\x80\",,5\n"
    "b,a,bob,1773476650,\"> She said no\n\nrun `make`\",,\n"
    "c,a,[deleted],2026-03-14T08:30:00Z,[deleted],,\n"
    "o,gone,olga,,orphaned reply,,-3\n";

static tm_thread *S_thread(void) { return tmt_parse(S_csv); }

static char *S_json(const tm_thread *t, unsigned flags) {
  tmt_mem m;
  memset(&m, 0, sizeof m);
  assert_int_equal(tm_write_json(t, flags, tmt_mem_write, &m), TM_OK);
  assert_non_null(m.ptr);
  return m.ptr;
}

static cJSON *S_parse_json(const char *s) {
  cJSON *doc = cJSON_Parse(s);
  if (!doc) print_error("not JSON near: %.60s\n", cJSON_GetErrorPtr());
  assert_non_null(doc);
  return doc;
}

static const cJSON *S_get(const cJSON *o, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  if (!v) print_error("missing field \"%s\"\n", key);
  assert_non_null(v);
  return v;
}

static void S_assert_str(const cJSON *o, const char *key, const char *want) {
  const cJSON *v = S_get(o, key);
  if (!want) {
    assert_true(cJSON_IsNull(v));
    return;
  }
  assert_true(cJSON_IsString(v));
  assert_string_equal(v->valuestring, want);
}

static void S_assert_int(const cJSON *o, const char *key, double want) {
  const cJSON *v = S_get(o, key);
  assert_true(cJSON_IsNumber(v));
  assert_true(v->valuedouble == want);
}

/* The comment object with that id in an array of comments. */
static const cJSON *S_comment(const cJSON *arr, const char *id) {
  const cJSON *c;
  cJSON_ArrayForEach(c, arr) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(c, "id");
    if (cJSON_IsString(v) && strcmp(v->valuestring, id) == 0) return c;
  }
  print_error("no comment \"%s\" in the output\n", id);
  fail();
  return NULL;
}

/* flags as one space-separated string, in output order */
static void S_flags(const cJSON *c, char *out, size_t cap) {
  out[0] = '\0';
  const cJSON *f = S_get(c, "flags"), *v;
  assert_true(cJSON_IsArray(f));
  cJSON_ArrayForEach(v, f) {
    assert_true(cJSON_IsString(v));
    if (out[0]) strncat(out, " ", cap - strlen(out) - 1);
    strncat(out, v->valuestring, cap - strlen(out) - 1);
  }
}

/* --------------------------------------------------------------- JSON */

static void test_json__document_header_and_counts(void **state) {
  (void)state;
  tm_thread *t = S_thread();
  char *out = S_json(t, 0);
  /* one line, ending in a newline */
  assert_int_equal(out[strlen(out) - 1], '\n');
  assert_null(memchr(out, '\n', strlen(out) - 1));
  cJSON *doc = S_parse_json(out);
  S_assert_str(doc, "threadmap", TM_VERSION_STRING);
  S_assert_int(doc, "schema", 1);
  S_assert_str(doc, "format", "csv");
  const cJSON *th = S_get(doc, "thread");
  S_assert_str(th, "id", "s1");
  S_assert_str(th, "title", "Launch: Orca-2");
  S_assert_str(th, "url", NULL);
  S_assert_str(th, "author", "op");
  S_assert_str(th, "time", "2026-03-14T08:00:00Z");
  S_assert_str(th, "text", NULL);
  const cJSON *n = S_get(doc, "counts");
  S_assert_int(n, "comments", 4);
  S_assert_int(n, "declared", 0);
  S_assert_int(n, "top_level", 2);
  S_assert_int(n, "participants", 3); /* alice bob olga */
  S_assert_int(n, "max_depth", 2);
  S_assert_int(n, "orphans", 1);
  S_assert_int(n, "cycles", 0);
  S_assert_int(n, "deleted", 1);
  S_assert_int(n, "dead", 0);
  S_assert_int(n, "missing_replies", 0);
  S_assert_int(n, "invalid_utf8", 0);
  /* the orphan's warning, with its line (rows a and b span lines 3-4 and
   * 5-7); the order of warnings is the order they were made */
  const cJSON *w = S_get(doc, "warnings"), *wi, *w0 = NULL;
  assert_true(cJSON_GetArraySize(w) >= 1);
  cJSON_ArrayForEach(wi, w) {
    assert_true(cJSON_IsString(S_get(wi, "message")));
    if (strstr(S_get(wi, "message")->valuestring, "\"gone\"")) w0 = wi;
  }
  assert_non_null(w0);
  S_assert_int(w0, "line", 9);
  S_assert_int(w0, "col", 1);
  assert_int_equal(cJSON_GetArraySize(w), (int)tm_thread_warning_count(t));
  assert_null(cJSON_GetObjectItemCaseSensitive(doc, "warnings_dropped"));
  cJSON_Delete(doc);
  free(out);
  tm_thread_free(t);
}

static void test_json__comment_fields(void **state) {
  (void)state;
  tm_thread *t = S_thread();
  char *out = S_json(t, 0);
  cJSON *doc = S_parse_json(out);
  const cJSON *cs = S_get(doc, "comments");
  assert_true(cJSON_IsArray(cs));
  assert_int_equal(cJSON_GetArraySize(cs), 4);

  const cJSON *a = S_comment(cs, "a");
  S_assert_str(a, "parent", "s1");
  S_assert_str(a, "tree_parent", NULL);
  S_assert_int(a, "depth", 1);
  S_assert_str(a, "author", "alice");
  S_assert_str(a, "time", "2026-03-14T08:12:02Z");
  S_assert_int(a, "epoch", 1773475922);
  S_assert_int(a, "score", 5);
  S_assert_int(a, "children", 2);
  S_assert_int(a, "line", 3);
  assert_null(cJSON_GetObjectItemCaseSensitive(a, "missing_replies"));
  assert_null(cJSON_GetObjectItemCaseSensitive(a, "raw"));
  assert_null(cJSON_GetObjectItemCaseSensitive(a, "thread")); /* NDJSON only */

  const cJSON *b = S_comment(cs, "b");
  S_assert_str(b, "parent", "a");
  S_assert_str(b, "tree_parent", "a");
  S_assert_int(b, "depth", 2);
  S_assert_int(b, "epoch", 1773476650);
  assert_true(cJSON_IsNull(S_get(b, "score")));
  S_assert_int(b, "children", 0);

  const cJSON *c = S_comment(cs, "c");
  S_assert_str(c, "author", NULL);
  S_assert_str(c, "text", "");

  const cJSON *o = S_comment(cs, "o");
  S_assert_str(o, "parent", "gone");
  S_assert_str(o, "tree_parent", NULL);
  S_assert_int(o, "depth", 1);
  S_assert_int(o, "score", -3);
  assert_true(cJSON_IsNull(S_get(o, "time")));
  assert_true(cJSON_IsNull(S_get(o, "epoch")));
  cJSON_Delete(doc);
  free(out);
  tm_thread_free(t);
}

/* Quotes, newlines, tabs, backslashes and control characters are escaped
 * so that the text reads back byte for byte; UTF-8 passes through. */
static void test_json__text_escaping_round_trips(void **state) {
  (void)state;
  tm_thread *t = S_thread();
  const tm_comment *a = tmt_get(t, "a");
  const char *want = "She said \"no\"\nline2\ttab \\ back \x01\x1f\x7f caf\xC3\xA9 \xF0\x9F\x9A\x80";
  assert_string_equal(a->text, want); /* the CSV text as parsed */
  char *out = S_json(t, 0);
  /* the escapes as written (RFC 8259) */
  assert_non_null(strstr(out, "\"text\":\"She said \\\"no\\\"\\nline2\\ttab \\\\ back "
                              "\\u0001\\u001f\\u007f caf\xC3\xA9 \xF0\x9F\x9A\x80\""));
  /* no raw control character anywhere in the output but the final newline */
  for (size_t i = 0; out[i + 1]; i++) assert_true((unsigned char)out[i] >= 0x20);
  cJSON *doc = S_parse_json(out);
  S_assert_str(S_comment(S_get(doc, "comments"), "a"), "text", want);
  cJSON_Delete(doc);
  free(out);
  tm_thread_free(t);
}

static void test_json__spans(void **state) {
  (void)state;
  tm_thread *t = S_thread();
  char *out = S_json(t, 0);
  cJSON *doc = S_parse_json(out);
  const cJSON *b = S_comment(S_get(doc, "comments"), "b");
  const char *text = S_get(b, "text")->valuestring;
  assert_string_equal(text, "> She said no\n\nrun make");
  const cJSON *sp = S_get(b, "spans");
  assert_int_equal(cJSON_GetArraySize(sp), 2);
  const cJSON *q = cJSON_GetArrayItem(sp, 0), *k = cJSON_GetArrayItem(sp, 1);
  S_assert_str(q, "kind", "quote");
  S_assert_int(q, "start", 2);
  S_assert_int(q, "end", 13);
  assert_memory_equal(text + 2, "She said no", 11);
  assert_null(cJSON_GetObjectItemCaseSensitive(q, "url"));
  S_assert_str(k, "kind", "code");
  S_assert_int(k, "start", 19);
  S_assert_int(k, "end", 23);
  assert_memory_equal(text + 19, "make", 4);
  char fl[128];
  S_flags(b, fl, sizeof fl);
  assert_string_equal(fl, "quotes code");
  /* comments without spans have an empty array */
  assert_int_equal(cJSON_GetArraySize(S_get(S_comment(S_get(doc, "comments"), "o"), "spans")), 0);
  cJSON_Delete(doc);
  free(out);
  tm_thread_free(t);
}

/* Links carry their url; emphasis is named "emphasis". */
static void test_json__link_and_emphasis_spans(void **state) {
  (void)state;
  tm_thread *t = tmt_parse(
      "[{\"by\":\"a\",\"id\":2,\"parent\":1,\"type\":\"comment\",\"time\":1175727286,"
      "\"text\":\"See <a href=\\\"https:&#x2F;&#x2F;example.com&#x2F;x?a=1&amp;b=&quot;2&quot;\\\">"
      "this</a>, <i>really</i>.\"}]");
  char *out = S_json(t, 0);
  cJSON *doc = S_parse_json(out);
  const cJSON *c = S_comment(S_get(doc, "comments"), "2");
  S_assert_str(c, "text", "See this, really.");
  const cJSON *sp = S_get(c, "spans");
  assert_int_equal(cJSON_GetArraySize(sp), 2);
  const cJSON *l = cJSON_GetArrayItem(sp, 0), *e = cJSON_GetArrayItem(sp, 1);
  S_assert_str(l, "kind", "link");
  S_assert_int(l, "start", 4);
  S_assert_int(l, "end", 8);
  S_assert_str(l, "url", "https://example.com/x?a=1&b=\"2\"");
  /* the quotes in the url are escaped in the output */
  assert_non_null(strstr(out, "\"url\":\"https://example.com/x?a=1&b=\\\"2\\\"\""));
  S_assert_str(e, "kind", "emphasis");
  S_assert_int(e, "start", 10);
  S_assert_int(e, "end", 16);
  cJSON_Delete(doc);
  free(out);
  tm_thread_free(t);
}

/* Every flag has its name, in the documented order. */
static void test_json__flags_array(void **state) {
  (void)state;
  tm_thread *t = NULL;
  assert_int_equal(tm__thread_new(&t, NULL, TM_FMT_HN_HTML), TM_OK);
  static const struct { const char *id; uint32_t flags; const char *want; } cases[] = {
      {"none", 0, ""},
      {"del", TM_CF_DELETED, "deleted"},
      {"dead", TM_CF_DEAD | TM_CF_FLAGGED, "dead flagged"},
      {"q", TM_CF_HAS_QUOTE | TM_CF_HAS_CODE, "quotes code"},
      {"fade", TM_CF_DOWNVOTED | TM_CF_INDENT_JUMP, "downvoted indent_jump"},
      {"all", TM_CF_DELETED | TM_CF_DEAD | TM_CF_FLAGGED | TM_CF_HAS_QUOTE | TM_CF_HAS_CODE |
                  TM_CF_DOWNVOTED | TM_CF_INDENT_JUMP,
       "deleted dead flagged quotes code downvoted indent_jump"},
  };
  size_t n = sizeof cases / sizeof cases[0];
  for (size_t i = 0; i < n; i++) {
    tm_comment *c = tm__thread_add(t);
    c->id = cases[i].id;
    c->text = "";
    c->flags = cases[i].flags;
  }
  /* orphan and cycle come from linking */
  tm_comment *c = tm__thread_add(t);
  c->id = "orph";
  c->parent_id = "missing";
  c->text = "";
  c = tm__thread_add(t);
  c->id = "self";
  c->parent_id = "self";
  c->text = "";
  assert_int_equal(tm__thread_link(t, NULL), TM_OK);
  char *out = S_json(t, 0);
  cJSON *doc = S_parse_json(out);
  const cJSON *cs = S_get(doc, "comments");
  char fl[256];
  for (size_t i = 0; i < n; i++) {
    S_flags(S_comment(cs, cases[i].id), fl, sizeof fl);
    assert_string_equal(fl, cases[i].want);
  }
  S_flags(S_comment(cs, "orph"), fl, sizeof fl);
  assert_string_equal(fl, "orphan");
  S_flags(S_comment(cs, "self"), fl, sizeof fl);
  assert_string_equal(fl, "cycle");
  /* no line known: no "line" field */
  assert_null(cJSON_GetObjectItemCaseSensitive(S_comment(cs, "none"), "line"));
  cJSON_Delete(doc);
  free(out);
  tm_thread_free(t);
}

/* Comments come in pre-order, not source order. */
static void test_json__comments_in_preorder(void **state) {
  (void)state;
  tm_thread *t = tmt_parse("id,parent,text\n"
                           "1,,a\n2,,b\n3,1,c\n4,3,d\n5,2,e\n6,1,f\n");
  char *out = S_json(t, 0);
  cJSON *doc = S_parse_json(out);
  const cJSON *c;
  char order[64] = "";
  cJSON_ArrayForEach(c, S_get(doc, "comments")) {
    strcat(order, S_get(c, "id")->valuestring);
  }
  assert_string_equal(order, "134625");
  cJSON_Delete(doc);
  free(out);
  tm_thread_free(t);
}

/* Reddit "more" counts appear as missing_replies on the comment and in
 * the counts; raw markup only with TM_OUT_RAW. */
static void test_json__missing_replies_and_raw(void **state) {
  (void)state;
  tm_thread *t = tmt_parse(
      "[{\"kind\":\"Listing\",\"data\":{\"children\":[{\"kind\":\"t3\",\"data\":{\"id\":\"p\","
      "\"title\":\"T\",\"num_comments\":9}}]}},{\"kind\":\"Listing\",\"data\":{\"children\":["
      "{\"kind\":\"t1\",\"data\":{\"id\":\"a\",\"parent_id\":\"t3_p\",\"author\":\"x\","
      "\"body\":\"**hi** &amp; bye\",\"replies\":{\"kind\":\"Listing\",\"data\":{\"children\":["
      "{\"kind\":\"more\",\"data\":{\"count\":4,\"children\":[\"b\",\"c\"]}}]}}}}]}}]");
  char *out = S_json(t, 0);
  cJSON *doc = S_parse_json(out);
  const cJSON *a = S_comment(S_get(doc, "comments"), "a");
  S_assert_int(a, "missing_replies", 4);
  assert_null(cJSON_GetObjectItemCaseSensitive(a, "raw"));
  S_assert_int(S_get(doc, "counts"), "missing_replies", 4);
  S_assert_int(S_get(doc, "counts"), "declared", 9);
  cJSON_Delete(doc);
  free(out);
  out = S_json(t, TM_OUT_RAW);
  doc = S_parse_json(out);
  S_assert_str(S_comment(S_get(doc, "comments"), "a"), "raw", "**hi** &amp; bye");
  cJSON_Delete(doc);
  free(out);
  tm_thread_free(t);
}

/* Pretty output holds the same data, spread over lines. */
static void test_json__pretty_is_same_document(void **state) {
  (void)state;
  tm_thread *t = S_thread();
  char *flat = S_json(t, 0), *pretty = S_json(t, TM_OUT_PRETTY);
  assert_true(strlen(pretty) > strlen(flat));
  size_t lines = 0;
  for (const char *p = pretty; *p; p++) lines += *p == '\n';
  assert_true(lines > 20);
  assert_non_null(strstr(pretty, "\n  \"schema\": 1"));
  cJSON *a = S_parse_json(flat), *b = S_parse_json(pretty);
  assert_true(cJSON_Compare(a, b, 1));
  cJSON_Delete(a);
  cJSON_Delete(b);
  free(flat);
  free(pretty);
  tm_thread_free(t);
}

static void test_json__empty_thread(void **state) {
  (void)state;
  tm_thread *t = NULL;
  assert_int_equal(tm__thread_new(&t, NULL, TM_FMT_NDJSON), TM_OK);
  assert_int_equal(tm__thread_link(t, NULL), TM_OK);
  char *out = S_json(t, TM_OUT_PRETTY);
  cJSON *doc = S_parse_json(out);
  assert_int_equal(cJSON_GetArraySize(S_get(doc, "comments")), 0);
  assert_int_equal(cJSON_GetArraySize(S_get(doc, "warnings")), 0);
  S_assert_str(S_get(doc, "thread"), "id", NULL);
  S_assert_str(S_get(doc, "thread"), "time", NULL);
  S_assert_int(S_get(doc, "counts"), "max_depth", 0);
  cJSON_Delete(doc);
  free(out);
  /* NDJSON of an empty thread is empty */
  tmt_mem m;
  memset(&m, 0, sizeof m);
  assert_int_equal(tm_write_ndjson(t, 0, tmt_mem_write, &m), TM_OK);
  assert_int_equal(m.len, 0);
  tmt_mem_free(&m);
  tm_thread_free(t);
}

/* More than 1,000 warnings: the rest are counted in warnings_dropped. */
static void test_json__warnings_dropped(void **state) {
  (void)state;
  tm_thread *t = NULL;
  assert_int_equal(tm__thread_new(&t, NULL, TM_FMT_NDJSON), TM_OK);
  for (int i = 0; i < 1003; i++) {
    char id[16];
    int ok = 1;
    tm_comment *c = tm__thread_add(t);
    int k = snprintf(id, sizeof id, "o%d", i);
    c->id = tm__thread_str(t, id, (size_t)k, &ok);
    c->parent_id = "nowhere";
    c->text = "";
  }
  assert_int_equal(tm__thread_link(t, NULL), TM_OK);
  char *out = S_json(t, 0);
  cJSON *doc = S_parse_json(out);
  assert_int_equal(cJSON_GetArraySize(S_get(doc, "warnings")), 1000);
  S_assert_int(doc, "warnings_dropped", 3);
  cJSON_Delete(doc);
  free(out);
  tm_thread_free(t);
}

/* ------------------------------------------------------------- NDJSON */

static void test_ndjson__one_line_per_comment_in_preorder(void **state) {
  (void)state;
  tm_thread *t = S_thread();
  tmt_mem m;
  memset(&m, 0, sizeof m);
  assert_int_equal(tm_write_ndjson(t, 0, tmt_mem_write, &m), TM_OK);
  assert_non_null(m.ptr);
  assert_int_equal(m.ptr[m.len - 1], '\n');
  /* pre-order: a, b, c (children of a in source order), then o */
  static const char *want[] = {"a", "b", "c", "o"};
  size_t nlines = 0;
  char *p = m.ptr;
  while (*p) {
    char *nl = strchr(p, '\n');
    assert_non_null(nl);
    *nl = '\0';
    assert_true(nlines < 4);
    cJSON *o = S_parse_json(p);
    S_assert_str(o, "thread", "s1");
    S_assert_str(o, "id", want[nlines]);
    assert_non_null(cJSON_GetObjectItemCaseSensitive(o, "depth"));
    assert_non_null(cJSON_GetObjectItemCaseSensitive(o, "flags"));
    assert_non_null(cJSON_GetObjectItemCaseSensitive(o, "spans"));
    if (nlines == 0)
      S_assert_str(o, "text", "She said \"no\"\nline2\ttab \\ back \x01\x1f\x7f caf\xC3\xA9 \xF0\x9F\x9A\x80");
    if (nlines == 1) {
      S_assert_str(o, "tree_parent", "a");
      S_assert_int(o, "depth", 2);
    }
    if (nlines == 2) {
      char fl[64];
      S_flags(o, fl, sizeof fl);
      assert_string_equal(fl, "deleted");
    }
    if (nlines == 3) {
      char fl[64];
      S_flags(o, fl, sizeof fl);
      assert_string_equal(fl, "orphan");
    }
    cJSON_Delete(o);
    nlines++;
    p = nl + 1;
  }
  assert_int_equal(nlines, tm_thread_count(t));
  tmt_mem_free(&m);
  tm_thread_free(t);
}

/* NDJSON comment objects hold the same fields as the JSON document's. */
static void test_ndjson__same_fields_as_json(void **state) {
  (void)state;
  tm_thread *t = S_thread();
  char *out = S_json(t, TM_OUT_RAW);
  cJSON *doc = S_parse_json(out);
  tmt_mem m;
  memset(&m, 0, sizeof m);
  assert_int_equal(tm_write_ndjson(t, TM_OUT_RAW, tmt_mem_write, &m), TM_OK);
  char *line = strtok(m.ptr, "\n");
  const cJSON *jc;
  cJSON_ArrayForEach(jc, S_get(doc, "comments")) {
    assert_non_null(line);
    cJSON *nc = S_parse_json(line);
    cJSON_DeleteItemFromObjectCaseSensitive(nc, "thread");
    assert_true(cJSON_Compare(jc, nc, 1));
    cJSON_Delete(nc);
    line = strtok(NULL, "\n");
  }
  assert_null(line);
  cJSON_Delete(doc);
  free(out);
  tmt_mem_free(&m);
  tm_thread_free(t);
}

/* ------------------------------------------------------- write errors */

/* A large thread is streamed in pieces; a sink that fails makes the
 * writer stop and return TM_EIO. */
static void test_json__write_failure_is_eio(void **state) {
  (void)state;
  tm_buf in = TM_BUF_INIT;
  assert_int_equal(tm_buf_puts(&in, "id,parent,text\n"), TM_OK);
  assert_int_equal(tm_buf_puts(&in, "0,,\"the first comment\"\n"), TM_OK);
  for (int i = 1; i < 3000; i++)
    assert_int_equal(tm_buf_printf(&in, "%d,%d,\"comment number %d with some words in it\"\n",
                                   i, (i - 1) / 3, i),
                     TM_OK);
  tm_thread *t;
  tm_error err;
  memset(&err, 0, sizeof err);
  assert_int_equal(tm_thread_parse(&t, in.ptr, in.len, NULL, &err), TM_OK);
  tm_buf_free(&in);

  tmt_mem ok;
  memset(&ok, 0, sizeof ok);
  assert_int_equal(tm_write_json(t, 0, tmt_mem_write, &ok), TM_OK);
  assert_true(ok.calls > 1); /* streamed, not one big write */
  cJSON *doc = S_parse_json(ok.ptr);
  assert_int_equal(cJSON_GetArraySize(S_get(doc, "comments")), 3000);
  cJSON_Delete(doc);

  tmt_mem bad;
  memset(&bad, 0, sizeof bad);
  bad.fail_after = 2;
  assert_int_equal(tm_write_json(t, 0, tmt_mem_write, &bad), TM_EIO);
  assert_int_equal(bad.calls, 2); /* no write after the failure */
  assert_true(bad.len < ok.len);
  tmt_mem_free(&bad);

  memset(&bad, 0, sizeof bad);
  bad.fail_after = 1;
  assert_int_equal(tm_write_ndjson(t, 0, tmt_mem_write, &bad), TM_EIO);
  assert_int_equal(bad.calls, 1);
  tmt_mem_free(&bad);
  tmt_mem_free(&ok);
  tm_thread_free(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_json__document_header_and_counts),
      cmocka_unit_test(test_json__comment_fields),
      cmocka_unit_test(test_json__text_escaping_round_trips),
      cmocka_unit_test(test_json__spans),
      cmocka_unit_test(test_json__link_and_emphasis_spans),
      cmocka_unit_test(test_json__flags_array),
      cmocka_unit_test(test_json__comments_in_preorder),
      cmocka_unit_test(test_json__missing_replies_and_raw),
      cmocka_unit_test(test_json__pretty_is_same_document),
      cmocka_unit_test(test_json__empty_thread),
      cmocka_unit_test(test_json__warnings_dropped),
      cmocka_unit_test(test_ndjson__one_line_per_comment_in_preorder),
      cmocka_unit_test(test_ndjson__same_fields_as_json),
      cmocka_unit_test(test_json__write_failure_is_eio),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
