// The default theme in a real browser: axe-core on every page of the bundled site (no serious
// or critical violations), the key pages at 375 px and 1280 px (no console errors, no
// horizontal overflow, screenshots saved), the companies filter and search.
// Usage: node theme.mjs PUBLIC_DIR PORT ARTIFACTS_DIR
import { chromium } from "playwright-core";
import { createServer } from "node:http";
import { readFileSync, existsSync, statSync, readdirSync, mkdirSync } from "node:fs";
import { join, extname, relative } from "node:path";
import { createRequire } from "node:module";

const [dir, port, artifacts] = process.argv.slice(2);
mkdirSync(artifacts, { recursive: true });
const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json", ".xml": "application/xml", ".svg": "image/svg+xml", ".txt": "text/plain" };
const server = createServer((req, res) => {
  let path = decodeURIComponent(new URL(req.url, "http://x").pathname);
  let file = join(dir, path);
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
  if (!file.startsWith(dir) || !existsSync(file)) {
    res.writeHead(404, { "Content-Type": types[".html"] });
    return res.end(readFileSync(join(dir, "404.html")));
  }
  res.writeHead(200, { "Content-Type": types[extname(file)] || "application/octet-stream" });
  res.end(readFileSync(file));
});
await new Promise((ok) => server.listen(Number(port), "127.0.0.1", ok));
const base = `http://127.0.0.1:${port}`;

const problems = [];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");

// Every HTML page that is not a redirect.
const pages = [];
const walk = (d) => {
  for (const name of readdirSync(d)) {
    const p = join(d, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith(".html") && !readFileSync(p, "utf8").includes('http-equiv="refresh"')) pages.push("/" + relative(dir, p).replace(/index\.html$/, ""));
  }
};
walk(dir);

const context = await browser.newContext();
const page = await context.newPage();
for (const path of pages.sort()) {
  await page.goto(base + path);
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () => await axe.run(document, { resultTypes: ["violations"] }));
  for (const v of result.violations.filter((v) => v.impact === "serious" || v.impact === "critical")) {
    problems.push(`axe ${v.impact} ${v.id} on ${path}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
  }
}
console.log(`axe-core checked ${pages.length} pages`);

for (const width of [375, 1280]) {
  const ctx = await browser.newContext({ viewport: { width, height: 900 } });
  const p = await ctx.newPage();
  const consoleErrors = [];
  p.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
  p.on("pageerror", (e) => consoleErrors.push(String(e)));
  for (const [name, path] of [["home", "/"], ["company", "/companies/dropbox/"], ["comparison", "/comparisons/go-vs-java/"], ["search", "/search/?q=dropbox"], ["companies", "/companies/"]]) {
    await p.goto(base + path);
    await p.waitForLoadState("networkidle");
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) problems.push(`${path} at ${width}px overflows horizontally by ${overflow}px`);
    await p.screenshot({ path: join(artifacts, `theme-${name}-${width}.png`), fullPage: true });
  }
  if (consoleErrors.length) problems.push(`console errors at ${width}px: ${consoleErrors.join("; ")}`);
  await ctx.close();
}

// The companies index filters by domain without a reload.
await page.goto(`${base}/companies/`);
const total = await page.locator("#companies li").count();
await page.selectOption("#domain-select", "payments-and-fintech");
const visible = await page.locator("#companies li:visible").count();
const wrong = await page.locator("#companies li:visible").evaluateAll((lis) => lis.filter((li) => !li.dataset.domains.split(" ").includes("payments-and-fintech")).length);
if (!(visible > 0 && visible < total && wrong === 0)) problems.push(`domain filter: ${visible} of ${total} shown, ${wrong} outside the domain`);
const emptyLetters = await page.locator("#companies section:visible").evaluateAll((ss) => ss.filter((s) => !s.querySelector("li:not([hidden])")).length);
if (emptyLetters) problems.push(`domain filter: ${emptyLetters} letter groups shown with no company`);
await page.screenshot({ path: join(artifacts, "theme-companies-filtered.png") });

// Search finds the Dropbox company page first.
await page.goto(`${base}/search/`);
await page.fill("#search-input", "dropbox");
await page.waitForSelector("#search-results li a");
const first = await page.locator("#search-results li a").first();
const href = await first.getAttribute("href");
if (!href.endsWith("/companies/dropbox/")) problems.push(`searching "dropbox" gives ${href} first`);
for (const [q, want] of [["payments", "/domains/payments-and-fintech/"], ["java", "/comparisons/go-vs-java/"]]) {
  await page.fill("#search-input", q);
  await page.waitForFunction((w) => document.querySelector("#search-results li a")?.getAttribute("href").endsWith(w), want, { timeout: 5000 }).catch(() => problems.push(`searching "${q}" does not give ${want} first`));
}
await page.screenshot({ path: join(artifacts, "theme-search-java.png") });
// "payments" lists the domain and every company in it on the first page, each with a snippet.
await page.goto(`${base}/domains/payments-and-fintech/`);
const inDomain = await page.locator("main a[href*='companies/']").evaluateAll((as) => [...new Set(as.map((a) => new URL(a.href).pathname.replace(/index\.html$/, "")).filter((p) => /^\/companies\/[^/]+\/$/.test(p)))]);
await page.goto(`${base}/search/`);
await page.fill("#search-input", "payments");
await page.waitForSelector("#search-results li a");
const found = await page.locator("#search-results li a").evaluateAll((as) => as.map((a) => new URL(a.href).pathname.replace(/index\.html$/, "")));
const missing = inDomain.filter((p) => !found.includes(p));
if (!inDomain.length || missing.length) problems.push(`searching "payments" misses ${missing.join(", ")} of ${inDomain.length} companies in the domain`);
const snippets = await page.locator("#search-results li .snippet").count();
if (snippets < found.length / 2) problems.push(`only ${snippets} of ${found.length} results have a snippet`);
console.log(`"payments": ${found.length} results, ${inDomain.length} companies of the domain all among them: ${!missing.length}`);
await page.screenshot({ path: join(artifacts, "theme-search-payments.png") });

await browser.close();
server.close();
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log("theme checks passed");
