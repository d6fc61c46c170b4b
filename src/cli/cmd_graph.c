/*
 * cmd_graph.c - `threadmap graph`: diagrams of a thread.
 *
 *   threadmap graph FILE [--kind reply|disagreement|participants|argument]
 *                   [-o OUT] [-T svg|png|pdf|dot|json|gv|aif|argdown]
 *                   [--layout ENGINE] [--max-nodes N] [--depth N]
 *                   [--min-abs-score X] [--title TEXT] [--target SPEC]
 * The format comes from -T, else from OUT's extension (.svg .png .pdf .dot
 * .gv .json; .aif.json and .argdown for the argument-tool exports), else svg.
 * The thread is parsed and scored first.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int S_ends(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && !strcmp(s + n - m, suffix);
}

static const char *S_format_from_path(const char *p) {
  if (S_ends(p, ".aif.json") || S_ends(p, ".aif")) return "aif";
  if (S_ends(p, ".argdown") || S_ends(p, ".ad")) return "argdown";
  static const char *const ext[] = {"svg", "png", "pdf", "dot", "gv", "json", NULL};
  const char *dot = strrchr(p, '.');
  for (size_t i = 0; dot && ext[i]; i++)
    if (!strcmp(dot + 1, ext[i])) return ext[i];
  return NULL;
}

int cmd_graph(int argc, char **argv) {
  const char *path = NULL, *out = NULL, *fmt = NULL;
  tm_graph_options go = TM_GRAPH_OPTIONS_INIT;
  tm_options opts = TM_OPTIONS_INIT;
  opts.flags &= ~TM_OPT_KEEP_RAW;
  int quiet = 0;
  const char *targets[16];
  int ntargets = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--kind") || !strcmp(a, "-k")) {
      if (!next || tm_graph_kind_from_name(next) < 0)
        return cli_usage_error("--kind takes reply, disagreement, participants or argument");
      go.kind = (tm_graph_kind)tm_graph_kind_from_name(next);
      i++;
    } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
      if (!next) return cli_usage_error("%s needs a file name", a);
      out = next, i++;
    } else if (!strcmp(a, "-T") || !strcmp(a, "--type")) {
      if (!next) return cli_usage_error("-T needs a format");
      fmt = next, i++;
    } else if (!strcmp(a, "--layout")) {
      if (!next) return cli_usage_error("--layout needs an engine (dot, sfdp, twopi, neato, fdp, circo)");
      go.layout = next, i++;
    } else if (!strcmp(a, "--max-nodes") || !strcmp(a, "--depth")) {
      char *e;
      errno = 0;
      unsigned long v = next ? strtoul(next, &e, 10) : 0;
      if (!next || errno || *e || next[0] == '-') return cli_usage_error("%s needs a whole number", a);
      if (a[2] == 'm') go.max_nodes = v;
      else go.max_depth = v;
      i++;
    } else if (!strcmp(a, "--min-abs-score")) {
      char *e;
      double v = next ? strtod(next, &e) : -1;
      if (!next || *e || v < 0 || v > 1) return cli_usage_error("--min-abs-score takes a number from 0 to 1");
      go.min_abs_score = (float)v;
      i++;
    } else if (!strcmp(a, "--title")) {
      if (!next) return cli_usage_error("--title needs a text");
      go.title = next, i++;
    } else if (!strcmp(a, "--target")) {
      if (!next || ntargets == 16) return cli_usage_error("--target needs Name=alias,alias (at most 16)");
      targets[ntargets++] = next, i++;
    } else if (!strcmp(a, "-f") || !strcmp(a, "--format")) {
      if (!next || (opts.format = tm_format_from_name(next)) == TM_FMT_AUTO)
        return cli_usage_error("unknown input format '%s'", next ? next : "");
      i++;
    } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
      quiet = 1;
    } else if (a[0] == '-' && a[1]) {
      return cli_usage_error("unknown option '%s' for graph", a);
    } else {
      if (path) return cli_usage_error("graph takes one input file");
      path = a;
    }
  }
  if (!path) return cli_usage_error("graph needs an input file (or - for stdin)");
  if (!fmt) fmt = out ? S_format_from_path(out) : NULL;
  if (!fmt) fmt = "svg";
  if (!out) out = "-";
  tm_error err;
  memset(&err, 0, sizeof err);
  tm_thread *t = NULL;
  int rc = tm_thread_parse_file(&t, path, &opts, &err);
  if (rc) {
    cli_print_error(path, &err);
    return cli_exit_code(rc);
  }
  cli_opts co;
  memset(&co, 0, sizeof co);
  co.quiet = quiet;
  cli_print_warnings(path, t, &co);
  tm_lexicon *lex = NULL;
  tm_targets *tg = NULL;
  tm_scores *sc = NULL;
  tm_graph *g = NULL;
  tm_outfile *f = NULL;
  int exit_code = CLI_EXIT_OK;
  if (tm_lexicon_default(&lex, &err) || tm_targets_new(&tg)) {
    exit_code = CLI_EXIT_NOMEM;
    goto done;
  }
  for (int k = 0; k < ntargets; k++)
    if (tm_targets_add(tg, targets[k], &err)) {
      cli_print_error("--target", &err);
      exit_code = CLI_EXIT_USAGE;
      goto done;
    }
  if (tm_thread_score(&sc, t, lex, tg, 0)) {
    exit_code = CLI_EXIT_NOMEM;
    goto done;
  }
  if (tm_outfile_open(&f, out, &err)) {
    cli_print_error(out, &err);
    exit_code = CLI_EXIT_OUTPUT;
    goto done;
  }
  if (!strcmp(fmt, "aif")) {
    rc = tm_write_aif(t, sc, tm_outfile_write, f);
  } else if (!strcmp(fmt, "argdown")) {
    rc = tm_write_argdown(t, sc, tm_outfile_write, f);
  } else {
    rc = tm_graph_build(&g, t, sc, &go, &err);
    if (rc == TM_OK) rc = tm_graph_render(g, fmt, tm_outfile_write, f, &err);
    if (rc) {
      cli_print_error(path, &err);
      tm_outfile_abort(f);
      f = NULL;
      exit_code = rc == TM_EINVAL ? CLI_EXIT_USAGE : cli_exit_code(rc);
      goto done;
    }
  }
  if (rc) {
    tm_outfile_abort(f);
    f = NULL;
    exit_code = CLI_EXIT_OUTPUT;
    goto done;
  }
  if (tm_outfile_commit(f, &err)) {
    cli_print_error(out, &err);
    exit_code = CLI_EXIT_OUTPUT;
  }
  f = NULL;
  if (g && !quiet && strcmp(out, "-"))
    fprintf(stderr, "threadmap: %s: %s graph of %zu comments (%zu shown), layout %s\n", out,
            (const char *[]){"reply", "disagreement", "participants", "argument"}[go.kind],
            tm_thread_count(t), tm_graph_shown(g), tm_graph_layout(g));
done:
  if (exit_code == CLI_EXIT_NOMEM) fprintf(stderr, "threadmap: out of memory\n");
  tm_graph_free(g);
  tm_scores_free(sc);
  tm_targets_free(tg);
  tm_lexicon_free(lex);
  tm_thread_free(t);
  return exit_code;
}
