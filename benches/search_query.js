// Search query times in Debian's chromium (driven by playwright-core) over an unzipped bundle
// opened by file://, for benches/search.rs (`cargo bench --bench search`). It only measures
// and reports, as JSON on stdout.
//
//   NODE_PATH=.tools/node_modules node benches/search_query.js DIR CHROMIUM QUERIES_JSON [ROUNDS]
//
// For each query, three times: on a fresh page, entered in the header's search box as soon as
// the page has loaded ("cold": search/index.js, the term shards and the item scripts of the
// articles shown all loaded for it); on a fresh page where the reader paused first, so the
// page loaded search/index.js when idle, as it does from file:// ("paused": the shards and
// item scripts loaded for it); and on the same page again after clearing the box ("warm").
// Cold and paused are measured ROUNDS times (default 3), each on a fresh page, and reported as
// the median and the slowest. Two clocks: `search.js`'s own, from the input event to the panel filled (`data-ms`), and the
// driver's, from sending the text to seeing the panel (adds the DevTools round trips).
//
// Requests are watched, not intercepted: intercepting each one puts a round trip to this
// driver on every script load, which no reader has. The network is shut instead (every
// http(s) request goes to a proxy on a closed port), and a request that is not file:// is
// reported.
"use strict";
const { chromium } = require("playwright-core");
const fs = require("fs");
const path = require("path");
const { pathToFileURL, fileURLToPath } = require("url");

const [dir, exe, queriesJson, roundsArg] = process.argv.slice(2);
const rounds = Number(roundsArg || 3);
const median = (v) => v.slice().sort((a, b) => a - b)[Math.floor(v.length / 2)];
const rootUrl = pathToFileURL(path.resolve(dir)).href + "/";

async function enter(page, q) {
  const t0 = Date.now();
  await page.fill("#site-search-q", q);
  await page.waitForFunction((q) => {
    const p = document.getElementById("site-search-panel");
    return !p.hidden && p.getAttribute("data-q") === q;
  }, q, { timeout: 30000, polling: 1 });
  return { ms: Number(await page.getAttribute("#site-search-panel", "data-ms")), wall: Date.now() - t0 };
}

(async () => {
  const browser = await chromium.launch({
    executablePath: exe,
    args: ["--no-sandbox", "--disable-gpu", "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>"],
  });
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  const report = { outside: [], errors: [], queries: [] };
  let urls = [];
  context.on("request", (r) => {
    const url = r.url();
    urls.push(url);
    if (!url.startsWith(rootUrl) && !url.startsWith("data:")) report.outside.push(url);
  });
  async function fresh() {
    const page = await context.newPage();
    page.on("pageerror", (e) => report.errors.push(e.message));
    page.on("console", (m) => { if (m.type() === "error") report.errors.push(m.text()); });
    await page.goto(rootUrl + "index.html");
    return page;
  }
  for (const q of JSON.parse(queriesJson)) {
    const colds = [], pauseds = [];
    let scripts = [];
    for (let r = 0; r < rounds; r++) {
      const page = await fresh();
      urls = [];
      colds.push(await enter(page, q));
      scripts = urls.filter((u) => u.includes("/search/"));
      await page.close();
    }
    let page;
    for (let r = 0; r < rounds; r++) {
      if (page) await page.close();
      page = await fresh();
      await page.waitForFunction(() => window.DOSSIER_SEARCH.indexed === true, null, { polling: 5 });
      pauseds.push(await enter(page, q));
    }
    await page.fill("#site-search-q", "");
    const warm = await enter(page, q);
    const sizes = scripts.map((u) => ({ file: u.slice(rootUrl.length), bytes: fs.statSync(fileURLToPath(u)).size }));
    const terms = sizes.filter((s) => s.file.startsWith("search/t/"));
    const ms = (v) => v.map((x) => x.ms), wall = (v) => v.map((x) => x.wall);
    report.queries.push({
      q, results: await page.evaluate(() => window.DOSSIER_SEARCH.results),
      coldMs: median(ms(colds)), coldMax: Math.max(...ms(colds)), coldWall: median(wall(colds)),
      pausedMs: median(ms(pauseds)), pausedMax: Math.max(...ms(pauseds)), pausedWall: median(wall(pauseds)),
      warmMs: warm.ms, warmWall: warm.wall,
      scripts: sizes.length, bytes: sizes.reduce((a, s) => a + s.bytes, 0),
      shards: terms.length,
      largestShard: terms.reduce((a, s) => (s.bytes > a.bytes ? s : a), { file: null, bytes: 0 }),
    });
    await page.close();
  }
  await browser.close();
  process.stdout.write(JSON.stringify(report));
})().catch((e) => { console.error(e && e.stack || String(e)); process.exit(2); });
