/*
 * render.c - every Graphviz call threadmap makes, in one place.
 *
 * cgraph is not thread-safe even for reads, so one mutex serializes
 * parsing, layout, rendering and freeing.  One GVC_t context serves the
 * whole process (plugins load once); every graph is laid out, rendered to
 * memory, its layout freed and the graph closed before the lock is
 * released.
 *
 * Even so, Graphviz 2.43 keeps about 0.5 KiB per dot layout and 5 KiB per
 * rendered threadmap diagram (measured here: RSS grows linearly, it never
 * levels off), so by default rendering runs in a worker process forked
 * from this one, replaced every WORKER_RENDERS diagrams: the caller's
 * memory stays flat however many diagrams it draws (tests/unit/graph
 * renders 1,000 and checks), and a crash inside Graphviz on a hostile
 * input cannot take the caller down.  TM_GRAPH_IN_PROCESS=1 in the environment
 * renders in the calling process instead (faster for a one-shot CLI on
 * platforms without fork).
 */
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../util/buf.h"
#include "../util/error.h"
#include "graph.h"

static pthread_mutex_t S_lock = PTHREAD_MUTEX_INITIALIZER;
static GVC_t *S_gvc; /* created on first use, lives as long as the process */

/* Graphviz reports problems by printing them; the library never prints,
 * so they are collected here and the last one goes into tm_error. */
static char S_gverr[256];

static int S_gv_errf(char *msg) {
  size_t n = strlen(msg);
  while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' ')) n--;
  if (n >= sizeof S_gverr) n = sizeof S_gverr - 1;
  memcpy(S_gverr, msg, n);
  S_gverr[n] = '\0';
  return 0;
}

static int S_format_ok(const char *f) {
  static const char *const ok[] = {"svg", "png", "pdf", "dot", "json", "gv", "plain", "xdot", NULL};
  for (size_t i = 0; ok[i]; i++)
    if (!strcmp(ok[i], f)) return 1;
  return 0;
}

/* Force-directed engines on big graphs: remove overlaps (prism is the
 * fast one) and draw straight edges, since spline routing around
 * thousands of obstacles takes minutes (DIAGRAMS.md, measured here). */
static void S_brakes(const tm_graph *g, Agraph_t *ag) {
  if (!strcmp(g->layout, "dot")) return;
  size_t nodes = g->shown + g->collapsed;
  /* prism removes overlaps in seconds up to a few thousand nodes; past
   * that it takes longer than the layout itself, and at that size the
   * picture is read for its shape, not its labels */
  agattr(ag, AGRAPH, (char *)"overlap", (char *)(nodes > 2500 ? "true" : "prism"));
  if (nodes > 120) agattr(ag, AGRAPH, (char *)"splines", (char *)"false");
}

int tm__graph_parse(tm_graph *g, void **out) {
  /* cgraph wants a NUL-terminated, writable buffer */
  Agraph_t *ag = agmemread(g->dot.ptr);
  *out = ag;
  return ag ? TM_OK : TM_EINVAL;
}


/* One context for the process (plugins loaded; fonts load on first use). */
static void S_context(void) {
  if (!S_gvc) {
    agseterrf(S_gv_errf);
    agseterr(AGERR); /* warnings are not errors */
    S_gvc = gvContext();
  }
}

/* Lay out and render in this process; the caller holds S_lock. */
static int S_render_here(tm_graph *g, const char *format, tm_write_fn write, void *payload,
                         tm_error *err) {
  int rc = TM_OK;
  S_context();
  S_gverr[0] = '\0';
  Agraph_t *ag = S_gvc ? agmemread(g->dot.ptr) : NULL;
  if (!ag) {
    rc = tm__error(err, TM_EINVAL, 0, 0, 0, "Graphviz could not read the generated graph%s%s",
                   S_gverr[0] ? ": " : "", S_gverr);
  } else if (S_brakes(g, ag), gvLayout(S_gvc, ag, g->layout) != 0) {
    rc = tm__error(err, TM_EINVAL, 0, 0, 0, "Graphviz layout \"%s\" failed%s%s", g->layout,
                   S_gverr[0] ? ": " : "", S_gverr);
    agclose(ag);
  } else {
    char *data = NULL;
    unsigned int len = 0;
    if (gvRenderData(S_gvc, ag, format, &data, &len) != 0 || !data) {
      rc = tm__error(err, TM_EINVAL, 0, 0, 0, "Graphviz cannot render \"%s\" here", format);
    } else if (write(data, len, payload)) {
      rc = tm__error(err, TM_EIO, 0, 0, 0, "write error");
    }
    if (data) gvFreeRenderData(data);
    gvFreeLayout(S_gvc, ag);
    agclose(ag);
  }
  return rc;
}

/* ------------------------------------------------------ the worker
 *
 * A child process forked once (after fonts are loaded) renders diagram
 * after diagram; after WORKER_RENDERS of them it is replaced, which
 * returns what Graphviz kept to the system.  Protocol over two pipes,
 * native byte order (both ends are this program):
 *   request:  u64 layout length, layout, u64 format length, format,
 *             u64 nodes, u64 DOT length, DOT
 *   response: u8 status (0 ok, 1 failed), u64 length, bytes (the
 *             rendered file, or the error message)
 */
#define WORKER_RENDERS 500 /* renders per worker: about 2.5 MiB kept by Graphviz */

static pid_t S_wpid = -1;
static int S_wto = -1, S_wfrom = -1, S_wcount;

static int S_full_write(int fd, const void *d, size_t n) {
  const char *p = d;
  while (n) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return -1;
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

static int S_full_read(int fd, void *d, size_t n) {
  char *p = d;
  while (n) {
    ssize_t r = read(fd, p, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return -1;
    p += r;
    n -= (size_t)r;
  }
  return 0;
}

static int S_read_str(int fd, tm_buf *b) {
  uint64_t n;
  if (S_full_read(fd, &n, sizeof n) || n > ((uint64_t)1 << 34)) return -1;
  tm_buf_reset(b);
  if (tm_buf_grow(b, (size_t)n)) return -1;
  if (n && S_full_read(fd, b->ptr, (size_t)n)) return -1;
  b->len = (size_t)n;
  b->ptr[b->len] = '\0';
  return 0;
}

static int S_write_str(int fd, const char *s, size_t n) {
  uint64_t len = n;
  return S_full_write(fd, &len, sizeof len) || (n && S_full_write(fd, s, n)) ? -1 : 0;
}

static int S_buf_sink(const char *d, size_t n, void *p) { return tm_buf_put((tm_buf *)p, d, n); }

static void S_worker_loop(int in, int out) {
  tm_buf layout = TM_BUF_INIT, format = TM_BUF_INIT, dot = TM_BUF_INIT, res = TM_BUF_INIT;
  for (;;) {
    uint64_t nodes;
    if (S_read_str(in, &layout) || S_read_str(in, &format) || S_full_read(in, &nodes, sizeof nodes) ||
        S_read_str(in, &dot))
      break;
    tm_graph g;
    memset(&g, 0, sizeof g);
    g.dot = dot;
    snprintf(g.layout, sizeof g.layout, "%s", layout.ptr ? layout.ptr : "dot");
    g.shown = (size_t)nodes;
    tm_error e;
    memset(&e, 0, sizeof e);
    tm_buf_reset(&res);
    int rc = S_render_here(&g, format.ptr ? format.ptr : "svg", S_buf_sink, &res, &e);
    unsigned char st = rc ? 1 : 0;
    if (S_full_write(out, &st, 1)) break;
    if (rc ? S_write_str(out, e.msg, strlen(e.msg)) : S_write_str(out, res.ptr ? res.ptr : "", res.len)) break;
  }
  _exit(0);
}

static void S_worker_stop(void) {
  if (S_wpid <= 0) return;
  close(S_wto);
  close(S_wfrom);
  while (waitpid(S_wpid, NULL, 0) < 0 && errno == EINTR) {
  }
  S_wpid = -1;
  S_wto = S_wfrom = -1;
  S_wcount = 0;
}

static int S_worker_start(tm_error *err) {
  int to[2], from[2];
  /* Plugins load here; fonts load in the worker, once per worker.  The
   * parent renders nothing before it forks: Pango starts threads when it
   * loads fonts, and a fork while one of them holds a lock (fontconfig's,
   * the allocator's) leaves the child waiting for it forever, as seen
   * under AddressSanitizer. */
  S_context();
  if (pipe(to) != 0) return tm__error(err, TM_EIO, 0, 0, 0, "cannot create a pipe: %s", strerror(errno));
  if (pipe(from) != 0) {
    close(to[0]);
    close(to[1]);
    return tm__error(err, TM_EIO, 0, 0, 0, "cannot create a pipe: %s", strerror(errno));
  }
  fflush(NULL);
  pid_t pid = fork();
  if (pid < 0) {
    close(to[0]);
    close(to[1]);
    close(from[0]);
    close(from[1]);
    return tm__error(err, TM_EIO, 0, 0, 0, "cannot fork a renderer: %s", strerror(errno));
  }
  if (pid == 0) {
    close(to[1]);
    close(from[0]);
    signal(SIGPIPE, SIG_DFL);
    S_worker_loop(to[0], from[1]);
  }
  close(to[0]);
  close(from[1]);
  S_wpid = pid;
  S_wto = to[1];
  S_wfrom = from[0];
  S_wcount = 0;
  return TM_OK;
}

static int S_render_worker(tm_graph *g, const char *format, tm_write_fn write, void *payload,
                           tm_error *err) {
  int rc;
  if (S_wpid > 0 && S_wcount >= WORKER_RENDERS) S_worker_stop();
  if (S_wpid <= 0 && (rc = S_worker_start(err))) return rc;
  S_wcount++;
  uint64_t nodes = g->shown + g->collapsed;
  /* a worker that died is noticed as a broken pipe: SIGPIPE ignored here */
  void (*old)(int) = signal(SIGPIPE, SIG_IGN);
  int bad = S_write_str(S_wto, g->layout, strlen(g->layout)) || S_write_str(S_wto, format, strlen(format)) ||
            S_full_write(S_wto, &nodes, sizeof nodes) || S_write_str(S_wto, g->dot.ptr, g->dot.len);
  unsigned char st = 1;
  tm_buf res = TM_BUF_INIT;
  if (!bad) bad = S_full_read(S_wfrom, &st, 1) || S_read_str(S_wfrom, &res);
  signal(SIGPIPE, old);
  if (bad) {
    int status = 0;
    close(S_wto);
    close(S_wfrom);
    waitpid(S_wpid, &status, 0);
    S_wpid = -1;
    tm_buf_free(&res);
    if (WIFSIGNALED(status))
      return tm__error(err, TM_EINVAL, 0, 0, 0, "the Graphviz renderer crashed (signal %d)", WTERMSIG(status));
    return tm__error(err, TM_EIO, 0, 0, 0, "lost the Graphviz renderer");
  }
  rc = TM_OK;
  if (st) rc = tm__error(err, TM_EINVAL, 0, 0, 0, "%s", res.ptr ? res.ptr : "rendering failed");
  else if (write(res.ptr ? res.ptr : "", res.len, payload)) rc = tm__error(err, TM_EIO, 0, 0, 0, "write error");
  tm_buf_free(&res);
  return rc;
}

int tm_graph_render(tm_graph *g, const char *format, tm_write_fn write, void *payload, tm_error *err) {
  if (!S_format_ok(format))
    return tm__error(err, TM_EINVAL, 0, 0, 0, "unknown graph format \"%s\" (svg, png, pdf, dot, json, gv)",
                     format);
  if (!strcmp(format, "gv"))
    return write(g->dot.ptr, g->dot.len, payload) ? tm__error(err, TM_EIO, 0, 0, 0, "write error") : TM_OK;
  const char *inproc = getenv("TM_GRAPH_IN_PROCESS");
  pthread_mutex_lock(&S_lock);
  int rc = inproc && inproc[0] == '1' ? S_render_here(g, format, write, payload, err)
                                      : S_render_worker(g, format, write, payload, err);
  pthread_mutex_unlock(&S_lock);
  return rc;
}
