/*
 * lexicon.h - the sentiment lexicon: one hash table of terms (internal).
 *
 * A term is a word, a multiword phrase ("waste of time", "i think"), an
 * emoticon or an emoji.  One entry can have a valence and a modifier role
 * at once ("terribly": -1.5 alone, an intensifier before another word).
 * Words are stored folded (tm_text_fold: lowercase, NFKC); emoticons are
 * stored exactly as written, since ":D" and ":d" differ.
 *
 * The first word of every phrase carries `phrase_max`, the most words of
 * any phrase it starts, so the scorer only tries phrases where one can
 * begin.
 */
#ifndef TM_SCORE_LEXICON_H
#define TM_SCORE_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#include "../util/arena.h"
#include "threadmap.h"

enum {
  TM_MOD_NONE = 0,
  TM_MOD_NEGATOR,     /* weight: multiplier of valence in scope (e.g. -0.74) */
  TM_MOD_INTENSIFIER, /* weight: added to |valence| of the next word (dampeners < 0) */
  TM_MOD_CONTRAST,    /* weight: share of the emphasised clause */
  TM_MOD_HEDGE,       /* weight: multiplier of the sentence (< 1) */
  TM_MOD_SARCASM      /* weight: multiplier of the sentence (< 0 flips) */
};

typedef struct tm_lexent {
  const char *key;        /* folded term (NUL-terminated, in the arena) */
  uint32_t keylen;        /* bytes */
  float valence;          /* -4..+4 when has_valence */
  float weight;           /* modifier weight when mod != NONE */
  uint8_t has_valence;    /* 1 when the term carries valence */
  uint8_t mod;            /* TM_MOD_* */
  uint8_t contrast_after; /* contrast: 1 = the clause after is emphasised */
  uint8_t nwords;         /* words in key */
  uint8_t phrase_max;     /* longest phrase starting with this word (0 none) */
  uint8_t emoticon;       /* matched on the exact text */
  uint8_t is_prefix;      /* the first words of a longer phrase */
  uint8_t cue_kind;       /* stance cue: TM_CUE_* (cues table only) */
  uint8_t cue_pos;        /* TM_CUEPOS_* */
  float cue_weight;       /* -1 disagree .. +1 agree; hedge: multiplier */
  uint8_t wflags;         /* cues table: stance word classes (TM_SW_*) */
  int32_t cue;            /* words table: index of the same word in the cues table, or -1 */
  uint32_t hash;          /* of key */
} tm_lexent;

/* word classes the stance scorer counts, kept on the cues table's entries
 * so that one lookup per token answers cue and class at once */
enum { TM_SW_NEG = 1, TM_SW_YOU = 2, TM_SW_THEY = 4, TM_SW_AFFIRM = 8, TM_SW_STRONG = 16,
       TM_SW_ACK = 32, TM_SW_CONTRAST = 64 };

#define TM_CUE_LEXICON_KINDS 8 /* cue kinds a lexicon can name: TM_CUE_AGREE .. TM_CUE_ATTACK */
enum { TM_CUEPOS_ANY = 0, TM_CUEPOS_START, TM_CUEPOS_ALONE };

#define TM_LEX_MAX_PHRASE 8 /* words in the longest phrase considered */

/** One hash table of terms. */
typedef struct tm_lextab {
  tm_lexent *ent;         /* entries */
  size_t nent, capent;
  uint64_t *slots;        /* open addressing: hash << 32 | (entry index + 1) */
  size_t cap;             /* slots (power of two, at most half used) */
} tm_lextab;

struct tm_lexicon {
  tm_arena arena;         /* keys */
  tm_lextab words;        /* sentiment terms and modifiers */
  tm_lextab cues;         /* stance cues (stance.tsv), keys of word and punctuation tokens */

  /* emoticons led by punctuation, by first byte, longest first */
  const tm_lexent **emo[256];
  uint16_t nemo[256];
  size_t entries;         /* terms loaded (valence or modifier) */
  size_t ncues;           /* stance cues loaded */
};

/** The hash the tables use (FNV-1a, 32 bit), for tm__tab_get_h. */
uint32_t tm__lex_hash(const char *s, size_t n);
/** The hash of a key extended by s[0..n), from the key's hash h:
 * tm__lex_hash_more(tm__lex_hash(a, na), b, nb) == tm__lex_hash(ab, na + nb). */
uint32_t tm__lex_hash_more(uint32_t h, const char *s, size_t n);
#define TM_LEX_HASH_INIT 2166136261u /* FNV-1a offset basis: the hash of "" */
/** One byte of tm__lex_hash (for hashing while copying). */
static inline uint32_t tm__lex_hash_step(uint32_t h, unsigned char c) { return (h ^ c) * 16777619u; }
/** Look up with a hash computed once for several tables. */
const tm_lexent *tm__tab_get_h(const tm_lextab *tab, const char *s, size_t len, uint32_t h);

/** Look up a term of `len` bytes; NULL when absent. */
const tm_lexent *tm__tab_get(const tm_lextab *tab, const char *s, size_t len);
#define tm__lex_get(lex, s, len) tm__tab_get(&(lex)->words, (s), (len))
#define tm__cue_get(lex, s, len) tm__tab_get(&(lex)->cues, (s), (len))

#endif
