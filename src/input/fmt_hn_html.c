/*
 * fmt_hn_html.c - Hacker News item pages saved from a browser.
 *
 * Parsed with libxml2's error-tolerant HTML parser, then read from the
 * DOM.  Two generations of HN markup are understood:
 *  - current (2020s): <tr class="athing comtr" id=N>, <td class="ind"
 *    indent=D>, <a class="hnuser">, <span class="age" title="ISO EPOCH">,
 *    <div class="commtext cXX">, story in <tr class="athing submission">
 *    with <span class="titleline">, <span class="score">, <div
 *    class="toptext">;
 *  - older (2010s): <tr class='athing'> rows, the indent only as the width
 *    of a spacer image in <td class='ind'> (40 px per level), the text in
 *    <span class="comment"><span class="c00">, the story as the first
 *    athing row with a <td class="title">.
 * The parent of a comment is the nearest earlier comment with a smaller
 * indent; a jump of more than one level is repaired and flagged.
 * Comment text classes other than c00 (c5a, c73, ..., cdd) mean the text is
 * shown faded (downvoted); "[deleted]", "[dead]", "[flagged]" set flags.
 */
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../text/markup.h"
#include "../util/error.h"
#include "../util/timeparse.h"
#include "dom.h"
#include "format.h"

#define HN_INDENT_PX 40 /* spacer width per level in old markup */
#define HN_BASE_URL "https://news.ycombinator.com/"




/* First descendant of top (or top itself) that is `tag` with class `cls`
 * (either may be NULL = any). */
static xmlNode *S_find(xmlNode *top, const char *tag, const char *cls) {
  for (xmlNode *n = top; n; n = tm__dom_next(n, top, 1))
    if (n->type == XML_ELEMENT_NODE && (!tag || tm__dom_is(n, tag)) && (!cls || tm__dom_has_class(n, cls)))
      return n;
  return NULL;
}

/* First <a> under top whose href starts with prefix. */
static xmlNode *S_find_href(xmlNode *top, const char *prefix) {
  size_t pl = strlen(prefix);
  for (xmlNode *n = top; n; n = tm__dom_next(n, top, 1)) {
    if (!tm__dom_is(n, "a")) continue;
    xmlChar *h = xmlGetProp(n, (const xmlChar *)"href");
    int ok = h && strncmp((const char *)h, prefix, pl) == 0;
    xmlFree(h);
    if (ok) return n;
  }
  return NULL;
}


/* Feed the DOM subtree of n to the text builder, skipping reply links. */
static void S_markup(tm_textbuf *tb, xmlNode *top) {
  xmlNode *n = top->children;
  while (n) {
    int descend = 1;
    if (n->type == XML_TEXT_NODE && n->content) {
      tm__tb_text(tb, (const char *)n->content, strlen((const char *)n->content));
    } else if (n->type == XML_ELEMENT_NODE) {
      if (tm__dom_has_class(n, "reply") || tm__dom_is(n, "script") || tm__dom_is(n, "style")) {
        descend = 0;
      } else {
        xmlChar *href = tm__dom_is(n, "a") ? xmlGetProp(n, (const xmlChar *)"href") : NULL;
        const char *name = (const char *)n->name;
        tm__tb_open(tb, name, strlen(name), (const char *)href, href ? strlen((const char *)href) : 0);
        xmlFree(href);
        if (!n->children) tm__tb_close(tb, name, strlen(name));
      }
    }
    if (descend && n->children && n->type == XML_ELEMENT_NODE) {
      n = n->children;
      continue;
    }
    /* climb, closing elements on the way */
    while (n && n != top && !n->next) {
      n = n->parent;
      if (n && n != top && n->type == XML_ELEMENT_NODE)
        tm__tb_close(tb, (const char *)n->name, strlen((const char *)n->name));
    }
    if (!n || n == top) break;
    n = n->next;
  }
}

/* "2026-06-01T00:51:16 1780275076": the epoch when present, else ISO. */
static int S_age(xmlNode *age, int64_t *out) {
  xmlChar *t = age ? xmlGetProp(age, (const xmlChar *)"title") : NULL;
  if (!t) return 0;
  const char *s = (const char *)t;
  const char *sp = strrchr(s, ' ');
  int ok = 0;
  if (sp && tm__parse_time(sp + 1, strlen(sp + 1), out)) ok = 1;
  else ok = tm__parse_time(s, sp ? (size_t)(sp - s) : strlen(s), out);
  xmlFree(t);
  return ok;
}

/* The id of a row: its id attribute, else the up-vote link or item link. */
static xmlChar *S_row_id(xmlNode *tr) {
  xmlChar *id = xmlGetProp(tr, (const xmlChar *)"id");
  if (id && id[0]) return id;
  xmlFree(id);
  for (xmlNode *n = tr; n; n = tm__dom_next(n, tr, 1)) {
    if (!tm__dom_is(n, "a")) continue;
    xmlChar *aid = xmlGetProp(n, (const xmlChar *)"id");
    if (aid && strncmp((const char *)aid, "up_", 3) == 0) {
      xmlChar *r = xmlStrdup(aid + 3);
      xmlFree(aid);
      return r;
    }
    xmlFree(aid);
  }
  xmlNode *a = S_find_href(tr, "item?id=");
  if (a) {
    xmlChar *h = xmlGetProp(a, (const xmlChar *)"href");
    xmlChar *r = xmlStrdup(h + 8);
    xmlFree(h);
    for (xmlChar *p = r; p && *p; p++)
      if (*p == '&' || *p == '#') *p = '\0';
    return r;
  }
  return NULL;
}

static int S_indent(xmlNode *tr) {
  xmlNode *ind = S_find(tr, "td", "ind");
  if (!ind) return 0;
  xmlChar *v = xmlGetProp(ind, (const xmlChar *)"indent");
  if (v) {
    int d = atoi((const char *)v);
    xmlFree(v);
    return d < 0 ? 0 : d;
  }
  xmlNode *img = S_find(ind, "img", NULL);
  xmlChar *w = img ? xmlGetProp(img, (const xmlChar *)"width") : NULL;
  int d = w ? atoi((const char *)w) / HN_INDENT_PX : 0;
  xmlFree(w);
  return d < 0 ? 0 : d;
}

static int S_story(tm_thread *t, tm_textbuf *tb, xmlNode *tr, tm_buf *tmp) {
  int ok = 1;
  xmlChar *id = S_row_id(tr);
  if (id) t->meta.id = tm__thread_str(t, (const char *)id, strlen((const char *)id), &ok);
  xmlFree(id);
  /* the title link: in span.titleline (current markup), else the first
   * link inside a td.title that is not a vote arrow (old markup) */
  xmlNode *a = NULL, *tl = S_find(tr, "span", "titleline");
  for (xmlNode *n = tl ? tl : tr; n && !a; n = tm__dom_next(n, tl ? tl : tr, 1)) {
    if (!tm__dom_is(n, "a")) continue;
    xmlNode *p = n->parent;
    while (p && p != tr && !tm__dom_is(p, "td")) p = p->parent;
    if (!tl && !(p && tm__dom_has_class(p, "title"))) continue;
    xmlChar *h = xmlGetProp(n, (const xmlChar *)"href");
    if (!h || strncmp((const char *)h, "vote?", 5) != 0) a = n;
    xmlFree(h);
  }
  if (a) {
    tm__dom_text(a, tmp);
    t->meta.title = tm__thread_str(t, tmp->ptr, tmp->len, &ok);
    xmlChar *h = xmlGetProp(a, (const xmlChar *)"href");
    if (h) {
      char url[2048];
      if (strncmp((const char *)h, "item?id=", 8) == 0)
        snprintf(url, sizeof url, "%s%s", HN_BASE_URL, (const char *)h);
      else
        snprintf(url, sizeof url, "%s", (const char *)h);
      t->meta.url = tm__thread_str(t, url, strlen(url), &ok);
      xmlFree(h);
    }
  }
  /* the subtext row follows */
  xmlNode *row = tr->next;
  while (row && row->type != XML_ELEMENT_NODE) row = row->next;
  xmlNode *sub = row ? S_find(row, "td", "subtext") : NULL;
  if (sub) {
    xmlNode *score = S_find(sub, "span", "score");
    if (score) {
      tm__dom_text(score, tmp);
      t->meta.score = strtoll(tmp->ptr, NULL, 10);
      t->meta.has_score = 1;
    }
    xmlNode *user = S_find(sub, "a", "hnuser");
    if (!user) user = S_find_href(sub, "user?id=");
    if (user) {
      tm__dom_text(user, tmp);
      t->meta.author = tm__thread_str(t, tmp->ptr, tmp->len, &ok);
    }
    S_age(S_find(sub, "span", "age"), &t->meta.time);
    /* the story text: div.toptext, or (old markup) the first later row
     * with text and no form */
    xmlNode *top = NULL;
    for (xmlNode *r = row->next; r && !top; r = r->next) {
      if (r->type != XML_ELEMENT_NODE) continue;
      if ((top = S_find(r, "div", "toptext"))) break;
      if (S_find(r, "form", NULL) || S_find(r, "textarea", NULL)) break;
      tm__dom_text(r, tmp);
      if (tmp->len) top = r;
    }
    if (top) {
      S_markup(tb, top);
      const char *txt = tm__tb_finish_str(tb, t);
      if (!txt) ok = 0;
      if (txt && *txt) t->meta.text = txt;
    }
  }
  return ok;
}

int tm__parse_hn_html(tm_thread *t, const char *buf, size_t len, tm_error *err) {
  htmlDocPtr doc;
  int rd = tm__dom_read(&doc, buf, len, err);
  if (rd) return rd;
  tm_textbuf tb;
  tm__tb_init(&tb);
  tm_buf tmp = TM_BUF_INIT;
  int rc = TM_OK, ok = 1;
  /* stack of (indent, comment index) for parent lookup */
  size_t cap = 64, n = 0;
  struct lvl { int indent; uint32_t idx; } *st = malloc(cap * sizeof *st);
  if (!st) {
    rc = tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
    goto cleanup;
  }
  xmlNode *root = xmlDocGetRootElement(doc);
  size_t rows = 0;
  for (xmlNode *node = root; node && rc == TM_OK && ok;) {
    if (!tm__dom_is(node, "tr") || !tm__dom_has_class(node, "athing")) {
      node = tm__dom_next(node, root, 1);
      continue;
    }
    rows++;
    xmlNode *comhead = S_find(node, "span", "comhead");
    int is_story = tm__dom_has_class(node, "submission") ||
                   (!tm__dom_has_class(node, "comtr") && !comhead) ||
                   (!tm__dom_has_class(node, "comtr") && S_find(node, "td", "title") && !S_find(node, "td", "ind"));
    if (is_story) {
      if (!t->meta.title) ok = S_story(t, &tb, node, &tmp);
      node = tm__dom_next(node, root, 0);
      continue;
    }
    tm_comment *c = tm__thread_add_at(t, (size_t)xmlGetLineNo(node), 1, err);
    if (!c) {
      rc = tm__thread_full(t) ? TM_ELIMIT : TM_ENOMEM;
      break;
    }
    uint32_t me = (uint32_t)(t->n - 1);
    long ln = xmlGetLineNo(node);
    c->line = ln > 0 ? (size_t)ln : 0;
    c->col = c->line ? 1 : 0;
    xmlChar *id = S_row_id(node);
    if (id) {
      c->id = tm__thread_str(t, (const char *)id, strlen((const char *)id), &ok);
    } else {
      char tmpid[32];
      snprintf(tmpid, sizeof tmpid, "#%zu", t->n);
      c->id = tm__thread_str(t, tmpid, strlen(tmpid), &ok);
      tm__thread_warn(t, c->line, c->col, "comment row without an id; named it \"%s\"", tmpid);
    }
    xmlFree(id);
    if (comhead) {
      xmlNode *user = S_find(comhead, "a", "hnuser");
      if (!user) user = S_find_href(comhead, "user?id=");
      if (user) {
        tm__dom_text(user, &tmp);
        if (tmp.len) c->author = tm__thread_str(t, tmp.ptr, tmp.len, &ok);
      }
      S_age(S_find(comhead, "span", "age"), &c->time);
      tm__dom_text(comhead, &tmp);
      if (tmp.ptr && strstr(tmp.ptr, "[dead]")) c->flags |= TM_CF_DEAD;
      if (tmp.ptr && strstr(tmp.ptr, "[flagged]")) c->flags |= TM_CF_FLAGGED;
      if (tmp.ptr && strstr(tmp.ptr, "[deleted]")) c->flags |= TM_CF_DELETED;
    }
    xmlNode *body = S_find(node, NULL, "commtext");
    if (!body) {
      xmlNode *sc = S_find(node, "span", "comment");
      if (!sc) sc = S_find(node, "div", "comment");
      body = sc;
      /* old markup wraps the text in <span class="c00"> inside */
      if (sc) {
        for (xmlNode *k = sc->children; k; k = k->next)
          if (k->type == XML_ELEMENT_NODE && tm__dom_is(k, "span")) {
            xmlChar *cl = xmlGetProp(k, (const xmlChar *)"class");
            int colour = cl && cl[0] == 'c' && strlen((const char *)cl) == 3;
            if (colour && xmlStrcasecmp(cl, (const xmlChar *)"c00") != 0) c->flags |= TM_CF_DOWNVOTED;
            xmlFree(cl);
            if (colour) {
              body = k;
              break;
            }
          }
      }
    } else {
      xmlChar *cl = xmlGetProp(body, (const xmlChar *)"class");
      if (cl && !strstr((const char *)cl, "c00")) c->flags |= TM_CF_DOWNVOTED;
      xmlFree(cl);
    }
    if (body) {
      if (t->opts.flags & TM_OPT_KEEP_RAW) {
        xmlBufferPtr xb = xmlBufferCreate();
        if (xb) {
          for (xmlNode *k = body->children; k; k = k->next) htmlNodeDump(xb, doc, k);
          c->raw = tm__thread_raw(t, (const char *)xmlBufferContent(xb), (size_t)xmlBufferLength(xb), &ok);
          xmlBufferFree(xb);
        }
      }
      S_markup(&tb, body);
      if (tm__tb_finish(&tb, t, c)) ok = 0;
      if (c->text) {
        if (strcmp(c->text, "[deleted]") == 0) c->flags |= TM_CF_DELETED;
        if (strcmp(c->text, "[dead]") == 0) c->flags |= TM_CF_DEAD;
        if (strcmp(c->text, "[flagged]") == 0) c->flags |= TM_CF_FLAGGED;
        if (c->flags & TM_CF_DELETED && strcmp(c->text, "[deleted]") == 0) {
          c->text = "";
          c->text_len = 0;
        }
      }
    } else {
      c->text = "";
      /* a row with no text and no author is a deleted comment */
      if (!c->author) c->flags |= TM_CF_DELETED;
    }
    /* parent from indentation */
    int indent = S_indent(node);
    while (n && st[n - 1].indent >= indent) n--;
    if (n && indent > st[n - 1].indent + 1) {
      c->flags |= TM_CF_INDENT_JUMP;
      tm__thread_warn(t, c->line, c->col,
                      "comment \"%s\" is indented %d levels below its "
                      "nearest ancestor; attached to it",
                      c->id, indent - st[n - 1].indent);
    } else if (!n && indent > 0) {
      c->flags |= TM_CF_INDENT_JUMP;
      tm__thread_warn(t, c->line, c->col,
                      "comment \"%s\" is indented %d but has no comment above it; "
                      "attached to the story",
                      c->id, indent);
    }
    if (n) c->parent_id = t->c[st[n - 1].idx].id;
    else c->parent_id = t->meta.id; /* NULL when the page has no story row */
    if (n == cap) {
      void *ns = realloc(st, cap * 2 * sizeof *st);
      if (!ns) {
        rc = tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
        break;
      }
      st = ns;
      cap *= 2;
    }
    st[n].indent = indent;
    st[n].idx = me;
    n++;
    node = tm__dom_next(node, root, 0);
  }
  if (rc == TM_OK && !ok) rc = tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
  if (rc == TM_OK && rows == 0)
    rc = tm__error(err, TM_EPARSE, 1, 1, 0,
                   "no Hacker News story or comment rows (tr.athing) in this HTML");
cleanup:
  free(st);
  tm_buf_free(&tmp);
  tm__tb_free(&tb);
  xmlFreeDoc(doc);
  return rc;
}
