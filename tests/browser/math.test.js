// Formulas typeset at build time (tests/fixtures/math): MathML that Chromium lays out itself,
// with no script and no request, in light, dark, RTL and on a 360 px phone (a long formula
// scrolls in its own box, the page does not); axe finds nothing and each formula has its TeX as
// accessible name; the Nu Html Checker accepts the pages; the single-file export opened from
// file:// with the network off shows the formulas too. Screenshots go to $LECTERN_SHOTS (default
// /tmp/shots14-math/) to be looked at.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { REPO, BIN, start, assertClean } = require('./harness');

const BOOK = path.join(REPO, 'tests', 'fixtures', 'math');
const SHOTS = process.env.LECTERN_SHOTS || path.join(os.tmpdir(), 'shots14-math');
const AXE = path.join(__dirname, 'node_modules', 'axe-core', 'axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

let env, rtl, tmp;
before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-math-'));
  // The same book in Arabic: an RTL page around left-to-right formulas.
  const arabic = path.join(tmp, 'ar');
  fs.cpSync(BOOK, arabic, { recursive: true });
  const toml = path.join(arabic, 'book.toml');
  fs.writeFileSync(toml, fs.readFileSync(toml, 'utf8').replace('language = "en"', 'language = "ar"'));
  env = await start(BOOK);
  rtl = await start(arabic);
});
after(async () => {
  if (env) await env.close();
  if (rtl) await rtl.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** What the page's formulas look like: each one's box, and the fraction's parts. */
async function layout(page) {
  return page.evaluate(() => [...document.querySelectorAll('main math')].filter((m) => m.checkVisibility()).map((m) => {
    const r = m.getBoundingClientRect();
    const frac = m.querySelector('mfrac');
    let stacked = null;
    if (frac && frac.children.length === 2) {
      const [num, den] = [...frac.children].map((c) => c.getBoundingClientRect());
      stacked = num.bottom <= den.top + 1;
    }
    return { tex: m.getAttribute('alttext'), width: r.width, height: r.height, stacked };
  }));
}

async function axe(page) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate((tags) => window.axe.run(document,
    { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), TAGS);
  return result.violations.map((v) => `${v.id}: ${v.help} ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

test('chapter: formulas typeset by the browser, no script for them, light and dark, axe clean', async () => {
  for (const scheme of ['light', 'dark']) {
    await env.page({ colorScheme: scheme }, async (page) => {
      const requests = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`${env.url}formulas.html`);
      const boxes = await layout(page);
      assert.ok(boxes.length >= 12, `formulas on the page: ${boxes.length}`);
      for (const b of boxes) {
        assert.ok(b.width > 0 && b.height > 0, `${b.tex} is laid out`);
        if (b.stacked !== null) assert.ok(b.stacked, `${b.tex}: numerator above denominator`);
      }
      // A display formula is taller than a line; an inline one stays near the line's height.
      const display = boxes.find((b) => b.tex.startsWith('\\begin{aligned}'));
      const inline = boxes.find((b) => b.tex === '\\sigma');
      assert.ok(display.height > 40, `aligned equations are two lines tall: ${display.height}`);
      assert.ok(inline.height < 30, `inline sigma stays in the line: ${inline.height}`);
      // The scripts are the theme's own; none is about math, and nothing was fetched for it.
      const scripts = await page.locator('script[src]').evaluateAll((s) => s.map((e) => e.getAttribute('src')));
      assert.ok(scripts.every((s) => !/math|katex|tex/i.test(s)), scripts.join(' '));
      assert.ok(requests.every((u) => u.startsWith(env.url)), `only the site's own files: ${requests.join(' ')}`);
      // Dark: the formulas take the text colour.
      const colours = await page.evaluate(() => {
        const m = document.querySelector('main math');
        return [getComputedStyle(m).color, getComputedStyle(m.closest('p')).color];
      });
      assert.equal(colours[0], colours[1], 'math has the colour of the text around it');
      await page.screenshot({ path: path.join(SHOTS, `chapter-${scheme}.png`), fullPage: true });
      assert.deepEqual(await axe(page), [], `axe (${scheme})`);
    });
  }
  assertClean(env);
});

test('each formula has its TeX as accessible name; display formulas are reachable to scroll', async () => {
  await env.page(async (page) => {
    await page.goto(`${env.url}formulas.html`);
    const cdp = await page.context().newCDPSession(page);
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    // (Chromium's role for <math> is its internal MathMLMath, `math` to platform APIs.)
    const maths = nodes.filter((n) => n.role && /^(math|MathMLMath)$/.test(n.role.value));
    assert.ok(maths.length >= 12, `math nodes in the accessibility tree: ${maths.length}`);
    const names = maths.map((n) => (n.name && n.name.value) || '');
    assert.ok(names.every((n) => n.length > 0), `every formula has a name: ${JSON.stringify(names)}`);
    assert.ok(names.includes('\\bar{x} = \\frac{1}{n}\\sum_{i=1}^{n} x_i'), names.join(' | '));
    // The long formula's box takes the keyboard focus (to scroll it with the arrow keys).
    const long = page.locator('.math-display', { has: page.locator('math[alttext^="f(x) = a_0"]') });
    await long.focus();
    assert.equal(await page.evaluate(() => document.activeElement.className), 'math-display');
  });
  assertClean(env);
});

test('search finds formulas by their TeX: "\\frac", "sigma", "pmatrix"', async () => {
  await env.page(async (page) => {
    await page.goto(`${env.url}formulas.html`);
    await page.locator('body').press('/');
    await page.waitForFunction(() => !!document.querySelector('dialog[data-search][open]'));
    for (const [q, anchor] of [['\\frac', ''], ['sigma', ''], ['pmatrix', '#matrices'], ['argmax', '#aligned-equations']]) {
      await page.locator('[data-search-input]').fill(q);
      await page.waitForFunction((text) => {
        const list = document.querySelector('[data-search-results]');
        return list && list.getAttribute('data-query') === text;
      }, q);
      const hrefs = await page.locator('[data-search-results] li a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.ok(hrefs.includes(`formulas.html${anchor}`), `"${q}" finds formulas.html${anchor}: ${hrefs.join(' ')}`);
    }
    // The snippet shows the TeX, not MathML's scattered characters.
    await page.locator('[data-search-input]').fill('pmatrix');
    await page.waitForFunction(() => document.querySelector('[data-search-results]').getAttribute('data-query') === 'pmatrix');
    assert.match(await page.locator('[data-search-results]').textContent(), /\\begin\{pmatrix\}/);
  });
  assertClean(env);
});

test('a 360 px phone: the long formula scrolls in its box, the page does not', async () => {
  await env.page({ viewport: { width: 360, height: 740 } }, async (page) => {
    await page.goto(`${env.url}formulas.html`);
    const sizes = await page.evaluate(() => {
      const long = [...document.querySelectorAll('.math-display')].find((d) => d.querySelector('math[alttext^="f(x) = a_0"]'));
      return { page: document.documentElement.scrollWidth, view: innerWidth, box: long.clientWidth, inner: long.scrollWidth };
    });
    assert.ok(sizes.page <= sizes.view, `the page does not scroll sideways: ${JSON.stringify(sizes)}`);
    assert.ok(sizes.inner > sizes.box, `the long formula scrolls in its box: ${JSON.stringify(sizes)}`);
    await page.locator('#a-long-formula').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'phone-360.png') });
    await page.locator('#matrices').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'phone-360-matrices.png') });
  });
  assertClean(env);
});

test('RTL book: the formulas stay left to right and typeset', async () => {
  await rtl.page(async (page) => {
    await page.goto(`${rtl.url}formulas.html`);
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    const dirs = await page.locator('main math').evaluateAll((ms) => ms.map((m) => getComputedStyle(m).direction));
    assert.ok(dirs.every((d) => d === 'ltr'), dirs.join(' '));
    // A long formula scrolls from its start (the left), not from the page's start edge.
    const start = await page.evaluate(() => {
      const m = document.querySelector('math[alttext^="f(x) = a_0"]');
      return m.getBoundingClientRect().left - m.closest('.math-display').getBoundingClientRect().left;
    });
    assert.ok(start >= 0, `the long formula's start is in view: ${start}`);
    for (const b of await layout(page)) assert.ok(b.width > 0 && b.stacked !== false, b.tex);
    await page.screenshot({ path: path.join(SHOTS, 'chapter-rtl.png'), fullPage: true });
    assert.deepEqual(await axe(page), [], 'axe (rtl)');
  });
  assertClean(rtl);
});

test('the Nu Html Checker accepts the math pages', () => {
  const jar = String(require('vnu-jar'));
  const files = ['formulas.html', 'print.html', 'questions.html'].map((f) => path.join(env.site, f));
  const r = spawnSync('java', ['-jar', jar, '--format', 'json', '--stdout', ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const errors = JSON.parse(r.stdout).messages.filter((m) => m.type === 'error' || m.type === 'non-document-error')
    .map((m) => `${m.url}:${m.lastLine}: ${m.message} [${(m.extract || '').slice(0, 100)}]`);
  assert.deepEqual(errors, []);
});

test('print page and single-file export from file:// with the network off keep the formulas', async () => {
  await env.page(async (page) => {
    await page.goto(`${env.url}print.html`);
    const printed = await layout(page);
    assert.ok(printed.length >= 8 && printed.every((b) => b.width > 0), `formulas on the print page: ${printed.length}`);
  });

  const file = path.join(tmp, 'formulas.html');
  const run = spawnSync(BIN, ['export', BOOK, '-o', file], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const page = await env.newPage();
  try {
    await page.context().setOffline(true);
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${pathToFileURL(file).href}#/formulas`);
    await page.locator('main h1').filter({ hasText: 'Formulas' }).first().waitFor();
    const boxes = await layout(page);
    assert.ok(boxes.length >= 12, `formulas in the export: ${boxes.length}`);
    for (const b of boxes) {
      assert.ok(b.width > 0 && b.height > 0, `${b.tex} is laid out in the export`);
      if (b.stacked !== null) assert.ok(b.stacked, `${b.tex}: numerator above denominator`);
    }
    assert.ok(requests.every((u) => u.startsWith('file:') || u.startsWith('data:')), requests.join(' '));
    await page.screenshot({ path: path.join(SHOTS, 'export-offline.png'), fullPage: true });
  } finally {
    await page.context().close();
  }
  assertClean(env);
});
