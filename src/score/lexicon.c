/*
 * lexicon.c - loading and looking up sentiment lexicons.
 *
 * Three file formats, told apart by their content:
 *  - threadmap's own TSV (lexicons/README.md): `term<TAB>valence`
 *    (-4..+4), `emoji<TAB>valence<TAB>name`, and modifiers
 *    `term<TAB>weight<TAB>kind[<TAB>after|before]`;
 *  - VADER's published lexicon: `token<TAB>mean<TAB>sd<TAB>[ratings]`, the
 *    mean on VADER's -4..+4 scale, used as it is;
 *  - AFINN: `term<TAB>integer` on -5..+5, rescaled to -4..+4 (x 0.8).
 * A later entry for the same term replaces an earlier one's valence or
 * role, which is how --lexicon-add layers a domain lexicon.
 *
 * The default lexicon is compiled into the library from the lexicons/ files
 * (see lexicon_data.c), so no file is read at run time.
 */
#include "lexicon.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/error.h"

#define LEX_MIN_CAP 4096 /* initial slots */

static uint32_t S_hash_more(uint32_t h, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) h = tm__lex_hash_step(h, (unsigned char)s[i]);
  return h;
}

static uint32_t S_hash(const char *s, size_t n) {
  return S_hash_more(TM_LEX_HASH_INIT, s, n); /* FNV-1a, 32 bit */
}

uint32_t tm__lex_hash(const char *s, size_t n) { return S_hash(s, n); }
uint32_t tm__lex_hash_more(uint32_t h, const char *s, size_t n) { return S_hash_more(h, s, n); }

const tm_lexent *tm__tab_get(const tm_lextab *tab, const char *s, size_t len) {
  return tm__tab_get_h(tab, s, len, S_hash(s, len));
}

const tm_lexent *tm__tab_get_h(const tm_lextab *tab, const char *s, size_t len, uint32_t h) {
  if (!tab->cap) return NULL;
  size_t mask = tab->cap - 1, i = h & mask;
  for (uint64_t v; (v = tab->slots[i]); i = (i + 1) & mask) {
    if ((uint32_t)(v >> 32) != h) continue;
    const tm_lexent *e = &tab->ent[(uint32_t)v - 1];
    if (e->keylen == len && memcmp(e->key, s, len) == 0) return e;
  }
  return NULL;
}

static int S_grow(tm_lextab *tab) {
  size_t cap = tab->cap ? tab->cap * 2 : LEX_MIN_CAP;
  uint64_t *slots = calloc(cap, sizeof *slots);
  if (!slots) return TM_ENOMEM;
  for (size_t i = 0; i < tab->cap; i++) {
    uint64_t v = tab->slots[i];
    if (!v) continue;
    size_t j = (v >> 32) & (cap - 1);
    while (slots[j]) j = (j + 1) & (cap - 1);
    slots[j] = v;
  }
  free(tab->slots);
  tab->slots = slots;
  tab->cap = cap;
  return TM_OK;
}

/* Find or create the entry for key; returns its index, or -1 on ENOMEM.
 * Entry pointers move when entries are added: keep indices. */
static long S_put(tm_lextab *tab, tm_arena *arena, const char *s, size_t len) {
  if ((tab->nent + 1) * 2 > tab->cap && S_grow(tab)) return -1;
  uint32_t h = S_hash(s, len);
  size_t mask = tab->cap - 1, i = h & mask;
  for (uint64_t v; (v = tab->slots[i]); i = (i + 1) & mask) {
    if ((uint32_t)(v >> 32) != h) continue;
    tm_lexent *e = &tab->ent[(uint32_t)v - 1];
    if (e->keylen == len && memcmp(e->key, s, len) == 0) return (long)((uint32_t)v - 1);
  }
  if (tab->nent == tab->capent) {
    size_t capent = tab->capent ? tab->capent * 2 : 1024;
    tm_lexent *ne = realloc(tab->ent, capent * sizeof *ne);
    if (!ne) return -1;
    tab->ent = ne;
    tab->capent = capent;
  }
  char *k = tm_arena_strndup(arena, s, len);
  if (!k) return -1;
  tm_lexent *e = &tab->ent[tab->nent];
  memset(e, 0, sizeof *e);
  e->key = k;
  e->keylen = (uint32_t)len;
  e->hash = h;
  e->cue = -1;
  e->nwords = 1;
  for (size_t q = 0; q < len; q++)
    if (s[q] == ' ') e->nwords++;
  tab->slots[i] = ((uint64_t)h << 32) | (uint64_t)(tab->nent + 1);
  return (long)tab->nent++;
}

/* Mark every leading run of words of entry idx as a prefix; the first
 * word knows the longest phrase it starts. */
static int S_prefixes(tm_lextab *tab, tm_arena *arena, long idx) {
  unsigned nwords = tab->ent[idx].nwords;
  if (nwords < 2) return TM_OK;
  size_t klen = tab->ent[idx].keylen;
  char *k = malloc(klen + 1);
  if (!k) return TM_ENOMEM;
  memcpy(k, tab->ent[idx].key, klen);
  unsigned w = 0;
  for (size_t q = 0; q <= klen; q++) {
    if (q < klen && k[q] != ' ') continue;
    if (++w >= nwords) break;
    long p = S_put(tab, arena, k, q);
    if (p < 0) {
      free(k);
      return TM_ENOMEM;
    }
    tab->ent[p].is_prefix = 1;
    if (w == 1 && tab->ent[p].phrase_max < nwords)
      tab->ent[p].phrase_max = (uint8_t)(nwords > TM_LEX_MAX_PHRASE ? TM_LEX_MAX_PHRASE : nwords);
  }
  free(k);
  return TM_OK;
}

/* An emoticon has no letters or digits except a few (xD, D:, :P), i.e. it
 * contains ASCII punctuation and no space. */
static int S_is_emoticon(const char *s, size_t len) {
  int punct = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == ' ') return 0;
    if (c < 0x80 && ispunct(c) && c != '\'' && c != '-') punct = 1;
  }
  /* "n't", "/s", "+1" are terms, not faces */
  return punct && len >= 2 && !(len == 2 && s[0] == '/');
}

static const char *const S_kinds[] = {"", "negator", "intensifier", "contrast", "hedge", "sarcasm"};

/* Add one parsed line. */
static int S_add(tm_lexicon *lex, const char *term, size_t tlen, double value,
                 int mod, int after, int user) {
  (void)user;
  tm_buf fold = TM_BUF_INIT;
  int emo = S_is_emoticon(term, tlen);
  const char *key = term;
  size_t klen = tlen;
  char *folded = NULL;
  if (!emo) {
    if (tm_text_fold(&folded, &klen, term, tlen)) return TM_EUTF8;
    key = folded;
  } else if (tlen >= 3 && (unsigned char)term[tlen - 3] == 0xEF && (unsigned char)term[tlen - 2] == 0xB8 &&
             (unsigned char)term[tlen - 1] == 0x8F) {
    klen = tlen - 3; /* VS16 emoji presentation: stored without it */
  }
  long idx = S_put(&lex->words, &lex->arena, key, klen);
  free(folded);
  tm_buf_free(&fold);
  if (idx < 0) return TM_ENOMEM;
  tm_lexent *e = &lex->words.ent[idx];
  if (!e->has_valence && e->mod == TM_MOD_NONE) lex->entries++;
  e->emoticon = (uint8_t)emo;
  if (mod == TM_MOD_NONE) {
    e->has_valence = 1;
    e->valence = (float)value;
  } else {
    e->mod = (uint8_t)mod;
    e->weight = (float)value;
    e->contrast_after = (uint8_t)after;
    if (mod == TM_MOD_NEGATOR && e->nwords == 1) {
      long ni = S_put(&lex->cues, &lex->arena, e->key, e->keylen);
      if (ni < 0) return TM_ENOMEM;
      lex->cues.ent[ni].wflags |= TM_SW_NEG;
      e = &lex->words.ent[idx];
    }
  }
  return S_prefixes(&lex->words, &lex->arena, idx);
}

/* A stance cue: "cue weight kind position"; the cue's tokens (words and
 * punctuation) are folded and joined by single spaces. */
static int S_add_cue(tm_lexicon *lex, const char *cue, size_t len, double w, int kind, int pos) {
  char *folded = NULL;
  size_t flen;
  if (tm_text_fold(&folded, &flen, cue, len)) return TM_EUTF8;
  long idx = S_put(&lex->cues, &lex->arena, folded, flen);
  free(folded);
  if (idx < 0) return TM_ENOMEM;
  tm_lexent *e = &lex->cues.ent[idx];
  if (!e->cue_kind) lex->ncues++;
  e->cue_kind = (uint8_t)kind;
  e->cue_pos = (uint8_t)pos;
  e->cue_weight = (float)w;
  /* every word of a cue gets an entry, so the matcher can stop as soon as
   * a token is in no cue at all */
  size_t klen = e->keylen, st = 0;
  char *k = malloc(klen + 1);
  if (!k) return TM_ENOMEM;
  memcpy(k, e->key, klen);
  for (size_t q = 0; q <= klen; q++) {
    if (q < klen && k[q] != ' ') continue;
    if (q > st && S_put(&lex->cues, &lex->arena, k + st, q - st) < 0) {
      free(k);
      return TM_ENOMEM;
    }
    st = q + 1;
  }
  free(k);
  return S_prefixes(&lex->cues, &lex->arena, idx);
}

typedef enum { FMT_OURS, FMT_VADER, FMT_AFINN } S_fmt;

/* Detect the format from the first data lines. */
static S_fmt S_detect(const char *buf, size_t len) {
  size_t i = 0, lines = 0;
  int all_int = 1, has5 = 0;
  while (i < len && lines < 400) {
    const char *nl = memchr(buf + i, '\n', len - i);
    size_t e = nl ? (size_t)(nl - buf) : len;
    if (e > i && buf[i] != '#') {
      const char *tab = memchr(buf + i, '\t', e - i);
      if (tab) {
        const char *tab2 = memchr(tab + 1, '\t', (size_t)(buf + e - tab - 1));
        if (tab2) {
          const char *tab3 = memchr(tab2 + 1, '\t', (size_t)(buf + e - tab2 - 1));
          if (tab3 && tab3[1] == '[') return FMT_VADER;
          /* "term weight kind" or "emoji valence name": ours */
        } else {
          char *end;
          double v = strtod(tab + 1, &end);
          if (v != (double)(long)v) all_int = 0;
          if (v >= 5 || v <= -5) has5 = 1;
        }
        lines++;
      }
    }
    i = nl ? e + 1 : len;
  }
  return all_int && has5 ? FMT_AFINN : FMT_OURS;
}

static int S_load_buf(tm_lexicon *lex, const char *buf, size_t len, const char *name,
                      int user, tm_error *err) {
  S_fmt fmt = S_detect(buf, len);
  size_t i = 0, line = 0;
  while (i < len) {
    const char *nl = memchr(buf + i, '\n', len - i);
    size_t e = nl ? (size_t)(nl - buf) : len;
    line++;
    size_t le = e;
    if (le > i && buf[le - 1] == '\r') le--;
    if (le > i && buf[i] != '#') {
      const char *f[4] = {0};
      size_t fl[4] = {0}, nf = 0, s = i;
      for (size_t k = i; k <= le && nf < 4; k++) {
        if (k == le || buf[k] == '\t') {
          f[nf] = buf + s;
          fl[nf] = k - s;
          nf++;
          s = k + 1;
        }
      }
      if (nf < 2 || fl[0] == 0) {
        const char *nm = name ? name : "lexicon";
        return tm__error(err, TM_EPARSE, line, 1, i, "%s: expected term<TAB>value", nm);
      }
      char num[32];
      size_t nl2 = fl[1] < 31 ? fl[1] : 31;
      memcpy(num, f[1], nl2);
      num[nl2] = '\0';
      char *end;
      double v = strtod(num, &end);
      if (end == num)
        return tm__error(err, TM_EPARSE, line, (size_t)(f[1] - (buf + i)) + 1, i,
                         "not a number: \"%s\"", num);
      int mod = TM_MOD_NONE, after = 1;
      if (fmt == FMT_OURS && nf == 4) {
        static const char *const ck[] = {"", "agree", "disagree", "negated_agree", "concession",
                                         "challenge", "hedge", "attack"};
        int kind = 0;
        for (int q = 1; q < TM_CUE_LEXICON_KINDS; q++)
          if (strlen(ck[q]) == fl[2] && memcmp(ck[q], f[2], fl[2]) == 0) kind = q;
        if (fl[2] == 7 && !memcmp(f[2], "rapport", 7)) kind = TM_CUE_RAPPORT;
        if (kind) {
          int pos = TM_CUEPOS_ANY;
          if (fl[3] == 5 && !memcmp(f[3], "start", 5)) pos = TM_CUEPOS_START;
          if (fl[3] == 5 && !memcmp(f[3], "alone", 5)) pos = TM_CUEPOS_ALONE;
          int rc = S_add_cue(lex, f[0], fl[0], v, kind, pos);
          if (rc == TM_EUTF8) return tm__error(err, TM_EPARSE, line, 1, i, "cue is not valid UTF-8");
          if (rc) return tm__error(err, rc, line, 1, i, "out of memory");
          i = nl ? e + 1 : len;
          continue;
        }
      }
      if (fmt == FMT_AFINN) v *= 0.8;
      if (fmt == FMT_OURS && nf >= 3) {
        for (int k = 1; k < 6; k++)
          if (strlen(S_kinds[k]) == fl[2] && memcmp(S_kinds[k], f[2], fl[2]) == 0) mod = k;
        if (fl[2] == 8 && memcmp(f[2], "dampener", 8) == 0) mod = TM_MOD_INTENSIFIER;
        if (mod == TM_MOD_CONTRAST && nf >= 4 && fl[3] == 6 && memcmp(f[3], "before", 6) == 0)
          after = 0;
      }
      if (mod == TM_MOD_NONE && (v < -4.5 || v > 4.5))
        return tm__error(err, TM_EPARSE, line, 1, i, "valence %g outside -4..+4", v);
      int rc = S_add(lex, f[0], fl[0], v, mod, after, user);
      if (rc == TM_EUTF8)
        return tm__error(err, TM_EPARSE, line, 1, i, "term is not valid UTF-8");
      if (rc) return tm__error(err, rc, line, 1, i, "out of memory");
    }
    i = nl ? e + 1 : len;
  }
  return TM_OK;
}

static int S_cmp_len(const void *a, const void *b) {
  const tm_lexent *x = *(const tm_lexent *const *)a, *y = *(const tm_lexent *const *)b;
  if (x->keylen != y->keylen) return x->keylen > y->keylen ? -1 : 1;
  return memcmp(x->key, y->key, x->keylen);
}

/* Give every one-word entry of the cues table a twin in the words table
 * that points to it, so the scorer's one lookup per word answers both
 * (stance then needs no second lookup). */
static int S_link_cues(tm_lexicon *lex) {
  for (size_t i = 0; i < lex->cues.nent; i++) {
    const tm_lexent *c = &lex->cues.ent[i];
    if (c->nwords != 1) continue;
    long w = S_put(&lex->words, &lex->arena, c->key, c->keylen);
    if (w < 0) return TM_ENOMEM;
    lex->words.ent[w].cue = (int32_t)i;
  }
  return TM_OK;
}

/* Index emoticons that start with punctuation by first byte. */
static int S_index_emoticons(tm_lexicon *lex) {
  for (int b = 0; b < 256; b++) {
    free(lex->emo[b]);
    lex->emo[b] = NULL;
    lex->nemo[b] = 0;
  }
  for (size_t i = 0; i < lex->words.nent; i++) {
    const tm_lexent *e = &lex->words.ent[i];
    if (e->emoticon && e->has_valence) lex->nemo[(unsigned char)e->key[0]]++;
  }
  for (int b = 0; b < 256; b++) {
    if (!lex->nemo[b]) continue;
    lex->emo[b] = malloc(lex->nemo[b] * sizeof *lex->emo[b]);
    if (!lex->emo[b]) return TM_ENOMEM;
    lex->nemo[b] = 0;
  }
  for (size_t i = 0; i < lex->words.nent; i++) {
    const tm_lexent *e = &lex->words.ent[i];
    if (e->emoticon && e->has_valence) {
      unsigned char b = (unsigned char)e->key[0];
      lex->emo[b][lex->nemo[b]++] = e;
    }
  }
  for (int b = 0; b < 256; b++)
    if (lex->nemo[b]) qsort(lex->emo[b], lex->nemo[b], sizeof *lex->emo[b], S_cmp_len);
  return TM_OK;
}

void tm_lexicon_free(tm_lexicon *lex) {
  if (!lex) return;
  for (int b = 0; b < 256; b++) free(lex->emo[b]);
  free(lex->words.slots);
  free(lex->words.ent);
  free(lex->cues.slots);
  free(lex->cues.ent);
  tm_arena_clear(&lex->arena);
  free(lex);
}

/* Closed word classes the stance scorer counts (pronouns, affirmations,
 * acknowledgments, contrast openers, strong language): grammar, not
 * lexicon content, so they live here and not in a file. */
static const struct { const char *w; uint8_t f; } S_wclass[] = {
    {"you", TM_SW_YOU}, {"your", TM_SW_YOU}, {"you're", TM_SW_YOU}, {"youre", TM_SW_YOU},
    {"yours", TM_SW_YOU}, {"yourself", TM_SW_YOU}, {"u", TM_SW_YOU}, {"ur", TM_SW_YOU},
    {"they", TM_SW_THEY}, {"them", TM_SW_THEY}, {"their", TM_SW_THEY}, {"theirs", TM_SW_THEY},
    {"themselves", TM_SW_THEY}, {"they're", TM_SW_THEY}, {"he", TM_SW_THEY}, {"she", TM_SW_THEY},
    {"him", TM_SW_THEY}, {"her", TM_SW_THEY}, {"his", TM_SW_THEY},
    {"yeah", TM_SW_AFFIRM | TM_SW_ACK}, {"yes", TM_SW_AFFIRM | TM_SW_ACK}, {"yep", TM_SW_AFFIRM},
    {"yup", TM_SW_AFFIRM}, {"yea", TM_SW_AFFIRM}, {"ya", TM_SW_AFFIRM},
    {"true", TM_SW_AFFIRM | TM_SW_ACK}, {"exactly", TM_SW_AFFIRM}, {"agreed", TM_SW_AFFIRM | TM_SW_ACK},
    {"agree", TM_SW_AFFIRM},
    {"sure", TM_SW_ACK}, {"fair", TM_SW_ACK}, {"ok", TM_SW_ACK}, {"okay", TM_SW_ACK},
    {"granted", TM_SW_ACK}, {"grant", TM_SW_ACK}, {"point", TM_SW_ACK}, {"right", TM_SW_ACK},
    {"understand", TM_SW_ACK}, {"get", TM_SW_ACK}, {"see", TM_SW_ACK}, {"admittedly", TM_SW_ACK},
    {"valid", TM_SW_ACK},
    {"but", TM_SW_CONTRAST}, {"however", TM_SW_CONTRAST}, {"still", TM_SW_CONTRAST},
    {"though", TM_SW_CONTRAST}, {"yet", TM_SW_CONTRAST}, {"although", TM_SW_CONTRAST},
    {"nevertheless", TM_SW_CONTRAST}, {"nonetheless", TM_SW_CONTRAST}, {"that", TM_SW_CONTRAST},
    {"fuck", TM_SW_STRONG}, {"fucking", TM_SW_STRONG}, {"fucked", TM_SW_STRONG}, {"shit", TM_SW_STRONG},
    {"shitty", TM_SW_STRONG}, {"damn", TM_SW_STRONG}, {"idiot", TM_SW_STRONG}, {"idiots", TM_SW_STRONG},
    {"stupid", TM_SW_STRONG}, {"dumb", TM_SW_STRONG}, {"moron", TM_SW_STRONG}, {"morons", TM_SW_STRONG},
    {"crap", TM_SW_STRONG}, {"bullshit", TM_SW_STRONG}, {"asshole", TM_SW_STRONG},
    {"assholes", TM_SW_STRONG},
};

static int S_new(tm_lexicon **out, tm_error *err) {
  tm_lexicon *lex = calloc(1, sizeof *lex);
  if (!lex || S_grow(&lex->words) || S_grow(&lex->cues)) {
    if (lex) free(lex->words.slots);
    free(lex);
    return tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
  }
  for (size_t i = 0; i < sizeof S_wclass / sizeof S_wclass[0]; i++) {
    long ni = S_put(&lex->cues, &lex->arena, S_wclass[i].w, strlen(S_wclass[i].w));
    if (ni < 0) {
      tm_lexicon_free(lex);
      return tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
    }
    lex->cues.ent[ni].wflags |= S_wclass[i].f;
  }
  *out = lex;
  return TM_OK;
}

/* lexicon_data.c: the files of lexicons/ compiled in */
extern const char *const tm__lexicon_files[];
extern const char *const tm__lexicon_data[];

int tm_lexicon_default(tm_lexicon **out, tm_error *err) {
  *out = NULL;
  tm_lexicon *lex;
  int rc = S_new(&lex, err);
  if (rc) return rc;
  for (size_t i = 0; tm__lexicon_files[i]; i++) {
    if (err) err->path = tm__lexicon_files[i];
    rc = S_load_buf(lex, tm__lexicon_data[i], strlen(tm__lexicon_data[i]), tm__lexicon_files[i], 0, err);
    if (rc) {
      tm_lexicon_free(lex);
      return rc;
    }
  }
  if ((rc = S_link_cues(lex)) || (rc = S_index_emoticons(lex))) {
    tm_lexicon_free(lex);
    return tm__error(err, rc, 0, 0, 0, "out of memory");
  }
  *out = lex;
  return TM_OK;
}

int tm_lexicon_add(tm_lexicon *lex, const char *path, tm_error *err) {
  char *buf;
  size_t len;
  if (err) err->path = path;
  int rc = tm_read_file(&buf, &len, path, (size_t)256 << 20, err);
  if (rc) return rc;
  rc = S_load_buf(lex, buf, len, path, 1, err);
  free(buf);
  if (rc == TM_OK && ((rc = S_link_cues(lex)) || (rc = S_index_emoticons(lex))))
    tm__error(err, rc, 0, 0, 0, "out of memory");
  return rc;
}

int tm_lexicon_load(tm_lexicon **out, const char *path, tm_error *err) {
  *out = NULL;
  tm_lexicon *lex;
  int rc = S_new(&lex, err);
  if (rc) return rc;
  if ((rc = tm_lexicon_add(lex, path, err))) {
    tm_lexicon_free(lex);
    return rc;
  }
  *out = lex;
  return TM_OK;
}

size_t tm_lexicon_size(const tm_lexicon *lex) { return lex->entries; }
