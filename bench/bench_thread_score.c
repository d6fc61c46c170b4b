/*
 * bench_thread_score.c - what stance, quotes and targets add to sentiment.
 *
 * usage: bench_thread_score THREAD_FILE [REPEAT]
 * Parses the thread once, then times tm_thread_score with
 * TM_SCORE_SENTIMENT_ONLY and without (sentiment + quote attribution +
 * stance toward the parent), and prints both and the overhead in percent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "threadmap.h"

static double S_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: bench_thread_score THREAD_FILE [REPEAT]\n");
    return 2;
  }
  int repeat = argc > 2 ? atoi(argv[2]) : 3;
  tm_error err = {0};
  tm_thread *t;
  tm_options o = TM_OPTIONS_INIT;
  o.flags = 0;
  if (tm_thread_parse_file(&t, argv[1], &o, &err)) {
    fprintf(stderr, "bench_thread_score: %s: %s\n", argv[1], err.msg);
    return 5;
  }
  tm_lexicon *lex;
  if (tm_lexicon_default(&lex, &err)) return 1;
  double best[2] = {1e9, 1e9};
  for (int r = 0; r < repeat; r++) {
    for (int mode = 0; mode < 2; mode++) {
      if (getenv("TM_BENCH_ONLY") && atoi(getenv("TM_BENCH_ONLY")) != mode) continue;
      tm_scores *s;
      double t0 = S_now();
      if (tm_thread_score(&s, t, lex, NULL, mode == 0 ? TM_SCORE_SENTIMENT_ONLY : 0)) return 8;
      double dt = S_now() - t0;
      if (dt < best[mode]) best[mode] = dt;
      tm_scores_free(s);
    }
  }
  size_t n = tm_thread_count(t), bytes = 0;
  for (size_t i = 0; i < n; i++) bytes += tm_thread_comment(t, i)->text_len;
  printf("%zu comments, %.1f MB of text: sentiment %.3f s (%.1f MB/s); sentiment+quotes+stance %.3f s "
         "(%.1f MB/s); stance adds %.0f%%\n",
         n, bytes / 1e6, best[0], bytes / 1e6 / best[0], best[1], bytes / 1e6 / best[1],
         100.0 * (best[1] - best[0]) / best[0]);
  tm_lexicon_free(lex);
  tm_thread_free(t);
  return 0;
}
