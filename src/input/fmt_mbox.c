/*
 * fmt_mbox.c - mailing lists: mbox files and maildir folders, JWZ-threaded.
 *
 * Input.  An mbox is messages one after another, each opened by a "From "
 * envelope line (at the start of the file or after an empty line, then a
 * sender and a date).  A lone RFC 5322 message (a file that starts with
 * header fields) is a mailbox of one.  A maildir is a folder of one message
 * per file (cur/ new/, or plain files, in sub-folders too, Maildir++
 * ".Folder"s included; tmp/ and other dot files and folders are skipped),
 * read in byte order of the relative file names so the result does not
 * depend on readdir().
 *
 * Each message goes through GMime (parsing, RFC 2047 headers, transfer
 * encodings, charsets to UTF-8).  The body is the text/plain parts (a
 * multipart/alternative gives its plain alternative; text/html only when
 * there is no plain part, through the project's HTML-to-text code);
 * attachments and forwarded messages (message/rfc822) are not the sender's
 * words and are left out.  Quoted lines ("> ...") become quote spans as in
 * every format; the attribution line before a quote ("On ... wrote:",
 * "X writes:", "Am ... schrieb ...:", "Le ... a écrit :", Outlook's
 * "-----Original Message-----" block) is part of the quote; a signature
 * (after a "-- " line) and a list footer ("____\nFoo mailing list") become
 * signature spans.  The scorers skip both.
 *
 * Threading: Jamie Zawinski's algorithm (https://www.jwz.org/doc/threading.html)
 * over Message-ID, References and In-Reply-To, in our own words:
 *   1. every id seen (a message's own, or one it references) gets a
 *      container; a container of an id whose message is absent is "empty";
 *   2. a message's References (In-Reply-To when it has none, or appended
 *      when it names a different last parent) link the containers of
 *      consecutive ids, oldest first, when the later one is an absent
 *      message's container without a parent yet and the link closes no loop;
 *   3. a message's own container takes its last reference as its parent
 *      (its own headers win over what other messages guessed); a message
 *      with no references is a root even if another message guessed one.
 *   Loops left by step 3 (messages naming each other) are found in one
 *   linear pass; the member that comes first in the source is detached
 *   to the top, flagged TM_CF_CYCLE, with a warning.  Every step is linear
 *   in the References read (a 100,000-deep chain costs what 100,000
 *   siblings cost, beyond the absent messages a walk passes).
 * Empty containers are never comments (the counts stay those of the
 * source): a message hangs under its nearest ancestor that is present; a
 * message none of whose ancestors is present is a thread root whose
 * parent id is the absent message it answers (TM_CF_ORPHAN, as in every
 * format).  So an absent message with one reply: the reply is the thread
 * root; with several replies: each is the root of its own thread (JWZ
 * would keep an empty box above them; we do not invent a comment).
 *
 * Subject grouping, the fallback: a message with no References and no
 * In-Reply-To at all whose subject had a reply prefix ("Re:", "AW:", "SV:"
 * ...) is hung under the earliest message of the same subject (list tags
 * like "[notmuch]" and reply prefixes removed, case folded) that has no
 * reply prefix and is not newer than it, flagged TM_CF_SUBJECT_GROUPED.
 * Messages that name an absent parent keep it (the header is evidence).
 *
 * Ids are the Message-ID without its angle brackets.  A message without
 * one gets "tm-" + 16 hex digits of a hash of its From, Date, Subject and
 * body, stable across runs.  The same Message-ID twice: an identical copy
 * (same headers hash and body) is dropped with a warning (the same mail in
 * two folders); a different message keeps "<id>#2" and a warning.
 *
 * A mailbox holds several threads: each top-level message is flagged
 * TM_CF_THREAD_ROOT, meta.nthreads counts them, and the meta describes the
 * mailbox: its title is the list name (the List-Id most messages carry) or
 * the file or folder name.  A message's Subject is its comment's title.
 */
#include <dirent.h>
#include <errno.h>
#include <gmime/gmime.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "../text/markup.h"
#include "../util/error.h"
#include "format.h"

#define MAX_REFS 256          /* References kept per message (the newest ones) */
#define MAX_MIME_DEPTH 32     /* nested multiparts looked into */
#define MAX_DIR_DEPTH 32      /* maildir sub-folders followed */
#define NONE TM_NONE

/* ---------------------------------------------------------------- GMime */

static pthread_once_t S_gmime_once = PTHREAD_ONCE_INIT;
static void S_gmime_init(void) { g_mime_init(); }

/* ------------------------------------------------------ id -> index map */

typedef struct {
  const char **key; /* arena strings */
  uint32_t *val;
  size_t cap, n;    /* cap is a power of two */
} S_map;

static uint64_t S_fnv(const void *p, size_t n, uint64_t h) {
  const unsigned char *s = p;
  for (size_t i = 0; i < n; i++) h = (h ^ s[i]) * 1099511628211ull;
  return h;
}
#define FNV0 1469598103934665603ull

static uint32_t S_map_get(const S_map *m, const char *k) {
  if (!m->cap) return NONE;
  size_t mask = m->cap - 1, h = (size_t)S_fnv(k, strlen(k), FNV0) & mask;
  while (m->key[h]) {
    if (!strcmp(m->key[h], k)) return m->val[h];
    h = (h + 1) & mask;
  }
  return NONE;
}

static int S_map_put(S_map *m, const char *k, uint32_t v) {
  if ((m->n + 1) * 2 > m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 64;
    const char **key = calloc(cap, sizeof *key);
    uint32_t *val = malloc(cap * sizeof *val);
    if (!key || !val) {
      free(key);
      free(val);
      return -1;
    }
    for (size_t i = 0; i < m->cap; i++) {
      if (!m->key[i]) continue;
      size_t h = (size_t)S_fnv(m->key[i], strlen(m->key[i]), FNV0) & (cap - 1);
      while (key[h]) h = (h + 1) & (cap - 1);
      key[h] = m->key[i];
      val[h] = m->val[i];
    }
    free(m->key);
    free(m->val);
    m->key = key;
    m->val = val;
    m->cap = cap;
  }
  size_t mask = m->cap - 1, h = (size_t)S_fnv(k, strlen(k), FNV0) & mask;
  while (m->key[h]) {
    if (!strcmp(m->key[h], k)) {
      m->val[h] = v;
      return 0;
    }
    h = (h + 1) & mask;
  }
  m->key[h] = k;
  m->val[h] = v;
  m->n++;
  return 0;
}

static void S_map_free(S_map *m) {
  free(m->key);
  free(m->val);
  memset(m, 0, sizeof *m);
}

/* ------------------------------------------------------------- context */

typedef struct {
  const char **refs;     /* arena: ancestor ids, oldest first */
  uint32_t nrefs;
  const char *subj;      /* arena: subject key, or NULL */
  int reply;             /* the subject had a reply prefix */
  uint64_t hash;         /* headers + body, to recognize identical copies */
} S_msg;                 /* one per comment, same index */

typedef struct {
  const char *id;        /* arena */
  uint32_t msg;          /* comment index, or NONE for an absent message */
  uint32_t parent;       /* container index, or NONE */
} S_box;

typedef struct {
  tm_thread *t;
  tm_error *err;
  tm_textbuf tb;
  tm_buf body, html, tmp;
  S_msg *msg;
  size_t capmsg;
  S_box *box;
  size_t nbox, capbox;
  S_map ids;             /* message id -> comment index */
  S_map boxes;           /* any id -> container index */
  S_map lists;           /* List-Id -> count (counts in val) */
  GMimeParserOptions *popts;
  const char *src;       /* the mbox buffer, for warning positions; NULL for maildir */
  size_t srclen, base;   /* base: offset of the current message's headers */
  const char *label;     /* maildir: the current file's relative name */
  size_t line;           /* the current message's first line (mbox) */
  size_t hline;          /* the line at x->base (its first header line) */
} S_ctx;

static int S_oom(S_ctx *x) { return tm__error(x->err, TM_ENOMEM, 0, 0, 0, "out of memory"); }

/* Warning with the position of the current message. */
#define S_WARN(x, fmt, ...)                                                          \
  do {                                                                               \
    if ((x)->label)                                                                  \
      tm__thread_warn((x)->t, 0, 0, "%s: " fmt, (x)->label, __VA_ARGS__);            \
    else                                                                             \
      tm__thread_warn((x)->t, (x)->line, 1, fmt, __VA_ARGS__);                       \
  } while (0)

static void S_gmime_warning(gint64 offset, GMimeParserWarning code, const gchar *item,
                            gpointer data) {
  S_ctx *x = data;
  const char *what;
  switch (code) {
  case GMIME_WARN_MALFORMED_MULTIPART: what = "a multipart holds no parts (bad boundary?)"; break;
  case GMIME_WARN_TRUNCATED_MESSAGE: what = "the message is truncated"; break;
  case GMIME_WARN_MALFORMED_MESSAGE: what = "the message is malformed"; break;
  case GMIME_CRIT_INVALID_HEADER_NAME: what = "invalid header name"; break;
  case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY: what = "a multipart without a boundary"; break;
  case GMIME_CRIT_NESTING_OVERFLOW: what = "MIME parts nested too deep"; break;
  case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT: what = "a MIME part without headers or content"; break;
  case GMIME_WARN_PART_WITHOUT_CONTENT: what = "a MIME part without content"; break;
  case GMIME_WARN_INVALID_CONTENT_TYPE: what = "invalid Content-Type"; break;
  default: return; /* duplicated headers, 8-bit headers...: harmless */
  }
  char it[64];
  snprintf(it, sizeof it, "%s", item ? item : "");
  if (x->src && offset >= 0) {
    /* count lines from the message's first header line, not from the
     * start of the mailbox: linear in the message */
    size_t off = x->base + (size_t)offset, line = x->hline, bol = x->base;
    if (off > x->srclen) off = x->srclen;
    for (size_t k = x->base; k < off; k++)
      if (x->src[k] == '\n') line++, bol = k + 1;
    size_t col = off - bol + 1;
    tm__thread_warn(x->t, line, col, "mail: %s%s%s; recovered what could be read", what,
                    *it ? ": " : "", it);
  } else {
    S_WARN(x, "mail: %s%s%s; recovered what could be read", what, *it ? ": " : "", it);
  }
}

/* --------------------------------------------------------- subject key */

static int S_is_reply_word(const char *s, size_t n) {
  static const char *w[] = {"re", "aw", "sv", "antw", "vs", "ref", "odp", "res", "rif", "ynt"};
  for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
    if (strlen(w[i]) == n && !strncasecmp(s, w[i], n)) return 1;
  return 0;
}

/* The subject without list tags and reply prefixes, ASCII case folded and
 * white space collapsed, into b.  @return 1 when a reply prefix was seen. */
static int S_subject_key(const char *s, tm_buf *b) {
  int reply = 0;
  tm_buf_reset(b);
  for (;;) {
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') s++;
    if (*s == '[') {
      const char *e = strchr(s, ']');
      if (e && e - s < 48) {
        s = e + 1;
        continue;
      }
      break;
    }
    size_t n = 0;
    while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z')) n++;
    if (!n || !S_is_reply_word(s, n)) break;
    size_t k = n;
    if (s[k] == '[' || s[k] == '(' || s[k] == '^') { /* Re[2]: Re(2): Re^2: */
      k++;
      while (s[k] >= '0' && s[k] <= '9') k++;
      if (s[k] == ']' || s[k] == ')') k++;
    }
    while (s[k] == ' ') k++;
    if (s[k] != ':') break;
    s += k + 1;
    reply = 1;
  }
  int sp = 0;
  for (; *s; s++) {
    unsigned char ch = (unsigned char)*s;
    if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') {
      sp = 1;
      continue;
    }
    if (sp && b->len) tm_buf_putc(b, ' ');
    sp = 0;
    tm_buf_putc(b, (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch));
  }
  return reply;
}

/* ------------------------------------------------------------- bodies */

/* Text of a text part as UTF-8 into out.  GMime decodes the transfer
 * encoding and converts the declared charset; undeclared 8-bit text is
 * read as Windows-1252 (then Latin-1), the usual guess for old mail. */
static void S_part_text(GMimePart *p, tm_buf *out) {
  char *txt = GMIME_IS_TEXT_PART(p) ? g_mime_text_part_get_text(GMIME_TEXT_PART(p)) : NULL;
  if (!txt) {
    GMimeDataWrapper *w = g_mime_part_get_content(p);
    if (!w) return;
    GMimeStream *ms = g_mime_stream_mem_new();
    g_mime_data_wrapper_write_to_stream(w, ms);
    GByteArray *a = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(ms));
    txt = g_strndup((const char *)a->data, a->len);
    g_object_unref(ms);
  }
  const char *cs = GMIME_IS_TEXT_PART(p) ? g_mime_text_part_get_charset(GMIME_TEXT_PART(p)) : NULL;
  if (!g_utf8_validate(txt, -1, NULL) && (!cs || !g_ascii_strcasecmp(cs, "us-ascii"))) {
    char *u = g_convert(txt, -1, "UTF-8", "WINDOWS-1252", NULL, NULL, NULL);
    if (!u) u = g_convert(txt, -1, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
    if (u) {
      g_free(txt);
      txt = u;
    }
  }
  if (out->len) tm_buf_puts(out, "\n\n");
  tm_buf_puts(out, txt);
  g_free(txt);
}

/* Collect the plain text (into x->body) and the first HTML text (into
 * x->html) of a MIME tree. */
static void S_collect(S_ctx *x, GMimeObject *o, int depth) {
  if (!o || depth > MAX_MIME_DEPTH) return;
  GMimeContentType *ct = g_mime_object_get_content_type(o);
  if (GMIME_IS_MULTIPART(o)) {
    GMimeMultipart *mp = GMIME_MULTIPART(o);
    int n = g_mime_multipart_get_count(mp);
    if (n == 0) {
      /* a wrong or missing boundary: GMime finds no part and keeps the
       * whole body as the prologue; that text is the message */
      const char *pro = g_mime_multipart_get_prologue(mp);
      if (pro && *pro) {
        if (x->body.len) tm_buf_puts(&x->body, "\n\n");
        tm_buf_puts(&x->body, pro);
      }
      return;
    }
    if (ct && g_mime_content_type_is_type(ct, "multipart", "alternative")) {
      /* the first alternative that holds plain text; else HTML */
      size_t plain0 = x->body.len;
      for (int i = 0; i < n && x->body.len == plain0; i++) {
        size_t html0 = x->html.len;
        S_collect(x, g_mime_multipart_get_part(mp, i), depth + 1);
        if (x->body.len == plain0 && html0 && x->html.len > html0) x->html.len = html0;
      }
      return;
    }
    for (int i = 0; i < n; i++) S_collect(x, g_mime_multipart_get_part(mp, i), depth + 1);
    return;
  }
  if (!GMIME_IS_PART(o)) return; /* message/rfc822: a forwarded message */
  const char *disp = g_mime_object_get_disposition(o);
  if (disp && !g_ascii_strcasecmp(disp, "attachment")) return;
  const char *sub = ct ? g_mime_content_type_get_media_subtype(ct) : NULL;
  if (!ct || g_ascii_strcasecmp(g_mime_content_type_get_media_type(ct), "text")) {
    /* "Content-Type: text" (no subtype) is invalid, and GMime reads it as
     * application/octet-stream; old mailers meant plain text */
    const char *raw = g_mime_object_get_header(o, "Content-Type");
    while (raw && (*raw == ' ' || *raw == '\t')) raw++;
    if (!raw || g_ascii_strncasecmp(raw, "text", 4) || (raw[4] && raw[4] != ';' && raw[4] != ' '))
      return;
    sub = "plain";
  }
  if (sub && !g_ascii_strcasecmp(sub, "html")) {
    if (!x->html.len) S_part_text(GMIME_PART(o), &x->html);
  } else if (!sub || (g_ascii_strcasecmp(sub, "enriched") && g_ascii_strcasecmp(sub, "calendar") &&
                      g_ascii_strcasecmp(sub, "vcard") && g_ascii_strcasecmp(sub, "x-vcard"))) {
    S_part_text(GMIME_PART(o), &x->body);
  }
}

/* ------------------------------------------------ quotes and signatures */

static int S_ends_with_ci(const char *s, size_t n, const char *suf) {
  size_t k = strlen(suf);
  return n >= k && !strncasecmp(s + n - k, suf, k);
}

/* An attribution line: "On ... wrote:", "X writes:", "Am ... schrieb X:",
 * "Le ... a écrit :" ... (trailing white space already trimmed). */
static int S_attribution(const char *s, size_t n) {
  static const char *end[] = {"wrote:", "writes:", "said:", "schrieb:", "a écrit :", "a écrit:",
                              "escribió:", "ha scritto:", "skrev:", "napisał:", "kirjoitti:",
                              "schreef:", "escreveu:"};
  if (n == 0 || n > 240) return 0;
  char l[256];
  snprintf(l, sizeof l, "%.*s", (int)n, s);
  /* "-- Geoff wrote on Wed  5 Jul 15:35 PM --", "Anna wrote (in <id>)" */
  if (strstr(l, " wrote ") || strstr(l, " writes ") || strstr(l, " schrieb ") || strstr(l, " a écrit "))
    return 1;
  if (s[n - 1] != ':') return 0;
  for (size_t i = 0; i < sizeof end / sizeof end[0]; i++)
    if (S_ends_with_ci(s, n, end[i])) return 1;
  /* mutt: "* Carl Knoos (cknoos@atg.com) [000331 01:39]:"; any short
   * line naming an address and ending in a colon */
  if (n < 160 && (!strncmp(s, "* ", 2) || memchr(s, '@', n))) return 1;
  return 0;
}

typedef struct {
  size_t s, e;  /* line start, end (without the newline) */
  size_t te;    /* end without trailing white space */
  int quote;    /* a "> " line */
  int blank;
} S_line;

/* Add attribution and signature spans to a finished comment. */
static int S_mail_spans(tm_thread *t, tm_comment *c) {
  const char *s = c->text;
  size_t len = c->text_len, nl = 0;
  for (size_t i = 0; i < len; i++) nl += s[i] == '\n';
  S_line *L = malloc((nl + 1) * sizeof *L);
  if (!L) return TM_ENOMEM;
  size_t n = 0;
  for (size_t i = 0; i <= len;) {
    const char *p = memchr(s + i, '\n', len - i);
    size_t e = p ? (size_t)(p - s) : len;
    S_line *l = &L[n++];
    l->s = i, l->e = e, l->te = e;
    while (l->te > i && (s[l->te - 1] == ' ' || s[l->te - 1] == '\t' || s[l->te - 1] == '\r')) l->te--;
    size_t k = i;
    while (k < l->te && (s[k] == ' ' || s[k] == '\t')) k++;
    l->blank = k == l->te;
    l->quote = k < l->te && s[k] == '>';
    if (!p) break;
    i = e + 1;
  }
  tm_span add[64];
  size_t nadd = 0;
  /* attributions: a line (or two wrapped lines) right before a quote */
  for (size_t i = 0; i < n && nadd < 48; i++) {
    if (L[i].quote || L[i].blank) continue;
    size_t j = i + 1;
    while (j < n && L[j].blank && j - i < 3) j++;
    if (j >= n || !L[j].quote) continue;
    if (!S_attribution(s + L[i].s, L[i].te - L[i].s)) continue;
    size_t a = i;
    /* "On Wed, Feb 09, 2000 at 07:53:50AM +0000, Mark Sappol\nwrote:" */
    if (i > 0 && !L[i - 1].blank && !L[i - 1].quote && L[i].te - L[i].s < 40 &&
        (!strncmp(s + L[i - 1].s, "On ", 3) || !strncmp(s + L[i - 1].s, "Am ", 3) ||
         !strncmp(s + L[i - 1].s, "Le ", 3) || !strncmp(s + L[i - 1].s, "El ", 3)))
      a = i - 1;
    add[nadd++] = (tm_span){(uint32_t)L[a].s, (uint32_t)(L[i].te - L[a].s), TM_SPAN_QUOTE, NULL};
  }
  /* Outlook: everything after "-----Original Message-----" is quoted */
  size_t quoted_from = n;
  for (size_t i = 0; i < n; i++) {
    size_t k = L[i].s;
    while (k < L[i].te && (s[k] == ' ' || s[k] == '\t')) k++;
    if (L[i].te - k >= 26 && !strncasecmp(s + k, "-----Original Message-----", 26)) {
      quoted_from = i;
      add[nadd++] = (tm_span){(uint32_t)L[i].s, (uint32_t)(len - L[i].s), TM_SPAN_QUOTE, NULL};
      break;
    }
  }
  /* signature: the last "-- " line outside quotes; a list footer (a rule of
   * underscores followed by "... mailing list" or a list URL) too */
  size_t sig = n;
  for (size_t i = 0; i < quoted_from; i++) {
    if (L[i].quote) continue;
    const char *p = s + L[i].s;
    size_t w = L[i].e - L[i].s;
    if ((w == 3 && !memcmp(p, "-- ", 3)) || (w == 2 && !memcmp(p, "--", 2) && n - i <= 12)) {
      sig = i;
    } else if (sig == n && w >= 10 && strspn(p, "_") >= 10 && i + 1 < n) {
      const char *q = s + L[i + 1].s;
      size_t qw = L[i + 1].te - L[i + 1].s;
      char line[256];
      snprintf(line, sizeof line, "%.*s", (int)(qw < 255 ? qw : 255), q);
      if (strstr(line, "mailing list") || strstr(line, "Mailing list") || strstr(line, "@lists.") ||
          strstr(line, "listinfo"))
        sig = i;
    }
  }
  if (sig < n) {
    /* it runs to the next quote block (a top-poster's sig), else the end */
    size_t e = sig + 1;
    while (e < quoted_from && !L[e].quote) e++;
    size_t end = e < n ? L[e].s : len;
    if (e < n) {
      /* leave the attribution of that quote block out of the signature */
      for (size_t k = 0; k < nadd; k++)
        if (add[k].start >= L[sig].s && add[k].start < end) end = add[k].start;
    }
    while (end > L[sig].s && (s[end - 1] == '\n' || s[end - 1] == ' ')) end--;
    if (end > L[sig].s)
      add[nadd++] = (tm_span){(uint32_t)L[sig].s, (uint32_t)(end - L[sig].s), TM_SPAN_SIGNATURE, NULL};
  }
  free(L);
  if (!nadd) return TM_OK;
  /* merge with the quote/code spans, in start order */
  tm_span *sp = tm_arena_alloc(&t->arena, (c->nspans + nadd) * sizeof *sp);
  if (!sp) return TM_ENOMEM;
  size_t w = 0, i = 0, j = 0;
  /* add[] is nearly sorted: sort it (insertion sort, at most 64) */
  for (size_t a = 1; a < nadd; a++)
    for (size_t b = a; b > 0 && add[b - 1].start > add[b].start; b--) {
      tm_span tmp = add[b];
      add[b] = add[b - 1];
      add[b - 1] = tmp;
    }
  while (i < c->nspans || j < nadd) {
    if (j >= nadd || (i < c->nspans && c->spans[i].start <= add[j].start)) sp[w++] = c->spans[i++];
    else sp[w++] = add[j++];
  }
  for (size_t k = 0; k < nadd; k++)
    if (add[k].kind == TM_SPAN_QUOTE) c->flags |= TM_CF_HAS_QUOTE;
  c->spans = sp;
  c->nspans = (uint32_t)w;
  return TM_OK;
}

/* ------------------------------------------------------------ messages */

static const char *S_str(S_ctx *x, const char *s, int *ok) {
  return s ? tm__thread_str(x->t, s, strlen(s), ok) : NULL;
}

/* References, then In-Reply-To when it names another last parent. */
static void S_refs(S_ctx *x, GMimeMessage *m, const char *self, S_msg *mm, int *ok) {
  const char *rh = g_mime_object_get_header(GMIME_OBJECT(m), "References");
  const char *ih = g_mime_object_get_header(GMIME_OBJECT(m), "In-Reply-To");
  GMimeReferences *r = rh ? g_mime_references_parse(x->popts, rh) : NULL;
  GMimeReferences *ir = ih ? g_mime_references_parse(x->popts, ih) : NULL;
  int nr = r ? g_mime_references_length(r) : 0;
  const char *irt = ir && g_mime_references_length(ir) > 0 ? g_mime_references_get_message_id(ir, 0) : NULL;
  size_t cap = (size_t)nr + 1;
  const char **v = tm_arena_alloc(&x->t->arena, cap * sizeof *v);
  uint32_t n = 0;
  if (!v) *ok = 0;
  for (int i = nr > MAX_REFS ? nr - MAX_REFS : 0; v && i < nr; i++) {
    const char *id = g_mime_references_get_message_id(r, i);
    if (!id || !*id || !strcmp(id, self)) continue;
    if (n && !strcmp(v[n - 1], id)) continue;
    if (!(v[n] = S_str(x, id, ok))) break; /* out of memory: *ok is 0 */
    n++;
  }
  if (v && *ok && irt && *irt && strcmp(irt, self) && (!n || strcmp(v[n - 1], irt))) {
    /* In-Reply-To is the direct parent; drop an older copy of it */
    uint32_t w = 0;
    for (uint32_t i = 0; i < n; i++)
      if (strcmp(v[i], irt)) v[w++] = v[i];
    n = w;
    if ((v[n] = S_str(x, irt, ok))) n++;
  }
  mm->refs = v;
  mm->nrefs = n;
  if (r) g_mime_references_free(r);
  if (ir) g_mime_references_free(ir);
}

/* Copy a message's bytes, undoing mbox "From " escaping as mboxrd does:
 * one '>' comes off every line that is '>'s then "From " (for mboxo files
 * this also turns a quoted ">>From " into ">From ", a harmless change). */
static void S_unescape(tm_buf *b, const char *s, size_t len) {
  tm_buf_reset(b);
  size_t i = 0;
  while (i < len) {
    const char *p = memchr(s + i, '\n', len - i);
    size_t e = p ? (size_t)(p - s) + 1 : len, k = i;
    while (k < e && s[k] == '>') k++;
    if (k > i && e - k >= 5 && !memcmp(s + k, "From ", 5)) i++;
    tm_buf_put(b, s + i, e - i);
    i = e;
  }
}

/* Parse one message s[0..len) and add it as a comment. */
static int S_message(S_ctx *x, const char *s, size_t len, int unescape) {
  tm_thread *t = x->t;
  int rc = TM_OK, ok = 1;
  if (unescape) {
    S_unescape(&x->tmp, s, len);
    s = x->tmp.ptr ? x->tmp.ptr : "";
    len = x->tmp.len;
  }
  GMimeStream *st = g_mime_stream_mem_new_with_buffer(s, len);
  GMimeParser *p = g_mime_parser_new_with_stream(st);
  g_object_unref(st);
  GMimeMessage *m = g_mime_parser_construct_message(p, x->popts);
  g_object_unref(p);
  if (!m) {
    S_WARN(x, "%s", "not a mail message (no header fields); skipped");
    return TM_OK;
  }
  tm_comment *c = tm__thread_add_at(t, x->label ? 0 : x->line, x->label ? 0 : 1, x->err);
  if (!c) {
    g_object_unref(m);
    return tm__thread_full(t) ? TM_ELIMIT : TM_ENOMEM;
  }
  c->line = x->label ? 0 : x->line;
  c->col = x->label ? 0 : 1;
  uint32_t ci = (uint32_t)(t->n - 1);
  if (t->n > x->capmsg) {
    size_t cap = x->capmsg ? x->capmsg * 2 : 64;
    S_msg *nm = realloc(x->msg, cap * sizeof *nm);
    if (!nm) {
      g_object_unref(m);
      return S_oom(x);
    }
    x->msg = nm;
    x->capmsg = cap;
  }
  S_msg *mm = &x->msg[ci];
  memset(mm, 0, sizeof *mm);

  /* author: display name, else the address */
  InternetAddressList *from = g_mime_message_get_from(m);
  if (from && internet_address_list_length(from) > 0) {
    InternetAddress *a = internet_address_list_get_address(from, 0);
    const char *name = internet_address_get_name(a);
    if (name && *name) c->author = S_str(x, name, &ok);
    else if (INTERNET_ADDRESS_IS_MAILBOX(a))
      c->author = S_str(x, internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a)), &ok);
  }
  GDateTime *d = g_mime_message_get_date(m);
  if (d) c->time = g_date_time_to_unix(d);
  const char *subj = g_mime_message_get_subject(m);
  if (subj) {
    c->title = S_str(x, subj, &ok);
    mm->reply = S_subject_key(subj, &x->tmp);
    if (x->tmp.len) mm->subj = tm__thread_str(t, x->tmp.ptr, x->tmp.len, &ok);
  }
  const char *lid = g_mime_object_get_header(GMIME_OBJECT(m), "List-Id");
  if (lid) {
    const char *l = strchr(lid, '<'), *r = l ? strchr(l, '>') : NULL;
    char key[200];
    if (l && r) snprintf(key, sizeof key, "%.*s", (int)(r - l - 1 < 199 ? r - l - 1 : 199), l + 1);
    else snprintf(key, sizeof key, "%s", lid);
    uint32_t cnt = S_map_get(&x->lists, key);
    /* a new key is stored in the arena; a known one only gets its count */
    const char *k = cnt == NONE ? S_str(x, key, &ok) : key;
    if (k && S_map_put(&x->lists, k, cnt == NONE ? 1 : cnt + 1)) ok = 0;
  }

  /* body */
  tm_buf_reset(&x->body);
  tm_buf_reset(&x->html);
  S_collect(x, g_mime_message_get_mime_part(m), 0);
  const tm_buf *src = x->body.len ? &x->body : &x->html;
  if (t->opts.max_field && src->len > t->opts.max_field) {
    g_object_unref(m);
    return tm__error(x->err, TM_ELIMIT, x->label ? 0 : x->line, x->label ? 0 : 1, x->base,
                     "a message body of %zu bytes is longer than the limit of %zu", src->len,
                     t->opts.max_field);
  }
  if (src->len && (t->opts.flags & TM_OPT_KEEP_RAW)) c->raw = tm__thread_raw(t, src->ptr, src->len, &ok);
  if (x->body.len) {
    /* leading empty lines are layout, not text */
    size_t b = 0, k = 0;
    while (k < x->body.len && (x->body.ptr[k] == ' ' || x->body.ptr[k] == '\t' ||
                               x->body.ptr[k] == '\r' || x->body.ptr[k] == '\n'))
      if (x->body.ptr[k++] == '\n') b = k;
    tm__tb_plain(&x->tb, x->body.ptr + b, x->body.len - b, 0);
  }
  else if (x->html.len) tm__tb_html(&x->tb, x->html.ptr, x->html.len);
  if (tm__tb_finish(&x->tb, t, c)) ok = 0;
  if (ok && c->text && (rc = S_mail_spans(t, c))) ok = 0;

  /* identity: hash of the headers that matter and the body */
  uint64_t h = FNV0;
  const char *hv[] = {g_mime_object_get_header(GMIME_OBJECT(m), "From"),
                      g_mime_object_get_header(GMIME_OBJECT(m), "Date"), subj};
  for (size_t i = 0; i < 3; i++) h = S_fnv(hv[i] ? hv[i] : "", hv[i] ? strlen(hv[i]) + 1 : 1, h);
  h = S_fnv(src->ptr ? src->ptr : "", src->len, h);
  mm->hash = h;
  const char *mid = g_mime_message_get_message_id(m);
  char idbuf[64];
  if (!mid || !*mid) {
    snprintf(idbuf, sizeof idbuf, "tm-%016llx", (unsigned long long)h);
    mid = idbuf;
    S_WARN(x, "a message without Message-ID: its id is \"%s\"", idbuf);
  }
  S_refs(x, m, mid, mm, &ok);
  uint32_t prev = S_map_get(&x->ids, mid);
  if (prev != NONE) {
    if (x->msg[prev].hash == h) {
      S_WARN(x, "message \"%s\" again (an identical copy); kept the first", mid);
      t->n--;
      g_object_unref(m);
      return ok ? TM_OK : S_oom(x);
    }
    char *nid = NULL;
    for (int k = 2; !nid && k < 1000000; k++) {
      char *cand = g_strdup_printf("%s#%d", mid, k);
      if (S_map_get(&x->ids, cand) == NONE) nid = cand;
      else g_free(cand);
    }
    S_WARN(x, "Message-ID \"%s\" is used by two different messages: this one is \"%s\"", mid,
           nid ? nid : mid);
    c->id = S_str(x, nid, &ok);
    g_free(nid);
  } else {
    c->id = S_str(x, mid, &ok);
  }
  g_object_unref(m);
  if (!ok || !c->id) return S_oom(x);
  if (S_map_put(&x->ids, c->id, ci)) return S_oom(x);
  return rc;
}

/* ----------------------------------------------------------- threading */

static uint32_t S_box_of(S_ctx *x, const char *id) {
  uint32_t b = S_map_get(&x->boxes, id);
  if (b != NONE) return b;
  if (x->nbox == x->capbox) {
    size_t cap = x->capbox ? x->capbox * 2 : 64;
    S_box *nb = realloc(x->box, cap * sizeof *nb);
    if (!nb) return NONE;
    x->box = nb;
    x->capbox = cap;
  }
  b = (uint32_t)x->nbox++;
  x->box[b] = (S_box){id, NONE, NONE};
  if (S_map_put(&x->boxes, id, b)) return NONE;
  return b;
}

/* 1 when `a` is `b` or below it (walking up from a meets b) */
static int S_below(const S_ctx *x, uint32_t a, uint32_t b) {
  for (size_t steps = 0; a != NONE && steps <= x->nbox; steps++, a = x->box[a].parent)
    if (a == b) return 1;
  return 0;
}

static int S_thread(S_ctx *x) {
  tm_thread *t = x->t;
  size_t n = t->n;
  unsigned char *cycle = n ? calloc(n, 1) : NULL; /* detached from a loop by the linker */
  uint32_t *loop = n ? malloc(n * sizeof *loop) : NULL; /* the parent box that closed a loop */
  if (n && (!cycle || !loop)) {
    free(cycle);
    free(loop);
    return S_oom(x);
  }
  memset(loop, 0xFF, n * sizeof *loop);
  /* 1. containers for every message */
  for (size_t i = 0; i < n; i++) {
    uint32_t b = S_box_of(x, t->c[i].id);
    if (b == NONE) goto oom;
    x->box[b].msg = (uint32_t)i;
  }
  /* 2. References link the containers of absent messages, oldest first
   * (present messages' containers get no parent here, so the loop check
   * walks only through absent ones: short) */
  for (size_t i = 0; i < n; i++) {
    S_msg *mm = &x->msg[i];
    uint32_t prev = NONE;
    for (uint32_t k = 0; k < mm->nrefs; k++) {
      uint32_t b = S_box_of(x, mm->refs[k]);
      if (b == NONE) goto oom;
      if (prev != NONE && x->box[b].parent == NONE && x->box[b].msg == NONE && !S_below(x, prev, b))
        x->box[b].parent = prev;
      prev = b;
    }
  }
  /* 3. a message's own last reference is its parent: its headers win */
  for (size_t i = 0; i < n; i++) {
    S_msg *mm = &x->msg[i];
    uint32_t self = S_map_get(&x->boxes, t->c[i].id);
    x->box[self].parent = mm->nrefs ? S_map_get(&x->boxes, mm->refs[mm->nrefs - 1]) : NONE;
  }
  /* 3b. messages answering each other close loops: find each loop once
   * (a walk up from every container, stamped) and cut it above its
   * message that comes first in the source.  That message keeps the
   * parent id its headers give; tm__thread_link then detaches it from
   * the same loop of parent ids (TM_CF_CYCLE, with a warning). */
  uint32_t *mark = x->nbox ? calloc(x->nbox, sizeof *mark) : NULL;
  if (x->nbox && !mark) goto oom;
  for (size_t b0 = 0; b0 < x->nbox; b0++) {
    uint32_t stamp = (uint32_t)b0 + 1, b = (uint32_t)b0;
    while (b != NONE && !mark[b]) {
      mark[b] = stamp;
      b = x->box[b].parent;
    }
    if (b == NONE || mark[b] != stamp) continue;
    uint32_t first = NONE, k = b;
    do {
      uint32_t m = x->box[k].msg;
      if (m != NONE && (first == NONE || m < first)) first = m;
      k = x->box[k].parent;
    } while (k != b);
    if (first == NONE) continue; /* cannot happen: step 2 links no loop of absent messages */
    uint32_t fb = S_map_get(&x->boxes, t->c[first].id);
    loop[first] = x->box[fb].parent;
    x->box[fb].parent = NONE;
    cycle[first] = 1;
  }
  free(mark);
  /* 4. parents: the nearest present ancestor; else the absent parent */
  for (size_t i = 0; i < n; i++) {
    tm_comment *c = &t->c[i];
    uint32_t self = S_map_get(&x->boxes, c->id);
    uint32_t first = loop[i] != NONE ? loop[i] : x->box[self].parent, p = first;
    for (size_t steps = 0; p != NONE && x->box[p].msg == NONE && steps <= x->nbox; steps++)
      p = x->box[p].parent;
    if (p != NONE && x->box[p].msg == i) {
      p = NONE; /* a loop through absent messages back to itself: a root */
      first = NONE;
    }
    if (p != NONE && x->box[p].msg != NONE) {
      c->parent_id = t->c[x->box[p].msg].id;
      if (p != first)
        tm__thread_warn(t, c->line, c->col,
                        "message \"%s\": its parent \"%s\" is not in the input; hung it under "
                        "\"%s\", the nearest message it references",
                        c->id, x->box[first].id, c->parent_id);
    } else if (first != NONE) {
      c->parent_id = x->box[first].id; /* absent: an orphan thread root */
    }
  }
  /* 5. subject fallback for messages that name no parent at all */
  S_map anchor = {0};
  for (size_t i = 0; i < n; i++) {
    tm_comment *c = &t->c[i];
    S_msg *mm = &x->msg[i];
    if (c->parent_id || mm->nrefs || mm->reply || !mm->subj || !*mm->subj) continue;
    uint32_t a = S_map_get(&anchor, mm->subj);
    if (a == NONE || (c->time != TM_TIME_UNKNOWN && t->c[a].time != TM_TIME_UNKNOWN &&
                      c->time < t->c[a].time))
      if (S_map_put(&anchor, mm->subj, (uint32_t)i)) {
        S_map_free(&anchor);
        goto oom;
      }
  }
  for (size_t i = 0; i < n; i++) {
    tm_comment *c = &t->c[i];
    S_msg *mm = &x->msg[i];
    if (c->parent_id || mm->nrefs || !mm->reply || !mm->subj || !*mm->subj) continue;
    uint32_t a = S_map_get(&anchor, mm->subj);
    if (a == NONE || a == i) continue;
    if (c->time != TM_TIME_UNKNOWN && t->c[a].time != TM_TIME_UNKNOWN && c->time < t->c[a].time)
      continue;
    c->parent_id = t->c[a].id;
    c->flags |= TM_CF_SUBJECT_GROUPED;
  }
  S_map_free(&anchor);
  /* 6. thread roots */
  t->meta.nthreads = 0;
  for (size_t i = 0; i < n; i++) {
    tm_comment *c = &t->c[i];
    if (!c->parent_id || S_map_get(&x->ids, c->parent_id) == NONE || cycle[i]) {
      c->flags |= TM_CF_THREAD_ROOT;
      t->meta.nthreads++;
    }
    if (c->time != TM_TIME_UNKNOWN && (t->meta.time == TM_TIME_UNKNOWN || c->time < t->meta.time))
      t->meta.time = c->time;
  }
  free(cycle);
  free(loop);
  return TM_OK;
oom:
  free(cycle);
  free(loop);
  return S_oom(x);
}

/* --------------------------------------------------------------- driver */

static int S_ctx_init(S_ctx *x, tm_thread *t, tm_error *err) {
  memset(x, 0, sizeof *x);
  pthread_once(&S_gmime_once, S_gmime_init);
  x->t = t;
  x->err = err;
  tm__tb_init(&x->tb);
  x->popts = g_mime_parser_options_new();
  if (!x->popts) return TM_ENOMEM;
  g_mime_parser_options_set_warning_callback(x->popts, S_gmime_warning, x);
  return TM_OK;
}

/* The title: the list most messages come from, else `name`'s base name. */
static int S_finish(S_ctx *x, const char *name, int rc) {
  tm_thread *t = x->t;
  if (rc == TM_OK && t->n == 0)
    rc = tm__error(x->err, TM_EEMPTY, 1, 1, 0, "the mailbox holds no message");
  if (rc == TM_OK) rc = S_thread(x);
  if (rc == TM_OK) {
    int ok = 1;
    const char *best = NULL;
    uint32_t bestn = 0;
    for (size_t i = 0; i < x->lists.cap; i++)
      if (x->lists.key[i] && x->lists.val[i] > bestn) best = x->lists.key[i], bestn = x->lists.val[i];
    if (best && bestn * 2 > t->n) {
      t->meta.title = best;
    } else if (name && strcmp(name, "-")) {
      size_t l = strlen(name);
      while (l > 1 && name[l - 1] == '/') l--;
      size_t b = l;
      while (b > 0 && name[b - 1] != '/') b--;
      t->meta.title = tm__thread_str(t, name + b, l - b, &ok);
    }
    if (!ok) rc = S_oom(x);
  }
  tm__tb_free(&x->tb);
  tm_buf_free(&x->body);
  tm_buf_free(&x->html);
  tm_buf_free(&x->tmp);
  free(x->msg);
  free(x->box);
  S_map_free(&x->ids);
  S_map_free(&x->boxes);
  S_map_free(&x->lists);
  if (x->popts) g_mime_parser_options_free(x->popts);
  return rc;
}

/* 1 when s starts with a header field name and a colon ("Subject:"). */
static int S_header_start(const char *s, size_t n) {
  size_t k = 0;
  while (k < n && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') ||
                   (s[k] >= '0' && s[k] <= '9') || s[k] == '-' || s[k] == '_'))
    k++;
  return k > 0 && k < n && s[k] == ':';
}

/* A "From " envelope line at s (the start of a line): "From ", a sender,
 * a date with a time ("Wed Feb  9 22:02 MET 2000"), and either an empty
 * line before it (as writers put) or a header field after it. */
static int S_envelope(const char *s, size_t n, int after_blank) {
  if (n < 7 || memcmp(s, "From ", 5)) return 0;
  const char *e = memchr(s, '\n', n);
  size_t l = e ? (size_t)(e - s) : n;
  size_t i = 5;
  while (i < l && s[i] == ' ') i++;
  size_t a = i;
  while (i < l && s[i] != ' ') i++;
  if (i == a) return 0;
  int time = 0;
  for (; i + 2 < l && !time; i++)
    time = s[i] == ':' && s[i - 1] >= '0' && s[i - 1] <= '9' && s[i + 1] >= '0' &&
           s[i + 1] <= '9' && s[i + 2] >= '0' && s[i + 2] <= '9';
  if (!time) return 0;
  if (after_blank) return 1;
  return e && S_header_start(s + l + 1, n - l - 1);
}

int tm__parse_mbox(tm_thread *t, const char *buf, size_t len, tm_error *err) {
  S_ctx x;
  int rc = S_ctx_init(&x, t, err);
  if (rc) return S_finish(&x, NULL, tm__error(err, rc, 0, 0, 0, "out of memory"));
  x.src = buf;
  x.srclen = len;
  size_t i = 0, line = 1;
  if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) i = 3;
  while (i < len && (buf[i] == '\n' || buf[i] == '\r' || buf[i] == ' ' || buf[i] == '\t')) {
    if (buf[i] == '\n') line++;
    i++;
  }
  if (!S_envelope(buf + i, len - i, 0)) {
    /* a single message: it must start with a header field */
    if (!S_header_start(buf + i, len - i)) {
      rc = tm__error_at(err, TM_EPARSE, buf, len, i,
                        "not a mailbox: expected a \"From \" line or a mail header field");
      return S_finish(&x, NULL, rc);
    }
    x.line = x.hline = line;
    x.base = i;
    rc = S_message(&x, buf + i, len - i, 0);
    return S_finish(&x, err ? err->path : NULL, rc);
  }
  /* mbox: split at envelope lines (S_envelope: a time on the line, and
   * an empty line before it or a header field after it) */
  while (i < len && rc == TM_OK) {
    size_t env_line = line;
    const char *nl = memchr(buf + i, '\n', len - i);
    size_t hs = nl ? (size_t)(nl - buf) + 1 : len; /* headers start */
    size_t j = hs, l = line + 1, end = len;
    int blank = 0;
    while (j < len) {
      const char *p = memchr(buf + j, '\n', len - j);
      size_t e = p ? (size_t)(p - buf) + 1 : len;
      if (S_envelope(buf + j, len - j, blank)) {
        end = j;
        break;
      }
      blank = e - j == 1 || (e - j == 2 && buf[j] == '\r');
      j = e;
      l++;
    }
    if (j >= len) end = len;
    x.line = env_line;
    x.hline = env_line + 1;
    x.base = hs;
    size_t w = hs;
    while (w < end && (buf[w] == '\n' || buf[w] == '\r' || buf[w] == ' ' || buf[w] == '\t')) w++;
    if (w < end) {
      size_t mlen = end - hs;
      /* the empty line before the next envelope belongs to the format */
      if (end < len && mlen && buf[end - 1] == '\n') mlen--;
      rc = S_message(&x, buf + hs, mlen, 1);
    } else {
      tm__thread_warn(t, env_line, 1, "an mbox envelope line without a message; skipped");
    }
    i = end;
    line = l;
  }
  return S_finish(&x, err ? err->path : NULL, rc);
}

/* ---------------------------------------------------------------- maildir */

typedef struct {
  char **v;
  size_t n, cap;
} S_names;

/* A Maildir++ sub-folder (".Sent", ".Lists.dev"): a dot folder holding
 * cur/ or new/.  Other dot entries (files, an index like .notmuch/) are
 * not mail. */
static int S_maildirpp(const char *full) {
  struct stat st;
  if (lstat(full, &st) != 0 || !S_ISDIR(st.st_mode)) return 0;
  char *cur = g_strdup_printf("%s/cur", full), *nw = g_strdup_printf("%s/new", full);
  int yes = (stat(cur, &st) == 0 && S_ISDIR(st.st_mode)) || (stat(nw, &st) == 0 && S_ISDIR(st.st_mode));
  g_free(cur);
  g_free(nw);
  return yes;
}

static int S_walk(S_names *nm, const char *root, const char *rel, int depth, tm_error *err) {
  char *dir = rel ? g_strdup_printf("%s/%s", root, rel) : g_strdup(root);
  DIR *d = opendir(dir);
  if (!d) {
    int e = errno;
    g_free(dir);
    return tm__error(err, TM_EIO, 0, 0, 0, "%s: cannot open folder: %s", rel ? rel : ".", strerror(e));
  }
  int rc = TM_OK;
  struct dirent *de;
  while (rc == TM_OK && (de = readdir(d))) {
    if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
    char *r = rel ? g_strdup_printf("%s/%s", rel, de->d_name) : g_strdup(de->d_name);
    char *full = g_strdup_printf("%s/%s", root, r);
    if (de->d_name[0] == '.' && !S_maildirpp(full)) { /* dot files, .notmuch/ ... */
      g_free(r);
      g_free(full);
      continue;
    }
    struct stat st;
    if (lstat(full, &st) != 0) {
      /* a mail client moved it (new/ -> cur/) while we read: not an error */
      if (errno != ENOENT) rc = tm__error(err, TM_EIO, 0, 0, 0, "%s: %s", r, strerror(errno));
    } else if (S_ISDIR(st.st_mode)) {
      if (!strcmp(de->d_name, "tmp")) { /* maildir tmp/: deliveries in progress */
      } else if (depth >= MAX_DIR_DEPTH) {
        rc = tm__error(err, TM_ELIMIT, 0, 0, 0, "%s: folders nested deeper than %d", r, MAX_DIR_DEPTH);
      } else {
        rc = S_walk(nm, root, r, depth + 1, err);
      }
    } else if (S_ISREG(st.st_mode)) {
      if (nm->n == nm->cap) {
        size_t cap = nm->cap ? nm->cap * 2 : 64;
        char **v = realloc(nm->v, cap * sizeof *v);
        if (!v) rc = tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
        else nm->v = v, nm->cap = cap;
      }
      if (rc == TM_OK) {
        nm->v[nm->n++] = r;
        r = NULL;
      }
    }
    g_free(r);
    g_free(full);
  }
  closedir(d);
  g_free(dir);
  return rc;
}

static int S_cmp_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int tm__parse_maildir(tm_thread *t, const char *dir, tm_error *err) {
  S_ctx x;
  S_names nm = {0};
  int rc = S_ctx_init(&x, t, err);
  if (rc) return S_finish(&x, NULL, tm__error(err, rc, 0, 0, 0, "out of memory"));
  rc = S_walk(&nm, dir, NULL, 0, err);
  if (rc == TM_OK && nm.n) qsort(nm.v, nm.n, sizeof *nm.v, S_cmp_name);
  for (size_t i = 0; rc == TM_OK && i < nm.n; i++) {
    char *full = g_strdup_printf("%s/%s", dir, nm.v[i]);
    char *buf = NULL;
    size_t len = 0;
    tm_error ferr;
    memset(&ferr, 0, sizeof ferr);
    struct stat st;
    if (stat(full, &st) != 0 && errno == ENOENT) { /* moved away since the walk */
      tm__thread_warn(t, 0, 0, "%s: vanished while the folder was read; skipped", nm.v[i]);
      g_free(full);
      continue;
    }
    rc = tm_read_file(&buf, &len, full, t->opts.max_input, &ferr);
    g_free(full);
    if (rc) {
      /* a message we cannot read is lost data: fail, naming the file */
      tm__error(err, rc, 0, 0, 0, "%s: %s", nm.v[i], ferr.msg);
      break;
    }
    x.label = nm.v[i];
    if (S_envelope(buf, len, 0)) { /* some tools keep the envelope line */
      const char *nl = memchr(buf, '\n', len);
      size_t hs = nl ? (size_t)(nl - buf) + 1 : len;
      rc = S_message(&x, buf + hs, len - hs, 0);
    } else if (S_header_start(buf, len)) {
      rc = S_message(&x, buf, len, 0);
    } else {
      tm__thread_warn(t, 0, 0, "%s: not a mail message (no header fields); skipped", nm.v[i]);
    }
    free(buf);
  }
  x.label = NULL;
  for (size_t i = 0; i < nm.n; i++) g_free(nm.v[i]);
  free(nm.v);
  return S_finish(&x, dir, rc);
}
