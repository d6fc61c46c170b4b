/*
 * json.c - helpers over cJSON shared by the JSON parsers.
 *
 * cJSON was chosen for speed (see README: 0.29 s for a 100 MB NDJSON dump,
 * against 0.48 s for json-c and 1.60 s for jansson).  Its parser nests at
 * most CJSON_NESTING_LIMIT (1000) deep; deeper documents are reported as
 * malformed at the position where cJSON stopped.
 */
#include "json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "../util/timeparse.h"

cJSON *tm__json_parse(const char *buf, size_t len, const char **end,
                      const char *file, size_t filelen, tm_error *err) {
  const char *stop = NULL;
  cJSON *v = cJSON_ParseWithLengthOpts(buf, len, &stop, 0);
  if (end) *end = stop;
  if (!v) {
    size_t off = stop ? (size_t)(stop - file) : (size_t)(buf - file);
    if (off > filelen) off = filelen;
    const char *what = "malformed JSON";
    /* cut off: the parser stopped in the last line and the input does not
     * end with a closing bracket */
    size_t e = len;
    while (e && (buf[e - 1] == ' ' || buf[e - 1] == '\n' || buf[e - 1] == '\r' || buf[e - 1] == '\t')) e--;
    if (stop && stop >= buf && stop <= buf + e && e &&
        !memchr(stop, '\n', (size_t)(buf + e - stop)) && buf[e - 1] != '}' && buf[e - 1] != ']')
      what = "truncated JSON (unexpected end of input)";
    tm__error_at(err, TM_EPARSE, file, filelen, off, "%s", what);
  }
  return v;
}

const char *tm__json_str(const cJSON *obj, const char *key, char *tmp,
                         size_t *len) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
  if (!v) return NULL;
  if (cJSON_IsString(v) && v->valuestring) {
    if (len) *len = strlen(v->valuestring);
    return v->valuestring;
  }
  if (cJSON_IsNumber(v)) {
    double d = v->valuedouble;
    int n;
    if (isfinite(d) && d == floor(d) && fabs(d) < 9e15)
      n = (int)tm__fmt_int(tmp, (int64_t)d); /* ids and times: without printf */
    else
      n = snprintf(tmp, 32, "%.17g", d);
    if (len) *len = (size_t)n;
    return tmp;
  }
  return NULL;
}

int tm__json_int(const cJSON *obj, const char *key, int64_t *out) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
  if (!v) return 0;
  if (cJSON_IsNumber(v) && isfinite(v->valuedouble)) {
    *out = (int64_t)v->valuedouble;
    return 1;
  }
  if (cJSON_IsString(v) && v->valuestring && v->valuestring[0]) {
    char *e;
    long long x = strtoll(v->valuestring, &e, 10);
    if (*e == '\0') {
      *out = x;
      return 1;
    }
  }
  return 0;
}

int tm__json_time(const cJSON *obj, const char *key, int64_t *out) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
  if (!v) return 0;
  if (cJSON_IsNumber(v) && isfinite(v->valuedouble)) {
    double d = v->valuedouble;
    if (d > 1e11) d /= 1000;
    *out = (int64_t)floor(d);
    return 1;
  }
  if (cJSON_IsString(v) && v->valuestring)
    return tm__parse_time(v->valuestring, strlen(v->valuestring), out);
  return 0;
}

int tm__json_true(const cJSON *obj, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
  if (!v) return 0;
  if (cJSON_IsBool(v)) return cJSON_IsTrue(v);
  if (cJSON_IsNumber(v)) return v->valuedouble != 0;
  if (cJSON_IsString(v) && v->valuestring)
    return strcmp(v->valuestring, "true") == 0 || strcmp(v->valuestring, "1") == 0;
  return 0;
}
