/*
 * fmt_ndjson.c - threadmap's generic NDJSON (and JSON array) format.
 *
 * One JSON object per line (https://github.com/ndjson/ndjson-spec), fields
 * as listed in record.h: id, parent, author, time, text, optionally title
 * and score.  Reddit dump records (Pushshift-style: id, parent_id "t1_..."
 * or "t3_...", link_id, author, body, created_utc, score) are the same
 * form with other names and are read as they are.  A file that holds one
 * JSON array of such objects is accepted too.
 *
 * Blank lines are skipped.  A line that is not a JSON object is an error
 * at its line and column.
 */
#include <stdio.h>
#include <string.h>

#include "../util/error.h"
#include "format.h"
#include "json.h"
#include "record.h"

void tm__ndjson_record(const cJSON *obj, tm_record *r, tm_ndjson_nums *nb,
                       size_t line, size_t col) {
  memset(r, 0, sizeof *r);
  r->line = line;
  r->col = col;
  for (const cJSON *v = obj->child; v; v = v->next) {
    if (!v->string) continue;
    int f = tm__record_field(v->string, strlen(v->string));
    if (f < 0 || r->f[f]) continue;
    if (cJSON_IsString(v) && v->valuestring) {
      r->f[f] = v->valuestring;
      r->len[f] = strlen(v->valuestring);
    } else if (cJSON_IsNumber(v)) {
      size_t n;
      const char *s = tm__json_str(obj, v->string, nb->num[f], &n);
      if (s) r->f[f] = s, r->len[f] = n;
    } else if (cJSON_IsBool(v)) {
      r->f[f] = cJSON_IsTrue(v) ? "true" : "false";
      r->len[f] = strlen(r->f[f]);
    }
  }
  if (cJSON_GetObjectItemCaseSensitive(obj, "link_id") ||
      cJSON_GetObjectItemCaseSensitive(obj, "subreddit"))
    r->reddit = 1;
}

static int S_object(tm_thread *t, tm_textbuf *tb, const cJSON *obj,
                    size_t line, size_t col, const char *buf, size_t len,
                    tm_error *err) {
  tm_record r;
  tm_ndjson_nums nb;
  tm__ndjson_record(obj, &r, &nb, line, col);
  return tm__record_add(t, tb, &r, buf, len, err);
}

int tm__parse_ndjson(tm_thread *t, const char *buf, size_t len, tm_error *err) {
  tm_textbuf tb;
  tm__tb_init(&tb);
  int rc = TM_OK;
  size_t i = 0;
  if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) i = 3;
  size_t k = i;
  while (k < len && (buf[k] == ' ' || buf[k] == '\n' || buf[k] == '\r' || buf[k] == '\t')) k++;
  if (k < len && buf[k] == '[') {
    /* one JSON array of records */
    const char *end;
    cJSON *arr = tm__json_parse(buf + k, len - k, &end, buf, len, err);
    if (!arr) return TM_EPARSE;
    size_t n = 0;
    for (const cJSON *v = arr->child; v && rc == TM_OK; v = v->next, n++) {
      if (!cJSON_IsObject(v)) {
        rc = tm__error(err, TM_EPARSE, 0, 0, k,
                       "array element %zu is not a JSON object", n + 1);
        break;
      }
      rc = S_object(t, &tb, v, 0, 0, buf, len, err);
    }
    cJSON_Delete(arr);
    tm__tb_free(&tb);
    return rc;
  }
  size_t line = 1;
  while (i < len && rc == TM_OK) {
    const char *nl = memchr(buf + i, '\n', len - i);
    size_t e = nl ? (size_t)(nl - buf) : len;
    size_t s = i;
    while (s < e && (buf[s] == ' ' || buf[s] == '\t' || buf[s] == '\r')) s++;
    if (s < e) {
      if (buf[s] != '{') {
        rc = tm__error(err, TM_EPARSE, line, s - i + 1, s,
                       "expected a JSON object at the start of the line");
        break;
      }
      const char *stop;
      cJSON *obj = tm__json_parse(buf + s, e - s, &stop, buf, len, err);
      if (!obj) {
        rc = TM_EPARSE;
        break;
      }
      /* anything but white space after the object is an error */
      size_t after = (size_t)(stop - buf);
      while (after < e && (buf[after] == ' ' || buf[after] == '\t' || buf[after] == '\r')) after++;
      if (after < e) {
        cJSON_Delete(obj);
        rc = tm__error(err, TM_EPARSE, line, after - i + 1, after,
                       "unexpected text after the JSON object");
        break;
      }
      rc = S_object(t, &tb, obj, line, s - i + 1, buf, len, err);
      cJSON_Delete(obj);
    }
    i = nl ? e + 1 : len;
    line++;
  }
  tm__tb_free(&tb);
  return rc;
}
