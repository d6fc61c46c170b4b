/*
 * arena.c - chunked bump allocator (see arena.h for the design).
 */
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK_SIZE ((size_t)64 * 1024) /* a block; bigger requests get their own */
#define ARENA_ALIGN ((size_t)16)             /* max_align_t on x86-64 and aarch64 */

struct tm_arena_block {
  tm_arena_block *next;  /* older block */
  size_t used, size;     /* bytes used of data[size] */
  _Alignas(16) unsigned char data[];
};

static tm_arena_block *S_block_new(size_t size) {
  if (size > SIZE_MAX - sizeof(tm_arena_block)) return NULL;
  tm_arena_block *b = malloc(sizeof(tm_arena_block) + size);
  if (!b) return NULL;
  b->next = NULL;
  b->used = 0;
  b->size = size;
  return b;
}

void *tm_arena_alloc(tm_arena *a, size_t size) {
  if (size == 0) size = 1;
  if (size > SIZE_MAX - ARENA_ALIGN) return NULL;
  size = (size + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
#ifdef TM_DEBUG_ARENA
  tm_arena_block *b = S_block_new(size);
  if (!b) return NULL;
  b->used = size;
  b->next = a->head;
  a->head = b;
  a->total += size;
  return b->data;
#else
  tm_arena_block *b = a->head;
  if (!b || b->size - b->used < size) {
    /* a large piece that does not fit the current block's rest */
    if (size > ARENA_BLOCK_SIZE / 4) {
      /* A large piece gets a block of its own, placed behind the current
       * block so the current block's free space is not wasted. */
      tm_arena_block *big = S_block_new(size);
      if (!big) return NULL;
      big->used = size;
      if (b) {
        big->next = b->next;
        b->next = big;
      } else {
        a->head = big;
      }
      a->total += size;
      return big->data;
    }
    b = S_block_new(ARENA_BLOCK_SIZE);
    if (!b) return NULL;
    b->next = a->head;
    a->head = b;
  }
  void *p = b->data + b->used;
  b->used += size;
  a->total += size;
  return p;
#endif
}

void *tm_arena_calloc(tm_arena *a, size_t n, size_t size) {
  if (size && n > SIZE_MAX / size) return NULL;
  void *p = tm_arena_alloc(a, n * size);
  if (p) memset(p, 0, n * size);
  return p;
}

char *tm_arena_strndup(tm_arena *a, const char *s, size_t len) {
  if (len == SIZE_MAX) return NULL;
  char *p = tm_arena_alloc(a, len + 1);
  if (!p) return NULL;
  if (len) memcpy(p, s, len);
  p[len] = '\0';
  return p;
}

void tm_arena_clear(tm_arena *a) {
  tm_arena_block *b = a->head;
  while (b) {
    tm_arena_block *next = b->next;
    free(b);
    b = next;
  }
  a->head = NULL;
  a->total = 0;
}

void tm_arena_reset(tm_arena *a) {
#ifdef TM_DEBUG_ARENA
  tm_arena_clear(a);
#else
  /* keep the current block (the head is always an ordinary block or the
   * only one), free the rest */
  tm_arena_block *keep = a->head;
  if (!keep || keep->size != ARENA_BLOCK_SIZE) {
    tm_arena_clear(a);
    return;
  }
  tm_arena_block *b = keep->next;
  while (b) {
    tm_arena_block *next = b->next;
    free(b);
    b = next;
  }
  keep->next = NULL;
  keep->used = 0;
  a->total = 0;
#endif
}
