/**
 * threadmap.h - the whole public API of libthreadmap.
 *
 * threadmap turns online discussion threads (Hacker News, Reddit, generic
 * CSV/NDJSON, ...) into comment trees.  Data flows one way:
 *
 *   bytes -> tm_detect_format -> parser (one per format) -> tm_thread
 *         -> text normalization -> scorers -> graphs -> renderers
 *
 * Memory ownership, stated once:
 *  - Objects returned through an `**out` parameter belong to the caller and
 *    are released with the matching `_free` function.
 *  - Pointers returned by value (strings, comments, spans) are borrowed: they
 *    live exactly as long as the object they came from.  Everything inside a
 *    tm_thread lives in one arena and dies with tm_thread_free().
 *  - The library never prints and never exits.  Errors come back as a
 *    negative TM_E* code plus, when the caller passes one, a tm_error that
 *    carries the position and a message.
 *  - Running out of memory is reported as TM_ENOMEM, never abort().
 */
#ifndef THREADMAP_H
#define THREADMAP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(TM_STATIC_DEFINE)
#define TM_EXTERN
#elif defined(_WIN32)
#define TM_EXTERN __declspec(dllexport)
#else
#define TM_EXTERN __attribute__((visibility("default")))
#endif

#define TM_VERSION_MAJOR 0
#define TM_VERSION_MINOR 1
#define TM_VERSION_PATCH 0
#define TM_VERSION_STRING "0.1.0"

/** @return the library's version string, e.g. "0.1.0". */
TM_EXTERN const char *tm_version(void);

/* ------------------------------------------------------------------ errors */

/** Return codes: 0 on success, small negative numbers on failure. */
typedef enum tm_code {
  TM_OK = 0,        /* success */
  TM_ENOMEM = -1,   /* out of memory */
  TM_EIO = -2,      /* cannot read or write a file */
  TM_EFORMAT = -3,  /* input format not recognized, or not the one forced */
  TM_EPARSE = -4,   /* malformed input (position in tm_error) */
  TM_EUTF8 = -5,    /* invalid UTF-8 where it cannot be repaired */
  TM_ELIMIT = -6,   /* a limit in tm_options was exceeded */
  TM_EINVAL = -7,   /* invalid argument */
  TM_EEMPTY = -8    /* the input holds no thread at all (empty file) */
} tm_code;

/** A message of at most this many bytes (including the NUL) fits tm_error. */
#define TM_ERROR_MSG_SIZE 256

/**
 * Where and what went wrong.  Filled by the library when the caller passes a
 * non-NULL pointer; the caller owns it (usually on the stack).
 */
typedef struct tm_error {
  int code;                     /* TM_OK or a negative TM_E* */
  const char *path;             /* input name as given by the caller, or NULL */
  size_t line, col;             /* 1-based; 0 when unknown */
  size_t offset;                /* byte offset into the input */
  char msg[TM_ERROR_MSG_SIZE];  /* "what is wrong", no trailing newline */
} tm_error;

/** @return a static English description of a TM_E* code. */
TM_EXTERN const char *tm_strerror(int code);

/* ----------------------------------------------------------------- formats */

/** Input formats.  TM_FMT_AUTO asks tm_detect_format to sniff the bytes. */
typedef enum tm_format {
  TM_FMT_AUTO = 0,
  TM_FMT_HN_HTML,      /* Hacker News item page saved from a browser */
  TM_FMT_HN_JSON,      /* HN Firebase items (object, array, NDJSON) or Algolia nested items */
  TM_FMT_REDDIT_JSON,  /* Reddit /comments/<id>.json two-listing array */
  TM_FMT_CSV,          /* generic CSV: id,parent,author,time,text[,title,score] */
  TM_FMT_NDJSON,       /* generic NDJSON with the same fields */
  TM_FMT_DISCOURSE_JSON, /* Discourse topic JSON (/t/<id>.json), one or several pages */
  TM_FMT_MBOX,         /* mailing list: mbox file or maildir folder, JWZ-threaded */
  TM_FMT_STACKEXCHANGE_XML, /* Stack Exchange data dump Posts.xml (+ Comments.xml) */
  TM_FMT_WXR,          /* WordPress export (WXR) comments */
  TM_FMT_DISQUS_XML,   /* Disqus XML export */
  TM_FMT_REDDIT_HTML,  /* Reddit page saved from a browser (old and 2018+ design) */
  TM_FMT_TRANSCRIPT,   /* thread pasted as plain text; tree inferred from evidence */
  TM_FMT_THREADMAP_JSON, /* threadmap's own JSON document (parse/score output), read back */
  TM_FMT_COUNT_
} tm_format;

/** @return the short name of a format ("hn-html", ...), or NULL. */
TM_EXTERN const char *tm_format_name(tm_format f);
/** @return a one-line description of a format, or NULL when unknown. */
TM_EXTERN const char *tm_format_description(tm_format f);

/** @return the format with that short name, or TM_FMT_AUTO when unknown. */
TM_EXTERN tm_format tm_format_from_name(const char *name);

/**
 * Sniff the first bytes of an input (the whole buffer may be passed; at most
 * the first 256 KiB are looked at).
 * @return a format id, or TM_FMT_AUTO when nothing matches.
 */
TM_EXTERN tm_format tm_detect_format(const char *buf, size_t len);

/* ----------------------------------------------------------------- options */

/**
 * Options read by every stage.  Initialize with TM_OPTIONS_INIT, then change
 * what you need.  Limits of 0 mean "no limit".
 */
typedef struct tm_options {
  unsigned version;     /* TM_OPTIONS_VERSION */
  tm_format format;     /* TM_FMT_AUTO, or a forced format */
  size_t max_comments;  /* more comments than this: TM_ELIMIT */
  size_t max_depth;     /* a deeper reply chain: TM_ELIMIT */
  size_t max_field;     /* a longer text/field: TM_ELIMIT */
  size_t max_input;     /* a larger input buffer: TM_ELIMIT */
  unsigned flags;       /* TM_OPT_* bits */
} tm_options;

#define TM_OPTIONS_VERSION 1
#define TM_OPT_KEEP_RAW 0x1u  /* keep each comment's raw markup (tm_comment.raw) */

#define TM_DEFAULT_MAX_COMMENTS ((size_t)50000000)   /* 5e7 comments */
#define TM_DEFAULT_MAX_DEPTH ((size_t)10000000)      /* 1e7 levels */
#define TM_DEFAULT_MAX_FIELD ((size_t)64 << 20)      /* 64 MiB per text */
#define TM_DEFAULT_MAX_INPUT ((size_t)0)             /* unlimited */

#define TM_OPTIONS_INIT                                                   \
  { TM_OPTIONS_VERSION, TM_FMT_AUTO, TM_DEFAULT_MAX_COMMENTS,             \
    TM_DEFAULT_MAX_DEPTH, TM_DEFAULT_MAX_FIELD, TM_DEFAULT_MAX_INPUT,      \
    TM_OPT_KEEP_RAW }

/* ------------------------------------------------------------ thread model */

/** "No index": the parent of a top-level comment, the end of a child list. */
#define TM_NONE UINT32_MAX
/** Time not known. */
#define TM_TIME_UNKNOWN INT64_MIN

/** Comment flags (tm_comment.flags). */
enum {
  TM_CF_DELETED = 1u << 0,   /* removed by its author or a moderator */
  TM_CF_DEAD = 1u << 1,      /* HN "dead": killed by software or moderators */
  TM_CF_FLAGGED = 1u << 2,   /* flagged by users */
  TM_CF_ORPHAN = 1u << 3,    /* its parent is not in the input: attached to the root */
  TM_CF_CYCLE = 1u << 4,     /* it was part of a parent cycle: attached to the root */
  TM_CF_DUPLICATE = 1u << 5, /* not used on kept comments; see warnings */
  TM_CF_HAS_QUOTE = 1u << 6, /* text holds at least one quote span */
  TM_CF_HAS_CODE = 1u << 7,  /* text holds at least one code span */
  TM_CF_DOWNVOTED = 1u << 8, /* shown greyed out (HN faded text) */
  TM_CF_INDENT_JUMP = 1u << 9, /* HN HTML: indent skipped levels; attached to nearest ancestor */
  /* It starts one thread of a source that holds several (a question of a
   * Stack Exchange dump, the first message of a mail thread, a blog post);
   * the thread's meta then describes the source as a whole. */
  TM_CF_THREAD_ROOT = 1u << 10,
  TM_CF_SUBJECT_GROUPED = 1u << 11, /* mail: parent found by subject only (JWZ fallback) */
  TM_CF_INFERRED = 1u << 12   /* parent link inferred from evidence (pasted transcripts) */
};

/** Kinds of spans inside a comment's plain text. */
typedef enum tm_span_kind {
  TM_SPAN_QUOTE = 1,  /* a quoted line ("> ..."): someone else's words */
  TM_SPAN_CODE = 2,   /* a code block or inline code */
  TM_SPAN_LINK = 3,   /* a link's text; url holds its target */
  TM_SPAN_EMPH = 4,   /* italic / bold */
  TM_SPAN_SIGNATURE = 5 /* a mail signature ("-- " block): not the sender's argument */
} tm_span_kind;

/** A byte range [start, start+len) of tm_comment.text. */
typedef struct tm_span {
  uint32_t start;    /* byte offset into text */
  uint32_t len;      /* length in bytes */
  uint32_t kind;     /* tm_span_kind */
  const char *url;   /* TM_SPAN_LINK: the target, else NULL */
} tm_span;

/**
 * One comment.  Read-only for users: parsers fill it, tm_thread owns it.
 * Indices refer to tm_thread_comment(); ids are the source's own.
 */
typedef struct tm_comment {
  const char *id;          /* the source's id (never NULL; synthesized as "#N" if the source has none) */
  const char *parent_id;   /* the source's parent id, or NULL for a top-level comment */
  const char *author;      /* NULL when unknown or deleted */
  int64_t time;            /* UTC seconds since the epoch, or TM_TIME_UNKNOWN */
  int64_t score;           /* points/score when has_score */
  int has_score;           /* 1 when the source gives a score */
  const char *raw;         /* the markup as in the source (NULL without TM_OPT_KEEP_RAW) */
  const char *text;        /* plain text, valid UTF-8, NUL-terminated */
  size_t text_len;         /* bytes in text */
  const tm_span *spans;    /* quote/code/link/emphasis spans, in text order */
  uint32_t nspans;         /* entries in spans */
  uint32_t parent;         /* tree parent index, TM_NONE for top level (incl. orphans) */
  uint32_t depth;          /* 1 for top-level comments */
  uint32_t first_child;    /* first child index, TM_NONE if none */
  uint32_t next_sibling;   /* next sibling index, TM_NONE if last */
  uint32_t nchildren;      /* number of direct children */
  uint32_t flags;          /* TM_CF_* */
  uint32_t missing_replies;/* replies the source announces but does not hold (Reddit "more") */
  size_t line, col;        /* where the record starts in the input (1-based; 0 unknown) */
  /* Parent links inferred from evidence (pasted transcripts): how sure the
   * link in `parent` is, 0..1 (0 when nothing pointed anywhere and the
   * comment was attached to the root), and the kinds of evidence used,
   * comma-separated, from "level", "quote", "name", "alternation",
   * "reply-cue", "time", or "none".  link_evidence is NULL when the source
   * itself names the parent (every other format). */
  float link_confidence;
  const char *link_evidence;
  const char *title;       /* its own title (a mail's Subject, a thread root's question or post title), or NULL */
} tm_comment;

/** Thread-level metadata (the story / submission / topic). */
typedef struct tm_meta {
  tm_format format;        /* the format parsed */
  const char *id;          /* story/submission id, or NULL */
  const char *title;       /* NULL when unknown */
  const char *url;         /* the linked URL, or NULL */
  const char *author;      /* the story's author, or NULL */
  int64_t time;            /* UTC seconds, or TM_TIME_UNKNOWN */
  int64_t score;           /* when has_score */
  int has_score;
  const char *text;        /* the story's own text as plain text, or NULL */
  size_t invalid_utf8;     /* invalid UTF-8 sequences replaced by U+FFFD */
  size_t missing_replies;  /* sum of comments announced but absent (Reddit "more") */
  size_t declared_comments;/* comment count the source claims, 0 when it gives none */
  size_t nthreads;         /* a source of several threads: how many (comments flagged
                              TM_CF_THREAD_ROOT); 0 for a single thread */
} tm_meta;

typedef struct tm_thread tm_thread;

/**
 * Parse a whole buffer holding one thread.
 * @param[out] out  the thread; free with tm_thread_free()
 * @param buf, len  the input bytes (need not be NUL-terminated)
 * @param opts      options, or NULL for defaults
 * @param err       filled on failure (and its `path` copied in), may be NULL
 * @return TM_OK, or TM_EFORMAT / TM_EPARSE / TM_ELIMIT / TM_ENOMEM / TM_EEMPTY;
 *         on error *out is NULL.
 */
TM_EXTERN int tm_thread_parse(tm_thread **out, const char *buf, size_t len,
                              const tm_options *opts, tm_error *err);

/**
 * Read a file ("-" is stdin) and parse it as tm_thread_parse() does.  A
 * directory is read as a maildir (format mbox): every message file below it
 * (Maildir++ ".Folder"s included; tmp/ and other dot entries excluded) in byte order of the relative names; a file
 * that cannot be read fails the whole parse with TM_EIO naming the file.
 */
TM_EXTERN int tm_thread_parse_file(tm_thread **out, const char *path,
                                   const tm_options *opts, tm_error *err);

/** Release a thread and everything it owns.  NULL is fine. */
TM_EXTERN void tm_thread_free(tm_thread *t);

TM_EXTERN const tm_meta *tm_thread_meta(const tm_thread *t);
/** @return the number of comments (not counting the story). */
TM_EXTERN size_t tm_thread_count(const tm_thread *t);
/** @return comment i (0 <= i < count) in source order, or NULL. */
TM_EXTERN const tm_comment *tm_thread_comment(const tm_thread *t, size_t i);
/** @return the index of the first top-level comment, or TM_NONE. */
TM_EXTERN uint32_t tm_thread_first_root(const tm_thread *t);
/** @return index of the comment with that source id, or TM_NONE. */
TM_EXTERN uint32_t tm_thread_find(const tm_thread *t, const char *id);

/**
 * Pre-order (depth-first, children in source order) traversal without
 * recursion.  Start with `tm_thread_preorder_next(t, TM_NONE)`; returns
 * TM_NONE after the last comment.  O(1) amortized per step.
 */
TM_EXTERN uint32_t tm_thread_preorder_next(const tm_thread *t, uint32_t i);

/** Warnings (repairs made while building the tree, skipped records). */
TM_EXTERN size_t tm_thread_warning_count(const tm_thread *t);
/** @return warning i, with line/col when known, or NULL. */
TM_EXTERN const tm_error *tm_thread_warning(const tm_thread *t, size_t i);

/** Summary figures of a thread's shape. */
typedef struct tm_stats {
  size_t comments;       /* comments held */
  size_t top_level;      /* comments at depth 1 (orphans included) */
  size_t participants;   /* distinct known authors of comments (story author excluded) */
  size_t max_depth;      /* deepest comment (1 = top level; 0 when empty) */
  size_t orphans;        /* comments whose parent is absent */
  size_t cycles;         /* comments detached to break parent cycles */
  size_t deleted;        /* deleted comments */
  size_t dead;           /* dead or flagged comments */
  size_t missing;        /* replies announced but absent */
  size_t with_quotes;    /* comments that quote */
  int64_t first_time;    /* earliest comment time, TM_TIME_UNKNOWN when none */
  int64_t last_time;     /* latest comment time, TM_TIME_UNKNOWN when none */
} tm_stats;

/** Compute tm_stats.  Cannot fail. */
TM_EXTERN void tm_thread_stats(const tm_thread *t, tm_stats *out);

/* -------------------------------------------------------------------- text */

/**
 * Make a text valid UTF-8: every invalid sequence (overlong, surrogate, out
 * of range, truncated) becomes U+FFFD.  Writes a NUL-terminated copy into a
 * new malloc'd buffer the caller frees.
 * @param[out] out, out_len  the repaired text
 * @param[out] nbad          number of replacements made (may be NULL)
 * @return TM_OK or TM_ENOMEM.
 */
TM_EXTERN int tm_utf8_sanitize(char **out, size_t *out_len, const char *s,
                               size_t len, size_t *nbad);

/**
 * Fold a UTF-8 text for lookups: ASCII is lowercased in place of a call into
 * utf8proc; non-ASCII runs go through utf8proc NFKC + case folding (so
 * full-width letters, ligatures and "Straße" match their plain forms).
 * Curly quotes and apostrophes become ASCII ' and ".  Writes a malloc'd,
 * NUL-terminated string the caller frees.
 * @return TM_OK, TM_ENOMEM, or TM_EUTF8 when the input is not valid UTF-8.
 */
TM_EXTERN int tm_text_fold(char **out, size_t *out_len, const char *s,
                           size_t len);

/* --------------------------------------------------------------- sentiment */

/**
 * A sentiment lexicon: valence of words, phrases, emoticons and emoji, and
 * the modifiers (negators, intensifiers, dampeners, contrast markers,
 * hedges, sarcasm markers) that the scorer's rules read.  Immutable once
 * loaded, so one lexicon may serve any number of threads at once.
 */
typedef struct tm_lexicon tm_lexicon;

/** The default lexicon (the files in lexicons/, compiled into the library). */
TM_EXTERN int tm_lexicon_default(tm_lexicon **out, tm_error *err);
/**
 * Load a lexicon file alone: threadmap's TSV, VADER's published format
 * (token, mean, sd, ratings) or AFINN's (term, -5..5 integer, rescaled to
 * -4..4), detected from the content.  Errors carry the line.
 */
TM_EXTERN int tm_lexicon_load(tm_lexicon **out, const char *path, tm_error *err);
/** Layer a file over a lexicon: its entries replace earlier ones. */
TM_EXTERN int tm_lexicon_add(tm_lexicon *lex, const char *path, tm_error *err);
/** @return the number of terms. */
TM_EXTERN size_t tm_lexicon_size(const tm_lexicon *lex);
TM_EXTERN void tm_lexicon_free(tm_lexicon *lex);

/** A text's sentiment: the fields VADER users know. */
typedef struct tm_sentiment {
  float compound;      /* -1 .. +1 */
  float pos, neu, neg; /* proportions of the text, summing to 1 (0 when empty) */
  uint32_t sentences;  /* sentences scored */
  uint32_t hits;       /* tokens or phrases that carried valence */
} tm_sentiment;

/** Rules that moved a score (tm_contrib.rules, tm_sentence_score.rules). */
enum {
  TM_RULE_NEGATED = 1u << 0,      /* in a negator's scope */
  TM_RULE_INTENSIFIED = 1u << 1,  /* after an intensifier */
  TM_RULE_DAMPENED = 1u << 2,     /* after a dampener */
  TM_RULE_CAPS = 1u << 3,         /* ALL-CAPS among mixed case */
  TM_RULE_CONTRAST_MAIN = 1u << 4,/* in the emphasised clause of a contrast */
  TM_RULE_CONTRAST_SIDE = 1u << 5,/* in the conceded clause of a contrast */
  TM_RULE_HEDGED = 1u << 6,       /* sentence softened by a hedge */
  TM_RULE_SARCASM = 1u << 7,      /* sentence marked sarcastic */
  TM_RULE_PHRASE = 1u << 8,       /* a multiword expression */
  TM_RULE_EMOJI = 1u << 9,        /* an emoji */
  TM_RULE_EMOTICON = 1u << 10,    /* an emoticon */
  TM_RULE_ELONGATED = 1u << 11,   /* "sooo gooood" */
  TM_RULE_EXCLAIM = 1u << 12,     /* exclamation marks */
  TM_RULE_QUESTION = 1u << 13     /* question marks */
};

/** @return the name of one TM_RULE_* bit ("negated", ...), or NULL. */
TM_EXTERN const char *tm_rule_name(uint32_t bit);

/** One token or phrase that carried valence. */
typedef struct tm_contrib {
  uint32_t start, len;  /* bytes of the scored text */
  uint32_t sentence;    /* index into tm_explain.sent */
  uint32_t rules;       /* TM_RULE_* applied */
  float base;           /* lexicon valence */
  float value;          /* after the word-level rules and contrast weight */
} tm_contrib;

/** One sentence's score. */
typedef struct tm_sentence_score {
  uint32_t start, len;  /* bytes of the scored text */
  float sum;            /* valence sum after sentence rules */
  float compound;       /* sum normalized to -1..+1 */
  uint32_t rules;       /* sentence-level TM_RULE_* */
} tm_sentence_score;

/** Why a text scored as it did.  Caller-owned; zero-initialize, reuse, free. */
typedef struct tm_explain {
  tm_contrib *items;          /* contributions in text order */
  size_t n, cap;
  tm_sentence_score *sent;    /* sentences in text order */
  size_t nsent, capsent;
} tm_explain;

TM_EXTERN void tm_explain_free(tm_explain *ex);

/**
 * Score one text.  Spans of kind TM_SPAN_QUOTE, TM_SPAN_CODE and
 * TM_SPAN_SIGNATURE in `skip` (sorted by start, as tm_comment.spans are)
 * are not scored: a reply's quotes and a mail's signature or list footer
 * are not its author's words.  Linear in the text length and
 * deterministic.  `ex` may be NULL.
 * @return TM_OK or TM_ENOMEM.
 */
TM_EXTERN int tm_score_text(const tm_lexicon *lex, const char *text, size_t len,
                            const tm_span *skip, size_t nskip, tm_sentiment *out,
                            tm_explain *ex);

/* ------------------------------------------------------------------ stance */

/** A reply's stance toward what it answers. */
typedef enum tm_stance_label {
  TM_STANCE_NONE = 0,   /* not rated (no parent text) */
  TM_STANCE_NEUTRAL,    /* no position, or too weak or vague to tell */
  TM_STANCE_AGREE,
  TM_STANCE_DISAGREE,
  TM_STANCE_MIXED       /* agrees with part, disagrees with part */
} tm_stance_label;

/** Kinds of stance evidence (tm_stance.cues holds 1 << kind for each). */
enum {
  TM_CUE_AGREE = 1,          /* "I agree", "exactly", "this." */
  TM_CUE_DISAGREE = 2,       /* "that's just wrong", "nope" */
  TM_CUE_NEGATED_AGREE = 3,  /* "I don't agree", "not sure that's right" */
  TM_CUE_CONCESSION = 4,     /* "sure, but", "fair, but" */
  TM_CUE_CHALLENGE = 5,      /* "source?", "how so?" */
  TM_CUE_HEDGE = 6,          /* "I think", "maybe": softens (lexicon only) */
  TM_CUE_ATTACK = 7,         /* a personal attack */
  TM_CUE_QUOTE_REBUT = 8,    /* quotes the parent, then argues */
  TM_CUE_SENTIMENT = 9,      /* the reply's sentiment against its parent's (weak) */
  TM_CUE_NEGATED = 10,       /* a cue turned by a negator before it */
  TM_CUE_DISCOURSE = 11,     /* addressing "you", negations, questions, exclamations, "they" */
  TM_CUE_RAPPORT = 12,       /* thanks, sympathy, good wishes: not an attack on the parent */
  TM_CUE_SARCASM = 13,       /* a closing "/s": the cues before it are turned around */
  TM_CUE_MAX_ = TM_CUE_SARCASM /* the last kind */
};

typedef struct tm_stance {
  float score;       /* -1 (disagree) .. +1 (agree) */
  float confidence;  /* 0 .. 1 */
  uint32_t label;    /* tm_stance_label */
  uint32_t cues;     /* 1 << TM_CUE_* of the evidence that fired */
  float agree;       /* sum of agreeing evidence */
  float disagree;    /* sum of disagreeing evidence */
} tm_stance;

/** One piece of stance evidence (for explanations). */
typedef struct tm_stance_cue {
  uint32_t start, len; /* bytes of the reply (len 0: not a span, e.g. sentiment) */
  float weight;        /* signed: + agree, - disagree */
  uint32_t kind;       /* TM_CUE_* */
} tm_stance_cue;

typedef struct tm_stance_explain {
  tm_stance_cue *items;
  size_t n, cap;
} tm_stance_explain;

TM_EXTERN void tm_stance_explain_free(tm_stance_explain *ex);
/** @return "agree", "disagree", "mixed", "neutral", or NULL for NONE. */
TM_EXTERN const char *tm_stance_name(uint32_t label);
/** @return the name of a TM_CUE_* kind, or NULL. */
TM_EXTERN const char *tm_cue_name(uint32_t kind);

/**
 * Stance of `reply` toward `parent` (either may hold quote spans; the
 * reply's quote and code spans are not its own words).  `ex` may be NULL.
 * @return TM_OK or TM_ENOMEM.
 */
TM_EXTERN int tm_stance_pair(const tm_lexicon *lex, const char *parent, size_t plen,
                             const char *reply, size_t rlen, const tm_span *rspans,
                             size_t nr, tm_stance *out, tm_stance_explain *ex);

/* ------------------------------------------------------- thread scoring */

/**
 * Named targets for target stance: each a name and the words that mention
 * it, e.g. "Meta=Meta,Zuckerberg,Zuck,Facebook" (matched as whole words or
 * phrases after folding; a spec without "=" is its own alias).
 */
typedef struct tm_targets tm_targets;
TM_EXTERN int tm_targets_new(tm_targets **out);
/** Add one "Name=alias,alias" spec.  @return TM_OK, TM_EINVAL (err says why). */
TM_EXTERN int tm_targets_add(tm_targets *tg, const char *spec, tm_error *err);
/** Add one spec per line of a file ('#' comments, blank lines skipped). */
TM_EXTERN int tm_targets_load(tm_targets *tg, const char *path, tm_error *err);
TM_EXTERN size_t tm_targets_count(const tm_targets *tg);
TM_EXTERN const char *tm_targets_name(const tm_targets *tg, size_t k);
TM_EXTERN void tm_targets_free(tm_targets *tg);

/** One comment's stance toward one target. */
typedef struct tm_target_score {
  uint32_t mentions;  /* mentions in the comment's own words */
  float sentiment;    /* mean compound of the sentences that mention it (0 without) */
} tm_target_score;

/** A thread's figures for one target. */
typedef struct tm_target_summary {
  size_t comments;    /* comments that mention it */
  size_t mentions;    /* mentions in all */
  float mean;         /* mean of those comments' target sentiment */
  size_t positive, negative; /* of those comments, by the +-0.05 rule */
} tm_target_summary;

/** A quote link to the story rather than to a comment. */
#define TM_QUOTE_STORY (UINT32_MAX - 1)

/** Scores of every comment of a thread (and of the story text). */
typedef struct tm_scores tm_scores;

enum {
  TM_SCORE_EXPLAIN = 1u << 0,       /* keep a tm_explain per comment */
  TM_SCORE_SENTIMENT_ONLY = 1u << 1 /* skip quotes, stance and targets */
};

/**
 * Score every comment of t: sentiment, stance toward its parent (top-level
 * comments: toward the story's text, when it has one), quote links, and
 * stance toward `targets` (may be NULL).  Free with tm_scores_free().
 * The scores borrow `lex` (diagrams use it for excerpts): free the lexicon
 * after the scores.
 */
TM_EXTERN int tm_thread_score(tm_scores **out, const tm_thread *t,
                              const tm_lexicon *lex, const tm_targets *targets,
                              unsigned flags);
/** @return comment i's sentiment (same index as tm_thread_comment). */
TM_EXTERN const tm_sentiment *tm_scores_get(const tm_scores *s, size_t i);
/** @return comment i's explanation, or NULL without TM_SCORE_EXPLAIN. */
TM_EXTERN const tm_explain *tm_scores_explain(const tm_scores *s, size_t i);
/** @return comment i's stance toward its parent (label NONE when not rated). */
TM_EXTERN const tm_stance *tm_scores_stance(const tm_scores *s, size_t i);
/** @return comment i's stance evidence, or NULL without TM_SCORE_EXPLAIN. */
TM_EXTERN const tm_stance_explain *tm_scores_stance_explain(const tm_scores *s, size_t i);
/**
 * The sources of comment i's quotes: indices of comments, or TM_QUOTE_STORY.
 * @return how many; *out points into s.
 */
TM_EXTERN size_t tm_scores_quotes(const tm_scores *s, size_t i, const uint32_t **out);
/** @return comment i's score for target k, or NULL. */
TM_EXTERN const tm_target_score *tm_scores_target(const tm_scores *s, size_t i, size_t k);
/** Fill the thread's figures for target k.  @return TM_EINVAL for a bad k. */
TM_EXTERN int tm_scores_target_summary(const tm_scores *s, size_t k, tm_target_summary *out);
TM_EXTERN void tm_scores_free(tm_scores *s);

/** A back-and-forth between two people along one reply chain. */
typedef struct tm_chain {
  uint32_t first, last;   /* comment indices: where it starts and ends */
  uint32_t length;        /* comments in it */
  uint32_t disagreements; /* replies in it rated disagree or mixed */
  const char *a, *b;      /* the two authors (borrowed from the thread) */
} tm_chain;

#define TM_MEASURES_TOP 5 /* disputed comments and chains listed */

/** Thread measures (formulas in docs/measures.md). */
typedef struct tm_measures {
  size_t rated;            /* replies with a stance (toward a comment or story text) */
  size_t agree, disagree, mixed, neutral;
  float disagreement_rate; /* (disagree + mixed / 2) / rated */
  float controversy;       /* 4 p (1 - p) x sided / rated, p = share of disagreement among sided replies */
  float polarization;      /* see docs/measures.md; -1 when there is too little to tell */
  size_t camp_a, camp_b;   /* participants on each side of the polarization split */
  float mean_sentiment;    /* mean compound of non-deleted comments */
  size_t positive, negative, neutral_sentiment; /* comments by the +-0.05 rule */
  uint32_t disputed[TM_MEASURES_TOP];   /* most disputed comments */
  float disputed_weight[TM_MEASURES_TOP];
  size_t ndisputed;
  tm_chain chains[TM_MEASURES_TOP];     /* longest back-and-forths */
  size_t nchains;
} tm_measures;

/** Compute the measures of a scored thread.  @return TM_OK or TM_ENOMEM. */
TM_EXTERN int tm_thread_measures(const tm_thread *t, const tm_scores *s, tm_measures *out);

/* ------------------------------------------------------------------ output */

/** Output flags for tm_write_json / tm_write_ndjson. */
enum {
  TM_OUT_RAW = 1u << 0,     /* include each comment's raw markup */
  TM_OUT_PRETTY = 1u << 1,  /* indent the JSON document */
  TM_OUT_EXPLAIN = 1u << 2, /* include explanations of scores */
  TM_OUT_NO_TEXT = 1u << 3  /* tm_write_item_scored: leave out text and spans */
};

/**
 * Write callback: receives bytes to append; returns 0, or non-zero to stop
 * (the writer then returns TM_EIO).
 */
typedef int (*tm_write_fn)(const char *data, size_t len, void *payload);

/** Write a thread as one JSON document (schema: docs/schema.md). */
TM_EXTERN int tm_write_json(const tm_thread *t, unsigned flags,
                            tm_write_fn write, void *payload);

/** Write a thread as NDJSON: one comment object per line, in pre-order. */
TM_EXTERN int tm_write_ndjson(const tm_thread *t, unsigned flags,
                              tm_write_fn write, void *payload);

/**
 * The same with each comment's "sentiment" (and, with TM_OUT_EXPLAIN and
 * scores made with TM_SCORE_EXPLAIN, its "explain") added.  scores may be
 * NULL, which writes what tm_write_json / tm_write_ndjson write.
 */
TM_EXTERN int tm_write_json_scored(const tm_thread *t, const tm_scores *scores,
                                   unsigned flags, tm_write_fn write, void *payload);
TM_EXTERN int tm_write_ndjson_scored(const tm_thread *t, const tm_scores *scores,
                                     unsigned flags, tm_write_fn write, void *payload);

/**
 * Stance of every (parent, reply) pair of an NDJSON buffer: each line an
 * object with "reply" and "parent" texts (and an optional "id"); writes one
 * line {"id", "stance": {label, score, confidence, cues[, evidence]}} per
 * input line (TM_OUT_EXPLAIN adds the evidence).  Blank lines are skipped.
 * @return TM_OK, TM_EPARSE (err has the line), TM_ENOMEM or TM_EIO.
 */
TM_EXTERN int tm_stance_pairs(const tm_lexicon *lex, const char *buf, size_t len,
                              unsigned flags, tm_write_fn write, void *payload,
                              tm_error *err);

/** Write one sentiment (and optional explanation of `text`) as a JSON object. */
TM_EXTERN int tm_write_sentiment(const tm_sentiment *s, const tm_explain *ex,
                                 const char *text, tm_write_fn write, void *payload);

/* ------------------------------------------------------------------ graphs */

/** Kinds of diagrams. */
typedef enum tm_graph_kind {
  TM_GRAPH_REPLY = 0,     /* one node per comment, edges by stance, quote links dotted */
  TM_GRAPH_DISAGREEMENT,  /* only disagree/mixed replies and their endpoints; back-and-forths boxed */
  TM_GRAPH_PARTICIPANTS,  /* one node per author, edges by how they agreed/disagreed */
  TM_GRAPH_ARGUMENT       /* claims with support/attack, neutral chatter collapsed, a cluster per subthread */
} tm_graph_kind;

typedef struct tm_graph_options {
  unsigned version;       /* TM_GRAPH_OPTIONS_VERSION */
  tm_graph_kind kind;
  size_t max_nodes;       /* keep at most this many comments (0: the kind's default) */
  size_t max_depth;       /* leave out deeper comments (0: no limit) */
  float min_abs_score;    /* leave out comments whose |compound| and |stance score| are both below */
  const char *layout;     /* Graphviz engine, or NULL to choose by size */
  const char *title;      /* NULL: the thread's title */
} tm_graph_options;

#define TM_GRAPH_OPTIONS_VERSION 1
#define TM_GRAPH_OPTIONS_INIT { TM_GRAPH_OPTIONS_VERSION, TM_GRAPH_REPLY, 0, 0, 0.0f, NULL, NULL }

/** A diagram: DOT text plus, once laid out, a Graphviz graph. */
typedef struct tm_graph tm_graph;

/** @return TM_GRAPH_* for a name ("reply", ...), or -1. */
TM_EXTERN int tm_graph_kind_from_name(const char *name);

/**
 * Build a diagram of a scored thread.  Free with tm_graph_free().
 * @return TM_OK, TM_EINVAL (bad options), TM_ENOMEM.
 */
TM_EXTERN int tm_graph_build(tm_graph **out, const tm_thread *t, const tm_scores *s,
                             const tm_graph_options *opts, tm_error *err);

/**
 * Lay out and render: format "svg", "png", "pdf", "dot" (laid out, with
 * positions), "json" (Graphviz JSON), or "gv" (our DOT source, no layout).
 * All Graphviz calls are serialized by one lock; every layout is freed.
 */
TM_EXTERN int tm_graph_render(tm_graph *g, const char *format, tm_write_fn write,
                              void *payload, tm_error *err);

/** The DOT source (borrowed). */
TM_EXTERN const char *tm_graph_dot(const tm_graph *g);
/** The layout engine chosen. */
TM_EXTERN const char *tm_graph_layout(const tm_graph *g);
/** Comments shown / in the thread, and nodes standing for collapsed replies. */
TM_EXTERN size_t tm_graph_shown(const tm_graph *g);
TM_EXTERN size_t tm_graph_collapsed(const tm_graph *g);
TM_EXTERN void tm_graph_free(tm_graph *g);

/** Argument Interchange Format (AIFdb JSON): I-nodes, RA (support), CA (attack). */
TM_EXTERN int tm_write_aif(const tm_thread *t, const tm_scores *s, tm_write_fn write, void *payload);
/** Argdown text: claims and arguments with + (support) and - (attack). */
TM_EXTERN int tm_write_argdown(const tm_thread *t, const tm_scores *s, tm_write_fn write, void *payload);

/* ----------------------------------------------------------------- reports */

/** Options of tm_report_write().  Initialize with TM_REPORT_OPTIONS_INIT. */
typedef struct tm_report_options {
  unsigned version;       /* TM_REPORT_OPTIONS_VERSION */
  const char *source;     /* the input's name, shown in the header (NULL: none) */
  size_t diagram_nodes;   /* argument diagram: at most this many comments (0: 120) */
  int open_depth;         /* comments up to this depth start expanded; -1: by size
                             (all up to 60 comments, top level up to 600, none beyond) */
} tm_report_options;

#define TM_REPORT_OPTIONS_VERSION 1
#define TM_REPORT_OPTIONS_INIT { TM_REPORT_OPTIONS_VERSION, NULL, 0, -1 }

/**
 * Write a report about one scored thread to `path`, atomically: a single
 * self-contained HTML page (no network, inline CSS and SVG), or, when path
 * ends in ".md", Markdown with its diagrams as SVG files in "<base>_files/"
 * beside it (linked relatively).  Scores made with TM_SCORE_EXPLAIN add the
 * word-level explanation of each score.  `o` may be NULL.
 * @return TM_OK, TM_EINVAL, TM_EIO (err names the file), TM_ENOMEM.
 */
TM_EXTERN int tm_report_write(const tm_thread *t, const tm_scores *s,
                              const tm_report_options *o, const char *path,
                              tm_error *err);

/**
 * A comparison of threads.  Add threads (scored in memory, or the JSON
 * documents `threadmap score` writes), then write the table and charts.
 */
typedef struct tm_compare tm_compare;
TM_EXTERN int tm_compare_new(tm_compare **out);
/** Add a scored thread under `label` (copies what it needs; t and s may be freed after). */
TM_EXTERN int tm_compare_add(tm_compare *c, const char *label, const char *source,
                             const tm_thread *t, const tm_scores *s);
/** 1 when buf looks like a document written by `threadmap score` (not a raw thread). */
TM_EXTERN int tm_compare_is_scored(const char *buf, size_t len);
/** Add a thread from `threadmap score` JSON.  @return TM_OK, TM_EPARSE/TM_EFORMAT (err), TM_ENOMEM. */
TM_EXTERN int tm_compare_add_scored(tm_compare *c, const char *label, const char *source,
                                    const char *buf, size_t len, tm_error *err);
/**
 * Write the comparison into directory `outdir` (created if absent):
 * compare.md, compare.csv, compare.json, and the charts sentiment.svg,
 * disagreement.svg, first24h.svg and (with targets) targets.svg.
 * Formulas and thresholds: docs/report.md.
 */
TM_EXTERN int tm_compare_write(tm_compare *c, const char *outdir, tm_error *err);
TM_EXTERN void tm_compare_free(tm_compare *c);

/* ------------------------------------------------------------------- files */

/**
 * An output file written atomically: bytes go to a temporary file beside
 * `path`; tm_outfile_commit() renames it into place, tm_outfile_abort()
 * removes it.  "-" writes straight to stdout.
 */
typedef struct tm_outfile tm_outfile;

TM_EXTERN int tm_outfile_open(tm_outfile **out, const char *path, tm_error *err);
/** A tm_write_fn that appends to a tm_outfile (payload = the tm_outfile). */
TM_EXTERN int tm_outfile_write(const char *data, size_t len, void *payload);
/** Flush, fsync and rename into place; frees f. */
TM_EXTERN int tm_outfile_commit(tm_outfile *f, tm_error *err);
/**
 * sync 0: tm_outfile_commit() renames without fsync (still atomic for a
 * crash of the program; a caller that writes many files syncs the file
 * system once, e.g. with syncfs, before recording them as done).
 */
TM_EXTERN void tm_outfile_set_sync(tm_outfile *f, int sync);
/** Remove the temporary file; frees f.  NULL is fine. */
TM_EXTERN void tm_outfile_abort(tm_outfile *f);

/**
 * Read a whole file ("-" = stdin) into a malloc'd buffer (NUL-terminated for
 * convenience; *len excludes the NUL).  The caller frees *out.
 */
TM_EXTERN int tm_read_file(char **out, size_t *len, const char *path,
                           size_t max, tm_error *err);


/* ----------------------------------------------------- streams and batches */

/**
 * An input read as a stream: a file ("-" is stdin), decompressed on the fly
 * when its first bytes are a Zstandard frame (windows up to 2^31, as the
 * Reddit dumps use) or gzip.  Memory stays bounded by the longest line.
 */
typedef struct tm_reader tm_reader;

/** Open a file.  @return TM_OK, TM_EIO (missing, a directory), TM_ENOMEM. */
TM_EXTERN int tm_reader_open(tm_reader **out, const char *path, tm_error *err);
/** Refuse lines longer than max bytes (TM_ELIMIT); 0 = no limit. */
TM_EXTERN int tm_reader_set_max_line(tm_reader *r, size_t max);
/**
 * The next line, without its "\n" (not NUL-terminated; valid until the next
 * call).  At the end of the input: TM_OK with *line NULL.
 * @return TM_OK, TM_EIO, TM_EPARSE (corrupt or truncated compressed data,
 *         err->offset is the compressed byte offset), TM_ELIMIT, TM_ENOMEM.
 */
TM_EXTERN int tm_reader_line(tm_reader *r, const char **line, size_t *len, tm_error *err);
/** Read everything left into a malloc'd, NUL-terminated buffer the caller frees. */
TM_EXTERN int tm_reader_read_all(tm_reader *r, char **out, size_t *len, size_t max,
                                 tm_error *err);
/** Lines returned so far (the current line's number). */
TM_EXTERN size_t tm_reader_lineno(const tm_reader *r);
/** Bytes read from the file so far (compressed bytes for a compressed file). */
TM_EXTERN uint64_t tm_reader_offset(const tm_reader *r);
/** The file's size in bytes, 0 when unknown (a pipe). */
TM_EXTERN uint64_t tm_reader_size(const tm_reader *r);
/** 1 when the input is zstd or gzip compressed. */
TM_EXTERN int tm_reader_compressed(const tm_reader *r);
/** Bytes the reader holds now: its buffers, its longest line and the
 * decompressor's state and window (for memory budgets). */
TM_EXTERN size_t tm_reader_mem(const tm_reader *r);
TM_EXTERN void tm_reader_close(tm_reader *r);

/**
 * One record of an NDJSON dump (generic or Reddit/HN dump fields, as the
 * ndjson format reads them), parsed on its own, without a thread.  Strings
 * are borrowed from the tm_item_parser and valid until its next call.
 */
typedef struct tm_item {
  const char *id;          /* the record's id (synthesized "#LINE" when absent) */
  const char *parent_id;   /* parent id without "t1_"/"t3_", or NULL */
  const char *link;        /* the thread it belongs to when the record says so
                              (Reddit link_id without "t3_", or HN story_id), else NULL */
  int parent_is_story;     /* parent was a "t3_" fullname: a top-level comment */
  int is_story;            /* a titled record without a parent: the story itself */
  const char *title;       /* is_story: its title */
  const char *author;      /* NULL when unknown or deleted */
  int64_t time;            /* or TM_TIME_UNKNOWN */
  int64_t score;
  int has_score;
  const char *text;        /* plain text, valid UTF-8 */
  size_t text_len;
  const tm_span *spans;    /* quote/code/link spans of text */
  uint32_t nspans;
  uint32_t flags;          /* TM_CF_DELETED, TM_CF_HAS_QUOTE, TM_CF_HAS_CODE */
  size_t line;             /* as given to tm_item_parse */
} tm_item;

typedef struct tm_item_parser tm_item_parser;
TM_EXTERN int tm_item_parser_new(tm_item_parser **out, const tm_options *opts);
/**
 * Parse one line of NDJSON.  A blank line gives TM_EEMPTY (skip it).
 * @return TM_OK, TM_EEMPTY, TM_EPARSE (err has line and column),
 *         TM_ELIMIT (a field longer than opts.max_field), TM_ENOMEM.
 */
TM_EXTERN int tm_item_parse(tm_item_parser *p, const char *line, size_t len, size_t lineno,
                            tm_item *out, tm_error *err);
TM_EXTERN void tm_item_parser_free(tm_item_parser *p);

/**
 * Write one scored item as an NDJSON line: thread, id, parent, author,
 * time, epoch, score, flags, text, spans (not with TM_OUT_NO_TEXT), line,
 * sentiment (and explain with TM_OUT_EXPLAIN and a non-NULL ex).  `thread`
 * may be NULL.
 */
TM_EXTERN int tm_write_item_scored(const tm_item *it, const char *thread,
                                   const tm_sentiment *s, const tm_explain *ex,
                                   unsigned flags, tm_write_fn write, void *payload);

/**
 * Split a source of several threads (meta.nthreads > 0: a mailbox, a
 * Stack Exchange dump, a blog export) into one thread per comment flagged
 * TM_CF_THREAD_ROOT.  That comment becomes the story (meta id, author,
 * time and text from it; title = its own title (tm_comment.title: a mail's
 * Subject, a question's title), else the first line of its text, at most
 * 200 bytes), its replies become the top-level comments, depths are
 * recomputed.  Start with *cursor = 0; each call yields the next thread in
 * source order, and *out NULL when there is none left.  A thread without
 * any root flag yields nothing.
 * @return TM_OK or TM_ENOMEM.
 */
TM_EXTERN int tm_thread_split(tm_thread **out, const tm_thread *t, size_t *cursor,
                              tm_error *err);

#ifdef __cplusplus
}
#endif

#endif /* THREADMAP_H */
