/*
 * targets.h - named targets (internal layout).
 */
#ifndef TM_SCORE_TARGETS_H
#define TM_SCORE_TARGETS_H

#include <stddef.h>

#include "threadmap.h"

typedef struct tm_target {
  char *name;        /* as given */
  char **aliases;    /* folded */
  size_t naliases;
} tm_target;

struct tm_targets {
  tm_target *t;
  size_t n, cap;
};

/** Mentions of target t in folded text (whole words or phrases). */
size_t tm__target_mentions(const tm_target *t, const char *folded, size_t n);

#endif
