/*
 * registry.c - the table of input formats.
 */
#include <stdio.h>
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
    {TM_FMT_STACKEXCHANGE_XML, "stackexchange-xml",
     "Stack Exchange data dump Posts.xml (+ Comments.xml): one thread per question",
     tm__parse_stackexchange},
    {TM_FMT_WXR, "wxr", "WordPress export (WXR): the comments of each post", tm__parse_wxr},
    {TM_FMT_DISQUS_XML, "disqus-xml", "Disqus XML export: threads and their posts",
     tm__parse_disqus},
    {TM_FMT_REDDIT_HTML, "reddit-html",
     "Reddit comment page saved from a browser (old.reddit, the 2018 design, shreddit)",
     tm__parse_reddit_html},
    {TM_FMT_TRANSCRIPT, "transcript",
     "a thread pasted as plain text (author lines, no indentation); tree inferred",
     tm__parse_transcript},
    {TM_FMT_MBOX, "mbox",
     "mailing list: mbox file, single message, or maildir folder (JWZ threading)",
     tm__parse_mbox},
    {TM_FMT_THREADMAP_JSON, "threadmap-json",
     "threadmap's own JSON document (what parse and score write), read back",
     tm__parse_threadmap},
};

const tm_format_impl *tm__format_impl(tm_format f) {
  for (size_t i = 0; i < sizeof S_formats / sizeof S_formats[0]; i++)
    if (S_formats[i].id == f) return &S_formats[i];
  return NULL;
}

void tm__format_names(char *buf, size_t n) {
  size_t used = 0;
  if (!n) return;
  buf[0] = '\0';
  for (size_t i = 0; i < sizeof S_formats / sizeof S_formats[0]; i++) {
    int w = snprintf(buf + used, n - used, "%s%s", i ? ", " : "", S_formats[i].name);
    if (w < 0 || (size_t)w >= n - used) break;
    used += (size_t)w;
  }
}

const char *tm_format_description(tm_format f) {
  const tm_format_impl *impl = tm__format_impl(f);
  return impl ? impl->desc : NULL;
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
