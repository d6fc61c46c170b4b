/*
 * report.h - reports and comparisons (internal): text escaping, SVG charts
 * drawn by our own code, and the per-thread summary that both the one-thread
 * report and the comparison of threads read.
 *
 * Everything here appends to a tm_buf and returns TM_OK, TM_ENOMEM or
 * TM_ELIMIT; nothing prints.
 */
#ifndef TM_REPORT_REPORT_H
#define TM_REPORT_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "../util/buf.h"
#include "threadmap.h"

/* ------------------------------------------------------------- escaping */

/**
 * Append s[0..len) escaped for HTML/XML text and attribute values: & < > "
 * ' become entities, invalid UTF-8 becomes U+FFFD, control characters other
 * than tab and newline are dropped.
 */
int tm__esc_html(tm_buf *b, const char *s, size_t len);
int tm__esc_html_z(tm_buf *b, const char *s); /* NUL-terminated; NULL writes nothing */

/**
 * Append s escaped for Markdown inline text (table cells and list items):
 * HTML-significant characters as entities, Markdown punctuation behind a
 * backslash, line breaks as spaces; invalid UTF-8 and controls as above.
 */
int tm__esc_md(tm_buf *b, const char *s, size_t len);

/** Append a CSV field (RFC 4180: quoted when it holds , " CR or LF). */
int tm__esc_csv(tm_buf *b, const char *s);

/**
 * An excerpt of at most `max` bytes of s, cut at a word boundary, ending
 * with "…" when cut; whitespace runs fold to one space.  Written escaped
 * (html = 1: HTML; 0: Markdown).
 */
int tm__excerpt(tm_buf *b, const char *s, size_t len, size_t max, int html);

/* ---------------------------------------------------------------- charts */

/* Okabe & Ito's colorblind-safe palette (2008). */
#define TM_COLOR_NEG "#D55E00"  /* vermillion: negative, disagree */
#define TM_COLOR_NEU "#9A9A9A"  /* grey: neutral */
#define TM_COLOR_POS "#0072B2"  /* blue: positive, agree */
#define TM_COLOR_MIX "#E69F00"  /* orange: mixed */
extern const char *const tm__palette[8]; /* series colors, in order */

/** A point of a line chart: lo/hi is a confidence interval (NAN: none). */
typedef struct tm__pt {
  double x, y, lo, hi;
  size_t n;            /* observations behind the point */
} tm__pt;

typedef struct tm__series {
  const char *name;    /* legend text */
  const char *color;
  const tm__pt *pts;
  size_t npts;
} tm__series;

typedef struct tm__chart {
  const char *title, *xlabel, *ylabel;
  int width, height;               /* pixels (viewBox) */
  double xmin, xmax, ymin, ymax;   /* axes; ymin == ymax: from the data */
  const tm__series *series;
  size_t nseries;
  const char *const *xcats;        /* category names at x = 0, 1, ... (NULL: numeric) */
  size_t ncats;
  size_t small_n;                  /* points with n below this are drawn hollow */
  int show_n;                      /* print n beside each point */
  int yref_on;                     /* a dashed horizontal line at yref */
  double yref;
  const char *note;                /* one line under the chart, or NULL */
} tm__chart;

/** A line chart with points, whiskers, axes, ticks and a legend. */
int tm__svg_lines(tm_buf *b, const tm__chart *c);

typedef struct tm__bars {
  const char *title, *ylabel;
  int width, height;
  const char *const *cats;         /* groups along x */
  size_t ncats;
  const char *const *names;        /* series (stack segments or bars in a group) */
  const char *const *colors;
  size_t nseries;
  const double *v;                 /* ncats x nseries values */
  const double *lo, *hi;           /* ncats x nseries intervals, or NULL; NAN: none */
  const size_t *n;                 /* ncats: observations behind each group, or NULL */
  const size_t *nv;                /* ncats x nseries: observations behind each bar, or NULL */
  size_t small_n;                  /* groups with n below this get a "small n" mark */
  int stacked;                     /* 1: segments stacked (values are shares 0..1) */
  int percent;                     /* 1: y ticks as percentages */
  double ymin, ymax;               /* ymin == ymax: from the data */
  const char *note;
} tm__bars;

/** A stacked or grouped bar chart with optional whiskers and a legend. */
int tm__svg_bars(tm_buf *b, const tm__bars *c);

/** The same chart drawn at (0, dy) inside a larger SVG (no outer <svg>). */
int tm__svg_nest(tm_buf *b, const char *svg, int dy);

/** Write a whole file atomically; create a directory (fine when it exists). */
int tm__write_file(const char *path, const char *data, size_t len, tm_error *err);
int tm__mkdir(const char *path, tm_error *err);

/** "Nice" tick step (1, 2, 2.5 or 5 x 10^k) for about `want` ticks over span. */
double tm__nice_step(double span, int want);

/* ------------------------------------------------------------ statistics */

#define TM_SMALL_N 30 /* fewer observations than this: "small sample" (docs/report.md) */
#define TM_Z95 1.959964

/** Wilson score interval for k successes in n (95%).  n = 0: [0, 1]. */
void tm__wilson(double k, size_t n, double *lo, double *hi);

/** Normal interval of a mean: mean +- 1.96 sd / sqrt(n) (sd from sumsq). */
void tm__mean_ci(double sum, double sumsq, size_t n, double *mean, double *lo, double *hi);
/** The same for compounds: the interval is clipped to [-1, 1], where compounds live. */
void tm__mean_ci_c(double sum, double sumsq, size_t n, double *mean, double *lo, double *hi);

/* --------------------------------------------------------- thread summary */

/** One comment as reports and comparisons see it. */
typedef struct tm__rc {
  int64_t time;        /* TM_TIME_UNKNOWN when unknown */
  uint32_t depth;
  float compound;
  int8_t sent;         /* -1, 0, +1 by the +-0.05 rule; 2: not scored (deleted/empty) */
  uint8_t stance;      /* tm_stance_label */
} tm__rc;

/** One thread's figures for one target. */
typedef struct tm__rtarget {
  char *name;
  size_t comments, mentions;
  double sum, sumsq;   /* of the mentioning comments' target sentiment */
} tm__rtarget;

/** One thread, reduced to what the comparison needs (owns everything). */
typedef struct tm__tsum {
  char *label, *source, *title, *format;
  int64_t t0;               /* the post's time, or the first comment's */
  int t0_is_post;
  size_t n;                 /* comments */
  tm__rc *c;
  size_t participants, max_depth, top_level;
  size_t pos, neu, neg, scored;
  double sum, sumsq;        /* of scored compounds */
  size_t rated, agree, disagree, mixed, neutral;
  double disagreement_rate, controversy;
  tm__rtarget *targets;
  size_t ntargets;
} tm__tsum;

/** Fill `out` from a parsed, scored thread (copies what it keeps). */
int tm__tsum_from_thread(tm__tsum *out, const tm_thread *t, const tm_scores *s);
/** Fill `out` from the JSON document `threadmap score` writes. */
int tm__tsum_from_json(tm__tsum *out, const char *buf, size_t len, const char *path, tm_error *err);
/** Controversy from counts (docs/measures.md). */
double tm__controversy(size_t agree, size_t disagree, size_t mixed, size_t rated);
/** 95% percentile-bootstrap interval of the controversy (fixed seed: reproducible). */
void tm__controversy_ci(const tm__tsum *s, double *lo, double *hi);
void tm__tsum_free(tm__tsum *s);

/** Format a duration in seconds as "3 h", "2 d", "45 min". */
void tm__fmt_duration(double secs, char *buf, size_t size);

#endif
