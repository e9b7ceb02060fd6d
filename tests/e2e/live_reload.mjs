// Live reload and the error overlay in a real browser (Debian's chromium, driven by
// playwright-core). Called by tests/it/e2e.rs with the server URL and the site directory;
// exits non-zero with a message on the first failed expectation.
import { chromium } from "playwright-core";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";

const [url, site, artifacts] = process.argv.slice(2);
mkdirSync(artifacts, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const fail = async (page, message) => {
  await page.screenshot({ path: join(artifacts, "failure.png"), fullPage: true }).catch(() => {});
  console.error(message);
  await browser.close();
  process.exit(1);
};
const page = await browser.newPage();
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
await page.goto(`${url}/blog/third/`);
if (!(await page.textContent("h1")).includes("Third post")) await fail(page, "page did not load");
// Wait until the page's event stream is connected before editing.
await page.waitForFunction(() => performance.getEntriesByType("resource").some((r) => r.name.includes("/__gazette/events")) || true);
await page.waitForTimeout(500);

const post = join(site, "content/blog/third.md");
writeFileSync(post, readFileSync(post, "utf8").replace("Third.", "Third, edited while the page was open."));
try {
  await page.waitForFunction(() => document.body.innerText.includes("edited while the page was open"), null, { timeout: 15000 });
} catch {
  await fail(page, "the edit did not show without a manual reload");
}
await page.screenshot({ path: join(artifacts, "after-edit.png") });

const template = join(site, "templates/page.html");
const good = readFileSync(template, "utf8");
writeFileSync(template, good.replace("{{ page.title }}</h1>", "{{ page.title </h1>"));
try {
  await page.waitForSelector("#__gazette_overlay", { timeout: 15000 });
} catch {
  await fail(page, "no error overlay after breaking the template");
}
const overlay = await page.textContent("#__gazette_overlay");
if (!overlay.includes("templates/page.html")) await fail(page, `overlay does not name the template: ${overlay}`);
await page.screenshot({ path: join(artifacts, "overlay.png") });

writeFileSync(template, good);
try {
  await page.waitForSelector("#__gazette_overlay", { state: "detached", timeout: 15000 });
} catch {
  await fail(page, "the overlay did not go away after the fix");
}
await page.screenshot({ path: join(artifacts, "fixed.png") });
if (errors.length) await fail(page, `page errors: ${errors.join("; ")}`);
await browser.close();
console.log("live reload, overlay and recovery work in chromium");
