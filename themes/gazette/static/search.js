// Site search on any static host: loads the elasticlunr index written at build time and
// searches it in the browser. Titles weigh most, so "dropbox" finds the company page first.
(() => {
  const script = document.currentScript;
  const input = document.getElementById("search-input");
  const list = document.getElementById("search-results");
  const status = document.getElementById("search-status");
  if (!input || !list) return;
  let index = null;
  let docs = {};
  const render = (query) => {
    list.replaceChildren();
    if (!index || !query.trim()) { status.textContent = ""; return; }
    const hits = index.search(query, { fields: { title: { boost: 10 }, body: { boost: 1 } }, bool: "OR", expand: true });
    status.textContent = `${hits.length} result${hits.length === 1 ? "" : "s"} for “${query}”`;
    for (const hit of hits.slice(0, 30)) {
      const doc = docs[hit.ref];
      if (!doc) continue;
      const li = document.createElement("li");
      const kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = doc.kind;
      const a = document.createElement("a");
      a.href = window.gazetteUrl ? window.gazetteUrl(doc.url) : doc.url;
      a.textContent = doc.title;
      li.append(kind, " ", a);
      if (doc.snippet) {
        const p = document.createElement("p");
        p.className = "snippet";
        p.textContent = doc.snippet;
        li.append(p);
      }
      list.append(li);
    }
  };
  const query = new URL(location.href).searchParams.get("q") || "";
  input.value = query;
  // A page opened from file:// may not fetch files (browsers refuse it): say so instead.
  if (location.protocol === "file:") {
    status.textContent = "Search needs the site to be served: run `gazette serve`, or any static server in the folder.";
    return;
  }
  // The index sits beside this script, at the site's root, wherever the site is served.
  fetch(new URL(script.dataset.indexFile || "search_index.en.json", script.src))
    .then((r) => r.json())
    .then((data) => {
      index = elasticlunr.Index.load(data.index);
      docs = data.docs;
      render(input.value);
    })
    .catch(() => { status.textContent = "The search index could not be loaded."; });
  input.addEventListener("input", () => {
    const url = new URL(location.href);
    if (input.value) url.searchParams.set("q", input.value); else url.searchParams.delete("q");
    history.replaceState(null, "", url);
    render(input.value);
  });
  input.closest("form").addEventListener("submit", (e) => { e.preventDefault(); render(input.value); });
})();
