// The single-file export (`lectern export`) opened straight from disk with the network off:
// navigate between chapters and to anchors, answer, reload and find the answer kept, follow the
// browser's Back button, search, browse-all filters, an unknown route; nothing leaves the file.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { REPO, BIN, buildSite, launch, assertClean, squash, answerKey, answer, storageKey } = require('./harness');

let env, dir, file, url;
before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-export-'));
  file = path.join(dir, 'course.html');
  const run = spawnSync(BIN, ['export', REPO, '-o', file], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.ok(fs.statSync(file).size > 10000);
  assert.match(run.stderr, /Wrote .*course\.html \(\d+\.\d (KB|MB)\)/, 'the command says how big the file is');
  url = pathToFileURL(file).href;
  env = await launch();
});
after(async () => {
  if (env) await env.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A page with the network switched off; `requests` records every URL it asks for. */
async function offlinePage(options = {}) {
  const page = await env.newPage(options);
  await page.context().setOffline(true);
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  return { page, requests };
}
const text = async (loc) => squash(await loc.textContent());
/**
 * Waits until the page for a route is shown: the address changes before export.js's
 * hashchange handler has put the new page in, so reading straight after waitForURL races it.
 */
const shown = (page, title) => page.locator('main h1').filter({ hasText: title }).first().waitFor();
const V8 = 'runtime/v8-memory';

test('offline from disk: navigate, answer, reload (answer kept), Back, anchors, search, filters, 404', async () => {
  const { page, requests } = await offlinePage();
  try {
    await page.goto(url);
    assert.equal(await page.getAttribute('html', 'data-export'), '');
    assert.equal(await page.title(), 'Node.js in production');
    assert.equal(await text(page.locator('main h1')), 'Node.js in production');
    assert.match(await text(page.locator(`main [data-progress="${V8}"]`)), /^0\/6\b/);

    // Contents -> chapter: a route in the hash, its title, its image inline, the sidebar marks it.
    await page.locator('main').getByRole('link', { name: /V8, memory/ }).first().click();
    await page.waitForURL(`${url}#/${V8}`);
    await shown(page, 'V8, memory & frameworks');
    assert.equal(await text(page.locator('main h1')), 'V8, memory & frameworks');
    assert.equal(await page.title(), 'V8, memory & frameworks · Node.js in production');
    assert.ok(await page.locator('main img').first().evaluate((i) => i.complete && i.naturalWidth > 0 && i.src.startsWith('data:')), 'the image shows');
    assert.equal(await page.locator('#sidebar a[aria-current="page"]').getAttribute('href'), `#/${V8}`);
    assert.equal(await page.evaluate(() => window.scrollY), 0);

    // Answer one question right, one wrong, tick an objective.
    const tf = page.locator('[data-knowledge-check] [data-question][data-kind="true_false"]');
    const multi = page.locator('[data-knowledge-check] [data-question][data-kind="multiple"]');
    await answer(tf, (await answerKey(tf)).correct);
    assert.match(await text(tf.locator('[data-feedback]')), /^✓ ?Correct\./);
    await answer(multi, [(await answerKey(multi)).wrong[0]]);
    await page.locator('[data-objectives] input').first().check();
    assert.match(await text(page.locator(`#sidebar [data-progress="${V8}"]`)), /^2\/6\b/);

    await page.reload();
    assert.equal(page.url(), `${url}#/${V8}`, 'the route survives a reload');
    assert.match(await text(tf.locator('[data-feedback]')), /^✓ ?Correct\./, 'right answer kept');
    assert.match(await text(multi.locator('[data-feedback]')), /^✗ ?Not quite/, 'wrong answer kept');
    assert.equal(await text(page.locator('[data-objectives-count]')), '1 / 4 done');
    assert.ok(await page.evaluate((k) => localStorage.getItem(k) !== null, storageKey(url)), 'stored under the file\'s own key');

    // An "On this page" link: an anchor inside the chapter.
    await page.locator('.page-toc summary').click();
    await page.locator('.page-toc a[href$="#the-old-generation"]').click();
    await page.waitForURL(`${url}#/${V8}#the-old-generation`);
    // The scroll, too, comes from the hashchange handler: give it its moment, then measure.
    await page.waitForFunction(() => {
      const t = document.getElementById('the-old-generation')?.getBoundingClientRect().top;
      return t > 40 && t < 200;
    }, null, { timeout: 2000 }).catch(() => {});
    const top = await page.locator('#the-old-generation').evaluate((h) => h.getBoundingClientRect().top);
    assert.ok(top > 40 && top < 200, `the heading is at the top, below the header (${top})`);

    // Next chapter through the pager, then Back twice.
    await page.locator('.pager-next').click();
    await page.waitForURL(`${url}#/operating/streams-and-errors`);
    await shown(page, 'Streams and errors in production');
    assert.equal(await text(page.locator('main h1')), 'Streams and errors in production');
    await page.goBack();
    await page.waitForURL(`${url}#/${V8}#the-old-generation`);
    await shown(page, 'V8, memory & frameworks');
    assert.equal(await text(page.locator('main h1')), 'V8, memory & frameworks');
    assert.match(await text(tf.locator('[data-feedback]')), /^✓ ?Correct\./, 'widgets start again on a page shown again');

    // Search: a word only in an interview answer; Enter opens the card on its page.
    await page.goto(`${url}#/intro`);
    assert.equal(await text(page.locator('main h1')), 'Introduction');
    await page.keyboard.press('/');
    await page.locator('[data-search-input]').fill('FinalizationRegistry');
    await page.waitForFunction(() => (document.querySelector('[data-search-results]') || {}).getAttribute && document.querySelector('[data-search-results]').getAttribute('data-query') === 'FinalizationRegistry');
    assert.equal(await page.locator('[data-search-results] a').first().getAttribute('href'), `#/${V8}#q-weakmap-vs-map-cache`);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${url}#/${V8}#q-weakmap-vs-map-cache`);
    await page.waitForFunction(() => document.getElementById('q-weakmap-vs-map-cache')?.open);
    assert.ok(await page.locator('#q-weakmap-vs-map-cache .card-answer').isVisible());
    assert.equal(await page.locator('dialog[data-search][open]').count(), 0);

    // "Browse all" keeps its chapter filter; a filter change keeps the route.
    await page.locator('.part-link').click();
    await page.waitForURL(`${url}#/questions#chapter=${V8}`);
    assert.equal(await page.locator('select[data-filter="chapter"]').inputValue(), V8);
    await page.selectOption('select[data-filter="chapter"]', 'operating/observability');
    assert.equal(page.url(), `${url}#/questions#chapter=operating/observability`);
    assert.equal(await text(page.locator('[data-result-count]')), '3 of 24 questions');
    await page.locator('[data-filter-item]:not([hidden]) a').first().click();
    await page.waitForURL(new RegExp(`#/operating/observability#q-`));
    const id = page.url().split('#').pop();
    await page.waitForFunction((i) => document.getElementById(i)?.open, id);

    // The header's Contents link shows the progress made.
    await page.locator('[data-contents-link]').click();
    await page.waitForURL(`${url}#/`);
    assert.match(await text(page.locator(`main [data-progress="${V8}"]`)), /^2\/6\b/);

    await page.goto(`${url}#/no/such/page`);
    assert.equal(await text(page.locator('main h1')), 'Page not found');

    const away = requests.filter((u) => !u.startsWith(url) && !u.startsWith('data:'));
    assert.deepEqual(away, [], 'the file asks for nothing else');
  } finally {
    await page.context().close();
  }
  assertClean(env);
});

test('routes named after Object.prototype\'s properties (#/constructor, #/__proto__, #/toString) are pages not found', async () => {
  const { page } = await offlinePage();
  const from = env.errors.length;
  try {
    await page.goto(`${url}#/constructor`);
    assert.equal(await text(page.locator('main h1')), 'Page not found', 'on arrival');
    for (const route of ['__proto__', 'toString', 'hasOwnProperty']) {
      await page.evaluate((r) => { location.hash = `#/${r}`; }, route);
      await page.waitForFunction((r) => location.hash === `#/${r}`, route);
      assert.equal(await text(page.locator('main h1')), 'Page not found', `#/${route}`);
    }
    await page.evaluate(() => { location.hash = '#/'; });
    await page.waitForFunction(() => document.querySelector('main h1')?.textContent.includes('Node.js in production'));
  } finally {
    await page.context().close();
  }
  assert.deepEqual(env.errors.slice(from), [], 'no page error');
});

test('keyboard: the skip link and the chapter drawer keep the route', async () => {
  const { page } = await offlinePage({ viewport: { width: 390, height: 800 } });
  try {
    await page.goto(`${url}#/${V8}`);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.hash === '#/runtime/v8-memory#main');
    assert.equal(await text(page.locator('main h1')), 'V8, memory & frameworks', 'still on the chapter');

    // On a phone the chapter list is a drawer: following a link closes it.
    await page.locator('[data-nav-toggle]').click();
    assert.equal(await page.getAttribute('[data-nav-toggle]', 'aria-expanded'), 'true');
    await page.locator('#sidebar a', { hasText: 'The event loop' }).click();
    await page.waitForURL(`${url}#/runtime/event-loop`);
    // The address changes before the page's hashchange handler has run: wait for the new
    // page, which that handler shows in the same step as it closes the drawer.
    await page.waitForFunction(() => (document.querySelector('main h1')?.textContent || '').replace(/\s+/g, ' ').trim() === 'The event loop');
    assert.equal(await page.getAttribute('[data-nav-toggle]', 'aria-expanded'), 'false');
    assert.ok(await page.evaluate(() => document.activeElement.id === 'main'), 'focus moves to the new page');
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, 'no sideways scroll on a phone');
  } finally {
    await page.context().close();
  }
  assertClean(env);
});

test('print, a built chapter and the export: no navigation, cards and answer keys shown, code black on white, no dialog', async () => {
  const site = buildSite();
  try {
    for (const [where, address] of [['chapter', pathToFileURL(path.join(site, `${V8}.html`)).href], ['export', `${url}#/${V8}`]]) {
      const { page } = await offlinePage({ colorScheme: 'dark' });
      try {
        await page.addInitScript(() => { window.__printed = 0; window.print = () => { window.__printed++; }; });
        await page.goto(address);
        const multi = page.locator('[data-knowledge-check] [data-question][data-kind="multiple"]');
        await answer(multi, [(await answerKey(multi)).wrong[0]]);
        await page.emulateMedia({ media: 'print' });
        for (const hidden of ['.site-header', '#sidebar', '.site-footer', '.pager', '[data-search-open]', '[data-check]']) {
          assert.ok(await page.locator(hidden).first().isHidden(), `${where}: ${hidden} is not printed`);
        }
        for (const card of await page.locator('details.card').all()) {
          assert.ok(await card.locator('.card-answer').isVisible(), `${where}: every card prints open`);
        }
        const unanswered = page.locator('[data-knowledge-check] [data-question]').first();
        assert.ok(await unanswered.locator('.q-answer-body').isVisible(), `${where}: an unanswered question prints its answer key`);
        assert.ok(await multi.locator('.q-answer-body').isHidden(), `${where}: an answered one shows its marks instead`);
        assert.ok(await multi.locator('.q-note').first().isVisible());
        const code = await page.locator('pre.code').first().evaluate((el) => {
          const s = getComputedStyle(el), k = el.querySelector('span');
          return [s.backgroundColor, s.color, k ? getComputedStyle(k).color : 'rgb(0, 0, 0)'];
        });
        assert.deepEqual(code, ['rgb(255, 255, 255)', 'rgb(0, 0, 0)', 'rgb(0, 0, 0)'], `${where}: code is black on white even in dark mode`);
        const pdf = await page.pdf({ format: 'A4', printBackground: true });
        assert.equal(pdf.subarray(0, 4).toString(), '%PDF');
        assert.ok(pdf.length > 50000, `${where}: a real document (${pdf.length} bytes)`);
        assert.equal(await page.evaluate(() => window.__printed), 0, `${where}: nothing asks to print by itself`);
        assert.equal(await page.locator('dialog[open]').count(), 0);
      } finally {
        await page.context().close();
      }
    }
  } finally {
    fs.rmSync(path.dirname(site), { recursive: true, force: true });
  }
  assertClean(env);
});

test('axe (WCAG 2.2 AA): the export\'s contents, a chapter with its cards open, and its search, light and dark', async () => {
  const AXE = path.join(__dirname, 'node_modules', 'axe-core', 'axe.min.js');
  const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
  for (const colorScheme of ['light', 'dark']) {
    const { page } = await offlinePage({ colorScheme });
    try {
      const check = async (where) => {
        if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: AXE });
        const r = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), TAGS);
        const v = r.violations.map((x) => `${x.id}: ${x.help} ${x.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
        assert.deepEqual(v, [], `${colorScheme}, ${where}:\n${v.join('\n')}`);
      };
      await page.goto(url);
      await check('contents');
      await page.goto(`${url}#/${V8}`);
      for (const card of await page.locator('details.card').all()) await card.evaluate((d) => { d.open = true; });
      await check('chapter, cards open');
      await page.keyboard.press('/');
      await page.locator('[data-search-input]').fill('heap');
      await page.waitForFunction(() => document.querySelector('[data-search-results]').getAttribute('data-query') === 'heap');
      await check('search open');
    } finally {
      await page.context().close();
    }
  }
});
