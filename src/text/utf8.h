/*
 * utf8.h - UTF-8 validation, repair and encoding (internal).
 */
#ifndef TM_TEXT_UTF8_H
#define TM_TEXT_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "../util/buf.h"

/**
 * Length of the valid UTF-8 sequence starting at s[0] (1..4), or 0 when the
 * bytes there are not a valid sequence (RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF).  *cp receives the code point.
 */
size_t tm__utf8_decode(const unsigned char *s, size_t len, int32_t *cp);

/** Append code point cp as UTF-8 (invalid ones become U+FFFD). */
int tm__utf8_put(tm_buf *b, int32_t cp);

/**
 * Append s[0..len) to b with every invalid sequence replaced by U+FFFD;
 * adds the number of replacements to *nbad.
 */
int tm__utf8_append_sanitized(tm_buf *b, const char *s, size_t len,
                              size_t *nbad);

/** 1 when s[0..len) is entirely valid UTF-8. */
int tm__utf8_valid(const char *s, size_t len);

#endif
