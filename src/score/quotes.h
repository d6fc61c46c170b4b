/*
 * quotes.h - quote attribution (internal).
 */
#ifndef TM_SCORE_QUOTES_H
#define TM_SCORE_QUOTES_H

#include "threadmap.h"

/**
 * For every comment, the comments (or TM_QUOTE_STORY) its quotes come
 * from, as CSR arrays: the links of comment i are
 * links[offsets[i] .. offsets[i+1]).  Both malloc'd; links may be NULL
 * when there are none.
 */
int tm__attribute_quotes(const tm_thread *t, uint32_t **links, uint32_t **offsets);

#endif
