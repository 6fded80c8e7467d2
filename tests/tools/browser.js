#!/usr/bin/env node
// Drives Debian's headless Chromium for the `tools` tests, through
// playwright-core (which never downloads a browser of its own).
//
//   node tests/tools/browser.js axe SITE_DIR            axe-core on every page, light and dark
//   node tests/tools/browser.js search SEARCH_PAGE Q... enters each query, reports the results
//   node tests/tools/browser.js bench SEARCH_PAGE N Q... for each query, a fresh page: time to results,
//                                                       files and bytes loaded, mean of N rankings
//
// Prints one JSON document on stdout; the Rust tests read and judge it.
"use strict";

const fs = require("fs");
const path = require("path");
const { pathToFileURL } = require("url");

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const FLAGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

function fail(message) {
  process.stderr.write(message + "\n");
  process.exit(2);
}

let chromium;
try {
  ({ chromium } = require("playwright-core"));
} catch (e) {
  fail("playwright-core is missing: run `npm ci` in the repository root");
}
if (!fs.existsSync(CHROMIUM)) fail(`${CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk`);

async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

function htmlFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...htmlFiles(p));
    else if (entry.name.endsWith(".html")) out.push(p);
  }
  return out.sort();
}

async function axe(siteDir) {
  const axeSource = require.resolve("axe-core/axe.min.js");
  const browser = await launch();
  const report = { pages: 0, runs: 0, violations: [] };
  try {
    for (const scheme of ["light", "dark"]) {
      const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      for (const file of htmlFiles(siteDir)) {
        await page.goto(pathToFileURL(file).href + (file.endsWith(path.join("search", "index.html")) ? "?q=putin" : ""));
        await page.addScriptTag({ path: axeSource });
        const result = await page.evaluate(async () => {
          // eslint-disable-next-line no-undef
          const r = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
          return r.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })),
          }));
        });
        report.runs += 1;
        for (const v of result) report.violations.push({ page: path.relative(siteDir, file), scheme, ...v });
      }
      report.pages = htmlFiles(siteDir).length;
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return report;
}

/* The page's script files: [{src, path, bytes}], in load order. */
async function scripts(page) {
  const urls = await page.evaluate(() => Array.from(document.scripts).filter((s) => s.src).map((s) => s.src));
  return urls.map((url) => {
    const file = new URL(url);
    const p = file.protocol === "file:" ? decodeURIComponent(file.pathname) : null;
    return { src: url, path: p, bytes: p && fs.existsSync(p) ? fs.statSync(p).size : null };
  });
}

async function readResults(page) {
  return page.evaluate(() => ({
    status: document.getElementById("search-status").textContent,
    more: !document.getElementById("search-more").hidden,
    results: Array.from(document.querySelectorAll("#search-results > li")).map((li) => {
      const a = li.querySelector("a");
      return {
        title: a.textContent,
        href: a.getAttribute("href"),
        resolved: a.href,
        kind: li.querySelector(".badge").textContent,
        marks: Array.from(li.querySelectorAll("mark")).map((m) => m.textContent),
      };
    }),
  }));
}

async function search(searchPage, queries) {
  const browser = await launch();
  const report = { queries: [] };
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(pathToFileURL(searchPage).href);
    for (const q of queries) {
      const before = await page.textContent("#search-status");
      await page.fill("#search-q", "");
      await page.focus("#search-q");
      // The whole query at once, as an input method commits Chinese text:
      // typed key by key on a busy machine, a pause longer than the search
      // box's 120 ms debounce runs a query for a prefix ("通") too, and
      // the shards it loads would be counted as the full query's.
      await page.fill("#search-q", q);
      await page.waitForFunction((prev) => {
        const s = document.getElementById("search-status").textContent;
        return s !== prev && s.length > 0;
      }, before, { timeout: 5000 }).catch(() => {});
      await page.waitForTimeout(300);
      const found = await readResults(page);
      // Follow the first result and check that its anchor exists there.
      let target = null;
      if (found.results.length > 0) {
        const first = found.results[0].resolved;
        const other = await browser.newPage();
        await other.goto(first);
        target = await other.evaluate(() => ({
          url: location.href,
          anchor: location.hash ? !!document.getElementById(decodeURIComponent(location.hash.slice(1))) : true,
        }));
        await other.close();
      }
      report.queries.push({ q, ...found, target, address: page.url(), scripts: await scripts(page) });
    }
    // "Show more results" appends the next results, loading their documents.
    if (await page.isVisible("#search-more")) {
      const before = (await readResults(page)).results.length;
      await page.click("#search-more");
      await page.waitForFunction((n) => document.querySelectorAll("#search-results > li").length > n, before,
        { timeout: 5000 }).catch(() => {});
      const after = await readResults(page);
      report.more = {
        before, after: after.results.length, status: after.status, scripts: await scripts(page),
        focused: await page.evaluate(() => document.activeElement && document.activeElement.getAttribute("href")),
      };
    }
    // A query in the address (the header box's GET form) runs on load.
    const viaUrl = await browser.newPage();
    await viaUrl.goto(pathToFileURL(searchPage).href + "?q=" + encodeURIComponent(queries[0]));
    await viaUrl.waitForTimeout(300);
    report.from_address = await readResults(viaUrl);
    report.errors = errors;
  } finally {
    await browser.close();
  }
  return report;
}

async function bench(searchPage, runs, queries) {
  const browser = await launch();
  const report = { queries: [] };
  try {
    for (const q of queries) {
      const page = await browser.newPage();
      const t0 = Date.now();
      await page.goto(pathToFileURL(searchPage).href + "?q=" + encodeURIComponent(q));
      await page.waitForFunction(() => document.getElementById("search-status").textContent.length > 0, null,
        { timeout: 60000, polling: 5 });
      const toResultsMs = Date.now() - t0;
      const lang = await page.getAttribute("#search", "data-lang");
      const timing = await page.evaluate(({ lang, runs, q }) => {
        const engine = window.briefSearchEngine;
        // The browser's clock is coarse (0.1 ms): time all runs together.
        let hits = 0;
        const t = performance.now();
        for (let i = 0; i < runs; i++) hits = engine.search(lang, q).length;
        return { hits, rankMs: (performance.now() - t) / runs };
      }, { lang, runs, q });
      const files = await scripts(page);
      const shards = files.filter((f) => f.src.includes("/assets/search/"));
      const shown = await page.evaluate(() => document.querySelectorAll("#search-results > li").length);
      report.queries.push({
        q, lang, toResultsMs, ...timing, shown,
        files: files.length, shards: shards.length,
        indexBytes: files.filter((f) => !f.src.endsWith("/search.js")).reduce((a, f) => a + (f.bytes || 0), 0),
        termShards: shards.filter((f) => /\/t\d+\.js$/.test(f.src)).length,
        docShards: shards.filter((f) => /\/d\d+\.js$/.test(f.src)).length,
      });
      await page.close();
    }
  } finally {
    await browser.close();
  }
  return report;
}

async function main() {
  const [mode, target, ...rest] = process.argv.slice(2);
  if (!mode || !target) fail("usage: browser.js axe SITE_DIR | search SEARCH_PAGE Q... | bench SEARCH_PAGE N Q...");
  let out;
  if (mode === "axe") out = await axe(path.resolve(target));
  else if (mode === "search") out = await search(path.resolve(target), rest);
  else if (mode === "bench") out = await bench(path.resolve(target), Number(rest[0]), rest.slice(1));
  else fail(`unknown mode ${mode}`);
  process.stdout.write(JSON.stringify(out, null, 1) + "\n");
}

main().catch((e) => fail(String(e && e.stack || e)));
