// The built folder where people open it, with base_url pointing elsewhere: from file:// and
// from a plain static server on another port, under a sub-path. Each key page is styled (the
// theme's stylesheet applies), logs no console error, and every link to the site itself stays
// inside the folder; following the nav from file:// opens the page, not a directory listing;
// search finds the company from both.
// Usage: node preview.mjs PUBLIC_DIR PORT ARTIFACTS_DIR
import { chromium } from "playwright-core";
import { createServer } from "node:http";
import { readFileSync, existsSync, statSync, mkdirSync } from "node:fs";
import { join, extname } from "node:path";
import { pathToFileURL } from "node:url";

const [dir, port, artifacts] = process.argv.slice(2);
mkdirSync(artifacts, { recursive: true });
const prefix = "/preview/site";
const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json", ".xml": "application/xml" };
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
  if (!path.startsWith(prefix + "/")) { res.writeHead(404); return res.end("outside the preview"); }
  let file = join(dir, path.slice(prefix.length));
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
  if (!file.startsWith(dir) || !existsSync(file)) { res.writeHead(404); return res.end("missing"); }
  res.writeHead(200, { "Content-Type": types[extname(file)] || "application/octet-stream" });
  res.end(readFileSync(file));
});
await new Promise((ok) => server.listen(Number(port), "127.0.0.1", ok));

const folder = pathToFileURL(dir.endsWith("/") ? dir : dir + "/").href;
const served = `http://127.0.0.1:${port}${prefix}/`;
const pages = ["", "companies/", "companies/dropbox/", "comparisons/go-vs-java/", "sources/", "search/"];
const problems = [];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
for (const [how, root, index] of [["file", folder, "index.html"], ["server", served, ""]]) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(`${page.url()}: ${m.text()}`); });
  page.on("pageerror", (e) => errors.push(`${page.url()}: ${e}`));
  // Nothing may be fetched from base_url: the preview is offline from the site's host.
  page.on("request", (r) => { if (!r.url().startsWith(root) && !r.url().startsWith("data:")) errors.push(`request outside the folder: ${r.url()}`); });
  for (const path of pages) {
    const url = root + path + index;
    await page.goto(url);
    await page.waitForLoadState("load");
    const styled = await page.evaluate(() => getComputedStyle(document.body).maxWidth !== "none");
    if (!styled) problems.push(`${how}: ${path || "/"} is not styled`);
    const outside = await page.evaluate((root) => [...document.querySelectorAll("a[href], link[href], script[src], img[src]")]
      .filter((e) => !(e.rel === "canonical"))
      .map((e) => e.href || e.src)
      .filter((u) => /^https?:\/\/gazette\.example\.org/.test(u) || (u.startsWith("file:") && !u.startsWith(root))), root);
    if (outside.length) problems.push(`${how}: ${path || "/"} links outside the folder: ${outside.slice(0, 5).join(", ")}`);
  }
  // Search works here too (from file:// the index's fragments load as scripts): "dropbox"
  // gives the company first, marked as one.
  await page.goto(root + "search/" + index + "?q=dropbox");
  const top = await page.waitForSelector("#search-results li a", { timeout: 10000 })
    .then(() => page.locator("#search-results li").first().evaluate((li) => [li.querySelector(".kind").textContent, new URL(li.querySelector("a").href).pathname]))
    .catch(() => null);
  if (!top) problems.push(`${how}: searching "dropbox" shows no result (${await page.locator("#search-status").textContent()})`);
  else if (top[0] !== "Company" || !/\/companies\/dropbox\/(index\.html)?$/.test(top[1])) problems.push(`${how}: searching "dropbox" gives ${top.join(" ")} first`);
  await page.screenshot({ path: join(artifacts, `preview-${how}-search.png`) });
  // Follow the nav as a reader would.
  await page.goto(root + index);
  await page.click("nav a[href*='companies']");
  await page.waitForLoadState("load");
  const heading = await page.locator("h1").first().textContent().catch(() => "");
  if (!/compan/i.test(heading || "")) problems.push(`${how}: the Companies link opened ${page.url()} (h1: ${heading})`);
  await page.screenshot({ path: join(artifacts, `preview-${how}-companies.png`) });
  // And from the companies index to a company: its page, not a folder listing.
  await page.click("#companies li a");
  await page.waitForLoadState("load");
  const company = await page.locator("h1").first().textContent().catch(() => "");
  const listing = await page.evaluate(() => /^Index of/.test(document.title) || !document.querySelector("link[rel=stylesheet]"));
  if (listing || !company) problems.push(`${how}: a company link on the companies index opened ${page.url()} (h1: ${company})`);
  if (errors.length) problems.push(`${how}: ${errors.slice(0, 8).join("; ")}`);
  await ctx.close();
}
await browser.close();
server.close();
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`previews from file:// and ${served} passed`);
