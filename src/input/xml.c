/*
 * xml.c - the streaming XML reader and the thread-root convention shared
 * by the XML parsers (see xml.h).
 */
#include "xml.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/error.h"

/* ------------------------------------------------------------- reading */

static int S_read(void *ctx, char *out, int len) {
  tm_xin *in = ctx;
  if (len <= 0) return 0;
  if (in->fp) {
    size_t n = fread(out, 1, (size_t)len, in->fp);
    if (n == 0 && ferror(in->fp)) {
      in->io_error = errno ? errno : EIO;
      return -1;
    }
    return (int)n;
  }
  size_t n = in->len - in->pos;
  if (n > (size_t)len) n = (size_t)len;
  memcpy(out, in->buf + in->pos, n);
  in->pos += n;
  return (int)n;
}

static int S_close(void *ctx) {
  (void)ctx; /* the caller owns the source */
  return 0;
}

static void S_on_error(void *arg, xmlErrorPtr e) {
  tm_xerr *xe = arg;
  if (!e || e->level < XML_ERR_ERROR || xe->set) return;
  xe->set = 1;
  xe->fatal = e->level == XML_ERR_FATAL;
  xe->line = e->line > 0 ? (size_t)e->line : 0;
  xe->col = e->int2 > 0 ? (size_t)e->int2 : 0;
  const char *m = e->message ? e->message : "malformed XML";
  size_t n = strlen(m);
  while (n && (m[n - 1] == '\n' || m[n - 1] == ' ')) n--;
  if (n >= sizeof xe->msg) n = sizeof xe->msg - 1;
  memcpy(xe->msg, m, n);
  xe->msg[n] = '\0';
}

xmlTextReaderPtr tm__xml_reader(tm_xin *in, tm_xerr *xe) {
  memset(xe, 0, sizeof *xe);
  xmlTextReaderPtr r = xmlReaderForIO(S_read, S_close, in, NULL, NULL,
                                      XML_PARSE_NONET | XML_PARSE_BIG_LINES);
  if (r) xmlTextReaderSetStructuredErrorHandler(r, S_on_error, xe);
  return r;
}

int tm__xml_error(tm_error *err, const tm_xin *in, const tm_xerr *xe, size_t line0) {
  if (in->io_error)
    return tm__error(err, TM_EIO, 0, 0, 0, "cannot read: %s", strerror(in->io_error));
  if (!xe->set) return tm__error(err, TM_EPARSE, 0, 0, 0, "malformed XML");
  size_t line = xe->line ? xe->line + line0 : 0;
  return tm__error(err, TM_EPARSE, line, line ? (xe->col ? xe->col : 1) : 0, 0,
                   "malformed XML: %s", xe->msg);
}

size_t tm__xml_line(xmlTextReaderPtr r) {
  xmlNode *n = xmlTextReaderCurrentNode(r);
  long l = n ? xmlGetLineNo(n) : -1;
  return l > 0 ? (size_t)l : 0;
}

/* ---------------------------------------------------------------- nodes */

static int S_ns_ok(const xmlNs *ns, const char *prefix) {
  if (!prefix) return 1;
  if (!ns || !ns->href) return 0;
  return strncmp((const char *)ns->href, prefix, strlen(prefix)) == 0;
}

int tm__xml_is(const xmlNode *n, const char *name, const char *ns_prefix) {
  return n && n->type == XML_ELEMENT_NODE && n->name &&
         strcmp((const char *)n->name, name) == 0 && S_ns_ok(n->ns, ns_prefix);
}

xmlNode *tm__xml_child(const xmlNode *n, const char *name, const char *ns_prefix) {
  for (xmlNode *k = n ? n->children : NULL; k; k = k->next)
    if (tm__xml_is(k, name, ns_prefix)) return k;
  return NULL;
}

const char *tm__xml_text(const xmlNode *n, tm_buf *b) {
  tm_buf_reset(b);
  if (tm_buf_put(b, "", 0)) return NULL;
  if (!n) return b->ptr;
  /* depth-first over the subtree without recursion */
  const xmlNode *k = n->children;
  while (k) {
    if ((k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) && k->content)
      if (tm_buf_puts(b, (const char *)k->content)) return NULL;
    if (k->type == XML_ELEMENT_NODE && k->children) {
      k = k->children;
      continue;
    }
    while (k && k != n && !k->next) k = k->parent;
    if (!k || k == n) break;
    k = k->next;
  }
  return b->ptr;
}

const char *tm__xml_text_trim(const xmlNode *n, tm_buf *b, size_t *len) {
  const char *s = tm__xml_text(n, b);
  if (!s) return NULL;
  size_t a = 0, e = b->len;
  while (a < e && (s[a] == ' ' || s[a] == '\n' || s[a] == '\r' || s[a] == '\t')) a++;
  while (e > a && (s[e - 1] == ' ' || s[e - 1] == '\n' || s[e - 1] == '\r' || s[e - 1] == '\t')) e--;
  *len = e - a;
  return s + a;
}

const char *tm__xml_attr(const xmlNode *n, const char *name, const char *ns_prefix) {
  for (const xmlAttr *a = n ? n->properties : NULL; a; a = a->next) {
    if (!a->name || strcmp((const char *)a->name, name) != 0 || !S_ns_ok(a->ns, ns_prefix))
      continue;
    if (a->children && a->children->content && !a->children->next)
      return (const char *)a->children->content;
    return a->children ? (const char *)a->children->content : "";
  }
  return NULL;
}

/* ---------------------------------------------------------------- text */

void tm__xml_autop(tm_textbuf *tb, const char *s, size_t len) {
  size_t i = 0, run = 0;
  int in_tag = 0, in_pre = 0;
  while (i < len) {
    char c = s[i];
    if (c == '<') {
      in_tag = 1;
      if (len - i >= 4 && !strncasecmp(s + i, "<pre", 4)) in_pre = 1;
      else if (len - i >= 5 && !strncasecmp(s + i, "</pre", 5)) in_pre = 0;
    } else if (c == '>') {
      in_tag = 0;
    } else if ((c == '\n' || c == '\r') && !in_tag && !in_pre) {
      size_t j = i, nl = 0;
      while (j < len && (s[j] == '\n' || s[j] == '\r' || s[j] == ' ' || s[j] == '\t')) {
        if (s[j] == '\n') nl++;
        j++;
      }
      if (nl == 0) nl = 1; /* a lone \r */
      tm__tb_html(tb, s + run, i - run);
      tm__tb_open(tb, nl >= 2 ? "p" : "br", nl >= 2 ? 1 : 2, NULL, 0);
      i = run = j;
      continue;
    }
    i++;
  }
  tm__tb_html(tb, s + run, len - run);
}

/* ---------------------------------------------------------------- roots */

/* Feed "title" (a link to url when known) and a paragraph break. */
static void S_heading(tm_textbuf *tb, const char *title, size_t tlen, const char *url) {
  if (!tlen) return;
  if (url && *url) tm__tb_open(tb, "a", 1, url, strlen(url));
  tm__tb_text(tb, title, tlen);
  if (url && *url) tm__tb_close(tb, "a", 1);
  tm__tb_open(tb, "p", 1, NULL, 0);
}

/* Prefix the first root's finished text with its heading. */
static int S_rewrite_first(tm_xroots *r, tm_thread *t) {
  if (!r->title || !*r->title) return TM_OK;
  tm_textbuf tb;
  tm__tb_init(&tb);
  S_heading(&tb, r->title, strlen(r->title), r->url);
  tm_comment h;
  memset(&h, 0, sizeof h);
  int rc = tm__tb_finish(&tb, t, &h);
  tm__tb_free(&tb);
  if (rc) return rc;
  tm_comment *c = &t->c[r->first];
  size_t sep = c->text_len ? 2 : 0, len = h.text_len + sep + c->text_len;
  if (len > UINT32_MAX) return TM_OK; /* spans count in 32 bits: leave it */
  char *s = tm_arena_alloc(&t->arena, len + 1);
  tm_span *sp = tm_arena_alloc(&t->arena, (h.nspans + c->nspans + 1) * sizeof *sp);
  if (!s || !sp) return TM_ENOMEM;
  if (h.text_len) memcpy(s, h.text, h.text_len);
  memcpy(s + h.text_len, "\n\n", sep);
  if (c->text_len) memcpy(s + h.text_len + sep, c->text, c->text_len);
  s[len] = '\0';
  if (h.nspans) memcpy(sp, h.spans, h.nspans * sizeof *sp);
  for (uint32_t k = 0; k < c->nspans; k++) {
    sp[h.nspans + k] = c->spans[k];
    sp[h.nspans + k].start += (uint32_t)(h.text_len + sep);
  }
  c->text = s;
  c->text_len = len;
  c->spans = sp;
  c->nspans = h.nspans + c->nspans;
  return TM_OK;
}

int tm__xroot_add(tm_xroots *r, tm_thread *t, tm_textbuf *tb, uint32_t idx,
                  const char *title, size_t tlen, const char *url) {
  int ok = 1;
  t->c[idx].flags |= TM_CF_THREAD_ROOT;
  if (r->n == 0) {
    r->first = idx;
    r->title = tm__thread_str(t, title ? title : "", title ? tlen : 0, &ok);
    r->url = url && *url ? tm__thread_str(t, url, strlen(url), &ok) : NULL;
    r->n = 1;
    t->c[idx].title = r->title && *r->title ? r->title : NULL;
    return ok ? TM_OK : TM_ENOMEM;
  }
  if (r->n == 1) {
    int rc = S_rewrite_first(r, t);
    if (rc) return rc;
  }
  r->n++;
  if (title && tlen) {
    t->c[idx].title = tm__thread_str(t, title, tlen, &ok);
    if (!ok) return TM_ENOMEM;
  }
  if (title) S_heading(tb, title, tlen, url);
  return TM_OK;
}

int tm__xroots_finish(tm_xroots *r, tm_thread *t) {
  if (r->n > 1) {
    t->meta.nthreads = r->n;
    return TM_OK;
  }
  if (r->n == 0) return TM_OK;
  tm_comment *c = &t->c[r->first];
  tm_meta *m = &t->meta;
  m->id = c->id;
  m->title = r->title && *r->title ? r->title : NULL;
  m->url = r->url;
  m->author = c->author;
  m->time = c->time;
  m->score = c->score;
  m->has_score = c->has_score;
  m->text = c->text && *c->text ? c->text : NULL;
  memmove(&t->c[r->first], &t->c[r->first + 1], (t->n - r->first - 1) * sizeof *t->c);
  t->n--;
  r->n = 0;
  return TM_OK;
}

/* ----------------------------------------------------------------- sets */

static size_t S_hash(const char *s) {
  size_t h = 1469598103934665603u; /* FNV-1a */
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211u;
  return h;
}

int tm__xset_add(tm_xset *s, const char *str) {
  if ((s->n + 1) * 2 > s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 64;
    const char **slot = calloc(cap, sizeof *slot);
    if (!slot) return -1;
    for (size_t i = 0; i < s->cap; i++) {
      if (!s->slot[i]) continue;
      size_t h = S_hash(s->slot[i]) & (cap - 1);
      while (slot[h]) h = (h + 1) & (cap - 1);
      slot[h] = s->slot[i];
    }
    free(s->slot);
    s->slot = slot;
    s->cap = cap;
  }
  size_t h = S_hash(str) & (s->cap - 1);
  while (s->slot[h]) {
    if (strcmp(s->slot[h], str) == 0) return 1;
    h = (h + 1) & (s->cap - 1);
  }
  s->slot[h] = str;
  s->n++;
  return 0;
}

int tm__xset_has(const tm_xset *s, const char *str) {
  if (!s->cap) return 0;
  size_t h = S_hash(str) & (s->cap - 1);
  while (s->slot[h]) {
    if (strcmp(s->slot[h], str) == 0) return 1;
    h = (h + 1) & (s->cap - 1);
  }
  return 0;
}

void tm__xset_free(tm_xset *s) {
  free(s->slot);
  memset(s, 0, sizeof *s);
}
