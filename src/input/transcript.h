/*
 * transcript.h - pasted transcripts (internal): what fmt_transcript.c
 * reads out of the lines and transcript_links.c turns into parent links.
 */
#ifndef TM_INPUT_TRANSCRIPT_H
#define TM_INPUT_TRANSCRIPT_H

#include <stddef.h>
#include <stdint.h>

#include "../util/buf.h"

#define TX_MAX_NAME 64 /* bytes of an author name */

/** Kinds of evidence for a parent link (bit k of an evidence mask). */
enum { TX_EV_LEVEL = 0, TX_EV_QUOTE, TX_EV_NAME, TX_EV_ALT, TX_EV_CUE, TX_EV_OVERLAP, TX_EV_TIME, TX_EV_COUNT };
/** Their names, as written in tm_comment.link_evidence. */
extern const char *const tm__tx_evidence[TX_EV_COUNT];

/** What an author line says. */
typedef struct tm__tx_author {
  const char *name;     /* in the input; NULL for [deleted] */
  size_t name_len;
  int deleted;
  int has_age;          /* relative age known */
  int64_t age, gran;    /* seconds back from the paste, and its unit */
  int has_time;         /* absolute time known */
  int64_t time;
  int has_score;
  int64_t score;
  int intro;            /* "name wrote:" form (not when a quote follows) */
} tm__tx_author;

/** One comment of the paste. */
typedef struct tm__tx_com {
  size_t line;        /* 1-based line of the author line */
  size_t first, last; /* body lines [first, last) */
  tm__tx_author au;
  int level;          /* 0 unknown */
  int dropped;        /* a duplicate of an earlier comment */
  tm_buf body;        /* cleaned body */
  char *own;          /* normalized own words (quote lines cut) */
  size_t ownn;
  uint32_t *words;    /* distinct distinctive words of own, hashed, sorted */
  size_t nwords;
  uint32_t idx;       /* index in the thread, or TM_NONE */
  uint32_t aid;       /* author number (case-insensitive), 0 for none */
} tm__tx_com;

/** FNV-1a hash of n bytes. */
uint32_t tm__tx_hash(const char *s, size_t n);
/** Words of a normalized text (space-separated). */
int tm__tx_words(const char *s, size_t n);

/**
 * Fill c->own (its body without "> " lines, normalized) and c->words.
 * @return TM_OK or TM_ENOMEM.
 */
int tm__tx_own(tm__tx_com *c);

/**
 * Infer the parents of cs[0..n) (paste order): par[i] gets the index of
 * the parent, or SIZE_MAX for the root; conf[i] the link's confidence;
 * evmask[i] the evidence used (bits TX_EV_*; 0: none).  story (normalized
 * story text) and topic (the story as a pseudo-comment, for word overlap)
 * may be NULL.  Linear in the paste.  @return TM_OK or TM_ENOMEM.
 */
int tm__tx_infer(tm__tx_com **cs, size_t n, const char *story, size_t storyn, const tm__tx_com *topic,
                 size_t *par, float *conf, unsigned *evmask);

#endif
