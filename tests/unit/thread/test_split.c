/*
 * test_split.c - tm_thread_split (src/thread/split.c): one thread per
 * TM_CF_THREAD_ROOT subtree of a source that holds several, on threads
 * built by hand as a mailbox or Stack Exchange parser builds them.
 */
#include "helpers.h"
#include "thread/thread.h"

typedef struct {
  const char *id, *parent, *author, *text;
  int root; /* TM_CF_THREAD_ROOT */
} S_rec;

static tm_thread *S_build(const S_rec *r, size_t n) {
  tm_thread *t = NULL;
  assert_int_equal(tm__thread_new(&t, NULL, TM_FMT_MBOX), TM_OK);
  int ok = 1;
  t->meta.title = tm__thread_str(t, "list archive", 12, &ok);
  for (size_t i = 0; i < n; i++) {
    tm_comment *c = tm__thread_add(t);
    assert_non_null(c);
    c->id = tm__thread_str(t, r[i].id, strlen(r[i].id), &ok);
    if (r[i].parent) c->parent_id = tm__thread_str(t, r[i].parent, strlen(r[i].parent), &ok);
    if (r[i].author) c->author = tm__thread_str(t, r[i].author, strlen(r[i].author), &ok);
    const char *tx = r[i].text ? r[i].text : "";
    c->text = tm__thread_str(t, tx, strlen(tx), &ok);
    c->text_len = strlen(tx);
    c->time = 1700000000 + (int64_t)i * 60;
    c->line = i + 1;
    c->col = 1;
    if (r[i].root) {
      c->flags |= TM_CF_THREAD_ROOT;
      t->meta.nthreads++;
    }
  }
  assert_true(ok);
  assert_int_equal(tm__thread_link(t, NULL), TM_OK);
  return t;
}

/* Two threads, interleaved in the source as a mailbox has them, and one
 * loose message that belongs to no root. */
static const S_rec S_mail[] = {
    {"<a1>", NULL, "ann", "Release 2.0 plan\nWe ship in May.", 1},
    {"<b1>", NULL, "bob", "Build broken on ARM\nSee the log.", 1},
    {"<a2>", "<a1>", "cyd", "May is too early.", 0},
    {"<b2>", "<b1>", "dee", "Fixed in master.", 0},
    {"<a3>", "<a2>", "ann", "> May is too early.\nIt is not.", 0},
    {"<a4>", "<a1>", "eve", "+1 for May", 0},
    {"<x1>", NULL, "zed", "a stray message", 0},
    {"<b3>", "<b2>", "bob", "Thanks!", 0},
};

static void test_split__one_thread_per_root_with_the_root_as_story(void **state) {
  (void)state;
  tm_thread *t = S_build(S_mail, sizeof S_mail / sizeof S_mail[0]);
  size_t cursor = 0;
  tm_thread *a = NULL, *b = NULL, *none = NULL;
  assert_int_equal(tm_thread_split(&a, t, &cursor, NULL), TM_OK);
  assert_int_equal(tm_thread_split(&b, t, &cursor, NULL), TM_OK);
  assert_int_equal(tm_thread_split(&none, t, &cursor, NULL), TM_OK);
  assert_non_null(a);
  assert_non_null(b);
  assert_null(none);

  const tm_meta *ma = tm_thread_meta(a);
  assert_string_equal(ma->id, "<a1>");
  assert_string_equal(ma->author, "ann");
  assert_string_equal(ma->title, "Release 2.0 plan");
  assert_string_equal(ma->text, "Release 2.0 plan\nWe ship in May.");
  assert_int_equal(ma->time, 1700000000);
  assert_int_equal(ma->format, TM_FMT_MBOX);
  assert_int_equal(ma->nthreads, 0);
  /* a2, a3, a4 in source order; a2 and a4 top level, a3 under a2 */
  assert_int_equal(tm_thread_count(a), 3);
  assert_string_equal(tm_thread_comment(a, 0)->id, "<a2>");
  assert_string_equal(tm_thread_comment(a, 1)->id, "<a3>");
  assert_string_equal(tm_thread_comment(a, 2)->id, "<a4>");
  assert_int_equal(tm_thread_comment(a, 0)->depth, 1);
  assert_int_equal(tm_thread_comment(a, 1)->depth, 2);
  assert_int_equal(tm_thread_comment(a, 1)->parent, 0);
  assert_int_equal(tm_thread_comment(a, 2)->depth, 1);
  assert_int_equal(tm_thread_comment(a, 2)->parent, TM_NONE);
  assert_string_equal(tm_thread_comment(a, 0)->parent_id, "<a1>"); /* the source's parent kept */
  assert_string_equal(tm_thread_comment(a, 1)->text, "> May is too early.\nIt is not.");
  assert_int_equal(tm_thread_comment(a, 1)->line, 5);
  assert_int_equal(tm_thread_comment(a, 0)->flags & TM_CF_ORPHAN, 0);
  assert_int_equal(tm_thread_find(a, "<a3>"), 1);
  assert_int_equal(tm_thread_find(a, "<b2>"), TM_NONE);
  tm_stats st;
  tm_thread_stats(a, &st);
  assert_int_equal(st.max_depth, 2);
  assert_int_equal(st.orphans, 0);
  assert_int_equal(st.participants, 3); /* cyd, ann, eve */

  assert_string_equal(tm_thread_meta(b)->id, "<b1>");
  assert_string_equal(tm_thread_meta(b)->title, "Build broken on ARM");
  assert_int_equal(tm_thread_count(b), 2);
  assert_int_equal(tm_thread_comment(b, 1)->depth, 2);
  /* the stray message is in neither */
  assert_int_equal(tm_thread_find(b, "<x1>"), TM_NONE);
  tm_thread_free(a);
  tm_thread_free(b);
  tm_thread_free(t);
}

static void test_split__a_thread_without_roots_yields_nothing(void **state) {
  (void)state;
  static const S_rec plain[] = {{"1", NULL, "a", "hi", 0}, {"2", "1", "b", "yo", 0}};
  tm_thread *t = S_build(plain, 2);
  size_t cursor = 0;
  tm_thread *s = (tm_thread *)1;
  assert_int_equal(tm_thread_split(&s, t, &cursor, NULL), TM_OK);
  assert_null(s);
  tm_thread_free(t);
}

static void test_split__root_alone_and_long_title_cut(void **state) {
  (void)state;
  char title[400];
  memset(title, 'x', sizeof title - 1);
  title[sizeof title - 1] = '\0';
  /* a multi-byte character across the 200-byte cut */
  memcpy(title + 199, "\xC3\xA9", 2);
  S_rec r[] = {{"q1", NULL, "ann", title, 1}};
  tm_thread *t = S_build(r, 1);
  size_t cursor = 0;
  tm_thread *s = NULL;
  assert_int_equal(tm_thread_split(&s, t, &cursor, NULL), TM_OK);
  assert_non_null(s);
  assert_int_equal(tm_thread_count(s), 0);
  assert_int_equal(strlen(tm_thread_meta(s)->title), 199); /* cut before the é */
  tm_thread_free(s);
  tm_thread_free(t);
}

/* A root's own title (a mail's Subject) wins over its first line, and the
 * copies own their strings: the source can be freed first. */
static void test_split__own_titles_copied(void **state) {
  (void)state;
  tm_thread *t = S_build(S_mail, sizeof S_mail / sizeof S_mail[0]);
  int ok = 1;
  t->c[0].title = tm__thread_str(t, "[dev] Release 2.0 plan", 22, &ok);
  t->c[2].title = tm__thread_str(t, "Re: [dev] Release 2.0 plan", 26, &ok);
  t->c[2].link_evidence = tm__thread_str(t, "quote", 5, &ok);
  assert_true(ok);
  size_t cursor = 0;
  tm_thread *a = NULL;
  assert_int_equal(tm_thread_split(&a, t, &cursor, NULL), TM_OK);
  assert_non_null(a);
  tm_thread_free(t); /* the copy must not point into it */
  assert_string_equal(tm_thread_meta(a)->title, "[dev] Release 2.0 plan");
  int seen = 0;
  for (size_t i = 0; i < tm_thread_count(a); i++) {
    const tm_comment *c = tm_thread_comment(a, i);
    if (c->title) {
      assert_string_equal(c->title, "Re: [dev] Release 2.0 plan");
      assert_string_equal(c->link_evidence, "quote");
      seen++;
    }
  }
  assert_int_equal(seen, 1);
  tm_thread_free(a);
}

static void test_split__deep_subtree_without_recursion(void **state) {
  (void)state;
  enum { N = 100000 };
  tm_thread *t = NULL;
  assert_int_equal(tm__thread_new(&t, NULL, TM_FMT_MBOX), TM_OK);
  int ok = 1;
  char id[32], parent[32];
  for (int i = 0; i < N; i++) {
    tm_comment *c = tm__thread_add(t);
    snprintf(id, sizeof id, "m%d", i);
    c->id = tm__thread_str(t, id, strlen(id), &ok);
    if (i) {
      snprintf(parent, sizeof parent, "m%d", i - 1);
      c->parent_id = tm__thread_str(t, parent, strlen(parent), &ok);
    } else {
      c->flags |= TM_CF_THREAD_ROOT;
    }
    c->text = "";
  }
  t->meta.nthreads = 1;
  assert_int_equal(tm__thread_link(t, NULL), TM_OK);
  size_t cursor = 0;
  tm_thread *s = NULL;
  assert_int_equal(tm_thread_split(&s, t, &cursor, NULL), TM_OK);
  assert_int_equal(tm_thread_count(s), N - 1);
  assert_int_equal(tm_thread_comment(s, N - 2)->depth, N - 1);
  tm_thread_free(s);
  tm_thread_free(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_split__one_thread_per_root_with_the_root_as_story),
      cmocka_unit_test(test_split__a_thread_without_roots_yields_nothing),
      cmocka_unit_test(test_split__root_alone_and_long_title_cut),
      cmocka_unit_test(test_split__own_titles_copied),
      cmocka_unit_test(test_split__deep_subtree_without_recursion),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
