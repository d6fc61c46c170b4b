/*
 * cmd_merge.c - `threadmap merge`: combine the output folders of sharded
 * batch runs (`batch --shard I/N`) into one, as a single run would have
 * written it.
 *
 *   threadmap merge SHARD_OUTDIR... -o OUTDIR
 *
 * Thread files and diagrams are copied (atomically; a file already there
 * with the same bytes is left alone, with other bytes it is an error);
 * manifests are united and written with the summary files, sorted by key;
 * errors files are united, sorted and made unique (every shard reads every
 * input, so a bad input is reported by each).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "cli.h"

static int S_cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Copy every file of src/sub into dst/sub.  @return files that failed. */
static size_t S_copy_dir(const char *src, const char *dst, const char *sub) {
  bt_buf sd = {0}, dd = {0};
  bt_printf(&sd, "%s/%s", src, sub);
  bt_printf(&dd, "%s/%s", dst, sub);
  size_t failed = 0;
  DIR *d = opendir(sd.p);
  if (!d) goto end;
  if (bt_mkdirs(dd.p)) {
    fprintf(stderr, "threadmap: %s: cannot create: %s\n", dd.p, strerror(errno));
    failed++;
    closedir(d);
    goto end;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.' || strstr(e->d_name, ".tmp-")) continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 256;
      char **p = realloc(names, cap * sizeof *p);
      if (!p) break;
      names = p;
    }
    names[n++] = strdup(e->d_name);
  }
  closedir(d);
  if (n) qsort(names, n, sizeof *names, S_cmp);
  bt_buf from = {0}, to = {0};
  for (size_t i = 0; i < n; i++) {
    from.len = to.len = 0;
    bt_printf(&from, "%s/%s", sd.p, names[i]);
    bt_printf(&to, "%s/%s", dd.p, names[i]);
    char *a = NULL, *b = NULL;
    size_t al = 0, bl = 0;
    tm_error err;
    memset(&err, 0, sizeof err);
    if (tm_read_file(&a, &al, from.p, 0, &err)) {
      cli_print_error(from.p, &err);
      failed++;
      free(names[i]);
      continue;
    }
    if (tm_read_file(&b, &bl, to.p, 0, NULL) == TM_OK) {
      if (bl != al || memcmp(a, b, al)) {
        fprintf(stderr, "threadmap: %s: differs from %s (the same thread in two shards?)\n",
                from.p, to.p);
        failed++;
      }
      free(a);
      free(b);
      free(names[i]);
      continue;
    }
    tm_outfile *f = NULL;
    if (tm_outfile_open(&f, to.p, &err) || tm_outfile_write(a, al, f)) {
      if (f) tm_outfile_abort(f);
      cli_print_error(to.p, &err);
      failed++;
    } else if (tm_outfile_commit(f, &err)) {
      cli_print_error(to.p, &err);
      failed++;
    }
    free(a);
    free(names[i]);
  }
  bt_free(&from);
  bt_free(&to);
  free(names);
end:
  bt_free(&sd);
  bt_free(&dd);
  return failed;
}

/* The lines of dir/name, appended to *v. */
static void S_lines(const char *dir, const char *name, char ***v, size_t *n, size_t *cap) {
  bt_buf p = {0};
  bt_printf(&p, "%s/%s", dir, name);
  FILE *fp = fopen(p.p, "rb");
  bt_free(&p);
  if (!fp) return;
  char *line = NULL;
  size_t lc = 0;
  ssize_t len;
  while ((len = getline(&line, &lc, fp)) > 0) {
    if (line[len - 1] != '\n') break;
    line[len - 1] = '\0';
    if (*n == *cap) {
      *cap = *cap ? *cap * 2 : 256;
      char **q = realloc(*v, *cap * sizeof *q);
      if (!q) break;
      *v = q;
    }
    (*v)[(*n)++] = strdup(line);
  }
  free(line);
  fclose(fp);
}

int cmd_merge(int argc, char **argv) {
  const char *out = NULL;
  const char **dirs = calloc((size_t)argc, sizeof *dirs);
  int nd = 0, quiet = 0;
  if (!dirs) return CLI_EXIT_NOMEM;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
      if (i + 1 >= argc) {
        free(dirs);
        return cli_usage_error("%s needs a folder", a);
      }
      out = argv[++i];
    } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
      quiet = 1;
    } else if (a[0] == '-' && a[1]) {
      free(dirs);
      return cli_usage_error("unknown option '%s' for merge", a);
    } else {
      dirs[nd++] = a;
    }
  }
  if (!out || !nd) {
    free(dirs);
    return cli_usage_error("merge needs batch output folders and -o OUTDIR");
  }
  if (bt_mkdirs(out)) {
    fprintf(stderr, "threadmap: %s: cannot create: %s\n", out, strerror(errno));
    free(dirs);
    return CLI_EXIT_OUTPUT;
  }
  size_t failed = 0;
  char **rows = NULL, **errs = NULL;
  size_t nrows = 0, caprows = 0, nerrs = 0, caperrs = 0;
  /* what OUTDIR already holds stays (merging into a folder in steps) */
  S_lines(out, "manifest.ndjson", &rows, &nrows, &caprows);
  S_lines(out, "errors.ndjson", &errs, &nerrs, &caperrs);
  for (int i = 0; i < nd; i++) {
    if (!strcmp(dirs[i], out)) continue;
    bt_buf mp = {0};
    bt_printf(&mp, "%s/manifest.ndjson", dirs[i]);
    FILE *probe = fopen(mp.p, "rb");
    bt_free(&mp);
    if (!probe) {
      fprintf(stderr, "threadmap: %s: not a batch output folder (no manifest.ndjson)\n", dirs[i]);
      failed++;
      continue;
    }
    fclose(probe);
    failed += S_copy_dir(dirs[i], out, "threads");
    failed += S_copy_dir(dirs[i], out, "graphs");
    S_lines(dirs[i], "manifest.ndjson", &rows, &nrows, &caprows);
    S_lines(dirs[i], "errors.ndjson", &errs, &nerrs, &caperrs);
  }
  nrows = bt_rows_sort(rows, nrows);
  int rc = CLI_EXIT_OK;
  if (bt_write_summary(out, rows, nrows, 1)) rc = CLI_EXIT_OUTPUT;
  if (bt_write_lines(out, "errors.ndjson", errs, nerrs)) rc = CLI_EXIT_OUTPUT;
  if (!quiet)
    fprintf(stderr, "threadmap: merge: %zu threads from %d folders into %s\n", nrows, nd, out);
  for (size_t i = 0; i < nrows; i++) free(rows[i]);
  for (size_t i = 0; i < nerrs; i++) free(errs[i]);
  free(rows);
  free(errs);
  free(dirs);
  if (rc == CLI_EXIT_OK && failed) rc = CLI_EXIT_PARTIAL;
  return rc;
}
