/*
 * main.c - the threadmap command: dispatch to subcommands.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char S_usage[] =
    "usage: threadmap <command> [options] FILE\n"
    "\n"
    "Turn discussion threads (Hacker News, Reddit, CSV, NDJSON) into comment\n"
    "trees.  FILE may be - for standard input.\n"
    "\n"
    "commands:\n"
    "  parse FILE     print the thread as JSON (or --ndjson, one comment per line)\n"
    "  stats FILE     print comment count, participants, depth, orphans, deleted\n"
    "  score FILE     the thread with each comment's sentiment (compound, pos,\n"
    "                 neu, neg); or --text TEXT, or --lines (one text per line)\n"
    "  formats        list the input formats with their names for --format\n"
    "  graph FILE     a diagram: --kind reply|disagreement|participants|argument,\n"
    "                 -o out.svg|.png|.pdf|.dot|.json|.aif.json|.argdown\n"
    "  batch INPUT... -o OUTDIR   files, folders, .zst/.gz dumps: one scored thread\n"
    "                 per thread (dumps grouped by thread key), summary.ndjson/.csv,\n"
    "                 errors.ndjson, manifest.ndjson (a re-run resumes)\n"
    "  merge DIR... -o OUTDIR     combine the outputs of batch --shard runs\n"
    "\n"
    "common options:\n"
    "  -f, --format NAME    force the input format: hn-html, hn-json,\n"
    "                       reddit-json, reddit-html, discourse-json, mbox,\n"
    "                       stackexchange-xml, wxr, disqus-xml, csv, ndjson,\n"
    "                       transcript, threadmap-json (default: detected;\n"
    "                       `threadmap formats` describes them)\n"
    "  -o, --output FILE    write to FILE (atomically) instead of stdout\n"
    "      --max-comments N refuse inputs with more comments (default 50000000)\n"
    "      --max-depth N    refuse deeper reply chains (default 10000000)\n"
    "  -q, --quiet          do not print warnings\n"
    "  -v, --verbose        print every warning\n"
    "  -h, --help           this help\n"
    "  -V, --version        print the version\n"
    "\n"
    "parse options:\n"
    "      --ndjson         one JSON object per comment, in tree pre-order\n"
    "      --pretty         indent the JSON document\n"
    "      --raw            include each comment's raw markup\n"
    "      --explain-links  pasted transcripts: each inferred parent link with its\n"
    "                       confidence and evidence, one per line (instead of JSON)\n"
    "score options:\n"
    "      --explain        the sentences, tokens and rules behind each score\n"
    "      --ndjson         one comment per line\n"
    "      --lexicon PATH   use this lexicon (threadmap TSV, VADER or AFINN format)\n"
    "      --lexicon-add PATH  layer a lexicon over the built-in one (repeatable)\n"
    "      --stream         NDJSON dumps record by record at constant memory\n"
    "                       (automatic with --ndjson for .zst/.gz or > 64 MiB);\n"
    "                       sentiment only; --with-text adds text and spans\n"
    "batch options:\n"
    "      --graph KIND:FORMAT  a diagram per thread (repeatable; format svg, png,\n"
    "                       pdf, dot, gv, json, aif, argdown)\n"
    "  -j, --jobs N         worker threads (default: the cores; same outputs for any N)\n"
    "      --mem SIZE       memory for grouping dumps (default 1G), then spill\n"
    "      --tmpdir DIR     where spill partitions go (default OUTDIR)\n"
    "      --shard I/N      only shard I (0-based) of N; combine with merge\n"
    "      --no-fsync       do not sync outputs to disk before the manifest\n"
    "stats options:\n"
    "      --json           print the figures as JSON\n"
    "\n"
    "exit codes: 0 ok, 1 partial (batch: some inputs failed), 2 usage,\n"
    "3 cannot read input, 4 unknown format, 5 malformed input, 6 limit exceeded,\n"
    "7 cannot write output, 8 out of memory, 9 empty input, 130 interrupted.\n"
    "See threadmap(1).\n";

int main(int argc, char **argv) {
  if (argc < 2) {
    fputs(S_usage, stderr);
    return CLI_EXIT_USAGE;
  }
  const char *cmd = argv[1];
  if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
    fputs(S_usage, stdout);
    return CLI_EXIT_OK;
  }
  if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) {
    printf("threadmap %s\n", tm_version());
    return CLI_EXIT_OK;
  }
  if (!strcmp(cmd, "formats")) {
    for (int f = TM_FMT_AUTO + 1; f < TM_FMT_COUNT_; f++)
      if (tm_format_name((tm_format)f))
        printf("%-18s %s\n", tm_format_name((tm_format)f), tm_format_description((tm_format)f));
    return CLI_EXIT_OK;
  }
  if (!strcmp(cmd, "parse")) return cmd_parse(argc - 1, argv + 1);
  if (!strcmp(cmd, "stats")) return cmd_stats(argc - 1, argv + 1);
  if (!strcmp(cmd, "score")) return cmd_score(argc - 1, argv + 1);
  if (!strcmp(cmd, "graph")) return cmd_graph(argc - 1, argv + 1);
  if (!strcmp(cmd, "report")) return cmd_report(argc - 1, argv + 1);
  if (!strcmp(cmd, "compare")) return cmd_compare(argc - 1, argv + 1);
  if (!strcmp(cmd, "batch")) return cmd_batch(argc - 1, argv + 1);
  if (!strcmp(cmd, "merge")) return cmd_merge(argc - 1, argv + 1);
  return cli_usage_error("unknown command '%s' (try threadmap --help)", cmd);
}
