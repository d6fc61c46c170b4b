/*
 * parse.c - the parsing driver: detect, parse, link.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../util/error.h"
#include "format.h"

static int S_blank(const char *buf, size_t len) {
  size_t i = 0;
  if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) i = 3;
  for (; i < len; i++)
    if (buf[i] != ' ' && buf[i] != '\n' && buf[i] != '\r' && buf[i] != '\t')
      return 0;
  return 1;
}

int tm_thread_parse(tm_thread **out, const char *buf, size_t len,
                    const tm_options *opts, tm_error *err) {
  tm_options def = TM_OPTIONS_INIT;
  if (!opts) opts = &def;
  *out = NULL;
  if (err) {
    const char *path = err->path;
    memset(err, 0, sizeof *err);
    err->path = path;
  }
  if (!buf && len) return tm__error(err, TM_EINVAL, 0, 0, 0, "no input buffer");
  if (opts->max_input && len > opts->max_input)
    return tm__error(err, TM_ELIMIT, 0, 0, opts->max_input,
                     "input of %zu bytes is larger than the limit of %zu",
                     len, opts->max_input);
  if (S_blank(buf, len))
    return tm__error(err, TM_EEMPTY, 1, 1, 0,
                     len ? "input holds only white space" : "input is empty");
  tm_format f = opts->format;
  if (f == TM_FMT_AUTO) {
    f = tm_detect_format(buf, len);
    if (f == TM_FMT_AUTO) {
      size_t probe = len < 65536 ? len : 65536;
      if (memchr(buf, '\0', probe))
        return tm__error(err, TM_EFORMAT, 1, 1, 0,
                         "binary data, not a discussion thread");
      /* plain text: say what a pasted thread needs */
      size_t i = 0;
      while (i < probe && (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\r' || buf[i] == '\t')) i++;
      int text = i < probe && buf[i] != '<' && buf[i] != '{' && buf[i] != '[';
      char names[512];
      tm__format_names(names, sizeof names);
      return tm__error(err, TM_EFORMAT, 1, 1, 0,
                       "cannot tell the input format (try --format; "
                       "known: %s)%s",
                       names,
                       text ? "; pasted text needs author lines such as 'name · 3h ago'" : "");
    }
  }
  const tm_format_impl *impl = tm__format_impl(f);
  if (!impl) return tm__error(err, TM_EINVAL, 0, 0, 0, "unknown format id %d", (int)f);
  tm_thread *t;
  if (tm__thread_new(&t, opts, f))
    return tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
  int rc = impl->parse(t, buf, len, err);
  if (rc == TM_OK) rc = tm__thread_link(t, err);
  if (rc != TM_OK) {
    if (err && err->code == TM_OK) tm__error(err, rc, 0, 0, 0, "%s", tm_strerror(rc));
    tm_thread_free(t);
    return rc;
  }
  *out = t;
  return TM_OK;
}

/* A directory is a maildir: its messages are one mailbox. */
static int S_parse_dir(tm_thread **out, const char *path, const tm_options *opts,
                       tm_error *err) {
  tm_options def = TM_OPTIONS_INIT;
  if (!opts) opts = &def;
  if (err) {
    memset(err, 0, sizeof *err);
    err->path = path;
  }
  if (opts->format != TM_FMT_AUTO && opts->format != TM_FMT_MBOX)
    return tm__error(err, TM_EFORMAT, 0, 0, 0,
                     "a folder is read as a maildir (format mbox), not as %s",
                     tm_format_name(opts->format));
  tm_thread *t;
  if (tm__thread_new(&t, opts, TM_FMT_MBOX))
    return tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
  int rc = tm__parse_maildir(t, path, err);
  if (rc == TM_OK) rc = tm__thread_link(t, err);
  if (rc != TM_OK) {
    if (err && err->code == TM_OK) tm__error(err, rc, 0, 0, 0, "%s", tm_strerror(rc));
    tm_thread_free(t);
    return rc;
  }
  *out = t;
  return TM_OK;
}

int tm_thread_parse_file(tm_thread **out, const char *path,
                         const tm_options *opts, tm_error *err) {
  char *buf;
  size_t len;
  tm_options def = TM_OPTIONS_INIT;
  *out = NULL;
  if (err) err->path = path;
  int handled, rc = tm__stackexchange_file(out, path, opts, err, &handled);
  if (handled) return rc;
  struct stat st;
  if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
    return S_parse_dir(out, path, opts, err);
  /* through the reader, so .zst and .gz files are decompressed */
  tm_reader *r;
  rc = tm_reader_open(&r, path, err);
  if (rc) return rc;
  rc = tm_reader_read_all(r, &buf, &len, opts ? opts->max_input : def.max_input, err);
  tm_reader_close(r);
  if (rc) return rc;
  rc = tm_thread_parse(out, buf, len, opts, err);
  free(buf);
  return rc;
}
