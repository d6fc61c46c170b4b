/*
 * sentiment.c - rule-based sentiment of one text.
 *
 * In the spirit of VADER (Hutto & Gilbert, ICWSM 2014) with our own
 * lexicons and three changes that matter on discussion threads:
 *  - quoted and code spans are skipped (someone else's words, or code);
 *  - sentences are scored one by one, and a comment's score combines the
 *    sentence sums divided by the square root of the number of sentences
 *    that carry sentiment plus a quarter of those that do not, so a long
 *    comment with one angry line is not read as furious, and a long
 *    mildly positive comment does not drift to +1;
 *  - contrast, hedges and sarcasm markers come from lexicon files with
 *    their weights, not from code.
 *
 * One pass over the bytes, no backtracking beyond a phrase of at most
 * TM_LEX_MAX_PHRASE words, so the cost is linear in the text length and
 * the same for emoticon- or punctuation-heavy text as for prose.
 *
 * Pipeline per sentence:  tokens -> units (phrases joined) -> word rules
 * (intensifier, caps, elongation, negation) -> contrast weights -> sum ->
 * punctuation emphasis, hedge, sarcasm -> sentence compound.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../text/utf8.h"
#include "../util/buf.h"
#include "lexicon.h"
#include "stance.h"

/* Constants, with where they come from.  The first four are VADER's
 * published empirical values (its paper, section 3.2), kept so that scores
 * read on the scale VADER users know. */
#define ALPHA 15.0f           /* compound = s / sqrt(s^2 + ALPHA) (VADER) */
#define CAPS_BOOST 0.733f     /* ALL-CAPS word among mixed case (VADER) */
#define EXCLAIM_BOOST 0.292f  /* per '!', at most 4 (VADER) */
#define QUESTION_BOOST 0.18f  /* per '?' beyond the first, at most 3 (VADER) */
#define ELONGATED_BOOST 0.3f  /* "goooood": like a mild intensifier (ours) */
#define NEG_SCOPE 3           /* words a negator reaches (VADER looks back 3) */
#define BOOST_REACH 2         /* words an intensifier reaches (ours) */
#define NEUTRAL_SENTENCE_SHARE 0.25f /* weight of a sentence without sentiment
                                        in the comment's divisor (ours) */
#define SATURATION_SENTENCES 4.0 /* see the comment-level aggregation (ours) */
#define HEDGE_FLOOR 0.6f      /* several hedges never soften below this (ours) */
#define MAX_TOKENS 512        /* tokens per sentence; longer runs are split */

enum { TK_WORD, TK_EMOTICON, TK_EMOJI, TK_CLAUSE, TK_OTHER };
enum { TF_CAPS = 1, TF_LOWER = 2, TF_ELONG = 4 };

typedef struct {
  uint32_t start, len;   /* in the text */
  uint32_t fstart, flen; /* folded form in the fold buffer */
  uint8_t kind, flags;
  uint32_t hash;         /* of the folded form, shared by every table */
  const tm_lexent *e;
} S_tok;

typedef struct {
  const tm_lexicon *lex;
  const char *text;
  size_t len;            /* bytes of text */
  int mixed, mixed_known;/* ALL CAPS among mixed case (lazy) */
  tm_buf fold;           /* folded token forms of the current sentence */
  tm_buf key;            /* phrase key scratch */
  size_t ntok;
  uint32_t sent_start;   /* byte where the current sentence starts */
  int excl, quest;       /* punctuation in the current sentence */
  int sarcasm_pending;   /* a sarcasm marker was seen in this sentence */
  /* comment level */
  double sum_total;      /* sum of sentence sums (after sentence rules) */
  double neutral_sentences, opinion_sentences;
  double pos, neg, neu;
  uint32_t hits, nsent;
  double prev_sum;       /* previous sentence's sum, for a leading "But" */
  double prev_pos, prev_neg; /* its shares of pos and neg */
  size_t prev_sent;      /* its index in ex->sent */
  int have_prev;
  tm_explain *ex;
  tm__stoks *st;         /* stance tokens to record, or NULL */
  int oom;
  S_tok tok[MAX_TOKENS]; /* last: tm_score_text zeroes what comes before */
} S_ctx;

const char *tm_rule_name(uint32_t bit) {
  switch (bit) {
  case TM_RULE_NEGATED: return "negated";
  case TM_RULE_INTENSIFIED: return "intensified";
  case TM_RULE_DAMPENED: return "dampened";
  case TM_RULE_CAPS: return "caps";
  case TM_RULE_CONTRAST_MAIN: return "contrast_main";
  case TM_RULE_CONTRAST_SIDE: return "contrast_conceded";
  case TM_RULE_HEDGED: return "hedged";
  case TM_RULE_SARCASM: return "sarcasm";
  case TM_RULE_PHRASE: return "phrase";
  case TM_RULE_EMOJI: return "emoji";
  case TM_RULE_EMOTICON: return "emoticon";
  case TM_RULE_ELONGATED: return "elongated";
  case TM_RULE_EXCLAIM: return "exclaim";
  case TM_RULE_QUESTION: return "question";
  default: return NULL;
  }
}

void tm_explain_free(tm_explain *ex) {
  if (!ex) return;
  free(ex->items);
  free(ex->sent);
  memset(ex, 0, sizeof *ex);
}

/* ------------------------------------------------------------ characters */

static int S_alnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Emoji and pictographs (each one a token of its own). */
static int S_is_emoji(int32_t cp) {
  return (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF) ||
         (cp >= 0x2B00 && cp <= 0x2BFF) || cp == 0x2764 || cp == 0x3030 ||
         cp == 0x303D || cp == 0x2122 || (cp >= 0x2190 && cp <= 0x21FF) ||
         (cp >= 0x2300 && cp <= 0x23FF) || cp == 0x00A9 || cp == 0x00AE;
}

/* Modifiers that ride on an emoji and do not change its meaning. */
static int S_is_emoji_modifier(int32_t cp) {
  return cp == 0xFE0F || cp == 0xFE0E || cp == 0x200D || (cp >= 0x1F3FB && cp <= 0x1F3FF);
}

/* Non-ASCII punctuation and spaces: General Punctuation, CJK and
 * full-width punctuation, NBSP. */
static int S_is_upunct(int32_t cp) {
  return (cp >= 0x2000 && cp <= 0x206F && cp != 0x2019) || cp == 0x00A0 ||
         cp == 0x00AB || cp == 0x00BB || (cp >= 0x3000 && cp <= 0x303F) ||
         (cp >= 0xFF01 && cp <= 0xFF0F) || cp == 0xFF1F || cp == 0xFF01;
}

/* --------------------------------------------------------------- tokens */

static S_tok *S_push(S_ctx *c, uint8_t kind, size_t start, size_t len) {
  if (c->ntok >= MAX_TOKENS) return NULL;
  S_tok *t = &c->tok[c->ntok++];
  t->start = (uint32_t)start;
  t->len = (uint32_t)len;
  t->fstart = t->flen = 0;
  t->kind = kind;
  t->flags = 0;
  t->e = NULL;
  return t;
}

/* Fold a word into c->fold; sets flags; returns 0 on ENOMEM. */
static int S_fold_word(S_ctx *c, S_tok *t) {
  const char *s = c->text + t->start;
  size_t n = t->len, upper = 0, lower = 0;
  int ascii = 1;
  uint32_t h = TM_LEX_HASH_INIT; /* hashed as folded: one pass for ASCII words */
  t->fstart = (uint32_t)c->fold.len;
  if (n + 1 >= c->fold.cap - c->fold.len && tm_buf_grow(&c->fold, n + 1)) return 0;
  char *out = c->fold.ptr + c->fold.len;
  for (size_t i = 0; i < n; i++) {
    unsigned char ch = (unsigned char)s[i];
    if (ch >= 0x80) ascii = 0;
    if (ch >= 'A' && ch <= 'Z') upper++, ch += 32;
    else if (ch >= 'a' && ch <= 'z') lower++;
    out[i] = (char)ch;
    h = tm__lex_hash_step(h, ch);
  }
  c->fold.len += n;
  if (!ascii) {
    c->fold.len = t->fstart;
    char *f;
    size_t fl;
    if (tm_text_fold(&f, &fl, s, n) == TM_OK) {
      int rc = tm_buf_put(&c->fold, f, fl);
      free(f);
      if (rc) return 0;
    } else if (tm_buf_put(&c->fold, s, n)) {
      return 0;
    }
  }
  t->flen = (uint32_t)(c->fold.len - t->fstart);
  t->hash = ascii ? h : tm__lex_hash(c->fold.ptr + t->fstart, t->flen);
  if (upper >= 2 && lower == 0) t->flags |= TF_CAPS;
  else if (lower) t->flags |= TF_LOWER;
  return 1;
}

/* Look a folded word up, trying what people do to words: "soooo" -> "soo"
 * -> "so"; a possessive "'s". */
static void S_lookup_word(S_ctx *c, S_tok *t) {
  const char *f = c->fold.ptr + t->fstart;
  size_t n = t->flen;
  t->e = tm__tab_get_h(&c->lex->words, f, n, t->hash);
  if (t->e) return;
  if (n > 2 && f[n - 2] == '\'' && f[n - 1] == 's') {
    t->e = tm__lex_get(c->lex, f, n - 2);
    if (t->e) return;
  }
  /* elongation: collapse runs of 3+ equal letters to 2, then to 1 */
  char tmp[64];
  if (n >= sizeof tmp) return;
  int run3 = 0;
  for (size_t i = 2; i < n; i++)
    if (f[i] == f[i - 1] && f[i] == f[i - 2]) run3 = 1;
  if (!run3) return;
  for (int keep = 2; keep >= 1; keep--) {
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
      size_t r = 0;
      while (r < (size_t)keep && m > r && tmp[m - 1 - r] == f[i]) r++;
      if (r >= (size_t)keep && i > 0 && f[i] == f[i - 1]) continue;
      tmp[m++] = f[i];
    }
    t->e = tm__lex_get(c->lex, tmp, m);
    if (t->e) {
      t->flags |= TF_ELONG;
      return;
    }
  }
}

/* ------------------------------------------------------------- scoring */

typedef struct {
  uint32_t first, ntok;   /* tokens covered */
  const tm_lexent *e;
  uint32_t start, len;    /* bytes */
  uint8_t kind, flags;
  int phrase;
} S_unit;

static float S_sign(float v) { return v < 0 ? -1.0f : 1.0f; }

static int S_contrib(S_ctx *c, const S_unit *u, float base, float value, uint32_t rules) {
  tm_explain *ex = c->ex;
  if (!ex) return 1;
  if (ex->n == ex->cap) {
    size_t cap = ex->cap ? ex->cap * 2 : 32;
    tm_contrib *it = realloc(ex->items, cap * sizeof *it);
    if (!it) return 0;
    ex->items = it;
    ex->cap = cap;
  }
  tm_contrib *k = &ex->items[ex->n++];
  k->start = u->start;
  k->len = u->len;
  k->sentence = (uint32_t)ex->nsent;
  k->rules = rules;
  k->base = base;
  k->value = value;
  return 1;
}

/* Does the whole text mix ALL-CAPS words with lowercase ones?  Scanned
 * once per text, and only when an all-caps word carries valence. */
static int S_mixed_case(S_ctx *c) {
  if (c->mixed_known) return c->mixed;
  size_t i = 0, len = c->len;
  int caps = 0, lower = 0;
  const char *text = c->text;
  while (i < len && !(caps && lower)) {
    while (i < len && !S_alnum((unsigned char)text[i])) i++;
    size_t j = i, up = 0, lo = 0;
    while (j < len && S_alnum((unsigned char)text[j])) {
      unsigned char ch = (unsigned char)text[j];
      if (ch >= 'A' && ch <= 'Z') up++;
      else if (ch >= 'a' && ch <= 'z') lo++;
      j++;
    }
    if (up >= 2 && !lo) caps = 1;
    else if (lo) lower = 1;
    i = j;
  }
  c->mixed_known = 1;
  c->mixed = caps && lower;
  return c->mixed;
}

void tm__stoks_reset(tm__stoks *st) {
  st->n = 0;
  st->sent = 0;
  st->oom = 0;
  tm_buf_reset(&st->fold);
}

void tm__stoks_free(tm__stoks *st) {
  free(st->tok);
  tm_buf_free(&st->fold);
  memset(st, 0, sizeof *st);
}

/* Record a stance token.  Words already folded by this pass pass their
 * offset (the fold buffer is kept whole while stance tokens are recorded);
 * other tokens (fstart < 0) have their text appended. */
static void S_st_push(S_ctx *c, uint32_t start, uint32_t len, long fstart, const char *fold, size_t flen,
                      int punct, uint32_t hash, const tm_lexent *word) {
  tm__stoks *st = c->st;
  if (st->n == st->cap) {
    size_t cap = st->cap ? st->cap * 2 : 256;
    tm__stok *nt = realloc(st->tok, cap * sizeof *nt);
    if (!nt) {
      st->oom = 1;
      return;
    }
    st->tok = nt;
    st->cap = cap;
  }
  tm__stok *t = &st->tok[st->n];
  t->start = start;
  t->len = len;
  if (fstart >= 0) {
    t->fstart = (uint32_t)fstart;
  } else {
    t->fstart = (uint32_t)c->fold.len;
    if (tm_buf_put(&c->fold, fold, flen)) {
      st->oom = 1;
      return;
    }
  }
  fold = c->fold.ptr + t->fstart;
  t->flen = (uint32_t)flen;
  t->sent = st->sent;
  t->punct = (uint8_t)punct;
  if (word && word->keylen == flen) /* the words table's own hit: its twin */
    t->e = word->cue >= 0 ? &c->lex->cues.ent[word->cue] : NULL;
  else
    t->e = tm__tab_get_h(&c->lex->cues, fold, flen, hash ? hash : tm__lex_hash(fold, flen));
  t->flags = t->e ? t->e->wflags : 0;
  st->n++;
}

/* Hand the sentence's tokens to the stance scorer. */
static void S_st_sentence(S_ctx *c, size_t end) {
  for (size_t k = 0; k < c->ntok; k++) {
    const S_tok *t = &c->tok[k];
    const char *s = c->text + t->start;
    if (t->kind == TK_WORD) {
      S_st_push(c, t->start, t->len, (long)t->fstart, NULL, t->flen, 0, t->hash, t->e);
    } else if (t->kind == TK_CLAUSE && (*s == ',' || *s == ';' || *s == ':')) {
      S_st_push(c, t->start, 1, -1, s, 1, 1, 0, NULL);
    } else if ((t->kind == TK_OTHER || t->kind == TK_EMOTICON) && (*s == '^' || *s == '+')) {
      /* "+1" is also an emoticon with valence; for stance it is a cue */
      S_st_push(c, t->start, t->len, -1, s, t->len, *s == '^' && t->len == 1, 0, NULL);
    }
  }
  /* the mark that ended it: '?' wins over '!' over '.' */
  if (end > 0 && end <= c->len) {
    char m = c->quest ? '?' : c->excl ? '!' : c->text[end - 1] == '.' ? '.' : 0;
    if (m) {
      /* the mark itself: the last one before `end` */
      size_t pos = end - 1;
      while (pos > c->sent_start && c->text[pos] != m) pos--; /* the last one: "Yep.....same." */
      if (c->text[pos] != m) pos = end - 1;
      S_st_push(c, (uint32_t)pos, 1, -1, &m, 1, 1, 0, NULL);
    }
  }
  c->st->sent++;
}

/* Append [sep] s[0..n) to a phrase key: the common case (room already)
 * without a call. */
static int S_key_put(tm_buf *b, char sep, const char *s, size_t n) {
  size_t need = n + (sep != 0);
  if (need >= b->cap - b->len) {
    int rc = tm_buf_grow(b, need);
    if (rc) return rc;
  }
  if (sep) b->ptr[b->len++] = sep;
  tm__copy_small(b->ptr + b->len, s, n);
  b->len += n;
  b->ptr[b->len] = '\0';
  return TM_OK;
}

static void S_end_sentence(S_ctx *c, size_t end) {
  if (c->ntok && c->st) S_st_sentence(c, end);
  if (c->ntok == 0) { /* punctuation only: nothing to score */
    c->excl = c->quest = 0;
    c->sarcasm_pending = 0;
    return;
  }
  S_unit units[MAX_TOKENS];
  float val[MAX_TOKENS];
  uint32_t rules[MAX_TOKENS];
  size_t nu = 0;
  int had_words = 0;

  /* 1. units: the longest phrase at each word that can start one */
  for (size_t i = 0; i < c->ntok;) {
    S_tok *t = &c->tok[i];
    S_unit *u = &units[nu++];
    u->first = (uint32_t)i;
    u->ntok = 1;
    u->e = t->e;
    u->start = t->start;
    u->len = t->len;
    u->kind = t->kind;
    u->flags = t->flags;
    u->phrase = 0;
    if (t->kind == TK_WORD) had_words = 1;
    if (t->kind == TK_WORD && t->e && t->e->phrase_max >= 2) {
      /* extend word by word while the words so far start some phrase */
      size_t maxk = t->e->phrase_max;
      if (maxk > c->ntok - i) maxk = c->ntok - i;
      tm_buf_reset(&c->key);
      if (S_key_put(&c->key, 0, c->fold.ptr + t->fstart, t->flen)) c->oom = 1;
      uint32_t h = t->hash; /* FNV-1a runs on: extend the key's hash */
      for (size_t k = 2; k <= maxk && !c->oom; k++) {
        const S_tok *n = &c->tok[i + k - 1];
        if (n->kind != TK_WORD) break;
        if (S_key_put(&c->key, ' ', c->fold.ptr + n->fstart, n->flen)) {
          c->oom = 1;
          break;
        }
        h = tm__lex_hash_more(h, c->key.ptr + c->key.len - n->flen - 1, n->flen + 1);
        const tm_lexent *pe = tm__tab_get_h(&c->lex->words, c->key.ptr, c->key.len, h);
        if (!pe) break;
        if (pe->has_valence || pe->mod) {
          u->e = pe;
          u->ntok = (uint32_t)k;
          u->len = n->start + n->len - t->start;
          u->phrase = 1;
          u->flags = 0;
        }
        if (!pe->is_prefix) break;
      }
    }
    i += u->ntok;
  }

  /* 2. word-level rules */
  float neg_w = 0, boost = 0;
  int neg_scope = 0, boost_dist = 99;
  float hedge = 1, sarcasm = 0;
  int mixed = -1; /* ALL CAPS among mixed case: computed when first needed */
  /* contrast: the last 'after' marker, or a 'before' marker */
  long c_after = -1, c_before = -1;
  float w_after = 0, w_before = 0;
  for (size_t k = 0; k < nu; k++) {
    S_unit *u = &units[k];
    val[k] = 0;
    rules[k] = 0;
    if (u->kind == TK_CLAUSE) {
      neg_scope = 0;
      boost = 0;
      continue;
    }
    const tm_lexent *e = u->e;
    if (!e || (!e->has_valence && !e->mod)) {
      if (neg_scope > 0) neg_scope--;
      boost_dist++;
      continue;
    }
    int as_mod = e->mod != TM_MOD_NONE;
    if (as_mod && e->has_valence) {
      /* "terribly good": a modifier; "it was terrible": a valence word */
      const S_unit *n = k + 1 < nu ? &units[k + 1] : NULL;
      as_mod = e->mod == TM_MOD_INTENSIFIER
                   ? (n && n->e && n->e->has_valence && n->kind == TK_WORD)
                   : 1;
      if (e->mod == TM_MOD_HEDGE || e->mod == TM_MOD_CONTRAST) as_mod = 1;
    }
    if (as_mod) {
      switch (e->mod) {
      case TM_MOD_NEGATOR:
        neg_w = neg_scope > 0 ? neg_w * e->weight : e->weight;
        neg_scope = NEG_SCOPE;
        break;
      case TM_MOD_INTENSIFIER:
        boost = boost_dist <= BOOST_REACH ? boost + e->weight : e->weight;
        boost_dist = 0;
        break;
      case TM_MOD_CONTRAST:
        if (e->contrast_after) c_after = (long)k, w_after = e->weight;
        else if (c_before < 0) c_before = (long)k, w_before = e->weight;
        neg_scope = 0;
        break;
      case TM_MOD_HEDGE:
        hedge *= e->weight;
        if (hedge < HEDGE_FLOOR) hedge = HEDGE_FLOOR;
        break;
      case TM_MOD_SARCASM:
        sarcasm = e->weight;
        break;
      }
      if (e->mod != TM_MOD_INTENSIFIER) boost_dist++;
      continue;
    }
    float base = e->valence, v = base;
    uint32_t r = u->phrase ? TM_RULE_PHRASE : 0;
    if (u->kind == TK_EMOJI) r |= TM_RULE_EMOJI;
    if (u->kind == TK_EMOTICON) r |= TM_RULE_EMOTICON;
    if (v != 0) {
      if (boost != 0 && boost_dist <= BOOST_REACH) {
        float b = boost * (1.0f - 0.05f * (float)boost_dist);
        float nv = v + S_sign(v) * b;
        if (S_sign(nv) != S_sign(v)) nv = v * 0.1f; /* a dampener never flips */
        v = nv;
        r |= b > 0 ? TM_RULE_INTENSIFIED : TM_RULE_DAMPENED;
      }
      if ((u->flags & TF_CAPS) && mixed < 0) mixed = S_mixed_case(c);
      if ((u->flags & TF_CAPS) && mixed > 0) {
        v += S_sign(v) * CAPS_BOOST;
        r |= TM_RULE_CAPS;
      }
      if (u->flags & TF_ELONG) {
        v += S_sign(v) * ELONGATED_BOOST;
        r |= TM_RULE_ELONGATED;
      }
      if (neg_scope > 0) {
        v *= neg_w;
        r |= TM_RULE_NEGATED;
        neg_scope = 0;
      }
    }
    val[k] = v;
    rules[k] = r;
    boost = 0;
    boost_dist = 99;
    if (neg_scope > 0) neg_scope--;
  }

  /* 3. contrast weights */
  if (c_after >= 0) {
    for (size_t k = 0; k < nu; k++) {
      if (!val[k]) continue;
      if ((long)k < c_after) val[k] *= 2 * (1 - w_after), rules[k] |= TM_RULE_CONTRAST_SIDE;
      else val[k] *= 2 * w_after, rules[k] |= TM_RULE_CONTRAST_MAIN;
    }
  } else if (c_before >= 0) {
    /* "Although X, Y": X ends at the first clause break after the marker.
     * "Y, although X": X is everything after the marker. */
    size_t x_end = nu;
    if (c_before <= 1) {
      for (size_t k = (size_t)c_before + 1; k < nu; k++)
        if (units[k].kind == TK_CLAUSE) {
          x_end = k;
          break;
        }
    }
    for (size_t k = 0; k < nu; k++) {
      if (!val[k]) continue;
      int conceded = c_before <= 1 ? ((long)k > c_before && k < x_end) : (long)k > c_before;
      if (c_before <= 1 && x_end == nu) conceded = 0; /* no clause break: nothing to weigh */
      if (conceded) val[k] *= 2 * (1 - w_before), rules[k] |= TM_RULE_CONTRAST_SIDE;
      else val[k] *= 2 * w_before, rules[k] |= TM_RULE_CONTRAST_MAIN;
    }
  }

  /* 4. sentence sum and sentence-level rules */
  double s = 0;
  uint32_t srules = 0;
  uint32_t nhits = 0, nneu = 0;
  for (size_t k = 0; k < nu; k++) {
    if (!val[k]) {
      if (units[k].kind == TK_WORD && !(units[k].e && units[k].e->mod)) nneu++;
      continue;
    }
    s += val[k];
    nhits++;
    if (!S_contrib(c, &units[k], units[k].e->valence, val[k], rules[k])) c->oom = 1;
  }
  c->neu += nneu; /* a count: the same double as adding 1 at a time */
  if (s != 0) {
    int ex = c->excl > 4 ? 4 : c->excl;
    if (ex) s += (s > 0 ? 1 : -1) * ex * EXCLAIM_BOOST, srules |= TM_RULE_EXCLAIM;
    if (c->quest > 1) {
      double q = c->quest > 3 ? 0.96 : c->quest * QUESTION_BOOST;
      s += (s > 0 ? 1 : -1) * q;
      srules |= TM_RULE_QUESTION;
    }
    if (hedge < 1) s *= hedge, srules |= TM_RULE_HEDGED;
  }
  if (sarcasm != 0) {
    srules |= TM_RULE_SARCASM;
    if (s != 0) {
      s *= sarcasm;
    } else if (c->have_prev && c->prev_sum != 0) {
      /* "Great job. /s": the marker flips the sentence before it */
      c->sum_total -= c->prev_sum;
      c->prev_sum *= sarcasm;
      c->sum_total += c->prev_sum;
      if (c->ex && c->prev_sent < c->ex->nsent) {
        tm_sentence_score *ps = &c->ex->sent[c->prev_sent];
        ps->sum = (float)c->prev_sum;
        ps->compound = (float)(c->prev_sum / sqrt(c->prev_sum * c->prev_sum + ALPHA));
        ps->rules |= TM_RULE_SARCASM;
      }
    }
  }
  /* a sentence that opens with an 'after' marker ("But ...") concedes the
   * sentence before it */
  if (c_after >= 0 && c_after <= 1 && c->have_prev && c->prev_sum != 0 && s != 0) {
    c->sum_total -= c->prev_sum;
    c->prev_sum *= 2 * (1 - w_after);
    c->sum_total += c->prev_sum;
    if (c->ex && c->prev_sent < c->ex->nsent) {
      tm_sentence_score *ps = &c->ex->sent[c->prev_sent];
      ps->sum = (float)c->prev_sum;
      ps->compound = (float)(c->prev_sum / sqrt(c->prev_sum * c->prev_sum + ALPHA));
      ps->rules |= TM_RULE_CONTRAST_SIDE;
    }
  }
  double spos = 0, sneg = 0;
  for (size_t k = 0; k < nu; k++) {
    if (!val[k]) continue;
    double v = val[k];
    if (s != 0 && hedge < 1) v *= hedge;
    if (s != 0 && sarcasm != 0) v *= sarcasm; /* proportions follow the flip */
    if (v > 0) spos += v + 1;
    else sneg += -v + 1;
  }
  if (sarcasm != 0 && s == 0 && c->have_prev && c->prev_sum != 0) {
    /* the flip of the sentence before moves its share across */
    double a = fabs(sarcasm);
    c->pos += c->prev_neg * a - c->prev_pos;
    c->neg += c->prev_pos * a - c->prev_neg;
  }
  c->pos += spos;
  c->neg += sneg;
  c->hits += nhits;

  if (had_words || nhits) {
    if (c->ex) {
      tm_explain *ex = c->ex;
      if (ex->nsent == ex->capsent) {
        size_t cap = ex->capsent ? ex->capsent * 2 : 8;
        tm_sentence_score *ns = realloc(ex->sent, cap * sizeof *ns);
        if (!ns) c->oom = 1;
        else ex->sent = ns, ex->capsent = cap;
      }
      if (ex->nsent < ex->capsent) {
        tm_sentence_score *ss = &ex->sent[ex->nsent];
        ss->start = c->sent_start;
        ss->len = (uint32_t)(end - c->sent_start);
        ss->sum = (float)s;
        ss->compound = (float)(s / sqrt(s * s + ALPHA));
        ss->rules = srules;
        c->prev_sent = ex->nsent++;
      }
    }
    c->nsent++;
    c->sum_total += s;
    if (s != 0) c->opinion_sentences += 1;
    else c->neutral_sentences += 1;
    c->prev_sum = s;
    c->prev_pos = spos;
    c->prev_neg = sneg;
    c->have_prev = 1;
  }
  c->ntok = 0;
  if (!c->st) tm_buf_reset(&c->fold); /* stance tokens point into it */
  c->excl = c->quest = 0;
}

/* ------------------------------------------------------------ tokenizer */

/* Scan text[from, to) (a stretch outside skipped spans). */
static void S_scan(S_ctx *c, size_t from, size_t to) {
  const unsigned char *p = (const unsigned char *)c->text;
  size_t i = from;
  if (c->ntok == 0) c->sent_start = (uint32_t)from;
  while (i < to) {
    unsigned char ch = p[i];
    if (c->ntok == 0 && (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n')) {
      i++;
      c->sent_start = (uint32_t)i;
      continue;
    }
    if (c->ntok >= MAX_TOKENS - 1) S_end_sentence(c, i), c->sent_start = (uint32_t)i;
    if (ch == ' ' || ch == '\t' || ch == '\r') {
      i++;
      continue;
    }
    if (ch == '\n') {
      S_end_sentence(c, i);
      i++;
      c->sent_start = (uint32_t)i;
      continue;
    }
    /* URLs and @mentions are neutral: skip them whole */
    if ((ch == 'h' && to - i > 7 && (!memcmp(p + i, "http://", 7) || !memcmp(p + i, "https://", 8))) ||
        (ch == 'w' && to - i > 4 && !memcmp(p + i, "www.", 4)) ||
        (ch == '@' && i + 1 < to && S_alnum(p[i + 1]))) {
      size_t j = i;
      while (j < to && p[j] != ' ' && p[j] != '\n' && p[j] != '\t') j++;
      S_push(c, TK_OTHER, i, j - i);
      i = j;
      continue;
    }
    if (ch < 0x80 && !S_alnum(ch) && ch != '_') {
      /* emoticons led by punctuation, at a token start */
      int at_start = i == from || p[i - 1] == ' ' || p[i - 1] == '\n' || p[i - 1] == '\t' ||
                     p[i - 1] == '(' || p[i - 1] == '"';
      if (at_start && c->lex->nemo[ch]) {
        const tm_lexent *hit = NULL;
        for (uint16_t k = 0; k < c->lex->nemo[ch]; k++) {
          const tm_lexent *e = c->lex->emo[ch][k];
          size_t n = e->keylen;
          if (n > to - i || (n > 1 && (unsigned char)e->key[1] != p[i + 1])) continue;
          if (memcmp(p + i, e->key, n) == 0 &&
              (i + n == to || !S_alnum(p[i + n]) || p[i + n - 1] == ')')) {
            hit = e;
            break;
          }
        }
        if (hit) {
          S_tok *t = S_push(c, TK_EMOTICON, i, hit->keylen);
          if (t) t->e = hit;
          i += hit->keylen;
          continue;
        }
      }
      /* "/s" and "/sarcasm" */
      if (ch == '/' && i + 1 < to && (p[i + 1] == 's' || p[i + 1] == 'S') &&
          (i + 2 == to || !S_alnum(p[i + 2]))) {
        S_tok *t = S_push(c, TK_OTHER, i, 2);
        if (t) t->e = tm__lex_get(c->lex, "/s", 2);
        i += 2;
        continue;
      }
      if (ch == '!') {
        c->excl++;
        i++;
        if (i < to && (p[i] == '!' || p[i] == '?')) continue;
        S_end_sentence(c, i);
        c->sent_start = (uint32_t)i;
        continue;
      }
      if (ch == '?') {
        c->quest++;
        i++;
        if (i < to && (p[i] == '!' || p[i] == '?')) continue;
        S_end_sentence(c, i);
        c->sent_start = (uint32_t)i;
        continue;
      }
      if (ch == '.') {
        i++;
        if (i < to && p[i] == '.') continue; /* an ellipsis ends once */
        if (i < to && S_alnum(p[i])) continue; /* "3.5", "e.g" */
        S_end_sentence(c, i);
        c->sent_start = (uint32_t)i;
        continue;
      }
      if (ch == ',' || ch == ';' || ch == ':' || ch == '(' || ch == ')' || ch == '-')
        S_push(c, TK_CLAUSE, i, 1);
      /* "^" (I agree with the comment above) and "+1": stance cues only */
      if (ch == '^') S_push(c, TK_OTHER, i, 1);
      if (ch == '+' && i + 1 < to && p[i + 1] >= '0' && p[i + 1] <= '9') {
        size_t j = i + 1;
        while (j < to && p[j] >= '0' && p[j] <= '9') j++;
        S_push(c, TK_OTHER, i, j - i);
        i = j;
        continue;
      }
      i++;
      continue;
    }
    if (ch >= 0x80) {
      int32_t cp;
      size_t n = tm__utf8_decode(p + i, to - i, &cp);
      if (!n) {
        i++;
        continue;
      }
      if (S_is_emoji(cp)) {
        S_tok *t = S_push(c, TK_EMOJI, i, n);
        if (t) t->e = tm__lex_get(c->lex, (const char *)p + i, n);
        i += n;
        /* skip presentation selectors, skin tones, joiners */
        while (i < to) {
          size_t m = tm__utf8_decode(p + i, to - i, &cp);
          if (!m || !S_is_emoji_modifier(cp)) break;
          i += m;
        }
        continue;
      }
      if (S_is_upunct(cp)) {
        if (cp == 0x2026) { /* … */
          i += n;
          S_end_sentence(c, i);
          c->sent_start = (uint32_t)i;
          continue;
        }
        if (cp == 0x2014 || cp == 0x2013) S_push(c, TK_CLAUSE, i, n);
        i += n;
        continue;
      }
    }
    /* a word: letters, digits, inner apostrophes and hyphens */
    size_t j = i;
    int hyphen = 0;
    while (j < to) {
      unsigned char d = p[j];
      if (S_alnum(d) || d == '_') {
        j++;
      } else if ((d == '\'' || d == '-') && j > i && j + 1 < to && S_alnum(p[j + 1])) {
        hyphen |= d == '-';
        j++;
      } else if (d >= 0x80) {
        int32_t cp;
        size_t n = tm__utf8_decode(p + j, to - j, &cp);
        if (!n || S_is_emoji(cp) || (S_is_upunct(cp))) break;
        if (cp == 0x2019 && !(j + n < to && S_alnum(p[j + n]))) break;
        j += n;
      } else {
        break;
      }
    }
    if (j == i) j = i + 1;
    S_tok *t = S_push(c, TK_WORD, i, j - i);
    if (t) {
      if (!S_fold_word(c, t)) c->oom = 1;
      else S_lookup_word(c, t);
      if (!t->e && hyphen) {
        /* "well-made" absent: score its parts */
        c->ntok--;
        size_t a = i;
        for (size_t k = i; k <= j; k++) {
          if (k == j || p[k] == '-') {
            if (k > a) {
              S_tok *s = S_push(c, TK_WORD, a, k - a);
              if (s && S_fold_word(c, s)) S_lookup_word(c, s);
            }
            a = k + 1;
          }
        }
      }
    }
    i = j;
  }
}

int tm_score_text(const tm_lexicon *lex, const char *text, size_t len, const tm_span *skip,
                  size_t nskip, tm_sentiment *out, tm_explain *ex) {
  return tm__score_text_st(lex, text, len, skip, nskip, out, ex, NULL);
}

int tm__score_text_st(const tm_lexicon *lex, const char *text, size_t len, const tm_span *skip,
                      size_t nskip, tm_sentiment *out, tm_explain *ex, tm__stoks *st) {
  S_ctx ctx, *c = &ctx; /* about 13 KiB, on the stack: no allocation per text */
  memset(c, 0, offsetof(S_ctx, tok));
  c->lex = lex;
  c->text = text;
  c->len = len;
  c->ex = ex;
  c->st = st;
  if (st) {
    tm__stoks_reset(st);
    c->fold = st->fold; /* one fold buffer for the text, handed back at the end */
    memset(&st->fold, 0, sizeof st->fold);
  }
  if (ex) ex->n = ex->nsent = 0;
  /* scan the stretches between skipped spans */
  size_t pos = 0;
  for (size_t k = 0; k < nskip; k++) {
    /* quotes, code and mail signatures are not the author's argument */
    if (skip[k].kind != TM_SPAN_QUOTE && skip[k].kind != TM_SPAN_CODE &&
        skip[k].kind != TM_SPAN_SIGNATURE)
      continue;
    size_t s = skip[k].start, e = (size_t)skip[k].start + skip[k].len;
    if (e > len) e = len;
    if (s < pos) {
      if (e > pos) pos = e;
      continue;
    }
    if (s > pos) S_scan(c, pos, s);
    S_end_sentence(c, s);
    pos = e;
  }
  if (pos < len) S_scan(c, pos, len);
  S_end_sentence(c, len);

  /* Up to SATURATION_SENTENCES the sentence sums add up as in one long
   * sentence, divided by sqrt(n): agreeing sentences reinforce each other.
   * Beyond, the comment reads as its mean sentence times
   * sqrt(SATURATION_SENTENCES), so length alone never drives it to +-1. */
  double n = c->opinion_sentences + NEUTRAL_SENTENCE_SHARE * c->neutral_sentences;
  if (n < 1) n = 1;
  double s = n <= SATURATION_SENTENCES ? c->sum_total / sqrt(n)
                                       : c->sum_total / n * sqrt(SATURATION_SENTENCES);
  memset(out, 0, sizeof *out);
  out->compound = (float)(s / sqrt(s * s + ALPHA));
  double total = c->pos + c->neg + c->neu;
  if (total > 0) {
    out->pos = (float)(c->pos / total);
    out->neg = (float)(c->neg / total);
    out->neu = (float)(c->neu / total);
  }
  out->sentences = c->nsent;
  out->hits = c->hits;
  int oom = c->oom || (st && st->oom);
  if (st) st->fold = c->fold;
  else tm_buf_free(&c->fold);
  tm_buf_free(&c->key);
  return oom ? TM_ENOMEM : TM_OK;
}
