/*
 * dom.h - small helpers over libxml2's HTML tree, shared by the parsers of
 * saved pages (fmt_hn_html.c, fmt_reddit_html.c) (internal).
 */
#ifndef TM_INPUT_DOM_H
#define TM_INPUT_DOM_H

#include <libxml/tree.h>

#include "../util/buf.h"

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
