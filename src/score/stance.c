/*
 * stance.c - a reply's stance toward the comment it answers.
 *
 * Evidence, each piece with a signed weight (+ agree, - disagree):
 *  - cue phrases from lexicons/stance.tsv ("I agree", "exactly", "this.",
 *    "that's just wrong", "source?", "no," at the start...), with their
 *    position constraint (anywhere, first sentence, a sentence alone);
 *  - negation: an agreement cue after a negator ("I don't agree",
 *    "not exactly") counts as disagreement, and the reverse;
 *  - hedges soften the cues of their sentence;
 *  - concession ("sure, but", "fair, but") marks the reply as mixed when
 *    neither side dominates;
 *  - quote-and-rebut: a reply that quotes its parent and argues is taken as
 *    disagreement unless its cues say it agrees;
 *  - the sentiment of the reply's own words, weakly.
 * A = sum of positive evidence, D = sum of negative evidence;
 * score = tanh(A - D), confidence = tanh(|A - D|) scaled by how one-sided
 * the evidence is; the label follows the thresholds below.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../text/utf8.h"
#include "../util/buf.h"
#include "lexicon.h"
#include "stance.h"

/* Thresholds and weights, chosen once for all topics (ours; the discourse
 * weights follow what argument-mining studies report: disagreement
 * addresses the other person, negates and asks; agreement exclaims and
 * sides against third parties). */
#define AGREE_T 0.05f           /* A - D above this: agree */
#define DISAGREE_T 0.20f        /* A - D below minus this: disagree */
#define YOU_W 0.35f             /* the reply addresses its parent's author ("you") */
#define NEGATION_W 0.10f        /* per negation, at most 2 */
#define QUESTION_W 0.15f        /* per question, at most 2 */
#define EXCLAIM_W 0.25f         /* an exclamation */
#define THEY_W 0.20f            /* talks about third parties ("they", "them") */
#define ALIGN_W 0.30f           /* x parent compound x reply compound */
#define AFFIRM_W 0.20f          /* "yeah", "true", "exactly" anywhere */
#define STRONG_SHIFT 0.30f      /* strong language: the writer takes a side (thresholds lowered) */
#define MIXED_MIN 0.35f         /* both sides at least this for "mixed" */
#define MIXED_RATIO 0.45f       /* ... and the weaker at least this share of the stronger */
#define QUOTE_REBUT_W -0.55f    /* quoting the parent and arguing */
#define NEGATED_CUE_FACTOR -0.8f/* a negated cue turns and weakens */
#define NEG_LOOKBACK 3          /* tokens before a cue searched for a negator */
#define START_TOKENS 8          /* "start" cues: within the first sentence and this many tokens */
#define MAX_STOK 4096           /* tokens of a reply considered (the rest adds nothing) */

const char *tm_stance_name(uint32_t label) {
  switch (label) {
  case TM_STANCE_NEUTRAL: return "neutral";
  case TM_STANCE_AGREE: return "agree";
  case TM_STANCE_DISAGREE: return "disagree";
  case TM_STANCE_MIXED: return "mixed";
  default: return NULL;
  }
}

const char *tm_cue_name(uint32_t kind) {
  static const char *const names[] = {NULL, "agree", "disagree", "negated_agree", "concession",
                                      "challenge", "hedge", "attack", "quote_rebut", "sentiment",
                                      "negated", "discourse", "rapport", "sarcasm"};
  return kind < sizeof names / sizeof names[0] ? names[kind] : NULL;
}

void tm_stance_explain_free(tm_stance_explain *ex) {
  if (!ex) return;
  free(ex->items);
  memset(ex, 0, sizeof *ex);
}

enum { SF_NEG = TM_SW_NEG, SF_YOU = TM_SW_YOU, SF_THEY = TM_SW_THEY, SF_AFFIRM = TM_SW_AFFIRM,
       SF_STRONG = TM_SW_STRONG, SF_ACK = TM_SW_ACK, SF_CONTRAST = TM_SW_CONTRAST };

typedef tm__stok S_stok;

typedef struct {
  const tm_lexicon *lex;
  const char *text;
  tm_buf fold;
  S_stok *tok;
  size_t n, cap;
  uint32_t sent;
  int oom;
} S_sctx;

static int S_cue(tm_stance_explain *ex, uint32_t start, uint32_t len, float w, uint32_t kind) {
  if (!ex) return 1;
  if (ex->n == ex->cap) {
    size_t cap = ex->cap ? ex->cap * 2 : 8;
    tm_stance_cue *it = realloc(ex->items, cap * sizeof *it);
    if (!it) return 0;
    ex->items = it;
    ex->cap = cap;
  }
  tm_stance_cue *k = &ex->items[ex->n++];
  k->start = start;
  k->len = len;
  k->weight = w;
  k->kind = kind;
  return 1;
}

static int S_sentence_has(const S_sctx *c, uint32_t sent, uint8_t flag) {
  for (size_t i = 0; i < c->n; i++)
    if (c->tok[i].sent == sent && (c->tok[i].flags & flag)) return 1;
  return 0;
}

/* Does the reply end with the sarcasm tag "/s" (alone after a space or
 * line start, maybe followed by spaces or a full stop)? */
static int S_sarcastic(const char *text) {
  size_t n = strlen(text);
  while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '\n' || text[n - 1] == '\t' ||
                   text[n - 1] == '\r' || text[n - 1] == '.'))
    n--;
  if (n < 2 || text[n - 1] != 's' || text[n - 2] != '/') return 0;
  return n == 2 || text[n - 3] == ' ' || text[n - 3] == '\n' || text[n - 3] == '\t' ||
         text[n - 3] == '.' || text[n - 3] == '!' || text[n - 3] == '?';
}

struct tm_stance_scratch {
  tm_buf key;        /* cue keys */
  float *hedge;      /* per-sentence hedge multipliers */
  size_t caphedge;
};

tm_stance_scratch *tm__stance_scratch_new(void) { return calloc(1, sizeof(tm_stance_scratch)); }

void tm__stance_scratch_free(tm_stance_scratch *s) {
  if (!s) return;
  tm_buf_free(&s->key);
  free(s->hedge);
  free(s);
}

int tm__stance(const tm_lexicon *lex, const char *reply, const tm__stoks *tokens,
               float parent_compound, float reply_compound, int quotes_parent,
               tm_stance *out, tm_stance_explain *ex, tm_stance_scratch *scratch) {
  S_sctx c;
  memset(&c, 0, sizeof c);
  c.lex = lex;
  c.text = reply;
  c.tok = tokens->tok;
  c.n = tokens->n;
  c.fold = tokens->fold; /* read only */
  c.sent = tokens->sent;
  if (ex) ex->n = 0;

  double A = 0, D = 0;
  uint32_t cues = 0;
  int concession = 0, agree_cue = 0, attack_elsewhere = 0, rapport = 0, other_cue = 0;
  /* hedges: multiplier per sentence, found first */
  uint32_t nsent = c.sent;
  float *hedge = NULL;
  if (scratch && nsent <= scratch->caphedge) {
    hedge = scratch->hedge;
  } else if (nsent) {
    hedge = malloc(nsent * sizeof *hedge);
    if (scratch && hedge) {
      free(scratch->hedge);
      scratch->hedge = hedge;
      scratch->caphedge = nsent;
    }
  }
  if (nsent && !hedge) c.oom = 1;
  for (uint32_t s = 0; hedge && s < nsent; s++) hedge[s] = 1;
  tm_buf key = TM_BUF_INIT;
  if (scratch) key = scratch->key;
  /* one pass finds the cues (longest at each token); hedges are applied
   * to their sentence's other cues afterwards */
  typedef struct { uint32_t i, k; const tm_lexent *e; } S_match;
  S_match mstack[64], *m = mstack;
  size_t nm = 0, capm = 64;
  for (size_t i = 0; i < c.n && !c.oom;) {
    const S_stok *t0 = &c.tok[i];
    if (!t0->e || (!t0->e->cue_kind && !t0->e->is_prefix)) {
      i++;
      continue;
    }
    const tm_lexent *best = t0->e->cue_kind ? t0->e : NULL;
    size_t bestk = best ? 1 : 0;
    if (t0->e->is_prefix) {
      tm_buf_reset(&key);
      if (tm_buf_put(&key, c.fold.ptr + t0->fstart, t0->flen)) c.oom = 1;
      for (size_t k = 2; !c.oom && i + k <= c.n && k <= TM_LEX_MAX_PHRASE; k++) {
        const S_stok *t = &c.tok[i + k - 1];
        if (t->sent != t0->sent && !t->punct) break;
        if (!t->e) break; /* a word in no cue ends every cue here */
        if (tm_buf_putc(&key, ' ') || tm_buf_put(&key, c.fold.ptr + t->fstart, t->flen)) {
          c.oom = 1;
          break;
        }
        const tm_lexent *e = tm__cue_get(lex, key.ptr, key.len);
        if (!e) break;
        if (e->cue_kind) best = e, bestk = k;
        if (!e->is_prefix) break;
      }
    }
    if (!best) {
      i++;
      continue;
    }
    const S_stok *first = t0, *last = &c.tok[i + bestk - 1];
    int ok = 1;
    if (best->cue_pos == TM_CUEPOS_START) ok = first->sent == c.tok[0].sent && i < START_TOKENS;
    if (best->cue_pos == TM_CUEPOS_ALONE) {
      /* the cue is its whole sentence, save trailing punctuation */
      int before = i > 0 && c.tok[i - 1].sent == first->sent;
      size_t j = i + bestk;
      while (j < c.n && c.tok[j].sent == last->sent && c.tok[j].punct) j++;
      int after = j < c.n && c.tok[j].sent == last->sent;
      ok = !before && !after;
    }
    if (ok) {
      if (best->cue_kind == TM_CUE_HEDGE) {
        if (hedge) hedge[first->sent] *= best->cue_weight > 0 && best->cue_weight < 1 ? best->cue_weight : 0.8f;
      } else {
        if (nm == capm) {
          S_match *nmv = malloc(capm * 2 * sizeof *nmv);
          if (!nmv) {
            c.oom = 1;
            break;
          }
          memcpy(nmv, m, nm * sizeof *m);
          if (m != mstack) free(m);
          m = nmv;
          capm *= 2;
        }
        m[nm].i = (uint32_t)i;
        m[nm].k = (uint32_t)bestk;
        m[nm].e = best;
        nm++;
      }
    }
    i += bestk;
  }
  for (size_t q = 0; q < nm; q++) {
    size_t i = m[q].i;
    const tm_lexent *best = m[q].e;
    const S_stok *first = &c.tok[i], *last = &c.tok[i + m[q].k - 1];
    int kind = best->cue_kind;
    float w = best->cue_weight;
    uint32_t shown = (uint32_t)kind;
    /* a negator just before turns the cue ("don't agree", "not wrong") */
    int negated = 0;
    for (size_t b = i; b > 0 && i - b < NEG_LOOKBACK; b--) {
      if (c.tok[b - 1].sent != first->sent || c.tok[b - 1].punct) break;
      if (c.tok[b - 1].flags & SF_NEG) negated = 1;
    }
    if (negated && (kind == TM_CUE_AGREE || kind == TM_CUE_DISAGREE)) {
      w *= NEGATED_CUE_FACTOR;
      shown = TM_CUE_NEGATED;
    }
    /* an insult is an attack on the parent's author only when the
     * sentence addresses them; otherwise it is about third parties,
     * which marks a side taken but not against the parent */
    if (kind == TM_CUE_ATTACK && !S_sentence_has(&c, first->sent, SF_YOU)) {
      attack_elsewhere = 1;
      continue;
    }
    if (hedge) w *= hedge[first->sent];
    if (kind == TM_CUE_CONCESSION) concession = 1;
    if (kind == TM_CUE_RAPPORT) rapport = 1;
    else other_cue = 1;
    if (w > 0) A += w, agree_cue = 1;
    else D += -w;
    cues |= 1u << shown;
    if (!S_cue(ex, first->start, last->start + last->len - first->start, w, shown)) c.oom = 1;
  }
  if (m != mstack) free(m);
  /* a closing "/s" marks the reply as sarcastic: its cues mean the opposite */
  int sarcastic = S_sarcastic(reply);
  if (sarcastic && (A > 0 || D > 0)) {
    double t = A;
    A = D;
    D = t;
    agree_cue = A > 0;
    rapport = 0; /* sarcastic thanks are no courtesy */
    other_cue = 1;
    if (!S_cue(ex, 0, 0, (float)(A - D), TM_CUE_SARCASM)) c.oom = 1;
    cues |= 1u << TM_CUE_SARCASM;
  }
  double cueA = A, cueD = D; /* phrase cues only, for "mixed" */
  /* quote-and-rebut */
  if (quotes_parent && !agree_cue && c.n > 3) {
    D += -QUOTE_REBUT_W;
    cues |= 1u << TM_CUE_QUOTE_REBUT;
    S_cue(ex, 0, 0, QUOTE_REBUT_W, TM_CUE_QUOTE_REBUT);
  }
  /* discourse: addressing, negating, asking, exclaiming, third parties */
  int n_you = 0, n_neg = 0, n_q = 0, n_ex = 0, n_they = 0, n_affirm = 0, n_strong = 0;
  for (size_t i = 0; i < c.n; i++) {
    const S_stok *t = &c.tok[i];
    if (t->punct) {
      char ch = c.text[t->start];
      n_q += ch == '?';
      n_ex += ch == '!';
      continue;
    }
    n_you |= (t->flags & SF_YOU) != 0;
    n_they |= (t->flags & SF_THEY) != 0;
    n_strong |= (t->flags & SF_STRONG) != 0;
    n_neg += (t->flags & SF_NEG) != 0;
    /* an affirmation not in a negator's reach ("not true") */
    if ((t->flags & SF_AFFIRM) && !(i > 0 && (c.tok[i - 1].flags & SF_NEG))) n_affirm = 1;
  }
  /* concession: an acknowledgment, then a contrast that opens a later
   * sentence or clause ("Sure, and I might. But ...", "Fair point that
   * X, but ...", "I'll grant that. Still, ..."); "that said" counts */
  if (!concession) {
    size_t ack = (size_t)-1;
    for (size_t i = 0; i < c.n; i++) {
      const S_stok *t = &c.tok[i];
      if (t->punct) continue;
      if ((t->flags & SF_ACK) && ack == (size_t)-1 && t->sent == c.tok[0].sent) ack = i;
      if (!(t->flags & SF_CONTRAST) || ack == (size_t)-1 || i <= ack) continue;
      int opens = i == 0 || c.tok[i - 1].sent != t->sent || (c.tok[i - 1].punct && c.text[c.tok[i - 1].start] == ',');
      int that_said = t->flen == 4 && !memcmp(c.fold.ptr + t->fstart, "that", 4) && i + 1 < c.n &&
                      c.tok[i + 1].flen == 4 && !memcmp(c.fold.ptr + c.tok[i + 1].fstart, "said", 4);
      int is_that = t->flen == 4 && !memcmp(c.fold.ptr + t->fstart, "that", 4);
      if (opens && (!is_that || that_said)) {
        concession = 1;
        cues |= 1u << TM_CUE_CONCESSION;
        S_cue(ex, t->start, t->len, 0, TM_CUE_CONCESSION);
        break;
      }
    }
  }
  if (n_neg > 2) n_neg = 2;
  if (n_q > 2) n_q = 2;
  float dw = YOU_W * (float)n_you + NEGATION_W * (float)n_neg + QUESTION_W * (float)n_q;
  float aw = (n_ex ? EXCLAIM_W : 0) + (n_they && !n_you ? THEY_W : 0) + (n_affirm ? AFFIRM_W : 0);
  if (dw > 0) {
    D += dw;
    cues |= 1u << TM_CUE_DISCOURSE;
    S_cue(ex, 0, 0, -dw, TM_CUE_DISCOURSE);
  }
  if (aw > 0 && sarcastic) {
    /* "yes", "exactly!" under a closing "/s" mock the parent */
    D += aw;
    cues |= 1u << TM_CUE_SARCASM;
    S_cue(ex, 0, 0, -aw, TM_CUE_SARCASM);
  } else if (aw > 0) {
    A += aw;
    cues |= 1u << TM_CUE_DISCOURSE;
    S_cue(ex, 0, 0, aw, TM_CUE_DISCOURSE);
  }
  /* sentiment: a reply that feels as its parent does tends to agree */
  float sw = ALIGN_W * parent_compound * reply_compound;
  if (sw > 0.01f || sw < -0.01f) {
    if (sw > 0) A += sw;
    else D += -sw;
    cues |= 1u << TM_CUE_SENTIMENT;
    S_cue(ex, 0, 0, sw, TM_CUE_SENTIMENT);
  }

  memset(out, 0, sizeof *out);
  double diff = A - D, tot = A + D;
  out->score = (float)tanh(diff);
  out->confidence = tot > 0 ? (float)(tanh(fabs(diff) + 0.25 * tot) * fabs(diff) / tot) : 0;
  out->agree = (float)A;
  out->disagree = (float)D;
  out->cues = cues;
  double lo = cueA < cueD ? cueA : cueD, hi = cueA < cueD ? cueD : cueA;
  if ((concession && tot > 0 && fabs(diff) < 1.0) ||
      (lo >= MIXED_MIN && lo >= MIXED_RATIO * hi)) {
    out->label = TM_STANCE_MIXED;
    out->confidence = (float)tanh(tot) * 0.5f;
  } else if (rapport && !other_cue) {
    /* thanks or sympathy and no cue that takes a side: no opinion stated
     * (the tone alone does not make it agreement or disagreement) */
    out->label = TM_STANCE_NEUTRAL;
    out->confidence = 0.5f;
  } else if (diff > AGREE_T - (n_strong || attack_elsewhere ? STRONG_SHIFT : 0)) {
    out->label = TM_STANCE_AGREE;
  } else if (diff < -DISAGREE_T + (n_strong || attack_elsewhere ? STRONG_SHIFT : 0) &&
             !(rapport && cueD == 0)) {
    /* thanking, sympathizing or wishing well is not opposing, unless an
     * explicit disagreement cue says otherwise: then neutral at most */
    out->label = TM_STANCE_DISAGREE;
  } else {
    out->label = TM_STANCE_NEUTRAL;
    out->confidence = 1.0f - (float)fabs(diff) / DISAGREE_T;
    if (out->confidence < 0) out->confidence = 0;
  }
  if (scratch) {
    scratch->key = key;
  } else {
    free(hedge);
    tm_buf_free(&key);
  }
  return c.oom ? TM_ENOMEM : TM_OK;
}

/* Does some quote of the reply come from the parent's text?  Compared on
 * folded text with runs of non-alphanumerics as one space. */
int tm__quotes_text(const char *reply, const tm_span *spans, size_t nspans, const char *parent,
                    size_t plen) {
  int found = 0;
  char *pn = NULL;
  size_t pnl = 0;
  for (size_t k = 0; k < nspans && !found; k++) {
    if (spans[k].kind != TM_SPAN_QUOTE || spans[k].len < 6) continue;
    if (!pn && tm__normalize(&pn, &pnl, parent, plen)) return 0;
    char *qn;
    size_t qnl;
    if (tm__normalize(&qn, &qnl, reply + spans[k].start, spans[k].len)) break;
    if (qnl >= 4 && qnl <= pnl && tm__contains(pn, pnl, qn, qnl)) found = 1;
    free(qn);
  }
  free(pn);
  return found;
}

int tm_stance_pair(const tm_lexicon *lex, const char *parent, size_t plen, const char *reply,
                   size_t rlen, const tm_span *rspans, size_t nr, tm_stance *out,
                   tm_stance_explain *ex) {
  tm_sentiment rs, ps;
  tm__stoks st;
  memset(&st, 0, sizeof st);
  int rc = tm__score_text_st(lex, reply, rlen, rspans, nr, &rs, NULL, &st);
  if (rc == TM_OK) rc = tm_score_text(lex, parent ? parent : "", parent ? plen : 0, NULL, 0, &ps, NULL);
  if (rc == TM_OK) {
    int qp = parent ? tm__quotes_text(reply, rspans, nr, parent, plen) : 0;
    rc = tm__stance(lex, reply, &st, ps.compound, rs.compound, qp, out, ex, NULL);
  }
  tm__stoks_free(&st);
  return rc;
}
