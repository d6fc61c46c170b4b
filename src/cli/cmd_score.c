/*
 * cmd_score.c - `threadmap score`: sentiment of a thread, a text, or lines.
 *
 *   threadmap score FILE [--ndjson] [--explain]     the tree with scores
 *   threadmap score --text "..." [--explain]        one JSON object
 *   threadmap score --lines [--explain] < texts     one JSON object per line
 *   threadmap score --pairs [FILE] [--explain]      stance of NDJSON (parent, reply) pairs
 *   --lexicon PATH      use this lexicon alone (ours, VADER's or AFINN's format)
 *   --lexicon-add PATH  layer a lexicon over the default (repeatable)
 *   --target "Name=alias,alias" / --targets FILE   stance toward named targets
 *   --stream            NDJSON dumps: comment by comment at constant memory
 *                       (automatic with --ndjson for a compressed NDJSON input
 *                       or one larger than 64 MiB); each line holds the
 *                       record's id, thread, parent, author, time, score,
 *                       flags and sentiment; --with-text adds text and spans
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

#define S_STREAM_AUTO ((uint64_t)64 << 20) /* plain NDJSON inputs larger than this stream */

/* The thread a streamed record belongs to, when it says so. */
static const char *S_item_thread(const tm_item *it) {
  if (it->link) return it->link;
  if (it->is_story) return it->id;
  if (it->parent_is_story) return it->parent_id;
  return NULL;
}

/* 1 when the input should be streamed: NDJSON (generic, Reddit or HN
 * items) that is compressed or large.  Looks at the first line only. */
static int S_want_stream(const char *path, int forced, tm_format fmt) {
  if (!strcmp(path, "-")) return forced;
  tm_reader *r;
  if (tm_reader_open(&r, path, NULL)) return forced; /* the normal path reports it */
  const char *line;
  size_t len;
  int nd = 0, big = tm_reader_compressed(r) || tm_reader_size(r) > S_STREAM_AUTO;
  while (tm_reader_line(r, &line, &len, NULL) == TM_OK && line) {
    size_t s = 0;
    while (s < len && (line[s] == ' ' || line[s] == '\t' || line[s] == '\r')) s++;
    if (s == len) continue;
    tm_format f = fmt != TM_FMT_AUTO ? fmt : tm_detect_format(line + s, len - s);
    nd = line[s] == '{' && (f == TM_FMT_NDJSON || f == TM_FMT_HN_JSON);
    break;
  }
  tm_reader_close(r);
  return nd && (forced || big);
}

/* score --ndjson over a dump: one record at a time, constant memory.
 * Stance needs the parent's text, which an interleaved dump may give
 * millions of lines earlier or never: streamed records get sentiment
 * only (batch gives whole threads their stance). */
static int S_stream(const tm_lexicon *lex, const char *path, const char *out, int explain,
                    int with_text, const tm_options *opts, int quiet, int verbose) {
  tm_error err;
  memset(&err, 0, sizeof err);
  tm_reader *r = NULL;
  tm_item_parser *ip = NULL;
  tm_outfile *f = NULL;
  tm_explain ex;
  memset(&ex, 0, sizeof ex);
  int rc = tm_reader_open(&r, path, &err);
  if (rc) {
    cli_print_error(path, &err);
    return cli_exit_code(rc);
  }
  tm_reader_set_max_line(r, opts->max_field ? opts->max_field * 2 : 0);
  if (tm_item_parser_new(&ip, opts)) {
    tm_reader_close(r);
    return CLI_EXIT_NOMEM;
  }
  const char *o = out ? out : "-";
  if (tm_outfile_open(&f, o, &err)) {
    cli_print_error(o, &err);
    tm_item_parser_free(ip);
    tm_reader_close(r);
    return CLI_EXIT_OUTPUT;
  }
  size_t bad = 0, shown = 0, n = 0;
  int exit_rc = CLI_EXIT_OK;
  for (;;) {
    const char *line;
    size_t len;
    memset(&err, 0, sizeof err);
    rc = tm_reader_line(r, &line, &len, &err);
    if (rc) {
      cli_print_error(path, &err);
      exit_rc = cli_exit_code(rc);
      break;
    }
    if (!line) break;
    tm_item it;
    rc = tm_item_parse(ip, line, len, tm_reader_lineno(r), &it, &err);
    if (rc == TM_EEMPTY) continue;
    if (rc == TM_ENOMEM) {
      exit_rc = CLI_EXIT_NOMEM;
      break;
    }
    if (rc) {
      bad++;
      if (!quiet && (verbose || shown < 20)) {
        cli_print_error(path, &err);
        shown++;
      }
      continue;
    }
    tm_sentiment sent;
    if (tm_score_text(lex, it.text, it.text_len, it.spans, it.nspans, &sent, explain ? &ex : NULL) ||
        tm_write_item_scored(&it, S_item_thread(&it), &sent, explain ? &ex : NULL,
                             (explain ? TM_OUT_EXPLAIN : 0) | (with_text ? 0 : TM_OUT_NO_TEXT),
                             tm_outfile_write, f)) {
      exit_rc = CLI_EXIT_OUTPUT;
      break;
    }
    n++;
  }
  if (exit_rc == CLI_EXIT_OK) {
    if (tm_outfile_commit(f, &err)) {
      cli_print_error(o, &err);
      exit_rc = CLI_EXIT_OUTPUT;
    }
  } else {
    tm_outfile_abort(f);
  }
  if (bad) {
    if (!quiet && shown < bad)
      fprintf(stderr, "threadmap: %s: %zu more malformed records (use -v to see all)\n", path,
              bad - shown);
    if (!quiet)
      fprintf(stderr, "threadmap: %s: scored %zu records, skipped %zu malformed\n", path, n, bad);
    if (exit_rc == CLI_EXIT_OK) exit_rc = CLI_EXIT_PARTIAL;
  }
  tm_explain_free(&ex);
  tm_item_parser_free(ip);
  tm_reader_close(r);
  return exit_rc;
}

int cmd_score(int argc, char **argv) {
  const char *path = NULL, *text = NULL, *out = NULL, *base = NULL;
  const char *adds[16];
  const char *target_specs[32];
  int target_is_file[32], ntargets = 0;
  int nadds = 0, lines = 0, pairs = 0, explain = 0, ndjson = 0, pretty = 0, quiet = 0, verbose = 0;
  int stream = 0, with_text = 0;
  tm_options opts = TM_OPTIONS_INIT;
  opts.flags &= ~TM_OPT_KEEP_RAW;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--text")) {
      if (!next) return cli_usage_error("--text needs a text");
      text = next, i++;
    } else if (!strcmp(a, "--lines")) {
      lines = 1;
    } else if (!strcmp(a, "--pairs")) {
      pairs = 1;
    } else if (!strcmp(a, "--explain")) {
      explain = 1;
    } else if (!strcmp(a, "--ndjson")) {
      ndjson = 1;
    } else if (!strcmp(a, "--stream")) {
      stream = 1;
    } else if (!strcmp(a, "--with-text")) {
      with_text = 1;
    } else if (!strcmp(a, "--pretty")) {
      pretty = 1;
    } else if (!strcmp(a, "--target") || !strcmp(a, "--targets")) {
      if (!next) return cli_usage_error("%s needs %s", a, a[8] ? "a file" : "Name=alias,alias");
      if (ntargets == 32) return cli_usage_error("at most 32 --target/--targets options");
      target_specs[ntargets] = next;
      target_is_file[ntargets++] = a[8] == 's';
      i++;
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
  if (!!text + lines + (pairs || path ? 1 : 0) != 1)
    return cli_usage_error("score needs exactly one of: FILE, --text TEXT, --lines, --pairs [FILE]");
  tm_lexicon *lex = NULL;
  int rc = S_lex(&lex, base, adds, nadds);
  if (rc) return rc;
  if (pairs) {
    char *buf;
    size_t len;
    tm_error err;
    memset(&err, 0, sizeof err);
    const char *in = path ? path : "-";
    rc = tm_read_file(&buf, &len, in, 0, &err);
    if (rc == TM_OK) {
      setvbuf(stdout, NULL, _IOFBF, 1 << 16);
      rc = tm_stance_pairs(lex, buf, len, explain ? TM_OUT_EXPLAIN : 0, S_stdout, NULL, &err);
      free(buf);
    }
    if (rc) cli_print_error(in, &err);
    tm_lexicon_free(lex);
    fflush(stdout);
    return cli_exit_code(rc);
  }
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
  if ((ndjson || stream) && !ntargets && S_want_stream(path, stream, opts.format)) {
    rc = S_stream(lex, path, out, explain, with_text, &opts, quiet, verbose);
    tm_lexicon_free(lex);
    return rc;
  }
  if (stream) {
    tm_lexicon_free(lex);
    return cli_usage_error("--stream reads NDJSON records (generic, Reddit or Hacker News items) from a file, without --target");
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
  tm_targets *tg = NULL;
  if (ntargets) {
    if (tm_targets_new(&tg)) return CLI_EXIT_NOMEM;
    for (int k = 0; k < ntargets; k++) {
      tm_error terr;
      memset(&terr, 0, sizeof terr);
      int trc = target_is_file[k] ? tm_targets_load(tg, target_specs[k], &terr)
                                  : tm_targets_add(tg, target_specs[k], &terr);
      if (trc) {
        cli_print_error(target_is_file[k] ? target_specs[k] : "--target", &terr);
        tm_targets_free(tg);
        tm_thread_free(t);
        tm_lexicon_free(lex);
        return trc == TM_EINVAL ? CLI_EXIT_USAGE : cli_exit_code(trc);
      }
    }
  }
  tm_scores *sc = NULL;
  int src = tm_thread_score(&sc, t, lex, tg, explain ? TM_SCORE_EXPLAIN : 0);
  tm_targets_free(tg);
  if (src) {
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
