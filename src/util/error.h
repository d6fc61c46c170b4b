/*
 * error.h - filling tm_error (internal helpers shared by every stage).
 */
#ifndef TM_UTIL_ERROR_H
#define TM_UTIL_ERROR_H

#include <stddef.h>

#include "threadmap.h"

/**
 * Set code, position and message of `err` (NULL is fine) and return `code`,
 * so callers can write `return tm__error(err, TM_EPARSE, ...)`.
 * line/col of 0 mean unknown.
 */
int tm__error(tm_error *err, int code, size_t line, size_t col, size_t offset,
              const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/**
 * Set an error at byte `offset` of `buf`, computing the 1-based line and
 * column (columns count bytes, as jq and cmark do).
 */
int tm__error_at(tm_error *err, int code, const char *buf, size_t len,
                 size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/** 1-based line and column of byte `offset` in buf. */
void tm__line_col(const char *buf, size_t len, size_t offset, size_t *line,
                  size_t *col);

#endif
