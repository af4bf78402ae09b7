// Drives Debian's Chromium (through playwright-core) against a running `dossier serve`, for
// tests/serve_browser.rs: edits files of the served dossier and reports what the browser saw,
// as one JSON object on stdout. The Rust test makes the assertions.
//
// Environment: PLAYWRIGHT (path of playwright-core), CHROMIUM (the browser executable),
// BASE (http://127.0.0.1:PORT/), ROOT (the dossier), ARTICLE (a slug).
"use strict";
const fs = require("fs");
const path = require("path");
const { chromium } = require(process.env.PLAYWRIGHT);

const WAIT = 60000;
const base = process.env.BASE;
const article = process.env.ARTICLE;
const toml = path.join(process.env.ROOT, "content", "articles", article + ".toml");

function edit(from, to) {
  const text = fs.readFileSync(toml, "utf8");
  if (!text.includes(from)) throw new Error(`${toml} has no ${JSON.stringify(from)}`);
  fs.writeFileSync(toml, text.replace(from, to));
}

// The text of the first element of the shadow root of `host`, or "" (no box yet).
async function shadowText(page, host, selector) {
  return page.evaluate(([h, s]) => {
    const el = document.getElementById(h);
    const node = el && el.shadowRoot && el.shadowRoot.querySelector(s);
    return node && !el.hidden ? node.textContent : "";
  }, [host, selector]);
}

async function main() {
  const out = { consoleErrors: [] };
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu"],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
  const page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error") out.consoleErrors.push(m.text() + " (" + m.location().url + ")");
  });
  page.on("pageerror", (e) => out.consoleErrors.push(String(e)));
  page.setDefaultTimeout(WAIT);

  await page.goto(base + "articles/" + article + "/");
  // The stream is open once the greeting came: the tab then cannot miss a reload.
  await page.waitForFunction(() => window.dossierLive && window.dossierLive.connected);

  // 1. Edit an annotation: the page reloads by itself, at the same scroll position.
  // Chromium restores the scroll position of a reloaded page by itself; turned off, the
  // position after the reload is the injected script's doing (as in browsers that do not).
  await page.evaluate(() => { history.scrollRestoration = "manual"; window.scrollTo(0, 900); });
  out.scrollBefore = await page.evaluate(() => window.scrollY);
  edit("The Moscow Times's translation has *canceled*.", "Edited in the browser BROWSER-1A.");
  await page.waitForFunction(() => document.body.textContent.includes("BROWSER-1A"));
  await page.waitForLoadState("load");
  out.scrollAfter = await page.evaluate(() => window.scrollY);
  out.noteAfterEdit = await page.evaluate(() =>
    [...document.querySelectorAll(".sidenote.sn-note")].map((a) => a.textContent)
      .find((t) => t.includes("BROWSER-1A")) || "");

  // 2. A bad edit shows the overlay over the page; the fix removes it with a reload.
  // The key is HTML: the overlay must show it as text.
  edit("speaker = ", '"<i>speakr</i>" = ');
  await page.waitForFunction(() => {
    const h = document.getElementById("dossier-overlay");
    return h && !h.hidden && h.shadowRoot.querySelector("pre").textContent.length > 0;
  });
  out.overlay = await shadowText(page, "dossier-overlay", "pre");
  out.overlayTitle = await shadowText(page, "dossier-overlay", "header span");
  out.overlayElements = await page.evaluate(() => document.getElementById("dossier-overlay")
    .shadowRoot.querySelectorAll("pre *").length);
  edit('"<i>speakr</i>" = ', "speaker = ");
  await page.waitForFunction(() => !document.getElementById("dossier-overlay"));

  // 3. Select a passage (the second "Feb. 27" of the article): the picker offers the TOML.
  await page.evaluate(() => {
    const body = document.querySelector("main .body");
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      const i = node.data.indexOf("Istanbul on Feb. 27");
      if (i >= 0) {
        const start = i + "Istanbul on ".length;
        const range = document.createRange();
        range.setStart(node, start);
        range.setEnd(node, start + "Feb. 27".length);
        const sel = document.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        return;
      }
    }
    throw new Error("no second Feb. 27 in the page");
  });
  await page.waitForFunction(() => {
    const h = document.getElementById("dossier-picker");
    return h && h.shadowRoot.querySelector("pre").textContent.includes("[[");
  });
  out.pickerKinds = await page.evaluate(() => [...document.getElementById("dossier-picker")
    .shadowRoot.querySelectorAll("button[data-kind]")].map((b) => b.dataset.kind));
  await page.locator("#dossier-picker button[data-kind=note]").click();
  out.pickerNote = await shadowText(page, "dossier-picker", "p");
  out.picked = await shadowText(page, "dossier-picker", "pre");
  await page.locator("#dossier-picker button.copy").click();
  await page.waitForFunction(() => document.getElementById("dossier-picker")
    .shadowRoot.querySelector("button.copy").textContent === "Copied");
  out.clipboard = await page.evaluate(() => navigator.clipboard.readText());

  // 4. Paste it into the annotation file: after the reload, the passage is highlighted.
  fs.appendFileSync(toml, "\n" + out.clipboard.replace('body = ""', 'body = "PICKED-2B"'));
  await page.waitForFunction(() => document.body.textContent.includes("PICKED-2B"));
  await page.waitForLoadState("load");
  out.highlight = await page.evaluate(() => {
    const aside = [...document.querySelectorAll(".sidenote.sn-note")]
      .find((a) => a.textContent.includes("PICKED-2B"));
    const anchor = aside.id.replace(/^sn-/, "");
    const mark = document.getElementById(anchor);
    return {
      mark: mark ? mark.textContent : null,
      paragraph: mark ? mark.closest("p").textContent : null,
    };
  });
  await browser.close();
  process.stdout.write(JSON.stringify(out));
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack || e) + "\n");
  process.exit(1);
});
