// axe-core in headless Chromium (Debian's, driven by playwright-core) on every URL listed in
// the file given as argument, in light and dark colour schemes. Prints the violations, and
// exits 1 when there is any.
const fs = require("fs");
const path = require("path");
const tools = path.join(__dirname, "..", ".tools", "node_modules");
const { chromium } = require(path.join(tools, "playwright-core"));
const axeSource = fs.readFileSync(path.join(tools, "axe-core", "axe.min.js"), "utf8");

(async () => {
  const urls = fs.readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean);
  const executablePath = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find(fs.existsSync);
  if (!executablePath) {
    console.error("no Chromium: install it with `apt-get install -y chromium` (or `bash .ci/install`)");
    process.exit(2);
  }
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
  let total = 0;
  const byRule = {};
  for (const scheme of ["light", "dark"]) {
    const context = await browser.newContext({ colorScheme: scheme });
    const page = await context.newPage();
    for (const url of urls) {
      await page.goto(url);
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(async () => {
        const r = await axe.run(document, { resultTypes: ["violations"] });
        return r.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(" ")) }));
      });
      for (const v of result) {
        total += v.nodes.length;
        byRule[v.id] = (byRule[v.id] || 0) + v.nodes.length;
        console.log(`${scheme} ${url}: ${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 3).join(", ")}`);
      }
    }
    await context.close();
  }
  await browser.close();
  console.log(`axe: ${urls.length} pages x 2 colour schemes, ${total} violating nodes`, byRule);
  // Rules listed in .ci/axe-known are reported but do not fail the run: known debts, each
  // with the reason and its owner in that file. Everything else fails.
  const known = fs
    .readFileSync(path.join(__dirname, "axe-known"), "utf8")
    .split("\n")
    .map((l) => l.replace(/#.*/, "").trim())
    .filter(Boolean);
  const failing = Object.keys(byRule).filter((r) => !known.includes(r));
  if (failing.length) console.log(`axe: failing rules: ${failing.join(", ")}`);
  process.exit(failing.length > 0 ? 1 : 0);
})().catch((e) => {
  console.error(e);
  process.exit(2);
});
