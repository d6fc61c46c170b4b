/*
 * record.h - the generic comment record shared by the CSV and NDJSON
 * parsers (internal).
 *
 * Field names and their aliases (first present wins):
 *   id      id
 *   parent  parent, parent_id, parentId, in_reply_to   (empty/null = top level;
 *           Reddit fullnames "t1_abc" are reduced to "abc", "t3_..." is the
 *           submission, i.e. top level)
 *   author  author, by, user, username
 *   time    time, created_utc, created_at, timestamp, date, created
 *   text    text, body, content, message
 *   score   score, points, ups
 *   title   title   (a record with a title and no parent is the story)
 *   deleted deleted (true), or author and text both "[deleted]"/"[removed]"
 */
#ifndef TM_INPUT_RECORD_H
#define TM_INPUT_RECORD_H

#include "../text/markup.h"
#include "../util/buf.h"
#include "threadmap.h"

enum { TM_RF_ID, TM_RF_PARENT, TM_RF_AUTHOR, TM_RF_TIME, TM_RF_TEXT,
       TM_RF_SCORE, TM_RF_TITLE, TM_RF_DELETED, TM_RF_LINK, TM_RF_COUNT };

/** One record's fields as borrowed byte ranges (NULL = absent). */
typedef struct tm_record {
  const char *f[TM_RF_COUNT];  /* field values */
  size_t len[TM_RF_COUNT];     /* their lengths */
  size_t line, col;            /* where the record starts */
  int reddit;                  /* Reddit-style (markdown body with &gt;) */
} tm_record;

/** @return the TM_RF_* a field name stands for, or -1. */
int tm__record_field(const char *name, size_t len);

/**
 * Add a record to the thread (or set the story from it).
 * @return TM_OK, TM_ENOMEM, or TM_ELIMIT (comment/field limit; err filled).
 */
int tm__record_add(tm_thread *t, tm_textbuf *tb, const tm_record *r,
                   const char *file, size_t filelen, tm_error *err);

/** Numbers of one record printed as text (record fields point into it). */
typedef struct tm_ndjson_nums {
  char num[TM_RF_COUNT][32];
} tm_ndjson_nums;

struct cJSON;
/** Fill a record from one NDJSON object (fmt_ndjson.c; also item.c). */
void tm__ndjson_record(const struct cJSON *obj, tm_record *r, tm_ndjson_nums *nb,
                       size_t line, size_t col);

/** Scratch of tm__ndjson_scan, kept from record to record. */
typedef struct tm_ndjson_scan {
  tm_buf str;                  /* the record's decoded strings */
  const char *story_id, *story;/* HN dump thread keys as tm__json_str reads them, or NULL */
  size_t story_id_len, story_len;
  char num[2][32];             /* story_id and story when they are numbers */
} tm_ndjson_scan;

/**
 * The fast path of tm__ndjson_record for one line p[0..n) (starting with
 * '{', trailing white space removed), without cJSON (ndjson_scan.c).
 * @return 1 when the record was read (r, nb and sc filled exactly as
 * tm__ndjson_record and tm__json_str would), 0 when the scanner declines
 * (malformed or unusual JSON): parse the line with cJSON then, which
 * gives the record or the error.  r's strings live in sc until the next
 * call.
 */
int tm__ndjson_scan(const char *p, size_t n, tm_record *r, tm_ndjson_nums *nb, tm_ndjson_scan *sc,
                    size_t line, size_t col);

#endif
