/*
 * render.c - every Graphviz call threadmap makes, in one place.
 *
 * cgraph is not thread-safe even for reads, so one mutex serializes
 * parsing, layout, rendering and freeing.  One GVC_t context serves the
 * whole process (plugins load once); every graph is laid out, rendered to
 * memory, its layout freed and the graph closed before the lock is
 * released, so nothing accumulates between renders (tests/unit/graph
 * renders 1,000 graphs and checks the resident memory stays flat).
 */
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

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
  if (nodes > 300) agattr(ag, AGRAPH, (char *)"splines", (char *)"false");
}

int tm__graph_parse(tm_graph *g, void **out) {
  /* cgraph wants a NUL-terminated, writable buffer */
  Agraph_t *ag = agmemread(g->dot.ptr);
  *out = ag;
  return ag ? TM_OK : TM_EINVAL;
}

int tm_graph_render(tm_graph *g, const char *format, tm_write_fn write, void *payload, tm_error *err) {
  if (!S_format_ok(format))
    return tm__error(err, TM_EINVAL, 0, 0, 0, "unknown graph format \"%s\" (svg, png, pdf, dot, json, gv)",
                     format);
  if (!strcmp(format, "gv"))
    return write(g->dot.ptr, g->dot.len, payload) ? tm__error(err, TM_EIO, 0, 0, 0, "write error") : TM_OK;
  int rc = TM_OK;
  pthread_mutex_lock(&S_lock);
  if (!S_gvc) {
    agseterrf(S_gv_errf);
    agseterr(AGERR); /* warnings are not errors */
    S_gvc = gvContext();
  }
  S_gverr[0] = '\0';
  Agraph_t *ag = S_gvc ? agmemread(g->dot.ptr) : NULL;
  if (!ag) {
    rc = tm__error(err, TM_EINVAL, 0, 0, 0, "Graphviz could not read the generated graph%s%s",
                   S_gverr[0] ? ": " : "", S_gverr);
  } else if (S_brakes(g, ag), gvLayout(S_gvc, ag, g->layout) != 0) {
    rc = tm__error(err, TM_EINVAL, 0, 0, 0, "Graphviz layout \"%s\" failed%s%s", g->layout,
                   S_gverr[0] ? ": " : "", S_gverr);
    agclose(ag);
    ag = NULL;
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
  pthread_mutex_unlock(&S_lock);
  return rc;
}
