/*
 * fmt_csv.c - threadmap's generic CSV format.
 *
 * RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180): comma-separated,
 * fields optionally in double quotes, "" for a quote inside a quoted field,
 * quoted fields may span lines; CRLF or LF line ends.  The first row is a
 * header naming the columns (names and aliases as in record.h: at least id
 * and parent; author, time, text, title and score are optional; unknown
 * columns are ignored).  An empty parent means a top-level comment.
 *
 * Errors: an unterminated quoted field, a quote in the middle of an
 * unquoted field, or a row with more fields than the header, each at its
 * line and column.  A row with fewer fields is read with the rest empty.
 */
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/error.h"
#include "format.h"
#include "record.h"

#define CSV_MAX_COLUMNS 256 /* columns in a header */

typedef struct {
  const char *buf;
  size_t len, pos, line, linestart;
  tm_buf field[CSV_MAX_COLUMNS]; /* unquoted copies of this row's fields */
  size_t nfields;
} S_csv;

/* Read one row into p->field.  @return 1 row read, 0 end of input, <0 error */
static int S_row(S_csv *p, tm_error *err) {
  p->nfields = 0;
  if (p->pos >= p->len) return 0;
  for (;;) {
    if (p->nfields >= CSV_MAX_COLUMNS)
      return tm__error(err, TM_ELIMIT, p->line, p->pos - p->linestart + 1, p->pos,
                       "more than %d columns", CSV_MAX_COLUMNS);
    tm_buf *f = &p->field[p->nfields++];
    tm_buf_reset(f);
    if (tm_buf_put(f, "", 0)) return TM_ENOMEM;
    if (p->pos < p->len && p->buf[p->pos] == '"') {
      size_t qline = p->line, qcol = p->pos - p->linestart + 1, qpos = p->pos;
      p->pos++;
      for (;;) {
        if (p->pos >= p->len)
          return tm__error(err, TM_EPARSE, qline, qcol, qpos,
                           "unterminated quoted field");
        char c = p->buf[p->pos];
        if (c == '"') {
          if (p->pos + 1 < p->len && p->buf[p->pos + 1] == '"') {
            if (tm_buf_putc(f, '"')) return TM_ENOMEM;
            p->pos += 2;
            continue;
          }
          p->pos++;
          break;
        }
        if (c == '\n') {
          p->line++;
          p->linestart = p->pos + 1;
        }
        if (tm_buf_putc(f, c)) return TM_ENOMEM;
        p->pos++;
      }
      /* after the closing quote: a separator or the line end */
      if (p->pos < p->len && p->buf[p->pos] != ',' && p->buf[p->pos] != '\n' &&
          p->buf[p->pos] != '\r')
        return tm__error(err, TM_EPARSE, p->line, p->pos - p->linestart + 1, p->pos,
                         "unexpected character after a closing quote");
    } else {
      size_t s = p->pos;
      while (p->pos < p->len && p->buf[p->pos] != ',' && p->buf[p->pos] != '\n') {
        if (p->buf[p->pos] == '"')
          return tm__error(err, TM_EPARSE, p->line, p->pos - p->linestart + 1, p->pos,
                           "quote inside an unquoted field");
        p->pos++;
      }
      size_t e = p->pos;
      if (e > s && p->buf[e - 1] == '\r') e--;
      if (tm_buf_put(f, p->buf + s, e - s)) return TM_ENOMEM;
    }
    if (p->pos < p->len && p->buf[p->pos] == '\r') p->pos++;
    if (p->pos >= p->len) return 1;
    if (p->buf[p->pos] == ',') {
      p->pos++;
      continue;
    }
    /* '\n' */
    p->pos++;
    p->line++;
    p->linestart = p->pos;
    return 1;
  }
}

int tm__parse_csv(tm_thread *t, const char *buf, size_t len, tm_error *err) {
  S_csv *p = calloc(1, sizeof *p);
  if (!p) return tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
  tm_textbuf tb;
  tm__tb_init(&tb);
  p->buf = buf;
  p->len = len;
  p->line = 1;
  if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) p->pos = p->linestart = 3;
  int colmap[CSV_MAX_COLUMNS];
  size_t ncols = 0;
  int rc = S_row(p, err);
  if (rc <= 0) {
    if (rc == 0) rc = tm__error(err, TM_EEMPTY, 1, 1, 0, "no header row");
    goto cleanup;
  }
  ncols = p->nfields;
  int have_id = 0;
  for (size_t i = 0; i < ncols; i++) {
    colmap[i] = tm__record_field(p->field[i].ptr, p->field[i].len);
    if (colmap[i] == TM_RF_ID) have_id = 1;
  }
  if (!have_id) {
    rc = tm__error(err, TM_EPARSE, 1, 1, 0, "the header row has no \"id\" column");
    goto cleanup;
  }
  rc = TM_OK;
  for (;;) {
    size_t line = p->line, start = p->pos;
    int r = S_row(p, err);
    if (r == 0) break;
    if (r < 0) {
      rc = r;
      break;
    }
    if (p->nfields == 1 && p->field[0].len == 0) continue; /* blank line */
    if (p->nfields > ncols) {
      rc = tm__error(err, TM_EPARSE, line, 1, start,
                     "row has %zu fields, the header has %zu", p->nfields, ncols);
      break;
    }
    tm_record rec;
    memset(&rec, 0, sizeof rec);
    rec.line = line;
    rec.col = 1;
    for (size_t i = 0; i < p->nfields; i++) {
      if (colmap[i] < 0 || rec.f[colmap[i]]) continue;
      rec.f[colmap[i]] = p->field[i].ptr;
      rec.len[colmap[i]] = p->field[i].len;
    }
    if ((rc = tm__record_add(t, &tb, &rec, buf, len, err))) break;
  }
cleanup:
  for (size_t i = 0; i < CSV_MAX_COLUMNS; i++) tm_buf_free(&p->field[i]);
  free(p);
  tm__tb_free(&tb);
  if (rc == TM_ENOMEM) tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
  return rc;
}
