/*
 * export.h - pieces of the JSON exporters shared with later stages
 * (scores, graphs) so every output names fields the same way (internal).
 */
#ifndef TM_OUTPUT_EXPORT_H
#define TM_OUTPUT_EXPORT_H

#include "../thread/thread.h"
#include "jsonw.h"

void tm__jw_time(tm_jsonw *w, const char *key, int64_t t);
void tm__jw_flags(tm_jsonw *w, uint32_t flags);
void tm__jw_comment_fields(tm_jsonw *w, const tm_thread *t, uint32_t i, unsigned flags);
void tm__jw_thread_header(tm_jsonw *w, const tm_thread *t);
void tm__jw_sentiment(tm_jsonw *w, const tm_sentiment *s);
void tm__jw_explain(tm_jsonw *w, const tm_explain *ex, const char *text);
void tm__jw_measures(tm_jsonw *w, const tm_thread *t, const tm_scores *sc);
void tm__jw_stance(tm_jsonw *w, const tm_stance *st, const tm_stance_explain *ex,
                   const char *text);

#endif
