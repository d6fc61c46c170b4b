/*
 * markup.c - comment markup to plain text with spans (see markup.h).
 *
 * HTML is handled as browsers show it, for the handful of elements comment
 * systems emit (HN: p i a pre code; Reddit: p em strong a blockquote pre
 * code ul ol li h1-h6 table del sup br hr).  Unknown elements keep their
 * text.  Character references are decoded with libxml2's entity table.
 */
#include "markup.h"

#include <libxml/HTMLparser.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "utf8.h"

enum {
  TAG_OTHER = 0, TAG_P, TAG_BR, TAG_BLOCK, TAG_LI, TAG_QUOTE, TAG_PRE,
  TAG_CODE, TAG_EMPH, TAG_A, TAG_SKIP
};

static int S_tag(const char *n, size_t len) {
  char lc[12];
  if (len == 0 || len >= sizeof lc) return TAG_OTHER;
  for (size_t i = 0; i < len; i++)
    lc[i] = (char)(n[i] >= 'A' && n[i] <= 'Z' ? n[i] + 32 : n[i]);
  lc[len] = '\0';
  static const struct { const char *name; int tag; } tags[] = {
      {"p", TAG_P},        {"br", TAG_BR},       {"div", TAG_BLOCK},
      {"h1", TAG_BLOCK},   {"h2", TAG_BLOCK},    {"h3", TAG_BLOCK},
      {"h4", TAG_BLOCK},   {"h5", TAG_BLOCK},    {"h6", TAG_BLOCK},
      {"ul", TAG_BLOCK},   {"ol", TAG_BLOCK},    {"table", TAG_BLOCK},
      {"tr", TAG_LI},      {"hr", TAG_BLOCK},    {"li", TAG_LI},
      {"blockquote", TAG_QUOTE}, {"pre", TAG_PRE}, {"code", TAG_CODE},
      {"tt", TAG_CODE},    {"i", TAG_EMPH},      {"em", TAG_EMPH},
      {"b", TAG_EMPH},     {"strong", TAG_EMPH}, {"a", TAG_A},
      {"script", TAG_SKIP}, {"style", TAG_SKIP}, {"form", TAG_SKIP},
  };
  for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
    if (strcmp(tags[i].name, lc) == 0) return tags[i].tag;
  return TAG_OTHER;
}

void tm__tb_init(tm_textbuf *tb) { memset(tb, 0, sizeof *tb); }

void tm__tb_reset(tm_textbuf *tb) {
  tm_buf_reset(&tb->text);
  tm_buf_reset(&tb->urls);
  tb->nspans = 0;
  tb->pre = tb->quote = tb->space = tb->skip = 0;
  tb->nopen = 0;
  tb->oom = 0;
}

void tm__tb_free(tm_textbuf *tb) {
  tm_buf_free(&tb->text);
  tm_buf_free(&tb->urls);
  free(tb->spans);
  memset(tb, 0, sizeof *tb);
}

int tm__tb_skipping(const tm_textbuf *tb) { return tb->skip > 0; }

static void S_put(tm_textbuf *tb, const char *s, size_t len) {
  if (tm_buf_put(&tb->text, s, len)) tb->oom = 1;
}

static int S_at_line_start(const tm_textbuf *tb) {
  return tb->text.len == 0 || tb->text.ptr[tb->text.len - 1] == '\n';
}

static void S_quote_prefix(tm_textbuf *tb) {
  if (tb->quote > 0 && S_at_line_start(tb))
    for (int i = 0; i < tb->quote && i < 8; i++) S_put(tb, "> ", 2);
}

/* End the current line and make sure `n` newlines (1 = line break,
 * 2 = paragraph break) separate it from what follows. */
static void S_break(tm_textbuf *tb, int n) {
  tb->space = 0;
  while (tb->text.len && tb->text.ptr[tb->text.len - 1] == ' ')
    tb->text.len--;
  if (tb->text.ptr) tb->text.ptr[tb->text.len] = '\0';
  if (tb->text.len == 0) return;
  int have = 0;
  for (size_t i = tb->text.len; i > 0 && tb->text.ptr[i - 1] == '\n' && have < 2; i--)
    have++;
  while (have < n) {
    S_put(tb, "\n", 1);
    have++;
  }
}

void tm__tb_text(tm_textbuf *tb, const char *s, size_t len) {
  if (tb->skip) return;
  if (tb->pre) {
    /* keep everything, but prefix quoted lines */
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
      if (s[i] == '\n') {
        S_quote_prefix(tb);
        S_put(tb, s + start, i + 1 - start);
        start = i + 1;
      }
    }
    if (start < len) {
      S_quote_prefix(tb);
      S_put(tb, s + start, len - start);
    }
    return;
  }
  size_t i = 0;
  while (i < len) {
    unsigned char ch = (unsigned char)s[i];
    if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r' || ch == '\f') {
      if (!S_at_line_start(tb) && tb->text.ptr[tb->text.len - 1] != ' ') tb->space = 1;
      i++;
      continue;
    }
    size_t j = i;
    while (j < len && s[j] != ' ' && s[j] != '\n' && s[j] != '\t' &&
           s[j] != '\r' && s[j] != '\f')
      j++;
    if (tb->space && !S_at_line_start(tb)) S_put(tb, " ", 1);
    tb->space = 0;
    S_quote_prefix(tb);
    S_put(tb, s + i, j - i);
    i = j;
  }
}

static void S_span_open(tm_textbuf *tb, int tag, uint32_t kind,
                        const char *url, size_t urllen) {
  if (tb->nopen >= TM_TB_MAX_OPEN) return;
  if (tb->nspans == tb->capspans) {
    size_t cap = tb->capspans ? tb->capspans * 2 : 16;
    tm_span *s = realloc(tb->spans, cap * sizeof *s);
    if (!s) {
      tb->oom = 1;
      return;
    }
    tb->spans = s;
    tb->capspans = cap;
  }
  /* a pending collapsed space belongs before the span */
  if (tb->space && !tb->pre && !S_at_line_start(tb)) {
    S_put(tb, " ", 1);
    tb->space = 0;
  }
  /* inside a blockquote, the "> " of a new line comes before the span */
  if (!tb->pre && kind != TM_SPAN_QUOTE) S_quote_prefix(tb);
  tm_span *sp = &tb->spans[tb->nspans];
  sp->start = (uint32_t)tb->text.len;
  sp->len = 0;
  sp->kind = kind;
  sp->url = NULL;
  if (url) {
    /* remember the offset (+1, so 0 stays "none") until finish */
    sp->url = (const char *)(uintptr_t)(tb->urls.len + 1);
    if (tm__html_decode(&tb->urls, url, urllen) || tm_buf_putc(&tb->urls, '\0'))
      tb->oom = 1;
  }
  tb->open[tb->nopen] = tb->nspans;
  tb->open_tag[tb->nopen] = tag;
  tb->nopen++;
  tb->nspans++;
}

static void S_span_close(tm_textbuf *tb, int tag) {
  for (size_t k = tb->nopen; k > 0; k--) {
    if (tb->open_tag[k - 1] != tag) continue;
    tm_span *sp = &tb->spans[tb->open[k - 1]];
    size_t end = tb->text.len;
    while (end > sp->start && (tb->text.ptr[end - 1] == ' ' || tb->text.ptr[end - 1] == '\n'))
      end--;
    sp->len = (uint32_t)(end - sp->start);
    memmove(&tb->open[k - 1], &tb->open[k], (tb->nopen - k) * sizeof tb->open[0]);
    memmove(&tb->open_tag[k - 1], &tb->open_tag[k], (tb->nopen - k) * sizeof tb->open_tag[0]);
    tb->nopen--;
    return;
  }
}

void tm__tb_open(tm_textbuf *tb, const char *name, size_t namelen,
                 const char *href, size_t hreflen) {
  int tag = S_tag(name, namelen);
  if (tb->skip) {
    if (tag == TAG_SKIP) tb->skip++;
    return;
  }
  switch (tag) {
  case TAG_P: case TAG_BLOCK: S_break(tb, 2); break;
  case TAG_BR: S_break(tb, 1); tb->space = 0; break;
  case TAG_LI: S_break(tb, 1); break;
  case TAG_QUOTE: S_break(tb, 2); tb->quote++; break;
  case TAG_PRE:
    S_break(tb, 2);
    tb->pre++;
    S_span_open(tb, TAG_PRE, TM_SPAN_CODE, NULL, 0);
    break;
  case TAG_CODE:
    if (!tb->pre) S_span_open(tb, TAG_CODE, TM_SPAN_CODE, NULL, 0);
    break;
  case TAG_EMPH: S_span_open(tb, TAG_EMPH, TM_SPAN_EMPH, NULL, 0); break;
  case TAG_A: S_span_open(tb, TAG_A, TM_SPAN_LINK, href, href ? hreflen : 0); break;
  case TAG_SKIP: tb->skip = 1; break;
  default: break;
  }
}

/* Close a link.  Hacker News shows long URLs cut to "https://exa.../de...";
 * when the link text is such a cut of its own target, put the whole
 * target in the text so no part of the URL is lost. */
static void S_link_close(tm_textbuf *tb) {
  size_t k = tb->nopen;
  while (k > 0 && tb->open_tag[k - 1] != TAG_A) k--;
  if (k > 0) {
    tm_span *sp = &tb->spans[tb->open[k - 1]];
    size_t start = sp->start, end = tb->text.len;
    if (sp->url && end - start > 3 && memcmp(tb->text.ptr + end - 3, "...", 3) == 0 && k == tb->nopen) {
      const char *url = tb->urls.ptr + ((size_t)(uintptr_t)sp->url - 1);
      size_t shown = end - start - 3, ul = strlen(url);
      if (shown <= ul && memcmp(url, tb->text.ptr + start, shown) == 0) {
        tb->text.len = start;
        S_put(tb, url, ul);
      }
    }
  }
  S_span_close(tb, TAG_A);
}

void tm__tb_close(tm_textbuf *tb, const char *name, size_t namelen) {
  int tag = S_tag(name, namelen);
  if (tb->skip) {
    if (tag == TAG_SKIP) tb->skip--;
    return;
  }
  switch (tag) {
  case TAG_P: case TAG_BLOCK: S_break(tb, 2); break;
  case TAG_LI: S_break(tb, 1); break;
  case TAG_QUOTE:
    S_break(tb, 2);
    if (tb->quote > 0) tb->quote--;
    break;
  case TAG_PRE:
    S_span_close(tb, TAG_PRE);
    if (tb->pre > 0) tb->pre--;
    S_break(tb, 2);
    break;
  case TAG_CODE:
    if (!tb->pre) S_span_close(tb, TAG_CODE);
    break;
  case TAG_EMPH: S_span_close(tb, TAG_EMPH); break;
  case TAG_A: S_link_close(tb); break;
  default: break;
  }
}

/* ------------------------------------------------------------- entities */

size_t tm__html_entity(const char *s, size_t len, tm_buf *out) {
  if (len < 3 || s[0] != '&') return 0;
  if (s[1] == '#') {
    size_t i = 2;
    int hex = 0;
    if (i < len && (s[i] == 'x' || s[i] == 'X')) hex = 1, i++;
    long cp = 0;
    size_t digits = 0;
    while (i < len && digits < 8) {
      char c = s[i];
      int d = -1;
      if (c >= '0' && c <= '9') d = c - '0';
      else if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
      else if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
      if (d < 0) break;
      cp = cp * (hex ? 16 : 10) + d;
      i++;
      digits++;
    }
    if (!digits) return 0;
    if (i < len && s[i] == ';') i++;
    if (cp == 0) cp = 0xFFFD;
    /* Windows-1252 C1 range, as browsers do for &#150; and friends */
    static const int32_t c1[32] = {
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};
    if (cp >= 0x80 && cp <= 0x9F) cp = c1[cp - 0x80];
    tm__utf8_put(out, (int32_t)cp);
    return i;
  }
  char name[33];
  size_t i = 1;
  while (i < len && i - 1 < sizeof name - 1 &&
         ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
          (s[i] >= '0' && s[i] <= '9')))
    i++;
  size_t nlen = i - 1;
  if (nlen == 0) return 0;
  memcpy(name, s + 1, nlen);
  name[nlen] = '\0';
  const htmlEntityDesc *e = htmlEntityLookup((const xmlChar *)name);
  if (!e) return 0;
  int semi = i < len && s[i] == ';';
  /* without ';' only the classic four are accepted (as in "AT&T") */
  if (!semi && strcmp(name, "amp") && strcmp(name, "lt") &&
      strcmp(name, "gt") && strcmp(name, "quot"))
    return 0;
  tm__utf8_put(out, (int32_t)e->value);
  return i + (size_t)semi;
}

int tm__html_decode(tm_buf *out, const char *s, size_t len) {
  size_t i = 0, run = 0;
  int rc = TM_OK;
  while (i < len) {
    if (s[i] != '&') {
      i++;
      continue;
    }
    if ((rc = tm_buf_put(out, s + run, i - run))) return rc;
    size_t n = tm__html_entity(s + i, len - i, out);
    if (n == 0) {
      if ((rc = tm_buf_putc(out, '&'))) return rc;
      n = 1;
    }
    i += n;
    run = i;
  }
  return tm_buf_put(out, s + run, len - run);
}

/* --------------------------------------------------------- HTML fragments */

static int S_is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Find attribute `want` in tag attributes s[0..len); sets *v, *vlen. */
static int S_attr(const char *s, size_t len, const char *want, const char **v,
                  size_t *vlen) {
  size_t wl = strlen(want), i = 0;
  while (i < len) {
    while (i < len && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r' || s[i] == '/')) i++;
    size_t ns = i;
    while (i < len && s[i] != '=' && s[i] != ' ' && s[i] != '>' && s[i] != '\n' && s[i] != '\t' && s[i] != '/') i++;
    size_t nl = i - ns;
    while (i < len && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t')) i++;
    const char *val = NULL;
    size_t vl = 0;
    if (i < len && s[i] == '=') {
      i++;
      while (i < len && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t')) i++;
      if (i < len && (s[i] == '"' || s[i] == '\'')) {
        char q = s[i++];
        val = s + i;
        while (i < len && s[i] != q) i++;
        vl = (size_t)(s + i - val);
        if (i < len) i++;
      } else {
        val = s + i;
        while (i < len && s[i] != ' ' && s[i] != '>' && s[i] != '\n' && s[i] != '\t') i++;
        vl = (size_t)(s + i - val);
      }
    }
    if (nl == wl && strncasecmp(s + ns, want, wl) == 0) {
      *v = val;
      *vlen = vl;
      return val != NULL;
    }
    if (nl == 0 && i < len) i++; /* stray character: move on */
  }
  return 0;
}

void tm__tb_html(tm_textbuf *tb, const char *s, size_t len) {
  size_t i = 0, run = 0;
  tm_buf dec = TM_BUF_INIT;
  while (i < len) {
    char c = s[i];
    if (c == '&') {
      if (run < i) tm__tb_text(tb, s + run, i - run);
      tm_buf_reset(&dec);
      size_t n = tm__html_entity(s + i, len - i, &dec);
      if (n) {
        tm__tb_text(tb, dec.ptr, dec.len);
        i += n;
      } else {
        tm__tb_text(tb, "&", 1);
        i++;
      }
      run = i;
      continue;
    }
    if (c != '<' || i + 1 >= len) {
      i++;
      continue;
    }
    char d = s[i + 1];
    if (d == '!') {
      /* comment or doctype: skip it */
      if (run < i) tm__tb_text(tb, s + run, i - run);
      const char *end = NULL;
      if (i + 3 < len && s[i + 2] == '-' && s[i + 3] == '-') {
        for (size_t k = i + 4; k + 2 < len; k++)
          if (s[k] == '-' && s[k + 1] == '-' && s[k + 2] == '>') {
            end = s + k + 3;
            break;
          }
      } else {
        end = memchr(s + i, '>', len - i);
        if (end) end++;
      }
      i = end ? (size_t)(end - s) : len;
      run = i;
      continue;
    }
    int closing = d == '/';
    size_t ns = i + 1 + (size_t)closing;
    if (ns >= len || !S_is_alpha(s[ns])) {
      i++; /* a literal '<' */
      continue;
    }
    const char *gt = memchr(s + ns, '>', len - ns);
    if (!gt) {
      i++;
      continue;
    }
    if (run < i) tm__tb_text(tb, s + run, i - run);
    size_t ne = ns;
    while (ne < len && (S_is_alpha(s[ne]) || (s[ne] >= '0' && s[ne] <= '9'))) ne++;
    if (closing) {
      tm__tb_close(tb, s + ns, ne - ns);
    } else {
      const char *href = NULL;
      size_t hreflen = 0;
      S_attr(s + ne, (size_t)(gt - (s + ne)), "href", &href, &hreflen);
      tm__tb_open(tb, s + ns, ne - ns, href, hreflen);
      if (gt > s + ne && gt[-1] == '/') tm__tb_close(tb, s + ns, ne - ns);
    }
    i = (size_t)(gt - s) + 1;
    run = i;
  }
  if (run < len) tm__tb_text(tb, s + run, len - run);
  tm_buf_free(&dec);
}

/* ------------------------------------------------------------ plain text */

void tm__tb_plain(tm_textbuf *tb, const char *s, size_t len, unsigned flags) {
  tm_buf dec = TM_BUF_INIT;
  if (flags & TM_PLAIN_DECODE_BASIC) {
    if (tm__html_decode(&dec, s, len)) {
      tb->oom = 1;
      tm_buf_free(&dec);
      return;
    }
    s = dec.ptr ? dec.ptr : "";
    len = dec.len;
  }
  size_t i = 0;
  int fence = 0;
  while (i < len) {
    const char *nl = memchr(s + i, '\n', len - i);
    size_t e = nl ? (size_t)(nl - s) : len;
    size_t le = e;
    if (le > i && s[le - 1] == '\r') le--;
    /* ``` fence lines open or close a code block and are not kept */
    size_t k = i;
    while (k < le && (s[k] == ' ' || s[k] == '\t')) k++;
    if (le - k >= 3 && memcmp(s + k, "```", 3) == 0) {
      if (!fence) {
        if (tb->text.len && tb->text.ptr[tb->text.len - 1] != '\n') S_put(tb, "\n", 1);
        S_span_open(tb, TAG_PRE, TM_SPAN_CODE, NULL, 0);
        fence = 1;
      } else {
        S_span_close(tb, TAG_PRE);
        fence = 0;
      }
      i = nl ? e + 1 : len;
      continue;
    }
    if (fence) {
      S_put(tb, s + i, le - i);
      S_put(tb, "\n", 1);
    } else {
      /* inline `code` spans */
      size_t a = i;
      while (a < le) {
        const char *bt = memchr(s + a, '`', le - a);
        if (!bt) break;
        const char *bt2 = memchr(bt + 1, '`', (size_t)(s + le - bt - 1));
        if (!bt2) break;
        S_put(tb, s + a, (size_t)(bt - (s + a)));
        S_span_open(tb, TAG_CODE, TM_SPAN_CODE, NULL, 0);
        S_put(tb, bt + 1, (size_t)(bt2 - bt - 1));
        S_span_close(tb, TAG_CODE);
        a = (size_t)(bt2 - s) + 1;
      }
      S_put(tb, s + a, le - a);
      if (nl) S_put(tb, "\n", 1);
    }
    i = nl ? e + 1 : len;
  }
  if (fence) S_span_close(tb, TAG_PRE);
  tm_buf_free(&dec);
}

/* --------------------------------------------------------------- finish */

/* Trim trailing white space, mark "> " lines outside code as quotes. */
static void S_mark_quotes(tm_textbuf *tb) {
  tb->space = 0;
  while (tb->text.len && (tb->text.ptr[tb->text.len - 1] == ' ' ||
                          tb->text.ptr[tb->text.len - 1] == '\n' ||
                          tb->text.ptr[tb->text.len - 1] == '\t'))
    tb->text.len--;
  if (tb->text.ptr) tb->text.ptr[tb->text.len] = '\0';
  /* close spans left open by unbalanced markup */
  while (tb->nopen) S_span_close(tb, tb->open_tag[tb->nopen - 1]);
  size_t nbase = tb->nspans;
  const char *s = tb->text.ptr;
  size_t len = tb->text.len, i = 0;
  while (i < len) {
    const char *nl = memchr(s + i, '\n', len - i);
    size_t e = nl ? (size_t)(nl - s) : len;
    size_t k = i;
    while (k < e && (s[k] == ' ' || s[k] == '\t')) k++;
    if (k < e && s[k] == '>') {
      /* inside a code span? then it is not a quote (shell prompts, diffs) */
      int in_code = 0;
      for (size_t q = 0; q < nbase; q++)
        if (tb->spans[q].kind == TM_SPAN_CODE && k >= tb->spans[q].start &&
            k < tb->spans[q].start + tb->spans[q].len)
          in_code = 1;
      while (k < e && (s[k] == '>' || s[k] == ' ' || s[k] == '\t')) k++;
      if (!in_code && k < e) {
        /* reuse the span machinery for growth */
        S_span_open(tb, TAG_OTHER, TM_SPAN_QUOTE, NULL, 0);
        if (tb->nopen) {
          tb->spans[tb->open[tb->nopen - 1]].start = (uint32_t)k;
          tb->spans[tb->open[tb->nopen - 1]].len = (uint32_t)(e - k);
          tb->nopen--;
        }
      }
    }
    i = nl ? e + 1 : len;
  }
}

static int S_cmp_span(const void *a, const void *b) {
  const tm_span *x = a, *y = b;
  if (x->start != y->start) return x->start < y->start ? -1 : 1;
  if (x->kind != y->kind) return x->kind < y->kind ? -1 : 1;
  return 0;
}

int tm__tb_finish(tm_textbuf *tb, tm_thread *t, tm_comment *c) {
  S_mark_quotes(tb);
  int ok = !tb->oom;
  const char *txt = tb->text.ptr ? tb->text.ptr : "";
  size_t before = t->meta.invalid_utf8;
  c->text = tm__thread_str(t, txt, tb->text.len, &ok);
  if (t->meta.invalid_utf8 != before) {
    /* the repair changed byte lengths: spans would point wrong, drop them */
    tb->nspans = 0;
  }
  c->text_len = c->text ? strlen(c->text) : 0;
  /* drop empty spans */
  size_t w = 0;
  for (size_t i = 0; i < tb->nspans; i++)
    if (tb->spans[i].len) tb->spans[w++] = tb->spans[i];
  tb->nspans = w;
  c->nspans = 0;
  c->spans = NULL;
  if (ok && tb->nspans) {
    qsort(tb->spans, tb->nspans, sizeof *tb->spans, S_cmp_span);
    tm_span *sp = tm_arena_alloc(&t->arena, tb->nspans * sizeof *sp);
    if (!sp) ok = 0;
    for (size_t i = 0; ok && i < tb->nspans; i++) {
      sp[i] = tb->spans[i];
      if (sp[i].url) {
        size_t off = (size_t)(uintptr_t)sp[i].url - 1;
        const char *u = tb->urls.ptr + off;
        sp[i].url = tm__thread_str(t, u, strlen(u), &ok);
      }
      if (sp[i].kind == TM_SPAN_QUOTE) c->flags |= TM_CF_HAS_QUOTE;
      if (sp[i].kind == TM_SPAN_CODE) c->flags |= TM_CF_HAS_CODE;
    }
    if (ok) {
      c->spans = sp;
      c->nspans = (uint32_t)tb->nspans;
    }
  }
  tm__tb_reset(tb);
  return ok ? TM_OK : TM_ENOMEM;
}

const char *tm__tb_finish_str(tm_textbuf *tb, tm_thread *t) {
  tm_comment tmp;
  memset(&tmp, 0, sizeof tmp);
  if (tm__tb_finish(tb, t, &tmp)) return NULL;
  return tmp.text;
}
