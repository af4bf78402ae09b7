// The header's search panel against the search page in Debian's chromium (through
// playwright-core), for tests/search_panel.rs. It only observes and reports, as JSON on
// stdout; the Rust test decides.
//
//   node search_panel.js CHROMIUM SITE_DIR QUERIES_JSON
//
// For each query, on a fresh home page opened by file://: the query typed into the header's
// box, then per group of the panel its label and the absolute links of its results, the
// search scripts the query loaded and how many stems' postings the page decoded; then the search page (search/index.html?q=...) with, per
// group, its label and the absolute links of its results. Console errors and requests that
// leave file:// are reported too.
"use strict";
const { chromium } = require("playwright-core");
const path = require("path");
const { pathToFileURL } = require("url");

const [exe, dir, queriesJson] = process.argv.slice(2);
const rootUrl = pathToFileURL(path.resolve(dir)).href + "/";

(async () => {
  const browser = await chromium.launch({ executablePath: exe, args: ["--no-sandbox", "--disable-gpu"] });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const out = { outside: [], errors: [], queries: [] };
  let loaded = [];
  context.on("request", (r) => {
    const url = r.url();
    if (!url.startsWith(rootUrl) && !url.startsWith("data:")) out.outside.push(url);
    else if (url.includes("/search/")) loaded.push(url.slice(rootUrl.length));
  });
  for (const q of JSON.parse(queriesJson)) {
    const page = await context.newPage();
    page.on("pageerror", (e) => out.errors.push(e.message));
    page.on("console", (m) => { if (m.type() === "error") out.errors.push(m.text()); });
    await page.goto(rootUrl + "index.html");
    loaded = [];
    await page.fill("#site-search-q", q);
    await page.waitForFunction((q) => {
      const p = document.getElementById("site-search-panel");
      return !p.hidden && p.getAttribute("data-q") === q;
    }, q, { timeout: 30000 });
    const panel = await page.evaluate(() => Array.from(document.querySelectorAll("#site-search-panel [role=group]")).map((g) => ({
      label: g.querySelector(".search-group-label").textContent,
      links: Array.from(g.querySelectorAll("[role=option] a")).map((a) => a.href),
    })));
    const scripts = loaded.slice();
    const decoded = await page.evaluate(() => window.DOSSIER_SEARCH.decoded);
    await page.goto(rootUrl + "search/index.html?q=" + encodeURIComponent(q));
    await page.waitForFunction(() => / results? for /.test(document.getElementById("search-status").textContent), null, { timeout: 30000 });
    const full = await page.evaluate(() => Array.from(document.querySelectorAll("#search-results > li")).map((g) => ({
      label: g.querySelector("h2").textContent,
      links: Array.from(g.querySelectorAll("li.search-result > a")).map((a) => a.href),
    })));
    out.queries.push({ q, panel, scripts, decoded, page: full });
    await page.close();
  }
  await browser.close();
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e && e.stack || String(e)); process.exit(2); });
