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

/** Builds the book at `bookDir` (default: the example course) into a fresh temp folder. */
function buildSite(bookDir = REPO) {
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
    await context.route('**/*', (route) => {
      const u = route.request().url();
      if (u.startsWith('file:') || u.startsWith('data:') || u.startsWith('blob:') || /^https?:\/\/127\.0\.0\.1[:/]/.test(u)) {
        return route.continue();
      }
      outside.push(u);
      return route.abort();
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    return page;
  }
  return { browser, newPage, outside, errors, close: () => browser.close() };
}

module.exports = { REPO, BIN, buildSite, serve, launch };
