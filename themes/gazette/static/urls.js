// The site's own URLs, wherever the folder is opened (at base_url, on any static server and
// port and path, from file://): an absolute URL under base_url becomes the same file under
// the folder this script was loaded from (it sits at the site's root). Pages are built with
// relative links; this does the same for URLs that scripts read from data (search results,
// a domain's page).
window.gazetteUrl = (() => {
  const script = document.currentScript;
  const root = new URL(".", script.src);
  const base = (script.dataset.base || "").replace(/\/$/, "");
  const file = location.protocol === "file:";
  return (url) => {
    if (!base || !url.startsWith(base)) return url;
    let rest = url.slice(base.length).replace(/^\//, "");
    if (file && (rest === "" || rest.endsWith("/"))) rest += "index.html";
    return new URL(rest, root).href;
  };
})();
