/*
 * cmd_parse.c - `threadmap parse` and `threadmap stats`.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int S_size(const char *s, size_t *out) {
  char *e;
  errno = 0;
  unsigned long long v = strtoull(s, &e, 10);
  if (errno || *e || s[0] == '-' || !s[0]) return 0;
  *out = (size_t)v;
  return 1;
}

/* Parse the options shared by parse and stats; returns the input path via
 * *path, or an exit code > 0 on a usage error (-1 when fine). */
static int S_options(int argc, char **argv, cli_opts *o, const char **path, int is_stats) {
  tm_options def = TM_OPTIONS_INIT;
  memset(o, 0, sizeof *o);
  o->lib = def;
  *path = NULL;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *next = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "-f") || !strcmp(a, "--format")) {
      if (!next) return cli_usage_error("%s needs a format name", a);
      o->lib.format = tm_format_from_name(next);
      if (o->lib.format == TM_FMT_AUTO)
        return cli_usage_error("unknown format '%s' (known: hn-html, hn-json, reddit-json, discourse-json, mbox, csv, ndjson)", next);
      i++;
    } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
      if (!next) return cli_usage_error("%s needs a file name", a);
      o->output = next;
      i++;
    } else if (!strcmp(a, "--max-comments") || !strcmp(a, "--max-depth")) {
      size_t v;
      if (!next || !S_size(next, &v)) return cli_usage_error("%s needs a whole number", a);
      if (a[6] == 'c') o->lib.max_comments = v;
      else o->lib.max_depth = v;
      i++;
    } else if (!strcmp(a, "--ndjson") && !is_stats) {
      o->ndjson = 1;
    } else if (!strcmp(a, "--pretty") && !is_stats) {
      o->pretty = 1;
    } else if (!strcmp(a, "--raw") && !is_stats) {
      o->raw = 1;
    } else if (!strcmp(a, "--json") && is_stats) {
      o->json = 1;
    } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
      o->quiet = 1;
    } else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
      o->verbose = 1;
    } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      printf("usage: threadmap %s [options] FILE   (see threadmap --help)\n", argv[0]);
      return 0;
    } else if (a[0] == '-' && a[1]) {
      return cli_usage_error("unknown option '%s' for %s", a, argv[0]);
    } else {
      if (*path) return cli_usage_error("%s takes one input file", argv[0]);
      *path = a;
    }
  }
  if (!*path) return cli_usage_error("%s needs an input file (or - for stdin)", argv[0]);
  if (!o->raw) o->lib.flags &= ~TM_OPT_KEEP_RAW;
  return -1;
}

static int S_load(const char *path, const cli_opts *o, tm_thread **t) {
  tm_error err;
  memset(&err, 0, sizeof err);
  int rc = tm_thread_parse_file(t, path, &o->lib, &err);
  if (rc) {
    cli_print_error(path, &err);
    return cli_exit_code(rc);
  }
  cli_print_warnings(path, *t, o);
  return CLI_EXIT_OK;
}

int cmd_parse(int argc, char **argv) {
  cli_opts o;
  const char *path;
  int u = S_options(argc, argv, &o, &path, 0);
  if (u >= 0) return u;
  tm_thread *t = NULL;
  int rc = S_load(path, &o, &t);
  if (rc) return rc;
  tm_outfile *f = NULL;
  tm_error err;
  memset(&err, 0, sizeof err);
  const char *out = o.output ? o.output : "-";
  if (tm_outfile_open(&f, out, &err)) {
    cli_print_error(out, &err);
    tm_thread_free(t);
    return CLI_EXIT_OUTPUT;
  }
  unsigned flags = (o.raw ? TM_OUT_RAW : 0) | (o.pretty ? TM_OUT_PRETTY : 0);
  int wrc = o.ndjson ? tm_write_ndjson(t, flags, tm_outfile_write, f)
                     : tm_write_json(t, flags, tm_outfile_write, f);
  tm_thread_free(t);
  if (wrc) {
    tm_outfile_abort(f);
    fprintf(stderr, "threadmap: %s: write error\n", out);
    return CLI_EXIT_OUTPUT;
  }
  if (tm_outfile_commit(f, &err)) {
    cli_print_error(out, &err);
    return CLI_EXIT_OUTPUT;
  }
  return CLI_EXIT_OK;
}

static void S_time(char *buf, int64_t t) {
  if (t == TM_TIME_UNKNOWN) {
    strcpy(buf, "unknown");
    return;
  }
  /* civil time without TZ: same algorithm as the library's formatter */
  int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
  int64_t secs = t - days * 86400;
  int64_t z = days + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = (unsigned)(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
  long long y = (long long)yoe + era * 400 + (m <= 2);
  sprintf(buf, "%04lld-%02u-%02u %02u:%02u UTC", y, m, d, (unsigned)(secs / 3600),
          (unsigned)(secs / 60 % 60));
}

int cmd_stats(int argc, char **argv) {
  cli_opts o;
  const char *path;
  int u = S_options(argc, argv, &o, &path, 1);
  if (u >= 0) return u;
  tm_thread *t = NULL;
  int rc = S_load(path, &o, &t);
  if (rc) return rc;
  tm_stats s;
  tm_thread_stats(t, &s);
  const tm_meta *m = tm_thread_meta(t);
  FILE *fp = stdout;
  /* the thread measures need sentiment and stance */
  tm_lexicon *lex = NULL;
  tm_scores *sc = NULL;
  tm_measures ms;
  tm_error lerr;
  memset(&lerr, 0, sizeof lerr);
  memset(&ms, 0, sizeof ms);
  if (tm_lexicon_default(&lex, &lerr) || tm_thread_score(&sc, t, lex, NULL, 0) ||
      tm_thread_measures(t, sc, &ms)) {
    fprintf(stderr, "threadmap: out of memory while scoring\n");
    tm_scores_free(sc);
    tm_lexicon_free(lex);
    tm_thread_free(t);
    return CLI_EXIT_NOMEM;
  }
  char first[40], last[40];
  S_time(first, s.first_time);
  S_time(last, s.last_time);
  if (o.json) {
    fprintf(fp,
            "{\"format\":\"%s\",\"comments\":%zu,\"top_level\":%zu,\"participants\":%zu,"
            "\"max_depth\":%zu,\"orphans\":%zu,\"cycles\":%zu,\"deleted\":%zu,"
            "\"dead\":%zu,\"missing_replies\":%zu,\"with_quotes\":%zu,"
            "\"invalid_utf8\":%zu,\"warnings\":%zu,",
            tm_format_name(m->format), s.comments, s.top_level, s.participants,
            s.max_depth, s.orphans, s.cycles, s.deleted, s.dead, s.missing,
            s.with_quotes, m->invalid_utf8, tm_thread_warning_count(t));
    fprintf(fp,
            "\"rated_replies\":%zu,\"agree\":%zu,\"disagree\":%zu,\"mixed\":%zu,\"neutral\":%zu,"
            "\"disagreement_rate\":%.4f,\"controversy\":%.4f,\"polarization\":",
            ms.rated, ms.agree, ms.disagree, ms.mixed, ms.neutral, ms.disagreement_rate, ms.controversy);
    if (ms.polarization < 0) fputs("null", fp);
    else fprintf(fp, "%.4f", ms.polarization);
    fprintf(fp, ",\"mean_sentiment\":%.4f,\"most_disputed\":[", ms.mean_sentiment);
    for (size_t k = 0; k < ms.ndisputed; k++)
      fprintf(fp, "%s{\"id\":\"%s\",\"weight\":%.3f}", k ? "," : "",
              tm_thread_comment(t, ms.disputed[k])->id, ms.disputed_weight[k]);
    fputs("],\"back_and_forth\":[", fp);
    for (size_t k = 0; k < ms.nchains; k++)
      fprintf(fp, "%s{\"first\":\"%s\",\"last\":\"%s\",\"length\":%u,\"disagreements\":%u}",
              k ? "," : "", tm_thread_comment(t, ms.chains[k].first)->id,
              tm_thread_comment(t, ms.chains[k].last)->id, ms.chains[k].length,
              ms.chains[k].disagreements);
    fputs("]}\n", fp);
  } else {
    fprintf(fp, "title:         %s\n", m->title ? m->title : "(none)");
    fprintf(fp, "format:        %s\n", tm_format_name(m->format));
    fprintf(fp, "comments:      %zu", s.comments);
    if (m->declared_comments) fprintf(fp, " (source declares %zu)", m->declared_comments);
    fprintf(fp, "\ntop-level:     %zu\n", s.top_level);
    fprintf(fp, "participants:  %zu\n", s.participants);
    fprintf(fp, "max depth:     %zu\n", s.max_depth);
    fprintf(fp, "orphans:       %zu\n", s.orphans);
    fprintf(fp, "cycles broken: %zu\n", s.cycles);
    fprintf(fp, "deleted:       %zu\n", s.deleted);
    fprintf(fp, "dead/flagged:  %zu\n", s.dead);
    fprintf(fp, "missing:       %zu (replies announced but not in the input)\n", s.missing);
    fprintf(fp, "quoting:       %zu\n", s.with_quotes);
    fprintf(fp, "first comment: %s\n", first);
    fprintf(fp, "last comment:  %s\n", last);
    if (m->invalid_utf8) fprintf(fp, "invalid UTF-8: %zu sequences replaced\n", m->invalid_utf8);
    fprintf(fp, "stance:        %zu replies rated: %zu agree, %zu disagree, %zu mixed, %zu neutral\n",
            ms.rated, ms.agree, ms.disagree, ms.mixed, ms.neutral);
    fprintf(fp, "disagreement:  %.1f%%   controversy: %.2f   polarization: ", 100 * ms.disagreement_rate,
            ms.controversy);
    if (ms.polarization < 0) fputs("n/a (too few stance links)\n", fp);
    else fprintf(fp, "%.2f (camps of %zu and %zu)\n", ms.polarization, ms.camp_a, ms.camp_b);
    fprintf(fp, "sentiment:     mean %.2f; %zu positive, %zu neutral, %zu negative\n", ms.mean_sentiment,
            ms.positive, ms.neutral_sentiment, ms.negative);
    for (size_t k = 0; k < ms.ndisputed; k++) {
      const tm_comment *dc = tm_thread_comment(t, ms.disputed[k]);
      fprintf(fp, "%s %s by %s (weight %.2f)\n", k ? "              " : "most disputed:", dc->id,
              dc->author ? dc->author : "[deleted]", ms.disputed_weight[k]);
    }
    for (size_t k = 0; k < ms.nchains; k++)
      fprintf(fp, "%s %s <-> %s, %u replies, %u disagreeing (%s .. %s)\n",
              k ? "              " : "back-and-forth:", ms.chains[k].a, ms.chains[k].b, ms.chains[k].length,
              ms.chains[k].disagreements, tm_thread_comment(t, ms.chains[k].first)->id,
              tm_thread_comment(t, ms.chains[k].last)->id);
  }
  tm_scores_free(sc);
  tm_lexicon_free(lex);
  tm_thread_free(t);
  return fflush(fp) == 0 ? CLI_EXIT_OK : CLI_EXIT_OUTPUT;
}
