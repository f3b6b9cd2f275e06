// Full-text search: the dialog opens with "/", "s" or the header button, loads its index only
// then, finds words from prose, code and interview answers, highlights them, and takes the reader
// to the exact heading or card, by keyboard alone; Escape closes it and gives focus back. Also
// from file://, and accessible (axe, WCAG 2.2 AA) in light and dark.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { start, assertClean, squash } = require('./harness');

const AXE = path.join(__dirname, 'node_modules', 'axe-core', 'axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

let env;
before(async () => { env = await start(); });
after(async () => { if (env) await env.close(); });

const dialog = (page) => page.locator('dialog[data-search]');
const results = (page) => page.locator('[data-search-results] li a');
const isOpen = (page) => page.evaluate(() => !!document.querySelector('dialog[data-search][open]'));

/** Types a query into the open dialog and waits for its results (or its "no results"). */
async function query(page, q) {
  await page.locator('[data-search-input]').fill(q);
  await page.waitForFunction((text) => {
    const list = document.querySelector('[data-search-results]');
    return list && list.getAttribute('data-query') === text;
  }, q);
}

test('words that are names of Object.prototype ("constructor", "__proto__") are searched like any other', async () => {
  await env.page(async (page) => {
    await page.goto(`${env.url}runtime/event-loop.html`);
    await page.locator('body').press('/');
    await page.waitForFunction(() => !!document.querySelector('dialog[data-search][open]'));
    await query(page, 'constructor');
    const hrefs = await results(page).evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.ok(hrefs.some((h) => h.startsWith('../runtime/v8-memory.html')), `"constructor" (in the V8 chapter) is found: ${hrefs}`);
    assert.match(await page.locator('[data-search-results]').innerHTML(), /<mark>constructor<\/mark>/i);
    await query(page, '__proto__ hasOwnProperty toString');
    assert.deepEqual(await page.evaluate(() => Object.keys(Object.prototype)), []);
  });
});

test('"/" opens the dialog and loads the index lazily; a prose word is found and highlighted', async () => {
  await env.page(async (page) => {
    const requests = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await page.goto(`${env.url}runtime/event-loop.html`);
    assert.ok(await page.locator('[data-search-open]').isVisible(), 'the header button shows with script');
    assert.equal(await page.evaluate(() => typeof window.LECTERN_SEARCH), 'undefined', 'no index before search opens');
    assert.ok(!requests.some((u) => /search/.test(u)), `nothing of search loaded yet: ${requests}`);

    await page.locator('body').press('/');
    await page.waitForFunction(() => !!document.querySelector('dialog[data-search][open]'));
    assert.equal(await page.evaluate(() => document.activeElement.matches('[data-search-input]')), true, 'focus in the search field');
    assert.deepEqual(requests.filter((u) => /search/.test(u)), ['/search-index.js', '/assets/search.js']);

    await query(page, 'scavenges');
    const hrefs = await results(page).evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.ok(hrefs.includes('../runtime/v8-memory.html#the-old-generation'), `prose section found: ${hrefs}`);
    const hit = results(page).filter({ has: page.locator('.search-title', { hasText: 'The old generation' }) });
    assert.equal(squash(await hit.locator('.search-where').textContent()), '2 · V8, memory & frameworks');
    assert.match(await hit.innerHTML(), /<mark>scavenges<\/mark>/i, 'the match is highlighted');
    assert.match(squash(await page.locator('[data-search-status]').textContent()), /^\d+ results?\.$/);

    // A word that starts others ("leak" finds "leaks", "leaking") and one from a code block.
    await query(page, 'leak');
    assert.ok(await results(page).count() >= 3);
    assert.ok((await page.locator('[data-search-results] mark').allTextContents()).some((m) => /^leaks$/i.test(m)));
    await query(page, 'setImmediate');
    assert.ok((await results(page).evaluateAll((as) => as.map((a) => a.getAttribute('href')))).includes('../runtime/event-loop.html#example'), 'code is searchable');
    await query(page, 'zzqxj');
    assert.equal(await results(page).count(), 0);
    assert.match(await page.locator('[data-search-status]').textContent(), /No results for “zzqxj”/);
  });
  assertClean(env);
});

test('an interview answer, by keyboard alone: arrows, Enter opens the card; Escape returns focus', async () => {
  await env.page(async (page) => {
    await page.goto(`${env.url}operating/observability.html`);
    // Tab to the header button and open it with Enter.
    const button = page.locator('[data-search-open]');
    for (let i = 0; i < 12 && !(await button.evaluate((b) => b === document.activeElement)); i++) await page.keyboard.press('Tab');
    assert.ok(await button.evaluate((b) => b === document.activeElement), 'the search button is reachable by Tab');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !!document.querySelector('dialog[data-search][open]'));
    await page.keyboard.type('FinalizationRegistry');
    await page.waitForFunction(() => document.querySelectorAll('[data-search-results] a').length > 0);
    const first = results(page).first();
    assert.equal(await first.getAttribute('href'), '../runtime/v8-memory.html#q-weakmap-vs-map-cache', 'only in an interview answer');
    assert.match(squash(await first.locator('.search-where').textContent()), /Interview question$/);

    // Escape closes and gives focus back to the button.
    await page.keyboard.press('Escape');
    assert.equal(await isOpen(page), false);
    assert.ok(await button.evaluate((b) => b === document.activeElement), 'focus back on the opener');

    // Open again with "s": the query is kept. ArrowDown moves to the result, ArrowUp back to the field.
    await page.keyboard.press('s');
    await page.waitForFunction(() => !!document.querySelector('dialog[data-search][open]'));
    assert.equal(await page.locator('[data-search-input]').inputValue(), 'FinalizationRegistry');
    await page.keyboard.press('ArrowDown');
    assert.ok(await first.evaluate((a) => a === document.activeElement));
    assert.ok(await first.evaluate((a) => a.matches(':focus-visible')), 'focus is visible');
    await page.keyboard.press('ArrowUp');
    assert.ok(await page.locator('[data-search-input]').evaluate((i) => i === document.activeElement));
    // Tab stays inside the modal dialog.
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => !!document.activeElement.closest('dialog[data-search]')));
    await page.keyboard.press('Shift+Tab');

    // Enter in the field goes to the best result: the card opens on its page.
    await page.locator('[data-search-input]').press('Enter');
    await page.waitForURL(/v8-memory\.html#q-weakmap-vs-map-cache$/);
    await page.waitForFunction(() => document.getElementById('q-weakmap-vs-map-cache')?.open);
    assert.ok(await page.locator('#q-weakmap-vs-map-cache .card-answer').isVisible());

    // On the page itself, a result for a heading of this page scrolls there and closes the dialog.
    await page.keyboard.press('/');
    await query(page, 'scavenges');
    const here = results(page).filter({ has: page.locator('.search-title', { hasText: 'The old generation' }) });
    await here.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/v8-memory\.html#the-old-generation$/);
    assert.equal(await isOpen(page), false);
    const top = await page.locator('#the-old-generation').evaluate((h) => h.getBoundingClientRect().top);
    const header = await page.locator('.site-header').evaluate((h) => h.getBoundingClientRect().bottom);
    assert.ok(top >= header - 1 && top < 300, `the heading is in view below the sticky header (top ${top}, header ${header})`);
  });
  assertClean(env);
});

test('"s" and "/" are ordinary keys while typing; the dialog never opens by itself', async () => {
  await env.page(async (page) => {
    await page.goto(`${env.url}runtime/event-loop.html`);
    assert.equal(await isOpen(page), false);
    const input = page.locator('.q-input').first();
    await input.click();
    await page.keyboard.type('s/s');
    assert.equal(await input.inputValue(), 's/s');
    assert.equal(await isOpen(page), false);
    assert.equal(await dialog(page).count(), 0, 'not even built');
    // Modifier combinations are left to the browser.
    await page.locator('h1').click();
    await page.keyboard.press('Control+s').catch(() => {});
    assert.equal(await isOpen(page), false);
  });
});

test('over file:// with the network blocked: search loads and finds; a click on the backdrop closes it', async () => {
  const root = pathToFileURL(env.site).href + '/';
  await env.page(async (page) => {
    await page.goto(`${root}index.html`);
    await page.locator('[data-search-open]').click();
    await page.waitForFunction(() => !!document.querySelector('dialog[data-search][open]'));
    await query(page, 'backpressure');
    const hrefs = await results(page).evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.ok(hrefs.includes('operating/streams-and-errors.html#streams-and-backpressure'), `${hrefs}`);
    await page.mouse.click(5, 890);
    assert.equal(await isOpen(page), false);
  });
  assertClean(env);
});

test('axe: the open dialog with results passes WCAG 2.2 AA in light and dark', async () => {
  for (const colorScheme of ['light', 'dark']) {
    await env.page({ colorScheme }, async (page) => {
      await page.goto(`${env.url}runtime/v8-memory.html`);
      await page.keyboard.press('/');
      await query(page, 'heap');
      await page.keyboard.press('ArrowDown');
      await page.addScriptTag({ path: AXE });
      const r = await page.evaluate((tags) => window.axe.run({ include: [['dialog[data-search]']] },
        { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), TAGS);
      const v = r.violations.map((x) => `${x.id}: ${x.help} ${x.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
      assert.deepEqual(v, [], `${colorScheme}: ${v.join('\n')}`);
    });
  }
  assert.ok(fs.existsSync(AXE));
});
