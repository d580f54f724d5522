// The search page in a real browser: Debian's Chromium, headless, driven by playwright-core.
// Starts `vnsearch serve` on a copy of the seeds plus one article carrying HTML, types an
// unaccented query, checks highlighted hits, opens an article, checks no article text ran
// as HTML, and saves screenshots (desktop and phone width).
//
// VNSEARCH_BIN: the binary (default: target/debug/vnsearch, built by `cargo test`).
// SCREENSHOT_DIR: where screenshots go (default: target/browser-test, git-ignored).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, cpSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const bin = process.env.VNSEARCH_BIN || join(root, "target/debug/vnsearch");
const shots = process.env.SCREENSHOT_DIR || join(root, "target/browser-test");
const work = mkdtempSync(join(tmpdir(), "vnsearch-browser-"));
let server;
let base;
let browser; // a persistent context on a fresh profile

before(async () => {
  mkdirSync(shots, { recursive: true });
  cpSync(join(root, "seeds"), join(work, "seeds"), { recursive: true });
  // An article whose title and text hold markup that must stay text.
  writeFileSync(join(work, "html.jsonl"), JSON.stringify({
    id: "canh-bao-ma-doc",
    title: "Cảnh báo <img src=x onerror=\"window.__pwned=1\"> mã độc",
    body: "Thư lừa đảo chứa <script>window.__pwned=2</script> và <img src=x onerror=\"window.__pwned=3\"> để đánh cắp mật khẩu hợp tác xã.",
    date: "2024-01-30",
    source: "An ninh <b>mạng</b>",
  }) + "\n");
  const index = join(work, "index");
  execFileSync(bin, ["--index", index, "index", join(work, "seeds"), join(work, "html.jsonl")], { stdio: ["ignore", "ignore", "inherit"] });
  server = spawn(bin, ["--index", index, "serve", "--addr", "127.0.0.1:0"], { cwd: work, stdio: ["ignore", "ignore", "pipe"] });
  base = await new Promise((ok, fail) => {
    let seen = "";
    const timer = setTimeout(() => fail(new Error("server did not start: " + seen)), 60_000);
    server.stderr.on("data", (chunk) => {
      seen += chunk;
      const match = seen.match(/listening on (http:\/\/\S+)\r?\n/); // a whole line: chunks can split it
      if (match) { clearTimeout(timer); ok(match[1]); }
    });
    server.on("exit", (code) => fail(new Error(`server exited ${code}: ${seen}`)));
  });
  // A fresh profile each run (playwright passes it as --user-data-dir).
  browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "vnsearch-chromium-")), {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.kill("SIGTERM");
  rmSync(work, { recursive: true, force: true });
});

test("an unaccented query shows highlighted hits; an article opens at its passage", async () => {
  const page = await browser.newPage();
  await page.setViewportSize({ width: 1100, height: 900 });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(base + "/");
  await page.locator("#q").pressSequentially("hop tac", { delay: 30 });
  await page.waitForSelector(".hit mark");
  const hits = await page.locator(".hit").count();
  assert.ok(hits >= 5, `expected a page of hits, got ${hits}`);
  const marks = await page.locator(".hit mark").allTextContents();
  assert.ok(marks.some((m) => m.toLowerCase().includes("hợp tác")), marks.join("|"));
  assert.match(await page.locator("#status").textContent(), /đoạn khớp/);
  assert.match(page.url(), /q=hop\+tac/);
  await page.screenshot({ path: join(shots, "results.png"), fullPage: false });

  await page.locator(".hit h2 a").first().click();
  await page.waitForSelector("#article:not([hidden]) p.target mark");
  const target = page.locator("#article p.target");
  assert.ok(await target.isVisible());
  assert.match(page.url(), /article=/);
  await page.screenshot({ path: join(shots, "article.png") });
  await page.locator("#article .back").click();
  await page.waitForSelector("#results:not([hidden]) .hit");
  assert.deepEqual(errors, []);
  await page.close();
});

test("article text with markup is shown as text and never runs", async () => {
  const page = await browser.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  const dialogs = [];
  page.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss(); });
  await page.goto(base + "/?q=" + encodeURIComponent("lua dao"));
  await page.waitForSelector(".hit mark");
  const title = await page.locator(".hit h2").first().textContent();
  assert.ok(title.includes("<img src=x onerror="), title);
  const snippet = await page.locator(".hit .snippet").first().textContent();
  assert.ok(snippet.includes("<script>window.__pwned=2</script>"), snippet);
  assert.equal(await page.locator(".hit .meta").first().textContent(), "30/01/2024 · An ninh <b>mạng</b>");
  assert.equal(await page.locator("#results img, #results script, #results b").count(), 0);
  // Phone width: no horizontal scrolling.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
  await page.screenshot({ path: join(shots, "phone.png") });
  await page.locator(".hit h2 a").first().click();
  await page.waitForSelector("#article:not([hidden]) mark");
  assert.equal(await page.locator("#article img, #article script").count(), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(dialogs, []);
  await page.close();
});

test("filters, accent modes and the fallback notice", async () => {
  const page = await browser.newPage();
  await page.goto(base + "/?q=" + encodeURIComponent("hộp tắc"));
  await page.waitForSelector("#notice:not([hidden])");
  assert.match(await page.locator("#notice").textContent(), /không phân biệt dấu/);
  await page.goto(base + "/?q=hop+tac&from=2022-01-01");
  await page.waitForSelector(".hit");
  const metas = await page.locator(".hit .meta").allTextContents();
  assert.ok(metas.length > 0 && metas.every((m) => /\/20(2[2-9]|[3-9][0-9])/.test(m)), metas.join("|"));
  await page.close();
});
