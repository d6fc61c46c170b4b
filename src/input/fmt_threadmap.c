/*
 * fmt_threadmap.c - threadmap's own JSON document, read back.
 *
 * What `threadmap parse` and `threadmap score` write (docs/schema.md): an
 * object with "threadmap" (the writer's version), "schema" 1, "thread"
 * (the story), and "comments", each with id, parent, author, title, time
 * or epoch, score, flags, text and spans.  Reading it back gives the same
 * thread, so a thread saved once can be graphed, scored or reported later
 * without its original source.  Scores in a scored document are not read:
 * they are computed again.  Text is taken as written (it is already plain
 * text); invalid UTF-8 is repaired and a span outside its text dropped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../text/utf8.h"
#include "../util/buf.h"
#include "../util/error.h"
#include "format.h"
#include "json.h"

static const struct {
  const char *name;
  uint32_t bit;
} S_flags[] = {
    {"deleted", TM_CF_DELETED},         {"dead", TM_CF_DEAD},
    {"flagged", TM_CF_FLAGGED},         {"downvoted", TM_CF_DOWNVOTED},
    {"thread_root", TM_CF_THREAD_ROOT}, {"subject_grouped", TM_CF_SUBJECT_GROUPED},
    {"inferred", TM_CF_INFERRED},
};

static const struct {
  const char *name;
  uint32_t kind;
} S_spans[] = {
    {"quote", TM_SPAN_QUOTE}, {"code", TM_SPAN_CODE},         {"link", TM_SPAN_LINK},
    {"emphasis", TM_SPAN_EMPH}, {"signature", TM_SPAN_SIGNATURE},
};

/* A string member copied into the thread (NULL when absent or not a string). */
static const char *S_str(tm_thread *t, const cJSON *o, const char *key, tm_buf *scratch, int *ok) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  if (!cJSON_IsString(v)) return NULL;
  const char *s = v->valuestring;
  size_t n = strlen(s);
  if (!tm__utf8_valid(s, n)) {
    tm_buf_reset(scratch);
    size_t bad = 0;
    if (tm__utf8_append_sanitized(scratch, s, n, &bad)) {
      *ok = 0;
      return NULL;
    }
    t->meta.invalid_utf8 += bad;
    return tm__thread_str(t, scratch->ptr, scratch->len, ok);
  }
  return tm__thread_str(t, s, n, ok);
}

/* time: the "epoch" member when present, else the ISO "time" string */
static void S_time(const cJSON *o, int64_t *out) {
  int64_t e;
  *out = TM_TIME_UNKNOWN;
  if (tm__json_int(o, "epoch", &e)) *out = e;
  else tm__json_time(o, "time", out);
}

static void S_score(const cJSON *o, int64_t *score, int *has) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "score");
  if (cJSON_IsNumber(v)) *score = (int64_t)v->valuedouble, *has = 1;
}

static int S_spans_read(tm_thread *t, tm_comment *c, const cJSON *arr, int *ok) {
  size_t n = (size_t)cJSON_GetArraySize(arr), k = 0;
  if (!n) return TM_OK;
  tm_span *sp = tm_arena_alloc(&t->arena, n * sizeof *sp);
  if (!sp) return TM_ENOMEM;
  uint32_t last = 0;
  for (const cJSON *s = arr->child; s; s = s->next) {
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(s, "kind");
    int64_t a, b;
    if (!cJSON_IsString(kind) || !tm__json_int(s, "start", &a) || !tm__json_int(s, "end", &b)) continue;
    if (a < 0 || b < a || (uint64_t)b > c->text_len || (uint32_t)a < last) continue;
    uint32_t kd = 0;
    for (size_t q = 0; q < sizeof S_spans / sizeof S_spans[0]; q++)
      if (!strcmp(kind->valuestring, S_spans[q].name)) kd = S_spans[q].kind;
    if (!kd) continue;
    tm_span *x = &sp[k++];
    x->start = (uint32_t)a;
    x->len = (uint32_t)(b - a);
    x->kind = kd;
    x->url = NULL;
    const cJSON *url = cJSON_GetObjectItemCaseSensitive(s, "url");
    if (kd == TM_SPAN_LINK && cJSON_IsString(url))
      x->url = tm__thread_str(t, url->valuestring, strlen(url->valuestring), ok);
    if (kd == TM_SPAN_QUOTE) c->flags |= TM_CF_HAS_QUOTE;
    if (kd == TM_SPAN_CODE) c->flags |= TM_CF_HAS_CODE;
    last = (uint32_t)a;
  }
  c->spans = sp;
  c->nspans = (uint32_t)k;
  return TM_OK;
}

int tm__parse_threadmap(tm_thread *t, const char *buf, size_t len, tm_error *err) {
  const char *end;
  cJSON *doc = tm__json_parse(buf, len, &end, buf, len, err);
  if (!doc) return TM_EPARSE;
  int rc = TM_OK, ok = 1;
  tm_buf scratch = TM_BUF_INIT;
  const cJSON *comments = cJSON_GetObjectItemCaseSensitive(doc, "comments");
  const cJSON *story = cJSON_GetObjectItemCaseSensitive(doc, "thread");
  if (!cJSON_IsObject(doc) || !cJSON_GetObjectItemCaseSensitive(doc, "threadmap") ||
      !cJSON_IsArray(comments)) {
    rc = tm__error(err, TM_EPARSE, 1, 1, 0,
                   "not a threadmap JSON document (an object with \"threadmap\" and a \"comments\" array)");
    goto done;
  }
  if (cJSON_IsObject(story)) {
    tm_meta *m = &t->meta;
    m->id = S_str(t, story, "id", &scratch, &ok);
    m->title = S_str(t, story, "title", &scratch, &ok);
    m->url = S_str(t, story, "url", &scratch, &ok);
    m->author = S_str(t, story, "author", &scratch, &ok);
    m->text = S_str(t, story, "text", &scratch, &ok);
    S_time(story, &m->time);
    S_score(story, &m->score, &m->has_score);
  }
  const cJSON *counts = cJSON_GetObjectItemCaseSensitive(doc, "counts");
  int64_t v;
  if (cJSON_IsObject(counts) && tm__json_int(counts, "declared", &v) && v > 0)
    t->meta.declared_comments = (size_t)v;
  if (cJSON_IsObject(counts) && tm__json_int(counts, "threads", &v) && v > 0)
    t->meta.nthreads = (size_t)v;
  if (cJSON_IsObject(counts) && tm__json_int(counts, "missing_replies", &v) && v > 0)
    t->meta.missing_replies = (size_t)v;
  if (cJSON_IsObject(counts) && tm__json_int(counts, "invalid_utf8", &v) && v > 0)
    t->meta.invalid_utf8 = (size_t)v; /* repaired when first read */
  size_t n = 0;
  for (const cJSON *o = comments->child; o && ok && rc == TM_OK; o = o->next, n++) {
    if (!cJSON_IsObject(o)) {
      tm__thread_warn(t, 0, 0, "comments[%zu] is not an object; skipped", n);
      continue;
    }
    tm_comment *c = tm__thread_add_at(t, 0, 0, err);
    if (!c) {
      rc = tm__thread_full(t) ? TM_ELIMIT : TM_ENOMEM;
      break;
    }
    c->id = S_str(t, o, "id", &scratch, &ok);
    c->parent_id = S_str(t, o, "parent", &scratch, &ok);
    c->author = S_str(t, o, "author", &scratch, &ok);
    c->title = S_str(t, o, "title", &scratch, &ok);
    S_time(o, &c->time);
    S_score(o, &c->score, &c->has_score);
    if (tm__json_int(o, "missing_replies", &v) && v > 0 && v <= UINT32_MAX)
      c->missing_replies = (uint32_t)v;
    const char *text = S_str(t, o, "text", &scratch, &ok);
    c->text = text ? text : "";
    c->text_len = strlen(c->text);
    const cJSON *fl = cJSON_GetObjectItemCaseSensitive(o, "flags");
    for (const cJSON *f = cJSON_IsArray(fl) ? fl->child : NULL; f; f = f->next)
      for (size_t q = 0; cJSON_IsString(f) && q < sizeof S_flags / sizeof S_flags[0]; q++)
        if (!strcmp(f->valuestring, S_flags[q].name)) c->flags |= S_flags[q].bit;
    const cJSON *sp = cJSON_GetObjectItemCaseSensitive(o, "spans");
    if (cJSON_IsArray(sp) && S_spans_read(t, c, sp, &ok)) ok = 0;
    const cJSON *link = cJSON_GetObjectItemCaseSensitive(o, "link");
    if (cJSON_IsObject(link)) {
      const cJSON *conf = cJSON_GetObjectItemCaseSensitive(link, "confidence");
      const cJSON *ev = cJSON_GetObjectItemCaseSensitive(link, "evidence");
      if (cJSON_IsNumber(conf)) c->link_confidence = (float)conf->valuedouble;
      if (cJSON_IsArray(ev)) {
        tm_buf_reset(&scratch);
        for (const cJSON *e = ev->child; e; e = e->next)
          if (cJSON_IsString(e) && ((scratch.len && tm_buf_putc(&scratch, ',')) ||
                                    tm_buf_put(&scratch, e->valuestring, strlen(e->valuestring))))
            ok = 0;
        if (scratch.len) c->link_evidence = tm__thread_str(t, scratch.ptr, scratch.len, &ok);
      }
    }
    if (!c->id) {
      char tmp[32];
      snprintf(tmp, sizeof tmp, "#%zu", t->n);
      c->id = tm__thread_str(t, tmp, strlen(tmp), &ok);
      tm__thread_warn(t, 0, 0, "comments[%zu] has no id; named it \"%s\"", n, tmp);
    }
  }
  if (!ok && rc == TM_OK) rc = tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
done:
  tm_buf_free(&scratch);
  cJSON_Delete(doc);
  return rc;
}
