/*
 * cmd_score.c - `threadmap score`: sentiment of a thread, a text, or lines.
 *
 *   threadmap score FILE [--ndjson] [--explain]     the tree with scores
 *   threadmap score --text "..." [--explain]        one JSON object
 *   threadmap score --lines [--explain] < texts     one JSON object per line
 *   --lexicon PATH      use this lexicon alone (ours, VADER's or AFINN's format)
 *   --lexicon-add PATH  layer a lexicon over the default (repeatable)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int S_stdout(const char *d, size_t n, void *p) {
  (void)p;
  return fwrite(d, 1, n, stdout) == n ? 0 : -1;
}

static int S_lex(tm_lexicon **lex, const char *base, const char **adds, int nadds) {
  tm_error err;
  memset(&err, 0, sizeof err);
  int rc = base ? tm_lexicon_load(lex, base, &err) : tm_lexicon_default(lex, &err);
  for (int i = 0; rc == TM_OK && i < nadds; i++) rc = tm_lexicon_add(*lex, adds[i], &err);
  if (rc) {
    cli_print_error(err.path ? err.path : (base ? base : "lexicon"), &err);
    tm_lexicon_free(*lex);
    *lex = NULL;
    return cli_exit_code(rc);
  }
  return CLI_EXIT_OK;
}

static int S_lines(const tm_lexicon *lex, int explain) {
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  tm_explain ex;
  memset(&ex, 0, sizeof ex);
  int rc = CLI_EXIT_OK;
  setvbuf(stdout, NULL, _IOFBF, 1 << 16);
  while ((n = getline(&line, &cap, stdin)) >= 0) {
    size_t len = (size_t)n;
    while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) len--;
    char *clean = NULL;
    size_t clen;
    if (tm_utf8_sanitize(&clean, &clen, line, len, NULL)) {
      rc = CLI_EXIT_NOMEM;
      break;
    }
    tm_sentiment s;
    if (tm_score_text(lex, clean, clen, NULL, 0, &s, explain ? &ex : NULL) ||
        tm_write_sentiment(&s, explain ? &ex : NULL, clean, S_stdout, NULL)) {
      free(clean);
      rc = CLI_EXIT_OUTPUT;
      break;
    }
    free(clean);
    fputc('\n', stdout);
  }
  free(line);
  tm_explain_free(&ex);
  if (fflush(stdout)) rc = CLI_EXIT_OUTPUT;
  return rc;
}

int cmd_score(int argc, char **argv) {
  const char *path = NULL, *text = NULL, *out = NULL, *base = NULL;
  const char *adds[16];
  int nadds = 0, lines = 0, explain = 0, ndjson = 0, pretty = 0, quiet = 0, verbose = 0;
  tm_options opts = TM_OPTIONS_INIT;
  opts.flags &= ~TM_OPT_KEEP_RAW;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--text")) {
      if (!next) return cli_usage_error("--text needs a text");
      text = next, i++;
    } else if (!strcmp(a, "--lines")) {
      lines = 1;
    } else if (!strcmp(a, "--explain")) {
      explain = 1;
    } else if (!strcmp(a, "--ndjson")) {
      ndjson = 1;
    } else if (!strcmp(a, "--pretty")) {
      pretty = 1;
    } else if (!strcmp(a, "--lexicon")) {
      if (!next) return cli_usage_error("--lexicon needs a file");
      base = next, i++;
    } else if (!strcmp(a, "--lexicon-add")) {
      if (!next) return cli_usage_error("--lexicon-add needs a file");
      if (nadds == 16) return cli_usage_error("at most 16 --lexicon-add files");
      adds[nadds++] = next, i++;
    } else if (!strcmp(a, "-f") || !strcmp(a, "--format")) {
      if (!next) return cli_usage_error("%s needs a format name", a);
      opts.format = tm_format_from_name(next);
      if (opts.format == TM_FMT_AUTO) return cli_usage_error("unknown format '%s'", next);
      i++;
    } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
      if (!next) return cli_usage_error("%s needs a file name", a);
      out = next, i++;
    } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
      quiet = 1;
    } else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
      verbose = 1;
    } else if (a[0] == '-' && a[1]) {
      return cli_usage_error("unknown option '%s' for score", a);
    } else {
      if (path) return cli_usage_error("score takes one input file");
      path = a;
    }
  }
  if (!!path + !!text + lines != 1)
    return cli_usage_error("score needs exactly one of: FILE, --text TEXT, --lines");
  tm_lexicon *lex = NULL;
  int rc = S_lex(&lex, base, adds, nadds);
  if (rc) return rc;
  if (lines) {
    rc = S_lines(lex, explain);
    tm_lexicon_free(lex);
    return rc;
  }
  if (text) {
    char *clean;
    size_t clen;
    tm_explain ex;
    memset(&ex, 0, sizeof ex);
    tm_sentiment s;
    rc = tm_utf8_sanitize(&clean, &clen, text, strlen(text), NULL);
    if (rc == TM_OK) rc = tm_score_text(lex, clean, clen, NULL, 0, &s, explain ? &ex : NULL);
    if (rc == TM_OK) rc = tm_write_sentiment(&s, explain ? &ex : NULL, clean, S_stdout, NULL);
    fputc('\n', stdout);
    free(clean);
    tm_explain_free(&ex);
    tm_lexicon_free(lex);
    return rc ? CLI_EXIT_OUTPUT : CLI_EXIT_OK;
  }
  tm_thread *t = NULL;
  tm_error err;
  memset(&err, 0, sizeof err);
  rc = tm_thread_parse_file(&t, path, &opts, &err);
  if (rc) {
    cli_print_error(path, &err);
    tm_lexicon_free(lex);
    return cli_exit_code(rc);
  }
  cli_opts co;
  memset(&co, 0, sizeof co);
  co.quiet = quiet;
  co.verbose = verbose;
  cli_print_warnings(path, t, &co);
  tm_scores *sc = NULL;
  if (tm_thread_score(&sc, t, lex, explain ? TM_SCORE_EXPLAIN : 0)) {
    fprintf(stderr, "threadmap: out of memory while scoring\n");
    tm_thread_free(t);
    tm_lexicon_free(lex);
    return CLI_EXIT_NOMEM;
  }
  tm_outfile *f = NULL;
  const char *o = out ? out : "-";
  if (tm_outfile_open(&f, o, &err)) {
    cli_print_error(o, &err);
    rc = CLI_EXIT_OUTPUT;
  } else {
    unsigned flags = (explain ? TM_OUT_EXPLAIN : 0) | (pretty ? TM_OUT_PRETTY : 0);
    int w = ndjson ? tm_write_ndjson_scored(t, sc, flags, tm_outfile_write, f)
                   : tm_write_json_scored(t, sc, flags, tm_outfile_write, f);
    if (w) {
      tm_outfile_abort(f);
      rc = CLI_EXIT_OUTPUT;
    } else if (tm_outfile_commit(f, &err)) {
      cli_print_error(o, &err);
      rc = CLI_EXIT_OUTPUT;
    }
  }
  tm_scores_free(sc);
  tm_thread_free(t);
  tm_lexicon_free(lex);
  return rc;
}
