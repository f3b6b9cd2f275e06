// The numeric and fill question kinds, trace questions written in Lectern's YAML, and hints, in
// a real browser (tests/fixtures/qtypes-numeric-fill): every kind answered wrong and right with the keyboard
// alone (Tab, typing, Space, arrows, Enter), the hint flow one at a time, partial feedback for
// blanks, answers kept across a reload, each kind in the review queue (a right answer after a
// hint rated "hard" at best), the progress page saying which answers took a hint, the answers
// and hints reachable with JavaScript off, axe with 0 violations answered and unanswered, and
// the Nu Html Checker on the page and its live DOM.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { start, assertClean, squash, storageKey, REPO } = require('./harness');

const BOOK = path.join(REPO, 'tests', 'fixtures', 'qtypes-numeric-fill');
const AXE = path.join(__dirname, 'node_modules', 'axe-core', 'axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const CH = 'measuring';
const KEYS = ['median', 'ratio', 'fill-code', 'fill-prose', 'trace-runs', 'trace-fails', 'tf', 'fill-one'].map((k) => `${CH}#check:${k}`);

let env;
before(async () => { env = await start(BOOK); });
after(async () => { if (env) await env.close(); });

const text = async (loc) => squash(await loc.textContent());
/** The text as shown (blocks apart). */
const shown = async (loc) => squash(await loc.innerText());
const result = (q) => text(q.locator('[data-feedback] .q-result'));

/** Presses Tab (Shift+Tab with `back`) until `target` has the focus, as a keyboard user does. */
async function tabTo(page, target, back = false) {
  const handle = await target.elementHandle();
  for (let i = 0; i < 80; i++) {
    if (await page.evaluate((el) => document.activeElement === el, handle)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  assert.fail(`Tab never reached ${await target.evaluate((el) => el.outerHTML.slice(0, 120))}`);
}
/** Focuses `field` by Tab from the question's start, selects what it holds and types `value`. */
async function typeInto(page, field, value) {
  await tabTo(page, field);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  if (value) await page.keyboard.type(value);
}
async function pressCheck(page, q) {
  await tabTo(page, q.locator('[data-check]'));
  await page.keyboard.press('Enter');
}
async function pressRetry(page, q) {
  const retry = q.locator('[data-retry]');
  assert.ok(await retry.evaluate((el) => el === document.activeElement), 'the focus is on Try again after checking');
  await page.keyboard.press('Enter');
}
/** Picks the radio option `n` (0-based) of a trace question with the arrow keys. */
async function pickRadio(page, q, n) {
  const radios = q.locator('.q-opt input');
  await tabTo(page, radios.first());
  await page.keyboard.press('Space');
  for (let i = 0; i < n; i++) await page.keyboard.press('ArrowDown');
  assert.ok(await radios.nth(n).isChecked(), `option ${n} is chosen`);
}
/** Chooses `label` in a dropdown blank with the arrow keys. */
async function choose(page, select, label) {
  await tabTo(page, select);
  const labels = await select.locator('option').allTextContents();
  const want = labels.indexOf(label);
  assert.ok(want > 0, `${label} is an option`);
  await page.keyboard.press('Home');
  for (let i = 0; i < want; i++) await page.keyboard.press('ArrowDown');
  assert.equal(await select.inputValue(), label);
}

async function axe(page, where) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: AXE });
  const r = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), TAGS);
  assert.ok(r.passes.length + r.violations.length > 0, 'axe ran its rules');
  const v = r.violations.map((x) => `${x.id}: ${x.help} :: ${x.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(v, [], `${where}: axe violations`);
}

test('every kind answered wrong then right with the keyboard alone; hints one at a time; kept across a reload', async () => {
  await env.page(async (page) => {
    await page.goto(`${env.url}${CH}.html`);
    await page.locator('body').focus();

    // numeric, with two hints: wrong, then a hint, then right (decimal comma and the unit typed).
    const median = page.locator('#check-1');
    const input = median.locator('.q-input');
    await typeInto(page, input, '40');
    await page.keyboard.press('Enter');
    assert.equal(await result(median), '✗Not quite: the answer is 42.5 ms ± 0.5 ms.');
    await pressRetry(page, median);
    assert.equal(await input.inputValue(), '', 'Try again empties the field');
    const hintBtn = median.locator('[data-hint-next]');
    assert.equal(await text(hintBtn), 'Show a hint (1 of 2)');
    assert.equal(await median.locator('.q-hint-list > li:not([hidden])').count(), 0, 'no hint shown before asking');
    await tabTo(page, hintBtn);
    await page.keyboard.press('Enter');
    assert.equal(await median.locator('.q-hint-list > li:not([hidden])').count(), 1, 'one hint at a time');
    assert.equal(await shown(median.locator('.q-hint-list > li:not([hidden])')), 'Hint 1 It is in the first paragraph.');
    assert.equal(await median.locator('.q-hint-list').getAttribute('aria-live'), 'polite', 'a revealed hint is announced');
    assert.equal(await text(hintBtn), 'Show a hint (2 of 2)');
    await typeInto(page, input, 'abc');
    await page.keyboard.press('Enter');
    assert.match(await result(median), /^That is not a number/, 'a text that is no number is not graded');
    await typeInto(page, input, '42,3 ms');
    await page.keyboard.press('Enter');
    assert.equal(await result(median), '✓Correct — the answer is 42.5 ms ± 0.5 ms.');
    assert.ok(await hintBtn.isHidden(), 'no more hints once answered');

    // numeric with a relative tolerance, thousands separators.
    const ratio = page.locator('#check-2');
    await typeInto(page, ratio.locator('.q-input'), '2000000');
    await page.keyboard.press('Enter');
    assert.match(await result(ratio), /^✗Not quite/);
    await pressRetry(page, ratio);
    await typeInto(page, ratio.locator('.q-input'), '1,048,000');
    await page.keyboard.press('Enter');
    assert.equal(await result(ratio), '✓Correct — the answer is 1,048,576 ± 1 %.');

    // fill in a code block: partial feedback, each blank marked, then right (case ignored).
    const code = page.locator('#check-3');
    await typeInto(page, code.locator('#check-3-blank-1'), 'i32');
    await typeInto(page, code.locator('#check-3-blank-2'), 'product');
    await page.keyboard.press('Enter');
    assert.equal(await result(code), '✗1 of 2 blanks right.');
    assert.equal(await code.locator('[data-blank-wrap="0"].is-right').count(), 1);
    assert.equal(await text(code.locator('[data-blank-wrap="1"].is-wrong .q-blank-mark')), '✗Wrong expected sum');
    await pressRetry(page, code);
    assert.equal(await code.locator('.q-blank-mark').count(), 0, 'Try again clears the marks');
    await typeInto(page, code.locator('#check-3-blank-1'), 'usize');
    await typeInto(page, code.locator('#check-3-blank-2'), ' SUM ');
    await pressCheck(page, code);
    assert.equal(await result(code), '✓Correct — every blank is right.');

    // fill in prose: a dropdown, a case-sensitive blank, a pattern.
    const prose = page.locator('#check-4');
    await pressCheck(page, prose);
    assert.equal(await result(prose), 'Fill in every blank first.');
    await choose(page, prose.locator('#check-4-blank-1'), 'young');
    await typeInto(page, prose.locator('#check-4-blank-2'), 'old');
    await typeInto(page, prose.locator('#check-4-blank-3'), 'many');
    await page.keyboard.press('Enter');
    assert.equal(await result(prose), '✗1 of 3 blanks right.');
    await pressRetry(page, prose);
    await choose(page, prose.locator('#check-4-blank-1'), 'young');
    await typeInto(page, prose.locator('#check-4-blank-2'), 'Old');
    await typeInto(page, prose.locator('#check-4-blank-3'), '2');
    await page.keyboard.press('Enter');
    assert.equal(await result(prose), '✓Correct — every blank is right.');

    // trace that runs: the output compared after trimming, or matched by the pattern.
    const runs = page.locator('#check-5');
    await pickRadio(page, runs, 1);
    await typeInto(page, runs.locator('.q-input'), '2');
    await pressCheck(page, runs);
    assert.match(await result(runs), /^✗Not quite\. It compiles and prints/);
    await pressRetry(page, runs);
    await pickRadio(page, runs, 0);
    await typeInto(page, runs.locator('.q-input'), '  3  ');
    await pressCheck(page, runs);
    assert.equal(await result(runs), '✓Correct.');
    assert.match(await shown(runs.locator('[data-feedback]')), /What it prints 3/, 'the real output is shown');

    // trace that fails: the line of the error, and the real error in the explanation.
    const fails = page.locator('#check-6');
    await pickRadio(page, fails, 1);
    await typeInto(page, fails.locator('.q-input'), '3');
    await pressCheck(page, fails);
    assert.match(await result(fails), /^✗Not quite\. It does not compile: the error is on line 4\./);
    assert.match(await shown(fails.locator('[data-feedback]')), /The error error\[E0382\]: borrow of moved value: `s`/);
    await pressRetry(page, fails);
    await pickRadio(page, fails, 1);
    await typeInto(page, fails.locator('.q-input'), '4');
    await pressCheck(page, fails);
    assert.equal(await result(fails), '✓Correct.');

    // the one-blank fill, and an old kind with a hint.
    const one = page.locator('#check-8');
    await typeInto(page, one.locator('#check-8-blank-1'), 'node:fs');
    await page.keyboard.press('Enter');
    assert.equal(await result(one), '✓Correct — every blank is right.');
    const tf = page.locator('#check-7');
    await tabTo(page, tf.locator('[data-hint-next]'));
    await page.keyboard.press('Enter');
    assert.ok(await tf.locator('[data-hint-next]').isHidden(), 'the button goes once every hint is shown');
    assert.ok(await tf.locator('.q-hint-list > li').first().evaluate((el) => el === document.activeElement), 'the focus moves to the last hint');
    await pickRadio(page, tf, 0);
    await pressCheck(page, tf);
    assert.match(await result(tf), /^✓/);

    // The same kinds inline in prose and in a card's self-check.
    const kib = page.locator('#self-check-2');
    await typeInto(page, kib.locator('.q-input'), '1 024 B');
    await page.keyboard.press('Enter');
    assert.equal(await result(kib), '✓Correct — the answer is 1024 B.');
    const unit = page.locator('#self-check-3');
    await choose(page, unit.locator('select'), 'bits');
    await pressCheck(page, unit);
    assert.equal(await result(unit), '✗0 of 1 blank right.');
    await pressRetry(page, unit);
    await choose(page, unit.locator('select'), 'kibibytes');
    await pressCheck(page, unit);
    assert.equal(await result(unit), '✓Correct — every blank is right.');
    const card = page.locator('details.card').first();
    await tabTo(page, card.locator(':scope > summary'));
    await page.keyboard.press('Enter');
    const cardCheck = page.locator('#q-p99-check');
    await tabTo(page, cardCheck.locator('[data-hint-next]'));
    await page.keyboard.press('Enter');
    await pickRadio(page, cardCheck, 0);
    await typeInto(page, cardCheck.locator('.q-input'), '11.0');
    await pressCheck(page, cardCheck);
    assert.equal(await result(cardCheck), '✓Correct.');

    // Stored: strings or string arrays, as before; hints used as `h`.
    await page.waitForTimeout(50);
    const ans = await page.evaluate((k) => JSON.parse(localStorage.getItem(k)).ans, storageKey(env.url, 'question-kinds'));
    assert.deepEqual(ans[KEYS[0]].r, '42,3 ms');
    assert.equal(ans[KEYS[0]].h, 1);
    assert.deepEqual(ans[KEYS[2]].r, ['usize', ' SUM ']);
    assert.equal(ans[KEYS[2]].h, undefined, 'no hint, no `h`');
    for (const k of KEYS) assert.equal(ans[k].ok, true, `${k} right`);
    assert.equal(ans[`${CH}#q:p99:check`].h, 1, 'a card self-check keeps its hints too');
    assert.deepEqual(ans[`${CH}#self-check:3`].r, ['kibibytes']);

    await page.reload();
    for (const [id, want] of [['#check-1', /^✓Correct — the answer is 42\.5/], ['#check-3', /^✓Correct — every blank/], ['#check-4', /^✓/], ['#check-5', /^✓/], ['#check-6', /^✓/], ['#check-8', /^✓/], ['#self-check-2', /^✓/], ['#self-check-3', /^✓/], ['#q-p99-check', /^✓/]]) {
      assert.match(await result(page.locator(id)), want, `${id} is kept across a reload`);
    }
    assert.equal(await page.locator('#check-3-blank-1').inputValue(), 'usize');
    assert.equal(await page.locator('#check-4-blank-1').inputValue(), 'young');
    assert.equal(await page.locator('#check-1 .q-hint-list > li:not([hidden])').count(), 1, 'the hint it took is shown again');
  });
  assertClean(env);
});

test('each kind comes back in the review queue; a right answer after a hint is rated hard at best; the progress page says so', async () => {
  await env.page(async (page) => {
    await page.goto(`${env.url}${CH}.html`);
    // Every question answered wrong in the chapter: all of them are due today.
    await page.evaluate(() => {
      for (const q of document.querySelectorAll('[data-knowledge-check] [data-question]')) {
        for (const f of q.querySelectorAll('input[type=text], textarea')) f.value = '999';
        for (const s of q.querySelectorAll('select')) s.selectedIndex = s.options.length - 1;
        const radios = q.querySelectorAll('.q-opt input');
        if (radios.length) radios[radios.length - 1].checked = true;
        q.querySelector('[data-check]').click();
      }
    });
    await page.goto(`${env.url}review.html`);
    assert.match(await text(page.locator('[data-review-summary]')), /^8 items due now/);
    const seen = new Set();
    const answers = {
      [KEYS[0]]: { hint: true, fields: ['42.5'] },
      [KEYS[1]]: { fields: ['1.048.576 '] },
      [KEYS[2]]: { fields: ['u64', 'sum'] },
      [KEYS[3]]: { choose: 'young', fields: ['Old', 'two'] },
      [KEYS[4]]: { radio: 0, fields: ['3'] },
      [KEYS[5]]: { radio: 1, fields: ['4'] },
      [KEYS[6]]: { radio: 0 },
      [KEYS[7]]: { fields: ['fs'] },
    };
    for (let i = 0; i < 8; i++) {
      const item = page.locator('[data-review-item] .rv-item');
      const key = await item.getAttribute('data-review-key');
      assert.ok(answers[key], `a question of the chapter: ${key}`);
      assert.ok(!seen.has(key), `${key} comes once`);
      seen.add(key);
      const a = answers[key];
      if (a.hint) {
        await tabTo(page, item.locator('[data-hint-next]'));
        await page.keyboard.press('Enter');
        assert.equal(await shown(item.locator('.q-hint-list > li:not([hidden])')), 'Hint 1 It is in the first paragraph.');
      }
      if (a.radio !== undefined) await pickRadio(page, item, a.radio);
      if (a.choose) await choose(page, item.locator('select'), a.choose);
      const fields = item.locator('input[type=text], textarea');
      for (let f = 0; f < (a.fields || []).length; f++) await typeInto(page, fields.nth(f), a.fields[f]);
      await pressCheck(page, item);
      assert.match(await text(item.locator('[data-feedback] .q-result')), /^✓Correct/, `${key} right in the queue`);
      const offered = await item.locator('[data-rate]:visible').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-rate')));
      assert.deepEqual(offered, a.hint ? ['hard'] : ['hard', 'good', 'easy'], `${key}: the ratings offered`);
      if (a.hint) assert.equal(await text(item.locator('.rv-hinted')), 'answered after 1 hint');
      assert.ok(await item.locator(a.hint ? '[data-rate="hard"]' : '[data-rate="good"]').evaluate((el) => el === document.activeElement), 'the focus is on the rating');
      await page.keyboard.press('Enter');
    }
    assert.equal(seen.size, 8);
    const srs = await page.evaluate((k) => JSON.parse(localStorage.getItem(k)).srs, storageKey(env.url, 'question-kinds'));
    assert.equal(srs[KEYS[0]].q, 3, 'after a hint: SM-2 quality 3');
    assert.equal(srs[KEYS[1]].q, 4, 'without: 4');

    // A right answer after a hint in the chapter is counted so on the progress page.
    await page.goto(`${env.url}${CH}.html`);
    const median = page.locator('#check-1');
    await median.locator('[data-retry]').click();
    await median.locator('[data-hint-next]').click();
    await median.locator('.q-input').fill('42.5');
    await median.locator('[data-check]').click();
    await page.goto(`${env.url}progress.html`);
    assert.match(await text(page.locator(`[data-progress-row="${CH}"] [data-cell="checks"]`)), /1 after a hint/);
  });
  assertClean(env);
});

test('axe: 0 violations with every kind on the page, unanswered, answered wrong, answered right, hints shown; and on the review page', async () => {
  await env.page(async (page) => {
    await page.goto(`${env.url}${CH}.html`);
    await axe(page, 'unanswered');
    await page.evaluate(() => { for (const d of document.querySelectorAll('details.card')) d.open = true; });
    await axe(page, 'unanswered, cards open');
    for (const b of await page.locator('[data-hint-next]').all()) await b.click();
    await page.evaluate(() => {
      for (const q of document.querySelectorAll('[data-question]')) {
        for (const f of q.querySelectorAll('input[type=text], textarea')) f.value = 'x';
        for (const s of q.querySelectorAll('select')) s.selectedIndex = 2;
        const r = q.querySelectorAll('.q-opt input');
        if (r.length) r[r.length - 1].checked = true;
        q.querySelector('[data-check]').click();
      }
    });
    assert.ok(await page.locator('.q-result.is-wrong').count() >= 6, 'answered wrong');
    await axe(page, 'answered wrong, hints shown');
    await page.goto(`${env.url}review.html`);
    await page.locator('[data-review-item] [data-check]').click();
    await axe(page, 'review page, an item checked');
  });
  assertClean(env);
});

test('with JavaScript off: every answer and every hint is reachable', async () => {
  await env.page({ javaScriptEnabled: false }, async (page) => {
    await page.goto(`${env.url}${CH}.html`);
    const median = page.locator('#check-1');
    await median.locator('[data-hints] summary').click();
    assert.equal(await text(median.locator('[data-hints] li').nth(1)), 'It is between 40 and 45.');
    await median.locator('[data-answer] summary').click();
    assert.equal(await text(median.locator('[data-answer] .q-answer-body > p')), 'The answer is 42.5 ms ± 0.5 ms.');
    const prose = page.locator('#check-4');
    await prose.locator('[data-answer] summary').click();
    assert.deepEqual((await prose.locator('.q-blank-key li').allTextContents()).map(squash), ['Blank 1: young', 'Blank 2: Old', 'Blank 3: anything matching [0-9]+|two']);
    const fails = page.locator('#check-6');
    await fails.locator('[data-answer] summary').click();
    assert.match(await text(fails.locator('[data-answer]')), /error is on line 4\. The error error\[E0382\]/);
  });
});

test('the Nu Html Checker finds no error in the page, nor in its live DOM after answering', async () => {
  let jar;
  try { jar = String(require('vnu-jar')); } catch (e) { assert.fail('the vnu-jar package is missing: run `npm ci`'); }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-qtypes-'));
  const live = path.join(tmp, 'live.html');
  await env.page(async (page) => {
    await page.goto(`${env.url}${CH}.html`);
    await page.evaluate(() => { for (const d of document.querySelectorAll('details.card')) d.open = true; });
    for (const b of await page.locator('[data-hint-next]').all()) await b.click();
    await page.locator('#check-3-blank-1').fill('i32');
    await page.locator('#check-3-blank-2').fill('x');
    await page.locator('#check-3 [data-check]').click();
    await page.locator('#check-1 .q-input').fill('42');
    await page.locator('#check-1 [data-check]').click();
    fs.writeFileSync(live, await page.evaluate(() => `<!DOCTYPE html>\n${document.documentElement.outerHTML}\n`));
  });
  const files = [path.join(env.site, `${CH}.html`), path.join(env.site, 'review.html'), live];
  const r = spawnSync(process.env.JAVA || 'java', ['-jar', jar, '--format', 'json', '--stdout', ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const out = JSON.parse(r.stdout);
  const errors = out.messages.filter((m) => m.type === 'error' || m.type === 'non-document-error').map((m) => `${m.url}:${m.lastLine}: ${m.message}`);
  fs.rmSync(tmp, { recursive: true, force: true });
  assert.deepEqual(errors, []);
});
