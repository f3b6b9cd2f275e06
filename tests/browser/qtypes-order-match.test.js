// The `order` (Parsons) and `match` questions in a real browser, on tests/fixtures/qtypes-order-match: each
// is answered wrong and right with the keyboard alone (Tab, Enter, Alt+arrows, a select's
// arrow keys), with partial feedback ("3 of 5 lines in place") and moves announced in a live
// region; answers survive a reload; wrong answers come back in the review queue, where the
// same widgets answer them; axe finds nothing, answered or not; without JavaScript the answers
// are in "Show answer"; an Arabic book at 360 px keeps everything on screen; hints work on
// order and match questions as on the other kinds (one at a time, kept as `h`, SM-2 quality 3).
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { start, assertClean, squash, storageKey, REPO } = require('./harness');

const BOOK = path.join(REPO, 'tests', 'fixtures', 'qtypes-order-match');
const AXE = path.join(__dirname, 'node_modules', 'axe-core', 'axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const SHOTS = process.env.LECTERN_SHOTS || '';

let env;
before(async () => { env = await start(BOOK); });
after(async () => { if (env) await env.close(); });

const text = async (loc) => squash(await loc.textContent());
const shot = async (page, name) => { if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true }); };

async function axe(page, where) {
  // From the top: the sticky header would otherwise cover whatever is scrolled under it, which
  // axe's target-size rule counts against those controls.
  await page.evaluate(() => window.scrollTo(0, 0));
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: AXE });
  const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), TAGS);
  const violations = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
  assert.deepEqual(violations, [], `${where}: axe violations`);
}

/** The answer of an order question, from its "Show answer": [{ key, level }]. */
const orderKey = (q) => q.evaluate((el) => [...el.querySelectorAll('[data-order-key] li')].map((li) => ({ key: li.dataset.key, level: +li.dataset.level })));
/** The line keys in the order list, as shown. */
const shown = (q) => q.evaluate((el) => [...el.querySelectorAll('[data-order-list] .q-line')].map((li) => li.dataset.line));

/**
 * Puts the lines `want` (keys, in order) at the top of the order list with the keyboard alone:
 * focus on a line's tool, Alt+↑ until it is in place; then lines not in `want` are left out
 * first (Enter on their "Leave out" button) when `dropRest`. With `levels`, Alt+→ sets each indent.
 */
async function arrange(page, q, want, { dropRest = false, levels = null } = {}) {
  if (dropRest) {
    for (const k of (await shown(q)).filter((k) => !want.includes(k))) {
      await q.locator(`.q-line[data-line="${k}"] [data-act="drop"]`).focus();
      await page.keyboard.press('Enter');
    }
  }
  for (let i = 0; i < want.length; i++) {
    let at = (await shown(q)).indexOf(want[i]);
    assert.ok(at >= 0, `line ${want[i]} is in the list`);
    const line = q.locator(`.q-line[data-line="${want[i]}"]`);
    await line.locator('.q-tool').first().focus();
    while (at > i) { await page.keyboard.press('Alt+ArrowUp'); at--; }
    assert.equal((await shown(q))[i], want[i], `${want[i]} moved to ${i + 1}`);
    if (levels) for (let n = 0; n < levels[i]; n++) await page.keyboard.press('Alt+ArrowRight');
  }
}

/** Chooses, by keyboard, option `value` in each select: focus, then arrow keys. */
async function choose(page, q, values) {
  const selects = q.locator('[data-pair-select]');
  for (let i = 0; i < values.length; i++) {
    const s = selects.nth(i);
    await s.focus();
    const options = await s.evaluate((el) => [...el.options].map((o) => o.value));
    const from = options.indexOf(await s.inputValue()), to = options.indexOf(values[i]);
    for (let n = from; n < to; n++) await page.keyboard.press('ArrowDown');
    for (let n = from; n > to; n--) await page.keyboard.press('ArrowUp');
    assert.equal(await s.inputValue(), values[i], `select ${i + 1} set by keyboard`);
  }
}
const pairKey = (q) => q.evaluate((el) => [...el.querySelectorAll('.q-pair')].map((li) => li.dataset.pair));

/** Presses the question's Check button by keyboard. */
async function check(page, q) {
  await q.locator('[data-check]').focus();
  await page.keyboard.press('Enter');
}

test('order: keyboard moves announced; wrong gives "n of m in place"; right; kept across a reload', async () => {
  await env.page(async (page) => {
    await page.goto(`${env.url}git.html`);
    await axe(page, 'chapter, unanswered');
    await shot(page, 'order-match-unanswered');
    const q = page.locator('#check-1');
    assert.ok(await q.evaluate((el) => el.classList.contains('is-live')), 'the widget is live');
    assert.ok(await q.locator('[data-answer]').isHidden(), 'the no-script answer is hidden');
    const key = await orderKey(q);
    assert.equal(key.length, 5);
    const start = await shown(q);
    assert.equal(start.length, 6, 'every line, the distractor too, starts in the list');
    assert.notDeepEqual(start.slice(0, 5), key.map((k) => k.key), 'the start is not the answer');

    // The same start after a reload (seeded per reader), and Tab walks the line tools.
    await page.reload();
    assert.deepEqual(await shown(q), start, 'the shuffle is stable across reloads');
    await q.locator('.q-line').first().locator('.q-tool:not([disabled]):not([hidden])').first().focus();
    const first = await page.evaluate(() => document.activeElement.getAttribute('data-act'));
    await page.keyboard.press('Tab');
    const next = await page.evaluate(() => document.activeElement.closest('.q-line') && document.activeElement.getAttribute('data-act'));
    assert.ok(first && next, 'Tab moves from one line tool to the next');

    // A move, announced.
    const line = q.locator('.q-line').nth(1);
    const name = await text(line.locator('.q-line-text'));
    await line.locator('.q-tool').first().focus();
    await page.keyboard.press('Alt+ArrowUp');
    assert.equal(await text(q.locator('[aria-live="polite"]')), `“${name}” moved to position 1 of 6.`);
    assert.equal(await page.evaluate(() => !!document.activeElement.closest('.q-line')), true, 'focus stays on the moved line');

    // Wrong: the first two lines right, the distractor third, the other three where none is in
    // place (each one position off).
    const k = key.map((x) => x.key);
    await arrange(page, q, [k[0], k[1], 'd0', k[4], k[2], k[3]]);
    await check(page, q);
    const fb = await text(q.locator('[data-feedback] .q-result'));
    assert.match(fb, /^✗ ?2 of 5 lines in place\. 1 line used is not needed\.$/, 'partial feedback');
    assert.equal(await q.locator('.q-line.is-right').count(), 2, 'two lines marked in place');
    assert.match(await text(q.locator('.q-line[data-line="d0"] .q-note')), /Not needed/);
    assert.match(await text(q.locator('[data-feedback]')), /reaches `?main/, 'the explanation is shown after checking');
    assert.ok(await q.locator('.q-tool:not([disabled])').count() === 0, 'the lines are locked once checked');
    await axe(page, 'order answered wrong');

    // Try again, by keyboard, then right: the distractor left out.
    await q.locator('[data-retry]').focus();
    await page.keyboard.press('Enter');
    await q.locator('.q-line[data-line="d0"] [data-act="drop"]').focus();
    await page.keyboard.press('Enter');
    assert.equal(await text(q.locator('[aria-live="polite"]')), '“Force-push to main” left out.');
    await arrange(page, q, key.map((k) => k.key));
    assert.ok(await q.locator('[data-unused]').isVisible(), 'the "Not used" list shows the line left out');
    await check(page, q);
    assert.match(await text(q.locator('[data-feedback] .q-result')), /^✓ ?All lines in place\.$/);
    await shot(page, 'order-right');

    await page.reload();
    assert.match(await text(q.locator('[data-feedback] .q-result')), /^✓ ?All lines in place\.$/, 'kept across a reload');
    assert.deepEqual(await shown(q), key.map((k) => k.key), 'the arrangement is restored');
    assert.equal(await q.locator('[data-unused-list] .q-line').count(), 1, 'the line left out stays out');
  });
  assertClean(env);
});

test('order with indent: Alt+→ indents; right order at the wrong indent is partly right', async () => {
  await env.page(async (page) => {
    await page.goto(`${env.url}git.html`);
    const q = page.locator('#check-2');
    const key = await orderKey(q);
    assert.deepEqual(key.map((k) => k.level), [0, 1, 1, 2, 1], 'levels read from the lines as written');
    await arrange(page, q, key.map((k) => k.key), { dropRest: true });
    await check(page, q);
    assert.match(await text(q.locator('[data-feedback] .q-result')), /^✗ ?1 of 5 lines in place\.$/, 'only the unindented line is in place');
    await q.locator('[data-retry]').click();
    await arrange(page, q, key.map((k) => k.key), { dropRest: true, levels: key.map((k) => k.level) });
    assert.match(await text(q.locator('[aria-live="polite"]')), /now at indent 1\.$/);
    // Alt+← outdents (and does not go Back a page), Alt+→ indents again.
    const url = page.url();
    await page.keyboard.press('Alt+ArrowLeft');
    assert.match(await text(q.locator('[aria-live="polite"]')), /now at indent 0\.$/);
    await page.keyboard.press('Alt+ArrowRight');
    assert.equal(page.url(), url, 'still on the page');
    await check(page, q);
    assert.match(await text(q.locator('[data-feedback] .q-result')), /^✓ ?All lines in place\.$/);
    await page.reload();
    assert.match(await text(q.locator('[data-feedback] .q-result')), /^✓ ?All lines in place\.$/, 'indents kept across a reload');
    await shot(page, 'order-indent-right');
  });
  assertClean(env);
});

test('match: selects by keyboard; per-pair verdicts; right; kept; every kind in the review queue', async () => {
  await env.page(async (page) => {
    await page.goto(`${env.url}git.html`);
    const q = page.locator('#check-3');
    const want = await pairKey(q);
    await check(page, q);
    assert.match(await text(q.locator('[data-feedback]')), /Choose a match for every item first\./, 'nothing chosen: asked to choose');
    // Wrong: the first right, the other two swapped.
    await choose(page, q, [want[0], want[2], want[1]]);
    await check(page, q);
    assert.match(await text(q.locator('[data-feedback] .q-result')), /^✗ ?1 of 3 pairs right\.$/);
    assert.equal(await q.locator('.q-pair.is-right').count(), 1);
    assert.match(await text(q.locator('.q-pair.is-wrong .q-note').first()), /It goes with “Records the staged changes”\.\s?A commit is a snapshot/);
    await axe(page, 'match answered wrong');
    await shot(page, 'match-wrong');

    // The other questions wrong too, so that each kind is due for review.
    for (const id of ['#self-check-1', '#check-1', '#check-2']) {
      const sc = page.locator(id);
      const k = (await orderKey(sc)).map((x) => x.key);
      await arrange(page, sc, [k[1], k[0], ...k.slice(2)]); // the first two swapped
      await check(page, sc);
      assert.match(await text(sc.locator('[data-feedback] .q-result')), /^✗ ?\d of \d lines? in place/, `${id} answered wrong`);
    }
    const m = page.locator('#self-check-2');
    const mw = await pairKey(m);
    await choose(page, m, [mw[1], mw[0]]);
    await check(page, m);
    assert.match(await text(m.locator('[data-feedback] .q-result')), /^✗ ?0 of 2 pairs right\.$/);
    await axe(page, 'every kind answered');

    await q.locator('[data-retry]').click();
    await choose(page, q, want);
    await check(page, q);
    assert.match(await text(q.locator('[data-feedback] .q-result')), /^✓ ?All pairs right\.$/);
    await page.reload();
    assert.match(await text(q.locator('[data-feedback] .q-result')), /^✓ ?All pairs right\.$/, 'kept across a reload');
    assert.deepEqual(await q.locator('[data-pair-select]').evaluateAll((s) => s.map((x) => x.value)), want);

    // The review queue has them, and asks them with the same widgets.
    await page.goto(`${env.url}review.html`);
    const due = await page.locator('[data-review-item] .rv-item, [data-review-entry]').evaluateAll((els) => els.map((e) => e.getAttribute('data-review-key') || e.getAttribute('data-review-entry')));
    for (const k of ['git#self-check:1', 'git#self-check:2', 'git#check:workflow', 'git#check:loop', 'git#check:commands']) {
      assert.ok(due.includes(k), `${k} is in the review queue (${due.join(', ')})`);
    }
    await axe(page, 'review page with an order or match question');
    for (let n = 0; n < 5; n++) {
      const item = page.locator('[data-review-item] .rv-item');
      if (!(await item.count())) break;
      const kind = await item.locator('[data-arrange]').getAttribute('data-arrange').catch(() => null);
      if (kind === 'order') {
        const lines = await item.locator('[data-order-list] .q-line').count();
        assert.ok(lines >= 3, 'the review page shows the lines');
        await item.locator('[data-check]').click();
        assert.match(await text(item.locator('[data-feedback] .q-result')), /in place\./, 'graded on the review page');
      } else if (kind === 'match') {
        await item.locator('[data-check]').click();
        assert.match(await text(item.locator('[data-feedback]')), /Choose a match for every item first\./);
        const w = await pairKey(item);
        await choose(page, item, w);
        await item.locator('[data-check]').click();
        assert.match(await text(item.locator('[data-feedback] .q-result')), /^✓ ?All pairs right\.$/);
        await axe(page, 'review page, match answered');
        await shot(page, 'review-match');
        await item.locator('[data-rate="good"]').click();
        continue;
      } else break;
      await axe(page, 'review page, order answered');
      const nextBtn = item.locator('[data-review-next]');
      if (await nextBtn.isVisible()) await nextBtn.click(); else await item.locator('[data-rate="good"]').click();
    }
  });
  assertClean(env);
});

test('hints on order and match self-checks (type inferred): one at a time, stored as `h`, rated hard at best; a page with numeric too loads both scripts', async () => {
  await env.page(async (page) => {
    await page.goto(`${env.url}hinted.html`);
    const scripts = await page.evaluate(() => [...document.scripts].map((s) => s.getAttribute('src')));
    assert.ok(scripts.includes('assets/arrange.js') && scripts.includes('assets/qtypes.js'), `both widget scripts (${scripts.join(', ')})`);
    const q = page.locator('#self-check-1');
    assert.equal(await q.getAttribute('data-kind'), 'order', 'lines: an order question');
    assert.equal(await page.locator('#self-check-2').getAttribute('data-kind'), 'match', 'pairs: a match question');
    assert.ok(await q.evaluate((el) => el.classList.contains('is-live')), 'the order widget is live');
    const btn = q.locator('[data-hint-next]');
    assert.equal(await text(btn), 'Show a hint (1 of 2)');
    assert.equal(await q.locator('.q-hint-list > li:not([hidden])').count(), 0, 'no hint before asking');
    await btn.focus();
    await page.keyboard.press('Enter');
    assert.equal(await q.locator('.q-hint-list > li:not([hidden])').count(), 1, 'one hint at a time');
    assert.match(await text(q.locator('.q-hint-list > li:not([hidden])')), /The archive is built from the tag\./);
    assert.equal(await text(btn), 'Show a hint (2 of 2)');
    await axe(page, 'order question with a hint shown');
    const key = (await orderKey(q)).map((k) => k.key);
    await arrange(page, q, key);
    await check(page, q);
    assert.match(await text(q.locator('[data-feedback] .q-result')), /^✓ ?All lines in place\.$/);
    assert.ok(await btn.isHidden(), 'no more hints once answered');

    // The match question: its one hint, then a right answer.
    const m = page.locator('#self-check-2');
    await m.locator('[data-hint-next]').focus();
    await page.keyboard.press('Enter');
    assert.match(await text(m.locator('.q-hint-list > li:not([hidden])')), /written by Cargo/);
    await choose(page, m, await pairKey(m));
    await check(page, m);
    assert.match(await text(m.locator('[data-feedback] .q-result')), /^✓ ?All pairs right\.$/);
    await shot(page, 'order-match-hints');

    await page.waitForTimeout(50);
    const rec = await page.evaluate((k) => JSON.parse(localStorage.getItem(k)), storageKey(env.url, 'arrange'));
    assert.equal(rec.ans['hinted#self-check:1'].h, 1, 'the order answer took one hint');
    assert.equal(rec.ans['hinted#self-check:2'].h, 1, 'the match answer took one hint');
    assert.equal(rec.srs['hinted#self-check:1'].q, 3, 'right after a hint: SM-2 quality 3');
    assert.equal(rec.srs['hinted#self-check:2'].q, 3);

    await page.reload();
    assert.match(await text(q.locator('[data-feedback] .q-result')), /^✓ ?All lines in place\.$/, 'kept across a reload');
    assert.equal(await q.locator('.q-hint-list > li:not([hidden])').count(), 1, 'the hint it took is shown again');
  });
  assertClean(env);
});

test('without JavaScript the right order and the pairs are in "Show answer"', async () => {
  await env.page({ javaScriptEnabled: false }, async (page) => {
    await page.goto(`${env.url}git.html`);
    const q = page.locator('#check-1');
    await q.locator('[data-answer] summary').click();
    assert.match(await text(q.locator('[data-answer]')), /The right order: Create a branch Commit the fix Push the branch Open a pull request Merge after review Not used Force-push to main/);
    const m = page.locator('#check-3');
    await m.locator('[data-answer] summary').click();
    assert.match(await text(m.locator('[data-answer]')), /git add →: Stages changes/);
    assert.match(await text(m.locator('[data-answer]')), /Matching nothing: Deletes the repository/);
    await shot(page, 'no-script');
  });
});

test('an Arabic book on a 360 px phone: nothing overflows, moves work right to left', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-qtypes-ar-'));
  fs.cpSync(BOOK, tmp, { recursive: true });
  fs.writeFileSync(path.join(tmp, 'book.toml'), fs.readFileSync(path.join(BOOK, 'book.toml'), 'utf8').replace('language = "en"', 'language = "ar"'));
  const ar = await start(tmp);
  try {
    await ar.page({ viewport: { width: 360, height: 800 } }, async (page) => {
      await page.goto(`${ar.url}git.html`);
      assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
      const q = page.locator('#check-1');
      const line = q.locator('.q-line').nth(1);
      await line.locator('.q-tool').first().focus();
      await page.keyboard.press('Alt+ArrowUp');
      assert.match(await text(q.locator('[aria-live="polite"]')), /نُقل .* إلى الموضع ١ من ٦\.|نُقل .* إلى الموضع 1 من 6\./);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= 360, `the page fits 360 px (${wide})`);
      await check(page, q);
      await axe(page, 'Arabic, answered');
      await shot(page, 'rtl-phone');
    });
    assertClean(ar);
  } finally {
    await ar.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

