/*
 * pairs.c - stance of (parent, reply) pairs read from NDJSON, one result
 * line per input line: the form of labeled stance data sets
 * ({"id", "parent", "reply", ...}).
 */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "../output/export.h"
#include "../util/error.h"
#include "stance.h"

void tm__jw_stance(tm_jsonw *w, const tm_stance *st, const tm_stance_explain *ex,
                   const char *text) {
  size_t tlen = text ? strlen(text) : 0;
  tm__jw_obj(w);
  tm__jw_key(w, "label");
  tm__jw_str(w, tm_stance_name(st->label));
  tm__jw_key(w, "score");
  tm__jw_num(w, st->score, 3);
  tm__jw_key(w, "confidence");
  tm__jw_num(w, st->confidence, 3);
  tm__jw_key(w, "cues");
  tm__jw_arr(w);
  for (uint32_t k = 1; k <= TM_CUE_MAX_; k++)
    if (st->cues & (1u << k)) tm__jw_str(w, tm_cue_name(k));
  tm__jw_arr_end(w);
  if (ex) {
    tm__jw_key(w, "evidence");
    tm__jw_arr(w);
    for (size_t i = 0; i < ex->n; i++) {
      const tm_stance_cue *c = &ex->items[i];
      tm__jw_obj(w);
      tm__jw_key(w, "kind");
      tm__jw_str(w, tm_cue_name(c->kind));
      tm__jw_key(w, "weight");
      tm__jw_num(w, c->weight, 3);
      if (c->len && text && (size_t)c->start + c->len <= tlen) {
        tm__jw_key(w, "text");
        tm__jw_strn(w, text + c->start, c->len);
        tm__jw_key(w, "start");
        tm__jw_int(w, c->start);
      }
      tm__jw_obj_end(w);
    }
    tm__jw_arr_end(w);
  }
  tm__jw_obj_end(w);
}

int tm_stance_pairs(const tm_lexicon *lex, const char *buf, size_t len, unsigned flags,
                    tm_write_fn write, void *payload, tm_error *err) {
  tm_jsonw w;
  tm__jw_init(&w, write, payload, 0);
  tm_stance_explain ex;
  memset(&ex, 0, sizeof ex);
  size_t i = 0, line = 0;
  int rc = TM_OK;
  while (i < len && rc == TM_OK && w.rc == TM_OK) {
    const char *nl = memchr(buf + i, '\n', len - i);
    size_t e = nl ? (size_t)(nl - buf) : len;
    line++;
    size_t s = i;
    while (s < e && (buf[s] == ' ' || buf[s] == '\t' || buf[s] == '\r')) s++;
    if (s < e) {
      const char *stop;
      cJSON *o = cJSON_ParseWithLengthOpts(buf + s, e - s, &stop, 0);
      const cJSON *p = o ? cJSON_GetObjectItemCaseSensitive(o, "parent") : NULL;
      const cJSON *r = o ? cJSON_GetObjectItemCaseSensitive(o, "reply") : NULL;
      if (!o || !cJSON_IsString(r)) {
        size_t col = stop ? (size_t)(stop - (buf + i)) + 1 : 1;
        rc = tm__error(err, TM_EPARSE, line, o ? 1 : col, s,
                       o ? "expected an object with a \"reply\" text (and \"parent\")"
                         : "malformed JSON");
        cJSON_Delete(o);
        break;
      }
      char *pt = NULL, *rt = NULL;
      size_t pl = 0, rl = 0;
      const char *ptext = cJSON_IsString(p) ? p->valuestring : "";
      if (tm_utf8_sanitize(&pt, &pl, ptext, strlen(ptext), NULL) ||
          tm_utf8_sanitize(&rt, &rl, r->valuestring, strlen(r->valuestring), NULL)) {
        free(pt);
        cJSON_Delete(o);
        rc = tm__error(err, TM_ENOMEM, line, 1, s, "out of memory");
        break;
      }
      tm_stance st;
      rc = tm_stance_pair(lex, pt, pl, rt, rl, NULL, 0, &st, (flags & TM_OUT_EXPLAIN) ? &ex : NULL);
      if (rc == TM_OK) {
        tm__jw_obj(&w);
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "id");
        tm__jw_key(&w, "id");
        if (cJSON_IsString(id)) tm__jw_str(&w, id->valuestring);
        else if (cJSON_IsNumber(id)) tm__jw_int(&w, (int64_t)id->valuedouble);
        else tm__jw_int(&w, (int64_t)line);
        tm__jw_key(&w, "stance");
        tm__jw_stance(&w, &st, (flags & TM_OUT_EXPLAIN) ? &ex : NULL, rt);
        tm__jw_obj_end(&w);
        tm__jw_newline(&w);
      }
      free(pt);
      free(rt);
      cJSON_Delete(o);
    }
    i = nl ? e + 1 : len;
  }
  tm_stance_explain_free(&ex);
  int wrc = tm__jw_finish(&w);
  return rc ? rc : wrc;
}
