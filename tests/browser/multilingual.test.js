// A book in two languages (tests/fixtures/multilingual: English at the root, French in fr/):
// the language switcher leads from a French chapter to the same English one and back (over
// HTTP and from file://), each language's search finds only its own text, a reader's
// progress in one language is not the other's, and under `lectern serve` editing a
// translated chapter reloads that page.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { REPO, BIN, start, assertClean, squash, answer } = require('./harness');

const BOOK = path.join(REPO, 'tests', 'fixtures', 'multilingual');
const WAIT = 20000;

let env;
before(async () => { env = await start(BOOK); });
after(async () => { if (env) await env.close(); });

const switcher = (page) => page.getByRole('navigation', { name: /^(Languages|Langues)$/ });

test('the switcher leads from a French chapter to the English one and back', async () => {
  await env.page(async (page) => {
    await page.goto(`${env.url}fr/creatures/anemone.html`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
    const nav = switcher(page);
    assert.equal(await nav.getAttribute('aria-label'), 'Langues');
    const current = nav.locator('a[aria-current="true"]');
    assert.equal(await current.getAttribute('hreflang'), 'fr');
    assert.equal(squash(await current.locator('.lang-name').textContent()), 'Français');
    // By keyboard, as a reader without a mouse does.
    const english = nav.getByRole('link', { name: 'English' });
    assert.equal(await english.getAttribute('lang'), 'en');
    await english.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${env.url}creatures/anemone.html`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.ok((await page.locator('h1').textContent()).includes('Sea anemones'));
    await switcher(page).getByRole('link', { name: 'Français' }).click();
    await page.waitForURL(`${env.url}fr/creatures/anemone.html`);
    assert.ok((await page.locator('h1').textContent()).includes('Anémones de mer'));
  });
  assertClean(env);
});

test('from file:// too, the switcher finds the other language', async () => {
  await env.page(async (page) => {
    const file = `file://${path.join(env.site, 'fr', 'creatures', 'crab.html')}`;
    await page.goto(file);
    assert.ok(await page.locator('.untranslated-note').isVisible(), 'the untranslated chapter says so');
    await switcher(page).getByRole('link', { name: 'English' }).click();
    await page.waitForURL(`file://${path.join(env.site, 'creatures', 'crab.html')}`);
    assert.equal(await page.locator('.untranslated-note').count(), 0);
  });
  assertClean(env);
});

/** Opens the search dialog, types `q` and returns the result links' hrefs. */
async function search(page, q) {
  await page.locator('body').press('/');
  await page.waitForFunction(() => !!document.querySelector('dialog[data-search][open]'));
  await page.locator('[data-search-input]').fill(q);
  await page.waitForFunction((text) => {
    const list = document.querySelector('[data-search-results]');
    return list && list.getAttribute('data-query') === text;
  }, q);
  const hrefs = await page.locator('[data-search-results] li a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  await page.keyboard.press('Escape');
  return hrefs;
}

test('each language searches its own text only', async () => {
  await env.page(async (page) => {
    await page.goto(`${env.url}fr/intro.html`);
    const fr = await search(page, 'urticants');
    assert.equal(fr.length, 1, `one French result: ${fr}`);
    assert.match(fr[0], /creatures\/anemone\.html/);
    assert.deepEqual(await search(page, 'stinging'), [], 'the English text is not in the French index');
    await page.goto(`${env.url}intro.html`);
    const en = await search(page, 'stinging');
    assert.equal(en.length, 1, `one English result: ${en}`);
    assert.deepEqual(await search(page, 'urticants'), [], 'the French text is not in the English index');
  });
  assertClean(env);
});

test('progress is kept per language: an answer in French is not an answer in English', async () => {
  await env.page(async (page) => {
    await page.goto(`${env.url}fr/creatures/anemone.html`);
    const q = page.locator('[data-question]').first();
    const right = await q.locator('[data-for][data-correct="true"]').first().getAttribute('data-for');
    await answer(q, [right]);
    await page.goto(`${env.url}fr/progress.html`);
    await page.waitForFunction(() => !document.querySelector('[data-progress-summary]').hidden);
    assert.equal(squash(await page.locator('[data-total="checks"]').textContent()), '1 / 1');
    await page.goto(`${env.url}progress.html`);
    await page.waitForFunction(() => !document.querySelector('[data-progress-summary]').hidden);
    assert.equal(squash(await page.locator('[data-total="checks"]').textContent()), '0 / 1');
    // And the English chapter's question is unanswered.
    await page.goto(`${env.url}creatures/anemone.html`);
    assert.equal(await page.locator('[data-question] [data-retry]:visible').count(), 0);
  });
  assertClean(env);
});

/** Starts `lectern serve` on `dir`; resolves once it prints its address. */
function startServe(dir) {
  const proc = spawn(BIN, ['serve', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`lectern serve printed no address:\n${stderr}`)), WAIT);
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (m) { clearTimeout(timer); resolve({ url: m[0], proc }); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`lectern serve exited (${code}):\n${stderr}`)); });
  });
}

test('under serve, editing a translated chapter reloads its page', async () => {
  const book = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-i18n-serve-'));
  fs.cpSync(BOOK, book, { recursive: true });
  const server = await startServe(book);
  try {
    await env.page(async (page) => {
      await page.goto(`${server.url}fr/intro.html`);
      await page.evaluate(() => { window.notReloaded = true; });
      const file = path.join(book, 'translations', 'fr', 'intro.md');
      fs.writeFileSync(file, `${fs.readFileSync(file, 'utf8')}\nUne phrase ajoutée pendant la lecture.\n`);
      await page.waitForFunction(
        () => document.body.innerText.includes('Une phrase ajoutée pendant la lecture.'),
        null, { timeout: WAIT },
      );
      assert.equal(await page.evaluate(() => window.notReloaded), undefined, 'the page reloaded');
    });
  } finally {
    server.proc.kill();
    fs.rmSync(book, { recursive: true, force: true });
  }
});
