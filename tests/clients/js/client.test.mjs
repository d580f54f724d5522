// Meilisearch's official JavaScript client (npm `meilisearch`), unmodified, against
// `vnsearch serve` on the seeds: searches with and without accents, `_formatted`, filters,
// sort, paging, multi-search, errors, and a document addition followed through its task.
//
// VNSEARCH_BIN: the binary (default: target/debug/vnsearch, built by `cargo test`).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, cpSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { Meilisearch, MeilisearchApiError } from "meilisearch";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const bin = process.env.VNSEARCH_BIN || join(root, "target/debug/vnsearch");
const KEY = "js-client-test-key";
const work = mkdtempSync(join(tmpdir(), "vnsearch-js-"));
let server;
let client;

before(async () => {
  cpSync(join(root, "seeds"), join(work, "seeds"), { recursive: true });
  // No index yet: the server builds it from ./seeds, like a fresh clone.
  server = spawn(bin, ["serve", "--addr", "127.0.0.1:0", "--api-key", KEY], {
    cwd: work,
    stdio: ["ignore", "ignore", "pipe"],
    // The default ./index of `work` (only the default location is built from ./seeds).
    env: Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "VNSEARCH_INDEX")),
  });
  const host = await new Promise((ok, fail) => {
    let seen = "";
    const timer = setTimeout(() => fail(new Error("server did not start: " + seen)), 120_000);
    server.stderr.on("data", (chunk) => {
      seen += chunk;
      const match = seen.match(/listening on (http:\/\/\S+)\r?\n/); // a whole line: chunks can split it
      if (match) { clearTimeout(timer); ok(match[1]); }
    });
    server.on("exit", (code) => fail(new Error(`server exited ${code}: ${seen}`)));
  });
  client = new Meilisearch({ host, apiKey: KEY });
});

after(() => {
  if (server) server.kill("SIGTERM");
  rmSync(work, { recursive: true, force: true });
});

test("health, version, index and stats", async () => {
  assert.deepEqual(await client.health(), { status: "available" });
  assert.equal((await client.getVersion()).engine, "vnsearch");
  const index = await client.getIndex("articles");
  assert.equal(index.uid, "articles");
  assert.equal(index.primaryKey, "id");
  const stats = await client.index("articles").getStats();
  assert.equal(stats.numberOfDocuments, 83);
});

test("searches without and with accents, reading _formatted", async () => {
  const index = client.index("articles");
  const bare = await index.search("hop tac", {
    attributesToHighlight: ["title", "text"],
    attributesToCrop: ["text"],
    cropLength: 12,
    limit: 5,
  });
  assert.equal(bare.hits.length, 5);
  assert.ok(bare.estimatedTotalHits >= 40, String(bare.estimatedTotalHits));
  const first = bare.hits[0];
  assert.match(first.id, /^[0-9a-f_]+#\d+$/);
  assert.ok(first._formatted.text.includes("<em>hợp</em> <em>tác</em>"), first._formatted.text);
  assert.ok(first._formatted.text.split(/\s+/).length <= 12 + 2, first._formatted.text);
  assert.ok(!first._formatted.text.includes("<mark>"));

  const accented = await index.search("hợp tác", {
    attributesToHighlight: ["*"],
    highlightPreTag: "«",
    highlightPostTag: "»",
    showMatchesPosition: true,
  });
  assert.ok(accented.hits.length > 0);
  for (const hit of accented.hits) {
    // Both words are marked (anywhere in the passage: the query is two words, not a phrase).
    assert.ok(hit._formatted.text.includes("«hợp»") && hit._formatted.text.includes("«tác»"), hit._formatted.text);
    // Positions are UTF-8 byte ranges of exactly the accented words typed.
    const bytes = Buffer.from(hit.text, "utf8");
    const words = hit._matchesPosition.text.map(({ start, length }) =>
      bytes.subarray(start, start + length).toString("utf8").toLowerCase());
    assert.ok(words.length > 0 && words.every((w) => w === "hợp" || w === "tác"), words.join("|"));
  }
  // Accents count when typed: `họp` (meeting) is not `hợp` (cooperation).
  const meeting = await index.search("họp", { attributesToHighlight: ["text"] });
  for (const hit of meeting.hits) assert.ok(!hit._formatted.text.includes("<em>hợp</em>"), hit._formatted.text);
});

test("filters, sort, paging, multi-search", async () => {
  const index = client.index("articles");
  const recent = await index.search("hop tac", { filter: 'date >= "2022-07-01"', sort: ["date:desc"], limit: 50 });
  assert.ok(recent.hits.length > 0);
  const dates = recent.hits.map((h) => h.date);
  assert.ok(dates.every((d) => d >= "2022-07-01"), dates.join(","));
  assert.deepEqual([...dates].sort().reverse(), dates);
  const page = await index.search("hop tac", { hitsPerPage: 3, page: 2 });
  assert.equal(page.page, 2);
  assert.equal(page.hits.length, 3);
  assert.ok(page.totalPages >= 10);
  const multi = await client.multiSearch({
    queries: [
      { indexUid: "articles", q: "Lào", limit: 1 },
      { indexUid: "articles", q: "sang tao", limit: 2 },
    ],
  });
  assert.equal(multi.results.length, 2);
  assert.equal(multi.results[1].hits.length, 2);
});

test("unsupported parameters come back as Meilisearch errors", async () => {
  await assert.rejects(
    client.index("articles").search("hop tac", { facets: ["source"] }),
    (error) => error instanceof MeilisearchApiError && error.cause.code === "invalid_search_facets",
  );
  await assert.rejects(
    client.index("khong-co").search("x"),
    (error) => error instanceof MeilisearchApiError && error.cause.code === "index_not_found",
  );
});

test("documents are added through a task and found afterwards", async () => {
  const index = client.index("articles");
  const task = await index
    .addDocuments([
      { id: "js-1", title: "Mùa nước nổi ở An Giang", body: "Người dân An Giang đón mùa nước nổi bằng lưới và xuồng nhỏ.\n\nCá linh về nhiều hơn mọi năm.", date: "2024-10-01", source: "Thử nghiệm JS" },
    ])
    .waitTask({ timeout: 60_000, interval: 50 });
  assert.equal(task.status, "succeeded", JSON.stringify(task));
  const found = await index.search("mua nuoc noi", { attributesToHighlight: ["title"] });
  assert.equal(found.hits[0].article_id, "js-1");
  assert.equal(found.hits[0]._formatted.title, "<em>Mùa</em> <em>nước</em> <em>nổi</em> ở An Giang");
});
