/*
 * arena.h - chunked bump allocator for things that die together.
 *
 * A tm_arena hands out pieces of large blocks and frees them all at once
 * (the model is libgit2's git_pool).  Every tm_thread owns one arena that
 * holds its strings, spans and other per-comment data; there is no
 * per-piece free.
 *
 *   arena -> [block 64 KiB: used | free] -> [block ...] -> NULL
 *
 * Built with TM_DEBUG_ARENA, every allocation is its own malloc'd block, so
 * AddressSanitizer and valgrind see each piece's bounds.
 */
#ifndef TM_UTIL_ARENA_H
#define TM_UTIL_ARENA_H

#include <stddef.h>

typedef struct tm_arena_block tm_arena_block;

typedef struct tm_arena {
  tm_arena_block *head;  /* newest block first */
  size_t total;          /* bytes handed out so far (for statistics) */
} tm_arena;

#define TM_ARENA_INIT { NULL, 0 }

/** @return `size` bytes aligned for any type, or NULL when out of memory. */
void *tm_arena_alloc(tm_arena *a, size_t size);
/** Like tm_arena_alloc, zero-filled. */
void *tm_arena_calloc(tm_arena *a, size_t n, size_t size);
/** Copy `len` bytes and add a NUL; NULL when out of memory. */
char *tm_arena_strndup(tm_arena *a, const char *s, size_t len);
/** Forget every allocation but keep one block for reuse (a scratch arena
 * emptied once per record). */
void tm_arena_reset(tm_arena *a);
/** Release every block.  The arena may be reused afterwards. */
void tm_arena_clear(tm_arena *a);

#endif
