/*
 * batch.h - pieces of `threadmap batch` and `threadmap merge` (CLI only).
 *
 * OUTDIR layout:
 *   threads/NAME.json          the scored thread (threadmap score's JSON)
 *   graphs/NAME.KIND.EXT       the diagrams asked for with --graph KIND:FORMAT
 *   summary.ndjson, summary.csv  one row per thread, sorted by key
 *   manifest.ndjson            one row per finished thread (the summary row),
 *                              appended and fsync'd as each thread finishes;
 *                              a re-run skips the threads it lists
 *   errors.ndjson              {"source","line","col","offset","key","reason"}
 *                              per bad input, record or thread, sorted
 * NAME is the thread key with every byte outside [A-Za-z0-9._-] written as
 * %XX (so two keys never share a name); keys longer than 150 bytes are cut
 * and end in a hash of the whole key.
 */
#ifndef TM_CLI_BATCH_H
#define TM_CLI_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "threadmap.h"

/** A growable byte buffer. */
typedef struct bt_buf {
  char *p;
  size_t len, cap;
} bt_buf;

int bt_put(bt_buf *b, const char *s, size_t n);
int bt_puts(bt_buf *b, const char *s);
int bt_printf(bt_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void bt_free(bt_buf *b);
/** Append s as a JSON string (or null). */
int bt_json_str(bt_buf *b, const char *s);

/** FNV-1a 64 of a string. */
uint64_t bt_hash(const char *s);
/** The output name of a key (malloc'd). */
char *bt_name(const char *key);

/** What a malloc of n bytes takes from the heap (glibc's block sizes). */
size_t bt_heap_bytes(size_t n);

/** A set of strings with a value each (open addressing). */
typedef struct bt_map {
  char **keys;
  void **vals;
  size_t n, cap;
  size_t bytes;  /* bytes held by keys (for --mem accounting) */
} bt_map;
/** @return the slot's value pointer for key, inserting it (value NULL) when absent;
 * NULL when out of memory.  *fresh says whether it was inserted. */
void **bt_map_put(bt_map *m, const char *key, int *fresh);
void **bt_map_get(const bt_map *m, const char *key);
void bt_map_free(bt_map *m, void (*free_val)(void *));

/** One field of a flat JSON object row (what the summary rows are). */
typedef struct bt_field {
  char name[32];
  int type;        /* 's' string, 'n' number, '0' null */
  bt_buf val;      /* decoded string, or the number's text */
} bt_field;
/** Parse a flat JSON object ({"k":"s","n":1.5,"z":null}); @return fields, or -1. */
int bt_row_parse(const char *line, size_t len, bt_field *f, int max);
void bt_row_free(bt_field *f, int n);

/** Write rows (sorted, unique by key) as summary.ndjson and summary.csv, and
 * the manifest, into dir.  @return 0 or -1 (message printed). */
int bt_write_summary(const char *dir, char **rows, size_t n, int manifest_too);
/** Sort rows by their key, drop later duplicates; @return the new count. */
size_t bt_rows_sort(char **rows, size_t n);
/** Read dir/manifest.ndjson (missing is fine): its rows, malloc'd.  A torn
 * last line (a crash mid-append) is skipped. */
int bt_manifest_load(const char *dir, char ***rows, size_t *n);
/** Rewrite dir/summary.ndjson, summary.csv and manifest.ndjson from
 * dir/manifest.ndjson (missing is fine; a torn last line is dropped), sorted
 * and unique by key, streaming: only the keys and the rows' offsets are held
 * (about 60 bytes plus the key per row), the rows are read back one at a
 * time.  The keys go into done when it is not NULL.
 * @return 0 or -1 (message printed). */
int bt_summary_rewrite(const char *dir, bt_map *done);
/** The key of a row (malloc'd), or NULL. */
char *bt_row_key(const char *row);

/** Write lines sorted and unique as dir/name atomically. */
int bt_write_lines(const char *dir, const char *name, char **lines, size_t n);

/** mkdir -p. @return 0 or -1 (errno). */
int bt_mkdirs(const char *path);
/** Remove "*.tmp-XXXXXX" files left by an interrupted run in dir. */
void bt_clean_tmp(const char *dir);

#endif
