#!/usr/bin/env python3
"""Derive the company names of the Go wiki's GoUsers page (countries A to L).

Reads /work/shared/corpus/real/wiki/GoUsers-A-to-L.md (or the path given as the first
argument) and prints one company name per line, in document order, first occurrence only
(case-insensitive). This is a labelling aid for tests/gold/real.toml; it is not part of
Gazette and it is not what the extractor does.

Rules (see tests/gold/NOTES.md, "real.toml"):
  * only bullets under a `### Country` heading count; the `### Countries` table of contents
    (a list of links to the country headings) does not;
  * only top-level bullets (`- ` at column 0) count: indented items (`  - [Product]...`,
    `  _ [repo]...`) are products or repositories of the company above them;
  * the name is the text of the bullet's first link; trailing extra links (`[github]`,
    `[jobs]`, `[blog]`, `[twitter]`, ...) and the description are ignored;
  * a bullet without a leading link (`- Kolesa LLC - ...`) gives the text before ` - `;
  * inside the link text, a ` - tail` (`JusTickets - built with Go`) and a parenthesised tail
    (`Nine Publishing (formerly known as Fairfax Media)`) are dropped;
  * trailing separators left inside the link text are dropped (`GOODWITH LLC.,` ->
    `GOODWITH LLC.`);
  * a link text naming two organisations with ` / ` (`Greenfield Labs / Zenreach`) gives both;
  * a few top-level entries are products, blogs or projects rather than organisations; they
    are not printed as companies but with --doubtful (see DOUBTFUL below), together with the
    alternative organisation names found in a dropped parenthesised tail (`Fairfax Media`,
    `Blackbuck Computing`);
  * a name that matches data/companies.toml case-insensitively (name or alias) is replaced by
    its canonical name (`Mercadolibre` -> `MercadoLibre`, `Sixt` -> `SIXT`), and
    `trivago N.V.` -> `Trivago` (legal suffix before the canonical lookup).

Options:
  --countries        print the country headings instead (they go to not_companies)
  --toc              print the link texts of the `### Countries` table of contents (a superset
                     of the headings: it also names countries M to Z)
  --doubtful         print the doubtful names (DOUBTFUL, plus organisation names from dropped
                     parenthesised tails, plus PARENTS)
  --products         print the link texts of indented items (products and repositories of the
                     company above them; they go to not_companies)
  --with-country     print `country<TAB>name<TAB>description` lines
  --sample N [SEED]  print N random top-level bullets (line number, raw line) for checking
"""
import random
import re
import sys
import tomllib
from pathlib import Path

CORPUS = Path("/work/shared/corpus/real/wiki/GoUsers-A-to-L.md")
DATA = Path(__file__).resolve().parents[2] / "data" / "companies.toml"

LINK = re.compile(r"\[([^\]]*)\]\s*\(([^)]*)\)")
LEGAL = re.compile(r"\s+(N\.V\.|B\.V\.|GmbH|AG|SE|Inc\.?|Ltd\.?|LLC)$")


def canonical_names():
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    table = {}
    for c in data.get("company", []):
        table[c["name"].lower()] = c["name"]
        for a in c.get("aliases", []):
            table[a.lower()] = c["name"]
    return table


# Top-level entries that are a product, a project or a blog rather than an organisation
# (decided by reading the bullet; see NOTES.md "real.toml"). Matched case-insensitively on the
# cleaned name. They are labelled doubtful, not companies.
DOUBTFUL = {
    "tidb": "product of PingCAP (link to pingcap.com, tweet by @PingCAP)",
    "blog lecoinoccasion": "a blog of Leboncoin, which has its own bullet",
    "tasker project management tool": "a product of UserCV.com",
    "deepin": "a Linux distribution (project); the company is Deepin Technology",
    "rainbond": "a PaaS product of Goodrain",
}
# Organisations named only outside the link text of a bullet (URL host / tweet account /
# parenthesis after the link): doubtful.
PARENTS = ["PingCAP", "AppsCode Inc."]


def clean(name):
    name = name.strip()
    name = re.sub(r"\s+-\s+.*$", "", name)        # "JusTickets - built with Go"
    name = re.sub(r"\s*\([^)]*\)\s*$", "", name)  # "Fastah (Blackbuck Computing)"
    name = name.strip().rstrip(",;:").strip()     # "GOODWITH LLC.,"
    return name


def tail_names(raw):
    """Organisation names inside a dropped parenthesised tail of the link text."""
    m = re.search(r"\(([^)]*)\)\s*$", raw.strip())
    if not m:
        return []
    inner = m.group(1).strip()
    inner = re.sub(r"^formerly known as\s+", "", inner, flags=re.I)
    if re.search(r"consulting|company", inner, re.I):
        return []
    return [inner]


def split_names(name):
    """`Greenfield Labs / Zenreach` -> both names."""
    return [p.strip() for p in name.split(" / ")] if " / " in name else [name]


def bullets(lines):
    """Yield (line_no, country, raw_line) for top-level bullets under country headings."""
    country = None
    for no, line in enumerate(lines, 1):
        if line.startswith("### "):
            heading = line[4:].strip()
            country = None if heading == "Countries" else heading
            continue
        if line.startswith("## "):
            country = None
            continue
        if country and line.startswith("- "):
            yield no, country, line


def name_and_description(line):
    body = line[2:].strip()
    m = LINK.match(body)
    if m:
        name = m.group(1)
        rest = body[m.end():]
    else:  # "- Kolesa LLC - microservices ..."
        name, _, rest = body.partition(" - ")
    desc = LINK.sub(lambda x: "" if x.group(1).lower() in EXTRA else x.group(1), rest)
    desc = re.sub(r"^[\s\-–—,:()]+", "", desc).strip(" -–—()")
    return name, desc


EXTRA = {"github", "gitlab", "jobs", "blog", "twitter", "facebook", "linkedin", "hn",
         "forums", "website", "article", "homepage", "engineering page", "(github)",
         "tweet", "engineering blog", "fb post"}


def derive(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    canon = canonical_names()
    seen = set()
    out = []
    for no, country, line in bullets(lines):
        raw, desc = name_and_description(line)
        for name in split_names(clean(raw)):
            if name.lower() in DOUBTFUL:
                continue
            key = name.lower()
            if key in canon:
                name = canon[key]
            else:
                stripped = LEGAL.sub("", name)
                if stripped.lower() in canon:
                    name = canon[stripped.lower()]
            if name.lower() in seen:
                continue
            seen.add(name.lower())
            out.append((no, country, name, desc))
    return lines, out


def doubtful(lines):
    names = []
    for no, country, line in bullets(lines):
        raw, _ = name_and_description(line)
        name = clean(raw)
        if name.lower() in DOUBTFUL:
            names.append(name)
        names.extend(tail_names(raw))
    names.extend(PARENTS)
    return names


def products(lines):
    """Link texts of indented items (`  - [x]`, `  _ [x]`, `    - [x]`) under a country."""
    country = None
    names = []
    for line in lines:
        if line.startswith("### "):
            heading = line[4:].strip()
            country = None if heading == "Countries" else heading
            continue
        m = re.match(r"^\s+[-_*]\s+\[([^\]]*)\]", line)
        if country and m and m.group(1).lower() not in EXTRA:
            names.append(m.group(1))
        # a second item glued onto the same line: "... GitHub. \\* [imageflux-cli](...)"
        for g in re.finditer(r"\\\*\s+\[([^\]]*)\]", line):
            names.append(g.group(1))
    return names


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    path = Path(args[0]) if args and not args[0].isdigit() else CORPUS
    lines, out = derive(path)
    if "--countries" in argv:
        for line in lines:
            if line.startswith("### ") and line[4:].strip() != "Countries":
                print(line[4:].strip())
        return
    if "--toc" in argv:
        toc = False
        for line in lines:
            if line.startswith("### "):
                toc = line[4:].strip() == "Countries"
                continue
            m = re.match(r"^- \[([^\]]*)\]\(#", line)
            if toc and m:
                print(m.group(1))
        return
    if "--doubtful" in argv:
        for name in doubtful(lines):
            print(name)
        return
    if "--products" in argv:
        for name in products(lines):
            print(name)
        return
    if "--sample" in argv:
        i = argv.index("--sample")
        n = int(argv[i + 1])
        seed = int(argv[i + 2]) if len(argv) > i + 2 and argv[i + 2].isdigit() else 10
        all_bullets = list(bullets(lines))
        for no, country, line in sorted(random.Random(seed).sample(all_bullets, n)):
            print(f"{no}\t{country}\t{line}")
        return
    for no, country, name, desc in out:
        if "--with-country" in argv:
            print(f"{country}\t{name}\t{desc}")
        else:
            print(name)


if __name__ == "__main__":
    main(sys.argv)
