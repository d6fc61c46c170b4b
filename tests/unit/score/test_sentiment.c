/*
 * test_sentiment.c - every scoring rule, on sentences written for the
 * rule, compared against the same sentence without it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

static float S_c(const char *text) {
  tm_sentiment s;
  assert_int_equal(tm_score_text(S_lex, text, strlen(text), NULL, 0, &s, NULL), TM_OK);
  assert_true(s.compound >= -1 && s.compound <= 1);
  return s.compound;
}

/* rules that fired on the token starting with `word` */
static uint32_t S_rules(const char *text, const char *word) {
  tm_sentiment s;
  tm_explain ex = {0};
  assert_int_equal(tm_score_text(S_lex, text, strlen(text), NULL, 0, &s, &ex), TM_OK);
  const char *at = strstr(text, word);
  assert_non_null(at);
  uint32_t r = 0;
  int found = 0;
  for (size_t i = 0; i < ex.n; i++)
    if (ex.items[i].start == (uint32_t)(at - text)) r = ex.items[i].rules, found = 1;
  tm_explain_free(&ex);
  assert_true(found);
  return r;
}

static void test_sentiment__lexicon_loaded(void **state) {
  (void)state;
  assert_true(tm_lexicon_size(S_lex) >= 7500);
}

static void test_sentiment__polarity(void **state) {
  (void)state;
  assert_true(S_c("This is a wonderful, reliable little laptop.") > 0.5f);
  assert_true(S_c("The battery died after a week. Total garbage.") < -0.5f);
  assert_true(S_c("The meeting is at 10am in room 4.") == 0.0f);
  assert_true(S_c("") == 0.0f);
}

static void test_sentiment__negation_flips(void **state) {
  (void)state;
  float good = S_c("The keyboard is good."), notgood = S_c("The keyboard is not good.");
  assert_true(good > 0.2f);
  assert_true(notgood < -0.1f);
  assert_true(S_rules("The keyboard is not good.", "good") & TM_RULE_NEGATED);
  assert_true(S_c("The keyboard isn't good.") < 0);
  assert_true(S_c("The keyboard doesnt feel good.") < 0); /* apostrophe-less */
  assert_true(S_c("The keyboard isn\xe2\x80\x99t good.") < 0); /* curly apostrophe */
  /* scope ends at a clause break */
  assert_true(S_c("It's not cheap, but it is good.") > 0);
}

static void test_sentiment__intensifiers_and_dampeners(void **state) {
  (void)state;
  float base = S_c("The update is good."), very = S_c("The update is very good."),
        slightly = S_c("The update is slightly good.");
  assert_true(very > base);
  assert_true(slightly < base);
  assert_true(slightly > 0); /* a dampener never flips */
  assert_true(S_rules("The update is extremely good.", "good") & TM_RULE_INTENSIFIED);
  assert_true(S_rules("The update is somewhat good.", "good") & TM_RULE_DAMPENED);
  /* "terribly" alone is negative, before a positive word an intensifier */
  assert_true(S_c("It went terribly.") < 0);
  assert_true(S_c("It is terribly good.") > base);
}

static void test_sentiment__caps_among_mixed_case(void **state) {
  (void)state;
  assert_true(S_c("The support was GREAT, thanks.") > S_c("The support was great, thanks."));
  assert_true(S_rules("The support was GREAT, thanks.", "GREAT") & TM_RULE_CAPS);
  /* a text all in capitals is shouting everywhere: no extra weight */
  assert_false(S_rules("THE SUPPORT WAS GREAT", "GREAT") & TM_RULE_CAPS);
}

static void test_sentiment__punctuation_emphasis(void **state) {
  (void)state;
  float one = S_c("This is great."), bang = S_c("This is great!!!");
  assert_true(bang > one);
  assert_true(S_c("Is this great???") != S_c("Is this great?"));
  /* only up to 4 marks count */
  assert_true(S_c("This is great!!!!!!!!!!") == S_c("This is great!!!!"));
}

static void test_sentiment__contrast_but(void **state) {
  (void)state;
  /* the clause after "but" carries more weight */
  assert_true(S_c("The screen is great but the battery is awful.") < 0);
  assert_true(S_c("The battery is awful but the screen is great.") > 0);
  assert_true(S_rules("The screen is great but the battery is awful.", "great") & TM_RULE_CONTRAST_SIDE);
  assert_true(S_rules("The screen is great but the battery is awful.", "awful") & TM_RULE_CONTRAST_MAIN);
  /* "although X, Y": Y is the main clause */
  assert_true(S_c("Although the screen is great, the battery is awful.") < 0);
  /* a sentence that opens with But concedes the one before */
  assert_true(S_c("The screen is great. But the battery is awful.") < 0);
}

static void test_sentiment__idioms_and_blockers(void **state) {
  (void)state;
  assert_true(S_c("Honestly this was a waste of money.") < -0.2f);
  assert_true(S_c("It is a no brainer.") > 0);
  assert_true(S_rules("It is a no brainer.", "a no brainer") & TM_RULE_PHRASE);
  assert_true(S_c("They were cooking the books for years.") < 0);
  assert_true(S_c("Not bad at all.") > 0);
  /* "kind of" is a hedge-like phrase: "kind" carries no valence there */
  assert_true(S_c("It is kind of slow.") > S_c("It is slow."));
}

static void test_sentiment__emoji_and_emoticons(void **state) {
  (void)state;
  assert_true(S_c("Shipping tomorrow :)") > 0);
  assert_true(S_c("Shipping tomorrow :(") < 0);
  assert_true(S_c("Shipping tomorrow \xf0\x9f\x98\x8d") > 0);  /* heart eyes */
  assert_true(S_c("Shipping tomorrow \xf0\x9f\x98\xa1") < 0);  /* pouting face */
  assert_true(S_c("Shipping tomorrow \xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd") > 0); /* thumbs up + skin tone */
  assert_true(S_rules("Shipping tomorrow :)", ":)") & TM_RULE_EMOTICON);
  /* code is not a face: "f():" */
  assert_true(S_c("call f(): then x") == 0.0f);
}

static void test_sentiment__hedges_and_sarcasm(void **state) {
  (void)state;
  float plain = S_c("This release is terrible."), hedged = S_c("I think this release is terrible.");
  assert_true(hedged < 0 && hedged > plain);
  assert_true(S_c("Great job, really great. /s") < 0);
  assert_true(S_c("Oh great, another outage.") < S_c("Great, another release."));
}

static void test_sentiment__elongation_and_slang(void **state) {
  (void)state;
  assert_true(S_c("This is sooooo goooood") > S_c("This is good"));
  assert_true(S_c("lol this is based") > 0);
  assert_true(S_c("pure vaporware, total grift") < -0.3f);
}

static void test_sentiment__quotes_are_not_scored(void **state) {
  (void)state;
  const char *text = "> this product is awful garbage\n\nI use it daily and it works great.";
  tm_span q = {2, 28, TM_SPAN_QUOTE, NULL};
  tm_sentiment with, without;
  assert_int_equal(tm_score_text(S_lex, text, strlen(text), &q, 1, &with, NULL), TM_OK);
  assert_int_equal(tm_score_text(S_lex, text, strlen(text), NULL, 0, &without, NULL), TM_OK);
  assert_true(with.compound > 0);
  assert_true(without.compound < with.compound);
}

/* A mail signature ("-- " block, list footer) is skipped like a quote. */
static void test_sentiment__signature_is_not_scored(void **state) {
  (void)state;
  const char *text = "The patch works, thanks.\n-- \nHate spam? Awful, terrible, horrible junk mail is the worst!";
  const char *sig = strstr(text, "-- ");
  tm_span sp = {(uint32_t)(sig - text), (uint32_t)strlen(sig), TM_SPAN_SIGNATURE, NULL};
  tm_sentiment with, without;
  tm_explain ex = {0};
  assert_int_equal(tm_score_text(S_lex, text, strlen(text), &sp, 1, &with, &ex), TM_OK);
  assert_int_equal(tm_score_text(S_lex, text, strlen(text), NULL, 0, &without, NULL), TM_OK);
  assert_true(with.compound > 0);     /* "works, thanks" alone */
  assert_true(without.compound < 0);  /* the signature's rant would dominate */
  for (size_t i = 0; i < ex.n; i++) assert_true(ex.items[i].start < sp.start);
  tm_explain_free(&ex);
}

static void test_sentiment__long_comment_does_not_saturate(void **state) {
  (void)state;
  /* 39 factual sentences and one angry line */
  char buf[8192] = "";
  for (int i = 0; i < 39; i++) strcat(buf, "The build uses version 3 of the compiler on the server. ");
  strcat(buf, "This is the worst, most infuriating garbage I have ever used!!! ");
  float one = S_c("This is the worst, most infuriating garbage I have ever used!!!");
  float long_c = S_c(buf);
  assert_true(one < -0.8f);
  assert_true(long_c < 0 && long_c > -0.6f);
  /* 60 mildly positive sentences stay mildly positive */
  buf[0] = '\0';
  for (int i = 0; i < 60; i++) strcat(buf, "It works fine. ");
  float many = S_c(buf), few = S_c("It works fine. It works fine.");
  assert_true(many > 0 && many < 0.9f);
  assert_true(many - few < 0.3f);
}

static void test_sentiment__unicode_forms(void **state) {
  (void)state;
  /* full-width letters and NFKC forms fold to the lexicon's words */
  assert_true(S_c("\xef\xbd\x87\xef\xbd\x8f\xef\xbd\x8f\xef\xbd\x84") > 0); /* ｇｏｏｄ */
  assert_true(S_c("Awful.") == S_c("AWFUL.") || S_c("AWFUL.") < 0);
  /* invalid UTF-8 handed to the scorer directly does not crash */
  const char bad[] = "good \xff\xfe bad \xc3";
  tm_sentiment s;
  assert_int_equal(tm_score_text(S_lex, bad, sizeof bad - 1, NULL, 0, &s, NULL), TM_OK);
}

static void test_sentiment__deterministic_and_explained(void **state) {
  (void)state;
  const char *t = "Not great, but honestly the support team was AMAZING!! \xf0\x9f\x98\x82";
  tm_sentiment a, b;
  tm_explain ex = {0};
  assert_int_equal(tm_score_text(S_lex, t, strlen(t), NULL, 0, &a, &ex), TM_OK);
  assert_int_equal(tm_score_text(S_lex, t, strlen(t), NULL, 0, &b, NULL), TM_OK);
  assert_memory_equal(&a, &b, sizeof a);
  assert_true(ex.n >= 3);
  assert_int_equal(ex.nsent, 2); /* "!!" ends the first sentence */
  float sum = 0;
  for (size_t i = 0; i < ex.n; i++) sum += ex.items[i].value;
  /* the sentence sum is the contributions plus punctuation emphasis */
  assert_true(ex.sent[0].sum + ex.sent[1].sum > sum);
  assert_true(a.pos + a.neu + a.neg > 0.99f && a.pos + a.neu + a.neg < 1.01f);
  tm_explain_free(&ex);
}

static void test_lexicon__vader_and_afinn_formats(void **state) {
  (void)state;
  char vpath[] = "/tmp/tm-lex-vaderXXXXXX", apath[] = "/tmp/tm-lex-afinnXXXXXX";
  int fd = mkstemp(vpath);
  const char *v = "zorp\t2.5\t0.5\t[2, 3, 2, 3, 3, 2, 3, 2, 2, 3]\nblick\t-3.1\t0.3\t[-3, -3, -4, -3, -3, -3, -3, -3, -3, -3]\n";
  assert_true(write(fd, v, strlen(v)) == (ssize_t)strlen(v));
  close(fd);
  fd = mkstemp(apath);
  const char *a = "zorp\t-5\nblick\t5\nmeh\t-1\n";
  assert_true(write(fd, a, strlen(a)) == (ssize_t)strlen(a));
  close(fd);
  tm_lexicon *lv, *la;
  tm_error e = {0};
  assert_int_equal(tm_lexicon_load(&lv, vpath, &e), TM_OK);
  assert_int_equal(tm_lexicon_size(lv), 2);
  tm_sentiment s;
  assert_int_equal(tm_score_text(lv, "zorp", 4, NULL, 0, &s, NULL), TM_OK);
  assert_true(s.compound > 0.5f);
  assert_int_equal(tm_lexicon_load(&la, apath, &e), TM_OK);
  assert_int_equal(tm_score_text(la, "zorp", 4, NULL, 0, &s, NULL), TM_OK);
  assert_true(s.compound < -0.6f);
  /* AFINN's -5 became -4 (x 0.8): the same compound as a -4 valence */
  tm_explain ex = {0};
  tm_score_text(la, "blick", 5, NULL, 0, &s, &ex);
  assert_true(ex.n == 1 && ex.items[0].base > 3.99f && ex.items[0].base < 4.01f);
  tm_explain_free(&ex);
  /* layering: a domain file over the default replaces a word's valence */
  tm_lexicon *d;
  assert_int_equal(tm_lexicon_default(&d, &e), TM_OK);
  float before = 0;
  tm_score_text(d, "meh", 3, NULL, 0, &s, NULL);
  before = s.compound;
  assert_int_equal(tm_lexicon_add(d, apath, &e), TM_OK);
  tm_score_text(d, "zorp", 4, NULL, 0, &s, NULL);
  assert_true(s.compound < -0.6f);
  (void)before;
  tm_lexicon_free(d);
  tm_lexicon_free(lv);
  tm_lexicon_free(la);
  /* a broken line is reported with its line number */
  char bpath[] = "/tmp/tm-lex-badXXXXXX";
  fd = mkstemp(bpath);
  const char *bad = "# comment\ngood\t1.0\nbroken line without tab\n";
  assert_true(write(fd, bad, strlen(bad)) == (ssize_t)strlen(bad));
  close(fd);
  assert_int_equal(tm_lexicon_load(&lv, bpath, &e), TM_EPARSE);
  assert_int_equal(e.line, 3);
  unlink(bpath);
  unlink(vpath);
  unlink(apath);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_sentiment__lexicon_loaded),
      cmocka_unit_test(test_sentiment__polarity),
      cmocka_unit_test(test_sentiment__negation_flips),
      cmocka_unit_test(test_sentiment__intensifiers_and_dampeners),
      cmocka_unit_test(test_sentiment__caps_among_mixed_case),
      cmocka_unit_test(test_sentiment__punctuation_emphasis),
      cmocka_unit_test(test_sentiment__contrast_but),
      cmocka_unit_test(test_sentiment__idioms_and_blockers),
      cmocka_unit_test(test_sentiment__emoji_and_emoticons),
      cmocka_unit_test(test_sentiment__hedges_and_sarcasm),
      cmocka_unit_test(test_sentiment__elongation_and_slang),
      cmocka_unit_test(test_sentiment__quotes_are_not_scored),
      cmocka_unit_test(test_sentiment__signature_is_not_scored),
      cmocka_unit_test(test_sentiment__long_comment_does_not_saturate),
      cmocka_unit_test(test_sentiment__unicode_forms),
      cmocka_unit_test(test_sentiment__deterministic_and_explained),
      cmocka_unit_test(test_lexicon__vader_and_afinn_formats),
  };
  return cmocka_run_group_tests(tests, S_setup, S_teardown);
}
