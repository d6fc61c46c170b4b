/*
 * bench_score.c - single-thread sentiment throughput.
 *
 * usage: bench_score FILE [REPEAT]
 * Scores every line of FILE (one text per line) REPEAT times (default 1)
 * in one process and prints texts/s and MB/s of text, so the figure is the
 * scorer's own speed, without process start or JSON output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "threadmap.h"

static double S_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: bench_score FILE [REPEAT]\n");
    return 2;
  }
  int repeat = argc > 2 ? atoi(argv[2]) : 1;
  char *buf;
  size_t len;
  tm_error err = {0};
  if (tm_read_file(&buf, &len, argv[1], 0, &err)) {
    fprintf(stderr, "bench_score: %s: %s\n", argv[1], err.msg);
    return 3;
  }
  char *clean;
  size_t clen;
  if (tm_utf8_sanitize(&clean, &clen, buf, len, NULL)) return 8;
  free(buf);
  tm_lexicon *lex;
  double t0 = S_now();
  if (tm_lexicon_default(&lex, &err)) {
    fprintf(stderr, "bench_score: lexicon: %s\n", err.msg);
    return 1;
  }
  double tlex = S_now() - t0;
  size_t texts = 0, bytes = 0;
  double checksum = 0;
  t0 = S_now();
  for (int r = 0; r < repeat; r++) {
    size_t i = 0;
    while (i < clen) {
      char *nl = memchr(clean + i, '\n', clen - i);
      size_t e = nl ? (size_t)(nl - clean) : clen;
      tm_sentiment s;
      tm_score_text(lex, clean + i, e - i, NULL, 0, &s, NULL);
      checksum += s.compound;
      texts++;
      bytes += e - i;
      i = e + 1;
    }
  }
  double dt = S_now() - t0;
  printf("%-34s %9zu texts %8.1f MB %9.0f texts/s %7.1f MB/s  (lexicon load %.0f ms, checksum %.3f)\n",
         argv[1] + (strrchr(argv[1], '/') ? strrchr(argv[1], '/') - argv[1] + 1 : 0), texts,
         bytes / 1e6, texts / dt, bytes / 1e6 / dt, tlex * 1000, checksum);
  tm_lexicon_free(lex);
  free(clean);
  return 0;
}
