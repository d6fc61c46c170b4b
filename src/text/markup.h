/*
 * markup.h - comment markup to plain text with spans (internal).
 *
 * Sources give comment bodies as HTML fragments (Hacker News), rendered
 * HTML (Reddit body_html), or plain/Markdown-ish text (CSV, NDJSON).  Each
 * converter drives one tm_textbuf, which collapses white space like a
 * browser (except inside <pre>), turns block elements into line and
 * paragraph breaks, records code/link/emphasis spans, prefixes blockquote
 * lines with "> ", and finally marks every "> ..." line as a quote span.
 */
#ifndef TM_TEXT_MARKUP_H
#define TM_TEXT_MARKUP_H

#include <stddef.h>

#include "../thread/thread.h"
#include "../util/buf.h"
#include "threadmap.h"

#define TM_TB_MAX_OPEN 64 /* nested inline elements tracked; deeper ones are ignored */

typedef struct tm_textbuf {
  tm_buf text;            /* the plain text so far */
  tm_buf urls;            /* link targets, NUL-separated */
  tm_span *spans;         /* spans; url holds an offset into urls + 1 until finish */
  size_t nspans, capspans;
  int pre;                /* inside <pre>: keep white space */
  int quote;              /* blockquote nesting */
  int space;              /* a collapsed space is pending */
  int skip;               /* inside <script>/<style> */
  size_t open[TM_TB_MAX_OPEN]; /* indices of open spans */
  int open_tag[TM_TB_MAX_OPEN];/* which tag opened each */
  size_t nopen;
  int oom;                /* an allocation failed */
} tm_textbuf;

void tm__tb_init(tm_textbuf *tb);
void tm__tb_reset(tm_textbuf *tb);
void tm__tb_free(tm_textbuf *tb);

/** Append character data (already entity-decoded). */
void tm__tb_text(tm_textbuf *tb, const char *s, size_t len);
/** An element starts; href is the link target for <a>, else NULL. */
void tm__tb_open(tm_textbuf *tb, const char *name, size_t namelen,
                 const char *href, size_t hreflen);
/** An element ends. */
void tm__tb_close(tm_textbuf *tb, const char *name, size_t namelen);
/** 1 while the buffer ignores text (inside script/style). */
int tm__tb_skipping(const tm_textbuf *tb);

/** Feed an HTML fragment (HN comment text, Reddit body_html). */
void tm__tb_html(tm_textbuf *tb, const char *html, size_t len);

/** Plain text: keep lines; ``` fences and `code` become code spans. */
enum { TM_PLAIN_DECODE_BASIC = 1 /* decode &amp; &lt; &gt; &quot; &#39; (Reddit body) */ };
void tm__tb_plain(tm_textbuf *tb, const char *s, size_t len, unsigned flags);

/**
 * Decode an HTML character reference at s (s[0] == '&') into out.
 * @return bytes consumed, or 0 when s does not start a known reference.
 */
size_t tm__html_entity(const char *s, size_t len, tm_buf *out);

/** Decode all character references of s into out (for attribute values). */
int tm__html_decode(tm_buf *out, const char *s, size_t len);

/**
 * Finish: trim, mark quote lines, copy text and spans into the thread's
 * arena and set c->text, text_len, spans, nspans and the HAS_QUOTE/HAS_CODE
 * flags.  Invalid UTF-8 is repaired.  The textbuf is reset.
 * @return TM_OK or TM_ENOMEM.
 */
int tm__tb_finish(tm_textbuf *tb, tm_thread *t, tm_comment *c);

/** Finish into a plain string only (for story texts); NULL on ENOMEM. */
const char *tm__tb_finish_str(tm_textbuf *tb, tm_thread *t);

#endif
