/*
 * test_stance.c - reply stance by cue class, quote attribution, targets and
 * thread measures, on replies written for each case.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "threadmap.h"

static tm_lexicon *S_lex;

static int S_setup(void **state) {
  (void)state;
  tm_error e = {0};
  return tm_lexicon_default(&S_lex, &e);
}

static int S_teardown(void **state) {
  (void)state;
  tm_lexicon_free(S_lex);
  return 0;
}

static tm_stance S_st(const char *parent, const char *reply) {
  tm_stance s;
  assert_int_equal(tm_stance_pair(S_lex, parent, strlen(parent), reply, strlen(reply), NULL, 0, &s, NULL),
                   TM_OK);
  assert_true(s.score >= -1 && s.score <= 1);
  assert_true(s.confidence >= 0 && s.confidence <= 1);
  return s;
}

static const char *P = "Remote work is more productive for most engineering teams.";

static void test_stance__explicit_cues(void **state) {
  (void)state;
  assert_int_equal(S_st(P, "I agree, my team ships more since we went remote.").label, TM_STANCE_AGREE);
  assert_int_equal(S_st(P, "Exactly.").label, TM_STANCE_AGREE);
  assert_int_equal(S_st(P, "This.").label, TM_STANCE_AGREE);
  assert_int_equal(S_st(P, "That's just wrong, the studies show the opposite.").label, TM_STANCE_DISAGREE);
  assert_int_equal(S_st(P, "Nope. Not in my experience.").label, TM_STANCE_DISAGREE);
  assert_true(S_st(P, "I agree, my team ships more since we went remote.").cues & (1u << TM_CUE_AGREE));
}

static void test_stance__negated_agreement(void **state) {
  (void)state;
  tm_stance s = S_st(P, "I don't agree with that at all.");
  assert_int_equal(s.label, TM_STANCE_DISAGREE);
  s = S_st(P, "Not sure that's right for every team.");
  assert_int_equal(s.label, TM_STANCE_DISAGREE);
  /* "this" alone agrees; "this" inside a sentence is just a word */
  assert_int_not_equal(S_st(P, "I read this article yesterday on the train home.").label, TM_STANCE_AGREE);
}

static void test_stance__concession_is_mixed(void **state) {
  (void)state;
  assert_int_equal(S_st(P, "Sure, but onboarding juniors remotely is much harder.").label, TM_STANCE_MIXED);
  assert_int_equal(S_st(P, "Fair point for senior people. But juniors learn by overhearing.").label,
                   TM_STANCE_MIXED);
  tm_stance s = S_st(P, "True, I'll grant that. Still, the office has its uses.");
  assert_int_equal(s.label, TM_STANCE_MIXED);
  assert_true(s.cues & (1u << TM_CUE_CONCESSION));
}

static void test_stance__challenge_questions(void **state) {
  (void)state;
  tm_stance s = S_st(P, "Source? Every study I have seen says otherwise.");
  assert_int_equal(s.label, TM_STANCE_DISAGREE);
  assert_true(s.cues & (1u << TM_CUE_CHALLENGE));
  assert_int_equal(S_st(P, "How so?").label, TM_STANCE_DISAGREE);
}

static void test_stance__attacks_need_an_addressee(void **state) {
  (void)state;
  tm_stance s = S_st(P, "You're an idiot if you believe that.");
  assert_int_equal(s.label, TM_STANCE_DISAGREE);
  assert_true(s.cues & (1u << TM_CUE_ATTACK));
  /* insulting third parties is not an attack on the parent */
  s = S_st("The managers who forced everyone back are clueless.",
           "Yeah, those managers are clueless idiots, they never measured anything.");
  assert_false(s.cues & (1u << TM_CUE_ATTACK));
  assert_int_equal(s.label, TM_STANCE_AGREE);
}

static void test_stance__hedges_soften(void **state) {
  (void)state;
  tm_stance plain = S_st(P, "That's not true.");
  tm_stance hedged = S_st(P, "I think that's not true, maybe.");
  assert_true(plain.disagree > hedged.disagree);
}

static void test_stance__quote_and_rebut(void **state) {
  (void)state;
  const char *reply = "> more productive for most engineering teams\n\nOnly if you measure tickets closed and ignore "
                      "everything that makes a team work over years.";
  tm_span q = {2, (uint32_t)strlen("more productive for most engineering teams"), TM_SPAN_QUOTE, NULL};
  tm_stance s;
  assert_int_equal(tm_stance_pair(S_lex, P, strlen(P), reply, strlen(reply), &q, 1, &s, NULL), TM_OK);
  assert_true(s.cues & (1u << TM_CUE_QUOTE_REBUT));
  assert_int_equal(s.label, TM_STANCE_DISAGREE);
  /* quoting and agreeing stays agreement */
  const char *agree = "> more productive for most engineering teams\n\nAgreed, so much this.";
  assert_int_equal(tm_stance_pair(S_lex, P, strlen(P), agree, strlen(agree), &q, 1, &s, NULL), TM_OK);
  assert_int_equal(s.label, TM_STANCE_AGREE);
}

/* A signature's words are no cue: "I disagree" in a sig changes nothing. */
static void test_stance__signature_is_not_a_cue(void **state) {
  (void)state;
  const char *reply = "Thanks, I agree, exactly right.\n-- \nI disagree with everything. That's just wrong.";
  const char *sig = strstr(reply, "-- ");
  tm_span sp = {(uint32_t)(sig - reply), (uint32_t)strlen(sig), TM_SPAN_SIGNATURE, NULL};
  tm_stance with, without;
  assert_int_equal(tm_stance_pair(S_lex, P, strlen(P), reply, strlen(reply), &sp, 1, &with, NULL), TM_OK);
  assert_int_equal(tm_stance_pair(S_lex, P, strlen(P), reply, strlen(reply), NULL, 0, &without, NULL), TM_OK);
  assert_true(with.score > 0);
  assert_true(without.score < with.score);
}

static void test_stance__neutral_information(void **state) {
  (void)state;
  assert_int_equal(S_st(P, "Our office is in Leeds and the train takes 40 minutes.").label, TM_STANCE_NEUTRAL);
  tm_stance_explain ex = {0};
  tm_stance s;
  const char *r = "I don't agree. Source?";
  assert_int_equal(tm_stance_pair(S_lex, P, strlen(P), r, strlen(r), NULL, 0, &s, &ex), TM_OK);
  assert_true(ex.n >= 2);
  int saw_text = 0;
  for (size_t i = 0; i < ex.n; i++)
    if (ex.items[i].len && !strncmp(r + ex.items[i].start, "Source", 6)) saw_text = 1;
  assert_true(saw_text);
  tm_stance_explain_free(&ex);
}

/* ---------------------------------------------------------- thread level */

static tm_thread *S_thread(const char *nd) {
  tm_thread *t;
  tm_error e = {0};
  assert_int_equal(tm_thread_parse(&t, nd, strlen(nd), NULL, &e), TM_OK);
  return t;
}

static const char S_nd[] =
    "{\"id\":\"s\",\"parent\":null,\"author\":\"op\",\"title\":\"Bikes\",\"text\":\"The city should replace car lanes with bike lanes.\"}\n"
    "{\"id\":\"a\",\"parent\":\"s\",\"author\":\"ann\",\"text\":\"Bike lanes cut traffic deaths in every city that built them properly.\"}\n"
    "{\"id\":\"b\",\"parent\":\"a\",\"author\":\"bob\",\"text\":\"> Bike lanes cut traffic deaths in every city\\n\\nThat's not true, Houston built them and nothing changed.\"}\n"
    "{\"id\":\"c\",\"parent\":\"b\",\"author\":\"ann\",\"text\":\"You're wrong about Houston, the deaths fell by a third. Source?\"}\n"
    "{\"id\":\"d\",\"parent\":\"c\",\"author\":\"bob\",\"text\":\"Nope. You are cherry picking the years.\"}\n"
    "{\"id\":\"e\",\"parent\":\"d\",\"author\":\"ann\",\"text\":\"I disagree, the whole decade shows it.\"}\n"
    "{\"id\":\"f\",\"parent\":\"a\",\"author\":\"cy\",\"text\":\"Exactly. My street got one and it is so much calmer!\"}\n"
    "{\"id\":\"g\",\"parent\":\"s\",\"author\":\"dee\",\"text\":\"As bob said elsewhere, Houston built them and nothign changed there, apparently.\"}\n"
    "{\"id\":\"h\",\"parent\":\"g\",\"author\":\"cy\",\"text\":\"> replace car lanes with bike lanes\\n\\nThat was the plan all along, yes.\"}\n";

static void test_stance__rapport_is_not_opposition(void **state) {
  (void)state;
  const char *info = "The council report says 14 of the 22 trees stay.";
  /* thanks alone, even addressed to "you", state no position */
  tm_stance s = S_st(info, "Thank you, I couldn't find where you got that.");
  assert_int_equal(s.label, TM_STANCE_NEUTRAL);
  assert_true(s.cues & (1u << TM_CUE_RAPPORT));
  assert_int_equal(S_st("My dad was in hospital all week.", "So sorry to hear that, hope he gets better.").label,
                   TM_STANCE_NEUTRAL);
  /* with an explicit cue the cue decides */
  assert_int_equal(S_st(P, "Thanks for saying this, exactly my experience.").label, TM_STANCE_AGREE);
  assert_int_equal(S_st(P, "Thanks, but that's just wrong: the studies show the opposite.").label,
                   TM_STANCE_DISAGREE);
}

static void test_stance__sarcasm_tag_turns_cues(void **state) {
  (void)state;
  tm_stance plain = S_st(P, "Yes, because that always works.");
  tm_stance tagged = S_st(P, "Yes, because that always works. /s");
  assert_int_equal(plain.label, TM_STANCE_AGREE);
  assert_int_equal(tagged.label, TM_STANCE_DISAGREE);
  assert_true(tagged.cues & (1u << TM_CUE_SARCASM));
  /* "/s" inside a word or path is no tag */
  assert_false(S_st(P, "Yes, see the docs at example.com/s").cues & (1u << TM_CUE_SARCASM));
  assert_false(S_st(P, "Yes, it runs at 40 km/s").cues & (1u << TM_CUE_SARCASM));
}

static void test_thread__quotes_attributed(void **state) {
  (void)state;
  tm_thread *t = S_thread(S_nd);
  tm_scores *s;
  assert_int_equal(tm_thread_score(&s, t, S_lex, NULL, 0), TM_OK);
  const uint32_t *q;
  /* b quotes its parent a */
  assert_int_equal(tm_scores_quotes(s, tm_thread_find(t, "b"), &q), 1);
  assert_int_equal(q[0], tm_thread_find(t, "a"));
  /* h quotes the story, not its parent */
  assert_int_equal(tm_scores_quotes(s, tm_thread_find(t, "h"), &q), 1);
  assert_int_equal(q[0], TM_QUOTE_STORY);
  /* b's stance toward a carries the quote-and-rebut evidence */
  const tm_stance *st = tm_scores_stance(s, tm_thread_find(t, "b"));
  assert_int_equal(st->label, TM_STANCE_DISAGREE);
  assert_true(st->cues & (1u << TM_CUE_QUOTE_REBUT));
  assert_int_equal(tm_scores_stance(s, tm_thread_find(t, "f"))->label, TM_STANCE_AGREE);
  tm_scores_free(s);
  tm_thread_free(t);
}

static void test_thread__fuzzy_quote_of_a_non_parent(void **state) {
  (void)state;
  const char nd[] =
      "{\"id\":\"1\",\"parent\":null,\"author\":\"a\",\"text\":\"Bike lanes reduce traffic deaths in cities that build them properly and enforce them.\"}\n"
      "{\"id\":\"2\",\"parent\":null,\"author\":\"b\",\"text\":\"Unrelated: the new tram line opens in May.\"}\n"
      "{\"id\":\"3\",\"parent\":\"2\",\"author\":\"c\",\"text\":\"> bike lanes reduse traffic deaths in cities that build them properly\\n\\nSomeone above claimed that.\"}\n";
  tm_thread *t = S_thread(nd);
  tm_scores *s;
  assert_int_equal(tm_thread_score(&s, t, S_lex, NULL, 0), TM_OK);
  const uint32_t *q;
  assert_int_equal(tm_scores_quotes(s, 2, &q), 1);
  assert_int_equal(q[0], 0); /* a typo in the quote, found by trigrams */
  tm_scores_free(s);
  tm_thread_free(t);
}

static void test_thread__targets(void **state) {
  (void)state;
  const char nd[] =
      "{\"id\":\"1\",\"parent\":null,\"author\":\"a\",\"text\":\"Meta's new model is brilliant. The metadata format is awful though.\"}\n"
      "{\"id\":\"2\",\"parent\":null,\"author\":\"b\",\"text\":\"Zuckerberg is a terrible steward of anything. I love the weather today.\"}\n"
      "{\"id\":\"3\",\"parent\":null,\"author\":\"c\",\"text\":\"Nothing about them here.\"}\n";
  tm_thread *t = S_thread(nd);
  tm_targets *tg;
  tm_error e = {0};
  assert_int_equal(tm_targets_new(&tg), TM_OK);
  assert_int_equal(tm_targets_add(tg, "Meta=Meta,Zuckerberg,Zuck,Facebook", &e), TM_OK);
  assert_int_equal(tm_targets_add(tg, "=nothing", &e), TM_EINVAL);
  tm_scores *s;
  assert_int_equal(tm_thread_score(&s, t, S_lex, tg, 0), TM_OK);
  const tm_target_score *a = tm_scores_target(s, 0, 0), *b = tm_scores_target(s, 1, 0), *c = tm_scores_target(s, 2, 0);
  assert_int_equal(a->mentions, 1); /* "metadata" is not a mention */
  assert_true(a->sentiment > 0);    /* only the sentence that mentions it */
  assert_int_equal(b->mentions, 1);
  assert_true(b->sentiment < 0);
  assert_int_equal(c->mentions, 0);
  tm_target_summary su;
  assert_int_equal(tm_scores_target_summary(s, 0, &su), TM_OK);
  assert_int_equal(su.comments, 2);
  assert_int_equal(su.positive, 1);
  assert_int_equal(su.negative, 1);
  tm_scores_free(s);
  tm_targets_free(tg);
  tm_thread_free(t);
}

static void test_thread__measures(void **state) {
  (void)state;
  tm_thread *t = S_thread(S_nd);
  tm_scores *s;
  assert_int_equal(tm_thread_score(&s, t, S_lex, NULL, 0), TM_OK);
  tm_measures m;
  assert_int_equal(tm_thread_measures(t, s, &m), TM_OK);
  /* recompute the documented formulas from the stance labels */
  size_t rated = 0, ag = 0, dis = 0, mix = 0;
  for (size_t i = 0; i < tm_thread_count(t); i++) {
    const tm_stance *st = tm_scores_stance(s, i);
    if (st->label == TM_STANCE_NONE) continue;
    rated++;
    ag += st->label == TM_STANCE_AGREE;
    dis += st->label == TM_STANCE_DISAGREE;
    mix += st->label == TM_STANCE_MIXED;
  }
  assert_int_equal(m.rated, rated);
  assert_true(dis >= 3);
  double rate = (dis + 0.5 * mix) / rated, p = (dis + 0.5 * mix) / (ag + dis + mix);
  assert_true(m.disagreement_rate > rate - 1e-4 && m.disagreement_rate < rate + 1e-4);
  double contro = 4 * p * (1 - p) * (ag + dis + mix) / rated;
  assert_true(m.controversy > contro - 1e-4 && m.controversy < contro + 1e-4);
  /* ann and bob go back and forth a b c d e: five comments */
  assert_true(m.nchains >= 1);
  assert_int_equal(m.chains[0].length, 5);
  assert_true((!strcmp(m.chains[0].a, "ann") && !strcmp(m.chains[0].b, "bob")) ||
              (!strcmp(m.chains[0].a, "bob") && !strcmp(m.chains[0].b, "ann")));
  assert_true(m.chains[0].disagreements >= 3);
  tm_scores_free(s);
  tm_thread_free(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_stance__explicit_cues),
      cmocka_unit_test(test_stance__signature_is_not_a_cue),
      cmocka_unit_test(test_stance__negated_agreement),
      cmocka_unit_test(test_stance__concession_is_mixed),
      cmocka_unit_test(test_stance__challenge_questions),
      cmocka_unit_test(test_stance__attacks_need_an_addressee),
      cmocka_unit_test(test_stance__hedges_soften),
      cmocka_unit_test(test_stance__quote_and_rebut),
      cmocka_unit_test(test_stance__neutral_information),
      cmocka_unit_test(test_stance__rapport_is_not_opposition),
      cmocka_unit_test(test_stance__sarcasm_tag_turns_cues),
      cmocka_unit_test(test_thread__quotes_attributed),
      cmocka_unit_test(test_thread__fuzzy_quote_of_a_non_parent),
      cmocka_unit_test(test_thread__targets),
      cmocka_unit_test(test_thread__measures),
  };
  return cmocka_run_group_tests(tests, S_setup, S_teardown);
}
