/*
 * json.h - helpers over cJSON shared by the JSON parsers (internal).
 */
#ifndef TM_INPUT_JSON_H
#define TM_INPUT_JSON_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>

#include "../thread/thread.h"

/**
 * Parse one JSON value from buf[0..len).  On failure fills err with the
 * line and column (counted from `base_line`, `base_off` of the enclosing
 * file) and returns NULL.  *end receives where the value ended.
 */
cJSON *tm__json_parse(const char *buf, size_t len, const char **end,
                      const char *file, size_t filelen, tm_error *err);

/**
 * A field as a string: JSON strings as they are, numbers printed as
 * integers when integral.  Writes into tmp (>= 32 bytes) for numbers.
 * @return NULL when absent, null, or another type.
 */
const char *tm__json_str(const cJSON *obj, const char *key, char *tmp,
                         size_t *len);

/** A field as an integer (number or numeric string); 1 when found. */
int tm__json_int(const cJSON *obj, const char *key, int64_t *out);

/** A time field: number (epoch s/ms) or string (epoch or ISO 8601). */
int tm__json_time(const cJSON *obj, const char *key, int64_t *out);

/** 1 when the field is true (boolean true, or non-zero number). */
int tm__json_true(const cJSON *obj, const char *key);

#endif
