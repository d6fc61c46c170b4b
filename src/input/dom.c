/*
 * dom.c - small helpers over libxml2's HTML tree (see dom.h).
 */
#include <stdint.h>
#include <string.h>

#include "../util/error.h"
#include "dom.h"

int tm__dom_read(htmlDocPtr *out, const char *buf, size_t len, tm_error *err) {
  *out = NULL;
  if (len > INT32_MAX) return tm__error(err, TM_ELIMIT, 0, 0, 0, "HTML input larger than 2 GiB");
  htmlParserCtxtPtr ctx = htmlNewParserCtxt();
  if (!ctx) return tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
  htmlDocPtr doc = htmlCtxtReadMemory(ctx, buf, (int)len, NULL, "UTF-8",
                                      HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                          HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                          XML_PARSE_HUGE);
  if (ctx->lastError.code == XML_ERR_INTERNAL_ERROR && ctx->lastError.message &&
      strstr(ctx->lastError.message, "depth")) {
    size_t line = (size_t)(ctx->lastError.line > 0 ? ctx->lastError.line : 0);
    htmlFreeParserCtxt(ctx);
    xmlFreeDoc(doc);
    return tm__error(err, TM_ELIMIT, line, 1, 0, "HTML nested too deeply to read");
  }
  htmlFreeParserCtxt(ctx);
  if (!doc || !xmlDocGetRootElement(doc)) {
    xmlFreeDoc(doc);
    return tm__error(err, TM_EPARSE, 1, 1, 0, "not an HTML document");
  }
  *out = doc;
  return TM_OK;
}

int tm__dom_is(xmlNode *n, const char *tag) {
  return n && n->type == XML_ELEMENT_NODE && xmlStrcasecmp(n->name, (const xmlChar *)tag) == 0;
}

int tm__dom_attr_word(xmlNode *n, const char *attr, const char *w) {
  if (!n || n->type != XML_ELEMENT_NODE) return 0;
  xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
  if (!v) return 0;
  size_t wl = strlen(w);
  int found = 0;
  for (const char *p = (const char *)v; *p && !found;) {
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    const char *e = p;
    while (*e && *e != ' ' && *e != '\t' && *e != '\n' && *e != '\r') e++;
    if ((size_t)(e - p) == wl && strncmp(p, w, wl) == 0) found = 1;
    p = e;
  }
  xmlFree(v);
  return found;
}

int tm__dom_has_class(xmlNode *n, const char *cls) { return tm__dom_attr_word(n, "class", cls); }

xmlNode *tm__dom_next(xmlNode *n, xmlNode *top, int descend) {
  if (descend && n->children) return n->children;
  while (n && n != top) {
    if (n->next) return n->next;
    n = n->parent;
  }
  return NULL;
}

void tm__dom_text(xmlNode *n, tm_buf *b) {
  tm_buf_reset(b);
  if (tm_buf_put(b, "", 0)) return;
  for (xmlNode *k = n; k; k = tm__dom_next(k, n, 1)) {
    if (k->type != XML_TEXT_NODE || !k->content) continue;
    for (const char *p = (const char *)k->content; *p; p++) {
      int ws = *p == ' ' || *p == '\n' || *p == '\t' || *p == '\r';
      if (ws) {
        if (b->len && b->ptr[b->len - 1] != ' ') tm_buf_putc(b, ' ');
      } else {
        tm_buf_putc(b, *p);
      }
    }
  }
  while (b->len && b->ptr[b->len - 1] == ' ') b->ptr[--b->len] = '\0';
  size_t s = 0;
  while (s < b->len && b->ptr[s] == ' ') s++;
  if (s) {
    memmove(b->ptr, b->ptr + s, b->len - s + 1);
    b->len -= s;
  }
}
