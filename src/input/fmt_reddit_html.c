/*
 * fmt_reddit_html.c - Reddit comment pages saved from a browser.
 *
 * Parsed with libxml2's error-tolerant HTML parser, then read from the DOM
 * in document order.  Three generations of Reddit markup are understood,
 * even mixed in one file:
 *
 *  - old.reddit.com: every comment is a <div class="thing ... comment"
 *    data-fullname="t1_ID" data-author="NAME" data-permalink="...">; its
 *    replies are nested in its <div class="child"><div class="sitetable">,
 *    so the parent is the nearest enclosing comment thing.  The body is the
 *    <div class="md"> in the comment's own <form class="usertext">, the time
 *    the first <time datetime> of its tagline, the score the title of
 *    <span class="score unvoted">.  "load more comments (N replies)"
 *    (a thing of class morechildren) and "continue this thread" (class
 *    morerecursion) count as missing replies of the comment that holds
 *    them.  The story is the thing whose data-fullname is t3_ID.
 *
 *  - the 2018-2023 design ("new Reddit", React): comments are flat sibling
 *    <div id="t1_ID" style="padding-left: Npx">; each starts with thread
 *    lines, one <div class="... t1_ANCESTOR"><i class="threadline"> per
 *    ancestor and one for itself, so the parent is the thread line before
 *    its own; a page without thread lines falls back on the comment's
 *    "level N" label, else its padding (16 px, then 21 px per level), and
 *    the nearest earlier comment one level up.  The author
 *    is <a data-testid="comment_author_link">, the body <div
 *    data-testid="comment">, the score the text of #vote-arrows-t1_ID;
 *    only relative ages ("6 yr. ago") are shown, so times are unknown.
 *    "Comment deleted by user" and "Comment removed by moderator" are
 *    comments without author or body.  <div id="moreComments-t1_X"> ("N
 *    more replies") belongs to the comment its last thread line names, and
 *    <div id="continueThread-t1_X"> announces at least one reply of X.
 *    The story is <div data-testid="post-container" id="t3_ID">.
 *
 *  - the current design ("shreddit", 2023-): <shreddit-comment thingid=
 *    "t1_ID" author= depth= parentid= postid= score= created=> custom
 *    elements, nested, with the body in a child element of slot="comment";
 *    the story is <shreddit-post id="t3_ID" post-title= author=
 *    created-timestamp= score= comment-count= content-href=>.
 *
 * Ids are Reddit's base-36 ids without the "t1_" prefix, as in the
 * reddit-json format; a top-level comment's parent is the post's id.
 * A page holds what the browser rendered: replies behind "more" links are
 * not in the file and are counted in missing_replies (a link without a
 * count, such as "continue this thread", counts as one, a lower bound).
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

#define RD_BASE_URL "https://www.reddit.com"
#define RD_MAX_LEVELS 64 /* 2018 design: levels tracked for pages without thread lines */
#define RD_LEVEL_PX 21   /* ... padding-left grows by this per level, from 16 px at level 1 */

typedef struct S_ctx {
  tm_thread *t;
  htmlDocPtr doc;
  tm_textbuf tb;
  tm_buf tmp;
  int ok;             /* 0 after an allocation failed */
  size_t things;      /* comment records seen (any design) */
  int story_seen;
  uint32_t levels[RD_MAX_LEVELS]; /* last comment seen at each level (2018 design) */
  size_t nlevels;
} S_ctx;




/* Does attribute `attr` of n equal `val` (or start with it, prefix=1)? */
static int S_attr_is(xmlNode *n, const char *attr, const char *val, int prefix) {
  if (!n || n->type != XML_ELEMENT_NODE) return 0;
  xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
  if (!v) return 0;
  int r = prefix ? strncmp((const char *)v, val, strlen(val)) == 0 : strcmp((const char *)v, val) == 0;
  xmlFree(v);
  return r;
}


/* First element under top (top excluded) with tag (or any) whose attribute
 * attr equals val (or, with val NULL, whose class holds cls). */
static xmlNode *S_find(xmlNode *top, const char *tag, const char *attr, const char *val) {
  for (xmlNode *n = top->children ? top->children : NULL; n; n = tm__dom_next(n, top, 1)) {
    if (n->type != XML_ELEMENT_NODE || (tag && !tm__dom_is(n, tag))) continue;
    if (!attr) return n;
    if (val && S_attr_is(n, attr, val, 0)) return n;
    if (!val && xmlHasProp(n, (const xmlChar *)attr)) return n;
  }
  return NULL;
}

static xmlNode *S_find_class(xmlNode *top, const char *tag, const char *cls) {
  for (xmlNode *n = top->children; n; n = tm__dom_next(n, top, 1))
    if (n->type == XML_ELEMENT_NODE && (!tag || tm__dom_is(n, tag)) && tm__dom_has_class(n, cls)) return n;
  return NULL;
}


/* Feed the DOM subtree under top to the text builder (scripts, styles and
 * forms' buttons left out). */
static void S_markup(tm_textbuf *tb, xmlNode *top) {
  xmlNode *n = top->children;
  while (n) {
    int descend = 1;
    if (n->type == XML_TEXT_NODE && n->content) {
      tm__tb_text(tb, (const char *)n->content, strlen((const char *)n->content));
    } else if (n->type == XML_ELEMENT_NODE) {
      if (tm__dom_is(n, "script") || tm__dom_is(n, "style") || tm__dom_is(n, "button") || tm__dom_is(n, "svg")) {
        descend = 0;
      } else {
        xmlChar *href = tm__dom_is(n, "a") ? xmlGetProp(n, (const xmlChar *)"href") : NULL;
        const char *name = (const char *)n->name;
        tm__tb_open(tb, name, strlen(name), (const char *)href, href ? strlen((const char *)href) : 0);
        xmlFree(href);
        if (!n->children) tm__tb_close(tb, name, strlen(name));
      }
    } else {
      descend = 0;
    }
    if (descend && n->children) {
      n = n->children;
      continue;
    }
    while (n && n != top && !n->next) {
      n = n->parent;
      if (n && n != top && n->type == XML_ELEMENT_NODE)
        tm__tb_close(tb, (const char *)n->name, strlen((const char *)n->name));
    }
    if (!n || n == top) break;
    n = n->next;
  }
}

static size_t S_line(xmlNode *n) {
  long ln = xmlGetLineNo(n);
  return ln > 0 ? (size_t)ln : 0;
}

/* An attribute's value as an arena string (NULL when absent or empty);
 * skip_prefix drops a leading "t1_"/"t3_"-style prefix of that length. */
static const char *S_attr_str(S_ctx *x, xmlNode *n, const char *attr, size_t skip_prefix) {
  xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
  if (!v) return NULL;
  const char *s = (const char *)v;
  size_t len = strlen(s);
  if (skip_prefix && len > skip_prefix && s[2] == '_') {
    s += skip_prefix;
    len -= skip_prefix;
  }
  const char *r = len ? tm__thread_str(x->t, s, len, &x->ok) : NULL;
  xmlFree(v);
  return r;
}

/* "1.2k" / "12" / "-3" as a number; 0 when it is not one ("Vote"). */
static int S_count(const char *s, int64_t *out) {
  while (*s == ' ') s++;
  char *e;
  double v = strtod(s, &e);
  if (e == s) return 0;
  if (*e == 'k' || *e == 'K') v *= 1000, e++;
  else if (*e == 'm' || *e == 'M') v *= 1000000, e++;
  *out = (int64_t)(v < 0 ? v - 0.5 : v + 0.5);
  return 1;
}

/* The first "N more repl..." / "(N replies)" / "(N children)" count in a
 * text; 0 when there is none. */
static uint32_t S_more_count(const char *s) {
  for (const char *p = s; *p; p++) {
    if (*p < '0' || *p > '9') continue;
    if (p > s && p[-1] >= '0' && p[-1] <= '9') continue;
    char *e;
    unsigned long v = strtoul(p, &e, 10);
    while (*e == ' ' || *e == ',') e++;
    if (!strncmp(e, "more repl", 9) || !strncmp(e, "repl", 4) || !strncmp(e, "child", 5) ||
        !strncmp(e, "more comment", 12))
      return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
  }
  return 0;
}

static void S_add_missing(S_ctx *x, const char *owner_id, uint32_t n) {
  x->t->meta.missing_replies += n;
  if (!owner_id) return;
  /* comments are few on a page; the owner is usually the latest */
  for (size_t i = x->t->n; i-- > 0;)
    if (strcmp(x->t->c[i].id, owner_id) == 0) {
      x->t->c[i].missing_replies += n;
      return;
    }
}

static int S_is_deleted_text(const char *s) {
  return !strcmp(s, "[deleted]") || !strcmp(s, "[removed]") || !strcmp(s, "Comment deleted by user") ||
         !strcmp(s, "Comment removed by moderator") || !strcmp(s, "[ Removed by Reddit ]");
}

/* Body text of a comment (body may be NULL: deleted). */
static int S_body(S_ctx *x, tm_comment *c, xmlNode *body) {
  if (!body) {
    c->text = "";
    c->text_len = 0;
    return TM_OK;
  }
  if (x->t->opts.flags & TM_OPT_KEEP_RAW) {
    xmlBufferPtr xb = xmlBufferCreate();
    if (xb) {
      for (xmlNode *k = body->children; k; k = k->next) htmlNodeDump(xb, x->doc, k);
      c->raw = tm__thread_raw(x->t, (const char *)xmlBufferContent(xb), (size_t)xmlBufferLength(xb), &x->ok);
      xmlBufferFree(xb);
    }
  }
  S_markup(&x->tb, body);
  if (tm__tb_finish(&x->tb, x->t, c)) return TM_ENOMEM;
  if (c->text && S_is_deleted_text(c->text)) {
    c->flags |= TM_CF_DELETED;
    c->text = "";
    c->text_len = 0;
  }
  return TM_OK;
}

/* A new comment at node n, or NULL (err filled). */
static tm_comment *S_add(S_ctx *x, xmlNode *n, tm_error *err) {
  size_t line = S_line(n);
  tm_comment *c = tm__thread_add_at(x->t, line, line ? 1 : 0, err);
  if (!c) return NULL;
  c->line = line;
  c->col = line ? 1 : 0;
  x->things++;
  return c;
}

/* ---------------------------------------------------------- old.reddit */

static int S_old_thing(xmlNode *n) {
  return tm__dom_is(n, "div") && tm__dom_has_class(n, "thing");
}

/* The entry div of a thing (its own, not a reply's). */
static xmlNode *S_old_entry(xmlNode *thing) {
  for (xmlNode *k = thing->children; k; k = k->next)
    if (tm__dom_is(k, "div") && tm__dom_has_class(k, "entry")) return k;
  return NULL;
}

/* data-fullname of the nearest enclosing comment thing, or NULL. */
static xmlNode *S_old_parent_thing(xmlNode *n) {
  for (xmlNode *p = n->parent; p; p = p->parent)
    if (S_old_thing(p) && S_attr_is(p, "data-fullname", "t1_", 1)) return p;
  return NULL;
}

static void S_old_story(S_ctx *x, xmlNode *n) {
  tm_thread *t = x->t;
  x->story_seen = 1;
  t->meta.id = S_attr_str(x, n, "data-fullname", 3);
  const char *au = S_attr_str(x, n, "data-author", 0);
  if (au && strcmp(au, "[deleted]") != 0) t->meta.author = au;
  xmlChar *ts = xmlGetProp(n, (const xmlChar *)"data-timestamp");
  if (ts) tm__parse_time((const char *)ts, strlen((const char *)ts), &t->meta.time);
  xmlFree(ts);
  xmlChar *sc = xmlGetProp(n, (const xmlChar *)"data-score");
  if (sc && S_count((const char *)sc, &t->meta.score)) t->meta.has_score = 1;
  xmlFree(sc);
  xmlChar *cc = xmlGetProp(n, (const xmlChar *)"data-comments-count");
  if (cc) t->meta.declared_comments = (size_t)strtoull((const char *)cc, NULL, 10);
  xmlFree(cc);
  xmlChar *url = xmlGetProp(n, (const xmlChar *)"data-url");
  if (url) {
    char u[2048];
    const char *s = (const char *)url;
    snprintf(u, sizeof u, "%s%s", s[0] == '/' ? RD_BASE_URL : "", s);
    t->meta.url = tm__thread_str(t, u, strlen(u), &x->ok);
    xmlFree(url);
  }
  xmlNode *entry = S_old_entry(n);
  xmlNode *title = entry ? S_find_class(entry, "a", "title") : NULL;
  if (title) {
    tm__dom_text(title, &x->tmp);
    t->meta.title = tm__thread_str(t, x->tmp.ptr, x->tmp.len, &x->ok);
  }
  xmlNode *form = entry ? S_find_class(entry, "form", "usertext") : NULL;
  xmlNode *md = form ? S_find_class(form, "div", "md") : NULL;
  if (md) {
    S_markup(&x->tb, md);
    const char *txt = tm__tb_finish_str(&x->tb, t);
    if (!txt) x->ok = 0;
    else if (*txt) t->meta.text = txt;
  }
}

static int S_old_comment(S_ctx *x, xmlNode *n, tm_error *err) {
  tm_comment *c = S_add(x, n, err);
  if (!c) return tm__thread_full(x->t) ? TM_ELIMIT : TM_ENOMEM;
  c->id = S_attr_str(x, n, "data-fullname", 3);
  xmlNode *pt = S_old_parent_thing(n);
  c->parent_id = pt ? S_attr_str(x, pt, "data-fullname", 3) : x->t->meta.id;
  const char *au = S_attr_str(x, n, "data-author", 0);
  if (au && strcmp(au, "[deleted]") != 0 && strcmp(au, "[removed]") != 0) c->author = au;
  xmlNode *entry = S_old_entry(n);
  xmlNode *body = NULL;
  if (entry) {
    xmlNode *tagline = S_find_class(entry, "p", "tagline");
    if (!c->author && tagline) {
      xmlNode *a = S_find_class(tagline, "a", "author");
      if (a) {
        tm__dom_text(a, &x->tmp);
        if (x->tmp.len) c->author = tm__thread_str(x->t, x->tmp.ptr, x->tmp.len, &x->ok);
      }
    }
    for (xmlNode *k = tagline ? tagline->children : NULL; k; k = tm__dom_next(k, tagline, 1)) {
      if (tm__dom_is(k, "time") && !tm__dom_has_class(k, "edited-timestamp")) {
        xmlChar *dt = xmlGetProp(k, (const xmlChar *)"datetime");
        if (dt) tm__parse_time((const char *)dt, strlen((const char *)dt), &c->time);
        xmlFree(dt);
        break;
      }
    }
    xmlNode *sc = tagline ? S_find_class(tagline, "span", "unvoted") : NULL;
    if (sc && tm__dom_has_class(sc, "score")) {
      xmlChar *ti = xmlGetProp(sc, (const xmlChar *)"title");
      if (ti && S_count((const char *)ti, &c->score)) c->has_score = 1;
      xmlFree(ti);
      if (!c->has_score) {
        tm__dom_text(sc, &x->tmp);
        if (x->tmp.ptr && S_count(x->tmp.ptr, &c->score)) c->has_score = 1;
      }
    }
    xmlNode *form = S_find_class(entry, "form", "usertext");
    body = form ? S_find_class(form, "div", "md") : NULL;
  }
  if (tm__dom_has_class(n, "deleted") && !c->author) c->flags |= TM_CF_DELETED;
  if (S_body(x, c, body)) return TM_ENOMEM;
  if (!body && !c->author) c->flags |= TM_CF_DELETED;
  if (!c->id) {
    char tmpid[32];
    snprintf(tmpid, sizeof tmpid, "#%zu", x->t->n);
    c->id = tm__thread_str(x->t, tmpid, strlen(tmpid), &x->ok);
    tm__thread_warn(x->t, c->line, c->col, "comment without data-fullname; named it \"%s\"", tmpid);
  }
  return TM_OK;
}

/* "load more comments (N replies)" and "continue this thread" */
static void S_old_more(S_ctx *x, xmlNode *n) {
  xmlNode *pt = S_old_parent_thing(n);
  xmlChar *pid = pt ? xmlGetProp(pt, (const xmlChar *)"data-fullname") : NULL;
  tm__dom_text(n, &x->tmp);
  uint32_t k = x->tmp.ptr ? S_more_count(x->tmp.ptr) : 0;
  S_add_missing(x, pid ? (const char *)pid + 3 : NULL, k ? k : 1);
  xmlFree(pid);
}

/* ------------------------------------------------- 2018-2023 design */

/* The t1_ classes of the thread lines under n, in order, into ids[] (at
 * most max), up to the one naming stop_at (*self is then 1); returns how
 * many. */
static size_t S_thread_lines(xmlNode *n, char ids[][16], size_t max, const char *stop_at, int *self) {
  size_t k = 0;
  if (self) *self = 0;
  for (xmlNode *m = n->children; m && k < max; m = tm__dom_next(m, n, 1)) {
    if (m->type != XML_ELEMENT_NODE) continue;
    if (S_attr_is(m, "data-testid", "comment", 0)) break; /* past the header */
    if (!tm__dom_is(m, "div")) continue;
    /* a thread line: a div holding <i class="threadline"> */
    xmlNode *line = m->children;
    while (line && line->type != XML_ELEMENT_NODE) line = line->next;
    if (!tm__dom_is(line, "i") || !tm__dom_has_class(line, "threadline")) continue;
    xmlChar *cl = xmlGetProp(m, (const xmlChar *)"class");
    if (!cl) continue;
    for (const char *p = (const char *)cl; *p;) {
      while (*p == ' ') p++;
      const char *e = p;
      while (*e && *e != ' ') e++;
      size_t len = (size_t)(e - p);
      if (len > 3 && len < 16 && !strncmp(p, "t1_", 3)) {
        int is_self = stop_at && strlen(stop_at) == len && !strncmp(p, stop_at, len);
        if (is_self) {
          if (self) *self = 1;
          xmlFree(cl);
          return k;
        }
        if (!k || strncmp(ids[k - 1], p, len) != 0 || ids[k - 1][len]) {
          memcpy(ids[k], p, len);
          ids[k][len] = '\0';
          k++;
        }
        break;
      }
      p = e;
    }
    xmlFree(cl);
  }
  return k;
}

/* A 2018-design comment's level: its "level N" label, else its
 * padding-left (16 px at level 1, 21 px more per level); 0 unknown. */
static int S_new_level(xmlNode *n) {
  for (xmlNode *m = n->children; m; m = tm__dom_next(m, n, 1)) {
    if (S_attr_is(m, "data-testid", "comment", 0)) break;
    if (m->type == XML_TEXT_NODE && m->content) {
      const char *p = (const char *)m->content;
      while (*p == ' ' || *p == '\n' || *p == '\t') p++;
      if (!strncmp(p, "level ", 6) && p[6] >= '1' && p[6] <= '9') return atoi(p + 6);
    }
  }
  xmlChar *st = xmlGetProp(n, (const xmlChar *)"style");
  int level = 0;
  const char *pl = st ? strstr((const char *)st, "padding-left") : NULL;
  if (pl) {
    pl += 12;
    while (*pl == ':' || *pl == ' ') pl++;
    int px = atoi(pl);
    if (px >= 16) level = 1 + (px - 16 + RD_LEVEL_PX / 2) / RD_LEVEL_PX;
  }
  xmlFree(st);
  return level;
}

static void S_new_story(S_ctx *x, xmlNode *n) {
  tm_thread *t = x->t;
  x->story_seen = 1;
  t->meta.id = S_attr_str(x, n, "id", 3);
  xmlNode *a = S_find(n, "a", "data-testid", "post_author_link");
  if (a) {
    tm__dom_text(a, &x->tmp);
    const char *s = x->tmp.ptr ? x->tmp.ptr : "";
    if (!strncmp(s, "u/", 2)) s += 2;
    if (*s && strcmp(s, "[deleted]") != 0) t->meta.author = tm__thread_str(t, s, strlen(s), &x->ok);
  }
  xmlNode *h1 = S_find(n, "h1", NULL, NULL);
  if (h1) {
    tm__dom_text(h1, &x->tmp);
    t->meta.title = tm__thread_str(t, x->tmp.ptr, x->tmp.len, &x->ok);
  }
  xmlNode *out = S_find(n, "a", "data-testid", "outbound-link");
  if (out) t->meta.url = S_attr_str(x, out, "href", 0);
  xmlNode *txt = S_find(n, "div", "data-click-id", "text");
  if (txt) {
    S_markup(&x->tb, txt);
    const char *s = tm__tb_finish_str(&x->tb, t);
    if (!s) x->ok = 0;
    else if (*s) t->meta.text = s;
  }
  char vid[64];
  xmlChar *id = xmlGetProp(n, (const xmlChar *)"id");
  snprintf(vid, sizeof vid, "vote-arrows-%s", id ? (const char *)id : "");
  xmlFree(id);
  xmlNode *votes = S_find(n, "div", "id", vid);
  if (votes) {
    tm__dom_text(votes, &x->tmp);
    if (x->tmp.ptr && S_count(x->tmp.ptr, &t->meta.score)) t->meta.has_score = 1;
  }
}

static int S_new_comment(S_ctx *x, xmlNode *n, tm_error *err) {
  tm_comment *c = S_add(x, n, err);
  if (!c) return tm__thread_full(x->t) ? TM_ELIMIT : TM_ENOMEM;
  xmlChar *fid = xmlGetProp(n, (const xmlChar *)"id");
  c->id = tm__thread_str(x->t, (const char *)fid + 3, strlen((const char *)fid + 3), &x->ok);
  char lines[256][16];
  int self;
  size_t nl = S_thread_lines(n, lines, 256, (const char *)fid, &self);
  int level = S_new_level(n);
  if (self) {
    /* the thread lines name the ancestors */
    if (nl) c->parent_id = tm__thread_str(x->t, lines[nl - 1] + 3, strlen(lines[nl - 1] + 3), &x->ok);
    else c->parent_id = x->t->meta.id;
  } else if (level > 0) {
    /* no thread lines: the nearest earlier comment one level up */
    if (level > 1 && (size_t)level - 1 <= x->nlevels && x->levels[level - 2] != TM_NONE)
      c->parent_id = x->t->c[x->levels[level - 2]].id;
    else
      c->parent_id = x->t->meta.id;
  } else {
    c->parent_id = x->t->meta.id;
  }
  if (level > 0 && level <= RD_MAX_LEVELS) {
    x->levels[level - 1] = (uint32_t)(x->t->n - 1);
    for (int k = level; k < RD_MAX_LEVELS; k++) x->levels[k] = TM_NONE;
    if ((size_t)level > x->nlevels) x->nlevels = (size_t)level;
  }
  xmlNode *a = S_find(n, "a", "data-testid", "comment_author_link");
  if (a) {
    tm__dom_text(a, &x->tmp);
    if (x->tmp.len && strcmp(x->tmp.ptr, "[deleted]") != 0)
      c->author = tm__thread_str(x->t, x->tmp.ptr, x->tmp.len, &x->ok);
  }
  char vid[64];
  snprintf(vid, sizeof vid, "vote-arrows-%s", (const char *)fid);
  xmlFree(fid);
  xmlNode *votes = S_find(n, "div", "id", vid);
  if (votes) {
    tm__dom_text(votes, &x->tmp);
    if (x->tmp.ptr && S_count(x->tmp.ptr, &c->score)) c->has_score = 1;
  }
  xmlNode *body = S_find(n, "div", "data-testid", "comment");
  if (S_body(x, c, body)) return TM_ENOMEM;
  if (!body && !c->author) c->flags |= TM_CF_DELETED;
  return TM_OK;
}

/* ------------------------------------------------------------ shreddit */

static void S_shreddit_post(S_ctx *x, xmlNode *n) {
  tm_thread *t = x->t;
  x->story_seen = 1;
  t->meta.id = S_attr_str(x, n, "id", 3);
  if (!t->meta.id) t->meta.id = S_attr_str(x, n, "thingid", 3);
  const char *au = S_attr_str(x, n, "author", 0);
  if (au && strcmp(au, "[deleted]") != 0) t->meta.author = au;
  t->meta.title = S_attr_str(x, n, "post-title", 0);
  xmlChar *v = xmlGetProp(n, (const xmlChar *)"created-timestamp");
  if (v) tm__parse_time((const char *)v, strlen((const char *)v), &t->meta.time);
  xmlFree(v);
  v = xmlGetProp(n, (const xmlChar *)"score");
  if (v && S_count((const char *)v, &t->meta.score)) t->meta.has_score = 1;
  xmlFree(v);
  v = xmlGetProp(n, (const xmlChar *)"comment-count");
  if (v) t->meta.declared_comments = (size_t)strtoull((const char *)v, NULL, 10);
  xmlFree(v);
  v = xmlGetProp(n, (const xmlChar *)"content-href");
  if (v) {
    char u[2048];
    snprintf(u, sizeof u, "%s%s", v[0] == '/' ? RD_BASE_URL : "", (const char *)v);
    t->meta.url = tm__thread_str(t, u, strlen(u), &x->ok);
    xmlFree(v);
  }
  for (xmlNode *k = n->children; k; k = tm__dom_next(k, n, 1)) {
    if (!S_attr_is(k, "slot", "text-body", 0)) continue;
    S_markup(&x->tb, k);
    const char *s = tm__tb_finish_str(&x->tb, t);
    if (!s) x->ok = 0;
    else if (*s) t->meta.text = s;
    break;
  }
}

static int S_shreddit_comment(S_ctx *x, xmlNode *n, tm_error *err) {
  tm_comment *c = S_add(x, n, err);
  if (!c) return tm__thread_full(x->t) ? TM_ELIMIT : TM_ENOMEM;
  c->id = S_attr_str(x, n, "thingid", 3);
  c->parent_id = S_attr_str(x, n, "parentid", 3);
  if (!c->parent_id) {
    /* top level: parentid is absent or names the post */
    const char *post = S_attr_str(x, n, "postid", 3);
    c->parent_id = post ? post : x->t->meta.id;
  }
  const char *au = S_attr_str(x, n, "author", 0);
  if (au && strcmp(au, "[deleted]") != 0 && strcmp(au, "[removed]") != 0) c->author = au;
  xmlChar *v = xmlGetProp(n, (const xmlChar *)"created");
  if (v) tm__parse_time((const char *)v, strlen((const char *)v), &c->time);
  xmlFree(v);
  v = xmlGetProp(n, (const xmlChar *)"score");
  if (v && S_count((const char *)v, &c->score)) c->has_score = 1;
  xmlFree(v);
  if (xmlHasProp(n, (const xmlChar *)"is-comment-deleted") ||
      S_attr_is(n, "deleted", "true", 0) || S_attr_is(n, "is-deleted", "true", 0))
    c->flags |= TM_CF_DELETED;
  /* the body: a child (not inside a reply) of slot="comment" */
  xmlNode *body = NULL;
  for (xmlNode *k = n->children; k && !body;) {
    if (tm__dom_is(k, "shreddit-comment")) {
      k = tm__dom_next(k, n, 0);
      continue;
    }
    if (S_attr_is(k, "slot", "comment", 0)) body = k;
    k = tm__dom_next(k, n, 1);
  }
  if (S_body(x, c, body)) return TM_ENOMEM;
  if (c->flags & TM_CF_DELETED) c->author = NULL;
  if (!c->id) {
    char tmpid[32];
    snprintf(tmpid, sizeof tmpid, "#%zu", x->t->n);
    c->id = tm__thread_str(x->t, tmpid, strlen(tmpid), &x->ok);
    tm__thread_warn(x->t, c->line, c->col, "shreddit-comment without thingid; named it \"%s\"", tmpid);
  }
  return TM_OK;
}

/* "N more replies" of a shreddit comment: a faceplate-partial or a
 * button/link among its own children (not a reply's). */
static void S_shreddit_more(S_ctx *x, xmlNode *n) {
  tm__dom_text(n, &x->tmp);
  uint32_t k = x->tmp.ptr ? S_more_count(x->tmp.ptr) : 0;
  if (!k) return;
  const char *owner = NULL;
  xmlChar *tid = NULL;
  for (xmlNode *p = n->parent; p; p = p->parent)
    if (tm__dom_is(p, "shreddit-comment")) {
      tid = xmlGetProp(p, (const xmlChar *)"thingid");
      break;
    }
  if (tid && strlen((const char *)tid) > 3) owner = (const char *)tid + 3;
  S_add_missing(x, owner, k);
  xmlFree(tid);
}

/* ----------------------------------------------------------------- driver */

int tm__parse_reddit_html(tm_thread *t, const char *buf, size_t len, tm_error *err) {
  htmlDocPtr doc;
  int rd = tm__dom_read(&doc, buf, len, err);
  if (rd) return rd;
  S_ctx x;
  memset(&x, 0, sizeof x);
  x.t = t;
  x.doc = doc;
  x.ok = 1;
  x.tmp = (tm_buf)TM_BUF_INIT;
  for (size_t k = 0; k < RD_MAX_LEVELS; k++) x.levels[k] = TM_NONE;
  tm__tb_init(&x.tb);
  int rc = TM_OK;
  xmlNode *root = xmlDocGetRootElement(doc);
  for (xmlNode *n = root; n && rc == TM_OK && x.ok;) {
    int descend = 1;
    if (n->type != XML_ELEMENT_NODE) {
      n = tm__dom_next(n, root, 0);
      continue;
    }
    if (tm__dom_is(n, "shreddit-post")) {
      if (!x.story_seen) S_shreddit_post(&x, n);
      descend = 0;
    } else if (tm__dom_is(n, "shreddit-comment")) {
      rc = S_shreddit_comment(&x, n, err);
    } else if (tm__dom_is(n, "faceplate-partial") || tm__dom_is(n, "button") || tm__dom_is(n, "a")) {
      /* shreddit "N more replies" (inside a comment, or at the page end) */
      int in_comment_tree = 0, in_body = 0;
      for (xmlNode *p = n->parent; p && !in_comment_tree; p = p->parent) {
        in_comment_tree = tm__dom_is(p, "shreddit-comment") || tm__dom_is(p, "shreddit-comment-tree");
        in_body |= S_attr_is(p, "slot", "comment", 0);
      }
      if (in_comment_tree && !in_body) {
        S_shreddit_more(&x, n);
        descend = 0;
      }
    } else if (S_old_thing(n)) {
      if (S_attr_is(n, "data-fullname", "t3_", 1)) {
        if (!x.story_seen) S_old_story(&x, n);
        descend = 0; /* a link listing holds no comments */
      } else if (tm__dom_has_class(n, "morechildren") || tm__dom_has_class(n, "morerecursion")) {
        S_old_more(&x, n);
        descend = 0;
      } else if (S_attr_is(n, "data-fullname", "t1_", 1)) {
        rc = S_old_comment(&x, n, err);
      }
    } else if (tm__dom_is(n, "div") && S_attr_is(n, "data-testid", "post-container", 0) &&
               S_attr_is(n, "id", "t3_", 1)) {
      if (!x.story_seen) S_new_story(&x, n);
      descend = 0;
    } else if (tm__dom_is(n, "div") && S_attr_is(n, "id", "t1_", 1)) {
      xmlChar *id = xmlGetProp(n, (const xmlChar *)"id");
      int plain = id && strspn((const char *)id + 3, "0123456789abcdefghijklmnopqrstuvwxyz") ==
                            strlen((const char *)id + 3) && id[3];
      xmlFree(id);
      if (plain) {
        rc = S_new_comment(&x, n, err);
        descend = 0;
      }
    } else if (tm__dom_is(n, "div") && S_attr_is(n, "id", "moreComments-t1_", 1)) {
      char lines[256][16];
      size_t nl = S_thread_lines(n, lines, 256, NULL, NULL);
      tm__dom_text(n, &x.tmp);
      uint32_t k = x.tmp.ptr ? S_more_count(x.tmp.ptr) : 0;
      S_add_missing(&x, nl ? lines[nl - 1] + 3 : NULL, k ? k : 1);
      descend = 0;
    } else if (tm__dom_is(n, "div") && S_attr_is(n, "id", "continueThread-t1_", 1)) {
      xmlChar *id = xmlGetProp(n, (const xmlChar *)"id");
      S_add_missing(&x, (const char *)id + strlen("continueThread-t1_"), 1);
      xmlFree(id);
      descend = 0;
    } else if (tm__dom_is(n, "script") || tm__dom_is(n, "style")) {
      descend = 0;
    }
    n = tm__dom_next(n, root, descend);
  }
  if (rc == TM_OK && !x.ok) rc = tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
  if (rc == TM_OK && x.things == 0 && !x.story_seen)
    rc = tm__error(err, TM_EPARSE, 1, 1, 0,
                   "no Reddit post or comments in this HTML (expected old.reddit div.thing "
                   "elements, new-Reddit div#t1_... comments, or shreddit-comment elements)");
  tm_buf_free(&x.tmp);
  tm__tb_free(&x.tb);
  xmlFreeDoc(doc);
  return rc;
}
