"""The HTML report in a real browser: Debian's chromium opens it headless
from file://, and the test checks that the page logs nothing to the console,
requests nothing over the network, and renders something (the screenshot is
decoded here with zlib and must hold many colors and plenty of ink).

A control page that does fetch a remote image and log an error runs through
the same checks first, so the detectors are shown to work.  Skips (exit 77)
only when chromium is not installed.
"""
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

sys.path.insert(0, os.path.dirname(__file__))
from clitest import SAMPLES, check, finish, run  # noqa: E402

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
if not CHROMIUM:
    print("SKIP: chromium is not installed (scripts/deps.sh test installs it)")
    sys.exit(77)


def browse(url, work, tag, size="1280,1600"):
    """Open url headless; return (console lines, page request URLs, png path)."""
    png = os.path.join(work, tag + ".png")
    netlog = os.path.join(work, tag + ".net.json")
    args = [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--user-data-dir=" + os.path.join(work, tag + ".profile"), "--no-first-run",
            "--disable-extensions", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-default-apps", "--enable-logging=stderr", "--v=0",
            "--log-net-log=" + netlog, "--screenshot=" + png, "--window-size=" + size, url]
    p = subprocess.run(args, capture_output=True, timeout=60)
    err = p.stderr.decode("utf-8", "replace")
    console = [l for l in err.splitlines() if ":CONSOLE" in l or "CONSOLE(" in l]
    text = open(netlog, encoding="utf-8").read().rstrip()
    if not text.endswith("}"):  # a log cut short by exit: close it
        text = text.rstrip(",\n") + "]}"
    log = json.loads(text)
    names = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    requests = []
    for e in log["events"]:
        prm = e.get("params") or {}
        if names.get(e["type"]) != "URL_REQUEST_START_JOB" or "url" not in prm:
            continue
        # the browser's own housekeeping (update checks) has no origin; a
        # page's requests carry the page's origin ("null" for file://)
        if prm.get("initiator") == "not an origin" and "file://" not in prm.get("network_isolation_key", ""):
            continue
        requests.append(prm["url"])
    return console, requests, png


def png_pixels(path):
    """Decode an 8-bit RGB/RGBA PNG: (width, height, channels, rows of bytes)."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and ctype in (2, 6) and interlace == 0, "unexpected PNG layout"
            ch = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * ch
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if f == 1:
            for i in range(ch, stride):
                line[i] = (line[i] + line[i - ch]) & 255
        elif f == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif f == 3:
            for i in range(stride):
                left = line[i - ch] if i >= ch else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
        elif f == 4:
            for i in range(stride):
                a = line[i - ch] if i >= ch else 0
                b = prev[i]
                c = prev[i - ch] if i >= ch else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, ch, rows


def ink(pixels):
    """(distinct colors, share of pixels that are not near-white, set of colors)"""
    w, h, ch, rows = pixels
    colors, dark = set(), 0
    for row in rows:
        for x in range(0, w * ch, ch):
            px = row[x:x + 3]
            colors.add(px)
            if min(px) < 235:
                dark += 1
    return len(colors), dark / float(w * h), colors


work = tempfile.mkdtemp(prefix="tm-browser-")
try:
    # the detectors catch a page that fetches and logs
    ctl = os.path.join(work, "control.html")
    with open(ctl, "w") as f:
        f.write('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
                '<img src="http://127.0.0.1:9/probe.png"><script>console.error("control");</script></body></html>')
    console, requests, png = browse("file://" + ctl, work, "control", "400,300")
    check(any("control" in l for l in console), "control page: console message seen (%r)" % console)
    check(any("127.0.0.1:9/probe.png" in u for u in requests), "control page: remote request seen (%r)" % requests)

    # the report itself
    page = os.path.join(work, "report.html")
    rc, out, err = run(["report", os.path.join(SAMPLES, "hn_orca_launch.html"), "-o", page, "-q"])
    check(rc == 0, "report written: %s" % err)
    console, requests, png = browse("file://" + page, work, "report")
    check(console == [], "no console messages: %r" % console)
    bad = [u for u in requests if not (u.startswith("file:") or u.startswith("data:"))]
    check(bad == [], "no network requests: %r" % bad)
    check(os.path.getsize(png) > 10000, "screenshot taken")
    ncolors, share, seen = ink(png_pixels(png))
    check(ncolors >= 50, "screenshot has %d distinct colors (charts, diagram, badges)" % ncolors)
    check(share >= 0.04, "screenshot is not blank: %.1f%% of pixels carry ink" % (share * 100))
    # the sentiment colors of the page are there (blue positive, vermillion negative)
    check(b"\x00\x72\xb2" in seen and b"\xd5\x5e\x00" in seen, "positive and negative colors rendered")
    if len(sys.argv) > 3:  # keep the screenshot (docs/report_screenshot.png is made this way)
        shutil.copy(png, sys.argv[3])
finally:
    shutil.rmtree(work, ignore_errors=True)

finish()
