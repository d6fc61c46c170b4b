/*
 * scores.h - the scores of a thread (internal layout of tm_scores).
 */
#ifndef TM_SCORE_SCORES_H
#define TM_SCORE_SCORES_H

#include "threadmap.h"

struct tm_scores {
  size_t n;                   /* comments */
  tm_sentiment *sent;         /* per comment, same index as the thread */
  tm_explain *ex;             /* per comment, or NULL */
  tm_stance *stance;          /* per comment: toward its parent */
  tm_stance_explain *sex;     /* per comment, or NULL */
  uint32_t *qlinks;           /* quote sources, CSR with qoff */
  uint32_t *qoff;             /* n + 1 offsets into qlinks */
  size_t ntargets;            /* targets scored */
  char **target_names;        /* copies of their names */
  tm_target_score *tscore;    /* n x ntargets */
  const tm_lexicon *lex;      /* the lexicon used (borrowed; outlives the scores) */
  tm_sentiment story;         /* the story text's sentiment, when has_story */
  int has_story;
};

#endif
