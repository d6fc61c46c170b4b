/*
 * fmt_transcript.c - a thread pasted as plain text, its tree inferred.
 *
 * People copy threads out of web pages into notes and reports: the text
 * keeps each comment's author line and body but loses the indentation, so
 * the tree is gone.  This parser reads such a paste in three steps.
 *
 * 1. Lines.  Each line is blank, an author line, a page artefact, or body
 *    text.  Author lines (the whole line, no indentation needed):
 *      name · 3h ago          name • 2d          Jane Doe · Edited 5 hr. ago
 *      name 3 hours ago [-]   name 3 hours ago | parent | next [–]   (HN)
 *      [–] name 12 points 5 hours ago (3 children)                  (old Reddit)
 *      name — Today at 3:45 PM                                       (chat)
 *      name · 2024-03-03 14:22     name · Mar 3, 2024
 *      name replied:   name wrote:   name said:   (not when a "> " quote follows)
 *    "[deleted]"/"[removed]" as the name marks a deleted comment.  Page
 *    artefacts are dropped: "reply", "[-]", "Share", "Report", "Save",
 *    "permalink embed save", "level N" (kept as evidence), vote counts
 *    alone on a line, "N points", "N more replies", "load more comments",
 *    "No comments yet", "Sort by: ...".  Lines before the first author line
 *    are the story: its title and text.
 *
 * 2. Bodies.  A comment is its author line and the body lines up to the
 *    next author line.  A paste that holds the bodies a second time
 *    without author lines (copied twice, or a reader-view copy appended)
 *    would otherwise add them to the last comment: paragraphs repeating an
 *    earlier comment's paragraph (normalized; short ones only next to a
 *    long repeat) are dropped with a warning, and a comment repeating an
 *    earlier one by the same author is dropped whole.
 *
 * 3. The tree: inferred from evidence by transcript_links.c, which
 *    describes the evidence and its weights.
 *
 * Ids: comments are numbered "#1", "#2", ... in paste order (after
 * dropped repeats); parent ids name them. 
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../score/stance.h" /* tm__normalize */
#include "../text/markup.h"
#include "../util/error.h"
#include "../util/timeparse.h"
#include "format.h"
#include "transcript.h"

#define MAX_TOKENS 48          /* tokens of a line looked at for an author line */
#define MAX_NAME TX_MAX_NAME    /* bytes of an author name */
#define LONG_PARA 20           /* normalized bytes: a repeated paragraph this long is a repeat */

/* ------------------------------------------------------------- lines */

typedef struct S_tok {
  const char *p;
  size_t n;
} S_tok;

typedef tm__tx_author S_author;

static int S_is_space(const char *p, const char *e, size_t *w) {
  if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\f' || *p == '\v') {
    *w = 1;
    return 1;
  }
  if (e - p >= 2 && (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0) { /* NBSP */
    *w = 2;
    return 1;
  }
  return 0;
}

/* A separator glyph: · • — – | ; returns its byte length or 0. */
static size_t S_sep(const char *p, const char *e) {
  const unsigned char *u = (const unsigned char *)p;
  if (*p == '|') return 1;
  if (e - p >= 2 && u[0] == 0xC2 && u[1] == 0xB7) return 2;                     /* · */
  if (e - p >= 3 && u[0] == 0xE2 && u[1] == 0x80 &&
      (u[2] == 0xA2 || u[2] == 0x94 || u[2] == 0x93))                          /* • — – */
    return 3;
  return 0;
}

/* Split a line into tokens; separators are tokens of their own. */
static size_t S_tokens(const char *p, const char *e, S_tok *out, size_t max) {
  size_t k = 0;
  while (p < e && k < max) {
    size_t w;
    if (S_is_space(p, e, &w)) {
      p += w;
      continue;
    }
    size_t sl = S_sep(p, e);
    if (sl) {
      /* "[–]" keeps its dash */
      out[k].p = p;
      out[k].n = sl;
      k++;
      p += sl;
      continue;
    }
    const char *s = p;
    while (p < e && !S_is_space(p, e, &w)) {
      if (p > s && S_sep(p, e) && !(p[-1] == '[')) break;
      p++;
    }
    out[k].p = s;
    out[k].n = (size_t)(p - s);
    k++;
  }
  return k;
}

static int S_tok_is(const S_tok *t, const char *w) {
  size_t n = strlen(w);
  if (t->n != n) return 0;
  for (size_t i = 0; i < n; i++)
    if (tolower((unsigned char)t->p[i]) != (unsigned char)w[i]) return 0;
  return 1;
}

static int S_tok_in(const S_tok *t, const char *const *ws) {
  for (; *ws; ws++)
    if (S_tok_is(t, *ws)) return 1;
  return 0;
}

static int S_digits(const char *p, size_t n) {
  if (!n) return 0;
  for (size_t i = 0; i < n; i++)
    if (!isdigit((unsigned char)p[i])) return 0;
  return 1;
}

/* A time unit word (with or without a trailing '.'): its seconds, or 0. */
static int64_t S_unit(const char *p, size_t n) {
  while (n && (p[n - 1] == '.' || p[n - 1] == ',')) n--;
  char w[16];
  if (!n || n >= sizeof w) return 0;
  for (size_t i = 0; i < n; i++) w[i] = (char)tolower((unsigned char)p[i]);
  w[n] = '\0';
  static const struct { const char *w; int64_t s; } units[] = {
      {"s", 1}, {"sec", 1}, {"secs", 1}, {"second", 1}, {"seconds", 1},
      {"m", 60}, {"min", 60}, {"mins", 60}, {"minute", 60}, {"minutes", 60},
      {"h", 3600}, {"hr", 3600}, {"hrs", 3600}, {"hour", 3600}, {"hours", 3600},
      {"d", 86400}, {"day", 86400}, {"days", 86400},
      {"w", 604800}, {"wk", 604800}, {"wks", 604800}, {"week", 604800}, {"weeks", 604800},
      {"mo", 2592000}, {"mos", 2592000}, {"month", 2592000}, {"months", 2592000},
      {"y", 31536000}, {"yr", 31536000}, {"yrs", 31536000}, {"year", 31536000},
      {"years", 31536000},
  };
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
    if (!strcmp(w, units[i].w)) return units[i].s;
  return 0;
}

static const char *const S_months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                       "jul", "aug", "sep", "oct", "nov", "dec"};

static int S_month(const S_tok *t) {
  if (t->n < 3) return 0;
  for (int m = 0; m < 12; m++)
    if (tolower((unsigned char)t->p[0]) == S_months[m][0] &&
        tolower((unsigned char)t->p[1]) == S_months[m][1] &&
        tolower((unsigned char)t->p[2]) == S_months[m][2])
      return m + 1;
  return 0;
}

/* "3:45" or "14:22:05", optionally followed by AM/PM as the next token;
 * returns tokens used, seconds of the day in *sec. */
static size_t S_clock(const S_tok *t, size_t k, size_t nt, int64_t *sec) {
  if (k >= nt) return 0;
  unsigned h, m, s = 0;
  char tail[8] = "";
  char buf[24];
  if (t[k].n >= sizeof buf) return 0;
  memcpy(buf, t[k].p, t[k].n);
  buf[t[k].n] = '\0';
  int got = sscanf(buf, "%u:%u:%u%7s", &h, &m, &s, tail);
  if (got < 2) return 0;
  if (got == 2) {
    tail[0] = '\0';
    sscanf(buf, "%u:%u%7s", &h, &m, tail);
  }
  size_t used = 1;
  const char *ap = tail[0] ? tail : NULL;
  if (!ap && k + 1 < nt && (S_tok_is(&t[k + 1], "am") || S_tok_is(&t[k + 1], "pm"))) {
    ap = t[k + 1].p;
    used = 2;
  }
  if (ap && (tolower((unsigned char)ap[0]) == 'p') && h < 12) h += 12;
  if (ap && (tolower((unsigned char)ap[0]) == 'a') && h == 12) h = 0;
  if (h > 23 || m > 59 || s > 60) return 0;
  *sec = (int64_t)h * 3600 + m * 60 + s;
  return used;
}

/* An age or date expression starting at token k; fills a; returns the
 * tokens it used (0: none). */
static size_t S_age(const S_tok *t, size_t k, size_t nt, S_author *a) {
  if (k >= nt) return 0;
  size_t k0 = k;
  if (S_tok_is(&t[k], "on") && k + 1 < nt) k++;
  if (S_tok_is(&t[k], "edited") && k + 1 < nt) k++;
  /* just now / now / yesterday / today at 3:45 PM */
  if (S_tok_is(&t[k], "just") && k + 1 < nt && S_tok_is(&t[k + 1], "now")) {
    a->has_age = 1, a->age = 0, a->gran = 60;
    return k + 2 - k0;
  }
  if (S_tok_is(&t[k], "now")) {
    a->has_age = 1, a->age = 0, a->gran = 60;
    return k + 1 - k0;
  }
  if (S_tok_is(&t[k], "today") || S_tok_is(&t[k], "yesterday")) {
    int y = S_tok_is(&t[k], "yesterday");
    size_t used = 1;
    int64_t sec;
    if (k + 2 < nt && S_tok_is(&t[k + 1], "at")) {
      size_t c = S_clock(t, k + 2, nt, &sec);
      if (c) used = 2 + c;
    }
    a->has_age = 1, a->age = y ? 86400 : 0, a->gran = 86400;
    return k + used - k0;
  }
  /* "3h", "3hr", "5mo", "3 hours", "a day", "6 yr." */
  const S_tok *w = &t[k];
  size_t nd = 0;
  while (nd < w->n && isdigit((unsigned char)w->p[nd])) nd++;
  if (nd && nd < w->n) {
    int64_t u = S_unit(w->p + nd, w->n - nd);
    if (u && nd < 10) {
      a->has_age = 1, a->age = strtoll(w->p, NULL, 10) * u, a->gran = u;
      size_t used = 1;
      if (k + 1 < nt && S_tok_is(&t[k + 1], "ago")) used++;
      return k + used - k0;
    }
  }
  if ((nd == w->n && nd && nd < 10) || S_tok_is(w, "a") || S_tok_is(w, "an") || S_tok_is(w, "one")) {
    if (k + 1 < nt) {
      int64_t u = S_unit(t[k + 1].p, t[k + 1].n);
      if (u) {
        int64_t v = nd == w->n ? strtoll(w->p, NULL, 10) : 1;
        a->has_age = 1, a->age = v * u, a->gran = u;
        size_t used = 2;
        if (k + 2 < nt && S_tok_is(&t[k + 2], "ago")) used++;
        return k + used - k0;
      }
    }
  }
  /* ISO date: 2024-03-03 [14:22[:05]] or 2024-03-03T14:22:05Z */
  if (w->n >= 10 && isdigit((unsigned char)w->p[0]) && w->p[4] == '-' && w->p[7] == '-') {
    int64_t tt;
    if (tm__parse_time(w->p, w->n, &tt) || tm__parse_time(w->p, 10, &tt)) {
      int64_t sec;
      size_t c = w->n == 10 ? S_clock(t, k + 1, nt, &sec) : 0;
      a->has_time = 1, a->time = tt + (c ? sec : 0);
      return k + 1 + c - k0;
    }
  }
  /* 03/04/2024 [3:45 PM] (month first) */
  unsigned mo, dd, yy;
  char tok[16];
  if (w->n >= 8 && w->n <= 10) {
    memcpy(tok, w->p, w->n); /* sscanf would measure the whole rest of the input */
    tok[w->n] = '\0';
  }
  if (w->n >= 8 && w->n <= 10 && sscanf(tok, "%u/%u/%u", &mo, &dd, &yy) == 3 && mo >= 1 &&
      mo <= 12 && dd >= 1 && dd <= 31 && yy > 1990 && yy < 2200) {
    int64_t sec = 0;
    size_t c = S_clock(t, k + 1, nt, &sec);
    a->has_time = 1, a->time = tm__days_from_civil(yy, mo, dd) * 86400 + sec;
    return k + 1 + c - k0;
  }
  /* Mar 3, 2024 [at] [3:45 PM] / 3 March 2024 */
  int m = S_month(w);
  if (m && k + 1 < nt) {
    unsigned d = (unsigned)atoi(t[k + 1].p);
    size_t used = 2;
    unsigned y = 0;
    if (k + 2 < nt && S_digits(t[k + 2].p, t[k + 2].n) && t[k + 2].n == 4) {
      y = (unsigned)atoi(t[k + 2].p);
      used = 3;
    }
    if (d >= 1 && d <= 31 && isdigit((unsigned char)t[k + 1].p[0]) && y) {
      int64_t sec = 0;
      size_t at = k + used < nt && S_tok_is(&t[k + used], "at") ? 1 : 0;
      size_t c = S_clock(t, k + used + at, nt, &sec);
      a->has_time = 1, a->time = tm__days_from_civil(y, (unsigned)m, d) * 86400 + sec;
      return k + used + (c ? at + c : 0) - k0;
    }
    if (d >= 1 && d <= 31 && isdigit((unsigned char)t[k + 1].p[0])) return k + used - k0; /* no year: no time */
  }
  if (nd == w->n && nd && nd <= 2 && k + 2 < nt && S_month(&t[k + 1]) && t[k + 2].n == 4 &&
      S_digits(t[k + 2].p, 4)) {
    unsigned d = (unsigned)atoi(w->p), y = (unsigned)atoi(t[k + 2].p);
    a->has_time = 1, a->time = tm__days_from_civil(y, (unsigned)S_month(&t[k + 1]), d) * 86400;
    return k + 3 - k0;
  }
  return 0;
}

static const char *const S_badges[] = {"op", "(op)", "[s]", "[m]", "[a]", "mod", "(mod)", "author",
                                       "creator", "admin", "staff", "verified", "🏆", NULL};
static const char *const S_trailers[] = {"[-]", "[–]", "[+]", "[−]", "|", "·", "•", "parent", "next",
                                         "prev", "root", "context", "flag", "favorite", "reply",
                                         "edited", "(edited)", "*", "ago", "on", "[s]", "[m]", NULL};
static const char *const S_intros[] = {"replied:", "wrote:", "said:", "says:", "writes:",
                                       "commented:", "responded:", "posted:", NULL};

/* Is the token a plausible user name? (strict: the bare HN/Reddit form) */
static int S_name_tok(const S_tok *t, int strict) {
  const char *p = t->p;
  size_t n = t->n;
  if (n >= 2 && (p[0] == '@')) p++, n--;
  else if (n >= 3 && (p[0] == 'u' || p[0] == '/') && p[1] == '/') p += 2, n -= 2;
  else if (n >= 4 && !strncmp(p, "/u/", 3)) p += 3, n -= 3;
  if (!n || n > MAX_NAME) return 0;
  int digit = 0, punct = 0, upper_inside = 0, alpha = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)p[i];
    if (c >= 0x80 || isalpha(c)) {
      alpha = 1;
      if (i && isupper(c)) upper_inside = 1;
    } else if (isdigit(c)) {
      digit = 1;
    } else if (c == '_' || c == '-' || c == '.' || c == '\'') {
      punct = 1;
    } else {
      return 0;
    }
  }
  if (!alpha && !digit) return 0;
  if (!alpha && digit) return 0; /* a number is not a name */
  if (p[n - 1] == '.' || p[n - 1] == ',' || p[n - 1] == '\'') return 0;
  if (strict && isupper((unsigned char)p[0]) && !digit && !punct && !upper_inside) return 0;
  return 1;
}

/* The name span of tokens [a, b) (NULL name for [deleted]). */
static int S_set_name(S_author *au, const S_tok *t, size_t a, size_t b) {
  if (b == a + 1 && (S_tok_is(&t[a], "[deleted]") || S_tok_is(&t[a], "[removed]") ||
                     S_tok_is(&t[a], "deleted") || S_tok_is(&t[a], "[unknown]"))) {
    au->deleted = 1;
    au->name = NULL;
    return 1;
  }
  const char *p = t[a].p;
  if (*p == '@') p++;
  else if (p[0] == 'u' && p[1] == '/') p += 2;
  else if (!strncmp(p, "/u/", 3)) p += 3;
  const char *e = t[b - 1].p + t[b - 1].n;
  if (e <= p || (size_t)(e - p) > MAX_NAME) return 0;
  au->name = p;
  au->name_len = (size_t)(e - p);
  return 1;
}

/* Skip trailing artefacts from token k; returns 1 if all the rest are. */
static int S_trailing_ok(const S_tok *t, size_t k, size_t nt, int *marker) {
  for (; k < nt; k++) {
    if (S_tok_in(&t[k], S_trailers)) {
      if (S_tok_is(&t[k], "[-]") || S_tok_is(&t[k], "[–]") || S_tok_is(&t[k], "[+]") ||
          S_tok_is(&t[k], "|") || S_tok_is(&t[k], "parent") || S_tok_is(&t[k], "next"))
        *marker = 1;
      continue;
    }
    /* "(3 children)", "(1 child)" */
    if (t[k].p[0] == '(' && k + 1 < nt && (S_tok_is(&t[k + 1], "children)") || S_tok_is(&t[k + 1], "child)") ||
                                            S_tok_is(&t[k + 1], "replies)") || S_tok_is(&t[k + 1], "reply)"))) {
      *marker = 1;
      k++;
      continue;
    }
    /* "edited 2h ago" after a separator */
    S_author tmp;
    memset(&tmp, 0, sizeof tmp);
    size_t u = S_age(t, k, nt, &tmp);
    if (u) {
      k += u - 1;
      continue;
    }
    /* "12 points" after the age, or a score alone (Lemmy/Kbin) */
    if (k + 1 < nt && (S_tok_is(&t[k + 1], "points") || S_tok_is(&t[k + 1], "point"))) {
      k++;
      continue;
    }
    return 0;
  }
  return 1;
}

/* Parse an author line; 1 when it is one. */
static int S_author_line(const char *p, const char *e, S_author *au) {
  S_tok t[MAX_TOKENS];
  memset(au, 0, sizeof *au);
  size_t nt = S_tokens(p, e, t, MAX_TOKENS);
  if (!nt || nt >= MAX_TOKENS) return 0;
  size_t k = 0;
  int marker = 0;
  /* leading [–] / [+] (old Reddit) */
  while (k < nt && (S_tok_is(&t[k], "[-]") || S_tok_is(&t[k], "[–]") || S_tok_is(&t[k], "[+]"))) {
    k++;
    marker = 1;
  }
  if (k >= nt) return 0;
  /* old Reddit squeezes "[–]name": split it */
  S_tok first = t[k];
  if (first.n > 5 && (!strncmp(first.p, "[–]", 5))) {
    first.p += 5, first.n -= 5, marker = 1;
    t[k] = first;
  } else if (first.n > 3 && (!strncmp(first.p, "[-]", 3) || !strncmp(first.p, "[+]", 3))) {
    first.p += 3, first.n -= 3, marker = 1;
    t[k] = first;
  }
  size_t name0 = k;
  /* form C: "name wrote:" */
  if (nt - k == 2 && S_tok_in(&t[k + 1], S_intros) && S_name_tok(&t[k], 0)) {
    au->intro = 1;
    return S_set_name(au, t, k, k + 1);
  }
  /* form A: 1-3 name tokens (+ badge), a separator, an age */
  for (size_t nn = 1; nn <= 3 && name0 + nn < nt; nn++) {
    size_t j = name0 + nn;
    int ok = 1;
    for (size_t q = name0; q < j; q++)
      if (!S_name_tok(&t[q], 0) && !(q == name0 && S_tok_is(&t[q], "[deleted]")) &&
          !(q > name0 && S_tok_in(&t[q], S_badges)))
        ok = 0;
    if (!ok) break;
    size_t nameend = j;
    while (nameend > name0 + 1 && S_tok_in(&t[nameend - 1], S_badges)) nameend--;
    if (!S_sep(t[j].p, t[j].p + t[j].n) || S_tok_is(&t[j], "|")) continue;
    S_author a;
    memset(&a, 0, sizeof a);
    size_t u = S_age(t, j + 1, nt, &a);
    if (!u) continue;
    int m2 = 0;
    if (!S_trailing_ok(t, j + 1 + u, nt, &m2)) continue;
    *au = a;
    return S_set_name(au, t, name0, nameend);
  }
  /* form B: name [badge] [N points | [score hidden]] age [trailers] */
  if (!S_name_tok(&t[name0], 0) && !S_tok_is(&t[name0], "[deleted]")) return 0;
  k = name0 + 1;
  while (k < nt && S_tok_in(&t[k], S_badges)) k++;
  int scored = 0;
  if (k + 1 < nt && (S_tok_is(&t[k + 1], "points") || S_tok_is(&t[k + 1], "point"))) {
    char *end;
    long long v = strtoll(t[k].p, &end, 10);
    if (end == t[k].p + t[k].n) {
      au->has_score = 1, au->score = v;
      scored = 1;
      k += 2;
    }
  } else if (k + 1 < nt && S_tok_is(&t[k], "[score") && S_tok_is(&t[k + 1], "hidden]")) {
    scored = 1;
    k += 2;
  }
  /* "by" between name and age is not a comment line ("123 points by x") */
  S_author a;
  memset(&a, 0, sizeof a);
  size_t u = S_age(t, k, nt, &a);
  if (!u) return 0;
  if (!S_trailing_ok(t, k + u, nt, &marker)) return 0;
  if (!scored && !marker && !S_name_tok(&t[name0], 1)) return 0;
  a.has_score = au->has_score;
  a.score = au->score;
  *au = a;
  return S_set_name(au, t, name0, name0 + 1);
}

/* -------------------------------------------------------- artefacts */

static const char *const S_art_words[] = {
    "reply", "share", "report", "save", "unsave", "follow", "permalink", "embed", "parent",
    "next", "prev", "root", "context", "give award", "award", "edit", "delete", "flag",
    "favorite", "vote", "upvote", "downvote", "hide", "block", "copy link", "more", "[-]",
    "[–]", "[+]", "[−]", "|", "·", "•", "…", "...", "helpful", "wholesome", "like", "dislike",
    "comments", NULL};

/* Lowercased, trimmed copy of a line in buf (ASCII folding only). */
static size_t S_lower(const char *p, const char *e, char *buf, size_t cap) {
  size_t n = 0;
  for (; p < e && n + 1 < cap; p++) buf[n++] = (char)tolower((unsigned char)*p);
  buf[n] = '\0';
  return n;
}

static int S_starts(const char *s, const char *w) { return strncmp(s, w, strlen(w)) == 0; }

/* "level 3" -> 3; else 0 */
static int S_level_line(const char *s) {
  if (!S_starts(s, "level ")) return 0;
  const char *p = s + 6;
  if (!S_digits(p, strlen(p)) || strlen(p) > 3) return 0;
  return atoi(p);
}

/* Is the (trimmed, lowercased) line a page artefact? */
static int S_artefact(const char *s, size_t n) {
  if (!n) return 0;
  /* a vote count alone: "12", "-3", "1.2k" */
  {
    const char *p = s;
    if (*p == '-' || *p == '+') p++;
    size_t d = strspn(p, "0123456789.,");
    if (d && (p[d] == '\0' || ((p[d] == 'k' || p[d] == 'm') && p[d + 1] == '\0'))) return 1;
  }
  static const char *const prefixes[] = {
      "load more comments", "continue this thread", "view more comments", "view all comments",
      "view more replies", "view all replies", "show more replies", "show more comments",
      "no comments yet", "be the first to comment", "sort by:", "sort by ", "view discussions in",
      "view entire discussion", "hide replies", "show replies", "see more replies",
      "[score hidden]", "top comments", "all comments", "log in to reply", "add a comment",
      "join the conversation", "sign up to comment", "comment deleted by user",
      "comment removed by moderator", "view parent comment", "more replies", "reply reply",
      "sort:", "add comment", "guidelines | faq", "search:", NULL};
  for (size_t i = 0; prefixes[i]; i++)
    if (S_starts(s, prefixes[i])) return 1;
  /* "12 points", "3 more replies", "45 comments", "(3 children)" */
  {
    const char *p = s;
    if (*p == '(') p++;
    if (*p == '-') p++;
    size_t d = strspn(p, "0123456789.,k");
    if (d) {
      const char *r = p + d;
      while (*r == ' ') r++;
      static const char *const tails[] = {"points", "point", "more replies", "more reply",
                                          "replies", "reply", "comments", "comment", "children)",
                                          "child)", "children", "more comments", "votes", "vote",
                                          "upvotes", "likes", "like", NULL};
      for (size_t i = 0; tails[i]; i++)
        if (!strcmp(r, tails[i])) return 1;
    }
  }
  /* only artefact words, with or without spaces between them
   * ("Reply Share Report Save", "permalinkembedsaveparentreply") */
  const char *p = s;
  int words = 0;
  while (*p) {
    if (*p == ' ' || *p == '\t') {
      p++;
      continue;
    }
    size_t best = 0;
    for (size_t i = 0; S_art_words[i]; i++) {
      if (S_art_words[i][0] != *p) continue;
      size_t l = strlen(S_art_words[i]);
      if (l > best && !strncmp(p, S_art_words[i], l)) best = l;
    }
    if (!best) return 0;
    p += best;
    words++;
  }
  return words > 0;
}

/* ---------------------------------------------------------- parsing */

typedef enum { L_BLANK, L_TEXT, L_ARTEFACT, L_LEVEL, L_AUTHOR } S_kind;

typedef struct S_line {
  const char *p, *e;  /* trimmed */
  S_kind kind;
  int level;
  S_author au;
} S_line;

typedef tm__tx_com S_com;

static void S_trim(const char **p, const char **e) {
  size_t w;
  while (*p < *e && S_is_space(*p, *e, &w)) *p += w;
  while (*e > *p && ((*e)[-1] == ' ' || (*e)[-1] == '\t' || (*e)[-1] == '\r')) (*e)--;
  while (*e - *p >= 2 && (unsigned char)(*e)[-2] == 0xC2 && (unsigned char)(*e)[-1] == 0xA0) *e -= 2;
}

/* Split into classified lines (caller frees *out). */
static int S_lines(const char *buf, size_t len, S_line **out, size_t *nout) {
  size_t cap = 256, n = 0;
  S_line *ls = malloc(cap * sizeof *ls);
  if (!ls) return TM_ENOMEM;
  const char *p = buf, *end = buf + len;
  if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) p += 3;
  char low[512];
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *e = nl ? nl : end;
    if (n == cap) {
      S_line *nls = realloc(ls, cap * 2 * sizeof *ls);
      if (!nls) {
        free(ls);
        return TM_ENOMEM;
      }
      ls = nls;
      cap *= 2;
    }
    S_line *L = &ls[n++];
    memset(L, 0, sizeof *L);
    const char *a = p, *b = e;
    S_trim(&a, &b);
    L->p = a;
    L->e = b;
    if (a == b) {
      L->kind = L_BLANK;
    } else if ((size_t)(b - a) < 200 && S_author_line(a, b, &L->au)) {
      L->kind = L_AUTHOR;
    } else {
      size_t ln = S_lower(a, b, low, sizeof low);
      if ((size_t)(b - a) >= sizeof low) ln = 0, low[0] = '\0';
      if (ln && (L->level = S_level_line(low))) L->kind = L_LEVEL;
      else if (ln && S_artefact(low, ln)) L->kind = L_ARTEFACT;
      else L->kind = L_TEXT;
    }
    p = nl ? nl + 1 : end;
  }
  /* "name wrote:" followed by a quote introduces a quote, not a comment */
  for (size_t i = 0; i < n; i++) {
    if (ls[i].kind != L_AUTHOR || !ls[i].au.intro) continue;
    size_t j = i + 1;
    while (j < n && ls[j].kind == L_BLANK) j++;
    if (j < n && ls[j].p < ls[j].e && ls[j].p[0] == '>') ls[i].kind = L_TEXT;
  }
  *out = ls;
  *nout = n;
  return TM_OK;
}

/** Author lines in the first bytes of a buffer (for detection). */
size_t tm__transcript_sniff(const char *buf, size_t len) {
  size_t found = 0, lines = 0;
  const char *p = buf, *end = buf + len;
  while (p < end && lines < 4000) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *e = nl ? nl : end;
    const char *a = p, *b = e;
    S_trim(&a, &b);
    S_author au;
    if (a < b && (size_t)(b - a) < 200 && S_author_line(a, b, &au) && !au.intro) found++;
    lines++;
    if (!nl) break;
    p = nl + 1;
  }
  return found;
}

/* Append the body lines of c (artefacts dropped, blank runs collapsed). */
static int S_body(const S_line *ls, S_com *c) {
  int rc = TM_OK, pend_blank = 0;
  for (size_t i = c->first; i < c->last && rc == TM_OK; i++) {
    const S_line *L = &ls[i];
    if (L->kind == L_BLANK) {
      pend_blank = 1;
      continue;
    }
    if (L->kind != L_TEXT) continue;
    if (c->body.len) rc = tm_buf_puts(&c->body, pend_blank ? "\n\n" : "\n");
    if (rc == TM_OK) rc = tm_buf_put(&c->body, L->p, (size_t)(L->e - L->p));
    pend_blank = 0;
  }
  if (rc == TM_OK && !c->body.ptr) rc = tm_buf_put(&c->body, "", 0);
  return rc;
}

/* Paragraphs of a text: [start, end) byte ranges, split at blank lines. */
typedef struct S_para {
  size_t s, e;
  char *norm;
  size_t nn;
  int quote;
} S_para;

static int S_paras(const char *t, size_t n, S_para **out, size_t *np) {
  size_t cap = 8, k = 0;
  S_para *ps = malloc(cap * sizeof *ps);
  if (!ps) return TM_ENOMEM;
  size_t i = 0;
  while (i < n) {
    const char *br = NULL;
    for (size_t j = i; j + 1 < n; j++)
      if (t[j] == '\n' && t[j + 1] == '\n') {
        br = t + j;
        break;
      }
    size_t e = br ? (size_t)(br - t) : n;
    if (k == cap) {
      S_para *nps = realloc(ps, cap * 2 * sizeof *ps);
      if (!nps) {
        for (size_t q = 0; q < k; q++) free(ps[q].norm);
        free(ps);
        return TM_ENOMEM;
      }
      ps = nps;
      cap *= 2;
    }
    ps[k].s = i;
    ps[k].e = e;
    ps[k].quote = 1; /* every line a quote */
    for (size_t j = i; j < e; j++)
      if ((j == i || t[j - 1] == '\n') && t[j] != '>') ps[k].quote = 0;
    if (tm__normalize(&ps[k].norm, &ps[k].nn, t + i, e - i)) {
      for (size_t q = 0; q < k; q++) free(ps[q].norm);
      free(ps);
      return TM_ENOMEM;
    }
    k++;
    i = br ? e + 2 : n;
  }
  *out = ps;
  *np = k;
  return TM_OK;
}

static void S_free_paras(S_para *ps, size_t n) {
  for (size_t i = 0; i < n; i++) free(ps[i].norm);
  free(ps);
}

/* Every paragraph seen so far, by its normalized text: open addressing,
 * slots hold (comment + 1, paragraph); linear in the paste's size. */
typedef struct S_pindex {
  uint32_t *com, *par;
  size_t cap, n;
} S_pindex;

/* Find paragraph (c, p) among those seen; if absent, add it.  Returns 1
 * and the first comment holding it in *src, 0 when new, -1 on ENOMEM. */
static int S_pindex_seen(S_pindex *x, S_para **allp, uint32_t c, uint32_t p, uint32_t *src) {
  if ((x->n + 1) * 2 > x->cap) {
    size_t ncap = x->cap ? x->cap * 2 : 256;
    uint32_t *nc = calloc(ncap, sizeof *nc), *np = calloc(ncap, sizeof *np);
    if (!nc || !np) {
      free(nc);
      free(np);
      return -1;
    }
    for (size_t i = 0; i < x->cap; i++) {
      if (!x->com[i]) continue;
      const S_para *q = &allp[x->com[i] - 1][x->par[i]];
      size_t h = tm__tx_hash(q->norm, q->nn) & (ncap - 1);
      while (nc[h]) h = (h + 1) & (ncap - 1);
      nc[h] = x->com[i];
      np[h] = x->par[i];
    }
    free(x->com);
    free(x->par);
    x->com = nc;
    x->par = np;
    x->cap = ncap;
  }
  const S_para *me = &allp[c][p];
  size_t h = tm__tx_hash(me->norm, me->nn) & (x->cap - 1);
  for (; x->com[h]; h = (h + 1) & (x->cap - 1)) {
    const S_para *q = &allp[x->com[h] - 1][x->par[h]];
    if (q->nn == me->nn && !memcmp(q->norm, me->norm, me->nn)) {
      *src = x->com[h] - 1;
      return 1;
    }
  }
  x->com[h] = c + 1;
  x->par[h] = p;
  x->n++;
  return 0;
}

/* Drop repeats: paragraphs of c found in earlier comments' paragraphs (or
 * earlier in c itself). */
static int S_dedupe(tm_thread *t, S_com *cs, S_pindex *seen, size_t k, S_para **allp, size_t *alln) {
  S_com *c = &cs[k];
  S_para *ps = allp[k];
  size_t np = alln[k];
  if (!np) return TM_OK;
  int *rep = calloc(np, sizeof *rep);
  if (!rep) return TM_ENOMEM;
  int whole = 1;
  size_t src = SIZE_MAX;
  for (size_t i = 0; i < np; i++) {
    if (!ps[i].nn) continue;
    uint32_t j;
    int r = S_pindex_seen(seen, allp, (uint32_t)k, (uint32_t)i, &j);
    if (r < 0) {
      free(rep);
      return TM_ENOMEM;
    }
    if (r) {
      /* a repeated quote may be a new quote of the same words: it only
       * goes along with a long repeat of someone's own words */
      rep[i] = !ps[i].quote && ps[i].nn >= LONG_PARA && tm__tx_words(ps[i].norm, ps[i].nn) >= 4 ? 2 : 1;
      if (src == SIZE_MAX) src = j;
    }
    if (!rep[i]) whole = 0;
  }
  /* short repeats only count next to a long one */
  for (int changed = 1; changed;) {
    changed = 0;
    for (size_t i = 0; i < np; i++)
      if (rep[i] == 1 && ((i && rep[i - 1] == 2) || (i + 1 < np && rep[i + 1] == 2))) {
        rep[i] = 2;
        changed = 1;
      }
  }
  int any = 0, all = 1;
  for (size_t i = 0; i < np; i++) {
    if (rep[i] == 2) any = 1;
    else if (ps[i].nn) all = 0;
  }
  if (whole && src != SIZE_MAX && cs[src].au.name && c->au.name && cs[src].au.name_len == c->au.name_len &&
      !memcmp(cs[src].au.name, c->au.name, c->au.name_len)) {
    c->dropped = 1;
    tm__thread_warn(t, c->line, 1,
                    "comment repeats an earlier comment by the same author (line %zu); dropped as a duplicate",
                    cs[src].line);
    free(rep);
    return TM_OK;
  }
  if (!any || all) { /* never empty a comment of its own words */
    free(rep);
    return TM_OK;
  }
  tm_buf nb = TM_BUF_INIT;
  size_t dropped = 0;
  int rc = tm_buf_put(&nb, "", 0);
  for (size_t i = 0; i < np && rc == TM_OK; i++) {
    if (rep[i] == 2) {
      dropped++;
      continue;
    }
    if (nb.len) rc = tm_buf_puts(&nb, "\n\n");
    if (rc == TM_OK) rc = tm_buf_put(&nb, c->body.ptr + ps[i].s, ps[i].e - ps[i].s);
  }
  if (rc == TM_OK) {
    tm__thread_warn(t, c->line, 1,
                    "%zu paragraph%s after this comment repeat%s earlier comments without author "
                    "lines (a second copy in the paste); dropped",
                    dropped, dropped == 1 ? "" : "s", dropped == 1 ? "s" : "");
    tm_buf_free(&c->body);
    c->body = nb;
  } else {
    tm_buf_free(&nb);
  }
  free(rep);
  return rc;
}

/* ------------------------------------------------------------- driver */

/* strstr within [p, e) (lines are not NUL-terminated) */
static const char *S_memstr(const char *p, const char *e, const char *needle) {
  size_t n = strlen(needle);
  for (; p + n <= e; p++)
    if (*p == *needle && !memcmp(p, needle, n)) return p;
  return NULL;
}

static void S_story(tm_thread *t, const S_line *ls, size_t upto, int *ok) {
  tm_buf text = TM_BUF_INIT;
  int pend = 0;
  for (size_t i = 0; i < upto; i++) {
    const S_line *L = &ls[i];
    if (L->kind == L_BLANK) {
      pend = 1;
      continue;
    }
    if (L->kind != L_TEXT) continue;
    size_t n = (size_t)(L->e - L->p);
    /* HN story line "123 points by alice 5 hours ago | hide | past | 45 comments" */
    const char *by = S_memstr(L->p, L->e, " points by ");
    if (by && by < L->e && isdigit((unsigned char)L->p[0])) {
      t->meta.score = strtoll(L->p, NULL, 10);
      t->meta.has_score = 1;
      const char *a = by + 11, *ae = a;
      while (ae < L->e && *ae != ' ') ae++;
      if (ae > a) t->meta.author = tm__thread_str(t, a, (size_t)(ae - a), ok);
      continue;
    }
    /* "Posted by u/alice 5 hr. ago", "submitted 9 hours ago by alice",
     * "posted to c/x by alice • 14h": the story's author */
    const char *pb = S_memstr(L->p, L->e, "by ");
    if (pb && pb < L->e && (!strncasecmp(L->p, "posted ", 7) || !strncasecmp(L->p, "submitted ", 10))) {
      const char *a = pb + 3, *ae;
      if (!strncmp(a, "u/", 2)) a += 2;
      ae = a;
      while (ae < L->e && *ae != ' ') ae++;
      if (ae > a && !t->meta.author) t->meta.author = tm__thread_str(t, a, (size_t)(ae - a), ok);
      continue;
    }
    if (!t->meta.title) {
      t->meta.title = tm__thread_str(t, L->p, n, ok);
      pend = 0;
      continue;
    }
    if (text.len) tm_buf_puts(&text, pend ? "\n\n" : "\n");
    tm_buf_put(&text, L->p, n);
    pend = 0;
  }
  if (text.len) t->meta.text = tm__thread_str(t, text.ptr, text.len, ok);
  tm_buf_free(&text);
}

int tm__parse_transcript(tm_thread *t, const char *buf, size_t len, tm_error *err) {
  S_line *ls = NULL;
  size_t nl = 0;
  if (memchr(buf, '\0', len)) return tm__error(err, TM_EPARSE, 1, 1, 0, "binary data, not a pasted thread");
  if (S_lines(buf, len, &ls, &nl)) return tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
  size_t na = 0, first = SIZE_MAX;
  for (size_t i = 0; i < nl; i++)
    if (ls[i].kind == L_AUTHOR) {
      if (first == SIZE_MAX) first = i;
      na++;
    }
  if (!na) {
    free(ls);
    return tm__error(err, TM_EPARSE, 1, 1, 0,
                     "no author lines in this text (expected a line per comment such as "
                     "'name · 3h ago', 'name 3 hours ago [-]', 'name 12 points 5 hours ago' "
                     "or 'name wrote:', followed by its text)");
  }
  int rc = TM_OK, ok = 1;
  S_com *cs = calloc(na, sizeof *cs);
  S_com **kept = calloc(na, sizeof *kept);
  S_para **allp = calloc(na, sizeof *allp);
  size_t *alln = calloc(na, sizeof *alln);
  size_t *par = calloc(na, sizeof *par);
  float *conf = calloc(na, sizeof *conf);
  unsigned *ev = calloc(na, sizeof *ev);
  char *story = NULL;
  size_t storyn = 0;
  S_pindex seen = {NULL, NULL, 0, 0};
  tm_textbuf tb;
  tm__tb_init(&tb);
  if (!cs || !kept || !allp || !alln || !par || !conf || !ev) {
    rc = tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
    goto cleanup;
  }
  /* the story: lines before the first author line (a "level" line just
   * above it belongs to the comment) */
  S_story(t, ls, first, &ok);
  size_t k = 0;
  for (size_t i = first; i < nl; i++) {
    if (ls[i].kind != L_AUTHOR) continue;
    S_com *c = &cs[k++];
    c->line = i + 1;
    c->au = ls[i].au;
    c->first = i + 1;
    size_t j = i + 1;
    while (j < nl && ls[j].kind != L_AUTHOR) j++;
    c->last = j;
    /* a "level N" line between the previous body and this author line */
    for (size_t b = i; b-- > 0 && ls[b].kind != L_AUTHOR && ls[b].kind != L_TEXT;)
      if (ls[b].kind == L_LEVEL) {
        c->level = ls[b].level;
        break;
      }
    c->idx = TM_NONE;
  }
  for (size_t i = 0; i < na && rc == TM_OK; i++) rc = S_body(ls, &cs[i]);
  for (size_t i = 0; i < na && rc == TM_OK; i++) {
    rc = S_paras(cs[i].body.ptr, cs[i].body.len, &allp[i], &alln[i]);
    if (rc == TM_OK) rc = S_dedupe(t, cs, &seen, i, allp, alln);
  }
  if (rc == TM_OK && t->meta.text) rc = tm__normalize(&story, &storyn, t->meta.text, strlen(t->meta.text));
  size_t nk = 0;
  for (size_t i = 0; i < na && rc == TM_OK; i++) {
    if (cs[i].dropped) continue;
    rc = tm__tx_own(&cs[i]);
    kept[nk++] = &cs[i];
  }
  if (rc != TM_OK) {
    rc = tm__error(err, rc == TM_ELIMIT ? TM_ELIMIT : TM_ENOMEM, 0, 0, 0,
                   rc == TM_ELIMIT ? "a comment is too long" : "out of memory");
    goto cleanup;
  }
  /* the story as a pseudo-comment for word overlap: title and text */
  S_com topic;
  memset(&topic, 0, sizeof topic);
  if (t->meta.title || t->meta.text) {
    tm_buf tb2 = TM_BUF_INIT;
    tm_buf_puts(&tb2, t->meta.title ? t->meta.title : "");
    tm_buf_puts(&tb2, "\n");
    tm_buf_puts(&tb2, t->meta.text ? t->meta.text : "");
    topic.body = tb2;
    if (tm__tx_own(&topic)) rc = TM_ENOMEM;
  }
  if (rc == TM_OK) rc = tm__tx_infer(kept, nk, story, storyn, topic.body.len ? &topic : NULL, par, conf, ev);
  tm_buf_free(&topic.body);
  free(topic.own);
  free(topic.words);
  if (rc != TM_OK) {
    rc = tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
    goto cleanup;
  }
  for (size_t i = 0; i < nk && rc == TM_OK; i++) {
    S_com *c = kept[i];
    tm_comment *tc = tm__thread_add_at(t, c->line, 1, err);
    if (!tc) {
      rc = tm__thread_full(t) ? TM_ELIMIT : TM_ENOMEM;
      break;
    }
    c->idx = (uint32_t)(t->n - 1);
    tc->line = c->line;
    tc->col = 1;
    char id[32];
    snprintf(id, sizeof id, "#%zu", i + 1);
    tc->id = tm__thread_str(t, id, strlen(id), &ok);
    if (par[i] != SIZE_MAX) tc->parent_id = t->c[kept[par[i]]->idx].id;
    if (c->au.name) tc->author = tm__thread_str(t, c->au.name, c->au.name_len, &ok);
    if (c->au.has_time) tc->time = c->au.time;
    if (c->au.has_score) {
      tc->score = c->au.score;
      tc->has_score = 1;
    }
    tm__tb_plain(&tb, c->body.ptr, c->body.len, 0);
    if (tm__tb_finish(&tb, t, tc)) ok = 0;
    if (c->au.deleted || (tc->text && (!strcmp(tc->text, "[deleted]") || !strcmp(tc->text, "[removed]")))) {
      tc->flags |= TM_CF_DELETED;
      if (tc->text && (!strcmp(tc->text, "[deleted]") || !strcmp(tc->text, "[removed]"))) {
        tc->text = "";
        tc->text_len = 0;
      }
    }
    tc->link_confidence = conf[i];
    if (ev[i]) {
      tc->flags |= TM_CF_INFERRED;
      char e[96] = "";
      for (int q = 0; q < TX_EV_COUNT; q++)
        if (ev[i] & (1u << q)) {
          if (e[0]) strcat(e, ",");
          strcat(e, tm__tx_evidence[q]);
        }
      tc->link_evidence = tm__thread_str(t, e, strlen(e), &ok);
    } else {
      tc->link_evidence = "none";
    }
  }
  if (rc == TM_OK && !ok) rc = tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
  if (rc == TM_OK)
    tm__thread_warn(t, 0, 0,
                    "a pasted transcript has no comment ids: comments are numbered #1..#%zu in paste "
                    "order and their parents inferred (see --explain-links)",
                    nk);
cleanup:
  for (size_t i = 0; cs && i < na; i++) {
    tm_buf_free(&cs[i].body);
    free(cs[i].own);
    free(cs[i].words);
    if (allp && allp[i]) S_free_paras(allp[i], alln[i]);
  }
  free(cs);
  free(kept);
  free(allp);
  free(alln);
  free(par);
  free(conf);
  free(ev);
  free(story);
  free(seen.com);
  free(seen.par);
  tm__tb_free(&tb);
  free(ls);
  return rc;
}
