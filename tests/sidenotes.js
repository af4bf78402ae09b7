// Measures where sidenotes land, in Debian's chromium (through playwright-core), for
// tests/sidenotes.rs. It only observes and reports, as JSON on stdout; the Rust test decides.
//
//   node sidenotes.js CHROMIUM WIDTH SHOTS_DIR FILE...
//
// For each page (opened by file://): per sidenote, its box, its marker's box, whether it is
// floated, and the bottom of the main column (the article body); a screenshot of the whole
// page goes to SHOTS_DIR when that is not "-".
"use strict";
const { chromium } = require("playwright-core");
const path = require("path");
const { pathToFileURL } = require("url");

const [exe, width, shots, ...files] = process.argv.slice(2);

(async () => {
  const browser = await chromium.launch({ executablePath: exe, args: ["--no-sandbox", "--disable-gpu"] });
  const context = await browser.newContext({ viewport: { width: Number(width), height: 900 } });
  const page = await context.newPage();
  const pages = [];
  for (const file of files) {
    await page.goto(pathToFileURL(path.resolve(file)).href);
    const r = await page.evaluate(() => {
      const box = (e) => { const b = e.getBoundingClientRect(); return { top: b.top + scrollY, bottom: b.bottom + scrollY, left: b.left, right: b.right }; };
      const body = document.querySelector(".article .body");
      const after = body.parentElement.querySelector(".trimmed, .article-footer");
      return {
        body: box(body),
        next: after ? box(after) : null,
        notes: Array.from(document.querySelectorAll(".sidenote")).map((n) => {
          const ref = document.getElementById("ref-" + n.id.slice(3));
          return { id: n.id, note: box(n), marker: ref ? box(ref) : null, float: getComputedStyle(n).float };
        }),
      };
    });
    r.file = file;
    if (shots !== "-") {
      const shot = path.join(shots, path.basename(path.dirname(file)) + "-" + width + ".png");
      await page.screenshot({ path: shot, fullPage: true });
      r.shot = shot;
    }
    pages.push(r);
  }
  await browser.close();
  process.stdout.write(JSON.stringify(pages));
})().catch((e) => { console.error(e); process.exit(1); });
