/*
 * dom.h - small helpers over libxml2's HTML tree, shared by the parsers of
 * saved pages (fmt_hn_html.c, fmt_reddit_html.c) (internal).
 */
#ifndef TM_INPUT_DOM_H
#define TM_INPUT_DOM_H

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "../util/buf.h"
#include "threadmap.h"

/**
 * Read a saved page into *doc (free with xmlFreeDoc): libxml2's HTML
 * parser in recovery mode, no network, and XML_PARSE_HUGE, which lifts the
 * nesting limit of 256 that would otherwise drop the rest of a page
 * silently (the parsers walk the tree without recursion).
 * @return TM_OK; TM_ELIMIT (over 2 GiB, or nested beyond what libxml2
 *         reads), TM_EPARSE (no document), TM_ENOMEM, with err filled.
 */
int tm__dom_read(htmlDocPtr *doc, const char *buf, size_t len, tm_error *err);

/** Is n an element named tag (ASCII case-insensitive)? */
int tm__dom_is(xmlNode *n, const char *tag);
/** Does the white-space-separated attribute attr of n hold the word w? */
int tm__dom_attr_word(xmlNode *n, const char *attr, const char *w);
/** Does the class attribute of n hold the word cls? */
int tm__dom_has_class(xmlNode *n, const char *cls);
/** The node after n in document order within the subtree of top (into
 * n's children when descend is set); NULL after the last. */
xmlNode *tm__dom_next(xmlNode *n, xmlNode *top, int descend);
/** All text under n, runs of white space as one space, trimmed, into b
 * (NUL-terminated). */
void tm__dom_text(xmlNode *n, tm_buf *b);

#endif
