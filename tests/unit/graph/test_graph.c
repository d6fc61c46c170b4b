/*
 * test_graph.c - diagrams through cgraph and the rendered files: node and
 * edge counts, stance styling, SVG structure, PNG/PDF output, the
 * argument-tool exports, and memory across 1,000 renders.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <cmocka.h>
#include <graphviz/cgraph.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "graph/graph.h"
#include "threadmap.h"
#include "util/buf.h"

typedef struct {
  tm_thread *t;
  tm_scores *s;
  tm_lexicon *lex;
} S_fx;

static int S_sink(const char *d, size_t n, void *p) { return tm_buf_put((tm_buf *)p, d, n); }

static int S_setup(void **state) {
  S_fx *fx = calloc(1, sizeof *fx);
  tm_error e = {0};
  if (tm_lexicon_default(&fx->lex, &e)) return -1;
  if (tm_thread_parse_file(&fx->t, TM_SAMPLES_DIR "/orca_launch.ndjson", NULL, &e)) return -1;
  if (tm_thread_score(&fx->s, fx->t, fx->lex, NULL, 0)) return -1;
  *state = fx;
  return 0;
}

static int S_teardown(void **state) {
  S_fx *fx = *state;
  tm_scores_free(fx->s);
  tm_thread_free(fx->t);
  tm_lexicon_free(fx->lex);
  free(fx);
  return 0;
}

static Agraph_t *S_build(S_fx *fx, tm_graph_kind kind, size_t max_nodes, tm_graph **out) {
  tm_graph_options o = TM_GRAPH_OPTIONS_INIT;
  o.kind = kind;
  o.max_nodes = max_nodes;
  tm_error e = {0};
  assert_int_equal(tm_graph_build(out, fx->t, fx->s, &o, &e), TM_OK);
  void *ag = NULL;
  assert_int_equal(tm__graph_parse(*out, &ag), TM_OK);
  return ag;
}

static size_t S_count_class(Agraph_t *ag, const char *cls) {
  size_t n = 0;
  for (Agnode_t *v = agfstnode(ag); v; v = agnxtnode(ag, v)) {
    char *c = agget(v, (char *)"class");
    if (c && strstr(c, cls)) n++;
  }
  return n;
}

static void test_graph__reply_nodes_and_stance_edges(void **state) {
  S_fx *fx = *state;
  tm_graph *g;
  Agraph_t *ag = S_build(fx, TM_GRAPH_REPLY, 0, &g);
  size_t n = tm_thread_count(fx->t);
  /* every comment, the story, the legend */
  assert_int_equal(S_count_class(ag, "comment"), n);
  assert_int_equal(tm_graph_shown(g), n);
  assert_non_null(agnode(ag, (char *)"story", 0));
  assert_non_null(agnode(ag, (char *)"legend", 0));
  /* one reply edge per comment, styled by that reply's stance */
  size_t checked = 0;
  for (size_t i = 0; i < n; i++) {
    const tm_comment *c = tm_thread_comment(fx->t, i);
    char me[24], parent[24];
    snprintf(me, sizeof me, "c%zu", i);
    if (c->parent == TM_NONE) snprintf(parent, sizeof parent, "story");
    else snprintf(parent, sizeof parent, "c%u", c->parent);
    Agnode_t *a = agnode(ag, parent, 0), *b = agnode(ag, me, 0);
    assert_non_null(a);
    assert_non_null(b);
    Agedge_t *e = agedge(ag, a, b, NULL, 0);
    assert_non_null(e);
    const tm_stance *st = tm_scores_stance(fx->s, i);
    char *cls = agget(e, (char *)"class");
    if (st->label == TM_STANCE_DISAGREE) {
      assert_string_equal(cls, "disagree");
      assert_string_equal(agget(e, (char *)"arrowtail"), "tee");
      assert_true(atof(agget(e, (char *)"penwidth")) >= 1.8);
      checked++;
    } else if (st->label == TM_STANCE_AGREE) {
      assert_string_equal(cls, "agree");
      assert_string_equal(agget(e, (char *)"arrowtail"), "normal");
      checked++;
    } else if (st->label == TM_STANCE_MIXED) {
      assert_string_equal(agget(e, (char *)"style"), "dashed");
      checked++;
    }
    /* fill follows sentiment: 1..11, 6 neutral */
    int fill = atoi(agget(b, (char *)"fillcolor"));
    float cp = tm_scores_get(fx->s, i)->compound;
    if (cp > 0.3f) assert_true(fill > 6);
    if (cp < -0.3f) assert_true(fill < 6);
  }
  assert_true(checked >= 10);
  agclose(ag);
  tm_graph_free(g);
}

static void test_graph__size_limit_collapses_and_says_so(void **state) {
  S_fx *fx = *state;
  tm_graph *g;
  Agraph_t *ag = S_build(fx, TM_GRAPH_REPLY, 20, &g);
  assert_int_equal(S_count_class(ag, "comment"), 20);
  assert_true(S_count_class(ag, "collapsed") >= 1);
  assert_non_null(strstr(tm_graph_dot(g), "showing 20"));
  /* the kept comments stay connected: every kept node has its parent kept */
  for (Agnode_t *v = agfstnode(ag); v; v = agnxtnode(ag, v)) {
    char *cls = agget(v, (char *)"class");
    if (!cls || !strstr(cls, "comment")) continue;
    assert_non_null(agfstin(ag, v));
  }
  agclose(ag);
  tm_graph_free(g);
}

static void test_graph__argument_and_disagreement(void **state) {
  S_fx *fx = *state;
  tm_graph *g;
  Agraph_t *ag = S_build(fx, TM_GRAPH_ARGUMENT, 0, &g);
  size_t clusters = 0;
  for (Agraph_t *sg = agfstsubg(ag); sg; sg = agnxtsubg(sg))
    if (!strncmp(agnameof(sg), "cluster_", 8) && strcmp(agnameof(sg), "cluster_legend")) clusters++;
  size_t roots = 0;
  for (uint32_t r = tm_thread_first_root(fx->t); r != TM_NONE; r = tm_thread_comment(fx->t, r)->next_sibling) roots++;
  assert_int_equal(clusters, roots); /* one cluster per top-level subthread */
  agclose(ag);
  tm_graph_free(g);
  ag = S_build(fx, TM_GRAPH_DISAGREEMENT, 0, &g);
  size_t dis = 0;
  for (size_t i = 0; i < tm_thread_count(fx->t); i++) {
    uint32_t l = tm_scores_stance(fx->s, i)->label;
    if ((l == TM_STANCE_DISAGREE || l == TM_STANCE_MIXED) && tm_thread_comment(fx->t, i)->parent != TM_NONE) dis++;
  }
  assert_int_equal((size_t)agnedges(ag), dis);
  size_t chains = 0;
  for (Agraph_t *sg = agfstsubg(ag); sg; sg = agnxtsubg(sg)) chains += !strncmp(agnameof(sg), "cluster_chain", 13);
  assert_true(chains >= 1);
  agclose(ag);
  tm_graph_free(g);
  ag = S_build(fx, TM_GRAPH_PARTICIPANTS, 0, &g);
  tm_stats st;
  tm_thread_stats(fx->t, &st);
  assert_int_equal(S_count_class(ag, "participant"), st.participants);
  agclose(ag);
  tm_graph_free(g);
}

static void test_graph__svg_png_pdf(void **state) {
  S_fx *fx = *state;
  tm_graph *g;
  tm_graph_options o = TM_GRAPH_OPTIONS_INIT;
  tm_error e = {0};
  assert_int_equal(tm_graph_build(&g, fx->t, fx->s, &o, &e), TM_OK);
  tm_buf svg = TM_BUF_INIT, png = TM_BUF_INIT, pdf = TM_BUF_INIT;
  assert_int_equal(tm_graph_render(g, "svg", S_sink, &svg, &e), TM_OK);
  xmlDocPtr doc = xmlReadMemory(svg.ptr, (int)svg.len, "g.svg", NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
  assert_non_null(doc); /* well-formed XML */
  /* one <g class="node comment ..."> group per comment, with its id */
  size_t groups = 0;
  for (xmlNodePtr n = xmlDocGetRootElement(doc); n;) {
    if (n->type == XML_ELEMENT_NODE && !xmlStrcmp(n->name, (const xmlChar *)"g")) {
      xmlChar *cls = xmlGetProp(n, (const xmlChar *)"class");
      if (cls && strstr((const char *)cls, "node comment")) groups++;
      xmlFree(cls);
    }
    if (n->children) n = n->children;
    else {
      while (n && !n->next) n = n->parent;
      if (n) n = n->next;
    }
  }
  xmlFreeDoc(doc);
  assert_int_equal(groups, tm_thread_count(fx->t));
  assert_non_null(strstr(svg.ptr, "id=\"c_"));
  assert_int_equal(tm_graph_render(g, "png", S_sink, &png, &e), TM_OK);
  assert_true(png.len > 1000 && !memcmp(png.ptr, "\x89PNG", 4));
  assert_int_equal(tm_graph_render(g, "pdf", S_sink, &pdf, &e), TM_OK);
  assert_true(pdf.len > 1000 && !memcmp(pdf.ptr, "%PDF", 4));
  assert_int_equal(tm_graph_render(g, "bmp-nope", S_sink, &pdf, &e), TM_EINVAL);
  tm_buf_free(&svg);
  tm_buf_free(&png);
  tm_buf_free(&pdf);
  tm_graph_free(g);
}

static void test_graph__aif_and_argdown(void **state) {
  S_fx *fx = *state;
  tm_buf b = TM_BUF_INIT;
  assert_int_equal(tm_write_aif(fx->t, fx->s, S_sink, &b), TM_OK);
  cJSON *j = cJSON_Parse(b.ptr);
  assert_non_null(j);
  size_t ra = 0, ca = 0, in = 0, want_ra = 0, want_ca = 0;
  for (cJSON *n = cJSON_GetObjectItem(j, "nodes")->child; n; n = n->next) {
    const char *ty = cJSON_GetObjectItem(n, "type")->valuestring;
    ra += !strcmp(ty, "RA");
    ca += !strcmp(ty, "CA");
    in += !strcmp(ty, "I");
  }
  for (size_t i = 0; i < tm_thread_count(fx->t); i++) {
    uint32_t l = tm_scores_stance(fx->s, i)->label;
    want_ra += l == TM_STANCE_AGREE || l == TM_STANCE_MIXED;
    want_ca += l == TM_STANCE_DISAGREE || l == TM_STANCE_MIXED;
  }
  assert_int_equal(in, tm_thread_count(fx->t) + 1);
  assert_int_equal(ra, want_ra);
  assert_int_equal(ca, want_ca);
  assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "edges")), (int)(2 * (ra + ca)));
  cJSON_Delete(j);
  tm_buf_reset(&b);
  assert_int_equal(tm_write_argdown(fx->t, fx->s, S_sink, &b), TM_OK);
  size_t plus = 0, minus = 0;
  for (const char *p = b.ptr; (p = strstr(p, "\n")); p++) {
    const char *q = p + 1;
    while (*q == ' ') q++;
    plus += !strncmp(q, "+ [c", 4);
    minus += !strncmp(q, "- [c", 4);
  }
  size_t agree = 0, against = 0;
  for (size_t i = 0; i < tm_thread_count(fx->t); i++) {
    uint32_t l = tm_scores_stance(fx->s, i)->label;
    agree += l == TM_STANCE_AGREE;
    against += l == TM_STANCE_DISAGREE || l == TM_STANCE_MIXED;
  }
  assert_int_equal(plus, agree);   /* + supports */
  assert_int_equal(minus, against); /* - attacks (mixed included, tagged #mixed) */
  assert_non_null(strstr(b.ptr, "[Story]: "));
  tm_buf_free(&b);
}

static long S_rss_kb(void) {
  FILE *f = fopen("/proc/self/statm", "r");
  long pages = 0, rss = 0;
  if (!f) return 0;
  if (fscanf(f, "%ld %ld", &pages, &rss) != 2) rss = 0;
  fclose(f);
  return rss * (sysconf(_SC_PAGESIZE) / 1024);
}

static void test_graph__thousand_renders_keep_memory_flat(void **state) {
  (void)state;
  const char nd[] = "{\"id\":\"a\",\"parent\":null,\"author\":\"x\",\"text\":\"Great idea\"}\n"
                    "{\"id\":\"b\",\"parent\":\"a\",\"author\":\"y\",\"text\":\"No, that's wrong.\"}\n"
                    "{\"id\":\"c\",\"parent\":\"b\",\"author\":\"x\",\"text\":\"Exactly.\"}\n";
  S_fx *fx = *state;
  tm_thread *t;
  tm_scores *s;
  tm_error e = {0};
  assert_int_equal(tm_thread_parse(&t, nd, strlen(nd), NULL, &e), TM_OK);
  assert_int_equal(tm_thread_score(&s, t, fx->lex, NULL, 0), TM_OK);
  tm_buf out = TM_BUF_INIT;
  long after100 = 0;
  for (int k = 0; k < 1000; k++) {
    tm_graph *g;
    tm_graph_options o = TM_GRAPH_OPTIONS_INIT;
    o.kind = (tm_graph_kind)(k % 4);
    assert_int_equal(tm_graph_build(&g, t, s, &o, &e), TM_OK);
    tm_buf_reset(&out);
    assert_int_equal(tm_graph_render(g, "svg", S_sink, &out, &e), TM_OK);
    tm_graph_free(g);
    if (k == 99) after100 = S_rss_kb();
  }
  long after1000 = S_rss_kb();
  printf("# RSS after 100 renders %ld KiB, after 1000 %ld KiB\n", after100, after1000);
#if defined(__SANITIZE_ADDRESS__)
  /* AddressSanitizer holds freed memory in quarantine: RSS says nothing
   * here; LeakSanitizer checks our frees instead */
  (void)after100;
#else
  /* a leak of even 1 KiB per render would add about 900 KiB */
  assert_true(after1000 - after100 < 2048);
#endif
  tm_buf_free(&out);
  tm_scores_free(s);
  tm_thread_free(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_graph__reply_nodes_and_stance_edges),
      cmocka_unit_test(test_graph__size_limit_collapses_and_says_so),
      cmocka_unit_test(test_graph__argument_and_disagreement),
      cmocka_unit_test(test_graph__svg_png_pdf),
      cmocka_unit_test(test_graph__aif_and_argdown),
      cmocka_unit_test(test_graph__thousand_renders_keep_memory_flat),
  };
  return cmocka_run_group_tests(tests, S_setup, S_teardown);
}
