/*
 * test_transcript.c - pasted transcripts (src/input/fmt_transcript.c) and
 * saved Reddit pages (src/input/fmt_reddit_html.c): author-line forms,
 * detection, inferred links with their evidence, and shreddit markup.
 */
#include "helpers.h"
#include "input/format.h"

static size_t S_sniff(const char *s) { return tm__transcript_sniff(s, strlen(s)); }

static void test_transcript__author_line_forms(void **state) {
  (void)state;
  static const char *const yes[] = {
      "alice · 3h ago", "alice · 3 hr. ago", "Jane Doe · 2d", "bob • 2d", "bob_99 3 hours ago [-]",
      "tmpfs 5 hours ago | parent | next [–]", "[–]cadence_carl 143 points 8 hours ago (2 children)",
      "carl 1 point 5 hours ago", "[–][deleted] 8 hours ago (1 child)", "alice — Today at 3:45 PM",
      "alice · 2024-03-03 14:22", "alice on Mar 3, 2024 | parent | next [–]",
      "alice OP · 3h ago · edited 1h ago", "u/alice · 3 hr. ago", "@alice · just now", "bob · 6 yr. ago",
      "zed · a day ago", NULL};
  static const char *const no[] = {
      "I did this 3 years ago", "Me 3 years ago", "214 points by pgwhisper 6 hours ago | hide | past",
      "Posted by u/rackmount_rita 5 hr. ago", "reply", "level 2", "The meeting is at 3:45 PM",
      "Sort by: best", "12", "", "alice", "alice bob carol dave · 3h", NULL};
  for (size_t i = 0; yes[i]; i++) {
    if (S_sniff(yes[i]) != 1) print_error("not an author line: %s\n", yes[i]);
    assert_int_equal(S_sniff(yes[i]), 1);
  }
  for (size_t i = 0; no[i]; i++) {
    if (S_sniff(no[i]) != 0) print_error("taken for an author line: %s\n", no[i]);
    assert_int_equal(S_sniff(no[i]), 0);
  }
}

static void test_transcript__detection(void **state) {
  (void)state;
  const char *t = "Title\n\nalice · 3h ago\nhello\n\nbob · 2h ago\n@alice hi\n";
  assert_int_equal(tm_detect_format(t, strlen(t)), TM_FMT_TRANSCRIPT);
  const char *o = "[–]alice 12 points 5 hours ago\nhello\n[–]bob 3 points 4 hours ago\nhi\n";
  assert_int_equal(tm_detect_format(o, strlen(o)), TM_FMT_TRANSCRIPT);
  /* one author line is not enough to call plain text a thread */
  const char *one = "Notes\nalice · 3h ago\nhello\n";
  assert_int_equal(tm_detect_format(one, strlen(one)), TM_FMT_AUTO);
  /* CSV with a header and NDJSON are never transcripts */
  const char *csv = "id,parent,author,text\n1,,alice,\"bob · 3h ago\"\n2,1,bob,\"carol · 2h ago\"\n";
  assert_int_equal(tm_detect_format(csv, strlen(csv)), TM_FMT_CSV);
  const char *nd = "{\"id\":\"1\",\"text\":\"bob · 3h ago\"}\n{\"id\":\"2\",\"text\":\"carol · 2h\"}\n";
  assert_int_equal(tm_detect_format(nd, strlen(nd)), TM_FMT_NDJSON);
  const char *sh = "<html><body><shreddit-comment thingid=\"t1_a\" author=\"x\" depth=\"0\"></shreddit-comment></body></html>";
  assert_int_equal(tm_detect_format(sh, strlen(sh)), TM_FMT_REDDIT_HTML);
  const char *old = "<html><body><div class=\" thing id-t1_a comment\" data-fullname=\"t1_a\"></div></body></html>";
  assert_int_equal(tm_detect_format(old, strlen(old)), TM_FMT_REDDIT_HTML);
}

static tm_thread *S_parse(const char *s, tm_format f) {
  tm_options o = TM_OPTIONS_INIT;
  o.format = f;
  tm_thread *t = NULL;
  tm_error err;
  memset(&err, 0, sizeof err);
  int rc = tm_thread_parse(&t, s, strlen(s), &o, &err);
  if (rc) print_error("parse: %s\n", err.msg);
  assert_int_equal(rc, TM_OK);
  return t;
}

static void test_transcript__evidence(void **state) {
  (void)state;
  const char *s =
      "A title\n\n"
      "alice · 5h ago\nThe new scheduler halves tail latency on our cluster.\nReply\n\n"
      "bob · 4h ago\n> halves tail latency on our cluster\n\nOnly at low load, at high load it is worse.\n12\nReply\n\n"
      "alice · 4h ago\nThat matches our numbers too.\n\n"
      "carol · 3h ago\nUnrelated, but does it support cgroups v2?\n\n"
      "dave · 2h ago\n@alice did you publish the benchmark?\n";
  tm_thread *t = S_parse(s, TM_FMT_AUTO);
  assert_int_equal(tm_thread_meta(t)->format, TM_FMT_TRANSCRIPT);
  assert_int_equal(tm_thread_count(t), 5);
  const tm_comment *c;
  c = tm_thread_comment(t, 1); /* bob quotes alice */
  assert_string_equal(c->parent_id, "#1");
  assert_non_null(strstr(c->link_evidence, "quote"));
  assert_true(c->flags & TM_CF_INFERRED);
  assert_true(c->link_confidence >= 0.85f);
  c = tm_thread_comment(t, 2); /* alice answers bob: A, B, A and a reply cue */
  assert_string_equal(c->parent_id, "#2");
  assert_non_null(strstr(c->link_evidence, "alternation"));
  c = tm_thread_comment(t, 3); /* carol: nothing points anywhere */
  assert_null(c->parent_id);
  assert_string_equal(c->link_evidence, "none");
  assert_true(c->link_confidence == 0.0f);
  assert_false(c->flags & TM_CF_INFERRED);
  assert_string_equal(tm_thread_comment(t, 0)->text, "The new scheduler halves tail latency on our cluster.");
  /* dave addresses alice, but alice is not on the path to carol: in
   * pre-order he cannot answer her, so @alice is no evidence there */
  c = tm_thread_comment(t, 4);
  assert_null(c->parent_id);
  assert_string_equal(c->link_evidence, "none");
  tm_thread_free(t);
}

static void test_reddit_html__shreddit(void **state) {
  (void)state;
  const char *s =
      "<html><body><shreddit-post id=\"t3_p1\" post-title=\"Hi\" author=\"op\" "
      "created-timestamp=\"2024-05-29T08:15:42.000000+0000\" score=\"5\"></shreddit-post>"
      "<shreddit-comment-tree>"
      "<shreddit-comment thingid=\"t1_a\" author=\"x\" depth=\"0\" postid=\"t3_p1\" score=\"3\" "
      "created=\"2024-05-29T09:00:00.000000+0000\"><div slot=\"comment\"><p>top <a href=\"/u/y\">3 replies</a></p></div>"
      "<shreddit-comment thingid=\"t1_b\" author=\"[deleted]\" is-comment-deleted=\"\" depth=\"1\" parentid=\"t1_a\" "
      "postid=\"t3_p1\"><div slot=\"comment\"><p>[deleted]</p></div>"
      "<shreddit-comment thingid=\"t1_c\" author=\"z\" depth=\"2\" parentid=\"t1_b\" postid=\"t3_p1\">"
      "<div slot=\"comment\"><p>still here</p></div></shreddit-comment>"
      "<faceplate-partial loading=\"action\"><button>4 more replies</button></faceplate-partial>"
      "</shreddit-comment></shreddit-comment></shreddit-comment-tree></body></html>";
  tm_thread *t = S_parse(s, TM_FMT_AUTO);
  assert_int_equal(tm_thread_meta(t)->format, TM_FMT_REDDIT_HTML);
  assert_string_equal(tm_thread_meta(t)->id, "p1");
  assert_int_equal(tm_thread_count(t), 3);
  const tm_comment *a = tm_thread_comment(t, 0), *b = tm_thread_comment(t, 1), *c = tm_thread_comment(t, 2);
  assert_string_equal(a->id, "a");
  assert_string_equal(a->parent_id, "p1");
  assert_int_equal(a->time, 1716973200);
  assert_int_equal(a->score, 3);
  assert_string_equal(b->parent_id, "a");
  assert_null(b->author);
  assert_true(b->flags & TM_CF_DELETED);
  assert_string_equal(c->parent_id, "b");
  assert_int_equal(c->depth, 3);
  /* "N more replies" belongs to the deleted comment; a link in a body is text */
  assert_int_equal(b->missing_replies, 4);
  assert_int_equal(a->missing_replies, 0);
  assert_null(b->link_evidence);
  tm_thread_free(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_transcript__author_line_forms),
      cmocka_unit_test(test_transcript__detection),
      cmocka_unit_test(test_transcript__evidence),
      cmocka_unit_test(test_reddit_html__shreddit),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
