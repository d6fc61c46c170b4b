/*
 * test_reader.c - streamed inputs (src/util/reader.c): plain, gzip (several
 * members), zstd with a window past the default limit, truncated streams,
 * lines across buffer boundaries, the line limit.
 */
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "helpers.h"

static char S_path[64];

static void S_write(const void *data, size_t len) {
  strcpy(S_path, "/tmp/tm-reader-XXXXXX");
  int fd = mkstemp(S_path);
  assert_true(fd >= 0);
  assert_int_equal(write(fd, data, len), (ssize_t)len);
  close(fd);
}

/* Lines of a text of n lines "line K: xxxx..." with growing lengths. */
static char *S_text(int n, size_t *len) {
  size_t cap = (size_t)n * 400 + 1, k = 0;
  char *s = malloc(cap);
  for (int i = 0; i < n; i++) {
    k += (size_t)sprintf(s + k, "line %d: ", i + 1);
    for (int j = 0; j < (i * 37) % 300; j++) s[k++] = (char)('a' + j % 26);
    s[k++] = '\n';
  }
  *len = k;
  return s;
}

/* Read every line back and compare with the text. */
static void S_check_lines(const char *text, size_t len, int n) {
  tm_reader *r = NULL;
  tm_error err;
  memset(&err, 0, sizeof err);
  assert_int_equal(tm_reader_open(&r, S_path, &err), TM_OK);
  const char *line;
  size_t ll, pos = 0;
  int count = 0;
  for (;;) {
    assert_int_equal(tm_reader_line(r, &line, &ll, &err), TM_OK);
    if (!line) break;
    const char *nl = memchr(text + pos, '\n', len - pos);
    assert_non_null(nl);
    assert_int_equal(ll, (size_t)(nl - (text + pos)));
    assert_memory_equal(line, text + pos, ll);
    pos += ll + 1;
    count++;
  }
  assert_int_equal(count, n);
  assert_int_equal(tm_reader_lineno(r), (size_t)n);
  tm_reader_close(r);
  unlink(S_path);
}

static void test_reader__plain_lines_across_buffers(void **state) {
  (void)state;
  size_t len;
  char *text = S_text(5000, &len); /* about 800 KB: several 256 KiB buffers */
  S_write(text, len);
  S_check_lines(text, len, 5000);
  free(text);
}

static void test_reader__gzip_two_members(void **state) {
  (void)state;
  size_t len;
  char *text = S_text(3000, &len);
  /* two gzip members, as `cat a.gz b.gz` makes */
  size_t half = len / 2;
  while (text[half - 1] != '\n') half++;
  unsigned char *gz = malloc(len + 4096);
  size_t gl = 0;
  for (int m = 0; m < 2; m++) {
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    assert_int_equal(deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    zs.next_in = (Bytef *)(m ? text + half : text);
    zs.avail_in = (uInt)(m ? len - half : half);
    zs.next_out = gz + gl;
    zs.avail_out = (uInt)(len + 4096 - gl);
    assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
    gl += zs.total_out;
    deflateEnd(&zs);
  }
  S_write(gz, gl);
  S_check_lines(text, len, 3000);
  /* cut in the middle: an error, never a short input */
  S_write(gz, gl / 3);
  tm_reader *r;
  tm_error err;
  memset(&err, 0, sizeof err);
  assert_int_equal(tm_reader_open(&r, S_path, &err), TM_OK);
  assert_int_equal(tm_reader_compressed(r), 1);
  char *all;
  size_t al;
  assert_int_equal(tm_reader_read_all(r, &all, &al, 0, &err), TM_EPARSE);
  assert_non_null(strstr(err.msg, "truncated gzip"));
  tm_reader_close(r);
  unlink(S_path);
  free(gz);
  free(text);
}

static void test_reader__zstd_long_window(void **state) {
  (void)state;
  size_t len;
  char *text = S_text(4000, &len);
  /* a frame declaring a 2^28 window (past zstd's default decoder limit
   * of 2^27) with no content size, as a streaming compressor writes it */
  ZSTD_CCtx *cc = ZSTD_createCCtx();
  assert_false(ZSTD_isError(ZSTD_CCtx_setParameter(cc, ZSTD_c_windowLog, 28)));
  assert_false(ZSTD_isError(ZSTD_CCtx_setParameter(cc, ZSTD_c_contentSizeFlag, 0)));
  size_t cap = ZSTD_compressBound(len);
  char *z = malloc(cap);
  ZSTD_outBuffer ob = {z, cap, 0};
  ZSTD_inBuffer ib = {text, len, 0};
  assert_int_equal(ZSTD_compressStream2(cc, &ob, &ib, ZSTD_e_end), 0);
  ZSTD_freeCCtx(cc);
  S_write(z, ob.pos);
  S_check_lines(text, len, 4000);
  S_write(z, ob.pos - 10);
  tm_reader *r;
  tm_error err;
  memset(&err, 0, sizeof err);
  assert_int_equal(tm_reader_open(&r, S_path, &err), TM_OK);
  const char *line;
  size_t ll;
  int rc;
  while ((rc = tm_reader_line(r, &line, &ll, &err)) == TM_OK && line) {
  }
  assert_int_equal(rc, TM_EPARSE);
  assert_non_null(strstr(err.msg, "truncated zstd"));
  assert_true(err.offset > 0);
  tm_reader_close(r);
  unlink(S_path);
  free(z);
  free(text);
}

static void test_reader__last_line_without_newline_and_limit(void **state) {
  (void)state;
  static const char text[] = "a\n\nbbbb\nlast";
  S_write(text, TMT_LEN(text));
  tm_reader *r;
  assert_int_equal(tm_reader_open(&r, S_path, NULL), TM_OK);
  const char *line;
  size_t ll;
  const char *want[] = {"a", "", "bbbb", "last"};
  for (int i = 0; i < 4; i++) {
    assert_int_equal(tm_reader_line(r, &line, &ll, NULL), TM_OK);
    assert_non_null(line);
    assert_int_equal(ll, strlen(want[i]));
    assert_memory_equal(line, want[i], ll);
  }
  assert_int_equal(tm_reader_line(r, &line, &ll, NULL), TM_OK);
  assert_null(line);
  tm_reader_close(r);
  assert_int_equal(tm_reader_open(&r, S_path, NULL), TM_OK);
  tm_reader_set_max_line(r, 3);
  tm_error err;
  memset(&err, 0, sizeof err);
  assert_int_equal(tm_reader_line(r, &line, &ll, &err), TM_OK);
  assert_int_equal(tm_reader_line(r, &line, &ll, &err), TM_OK);
  assert_int_equal(tm_reader_line(r, &line, &ll, &err), TM_ELIMIT);
  assert_int_equal(err.line, 3);
  tm_reader_close(r);
  unlink(S_path);
  assert_int_equal(tm_reader_open(&r, "/nonexistent/x", &err), TM_EIO);
  assert_int_equal(tm_reader_open(&r, "/tmp", &err), TM_EIO);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_reader__plain_lines_across_buffers),
      cmocka_unit_test(test_reader__gzip_two_members),
      cmocka_unit_test(test_reader__zstd_long_window),
      cmocka_unit_test(test_reader__last_line_without_newline_and_limit),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
