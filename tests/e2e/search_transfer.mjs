// For benches/search_transfer.sh: opens a search page in Chromium, runs each query and prints
// how many results it gave and how many bytes of the index it loaded.
// Usage: node search_transfer.mjs PAGE_URL QUERY...
import { chromium } from "playwright-core";

const [url, ...queries] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
let worst = 0;
for (const q of queries) {
  // A fresh context per query: nothing cached from the one before.
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const loads = [];
  page.on("response", (r) => { if (/\/search\/[^/]+\/[^/]+\.js$/.test(r.url())) loads.push(r.body().then((b) => b.length).catch(() => 0)); });
  await page.goto(`${url}?q=${encodeURIComponent(q)}`);
  await page.waitForFunction(() => /result/.test(document.getElementById("search-status").textContent), null, { timeout: 20000 });
  await page.waitForLoadState("networkidle");
  const bytes = (await Promise.all(loads)).reduce((a, b) => a + b, 0);
  worst = Math.max(worst, bytes);
  const status = await page.locator("#search-status").textContent();
  console.log(`${JSON.stringify(q).padEnd(24)} ${String(loads.length).padStart(3)} files ${(bytes / 1024).toFixed(1).padStart(7)} KB   ${status}`);
  await ctx.close();
}
console.log(`most for one query: ${(worst / 1024).toFixed(1)} KB`);
await browser.close();
