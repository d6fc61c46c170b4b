/*
 * fmt_wxr.c - WordPress eXtended RSS (WXR) exports, versions 1.0 to 1.2
 * (Tools > Export in WordPress; the wp: namespace is
 * http(s)://wordpress.org/export/1.x/).
 *
 *   <rss><channel><title/><link/>
 *     <item><title/><link/><dc:creator/><content:encoded/>
 *           <wp:post_id/><wp:post_date_gmt/>
 *       <wp:comment><wp:comment_id/><wp:comment_parent/> (0 = the post)
 *         <wp:comment_author/><wp:comment_date_gmt/><wp:comment_content/>
 *         <wp:comment_approved/> (1, 0 = pending, spam, trash)
 *         <wp:comment_type/> (empty or "comment", pingback, trackback)
 *
 * Read item by item with the streaming reader (each <item> is expanded
 * alone, then freed).  Every post or page with at least one comment is a
 * thread; items without comments (most attachments, menu items, pages) are
 * not threads and leave nothing behind.  The post is the thread root with
 * id "post:<wp:post_id>" ("item:<N>" for the N-th item when it has none),
 * since posts and comments are numbered apart; comments keep their
 * comment_id.  A comment id that an earlier post already used (WordPress
 * numbers comments site-wide, so only a hand-made file repeats one) is
 * renamed "<id>@<post id>" with a warning, and its post's replies follow
 * it, so no comment is lost.  Texts are HTML written for wpautop: a blank
 * line is a paragraph, a newline a line break.
 *
 * Nothing is dropped for its status: spam is kept with the flag `dead`
 * (killed by software, like HN's dead), trashed comments with `deleted`
 * (their text kept); pending (0) comments are kept unflagged, and
 * pingbacks and trackbacks are kept as comments by the linking site.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "../util/timeparse.h"
#include "format.h"
#include "xml.h"

#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"

typedef struct S_wxr {
  tm_thread *t;
  tm_textbuf tb;
  tm_buf tmp;
  tm_buf dec;            /* decoded references */
  tm_xroots roots;
  tm_xset seen;          /* comment ids of earlier posts */
  size_t items;          /* <item>s read */
} S_wxr;

/* Is n a wp: element of that name? */
static int S_wp(const xmlNode *n, const char *name) {
  if (!tm__xml_is(n, name, NULL) || !n->ns || !n->ns->href) return 0;
  return strstr((const char *)n->ns->href, "wordpress.org/export/") != NULL;
}

static xmlNode *S_wp_child(const xmlNode *n, const char *name) {
  for (xmlNode *k = n ? n->children : NULL; k; k = k->next)
    if (S_wp(k, name)) return k;
  return NULL;
}

/* Trimmed text of child `name` copied into the arena ("" -> NULL). */
static const char *S_str(S_wxr *w, const xmlNode *n, int *ok) {
  size_t l;
  const char *s = tm__xml_text_trim(n, &w->tmp, &l);
  if (!s) {
    *ok = 0;
    return NULL;
  }
  return l ? tm__thread_str(w->t, s, l, ok) : NULL;
}

/* The same with HTML character references decoded: WordPress stores
 * comment authors and titles HTML-escaped ("Ping 1 &laquo; Blog"). */
static const char *S_str_html(S_wxr *w, const xmlNode *n, int *ok) {
  size_t l;
  const char *s = tm__xml_text_trim(n, &w->tmp, &l);
  if (!s) {
    *ok = 0;
    return NULL;
  }
  if (!l) return NULL;
  tm_buf_reset(&w->dec);
  if (tm__html_decode(&w->dec, s, l) || !w->dec.ptr) {
    *ok = 0;
    return NULL;
  }
  return tm__thread_str(w->t, w->dec.ptr, w->dec.len, ok);
}

/* wp dates: "2014-01-14 17:32:12" (GMT), "0000-00-00 00:00:00" = none */
static int S_date(S_wxr *w, const xmlNode *gmt, const xmlNode *local, int64_t *out) {
  size_t l;
  const char *s = tm__xml_text_trim(gmt, &w->tmp, &l);
  if (s && l && strncmp(s, "0000", 4) != 0 && tm__parse_time(s, l, out)) return 1;
  s = tm__xml_text_trim(local, &w->tmp, &l);
  return s && l && strncmp(s, "0000", 4) != 0 && tm__parse_time(s, l, out);
}

static size_t S_line(const xmlNode *n) {
  long l = xmlGetLineNo((xmlNode *)n);
  return l > 0 ? (size_t)l : 0;
}

static int S_body(S_wxr *w, tm_comment *c, const xmlNode *n) {
  const char *s = tm__xml_text(n, &w->tmp);
  if (!s) return 0;
  int ok = 1;
  if (w->t->opts.flags & TM_OPT_KEEP_RAW && w->tmp.len)
    c->raw = tm__thread_raw(w->t, s, w->tmp.len, &ok);
  tm__xml_autop(&w->tb, s, w->tmp.len);
  return ok;
}

static int S_item(S_wxr *w, xmlNode *item, tm_error *err) {
  tm_thread *t = w->t;
  w->items++;
  size_t ncom = 0;
  for (xmlNode *k = item->children; k; k = k->next) ncom += S_wp(k, "comment");
  if (!ncom) return TM_OK; /* not a discussion */
  int ok = 1;
  char b[256];
  /* the post */
  size_t line = S_line(item);
  tm_comment *c = tm__thread_add_at(t, line, 1, err);
  if (!c) return tm__thread_full(t) ? TM_ELIMIT : TM_ENOMEM;
  uint32_t ri = (uint32_t)(t->n - 1), first = ri + 1;
  c->line = line;
  c->col = line ? 1 : 0;
  size_t pl;
  const char *pid = tm__xml_text_trim(S_wp_child(item, "post_id"), &w->tmp, &pl);
  if (pid && pl) {
    snprintf(b, sizeof b, "post:%.*s", (int)(pl < 100 ? pl : 100), pid);
  } else {
    snprintf(b, sizeof b, "item:%zu", w->items);
    tm__thread_warn(t, line, 1, "post without a wp:post_id; named it \"%s\"", b);
  }
  c->id = tm__thread_str(t, b, strlen(b), &ok);
  c->author = S_str_html(w, tm__xml_child(item, "creator", NS_DC), &ok);
  S_date(w, S_wp_child(item, "post_date_gmt"), S_wp_child(item, "post_date"), &c->time);
  const char *title = S_str_html(w, tm__xml_child(item, "title", NULL), &ok);
  const char *link = S_str(w, tm__xml_child(item, "link", NULL), &ok);
  int rc = tm__xroot_add(&w->roots, t, &w->tb, ri, title, title ? strlen(title) : 0, link);
  if (rc) return tm__error(err, rc, 0, 0, 0, "out of memory");
  c = &t->c[ri];
  if (!S_body(w, c, tm__xml_child(item, "encoded", NS_CONTENT))) ok = 0;
  if (tm__tb_finish(&w->tb, t, c)) ok = 0;
  const char *root_id = c->id;
  size_t renamed = 0; /* comments of this post renamed */

  /* its comments */
  for (xmlNode *k = item->children; k && ok; k = k->next) {
    if (!S_wp(k, "comment")) continue;
    line = S_line(k);
    c = tm__thread_add_at(t, line, 1, err);
    if (!c) return tm__thread_full(t) ? TM_ELIMIT : TM_ENOMEM;
    c->line = line;
    c->col = line ? 1 : 0;
    size_t il;
    const char *id = tm__xml_text_trim(S_wp_child(k, "comment_id"), &w->tmp, &il);
    if (!id || !il) {
      snprintf(b, sizeof b, "#%zu", t->n);
      tm__thread_warn(t, line, 1, "comment without a wp:comment_id; named it \"%s\"", b);
    } else {
      snprintf(b, sizeof b, "%.*s", (int)(il < 100 ? il : 100), id);
      if (tm__xset_has(&w->seen, b)) {
        char r[240];
        snprintf(r, sizeof r, "%.100s@%.120s", b, root_id);
        tm__thread_warn(t, line, 1,
                        "comment id \"%s\" is used by an earlier post too; named this one \"%s\"",
                        b, r);
        snprintf(b, sizeof b, "%s", r);
        renamed++;
      }
    }
    c->id = tm__thread_str(t, b, strlen(b), &ok);
    size_t ql;
    const char *par = tm__xml_text_trim(S_wp_child(k, "comment_parent"), &w->tmp, &ql);
    if (!par || !ql || (ql == 1 && par[0] == '0')) {
      c->parent_id = root_id;
    } else {
      snprintf(b, sizeof b, "%.*s", (int)(ql < 100 ? ql : 100), par);
      /* a reply to a renamed comment of this post follows it */
      for (uint32_t j = first; renamed && j + 1 < t->n; j++) {
        const char *cid = t->c[j].id;
        size_t bl = strlen(b);
        if (!strncmp(cid, b, bl) && cid[bl] == '@' && !strcmp(cid + bl + 1, root_id)) {
          snprintf(b, sizeof b, "%s", cid);
          break;
        }
      }
      c->parent_id = tm__thread_str(t, b, strlen(b), &ok);
    }
    c->author = S_str_html(w, S_wp_child(k, "comment_author"), &ok);
    S_date(w, S_wp_child(k, "comment_date_gmt"), S_wp_child(k, "comment_date"), &c->time);
    size_t al;
    const char *ap = tm__xml_text_trim(S_wp_child(k, "comment_approved"), &w->tmp, &al);
    if (ap && al == 4 && !memcmp(ap, "spam", 4)) c->flags |= TM_CF_DEAD;
    else if (ap && ((al == 5 && !memcmp(ap, "trash", 5)) || (al == 12 && !memcmp(ap, "post-trashed", 12))))
      c->flags |= TM_CF_DELETED;
    if (!S_body(w, c, S_wp_child(k, "comment_content"))) ok = 0;
    if (tm__tb_finish(&w->tb, t, c)) ok = 0;
  }
  /* this post's ids are taken for the posts that follow */
  for (uint32_t j = first; j < t->n && ok; j++)
    if (tm__xset_add(&w->seen, t->c[j].id) < 0) ok = 0;
  return ok ? TM_OK : tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
}

int tm__parse_wxr(tm_thread *t, const char *buf, size_t len, tm_error *err) {
  S_wxr w;
  memset(&w, 0, sizeof w);
  w.t = t;
  tm__tb_init(&w.tb);
  tm_xin in = {buf, len, 0, NULL, 0};
  tm_xerr xe;
  const char *blog = NULL, *blog_url = NULL;
  int rc = TM_OK, ret = 1, ok = 1, advance = 1;
  xmlTextReaderPtr r = tm__xml_reader(&in, &xe);
  if (!r) return tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
  while (rc == TM_OK && ok) {
    /* after Next() the reader already stands on the following node */
    if (advance && (ret = xmlTextReaderRead(r)) != 1) break;
    advance = 1;
    if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT) continue;
    int depth = xmlTextReaderDepth(r);
    xmlNode *n = xmlTextReaderCurrentNode(r);
    if (depth == 0) {
      if (!tm__xml_is(n, "rss", NULL))
        rc = tm__error(err, TM_EPARSE, tm__xml_line(r), 1, 0,
                       "not a WordPress export: the root element is <%s>, expected <rss>",
                       (const char *)n->name);
      continue;
    }
    if (depth == 1 && tm__xml_is(n, "channel", NULL)) continue;
    if (depth == 2) {
      int is_item = tm__xml_is(n, "item", NULL);
      int is_title = !blog && tm__xml_is(n, "title", NULL);
      int is_link = !blog_url && tm__xml_is(n, "link", NULL);
      if (is_item || is_title || is_link) {
        xmlNode *e = xmlTextReaderExpand(r);
        if (!e) {
          ret = -1;
          break;
        }
        if (is_item) rc = S_item(&w, e, err);
        else if (is_title) blog = S_str_html(&w, e, &ok);
        else blog_url = S_str(&w, e, &ok);
      }
    }
    /* skip the element's subtree (other depth-1 and -2 elements too) */
    if (rc == TM_OK && (ret = xmlTextReaderNext(r)) != 1) break;
    advance = 0;
  }
  if (rc == TM_OK && !ok) rc = tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
  if (rc == TM_OK && ret == -1) rc = tm__xml_error(err, &in, &xe, 0);
  xmlFreeTextReader(r);
  if (rc == TM_OK) {
    if (w.roots.n == 0)
      tm__thread_warn(t, 0, 0, "no post in this export has comments (%zu items read)", w.items);
    if ((rc = tm__xroots_finish(&w.roots, t))) rc = tm__error(err, rc, 0, 0, 0, "out of memory");
  }
  if (rc == TM_OK && !t->meta.id) { /* several posts, or none: the blog */
    t->meta.title = blog;
    t->meta.url = blog_url;
  }
  tm__tb_free(&w.tb);
  tm_buf_free(&w.tmp);
  tm_buf_free(&w.dec);
  tm__xset_free(&w.seen);
  return rc;
}
