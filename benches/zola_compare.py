#!/usr/bin/env python3
"""Builds one Zola site with Zola and with Gazette, and reports how their outputs differ.

    python3 benches/zola_compare.py SITE [--zola zola] [--gazette target/release/gazette]
                                         [--show 20] [--threshold 0.98]

SITE is a Zola site's folder (with config.toml). Each engine builds a copy of it, from the
copy's own folder, so neither writes into SITE. The report has:
  - the HTML paths only Zola writes, and those only Gazette writes;
  - for each page both write, how close their visible text is (0 to 1, difflib's ratio over
    the words outside <script>, <style> and tags, entities decoded), and the pages under
    --threshold with the first words that differ.
It exits 1 when a path Zola writes is missing from Gazette's output. Needs `zola` on PATH (or
--zola); it says so and exits 2 when there is none.
"""

import argparse
import difflib
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser


class VisibleText(HTMLParser):
    """The words a reader sees: text outside script, style and template tags."""

    HIDDEN = {"script", "style", "template", "noscript"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.words = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.words.extend(html.unescape(data).split())


def words_of(path):
    parser = VisibleText()
    with open(path, encoding="utf-8", errors="replace") as f:
        parser.feed(f.read())
    return parser.words


def html_paths(root):
    found = set()
    for folder, _, files in os.walk(root):
        for name in files:
            if name.endswith(".html"):
                found.add(os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/"))
    return found


def build(command, site, out):
    """Builds a copy of `site` with `command` (a list, the output folder appended)."""
    copy = tempfile.mkdtemp(prefix="site-")
    shutil.copytree(site, copy, dirs_exist_ok=True)
    for folder, dirs, files in os.walk(copy):
        os.chmod(folder, 0o755)
        for name in files:
            os.chmod(os.path.join(folder, name), 0o644)
    result = subprocess.run(command + [out], cwd=copy, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed in {copy}:\n{result.stderr}")
    return out


def first_difference(a, b, context=8):
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            return " ".join(a[i1:i1 + context]), " ".join(b[j1:j1 + context])
    return "", ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site")
    parser.add_argument("--zola", default="zola")
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--gazette", default=os.path.join(here, "..", "target", "release", "gazette"))
    parser.add_argument("--show", type=int, default=20, help="pages to show in detail")
    parser.add_argument("--threshold", type=float, default=0.98)
    args = parser.parse_args()
    if shutil.which(args.zola) is None:
        print(f"no `{args.zola}` here: install Zola 0.22 or pass --zola PATH", file=sys.stderr)
        sys.exit(2)
    gazette = os.path.abspath(args.gazette)
    if not os.path.exists(gazette):
        sys.exit(f"no {gazette}: run `cargo build --release` first, or pass --gazette")
    site = os.path.abspath(args.site)
    work = tempfile.mkdtemp(prefix="zola-compare-")
    zola_out = build([args.zola, "build", "--output-dir"], site, os.path.join(work, "zola"))
    gazette_out = build([gazette, "build", "--output-dir"], site, os.path.join(work, "gazette"))

    zola_paths, gazette_paths = html_paths(zola_out), html_paths(gazette_out)
    only_zola = sorted(zola_paths - gazette_paths)
    only_gazette = sorted(gazette_paths - zola_paths)
    print(f"HTML files: Zola {len(zola_paths)}, Gazette {len(gazette_paths)}, "
          f"both {len(zola_paths & gazette_paths)}")
    for title, paths in (("only Zola writes", only_zola), ("only Gazette writes", only_gazette)):
        print(f"{title}: {len(paths)}")
        for p in paths[: args.show]:
            print(f"  {p}")

    scores = []
    for path in sorted(zola_paths & gazette_paths):
        a = words_of(os.path.join(zola_out, path))
        b = words_of(os.path.join(gazette_out, path))
        ratio = difflib.SequenceMatcher(a=a, b=b, autojunk=False).ratio() if (a or b) else 1.0
        scores.append((ratio, path, a, b))
    if scores:
        same = sum(1 for s in scores if s[0] == 1.0)
        mean = sum(s[0] for s in scores) / len(scores)
        print(f"visible text: {same} of {len(scores)} pages identical, mean similarity {mean:.3f}")
    below = sorted(s for s in scores if s[0] < args.threshold)
    print(f"pages under {args.threshold}: {len(below)}")
    for ratio, path, a, b in below[: args.show]:
        za, gb = first_difference(a, b)
        print(f"  {ratio:.3f} {path}\n      zola:    {za}\n      gazette: {gb}")
    print(f"outputs kept in {work}")
    sys.exit(1 if only_zola else 0)


if __name__ == "__main__":
    main()
