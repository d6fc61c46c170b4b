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
 *   '{"threadmap"': threadmap's own JSON document (parse/score output).
 *   '<'  XML first, by its root element (after the declaration, comments
 *        and a doctype): <posts> or <comments> is a Stack Exchange dump,
 *        <rss> with the WordPress export namespace (wordpress.org/export/)
 *        is WXR, <disqus> a Disqus export; then HTML as above.
 *   '<'  a Reddit page (after the HN test, so an HN page is never taken):
 *        shreddit custom elements, old.reddit things (data-fullname="t1_"),
 *        or the 2018 design (og:site_name "reddit", comment containers).
 *   "From " envelope line: an mbox; header fields ("Name: value" lines
 *        naming at least two of From/Date/Subject/Message-ID/Received/...
 *        before the first empty line): a single mail message (mbox too).
 *   else a CSV whose header names the id and parent columns;
 *   else (also '[' text that is not JSON) a pasted transcript: plain text
 *        with at least two author lines ("name · 3h ago", ...).
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "format.h"
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

/* The root element's name of an XML document at s (NULL when s does not
 * start one); *nlen set. */
static const char *S_xml_root(const char *s, size_t n, size_t *nlen) {
  size_t i = 0;
  for (;;) {
    while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) i++;
    if (i + 1 >= n || s[i] != '<') return NULL;
    const char *end = NULL, *close = "?>";
    if (s[i + 1] == '?') end = S_find(s + i, n - i, close);
    else if (n - i >= 4 && !memcmp(s + i, "<!--", 4)) end = S_find(s + i, n - i, close = "-->");
    else if (s[i + 1] == '!') {
      /* a doctype, with an internal subset "[...]" when '[' comes first */
      const char *gt = S_find(s + i, n - i, ">"), *br = S_find(s + i, n - i, "[");
      end = br && gt && br < gt ? S_find(br, n - (size_t)(br - s), close = "]>") : gt;
      if (end == gt) close = ">";
    }
    else break;
    if (!end) return NULL;
    i = (size_t)(end - s) + strlen(close);
  }
  size_t a = i + 1, b = a;
  while (b < n && (isalnum((unsigned char)s[b]) || s[b] == ':' || s[b] == '_' || s[b] == '-')) b++;
  *nlen = b - a;
  return b > a ? s + a : NULL;
}

static int S_xml_is(const char *name, size_t nlen, const char *want) {
  return nlen == strlen(want) && memcmp(name, want, nlen) == 0;
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
    size_t rl = 0;
    const char *root = S_xml_root(s, n, &rl);
    if (root && (S_xml_is(root, rl, "posts") || S_xml_is(root, rl, "comments")))
      return TM_FMT_STACKEXCHANGE_XML;
    if (root && S_xml_is(root, rl, "rss") && S_find(s, n, "wordpress.org/export/"))
      return TM_FMT_WXR;
    if (root && S_xml_is(root, rl, "disqus")) return TM_FMT_DISQUS_XML;
    if (S_find(s, n, "class=\"athing") || S_find(s, n, "class='athing") ||
        S_find(s, n, "class=athing"))
      return TM_FMT_HN_HTML;
    if (S_find(s, n, "<shreddit-comment") || S_find(s, n, "<shreddit-post") ||
        S_find(s, n, "data-fullname=\"t1_") || S_find(s, n, "data-fullname=\"t3_") ||
        (S_find(s, n, "data-testid=\"comment\"") && S_find(s, n, "id=\"t1_")) ||
        S_find(s, n, "<meta property=\"og:site_name\" content=\"reddit\""))
      return TM_FMT_REDDIT_HTML;
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
    /* "[–] alice 12 points 5 hours ago": a pasted old-Reddit thread */
    if (s[1] != '{' && s[1] != '[' && s[1] != '"' && tm__transcript_sniff(s, n) >= 2)
      return TM_FMT_TRANSCRIPT;
    return TM_FMT_AUTO;
  }
  if (s[0] == '{') { /* our own document opens with its "threadmap" key */
    size_t k = 1;
    while (k < n && (s[k] == ' ' || s[k] == '\n' || s[k] == '\r' || s[k] == '\t')) k++;
    if (n - k >= 12 && !memcmp(s + k, "\"threadmap\"", 11)) return TM_FMT_THREADMAP_JSON;
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
  /* plain text with author lines: a pasted thread (never a CSV file: its
   * rows are not author lines, and a CSV header was tested above) */
  if (tm__transcript_sniff(s, n) >= 2) return TM_FMT_TRANSCRIPT;
  return TM_FMT_AUTO;
}
