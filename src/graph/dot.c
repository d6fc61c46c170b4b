/*
 * dot.c - the four diagrams as DOT text (Graphviz's language,
 * https://graphviz.org/doc/info/lang.html), later parsed by cgraph and laid
 * out by render.c.  Writing DOT text keeps escaping and HTML-like labels in
 * one place, gives the "gv" output for free, and lets tests read the
 * graph back through cgraph.
 *
 * Reading aids, per DIAGRAMS.md: fill by sentiment on ColorBrewer's
 * colorblind-safe RdBu 11-step scale (6 = neutral), stance shown by
 * colour AND line style AND arrowhead (tee = attack, normal = support),
 * bold author over a short excerpt (the comment's most opinionated
 * sentence, cut at a word boundary), the full text as a tooltip, ids and
 * CSS classes on the SVG groups, a title with counts, and a legend.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../score/scores.h"
#include "../text/utf8.h"
#include "../thread/thread.h"
#include "../util/buf.h"
#include "../util/error.h"
#include "graph.h"

#define EXCERPT_MAX 64      /* bytes of excerpt in a node */
#define EXCERPT_LINE 34     /* ... wrapped at about this many */
#define TOOLTIP_MAX 600     /* bytes of full text in the tooltip */
#define REPLY_MAX_NODES 400 /* default comments kept in reply/argument diagrams */
#define PEOPLE_MAX_NODES 60 /* default authors kept in the participants diagram */
#define FONT "DejaVu Sans"
#define XLABEL_MAX 300     /* argument maps up to this size label their edges */

/* stance colours: darker than the fills, distinct for deuteranopes in
 * lightness too (red-orange vs green vs purple vs grey) */
#define C_DISAGREE "#c51b7d"
#define C_AGREE "#1b7837"
#define C_MIXED "#7570b3"
#define C_NEUTRAL "#9e9e9e"

static const char *const S_kind_names[] = {"reply", "disagreement", "participants", "argument"};

int tm_graph_kind_from_name(const char *name) {
  for (int k = 0; k < 4; k++)
    if (!strcmp(name, S_kind_names[k])) return k;
  return -1;
}

/* ---------------------------------------------------------------- text */

/* Append s[0..n) for an HTML-like label: & < > " escaped, control
 * characters and newlines as spaces. */
static void S_html(tm_buf *b, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    switch (c) {
    case '&': tm_buf_puts(b, "&amp;"); break;
    case '<': tm_buf_puts(b, "&lt;"); break;
    case '>': tm_buf_puts(b, "&gt;"); break;
    case '"': tm_buf_puts(b, "&quot;"); break;
    case ']': tm_buf_puts(b, "&#93;"); break;
    default:
      if (c < 0x20 || c == 0x7F) tm_buf_putc(b, ' ');
      else tm_buf_putc(b, (char)c);
    }
  }
}

/* Append a DOT quoted string's contents: " and \ escaped, newlines as
 * spaces, at most max bytes (cut on a UTF-8 boundary, "…" added). */
static void S_quoted(tm_buf *b, const char *s, size_t n, size_t max) {
  size_t cut = n;
  if (max && n > max) {
    cut = max;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80) cut--;
  }
  for (size_t i = 0; i < cut; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') {
      tm_buf_putc(b, '\\');
      tm_buf_putc(b, (char)c);
    } else if (c < 0x20 || c == 0x7F) {
      tm_buf_putc(b, ' ');
    } else {
      tm_buf_putc(b, (char)c);
    }
  }
  if (cut < n) tm_buf_puts(b, "\xE2\x80\xA6");
}

/* The comment's most opinionated sentence of its own words (or the first),
 * as [*start, *start + *len). */
static void S_best_sentence(const tm_lexicon *lex, const tm_comment *c, size_t *start, size_t *len) {
  *start = 0;
  *len = c->text_len;
  tm_explain ex;
  memset(&ex, 0, sizeof ex);
  tm_sentiment s;
  if (!lex || tm_score_text(lex, c->text, c->text_len, c->spans, c->nspans, &s, &ex) || !ex.nsent) {
    tm_explain_free(&ex);
    /* no own sentence: skip a leading quote line at least */
    const char *t = c->text;
    size_t i = 0;
    while (i < c->text_len && t[i] == '>') {
      const char *nl = memchr(t + i, '\n', c->text_len - i);
      if (!nl) break;
      i = (size_t)(nl - t) + 1;
      while (i < c->text_len && t[i] == '\n') i++;
    }
    *start = i;
    *len = c->text_len - i;
    return;
  }
  size_t best = 0;
  for (size_t k = 1; k < ex.nsent; k++)
    if (fabsf(ex.sent[k].compound) > fabsf(ex.sent[best].compound) + 0.05f) best = k;
  *start = ex.sent[best].start;
  *len = ex.sent[best].len;
  tm_explain_free(&ex);
}

/* An excerpt of at most EXCERPT_MAX bytes, cut at a word boundary, in two
 * lines of about EXCERPT_LINE, as HTML-label text. */
static void S_excerpt(tm_buf *b, const char *s, size_t n) {
  while (n && (*s == ' ' || *s == '\n' || *s == '>')) s++, n--;
  size_t cut = n, more = 0;
  if (n > EXCERPT_MAX) {
    cut = EXCERPT_MAX;
    while (cut > EXCERPT_MAX / 2 && s[cut] != ' ') cut--;
    if (s[cut] != ' ') {
      cut = EXCERPT_MAX;
      while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80) cut--;
    }
    more = 1;
  }
  /* one line break near the middle, at a space */
  size_t brk = 0;
  if (cut > EXCERPT_LINE) {
    brk = EXCERPT_LINE;
    while (brk > EXCERPT_LINE / 2 && s[brk] != ' ') brk--;
    if (s[brk] != ' ') brk = 0;
  }
  if (brk) {
    S_html(b, s, brk);
    tm_buf_puts(b, "<BR ALIGN=\"LEFT\"/>");
    S_html(b, s + brk + 1, cut - brk - 1);
  } else {
    S_html(b, s, cut);
  }
  if (more) tm_buf_puts(b, "\xE2\x80\xA6");
  tm_buf_puts(b, "<BR ALIGN=\"LEFT\"/>");
}

/* RdBu 11-step index for a compound: 1 dark red .. 6 white .. 11 dark blue */
static int S_color(float compound) {
  int k = 6 + (int)lroundf(compound * 5.0f);
  return k < 1 ? 1 : k > 11 ? 11 : k;
}

/* Edge style by stance: colour, width, line, arrow at the replied-to end. */
static void S_edge_style(tm_buf *b, uint32_t label, float confidence) {
  switch (label) {
  case TM_STANCE_DISAGREE:
    tm_buf_printf(b, "color=\"%s\", penwidth=%.1f, arrowtail=tee, class=\"disagree\"", C_DISAGREE,
                  1.8 + 1.5 * confidence);
    break;
  case TM_STANCE_AGREE:
    tm_buf_printf(b, "color=\"%s\", penwidth=%.1f, arrowtail=normal, class=\"agree\"", C_AGREE,
                  1.2 + 1.0 * confidence);
    break;
  case TM_STANCE_MIXED:
    tm_buf_printf(b, "color=\"%s\", penwidth=1.6, style=dashed, arrowtail=odiamond, class=\"mixed\"", C_MIXED);
    break;
  default:
    tm_buf_printf(b, "color=\"%s\", penwidth=0.8, arrowtail=none, class=\"neutral\"", C_NEUTRAL);
  }
}

/* ------------------------------------------------------------ selection */

typedef struct {
  const tm_thread *t;
  const tm_scores *s;
  unsigned char *keep;   /* per comment: shown */
  uint32_t *hidden;      /* per comment: direct replies not shown (their subtrees) */
  uint32_t *hidden_total;/* ... and every comment under them */
  size_t shown;
} S_sel;

static float S_importance(const tm_thread *t, const tm_scores *s, uint32_t i) {
  const tm_stance *st = &s->stance[i];
  float w = 1.0f + fabsf(s->sent[i].compound) + (float)log1p(t->c[i].nchildren);
  if (st->label == TM_STANCE_DISAGREE || st->label == TM_STANCE_MIXED) w += 2.0f + st->confidence;
  else if (st->label == TM_STANCE_AGREE) w += 1.0f + st->confidence;
  return w;
}

typedef struct { float w; uint32_t i; } S_rank;

static int S_cmp_rank(const void *a, const void *b) {
  const S_rank *x = a, *y = b;
  if (x->w != y->w) return x->w > y->w ? -1 : 1;
  return x->i < y->i ? -1 : x->i > y->i;
}

/* Choose the comments to show: filters first, then the most important up
 * to max_nodes, each with its ancestors so the tree stays connected. */
static int S_select(S_sel *sel, const tm_thread *t, const tm_scores *s, const tm_graph_options *o,
                    size_t max_nodes) {
  size_t n = t->n;
  memset(sel, 0, sizeof *sel);
  sel->t = t;
  sel->s = s;
  sel->keep = calloc(n ? n : 1, 1);
  sel->hidden = calloc(n ? n : 1, sizeof *sel->hidden);
  sel->hidden_total = calloc(n ? n : 1, sizeof *sel->hidden_total);
  S_rank *r = malloc((n ? n : 1) * sizeof *r);
  if (!sel->keep || !sel->hidden || !sel->hidden_total || !r) {
    free(r);
    return TM_ENOMEM;
  }
  size_t nr = 0;
  for (size_t i = 0; i < n; i++) {
    const tm_comment *c = &t->c[i];
    if (o->max_depth && c->depth > o->max_depth) continue;
    if (o->min_abs_score > 0 && fabsf(s->sent[i].compound) < o->min_abs_score &&
        fabsf(s->stance[i].score) < o->min_abs_score)
      continue;
    r[nr].w = S_importance(t, s, (uint32_t)i);
    r[nr].i = (uint32_t)i;
    nr++;
  }
  qsort(r, nr, sizeof *r, S_cmp_rank);
  for (size_t k = 0; k < nr && sel->shown < max_nodes; k++) {
    /* count the ancestors this would add */
    size_t add = 0;
    for (uint32_t a = r[k].i; a != TM_NONE && !sel->keep[a]; a = t->c[a].parent) add++;
    if (sel->shown + add > max_nodes) continue;
    for (uint32_t a = r[k].i; a != TM_NONE && !sel->keep[a]; a = t->c[a].parent) {
      sel->keep[a] = 1;
      sel->shown++;
    }
  }
  free(r);
  /* hidden replies under each shown comment (and under the story: index n
   * is not used; top-level hidden ones are counted by the caller) */
  for (size_t i = 0; i < n; i++) {
    if (sel->keep[i]) continue;
    /* the nearest shown ancestor gets the count */
    uint32_t a = t->c[i].parent;
    while (a != TM_NONE && !sel->keep[a]) a = t->c[a].parent;
    if (a == TM_NONE) continue;
    sel->hidden_total[a]++;
    if (t->c[i].parent == a) sel->hidden[a]++;
  }
  return TM_OK;
}

static void S_sel_free(S_sel *sel) {
  free(sel->keep);
  free(sel->hidden);
  free(sel->hidden_total);
}

/* ------------------------------------------------------------- pieces */

static void S_node_id(tm_buf *b, uint32_t i) { tm_buf_printf(b, "c%u", i); }

/* Big diagrams (more than COMPACT_NODES comments) show author and
 * sentiment only: excerpts of thousands of comments cannot be read anyway,
 * and measuring their text is most of the rendering time. */
#define COMPACT_NODES 1500

static void S_comment_node(tm_buf *b, const tm_thread *t, const tm_scores *s, const tm_lexicon *lex,
                           uint32_t i, const char *extra_class, int compact) {
  const tm_comment *c = &t->c[i];
  const tm_sentiment *se = &s->sent[i];
  const tm_stance *st = &s->stance[i];
  int col = S_color(se->compound);
  tm_buf_puts(b, "  ");
  S_node_id(b, i);
  tm_buf_puts(b, " [id=\"c_");
  S_quoted(b, c->id, strlen(c->id), 80);
  tm_buf_printf(b, "\", class=\"comment stance-%s%s%s\", colorscheme=rdbu11, fillcolor=%d, fontcolor=\"%s\", label=<<B>",
                tm_stance_name(st->label) ? tm_stance_name(st->label) : "none", extra_class ? " " : "",
                extra_class ? extra_class : "", col, col <= 2 || col >= 10 ? "white" : "black");
  const char *au = c->author ? c->author : (c->flags & TM_CF_DELETED ? "[deleted]" : "?");
  S_html(b, au, strlen(au) > 40 ? 40 : strlen(au));
  tm_buf_puts(b, "</B>");
  if (c->flags & TM_CF_DELETED) {
    tm_buf_puts(b, "<BR ALIGN=\"LEFT\"/><I>deleted</I><BR ALIGN=\"LEFT\"/>");
  } else {
    const char *mark = se->compound >= 0.05f ? "\xE2\x96\xB2" : se->compound <= -0.05f ? "\xE2\x96\xBC" : "\xE2\x97\x8B";
    tm_buf_printf(b, "  <FONT POINT-SIZE=\"9\">%s %+.2f</FONT><BR ALIGN=\"LEFT\"/>", mark, se->compound);
    if (!compact) {
      size_t a, l;
      S_best_sentence(lex, c, &a, &l);
      S_excerpt(b, c->text + a, l);
    }
  }
  tm_buf_puts(b, ">, tooltip=\"");
  S_quoted(b, c->author ? c->author : "", c->author ? strlen(c->author) : 0, 40);
  tm_buf_puts(b, ": ");
  S_quoted(b, c->text, c->text_len, TOOLTIP_MAX);
  tm_buf_puts(b, "\"");
  if (t->meta.format == TM_FMT_HN_HTML || t->meta.format == TM_FMT_HN_JSON)
    tm_buf_printf(b, ", URL=\"https://news.ycombinator.com/item?id=%s\", target=\"_blank\"", c->id);
  tm_buf_puts(b, "];\n");
}

static void S_title(tm_buf *b, const tm_thread *t, const tm_graph_options *o, const char *what,
                    size_t shown, size_t total, const char *why) {
  const char *title = o->title ? o->title : t->meta.title ? t->meta.title : "Discussion";
  tm_buf_puts(b, "  label=<<B>");
  S_html(b, title, strlen(title) > 120 ? 120 : strlen(title));
  tm_buf_printf(b, "</B><BR/><FONT POINT-SIZE=\"11\">%s \xC2\xB7 %s \xC2\xB7 %zu comments", what,
                tm_format_name(t->meta.format), total);
  if (shown < total) tm_buf_printf(b, " \xC2\xB7 showing %zu (%zu %s)", shown, total - shown, why);
  tm_buf_puts(b, "</FONT>>;\n");
}

static void S_header(tm_buf *b, const char *rankdir) {
  tm_buf_puts(b, "digraph threadmap {\n");
  tm_buf_printf(b,
                "  graph [fontname=\"" FONT "\", fontsize=16, labelloc=t, labeljust=l, %s%s%s"
                "bgcolor=white, pad=0.3, nodesep=0.18, ranksep=0.45, outputorder=edgesfirst, "
                "newrank=true];\n",
                rankdir ? "rankdir=" : "", rankdir ? rankdir : "", rankdir ? ", " : "");
  tm_buf_puts(b, "  node [fontname=\"" FONT "\", fontsize=10, shape=box, style=\"rounded,filled\", "
                 "color=\"#555555\", penwidth=0.7, margin=\"0.10,0.05\"];\n");
  tm_buf_puts(b, "  edge [fontname=\"" FONT "\", fontsize=9, arrowsize=0.7, dir=back];\n");
}

static void S_story(tm_buf *b, const tm_thread *t, const tm_scores *s) {
  const char *title = t->meta.title ? t->meta.title : "the story";
  tm_buf_puts(b, "  story [id=\"story\", class=\"story\", shape=box, style=\"filled,bold\", fillcolor=\"#eeeeee\", "
                 "fontsize=12, label=<<B>");
  S_html(b, title, strlen(title) > 80 ? 80 : strlen(title));
  tm_buf_puts(b, "</B>");
  if (t->meta.author) {
    tm_buf_puts(b, "<BR/><FONT POINT-SIZE=\"9\">by ");
    S_html(b, t->meta.author, strlen(t->meta.author));
    if (s->has_story) tm_buf_printf(b, " \xC2\xB7 sentiment %+.2f", s->story.compound);
    tm_buf_puts(b, "</FONT>");
  }
  tm_buf_puts(b, ">];\n");
}

static void S_legend(tm_buf *b, int people) {
  tm_buf_puts(b,
              "  subgraph cluster_legend {\n    label=\"\"; color=\"#bbbbbb\"; style=rounded;\n"
              "    legend [shape=plaintext, style=\"\", margin=0, label=<<TABLE BORDER=\"0\" "
              "CELLBORDER=\"0\" CELLSPACING=\"1\" CELLPADDING=\"2\">"
              "<TR><TD COLSPAN=\"4\" ALIGN=\"LEFT\"><B>Legend</B></TD></TR>"
              "<TR><TD BGCOLOR=\"#b2182b\" WIDTH=\"14\"> </TD><TD BGCOLOR=\"#f4a582\" WIDTH=\"14\"> </TD>"
              "<TD COLSPAN=\"2\" ALIGN=\"LEFT\">negative</TD></TR>"
              "<TR><TD BGCOLOR=\"#f7f7f7\" BORDER=\"1\" COLOR=\"#999999\"> </TD><TD></TD>"
              "<TD COLSPAN=\"2\" ALIGN=\"LEFT\">neutral sentiment</TD></TR>"
              "<TR><TD BGCOLOR=\"#2166ac\"> </TD><TD BGCOLOR=\"#92c5de\"> </TD>"
              "<TD COLSPAN=\"2\" ALIGN=\"LEFT\">positive</TD></TR>");
  if (!people)
    tm_buf_puts(b,
                "<TR><TD COLSPAN=\"2\"><FONT COLOR=\"" C_DISAGREE "\"><B>\xE2\x94\x80\xE2\x94\x80\xE2\x94\xA4</B></FONT></TD>"
                "<TD COLSPAN=\"2\" ALIGN=\"LEFT\">disagrees (thicker: surer)</TD></TR>"
                "<TR><TD COLSPAN=\"2\"><FONT COLOR=\"" C_AGREE "\">\xE2\x94\x80\xE2\x94\x80\xE2\x96\xB6</FONT></TD>"
                "<TD COLSPAN=\"2\" ALIGN=\"LEFT\">agrees</TD></TR>"
                "<TR><TD COLSPAN=\"2\"><FONT COLOR=\"" C_MIXED "\">\xE2\x95\x8C\xE2\x95\x8C\xE2\x97\x87</FONT></TD>"
                "<TD COLSPAN=\"2\" ALIGN=\"LEFT\">partly agrees (mixed)</TD></TR>"
                "<TR><TD COLSPAN=\"2\"><FONT COLOR=\"" C_NEUTRAL "\">\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80</FONT></TD>"
                "<TD COLSPAN=\"2\" ALIGN=\"LEFT\">neutral reply</TD></TR>"
                "<TR><TD COLSPAN=\"2\"><FONT COLOR=\"#666666\">\xC2\xB7\xC2\xB7\xC2\xB7\xE2\x86\x92</FONT></TD>"
                "<TD COLSPAN=\"2\" ALIGN=\"LEFT\">quotes</TD></TR>"
                "<TR><TD COLSPAN=\"4\" ALIGN=\"LEFT\"><FONT POINT-SIZE=\"8\">\xE2\x96\xB2/\xE2\x96\xBC: sentiment "
                "of the comment's own words (-1..+1)</FONT></TD></TR>");
  else
    tm_buf_puts(b,
                "<TR><TD COLSPAN=\"2\"><FONT COLOR=\"" C_DISAGREE "\"><B>\xE2\x94\x81\xE2\x94\x81</B></FONT></TD>"
                "<TD COLSPAN=\"2\" ALIGN=\"LEFT\">mostly disagreed</TD></TR>"
                "<TR><TD COLSPAN=\"2\"><FONT COLOR=\"" C_AGREE "\">\xE2\x94\x81\xE2\x94\x81</FONT></TD>"
                "<TD COLSPAN=\"2\" ALIGN=\"LEFT\">mostly agreed</TD></TR>"
                "<TR><TD COLSPAN=\"4\" ALIGN=\"LEFT\"><FONT POINT-SIZE=\"8\">box size: comments; "
                "line width: replies between them</FONT></TD></TR>");
  tm_buf_puts(b, "</TABLE>>];\n  }\n");
}

static void S_collapsed(tm_buf *b, const char *from, uint32_t count, const char *what) {
  tm_buf_printf(b,
                "  %s_more [shape=plaintext, style=\"\", fontsize=9, fontcolor=\"#777777\", "
                "class=\"collapsed\", label=\"+%u %s\"];\n  %s -> %s_more [color=\"#cccccc\", "
                "style=dotted, arrowtail=none];\n",
                from, count, what, from, from);
}

/* The edge from what comment i answers to i, styled by i's stance; the
 * caller may add attributes and closes it with "];". */
static void S_reply_edge(tm_buf *b, const tm_thread *t, const tm_scores *s, uint32_t i) {
  const tm_comment *c = &t->c[i];
  tm_buf_puts(b, "  ");
  if (c->parent == TM_NONE) tm_buf_puts(b, "story");
  else S_node_id(b, c->parent);
  tm_buf_puts(b, " -> ");
  S_node_id(b, i);
  tm_buf_puts(b, " [");
  S_edge_style(b, s->stance[i].label, s->stance[i].confidence);
}

/* --------------------------------------------------------------- kinds */

static void S_reply(tm_graph *g, const tm_thread *t, const tm_scores *s, const tm_lexicon *lex,
                    const tm_graph_options *o, const S_sel *sel) {
  tm_buf *b = &g->dot;
  S_header(b, "LR");
  S_title(b, t, o, "reply graph", sel->shown, t->n, "left out by the size limits, see \"+N\"");
  S_story(b, t, s);
  size_t top_hidden = 0;
  for (uint32_t i = 0; i < t->n; i++) {
    if (!sel->keep[i]) {
      if (t->c[i].parent == TM_NONE) top_hidden++;
      continue;
    }
    S_comment_node(b, t, s, lex, i, NULL, sel->shown > COMPACT_NODES);
  }
  for (uint32_t i = 0; i < t->n; i++) {
    if (!sel->keep[i]) continue;
    S_reply_edge(b, t, s, i);
    tm_buf_puts(b, "];\n");
    if (sel->hidden[i]) {
      char from[24];
      snprintf(from, sizeof from, "c%u", i);
      S_collapsed(b, from, sel->hidden_total[i], sel->hidden_total[i] == 1 ? "reply" : "replies");
      g->collapsed++;
    }
    /* quote links to shown comments */
    const uint32_t *q;
    size_t nq = tm_scores_quotes(s, i, &q);
    for (size_t k = 0; k < nq; k++) {
      if (q[k] != TM_QUOTE_STORY && !sel->keep[q[k]]) continue;
      tm_buf_puts(b, "  ");
      S_node_id(b, i);
      tm_buf_puts(b, " -> ");
      if (q[k] == TM_QUOTE_STORY) tm_buf_puts(b, "story");
      else S_node_id(b, q[k]);
      tm_buf_puts(b, " [style=dotted, color=\"#666666\", constraint=false, dir=forward, arrowhead=open, "
                     "class=\"quote\", tooltip=\"quotes\"];\n");
    }
  }
  if (top_hidden) {
    S_collapsed(b, "story", (uint32_t)top_hidden, "more comments");
    g->collapsed++;
  }
  S_legend(b, 0);
  tm_buf_puts(b, "}\n");
}

static void S_argument(tm_graph *g, const tm_thread *t, const tm_scores *s, const tm_lexicon *lex,
                       const tm_graph_options *o, const S_sel *sel) {
  tm_buf *b = &g->dot;
  size_t n = t->n;
  /* a comment is shown when it takes a side, or leads to one that does */
  unsigned char *show = calloc(n ? n : 1, 1);
  uint32_t *chatter = calloc(n ? n : 1, sizeof *chatter);
  if (!show || !chatter) {
    free(show);
    free(chatter);
    g->oom = 1;
    return;
  }
  for (uint32_t i = 0; i < n; i++) {
    if (!sel->keep[i]) continue;
    const tm_comment *c = &t->c[i];
    uint32_t l = s->stance[i].label;
    int sided = l == TM_STANCE_AGREE || l == TM_STANCE_DISAGREE || l == TM_STANCE_MIXED;
    if (c->parent == TM_NONE || sided)
      for (uint32_t a = i; a != TM_NONE && !show[a]; a = t->c[a].parent) show[a] = 1;
  }
  size_t shown = 0, top_chatter = 0;
  for (uint32_t i = 0; i < n; i++) {
    if (show[i]) {
      shown++;
      continue;
    }
    uint32_t a = t->c[i].parent;
    while (a != TM_NONE && !show[a]) a = t->c[a].parent;
    if (a != TM_NONE) chatter[a]++;
    else top_chatter++;
  }
  S_header(b, "LR");
  S_title(b, t, o, "argument map", shown, n, "neutral or filtered, collapsed into \"+N\"");
  S_story(b, t, s);
  /* one cluster per top-level subthread */
  size_t k = 0;
  for (uint32_t r = tm_thread_first_root(t); r != TM_NONE; r = t->c[r].next_sibling) {
    if (!show[r]) continue;
    tm_buf_printf(b, "  subgraph cluster_%zu {\n    label=<<FONT POINT-SIZE=\"9\" COLOR=\"#777777\">"
                     "subthread %zu</FONT>>; style=\"rounded,dashed\"; color=\"#cccccc\";\n",
                  k, k + 1);
    k++;
    /* the subtree, iteratively */
    for (uint32_t i = r; i != TM_NONE;) {
      if (show[i]) {
        tm_buf_puts(b, "  ");
        S_comment_node(b, t, s, lex, i, "claim", shown > COMPACT_NODES);
      }
      /* next in pre-order within the subtree of r */
      if (t->c[i].first_child != TM_NONE && show[i]) {
        i = t->c[i].first_child;
        continue;
      }
      while (i != r && t->c[i].next_sibling == TM_NONE) i = t->c[i].parent;
      if (i == r) break;
      i = t->c[i].next_sibling;
    }
    tm_buf_puts(b, "  }\n");
  }
  for (uint32_t i = 0; i < n; i++) {
    if (!show[i]) continue;
    const tm_stance *st = &s->stance[i];
    S_reply_edge(b, t, s, i);
    /* edge words help small maps; placing thousands of them is slow and
     * unreadable, so big maps rely on the colours and arrowheads */
    if (shown <= XLABEL_MAX && st->label == TM_STANCE_AGREE)
      tm_buf_puts(b, ", xlabel=\"supports\", fontcolor=\"" C_AGREE "\"");
    if (shown <= XLABEL_MAX && st->label == TM_STANCE_DISAGREE)
      tm_buf_puts(b, ", xlabel=\"attacks\", fontcolor=\"" C_DISAGREE "\"");
    tm_buf_puts(b, "];\n");
    if (chatter[i]) {
      char from[24];
      snprintf(from, sizeof from, "c%u", i);
      S_collapsed(b, from, chatter[i], chatter[i] == 1 ? "neutral reply" : "neutral replies");
      g->collapsed++;
    }
  }
  if (top_chatter) {
    S_collapsed(b, "story", (uint32_t)top_chatter, "neutral comments");
    g->collapsed++;
  }
  S_legend(b, 0);
  tm_buf_puts(b, "}\n");
  g->shown = shown;
  free(show);
  free(chatter);
}

static void S_disagreement(tm_graph *g, const tm_thread *t, const tm_scores *s, const tm_lexicon *lex,
                           const tm_graph_options *o, size_t max_nodes) {
  tm_buf *b = &g->dot;
  size_t n = t->n;
  unsigned char *show = calloc(n ? n : 1, 1);
  int *chain_of = malloc((n ? n : 1) * sizeof *chain_of);
  if (!show || !chain_of) {
    free(show);
    free(chain_of);
    g->oom = 1;
    return;
  }
  for (size_t i = 0; i < n; i++) chain_of[i] = -1;
  /* the surest disagreements first, until the node budget is spent */
  S_rank *r = malloc((n ? n : 1) * sizeof *r);
  unsigned char *edge = calloc(n ? n : 1, 1);
  if (!r || !edge) {
    free(show);
    free(chain_of);
    free(r);
    free(edge);
    g->oom = 1;
    return;
  }
  size_t nr = 0, edges = 0, nodes = 0, all_edges = 0;
  for (size_t i = 0; i < n; i++) {
    uint32_t l = s->stance[i].label;
    if ((l == TM_STANCE_DISAGREE || l == TM_STANCE_MIXED) && t->c[i].parent != TM_NONE &&
        (!o->max_depth || t->c[i].depth <= o->max_depth)) {
      r[nr].w = s->stance[i].confidence + (l == TM_STANCE_DISAGREE ? 1.0f : 0.5f);
      r[nr].i = (uint32_t)i;
      nr++;
    }
  }
  all_edges = nr;
  qsort(r, nr, sizeof *r, S_cmp_rank);
  for (size_t k = 0; k < nr; k++) {
    uint32_t i = r[k].i, p = t->c[i].parent;
    size_t add = !show[i] + !show[p];
    if (nodes + add > max_nodes) continue;
    nodes += add;
    show[i] = show[p] = 1;
    edge[i] = 1;
    edges++;
  }
  free(r);
  tm_measures m;
  if (tm_thread_measures(t, s, &m) == TM_OK) {
    for (size_t k = 0; k < m.nchains; k++)
      for (uint32_t i = m.chains[k].last, step = 0; step < m.chains[k].length; step++, i = t->c[i].parent)
        if (show[i] && chain_of[i] < 0) chain_of[i] = (int)k;
  } else {
    m.nchains = 0;
  }
  size_t shown = 0;
  for (size_t i = 0; i < n; i++) shown += show[i];
  S_header(b, "LR");
  S_title(b, t, o, "disagreement graph", shown, n, "not in a disagreement");
  if (edges < all_edges)
    tm_buf_printf(b, "  label2 [shape=plaintext, style=\"\", fontsize=10, label=\"Showing the %zu surest of %zu "
                     "disagreements (--max-nodes %zu).\"];\n",
                  edges, all_edges, max_nodes);
  for (size_t k = 0; k < m.nchains; k++) {
    tm_buf_printf(b, "  subgraph cluster_chain%zu {\n    style=\"rounded,filled\"; fillcolor=\"#fff3e6\"; "
                     "color=\"#e6550d\"; penwidth=1.5; label=<<B>",
                  k);
    S_html(b, m.chains[k].a ? m.chains[k].a : "?", m.chains[k].a ? strlen(m.chains[k].a) : 1);
    tm_buf_puts(b, " \xE2\x87\x84 ");
    S_html(b, m.chains[k].b ? m.chains[k].b : "?", m.chains[k].b ? strlen(m.chains[k].b) : 1);
    tm_buf_printf(b, "</B>: back-and-forth of %u replies, %u disagreeing>;\n", m.chains[k].length,
                  m.chains[k].disagreements);
    for (uint32_t i = 0; i < n; i++)
      if (show[i] && chain_of[i] == (int)k) {
        tm_buf_puts(b, "  ");
        S_comment_node(b, t, s, lex, i, "chain", 0);
      }
    tm_buf_puts(b, "  }\n");
  }
  for (uint32_t i = 0; i < n; i++)
    if (show[i] && chain_of[i] < 0) S_comment_node(b, t, s, lex, i, NULL, shown > COMPACT_NODES);
  for (uint32_t i = 0; i < n; i++) {
    uint32_t l = s->stance[i].label;
    if (!edge[i]) continue;
    tm_buf_puts(b, "  ");
    S_node_id(b, t->c[i].parent);
    tm_buf_puts(b, " -> ");
    S_node_id(b, i);
    tm_buf_puts(b, " [");
    S_edge_style(b, l, s->stance[i].confidence);
    tm_buf_puts(b, "];\n");
  }
  if (!edges)
    tm_buf_puts(b, "  none [shape=plaintext, style=\"\", label=\"No reply in this thread was rated as "
                   "disagreeing.\"];\n");
  S_legend(b, 0);
  tm_buf_puts(b, "}\n");
  g->shown = shown;
  free(show);
  free(chain_of);
  free(edge);
}

typedef struct { const char *name; uint32_t comments; double sent; } S_person;
typedef struct { uint32_t a, b; uint32_t agree, disagree, mixed; } S_pair;

static int S_cmp_name(const void *x, const void *y) {
  return strcmp(((const S_person *)x)->name, ((const S_person *)y)->name);
}

static long S_find_person(const S_person *p, size_t n, const char *name) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int c = strcmp(p[mid].name, name);
    if (!c) return (long)mid;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return -1;
}

static int S_cmp_pair(const void *x, const void *y) {
  const S_pair *p = x, *q = y;
  if (p->a != q->a) return p->a < q->a ? -1 : 1;
  return p->b < q->b ? -1 : p->b > q->b;
}

static void S_participants(tm_graph *g, const tm_thread *t, const tm_scores *s, const tm_graph_options *o,
                           size_t max_nodes) {
  tm_buf *b = &g->dot;
  size_t n = t->n, np = 0;
  S_person *p = malloc((n ? n : 1) * sizeof *p);
  S_pair *pairs = malloc((n ? n : 1) * sizeof *pairs);
  if (!p || !pairs) {
    free(p);
    free(pairs);
    g->oom = 1;
    return;
  }
  for (size_t i = 0; i < n; i++)
    if (t->c[i].author) p[np++] = (S_person){t->c[i].author, 0, 0};
  qsort(p, np, sizeof *p, S_cmp_name);
  size_t u = 0;
  for (size_t i = 0; i < np; i++)
    if (!u || strcmp(p[i].name, p[u - 1].name)) p[u++] = p[i];
  np = u;
  for (size_t i = 0; i < n; i++) {
    if (!t->c[i].author) continue;
    long k = S_find_person(p, np, t->c[i].author);
    p[k].comments++;
    p[k].sent += s->sent[i].compound;
  }
  size_t npair = 0;
  for (size_t i = 0; i < n; i++) {
    const tm_comment *c = &t->c[i];
    if (!c->author || c->parent == TM_NONE || !t->c[c->parent].author) continue;
    uint32_t l = s->stance[i].label;
    if (l != TM_STANCE_AGREE && l != TM_STANCE_DISAGREE && l != TM_STANCE_MIXED) continue;
    long a = S_find_person(p, np, c->author), bb = S_find_person(p, np, t->c[c->parent].author);
    if (a < 0 || bb < 0 || a == bb) continue;
    S_pair *pr = &pairs[npair++];
    pr->a = (uint32_t)(a < bb ? a : bb);
    pr->b = (uint32_t)(a < bb ? bb : a);
    pr->agree = l == TM_STANCE_AGREE;
    pr->disagree = l == TM_STANCE_DISAGREE;
    pr->mixed = l == TM_STANCE_MIXED;
  }
  qsort(pairs, npair, sizeof *pairs, S_cmp_pair);
  size_t w = 0;
  for (size_t k = 0; k < npair; k++) {
    if (w && pairs[w - 1].a == pairs[k].a && pairs[w - 1].b == pairs[k].b) {
      pairs[w - 1].agree += pairs[k].agree;
      pairs[w - 1].disagree += pairs[k].disagree;
      pairs[w - 1].mixed += pairs[k].mixed;
    } else {
      pairs[w++] = pairs[k];
    }
  }
  npair = w;
  /* keep the most involved people: comments, plus twice the replies with
   * a side taken between them and others */
  unsigned char *keep = calloc(np ? np : 1, 1);
  S_rank *rank = malloc((np ? np : 1) * sizeof *rank);
  if (!keep || !rank) {
    free(keep);
    free(rank);
    free(p);
    free(pairs);
    g->oom = 1;
    return;
  }
  for (size_t k = 0; k < np; k++) rank[k] = (S_rank){(float)p[k].comments, (uint32_t)k};
  for (size_t k = 0; k < npair; k++) {
    float wgt = 2.0f * (float)(pairs[k].agree + pairs[k].disagree + pairs[k].mixed);
    rank[pairs[k].a].w += wgt;
    rank[pairs[k].b].w += wgt;
  }
  qsort(rank, np, sizeof *rank, S_cmp_rank);
  size_t shown = 0;
  for (size_t k = 0; k < np && shown < max_nodes; k++) keep[rank[k].i] = 1, shown++;
  free(rank);
  tm_buf_puts(b, "digraph threadmap {\n");
  tm_buf_puts(b, "  graph [fontname=\"" FONT "\", fontsize=16, labelloc=t, labeljust=l, bgcolor=white, "
                 "pad=0.3, overlap=prism, overlap_scaling=2, splines=true, sep=\"+8\", outputorder=edgesfirst];\n");
  tm_buf_puts(b, "  node [fontname=\"" FONT "\", shape=box, style=\"rounded,filled\", "
                 "color=\"#555555\", penwidth=0.7];\n");
  tm_buf_puts(b, "  edge [fontname=\"" FONT "\", fontsize=9, dir=none];\n");
  const char *title = o->title ? o->title : t->meta.title ? t->meta.title : "Discussion";
  tm_buf_puts(b, "  label=<<B>");
  S_html(b, title, strlen(title) > 120 ? 120 : strlen(title));
  tm_buf_printf(b, "</B><BR/><FONT POINT-SIZE=\"11\">participants \xC2\xB7 %zu people \xC2\xB7 %zu comments",
                np, n);
  if (shown < np) tm_buf_printf(b, " \xC2\xB7 showing the %zu most involved", shown);
  tm_buf_puts(b, "</FONT>>;\n");
  for (size_t k = 0; k < np; k++) {
    if (!keep[k]) continue;
    double mean = p[k].sent / p[k].comments;
    int col = S_color((float)mean);
    double fs = 9 + 3 * sqrt((double)p[k].comments);
    if (fs > 22) fs = 22;
    tm_buf_printf(b, "  p%zu [id=\"p_", k);
    S_quoted(b, p[k].name, strlen(p[k].name), 60);
    tm_buf_printf(b, "\", class=\"participant\", colorscheme=rdbu11, fillcolor=%d, fontcolor=\"%s\", fontsize=%.0f, label=<<B>", col,
                  col <= 2 || col >= 10 ? "white" : "black", fs);
    S_html(b, p[k].name, strlen(p[k].name) > 40 ? 40 : strlen(p[k].name));
    tm_buf_printf(b, "</B><BR/><FONT POINT-SIZE=\"8\">%u comment%s, mean %+.2f</FONT>>];\n", p[k].comments,
                  p[k].comments == 1 ? "" : "s", mean);
  }
  for (size_t k = 0; k < npair; k++) {
    const S_pair *pr = &pairs[k];
    if (!keep[pr->a] || !keep[pr->b]) continue;
    uint32_t tot = pr->agree + pr->disagree + pr->mixed;
    const char *col = pr->disagree + 0.5 * pr->mixed > pr->agree ? C_DISAGREE
                      : pr->agree > pr->disagree ? C_AGREE : C_MIXED;
    tm_buf_printf(b, "  p%u -> p%u [color=\"%s\", penwidth=%.1f, label=\"", pr->a, pr->b, col,
                  1.0 + 1.5 * log2(1.0 + tot));
    if (pr->disagree) tm_buf_printf(b, "%u\xE2\x9C\x97", pr->disagree);
    if (pr->mixed) tm_buf_printf(b, "%s%u~", pr->disagree ? " " : "", pr->mixed);
    if (pr->agree) tm_buf_printf(b, "%s%u\xE2\x9C\x93", pr->disagree || pr->mixed ? " " : "", pr->agree);
    tm_buf_printf(b, "\", fontcolor=\"%s\", class=\"pair\"];\n", col);
  }
  S_legend(b, 1);
  tm_buf_puts(b, "}\n");
  g->shown = shown;
  free(keep);
  free(p);
  free(pairs);
}

/* ---------------------------------------------------------------- API */

int tm_graph_build(tm_graph **out, const tm_thread *t, const tm_scores *s, const tm_graph_options *opts,
                   tm_error *err) {
  tm_graph_options def = TM_GRAPH_OPTIONS_INIT;
  const tm_graph_options *o = opts ? opts : &def;
  *out = NULL;
  if ((int)o->kind < 0 || o->kind > TM_GRAPH_ARGUMENT)
    return tm__error(err, TM_EINVAL, 0, 0, 0, "unknown graph kind %d", (int)o->kind);
  tm_graph *g = calloc(1, sizeof *g);
  if (!g) return tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
  g->kind = o->kind;
  g->total = t->n;
  const tm_lexicon *lex = s->lex; /* for excerpts: the most opinionated sentence */
  size_t max_nodes = o->max_nodes ? o->max_nodes
                                  : o->kind == TM_GRAPH_PARTICIPANTS ? PEOPLE_MAX_NODES : REPLY_MAX_NODES;
  S_sel sel;
  int rc = TM_OK;
  if (o->kind == TM_GRAPH_REPLY || o->kind == TM_GRAPH_ARGUMENT) {
    rc = S_select(&sel, t, s, o, max_nodes);
    if (rc == TM_OK) {
      g->shown = sel.shown;
      if (o->kind == TM_GRAPH_REPLY) S_reply(g, t, s, lex, o, &sel);
      else S_argument(g, t, s, lex, o, &sel);
    }
    S_sel_free(&sel);
  } else if (o->kind == TM_GRAPH_DISAGREEMENT) {
    S_disagreement(g, t, s, lex, o, max_nodes);
  } else {
    S_participants(g, t, s, o, max_nodes);
  }
  if (rc == TM_OK && (g->oom || !g->dot.ptr)) rc = TM_ENOMEM;
  if (rc) {
    tm_graph_free(g);
    return tm__error(err, rc, 0, 0, 0, "out of memory building the graph");
  }
  /* layout: dot while it is quick, then engines that scale */
  size_t nodes = g->shown + g->collapsed;
  if (o->layout) snprintf(g->layout, sizeof g->layout, "%s", o->layout);
  else if (o->kind == TM_GRAPH_PARTICIPANTS) snprintf(g->layout, sizeof g->layout, "%s", nodes > 300 ? "sfdp" : "neato");
  else snprintf(g->layout, sizeof g->layout, "%s", nodes > TM_GRAPH_DOT_MAX ? "sfdp" : "dot");
  *out = g;
  return TM_OK;
}

const char *tm_graph_dot(const tm_graph *g) { return g->dot.ptr; }
const char *tm_graph_layout(const tm_graph *g) { return g->layout; }
size_t tm_graph_shown(const tm_graph *g) { return g->shown; }
size_t tm_graph_collapsed(const tm_graph *g) { return g->collapsed; }

void tm_graph_free(tm_graph *g) {
  if (!g) return;
  tm_buf_free(&g->dot);
  free(g);
}
