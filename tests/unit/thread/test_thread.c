/*
 * test_thread.c - building, linking and walking comment trees
 * (src/thread/thread.c), with threads made by hand as a parser makes them.
 */
#include "helpers.h"
#include "thread/thread.h"

/* One hand-written record: id, parent id (NULL = top level), author. */
typedef struct {
  const char *id, *parent, *author;
} S_rec;

/* Add records to t as a parser would: strings through tm__thread_str,
 * text "", line = position in the list (1-based). */
static void S_add(tm_thread *t, const S_rec *r, size_t n) {
  for (size_t i = 0; i < n; i++) {
    int ok = 1;
    tm_comment *c = tm__thread_add(t);
    assert_non_null(c);
    c->id = tm__thread_str(t, r[i].id, strlen(r[i].id), &ok);
    if (r[i].parent) c->parent_id = tm__thread_str(t, r[i].parent, strlen(r[i].parent), &ok);
    if (r[i].author) c->author = tm__thread_str(t, r[i].author, strlen(r[i].author), &ok);
    c->text = "";
    c->line = tm_thread_count(t);
    c->col = 1;
    assert_true(ok);
  }
}

static tm_thread *S_build_opts(const S_rec *r, size_t n, const tm_options *o) {
  tm_thread *t = NULL;
  assert_int_equal(tm__thread_new(&t, o, TM_FMT_NDJSON), TM_OK);
  S_add(t, r, n);
  return t;
}

/* Build and link; linking must succeed. */
static tm_thread *S_linked(const S_rec *r, size_t n) {
  tm_thread *t = S_build_opts(r, n, NULL);
  tm_error err;
  memset(&err, 0, sizeof err);
  int rc = tm__thread_link(t, &err);
  if (rc) print_error("link failed: %d %s\n", rc, err.msg);
  assert_int_equal(rc, TM_OK);
  return t;
}
#define LINKED(arr) S_linked((arr), sizeof(arr) / sizeof((arr)[0]))

/* The ids of a pre-order walk, joined with spaces. */
static void S_preorder(const tm_thread *t, char *out, size_t cap) {
  size_t n = 0;
  out[0] = '\0';
  for (uint32_t i = tm_thread_preorder_next(t, TM_NONE); i != TM_NONE;
       i = tm_thread_preorder_next(t, i)) {
    int k = snprintf(out + n, cap - n, "%s%s", n ? " " : "", tm_thread_comment(t, i)->id);
    assert_true(k > 0 && (size_t)k < cap - n);
    n += (size_t)k;
  }
}

/* Does any warning's message contain `needle`? */
static int S_warned(const tm_thread *t, const char *needle) {
  for (size_t i = 0; i < tm_thread_warning_count(t); i++)
    if (strstr(tm_thread_warning(t, i)->msg, needle)) return 1;
  return 0;
}

/* ------------------------------------------------------------- linking */

static void test_thread__parents_depths_and_child_order(void **state) {
  (void)state;
  static const S_rec r[] = {
      {"a", NULL, "ann"}, {"b", "a", "bob"}, {"c", "a", "cy"}, {"d", "b", "dee"},
      {"e", NULL, "eve"}, {"f", "c", "fay"}, {"g", "a", "gus"},
  };
  tm_thread *t = LINKED(r);
  assert_int_equal(tm_thread_count(t), 7);
  const tm_comment *a = tmt_get(t, "a");
  assert_int_equal(a->parent, TM_NONE);
  assert_int_equal(a->depth, 1);
  assert_int_equal(a->nchildren, 3);
  /* children of a in source order: b, c, g */
  assert_string_equal(tm_thread_comment(t, a->first_child)->id, "b");
  const tm_comment *b = tmt_get(t, "b");
  assert_string_equal(tm_thread_comment(t, b->next_sibling)->id, "c");
  const tm_comment *c = tmt_get(t, "c");
  assert_string_equal(tm_thread_comment(t, c->next_sibling)->id, "g");
  assert_int_equal(tmt_get(t, "g")->next_sibling, TM_NONE);
  assert_string_equal(tmt_tree_parent_id(t, tmt_get(t, "d")), "b");
  assert_string_equal(tmt_tree_parent_id(t, tmt_get(t, "f")), "c");
  assert_int_equal(tmt_get(t, "b")->depth, 2);
  assert_int_equal(tmt_get(t, "d")->depth, 3);
  assert_int_equal(tmt_get(t, "f")->depth, 3);
  assert_int_equal(tmt_get(t, "e")->depth, 1);
  assert_int_equal(tmt_get(t, "d")->nchildren, 0);
  assert_int_equal(tmt_get(t, "d")->first_child, TM_NONE);
  /* roots: a then e */
  assert_string_equal(tm_thread_comment(t, tm_thread_first_root(t))->id, "a");
  assert_string_equal(tm_thread_comment(t, a->next_sibling)->id, "e");
  assert_int_equal(tm_thread_warning_count(t), 0);
  for (size_t i = 0; i < tm_thread_count(t); i++)
    assert_int_equal(tm_thread_comment(t, i)->flags & (TM_CF_ORPHAN | TM_CF_CYCLE), 0);
  tm_thread_free(t);
}

/* Pre-order: parents before children, siblings in source order. */
static void test_thread__preorder_on_small_tree(void **state) {
  (void)state;
  static const S_rec r[] = {
      {"a", NULL, NULL}, {"b", "a", NULL}, {"c", "a", NULL}, {"d", "b", NULL},
      {"e", NULL, NULL}, {"f", "c", NULL}, {"g", "a", NULL}, {"h", "e", NULL},
  };
  tm_thread *t = LINKED(r);
  char got[128];
  S_preorder(t, got, sizeof got);
  assert_string_equal(got, "a b d c f g e h");
  tm_thread_free(t);
}

/* A reply may come before its parent in the source (Firebase NDJSON
 * exports are not always sorted). */
static void test_thread__child_before_parent_in_source(void **state) {
  (void)state;
  static const S_rec r[] = {
      {"x2", "x1", NULL}, {"x3", "x2", NULL}, {"x1", NULL, NULL}, {"y", "x1", NULL},
  };
  tm_thread *t = LINKED(r);
  assert_int_equal(tmt_get(t, "x1")->depth, 1);
  assert_int_equal(tmt_get(t, "x2")->depth, 2);
  assert_int_equal(tmt_get(t, "x3")->depth, 3);
  assert_int_equal(tmt_get(t, "y")->depth, 2);
  assert_int_equal(tmt_get(t, "x1")->nchildren, 2);
  char got[64];
  S_preorder(t, got, sizeof got);
  assert_string_equal(got, "x1 x2 x3 y");
  assert_int_equal(tm_thread_warning_count(t), 0);
  tm_thread_free(t);
}

static void test_thread__missing_parent_becomes_orphan(void **state) {
  (void)state;
  static const S_rec r[] = {
      {"a", NULL, NULL}, {"o", "gone", NULL}, {"oc", "o", NULL}, {"b", "a", NULL},
  };
  tm_thread *t = LINKED(r);
  const tm_comment *o = tmt_get(t, "o");
  assert_true(o->flags & TM_CF_ORPHAN);
  assert_int_equal(o->parent, TM_NONE);
  assert_int_equal(o->depth, 1);
  assert_string_equal(o->parent_id, "gone"); /* the source's word is kept */
  /* its own reply hangs below it normally */
  const tm_comment *oc = tmt_get(t, "oc");
  assert_int_equal(oc->depth, 2);
  assert_false(oc->flags & TM_CF_ORPHAN);
  assert_false(tmt_get(t, "b")->flags & TM_CF_ORPHAN);
  /* one warning, at the orphan's position, naming both ids */
  assert_int_equal(tm_thread_warning_count(t), 1);
  const tm_error *w = tm_thread_warning(t, 0);
  assert_non_null(w);
  assert_int_equal(w->line, 2);
  assert_int_equal(w->col, 1);
  assert_non_null(strstr(w->msg, "\"o\""));
  assert_non_null(strstr(w->msg, "\"gone\""));
  assert_null(tm_thread_warning(t, 1));
  /* roots in source order: a, o */
  char got[64];
  S_preorder(t, got, sizeof got);
  assert_string_equal(got, "a b o oc");
  tm_thread_free(t);
}

static void test_thread__duplicate_ids_keep_the_first(void **state) {
  (void)state;
  static const S_rec r[] = {
      {"a", NULL, "first"}, {"b", "a", NULL}, {"a", "b", "second"}, {"c", "a", NULL},
  };
  tm_thread *t = LINKED(r);
  assert_int_equal(tm_thread_count(t), 3);
  const tm_comment *a = tmt_get(t, "a");
  assert_string_equal(a->author, "first");
  assert_null(a->parent_id);
  assert_int_equal(a->depth, 1);
  assert_int_equal(a->nchildren, 2);
  assert_string_equal(tmt_tree_parent_id(t, tmt_get(t, "c")), "a");
  /* the duplicate left no trace in the tree: no cycle a -> b -> a */
  for (size_t i = 0; i < tm_thread_count(t); i++)
    assert_int_equal(tm_thread_comment(t, i)->flags & (TM_CF_CYCLE | TM_CF_ORPHAN), 0);
  assert_int_equal(tm_thread_warning_count(t), 1);
  assert_true(S_warned(t, "duplicate"));
  assert_int_equal(tm_thread_warning(t, 0)->line, 3);
  char got[32];
  S_preorder(t, got, sizeof got);
  assert_string_equal(got, "a b c");
  tm_thread_free(t);
}

static void test_thread__two_cycle_detaches_first_in_source(void **state) {
  (void)state;
  static const S_rec r[] = {
      {"top", NULL, NULL}, {"x", "y", NULL}, {"y", "x", NULL},
  };
  tm_thread *t = LINKED(r);
  const tm_comment *x = tmt_get(t, "x"), *y = tmt_get(t, "y");
  assert_true(x->flags & TM_CF_CYCLE);
  assert_int_equal(x->parent, TM_NONE);
  assert_int_equal(x->depth, 1);
  assert_false(y->flags & TM_CF_CYCLE);
  assert_string_equal(tmt_tree_parent_id(t, y), "x");
  assert_int_equal(y->depth, 2);
  assert_int_equal(tm_thread_warning_count(t), 1);
  assert_true(S_warned(t, "cycle"));
  assert_true(S_warned(t, "\"x\""));
  char got[32];
  S_preorder(t, got, sizeof got);
  assert_string_equal(got, "top x y");
  tm_stats s;
  tm_thread_stats(t, &s);
  assert_int_equal(s.cycles, 1);
  assert_int_equal(s.top_level, 2);
  tm_thread_free(t);
}

/* A 3-cycle entered from a reply chain that starts before it: the walk
 * begins at "z" but the comment detached is the cycle member that comes
 * first in the source ("p"), whatever the walk order. */
static void test_thread__three_cycle_detaches_first_in_source(void **state) {
  (void)state;
  static const S_rec r[] = {
      {"z", "q", NULL}, {"p", "r", NULL}, {"q", "p", NULL}, {"r", "q", NULL},
  };
  tm_thread *t = LINKED(r);
  const tm_comment *p = tmt_get(t, "p");
  assert_true(p->flags & TM_CF_CYCLE);
  assert_int_equal(p->parent, TM_NONE);
  assert_int_equal(p->depth, 1);
  assert_int_equal(tmt_get(t, "q")->depth, 2);
  assert_int_equal(tmt_get(t, "r")->depth, 3);
  assert_int_equal(tmt_get(t, "z")->depth, 3);
  assert_false(tmt_get(t, "q")->flags & TM_CF_CYCLE);
  assert_false(tmt_get(t, "r")->flags & TM_CF_CYCLE);
  assert_false(tmt_get(t, "z")->flags & TM_CF_CYCLE);
  assert_int_equal(tm_thread_warning_count(t), 1);
  assert_int_equal(tm_thread_warning(t, 0)->line, 2); /* p's line */
  char got[32];
  S_preorder(t, got, sizeof got);
  assert_string_equal(got, "p q z r");
  tm_thread_free(t);
}

/* Two separate cycles are both broken, each at its own first member. */
static void test_thread__two_cycles_both_broken(void **state) {
  (void)state;
  static const S_rec r[] = {
      {"b1", "b2", NULL}, {"a1", "a2", NULL}, {"b2", "b1", NULL}, {"a2", "a1", NULL},
  };
  tm_thread *t = LINKED(r);
  assert_true(tmt_get(t, "b1")->flags & TM_CF_CYCLE);
  assert_true(tmt_get(t, "a1")->flags & TM_CF_CYCLE);
  assert_false(tmt_get(t, "b2")->flags & TM_CF_CYCLE);
  assert_false(tmt_get(t, "a2")->flags & TM_CF_CYCLE);
  assert_int_equal(tm_thread_warning_count(t), 2);
  char got[32];
  S_preorder(t, got, sizeof got);
  assert_string_equal(got, "b1 b2 a1 a2");
  tm_thread_free(t);
}

static void test_thread__self_parent_is_cycle(void **state) {
  (void)state;
  static const S_rec r[] = {{"s", "s", NULL}, {"k", "s", NULL}};
  tm_thread *t = LINKED(r);
  const tm_comment *s = tmt_get(t, "s");
  assert_true(s->flags & TM_CF_CYCLE);
  assert_false(s->flags & TM_CF_ORPHAN);
  assert_int_equal(s->parent, TM_NONE);
  assert_int_equal(s->depth, 1);
  assert_int_equal(s->nchildren, 1);
  assert_int_equal(tmt_get(t, "k")->depth, 2);
  assert_int_equal(tm_thread_warning_count(t), 1);
  tm_thread_free(t);
}

/* A reply to the story itself (parent id = meta.id) is top level, not an
 * orphan, and no warning is recorded. */
static void test_thread__parent_equal_to_story_id_is_top_level(void **state) {
  (void)state;
  tm_thread *t = NULL;
  assert_int_equal(tm__thread_new(&t, NULL, TM_FMT_HN_JSON), TM_OK);
  t->meta.id = "41022317";
  static const S_rec r[] = {
      {"41022436", "41022317", "benchgoblin"}, {"41022585", "41022436", "lena_orca"},
      {"41022498", "41022317", "hollowcore"}, {"41099999", "40000000", "lost"},
  };
  S_add(t, r, 4);
  assert_int_equal(tm__thread_link(t, NULL), TM_OK);
  const tm_comment *c = tmt_get(t, "41022436");
  assert_int_equal(c->parent, TM_NONE);
  assert_int_equal(c->depth, 1);
  assert_false(c->flags & TM_CF_ORPHAN);
  assert_false(tmt_get(t, "41022498")->flags & TM_CF_ORPHAN);
  assert_int_equal(tmt_get(t, "41022585")->depth, 2);
  /* only the comment whose parent is neither the story nor a comment */
  assert_true(tmt_get(t, "41099999")->flags & TM_CF_ORPHAN);
  assert_int_equal(tm_thread_warning_count(t), 1);
  tm_stats s;
  tm_thread_stats(t, &s);
  assert_int_equal(s.orphans, 1);
  assert_int_equal(s.top_level, 3);
  tm_thread_free(t);
}

/* ------------------------------------------------------ deep and limits */

/* A 100,000-deep reply chain: linking and walking use no recursion, depths
 * are right, and the pre-order walk visits every node once, in order.  The
 * chain is given deepest-first, so no step can rely on source order. */
static void test_thread__deep_chain_links_without_recursion(void **state) {
  (void)state;
  enum { N = 100000 };
  tm_thread *t = NULL;
  assert_int_equal(tm__thread_new(&t, NULL, TM_FMT_NDJSON), TM_OK);
  for (int k = N - 1; k >= 0; k--) {
    char id[16], parent[16];
    int ok = 1;
    tm_comment *c = tm__thread_add(t);
    assert_non_null(c);
    int n = snprintf(id, sizeof id, "c%d", k);
    c->id = tm__thread_str(t, id, (size_t)n, &ok);
    if (k > 0) {
      n = snprintf(parent, sizeof parent, "c%d", k - 1);
      c->parent_id = tm__thread_str(t, parent, (size_t)n, &ok);
    }
    c->text = "";
    assert_true(ok);
  }
  assert_int_equal(tm__thread_link(t, NULL), TM_OK);
  assert_int_equal(tm_thread_count(t), N);
  assert_int_equal(tm_thread_warning_count(t), 0);
  assert_int_equal(tmt_get(t, "c0")->depth, 1);
  assert_int_equal(tmt_get(t, "c99999")->depth, N);
  assert_int_equal(tmt_get(t, "c50000")->depth, 50001);
  tm_stats s;
  tm_thread_stats(t, &s);
  assert_int_equal(s.max_depth, N);
  assert_int_equal(s.top_level, 1);
  /* the walk goes c0, c1, ..., c99999 */
  size_t visited = 0;
  uint32_t expect_depth = 1;
  for (uint32_t i = tm_thread_preorder_next(t, TM_NONE); i != TM_NONE;
       i = tm_thread_preorder_next(t, i)) {
    const tm_comment *c = tm_thread_comment(t, i);
    assert_int_equal(c->depth, expect_depth);
    expect_depth++;
    visited++;
  }
  assert_int_equal(visited, N);
  tm_thread_free(t);
}

static void test_thread__max_depth_option_is_elimit(void **state) {
  (void)state;
  static const S_rec r[] = {
      {"l1", NULL, NULL}, {"l2", "l1", NULL}, {"l3", "l2", NULL}, {"l4", "l3", NULL},
  };
  tm_options o = TM_OPTIONS_INIT;
  o.max_depth = 3;
  tm_thread *t = S_build_opts(r, 4, &o);
  tm_error err;
  memset(&err, 0, sizeof err);
  assert_int_equal(tm__thread_link(t, &err), TM_ELIMIT);
  assert_int_equal(err.code, TM_ELIMIT);
  assert_int_equal(err.line, 4); /* the first comment too deep */
  assert_non_null(strstr(err.msg, "l4"));
  tm_thread_free(t);
  /* exactly at the limit is fine */
  t = S_build_opts(r, 3, &o);
  assert_int_equal(tm__thread_link(t, &err), TM_OK);
  tm_thread_free(t);
  /* 0 means no limit */
  o.max_depth = 0;
  t = S_build_opts(r, 4, &o);
  assert_int_equal(tm__thread_link(t, NULL), TM_OK);
  tm_thread_free(t);
}

static void test_thread__max_comments_stops_add(void **state) {
  (void)state;
  tm_options o = TM_OPTIONS_INIT;
  o.max_comments = 2;
  tm_thread *t = NULL;
  assert_int_equal(tm__thread_new(&t, &o, TM_FMT_CSV), TM_OK);
  assert_false(tm__thread_full(t));
  assert_non_null(tm__thread_add(t));
  assert_non_null(tm__thread_add(t));
  assert_true(tm__thread_full(t));
  assert_null(tm__thread_add(t));
  assert_int_equal(tm_thread_count(t), 2);
  tm_thread_free(t);
}

/* A fresh comment has the documented defaults. */
static void test_thread__add_gives_zeroed_comment(void **state) {
  (void)state;
  tm_thread *t = NULL;
  assert_int_equal(tm__thread_new(&t, NULL, TM_FMT_CSV), TM_OK);
  assert_int_equal(tm_thread_meta(t)->format, TM_FMT_CSV);
  assert_int_equal(tm_thread_meta(t)->time, TM_TIME_UNKNOWN);
  tm_comment *c = tm__thread_add(t);
  assert_non_null(c);
  assert_int_equal(c->time, TM_TIME_UNKNOWN);
  assert_int_equal(c->parent, TM_NONE);
  assert_int_equal(c->first_child, TM_NONE);
  assert_int_equal(c->next_sibling, TM_NONE);
  assert_int_equal(c->flags, 0);
  assert_int_equal(c->has_score, 0);
  assert_null(c->author);
  tm_thread_free(t);
}

/* The warning list stops at TM_MAX_WARNINGS; the rest are counted. */
static void test_thread__warnings_are_capped(void **state) {
  (void)state;
  tm_thread *t = NULL;
  assert_int_equal(tm__thread_new(&t, NULL, TM_FMT_NDJSON), TM_OK);
  for (int i = 0; i < TM_MAX_WARNINGS + 500; i++) {
    char id[16];
    int ok = 1;
    tm_comment *c = tm__thread_add(t);
    int n = snprintf(id, sizeof id, "o%d", i);
    c->id = tm__thread_str(t, id, (size_t)n, &ok);
    c->parent_id = "missing";
    c->text = "";
  }
  assert_int_equal(tm__thread_link(t, NULL), TM_OK);
  assert_int_equal(tm_thread_warning_count(t), TM_MAX_WARNINGS);
  assert_int_equal(t->warn_dropped, 500);
  assert_null(tm_thread_warning(t, TM_MAX_WARNINGS));
  tm_stats s;
  tm_thread_stats(t, &s);
  assert_int_equal(s.orphans, TM_MAX_WARNINGS + 500);
  tm_thread_free(t);
}

/* --------------------------------------------------------- accessors */

static void test_thread__stats_figures(void **state) {
  (void)state;
  static const S_rec r[] = {
      {"1", NULL, "alice"}, {"2", "1", "bob"},    {"3", "2", "alice"},
      {"4", "1", NULL},     {"5", "nope", "carol"}, {"6", "3", "bob"},
      {"7", NULL, "dave"},
  };
  tm_thread *t = S_build_opts(r, 7, NULL);
  /* flags and times as parsers set them */
  t->c[3].flags |= TM_CF_DELETED;           /* "4": deleted, no author */
  t->c[6].flags |= TM_CF_DEAD;              /* "7" */
  t->c[1].flags |= TM_CF_FLAGGED;           /* "2" */
  t->c[2].flags |= TM_CF_HAS_QUOTE;         /* "3" */
  t->c[0].time = 1773475922;
  t->c[5].time = 1773510167;
  t->c[2].time = 1773476650;
  t->meta.missing_replies = 4;
  t->meta.author = "storyteller"; /* the story author does not count */
  assert_int_equal(tm__thread_link(t, NULL), TM_OK);
  tm_stats s;
  memset(&s, 0x5A, sizeof s);
  tm_thread_stats(t, &s);
  assert_int_equal(s.comments, 7);
  assert_int_equal(s.top_level, 3); /* 1, 5 (orphan), 7 */
  assert_int_equal(s.participants, 4); /* alice bob carol dave */
  assert_int_equal(s.max_depth, 4);    /* 1 > 2 > 3 > 6 */
  assert_int_equal(s.orphans, 1);
  assert_int_equal(s.cycles, 0);
  assert_int_equal(s.deleted, 1);
  assert_int_equal(s.dead, 2);
  assert_int_equal(s.missing, 4);
  assert_int_equal(s.with_quotes, 1);
  assert_int_equal(s.first_time, 1773475922);
  assert_int_equal(s.last_time, 1773510167);
  tm_thread_free(t);
}

static void test_thread__stats_of_empty_thread(void **state) {
  (void)state;
  tm_thread *t = NULL;
  assert_int_equal(tm__thread_new(&t, NULL, TM_FMT_CSV), TM_OK);
  assert_int_equal(tm__thread_link(t, NULL), TM_OK);
  tm_stats s;
  tm_thread_stats(t, &s);
  assert_int_equal(s.comments, 0);
  assert_int_equal(s.max_depth, 0);
  assert_int_equal(s.participants, 0);
  assert_int_equal(s.first_time, TM_TIME_UNKNOWN);
  assert_int_equal(s.last_time, TM_TIME_UNKNOWN);
  assert_int_equal(tm_thread_first_root(t), TM_NONE);
  assert_int_equal(tm_thread_preorder_next(t, TM_NONE), TM_NONE);
  assert_null(tm_thread_comment(t, 0));
  assert_int_equal(tm_thread_find(t, "x"), TM_NONE);
  tm_thread_free(t);
  tm_thread_free(NULL); /* documented as fine */
}

static void test_thread__find(void **state) {
  (void)state;
  static const S_rec r[] = {
      {"41022436", NULL, NULL}, {"41022585", "41022436", NULL}, {"t1_abc", NULL, NULL},
      {"", NULL, NULL},
  };
  tm_thread *t = S_build_opts(r, 4, NULL);
  /* before linking there is no index */
  assert_int_equal(tm_thread_find(t, "41022436"), TM_NONE);
  assert_int_equal(tm__thread_link(t, NULL), TM_OK);
  assert_int_equal(tm_thread_find(t, "41022436"), 0);
  assert_int_equal(tm_thread_find(t, "41022585"), 1);
  assert_int_equal(tm_thread_find(t, "t1_abc"), 2);
  assert_int_equal(tm_thread_find(t, ""), 3);
  assert_int_equal(tm_thread_find(t, "4102243"), TM_NONE);
  assert_int_equal(tm_thread_find(t, "410224360"), TM_NONE);
  assert_int_equal(tm_thread_find(t, "abc"), TM_NONE);
  assert_int_equal(tm_thread_find(t, NULL), TM_NONE);
  tm_thread_free(t);
}

/* Many ids: every one is found at its own index (hash collisions and
 * table growth). */
static void test_thread__find_many(void **state) {
  (void)state;
  enum { N = 5000 };
  tm_thread *t = NULL;
  assert_int_equal(tm__thread_new(&t, NULL, TM_FMT_CSV), TM_OK);
  for (int i = 0; i < N; i++) {
    char id[16];
    int ok = 1;
    tm_comment *c = tm__thread_add(t);
    int n = snprintf(id, sizeof id, "%d", i * 7919);
    c->id = tm__thread_str(t, id, (size_t)n, &ok);
    c->text = "";
  }
  assert_int_equal(tm__thread_link(t, NULL), TM_OK);
  for (int i = 0; i < N; i++) {
    char id[16];
    snprintf(id, sizeof id, "%d", i * 7919);
    assert_int_equal(tm_thread_find(t, id), (uint32_t)i);
  }
  assert_int_equal(tm_thread_find(t, "1"), TM_NONE);
  tm_thread_free(t);
}

/* tm__thread_str copies valid text and repairs invalid text, counting the
 * repairs in meta.invalid_utf8. */
static void test_thread__str_repairs_invalid_utf8(void **state) {
  (void)state;
  tm_thread *t = NULL;
  int ok = 1;
  assert_int_equal(tm__thread_new(&t, NULL, TM_FMT_CSV), TM_OK);
  char src[] = "caf\xC3\xA9";
  const char *s = tm__thread_str(t, src, strlen(src), &ok);
  assert_string_equal(s, "caf\xC3\xA9");
  assert_ptr_not_equal(s, src);
  assert_int_equal(tm_thread_meta(t)->invalid_utf8, 0);
  const char *bad = tm__thread_str(t, "caf\xE9 \xC0\xAF", 6, &ok);
  assert_string_equal(bad, "caf\xEF\xBF\xBD \xEF\xBF\xBD");
  assert_int_equal(tm_thread_meta(t)->invalid_utf8, 2);
  assert_null(tm__thread_str(t, NULL, 0, &ok));
  assert_true(ok);
  tm_thread_free(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_thread__parents_depths_and_child_order),
      cmocka_unit_test(test_thread__preorder_on_small_tree),
      cmocka_unit_test(test_thread__child_before_parent_in_source),
      cmocka_unit_test(test_thread__missing_parent_becomes_orphan),
      cmocka_unit_test(test_thread__duplicate_ids_keep_the_first),
      cmocka_unit_test(test_thread__two_cycle_detaches_first_in_source),
      cmocka_unit_test(test_thread__three_cycle_detaches_first_in_source),
      cmocka_unit_test(test_thread__two_cycles_both_broken),
      cmocka_unit_test(test_thread__self_parent_is_cycle),
      cmocka_unit_test(test_thread__parent_equal_to_story_id_is_top_level),
      cmocka_unit_test(test_thread__deep_chain_links_without_recursion),
      cmocka_unit_test(test_thread__max_depth_option_is_elimit),
      cmocka_unit_test(test_thread__max_comments_stops_add),
      cmocka_unit_test(test_thread__add_gives_zeroed_comment),
      cmocka_unit_test(test_thread__warnings_are_capped),
      cmocka_unit_test(test_thread__stats_figures),
      cmocka_unit_test(test_thread__stats_of_empty_thread),
      cmocka_unit_test(test_thread__find),
      cmocka_unit_test(test_thread__find_many),
      cmocka_unit_test(test_thread__str_repairs_invalid_utf8),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
