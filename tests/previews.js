// Hover previews in Debian's chromium (through playwright-core), for tests/previews.rs. It
// only observes and reports, as JSON on stdout; the Rust test decides.
//
//   node previews.js CHROMIUM AXE_JS FILE
//
// Opens FILE by file:// in light and dark schemes, and per scheme: hovers the first mention
// of a person in the body, reports the tooltip (its role, text, its markup's elements, whether
// the link is described by it), runs axe-core with it open, presses Escape and reports whether
// it closed; then moves keyboard focus (Tab) onto a quote's speaker link in a sidenote and
// reports the tooltip and where focus is. Requests that leave file:// are reported too.
"use strict";
const { chromium } = require("playwright-core");
const fs = require("fs");
const path = require("path");
const { pathToFileURL } = require("url");

const [exe, axePath, file] = process.argv.slice(2);
const axeSource = fs.readFileSync(axePath, "utf8");

async function tip(page) {
  return page.evaluate(() => {
    const t = document.getElementById("preview-tip");
    if (!t) return null;
    const b = t.getBoundingClientRect();
    return {
      role: t.getAttribute("role"),
      visible: !t.hidden && b.width > 0 && b.height > 0,
      title: (t.querySelector(".pv-title") || {}).textContent || null,
      kind_role: (t.querySelector(".pv-role") || {}).textContent || null,
      summary: (t.querySelector(".pv-summary") || {}).textContent || null,
      elements: Array.from(t.querySelectorAll("*")).map((e) => e.tagName.toLowerCase()),
    };
  });
}

(async () => {
  const browser = await chromium.launch({ executablePath: exe, args: ["--no-sandbox", "--disable-gpu"] });
  const out = { outside: [], schemes: [] };
  for (const scheme of ["light", "dark"]) {
    const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on("request", (r) => { if (!r.url().startsWith("file:")) out.outside.push(r.url()); });
    await page.goto(pathToFileURL(path.resolve(file)).href);
    const r = { scheme };
    const mention = page.locator(".body a.mention[href*='people/']").first();
    r.mention_href = await mention.getAttribute("href");
    await mention.hover();
    r.hover = await tip(page);
    r.described = await mention.getAttribute("aria-describedby");
    await page.addScriptTag({ content: axeSource });
    r.axe = await page.evaluate(async () => {
      const x = await axe.run(document, { resultTypes: ["violations"] });
      return x.violations.map((v) => v.id + ": " + v.nodes.map((n) => n.target.join(" ")).join(", "));
    });
    await page.keyboard.press("Escape");
    r.after_escape = await tip(page);
    await page.mouse.move(0, 0);
    // Keyboard: Tab from the link just before the speaker link onto it.
    const speaker = page.locator(".sidenote.sn-quote a[href*='people/']").first();
    r.speaker_href = await speaker.getAttribute("href");
    await speaker.evaluate((a) => {
      const all = Array.from(document.querySelectorAll("a[href]"));
      all[all.indexOf(a) - 1].focus();
    });
    await page.keyboard.press("Tab");
    r.focused_href = await page.evaluate(() => document.activeElement.getAttribute("href"));
    r.focus = await tip(page);
    await page.keyboard.press("Escape");
    r.focus_after_escape = await tip(page);
    r.focused_after_escape = await page.evaluate(() => document.activeElement.getAttribute("href"));
    out.schemes.push(r);
    await context.close();
  }
  await browser.close();
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
