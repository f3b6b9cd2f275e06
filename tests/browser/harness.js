// Shared set-up for the browser tests: build a book with the lectern binary, serve it on
// loopback, and drive Debian's Chromium through playwright-core (never a downloaded browser).
'use strict';

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const REPO = path.resolve(__dirname, '..', '..');
const BIN = process.env.LECTERN_BIN || path.join(REPO, 'target', 'debug', 'lectern');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

// Flags for a root user in a container with no network beyond loopback.
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--allow-file-access-from-files',
];

/**
 * Builds the book at `bookDir` (default: $LECTERN_BOOK, else the example course) into a fresh
 * temp folder. LECTERN_BOOK lets the suite run on a copy of the course, e.g. with a deliberately
 * broken theme/ override, to check that the tests notice.
 */
function buildSite(bookDir = process.env.LECTERN_BOOK || REPO) {
  if (!fs.existsSync(BIN)) {
    throw new Error(`lectern binary not found at ${BIN}: run \`cargo build\` first (or set LECTERN_BIN)`);
  }
  const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-site-'));
  const out = path.join(dest, 'site');
  execFileSync(BIN, ['build', bookDir, '--dest', out], { stdio: ['ignore', 'ignore', 'pipe'] });
  return out;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.json': 'application/json',
  '.png': 'image/png', '.ico': 'image/x-icon', '.xml': 'application/xml', '.txt': 'text/plain',
};

/** Serves `dir` on 127.0.0.1 under `prefix` (to test sub-path deploys); resolves to its base URL. */
function serve(dir, prefix = '/') {
  const server = http.createServer((req, res) => {
    let url = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!url.startsWith(prefix)) { res.writeHead(404); res.end(); return; }
    url = url.slice(prefix.length);
    if (url === '' || url.endsWith('/')) url += 'index.html';
    const file = path.join(dir, url);
    if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end(fs.existsSync(path.join(dir, '404.html')) ? fs.readFileSync(path.join(dir, '404.html')) : 'not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}${prefix}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

/**
 * Launches Chromium. Every request that would leave the machine is aborted and recorded in
 * `outside` (tests assert it stays empty: no CDN, no web fonts, nothing external).
 */
async function launch() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium package`);
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const outside = [];
  const errors = [];
  async function newPage(options = {}) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
    context.setDefaultTimeout(10000); // fail fast: nothing on these pages should take seconds
    await context.route('**/*', (route) => {
      const u = route.request().url();
      if (u.startsWith('file:') || u.startsWith('data:') || u.startsWith('blob:') || /^https?:\/\/127\.0\.0\.1[:/]/.test(u)) {
        return route.continue();
      }
      outside.push(u);
      return route.abort();
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(`${page.url()}: page error: ${e}`));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(`${page.url()}: console error: ${m.text()}`); });
    return page;
  }
  return { browser, newPage, outside, errors, close: () => browser.close() };
}

/**
 * The set-up most test files share: the book built once, served on 127.0.0.1, one browser.
 * `env.url` is the site's base URL, `env.site` its folder; `env.page(options, fn)` runs `fn`
 * with a page in a fresh browser context (fresh storage) and closes the context afterwards.
 */
async function start(bookDir) {
  const site = buildSite(bookDir);
  const b = await launch();
  let server;
  try { server = await serve(site); } catch (e) { await b.close(); throw e; }
  async function page(options, fn) {
    if (typeof options === 'function') { fn = options; options = {}; }
    const p = await b.newPage(options);
    try { return await fn(p); } finally { await p.context().close(); }
  }
  return {
    ...b, site, url: server.url, page,
    close: async () => {
      await b.close();
      await server.close();
      fs.rmSync(path.dirname(site), { recursive: true, force: true }); // the temp folder buildSite made
    },
  };
}

/** The reader-storage key of a book whose site root is at `rootUrl` (see docs/theming.md). */
function storageKey(rootUrl, bookId = 'node-js-in-production') {
  return `lectern:${bookId}:${rootUrl}`;
}

/** Fails when any request tried to leave the machine or any page logged an error. */
function assertClean(env) {
  const assert = require('node:assert/strict');
  assert.deepEqual(env.outside, [], 'requests tried to leave the site');
  assert.deepEqual(env.errors, [], 'page errors or console errors');
}

/** Collapses runs of white space, for comparing text read from the page. */
function squash(s) { return String(s == null ? '' : s).replace(/\s+/g, ' ').trim(); }

/**
 * Reads the answer key of a question widget (a locator on `[data-question]`) from its
 * no-script answer: `{ kind, correct: [option id], wrong: [option id], why: {id: text},
 * accepted: [text], explanation }`.
 */
function answerKey(q) {
  return q.evaluate((el) => {
    const t = (n) => (n ? n.textContent.replace(/\s+/g, ' ').trim() : '');
    const key = { kind: el.dataset.kind, correct: [], wrong: [], why: {}, accepted: [], explanation: t(el.querySelector('[data-answer] .q-expl')) };
    for (const li of el.querySelectorAll('[data-for]')) {
      key[li.dataset.correct === 'true' ? 'correct' : 'wrong'].push(li.dataset.for);
      key.why[li.dataset.for] = t(li.querySelector('.q-why'));
    }
    key.accepted = [...el.querySelectorAll('[data-accepted]')].map(t);
    return key;
  });
}

/** Answers a widget the way a reader does: ticks exactly `answer` (option ids) or types it, then presses Check. */
async function answer(q, value) {
  if (typeof value === 'string') {
    await q.locator('.q-input').fill(value);
  } else {
    for (const li of await q.locator('.q-opt').all()) {
      const id = await li.getAttribute('data-option');
      const input = li.locator('input');
      if (value.includes(id)) await input.check();
      else if (await input.isChecked()) await input.uncheck();
    }
  }
  await q.locator('[data-check]').click();
}

/**
 * Puts a page in its "used" state in one go, for checks of the resulting DOM (axe, the HTML
 * checker): opens every card and answers every question widget, wrong (one wrong option, or a
 * wrong text) or right, through the widgets' own Check buttons.
 */
function useEverything(page, right) {
  return page.evaluate((r) => {
    for (const d of document.querySelectorAll('details.card')) d.open = true;
    for (const q of document.querySelectorAll('[data-question]')) {
      const retry = q.querySelector('[data-retry]');
      if (retry && !retry.hidden) retry.click();
      const ids = (c) => [...q.querySelectorAll(`[data-for][data-correct="${c}"]`)].map((li) => li.dataset.for);
      const correct = ids('true');
      const wrong = ids('false');
      const text = q.querySelector('.q-input');
      if (text) {
        text.value = r ? q.querySelector('[data-accepted]').textContent : 'not this';
      } else {
        const pick = r ? correct : (q.dataset.kind === 'multiple' ? [wrong[0], ...correct.slice(1)] : [wrong[0]]);
        for (const li of q.querySelectorAll('.q-opt')) li.querySelector('input').checked = pick.includes(li.dataset.option);
      }
      q.querySelector('[data-check]').click();
    }
  }, !!right);
}

module.exports = {
  REPO, BIN, buildSite, serve, launch, start, storageKey, assertClean, squash, answerKey, answer, useEverything,
};
