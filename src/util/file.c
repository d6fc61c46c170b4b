/*
 * file.c - reading inputs whole, and writing outputs atomically.
 *
 * An output goes to "PATH.tmp-XXXXXX" in the same folder and is renamed
 * over PATH only when complete (libgit2's filebuf does the same with
 * PATH.lock), so a crash or Ctrl-C never leaves a half-written PATH.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "threadmap.h"

int tm_read_file(char **out, size_t *len, const char *path, size_t max,
                 tm_error *err) {
  *out = NULL;
  *len = 0;
  int use_stdin = strcmp(path, "-") == 0;
  int fd = use_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return tm__error(err, TM_EIO, 0, 0, 0, "cannot open: %s", strerror(errno));
  struct stat st;
  size_t cap = 1 << 16;
  if (fstat(fd, &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      if (!use_stdin) close(fd);
      return tm__error(err, TM_EIO, 0, 0, 0, "is a directory");
    }
    if (S_ISREG(st.st_mode) && st.st_size > 0) cap = (size_t)st.st_size + 1;
  }
  if (max && cap > max + 1) cap = max + 1;
  char *buf = malloc(cap);
  if (!buf) {
    if (!use_stdin) close(fd);
    return tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory reading input");
  }
  size_t n = 0;
  for (;;) {
    if (n + 1 >= cap) {
      if (max && n >= max) {
        free(buf);
        if (!use_stdin) close(fd);
        return tm__error(err, TM_ELIMIT, 0, 0, n,
                         "input larger than the limit of %zu bytes", max);
      }
      size_t ncap = cap * 2;
      char *nb = realloc(buf, ncap);
      if (!nb) {
        free(buf);
        if (!use_stdin) close(fd);
        return tm__error(err, TM_ENOMEM, 0, 0, n, "out of memory reading input");
      }
      buf = nb;
      cap = ncap;
    }
    ssize_t r = read(fd, buf + n, cap - 1 - n);
    if (r < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      free(buf);
      if (!use_stdin) close(fd);
      return tm__error(err, TM_EIO, 0, 0, n, "read error: %s", strerror(e));
    }
    if (r == 0) break;
    n += (size_t)r;
  }
  if (!use_stdin) close(fd);
  buf[n] = '\0';
  *out = buf;
  *len = n;
  return TM_OK;
}

struct tm_outfile {
  FILE *fp;        /* the temporary file, or stdout */
  char *path;      /* final path, NULL for stdout */
  char *tmp;       /* temporary path */
  int failed;      /* a write failed */
  int direct;      /* writing straight to a device or pipe */
  int nosync;      /* commit without fsync (the caller syncs in bulk) */
};

void tm_outfile_set_sync(tm_outfile *f, int sync) { f->nosync = !sync; }

int tm_outfile_open(tm_outfile **out, const char *path, tm_error *err) {
  *out = NULL;
  tm_outfile *f = calloc(1, sizeof *f);
  if (!f) return tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
  if (strcmp(path, "-") == 0) {
    f->fp = stdout;
    *out = f;
    return TM_OK;
  }
  /* a device or pipe (/dev/null, a FIFO) cannot be replaced by rename:
   * write to it directly */
  struct stat st;
  if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
    f->fp = fopen(path, "wb");
    if (!f->fp) {
      int e = errno;
      free(f);
      return tm__error(err, TM_EIO, 0, 0, 0, "cannot open output: %s", strerror(e));
    }
    f->tmp = NULL;
    f->path = NULL;
    f->direct = 1;
    *out = f;
    return TM_OK;
  }
  size_t n = strlen(path);
  f->path = strdup(path);
  f->tmp = malloc(n + 16);
  if (!f->path || !f->tmp) {
    free(f->path);
    free(f->tmp);
    free(f);
    return tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
  }
  memcpy(f->tmp, path, n);
  memcpy(f->tmp + n, ".tmp-XXXXXX", 12);
  int fd = mkstemp(f->tmp);
  if (fd < 0) {
    int e = errno;
    free(f->path);
    free(f->tmp);
    free(f);
    return tm__error(err, TM_EIO, 0, 0, 0, "cannot create output: %s",
                     strerror(e));
  }
  /* mkstemp makes 0600 files; outputs are ordinary files */
  mode_t um = umask(0);
  umask(um);
  fchmod(fd, 0666 & ~um);
  f->fp = fdopen(fd, "wb");
  if (!f->fp) {
    close(fd);
    unlink(f->tmp);
    free(f->path);
    free(f->tmp);
    free(f);
    return tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
  }
  setvbuf(f->fp, NULL, _IOFBF, 1 << 16);
  *out = f;
  return TM_OK;
}

int tm_outfile_write(const char *data, size_t len, void *payload) {
  tm_outfile *f = payload;
  if (f->failed) return -1;
  if (len && fwrite(data, 1, len, f->fp) != len) {
    f->failed = 1;
    return -1;
  }
  return 0;
}

int tm_outfile_commit(tm_outfile *f, tm_error *err) {
  int rc = TM_OK;
  if (!f->path) {
    if (fflush(f->fp) != 0 || f->failed)
      rc = tm__error(err, TM_EIO, 0, 0, 0, "write error on standard output");
    if (f->direct) fclose(f->fp);
    free(f);
    return rc;
  }
  if (f->failed || fflush(f->fp) != 0 || (!f->nosync && fsync(fileno(f->fp)) != 0)) {
    int e = errno;
    fclose(f->fp);
    unlink(f->tmp);
    rc = tm__error(err, TM_EIO, 0, 0, 0, "write error: %s", strerror(e));
  } else if (fclose(f->fp) != 0) {
    unlink(f->tmp);
    rc = tm__error(err, TM_EIO, 0, 0, 0, "write error: %s", strerror(errno));
  } else if (rename(f->tmp, f->path) != 0) {
    int e = errno;
    unlink(f->tmp);
    rc = tm__error(err, TM_EIO, 0, 0, 0, "cannot rename output into place: %s",
                   strerror(e));
  }
  free(f->path);
  free(f->tmp);
  free(f);
  return rc;
}

void tm_outfile_abort(tm_outfile *f) {
  if (!f) return;
  if (f->path) {
    fclose(f->fp);
    unlink(f->tmp);
  } else if (f->direct) {
    fclose(f->fp);
  } else {
    fflush(f->fp);
  }
  free(f->path);
  free(f->tmp);
  free(f);
}
