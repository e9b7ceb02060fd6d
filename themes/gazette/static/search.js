// Site search on any static host and from file://. The index is in fragments (see
// src/output/search.rs): the entry file says which word chunk holds which words; a query loads
// only the chunks its words fall in, then the result chunks of the hits it shows. Each file is
// a script that calls gazetteSearchLoaded(name, data), because browsers load scripts from
// file:// where they refuse fetch. Words go through elasticlunr's pipeline, as at build time.
(() => {
  const script = document.currentScript;
  const input = document.getElementById("search-input");
  const list = document.getElementById("search-results");
  const status = document.getElementById("search-status");
  const more = document.getElementById("search-more");
  if (!input || !list) return;
  const base = new URL(script.dataset.index || "search/en/", script.src);
  const PAGE = 20;
  // Only the last word (the one being typed) matches as a prefix, from MIN_PREFIX letters and
  // in at most PREFIX_CHUNKS chunks; at most MAX_WORDS words are searched. Together they keep
  // what one query loads under 300 KB, whatever the site's size.
  const MIN_PREFIX = 3;
  const PREFIX_CHUNKS = 3;
  const MAX_WORDS = 6;

  const loading = new Map();
  const waiting = new Map();
  window.gazetteSearchLoaded = (name, data) => {
    const done = waiting.get(name);
    waiting.delete(name);
    if (done) done(data);
  };
  const load = (name) => {
    if (!loading.has(name)) {
      loading.set(name, new Promise((resolve, reject) => {
        waiting.set(name, resolve);
        const s = document.createElement("script");
        s.src = new URL(`${name}.js`, base).href;
        s.onload = () => s.remove();
        s.onerror = () => { loading.delete(name); waiting.delete(name); s.remove(); reject(new Error(`${name}.js`)); };
        document.head.append(s);
      }));
    }
    return loading.get(name);
  };

  const pipeline = new elasticlunr.Pipeline();
  pipeline.add(elasticlunr.trimmer, elasticlunr.stopWordFilter, elasticlunr.stemmer);

  // The chunks whose word range meets [from, to].
  const chunksFor = (entry, from, to) => {
    const out = [];
    entry.words.forEach(([first, last], i) => { if (last >= from && first <= to) out.push(i); });
    return out;
  };

  // The words of a query as the index has them: trimmed, "'s" dropped, stop words left out.
  const wordsOf = (query) => elasticlunr.tokenizer(query)
    .map((token) => elasticlunr.trimmer(token).replace(/['’]s$/, ""))
    .map((raw) => ({ raw, stem: pipeline.run([raw])[0] }))
    .filter((w) => w.stem)
    .slice(0, MAX_WORDS);

  // Every hit of `query`, best first ([document number, score]), and whether some word's list
  // was cut at the index's cap (then there are more hits than shown).
  const search = async (entry, query) => {
    const scores = new Map();
    let capped = false;
    const words = wordsOf(query);
    const typing = !/\s$/.test(query);
    for (const [k, { raw, stem }] of words.entries()) {
      const names = new Set(chunksFor(entry, stem, stem));
      const prefix = typing && k === words.length - 1 && raw.length >= MIN_PREFIX ? raw : "";
      if (prefix) chunksFor(entry, prefix, prefix + "\uffff").slice(0, PREFIX_CHUNKS).forEach((i) => names.add(i));
      const best = new Map();
      for (const chunk of await Promise.all([...names].map((i) => load(`w${i}`)))) {
        for (const [word, postings] of Object.entries(chunk)) {
          const factor = word === stem ? 1 : prefix && word.startsWith(prefix) ? 0.5 * prefix.length / word.length : 0;
          if (!factor) continue;
          if (postings.length / 2 >= entry.cap) capped = true;
          let doc = 0;
          for (let j = 0; j < postings.length; j += 2) {
            doc += postings[j];
            const score = postings[j + 1] * factor;
            if (score > (best.get(doc) || 0)) best.set(doc, score);
          }
        }
      }
      for (const [doc, score] of best) scores.set(doc, (scores.get(doc) || 0) + score);
    }
    return { hits: [...scores].sort((a, b) => b[1] - a[1] || a[0] - b[0]), capped };
  };

  // Shows hits from..from+PAGE, unless a newer query (`mine` is not the latest) came meanwhile.
  const show = async (entry, hits, from, mine) => {
    const shown = hits.slice(from, from + PAGE);
    const chunks = await Promise.all([...new Set(shown.map(([d]) => Math.floor(d / entry.perChunk)))].map((k) => load(`r${k}`).then((rows) => [k, rows])));
    if (mine !== latest) return;
    const rows = new Map(chunks);
    for (const [doc] of shown) {
      const row = rows.get(Math.floor(doc / entry.perChunk))?.[doc % entry.perChunk];
      if (!row) continue;
      const [title, kind, url, snippet] = row;
      const li = document.createElement("li");
      const label = document.createElement("span");
      label.className = "kind";
      label.textContent = kind;
      const a = document.createElement("a");
      a.href = window.gazetteUrl ? window.gazetteUrl(url) : url;
      a.textContent = title;
      li.append(label, " ", a);
      if (snippet) {
        const p = document.createElement("p");
        p.className = "snippet";
        p.textContent = snippet;
        li.append(p);
      }
      list.append(li);
    }
    if (more) more.hidden = from + PAGE >= hits.length;
  };

  let latest = 0;
  // The query whose hits are listed, and how many of them are shown.
  let current = null;
  const run = async (query) => {
    const mine = ++latest;
    current = null;
    if (more) more.hidden = true;
    if (!query.trim()) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    try {
      const entry = await load("index");
      const { hits, capped } = await search(entry, query);
      if (mine !== latest) return;
      list.replaceChildren();
      const count = capped ? `${hits.length.toLocaleString("en")}+` : `${hits.length}`;
      status.textContent = `${count} result${hits.length === 1 && !capped ? "" : "s"} for “${query}”`;
      current = { entry, hits, shown: PAGE, query: mine };
      await show(entry, hits, 0, mine);
    } catch (e) {
      if (mine === latest) status.textContent = `The search index could not be loaded (${e.message}).`;
    }
  };
  if (more) {
    more.addEventListener("click", async () => {
      const page = current;
      if (!page || more.disabled) return;
      more.disabled = true;
      try {
        await show(page.entry, page.hits, page.shown, page.query);
        page.shown += PAGE;
      } catch (e) {
        status.textContent = `More results could not be loaded (${e.message}).`;
      } finally {
        more.disabled = false;
      }
    });
  }
  input.value = new URL(location.href).searchParams.get("q") || "";
  run(input.value);
  input.addEventListener("input", () => {
    const url = new URL(location.href);
    if (input.value) url.searchParams.set("q", input.value); else url.searchParams.delete("q");
    history.replaceState(null, "", url);
    run(input.value);
  });
  input.closest("form").addEventListener("submit", (e) => { e.preventDefault(); run(input.value); });
})();
