/*
 * registry.c - the table of input formats.
 */
#include <string.h>

#include "format.h"

static const tm_format_impl S_formats[] = {
    {TM_FMT_HN_HTML, "hn-html", "Hacker News item page saved from a browser",
     tm__parse_hn_html},
    {TM_FMT_HN_JSON, "hn-json",
     "Hacker News API JSON: Firebase items (object, array or NDJSON) or "
     "Algolia nested items",
     tm__parse_hn_json},
    {TM_FMT_REDDIT_JSON, "reddit-json",
     "Reddit /comments/<id>.json (two-listing array)", tm__parse_reddit_json},
    {TM_FMT_CSV, "csv", "generic CSV: id,parent,author,time,text[,title,score]",
     tm__parse_csv},
    {TM_FMT_NDJSON, "ndjson",
     "generic NDJSON (or a JSON array) with the CSV's fields; Reddit dump "
     "records (parent_id t1_/t3_) too",
     tm__parse_ndjson},
    {TM_FMT_DISCOURSE_JSON, "discourse-json",
     "Discourse topic JSON (/t/<id>.json; several pages merged)", tm__parse_discourse},
    {TM_FMT_MBOX, "mbox",
     "mailing list: mbox file, single message, or maildir folder (JWZ threading)",
     tm__parse_mbox},
};

const tm_format_impl *tm__format_impl(tm_format f) {
  for (size_t i = 0; i < sizeof S_formats / sizeof S_formats[0]; i++)
    if (S_formats[i].id == f) return &S_formats[i];
  return NULL;
}

const char *tm_format_name(tm_format f) {
  const tm_format_impl *impl = tm__format_impl(f);
  return impl ? impl->name : NULL;
}

tm_format tm_format_from_name(const char *name) {
  for (size_t i = 0; i < sizeof S_formats / sizeof S_formats[0]; i++)
    if (strcmp(S_formats[i].name, name) == 0) return S_formats[i].id;
  return TM_FMT_AUTO;
}
