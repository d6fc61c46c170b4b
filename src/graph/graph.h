/*
 * graph.h - diagrams (internal layout of tm_graph).
 */
#ifndef TM_GRAPH_GRAPH_H
#define TM_GRAPH_GRAPH_H

#include "../util/buf.h"
#include "threadmap.h"

/* dot lays out this many nodes quickly (measured: bench/bench_graph); past
 * it sfdp is used, as dot's network simplex slows down sharply */
#define TM_GRAPH_DOT_MAX 1200

struct tm_graph {
  tm_graph_kind kind;
  tm_buf dot;          /* the DOT source */
  char layout[16];     /* engine */
  size_t shown;        /* comments (or people) shown */
  size_t collapsed;    /* "+N replies" nodes */
  size_t total;        /* comments in the thread */
  int oom;
};

/** Parse the DOT source with cgraph (an Agraph_t * in *out; agclose it
 * while holding no other Graphviz state).  For tests and tools. */
int tm__graph_parse(tm_graph *g, void **out);

#endif
