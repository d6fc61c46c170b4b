/*
 * test_model.c - the thread model: linking, repairs, traversal, stats.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "thread/thread.h"

/* Build a thread from (id, parent) pairs; parent NULL = top level. */
static tm_thread *S_build(const char *const *pairs, size_t n, tm_error *err) {
  tm_thread *t;
  assert_int_equal(tm__thread_new(&t, NULL, TM_FMT_NDJSON), TM_OK);
  for (size_t i = 0; i < n; i++) {
    tm_comment *c = tm__thread_add(t);
    assert_non_null(c);
    int ok = 1;
    c->id = tm__thread_str(t, pairs[2 * i], strlen(pairs[2 * i]), &ok);
    if (pairs[2 * i + 1])
      c->parent_id = tm__thread_str(t, pairs[2 * i + 1], strlen(pairs[2 * i + 1]), &ok);
    c->text = "";
    c->line = i + 1;
    assert_true(ok);
  }
  int rc = tm__thread_link(t, err);
  if (rc) {
    tm_thread_free(t);
    return NULL;
  }
  return t;
}

static const tm_comment *S_get(const tm_thread *t, const char *id) {
  uint32_t i = tm_thread_find(t, id);
  assert_int_not_equal(i, TM_NONE);
  return tm_thread_comment(t, i);
}

static void test_thread__links_parents_depth_and_child_order(void **state) {
  (void)state;
  /* children listed before their parent, as flat API dumps do */
  const char *p[] = {"c", "a", "a", NULL, "b", "a", "d", "b", "e", NULL};
  tm_thread *t = S_build(p, 5, NULL);
  assert_non_null(t);
  assert_int_equal(S_get(t, "a")->depth, 1);
  assert_int_equal(S_get(t, "c")->depth, 2);
  assert_int_equal(S_get(t, "d")->depth, 3);
  assert_int_equal(S_get(t, "a")->nchildren, 2);
  /* children in source order: c then b */
  const tm_comment *a = S_get(t, "a");
  assert_string_equal(tm_thread_comment(t, a->first_child)->id, "c");
  /* pre-order: a c b d e */
  const char *want[] = {"a", "c", "b", "d", "e"};
  size_t k = 0;
  for (uint32_t i = tm_thread_preorder_next(t, TM_NONE); i != TM_NONE;
       i = tm_thread_preorder_next(t, i))
    assert_string_equal(tm_thread_comment(t, i)->id, want[k++]);
  assert_int_equal(k, 5);
  assert_int_equal(tm_thread_warning_count(t), 0);
  tm_thread_free(t);
}

static void test_thread__missing_parent_becomes_orphan(void **state) {
  (void)state;
  const char *p[] = {"a", NULL, "b", "ghost", "c", "b"};
  tm_thread *t = S_build(p, 3, NULL);
  const tm_comment *b = S_get(t, "b");
  assert_true(b->flags & TM_CF_ORPHAN);
  assert_int_equal(b->parent, TM_NONE);
  assert_int_equal(b->depth, 1);
  assert_string_equal(b->parent_id, "ghost"); /* the source's id is kept */
  assert_int_equal(S_get(t, "c")->depth, 2);
  assert_int_equal(tm_thread_warning_count(t), 1);
  assert_non_null(strstr(tm_thread_warning(t, 0)->msg, "\"ghost\" is not in the input"));
  assert_int_equal(tm_thread_warning(t, 0)->line, 2);
  tm_stats s;
  tm_thread_stats(t, &s);
  assert_int_equal(s.orphans, 1);
  assert_int_equal(s.top_level, 2);
  tm_thread_free(t);
}

static void test_thread__cycles_broken_at_first_member(void **state) {
  (void)state;
  /* x <- y <- z <- x, plus a self-parent and a 2-cycle */
  const char *p[] = {"r", NULL, "z", "y", "x", "z", "y", "x", "s", "s", "m", "n", "n", "m"};
  tm_thread *t = S_build(p, 7, NULL);
  /* "z" comes first in the source among x, y, z */
  assert_true(S_get(t, "z")->flags & TM_CF_CYCLE);
  assert_false(S_get(t, "x")->flags & TM_CF_CYCLE);
  assert_int_equal(S_get(t, "z")->depth, 1);
  assert_int_equal(S_get(t, "y")->depth, 3); /* y -> x -> z */
  assert_int_equal(S_get(t, "x")->depth, 2);
  assert_true(S_get(t, "s")->flags & TM_CF_CYCLE);
  assert_true(S_get(t, "m")->flags & TM_CF_CYCLE);
  assert_int_equal(S_get(t, "n")->depth, 2);
  tm_stats st;
  tm_thread_stats(t, &st);
  assert_int_equal(st.cycles, 3);
  /* every comment is reachable exactly once */
  size_t n = 0;
  for (uint32_t i = tm_thread_preorder_next(t, TM_NONE); i != TM_NONE;
       i = tm_thread_preorder_next(t, i))
    n++;
  assert_int_equal(n, 7);
  tm_thread_free(t);
}

static void test_thread__duplicate_id_keeps_first(void **state) {
  (void)state;
  const char *p[] = {"a", NULL, "b", "a", "b", NULL, "c", "b"};
  tm_thread *t = S_build(p, 4, NULL);
  assert_int_equal(tm_thread_count(t), 3);
  assert_int_equal(S_get(t, "b")->depth, 2); /* the first b, under a */
  assert_int_equal(S_get(t, "c")->depth, 3);
  assert_non_null(strstr(tm_thread_warning(t, 0)->msg, "duplicate comment id \"b\""));
  tm_thread_free(t);
}

static void test_thread__hundred_thousand_deep_chain(void **state) {
  (void)state;
  enum { N = 100000 };
  tm_thread *t;
  assert_int_equal(tm__thread_new(&t, NULL, TM_FMT_NDJSON), TM_OK);
  char id[32], pid[32];
  for (int i = 0; i < N; i++) {
    tm_comment *c = tm__thread_add(t);
    int ok = 1;
    snprintf(id, sizeof id, "n%d", i);
    c->id = tm__thread_str(t, id, strlen(id), &ok);
    if (i) {
      snprintf(pid, sizeof pid, "n%d", i - 1);
      c->parent_id = tm__thread_str(t, pid, strlen(pid), &ok);
    }
    c->text = "";
  }
  assert_int_equal(tm__thread_link(t, NULL), TM_OK);
  tm_stats s;
  tm_thread_stats(t, &s);
  assert_int_equal(s.max_depth, N);
  size_t n = 0;
  uint32_t last = TM_NONE;
  for (uint32_t i = tm_thread_preorder_next(t, TM_NONE); i != TM_NONE;
       i = tm_thread_preorder_next(t, i))
    n++, last = i;
  assert_int_equal(n, N);
  assert_int_equal(tm_thread_comment(t, last)->depth, N);
  tm_thread_free(t);
}

static void test_thread__depth_limit_is_an_error(void **state) {
  (void)state;
  tm_options o = TM_OPTIONS_INIT;
  o.max_depth = 2;
  tm_thread *t;
  assert_int_equal(tm__thread_new(&t, &o, TM_FMT_NDJSON), TM_OK);
  const char *ids[] = {"a", "b", "c"};
  for (int i = 0; i < 3; i++) {
    tm_comment *c = tm__thread_add(t);
    c->id = ids[i];
    c->parent_id = i ? ids[i - 1] : NULL;
    c->text = "";
  }
  tm_error e;
  memset(&e, 0, sizeof e);
  assert_int_equal(tm__thread_link(t, &e), TM_ELIMIT);
  assert_non_null(strstr(e.msg, "nested 3 deep"));
  tm_thread_free(t);
}

static void test_thread__reply_to_story_is_top_level(void **state) {
  (void)state;
  tm_thread *t;
  assert_int_equal(tm__thread_new(&t, NULL, TM_FMT_HN_JSON), TM_OK);
  t->meta.id = "story1";
  tm_comment *c = tm__thread_add(t);
  c->id = "c1";
  c->parent_id = "story1";
  c->text = "";
  assert_int_equal(tm__thread_link(t, NULL), TM_OK);
  assert_false(t->c[0].flags & TM_CF_ORPHAN);
  assert_int_equal(t->c[0].depth, 1);
  assert_int_equal(tm_thread_warning_count(t), 0);
  tm_thread_free(t);
}

static void test_thread__stats_count_authors_once(void **state) {
  (void)state;
  const char *p[] = {"a", NULL, "b", "a", "c", "b", "d", NULL};
  tm_thread *t = S_build(p, 4, NULL);
  t->c[0].author = "ann";
  t->c[1].author = "bob";
  t->c[2].author = "ann";
  t->c[3].flags |= TM_CF_DELETED; /* no author */
  t->c[0].time = 100;
  t->c[2].time = 50;
  tm_stats s;
  tm_thread_stats(t, &s);
  assert_int_equal(s.participants, 2);
  assert_int_equal(s.deleted, 1);
  assert_int_equal(s.first_time, 50);
  assert_int_equal(s.last_time, 100);
  assert_int_equal(s.max_depth, 3);
  tm_thread_free(t);
}

static void test_thread__comment_limit(void **state) {
  (void)state;
  tm_options o = TM_OPTIONS_INIT;
  o.max_comments = 2;
  tm_thread *t;
  assert_int_equal(tm__thread_new(&t, &o, TM_FMT_CSV), TM_OK);
  assert_non_null(tm__thread_add(t));
  assert_non_null(tm__thread_add(t));
  assert_null(tm__thread_add(t));
  assert_true(tm__thread_full(t));
  tm_thread_free(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_thread__links_parents_depth_and_child_order),
      cmocka_unit_test(test_thread__missing_parent_becomes_orphan),
      cmocka_unit_test(test_thread__cycles_broken_at_first_member),
      cmocka_unit_test(test_thread__duplicate_id_keeps_first),
      cmocka_unit_test(test_thread__hundred_thousand_deep_chain),
      cmocka_unit_test(test_thread__depth_limit_is_an_error),
      cmocka_unit_test(test_thread__reply_to_story_is_top_level),
      cmocka_unit_test(test_thread__stats_count_authors_once),
      cmocka_unit_test(test_thread__comment_limit),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
