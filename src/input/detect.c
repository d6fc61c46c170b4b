/*
 * detect.c - format detection from the first bytes of an input.
 *
 * The detector only sniffs; it never parses a whole document.  Rules, in
 * order, after a UTF-8 BOM and white space:
 *   '<'  HTML; a Hacker News item page has rows of class "athing".
 *   '['  JSON array: Reddit's two-listing array starts with
 *        {"kind": "Listing"; HN Firebase items carry "by"/"kids"/"type";
 *        otherwise generic records.
 *   '{'  JSON object or NDJSON: HN Algolia items ("created_at_i",
 *        "children") and Firebase items ("by", "kids", "type") are hn-json,
 *        anything else with an id is generic NDJSON.
 *   '{'  with "post_stream": a Discourse topic (also an array of pages).
 *   "From " envelope line: an mbox; header fields ("Name: value" lines
 *        naming at least two of From/Date/Subject/Message-ID/Received/...
 *        before the first empty line): a single mail message (mbox too).
 *   else a CSV whose header names the id and parent columns.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "threadmap.h"

#define SNIFF_MAX ((size_t)256 * 1024) /* bytes looked at */

static const char *S_find(const char *hay, size_t len, const char *needle) {
  size_t n = strlen(needle);
  if (n > len) return NULL;
  for (const char *p = hay; (p = memchr(p, needle[0], len - (size_t)(p - hay) - n + 1));
       p++) {
    if (memcmp(p, needle, n) == 0) return p;
    if ((size_t)(p - hay) + n >= len) break;
  }
  return NULL;
}

/* case-insensitive: is `word` a whole comma-separated field of the line? */
static int S_csv_has(const char *line, size_t len, const char *word) {
  size_t wl = strlen(word), i = 0;
  while (i <= len) {
    size_t j = i;
    while (j < len && line[j] != ',') j++;
    size_t a = i, b = j;
    while (a < b && (line[a] == ' ' || line[a] == '"')) a++;
    while (b > a && (line[b - 1] == ' ' || line[b - 1] == '"' || line[b - 1] == '\r')) b--;
    if (b - a == wl) {
      size_t k = 0;
      while (k < wl && tolower((unsigned char)line[a + k]) == word[k]) k++;
      if (k == wl) return 1;
    }
    i = j + 1;
  }
  return 0;
}

static int S_hn_keys(const char *s, size_t len) {
  return S_find(s, len, "\"by\"") || S_find(s, len, "\"kids\"") ||
         S_find(s, len, "\"type\": \"comment\"") ||
         S_find(s, len, "\"type\":\"comment\"") ||
         S_find(s, len, "\"type\": \"story\"") ||
         S_find(s, len, "\"type\":\"story\"") ||
         S_find(s, len, "\"created_at_i\"");
}

/* Mail: an mbox envelope line, or a header block of a lone message. */
static int S_mail(const char *s, size_t n) {
  size_t need = 2; /* known header fields wanted */
  if (n > 7 && memcmp(s, "From ", 5) == 0) {
    /* "From sender Wed Feb  9 22:02 MET 2000": a time on the line, and a
     * header field on the next (so prose starting "From " is not mail) */
    const char *nl = memchr(s, '\n', n);
    size_t e = nl ? (size_t)(nl - s) : n, k;
    int time = 0;
    for (k = 6; k + 2 < e && !time; k++)
      time = s[k] == ':' && s[k - 1] >= '0' && s[k - 1] <= '9' && s[k + 1] >= '0' &&
             s[k + 1] <= '9' && s[k + 2] >= '0' && s[k + 2] <= '9';
    if (!time || !nl) return 0;
    s += e + 1;
    n -= e + 1;
    need = 1;
  }
  static const char *known[] = {"from:", "date:", "subject:", "message-id:", "received:",
                                "return-path:", "to:", "mime-version:", "delivered-to:",
                                "in-reply-to:", "references:", "x-mailer:", "content-type:"};
  size_t i = 0, hits = 0, lines = 0;
  while (i < n && lines < 200) {
    const char *nl = memchr(s + i, '\n', n - i);
    size_t e = nl ? (size_t)(nl - s) : n;
    if (e == i || (e == i + 1 && s[i] == '\r')) break; /* end of the header block */
    if (e - i > 5 && memcmp(s + i, "From ", 5) == 0) break; /* a truncated message's end */
    lines++;
    if (s[i] == ' ' || s[i] == '\t') { /* a folded continuation */
      i = e + 1;
      continue;
    }
    size_t k = i;
    while (k < e && (isalnum((unsigned char)s[k]) || s[k] == '-' || s[k] == '_')) k++;
    if (k == i || k >= e || s[k] != ':') return 0; /* not a header field */
    for (size_t j = 0; j < sizeof known / sizeof known[0]; j++)
      if (k + 1 - i == strlen(known[j]) && strncasecmp(s + i, known[j], k + 1 - i) == 0) hits++;
    if (!nl) break;
    i = e + 1;
  }
  return hits >= need;
}

tm_format tm_detect_format(const char *buf, size_t len) {
  if (len > SNIFF_MAX) len = SNIFF_MAX;
  size_t i = 0;
  if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) i = 3;
  while (i < len && (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\r' || buf[i] == '\t'))
    i++;
  if (i >= len) return TM_FMT_AUTO;
  const char *s = buf + i;
  size_t n = len - i;
  if (memchr(s, '\0', n)) return TM_FMT_AUTO; /* binary */

  if (s[0] == '<') {
    if (S_find(s, n, "class=\"athing") || S_find(s, n, "class='athing") ||
        S_find(s, n, "class=athing"))
      return TM_FMT_HN_HTML;
    return TM_FMT_AUTO;
  }
  if ((s[0] == '{' || s[0] == '[') && (S_find(s, n, "\"post_stream\": {") || S_find(s, n, "\"post_stream\":{")))
    return TM_FMT_DISCOURSE_JSON;
  if (s[0] == '[') {
    size_t head = n < 512 ? n : 512;
    if (S_find(s, head, "\"kind\"") && S_find(s, head, "Listing"))
      return TM_FMT_REDDIT_JSON;
    size_t look = n < 4096 ? n : 4096;
    if (S_hn_keys(s, look)) return TM_FMT_HN_JSON;
    if (S_find(s, look, "\"id\"")) return TM_FMT_NDJSON;
    return TM_FMT_AUTO;
  }
  if (s[0] == '{') {
    /* the first record decides: up to its line end for NDJSON */
    const char *nl = memchr(s, '\n', n);
    size_t first = nl ? (size_t)(nl - s) : n;
    /* a pretty-printed single object spans lines: look further */
    size_t look = first < 64 ? (n < 4096 ? n : 4096) : first;
    if (S_hn_keys(s, look)) return TM_FMT_HN_JSON;
    if (S_find(s, look, "\"id\"")) return TM_FMT_NDJSON;
    return TM_FMT_AUTO;
  }
  if (S_mail(s, n)) return TM_FMT_MBOX;
  /* CSV: a header line with id and parent columns */
  const char *nl = memchr(s, '\n', n);
  size_t first = nl ? (size_t)(nl - s) : n;
  if (memchr(s, ',', first) && S_csv_has(s, first, "id") &&
      (S_csv_has(s, first, "parent") || S_csv_has(s, first, "parent_id")))
    return TM_FMT_CSV;
  return TM_FMT_AUTO;
}
