/*
 * xml.h - helpers over libxml2's xmlTextReader shared by the XML parsers
 * (Stack Exchange dumps, WordPress WXR, Disqus exports) (internal).
 *
 * Every XML input is read with the streaming reader, never as a whole
 * DOM: a record (a Posts.xml row, a WXR <item>, a Disqus <post>) is looked
 * at, copied into the thread, and freed before the next one is read.  The
 * reader pulls its bytes through tm_xin, from a buffer or from a file, so
 * a dump larger than memory can be read from disk.
 *
 * Sources of several threads share one convention (include/threadmap.h,
 * TM_CF_THREAD_ROOT): each thread's first item (a question, a blog post, a
 * Disqus thread) is a top-level comment flagged thread_root whose text
 * opens with its title as a paragraph of its own (a link span to the
 * item's URL when the source gives one), and meta describes the source.
 * When the source turns out to hold exactly one thread, that item becomes
 * the story instead (meta.id, title, url, author, time, score, text), as
 * in the single-thread formats.  tm_xroots does this bookkeeping: only the
 * first root is kept without its title until a second one shows up, so
 * no text is copied twice except the first root's.
 */
#ifndef TM_INPUT_XML_H
#define TM_INPUT_XML_H

#include <libxml/xmlreader.h>
#include <stdio.h>

#include "../text/markup.h"
#include "../thread/thread.h"
#include "threadmap.h"

/** Where the reader's bytes come from: a buffer, or an open file. */
typedef struct tm_xin {
  const char *buf;   /* buffer source (NULL for a file) */
  size_t len, pos;   /* its length and read position */
  FILE *fp;          /* file source */
  int io_error;      /* reading the file failed */
} tm_xin;

/** What went wrong inside libxml2 (the first error only). */
typedef struct tm_xerr {
  int set;           /* an error was reported */
  int fatal;         /* it stops the parse */
  size_t line, col;  /* where, as libxml2 counts (1-based) */
  char msg[200];     /* libxml2's message, trimmed */
} tm_xerr;

/**
 * A streaming reader over `in` that records libxml2's first error in *xe
 * (no output on stderr).  Options: no network, no entity substitution
 * beyond the predefined ones, big line numbers; libxml2's limits on a
 * single text (10 MB) and nesting (256) stay on.
 * @return the reader, or NULL when out of memory.
 */
xmlTextReaderPtr tm__xml_reader(tm_xin *in, tm_xerr *xe);

/**
 * After xmlTextReaderRead() returned -1: fill err from the recorded
 * libxml2 error (TM_EPARSE at its line and column, `line0` lines added
 * for a document that starts further down a buffer), or an I/O error.
 */
int tm__xml_error(tm_error *err, const tm_xin *in, const tm_xerr *xe, size_t line0);

/** Line of the reader's current node (0 when unknown). */
size_t tm__xml_line(xmlTextReaderPtr r);

/** Does node n have local name `name` (and, when ns_prefix is not NULL, a
 * namespace URI starting with it)? */
int tm__xml_is(const xmlNode *n, const char *name, const char *ns_prefix);

/** First element child of n with that local name (and namespace prefix). */
xmlNode *tm__xml_child(const xmlNode *n, const char *name, const char *ns_prefix);

/**
 * All text of n (text and CDATA, entities decoded by libxml2) into b, as
 * is, or NULL-free "" when n is NULL.  @return b->ptr, or NULL on ENOMEM.
 */
const char *tm__xml_text(const xmlNode *n, tm_buf *b);

/** The same, with surrounding white space trimmed; *len set. */
const char *tm__xml_text_trim(const xmlNode *n, tm_buf *b, size_t *len);

/** An attribute's value by local name (and namespace prefix), or NULL. */
const char *tm__xml_attr(const xmlNode *n, const char *name, const char *ns_prefix);

/**
 * Feed HTML written for WordPress's wpautop (and Disqus): a blank line is
 * a paragraph break, another newline a line break, except inside tags and
 * <pre>.  Markup is converted as tm__tb_html() does.
 */
void tm__xml_autop(tm_textbuf *tb, const char *s, size_t len);

/** The thread roots of a source of several threads (see above). */
typedef struct tm_xroots {
  size_t n;               /* roots so far */
  uint32_t first;         /* comment index of the first root */
  const char *title;      /* the first root's title and URL (arena), kept */
  const char *url;        /*   apart until a second root shows up */
} tm_xroots;

/**
 * Comment `idx` is a thread root: flag it and, unless it is the first,
 * feed its title (and link) into tb as an opening paragraph; on the
 * second root, rewrite the first one's text the same way.  Call before
 * feeding the item's body and finishing tb into the comment.
 * @return TM_OK or TM_ENOMEM.
 */
int tm__xroot_add(tm_xroots *r, tm_thread *t, tm_textbuf *tb, uint32_t idx,
                  const char *title, size_t tlen, const char *url);

/**
 * Done: with one root, move it to the story (and out of the comments);
 * with several, set meta.nthreads.  @return TM_OK or TM_ENOMEM.
 */
int tm__xroots_finish(tm_xroots *r, tm_thread *t);

/** A set of strings (ids already used), for parsers that must rename. */
typedef struct tm_xset {
  const char **slot;      /* open addressing; strings borrowed (arena) */
  size_t cap, n;
} tm_xset;

/** 1 when s was in the set, 0 when it is added now, -1 on ENOMEM. */
int tm__xset_add(tm_xset *s, const char *str);
/** 1 when s is in the set. */
int tm__xset_has(const tm_xset *s, const char *str);
void tm__xset_free(tm_xset *s);

#endif
