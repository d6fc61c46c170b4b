/*
 * fuzz_parse.c - one libFuzzer harness for every parser and exporter.
 *
 * The first input byte picks a format (or detection), the rest is the
 * input; every successful parse is exported as JSON and NDJSON.  Build
 * with -DTM_BUILD_FUZZERS=ON (clang); without libFuzzer, the
 * standalone main below replays files given on the command line, so a
 * corpus can run as an ordinary test (libgit2's standalone driver idea).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "threadmap.h"

static int S_sink(const char *d, size_t n, void *p) {
  (void)d;
  *(size_t *)p += n;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  tm_options o = TM_OPTIONS_INIT;
  o.format = (tm_format)(data[0] % TM_FMT_COUNT_);
  o.max_comments = 100000;
  tm_thread *t = NULL;
  tm_error err = {0};
  if (tm_thread_parse(&t, (const char *)data + 1, size - 1, &o, &err) == TM_OK) {
    size_t n = 0;
    tm_write_json(t, TM_OUT_RAW, S_sink, &n);
    tm_write_ndjson(t, 0, S_sink, &n);
    tm_stats s;
    tm_thread_stats(t, &s);
    tm_thread_free(t);
  }
  if (o.format == TM_FMT_NDJSON) {
    /* the streaming side: every line through the item parser, whose fast
     * scanner must read or decline each line as cJSON would */
    tm_item_parser *ip = NULL;
    if (tm_item_parser_new(&ip, NULL) == TM_OK) {
      const char *p = (const char *)data + 1, *end = p + (size - 1);
      size_t line = 1;
      while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        tm_item it;
        tm_error e = {0};
        tm_item_parse(ip, p, len, line++, &it, &e);
        p += len + 1;
      }
      tm_item_parser_free(ip);
    }
  }
  return 0;
}

#ifdef TM_FUZZ_STANDALONE
int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    FILE *f = fopen(argv[i], "rb");
    if (!f) continue;
    static uint8_t buf[1 << 24];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    LLVMFuzzerTestOneInput(buf, n);
  }
  return 0;
}
#endif
