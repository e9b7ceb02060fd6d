#!/usr/bin/env python3
"""Dev-server latency: time from saving an edit to the live-reload event, compared with a full
`gazette build` of the same site, side by side in one run.

    python3 benches/serve_latency.py [--pages 10000] [--edits 15] [--kind body]

Kinds of edit: `body` (one page's text: the issue's benchmark), `title` (one page's title),
`css` (a stylesheet), `new` (a page added), `delete` (a page removed), `section` (a section's
`_index.md` description), `taxonomy` (a tag added to one page), `template` (the template of
every page). `--kind all` measures each in turn against one full-build figure.

Uses the corpus of benches/bench.sh (generated with ../shared/bench/gen_corpus.py, the bench
theme copied in). A benchmark, not a test: it prints figures and asserts nothing.
"""
import argparse, os, re, shutil, socket, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py")


def corpus(pages):
    site = os.path.join(os.environ.get("BENCH_DIR", "/tmp/gazette-bench"), f"plain-{pages}")
    if not os.path.isdir(os.path.join(site, "content")):
        subprocess.run([sys.executable, GEN, "--pages", str(pages), "--engine", "plain", "--out", site, "--force"], check=True)
    shutil.rmtree(os.path.join(site, "templates"), ignore_errors=True)
    shutil.copytree(os.path.join(ROOT, "benches", "theme", "templates"), os.path.join(site, "templates"))
    cfg = os.path.join(site, "config.toml")
    text = open(cfg).read()
    if "highlight_code" not in text:
        open(cfg, "a").write("highlight_code = false\n")
    return site


KINDS = ["body", "title", "css", "new", "delete", "section", "taxonomy", "template"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--edits", type=int, default=15)
    ap.add_argument("--kind", choices=KINDS + ["all"], default="body")
    a = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    gazette = os.path.join(ROOT, "target", "release", "gazette")
    site = corpus(a.pages)
    css = os.path.join(site, "static", "site.css")
    os.makedirs(os.path.dirname(css), exist_ok=True)
    open(css, "w").write("body { margin: 0; }\n")

    full = []
    for _ in range(3):
        t = time.perf_counter()
        subprocess.run([gazette, "build", "--no-cache", "--root", site, "--output-dir", "/dev/shm/gazette-serve-bench"], check=True, stdout=subprocess.DEVNULL)
        full.append(time.perf_counter() - t)
    shutil.rmtree("/dev/shm/gazette-serve-bench", ignore_errors=True)

    kinds = KINDS if a.kind == "all" else [a.kind]
    med_full = statistics.median(full)
    print(f"pages={a.pages}: full build median {med_full*1000:.0f} ms (runs: {', '.join(f'{x*1000:.0f}' for x in full)})")
    for kind in kinds:
        measure(gazette, site, css, kind, a.edits, med_full)


def measure(gazette, site, css, kind, edits, med_full):
    """Starts `gazette serve` on `site`, makes `edits` edits of `kind`, prints the latencies."""
    server = subprocess.Popen([gazette, "serve", "--port", "0", "--root", site], stdout=subprocess.PIPE, text=True)
    try:
        port = None
        while port is None:
            line = server.stdout.readline()
            if not line:
                sys.exit("server exited")
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            port = int(m.group(1)) if m else None
        sse = socket.create_connection(("127.0.0.1", port))
        sse.sendall(b"GET /__gazette/events HTTP/1.1\r\nHost: x\r\n\r\n")
        stream = sse.makefile("rb")

        def wait(name, timeout=30):
            sse.settimeout(timeout)
            while True:
                line = stream.readline()
                if not line:
                    raise RuntimeError("event stream closed")
                if line.strip() == f"event: {name}".encode():
                    return
                if line.strip() == b"event: error":
                    raise RuntimeError("the rebuild failed: " + stream.readline().decode())

        wait("hello")
        content = os.path.join(site, "content")
        pages = sorted(os.path.join(d, f) for d, _, fs in os.walk(content) for f in fs if f.endswith(".md") and f != "_index.md")
        target = pages[len(pages) // 2]
        rel = os.path.relpath(target, content)
        section_url = "/" + os.path.dirname(rel) + "/"
        page_url = section_url + os.path.basename(rel)[:-3] + "/"
        section_index = os.path.join(os.path.dirname(target), "_index.md")
        section_text = open(section_index).read()
        original = open(target).read()
        reload_lat, page_lat, list_lat, total = [], [], [], []
        # Pages `delete` removes (spread over the site), with their text to put back.
        doomed = [(p, open(p).read()) for p in pages[1::max(1, len(pages) // (edits + 1))][:edits]]

        def get(path, marker):
            conn = socket.create_connection(("127.0.0.1", port))
            conn.sendall(f"GET {path} HTTP/1.0\r\nHost: x\r\n\r\n".encode())
            body = b""
            while chunk := conn.recv(1 << 16):
                body += chunk
            conn.close()
            if marker.encode() not in body and path == page_url:
                raise RuntimeError(f"{path} does not show the edit")
            return body

        template = os.path.join(site, "templates", "page.html")
        template_text = open(template).read()
        created = []

        def apply(i):
            """Makes edit `i`; returns the live-reload event it should cause."""
            if kind == "body":
                open(target, "w").write(original + f"\n\nEdited paragraph number {i}.\n")
            elif kind == "title":
                open(target, "w").write(re.sub(r'(?m)^title = "', f'title = "T{i} ', original, count=1))
            elif kind == "css":
                open(css, "w").write(f"body {{ margin: {i}px; }}\n")
                return "css"
            elif kind == "new":
                path = os.path.join(os.path.dirname(target), f"bench-new-{i}.md")
                created.append(path)
                open(path, "w").write(f'+++\ntitle = "New {i}"\ndate = 2024-01-01\n+++\nNew page {i}.\n')
            elif kind == "delete":
                os.remove(doomed[i][0])
            elif kind == "section":
                open(section_index, "w").write(section_text.replace('description = "', f'description = "Edit {i}. ', 1))
            elif kind == "taxonomy":
                open(target, "w").write(re.sub(r'(?m)^tags = \[', f'tags = ["bench tag {i}", ', original, count=1))
            else:
                open(template, "w").write(template_text.replace("{% endblock content %}", f"<!-- edit {i} -->{{% endblock content %}}", 1))
            return "reload"

        try:
            for i in range(edits):
                marker = f"Edited paragraph number {i}."
                event = apply(i)
                t = time.perf_counter()
                wait(event)
                reload_lat.append(time.perf_counter() - t)
                if kind == "body":
                    get(page_url, marker)
                    page_lat.append(time.perf_counter() - t)
                    get(section_url, marker)
                    list_lat.append(time.perf_counter() - t)
                # "Rebuilt after 1 change(s): N outputs re-rendered in M ms"
                while True:
                    line = server.stdout.readline()
                    m = re.search(r"re-rendered in (\d+) ms", line)
                    if m:
                        total.append(int(m.group(1)) / 1000)
                        break
                    if not line:
                        raise RuntimeError("server exited")
                time.sleep(0.2)
        finally:
            open(target, "w").write(original)
            open(template, "w").write(template_text)
            open(section_index, "w").write(section_text)
            for path, text in doomed:
                open(path, "w").write(text)
            for path in created:
                os.remove(path)
    finally:
        server.kill()
    p90 = lambda xs: sorted(xs)[max(0, int(len(xs) * 0.9) - 1)]
    med = statistics.median(reload_lat)
    print(f"  {kind} edits: save -> reload event: median {med*1000:.0f} ms, p90 {p90(reload_lat)*1000:.0f} ms over {len(reload_lat)} edits"
          f" ({med/med_full:.2f} of the full build; the 10 ms debounce included)")
    if page_lat:
        print(f"    save -> edited page served: median {statistics.median(page_lat)*1000:.0f} ms")
        print(f"    save -> its section list ({section_url}) served fresh: median {statistics.median(list_lat)*1000:.0f} ms")
    print(f"    whole rebuild, every affected output rendered (server's count, no debounce): median {statistics.median(total)*1000:.0f} ms")


if __name__ == "__main__":
    main()
