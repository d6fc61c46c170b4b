/*
 * fmt_stackexchange.c - Stack Exchange data dumps: Posts.xml and
 * Comments.xml (the quarterly dumps of archive.org/details/stackexchange;
 * schema in the dump's readme and at meta.stackexchange.com/q/2677).
 *
 *   <posts>    <row Id PostTypeId ParentId CreationDate Score Body
 *                   OwnerUserId OwnerDisplayName Title .../> ...
 *   <comments> <row Id PostId Score Text CreationDate UserId
 *                   UserDisplayName .../> ...
 *
 * Rows are read one at a time with libxml2's streaming reader (xml.h), so
 * a multi-GB Posts.xml never becomes a DOM; given a file path
 * (tm__stackexchange_file) the reader pulls from the file itself, so the
 * dump is not held in memory either.  Memory then grows with the text of
 * the posts kept, never with the XML.
 *
 * One thread per question: questions (PostTypeId 1) are the thread roots,
 * answers (PostTypeId 2) hang under their question (ParentId), comments
 * under their post (PostId).  Other post types (tag wikis and their
 * excerpts, moderator nominations, privilege wikis) are not discussion and
 * are skipped with one warning.  Posts keep their Id; comments, whose Ids
 * are another numbering, are named "comment:<Id>".  Author: the display
 * name, else "user:<UserId>" (the dumps give only the id of registered
 * users).  Bodies are HTML (code blocks and blockquotes become spans);
 * comment texts are plain text with `code`.  An answer or comment whose
 * post is absent is kept as an orphan.
 *
 * Comments.xml, three ways: a path to Posts.xml reads the sibling whose
 * name has "Comments" for the last "Posts" (Posts.xml -> Comments.xml,
 * site_Posts.xml -> site_Comments.xml) when it exists; a path to a
 * directory reads its Posts.xml and Comments.xml; a buffer may hold
 * Posts.xml followed by Comments.xml (`cat Posts.xml Comments.xml`), each
 * document starting with its <?xml declaration.  Comments.xml alone gives
 * its comments as orphans.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../util/error.h"
#include "../util/timeparse.h"
#include "format.h"
#include "xml.h"

#define SE_HEAD 65536 /* bytes sniffed from a file before streaming it */

typedef struct S_se {
  tm_thread *t;
  tm_textbuf tb;
  tm_xroots roots;
  size_t skipped;      /* rows of other post types */
  size_t skipped_line; /* the first of them */
} S_se;

static const char *S_author(S_se *se, const char *name, const char *uid, int *ok) {
  if (name && *name) return tm__thread_str(se->t, name, strlen(name), ok);
  if (uid && *uid) {
    char b[64];
    snprintf(b, sizeof b, "user:%.50s", uid);
    return tm__thread_str(se->t, b, strlen(b), ok);
  }
  return NULL;
}

static void S_fields(tm_comment *c, const char *date, const char *score) {
  if (date) tm__parse_time(date, strlen(date), &c->time);
  if (score && *score) {
    char *e;
    long long v = strtoll(score, &e, 10);
    if (!*e) c->score = v, c->has_score = 1;
  }
}

/* Give c an id: the row's, else "#N" with a warning. */
static const char *S_id(S_se *se, tm_comment *c, const char *id, const char *prefix, int *ok) {
  char b[96];
  if (id && *id) {
    snprintf(b, sizeof b, "%s%.80s", prefix, id);
    return tm__thread_str(se->t, b, strlen(b), ok);
  }
  snprintf(b, sizeof b, "#%zu", se->t->n);
  tm__thread_warn(se->t, c->line, c->col, "%s row without an Id; named it \"%s\"",
                  *prefix ? "comment" : "post", b);
  return tm__thread_str(se->t, b, strlen(b), ok);
}

static int S_post(S_se *se, const xmlNode *row, size_t line, tm_error *err) {
  const char *type = tm__xml_attr(row, "PostTypeId", NULL);
  int q = type && !strcmp(type, "1"), a = type && !strcmp(type, "2");
  if (!q && !a) {
    if (!se->skipped++) se->skipped_line = line;
    return TM_OK;
  }
  tm_thread *t = se->t;
  int ok = 1;
  tm_comment *c = tm__thread_add_at(t, line, line ? 1 : 0, err);
  if (!c) return tm__thread_full(t) ? TM_ELIMIT : TM_ENOMEM;
  uint32_t idx = (uint32_t)(t->n - 1);
  c->line = line;
  c->col = line ? 1 : 0;
  c->id = S_id(se, c, tm__xml_attr(row, "Id", NULL), "", &ok);
  c->author = S_author(se, tm__xml_attr(row, "OwnerDisplayName", NULL),
                       tm__xml_attr(row, "OwnerUserId", NULL), &ok);
  S_fields(c, tm__xml_attr(row, "CreationDate", NULL), tm__xml_attr(row, "Score", NULL));
  if (a) {
    const char *p = tm__xml_attr(row, "ParentId", NULL);
    if (p && *p) c->parent_id = tm__thread_str(t, p, strlen(p), &ok);
    else tm__thread_warn(t, line, 1, "answer \"%s\" without a ParentId; kept at the top", c->id);
  }
  const char *body = tm__xml_attr(row, "Body", NULL);
  if (q) {
    const char *title = tm__xml_attr(row, "Title", NULL);
    int rc = tm__xroot_add(&se->roots, t, &se->tb, idx, title, title ? strlen(title) : 0, NULL);
    if (rc) return tm__error(err, rc, 0, 0, 0, "out of memory");
    c = &t->c[idx];
  }
  if (body) {
    if (t->opts.flags & TM_OPT_KEEP_RAW) c->raw = tm__thread_raw(t, body, strlen(body), &ok);
    tm__tb_html(&se->tb, body, strlen(body));
  }
  if (tm__tb_finish(&se->tb, t, c)) ok = 0;
  return ok ? TM_OK : tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
}

static int S_comment(S_se *se, const xmlNode *row, size_t line, tm_error *err) {
  tm_thread *t = se->t;
  int ok = 1;
  tm_comment *c = tm__thread_add_at(t, line, line ? 1 : 0, err);
  if (!c) return tm__thread_full(t) ? TM_ELIMIT : TM_ENOMEM;
  c->line = line;
  c->col = line ? 1 : 0;
  c->id = S_id(se, c, tm__xml_attr(row, "Id", NULL), "comment:", &ok);
  const char *p = tm__xml_attr(row, "PostId", NULL);
  if (p && *p) c->parent_id = tm__thread_str(t, p, strlen(p), &ok);
  else tm__thread_warn(t, line, 1, "comment \"%s\" without a PostId; kept at the top", c->id);
  c->author = S_author(se, tm__xml_attr(row, "UserDisplayName", NULL),
                       tm__xml_attr(row, "UserId", NULL), &ok);
  S_fields(c, tm__xml_attr(row, "CreationDate", NULL), tm__xml_attr(row, "Score", NULL));
  const char *text = tm__xml_attr(row, "Text", NULL);
  if (text) {
    if (t->opts.flags & TM_OPT_KEEP_RAW) c->raw = tm__thread_raw(t, text, strlen(text), &ok);
    tm__tb_plain(&se->tb, text, strlen(text), 0);
  }
  if (tm__tb_finish(&se->tb, t, c)) ok = 0;
  return ok ? TM_OK : tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
}

/*
 * Read one document (Posts.xml or Comments.xml) from `in`.  line0: lines
 * before it in the buffer; has_lines 0 for a second file, whose lines
 * would be mistaken for the first file's.  `name` names that second file
 * in errors.
 */
static int S_doc(S_se *se, tm_xin *in, size_t line0, int has_lines, const char *name,
                 tm_error *err) {
  tm_xerr xe;
  xmlTextReaderPtr r = tm__xml_reader(in, &xe);
  if (!r) return tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
  int rc = TM_OK, ret = 1, comments = -1, advance = 1;
  while (rc == TM_OK) {
    /* after Next() the reader already stands on the following node */
    if (advance && (ret = xmlTextReaderRead(r)) != 1) break;
    advance = 1;
    if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT) continue;
    int depth = xmlTextReaderDepth(r);
    xmlNode *n = xmlTextReaderCurrentNode(r);
    size_t line = has_lines ? tm__xml_line(r) : 0;
    if (line) line += line0;
    if (depth == 0) {
      if (tm__xml_is(n, "posts", NULL)) comments = 0;
      else if (tm__xml_is(n, "comments", NULL)) comments = 1;
      else {
        size_t l = tm__xml_line(r);
        if (name) rc = tm__error(err, TM_EPARSE, 0, 0, 0,
                                 "%s:%zu:1: not a Stack Exchange dump: the root element is <%s>, "
                                 "expected <posts> or <comments>", name, l, (const char *)n->name);
        else rc = tm__error(err, TM_EPARSE, l + line0, 1, 0,
                            "not a Stack Exchange dump: the root element is <%s>, expected "
                            "<posts> or <comments>", (const char *)n->name);
      }
      continue;
    }
    if (depth == 1 && tm__xml_is(n, "row", NULL)) {
      rc = comments ? S_comment(se, n, line, err) : S_post(se, n, line, err);
    }
    /* a row's content (there is none in the dumps) is not read */
    if (rc == TM_OK && depth >= 1 && !xmlTextReaderIsEmptyElement(r)) {
      if ((ret = xmlTextReaderNext(r)) != 1) break;
      advance = 0;
    }
  }
  if (rc == TM_OK && ret == -1) {
    if (name && xe.set && !in->io_error)
      rc = tm__error(err, TM_EPARSE, 0, 0, 0, "%s:%zu:%zu: malformed XML: %s", name, xe.line,
                     xe.col ? xe.col : 1, xe.msg);
    else
      rc = tm__xml_error(err, in, &xe, line0);
  }
  xmlFreeTextReader(r);
  return rc;
}

static void S_init(S_se *se, tm_thread *t) {
  memset(se, 0, sizeof *se);
  se->t = t;
  tm__tb_init(&se->tb);
}

/* After every document: skipped rows, roots, the source's name. */
static int S_finish(S_se *se, const char *source, tm_error *err) {
  tm_thread *t = se->t;
  if (se->skipped)
    tm__thread_warn(t, se->skipped_line, se->skipped_line ? 1 : 0,
                    "skipped %zu rows that are neither questions nor answers "
                    "(tag wikis, moderator nominations, ...)", se->skipped);
  int rc = tm__xroots_finish(&se->roots, t);
  if (rc) return tm__error(err, rc, 0, 0, 0, "out of memory");
  if (!t->meta.title && source && strcmp(source, "-") != 0) {
    size_t n = strlen(source);
    while (n > 1 && source[n - 1] == '/') n--;
    size_t b = n;
    while (b > 0 && source[b - 1] != '/') b--;
    int ok = 1;
    t->meta.title = tm__thread_str(t, source + b, n - b, &ok);
    if (!ok) return tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
  }
  return TM_OK;
}

static void S_free(S_se *se) { tm__tb_free(&se->tb); }

static const char *S_memmem(const char *h, size_t hl, const char *n, size_t nl) {
  if (nl > hl) return NULL;
  for (const char *p = h; (p = memchr(p, n[0], hl - (size_t)(p - h) - nl + 1)); p++) {
    if (memcmp(p, n, nl) == 0) return p;
    if ((size_t)(p - h) + nl >= hl) break;
  }
  return NULL;
}

int tm__parse_stackexchange(tm_thread *t, const char *buf, size_t len, tm_error *err) {
  S_se se;
  S_init(&se, t);
  int rc = TM_OK;
  size_t pos = 0, line0 = 0;
  /* one document after another: each later one starts with "<?xml" (a
   * declaration may stand only at the start of a document, and '<' is
   * escaped inside the dumps' attribute values) */
  while (rc == TM_OK && pos < len) {
    const char *next = len - pos > 5 ? S_memmem(buf + pos + 5, len - pos - 5, "<?xml", 5) : NULL;
    size_t end = next ? (size_t)(next - buf) : len;
    if (next && end - pos >= 3 && !memcmp(buf + end - 3, "\xEF\xBB\xBF", 3)) end -= 3; /* its BOM */
    tm_xin in = {buf + pos, end - pos, 0, NULL, 0};
    rc = S_doc(&se, &in, line0, 1, NULL, err);
    for (size_t i = pos; i < end; i++) line0 += buf[i] == '\n';
    pos = end;
  }
  if (rc == TM_OK) rc = S_finish(&se, err ? err->path : NULL, err);
  S_free(&se);
  return rc;
}

/* ------------------------------------------------------------- files */

/* The sibling Comments.xml of a Posts.xml path, malloc'd, or NULL. */
static char *S_sibling(const char *path) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  const char *p = NULL;
  for (const char *q = base; (q = strstr(q, "Posts")); q++) p = q;
  if (!p) return NULL;
  size_t n = strlen(path);
  char *s = malloc(n + 4);
  if (!s) return NULL;
  size_t at = (size_t)(p - path);
  memcpy(s, path, at);
  memcpy(s + at, "Comments", 8);
  memcpy(s + at + 8, p + 5, n - at - 5 + 1);
  struct stat st;
  if (stat(s, &st) != 0 || !S_ISREG(st.st_mode)) {
    free(s);
    return NULL;
  }
  return s;
}

/* Stream one file; `name` (when not NULL) names it in errors and turns
 * off line numbers (see S_doc). */
static int S_file(S_se *se, const char *path, const char *name, tm_error *err) {
  FILE *fp = fopen(path, "rb");
  if (!fp) {
    if (!name) return tm__error(err, TM_EIO, 0, 0, 0, "cannot open: %s", strerror(errno));
    return tm__error(err, TM_EIO, 0, 0, 0, "cannot open %s: %s", name, strerror(errno));
  }
  tm_xin in = {NULL, 0, 0, fp, 0};
  int rc = S_doc(se, &in, 0, name == NULL, name, err);
  fclose(fp);
  return rc;
}

int tm__stackexchange_file(tm_thread **out, const char *path, const tm_options *opts,
                           tm_error *err, int *handled) {
  tm_options def = TM_OPTIONS_INIT;
  if (!opts) opts = &def;
  *handled = 0;
  if (!path || !strcmp(path, "-")) return TM_OK;
  if (opts->format != TM_FMT_AUTO && opts->format != TM_FMT_STACKEXCHANGE_XML) return TM_OK;
  struct stat st;
  if (stat(path, &st) != 0) return TM_OK; /* the ordinary reader reports it */
  char *posts = NULL, *comments = NULL;
  int rc = TM_OK;
  if (S_ISDIR(st.st_mode)) {
    size_t n = strlen(path);
    posts = malloc(n + 16);
    comments = malloc(n + 16);
    if (!posts || !comments) goto nomem;
    snprintf(posts, n + 16, "%s/Posts.xml", path);
    snprintf(comments, n + 16, "%s/Comments.xml", path);
    struct stat ps, cs;
    if (stat(posts, &ps) != 0 || !S_ISREG(ps.st_mode)) {
      free(posts);
      free(comments);
      return TM_OK; /* not a dump folder */
    }
    if (stat(comments, &cs) != 0 || !S_ISREG(cs.st_mode)) {
      free(comments);
      comments = NULL;
    }
    st.st_size = ps.st_size;
  } else if (S_ISREG(st.st_mode)) {
    /* stream only what the detector calls a dump; everything else (and
     * an empty file) goes the ordinary way */
    FILE *fp = fopen(path, "rb");
    if (!fp) return TM_OK;
    char *head = malloc(SE_HEAD);
    size_t hl = head ? fread(head, 1, SE_HEAD, fp) : 0;
    fclose(fp);
    if (!head) return TM_OK;
    tm_format f = opts->format != TM_FMT_AUTO ? opts->format : tm_detect_format(head, hl);
    /* a forced format on something that is no dump at all: let the
     * buffer parser report it */
    int dump = tm_detect_format(head, hl) == TM_FMT_STACKEXCHANGE_XML;
    int is_comments = dump && S_memmem(head, hl, "<comments", 9) &&
                      (!S_memmem(head, hl, "<posts", 6) ||
                       S_memmem(head, hl, "<comments", 9) < S_memmem(head, hl, "<posts", 6));
    free(head);
    if (f != TM_FMT_STACKEXCHANGE_XML || !dump) return TM_OK;
    posts = strdup(path);
    if (!posts) goto nomem;
    if (!is_comments) comments = S_sibling(path);
  } else {
    return TM_OK;
  }
  *handled = 1;
  if (err) {
    const char *p = err->path;
    memset(err, 0, sizeof *err);
    err->path = p;
  }
  if (opts->max_input && (size_t)st.st_size > opts->max_input) {
    rc = tm__error(err, TM_ELIMIT, 0, 0, opts->max_input,
                   "input of %lld bytes is larger than the limit of %zu",
                   (long long)st.st_size, opts->max_input);
    goto done;
  }
  tm_thread *t;
  if (tm__thread_new(&t, opts, TM_FMT_STACKEXCHANGE_XML)) goto nomem;
  S_se se;
  S_init(&se, t);
  /* a folder's Posts.xml is not the path the caller prints: name it */
  rc = S_file(&se, posts, S_ISDIR(st.st_mode) ? posts : NULL, err);
  if (rc == TM_OK && comments) rc = S_file(&se, comments, comments, err);
  if (rc == TM_OK) rc = S_finish(&se, path, err);
  S_free(&se);
  if (rc == TM_OK) rc = tm__thread_link(t, err);
  if (rc != TM_OK) {
    if (err && err->code == TM_OK) tm__error(err, rc, 0, 0, 0, "%s", tm_strerror(rc));
    tm_thread_free(t);
  } else {
    *out = t;
  }
  goto done;
nomem:
  *handled = 1;
  rc = tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
done:
  free(posts);
  free(comments);
  return rc;
}
