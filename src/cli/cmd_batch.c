/*
 * cmd_batch.c - `threadmap batch`: archives of threads, in parallel,
 * resumable, within a memory budget.
 *
 *   threadmap batch INPUTS... -o OUTDIR [--graph KIND:FORMAT]... [--jobs N]
 *                   [--mem SIZE] [--tmpdir DIR] [--shard I/N] [-f NAME] [-q]
 *
 * Inputs are files, folders (walked recursively, in name order, hidden
 * entries skipped; a maildir, a folder holding cur/ and new/, is one input)
 * and .zst/.gz files.  Each input is one of:
 *   - an NDJSON dump of interleaved comments (Reddit dump records that name
 *     their thread with link_id, or Hacker News items): records are grouped
 *     by thread key (link_id; for HN items the root reached through parent
 *     links, see below) and each group is parsed as one thread;
 *   - any other file: parsed whole; a source of several threads (mailbox,
 *     Stack Exchange dump, blog export: meta.nthreads > 0) is split with
 *     tm_thread_split() into one thread per root.
 * Thread keys: "INPUT" for a file of one thread, "INPUT#ID" otherwise.
 *
 * Memory: the whole process stays within --mem (default 1 GiB), see
 * S_budget: the baseline left by start-up and a margin come off; a third
 * of the rest is for units in flight (queued or being worked on, charged
 * BT_FLY_FACTOR times their bytes; the queue waits while they would go
 * over it), two thirds for grouping: the groups' lines, the keys, the map
 * from item id to thread key (HN items without a story field; it needs
 * parents before their replies, as the id-ordered HN dumps have them) and
 * the reader's buffers.  Past that budget, every held group and every
 * later record goes to one of BT_PARTS partition files (by a hash of the
 * key) in the temporary folder, and the partitions are then grouped one at
 * a time; one that outgrows the budget is split again by other bits of the
 * hash.  Summary rows are appended to the manifest as threads finish and
 * not kept: the summaries are made from the manifest at the end
 * (bt_summary_rewrite: keys and offsets sorted, rows read back).  A unit
 * bigger than the whole budget runs alone, with a warning.
 *
 * Work: the main thread reads and groups; --jobs worker threads parse,
 * score, write the outputs and render diagrams (Graphviz itself runs behind
 * its own lock).  Every output is written atomically (a temporary file
 * renamed into place).  A thread counts as done once its row is in
 * manifest.ndjson: finished rows are appended in bulk, at most a second or
 * BT_COMMIT_ROWS rows apart, after one syncfs() of the output file system
 * has made the outputs they vouch for durable, and the manifest is then
 * fsync'd (one fsync per file would cost more than the scoring).  Ctrl-C
 * stops taking new threads, lets the running ones finish, and exits 130;
 * a re-run skips what the manifest lists.  Summary files are rewritten,
 * sorted by key, at the end of every run, so they do not depend on --jobs.
 */
#define _GNU_SOURCE /* syncfs */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "cli.h"

#define BT_PARTS 64               /* spill partitions */
#define BT_MAX_GRAPHS 16          /* --graph options */
#define BT_SHOWN_ERRORS 20        /* errors printed on stderr without -v */
#define BT_COMMIT_ROWS 512        /* manifest rows appended at once at most */
#define BT_FLY_FACTOR 4           /* a thread being parsed, scored and written holds
                                     about this many times its records' bytes */
#define BT_MIN_WORK ((size_t)16 << 20) /* the least --mem must leave above the baseline */
#define BT_TRIM_CHARGE ((size_t)4 << 20) /* units this big give freed memory back */
#define BT_PART_DEPTH 4           /* partitions split again at most this deep */

typedef struct {
  tm_graph_kind kind;
  const char *kind_name;
  const char *format; /* svg png pdf dot gv json aif argdown */
} S_graph_spec;

enum { U_FILE, U_DIR, U_GROUP };

typedef struct S_unit {
  int kind;            /* U_* */
  char *source;        /* the input it comes from */
  char *key;           /* U_GROUP: its thread key */
  char *buf;           /* U_GROUP: its records, one per line */
  size_t len;
  tm_format fmt;       /* U_GROUP: ndjson or hn-json */
  int multi;           /* U_FILE: may hold several threads */
  size_t charge;       /* bytes charged to the budget while queued or worked on */
} S_unit;

/* ---------------------------------------------------------------- state */

static struct {
  const char *outdir;
  char *threads_dir, *graphs_dir, *spill_dir;
  tm_options opts;
  S_graph_spec graphs[BT_MAX_GRAPHS];
  int ngraphs;
  int jobs;
  size_t mem;
  /* the memory budget (see S_budget): bytes */
  size_t base;              /* resident after start-up (lexicon, maps, Graphviz) */
  size_t avail;             /* what --mem leaves for the work */
  size_t fly_max;           /* for units queued or being worked on */
  size_t group_max;         /* for grouping: groups, id map, reader */
  size_t fly;               /* charged now by units in flight (under mu) */
  size_t fly_peak;          /* the most charged at once (TM_BATCH_MEM_DEBUG) */
  int warned_big, warned_map;
  unsigned shard_i, shard_n;
  int quiet, verbose, fsync;
  unsigned delay_ms;        /* TM_BATCH_TEST_DELAY_MS: a test hook */
  const tm_lexicon *lex;
  bt_map done;              /* keys of finished threads (manifest) */
  int manifest_fd;
  /* shared counters and lists, under mu */
  pthread_mutex_t mu;
  size_t threads_done, threads_skipped, threads_failed, inputs_failed, bad_records;
  size_t comments_done, errors_shown;
  uint64_t bytes_total, bytes_read;
  char **rows;
  size_t nrows, caprows;
  size_t committed;         /* rows[committed..nrows) are not in the manifest yet */
  size_t manifest_failed;   /* failed appends to the manifest */
  double last_commit;       /* when rows were last committed */
  char **errors;
  size_t nerrors, caperrors;
  /* the work queue */
  pthread_cond_t cv_put, cv_get;
  S_unit **q;
  size_t qcap, qhead, qlen;
  int closing;
} B;

static volatile sig_atomic_t S_stop;

static void S_on_sigint(int sig) {
  (void)sig;
  S_stop = 1;
  signal(SIGINT, SIG_DFL); /* a second Ctrl-C ends the process at once */
}

static void S_unit_free(S_unit *u) {
  if (!u) return;
  free(u->source);
  free(u->key);
  free(u->buf);
  free(u);
}

static int S_push_str(char ***v, size_t *n, size_t *cap, char *s) {
  if (!s) return -1;
  if (*n == *cap) {
    size_t c = *cap ? *cap * 2 : 64;
    char **p = realloc(*v, c * sizeof *p);
    if (!p) {
      free(s);
      return -1;
    }
    *v = p;
    *cap = c;
  }
  (*v)[(*n)++] = s;
  return 0;
}

/* Record an error: errors.ndjson and, the first few, stderr. */
static void S_error(const char *source, const char *key, const tm_error *err, const char *fallback) {
  bt_buf b = {0};
  const char *msg = err && err->msg[0] ? err->msg : (fallback ? fallback : tm_strerror(err ? err->code : 0));
  bt_puts(&b, "{\"source\":");
  bt_json_str(&b, source);
  bt_printf(&b, ",\"line\":%zu,\"col\":%zu,\"offset\":%zu,\"key\":", err ? err->line : 0,
            err ? err->col : 0, err ? err->offset : 0);
  bt_json_str(&b, key);
  bt_puts(&b, ",\"reason\":");
  bt_json_str(&b, msg);
  bt_puts(&b, "}");
  pthread_mutex_lock(&B.mu);
  if (!B.quiet && (B.verbose || B.errors_shown < BT_SHOWN_ERRORS)) {
    B.errors_shown++;
    tm_error e;
    memset(&e, 0, sizeof e);
    if (err) e = *err;
    bt_buf m = {0};
    bt_printf(&m, "%s%s%s", key ? key : "", key ? ": " : "", msg);
    size_t ml = m.len < sizeof e.msg - 1 ? m.len : sizeof e.msg - 1;
    if (m.p) memcpy(e.msg, m.p, ml);
    e.msg[ml] = '\0';
    bt_free(&m);
    fputs(isatty(2) ? "\r\033[K" : "", stderr);
    cli_print_error(source, &e);
  }
  if (b.p) S_push_str(&B.errors, &B.nerrors, &B.caperrors, b.p);
  pthread_mutex_unlock(&B.mu);
}

/* ---------------------------------------------------------------- memory */

/* Resident bytes now (Linux /proc/self/statm; 0 when unknown). */
static size_t S_rss(void) {
  FILE *f = fopen("/proc/self/statm", "r");
  unsigned long size = 0, res = 0;
  if (!f) return 0;
  int ok = fscanf(f, "%lu %lu", &size, &res) == 2;
  fclose(f);
  long pg = sysconf(_SC_PAGESIZE);
  return ok && pg > 0 ? (size_t)res * (size_t)pg : 0;
}

/* Freed memory goes back to the system promptly: buffers of 4 MiB and more
 * (big groups and threads) are mapped on their own and unmapped when freed
 * (glibc would otherwise raise the threshold after the first such free and
 * keep them in the heap), and the heap's free top is trimmed past 1 MiB. */
static void S_malloc_setup(void) {
  mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 1024 * 1024);
}

/* Split --mem: the baseline (what start-up left resident: the lexicon,
 * the done-keys map, Graphviz) and a margin (allocator slack, stacks,
 * stdio and error lists) come off first; a third of the rest is for the
 * units in flight (queued or being parsed, scored and written, each
 * charged BT_FLY_FACTOR times its records' bytes), two thirds for grouping
 * (groups, the id map and the reader's buffers). */
static void S_budget(void) {
  malloc_trim(0);
  B.base = S_rss();
  size_t left = B.mem > B.base ? B.mem - B.base : 0;
  size_t margin = ((size_t)4 << 20) + left / 8;
  B.avail = left > margin + BT_MIN_WORK / 2 ? left - margin : BT_MIN_WORK / 2;
  B.fly_max = B.avail / 3;
  B.group_max = B.avail - B.fly_max;
  /* a test hook: a tiny grouping budget, to spill and split partitions */
  const char *t = getenv("TM_BATCH_TEST_GROUP_BYTES");
  if (t) B.group_max = (size_t)strtoull(t, NULL, 10);
}

static int S_mine(const char *key) {
  return B.shard_n <= 1 || bt_hash(key) % B.shard_n == B.shard_i;
}

static int S_is_done(const char *key) { return bt_map_get(&B.done, key) != NULL; }

/* ---------------------------------------------------------------- queue */

/* Wait on a condition at most 100 ms: a signal handler cannot wake a
 * condition variable, so waiters look at S_stop that often. */
static void S_wait(pthread_cond_t *cv) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  ts.tv_nsec += 100000000L;
  if (ts.tv_nsec >= 1000000000L) ts.tv_sec++, ts.tv_nsec -= 1000000000L;
  pthread_cond_timedwait(cv, &B.mu, &ts);
}

/* Queue a unit once the in-flight budget has room for its charge (a unit
 * bigger than that budget waits until nothing else is in flight, then goes
 * alone).  grouped: the bytes the caller's grouping holds meanwhile. */
static int S_enqueue(S_unit *u, size_t grouped) {
  pthread_mutex_lock(&B.mu);
  while ((B.qlen == B.qcap || (B.fly && B.fly + u->charge > B.fly_max)) && !S_stop)
    S_wait(&B.cv_put);
  if (S_stop) {
    pthread_mutex_unlock(&B.mu);
    S_unit_free(u);
    return -1;
  }
  if (u->charge + grouped > B.avail && !B.quiet) {
    fprintf(stderr, "%sthreadmap: warning: %s needs about %zu MiB, more than --mem %zu MiB leaves "
            "(%zu MiB after start-up); it is processed anyway, so memory may go over --mem\n",
            isatty(2) ? "\r\033[K" : "", u->key ? u->key : u->source,
            u->charge >> 20, B.mem >> 20, B.avail >> 20);
    B.warned_big++;
  }
  B.fly += u->charge;
  if (B.fly > B.fly_peak) B.fly_peak = B.fly;
  B.q[(B.qhead + B.qlen) % B.qcap] = u;
  B.qlen++;
  pthread_cond_signal(&B.cv_get);
  pthread_mutex_unlock(&B.mu);
  return 0;
}

static S_unit *S_dequeue(void) {
  pthread_mutex_lock(&B.mu);
  while (!B.qlen && !B.closing && !S_stop) S_wait(&B.cv_get);
  S_unit *u = NULL;
  if (B.qlen && !S_stop) {
    u = B.q[B.qhead];
    B.qhead = (B.qhead + 1) % B.qcap;
    B.qlen--;
    pthread_cond_signal(&B.cv_put);
  }
  pthread_mutex_unlock(&B.mu);
  return u;
}

/* ---------------------------------------------------------------- output */

static void S_sleep_ms(unsigned ms) {
  struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) && errno == EINTR && !S_stop) {
  }
}

static void S_iso(bt_buf *b, const char *key, int64_t t) {
  bt_printf(b, ",\"%s\":", key);
  if (t == TM_TIME_UNKNOWN) {
    bt_puts(b, "null");
    return;
  }
  time_t tt = (time_t)t;
  struct tm tmv;
  char iso[32];
  if (!gmtime_r(&tt, &tmv) || !strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tmv)) {
    bt_puts(b, "null");
    return;
  }
  bt_json_str(b, iso);
}

/* The summary row of a scored thread. */
static char *S_row(const char *key, const char *name, const char *source, const tm_thread *t,
                   const tm_scores *sc) {
  const tm_meta *m = tm_thread_meta(t);
  tm_stats st;
  tm_thread_stats(t, &st);
  tm_measures me;
  if (tm_thread_measures(t, sc, &me)) return NULL;
  bt_buf b = {0};
  bt_puts(&b, "{\"key\":");
  bt_json_str(&b, key);
  bt_puts(&b, ",\"name\":");
  bt_json_str(&b, name);
  bt_puts(&b, ",\"source\":");
  bt_json_str(&b, source);
  bt_puts(&b, ",\"format\":");
  bt_json_str(&b, tm_format_name(m->format));
  bt_puts(&b, ",\"id\":");
  bt_json_str(&b, m->id);
  bt_puts(&b, ",\"title\":");
  bt_json_str(&b, m->title);
  bt_puts(&b, ",\"author\":");
  bt_json_str(&b, m->author);
  S_iso(&b, "time", m->time);
  bt_printf(&b, ",\"comments\":%zu,\"participants\":%zu,\"top_level\":%zu,\"max_depth\":%zu,"
                "\"orphans\":%zu,\"deleted\":%zu",
            st.comments, st.participants, st.top_level, st.max_depth, st.orphans, st.deleted);
  S_iso(&b, "first_comment", st.first_time);
  S_iso(&b, "last_comment", st.last_time);
  bt_printf(&b, ",\"rated\":%zu,\"agree\":%zu,\"disagree\":%zu,\"mixed\":%zu,\"neutral\":%zu",
            me.rated, me.agree, me.disagree, me.mixed, me.neutral);
  bt_printf(&b, ",\"disagreement_rate\":%.4f,\"controversy\":%.4f", me.disagreement_rate,
            me.controversy);
  if (me.polarization < 0) bt_puts(&b, ",\"polarization\":null");
  else bt_printf(&b, ",\"polarization\":%.4f", me.polarization);
  bt_printf(&b, ",\"mean_sentiment\":%.4f,\"positive\":%zu,\"negative\":%zu,\"neutral_sentiment\":%zu}",
            me.mean_sentiment, me.positive, me.negative, me.neutral_sentiment);
  return b.p;
}

/* Write one output atomically through a writer callback. */
typedef int (*S_writer)(void *ctx, tm_write_fn w, void *f, tm_error *err);

static int S_write_out(const char *path, S_writer fn, void *ctx, tm_error *err) {
  tm_outfile *f = NULL;
  int rc = tm_outfile_open(&f, path, err);
  if (rc) return rc;
  tm_outfile_set_sync(f, 0); /* synced in bulk before the manifest says done */
  rc = fn(ctx, tm_outfile_write, f, err);
  if (rc) {
    tm_outfile_abort(f);
    if (err && !err->msg[0]) snprintf(err->msg, sizeof err->msg, "cannot write %s", path);
    return rc;
  }
  return tm_outfile_commit(f, err);
}

typedef struct {
  const tm_thread *t;
  const tm_scores *sc;
  const S_graph_spec *g;
} S_ctx;

static int S_w_json(void *c, tm_write_fn w, void *f, tm_error *err) {
  S_ctx *x = c;
  (void)err;
  return tm_write_json_scored(x->t, x->sc, 0, w, f);
}

static int S_w_graph(void *c, tm_write_fn w, void *f, tm_error *err) {
  S_ctx *x = c;
  if (!strcmp(x->g->format, "aif")) return tm_write_aif(x->t, x->sc, w, f);
  if (!strcmp(x->g->format, "argdown")) return tm_write_argdown(x->t, x->sc, w, f);
  tm_graph_options go = TM_GRAPH_OPTIONS_INIT;
  go.kind = x->g->kind;
  tm_graph *g = NULL;
  int rc = tm_graph_build(&g, x->t, x->sc, &go, err);
  if (rc == TM_OK) rc = tm_graph_render(g, x->g->format, w, f, err);
  tm_graph_free(g);
  return rc;
}

static double S_now(void);

/* Append the finished rows to the manifest, after the outputs they vouch
 * for are on disk.  The caller holds B.mu. */
static void S_commit_rows(int force) {
  if (B.committed == B.nrows) return;
  double now = S_now();
  if (!force && B.nrows - B.committed < BT_COMMIT_ROWS && now - B.last_commit < 1.0) return;
  if (B.fsync) syncfs(B.manifest_fd);
  bt_buf b = {0};
  for (size_t i = B.committed; i < B.nrows; i++)
    if (bt_puts(&b, B.rows[i]) || bt_put(&b, "\n", 1)) {
      bt_free(&b);
      return;
    }
  /* one write() of whole lines: O_APPEND keeps them whole */
  const char *p = b.p;
  size_t left = b.len;
  while (left) {
    ssize_t w = write(B.manifest_fd, p, left);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) break;
    p += w;
    left -= (size_t)w;
  }
  bt_free(&b);
  B.last_commit = now;
  if (left) {
    /* kept in memory, and tried again at the next commit */
    if (!B.manifest_failed++)
      fprintf(stderr, "threadmap: %s/manifest.ndjson: cannot append: %s\n", B.outdir, strerror(errno));
    return;
  }
  if (B.fsync) fsync(B.manifest_fd);
  /* the rows live in the manifest now: summaries are made from it at the end */
  for (size_t i = 0; i < B.nrows; i++) free(B.rows[i]);
  B.nrows = B.committed = 0;
}

/* Score a thread and write everything it gets; then it is done. */
static void S_thread_out(tm_thread *t, const char *key, const char *source) {
  tm_error err;
  memset(&err, 0, sizeof err);
  char *name = bt_name(key);
  tm_scores *sc = NULL;
  char *row = NULL;
  bt_buf path = {0};
  int ok = 0;
  if (!name) goto done;
  if (B.delay_ms) S_sleep_ms(B.delay_ms);
  if (tm_thread_score(&sc, t, B.lex, NULL, 0)) {
    snprintf(err.msg, sizeof err.msg, "out of memory while scoring");
    S_error(source, key, &err, NULL);
    goto done;
  }
  S_ctx ctx = {t, sc, NULL};
  bt_printf(&path, "%s/%s.json", B.threads_dir, name);
  if (S_write_out(path.p, S_w_json, &ctx, &err)) {
    S_error(source, key, &err, "cannot write the thread");
    goto done;
  }
  for (int k = 0; k < B.ngraphs; k++) {
    ctx.g = &B.graphs[k];
    path.len = 0;
    const char *ext = !strcmp(ctx.g->format, "aif") ? "aif.json" : ctx.g->format;
    bt_printf(&path, "%s/%s.%s.%s", B.graphs_dir, name, ctx.g->kind_name, ext);
    memset(&err, 0, sizeof err);
    if (S_write_out(path.p, S_w_graph, &ctx, &err)) {
      S_error(source, key, &err, "cannot draw the diagram");
      goto done;
    }
  }
  row = S_row(key, name, source, t, sc);
  if (!row) goto done;
  pthread_mutex_lock(&B.mu);
  B.threads_done++;
  B.comments_done += tm_thread_count(t);
  S_push_str(&B.rows, &B.nrows, &B.caprows, row);
  S_commit_rows(0);
  pthread_mutex_unlock(&B.mu);
  row = NULL;
  ok = 1;
done:
  if (!ok) {
    pthread_mutex_lock(&B.mu);
    B.threads_failed++;
    pthread_mutex_unlock(&B.mu);
  }
  free(row);
  bt_free(&path);
  tm_scores_free(sc);
  free(name);
}

/* A file (or maildir) parsed whole; split when it holds several threads. */
static void S_run_file(S_unit *u) {
  tm_thread *t = NULL;
  tm_error err;
  memset(&err, 0, sizeof err);
  int rc = tm_thread_parse_file(&t, u->source, &B.opts, &err);
  if (rc) {
    S_error(u->source, NULL, &err, NULL);
    pthread_mutex_lock(&B.mu);
    B.inputs_failed++;
    pthread_mutex_unlock(&B.mu);
    return;
  }
  if (tm_thread_meta(t)->nthreads == 0) {
    if (!S_mine(u->source)) {
    } else if (S_is_done(u->source)) {
      pthread_mutex_lock(&B.mu);
      B.threads_skipped++;
      pthread_mutex_unlock(&B.mu);
    } else {
      S_thread_out(t, u->source, u->source);
    }
    tm_thread_free(t);
    return;
  }
  size_t cursor = 0;
  bt_buf key = {0};
  while (!S_stop) {
    tm_thread *s = NULL;
    if (tm_thread_split(&s, t, &cursor, &err)) {
      S_error(u->source, NULL, &err, NULL);
      pthread_mutex_lock(&B.mu);
      B.inputs_failed++;
      pthread_mutex_unlock(&B.mu);
      break;
    }
    if (!s) break;
    key.len = 0;
    bt_printf(&key, "%s#%s", u->source, tm_thread_meta(s)->id ? tm_thread_meta(s)->id : "");
    if (!S_mine(key.p)) {
    } else if (S_is_done(key.p)) {
      pthread_mutex_lock(&B.mu);
      B.threads_skipped++;
      pthread_mutex_unlock(&B.mu);
    } else {
      S_thread_out(s, key.p, u->source);
    }
    tm_thread_free(s);
  }
  bt_free(&key);
  tm_thread_free(t);
}

static void S_run_group(S_unit *u) {
  tm_options o = B.opts;
  o.format = u->fmt;
  tm_thread *t = NULL;
  tm_error err;
  memset(&err, 0, sizeof err);
  err.path = u->source;
  int rc = tm_thread_parse(&t, u->buf, u->len, &o, &err);
  free(u->buf);
  u->buf = NULL;
  if (rc) {
    /* positions are inside the group, not the input: keep only the reason */
    err.line = err.col = err.offset = 0;
    S_error(u->source, u->key, &err, NULL);
    pthread_mutex_lock(&B.mu);
    B.threads_failed++;
    pthread_mutex_unlock(&B.mu);
    return;
  }
  S_thread_out(t, u->key, u->source);
  tm_thread_free(t);
}

static void *S_worker(void *arg) {
  (void)arg;
  S_unit *u;
  while ((u = S_dequeue())) {
    if (u->kind == U_GROUP) S_run_group(u);
    else S_run_file(u);
    size_t c = u->charge;
    S_unit_free(u);
    /* a big thread's many small blocks, freed, would stay in this thread's
     * malloc arena, resident and no longer charged: give them back */
    if (c >= BT_TRIM_CHARGE) malloc_trim(0);
    pthread_mutex_lock(&B.mu);
    B.fly -= c;
    pthread_cond_signal(&B.cv_put);
    pthread_mutex_unlock(&B.mu);
  }
  return NULL;
}

/* ---------------------------------------------------------------- progress */

static double S_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int S_progress_on;
static double S_t0;

static void S_progress(int final) {
  if (!S_progress_on) return;
  pthread_mutex_lock(&B.mu);
  double dt = S_now() - S_t0;
  double mb = (double)B.bytes_read / 1e6;
  double rate = dt > 0 ? mb / dt : 0;
  char eta[32] = "";
  if (B.bytes_total && rate > 0 && B.bytes_read < B.bytes_total) {
    double left = ((double)(B.bytes_total - B.bytes_read) / 1e6) / rate;
    snprintf(eta, sizeof eta, ", ETA %d:%02d", (int)left / 60, (int)left % 60);
  }
  fprintf(stderr, "\r\033[Kbatch: %zu threads, %zu comments, %.1f MB/s%s%s", B.threads_done,
          B.comments_done, rate, eta, final ? "\n" : "");
  pthread_mutex_unlock(&B.mu);
}

static void *S_progress_thread(void *arg) {
  (void)arg;
  for (;;) {
    for (int k = 0; k < 5; k++) {
      S_sleep_ms(100);
      pthread_mutex_lock(&B.mu);
      int end = B.closing;
      pthread_mutex_unlock(&B.mu);
      if (end) return NULL;
    }
    S_progress(0);
  }
}

/* ---------------------------------------------------------------- grouping */

typedef struct {
  bt_buf data;    /* records, one per line */
} S_group;

static void S_group_free(void *p) {
  S_group *g = p;
  if (!g) return;
  bt_free(&g->data);
  free(g);
}

/* BT_PARTS spill files, unlinked at once (gone with the process). */
typedef struct {
  FILE *f[BT_PARTS];
} S_parts;

typedef struct {
  const char *source;
  tm_format fmt;
  const tm_reader *r; /* its buffers count against the grouping budget */
  bt_map groups;      /* thread key -> S_group */
  bt_map roots;       /* item id -> thread key (records that do not name their thread) */
  bt_map skipped;     /* keys of threads done before (counted once) */
  size_t held;        /* bytes held by groups */
  S_parts top;        /* the partitions of a spilled file */
  int spilled;
} S_grouper;

static size_t S_used(const S_grouper *g) {
  return g->held + g->groups.bytes + g->roots.bytes + g->skipped.bytes + tm_reader_mem(g->r);
}

static int S_parts_open(S_parts *p) {
  if (bt_mkdirs(B.spill_dir)) return -1;
  bt_buf path = {0};
  int rc = 0;
  for (int k = 0; k < BT_PARTS && !rc; k++) {
    path.len = 0;
    bt_printf(&path, "%s/part-XXXXXX", B.spill_dir);
    int fd = path.p ? mkstemp(path.p) : -1;
    if (fd >= 0) unlink(path.p);
    p->f[k] = fd >= 0 ? fdopen(fd, "w+b") : NULL;
    if (!p->f[k]) {
      if (fd >= 0) close(fd);
      rc = -1;
    }
  }
  bt_free(&path);
  return rc;
}

static void S_parts_close(S_parts *p) {
  for (int k = 0; k < BT_PARTS; k++)
    if (p->f[k]) fclose(p->f[k]), p->f[k] = NULL;
}

/* A record to its partition at a depth (each depth uses other bits of the
 * key's hash): "KEY\tLINE\n" (keys hold no tab or newline). */
static int S_part_put(S_parts *p, int depth, const char *key, const char *line, size_t len) {
  FILE *f = p->f[(bt_hash(key) >> (6 * depth)) % BT_PARTS];
  return fputs(key, f) < 0 || fputc('\t', f) < 0 || fwrite(line, 1, len, f) != len ||
                 fputc('\n', f) < 0
             ? -1
             : 0;
}

/* Every held group into partitions, and the groups freed. */
static int S_spill_to(S_grouper *g, S_parts *p, int depth) {
  for (size_t i = 0; i < g->groups.cap; i++) {
    const char *key = g->groups.keys[i];
    if (!key) continue;
    S_group *gr = g->groups.vals[i];
    /* the group's lines, each prefixed by its key */
    const char *s = gr->data.p, *end = s + gr->data.len;
    while (s < end) {
      const char *nl = memchr(s, '\n', (size_t)(end - s));
      if (S_part_put(p, depth, key, s, (size_t)(nl - s))) return -1;
      s = nl + 1;
    }
  }
  bt_map_free(&g->groups, S_group_free);
  g->held = 0;
  return 0;
}

static int S_spill(S_grouper *g) {
  if (S_parts_open(&g->top)) return -1;
  g->spilled = 1;
  return S_spill_to(g, &g->top, 0);
}

static int S_group_line(S_grouper *g, const char *key, const char *line, size_t len) {
  int fresh;
  void **v = bt_map_put(&g->groups, key, &fresh);
  if (!v) return -1;
  if (fresh) {
    *v = calloc(1, sizeof(S_group));
    if (!*v) return -1;
  }
  S_group *gr = *v;
  size_t before = gr->data.cap;
  if (bt_put(&gr->data, line, len) || bt_put(&gr->data, "\n", 1)) return -1;
  g->held += gr->data.cap - before;
  return 0;
}

static int S_add(S_grouper *g, const char *key, const char *line, size_t len) {
  if (g->spilled) {
    if (S_used(g) > B.group_max && !B.warned_map++ && !B.quiet)
      fprintf(stderr, "%sthreadmap: warning: %s: the map from item id to thread (%zu MiB) is over "
              "what --mem leaves for grouping (%zu MiB); it stays in memory, so memory may go "
              "over --mem\n", isatty(2) ? "\r\033[K" : "", g->source, g->roots.bytes >> 20,
              B.group_max >> 20);
    return S_part_put(&g->top, 0, key, line, len);
  }
  if (S_group_line(g, key, line, len)) return -1;
  if (S_used(g) > B.group_max) return S_spill(g);
  return 0;
}

static int S_cmp_cstr(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Hand every held group to the workers, in key order. */
static int S_flush_groups(S_grouper *g) {
  size_t n = 0;
  char **keys = malloc((g->groups.n ? g->groups.n : 1) * sizeof *keys);
  if (!keys) return -1;
  for (size_t i = 0; i < g->groups.cap; i++)
    if (g->groups.keys[i]) keys[n++] = g->groups.keys[i];
  if (n) qsort(keys, n, sizeof *keys, S_cmp_cstr);
  int rc = 0;
  for (size_t i = 0; i < n && !rc; i++) {
    S_group *gr = *bt_map_get(&g->groups, keys[i]);
    S_unit *u = calloc(1, sizeof *u);
    if (!u) {
      rc = -1;
      break;
    }
    u->kind = U_GROUP;
    u->source = strdup(g->source);
    u->key = strdup(keys[i]);
    u->fmt = g->fmt;
    u->buf = gr->data.p;
    u->len = gr->data.len;
    u->charge = gr->data.len * BT_FLY_FACTOR + (gr->data.cap - gr->data.len);
    g->held -= gr->data.cap < g->held ? gr->data.cap : g->held;
    gr->data.p = NULL;
    gr->data.len = gr->data.cap = 0;
    if (S_enqueue(u, S_used(g))) rc = -1;
  }
  free(keys);
  bt_map_free(&g->groups, S_group_free);
  g->held = 0;
  return rc;
}

/* Group one partition file (then closed) and hand its groups out.  When its
 * groups outgrow the grouping budget, it is split again into BT_PARTS
 * partitions by other bits of the key's hash, and each is grouped in turn;
 * a single thread over the budget is grouped alone (S_enqueue warns). */
static int S_flush_part(S_grouper *g, FILE *f, int depth) {
  char *line = NULL;
  size_t cap = 0;
  int rc = 0;
  S_parts sub;
  int split = 0;
  memset(&sub, 0, sizeof sub);
  rewind(f);
  ssize_t n;
  while (!rc && !S_stop && (n = getline(&line, &cap, f)) > 0) {
    if (line[n - 1] == '\n') line[--n] = '\0';
    char *tab = memchr(line, '\t', (size_t)n);
    if (!tab) continue;
    *tab = '\0';
    size_t ll = (size_t)(line + n - (tab + 1));
    if (split) {
      rc = S_part_put(&sub, depth + 1, line, tab + 1, ll);
      continue;
    }
    rc = S_group_line(g, line, tab + 1, ll);
    if (!rc && S_used(g) > B.group_max && g->groups.n > 1 && depth + 1 < BT_PART_DEPTH) {
      split = 1;
      rc = S_parts_open(&sub) || S_spill_to(g, &sub, depth + 1);
    }
  }
  free(line);
  fclose(f);
  if (!rc && S_stop) rc = -1;
  if (!rc && !split) rc = S_flush_groups(g);
  for (int k = 0; k < BT_PARTS && split; k++) {
    FILE *sf = sub.f[k];
    sub.f[k] = NULL;
    if (sf && !rc) rc = S_flush_part(g, sf, depth + 1);
    else if (sf) fclose(sf);
  }
  return rc;
}

/* After a spilled file: group each partition in turn. */
static int S_flush_parts(S_grouper *g) {
  int rc = 0;
  g->spilled = 0;
  for (int k = 0; k < BT_PARTS; k++) {
    FILE *f = g->top.f[k];
    g->top.f[k] = NULL;
    if (f && !rc) rc = S_flush_part(g, f, 0);
    else if (f) fclose(f);
  }
  return rc;
}

static void S_grouper_end(S_grouper *g) {
  S_parts_close(&g->top);
  bt_map_free(&g->groups, S_group_free);
  bt_map_free(&g->roots, free);
  bt_map_free(&g->skipped, NULL);
  rmdir(B.spill_dir);
}

/* The thread key of a record that does not name its thread: the key of
 * its parent, found in the map, or its parent, or itself. */
static const char *S_root_key(S_grouper *g, const tm_item *it) {
  const char *key = it->id;
  if (it->parent_id) {
    void **v = bt_map_get(&g->roots, it->parent_id);
    key = v ? *v : it->parent_id;
  }
  int fresh;
  void **slot = bt_map_put(&g->roots, it->id, &fresh);
  if (slot && fresh) {
    *slot = strdup(key);
    if (*slot) g->roots.bytes += bt_heap_bytes(strlen(key) + 1);
    return *slot;
  }
  return slot && *slot ? *slot : key;
}

/* Read an NDJSON dump, group it, hand the groups to the workers. */
static void S_run_dump(const char *source, tm_format fmt) {
  tm_error err;
  memset(&err, 0, sizeof err);
  tm_reader *r = NULL;
  tm_item_parser *ip = NULL;
  S_grouper g;
  memset(&g, 0, sizeof g);
  g.source = source;
  g.fmt = fmt;
  int failed = 0;
  bt_buf key = {0};
  uint64_t last = 0;
  if (tm_reader_open(&r, source, &err)) {
    S_error(source, NULL, &err, NULL);
    failed = 1;
    goto end;
  }
  g.r = r;
  tm_reader_set_max_line(r, B.opts.max_field ? B.opts.max_field * 2 : 0);
  tm_options io = B.opts;
  io.format = fmt;
  if (tm_item_parser_new(&ip, &io)) {
    failed = 1;
    goto end;
  }
  for (;;) {
    if (S_stop) goto end;
    const char *line;
    size_t len;
    memset(&err, 0, sizeof err);
    int rc = tm_reader_line(r, &line, &len, &err);
    uint64_t off = tm_reader_offset(r);
    if (off != last) {
      pthread_mutex_lock(&B.mu);
      B.bytes_read += off - last;
      pthread_mutex_unlock(&B.mu);
      last = off;
    }
    if (rc) {
      /* a corrupt or truncated stream: the file fails as a whole (its
       * threads may be incomplete); a re-run retries it */
      S_error(source, NULL, &err, NULL);
      failed = 1;
      goto end;
    }
    if (!line) break;
    tm_item it;
    size_t lineno = tm_reader_lineno(r);
    rc = tm_item_parse(ip, line, len, lineno, &it, &err);
    if (rc == TM_EEMPTY) continue;
    if (rc) {
      S_error(source, NULL, &err, NULL);
      pthread_mutex_lock(&B.mu);
      B.bad_records++;
      pthread_mutex_unlock(&B.mu);
      continue;
    }
    const char *tk = it.link ? it.link : S_root_key(&g, &it);
    key.len = 0;
    bt_printf(&key, "%s#", source);
    for (const char *s = tk; *s; s++) bt_put(&key, *s == '\t' || *s == '\n' ? " " : s, 1);
    if (!S_mine(key.p)) continue;
    if (S_is_done(key.p)) {
      int fresh;
      if (bt_map_put(&g.skipped, key.p, &fresh) && fresh) {
        pthread_mutex_lock(&B.mu);
        B.threads_skipped++;
        pthread_mutex_unlock(&B.mu);
      }
      continue;
    }
    if (S_add(&g, key.p, line, len)) {
      snprintf(err.msg, sizeof err.msg, "cannot hold or spill the groups (out of memory or temporary folder %s not writable)", B.spill_dir);
      err.line = err.col = 0;
      S_error(source, NULL, &err, NULL);
      failed = 1;
      goto end;
    }
  }
  if (g.spilled ? S_flush_parts(&g) : S_flush_groups(&g)) {
    if (!S_stop) {
      memset(&err, 0, sizeof err);
      S_error(source, NULL, &err, "out of memory handing out the threads");
      failed = 1;
    }
  }
end:
  if (failed) {
    pthread_mutex_lock(&B.mu);
    B.inputs_failed++;
    pthread_mutex_unlock(&B.mu);
  }
  bt_free(&key);
  g.r = NULL;
  S_grouper_end(&g);
  tm_item_parser_free(ip);
  tm_reader_close(r);
}

/* Which kind of input: an NDJSON dump of interleaved threads (records that
 * name their thread, or Hacker News items), a file to parse whole, or one
 * that may hold several threads. */
static int S_classify(const char *path, tm_format *fmt, int *multi) {
  *fmt = TM_FMT_AUTO;
  *multi = 0;
  tm_reader *r;
  if (tm_reader_open(&r, path, NULL)) return U_FILE; /* the worker reports it */
  const char *line;
  size_t len;
  int kind = U_FILE;
  char *head = NULL;
  size_t hn = 0;
  while (tm_reader_line(r, &line, &len, NULL) == TM_OK && line) {
    size_t s = 0;
    while (s < len && (line[s] == ' ' || line[s] == '\t' || line[s] == '\r')) s++;
    if (s == len) continue;
    head = malloc(len - s + 1);
    if (head) memcpy(head, line + s, len - s), hn = len - s, head[hn] = '\0';
    break;
  }
  tm_reader_close(r);
  if (!head) return U_FILE;
  tm_format forced = B.opts.format;
  tm_format f = forced != TM_FMT_AUTO ? forced : tm_detect_format(head, hn);
  if (head[0] == '{' && (f == TM_FMT_NDJSON || f == TM_FMT_HN_JSON)) {
    int dump = 0;
    if (f == TM_FMT_HN_JSON) {
      /* Firebase items, one per line (the Algolia form nests children) */
      dump = !strstr(head, "\"children\"");
    } else {
      tm_item_parser *ip;
      tm_item it;
      tm_options o = B.opts;
      o.format = TM_FMT_NDJSON;
      if (tm_item_parser_new(&ip, &o) == TM_OK) {
        if (tm_item_parse(ip, head, hn, 1, &it, NULL) == TM_OK)
          dump = it.link != NULL || (it.is_story && strstr(head, "\"subreddit\"") != NULL);
        tm_item_parser_free(ip);
      }
    }
    if (dump) {
      *fmt = f;
      kind = U_GROUP;
    }
  }
  if (kind == U_FILE) {
    /* may the file hold several threads?  Then every shard parses it */
    tm_reader *r2;
    char *buf = NULL;
    size_t n = 0;
    if (tm_reader_open(&r2, path, NULL) == TM_OK) {
      buf = malloc(65536);
      while (buf && n < 65536 && tm_reader_line(r2, &line, &len, NULL) == TM_OK && line) {
        size_t take = len + 1 <= 65536 - n ? len : 65536 - n - 1;
        memcpy(buf + n, line, take);
        n += take;
        buf[n++] = '\n';
      }
      tm_reader_close(r2);
    }
    tm_format d = buf ? (forced != TM_FMT_AUTO ? forced : tm_detect_format(buf, n)) : TM_FMT_AUTO;
    *multi = d == TM_FMT_MBOX || d == TM_FMT_STACKEXCHANGE_XML || d == TM_FMT_WXR ||
             d == TM_FMT_DISQUS_XML;
    free(buf);
  }
  free(head);
  return kind;
}

/* ---------------------------------------------------------------- inputs */

typedef struct {
  char **paths;
  int *dir; /* 1: a maildir */
  size_t n, cap;
} S_inputs;

static int S_add_input(S_inputs *in, char *path, int dir) {
  if (!path) return -1;
  if (in->n == in->cap) {
    size_t c = in->cap ? in->cap * 2 : 64;
    char **p = realloc(in->paths, c * sizeof *p);
    int *d = realloc(in->dir, c * sizeof *d);
    if (p) in->paths = p;
    if (d) in->dir = d;
    if (!p || !d) {
      free(path);
      return -1;
    }
    in->cap = c;
  }
  in->paths[in->n] = path;
  in->dir[in->n++] = dir;
  return 0;
}

static int S_is_dir(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int S_is_maildir(const char *p) {
  bt_buf a = {0}, b = {0};
  bt_printf(&a, "%s/cur", p);
  bt_printf(&b, "%s/new", p);
  int r = a.p && b.p && S_is_dir(a.p) && S_is_dir(b.p);
  bt_free(&a);
  bt_free(&b);
  return r;
}

static char *S_join(const char *dir, const char *name) {
  bt_buf b = {0};
  size_t n = strlen(dir);
  while (n > 1 && dir[n - 1] == '/') n--;
  bt_put(&b, dir, n);
  bt_put(&b, "/", 1);
  bt_puts(&b, name);
  return b.p;
}

/* Walk a folder in name order without recursion on the C stack. */
static int S_walk(S_inputs *in, const char *root, dev_t out_dev, ino_t out_ino) {
  char **stack = NULL;
  size_t ns = 0, cs = 0;
  if (S_push_str(&stack, &ns, &cs, strdup(root))) return -1;
  while (ns) {
    char *dir = stack[--ns];
    struct stat st;
    if (stat(dir, &st) == 0 && st.st_dev == out_dev && st.st_ino == out_ino) {
      free(dir); /* the output folder inside an input folder */
      continue;
    }
    if (S_is_maildir(dir) && strcmp(dir, root)) {
      S_add_input(in, dir, 1);
      continue;
    }
    DIR *d = opendir(dir);
    if (!d) {
      tm_error e;
      memset(&e, 0, sizeof e);
      snprintf(e.msg, sizeof e.msg, "cannot read the folder: %s", strerror(errno));
      S_error(dir, NULL, &e, NULL);
      B.inputs_failed++;
      free(dir);
      continue;
    }
    char **names = NULL;
    size_t nn = 0, cn = 0;
    struct dirent *e;
    while ((e = readdir(d)))
      if (e->d_name[0] != '.') S_push_str(&names, &nn, &cn, strdup(e->d_name));
    closedir(d);
    if (nn) qsort(names, nn, sizeof *names, S_cmp_cstr);
    /* files now, in order; folders onto the stack in reverse so they come
     * out in order, after this folder's files */
    for (size_t i = 0; i < nn; i++) {
      char *p = S_join(dir, names[i]);
      struct stat ls;
      if (!p || lstat(p, &ls)) {
        free(p);
        continue;
      }
      if (S_ISDIR(ls.st_mode)) {
        free(p);
        continue;
      }
      if (S_ISLNK(ls.st_mode) && S_is_dir(p)) {
        free(p); /* a link to a folder: not followed (loops) */
        continue;
      }
      S_add_input(in, p, 0);
    }
    for (size_t i = nn; i-- > 0;) {
      char *p = S_join(dir, names[i]);
      struct stat ls;
      if (p && lstat(p, &ls) == 0 && S_ISDIR(ls.st_mode)) S_push_str(&stack, &ns, &cs, p);
      else free(p);
    }
    for (size_t i = 0; i < nn; i++) free(names[i]);
    free(names);
    free(dir);
  }
  free(stack);
  return 0;
}

static int S_sink(const char *d, size_t n, void *p) { return bt_put((bt_buf *)p, d, n); }

/* ---------------------------------------------------------------- options */

static int S_size(const char *s, size_t *out) {
  char *e;
  errno = 0;
  double v = strtod(s, &e);
  if (errno || e == s || v <= 0) return -1;
  double mul = 1;
  if (*e == 'k' || *e == 'K') mul = 1024.0, e++;
  else if (*e == 'm' || *e == 'M') mul = 1024.0 * 1024, e++;
  else if (*e == 'g' || *e == 'G') mul = 1024.0 * 1024 * 1024, e++;
  if (*e == 'i' || *e == 'I') e++;
  if (*e == 'b' || *e == 'B') e++;
  if (*e) return -1;
  *out = (size_t)(v * mul);
  return 0;
}

static int S_parse_graph(const char *spec, S_graph_spec *g) {
  const char *colon = strchr(spec, ':');
  char kind[32];
  const char *fmt = colon ? colon + 1 : "svg";
  size_t kl = colon ? (size_t)(colon - spec) : strlen(spec);
  if (kl >= sizeof kind) return -1;
  memcpy(kind, spec, kl);
  kind[kl] = '\0';
  int k = tm_graph_kind_from_name(kind);
  if (k < 0) return -1;
  static const char *const fmts[] = {"svg", "png", "pdf", "dot", "gv", "json", "aif", "argdown", NULL};
  for (size_t i = 0; fmts[i]; i++)
    if (!strcmp(fmt, fmts[i])) {
      g->kind = (tm_graph_kind)k;
      g->format = fmts[i];
      static const char *const names[] = {"reply", "disagreement", "participants", "argument"};
      g->kind_name = names[k];
      return 0;
    }
  return -1;
}

static char *S_strip_dot(const char *p) {
  while (p[0] == '.' && p[1] == '/') {
    p += 2;
    while (*p == '/') p++;
  }
  size_t n = strlen(p);
  while (n > 1 && p[n - 1] == '/') n--;
  char *s = malloc(n + 1);
  if (s) memcpy(s, p, n), s[n] = '\0';
  return s;
}

int cmd_batch(int argc, char **argv) {
  memset(&B, 0, sizeof B);
  B.opts = (tm_options)TM_OPTIONS_INIT;
  B.opts.flags &= ~TM_OPT_KEEP_RAW;
  B.mem = (size_t)1 << 30;
  long nc = sysconf(_SC_NPROCESSORS_ONLN);
  B.jobs = nc > 0 ? (int)nc : 1;
  B.fsync = 1;
  B.manifest_fd = -1;
  const char *tmpdir = NULL, *lexpath = NULL;
  const char **args = calloc((size_t)argc, sizeof *args);
  int nargs = 0;
  if (!args) return CLI_EXIT_NOMEM;
  int rc = CLI_EXIT_OK;
  tm_lexicon *lex = NULL;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
      if (!next) { rc = cli_usage_error("%s needs a folder", a); goto usage; }
      B.outdir = next, i++;
    } else if (!strcmp(a, "--graph")) {
      if (!next || B.ngraphs == BT_MAX_GRAPHS || S_parse_graph(next, &B.graphs[B.ngraphs])) {
        rc = cli_usage_error("--graph takes KIND:FORMAT (kind reply, disagreement, participants, "
                             "argument; format svg, png, pdf, dot, gv, json, aif, argdown), at most 16");
        goto usage;
      }
      B.ngraphs++, i++;
    } else if (!strcmp(a, "--jobs") || !strcmp(a, "-j")) {
      char *e;
      long v = next ? strtol(next, &e, 10) : 0;
      if (!next || *e || v < 1 || v > 256) { rc = cli_usage_error("--jobs takes 1 to 256"); goto usage; }
      B.jobs = (int)v, i++;
    } else if (!strcmp(a, "--mem")) {
      if (!next || S_size(next, &B.mem)) { rc = cli_usage_error("--mem takes a size such as 512M or 2G"); goto usage; }
      i++;
    } else if (!strcmp(a, "--tmpdir")) {
      if (!next) { rc = cli_usage_error("--tmpdir needs a folder"); goto usage; }
      tmpdir = next, i++;
    } else if (!strcmp(a, "--shard")) {
      unsigned si, sn;
      char extra;
      if (!next || sscanf(next, "%u/%u%c", &si, &sn, &extra) != 2 || sn == 0 || si >= sn) {
        rc = cli_usage_error("--shard takes I/N with 0 <= I < N (e.g. 0/4)");
        goto usage;
      }
      B.shard_i = si, B.shard_n = sn, i++;
    } else if (!strcmp(a, "--lexicon")) {
      if (!next) { rc = cli_usage_error("--lexicon needs a file"); goto usage; }
      lexpath = next, i++;
    } else if (!strcmp(a, "--no-fsync")) {
      B.fsync = 0;
    } else if (!strcmp(a, "-f") || !strcmp(a, "--format")) {
      if (!next || (B.opts.format = tm_format_from_name(next)) == TM_FMT_AUTO) {
        rc = cli_usage_error("unknown format '%s'", next ? next : "");
        goto usage;
      }
      i++;
    } else if (!strcmp(a, "--max-comments") || !strcmp(a, "--max-depth")) {
      char *e;
      unsigned long long v = next ? strtoull(next, &e, 10) : 0;
      if (!next || *e) { rc = cli_usage_error("%s takes a number", a); goto usage; }
      if (a[6] == 'c') B.opts.max_comments = (size_t)v;
      else B.opts.max_depth = (size_t)v;
      i++;
    } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
      B.quiet = 1;
    } else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
      B.verbose = 1;
    } else if (a[0] == '-' && a[1]) {
      rc = cli_usage_error("unknown option '%s' for batch", a);
      goto usage;
    } else if (!strcmp(a, "-")) {
      rc = cli_usage_error("batch reads files and folders, not standard input");
      goto usage;
    } else {
      args[nargs++] = a;
    }
  }
  if (!B.outdir || !nargs) {
    rc = cli_usage_error("batch needs inputs and -o OUTDIR");
    goto usage;
  }
  const char *d = getenv("TM_BATCH_TEST_DELAY_MS");
  if (d) B.delay_ms = (unsigned)strtoul(d, NULL, 10);
  S_malloc_setup();
  {
    tm_error err;
    memset(&err, 0, sizeof err);
    int lrc = lexpath ? tm_lexicon_load(&lex, lexpath, &err) : tm_lexicon_default(&lex, &err);
    if (lrc) {
      cli_print_error(lexpath ? lexpath : "lexicon", &err);
      rc = cli_exit_code(lrc);
      goto out;
    }
    B.lex = lex;
  }

  /* what the process needs at the least: the lexicon and the rest loaded
   * now, and room for the work */
  {
    size_t need = S_rss() + BT_MIN_WORK;
    if (B.mem < need + need / 8) {
      rc = cli_usage_error("--mem %zuM is below what batch needs at the least (%zuM: %zuM "
                           "after loading the lexicon, and room to work)",
                           B.mem >> 20, (need + need / 8 + (1 << 20) - 1) >> 20, S_rss() >> 20);
      goto out;
    }
  }

  pthread_mutex_init(&B.mu, NULL);
  pthread_cond_init(&B.cv_put, NULL);
  pthread_cond_init(&B.cv_get, NULL);
  B.threads_dir = S_join(B.outdir, "threads");
  B.graphs_dir = S_join(B.outdir, "graphs");
  {
    bt_buf sp = {0};
    bt_printf(&sp, "%s/.spill-%ld", tmpdir ? tmpdir : B.outdir, (long)getpid());
    B.spill_dir = sp.p;
  }
  if (bt_mkdirs(B.outdir) || bt_mkdirs(B.threads_dir) || (B.ngraphs && bt_mkdirs(B.graphs_dir))) {
    fprintf(stderr, "threadmap: %s: cannot create the output folder: %s\n", B.outdir, strerror(errno));
    rc = CLI_EXIT_OUTPUT;
    goto out;
  }
  /* what an interrupted run left: temporary files, a torn manifest line */
  bt_clean_tmp(B.outdir);
  bt_clean_tmp(B.threads_dir);
  bt_clean_tmp(B.graphs_dir);
  /* the finished threads' keys; the manifest rewritten whole (drops a torn
   * last line) and the summaries with it, then appended to */
  if (bt_summary_rewrite(B.outdir, &B.done)) {
    rc = CLI_EXIT_OUTPUT;
    goto out;
  }
  {
    bt_buf mp = {0};
    bt_printf(&mp, "%s/manifest.ndjson", B.outdir);
    B.manifest_fd = open(mp.p, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
    bt_free(&mp);
    if (B.manifest_fd < 0) {
      fprintf(stderr, "threadmap: %s/manifest.ndjson: %s\n", B.outdir, strerror(errno));
      rc = CLI_EXIT_OUTPUT;
      goto out;
    }
  }

  /* inputs */
  S_inputs in;
  memset(&in, 0, sizeof in);
  struct stat ost;
  stat(B.outdir, &ost);
  for (int i = 0; i < nargs; i++) {
    char *p = S_strip_dot(args[i]);
    if (!p) continue;
    if (S_is_dir(p) && !S_is_maildir(p)) {
      S_walk(&in, p, ost.st_dev, ost.st_ino);
      free(p);
    } else {
      S_add_input(&in, p, S_is_dir(p));
    }
  }
  for (size_t i = 0; i < in.n; i++) {
    struct stat st;
    if (!in.dir[i] && stat(in.paths[i], &st) == 0) B.bytes_total += (uint64_t)st.st_size;
  }

  /* libxml2 sets up its globals on first use, which is not thread-safe:
   * parse a tiny page here, before the workers start */
  {
    static const char warm[] = "<html><body><table><tr class='athing comtr' id='1'><td>"
                               "<td class='ind' indent='0'></td></tr></table></body></html>";
    tm_thread *t = NULL;
    tm_options o = TM_OPTIONS_INIT;
    o.format = TM_FMT_HN_HTML;
    tm_thread_parse(&t, warm, sizeof warm - 1, &o, NULL);
    tm_thread_free(t);
  }

  /* Diagrams are rendered by a Graphviz worker process, forked at the
   * first render: fork it now, while this is the only thread, so no lock
   * another thread holds is copied into it locked */
  if (B.ngraphs) {
    static const char tiny[] = "{\"id\":\"1\",\"parent\":null,\"author\":\"a\",\"text\":\"Good.\"}\n"
                               "{\"id\":\"2\",\"parent\":\"1\",\"author\":\"b\",\"text\":\"No.\"}\n";
    tm_thread *t = NULL;
    tm_scores *sc = NULL;
    tm_graph *g = NULL;
    tm_options o = TM_OPTIONS_INIT;
    o.format = TM_FMT_NDJSON;
    if (tm_thread_parse(&t, tiny, sizeof tiny - 1, &o, NULL) == TM_OK &&
        tm_thread_score(&sc, t, B.lex, NULL, 0) == TM_OK) {
      tm_graph_options go = TM_GRAPH_OPTIONS_INIT;
      if (tm_graph_build(&g, t, sc, &go, NULL) == TM_OK) {
        bt_buf sink = {0};
        tm_graph_render(g, "svg", S_sink, &sink, NULL);
        bt_free(&sink);
      }
    }
    tm_graph_free(g);
    tm_scores_free(sc);
    tm_thread_free(t);
  }

  S_budget();

  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = S_on_sigint;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);

  B.qcap = (size_t)B.jobs * 2;
  B.q = calloc(B.qcap, sizeof *B.q);
  pthread_t *workers = calloc((size_t)B.jobs, sizeof *workers);
  int nworkers = 0;
  S_t0 = S_now();
  S_progress_on = !B.quiet && isatty(2);
  pthread_t prog;
  int prog_on = S_progress_on && pthread_create(&prog, NULL, S_progress_thread, NULL) == 0;
  for (int k = 0; B.q && workers && k < B.jobs; k++)
    if (pthread_create(&workers[k], NULL, S_worker, NULL) == 0) nworkers++;
  if (!nworkers) {
    fprintf(stderr, "threadmap: cannot start worker threads\n");
    rc = CLI_EXIT_INTERNAL;
  }

  for (size_t i = 0; i < in.n && nworkers && !S_stop; i++) {
    const char *p = in.paths[i];
    tm_format fmt;
    int multi = 0;
    int kind = in.dir[i] ? U_DIR : S_classify(p, &fmt, &multi);
    if (kind == U_GROUP) {
      S_run_dump(p, fmt);
      continue;
    }
    size_t fsize = 0;
    if (!in.dir[i]) {
      struct stat st;
      if (stat(p, &st) == 0) {
        pthread_mutex_lock(&B.mu);
        B.bytes_read += (uint64_t)st.st_size;
        pthread_mutex_unlock(&B.mu);
        fsize = (size_t)st.st_size;
      }
    }
    /* a file of one thread: its key is its path */
    if (kind == U_FILE && !multi) {
      if (!S_mine(p)) continue;
      if (S_is_done(p)) {
        pthread_mutex_lock(&B.mu);
        B.threads_skipped++;
        pthread_mutex_unlock(&B.mu);
        continue;
      }
    }
    S_unit *u = calloc(1, sizeof *u);
    if (!u || !(u->source = strdup(p))) {
      S_unit_free(u);
      break;
    }
    u->kind = kind;
    u->multi = multi;
    /* a file parsed whole: its text and its thread (a maildir's size is
     * not known here: it is charged nothing) */
    u->charge = fsize * BT_FLY_FACTOR;
    S_enqueue(u, 0);
  }
  pthread_mutex_lock(&B.mu);
  B.closing = 1;
  pthread_cond_broadcast(&B.cv_get);
  pthread_mutex_unlock(&B.mu);
  for (int k = 0; k < nworkers; k++) pthread_join(workers[k], NULL);
  if (prog_on) pthread_join(prog, NULL);
  /* units left in the queue after Ctrl-C */
  while (B.qlen) {
    S_unit_free(B.q[B.qhead]);
    B.qhead = (B.qhead + 1) % B.qcap;
    B.qlen--;
  }
  S_progress(1);
  free(workers);
  free(B.q);
  for (size_t i = 0; i < in.n; i++) free(in.paths[i]);
  free(in.paths);
  free(in.dir);
  rmdir(B.spill_dir);

  /* summary and manifest sorted by key; errors sorted */
  S_commit_rows(1);
  if (B.nrows) rc = CLI_EXIT_OUTPUT; /* rows the manifest could not take (said above) */
  close(B.manifest_fd);
  B.manifest_fd = -1;
  if (bt_summary_rewrite(B.outdir, NULL)) rc = CLI_EXIT_OUTPUT;
  if (bt_write_lines(B.outdir, "errors.ndjson", B.errors, B.nerrors)) rc = CLI_EXIT_OUTPUT;
  if (!B.quiet || S_stop)
    fprintf(stderr,
            "threadmap: batch%s: %zu threads done, %zu skipped (done before), %zu failed; "
            "%zu inputs failed, %zu bad records%s%s%s\n",
            S_stop ? " interrupted" : "", B.threads_done, B.threads_skipped, B.threads_failed,
            B.inputs_failed, B.bad_records, B.nerrors ? "; see " : "",
            B.nerrors ? B.outdir : "", B.nerrors ? "/errors.ndjson" : "");
  if (S_stop) rc = 130;
  else if (rc == CLI_EXIT_OK && (B.threads_failed || B.inputs_failed || B.bad_records || B.nerrors))
    rc = CLI_EXIT_PARTIAL;
  if (getenv("TM_BATCH_MEM_DEBUG"))
    fprintf(stderr, "threadmap: batch memory: --mem %zu MiB, baseline %zu MiB, work %zu MiB "
            "(in flight %zu, grouping %zu), in flight at most %zu MiB, resident now %zu MiB\n",
            B.mem >> 20, B.base >> 20, B.avail >> 20, B.fly_max >> 20, B.group_max >> 20,
            B.fly_peak >> 20, S_rss() >> 20);
out:
  tm_lexicon_free(lex);
  if (B.manifest_fd >= 0) close(B.manifest_fd);
  for (size_t i = 0; i < B.nrows; i++) free(B.rows[i]);
  free(B.rows);
  for (size_t i = 0; i < B.nerrors; i++) free(B.errors[i]);
  free(B.errors);
  bt_map_free(&B.done, NULL);
  free(B.threads_dir);
  free(B.graphs_dir);
  free(B.spill_dir);
usage:
  free(args);
  return rc;
}
