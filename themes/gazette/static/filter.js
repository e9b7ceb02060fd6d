// Companies index: filter by domain without a reload. Without JavaScript the page is the
// plain A-Z list and the filter stays hidden. Letters with no company left are hidden too.
(() => {
  const form = document.getElementById("domain-filter");
  const list = document.getElementById("companies");
  if (!form || !list) return;
  const select = document.getElementById("domain-select");
  const count = document.getElementById("domain-count");
  const items = Array.from(list.querySelectorAll("li"));
  const groups = Array.from(list.querySelectorAll("section"));
  const letters = Array.from(document.querySelectorAll(".letters a"));
  const all = document.getElementById("domain-all");
  const apply = () => {
    const wanted = select.value;
    let shown = 0;
    for (const li of items) {
      const match = !wanted || li.dataset.domains.split(" ").includes(wanted);
      li.hidden = !match;
      if (match) shown++;
    }
    for (const section of groups) {
      section.hidden = !section.querySelector("li:not([hidden])");
    }
    for (const a of letters) {
      const target = document.getElementById(a.hash.slice(1));
      a.hidden = !target || target.hidden;
    }
    count.textContent = `${shown} compan${shown === 1 ? "y" : "ies"}${all ? " on this page" : ""}`;
    // A list in several pagers filters the one shown; the domain's page has all of them.
    if (all) {
      const option = select.selectedOptions[0];
      all.hidden = !wanted;
      if (wanted && option) all.href = window.gazetteUrl ? window.gazetteUrl(option.dataset.permalink) : option.dataset.permalink;
    }
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
