#!/usr/bin/env python3
"""report.html in a real browser: Debian's chromium renders it headless.

Usage: render_report.py CHAOSSIM CHROMIUM WORKDIR SCENARIO [chaossim run options...]

Runs SCENARIO with chaossim into WORKDIR/out, then checks that
- the page parses with every element closed, and refers to nothing outside it;
- chromium loads it (exit 0) and renders the whole page to WORKDIR/report.png,
  kept for a person to look at;
- every chart, rendered alone, covers its area with ink: no chart is blank.
"""
import html.parser
import pathlib
import re
import struct
import subprocess
import sys
import zlib

VOID = {"meta", "br", "img", "input", "link", "hr", "col", "source", "area", "base", "wbr", "embed", "param", "track"}


class Balance(html.parser.HTMLParser):
    """Checks that elements nest and close (SVG's self-closing ones count as closed)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.figures = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag == "figure":
            self.figures += 1
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else 'nothing'}> at {self.getpos()}")
            return
        self.stack.pop()


def png_pixels(data):
    """Decodes an 8-bit RGB or RGBA, non-interlaced PNG (what chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and color in (2, 6) and interlace == 0, "unexpected PNG layout"
            channels = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride = zlib.decompress(idat), width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, up_left = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else up_left)) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def inked_fraction(png):
    width, height, channels, rows = png_pixels(png)
    inked = 0
    for row in rows:
        for x in range(0, width * channels, channels):
            if min(row[x], row[x + 1], row[x + 2]) < 200:
                inked += 1
    return inked / (width * height)


def chromium_screenshot(chromium, page, shot, size):
    result = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                             f"--window-size={size}", f"--screenshot={shot}", page.as_uri()],
                            capture_output=True, text=True, timeout=120)
    if result.returncode != 0 or not shot.exists():
        sys.exit(f"chromium could not render {page}: exit {result.returncode}\n{result.stderr}")
    return shot.read_bytes()


def main():
    chaossim, chromium, work, run_args = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3]), sys.argv[4:]
    work.mkdir(parents=True, exist_ok=True)
    out = work / "out"
    run = subprocess.run([chaossim, "run", *run_args, "--quiet", "--out", str(out)], capture_output=True, text=True)
    if run.returncode > 1:
        sys.exit(f"chaossim run failed ({run.returncode}):\n{run.stderr}")
    page = out / "report.html"
    text = page.read_text(encoding="utf-8")

    checker = Balance()
    checker.feed(text)
    checker.close()
    problems = checker.errors + ([f"unclosed: {checker.stack}"] if checker.stack else [])
    if re.search(r"https?:|src=|<link|@import|url\(", text):
        problems.append("the page refers to something outside it")
    charts = re.findall(r'<figure class="chart" id="(chart-[^"]+)">\s*(<svg.*?</svg>)\s*</figure>', text, re.S)
    if len(charts) != checker.figures or len(charts) < 7:
        problems.append(f"{len(charts)} charts found for {checker.figures} figures")
    if problems:
        sys.exit("report.html: " + "; ".join(problems))

    whole = chromium_screenshot(chromium, page, work / "report.png", "1100,4000")
    if len(whole) < 50_000:  # a white 1100 x 4000 page compresses to a few kB
        sys.exit(f"the rendered page looks blank ({len(whole)} bytes of PNG)")

    for chart_id, svg in charts:
        alone = work / f"{chart_id}.html"
        alone.write_text(f"<!DOCTYPE html><html><body style='margin:0'><div style='width:900px'>{svg}</div></body></html>",
                         encoding="utf-8")
        fraction = inked_fraction(chromium_screenshot(chromium, alone, work / f"{chart_id}.png", "900,300"))
        # Axes, tics, labels and at least one line: a blank or failed chart has none of it.
        if fraction < 0.01:
            sys.exit(f"{chart_id}: the chart area is blank ({fraction:.4f} inked)")
        print(f"{chart_id}: {fraction:.3f} of its area inked")
    print(f"report.html renders in chromium; the page is kept at {work / 'report.png'}")


if __name__ == "__main__":
    main()
