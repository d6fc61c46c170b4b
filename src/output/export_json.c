/*
 * export_json.c - a thread as JSON or NDJSON (schema: docs/schema.md).
 *
 * Field names are stable; new fields may be added, none renamed.  Comments
 * come in pre-order (parents before children, siblings in source order).
 */
#include <string.h>

#include "../score/scores.h"
#include "../thread/thread.h"
#include "../util/timeparse.h"
#include "export.h"
#include "jsonw.h"

static const char *S_span_kind(uint32_t k) {
  switch (k) {
  case TM_SPAN_QUOTE: return "quote";
  case TM_SPAN_CODE: return "code";
  case TM_SPAN_LINK: return "link";
  case TM_SPAN_EMPH: return "emphasis";
  case TM_SPAN_SIGNATURE: return "signature";
  default: return "other";
  }
}

void tm__jw_time(tm_jsonw *w, const char *key, int64_t t) {
  tm__jw_key(w, key);
  if (t == TM_TIME_UNKNOWN) {
    tm__jw_null(w);
    return;
  }
  char iso[32];
  tm__format_time(t, iso);
  tm__jw_str(w, iso);
}

void tm__jw_flags(tm_jsonw *w, uint32_t flags) {
  static const struct { uint32_t bit; const char *name; } names[] = {
      {TM_CF_DELETED, "deleted"}, {TM_CF_DEAD, "dead"},
      {TM_CF_FLAGGED, "flagged"}, {TM_CF_ORPHAN, "orphan"},
      {TM_CF_CYCLE, "cycle"}, {TM_CF_HAS_QUOTE, "quotes"},
      {TM_CF_HAS_CODE, "code"}, {TM_CF_DOWNVOTED, "downvoted"},
      {TM_CF_INDENT_JUMP, "indent_jump"}, {TM_CF_THREAD_ROOT, "thread_root"},
      {TM_CF_SUBJECT_GROUPED, "subject_grouped"}, {TM_CF_INFERRED, "inferred"},
  };
  tm__jw_key(w, "flags");
  tm__jw_arr(w);
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (flags & names[i].bit) tm__jw_str(w, names[i].name);
  tm__jw_arr_end(w);
}

/* The members of one comment object (without the braces). */
void tm__jw_comment_fields(tm_jsonw *w, const tm_thread *t, uint32_t i,
                           unsigned flags) {
  const tm_comment *c = &t->c[i];
  tm__jw_key(w, "id");
  tm__jw_str(w, c->id);
  tm__jw_key(w, "parent");
  tm__jw_str(w, c->parent_id);
  tm__jw_key(w, "tree_parent");
  tm__jw_str(w, c->parent == TM_NONE ? NULL : t->c[c->parent].id);
  tm__jw_key(w, "depth");
  tm__jw_int(w, c->depth);
  tm__jw_key(w, "author");
  tm__jw_str(w, c->author);
  if (c->title) { /* only formats whose comments have titles (mail) */
    tm__jw_key(w, "title");
    tm__jw_str(w, c->title);
  }
  tm__jw_time(w, "time", c->time);
  tm__jw_key(w, "epoch");
  if (c->time == TM_TIME_UNKNOWN) tm__jw_null(w);
  else tm__jw_int(w, c->time);
  tm__jw_key(w, "score");
  if (c->has_score) tm__jw_int(w, c->score);
  else tm__jw_null(w);
  tm__jw_key(w, "children");
  tm__jw_int(w, c->nchildren);
  if (c->missing_replies) {
    tm__jw_key(w, "missing_replies");
    tm__jw_int(w, c->missing_replies);
  }
  tm__jw_flags(w, c->flags);
  tm__jw_key(w, "text");
  tm__jw_strn(w, c->text, c->text_len);
  tm__jw_key(w, "spans");
  tm__jw_arr(w);
  for (uint32_t k = 0; k < c->nspans; k++) {
    const tm_span *s = &c->spans[k];
    tm__jw_obj(w);
    tm__jw_key(w, "kind");
    tm__jw_str(w, S_span_kind(s->kind));
    tm__jw_key(w, "start");
    tm__jw_int(w, s->start);
    tm__jw_key(w, "end");
    tm__jw_int(w, (int64_t)s->start + s->len);
    if (s->url) {
      tm__jw_key(w, "url");
      tm__jw_str(w, s->url);
    }
    tm__jw_obj_end(w);
  }
  tm__jw_arr_end(w);
  if (c->link_evidence) {
    /* a parent inferred from evidence (pasted transcripts) */
    tm__jw_key(w, "link");
    tm__jw_obj(w);
    tm__jw_key(w, "confidence");
    tm__jw_num(w, c->link_confidence, 2);
    tm__jw_key(w, "evidence");
    tm__jw_arr(w);
    for (const char *p = c->link_evidence; *p;) {
      const char *e = strchr(p, ',');
      size_t n = e ? (size_t)(e - p) : strlen(p);
      tm__jw_strn(w, p, n);
      p += n + (e ? 1 : 0);
    }
    tm__jw_arr_end(w);
    tm__jw_obj_end(w);
  }
  if (c->line) {
    tm__jw_key(w, "line");
    tm__jw_int(w, (int64_t)c->line);
  }
  if ((flags & TM_OUT_RAW) && c->raw) {
    tm__jw_key(w, "raw");
    tm__jw_str(w, c->raw);
  }
}

void tm__jw_thread_header(tm_jsonw *w, const tm_thread *t) {
  const tm_meta *m = &t->meta;
  tm__jw_key(w, "threadmap");
  tm__jw_str(w, TM_VERSION_STRING);
  tm__jw_key(w, "schema");
  tm__jw_int(w, 1);
  tm__jw_key(w, "format");
  tm__jw_str(w, tm_format_name(m->format));
  tm__jw_key(w, "thread");
  tm__jw_obj(w);
  tm__jw_key(w, "id");
  tm__jw_str(w, m->id);
  tm__jw_key(w, "title");
  tm__jw_str(w, m->title);
  tm__jw_key(w, "url");
  tm__jw_str(w, m->url);
  tm__jw_key(w, "author");
  tm__jw_str(w, m->author);
  tm__jw_time(w, "time", m->time);
  tm__jw_key(w, "score");
  if (m->has_score) tm__jw_int(w, m->score);
  else tm__jw_null(w);
  tm__jw_key(w, "text");
  tm__jw_str(w, m->text);
  tm__jw_obj_end(w);
  tm_stats s;
  tm_thread_stats(t, &s);
  tm__jw_key(w, "counts");
  tm__jw_obj(w);
  tm__jw_key(w, "comments"); tm__jw_int(w, (int64_t)s.comments);
  tm__jw_key(w, "declared"); tm__jw_int(w, (int64_t)m->declared_comments);
  tm__jw_key(w, "threads"); tm__jw_int(w, (int64_t)m->nthreads);
  tm__jw_key(w, "top_level"); tm__jw_int(w, (int64_t)s.top_level);
  tm__jw_key(w, "participants"); tm__jw_int(w, (int64_t)s.participants);
  tm__jw_key(w, "max_depth"); tm__jw_int(w, (int64_t)s.max_depth);
  tm__jw_key(w, "orphans"); tm__jw_int(w, (int64_t)s.orphans);
  tm__jw_key(w, "cycles"); tm__jw_int(w, (int64_t)s.cycles);
  tm__jw_key(w, "deleted"); tm__jw_int(w, (int64_t)s.deleted);
  tm__jw_key(w, "dead"); tm__jw_int(w, (int64_t)s.dead);
  tm__jw_key(w, "missing_replies"); tm__jw_int(w, (int64_t)s.missing);
  tm__jw_key(w, "invalid_utf8"); tm__jw_int(w, (int64_t)m->invalid_utf8);
  tm__jw_obj_end(w);
  tm__jw_key(w, "warnings");
  tm__jw_arr(w);
  for (size_t i = 0; i < t->nwarn; i++) {
    tm__jw_obj(w);
    tm__jw_key(w, "line");
    tm__jw_int(w, (int64_t)t->warn[i].line);
    tm__jw_key(w, "col");
    tm__jw_int(w, (int64_t)t->warn[i].col);
    tm__jw_key(w, "message");
    tm__jw_str(w, t->warn[i].msg);
    tm__jw_obj_end(w);
  }
  tm__jw_arr_end(w);
  if (t->warn_dropped) {
    tm__jw_key(w, "warnings_dropped");
    tm__jw_int(w, (int64_t)t->warn_dropped);
  }
}

static void S_sentiment_fields(tm_jsonw *w, const tm_sentiment *s) {
  tm__jw_key(w, "compound");
  tm__jw_num(w, s->compound, 4);
  tm__jw_key(w, "pos");
  tm__jw_num(w, s->pos, 3);
  tm__jw_key(w, "neu");
  tm__jw_num(w, s->neu, 3);
  tm__jw_key(w, "neg");
  tm__jw_num(w, s->neg, 3);
  tm__jw_key(w, "label");
  tm__jw_str(w, s->compound >= 0.05f ? "positive" : s->compound <= -0.05f ? "negative" : "neutral");
}

void tm__jw_sentiment(tm_jsonw *w, const tm_sentiment *s) {
  tm__jw_obj(w);
  S_sentiment_fields(w, s);
  tm__jw_obj_end(w);
}

static void S_rules(tm_jsonw *w, uint32_t rules) {
  tm__jw_arr(w);
  for (uint32_t b = 1; b && b <= rules; b <<= 1)
    if (rules & b) tm__jw_str(w, tm_rule_name(b));
  tm__jw_arr_end(w);
}

void tm__jw_explain(tm_jsonw *w, const tm_explain *ex, const char *text) {
  tm__jw_obj(w);
  tm__jw_key(w, "sentences");
  tm__jw_arr(w);
  for (size_t i = 0; i < ex->nsent; i++) {
    const tm_sentence_score *ss = &ex->sent[i];
    tm__jw_obj(w);
    tm__jw_key(w, "start");
    tm__jw_int(w, ss->start);
    tm__jw_key(w, "end");
    tm__jw_int(w, (int64_t)ss->start + ss->len);
    tm__jw_key(w, "sum");
    tm__jw_num(w, ss->sum, 3);
    tm__jw_key(w, "compound");
    tm__jw_num(w, ss->compound, 4);
    tm__jw_key(w, "rules");
    S_rules(w, ss->rules);
    tm__jw_obj_end(w);
  }
  tm__jw_arr_end(w);
  tm__jw_key(w, "tokens");
  tm__jw_arr(w);
  for (size_t i = 0; i < ex->n; i++) {
    const tm_contrib *k = &ex->items[i];
    tm__jw_obj(w);
    tm__jw_key(w, "text");
    tm__jw_strn(w, text ? text + k->start : "", text ? k->len : 0);
    tm__jw_key(w, "start");
    tm__jw_int(w, k->start);
    tm__jw_key(w, "sentence");
    tm__jw_int(w, k->sentence);
    tm__jw_key(w, "lexicon");
    tm__jw_num(w, k->base, 2);
    tm__jw_key(w, "value");
    tm__jw_num(w, k->value, 3);
    tm__jw_key(w, "rules");
    S_rules(w, k->rules);
    tm__jw_obj_end(w);
  }
  tm__jw_arr_end(w);
  tm__jw_obj_end(w);
}

int tm_write_sentiment(const tm_sentiment *s, const tm_explain *ex, const char *text,
                       tm_write_fn write, void *payload) {
  tm_jsonw w;
  tm__jw_init(&w, write, payload, 0);
  tm__jw_obj(&w);
  S_sentiment_fields(&w, s);
  if (ex) {
    tm__jw_key(&w, "explain");
    tm__jw_explain(&w, ex, text);
  }
  tm__jw_obj_end(&w);
  return tm__jw_finish(&w);
}

static void S_scored_fields(tm_jsonw *w, const tm_thread *t, const tm_scores *sc, uint32_t i,
                            unsigned flags) {
  tm__jw_comment_fields(w, t, i, flags);
  if (!sc) return;
  tm__jw_key(w, "sentiment");
  tm__jw_sentiment(w, &sc->sent[i]);
  const tm_stance *st = &sc->stance[i];
  tm__jw_key(w, "stance");
  if (st->label == TM_STANCE_NONE) tm__jw_null(w);
  else tm__jw_stance(w, st, (flags & TM_OUT_EXPLAIN) && sc->sex ? &sc->sex[i] : NULL, t->c[i].text);
  const uint32_t *q;
  size_t nq = tm_scores_quotes(sc, i, &q);
  if (nq) {
    tm__jw_key(w, "quotes");
    tm__jw_arr(w);
    for (size_t k = 0; k < nq; k++) {
      if (q[k] == TM_QUOTE_STORY) tm__jw_str(w, t->meta.id ? t->meta.id : "story");
      else tm__jw_str(w, t->c[q[k]].id);
    }
    tm__jw_arr_end(w);
  }
  if (sc->ntargets) {
    tm__jw_key(w, "targets");
    tm__jw_obj(w);
    for (size_t k = 0; k < sc->ntargets; k++) {
      const tm_target_score *ts = &sc->tscore[i * sc->ntargets + k];
      if (!ts->mentions) continue;
      tm__jw_key(w, sc->target_names[k]);
      tm__jw_obj(w);
      tm__jw_key(w, "mentions");
      tm__jw_int(w, ts->mentions);
      tm__jw_key(w, "sentiment");
      tm__jw_num(w, ts->sentiment, 4);
      tm__jw_obj_end(w);
    }
    tm__jw_obj_end(w);
  }
  if ((flags & TM_OUT_EXPLAIN) && sc->ex) {
    tm__jw_key(w, "explain");
    tm__jw_explain(w, &sc->ex[i], t->c[i].text);
  }
}

void tm__jw_measures(tm_jsonw *w, const tm_thread *t, const tm_scores *sc) {
  tm_measures m;
  if (tm_thread_measures(t, sc, &m)) {
    tm__jw_null(w);
    return;
  }
  tm__jw_obj(w);
  tm__jw_key(w, "rated_replies"); tm__jw_int(w, (int64_t)m.rated);
  tm__jw_key(w, "agree"); tm__jw_int(w, (int64_t)m.agree);
  tm__jw_key(w, "disagree"); tm__jw_int(w, (int64_t)m.disagree);
  tm__jw_key(w, "mixed"); tm__jw_int(w, (int64_t)m.mixed);
  tm__jw_key(w, "neutral"); tm__jw_int(w, (int64_t)m.neutral);
  tm__jw_key(w, "disagreement_rate"); tm__jw_num(w, m.disagreement_rate, 4);
  tm__jw_key(w, "controversy"); tm__jw_num(w, m.controversy, 4);
  tm__jw_key(w, "polarization");
  if (m.polarization < 0) tm__jw_null(w);
  else tm__jw_num(w, m.polarization, 4);
  tm__jw_key(w, "camps"); tm__jw_arr(w); tm__jw_int(w, (int64_t)m.camp_a); tm__jw_int(w, (int64_t)m.camp_b); tm__jw_arr_end(w);
  tm__jw_key(w, "mean_sentiment"); tm__jw_num(w, m.mean_sentiment, 4);
  tm__jw_key(w, "sentiment_counts");
  tm__jw_obj(w);
  tm__jw_key(w, "positive"); tm__jw_int(w, (int64_t)m.positive);
  tm__jw_key(w, "neutral"); tm__jw_int(w, (int64_t)m.neutral_sentiment);
  tm__jw_key(w, "negative"); tm__jw_int(w, (int64_t)m.negative);
  tm__jw_obj_end(w);
  tm__jw_key(w, "most_disputed");
  tm__jw_arr(w);
  for (size_t k = 0; k < m.ndisputed; k++) {
    tm__jw_obj(w);
    tm__jw_key(w, "id"); tm__jw_str(w, t->c[m.disputed[k]].id);
    tm__jw_key(w, "author"); tm__jw_str(w, t->c[m.disputed[k]].author);
    tm__jw_key(w, "weight"); tm__jw_num(w, m.disputed_weight[k], 3);
    tm__jw_obj_end(w);
  }
  tm__jw_arr_end(w);
  tm__jw_key(w, "back_and_forth");
  tm__jw_arr(w);
  for (size_t k = 0; k < m.nchains; k++) {
    const tm_chain *ch = &m.chains[k];
    tm__jw_obj(w);
    tm__jw_key(w, "authors"); tm__jw_arr(w); tm__jw_str(w, ch->a); tm__jw_str(w, ch->b); tm__jw_arr_end(w);
    tm__jw_key(w, "length"); tm__jw_int(w, ch->length);
    tm__jw_key(w, "disagreements"); tm__jw_int(w, ch->disagreements);
    tm__jw_key(w, "first"); tm__jw_str(w, t->c[ch->first].id);
    tm__jw_key(w, "last"); tm__jw_str(w, t->c[ch->last].id);
    tm__jw_obj_end(w);
  }
  tm__jw_arr_end(w);
  if (sc->ntargets) {
    tm__jw_key(w, "targets");
    tm__jw_obj(w);
    for (size_t k = 0; k < sc->ntargets; k++) {
      tm_target_summary su;
      tm_scores_target_summary(sc, k, &su);
      tm__jw_key(w, sc->target_names[k]);
      tm__jw_obj(w);
      tm__jw_key(w, "comments"); tm__jw_int(w, (int64_t)su.comments);
      tm__jw_key(w, "mentions"); tm__jw_int(w, (int64_t)su.mentions);
      tm__jw_key(w, "mean_sentiment"); tm__jw_num(w, su.mean, 4);
      tm__jw_key(w, "positive"); tm__jw_int(w, (int64_t)su.positive);
      tm__jw_key(w, "negative"); tm__jw_int(w, (int64_t)su.negative);
      tm__jw_obj_end(w);
    }
    tm__jw_obj_end(w);
  }
  tm__jw_obj_end(w);
}

int tm_write_json(const tm_thread *t, unsigned flags, tm_write_fn write, void *payload) {
  return tm_write_json_scored(t, NULL, flags, write, payload);
}

int tm_write_ndjson(const tm_thread *t, unsigned flags, tm_write_fn write, void *payload) {
  return tm_write_ndjson_scored(t, NULL, flags, write, payload);
}

int tm_write_json_scored(const tm_thread *t, const tm_scores *sc, unsigned flags,
                         tm_write_fn write, void *payload) {
  tm_jsonw w;
  tm__jw_init(&w, write, payload, (flags & TM_OUT_PRETTY) != 0);
  tm__jw_obj(&w);
  tm__jw_thread_header(&w, t);
  if (sc && sc->has_story) {
    tm__jw_key(&w, "story_sentiment");
    tm__jw_sentiment(&w, &sc->story);
  }
  if (sc) {
    tm__jw_key(&w, "measures");
    tm__jw_measures(&w, t, sc);
  }
  tm__jw_key(&w, "comments");
  tm__jw_arr(&w);
  for (uint32_t i = tm_thread_preorder_next(t, TM_NONE); i != TM_NONE && !w.rc;
       i = tm_thread_preorder_next(t, i)) {
    tm__jw_obj(&w);
    S_scored_fields(&w, t, sc, i, flags);
    tm__jw_obj_end(&w);
  }
  tm__jw_arr_end(&w);
  tm__jw_obj_end(&w);
  tm__jw_newline(&w);
  return tm__jw_finish(&w);
}

int tm_write_ndjson_scored(const tm_thread *t, const tm_scores *sc, unsigned flags,
                           tm_write_fn write, void *payload) {
  tm_jsonw w;
  tm__jw_init(&w, write, payload, 0);
  for (uint32_t i = tm_thread_preorder_next(t, TM_NONE); i != TM_NONE && !w.rc;
       i = tm_thread_preorder_next(t, i)) {
    tm__jw_obj(&w);
    tm__jw_key(&w, "thread");
    tm__jw_str(&w, t->meta.id);
    S_scored_fields(&w, t, sc, i, flags);
    tm__jw_obj_end(&w);
    tm__jw_newline(&w);
  }
  return tm__jw_finish(&w);
}

int tm_write_item_scored(const tm_item *it, const char *thread, const tm_sentiment *s,
                         const tm_explain *ex, unsigned flags, tm_write_fn write,
                         void *payload) {
  tm_jsonw w;
  tm__jw_init(&w, write, payload, 0);
  tm_buf_grow(&w.b, 1024 + it->text_len); /* one allocation for the line */
  tm__jw_obj(&w);
  tm__jw_key(&w, "thread");
  tm__jw_str(&w, thread);
  tm__jw_key(&w, "id");
  tm__jw_str(&w, it->id);
  tm__jw_key(&w, "parent");
  tm__jw_str(&w, it->parent_id);
  tm__jw_key(&w, "author");
  tm__jw_str(&w, it->author);
  tm__jw_time(&w, "time", it->time);
  tm__jw_key(&w, "epoch");
  if (it->time == TM_TIME_UNKNOWN) tm__jw_null(&w);
  else tm__jw_int(&w, it->time);
  tm__jw_key(&w, "score");
  if (it->has_score) tm__jw_int(&w, it->score);
  else tm__jw_null(&w);
  tm__jw_flags(&w, it->flags);
  if (it->is_story) {
    tm__jw_key(&w, "title");
    tm__jw_str(&w, it->title);
  }
  if (!(flags & TM_OUT_NO_TEXT)) {
  tm__jw_key(&w, "text");
  tm__jw_strn(&w, it->text, it->text_len);
  tm__jw_key(&w, "spans");
  tm__jw_arr(&w);
  for (uint32_t k = 0; k < it->nspans; k++) {
    const tm_span *sp = &it->spans[k];
    tm__jw_obj(&w);
    tm__jw_key(&w, "kind");
    tm__jw_str(&w, S_span_kind(sp->kind));
    tm__jw_key(&w, "start");
    tm__jw_int(&w, sp->start);
    tm__jw_key(&w, "end");
    tm__jw_int(&w, (int64_t)sp->start + sp->len);
    if (sp->url) {
      tm__jw_key(&w, "url");
      tm__jw_str(&w, sp->url);
    }
    tm__jw_obj_end(&w);
  }
  tm__jw_arr_end(&w);
  }
  if (it->line) {
    tm__jw_key(&w, "line");
    tm__jw_int(&w, (int64_t)it->line);
  }
  if (s) {
    tm__jw_key(&w, "sentiment");
    tm__jw_sentiment(&w, s);
  }
  if ((flags & TM_OUT_EXPLAIN) && ex) {
    tm__jw_key(&w, "explain");
    tm__jw_explain(&w, ex, it->text);
  }
  tm__jw_obj_end(&w);
  tm__jw_newline(&w);
  return tm__jw_finish(&w);
}
