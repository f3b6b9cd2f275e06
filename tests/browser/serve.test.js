// `lectern serve` in a real browser, on a temporary copy of the example course: a served page
// reloads by itself after an edit (keeping its scroll position), a stylesheet edit is swapped
// in without a reload, and a bad edit shows the error overlay (file:line:col and the source
// line, dismissed with Escape) over the last good page until the fix reloads it.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { REPO, BIN, launch } = require('./harness');

const WAIT = 20000;
const AXE = path.join(__dirname, 'node_modules', 'axe-core', 'axe.min.js');

/** axe-core's WCAG A/AA findings inside `selector` (shadow DOM included), one line each. */
async function axeViolations(page, selector) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate((sel) => window.axe.run({ include: [sel] }, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    resultTypes: ['violations'],
  }), selector);
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
const CHAPTER = 'content/runtime/event-loop.md';

let book;
let server;
let browser;

/** Starts `lectern serve` (on a free port unless given one); resolves once it prints its address. */
function startServe(dir, port = 0) {
  if (!fs.existsSync(BIN)) {
    throw new Error(`lectern binary not found at ${BIN}: run \`cargo build\` first (or set LECTERN_BIN)`);
  }
  const proc = spawn(BIN, ['serve', dir, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`lectern serve printed no address:\n${stderr}`)), WAIT);
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (m) { clearTimeout(timer); resolve({ url: m[0], proc, stderr: () => stderr }); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`lectern serve exited (${code}):\n${stderr}`)); });
  });
}

before(async () => {
  book = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-serve-'));
  fs.copyFileSync(path.join(REPO, 'book.toml'), path.join(book, 'book.toml'));
  fs.cpSync(path.join(REPO, 'content'), path.join(book, 'content'), { recursive: true });
  server = await startServe(book);
  browser = await launch();
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.proc.kill();
  if (book) fs.rmSync(book, { recursive: true, force: true });
});

const chapterPath = () => path.join(book, CHAPTER);

test('an edit reloads the page by itself; a bad edit shows the overlay until fixed', async () => {
  const page = await browser.newPage();
  const url = `${server.url}runtime/event-loop.html`;
  await page.goto(url);
  await page.evaluate(() => { window.scrollTo(0, 700); window.notReloaded = true; });
  const scrolled = await page.evaluate(() => window.scrollY);
  assert.ok(scrolled > 0, 'the chapter is long enough to scroll');

  // An edit: the page reloads by itself, shows the new text and keeps its place.
  const original = fs.readFileSync(chapterPath(), 'utf8');
  fs.writeFileSync(chapterPath(), `${original}\n\nA sentence added while the page was open.\n`);
  await page.waitForFunction(
    () => document.body.innerText.includes('A sentence added while the page was open.'),
    null, { timeout: WAIT },
  );
  assert.equal(await page.evaluate(() => window.notReloaded), undefined, 'the page reloaded');
  await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 2, scrolled, { timeout: WAIT });

  // A bad edit: the overlay names the place and shows the line, over the last good page.
  await page.evaluate(() => { window.notReloaded = true; });
  const broken = original.replace(/^title: .*$/m, 'title: [Unclosed');
  assert.notEqual(broken, original);
  fs.writeFileSync(chapterPath(), broken);
  const dialog = page.getByRole('alertdialog');
  await dialog.waitFor({ state: 'visible', timeout: WAIT });
  const text = await dialog.innerText();
  assert.match(text, /content\/runtime\/event-loop\.md:2:\d+/);
  assert.ok(text.includes('title: [Unclosed'), `the source line is shown: ${text}`);
  assert.match(text, /Build failed: 1 error/);
  assert.equal(await page.evaluate(() => window.notReloaded), true, 'no reload on a failed build');
  assert.ok(await page.evaluate(() => document.body.innerText.includes('A sentence added')),
    'the last good page stays underneath');
  const focused = await page.evaluate(() => {
    const host = document.querySelector('lectern-serve-overlay');
    return host && host.shadowRoot.activeElement && host.shadowRoot.activeElement.getAttribute('role');
  });
  assert.equal(focused, 'alertdialog', 'the dialog takes focus so it is announced');
  assert.deepEqual(await axeViolations(page, 'lectern-serve-overlay'), [], 'the overlay passes axe');

  // Escape dismisses it.
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached', timeout: WAIT });

  // A page opened while the book is broken shows the overlay at once.
  const second = await browser.newPage();
  await second.goto(`${server.url}index.html`);
  await second.getByRole('alertdialog').waitFor({ state: 'visible', timeout: WAIT });
  assert.match(await second.getByRole('alertdialog').innerText(), /event-loop\.md:2:\d+/);

  // The fix removes the overlay and reloads with the new text.
  fs.writeFileSync(chapterPath(), `${original}\n\nFixed and edited again.\n`);
  await page.waitForFunction(
    () => document.body.innerText.includes('Fixed and edited again.'),
    null, { timeout: WAIT },
  );
  assert.equal(await page.evaluate(() => window.notReloaded), undefined, 'the page reloaded');
  await second.getByRole('alertdialog').waitFor({ state: 'detached', timeout: WAIT });
  assert.equal(await page.getByRole('alertdialog').count(), 0);

  assert.deepEqual(browser.outside, [], 'requests tried to leave the machine');
  assert.deepEqual(browser.errors, [], 'page errors or console errors');
  await page.context().close();
  await second.context().close();
});

test('a stylesheet edit is swapped in without a reload', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}index.html`);
  await page.evaluate(() => { window.notReloaded = true; });
  const css = fs.readFileSync(path.join(REPO, 'themes/default/assets/lectern.css'), 'utf8');
  fs.mkdirSync(path.join(book, 'theme/assets'), { recursive: true });
  fs.writeFileSync(path.join(book, 'theme/assets/lectern.css'),
    `${css}\nbody { outline: 3px solid rgb(1, 2, 3); }\n`);
  await page.waitForFunction(
    () => getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)',
    null, { timeout: WAIT },
  );
  assert.equal(await page.evaluate(() => window.notReloaded), true, 'no reload for a stylesheet');
  assert.equal(await page.locator('link[rel="stylesheet"][href*="lectern.css"]').count(), 1,
    'the old sheet is removed once the new one loaded');
  assert.deepEqual(browser.errors, [], 'page errors or console errors');
  await page.context().close();
});

test('a page reconnects to a restarted server and reloads', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}index.html`);
  await page.evaluate(() => { window.notReloaded = true; });
  const port = Number(new URL(server.url).port);
  const stopped = new Promise((resolve) => server.proc.once('exit', resolve));
  server.proc.kill();
  await stopped;
  server = await startServe(book, port);
  await page.waitForFunction(() => window.notReloaded === undefined, null, { timeout: WAIT });
  assert.ok(await page.evaluate(() => document.body.innerText.includes('Node.js in production')));
  await page.context().close();
});
