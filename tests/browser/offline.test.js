// The built site opened straight from disk (file://) and with JavaScript switched off.
// Over file://: navigate from the index to a chapter, answer, reload, the answer is kept, and no
// request ever leaves the machine. Without JavaScript: every page reads, every card's answer and
// every question's answer is one disclosure away.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { start, assertClean, squash, answerKey, answer, storageKey } = require('./harness');

let env;
before(async () => { env = await start(); });
after(async () => { if (env) await env.close(); });

const V8 = 'runtime/v8-memory';
const text = async (loc) => squash(await loc.textContent());

/** Every .html page of the built site, relative to its root. */
function pages(dir = env.site, rel = '') {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) return pages(dir, r);
    return e.name.endsWith('.html') ? [r] : [];
  }).sort();
}

test('over file://: index -> chapter, answer, reload, answer kept; nothing leaves the machine', async () => {
  const root = pathToFileURL(env.site).href + '/';
  await env.page(async (page) => {
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${root}index.html`);
    assert.match(await page.title(), /Node\.js in production/);
    assert.ok(await page.locator('link[rel=stylesheet]').evaluateAll((ls) => ls.every((l) => l.sheet && l.sheet.cssRules.length > 0)), 'stylesheets load from disk');
    assert.match(await text(page.locator(`[data-progress="${V8}"]`)), /^0\/6\b/, 'index progress filled by script');

    await page.getByRole('link', { name: /V8, memory/ }).first().click();
    await page.waitForURL(`${root}${V8}.html`);
    assert.ok(await page.locator('#sidebar').isVisible(), 'sidebar built from book-data.js');
    assert.equal(await page.locator('#sidebar a[aria-current="page"]').getAttribute('href'), `../${V8}.html`);

    const tf = page.locator('[data-knowledge-check] [data-question][data-kind="true_false"]');
    const multi = page.locator('[data-knowledge-check] [data-question][data-kind="multiple"]');
    const tfKey = await answerKey(tf);
    const multiKey = await answerKey(multi);
    await answer(tf, tfKey.correct);
    assert.match(await text(tf.locator('[data-feedback]')), /^✓ ?Correct\./);
    await answer(multi, [multiKey.wrong[0]]);
    assert.match(await text(multi.locator('[data-feedback]')), /^✗ ?Not quite/);
    await page.locator('[data-objectives] input').first().check();
    await page.locator('[data-theme-toggle]').click();

    await page.reload();
    assert.match(await text(tf.locator('[data-feedback]')), /^✓ ?Correct\./, 'right answer kept');
    assert.ok(await tf.locator(`.q-opt[data-option="${tfKey.correct[0]}"] input`).isChecked());
    assert.match(await text(multi.locator('[data-feedback]')), /^✗ ?Not quite/, 'wrong answer kept');
    assert.equal(await text(page.locator('[data-objectives-count]')), '1 / 4 done');
    assert.match(await text(page.locator(`#sidebar [data-progress="${V8}"]`)), /^2\/6\b/);
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'light', 'theme remembered');
    assert.ok(await page.evaluate((k) => localStorage.getItem(k) !== null, storageKey(root)), 'stored under the file:// root key');

    // The other pages work from disk too.
    await page.locator('[data-contents-link]').click();
    await page.waitForURL(`${root}index.html`);
    assert.match(await text(page.locator(`[data-progress="${V8}"]`)), /^2\/6\b/);
    await page.getByRole('link', { name: 'Questions', exact: true }).first().click();
    await page.waitForURL(`${root}questions.html`);
    await page.selectOption('select[data-filter="chapter"]', 'operating/observability');
    assert.equal(await text(page.locator('[data-result-count]')), '3 of 24 questions');
    const link = page.locator('[data-filter-item]:not([hidden]) a[href*=".html#q-"]').first();
    const href = await link.getAttribute('href');
    await link.evaluate((a) => a.closest('details') && (a.closest('details').open = true));
    await link.click();
    await page.waitForURL(`${root}${href}`);
    const id = href.split('#')[1];
    await page.waitForFunction((i) => document.getElementById(i).open, id);

    const away = requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'));
    assert.deepEqual(away, [], 'every request stays on disk');
    assert.ok(requests.some((u) => u.endsWith('/book-data.js')) && requests.some((u) => u.endsWith('/assets/lectern.js')));
  });
  assertClean(env);
});

test('without JavaScript: prose, every card answer and every question answer are reachable', async () => {
  await env.page({ javaScriptEnabled: false }, async (page) => {
    const all = pages();
    assert.ok(all.includes('index.html') && all.includes('questions.html') && all.includes('404.html') && all.includes(`${V8}.html`), `pages: ${all}`);
    let cards = 0;
    let questions = 0;
    for (const p of all) {
      await page.goto(`${env.url}${p}`);
      assert.equal(await page.evaluate(() => typeof window.LECTERN_BOOK), 'undefined', `${p}: scripts really are off`);
      // print.html holds every chapter, each with its own h1: the first is the page's title.
      assert.ok(await page.locator('main h1').first().isVisible(), `${p}: has a visible title`);
      assert.ok((await text(page.locator('main'))).length > 40, `${p}: main has text`);
      assert.ok(await page.locator('[data-contents-link]').isVisible(), `${p}: Contents link visible`);
      assert.ok(await page.locator('[data-theme-toggle]').isHidden(), `${p}: theme switch hidden (needs script)`);
      if (await page.locator('#sidebar').count()) assert.ok(await page.locator('#sidebar').isHidden(), `${p}: empty sidebar hidden`);
      if (await page.locator('article[data-chapter]').count()) {
        const prose = page.locator('.prose');
        assert.ok(await prose.isVisible() && (await prose.locator('p').count()) > 0, `${p}: prose readable`);
        assert.ok(await prose.locator('p').first().evaluate((el) => getComputedStyle(el).visibility === 'visible' && el.getBoundingClientRect().height > 0));
      }

      // Cards: native disclosures.
      for (const card of await page.locator('details.card').all()) {
        cards++;
        const ans = card.locator('.card-answer');
        assert.ok(await ans.isHidden());
        await card.locator('summary.card-summary').click();
        assert.ok(await ans.isVisible() && (await text(ans)).length > 20, `${p}: card ${await card.getAttribute('id')} shows its answer`);
      }

      // Questions: "Show answer" lists the verdict of every option and the explanation.
      for (const q of await page.locator('[data-question]').all()) {
        questions++;
        const where = `${p} ${await q.getAttribute('id')}`;
        assert.ok(await q.locator('.q-prompt').isVisible(), `${where}: prompt visible`);
        assert.ok(await q.locator('[data-check]').isHidden(), `${where}: no Check button without script`);
        const disclosure = q.locator('[data-answer]');
        assert.ok(await disclosure.isVisible(), `${where}: Show answer visible`);
        await disclosure.locator('summary').click();
        const key = await answerKey(q);
        if (key.kind === 'short_answer') {
          assert.ok(await q.locator('[data-accepted]').first().isVisible(), `${where}: accepted answer visible`);
        } else {
          for (const id of [...key.correct, ...key.wrong]) {
            const li = q.locator(`[data-for="${id}"]`);
            assert.ok(await li.isVisible(), `${where}: ${id} listed`);
            assert.match(await text(li.locator('.q-verdict')), key.correct.includes(id) ? /^✓ ?Correct:$/ : /^✗ ?Wrong:$/, `${where}: ${id} verdict in words`);
            if (key.why[id]) assert.ok(await li.locator('.q-why').isVisible(), `${where}: ${id} explained`);
          }
        }
        if (key.explanation) assert.ok(await q.locator('[data-answer] .q-expl').isVisible(), `${where}: explanation visible`);
      }

      if (p === 'questions.html') {
        assert.ok(await page.locator('[data-filters]').isHidden(), 'filters hidden without script');
        const items = page.locator('[data-filter-item]');
        assert.equal(await items.count(), 24);
        assert.equal(await items.evaluateAll((its) => its.filter((i) => i.offsetParent !== null && i.querySelector('a[href*=".html#q-"]')).length), 24, 'every question listed with a link to its card');
      }
    }
    assert.equal(cards, 24, 'every card of the book opened');
    assert.ok(questions >= 13, `question widgets checked: ${questions}`);
  });
});

test('without JavaScript, chapter.html#q-<id> still leads to the card', async () => {
  await env.page({ javaScriptEnabled: false }, async (page) => {
    await page.goto(`${env.url}${V8}.html#q-weakmap-vs-map-cache`);
    const card = page.locator('#q-weakmap-vs-map-cache');
    assert.ok(await card.locator('summary.card-summary').isVisible());
    await card.locator('summary.card-summary').click();
    assert.ok(await card.locator('.card-answer').isVisible());
  });
});

test('no request left the site and no page logged an error', () => {
  assertClean(env);
});
