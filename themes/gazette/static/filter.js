// Companies index: filter by domain without a reload. Without JavaScript the page is the
// plain A-Z list and the filter stays hidden.
(() => {
  const form = document.getElementById("domain-filter");
  const list = document.getElementById("companies");
  if (!form || !list) return;
  const select = document.getElementById("domain-select");
  const count = document.getElementById("domain-count");
  const items = Array.from(list.children);
  const apply = () => {
    const wanted = select.value;
    let shown = 0;
    for (const li of items) {
      const match = !wanted || li.dataset.domains.split(" ").includes(wanted);
      li.hidden = !match;
      if (match) shown++;
    }
    count.textContent = `${shown} compan${shown === 1 ? "y" : "ies"}`;
    const url = new URL(location.href);
    if (wanted) url.searchParams.set("domain", wanted); else url.searchParams.delete("domain");
    history.replaceState(null, "", url);
  };
  form.hidden = false;
  form.addEventListener("submit", (e) => e.preventDefault());
  select.addEventListener("change", apply);
  const initial = new URL(location.href).searchParams.get("domain");
  if (initial) select.value = initial;
  apply();
})();
