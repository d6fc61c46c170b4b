/*
 * fmt_disqus.c - Disqus XML exports (Admin > Moderate > Export; schema
 * http://disqus.com/api/schemas/1.0/disqus.xsd).
 *
 *   <disqus xmlns="http://disqus.com"
 *           xmlns:dsq="http://disqus.com/disqus-internals">
 *     <category dsq:id/> ...
 *     <thread dsq:id><link/><title/><message/><createdAt/>
 *                    <author><name/><username/></author></thread> ...
 *     <post dsq:id><message/> (HTML) <createdAt/><isDeleted/><isSpam/>
 *                  <author><name/></author>
 *                  <thread dsq:id/> <parent dsq:id/> (absent: top level)</post>
 *
 * Read element by element with the streaming reader.  Posts keep their
 * dsq:id; a Disqus thread (a page of the site), numbered apart, is the
 * thread root "thread:<dsq:id>", made at the end (threads and posts come
 * in any order) and placed before the posts, in the order of the file.
 * A thread no post refers to is not a discussion and leaves nothing; a
 * post whose thread or parent post is absent is kept as an orphan.
 * Deleted posts keep the flag `deleted` (and whatever text the export
 * holds, usually none), spam the flag `dead`; none is dropped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "../util/timeparse.h"
#include "format.h"
#include "xml.h"

#define NS_DSQ "http://disqus.com/disqus-internals"

typedef struct S_dthread {
  const char *id;       /* "thread:<dsq:id>" (arena) */
  const char *title, *link, *author, *message; /* arena, may be NULL */
  int64_t time;
  size_t line;
} S_dthread;

typedef struct S_dq {
  tm_thread *t;
  tm_textbuf tb;
  tm_buf tmp;
  S_dthread *th;        /* threads in file order */
  size_t nth, capth;
  tm_xset thread_ids;   /* threads seen */
  tm_xset used;         /* threads posts refer to */
  const char *forum;    /* the first thread's forum */
} S_dq;

static const char *S_str(S_dq *d, const xmlNode *n, int *ok) {
  size_t l;
  const char *s = tm__xml_text_trim(n, &d->tmp, &l);
  if (!s) {
    *ok = 0;
    return NULL;
  }
  return l ? tm__thread_str(d->t, s, l, ok) : NULL;
}

static int S_true(S_dq *d, const xmlNode *n) {
  size_t l;
  const char *s = tm__xml_text_trim(n, &d->tmp, &l);
  return s && ((l == 4 && !memcmp(s, "true", 4)) || (l == 1 && s[0] == '1'));
}

static int S_time(S_dq *d, const xmlNode *n, int64_t *out) {
  size_t l;
  const char *s = tm__xml_text_trim(n, &d->tmp, &l);
  return s && l && tm__parse_time(s, l, out);
}

/* "thread:<dsq:id>" of a <thread dsq:id> element, or NULL. */
static const char *S_thread_id(S_dq *d, const xmlNode *n, int *ok) {
  const char *id = tm__xml_attr(n, "id", NS_DSQ);
  if (!id || !*id) return NULL;
  char b[128];
  snprintf(b, sizeof b, "thread:%.100s", id);
  return tm__thread_str(d->t, b, strlen(b), ok);
}

static const char *S_author(S_dq *d, const xmlNode *n, int *ok) {
  xmlNode *a = tm__xml_child(n, "author", NULL);
  const char *s = S_str(d, tm__xml_child(a, "name", NULL), ok);
  return s ? s : S_str(d, tm__xml_child(a, "username", NULL), ok);
}

static int S_thread(S_dq *d, const xmlNode *n, size_t line, tm_error *err) {
  int ok = 1;
  const char *id = S_thread_id(d, n, &ok);
  if (!id) {
    tm__thread_warn(d->t, line, 1, "a <thread> without a dsq:id; its posts cannot name it");
    return ok ? TM_OK : tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
  }
  int seen = tm__xset_add(&d->thread_ids, id);
  if (seen < 0) return tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
  if (seen) {
    tm__thread_warn(d->t, line, 1, "thread \"%s\" appears twice; kept the first", id);
    return TM_OK;
  }
  if (d->nth == d->capth) {
    size_t cap = d->capth ? d->capth * 2 : 16;
    S_dthread *th = realloc(d->th, cap * sizeof *th);
    if (!th) return tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
    d->th = th;
    d->capth = cap;
  }
  S_dthread *h = &d->th[d->nth++];
  memset(h, 0, sizeof *h);
  h->id = id;
  h->line = line;
  h->time = TM_TIME_UNKNOWN;
  h->title = S_str(d, tm__xml_child(n, "title", NULL), &ok);
  h->link = S_str(d, tm__xml_child(n, "link", NULL), &ok);
  h->author = S_author(d, n, &ok);
  S_time(d, tm__xml_child(n, "createdAt", NULL), &h->time);
  const char *msg = tm__xml_text(tm__xml_child(n, "message", NULL), &d->tmp);
  if (msg && *msg) h->message = tm__thread_raw(d->t, msg, d->tmp.len, &ok);
  if (!d->forum) d->forum = S_str(d, tm__xml_child(n, "forum", NULL), &ok);
  return ok ? TM_OK : tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
}

static int S_post(S_dq *d, const xmlNode *n, size_t line, tm_error *err) {
  tm_thread *t = d->t;
  int ok = 1;
  tm_comment *c = tm__thread_add_at(t, line, 1, err);
  if (!c) return tm__thread_full(t) ? TM_ELIMIT : TM_ENOMEM;
  c->line = line;
  c->col = line ? 1 : 0;
  const char *id = tm__xml_attr(n, "id", NS_DSQ);
  char b[128];
  if (id && *id) {
    snprintf(b, sizeof b, "%.100s", id);
  } else {
    snprintf(b, sizeof b, "#%zu", t->n);
    tm__thread_warn(t, line, 1, "a <post> without a dsq:id; named it \"%s\"", b);
  }
  c->id = tm__thread_str(t, b, strlen(b), &ok);
  const char *th = S_thread_id(d, tm__xml_child(n, "thread", NULL), &ok);
  if (th && tm__xset_add(&d->used, th) < 0) ok = 0;
  const char *par = tm__xml_attr(tm__xml_child(n, "parent", NULL), "id", NS_DSQ);
  if (par && *par) c->parent_id = tm__thread_str(t, par, strlen(par), &ok);
  else if (th) c->parent_id = th;
  else tm__thread_warn(t, line, 1, "post \"%s\" names neither its thread nor a parent; kept at the top", c->id);
  c->author = S_author(d, n, &ok);
  S_time(d, tm__xml_child(n, "createdAt", NULL), &c->time);
  if (S_true(d, tm__xml_child(n, "isDeleted", NULL))) c->flags |= TM_CF_DELETED;
  if (S_true(d, tm__xml_child(n, "isSpam", NULL))) c->flags |= TM_CF_DEAD;
  const char *msg = tm__xml_text(tm__xml_child(n, "message", NULL), &d->tmp);
  if (msg) {
    if (t->opts.flags & TM_OPT_KEEP_RAW && d->tmp.len) c->raw = tm__thread_raw(t, msg, d->tmp.len, &ok);
    tm__tb_html(&d->tb, msg, d->tmp.len);
  } else {
    ok = 0;
  }
  if (tm__tb_finish(&d->tb, t, c)) ok = 0;
  return ok ? TM_OK : tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
}

/* The threads posts refer to become roots, placed before the posts. */
static int S_roots(S_dq *d, tm_error *err) {
  tm_thread *t = d->t;
  tm_xroots roots;
  memset(&roots, 0, sizeof roots);
  size_t nposts = t->n;
  for (size_t k = 0; k < d->nth; k++) {
    S_dthread *h = &d->th[k];
    if (!tm__xset_has(&d->used, h->id)) continue;
    tm_comment *c = tm__thread_add_at(t, h->line, 1, err);
    if (!c) return tm__thread_full(t) ? TM_ELIMIT : TM_ENOMEM;
    c->line = h->line;
    c->col = h->line ? 1 : 0;
    c->id = h->id;
    c->author = h->author;
    c->time = h->time;
    uint32_t idx = (uint32_t)(t->n - 1);
    int rc = tm__xroot_add(&roots, t, &d->tb, idx, h->title, h->title ? strlen(h->title) : 0, h->link);
    if (rc) return tm__error(err, rc, 0, 0, 0, "out of memory");
    c = &t->c[idx];
    if (h->message) {
      if (t->opts.flags & TM_OPT_KEEP_RAW) c->raw = h->message;
      tm__tb_html(&d->tb, h->message, strlen(h->message));
    }
    if (tm__tb_finish(&d->tb, t, c)) return tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
  }
  if (tm__xroots_finish(&roots, t)) return tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
  /* rotate: roots first */
  size_t nroots = t->n - nposts;
  if (nroots && nposts) {
    tm_comment *tmp = malloc(nroots * sizeof *tmp);
    if (!tmp) return tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
    memcpy(tmp, t->c + nposts, nroots * sizeof *tmp);
    memmove(t->c + nroots, t->c, nposts * sizeof *tmp);
    memcpy(t->c, tmp, nroots * sizeof *tmp);
    free(tmp);
  }
  return TM_OK;
}

int tm__parse_disqus(tm_thread *t, const char *buf, size_t len, tm_error *err) {
  S_dq d;
  memset(&d, 0, sizeof d);
  d.t = t;
  tm__tb_init(&d.tb);
  tm_xin in = {buf, len, 0, NULL, 0};
  tm_xerr xe;
  int rc = TM_OK, ret = 1, advance = 1;
  xmlTextReaderPtr r = tm__xml_reader(&in, &xe);
  if (!r) return tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
  while (rc == TM_OK) {
    /* after Next() the reader already stands on the following node */
    if (advance && (ret = xmlTextReaderRead(r)) != 1) break;
    advance = 1;
    if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT) continue;
    int depth = xmlTextReaderDepth(r);
    xmlNode *n = xmlTextReaderCurrentNode(r);
    if (depth == 0) {
      if (!tm__xml_is(n, "disqus", NULL))
        rc = tm__error(err, TM_EPARSE, tm__xml_line(r), 1, 0,
                       "not a Disqus export: the root element is <%s>, expected <disqus>",
                       (const char *)n->name);
      continue;
    }
    int is_post = tm__xml_is(n, "post", NULL), is_thread = tm__xml_is(n, "thread", NULL);
    if (is_post || is_thread) {
      size_t line = tm__xml_line(r);
      xmlNode *e = xmlTextReaderExpand(r);
      if (!e) {
        ret = -1;
        break;
      }
      rc = is_post ? S_post(&d, e, line, err) : S_thread(&d, e, line, err);
    }
    if (rc == TM_OK && (ret = xmlTextReaderNext(r)) != 1) break;
    advance = 0;
  }
  if (rc == TM_OK && ret == -1) rc = tm__xml_error(err, &in, &xe, 0);
  xmlFreeTextReader(r);
  if (rc == TM_OK) rc = S_roots(&d, err);
  if (rc == TM_OK && !t->meta.id) {
    int ok = 1;
    const char *src = d.forum ? d.forum : (err && err->path && strcmp(err->path, "-") ? err->path : NULL);
    if (src) t->meta.title = d.forum ? d.forum : tm__thread_str(t, src, strlen(src), &ok);
    if (!ok) rc = tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
  }
  tm__tb_free(&d.tb);
  tm_buf_free(&d.tmp);
  free(d.th);
  tm__xset_free(&d.thread_ids);
  tm__xset_free(&d.used);
  return rc;
}
