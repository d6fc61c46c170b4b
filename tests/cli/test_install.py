"""`cmake --install` gives a usable library: a program builds against it
through pkg-config (shared) and through the static archive, and runs."""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from clitest import CLI, SAMPLES, check, finish  # noqa: E402

build = os.path.dirname(CLI)
prog = r'''
#include <threadmap.h>
#include <stdio.h>
int main(int argc, char **argv) {
  tm_thread *t; tm_error e = {0};
  if (argc < 2 || tm_thread_parse_file(&t, argv[1], NULL, &e)) return 1;
  printf("%zu %s\n", tm_thread_count(t), tm_version());
  tm_thread_free(t);
  return 0;
}
'''
with tempfile.TemporaryDirectory(prefix="tm-install-") as d:
    prefix = os.path.join(d, "prefix")
    r = subprocess.run(["cmake", "--install", build, "--prefix", prefix], capture_output=True)
    check(r.returncode == 0, "cmake --install: %s" % r.stderr.decode()[-500:])
    src = os.path.join(d, "c.c")
    open(src, "w").write(prog)
    env = dict(os.environ, PKG_CONFIG_PATH=os.path.join(prefix, "lib", "pkgconfig"))
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "threadmap"], env=env,
                           capture_output=True, text=True)
    check(flags.returncode == 0 and "-lthreadmap" in flags.stdout, "pkg-config: %s" % flags.stderr)
    exe = os.path.join(d, "c")
    r = subprocess.run(["cc", src, "-o", exe] + flags.stdout.split() +
                       ["-Wl,-rpath," + os.path.join(prefix, "lib")], capture_output=True)
    check(r.returncode == 0, "build against the installed library: %s" % r.stderr.decode()[-500:])
    if r.returncode == 0:
        out = subprocess.run([exe, os.path.join(SAMPLES, "orca_launch.csv")], capture_output=True, text=True)
        check(out.stdout.startswith("64 "), "installed library parses a sample: %r" % out.stdout)
    for f in ("include/threadmap.h", "share/man/man1/threadmap.1", "bin/threadmap",
              "lib/cmake/threadmap/threadmapConfig.cmake", "lib/libthreadmap.a"):
        check(os.path.exists(os.path.join(prefix, f)), "installed %s" % f)
finish()
