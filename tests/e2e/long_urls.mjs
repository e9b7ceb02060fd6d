// Long web addresses on a phone: at 375 px, every link whose text is an address keeps its
// host name on one line (when the host fits on a line at all) and nothing overflows.
// Usage: node long_urls.mjs PUBLIC_DIR PAGE... ARTIFACTS_DIR   (pages relative to PUBLIC_DIR)
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [dir, ...rest] = process.argv.slice(2);
const artifacts = rest.pop();
const pages = rest;
mkdirSync(artifacts, { recursive: true });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const page = await (await browser.newContext({ viewport: { width: 375, height: 800 } })).newPage();
const problems = [];
let checked = 0;
for (const [i, path] of pages.entries()) {
  await page.goto(pathToFileURL(join(dir, path)).href);
  const found = await page.evaluate(() => {
    const out = { checked: 0, broken: [] };
    for (const a of document.querySelectorAll("main a")) {
      const text = a.textContent;
      if (!/^https?:\/\/\S+$/.test(text)) continue;
      // The host name, after "//" (a break after the "//" is fine), as a range over the
      // link's text nodes (the <wbr>s split them).
      const start = text.indexOf("//") + 2;
      const host = new URL(text).host;
      const end = start + host.length;
      const range = document.createRange();
      const walker = document.createTreeWalker(a, NodeFilter.SHOW_TEXT);
      let seen = 0, node;
      while ((node = walker.nextNode())) {
        if (seen <= start && start <= seen + node.length) range.setStart(node, start - seen);
        if (seen <= end && end <= seen + node.length) { range.setEnd(node, end - seen); break; }
        seen += node.length;
      }
      const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      // Measured before the probe goes in: a grid cell widens to hold it.
      const line = a.parentElement.getBoundingClientRect().width;
      const probe = document.createElement("span");
      probe.style.whiteSpace = "nowrap";
      probe.textContent = host;
      a.parentElement.append(probe);
      const fits = probe.getBoundingClientRect().width <= line;
      probe.remove();
      out.checked++;
      if (fits && lines.size > 1) out.broken.push(host);
    }
    out.overflow = document.documentElement.scrollWidth - window.innerWidth;
    return out;
  });
  checked += found.checked;
  for (const host of found.broken) problems.push(`${path}: the host ${host} is broken across lines at 375 px`);
  if (found.overflow > 0) problems.push(`${path} overflows horizontally by ${found.overflow}px at 375 px`);
  await page.screenshot({ path: join(artifacts, `long-urls-${i}.png`), fullPage: true });
}
if (!checked) problems.push("no link with an address as its text on these pages");
console.log(`long addresses: ${checked} links checked on ${pages.length} pages`);
await browser.close();
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
