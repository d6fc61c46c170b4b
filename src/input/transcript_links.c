/*
 * transcript_links.c - the tree of a pasted transcript, inferred from
 * evidence (fmt_transcript.c reads the lines and bodies).
 *
 * A page lists comments in pre-order, so the parent of comment i is the
 * root or one of the comments on the path from the root to comment i-1
 * (the "stack"; its nearest MAX_CAND entries are looked at).  Each
 * candidate collects evidence, each piece with a weight (a
 * probability-like strength):
 *   level        a "level N" line (new Reddit) gives the depth      0.95
 *   quote        a "> " quote in i found in the candidate's own words
 *                (exact 0.90, or fuzzy by word trigrams 0.75);
 *                a quote of the story's text points to the root
 *   name         i addresses the candidate's author: "@name", "u/name"
 *                0.85; "name," / "name:" opening the body 0.75; "as name
 *                said", "name's point", "agree with name" 0.60
 *   alternation  authors alternate A, B, A: i answers i-1 (0.55; 0.65
 *                when i-1 already answers i-2), and i-1 without other
 *                evidence is relinked to i-2 (0.50)
 *   reply-cue    i opens like a reply ("Yes", "No,", "Exactly",
 *                "Agreed", "Source?", "That's", ...): it answers i-1 0.35
 *   overlap      the candidate (or the story: then the root) shares the
 *                most distinctive words with i (4+ letters, not common
 *                words), at least two and more than any other: 0.30,
 *                three or more 0.45
 *   time         a reply cannot be older than its parent: candidates
 *                posted after i are ruled out; when that rules out all,
 *                the root gets 0.60
 * Weights combine as a noisy-OR, 1 - prod(1 - w); the best candidate
 * (ties: the nearest) wins, and the link's confidence is its score times
 * (1 - half the runner-up's), so a close second lowers it.  With no
 * evidence at all the comment is attached to the root with confidence 0
 * and evidence "none".  Relative ages ("3h ago") are compared as ages
 * counted back from the moment of the paste, with a tolerance of the
 * coarser unit; absolute dates are compared as times.  Only absolute
 * dates become comment times (a relative age has no anchor).
 *
 * The quote matching uses the normalization of the stance stage
 * (tm__normalize) so that a quote is matched here as the scorer would
 * trace it.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../score/stance.h"
#include "threadmap.h"
#include "transcript.h"

typedef tm__tx_author S_author;
typedef tm__tx_com S_com;

/* evidence weights (see above) */
#define W_LEVEL 0.95f
#define W_QUOTE_EXACT 0.90f
#define W_QUOTE_FUZZY 0.75f
#define W_NAME_AT 0.85f
#define W_NAME_START 0.75f
#define W_NAME_PHRASE 0.60f
#define W_ALT 0.55f
#define W_ALT_CHAIN 0.65f
#define W_ALT_BACK 0.50f
#define W_CUE 0.35f
#define W_TIME_ROOT 0.60f
#define FUZZY_MIN 0.6f         /* share of a quote's word trigrams found in the candidate */
#define MAX_CAND 64            /* nearest comments of the path looked at for evidence: a
                                  deeper ancestor is answered without evidence anyway, and
                                  it keeps a 100,000-deep paste linear */

#define W_OVERLAP_2 0.30f     /* two distinctive words shared with the candidate */
#define W_OVERLAP_3 0.45f     /* three or more */

const char *const tm__tx_evidence[TX_EV_COUNT] = {"level", "quote", "name", "alternation",
                                                  "reply-cue", "overlap", "time"};

int tm__tx_words(const char *s, size_t n) {
  int w = n ? 1 : 0;
  for (size_t i = 0; i < n; i++) w += s[i] == ' ';
  return w;
}

/* ---------------------------------------------------------- evidence */

static int S_wordset(S_com *c);

/* Normalized own words: the body without its "> " lines. */
int tm__tx_own(S_com *c) {
  tm_buf b = TM_BUF_INIT;
  int rc = tm_buf_put(&b, "", 0);
  const char *p = c->body.ptr, *end = p + c->body.len;
  while (rc == TM_OK && p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *e = nl ? nl : end;
    if (!(p < e && *p == '>')) {
      rc = tm_buf_put(&b, p, (size_t)(e - p));
      if (rc == TM_OK) rc = tm_buf_putc(&b, '\n');
    }
    p = nl ? nl + 1 : end;
  }
  if (rc == TM_OK) rc = tm__normalize(&c->own, &c->ownn, b.ptr, b.len);
  if (rc == TM_OK) rc = S_wordset(c);
  tm_buf_free(&b);
  return rc;
}

uint32_t tm__tx_hash(const char *s, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
  return h;
}

/* Common words that say nothing about what a comment answers. */
static const char *const S_stop[] = {
    "that", "this", "with", "have", "from", "they", "what", "when", "your", "just", "like", "about",
    "would", "there", "their", "will", "been", "were", "more", "than", "then", "them", "some", "into",
    "only", "also", "very", "much", "even", "most", "make", "does", "doing", "dont", "think", "really",
    "because", "could", "should", "which", "these", "those", "other", "over", "still", "being", "here",
    "thing", "things", "know", "people", "good", "time", "want", "well", "same", "actually", "sure",
    "going", "where", "while", "after", "before", "something", "anything", "every", "never", "always",
    "maybe", "first", "though", "since", "each", "many", "such", "both", "didn", "doesn", "isn", "wasn",
    "aren", "haven", "can", "won", "youre", "yeah", "okay", "thanks", "said", "says", "mean", "right",
    "need", "didnt", "doesnt", "cant", "wont", "isnt", "else", "back", "less", "lots", "kind", "sort",
    "look", "looks", "give", "take", "made", "makes", "used", "using", "year", "years", "ever", "once",
    "again", "around", "until", "without", "within", "through", "against", "between", "whole", "pretty",
    NULL};

static int S_cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

/* The distinct words of 4+ bytes of c's own words, not in S_stop. */
static int S_wordset(S_com *c) {
  size_t cap = 1 + c->ownn / 5, n = 0;
  c->words = malloc(cap * sizeof *c->words);
  if (!c->words) return TM_ENOMEM;
  for (size_t i = 0; i < c->ownn;) {
    size_t e = i;
    while (e < c->ownn && c->own[e] != ' ') e++;
    size_t l = e - i;
    int stop = l < 4;
    for (size_t k = 0; !stop && S_stop[k]; k++)
      stop = S_stop[k][0] == c->own[i] && !strncmp(S_stop[k], c->own + i, l) && !S_stop[k][l];
    if (!stop && n < cap) c->words[n++] = tm__tx_hash(c->own + i, l);
    i = e + 1;
  }
  qsort(c->words, n, sizeof *c->words, S_cmp_u32);
  size_t u = 0;
  for (size_t k = 0; k < n; k++)
    if (!u || c->words[k] != c->words[u - 1]) c->words[u++] = c->words[k];
  c->nwords = u;
  return TM_OK;
}

static size_t S_shared(const uint32_t *a, size_t na, const uint32_t *b, size_t nb) {
  size_t i = 0, j = 0, k = 0;
  while (i < na && j < nb) {
    if (a[i] == b[j]) k++, i++, j++;
    else if (a[i] < b[j]) i++;
    else j++;
  }
  return k;
}

/* Share of the quote's word trigrams found in hay (both normalized). */
static float S_trigram_share(const char *q, size_t qn, const char *hay, size_t hn) {
  /* word starts */
  size_t qw[256], hw_n = 0, qw_n = 0;
  for (size_t i = 0; i < qn && qw_n < 256; i++)
    if (!i || q[i - 1] == ' ') qw[qw_n++] = i;
  if (qw_n < 3) return 0;
  size_t ntri = qw_n - 2, found = 0;
  uint32_t *hh = NULL;
  size_t hcap = 0;
  size_t *hw = malloc((hn / 2 + 2) * sizeof *hw);
  if (!hw) return 0;
  for (size_t i = 0; i < hn; i++)
    if (!i || hay[i - 1] == ' ') hw[hw_n++] = i;
  if (hw_n >= 3) {
    hcap = hw_n - 2;
    hh = malloc(hcap * sizeof *hh);
    if (hh)
      for (size_t k = 0; k < hcap; k++) {
        size_t end = k + 3 < hw_n ? hw[k + 3] - 1 : hn;
        hh[k] = tm__tx_hash(hay + hw[k], end - hw[k]);
      }
  }
  for (size_t k = 0; hh && k < ntri; k++) {
    size_t end = k + 3 < qw_n ? qw[k + 3] - 1 : qn;
    uint32_t h = tm__tx_hash(q + qw[k], end - qw[k]);
    for (size_t m = 0; m < hcap; m++)
      if (hh[m] == h) {
        found++;
        break;
      }
  }
  free(hh);
  free(hw);
  return (float)found / (float)ntri;
}

/* Case-insensitive search for the name as a whole word in s (own body). */
static int S_word_at(const char *s, size_t n, size_t i, const char *w, size_t wl) {
  if (i + wl > n) return 0;
  for (size_t k = 0; k < wl; k++)
    if (tolower((unsigned char)s[i + k]) != tolower((unsigned char)w[k])) return 0;
  if (i + wl < n) {
    unsigned char c = (unsigned char)s[i + wl];
    if (isalnum(c) || c == '_' || c == '-' || c >= 0x80) return 0;
  }
  if (i > 0) {
    unsigned char c = (unsigned char)s[i - 1];
    if (isalnum(c) || c == '_' || c >= 0x80) return 0;
  }
  return 1;
}

/* How strongly does body address `name`?  0 if it does not. */
static float S_addresses(const char *b, size_t n, const char *name, size_t nl) {
  float best = 0;
  /* opening "name," / "name:" / "@name" */
  size_t s = 0;
  while (s < n && (b[s] == ' ' || b[s] == '\n')) s++;
  for (size_t i = 0; i + 1 < n; i++) {
    if (b[i] != '@' && b[i] != '/') continue;
    if (b[i] == '@' && S_word_at(b, n, i + 1, name, nl)) return W_NAME_AT;
    /* "u/name" (and "/u/name") */
    if (b[i] == '/' && i >= 1 && (b[i - 1] == 'u' || b[i - 1] == 'U') &&
        (i == 1 || !isalnum((unsigned char)b[i - 2])) && S_word_at(b, n, i + 1, name, nl))
      return W_NAME_AT;
  }
  /* skip the lines that are quotes */
  while (s < n && b[s] == '>') {
    const char *nlp = memchr(b + s, '\n', n - s);
    s = nlp ? (size_t)(nlp - b) + 1 : n;
    while (s < n && (b[s] == ' ' || b[s] == '\n')) s++;
  }
  if (S_word_at(b, n, s, name, nl) && s + nl < n && (b[s + nl] == ',' || b[s + nl] == ':'))
    best = W_NAME_START;
  if (best) return best;
  static const char *const before[] = {"as ", "like ", "agree with ", "disagree with ", "replying to ",
                                       "reply to ", "@ ", NULL};
  static const char *const after[] = {" said", " says", " mentioned", " pointed out", " noted", "'s point",
                                      " is right", " is wrong", " has a point", "’s point", NULL};
  for (size_t i = 0; i < n; i++) {
    if (tolower((unsigned char)b[i]) != tolower((unsigned char)name[0]) || !S_word_at(b, n, i, name, nl)) continue;
    for (size_t k = 0; after[k]; k++) {
      size_t al = strlen(after[k]);
      if (i + nl + al <= n && !strncasecmp(b + i + nl, after[k], al)) return W_NAME_PHRASE;
    }
    for (size_t k = 0; before[k]; k++) {
      size_t bl = strlen(before[k]);
      if (i >= bl && !strncasecmp(b + i - bl, before[k], bl)) return W_NAME_PHRASE;
    }
  }
  return 0;
}

/* Does the body open like a reply to the comment above? */
static int S_reply_cue(const char *b, size_t n) {
  size_t s = 0;
  while (s < n && (b[s] == ' ' || b[s] == '\n')) s++;
  if (s < n && b[s] == '>') return 0; /* opens with a quote: the quote decides */
  static const char *const cues[] = {
      "yes", "yep", "yeah", "yup", "no", "nope", "nah", "agreed", "agree", "exactly", "this.",
      "this!", "this^", "same", "same here", "true", "sure", "right", "fair", "fair point",
      "good point", "great point", "i agree", "i disagree", "disagree", "source?", "source please",
      "citation needed", "citation?", "that's", "thats", "that is", "that was", "you're", "youre",
      "your ", "you ", "wait", "lol", "haha", "+1", "thanks", "thank you", "correct", "incorrect",
      "not really", "not quite", "actually", "well,", "but ", "so you", "how so", "why would",
      "what do you", "huh", "ok,", "okay,", "indeed", "absolutely", "definitely", "nope,", "wrong",
      "not true", "false", "counterpoint", "to be fair", "tbf", "eh", "meh", "ha", "hah", "also,",
      "it does", "it doesn't", "it is", "it isn't", "they did", "they didn't", "did you", "do you",
      "have you", "are you", "can you", "could you", "would you", "is it", "isn't it", "i mean",
      "fwiw", "genuinely curious", "care to", "i think you", "i'd argue", "i would argue",
      "not sure that", "i doubt", "doubt it", "hard disagree", "strong disagree", "sorry,", "sorry but",
      NULL};
  for (size_t k = 0; cues[k]; k++) {
    if (tolower((unsigned char)b[s]) != cues[k][0]) continue;
    size_t l = strlen(cues[k]);
    if (s + l > n || strncasecmp(b + s, cues[k], l) != 0) continue;
    char last = cues[k][l - 1];
    if (isalnum((unsigned char)last) && s + l < n && isalnum((unsigned char)b[s + l])) continue;
    return 1;
  }
  return 0;
}

typedef struct S_cand {
  float w[TX_EV_COUNT];   /* strongest weight of each evidence kind */
  int excluded;        /* ruled out by time */
} S_cand;

static float S_score(const S_cand *c) {
  if (c->excluded) return -1;
  float keep = 1;
  for (int k = 0; k < TX_EV_COUNT; k++) keep *= 1 - c->w[k];
  return 1 - keep;
}

/* Is comment a (strictly) older than b, allowing for the units' rounding? */
static int S_older(const S_author *a, const S_author *b) {
  if (a->has_age && b->has_age) {
    int64_t tol = a->gran > b->gran ? a->gran : b->gran;
    return a->age > b->age + tol;
  }
  if (a->has_time && b->has_time) return a->time + 60 < b->time;
  return 0;
}

static int S_same_author(const S_com *a, const S_com *b) { return a->aid && a->aid == b->aid; }

/* Number the authors (case-insensitive names), so comparing two is one
 * integer compare.  @return TM_OK or TM_ENOMEM. */
static int S_author_ids(S_com **cs, size_t n) {
  size_t cap = 16;
  while (cap < n * 2) cap *= 2;
  uint32_t *slot = calloc(cap, sizeof *slot); /* comment index + 1 */
  if (!slot) return TM_ENOMEM;
  uint32_t next = 0;
  for (size_t i = 0; i < n; i++) {
    S_com *c = cs[i];
    c->aid = 0;
    if (!c->au.name) continue;
    uint32_t h = 2166136261u;
    for (size_t k = 0; k < c->au.name_len; k++) h = (h ^ (unsigned char)tolower((unsigned char)c->au.name[k])) * 16777619u;
    size_t j = h & (cap - 1);
    for (; slot[j]; j = (j + 1) & (cap - 1)) {
      const S_com *o = cs[slot[j] - 1];
      if (o->au.name_len == c->au.name_len && !strncasecmp(o->au.name, c->au.name, c->au.name_len)) break;
    }
    if (slot[j]) {
      c->aid = cs[slot[j] - 1]->aid;
    } else {
      slot[j] = (uint32_t)i + 1;
      c->aid = ++next;
    }
  }
  free(slot);
  return TM_OK;
}

/* Quotes of c (paragraph lines starting with '>'), normalized, tested
 * against the candidate's own words.  Returns the weight or 0. */
static float S_quote_match(const S_com *c, const char *own, size_t ownn) {
  const char *p = c->body.ptr, *end = p + c->body.len;
  float best = 0;
  tm_buf q = TM_BUF_INIT;
  while (p <= end) {
    const char *nl = p < end ? memchr(p, '\n', (size_t)(end - p)) : NULL;
    const char *e = nl ? nl : end;
    int is_q = p < e && *p == '>';
    if (is_q) {
      const char *s = p;
      while (s < e && (*s == '>' || *s == ' ')) s++;
      tm_buf_put(&q, s, (size_t)(e - s));
      tm_buf_putc(&q, ' ');
    }
    if ((!is_q || !nl) && q.len) {
      char *qn;
      size_t qnl;
      if (tm__normalize(&qn, &qnl, q.ptr, q.len) == TM_OK) {
        if (qnl >= 8 && tm__tx_words(qn, qnl) >= 2) {
          if (tm__contains(own, ownn, qn, qnl)) best = best > W_QUOTE_EXACT ? best : W_QUOTE_EXACT;
          else if (S_trigram_share(qn, qnl, own, ownn) >= FUZZY_MIN && best < W_QUOTE_FUZZY)
            best = W_QUOTE_FUZZY;
        }
        free(qn);
      }
      tm_buf_reset(&q);
    }
    if (!nl) break;
    p = nl + 1;
  }
  tm_buf_free(&q);
  return best;
}

/* Infer the parents of the kept comments cs[ord[0..n)]; par[i] gets the
 * position (in ord) of the parent, or SIZE_MAX for the root. */
int tm__tx_infer(S_com **cs, size_t n, const char *story, size_t storyn, const S_com *topic,
                 size_t *par, float *conf, unsigned *evmask) {
  size_t *stack = malloc((n + 1) * sizeof *stack);
  S_cand *cand = malloc((n + 2) * sizeof *cand);
  if (!stack || !cand) {
    free(stack);
    free(cand);
    return TM_ENOMEM;
  }
  size_t ns = 0;
  int any_level = 0;
  if (S_author_ids(cs, n)) {
    free(stack);
    free(cand);
    return TM_ENOMEM;
  }
  for (size_t i = 0; i < n; i++) any_level |= cs[i]->level > 0;
  for (size_t i = 0; i < n; i++) {
    S_com *c = cs[i];
    int alt = ns && i >= 2 && c->au.name && S_same_author(c, cs[i - 2]) && cs[i - 1]->au.name &&
              !S_same_author(c, cs[i - 1]) && stack[ns - 1] == i - 1;
    if (alt && par[i - 1] == SIZE_MAX && evmask[i - 1] == 0 && !S_older(&cs[i - 1]->au, &cs[i - 2]->au)) {
      /* B had no evidence and went to the root: A, B, A says B answered A
       * (A was B's predecessor, so a valid parent in pre-order); the stack
       * becomes the path to A, then B */
      par[i - 1] = i - 2;
      conf[i - 1] = W_ALT_BACK;
      evmask[i - 1] = 1u << TX_EV_ALT;
      size_t d = 0;
      for (size_t a = i - 2; a != SIZE_MAX; a = par[a]) d++;
      ns = d + 1;
      stack[d] = i - 1;
      for (size_t a = i - 2; a != SIZE_MAX; a = par[a]) stack[--d] = a;
    }
    /* candidates: stack[lo..ns) plus the root at index ns */
    size_t lo = ns > MAX_CAND ? ns - MAX_CAND : 0;
    memset(cand + lo, 0, (ns + 1 - lo) * sizeof *cand);
    S_cand *root = &cand[ns];
    int time_excl = 0;
    for (size_t s = lo; s < ns; s++)
      if (S_older(&c->au, &cs[stack[s]]->au)) cand[s].excluded = 1, time_excl++;
    /* level */
    if (any_level && c->level > 0) {
      if (c->level == 1) root->w[TX_EV_LEVEL] = W_LEVEL;
      else
        for (size_t s = ns; s-- > lo;)
          if (cs[stack[s]]->level == c->level - 1) {
            cand[s].w[TX_EV_LEVEL] = W_LEVEL;
            break;
          }
    }
    /* quotes */
    if (c->body.len && memchr(c->body.ptr, '>', c->body.len)) {
      for (size_t s = ns; s-- > lo;) {
        const S_com *j = cs[stack[s]];
        float w = S_quote_match(c, j->own, j->ownn);
        if (w > cand[s].w[TX_EV_QUOTE]) cand[s].w[TX_EV_QUOTE] = w;
      }
      if (story && storyn) {
        float w = S_quote_match(c, story, storyn);
        int elsewhere = 0;
        for (size_t s = lo; s < ns; s++) elsewhere |= cand[s].w[TX_EV_QUOTE] > 0;
        if (w > 0 && !elsewhere) root->w[TX_EV_QUOTE] = w;
      }
    }
    /* names: the nearest comment on the stack by each author named */
    for (size_t s = ns; s-- > lo;) {
      const S_com *j = cs[stack[s]];
      if (!j->au.name || S_same_author(j, c)) continue;
      int nearer = 0;
      for (size_t u = s + 1; u < ns; u++) nearer |= S_same_author(cs[stack[u]], j);
      if (nearer) continue;
      char nm[TX_MAX_NAME + 1];
      memcpy(nm, j->au.name, j->au.name_len);
      nm[j->au.name_len] = '\0';
      float w = S_addresses(c->body.ptr, c->body.len, nm, j->au.name_len);
      if (w > cand[s].w[TX_EV_NAME]) cand[s].w[TX_EV_NAME] = w;
    }
    /* alternation A, B, A: i answers i-1 */
    if (alt) cand[ns - 1].w[TX_EV_ALT] = par[i - 1] == i - 2 ? W_ALT_CHAIN : W_ALT;
    /* overlap: the candidate (or the story) sharing the most distinctive
     * words, when that is at least two and more than any other */
    {
      size_t bestn = topic ? S_shared(c->words, c->nwords, topic->words, topic->nwords) : 0, bests = ns, tie = 0;
      for (size_t s = ns; s-- > lo;) {
        size_t k = S_shared(c->words, c->nwords, cs[stack[s]]->words, cs[stack[s]]->nwords);
        if (k > bestn) bestn = k, bests = s, tie = 0;
        else if (k == bestn) tie = 1;
      }
      if (bestn >= 2 && !tie) cand[bests].w[TX_EV_OVERLAP] = bestn >= 3 ? W_OVERLAP_3 : W_OVERLAP_2;
    }
    /* reply cue: answers the comment right above */
    if (ns && S_reply_cue(c->body.ptr, c->body.len)) cand[ns - 1].w[TX_EV_CUE] = W_CUE;
    /* time: everything ruled out leaves the root */
    if (ns && time_excl == (int)(ns - lo)) root->w[TX_EV_TIME] = W_TIME_ROOT;
    /* choose */
    size_t best = ns;
    float bs = S_score(root), second = 0;
    for (size_t s = ns; s-- > lo;) {
      float sc = S_score(&cand[s]);
      if (sc > bs + 1e-6f) {
        second = bs > second ? bs : second;
        bs = sc;
        best = s;
      } else if (sc > second) {
        second = sc;
      }
    }
    if (second < 0) second = 0;
    unsigned mask = 0;
    if (bs <= 0) {
      best = ns;
      bs = 0;
    } else {
      for (int k = 0; k < TX_EV_COUNT; k++)
        if (cand[best].w[k] > 0) mask |= 1u << k;
      if (time_excl && best != ns) mask |= 1u << TX_EV_TIME;
    }
    par[i] = best == ns ? SIZE_MAX : stack[best];
    conf[i] = bs * (1 - 0.5f * second);
    evmask[i] = mask;
    /* the stack becomes the path to i */
    if (best == ns) ns = 0;
    else ns = best + 1;
    stack[ns++] = i;
  }
  free(stack);
  free(cand);
  return TM_OK;
}

