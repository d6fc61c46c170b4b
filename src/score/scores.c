/*
 * scores.c - everything scored about a thread's comments, kept beside the
 * thread model (the parser's record is never changed): sentiment, stance
 * toward the parent, quote links, stance toward named targets.
 *
 * Order: sentiment of every comment (own words), quote attribution, then
 * stance (which uses both), then targets (which use sentence scores).
 */
#include <stdlib.h>
#include <string.h>

#include "../thread/thread.h"
#include "quotes.h"
#include "scores.h"
#include "stance.h"
#include "targets.h"

/* Target mentions and sentiment of one comment, by sentence. */
static int S_targets(const tm_thread *t, size_t i, const tm_lexicon *lex, const tm_targets *tg,
                     const tm_explain *given, tm_target_score *out) {
  const tm_comment *c = &t->c[i];
  tm_explain local;
  memset(&local, 0, sizeof local);
  const tm_explain *ex = given;
  if (!ex) {
    tm_sentiment s;
    int rc = tm_score_text(lex, c->text, c->text_len, c->spans, c->nspans, &s, &local);
    if (rc) return rc;
    ex = &local;
  }
  double *sum = calloc(tg->n, sizeof *sum);
  uint32_t *nsent = calloc(tg->n, sizeof *nsent);
  int rc = sum && nsent ? TM_OK : TM_ENOMEM;
  for (size_t k = 0; k < ex->nsent && rc == TM_OK; k++) {
    const tm_sentence_score *ss = &ex->sent[k];
    char *f;
    size_t fl;
    if (tm_text_fold(&f, &fl, c->text + ss->start, ss->len)) continue;
    for (size_t q = 0; q < tg->n; q++) {
      size_t m = tm__target_mentions(&tg->t[q], f, fl);
      if (!m) continue;
      out[q].mentions += (uint32_t)m;
      sum[q] += ss->compound;
      nsent[q]++;
    }
    free(f);
  }
  for (size_t q = 0; rc == TM_OK && q < tg->n; q++)
    out[q].sentiment = nsent[q] ? (float)(sum[q] / nsent[q]) : 0;
  free(sum);
  free(nsent);
  tm_explain_free(&local);
  return rc;
}

int tm_thread_score(tm_scores **out, const tm_thread *t, const tm_lexicon *lex,
                    const tm_targets *targets, unsigned flags) {
  *out = NULL;
  tm_scores *s = calloc(1, sizeof *s);
  if (!s) return TM_ENOMEM;
  size_t n = t->n, n1 = n ? n : 1;
  int explain = (flags & TM_SCORE_EXPLAIN) != 0;
  s->n = n;
  s->lex = lex;
  s->sent = calloc(n1, sizeof *s->sent);
  s->stance = calloc(n1, sizeof *s->stance);
  if (explain) {
    s->ex = calloc(n1, sizeof *s->ex);
    s->sex = calloc(n1, sizeof *s->sex);
  }
  int rc = TM_OK;
  if (!s->sent || !s->stance || (explain && (!s->ex || !s->sex))) rc = TM_ENOMEM;
  if (rc == TM_OK && t->meta.text) {
    rc = tm_score_text(lex, t->meta.text, strlen(t->meta.text), NULL, 0, &s->story, NULL);
    s->has_story = 1;
  }
  if (flags & TM_SCORE_SENTIMENT_ONLY) {
    for (size_t i = 0; i < n && rc == TM_OK; i++) {
      const tm_comment *c = &t->c[i];
      rc = tm_score_text(lex, c->text, c->text_len, c->spans, c->nspans, &s->sent[i],
                         explain ? &s->ex[i] : NULL);
    }
    if (rc == TM_OK && !(s->qoff = calloc(n + 1, sizeof *s->qoff))) rc = TM_ENOMEM;
    if (rc) {
      tm_scores_free(s);
      return rc;
    }
    *out = s;
    return TM_OK;
  }
  if (rc == TM_OK) rc = tm__attribute_quotes(t, &s->qlinks, &s->qoff);
  /* one tokenization serves sentiment and stance; in source order (memory
   * order), a reply whose parent comes later in the source is done in a
   * second round, once the parent's sentiment is known */
  tm_stance_scratch *scratch = tm__stance_scratch_new();
  tm__stoks st;
  memset(&st, 0, sizeof st);
  if (!scratch) rc = TM_ENOMEM;
  for (int round = 0; round < 2 && rc == TM_OK; round++) {
    for (size_t i = 0; i < n && rc == TM_OK; i++) {
      const tm_comment *c = &t->c[i];
      int later = c->parent != TM_NONE && c->parent > i;
      if (round == 1 && !later) continue;
      rc = tm__score_text_st(lex, c->text, c->text_len, c->spans, c->nspans, &s->sent[i],
                             explain ? &s->ex[i] : NULL, &st);
      if (rc || (round == 0 && later) || c->flags & TM_CF_DELETED || !c->text_len) continue;
      int has_parent_text = c->parent != TM_NONE ? t->c[c->parent].text_len > 0
                                                 : (t->meta.text && *t->meta.text && !(c->flags & TM_CF_ORPHAN));
      if (!has_parent_text) continue;
      uint32_t want = c->parent != TM_NONE ? c->parent : TM_QUOTE_STORY;
      int quotes_parent = 0;
      for (uint32_t q = s->qoff[i]; q < s->qoff[i + 1]; q++) quotes_parent |= s->qlinks[q] == want;
      float pc = c->parent != TM_NONE ? s->sent[c->parent].compound : s->story.compound;
      rc = tm__stance(lex, c->text, &st, pc, s->sent[i].compound, quotes_parent, &s->stance[i],
                      explain ? &s->sex[i] : NULL, scratch);
    }
  }
  tm__stoks_free(&st);
  tm__stance_scratch_free(scratch);
  if (rc == TM_OK && targets && targets->n) {
    s->ntargets = targets->n;
    s->tscore = calloc(n1 * targets->n, sizeof *s->tscore);
    s->target_names = calloc(targets->n, sizeof *s->target_names);
    if (!s->tscore || !s->target_names) rc = TM_ENOMEM;
    for (size_t k = 0; rc == TM_OK && k < targets->n; k++)
      if (!(s->target_names[k] = strdup(targets->t[k].name))) rc = TM_ENOMEM;
    for (size_t i = 0; i < n && rc == TM_OK; i++)
      rc = S_targets(t, i, lex, targets, explain ? &s->ex[i] : NULL, &s->tscore[i * targets->n]);
  }
  if (rc) {
    tm_scores_free(s);
    return rc;
  }
  *out = s;
  return TM_OK;
}

const tm_sentiment *tm_scores_get(const tm_scores *s, size_t i) {
  return i < s->n ? &s->sent[i] : NULL;
}

const tm_explain *tm_scores_explain(const tm_scores *s, size_t i) {
  return s->ex && i < s->n ? &s->ex[i] : NULL;
}

const tm_stance *tm_scores_stance(const tm_scores *s, size_t i) {
  return i < s->n ? &s->stance[i] : NULL;
}

const tm_stance_explain *tm_scores_stance_explain(const tm_scores *s, size_t i) {
  return s->sex && i < s->n ? &s->sex[i] : NULL;
}

size_t tm_scores_quotes(const tm_scores *s, size_t i, const uint32_t **out) {
  if (i >= s->n || !s->qoff) {
    *out = NULL;
    return 0;
  }
  *out = s->qlinks ? s->qlinks + s->qoff[i] : NULL;
  return s->qoff[i + 1] - s->qoff[i];
}

const tm_target_score *tm_scores_target(const tm_scores *s, size_t i, size_t k) {
  if (i >= s->n || k >= s->ntargets) return NULL;
  return &s->tscore[i * s->ntargets + k];
}

int tm_scores_target_summary(const tm_scores *s, size_t k, tm_target_summary *out) {
  memset(out, 0, sizeof *out);
  if (k >= s->ntargets) return TM_EINVAL;
  double sum = 0;
  for (size_t i = 0; i < s->n; i++) {
    const tm_target_score *ts = &s->tscore[i * s->ntargets + k];
    if (!ts->mentions) continue;
    out->comments++;
    out->mentions += ts->mentions;
    sum += ts->sentiment;
    if (ts->sentiment >= 0.05f) out->positive++;
    else if (ts->sentiment <= -0.05f) out->negative++;
  }
  out->mean = out->comments ? (float)(sum / out->comments) : 0;
  return TM_OK;
}

void tm_scores_free(tm_scores *s) {
  if (!s) return;
  for (size_t i = 0; s->ex && i < s->n; i++) tm_explain_free(&s->ex[i]);
  for (size_t i = 0; s->sex && i < s->n; i++) tm_stance_explain_free(&s->sex[i]);
  for (size_t k = 0; s->target_names && k < s->ntargets; k++) free(s->target_names[k]);
  free(s->target_names);
  free(s->tscore);
  free(s->ex);
  free(s->sex);
  free(s->sent);
  free(s->stance);
  free(s->qlinks);
  free(s->qoff);
  free(s);
}
