// Drives Debian's chromium (through playwright-core) over an unzipped bundle opened by file://,
// for tests/bundle.rs. It only observes and reports, as JSON on stdout; the Rust test decides.
//
//   node bundle_walk.js walk DIR CHROMIUM STEPS_JSON QUERY
//
// (Query times are measured by benches/search_query.js.)
//
// Every request that is not file:// is aborted and recorded, as is every file:// request
// outside DIR, every failed request, every console error and uncaught exception.
"use strict";
const { chromium } = require("playwright-core");
const path = require("path");
const { pathToFileURL } = require("url");

const [mode, dir, exe, arg1, arg2] = process.argv.slice(2);
const rootUrl = pathToFileURL(path.resolve(dir)).href + "/";

async function open() {
  const browser = await chromium.launch({ executablePath: exe, args: ["--no-sandbox", "--disable-gpu"] });
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  const report = { outside: [], failed: [], console: [], requests: 0, urls: [] };
  await context.route("**/*", (route) => {
    const url = route.request().url();
    report.requests++;
    report.urls.push(url);
    if (!url.startsWith("file://")) { report.outside.push(url); return route.abort(); }
    if (!url.startsWith(rootUrl)) report.outside.push(url);
    return route.continue();
  });
  const page = await context.newPage();
  page.on("requestfailed", (r) => report.failed.push(r.url() + " " + (r.failure() || {}).errorText));
  page.on("console", (m) => { if (m.type() === "error") report.console.push(m.text() + " @ " + page.url()); });
  page.on("pageerror", (e) => report.console.push("uncaught: " + e.message + " @ " + page.url()));
  return { browser, page, report };
}

const rel = (url) => url.startsWith(rootUrl) ? url.slice(rootUrl.length) : url;

// The page's h1, and every link on it.
async function look(page) {
  return page.evaluate(() => ({
    h1: (document.querySelector("h1") || {}).textContent || null,
    links: Array.from(document.querySelectorAll("a[href]")).map((a) => ({
      href: new URL(a.getAttribute("href"), document.baseURI).href, raw: a.getAttribute("href"), rel: a.getAttribute("rel") || "", text: a.textContent,
    })),
  }));
}

async function walk(steps, query) {
  const { browser, page, report } = await open();
  report.pages = [];
  report.followed = [];
  const opened = new Set();
  await page.goto(rootUrl + "index.html");
  for (let i = 0; ; i++) {
    const seen = await look(page);
    report.pages.push({ url: rel(page.url()), h1: seen.h1, links: seen.links.length });
    // Follow every link on this page (in a second tab), checking it opens and its fragment exists.
    const tab = await page.context().newPage();
    tab.on("pageerror", (e) => report.console.push("uncaught: " + e.message + " @ " + tab.url()));
    tab.on("console", (m) => { if (m.type() === "error") report.console.push(m.text() + " @ " + tab.url()); });
    for (const l of seen.links) {
      if (opened.has(l.href)) continue;
      opened.add(l.href);
      if (!l.href.startsWith("file://")) { report.followed.push({ from: rel(page.url()), href: l.raw, rel: l.rel, text: l.text, external: true }); continue; }
      const u = new URL(l.href);
      await tab.goto(l.href);
      const ok = await tab.evaluate((frag) => ({
        h1: !!document.querySelector("h1"),
        target: !frag || !!document.getElementById(decodeURIComponent(frag)),
      }), u.hash.slice(1));
      report.followed.push({ from: rel(page.url()), href: l.raw, file: rel(l.href.split("#")[0]), h1: ok.h1, target: ok.target });
    }
    await tab.close();
    if (i === steps.length) break;
    // "issues/index.html" is the index of issues; "issues/" a page in that folder other
    // than its index (every link of a bundle names a file: `../issues/irritants/index.html`).
    const folder = steps[i].replace(/index\.html$/, "");
    const wantIndex = steps[i].endsWith("index.html");
    const next = seen.links.find((l) => l.raw.includes(folder) && l.raw.split("#")[0].endsWith(folder + "index.html") === wantIndex && l.href.startsWith("file://"));
    if (!next) { report.stuck = "no link containing " + steps[i] + " on " + rel(page.url()); break; }
    await page.goto(next.href);
  }
  // Search from the header box of the home page, as a reader types.
  await page.goto(rootUrl + "index.html");
  await page.click("#site-search-q");
  await page.keyboard.type(query, { delay: 30 });
  const panel = page.locator("#site-search-panel");
  await panel.waitFor({ state: "visible", timeout: 10000 });
  await page.waitForFunction((q) => document.getElementById("site-search-q").value === q &&
    document.querySelector("#site-search-panel .search-all") !== null, query, { timeout: 10000 });
  report.search = await page.evaluate(() => ({
    expanded: document.getElementById("site-search-q").getAttribute("aria-expanded"),
    total: window.DOSSIER_SEARCH.results,
    groups: Array.from(document.querySelectorAll("#site-search-panel [role=group]")).map((g) => ({
      label: g.querySelector(".search-group-label").textContent,
      options: Array.from(g.querySelectorAll("[role=option]")).map((o) => ({
        id: o.id, href: o.querySelector("a").getAttribute("href"), text: o.textContent,
        marked: Array.from(o.querySelectorAll("mark")).map((m) => m.textContent),
      })),
    })),
  }));
  // Choose the first full-text passage by keyboard: arrows, then Enter.
  const options = report.search.groups.flatMap((g) => g.options.map((o) => ({ ...o, group: g.label })));
  const target = options.findIndex((o) => o.group.startsWith("Passages"));
  if (target >= 0) {
    for (let k = 0; k <= target; k++) await page.keyboard.press("ArrowDown");
    report.search.active = await page.evaluate(() => document.getElementById("site-search-q").getAttribute("aria-activedescendant"));
    await Promise.all([page.waitForURL((u) => u.hash.length > 1), page.keyboard.press("Enter")]);
    await page.waitForLoadState("load");
    report.landed = await page.evaluate(() => {
      const el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
      const r = el && el.getBoundingClientRect();
      return {
        url: location.href, h1: (document.querySelector("h1") || {}).textContent,
        text: el ? el.textContent : null,
        inView: !!r && r.top > -1 && r.top < window.innerHeight && r.bottom > 0,
      };
    });
    report.landed.url = rel(report.landed.url);
    report.landed.chosen = options[target];
  }
  await browser.close();
  return report;
}

(async () => {
  const out = await walk(JSON.parse(arg1), arg2);
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e && e.stack || String(e)); process.exit(2); });
