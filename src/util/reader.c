/*
 * reader.c - inputs read as a stream of bytes or lines, decompressed on
 * the fly.
 *
 * The compression is told by the first bytes, not the file name:
 *   28 B5 2F FD  Zstandard frame (RFC 8878), through libzstd's streaming
 *                API with ZSTD_d_windowLogMax = 31, so frames compressed
 *                with --long=31 (the Reddit dumps) decode;
 *   1F 8B        gzip (RFC 1952), through zlib's inflate; several members
 *                in a row (what `cat a.gz b.gz` or pigz make) are read on.
 * Anything else is passed through.  A compressed stream that stops before
 * its end is an error (TM_EPARSE at the compressed byte offset), never a
 * silently short input.
 *
 * Memory: one 128 KiB input buffer, one output buffer, and the current
 * line (grows to the longest line, bounded by the caller's max_line).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "error.h"
#include "threadmap.h"

#define RD_IN_SIZE ((size_t)128 * 1024)  /* compressed bytes read at once */
#define RD_OUT_SIZE ((size_t)256 * 1024) /* decompressed bytes produced at once */

enum { RD_PLAIN, RD_ZSTD, RD_GZIP };

struct tm_reader {
  int fd;                 /* the input */
  int own_fd;             /* close it at the end (not stdin) */
  int kind;               /* RD_* */
  int eof_in;             /* the file is read to its end */
  int done;               /* the decompressed stream is finished */
  unsigned char *in;      /* compressed input buffer */
  size_t in_pos, in_len;  /* unread part of in */
  char *out;              /* decoded bytes */
  size_t out_pos, out_len;/* unread part of out */
  uint64_t offset;        /* bytes read from the file */
  uint64_t size;          /* file size, 0 when unknown */
  ZSTD_DCtx *zd;          /* RD_ZSTD */
  size_t zret;            /* last ZSTD_decompressStream result: 0 at a frame end */
  z_stream gz;            /* RD_GZIP */
  int gz_open;            /* inflateInit2 done */
  int gz_end;             /* the last member ended (Z_STREAM_END) with no bytes after */
  char *line;             /* the current line (when it spans buffers) */
  size_t line_cap;
  size_t lineno;          /* lines returned so far */
  size_t max_line;        /* 0: no limit */
};

static int S_fill(tm_reader *r, tm_error *err) {
  if (r->eof_in) return TM_OK;
  if (r->in_pos < r->in_len) {
    memmove(r->in, r->in + r->in_pos, r->in_len - r->in_pos);
    r->in_len -= r->in_pos;
  } else {
    r->in_len = 0;
  }
  r->in_pos = 0;
  while (r->in_len < RD_IN_SIZE) {
    ssize_t n = read(r->fd, r->in + r->in_len, RD_IN_SIZE - r->in_len);
    if (n < 0) {
      if (errno == EINTR) continue;
      return tm__error(err, TM_EIO, 0, 0, (size_t)r->offset, "read error: %s", strerror(errno));
    }
    if (n == 0) {
      r->eof_in = 1;
      break;
    }
    r->in_len += (size_t)n;
    r->offset += (uint64_t)n;
    break;
  }
  return TM_OK;
}

int tm_reader_open(tm_reader **out, const char *path, tm_error *err) {
  *out = NULL;
  if (err) err->path = path;
  tm_reader *r = calloc(1, sizeof *r);
  if (!r) return tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
  int use_stdin = strcmp(path, "-") == 0;
  r->fd = use_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
  if (r->fd < 0) {
    int e = errno;
    free(r);
    return tm__error(err, TM_EIO, 0, 0, 0, "cannot open: %s", strerror(e));
  }
  r->own_fd = !use_stdin;
  struct stat st;
  if (fstat(r->fd, &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      tm_reader_close(r);
      return tm__error(err, TM_EIO, 0, 0, 0, "is a directory");
    }
    if (S_ISREG(st.st_mode)) r->size = (uint64_t)st.st_size;
  }
  r->in = malloc(RD_IN_SIZE);
  r->out = malloc(RD_OUT_SIZE);
  if (!r->in || !r->out) {
    tm_reader_close(r);
    return tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
  }
  int rc;
  /* read until 4 bytes are there (or the end) to see the magic number */
  while (!r->eof_in && r->in_len < 4)
    if ((rc = S_fill(r, err))) {
      tm_reader_close(r);
      return rc;
    }
  const unsigned char *m = r->in;
  if (r->in_len >= 4 && m[0] == 0x28 && m[1] == 0xB5 && m[2] == 0x2F && m[3] == 0xFD) {
    r->kind = RD_ZSTD;
    r->zd = ZSTD_createDCtx();
    if (!r->zd || ZSTD_isError(ZSTD_DCtx_setParameter(r->zd, ZSTD_d_windowLogMax, 31))) {
      tm_reader_close(r);
      return tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory (zstd)");
    }
    r->zret = 1;
  } else if (r->in_len >= 2 && m[0] == 0x1F && m[1] == 0x8B) {
    r->kind = RD_GZIP;
    memset(&r->gz, 0, sizeof r->gz);
    if (inflateInit2(&r->gz, 15 + 16) != Z_OK) {
      tm_reader_close(r);
      return tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory (zlib)");
    }
    r->gz_open = 1;
  }
  *out = r;
  return TM_OK;
}

/* Produce more decoded bytes into r->out (which must be consumed).
 * Sets r->done at the end of the stream. */
static int S_decode(tm_reader *r, tm_error *err) {
  int rc;
  r->out_pos = r->out_len = 0;
  while (!r->out_len && !r->done) {
    if (r->in_pos == r->in_len && (rc = S_fill(r, err))) return rc;
    size_t avail = r->in_len - r->in_pos;
    if (r->kind == RD_PLAIN) {
      if (!avail) {
        r->done = 1;
        break;
      }
      size_t n = avail < RD_OUT_SIZE ? avail : RD_OUT_SIZE;
      memcpy(r->out, r->in + r->in_pos, n);
      r->in_pos += n;
      r->out_len = n;
    } else if (r->kind == RD_ZSTD) {
      if (!avail && r->eof_in) {
        if (r->zret != 0)
          return tm__error(err, TM_EPARSE, 0, 0, (size_t)r->offset,
                           "truncated zstd stream (it ends inside a frame)");
        r->done = 1;
        break;
      }
      ZSTD_inBuffer ib = {r->in + r->in_pos, avail, 0};
      ZSTD_outBuffer ob = {r->out, RD_OUT_SIZE, 0};
      size_t z = ZSTD_decompressStream(r->zd, &ob, &ib);
      if (ZSTD_isError(z))
        return tm__error(err, TM_EPARSE, 0, 0, (size_t)(r->offset - r->in_len + r->in_pos + ib.pos),
                         "corrupt zstd data: %s", ZSTD_getErrorName(z));
      r->zret = z;
      r->in_pos += ib.pos;
      r->out_len = ob.pos;
    } else {
      if (!avail && r->eof_in) {
        if (!r->gz_end)
          return tm__error(err, TM_EPARSE, 0, 0, (size_t)r->offset,
                           "truncated gzip stream (it ends inside a member)");
        r->done = 1;
        break;
      }
      if (r->gz_end) {
        /* another member follows */
        if (inflateReset(&r->gz) != Z_OK)
          return tm__error(err, TM_ENOMEM, 0, 0, 0, "zlib reset failed");
        r->gz_end = 0;
      }
      r->gz.next_in = r->in + r->in_pos;
      r->gz.avail_in = (uInt)avail;
      r->gz.next_out = (Bytef *)r->out;
      r->gz.avail_out = (uInt)RD_OUT_SIZE;
      int z = inflate(&r->gz, Z_NO_FLUSH);
      size_t used = avail - r->gz.avail_in;
      r->in_pos += used;
      r->out_len = RD_OUT_SIZE - r->gz.avail_out;
      if (z == Z_STREAM_END) {
        r->gz_end = 1;
      } else if (z == Z_BUF_ERROR && !used && !r->out_len) {
        if (r->eof_in && r->in_pos == r->in_len)
          return tm__error(err, TM_EPARSE, 0, 0, (size_t)r->offset,
                           "truncated gzip stream (it ends inside a member)");
      } else if (z != Z_OK) {
        return tm__error(err, TM_EPARSE, 0, 0, (size_t)(r->offset - r->in_len + r->in_pos),
                         "corrupt gzip data: %s", r->gz.msg ? r->gz.msg : "inflate failed");
      }
    }
  }
  return TM_OK;
}

int tm_reader_set_max_line(tm_reader *r, size_t max) {
  r->max_line = max;
  return TM_OK;
}

int tm_reader_line(tm_reader *r, const char **line, size_t *len, tm_error *err) {
  *line = NULL;
  *len = 0;
  size_t have = 0; /* bytes collected in r->line */
  int rc;
  for (;;) {
    if (r->out_pos == r->out_len) {
      if (r->done) break;
      if ((rc = S_decode(r, err))) {
        if (err) err->line = r->lineno + 1;
        return rc;
      }
      if (r->out_pos == r->out_len) continue;
    }
    char *s = r->out + r->out_pos;
    size_t avail = r->out_len - r->out_pos;
    char *nl = memchr(s, '\n', avail);
    size_t take = nl ? (size_t)(nl - s) : avail;
    if (!have && nl) {
      /* the whole line is in the buffer: hand it out in place */
      r->out_pos += take + 1;
      r->lineno++;
      if (r->max_line && take > r->max_line)
        return tm__error(err, TM_ELIMIT, r->lineno, 1, 0,
                         "a line of %zu bytes is longer than the limit of %zu", take, r->max_line);
      *line = s;
      *len = take;
      return TM_OK;
    }
    if (r->max_line && have + take > r->max_line)
      return tm__error(err, TM_ELIMIT, r->lineno + 1, 1, 0,
                       "a line is longer than the limit of %zu bytes", r->max_line);
    if (have + take + 1 > r->line_cap) {
      size_t cap = r->line_cap ? r->line_cap : 4096;
      while (cap < have + take + 1) cap *= 2;
      char *p = realloc(r->line, cap);
      if (!p) return tm__error(err, TM_ENOMEM, r->lineno + 1, 1, 0, "out of memory (long line)");
      r->line = p;
      r->line_cap = cap;
    }
    memcpy(r->line + have, s, take);
    have += take;
    r->out_pos += take + (nl ? 1 : 0);
    if (nl) break;
  }
  if (!have) return TM_OK; /* the end of the input */
  r->line[have] = '\0';
  r->lineno++;
  *line = r->line;
  *len = have;
  return TM_OK;
}

int tm_reader_read_all(tm_reader *r, char **out, size_t *len, size_t max, tm_error *err) {
  *out = NULL;
  *len = 0;
  size_t cap = r->kind == RD_PLAIN && r->size ? (size_t)r->size + 1 : (size_t)1 << 16, n = 0;
  if (max && cap > max + 1) cap = max + 1;
  char *buf = malloc(cap);
  if (!buf) return tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory reading input");
  int rc;
  for (;;) {
    if (r->out_pos == r->out_len) {
      if (r->done) break;
      if ((rc = S_decode(r, err))) {
        free(buf);
        return rc;
      }
      continue;
    }
    size_t avail = r->out_len - r->out_pos;
    if (max && n + avail > max) {
      free(buf);
      return tm__error(err, TM_ELIMIT, 0, 0, max, "input larger than the limit of %zu bytes", max);
    }
    if (n + avail + 1 > cap) {
      size_t ncap = cap * 2;
      while (ncap < n + avail + 1) ncap *= 2;
      char *nb = realloc(buf, ncap);
      if (!nb) {
        free(buf);
        return tm__error(err, TM_ENOMEM, 0, 0, n, "out of memory reading input");
      }
      buf = nb;
      cap = ncap;
    }
    memcpy(buf + n, r->out + r->out_pos, avail);
    n += avail;
    r->out_pos = r->out_len;
  }
  buf[n] = '\0';
  *out = buf;
  *len = n;
  return TM_OK;
}

size_t tm_reader_lineno(const tm_reader *r) { return r->lineno; }
uint64_t tm_reader_offset(const tm_reader *r) { return r->offset; }
uint64_t tm_reader_size(const tm_reader *r) { return r->size; }
int tm_reader_compressed(const tm_reader *r) { return r->kind != RD_PLAIN; }

size_t tm_reader_mem(const tm_reader *r) {
  if (!r) return 0;
  size_t n = sizeof *r + RD_IN_SIZE + RD_OUT_SIZE + r->line_cap;
  if (r->zd) n += ZSTD_sizeof_DCtx(r->zd);
  if (r->gz_open) n += (size_t)48 * 1024; /* inflate state and its 32 KiB window */
  return n;
}

void tm_reader_close(tm_reader *r) {
  if (!r) return;
  if (r->own_fd && r->fd >= 0) close(r->fd);
  if (r->zd) ZSTD_freeDCtx(r->zd);
  if (r->gz_open) inflateEnd(&r->gz);
  free(r->in);
  free(r->out);
  free(r->line);
  free(r);
}
