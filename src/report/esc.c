/*
 * esc.c - escaping user text for HTML, SVG, Markdown and CSV, and excerpts.
 *
 * Every byte of a comment, an author name or a label passes through here on
 * its way into a report: invalid UTF-8 becomes U+FFFD and control
 * characters are dropped, so no input can break out of an element, an
 * attribute, a table cell or a CSV field.
 */
#include <string.h>

#include "../text/utf8.h"
#include "report.h"

/* Decode the next character; invalid bytes come back as U+FFFD, length 1. */
static size_t S_next(const char *s, size_t len, int32_t *cp) {
  size_t k = tm__utf8_decode((const unsigned char *)s, len, cp);
  if (!k) {
    *cp = 0xFFFD;
    k = 1;
  }
  return k;
}

/* Control characters (C0 except tab/newline, DEL, C1) never reach output. */
static int S_control(int32_t cp) {
  return (cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp < 0xA0);
}

int tm__esc_html(tm_buf *b, const char *s, size_t len) {
  int rc = TM_OK;
  size_t i = 0;
  while (i < len && rc == TM_OK) {
    /* copy a run of plain bytes at once */
    size_t j = i;
    while (j < len) {
      unsigned char ch = (unsigned char)s[j];
      if (ch >= 0x80 || ch < 0x20 || ch == 0x7F || ch == '&' || ch == '<' || ch == '>' || ch == '"' ||
          ch == '\'')
        break;
      j++;
    }
    if (j > i) {
      rc = tm_buf_put(b, s + i, j - i);
      i = j;
      continue;
    }
    int32_t cp;
    size_t k = S_next(s + i, len - i, &cp);
    switch (cp) {
    case '&': rc = tm_buf_puts(b, "&amp;"); break;
    case '<': rc = tm_buf_puts(b, "&lt;"); break;
    case '>': rc = tm_buf_puts(b, "&gt;"); break;
    case '"': rc = tm_buf_puts(b, "&quot;"); break;
    case '\'': rc = tm_buf_puts(b, "&#39;"); break;
    case '\t': case '\n': rc = tm_buf_putc(b, (char)cp); break;
    default:
      if (!S_control(cp)) rc = cp == 0xFFFD && k == 1 ? tm__utf8_put(b, 0xFFFD) : tm_buf_put(b, s + i, k);
    }
    i += k;
  }
  return rc;
}

int tm__esc_html_z(tm_buf *b, const char *s) { return s ? tm__esc_html(b, s, strlen(s)) : TM_OK; }

int tm__esc_md(tm_buf *b, const char *s, size_t len) {
  int rc = TM_OK;
  for (size_t i = 0; i < len && rc == TM_OK;) {
    int32_t cp;
    size_t k = S_next(s + i, len - i, &cp);
    if (cp == '&') rc = tm_buf_puts(b, "&amp;");
    else if (cp == '<') rc = tm_buf_puts(b, "&lt;");
    else if (cp == '>') rc = tm_buf_puts(b, "&gt;");
    else if (cp == '|') rc = tm_buf_puts(b, "\\|");
    else if (cp == '\n' || cp == '\t' || cp == '\r') rc = tm_buf_putc(b, ' ');
    else if (cp < 0x80 && strchr("\\`*_[]#!~", (int)cp) && cp) {
      rc = tm_buf_putc(b, '\\');
      if (rc == TM_OK) rc = tm_buf_putc(b, (char)cp);
    } else if (!S_control(cp)) {
      rc = cp == 0xFFFD && k == 1 ? tm__utf8_put(b, 0xFFFD) : tm_buf_put(b, s + i, k);
    }
    i += k;
  }
  return rc;
}

int tm__esc_csv(tm_buf *b, const char *s) {
  if (!s) return TM_OK;
  size_t len = strlen(s);
  int quote = strpbrk(s, ",\"\r\n") != NULL;
  int rc = quote ? tm_buf_putc(b, '"') : TM_OK;
  for (size_t i = 0; i < len && rc == TM_OK;) {
    int32_t cp;
    size_t k = S_next(s + i, len - i, &cp);
    if (cp == '"') rc = tm_buf_puts(b, "\"\"");
    else if (cp == '\r' || cp == '\n' || !S_control(cp))
      rc = cp == 0xFFFD && k == 1 ? tm__utf8_put(b, 0xFFFD) : tm_buf_put(b, s + i, k);
    i += k;
  }
  if (rc == TM_OK && quote) rc = tm_buf_putc(b, '"');
  return rc;
}

static int S_space(unsigned char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

int tm__excerpt(tm_buf *b, const char *s, size_t len, size_t max, int html) {
  tm_buf tmp = TM_BUF_INIT;
  int rc = TM_OK;
  size_t i = 0;
  while (i < len && S_space((unsigned char)s[i])) i++;
  int cut = 0;
  while (i < len && rc == TM_OK) {
    if (tmp.len >= max) {
      cut = 1;
      break;
    }
    if (S_space((unsigned char)s[i])) {
      while (i < len && S_space((unsigned char)s[i])) i++;
      if (i < len) rc = tm_buf_putc(&tmp, ' ');
      continue;
    }
    rc = tm_buf_putc(&tmp, s[i++]);
  }
  if (rc == TM_OK && cut && tmp.len) {
    /* back to the last space (if it is not too far), never inside a character */
    size_t e = tmp.len;
    while (e > max / 2 && tmp.ptr[e - 1] != ' ') e--;
    if (e <= max / 2) e = tmp.len;
    while (e > 0 && ((unsigned char)tmp.ptr[e] & 0xC0) == 0x80) e--;
    while (e > 0 && tmp.ptr[e - 1] == ' ') e--;
    tmp.len = e;
  }
  if (rc == TM_OK && tmp.len) rc = html ? tm__esc_html(b, tmp.ptr, tmp.len) : tm__esc_md(b, tmp.ptr, tmp.len);
  if (rc == TM_OK && cut) rc = tm_buf_puts(b, "\xE2\x80\xA6");
  tm_buf_free(&tmp);
  return rc;
}
