/*
 * cmd_report.c - `threadmap report` and `threadmap compare`.
 *
 *   threadmap report FILE -o report.html|report.md [--target SPEC]...
 *                   [--open-depth N] [--diagram-nodes N]
 *   threadmap compare A B ... -o OUTDIR [--label NAME]... [--target SPEC]...
 * compare reads raw threads (any input format) or the JSON that
 * `threadmap score` writes; the n-th --label names the n-th input.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define MAX_INPUTS 64
#define MAX_TARGETS 32

typedef struct {
  const char *spec[MAX_TARGETS];
  int is_file[MAX_TARGETS];
  int n;
} S_targets;

/* --target / --targets; @return 1 when consumed, -1 on error */
static int S_target_opt(S_targets *tg, const char *a, const char *next) {
  if (strcmp(a, "--target") && strcmp(a, "--targets")) return 0;
  if (!next) return cli_usage_error("%s needs %s", a, a[8] ? "a file" : "Name=alias,alias"), -1;
  if (tg->n == MAX_TARGETS) return cli_usage_error("at most %d --target/--targets options", MAX_TARGETS), -1;
  tg->spec[tg->n] = next;
  tg->is_file[tg->n++] = a[8] == 's';
  return 1;
}

static int S_make_targets(tm_targets **out, const S_targets *tg) {
  *out = NULL;
  if (!tg->n) return CLI_EXIT_OK;
  if (tm_targets_new(out)) return CLI_EXIT_NOMEM;
  for (int k = 0; k < tg->n; k++) {
    tm_error err;
    memset(&err, 0, sizeof err);
    int rc = tg->is_file[k] ? tm_targets_load(*out, tg->spec[k], &err) : tm_targets_add(*out, tg->spec[k], &err);
    if (rc) {
      cli_print_error(tg->is_file[k] ? tg->spec[k] : "--target", &err);
      tm_targets_free(*out);
      *out = NULL;
      return rc == TM_EINVAL ? CLI_EXIT_USAGE : cli_exit_code(rc);
    }
  }
  return CLI_EXIT_OK;
}

static int S_number(const char *opt, const char *next, long *out) {
  char *e;
  errno = 0;
  long v = next ? strtol(next, &e, 10) : 0;
  if (!next || errno || *e || v < 0) return cli_usage_error("%s needs a whole number", opt);
  *out = v;
  return CLI_EXIT_OK;
}

/* parse and score one raw input; prints errors */
static int S_load(const char *path, const tm_options *opts, const tm_lexicon *lex, const tm_targets *tg,
                  unsigned flags, int quiet, tm_thread **t, tm_scores **sc) {
  tm_error err;
  memset(&err, 0, sizeof err);
  *t = NULL;
  *sc = NULL;
  char *buf = NULL;
  size_t len = 0;
  int rc = tm_read_file(&buf, &len, path, opts->max_input, &err);
  /* a document `parse` or `score` wrote reads back as the thread
   * (format threadmap-json); its scores are computed again */
  if (rc == TM_OK) rc = tm_thread_parse(t, buf, len, opts, &err);
  free(buf);
  if (rc) {
    cli_print_error(path, &err);
    return cli_exit_code(rc);
  }
  cli_opts co;
  memset(&co, 0, sizeof co);
  co.quiet = quiet;
  cli_print_warnings(path, *t, &co);
  if (tm_thread_score(sc, *t, lex, tg, flags)) {
    fprintf(stderr, "threadmap: out of memory while scoring %s\n", path);
    tm_thread_free(*t);
    *t = NULL;
    return CLI_EXIT_NOMEM;
  }
  return CLI_EXIT_OK;
}

int cmd_report(int argc, char **argv) {
  const char *path = NULL, *out = NULL;
  tm_options opts = TM_OPTIONS_INIT;
  opts.flags &= ~TM_OPT_KEEP_RAW;
  tm_report_options ro = TM_REPORT_OPTIONS_INIT;
  S_targets tgs;
  memset(&tgs, 0, sizeof tgs);
  int quiet = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
    int t = S_target_opt(&tgs, a, next);
    if (t < 0) return CLI_EXIT_USAGE;
    if (t) {
      i++;
    } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
      if (!next) return cli_usage_error("%s needs a file name (.html or .md)", a);
      out = next, i++;
    } else if (!strcmp(a, "--open-depth") || !strcmp(a, "--diagram-nodes")) {
      long v = 0;
      if (S_number(a, next, &v)) return CLI_EXIT_USAGE;
      if (a[2] == 'o') ro.open_depth = (int)(v > 1000000 ? 1000000 : v);
      else ro.diagram_nodes = (size_t)v;
      i++;
    } else if (!strcmp(a, "-f") || !strcmp(a, "--format")) {
      if (!next || (opts.format = tm_format_from_name(next)) == TM_FMT_AUTO)
        return cli_usage_error("unknown input format '%s'", next ? next : "");
      i++;
    } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
      quiet = 1;
    } else if (a[0] == '-' && a[1]) {
      return cli_usage_error("unknown option '%s' for report", a);
    } else {
      if (path) return cli_usage_error("report takes one input file (compare takes several)");
      path = a;
    }
  }
  if (!path) return cli_usage_error("report needs an input file (or - for stdin)");
  if (!out) return cli_usage_error("report needs -o report.html (or report.md)");
  if (!strcmp(out, "-")) return cli_usage_error("report writes a file: give -o report.html or report.md");
  ro.source = path;
  tm_lexicon *lex = NULL;
  tm_targets *tg = NULL;
  tm_thread *t = NULL;
  tm_scores *sc = NULL;
  tm_error err;
  memset(&err, 0, sizeof err);
  int rc = S_make_targets(&tg, &tgs);
  if (rc) return rc;
  if (tm_lexicon_default(&lex, &err)) {
    cli_print_error("lexicon", &err);
    tm_targets_free(tg);
    return CLI_EXIT_INTERNAL;
  }
  rc = S_load(path, &opts, lex, tg, TM_SCORE_EXPLAIN, quiet, &t, &sc);
  if (rc == CLI_EXIT_OK) {
    int w = tm_report_write(t, sc, &ro, out, &err);
    if (w) {
      cli_print_error(w == TM_EIO ? out : path, &err);
      rc = w == TM_EIO ? CLI_EXIT_OUTPUT : cli_exit_code(w);
    } else if (!quiet) {
      fprintf(stderr, "threadmap: %s: report of %zu comments\n", out, tm_thread_count(t));
    }
  }
  tm_scores_free(sc);
  tm_thread_free(t);
  tm_targets_free(tg);
  tm_lexicon_free(lex);
  return rc;
}

/* "dir/name.ext" -> "name" */
static void S_basename(const char *path, char *buf, size_t size) {
  const char *b = strrchr(path, '/');
  b = b ? b + 1 : path;
  snprintf(buf, size, "%s", b);
  char *dot = strchr(buf, '.');
  if (dot && dot != buf) *dot = '\0';
}

int cmd_compare(int argc, char **argv) {
  const char *inputs[MAX_INPUTS], *labels[MAX_INPUTS], *out = NULL;
  int ninputs = 0, nlabels = 0, quiet = 0;
  tm_options opts = TM_OPTIONS_INIT;
  opts.flags &= ~TM_OPT_KEEP_RAW;
  S_targets tgs;
  memset(&tgs, 0, sizeof tgs);
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
    int t = S_target_opt(&tgs, a, next);
    if (t < 0) return CLI_EXIT_USAGE;
    if (t) {
      i++;
    } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
      if (!next) return cli_usage_error("%s needs a directory", a);
      out = next, i++;
    } else if (!strcmp(a, "--label") || !strcmp(a, "-l")) {
      if (!next) return cli_usage_error("%s needs a name", a);
      if (nlabels == MAX_INPUTS) return cli_usage_error("at most %d labels", MAX_INPUTS);
      labels[nlabels++] = next, i++;
    } else if (!strcmp(a, "-f") || !strcmp(a, "--format")) {
      if (!next || (opts.format = tm_format_from_name(next)) == TM_FMT_AUTO)
        return cli_usage_error("unknown input format '%s'", next ? next : "");
      i++;
    } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
      quiet = 1;
    } else if (a[0] == '-' && a[1]) {
      return cli_usage_error("unknown option '%s' for compare", a);
    } else {
      if (ninputs == MAX_INPUTS) return cli_usage_error("at most %d inputs", MAX_INPUTS);
      inputs[ninputs++] = a;
    }
  }
  if (!ninputs) return cli_usage_error("compare needs input files (raw threads or `threadmap score` JSON)");
  if (!out) return cli_usage_error("compare needs -o OUTDIR (a directory)");
  if (nlabels > ninputs) return cli_usage_error("%d labels for %d inputs", nlabels, ninputs);
  tm_lexicon *lex = NULL;
  tm_targets *tg = NULL;
  tm_compare *cmp = NULL;
  tm_error err;
  memset(&err, 0, sizeof err);
  int rc = S_make_targets(&tg, &tgs);
  if (rc) return rc;
  if (tm_lexicon_default(&lex, &err) || tm_compare_new(&cmp)) {
    tm_targets_free(tg);
    tm_lexicon_free(lex);
    fprintf(stderr, "threadmap: out of memory\n");
    return CLI_EXIT_NOMEM;
  }
  for (int k = 0; k < ninputs && rc == CLI_EXIT_OK; k++) {
    char label[256];
    if (k < nlabels) snprintf(label, sizeof label, "%s", labels[k]);
    else {
      S_basename(inputs[k], label, sizeof label);
      /* two inputs of one name ("a.json", "a.ndjson"): keep the extensions */
      for (int q = 0; q < k; q++) {
        char other[256];
        if (q < nlabels) snprintf(other, sizeof other, "%s", labels[q]);
        else S_basename(inputs[q], other, sizeof other);
        if (!strcmp(other, label)) {
          const char *b = strrchr(inputs[k], '/');
          snprintf(label, sizeof label, "%s", b ? b + 1 : inputs[k]);
          break;
        }
      }
    }
    char *buf = NULL;
    size_t len = 0;
    memset(&err, 0, sizeof err);
    int r = tm_read_file(&buf, &len, inputs[k], 0, &err);
    if (r) {
      cli_print_error(inputs[k], &err);
      rc = cli_exit_code(r);
      break;
    }
    if (tm_compare_is_scored(buf, len)) {
      r = tm_compare_add_scored(cmp, label, inputs[k], buf, len, &err);
      if (r) {
        cli_print_error(inputs[k], &err);
        rc = cli_exit_code(r);
      } else if (tgs.n && !quiet) {
        fprintf(stderr, "threadmap: %s: already scored: --target is not applied (targets come from its own scoring)\n",
                inputs[k]);
      }
    } else {
      tm_thread *t = NULL;
      tm_scores *sc = NULL;
      memset(&err, 0, sizeof err);
      r = tm_thread_parse(&t, buf, len, &opts, &err);
      if (r) {
        cli_print_error(inputs[k], &err);
        rc = cli_exit_code(r);
      } else {
        cli_opts co;
        memset(&co, 0, sizeof co);
        co.quiet = quiet;
        cli_print_warnings(inputs[k], t, &co);
        if (tm_thread_score(&sc, t, lex, tg, 0) || tm_compare_add(cmp, label, inputs[k], t, sc)) rc = CLI_EXIT_NOMEM;
      }
      tm_scores_free(sc);
      tm_thread_free(t);
    }
    free(buf);
  }
  if (rc == CLI_EXIT_OK) {
    memset(&err, 0, sizeof err);
    int w = tm_compare_write(cmp, out, &err);
    if (w) {
      cli_print_error(out, &err);
      rc = w == TM_ENOMEM ? CLI_EXIT_NOMEM : CLI_EXIT_OUTPUT;
    } else if (!quiet) {
      fprintf(stderr, "threadmap: %s: compared %d threads (compare.md, compare.csv, compare.json, charts)\n", out, ninputs);
    }
  }
  if (rc == CLI_EXIT_NOMEM) fprintf(stderr, "threadmap: out of memory\n");
  tm_compare_free(cmp);
  tm_targets_free(tg);
  tm_lexicon_free(lex);
  return rc;
}
