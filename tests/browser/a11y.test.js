// Accessibility gate: axe-core (WCAG 2.0/2.1/2.2 A and AA rules) reports no violation on the
// index, a chapter and questions.html, in light and dark, with cards open and after answering
// (wrong and right), and on a phone with the chapter drawer open; and the course in Arabic
// (right to left). The gate is itself tested on a deliberately broken page, so it cannot pass
// vacuously.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { start, assertClean, useEverything, REPO } = require('./harness');

const AXE = path.join(__dirname, 'node_modules', 'axe-core', 'axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

let env;
before(async () => {
  if (!fs.existsSync(AXE)) throw new Error(`axe-core not found at ${AXE}: run \`npm ci\` in tests/browser`);
  env = await start();
});
after(async () => { if (env) await env.close(); });

/** Runs axe on the page as it is now; returns one readable line per violated rule. */
async function axe(page, include) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(([tags, inc]) => window.axe.run(inc ? { include: [inc] } : document,
    { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), [TAGS, include || null]);
  assert.ok(result.passes.length + result.violations.length > 0, 'axe ran its rules');
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n      ${
    v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} :: ${n.failureSummary.replace(/\s+/g, ' ').slice(0, 300)}`).join('\n      ')}`);
}

/** Fails with axe's findings unless the page (or only the `include` selector's parts) passes. */
async function assertAccessible(page, where, include) {
  if (include) assert.ok(await page.locator(include).count() > 0, `${where}: ${include} matches`);
  const violations = await axe(page, include);
  assert.deepEqual(violations, [], `${where}: axe violations:\n  ${violations.join('\n  ')}`);
}

test('axe (light): index, chapters and questions.html, fresh, cards open, answered wrong and right', async () => {
  await env.page({ colorScheme: 'light' }, async (page) => {
    await page.goto(`${env.url}index.html`);
    await assertAccessible(page, 'index');

    await page.goto(`${env.url}runtime/v8-memory.html`);
    await assertAccessible(page, 'V8 chapter, fresh');
    await page.locator('[data-objectives] input').first().check();
    await useEverything(page, false);
    await assertAccessible(page, 'V8 chapter, cards open, answered wrong');
    await useEverything(page, true);
    await assertAccessible(page, 'V8 chapter, answered right (the widgets)', '[data-question]');

    // The other question types (short answer, single choice) in their answered state.
    await page.goto(`${env.url}runtime/event-loop.html`);
    await useEverything(page, false);
    await assertAccessible(page, 'event-loop chapter, cards open, answered wrong');

    await page.goto(`${env.url}questions.html`);
    await assertAccessible(page, 'questions.html');
    await page.goto(`${env.url}questions.html#chapter=operating/observability&company=Uber`);
    await assertAccessible(page, 'questions.html, filtered');
    await page.goto(`${env.url}404.html`);
    await assertAccessible(page, '404');
  });
});

test('axe (dark, following the system): index, chapters and questions.html', async () => {
  await env.page({ colorScheme: 'dark' }, async (page) => {
    await page.goto(`${env.url}index.html`);
    assert.ok(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches));
    await assertAccessible(page, 'index (dark)');
    await page.goto(`${env.url}runtime/v8-memory.html`);
    await page.locator('[data-objectives] input').first().check();
    await useEverything(page, false);
    await assertAccessible(page, 'V8 chapter, cards open, answered wrong (dark)');
    await page.goto(`${env.url}operating/streams-and-errors.html`);
    await useEverything(page, true);
    await assertAccessible(page, 'streams chapter, cards open, answered right (dark)');
    await page.goto(`${env.url}questions.html`);
    await assertAccessible(page, 'questions.html (dark)');
  });
});

test('axe: dark theme chosen with the switch, on a phone with the chapter drawer open', async () => {
  await env.page({ colorScheme: 'light', viewport: { width: 375, height: 740 } }, async (page) => {
    await page.goto(`${env.url}operating/observability.html`);
    await page.locator('[data-theme-toggle]').click();
    await page.locator('[data-theme-toggle]').click();
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
    await useEverything(page, false);
    await assertAccessible(page, 'phone, dark theme chosen, answered');
    await page.locator('[data-nav-toggle]').click();
    assert.equal(await page.locator('[data-nav-toggle]').getAttribute('aria-expanded'), 'true');
    await assertAccessible(page, 'phone, drawer open');
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('[data-nav-toggle]').getAttribute('aria-expanded'), 'false');
  });
});

test('axe (Arabic, right to left): chapters answered wrong with cards open, questions, progress, review, 404, the phone drawer', async () => {
  // The example course with `language = "ar"`, in a copy (the course itself stays as it is).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-axe-ar-'));
  fs.cpSync(path.join(REPO, 'content'), path.join(dir, 'content'), { recursive: true });
  const toml = fs.readFileSync(path.join(REPO, 'book.toml'), 'utf8');
  assert.match(toml, /^language = "en"$/m);
  fs.writeFileSync(path.join(dir, 'book.toml'), toml.replace(/^language = "en"$/m, 'language = "ar"'));
  const ar = await start(dir);
  try {
    await ar.page({ colorScheme: 'light' }, async (page) => {
      await page.goto(`${ar.url}runtime/v8-memory.html`);
      assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
      await assertAccessible(page, 'Arabic: V8 chapter, fresh');
      await page.locator('[data-objectives] input').first().check();
      await useEverything(page, false);
      await assertAccessible(page, 'Arabic: V8 chapter, cards open, answered wrong');
      await page.goto(`${ar.url}runtime/event-loop.html`);
      await useEverything(page, false);
      await assertAccessible(page, 'Arabic: event-loop chapter, answered wrong');
      for (const p of ['index.html', 'questions.html', 'progress.html', 'review.html', '404.html']) {
        await page.goto(`${ar.url}${p}`);
        await assertAccessible(page, `Arabic: ${p}`);
      }
    });
    await ar.page({ colorScheme: 'dark', viewport: { width: 375, height: 740 } }, async (page) => {
      await page.goto(`${ar.url}operating/observability.html`);
      await page.locator('[data-nav-toggle]').click();
      await assertAccessible(page, 'Arabic: phone, dark, drawer open');
    });
    assertClean(ar);
  } finally {
    await ar.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('axe (light and dark): the reference-model fixture, with unrated cards, sourced company tags and labelled explanations', async () => {
  const ref = await start(path.join(REPO, 'tests', 'fixtures', 'reference-model'));
  try {
    for (const colorScheme of ['light', 'dark']) {
      await ref.page({ colorScheme }, async (page) => {
        await page.goto(`${ref.url}v8-memory.html`);
        await assertAccessible(page, `reference chapter, fresh (${colorScheme})`);
        await useEverything(page, false);
        await assertAccessible(page, `reference chapter, cards open, answered wrong (${colorScheme})`);
        await page.goto(`${ref.url}questions.html#difficulty=unrated`);
        await assertAccessible(page, `reference questions.html, unrated (${colorScheme})`);
      });
    }
    assertClean(ref);
  } finally {
    await ref.close();
  }
});

test('the axe gate itself fails on a page with accessibility errors', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-axe-gate-'));
  const file = path.join(dir, 'broken.html');
  fs.writeFileSync(file, `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Broken on purpose</title></head>
<body><main>
<h1>Broken on purpose</h1>
<img src="data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==" width="40" height="40">
<p id="same">one</p><p id="same">two</p>
<button type="button"></button>
<input type="text">
<p style="color:#bbb;background:#fff">Pale text nobody can read</p>
</main></body></html>
`);
  await env.page(async (page) => {
    await page.goto(pathToFileURL(file).href);
    const violations = await axe(page);
    const ids = violations.map((v) => v.split(' ')[0]);
    for (const rule of ['image-alt', 'button-name', 'label', 'color-contrast']) {
      assert.ok(ids.includes(rule), `the gate reports ${rule}; it reported: ${ids.join(', ')}`);
    }
    await assert.rejects(() => assertAccessible(page, 'broken page'), /image-alt/);
  });
  fs.rmSync(dir, { recursive: true, force: true });
});

test('no request left the site and no page logged an error', () => {
  assertClean(env);
});
