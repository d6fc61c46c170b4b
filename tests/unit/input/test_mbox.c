/*
 * test_mbox.c - mailing lists: JWZ threading on tricky inputs (absent
 * parents, loops, duplicate and missing Message-IDs, the subject fallback),
 * MIME decoding, quote/attribution/signature spans, maildir folders, and
 * the error contract.  Mailboxes are written here by hand in the real
 * format.
 */
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"

/* One message: headers (each line ends with \n) and a body. */
#define MSG(from_line, headers, body) "From " from_line "\n" headers "\n" body "\n"
#define ENV "list@example.org Mon Mar  2 10:00:00 2026"

static tm_thread *S_parse(const char *s, tm_error *err) {
  tm_thread *t = NULL;
  memset(err, 0, sizeof *err);
  int rc = tm_thread_parse(&t, s, strlen(s), NULL, err);
  if (rc != TM_OK) fail_msg("parse failed: %d %s at %zu:%zu", rc, err->msg, err->line, err->col);
  assert_int_equal(tm_thread_meta(t)->format, TM_FMT_MBOX);
  return t;
}

static const tm_comment *S_get(const tm_thread *t, const char *id) {
  uint32_t i = tm_thread_find(t, id);
  if (i == TM_NONE) fail_msg("no comment \"%s\"", id);
  return tm_thread_comment(t, i);
}

/* the tree parent's id, or NULL at the top */
static const char *S_tree_parent(const tm_thread *t, const char *id) {
  const tm_comment *c = S_get(t, id);
  return c->parent == TM_NONE ? NULL : tm_thread_comment(t, c->parent)->id;
}

static int S_has_warning(const tm_thread *t, const char *needle) {
  for (size_t i = 0; i < tm_thread_warning_count(t); i++)
    if (strstr(tm_thread_warning(t, i)->msg, needle)) return 1;
  return 0;
}

/* ------------------------------------------------------------ threading */

static void test_mbox__absent_parents(void **state) {
  (void)state;
  /* a: root.  b: answers absent x (alone) -> root.  c, d: both answer
   * absent y -> two roots.  e: References a, z(absent) -> under a. */
  static const char box[] =
      MSG(ENV, "Message-ID: <a@x>\nFrom: Ann <ann@x>\nSubject: Start\nDate: Mon, 2 Mar 2026 10:00:00 +0000\n", "Hello.")
      MSG(ENV, "Message-ID: <b@x>\nFrom: Bob <bob@x>\nSubject: Re: Gone\nIn-Reply-To: <x@x>\n", "Reply to a lost one.")
      MSG(ENV, "Message-ID: <c@x>\nFrom: Cy <cy@x>\nSubject: Re: Y\nReferences: <y@x>\n", "One.")
      MSG(ENV, "Message-ID: <d@x>\nFrom: Di <di@x>\nSubject: Re: Y\nIn-Reply-To: <y@x>\n", "Two.")
      MSG(ENV, "Message-ID: <e@x>\nFrom: Ed <ed@x>\nSubject: Re: Start\nReferences: <a@x> <z@x>\nIn-Reply-To: <z@x>\n", "Three.");
  tm_error err;
  tm_thread *t = S_parse(box, &err);
  assert_int_equal(tm_thread_count(t), 5);
  assert_null(S_tree_parent(t, "b@x"));
  assert_string_equal(S_get(t, "b@x")->parent_id, "x@x"); /* the absent parent is named */
  assert_true(S_get(t, "b@x")->flags & TM_CF_ORPHAN);
  assert_true(S_get(t, "b@x")->flags & TM_CF_THREAD_ROOT);
  assert_null(S_tree_parent(t, "c@x"));
  assert_null(S_tree_parent(t, "d@x"));
  assert_true(S_get(t, "c@x")->flags & TM_CF_THREAD_ROOT);
  assert_true(S_get(t, "d@x")->flags & TM_CF_THREAD_ROOT);
  assert_string_equal(S_tree_parent(t, "e@x"), "a@x");
  assert_int_equal(S_get(t, "e@x")->depth, 2);
  assert_false(S_get(t, "e@x")->flags & TM_CF_THREAD_ROOT);
  assert_true(S_has_warning(t, "\"z@x\" is not in the input"));
  assert_int_equal(tm_thread_meta(t)->nthreads, 4);
  /* ids without angle brackets; author is the display name */
  assert_string_equal(S_get(t, "a@x")->author, "Ann");
  assert_string_equal(S_get(t, "a@x")->title, "Start");
  assert_int_equal(S_get(t, "a@x")->time, 1772445600);
  tm_thread_free(t);
}

/* JWZ: the References of one message place an absent message that another
 * one answers (q only names p, absent; r says p answers o). */
static void test_mbox__references_of_others_place_absent_parents(void **state) {
  (void)state;
  static const char box[] =
      MSG(ENV, "Message-ID: <o@x>\nFrom: o@x\nSubject: Root\n", "Root.")
      MSG(ENV, "Message-ID: <q@x>\nFrom: q@x\nSubject: Re: Root\nIn-Reply-To: <p@x>\n", "To p.")
      MSG(ENV, "Message-ID: <r@x>\nFrom: r@x\nSubject: Re: Root\nReferences: <o@x> <p@x>\n", "Also to p.");
  tm_error err;
  tm_thread *t = S_parse(box, &err);
  assert_string_equal(S_tree_parent(t, "q@x"), "o@x");
  assert_string_equal(S_tree_parent(t, "r@x"), "o@x");
  assert_int_equal(tm_thread_meta(t)->nthreads, 1);
  tm_thread_free(t);
}

static void test_mbox__reference_loops(void **state) {
  (void)state;
  /* a and b answer each other; c references itself; d's References loop
   * through a chain of absent ids */
  static const char box[] =
      MSG(ENV, "Message-ID: <a@l>\nFrom: a@l\nSubject: A\nIn-Reply-To: <b@l>\n", "A.")
      MSG(ENV, "Message-ID: <b@l>\nFrom: b@l\nSubject: B\nIn-Reply-To: <a@l>\n", "B.")
      MSG(ENV, "Message-ID: <c@l>\nFrom: c@l\nSubject: C\nReferences: <c@l>\n", "C.")
      MSG(ENV, "Message-ID: <d@l>\nFrom: d@l\nSubject: D\nReferences: <m@l> <n@l> <m@l> <d@l> <n@l>\n", "D.")
      MSG(ENV, "Message-ID: <e@l>\nFrom: e@l\nSubject: E\nReferences: <n@l> <m@l>\n", "E.")
      /* a loop of three */
      MSG(ENV, "Message-ID: <f@l>\nFrom: f@l\nSubject: F\nIn-Reply-To: <h@l>\n", "F.")
      MSG(ENV, "Message-ID: <g@l>\nFrom: g@l\nSubject: G\nIn-Reply-To: <f@l>\n", "G.")
      MSG(ENV, "Message-ID: <h@l>\nFrom: h@l\nSubject: H\nIn-Reply-To: <g@l>\n", "H.")
      /* p answers absent pa, which q's References put below p */
      MSG(ENV, "Message-ID: <p@l>\nFrom: p@l\nSubject: P\nIn-Reply-To: <pa@l>\n", "P.")
      MSG(ENV, "Message-ID: <q@l>\nFrom: q@l\nSubject: Q\nReferences: <p@l> <pa@l>\n", "Q.");
  tm_error err;
  tm_thread *t = S_parse(box, &err);
  assert_int_equal(tm_thread_count(t), 10);
  /* the loop of three is cut above f, the first in the source */
  assert_null(S_tree_parent(t, "f@l"));
  assert_true(S_get(t, "f@l")->flags & TM_CF_CYCLE);
  assert_true(S_get(t, "f@l")->flags & TM_CF_THREAD_ROOT);
  assert_string_equal(S_tree_parent(t, "g@l"), "f@l");
  assert_string_equal(S_tree_parent(t, "h@l"), "g@l");
  assert_null(S_tree_parent(t, "p@l"));
  assert_true(S_get(t, "p@l")->flags & TM_CF_THREAD_ROOT);
  assert_string_equal(S_tree_parent(t, "q@l"), "p@l");
  /* exactly one of a, b is a root, and it is flagged */
  const tm_comment *a = S_get(t, "a@l"), *b = S_get(t, "b@l");
  assert_true((a->parent == TM_NONE) != (b->parent == TM_NONE));
  assert_true(((a->parent == TM_NONE ? a : b)->flags & TM_CF_CYCLE) != 0);
  assert_true(S_has_warning(t, "cycle"));
  assert_null(S_tree_parent(t, "c@l"));
  assert_null(S_get(t, "c@l")->parent_id);
  /* every comment is reachable in the pre-order walk: no cycle left */
  size_t seen = 0;
  for (uint32_t i = tm_thread_preorder_next(t, TM_NONE); i != TM_NONE; i = tm_thread_preorder_next(t, i))
    seen++;
  assert_int_equal(seen, 10);
  size_t roots = 0;
  for (size_t i = 0; i < tm_thread_count(t); i++) {
    const tm_comment *c = tm_thread_comment(t, i);
    assert_int_equal(c->parent == TM_NONE, (c->flags & TM_CF_THREAD_ROOT) != 0);
    roots += c->parent == TM_NONE;
  }
  assert_int_equal(tm_thread_meta(t)->nthreads, roots);
  tm_thread_free(t);
}

static void test_mbox__duplicate_and_missing_ids(void **state) {
  (void)state;
  static const char box[] =
      MSG(ENV, "Message-ID: <dup@x>\nFrom: a@x\nSubject: S\nDate: Mon, 2 Mar 2026 10:00:00 +0000\n", "Same.")
      MSG(ENV, "Message-ID: <dup@x>\nFrom: a@x\nSubject: S\nDate: Mon, 2 Mar 2026 10:00:00 +0000\n", "Same.")
      MSG(ENV, "Message-ID: <dup@x>\nFrom: b@x\nSubject: Other\n", "Different words.")
      MSG(ENV, "From: nobody@x\nSubject: No id\n", "I have no Message-ID.")
      MSG(ENV, "From: nobody@x\nSubject: No id either\nIn-Reply-To: <dup@x>\n", "Nor do I.");
  tm_error err;
  tm_thread *t = S_parse(box, &err);
  assert_int_equal(tm_thread_count(t), 4); /* the identical copy is dropped */
  assert_true(S_has_warning(t, "identical copy"));
  assert_string_equal(S_get(t, "dup@x#2")->author, "b@x");
  const char *syn[2];
  size_t ns = 0;
  for (size_t i = 0; i < tm_thread_count(t); i++)
    if (!strncmp(tm_thread_comment(t, i)->id, "tm-", 3)) syn[ns++] = tm_thread_comment(t, i)->id;
  assert_int_equal(ns, 2);
  assert_string_not_equal(syn[0], syn[1]);
  assert_string_equal(S_tree_parent(t, syn[1]), "dup@x");
  /* synthesized ids are stable: the same input gives the same ids */
  tm_thread *t2 = S_parse(box, &err);
  assert_non_null(S_get(t2, syn[0]));
  assert_non_null(S_get(t2, syn[1]));
  tm_thread_free(t2);
  tm_thread_free(t);
}

static void test_mbox__subject_fallback(void **state) {
  (void)state;
  static const char box[] =
      MSG(ENV, "Message-ID: <early@s>\nFrom: e@s\nSubject: Re: [dev] Build broken\nDate: Mon, 2 Mar 2026 08:00:00 +0000\n", "Before the question?")
      MSG(ENV, "Message-ID: <q@s>\nFrom: q@s\nSubject: [dev] Build broken\nDate: Mon, 2 Mar 2026 09:00:00 +0000\n", "It fails.")
      MSG(ENV, "Message-ID: <r1@s>\nFrom: r@s\nSubject: RE: [dev]   build BROKEN\nDate: Mon, 2 Mar 2026 10:00:00 +0000\n", "Works here.")
      MSG(ENV, "Message-ID: <r2@s>\nFrom: r@s\nSubject: AW: Re: [dev] Build broken\nDate: Mon, 2 Mar 2026 11:00:00 +0000\n", "Still?")
      MSG(ENV, "Message-ID: <r3@s>\nFrom: r@s\nSubject: Re: Build broken\nIn-Reply-To: <gone@s>\nDate: Mon, 2 Mar 2026 12:00:00 +0000\n", "Named parent.")
      MSG(ENV, "Message-ID: <n@s>\nFrom: n@s\nSubject: [dev] Build broken\nDate: Mon, 2 Mar 2026 13:00:00 +0000\n", "Same subject, no Re.");
  tm_error err;
  tm_thread *t = S_parse(box, &err);
  assert_string_equal(S_tree_parent(t, "r1@s"), "q@s");
  assert_true(S_get(t, "r1@s")->flags & TM_CF_SUBJECT_GROUPED);
  assert_string_equal(S_tree_parent(t, "r2@s"), "q@s");
  /* older than the question: not its reply */
  assert_null(S_tree_parent(t, "early@s"));
  assert_false(S_get(t, "early@s")->flags & TM_CF_SUBJECT_GROUPED);
  /* a named (absent) parent is evidence: no subject guess */
  assert_null(S_tree_parent(t, "r3@s"));
  assert_false(S_get(t, "r3@s")->flags & TM_CF_SUBJECT_GROUPED);
  /* two messages without Re: stay apart */
  assert_null(S_tree_parent(t, "n@s"));
  assert_false(S_get(t, "q@s")->flags & TM_CF_SUBJECT_GROUPED);
  assert_int_equal(tm_thread_meta(t)->nthreads, 4);
  tm_thread_free(t);
}

/* ----------------------------------------------------------------- MIME */

static void test_mbox__mime_decoding(void **state) {
  (void)state;
  static const char box[] =
      MSG(ENV,
          "Message-ID: <qp@m>\nFrom: =?UTF-8?Q?Ren=C3=A9e_M=C3=BCller?= <r@m>\n"
          "Subject: =?ISO-8859-1?Q?Caf=E9?= =?UTF-8?B?IOKAkyBvcGVu?=\nMIME-Version: 1.0\n"
          "Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n",
          "Le caf=E9 est ouvert, c'est tr=E8s bien. Une longue ligne coup=\nee ici.")
      MSG(ENV,
          "Message-ID: <b64@m>\nFrom: b@m\nSubject: b64\nMIME-Version: 1.0\n"
          "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n",
          "R3LDvMOfZSBhdXMgS8O2bG4uCg==")
      MSG(ENV,
          "Message-ID: <alt@m>\nFrom: a@m\nSubject: alt\nMIME-Version: 1.0\n"
          "Content-Type: multipart/alternative; boundary=\"BB\"\n",
          "--BB\nContent-Type: text/html; charset=utf-8\n\n<p>HTML <b>version</b></p>\n"
          "--BB\nContent-Type: text/plain; charset=utf-8\n\nPlain version.\n--BB--")
      MSG(ENV,
          "Message-ID: <html@m>\nFrom: h@m\nSubject: html\nMIME-Version: 1.0\n"
          "Content-Type: multipart/mixed; boundary=\"MM\"\n",
          "--MM\nContent-Type: multipart/alternative; boundary=\"AA\"\n\n"
          "--AA\nContent-Type: text/html; charset=utf-8\n\n<p>Only &amp; <i>HTML</i> here</p><blockquote>quoted words</blockquote>\n--AA--\n"
          "--MM\nContent-Type: application/pdf\nContent-Disposition: attachment; filename=x.pdf\n"
          "Content-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n--MM--");
  tm_error err;
  tm_thread *t = S_parse(box, &err);
  const tm_comment *qp = S_get(t, "qp@m");
  assert_string_equal(qp->author, "Renée Müller");
  assert_string_equal(qp->title, "Café – open");
  assert_string_equal(qp->text, "Le café est ouvert, c'est très bien. Une longue ligne coupee ici.");
  assert_string_equal(S_get(t, "b64@m")->text, "Grüße aus Köln.");
  assert_string_equal(S_get(t, "alt@m")->text, "Plain version.");
  const tm_comment *h = S_get(t, "html@m");
  assert_non_null(strstr(h->text, "Only & HTML here"));
  assert_null(strstr(h->text, "PDF"));
  assert_true(h->flags & TM_CF_HAS_QUOTE);
  assert_int_equal(tm_thread_meta(t)->invalid_utf8, 0);
  tm_thread_free(t);
}

/* Undeclared 8-bit text is read as Windows-1252; ">From " is unescaped. */
static void test_mbox__eight_bit_and_from_escaping(void **state) {
  (void)state;
  static const char box[] =
      MSG(ENV, "Message-ID: <8@m>\nFrom: e@m\nSubject: 8bit\n", "na\xefve caf\xe9\n>From the start.\n>>From a quote.");
  tm_error err;
  tm_thread *t = S_parse(box, &err);
  assert_string_equal(S_get(t, "8@m")->text, "naïve café\nFrom the start.\n>From a quote.");
  assert_int_equal(S_get(t, "8@m")->nspans, 1); /* the quote */
  tm_thread_free(t);
}

/* ------------------------------------------------------ quotes, signature */

static int S_span_text(const tm_comment *c, uint32_t kind, const char *want) {
  for (uint32_t k = 0; k < c->nspans; k++)
    if (c->spans[k].kind == kind && c->spans[k].len == strlen(want) &&
        !memcmp(c->text + c->spans[k].start, want, c->spans[k].len))
      return 1;
  return 0;
}

static void test_mbox__quotes_attribution_signature(void **state) {
  (void)state;
  static const char box[] =
      MSG(ENV, "Message-ID: <p@q>\nFrom: p@q\nSubject: Q\n", "Original words.")
      MSG(ENV, "Message-ID: <r@q>\nFrom: r@q\nSubject: Re: Q\nIn-Reply-To: <p@q>\n",
          "On Mon, 2 Mar 2026 at 10:00, Pat Q <p@q>\nwrote:\n> Original words.\n\nI disagree.\n\n"
          "-- \nRay, who loves awful puns\n"
          "_______________________________________________\nDev mailing list\ndev@lists.example.org")
      MSG(ENV, "Message-ID: <s@q>\nFrom: s@q\nSubject: Re: Q\nIn-Reply-To: <p@q>\n",
          "Am 2. März 2026 um 10:00 schrieb Pat Q <p@q>:\n> Original words.\nJa.")
      MSG(ENV, "Message-ID: <t@q>\nFrom: t@q\nSubject: Re: Q\nIn-Reply-To: <p@q>\n",
          "Le lundi 2 mars 2026, Pat Q a écrit :\n> Original words.\nNon.")
      MSG(ENV, "Message-ID: <u@q>\nFrom: u@q\nSubject: RE: Q\nIn-Reply-To: <p@q>\n",
          "Top-posted answer.\n\n-----Original Message-----\nFrom: Pat Q\nSubject: Q\n\nOriginal words.")
      MSG(ENV, "Message-ID: <v@q>\nFrom: v@q\nSubject: Q2\n",
          "Body.\n\n_______________________________________________\nfoo mailing list\nhttps://lists.example.org/listinfo/foo");
  tm_error err;
  tm_thread *t = S_parse(box, &err);
  const tm_comment *r = S_get(t, "r@q");
  assert_true(S_span_text(r, TM_SPAN_QUOTE, "On Mon, 2 Mar 2026 at 10:00, Pat Q <p@q>\nwrote:"));
  assert_true(S_span_text(r, TM_SPAN_QUOTE, "Original words."));
  assert_true(S_span_text(r, TM_SPAN_SIGNATURE,
                          "-- \nRay, who loves awful puns\n_______________________________________________\n"
                          "Dev mailing list\ndev@lists.example.org"));
  assert_false(S_span_text(r, TM_SPAN_QUOTE, "I disagree."));
  for (uint32_t k = 1; k < r->nspans; k++) assert_true(r->spans[k - 1].start <= r->spans[k].start);
  assert_true(S_span_text(S_get(t, "s@q"), TM_SPAN_QUOTE, "Am 2. März 2026 um 10:00 schrieb Pat Q <p@q>:"));
  assert_true(S_span_text(S_get(t, "t@q"), TM_SPAN_QUOTE, "Le lundi 2 mars 2026, Pat Q a écrit :"));
  const tm_comment *u = S_get(t, "u@q");
  assert_true(S_span_text(u, TM_SPAN_QUOTE, "-----Original Message-----\nFrom: Pat Q\nSubject: Q\n\nOriginal words."));
  assert_true(S_span_text(S_get(t, "v@q"), TM_SPAN_SIGNATURE,
                          "_______________________________________________\nfoo mailing list\n"
                          "https://lists.example.org/listinfo/foo"));
  /* the scorer sees only "I disagree." of r: the same as scoring it alone */
  tm_lexicon *lex;
  assert_int_equal(tm_lexicon_default(&lex, &err), TM_OK);
  tm_sentiment a, b;
  assert_int_equal(tm_score_text(lex, r->text, r->text_len, r->spans, r->nspans, &a, NULL), TM_OK);
  assert_int_equal(tm_score_text(lex, "I disagree.", 11, NULL, 0, &b, NULL), TM_OK);
  assert_float_equal(a.compound, b.compound, 1e-6);
  tm_lexicon_free(lex);
  tm_thread_free(t);
}

/* ------------------------------------------------- detection and errors */

static void test_mbox__detection(void **state) {
  (void)state;
  assert_int_equal(tm_detect_format(MSG(ENV, "From: a@b\n", "x"), strlen(MSG(ENV, "From: a@b\n", "x"))),
                   TM_FMT_MBOX);
  const char *single = "Return-Path: <a@b>\nMessage-ID: <1@b>\nFrom: A <a@b>\nSubject: hi\n\nbody\n";
  assert_int_equal(tm_detect_format(single, strlen(single)), TM_FMT_MBOX);
  const char *prose = "From what I know at 10:30 the build broke.\nNobody: fixed it\n";
  assert_int_equal(tm_detect_format(prose, strlen(prose)), TM_FMT_AUTO);
  const char *csv = "id,parent,author,time,text\n1,,a,2026-01-01,hi\n";
  assert_int_equal(tm_detect_format(csv, strlen(csv)), TM_FMT_CSV);
  assert_string_equal(tm_format_name(TM_FMT_MBOX), "mbox");
  assert_int_equal(tm_format_from_name("mbox"), TM_FMT_MBOX);
  /* a single message parses as a mailbox of one, titled by nothing */
  tm_error err;
  tm_thread *t = S_parse(single, &err);
  assert_int_equal(tm_thread_count(t), 1);
  assert_string_equal(tm_thread_comment(t, 0)->id, "1@b");
  assert_string_equal(tm_thread_comment(t, 0)->text, "body");
  tm_thread_free(t);
}

static void test_mbox__malformed_input(void **state) {
  (void)state;
  tm_options o = TM_OPTIONS_INIT;
  o.format = TM_FMT_MBOX;
  tm_thread *t = NULL;
  tm_error err;
  memset(&err, 0, sizeof err);
  /* forced, but not mail: a position */
  const char *junk = "\n\n{\"not\": \"mail\"}\n";
  assert_int_equal(tm_thread_parse(&t, junk, strlen(junk), &o, &err), TM_EPARSE);
  assert_null(t);
  assert_int_equal(err.line, 3);
  assert_int_equal(err.col, 1);
  /* binary garbage, detected */
  static const char bin[] = "\x7f\x45\x4c\x46\x02\x01\x01\x00\x00\x00garbage\x00\xff\xfe";
  assert_int_equal(tm_thread_parse(&t, bin, sizeof bin - 1, NULL, &err), TM_EFORMAT);
  /* empty mailbox */
  assert_int_equal(tm_thread_parse(&t, "", 0, &o, &err), TM_EEMPTY);
  /* truncated headers, a bad MIME boundary, an envelope with no message:
   * recovered, with warnings */
  static const char bad[] =
      MSG(ENV, "Message-ID: <t1@b>\nFrom: a@b\nSubject: cut", "")
      MSG(ENV, "Message-ID: <t2@b>\nFrom: a@b\nSubject: mime\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"NOPE\"\n",
          "--WRONG\nContent-Type: text/plain\n\nlost?\n--WRONG--")
      MSG(ENV, "Message-ID: <t3@b>\nFrom: a@b\nSubject: nob\nContent-Type: multipart/mixed\n", "no boundary at all")
      "\nFrom " ENV "\n\n";
  memset(&err, 0, sizeof err);
  assert_int_equal(tm_thread_parse(&t, bad, sizeof bad - 1, NULL, &err), TM_OK);
  assert_int_equal(tm_thread_count(t), 3);
  assert_string_equal(tm_thread_comment(t, 0)->title, "cut");
  /* nothing of the body is lost when the MIME structure is broken */
  assert_non_null(strstr(tm_thread_comment(t, 1)->text, "lost?"));
  assert_string_equal(tm_thread_comment(t, 2)->text, "no boundary at all");
  assert_true(tm_thread_warning_count(t) >= 1);
  for (size_t i = 0; i < tm_thread_warning_count(t); i++) assert_true(tm_thread_warning(t, i)->line > 0);
  tm_thread_free(t);
  /* every prefix of a mailbox parses or fails cleanly */
  static const char full[] =
      MSG(ENV, "Message-ID: <p1@b>\nFrom: a@b\nSubject: s\nContent-Type: multipart/alternative; boundary=\"x\"\n",
          "--x\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\nSGVsbG8=\n--x--")
      MSG(ENV, "Message-ID: <p2@b>\nFrom: b@b\nSubject: =?utf-8?q?Re=3A_s?=\nIn-Reply-To: <p1@b>\n", "> Hello\nHi\n-- \nb");
  for (size_t n = 0; n <= sizeof full - 1; n++) {
    int rc = tm_thread_parse(&t, full, n, &o, &err);
    assert_true(rc == TM_OK || rc == TM_EPARSE || rc == TM_EEMPTY);
    if (rc == TM_OK) tm_thread_free(t);
  }
}

/* --------------------------------------------------------------- maildir */

static void S_write(const char *dir, const char *name, const char *data) {
  char p[512];
  snprintf(p, sizeof p, "%s/%s", dir, name);
  FILE *f = fopen(p, "wb");
  assert_non_null(f);
  fputs(data, f);
  fclose(f);
}

static void test_mbox__maildir(void **state) {
  (void)state;
  char dir[] = "/tmp/tm-maildir-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char p[512];
  const char *subs[] = {"cur", "new", "tmp", ".hidden", "sub", "sub/cur", ".Sent", ".Sent/cur"};
  for (size_t i = 0; i < 8; i++) {
    snprintf(p, sizeof p, "%s/%s", dir, subs[i]);
    assert_int_equal(mkdir(p, 0755), 0);
  }
  S_write(dir, "new/2:2,", "Message-ID: <b@d>\nFrom: Bea <b@d>\nSubject: Re: Hi\nIn-Reply-To: <a@d>\n\nHi back.\n");
  S_write(dir, "cur/1:2,S", "Message-ID: <a@d>\nFrom: Al <a@d>\nSubject: Hi\nList-Id: Dev list <dev.example.org>\n\nHi all.\n");
  S_write(dir, "sub/cur/3", "From a@d Mon Mar  2 10:00:00 2026\nMessage-ID: <c@d>\nFrom: c@d\nSubject: Re: Hi\nReferences: <a@d> <b@d>\nList-Id: <dev.example.org>\n\nThird.\n");
  S_write(dir, "tmp/9", "Message-ID: <tmp@d>\nFrom: t@d\n\nin delivery\n");
  S_write(dir, ".hidden/8", "Message-ID: <hid@d>\nFrom: t@d\n\nhidden\n");
  S_write(dir, "dovecot-uidlist", "3V1 N4\n");
  /* a Maildir++ folder is read; ".Sent" sorts before "cur" */
  S_write(dir, ".Sent/cur/5", "Message-ID: <s@d>\nFrom: Al <a@d>\nSubject: Re: Hi\nIn-Reply-To: <c@d>\nList-Id: <dev.example.org>\n\nSent.\n");
  tm_thread *t = NULL;
  tm_error err;
  memset(&err, 0, sizeof err);
  assert_int_equal(tm_thread_parse_file(&t, dir, NULL, &err), TM_OK);
  assert_int_equal(tm_thread_count(t), 4);
  /* files in byte order of their relative names: .Sent/cur/5, cur/1, new/2, sub/cur/3 */
  assert_string_equal(tm_thread_comment(t, 0)->id, "s@d");
  assert_string_equal(tm_thread_comment(t, 1)->id, "a@d");
  assert_string_equal(tm_thread_comment(t, 2)->id, "b@d");
  assert_string_equal(tm_thread_comment(t, 3)->id, "c@d");
  assert_string_equal(S_tree_parent(t, "s@d"), "c@d");
  assert_string_equal(S_tree_parent(t, "c@d"), "b@d");
  assert_int_equal(S_get(t, "c@d")->depth, 3);
  assert_string_equal(tm_thread_meta(t)->title, "dev.example.org");
  assert_int_equal(tm_thread_meta(t)->nthreads, 1);
  assert_true(S_has_warning(t, "dovecot-uidlist: not a mail message"));
  tm_thread_free(t);
  /* a forced other format does not apply to a folder */
  tm_options o = TM_OPTIONS_INIT;
  o.format = TM_FMT_CSV;
  assert_int_equal(tm_thread_parse_file(&t, dir, &o, &err), TM_EFORMAT);
  /* an unreadable message fails the parse, naming the file (root reads all) */
  snprintf(p, sizeof p, "%s/new/2:2,", dir);
  if (geteuid() != 0) {
    assert_int_equal(chmod(p, 0), 0);
    memset(&err, 0, sizeof err);
    assert_int_equal(tm_thread_parse_file(&t, dir, NULL, &err), TM_EIO);
    assert_null(t);
    assert_non_null(strstr(err.msg, "new/2:2,"));
  }
  unlink(p);
  const char *files[] = {"cur/1:2,S", "sub/cur/3", "tmp/9", ".hidden/8", "dovecot-uidlist", ".Sent/cur/5"};
  for (size_t i = 0; i < 6; i++) {
    snprintf(p, sizeof p, "%s/%s", dir, files[i]);
    unlink(p);
  }
  const char *rm[] = {"sub/cur", "sub", "cur", "new", "tmp", ".hidden", ".Sent/cur", ".Sent"};
  for (size_t i = 0; i < 8; i++) {
    snprintf(p, sizeof p, "%s/%s", dir, rm[i]);
    rmdir(p);
  }
  /* an empty maildir holds no thread */
  memset(&err, 0, sizeof err);
  assert_int_equal(tm_thread_parse_file(&t, dir, NULL, &err), TM_EEMPTY);
  rmdir(dir);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_mbox__absent_parents),
      cmocka_unit_test(test_mbox__references_of_others_place_absent_parents),
      cmocka_unit_test(test_mbox__reference_loops),
      cmocka_unit_test(test_mbox__duplicate_and_missing_ids),
      cmocka_unit_test(test_mbox__subject_fallback),
      cmocka_unit_test(test_mbox__mime_decoding),
      cmocka_unit_test(test_mbox__eight_bit_and_from_escaping),
      cmocka_unit_test(test_mbox__quotes_attribution_signature),
      cmocka_unit_test(test_mbox__detection),
      cmocka_unit_test(test_mbox__malformed_input),
      cmocka_unit_test(test_mbox__maildir),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
