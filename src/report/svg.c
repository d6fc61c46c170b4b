/*
 * svg.c - line and bar charts as SVG, drawn by our own code.
 *
 * A chart is a title, a plot area with axes, "nice" ticks (1, 2, 2.5, 5 x
 * 10^k) and grid lines, the data, a legend above the plot, and an optional
 * note below it.  Points carry the number of observations behind them:
 * points resting on fewer than `small_n` are drawn hollow and the legend
 * says so, and whiskers show confidence intervals, so that a mean of three
 * comments is not read like a mean of three hundred.  All text is escaped;
 * sizes are a viewBox so the chart scales with the page.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report.h"

const char *const tm__palette[8] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                    "#56B4E9", "#D55E00", "#000000", "#F0E442"};

#define ML 64  /* left margin: y tick labels and the axis title */
#define MR 16
#define MT 58  /* title and legend */
#define MB 58  /* x tick labels and axis title */
#define FONT "font-family=\"DejaVu Sans,Verdana,sans-serif\""

double tm__nice_step(double span, int want) {
  if (!(span > 0) || want < 1) return 1;
  double raw = span / want, p = pow(10, floor(log10(raw))), f = raw / p;
  /* 2.5 only below 1 (0.25, 0.025): on whole-number axes it would print 7.5 */
  double nice = f < 1.5 ? 1 : f < 2.25 ? 2 : f < 3.5 ? (p < 1 ? 2.5 : 2) : f < 7.5 ? 5 : 10;
  return nice * p;
}

static void S_num(char *buf, size_t size, double v, double step, int percent) {
  if (percent) {
    snprintf(buf, size, "%.0f%%", fabs(v) < 1e-9 ? 0.0 : v * 100);
    return;
  }
  if (fabs(v) < step * 1e-6) v = 0;
  int dec = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
  if (step < 1 && fmod(step * pow(10, dec), 1) > 1e-6) dec++;
  if (dec > 4) dec = 4;
  snprintf(buf, size, "%.*f", dec, v);
}

static int S_text(tm_buf *b, double x, double y, const char *anchor, int size, const char *extra,
                  const char *s) {
  int rc = tm_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\" %s%s>", x, y,
                         anchor, size, extra ? extra : "", extra ? "" : "fill=\"#222\"");
  if (rc == TM_OK) rc = tm__esc_html_z(b, s);
  if (rc == TM_OK) rc = tm_buf_puts(b, "</text>\n");
  return rc;
}

static int S_open(tm_buf *b, int w, int h, const char *title) {
  int rc = tm_buf_printf(b,
                         "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" "
                         "height=\"%d\" role=\"img\" class=\"chart\" " FONT ">\n<title>",
                         w, h, w, h);
  if (rc == TM_OK) rc = tm__esc_html_z(b, title);
  if (rc == TM_OK) rc = tm_buf_printf(b, "</title>\n<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n", w, h);
  if (rc == TM_OK && title) rc = S_text(b, 10, 20, "start", 15, "font-weight=\"bold\" fill=\"#111\"", title);
  return rc;
}

/* legend: one row of swatches under the title; returns the next free x */
static int S_legend(tm_buf *b, double *x, double y, const char *color, const char *name, int hollow) {
  int rc = hollow ? tm_buf_printf(b,
                                  "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"#fff\" stroke=\"%s\" "
                                  "stroke-width=\"2\"/>\n",
                                  *x + 6, y - 4, color)
                  : tm_buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\"/>\n", *x,
                                  y - 10, color);
  if (rc == TM_OK) rc = S_text(b, *x + 17, y, "start", 12, NULL, name);
  *x += 17 + 7.2 * (double)(name ? strlen(name) : 0) + 18;
  return rc;
}

/* y axis: grid lines, tick labels, axis title */
static int S_yaxis(tm_buf *b, int w, int h, double ymin, double ymax, const char *label, int percent) {
  double pw = w - ML - MR, ph = h - MT - MB;
  (void)pw;
  double step = tm__nice_step(ymax - ymin, 5);
  int rc = TM_OK;
  for (double v = ceil(ymin / step - 1e-9) * step; v <= ymax + step * 1e-9 && rc == TM_OK; v += step) {
    double y = MT + ph - (v - ymin) / (ymax - ymin) * ph;
    char num[32];
    S_num(num, sizeof num, v, step, percent);
    rc = tm_buf_printf(b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e3e3e3\"/>\n", ML, y, w - MR, y);
    if (rc == TM_OK) rc = S_text(b, ML - 6, y + 4, "end", 11, "fill=\"#444\"", num);
  }
  if (rc == TM_OK && label) {
    rc = tm_buf_printf(b,
                       "<text transform=\"translate(14,%.1f) rotate(-90)\" text-anchor=\"middle\" "
                       "font-size=\"12\" fill=\"#333\">",
                       MT + ph / 2);
    if (rc == TM_OK) rc = tm__esc_html_z(b, label);
    if (rc == TM_OK) rc = tm_buf_puts(b, "</text>\n");
  }
  if (rc == TM_OK)
    rc = tm_buf_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%.1f\" stroke=\"#555\"/>\n", ML, MT, ML, MT + ph);
  return rc;
}

static void S_yrange(double *ymin, double *ymax, double lo, double hi) {
  if (*ymin != *ymax) return;
  if (!(hi > lo)) {
    lo = lo - 1;
    hi = hi + 1;
  }
  double step = tm__nice_step(hi - lo, 5);
  *ymin = floor(lo / step) * step;
  *ymax = ceil(hi / step) * step;
  if (*ymax <= *ymin) *ymax = *ymin + step;
}

int tm__svg_lines(tm_buf *b, const tm__chart *c) {
  int w = c->width ? c->width : 640, h = c->height ? c->height : 320;
  double pw = w - ML - MR, ph = h - MT - MB - (c->note ? 16 : 0);
  int hh = h; /* the plot area ends above the note */
  h = (int)(MT + ph + MB);
  double ymin = c->ymin, ymax = c->ymax, lo = INFINITY, hi = -INFINITY;
  if (ymin == ymax) {
    for (size_t s = 0; s < c->nseries; s++)
      for (size_t k = 0; k < c->series[s].npts; k++) {
        const tm__pt *p = &c->series[s].pts[k];
        lo = fmin(lo, isnan(p->lo) ? p->y : p->lo);
        hi = fmax(hi, isnan(p->hi) ? p->y : p->hi);
      }
    if (lo > hi) lo = 0, hi = 1;
    if (c->yref_on) lo = fmin(lo, c->yref), hi = fmax(hi, c->yref);
    S_yrange(&ymin, &ymax, lo, hi);
  }
  double xmin = c->xmin, xmax = c->xmax;
  if (c->xcats) xmin = -0.5, xmax = (double)c->ncats - 0.5;
  if (!(xmax > xmin)) xmax = xmin + 1;
#define X(v) (ML + ((v) - xmin) / (xmax - xmin) * pw)
#define Y(v) (MT + ph - (((v) < ymin ? ymin : (v) > ymax ? ymax : (v)) - ymin) / (ymax - ymin) * ph)
  int rc = S_open(b, w, hh, c->title);
  if (rc == TM_OK) rc = S_yaxis(b, w, h, ymin, ymax, c->ylabel, 0);
  /* x axis */
  if (rc == TM_OK)
    rc = tm_buf_printf(b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#555\"/>\n", ML, MT + ph, w - MR,
                       MT + ph);
  if (c->xcats) {
    size_t every = c->ncats > 24 ? (c->ncats + 23) / 24 : 1;
    for (size_t k = 0; k < c->ncats && rc == TM_OK; k += every)
      rc = S_text(b, X((double)k), MT + ph + 16, "middle", 11, "fill=\"#444\"", c->xcats[k]);
  } else {
    double step = tm__nice_step(xmax - xmin, 8);
    for (double v = ceil(xmin / step - 1e-9) * step; v <= xmax + step * 1e-9 && rc == TM_OK; v += step) {
      char num[32];
      S_num(num, sizeof num, v, step, 0);
      rc = tm_buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#555\"/>\n", X(v),
                         MT + ph, X(v), MT + ph + 4);
      if (rc == TM_OK) rc = S_text(b, X(v), MT + ph + 16, "middle", 11, "fill=\"#444\"", num);
    }
  }
  if (rc == TM_OK && c->xlabel) rc = S_text(b, ML + pw / 2, MT + ph + 38, "middle", 12, "fill=\"#333\"", c->xlabel);
  if (rc == TM_OK && c->yref_on && c->yref > ymin && c->yref < ymax)
    rc = tm_buf_printf(b,
                       "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#777\" "
                       "stroke-dasharray=\"4 3\"/>\n",
                       ML, Y(c->yref), w - MR, Y(c->yref));
  /* data */
  int any_small = 0;
  for (size_t s = 0; s < c->nseries && rc == TM_OK; s++) {
    const tm__series *se = &c->series[s];
    if (se->npts > 1) {
      rc = tm_buf_printf(b, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"", se->color);
      for (size_t k = 0; k < se->npts && rc == TM_OK; k++)
        rc = tm_buf_printf(b, "%s%.1f,%.1f", k ? " " : "", X(se->pts[k].x), Y(se->pts[k].y));
      if (rc == TM_OK) rc = tm_buf_puts(b, "\"/>\n");
    }
    for (size_t k = 0; k < se->npts && rc == TM_OK; k++) {
      const tm__pt *p = &se->pts[k];
      int small = p->n < c->small_n;
      any_small |= small;
      if (!isnan(p->lo) && !isnan(p->hi))
        rc = tm_buf_printf(b,
                           "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                           "stroke-opacity=\"0.55\" stroke-width=\"1.5\"/>\n",
                           X(p->x), Y(p->lo), X(p->x), Y(p->hi), se->color);
      if (rc == TM_OK)
        rc = tm_buf_printf(b,
                           "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%s\" fill=\"%s\" stroke=\"%s\" "
                           "stroke-width=\"2\"><title>",
                           X(p->x), Y(p->y), small ? "4" : "4.5", small ? "#fff" : se->color, se->color);
      if (rc == TM_OK) rc = tm__esc_html_z(b, se->name);
      if (rc == TM_OK) rc = tm_buf_printf(b, ": %.3f (n = %zu)</title></circle>\n", p->y, p->n);
      if (rc == TM_OK && c->show_n) {
        char num[32];
        snprintf(num, sizeof num, "%zu", p->n);
        rc = S_text(b, X(p->x), Y(p->y) - 8, "middle", 9, "fill=\"#666\"", num);
      }
    }
  }
  /* legend */
  double lx = 10;
  for (size_t s = 0; s < c->nseries && rc == TM_OK; s++) rc = S_legend(b, &lx, 42, c->series[s].color, c->series[s].name, 0);
  if (rc == TM_OK && any_small) {
    char txt[64];
    snprintf(txt, sizeof txt, "n < %zu (small sample)", c->small_n);
    rc = S_legend(b, &lx, 42, "#555", txt, 1);
  }
  if (rc == TM_OK && c->show_n) rc = S_text(b, lx, 42, "start", 11, "fill=\"#666\"", "numbers: comments per point");
  if (rc == TM_OK && c->note) rc = S_text(b, 10, hh - 6, "start", 11, "fill=\"#555\"", c->note);
  if (rc == TM_OK) rc = tm_buf_puts(b, "</svg>\n");
#undef X
#undef Y
  return rc;
}

int tm__svg_bars(tm_buf *b, const tm__bars *c) {
  int w = c->width ? c->width : 640, hh = c->height ? c->height : 320;
  double pw = w - ML - MR, ph = hh - MT - MB - (c->note ? 16 : 0);
  int h = (int)(MT + ph + MB);
  double ymin = c->ymin, ymax = c->ymax;
  if (ymin == ymax) {
    double lo = 0, hi = c->stacked ? 1 : 0;
    for (size_t i = 0; i < c->ncats * c->nseries; i++) {
      double v = c->v[i];
      if (c->hi && !isnan(c->hi[i])) v = fmax(v, c->hi[i]);
      hi = fmax(hi, v);
      lo = fmin(lo, c->lo && !isnan(c->lo[i]) ? c->lo[i] : c->v[i]);
    }
    S_yrange(&ymin, &ymax, lo, hi);
  }
#define Y(v) (MT + ph - (((v) < ymin ? ymin : (v) > ymax ? ymax : (v)) - ymin) / (ymax - ymin) * ph)
  int rc = S_open(b, w, hh, c->title);
  if (rc == TM_OK) rc = S_yaxis(b, w, h, ymin, ymax, c->ylabel, c->percent);
  if (rc == TM_OK)
    rc = tm_buf_printf(b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#555\"/>\n", ML, Y(0 > ymin ? 0 : ymin),
                       w - MR, Y(0 > ymin ? 0 : ymin));
  double gw = c->ncats ? pw / (double)c->ncats : pw;
  double bw = c->stacked ? gw * 0.55 : gw * 0.8 / (double)(c->nseries ? c->nseries : 1);
  int any_small = 0;
  for (size_t g = 0; g < c->ncats && rc == TM_OK; g++) {
    double gx = ML + gw * (double)g, base = 0;
    int small = c->n && c->n[g] < c->small_n;
    any_small |= small;
    for (size_t s = 0; s < c->nseries && rc == TM_OK; s++) {
      double v = c->v[g * c->nseries + s];
      if (isnan(v)) continue;
      if (c->nv && c->nv[g * c->nseries + s] < c->small_n) small = 1, any_small = 1;
      else if (c->nv) small = 0;
      double x = c->stacked ? gx + (gw - bw) / 2 : gx + gw * 0.1 + bw * (double)s;
      double y0 = c->stacked ? base : 0, y1 = c->stacked ? base + v : v;
      double top = Y(fmax(y0, y1)), bot = Y(fmin(y0, y1));
      rc = tm_buf_printf(b,
                         "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"%s><title>",
                         x, top, bw - (c->stacked ? 0 : 2), bot - top, c->colors[s],
                         small ? " fill-opacity=\"0.55\"" : "");
      if (rc == TM_OK) rc = tm__esc_html_z(b, c->cats[g]);
      if (rc == TM_OK) rc = tm_buf_puts(b, ", ");
      if (rc == TM_OK) rc = tm__esc_html_z(b, c->names[s]);
      if (rc == TM_OK)
        rc = c->percent ? tm_buf_printf(b, ": %.1f%%</title></rect>\n", v * 100)
                        : tm_buf_printf(b, ": %.3f</title></rect>\n", v);
      /* a value label inside a stacked segment when it has room */
      if (rc == TM_OK && c->stacked && bot - top >= 14) {
        char num[32];
        snprintf(num, sizeof num, "%.0f%%", v * 100);
        rc = S_text(b, x + bw / 2, (top + bot) / 2 + 4, "middle", 11,
                    !strcmp(c->colors[s], TM_COLOR_NEU) ? "fill=\"#111\"" : "fill=\"#fff\"", num);
      }
      if (rc == TM_OK && !c->stacked) {
        char num[32];
        if (c->percent) snprintf(num, sizeof num, "%.0f%%", v * 100);
        else snprintf(num, sizeof num, "%.2f", v);
        if (c->nv) snprintf(num + strlen(num), sizeof num - strlen(num), " n=%zu", c->nv[g * c->nseries + s]);
        double ty = Y(fmax(y0, y1)) - 4;
        if (c->hi && !isnan(c->hi[g * c->nseries + s])) ty = Y(c->hi[g * c->nseries + s]) - 4;
        rc = S_text(b, x + bw / 2 - 1, ty, "middle", 10, "fill=\"#333\"", num);
      }
      if (rc == TM_OK && c->lo && c->hi && !isnan(c->lo[g * c->nseries + s]) && !isnan(c->hi[g * c->nseries + s])) {
        double cx = x + bw / 2 - 1, ylo = Y(c->lo[g * c->nseries + s]), yhi = Y(c->hi[g * c->nseries + s]);
        rc = tm_buf_printf(b,
                           "<path d=\"M%.1f %.1fV%.1fM%.1f %.1fH%.1fM%.1f %.1fH%.1f\" stroke=\"#222\" "
                           "stroke-width=\"1.2\" fill=\"none\"/>\n",
                           cx, ylo, yhi, cx - 4, ylo, cx + 4, cx - 4, yhi, cx + 4);
      }
      base += v;
    }
    if (rc == TM_OK) rc = S_text(b, gx + gw / 2, MT + ph + 16, "middle", 12, "fill=\"#222\"", c->cats[g]);
    if (rc == TM_OK && c->n) {
      char num[48];
      snprintf(num, sizeof num, "n = %zu%s", c->n[g], small ? " (small)" : "");
      rc = S_text(b, gx + gw / 2, MT + ph + 31, "middle", 10, small ? "fill=\"#B00\"" : "fill=\"#666\"", num);
    }
  }
  double lx = 10;
  for (size_t s = 0; s < c->nseries && rc == TM_OK; s++) rc = S_legend(b, &lx, 42, c->colors[s], c->names[s], 0);
  if (rc == TM_OK && c->lo) rc = S_text(b, lx, 42, "start", 11, "fill=\"#666\"", "whiskers: 95% interval");
  if (rc == TM_OK && any_small) {
    char txt[80];
    snprintf(txt, sizeof txt, "pale bars: fewer than %zu comments behind them", c->small_n);
    rc = S_text(b, w - MR, MT + ph + 48, "end", 10, "fill=\"#B00\"", txt);
  }
  if (rc == TM_OK && c->note) rc = S_text(b, 10, hh - 6, "start", 11, "fill=\"#555\"", c->note);
  if (rc == TM_OK) rc = tm_buf_puts(b, "</svg>\n");
#undef Y
  return rc;
}

int tm__svg_nest(tm_buf *b, const char *svg, int dy) {
  /* drop the XML prolog if any, keep the <svg> element: nested svg
   * elements are positioned by x/y */
  const char *p = strstr(svg, "<svg");
  if (!p) return TM_EINVAL;
  int rc = tm_buf_printf(b, "<svg x=\"0\" y=\"%d\"", dy);
  if (rc == TM_OK) rc = tm_buf_puts(b, p + 4);
  return rc;
}
