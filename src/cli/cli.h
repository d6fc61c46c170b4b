/*
 * cli.h - shared pieces of the threadmap command-line tool.
 *
 * The CLI is a thin client of threadmap.h: it parses flags, reads files,
 * calls the library, prints errors as `threadmap: FILE:LINE:COL: message`
 * and maps error codes to documented exit codes.
 */
#ifndef TM_CLI_H
#define TM_CLI_H

#include "threadmap.h"

/* Exit codes (documented in README.md and threadmap(1)). */
enum {
  CLI_EXIT_OK = 0,        /* success */
  CLI_EXIT_PARTIAL = 1,   /* batch: some inputs failed, the rest are done */
  CLI_EXIT_USAGE = 2,     /* bad command line */
  CLI_EXIT_IO = 3,        /* cannot read an input */
  CLI_EXIT_FORMAT = 4,    /* input format not recognized */
  CLI_EXIT_PARSE = 5,     /* malformed input */
  CLI_EXIT_LIMIT = 6,     /* a limit was exceeded */
  CLI_EXIT_OUTPUT = 7,    /* cannot write an output */
  CLI_EXIT_NOMEM = 8,     /* out of memory */
  CLI_EXIT_EMPTY = 9,     /* empty input */
  CLI_EXIT_INTERNAL = 10  /* a bug */
};

typedef struct cli_opts {
  tm_options lib;         /* library options */
  const char *output;     /* -o, or NULL for stdout */
  int ndjson;             /* --ndjson */
  int raw;                /* --raw */
  int pretty;             /* --pretty */
  int json;               /* --json (stats) */
  int explain_links;      /* --explain-links (parse): inferred parent links as text */
  int quiet;              /* -q: no warnings */
  int verbose;            /* -v: every warning */
} cli_opts;

/** Map a TM_E* code to an exit code. */
int cli_exit_code(int tm_code);
/** Print `threadmap: PATH:LINE:COL: msg` for an error. */
void cli_print_error(const char *path, const tm_error *err);
/** Print a thread's warnings (at most 20 unless verbose). */
void cli_print_warnings(const char *path, const tm_thread *t, const cli_opts *o);
/** Print a usage error and return CLI_EXIT_USAGE. */
/** The input format names, comma-separated (a static buffer). */
const char *cli_format_names(void);
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

int cmd_parse(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_score(int argc, char **argv);
int cmd_graph(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_batch(int argc, char **argv);
int cmd_merge(int argc, char **argv);

#endif
