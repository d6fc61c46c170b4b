/*
 * stance.h - stance internals shared by the pair scorer and thread scoring.
 */
#ifndef TM_SCORE_STANCE_H
#define TM_SCORE_STANCE_H

#include <stddef.h>

#include "threadmap.h"

/**
 * Stance of a reply given its own words' sentiment and whether it quotes
 * its parent (both computed by the caller, who usually has them already).
 */
#include "../util/buf.h"
#include "lexicon.h"

/* The tokens stance reads, recorded by the sentiment scanner as it goes
 * (one tokenization for both): words folded, the punctuation cues can
 * name (. ? ! , ; : ^), "+1", and sentence numbers. */
typedef struct tm__stok {
  uint32_t start, len;   /* bytes of the text */
  uint32_t fstart, flen; /* folded form in tm__stoks.fold */
  uint32_t sent;         /* sentence index */
  uint8_t punct;         /* a punctuation token */
  uint8_t flags;         /* TM_SW_* word classes */
  const tm_lexent *e;    /* the token's entry in the cues table, or NULL */
} tm__stok;

typedef struct tm__stoks {
  tm__stok *tok;
  size_t n, cap;
  tm_buf fold;
  uint32_t sent;         /* sentences so far */
  int oom;
} tm__stoks;

void tm__stoks_reset(tm__stoks *st);
void tm__stoks_free(tm__stoks *st);

/** tm_score_text, also recording stance tokens into st (may be NULL). */
int tm__score_text_st(const tm_lexicon *lex, const char *text, size_t len, const tm_span *skip,
                      size_t nskip, tm_sentiment *out, tm_explain *ex, tm__stoks *st);

typedef struct tm_stance_scratch tm_stance_scratch;
tm_stance_scratch *tm__stance_scratch_new(void);
void tm__stance_scratch_free(tm_stance_scratch *s);

/* scratch (may be NULL) keeps buffers between calls */
int tm__stance(const tm_lexicon *lex, const char *reply, const tm__stoks *tokens,
               float parent_compound, float reply_compound, int quotes_parent,
               tm_stance *out, tm_stance_explain *ex, tm_stance_scratch *scratch);

/** 1 when a quote span of the reply is found in the parent's text. */
int tm__quotes_text(const char *reply, const tm_span *spans, size_t nspans, const char *parent,
                    size_t plen);

/**
 * Normalize for matching quotes: folded (tm_text_fold), every run of
 * characters that are not letters or digits as one space, trimmed.
 * Invalid UTF-8 is copied as is.  The caller frees *out.
 */
int tm__normalize(char **out, size_t *len, const char *s, size_t n);

/** 1 when needle occurs in hay. */
int tm__contains(const char *hay, size_t hn, const char *needle, size_t nn);

#endif
