/*
 * common.c - error printing and exit codes shared by the subcommands.
 */
#include <stdarg.h>
#include <stdio.h>

#include "cli.h"

int cli_exit_code(int code) {
  switch (code) {
  case TM_OK: return CLI_EXIT_OK;
  case TM_EIO: return CLI_EXIT_IO;
  case TM_EFORMAT: return CLI_EXIT_FORMAT;
  case TM_EPARSE: case TM_EUTF8: return CLI_EXIT_PARSE;
  case TM_ELIMIT: return CLI_EXIT_LIMIT;
  case TM_ENOMEM: return CLI_EXIT_NOMEM;
  case TM_EEMPTY: return CLI_EXIT_EMPTY;
  case TM_EINVAL: return CLI_EXIT_USAGE;
  default: return CLI_EXIT_INTERNAL;
  }
}

void cli_print_error(const char *path, const tm_error *err) {
  const char *p = path && path[0] ? (path[0] == '-' && !path[1] ? "<stdin>" : path) : "<input>";
  const char *msg = err->msg[0] ? err->msg : tm_strerror(err->code);
  if (err->line)
    fprintf(stderr, "threadmap: %s:%zu:%zu: %s\n", p, err->line, err->col ? err->col : 1, msg);
  else if (err->offset)
    fprintf(stderr, "threadmap: %s: byte %zu: %s\n", p, err->offset, msg);
  else
    fprintf(stderr, "threadmap: %s: %s\n", p, msg);
}

void cli_print_warnings(const char *path, const tm_thread *t, const cli_opts *o) {
  if (o->quiet) return;
  size_t n = tm_thread_warning_count(t), shown = o->verbose ? n : (n < 20 ? n : 20);
  const char *p = path[0] == '-' && !path[1] ? "<stdin>" : path;
  for (size_t i = 0; i < shown; i++) {
    const tm_error *w = tm_thread_warning(t, i);
    if (w->line)
      fprintf(stderr, "threadmap: %s:%zu:%zu: warning: %s\n", p, w->line, w->col ? w->col : 1, w->msg);
    else
      fprintf(stderr, "threadmap: %s: warning: %s\n", p, w->msg);
  }
  if (shown < n)
    fprintf(stderr, "threadmap: %s: %zu more warnings (use -v to see all)\n", p, n - shown);
}

const char *cli_format_names(void) {
  static char names[512];
  size_t used = 0;
  names[0] = '\0';
  for (int f = TM_FMT_AUTO + 1; f < TM_FMT_COUNT_; f++) {
    const char *n = tm_format_name((tm_format)f);
    if (!n) continue;
    int w = snprintf(names + used, sizeof names - used, "%s%s", used ? ", " : "", n);
    if (w < 0 || (size_t)w >= sizeof names - used) break;
    used += (size_t)w;
  }
  return names;
}

int cli_usage_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("threadmap: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  return CLI_EXIT_USAGE;
}
