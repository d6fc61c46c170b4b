/*
 * item.c - one NDJSON record at a time, without a thread (the streaming
 * side of fmt_ndjson.c).
 *
 * A dump of interleaved threads cannot be held as one tm_thread; `score
 * --ndjson` over a dump and the batch grouper read it record by record.
 * Each record goes through the code the ndjson format uses
 * (tm__ndjson_record, tm__record_add), into a scratch thread that is
 * emptied before the next record, so a record reads the same streamed or
 * parsed whole, and memory stays that of one record.  A dump's records
 * are first offered to tm__ndjson_scan, which fills the same tm_record
 * without building cJSON nodes, and declines anything it does not read
 * exactly as cJSON would (then cJSON parses the line, or reports where it
 * is wrong).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "format.h"
#include "json.h"
#include "record.h"

struct tm_item_parser {
  tm_thread *t;        /* scratch thread: holds one record's strings */
  tm_textbuf tb;       /* markup to plain text */
  char link[128];      /* the thread key when the record names one */
  char synth[32];      /* "#LINE" for a record without an id */
  tm_format fmt;       /* TM_FMT_NDJSON, TM_FMT_HN_JSON, or AUTO until the first record */
  tm_ndjson_scan scan; /* the fast path's scratch (ndjson_scan.c) */
};

int tm_item_parser_new(tm_item_parser **out, const tm_options *opts) {
  *out = NULL;
  tm_item_parser *p = calloc(1, sizeof *p);
  if (!p) return TM_ENOMEM;
  tm_options o = TM_OPTIONS_INIT;
  if (opts) o = *opts;
  o.max_comments = 0;
  if (tm__thread_new(&p->t, &o, TM_FMT_NDJSON)) {
    free(p);
    return TM_ENOMEM;
  }
  tm__tb_init(&p->tb);
  p->fmt = o.format == TM_FMT_HN_JSON || o.format == TM_FMT_NDJSON ? o.format : TM_FMT_AUTO;
  *out = p;
  return TM_OK;
}

void tm_item_parser_free(tm_item_parser *p) {
  if (!p) return;
  tm_thread_free(p->t);
  tm__tb_free(&p->tb);
  tm_buf_free(&p->scan.str);
  free(p);
}

/* Empty the scratch thread (its buffers are kept, its arena released). */
static void S_reset(tm_thread *t) {
  tm_arena_reset(&t->arena);
  t->n = 0;
  t->nwarn = 0;
  t->warn_dropped = 0;
  tm_format f = t->meta.format;
  memset(&t->meta, 0, sizeof t->meta);
  t->meta.format = f;
  t->meta.time = TM_TIME_UNKNOWN;
}

/* The thread a record names: Reddit link_id ("t3_abc" -> "abc"), or an HN
 * dump's story_id / story field (alt, read by the caller).  NULL when it
 * names none. */
static const char *S_link(tm_item_parser *p, const tm_record *r, const char *alt, size_t altlen) {
  const char *l = r->f[TM_RF_LINK];
  size_t ll = r->len[TM_RF_LINK];
  if (!l) l = alt, ll = altlen;
  if (!l || !ll) return NULL;
  if (ll > 3 && l[0] == 't' && l[1] >= '1' && l[1] <= '9' && l[2] == '_') l += 3, ll -= 3;
  if (ll >= sizeof p->link) ll = sizeof p->link - 1;
  memcpy(p->link, l, ll);
  p->link[ll] = '\0';
  return p->link;
}

static void S_from_comment(tm_item *out, const tm_comment *c) {
  out->id = c->id;
  out->parent_id = c->parent_id;
  out->author = c->author;
  out->time = c->time;
  out->score = c->score;
  out->has_score = c->has_score;
  out->text = c->text ? c->text : "";
  out->text_len = c->text ? c->text_len : 0;
  out->spans = c->spans;
  out->nspans = c->nspans;
  out->flags = c->flags;
}

static void S_from_story(tm_item_parser *p, tm_item *out, size_t lineno) {
  const tm_thread *t = p->t;
  out->is_story = 1;
  out->id = t->meta.id;
  if (!out->id) {
    snprintf(p->synth, sizeof p->synth, "#%zu", lineno);
    out->id = p->synth;
  }
  out->title = t->meta.title;
  out->author = t->meta.author;
  out->time = t->meta.time;
  out->score = t->meta.score;
  out->has_score = t->meta.has_score;
  out->text = t->meta.text ? t->meta.text : "";
  out->text_len = strlen(out->text);
}

/* A Hacker News Firebase item: through the hn-json parser (HTML text). */
static int S_hn(tm_item_parser *p, const char *line, size_t len, size_t lineno, size_t col0,
                tm_item *out, tm_error *err) {
  tm_thread *t = p->t;
  S_reset(t);
  tm_error e;
  memset(&e, 0, sizeof e);
  int rc = tm__parse_hn_json(t, line, len, &e);
  if (rc) {
    tm__tb_reset(&p->tb);
    return tm__error(err, rc, lineno, (e.col ? e.col : 1) + col0, 0, "%s", e.msg);
  }
  if (t->n == 0) {
    if (!t->meta.id && !t->meta.title) return TM_EEMPTY; /* a poll option: nothing to say */
    S_from_story(p, out, lineno);
    return TM_OK;
  }
  S_from_comment(out, &t->c[0]);
  return TM_OK;
}

int tm_item_parse(tm_item_parser *p, const char *line, size_t len, size_t lineno,
                  tm_item *out, tm_error *err) {
  memset(out, 0, sizeof *out);
  out->time = TM_TIME_UNKNOWN;
  out->line = lineno;
  size_t s = 0;
  if (lineno <= 1 && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) s = 3;
  while (s < len && (line[s] == ' ' || line[s] == '\t' || line[s] == '\r')) s++;
  size_t e = len;
  while (e > s && (line[e - 1] == ' ' || line[e - 1] == '\t' || line[e - 1] == '\r')) e--;
  if (s == e) return TM_EEMPTY;
  if (line[s] != '{')
    return tm__error(err, TM_EPARSE, lineno, s + 1, 0,
                     "expected a JSON object at the start of the line");
  if (p->fmt == TM_FMT_AUTO)
    p->fmt = tm_detect_format(line + s, e - s) == TM_FMT_HN_JSON ? TM_FMT_HN_JSON : TM_FMT_NDJSON;
  if (p->fmt == TM_FMT_HN_JSON) return S_hn(p, line + s, e - s, lineno, s, out, err);
  tm_record r;
  tm_ndjson_nums nb;
  cJSON *obj = NULL;
  const char *alt = NULL;
  size_t altlen = 0;
  char tmp[32];
  if (tm__ndjson_scan(line + s, e - s, &r, &nb, &p->scan, lineno, s + 1)) {
    alt = p->scan.story_id, altlen = p->scan.story_id_len;
    if (!alt) alt = p->scan.story, altlen = p->scan.story_len;
  } else { /* unusual or malformed: cJSON reads it, or says where it is wrong */
    const char *stop;
    tm_error jerr;
    memset(&jerr, 0, sizeof jerr);
    obj = tm__json_parse(line + s, e - s, &stop, line, len, &jerr);
    if (!obj)
      return tm__error(err, TM_EPARSE, lineno, jerr.col ? jerr.col : 1, 0, "%s", jerr.msg);
    if (stop && stop < line + e) {
      cJSON_Delete(obj);
      return tm__error(err, TM_EPARSE, lineno, (size_t)(stop - line) + 1, 0,
                       "unexpected text after the JSON object");
    }
    tm__ndjson_record(obj, &r, &nb, lineno, s + 1);
    alt = tm__json_str(obj, "story_id", tmp, &altlen);
    if (!alt) alt = tm__json_str(obj, "story", tmp, &altlen);
  }
  tm_thread *t = p->t;
  S_reset(t);
  out->link = S_link(p, &r, alt, altlen);
  int t3 = r.f[TM_RF_PARENT] && r.len[TM_RF_PARENT] > 3 && r.f[TM_RF_PARENT][0] == 't' &&
           r.f[TM_RF_PARENT][1] == '3' && r.f[TM_RF_PARENT][2] == '_';
  int has_id = r.f[TM_RF_ID] && r.len[TM_RF_ID];
  int rc = tm__record_add(t, &p->tb, &r, line, len, err);
  cJSON_Delete(obj); /* r's fields pointed into it (or into p->scan) */
  if (rc) {
    tm__tb_reset(&p->tb);
    return rc;
  }
  if (t->n == 0) {
    S_from_story(p, out, lineno); /* the story record */
    return TM_OK;
  }
  const tm_comment *c = &t->c[0];
  S_from_comment(out, c);
  if (!has_id) {
    snprintf(p->synth, sizeof p->synth, "#%zu", lineno);
    out->id = p->synth;
  }
  out->parent_is_story = c->parent_id && t3;
  return TM_OK;
}
