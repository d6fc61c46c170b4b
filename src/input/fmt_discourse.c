/*
 * fmt_discourse.c - Discourse topic JSON.
 *
 * The response of /t/<id>.json (https://docs.discourse.org, "Get a single
 * topic"): the topic's title and id, and post_stream.posts[] with id,
 * post_number, reply_to_post_number, username, created_at and cooked (the
 * post as HTML).  A long topic comes in pages (/t/<id>.json?page=N, or
 * /t/<id>/posts.json): several such objects, one after another or in a
 * JSON array, are merged by post number, the first copy of a post kept.
 *
 * Post 1 opens the topic and becomes the thread's story; the others are
 * comments whose id is their post number (as Discourse shows "#4").  A
 * post replying to nothing or to post 1 answers the topic, so its parent
 * is the topic's id.  Quotes (<aside class="quote"><blockquote>) become
 * quote spans like any blockquote.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../text/markup.h"
#include "../util/error.h"
#include "format.h"
#include "json.h"

/* post numbers already taken, so pages that overlap add each post once */
typedef struct {
  unsigned char *bit;
  size_t cap; /* bytes */
} S_seen;

/* 1 when post n was seen before; marks it.  -1 when out of memory. */
static int S_seen_test(S_seen *sn, uint64_t n) {
  size_t byte = (size_t)(n / 8);
  if (byte >= sn->cap) {
    size_t cap = sn->cap ? sn->cap : 64;
    while (cap <= byte) cap *= 2;
    unsigned char *b = realloc(sn->bit, cap);
    if (!b) return -1;
    memset(b + sn->cap, 0, cap - sn->cap);
    sn->bit = b;
    sn->cap = cap;
  }
  int was = (sn->bit[byte] >> (n % 8)) & 1;
  sn->bit[byte] |= (unsigned char)(1u << (n % 8));
  return was;
}

static int S_page(tm_thread *t, tm_textbuf *tb, const cJSON *o, S_seen *sn, tm_error *err) {
  int ok = 1;
  char tmp[32];
  if (!t->meta.title) {
    const cJSON *title = cJSON_GetObjectItemCaseSensitive(o, "title");
    if (cJSON_IsString(title)) t->meta.title = tm__thread_str(t, title->valuestring, strlen(title->valuestring), &ok);
    const char *id = tm__json_str(o, "id", tmp, NULL);
    if (id && !t->meta.id) t->meta.id = tm__thread_str(t, id, strlen(id), &ok);
    int64_t pc;
    if (tm__json_int(o, "posts_count", &pc) && pc > 1) t->meta.declared_comments = (size_t)(pc - 1);
  }
  const cJSON *stream = cJSON_GetObjectItemCaseSensitive(o, "post_stream");
  const cJSON *posts = cJSON_GetObjectItemCaseSensitive(stream ? stream : o, "posts");
  if (!cJSON_IsArray(posts))
    return tm__error(err, TM_EPARSE, 1, 1, 0, "a Discourse page without post_stream.posts");
  for (const cJSON *p = posts->child; p && ok; p = p->next) {
    int64_t num = 0, reply = 0;
    if (!cJSON_IsObject(p) || !tm__json_int(p, "post_number", &num) || num < 1 || num > (1 << 30)) continue;
    char nbuf[32];
    snprintf(nbuf, sizeof nbuf, "%lld", (long long)num);
    const cJSON *user = cJSON_GetObjectItemCaseSensitive(p, "username");
    const cJSON *cooked = cJSON_GetObjectItemCaseSensitive(p, "cooked");
    int deleted = cJSON_GetObjectItemCaseSensitive(p, "deleted_at") &&
                  !cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(p, "deleted_at"));
    if (num == 1) {
      if (t->meta.text) continue; /* another page's copy */
      if (cJSON_IsString(user)) t->meta.author = tm__thread_str(t, user->valuestring, strlen(user->valuestring), &ok);
      tm__json_time(p, "created_at", &t->meta.time);
      if (cJSON_IsString(cooked)) {
        tm__tb_html(tb, cooked->valuestring, strlen(cooked->valuestring));
        t->meta.text = tm__tb_finish_str(tb, t);
        if (!t->meta.text) ok = 0;
      }
      continue;
    }
    /* merged pages repeat posts: keep the first copy */
    int seen = S_seen_test(sn, (uint64_t)num);
    if (seen < 0) return tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
    if (seen) continue;
    tm_comment *c = tm__thread_add_at(t, 0, 0, err);
    if (!c) return tm__thread_full(t) ? TM_ELIMIT : TM_ENOMEM;
    c->id = tm__thread_str(t, nbuf, strlen(nbuf), &ok);
    if (tm__json_int(p, "reply_to_post_number", &reply) && reply > 1) {
      char pbuf[32];
      snprintf(pbuf, sizeof pbuf, "%lld", (long long)reply);
      c->parent_id = tm__thread_str(t, pbuf, strlen(pbuf), &ok);
    } else {
      c->parent_id = t->meta.id; /* the topic itself */
    }
    if (cJSON_IsString(user)) c->author = tm__thread_str(t, user->valuestring, strlen(user->valuestring), &ok);
    tm__json_time(p, "created_at", &c->time);
    int64_t sc;
    if (tm__json_int(p, "score", &sc)) c->score = sc, c->has_score = 1;
    if (deleted) c->flags |= TM_CF_DELETED;
    if (cJSON_IsString(cooked) && !deleted) {
      if (t->opts.flags & TM_OPT_KEEP_RAW)
        c->raw = tm__thread_raw(t, cooked->valuestring, strlen(cooked->valuestring), &ok);
      tm__tb_html(tb, cooked->valuestring, strlen(cooked->valuestring));
      if (tm__tb_finish(tb, t, c)) ok = 0;
    } else {
      c->text = "";
    }
  }
  return ok ? TM_OK : tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
}

int tm__parse_discourse(tm_thread *t, const char *buf, size_t len, tm_error *err) {
  tm_textbuf tb;
  tm__tb_init(&tb);
  S_seen sn = {NULL, 0};
  int rc = TM_OK;
  size_t pos = 0;
  if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) pos = 3;
  while (pos < len && rc == TM_OK) {
    while (pos < len && (buf[pos] == ' ' || buf[pos] == '\n' || buf[pos] == '\r' || buf[pos] == '\t')) pos++;
    if (pos >= len) break;
    const char *end;
    cJSON *v = tm__json_parse(buf + pos, len - pos, &end, buf, len, err);
    if (!v) {
      rc = TM_EPARSE;
      break;
    }
    if (cJSON_IsArray(v)) {
      for (const cJSON *p = v->child; p && rc == TM_OK; p = p->next) rc = S_page(t, &tb, p, &sn, err);
    } else if (cJSON_IsObject(v)) {
      rc = S_page(t, &tb, v, &sn, err);
    } else {
      rc = tm__error_at(err, TM_EPARSE, buf, len, pos, "expected a Discourse topic object");
    }
    cJSON_Delete(v);
    pos = (size_t)(end - buf);
  }
  tm__tb_free(&tb);
  free(sn.bit);
  return rc;
}
