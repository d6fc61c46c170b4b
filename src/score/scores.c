/*
 * scores.c - sentiment of every comment of a thread, kept beside the
 * thread model (the parser's record is never changed).
 */
#include <stdlib.h>
#include <string.h>

#include "../thread/thread.h"
#include "scores.h"

int tm_thread_score(tm_scores **out, const tm_thread *t, const tm_lexicon *lex, unsigned flags) {
  *out = NULL;
  tm_scores *s = calloc(1, sizeof *s);
  if (!s) return TM_ENOMEM;
  s->n = t->n;
  s->sent = calloc(t->n ? t->n : 1, sizeof *s->sent);
  if (flags & TM_SCORE_EXPLAIN) s->ex = calloc(t->n ? t->n : 1, sizeof *s->ex);
  if (!s->sent || ((flags & TM_SCORE_EXPLAIN) && !s->ex)) {
    tm_scores_free(s);
    return TM_ENOMEM;
  }
  for (size_t i = 0; i < t->n; i++) {
    const tm_comment *c = &t->c[i];
    int rc = tm_score_text(lex, c->text, c->text_len, c->spans, c->nspans, &s->sent[i],
                           s->ex ? &s->ex[i] : NULL);
    if (rc) {
      tm_scores_free(s);
      return rc;
    }
  }
  if (t->meta.text) {
    tm_score_text(lex, t->meta.text, strlen(t->meta.text), NULL, 0, &s->story, NULL);
    s->has_story = 1;
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

void tm_scores_free(tm_scores *s) {
  if (!s) return;
  if (s->ex)
    for (size_t i = 0; i < s->n; i++) tm_explain_free(&s->ex[i]);
  free(s->ex);
  free(s->sent);
  free(s);
}
