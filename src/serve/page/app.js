// vnsearch search page: calls the native API and builds every node with textContent.
// No API text ever goes through the HTML parser: snippets (HTML-escaped with <mark> by the
// server) are split on the two <mark> tags and unescaped into text nodes; article
// highlights are byte ranges, applied to text nodes.
"use strict";

const PAGE_SIZE = 10;
const DEBOUNCE_MS = 250;
const $ = (id) => document.getElementById(id);
const form = { q: $("q"), accents: $("accents"), sort: $("sort"), from: $("from"), to: $("to"), source: $("source") };
let apiKey = sessionStorage.getItem("vnsearch-key") || "";
let offset = 0;
let sequence = 0; // answers of older requests are dropped

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

async function api(path) {
  const headers = apiKey ? { Authorization: "Bearer " + apiKey } : {};
  const response = await fetch(path, { headers });
  let body = null;
  try { body = await response.json(); } catch (_) { /* not JSON */ }
  if (response.status === 401 || response.status === 403) {
    $("keyform").hidden = false;
    throw new Error(response.status === 401 ? "Máy chủ yêu cầu khóa API." : "Khóa API không đúng.");
  }
  if (!response.ok) {
    const message = body && body.error ? body.error.message : "Lỗi " + response.status;
    throw new Error(message);
  }
  return body;
}

// `a &amp; <mark>b</mark>` → text and <mark> nodes.
const ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'" };
function unescape(text) {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]);
}
function snippetNodes(snippet) {
  const out = document.createDocumentFragment();
  let marked = false;
  for (const part of snippet.split(/(<mark>|<\/mark>)/)) {
    if (part === "<mark>") { marked = true; continue; }
    if (part === "</mark>") { marked = false; continue; }
    if (!part) continue;
    out.append(marked ? el("mark", "", unescape(part)) : document.createTextNode(unescape(part)));
  }
  return out;
}

// Text with [start, end] UTF-8 byte ranges wrapped in <mark>.
const encoder = new TextEncoder();
const decoder = new TextDecoder();
function highlightedNodes(text, ranges) {
  const bytes = encoder.encode(text);
  const out = document.createDocumentFragment();
  let at = 0;
  for (const [start, end] of ranges) {
    if (start < at || end > bytes.length) continue;
    out.append(document.createTextNode(decoder.decode(bytes.slice(at, start))));
    out.append(el("mark", "", decoder.decode(bytes.slice(start, end))));
    at = end;
  }
  out.append(document.createTextNode(decoder.decode(bytes.slice(at))));
  return out;
}

function formatDate(day) {
  if (!day) return "";
  const [y, m, d] = day.split("-");
  return `${d}/${m}/${y}`;
}
function metaLine(item) {
  return [formatDate(item.date), item.source].filter(Boolean).join(" · ");
}

function params() {
  const p = new URLSearchParams();
  p.set("q", form.q.value.trim());
  for (const name of ["accents", "sort", "from", "to", "source"]) {
    const value = form[name].value.trim();
    if (value && !(name === "accents" && value === "auto") && !(name === "sort" && value === "relevance")) p.set(name, value);
  }
  return p;
}

function syncUrl(extra, push) {
  const p = params();
  if (offset) p.set("offset", String(offset));
  for (const [k, v] of Object.entries(extra || {})) p.set(k, v);
  const url = "/?" + p.toString();
  if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
}

async function search() {
  const mine = ++sequence;
  const query = form.q.value.trim();
  $("article").hidden = true;
  $("results").hidden = false;
  if (!query) {
    $("results").replaceChildren();
    $("status").textContent = "";
    $("notice").hidden = true;
    $("pager").hidden = true;
    syncUrl();
    return;
  }
  const p = params();
  p.set("limit", String(PAGE_SIZE));
  p.set("offset", String(offset));
  syncUrl();
  let results;
  try {
    results = await api("/api/search?" + p.toString());
  } catch (error) {
    if (mine !== sequence) return;
    $("results").replaceChildren();
    $("pager").hidden = true;
    $("status").replaceChildren(el("span", "error", error.message));
    return;
  }
  if (mine !== sequence) return;
  renderResults(results);
}

function renderSuggestion(suggestion) {
  const box = $("suggestion");
  box.hidden = !suggestion;
  if (!suggestion) return box.replaceChildren();
  const link = el("a", "", suggestion);
  link.href = "#";
  link.addEventListener("click", (event) => {
    event.preventDefault();
    form.q.value = suggestion;
    offset = 0;
    search();
  });
  box.replaceChildren("Có phải bạn muốn tìm: ", link, "? Đang hiển thị kết quả cho cả hai cách viết.");
}

function renderResults(results) {
  renderSuggestion(results.did_you_mean);
  $("notice").hidden = !results.accent_fallback;
  $("notice").textContent = "Không có kết quả đúng dấu đã gõ; đang hiển thị kết quả không phân biệt dấu.";
  const ms = results.took_ms.toLocaleString("vi-VN", { maximumFractionDigits: 1 });
  $("status").textContent = results.total_hits === 0
    ? "Không tìm thấy kết quả."
    : `${results.total_hits.toLocaleString("vi-VN")} đoạn khớp · ${ms} ms`;
  const list = results.hits.map((hit, i) => {
    const item = el("article", "hit");
    const h2 = el("h2");
    const link = el("a", "", hit.title);
    link.href = `/?article=${encodeURIComponent(hit.article_id)}&p=${hit.passage}&q=${encodeURIComponent(results.query)}`;
    link.addEventListener("click", (event) => {
      event.preventDefault();
      openArticle(hit.article_id, hit.passage, true);
    });
    h2.append(link);
    const snippet = el("p", "snippet");
    snippet.append(snippetNodes(hit.snippet));
    item.append(h2, el("p", "meta", metaLine(hit)));
    // Other copies of the same story, listed once under the article's first passage shown.
    const first = i === 0 || results.hits[i - 1].article_id !== hit.article_id;
    if (first && hit.duplicates && hit.duplicates.length > 0) {
      item.append(copiesLine(hit.duplicates));
    }
    item.append(snippet);
    return item;
  });
  $("results").replaceChildren(...list);
  const page = Math.floor(offset / PAGE_SIZE) + 1;
  $("pager").hidden = results.total_hits <= PAGE_SIZE && offset === 0;
  $("prev").disabled = offset === 0;
  // total_hits counts passages before grouping, so a short page is the last one.
  $("next").disabled = results.hits.length < PAGE_SIZE || offset + PAGE_SIZE >= results.total_hits;
  $("pageinfo").textContent = `Trang ${page}`;
}

/** "Cùng bản tin ở: id, id", each id opening that copy. */
function copiesLine(ids) {
  const line = el("p", "meta copies", "Cùng bản tin ở: ");
  ids.forEach((id, n) => {
    if (n > 0) line.append(", ");
    const link = el("a", "", id);
    link.href = `/?article=${encodeURIComponent(id)}`;
    link.addEventListener("click", (event) => {
      event.preventDefault();
      openArticle(id, 0, true);
    });
    line.append(link);
  });
  return line;
}

async function openArticle(id, passage, push) {
  const p = new URLSearchParams();
  const query = form.q.value.trim();
  if (query) p.set("q", query);
  if (form.accents.value !== "auto") p.set("accents", form.accents.value);
  if (push) syncUrl({ article: id, p: String(passage) }, true);
  let view;
  try {
    view = await api(`/api/articles/${encodeURIComponent(id)}?${p.toString()}`);
  } catch (error) {
    $("status").replaceChildren(el("span", "error", error.message));
    return;
  }
  const box = $("article");
  const back = el("button", "back", "← Quay lại kết quả");
  back.type = "button";
  back.addEventListener("click", () => history.back());
  const nodes = [back, el("h2", "", view.title), el("p", "meta", metaLine(view))];
  if (view.url && /^https?:\/\//i.test(view.url)) {
    const link = el("a", "", view.url);
    link.href = view.url;
    link.rel = "noopener noreferrer";
    const line = el("p", "meta");
    line.append("Bài gốc: ", link);
    nodes.push(line);
  }
  for (const passage of view.passages) {
    const para = el("p");
    para.id = `p-${passage.number}`;
    para.append(highlightedNodes(passage.text, passage.highlights));
    nodes.push(para);
  }
  box.replaceChildren(...nodes);
  $("results").hidden = true;
  $("pager").hidden = true;
  $("notice").hidden = true;
  $("status").textContent = "";
  box.hidden = false;
  const target = document.getElementById(`p-${passage}`);
  if (target) {
    target.classList.add("target");
    target.scrollIntoView({ block: "center" });
  } else {
    window.scrollTo(0, 0);
  }
}

// Restores the page from the address bar (first load, back and forward).
function restore() {
  const p = new URLSearchParams(location.search);
  form.q.value = p.get("q") || "";
  form.accents.value = p.get("accents") || "auto";
  form.sort.value = p.get("sort") || "relevance";
  for (const name of ["from", "to", "source"]) form[name].value = p.get(name) || "";
  offset = Math.max(0, parseInt(p.get("offset") || "0", 10) || 0);
  if (p.get("from") || p.get("to") || p.get("source") || p.get("sort") || p.get("accents")) $("filters").open = true;
  if (p.get("article")) {
    openArticle(p.get("article"), parseInt(p.get("p") || "0", 10) || 0, false);
  } else {
    search();
  }
}

let timer = null;
function searchSoon() {
  clearTimeout(timer);
  offset = 0;
  timer = setTimeout(search, DEBOUNCE_MS);
}
form.q.addEventListener("input", searchSoon);
for (const name of ["accents", "sort", "from", "to", "source"]) form[name].addEventListener("change", searchSoon);
form.source.addEventListener("input", searchSoon);
$("search").addEventListener("submit", (event) => { event.preventDefault(); clearTimeout(timer); offset = 0; search(); });
$("prev").addEventListener("click", () => { offset = Math.max(0, offset - PAGE_SIZE); search(); window.scrollTo(0, 0); });
$("next").addEventListener("click", () => { offset += PAGE_SIZE; search(); window.scrollTo(0, 0); });
$("keyform").addEventListener("submit", (event) => {
  event.preventDefault();
  apiKey = $("key").value.trim();
  sessionStorage.setItem("vnsearch-key", apiKey);
  $("keyform").hidden = true;
  restore();
});
window.addEventListener("popstate", restore);
restore();
