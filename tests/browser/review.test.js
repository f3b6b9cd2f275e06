// The learning loop in a real browser (review.js): a wrong answer comes back in the review
// queue, rated interview cards are scheduled, the progress page counts and resets, progress
// moves between browsers as a file, and a bad file changes nothing. The review and progress
// pages also pass axe in the states the scripts put them in. The loop works from file:// and in
// the single-file export.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { execFileSync } = require('node:child_process');
const { start, assertClean, squash, answerKey, answer, storageKey, BIN, REPO } = require('./harness');

const AXE = path.join(__dirname, 'node_modules', 'axe-core', 'axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const DAY = 864e5;
const V8 = 'runtime/v8-memory';
/**
 * Waits until the progress page's script has filled chapter `id`'s row: after a click the next
 * page's cells still hold the server's "—" for a moment (a reload-free read would race it).
 */
const filled = (page, id) => page.waitForFunction((i) => {
  const cell = document.querySelector(`[data-progress-row="${i}"] [data-cell="checks"]`);
  return cell && cell.textContent.trim() !== '—';
}, id, { timeout: 5000 }).catch(() => {});
const TF_KEY = `${V8}#check:middleware-next`; // the true/false knowledge check
const CARD_KEY = `${V8}#q:common-leak-causes`;

let env;
let tmp;
before(async () => {
  env = await start();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-review-'));
});
after(async () => {
  if (env) await env.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const text = async (loc) => squash(await loc.textContent());
const record = (page) => page.evaluate((k) => localStorage.getItem(k), storageKey(env.url));
const stored = async (page) => JSON.parse(await record(page));

/** Answers the V8 true/false knowledge check, wrong or right, on its chapter page. */
async function answerTrueFalse(page, right) {
  await page.goto(`${env.url}${V8}.html`);
  const q = page.locator(`[data-question="${TF_KEY}"]`);
  const key = await answerKey(q);
  await answer(q, right ? key.correct : key.wrong);
  return q;
}

/** Opens the first V8 card and rates it. */
async function rateCard(page, rating) {
  await page.goto(`${env.url}${V8}.html`);
  const card = page.locator(`details.card[data-card="${CARD_KEY}"]`);
  await card.locator('summary').click();
  await card.locator(`[data-rate="${rating}"]`).click();
  return card;
}

async function axe(page, where) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: AXE });
  const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), TAGS);
  const violations = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
  assert.deepEqual(violations, [], `${where}: axe violations`);
}

test('a wrong answer in a chapter is due in the review queue; the sidebar counts it; right answers are rated', async () => {
  await env.page(async (page) => {
    await answerTrueFalse(page, false);
    assert.match(await text(page.locator('#sidebar .side-review')), /Review · 1 due/, 'the sidebar shows one item due');
    const rec = (await stored(page)).srs[TF_KEY];
    assert.equal(rec.again, true, 'scheduled to come back today');
    assert.equal(rec.k, 'kc');

    await page.goto(`${env.url}index.html`);
    assert.equal(await text(page.locator('.index-actions [data-review-due]')), '· 1 due', 'the index counts it too');

    await page.goto(`${env.url}review.html`);
    assert.match(await text(page.locator('[data-review-summary]')), /^1 item due now\./);
    const item = page.locator('[data-review-item] .rv-item');
    assert.equal(await item.getAttribute('data-review-key'), TF_KEY);
    assert.match(await text(item.locator('.q-prompt')), /hands the request on to the next function/);
    assert.equal(await item.locator('.rv-from a').getAttribute('href'), `${V8}.html#check-1`, 'links back to the question in its chapter');
    await axe(page, 'review page, a question due');

    // Wrong again: it stays due today, and the reader reads why before going on.
    await item.locator('.q-opt input[value$="-false"]').check();
    await item.locator('[data-check]').click();
    assert.match(await text(item.locator('[data-feedback]')), /Not quite/);
    assert.match(await text(item.locator('[data-review-scheduled]')), /comes back again today/);
    await axe(page, 'review page, answered wrong');
    await item.locator('[data-review-next]').click();
    assert.equal(await page.locator('[data-review-item] .rv-item').getAttribute('data-review-key'), TF_KEY, 'it comes straight back');

    // Right this time: rate it; nothing is left for today.
    const again = page.locator('[data-review-item] .rv-item');
    await again.locator('.q-opt input[value$="-true"]').check();
    await again.locator('[data-check]').click();
    assert.match(await text(again.locator('[data-feedback]')), /Correct/);
    assert.ok(await again.locator('[data-review-rate]').isVisible(), 'rating buttons after a right answer');
    assert.deepEqual(await again.locator('[data-rate]').evaluateAll((bs) => bs.map((b) => b.dataset.rate)), ['hard', 'good', 'easy']);
    await axe(page, 'review page, answered right');
    await again.locator('[data-rate="good"]').click();
    assert.match(await text(page.locator('[data-review-summary]')), /next review tomorrow .*Nothing is due right now/);
    assert.ok(await page.locator('[data-review-current]').isHidden());
    assert.match(await text(page.locator(`[data-review-entry="${TF_KEY}"]`)), /^tomorrow/);
    await axe(page, 'review page, nothing due');

    // Two days later it is due again.
    await page.clock.setFixedTime(Date.now() + 2 * DAY);
    await page.reload();
    assert.match(await text(page.locator('[data-review-summary]')), /^1 item due now/);
    assert.equal(await page.locator('[data-review-item] .rv-item').getAttribute('data-review-key'), TF_KEY);
  });
});

test('a rated card is scheduled: its status, the review list, and the card back in the queue when due', async () => {
  await env.page(async (page) => {
    const card = await rateCard(page, 'good');
    assert.match(await text(card.locator('[data-rate-status]')), /^Rated “good”\. Next review: tomorrow \(/);
    const rec = (await stored(page)).srs[CARD_KEY];
    assert.deepEqual([rec.k, rec.n, rec.i, rec.again], ['card', 1, 1, false]);

    await page.reload();
    const again = page.locator(`details.card[data-card="${CARD_KEY}"]`);
    assert.match(await text(again.locator('[data-rate-status]')), /^Next review: tomorrow/, 'the schedule is shown after a reload');
    // Rating again before it is due changes nothing.
    await again.locator('summary').click();
    await again.locator('[data-rate="easy"]').click();
    assert.match(await text(again.locator('[data-rate-status]')), /^Not due yet/);
    assert.deepEqual((await stored(page)).srs[CARD_KEY], rec);

    await page.goto(`${env.url}review.html`);
    assert.match(await text(page.locator('[data-review-summary]')), /Nothing is due right now\. The next review is tomorrow/);
    assert.match(await text(page.locator(`[data-review-entry="${CARD_KEY}"]`)), /^tomorrow .*memory climbs for days/);

    await page.clock.setFixedTime(Date.now() + DAY + 3600e3);
    await page.reload();
    const item = page.locator('[data-review-item] .rv-item');
    assert.equal(await item.getAttribute('data-review-type'), 'card');
    assert.ok(await item.locator('#rv-answer').isHidden(), 'the answer waits until asked for');
    await item.locator('[data-review-reveal]').click();
    assert.match(await text(item.locator('#rv-answer')), /forgotten reference/);
    assert.deepEqual((await item.locator('[data-rate]').allTextContents()).map(squash),
      ['Again · today', 'Hard · 6 days', 'Good · 6 days', 'Easy · 6 days']);
    await axe(page, 'review page, a card with its answer');
    await item.locator('[data-rate="good"]').click();
    const after = (await stored(page)).srs[CARD_KEY];
    assert.deepEqual([after.n, after.i], [2, 6], 'second repetition: six days');
    assert.match(await text(page.locator(`[data-review-entry="${CARD_KEY}"]`)), /^in 6 days/);

    // "Again" brings a card back today.
    await page.goto(`${env.url}${V8}.html`);
    const second = page.locator('details.card').nth(1);
    await second.locator('summary').click();
    await second.locator('[data-rate="again"]').click();
    assert.match(await text(second.locator('[data-rate-status]')), /Next review: again today, then tomorrow/);
    assert.match(await text(page.locator('#sidebar [data-review-due]')), /· 1 due/);
  });
});

test('the progress page counts per chapter and for the book, and resets after a confirmation', async () => {
  await env.page(async (page) => {
    await answerTrueFalse(page, true);
    await page.locator('[data-objectives] input').first().check();
    await page.locator('details.card').first().locator('summary').click();
    await page.locator('details.card').first().locator('[data-rate="good"]').click();
    await page.goto(`${env.url}runtime/event-loop.html`);
    await page.locator('[data-objectives] input').first().check();

    await page.goto(`${env.url}index.html`);
    await page.locator('.site-nav a', { hasText: 'Progress' }).click();
    await page.waitForURL(`${env.url}progress.html`); // waits for its load event too
    await filled(page, V8);
    assert.equal(await page.locator('.site-nav a[aria-current="page"]').textContent(), 'Progress');
    const row = page.locator(`[data-progress-row="${V8}"]`);
    assert.equal(await text(row.locator('[data-cell="objectives"]')), '1 / 4');
    assert.equal(await text(row.locator('[data-cell="checks"]')), '1 / 2 right');
    assert.match(await text(row.locator('[data-cell="cards"]')), /^1 \/ \d+$/);
    const book = page.locator('[data-progress-row=""]');
    assert.match(await text(book.locator('[data-cell="objectives"]')), /^2 \/ \d+$/);
    assert.match(await text(page.locator('[data-total="objectives"]')), /^2 \/ \d+$/);
    assert.ok(await page.locator('[data-progress-row="intro"]').isHidden(), 'a chapter with nothing to track has no row');
    await axe(page, 'progress page');

    // Reset the chapter: cancel first, then confirm.
    await row.locator('[data-reset-chapter]').click();
    const dialog = page.locator('dialog[data-confirm]');
    assert.ok(await dialog.isVisible());
    assert.match(await text(dialog), /Reset “V8, memory & frameworks”\?.*1 ticked objective, 1 answer, 1 opened card, 2 review schedules/);
    await axe(page, 'progress page, confirmation open');
    await page.keyboard.press('Escape');
    assert.ok(await dialog.isHidden(), 'Escape closes the dialog');
    assert.equal(await text(row.locator('[data-cell="objectives"]')), '1 / 4', 'nothing reset');
    await row.locator('[data-reset-chapter]').click();
    await dialog.locator('[data-confirm-cancel]').click();
    assert.equal(await text(row.locator('[data-cell="objectives"]')), '1 / 4', 'cancel resets nothing');
    await row.locator('[data-reset-chapter]').click();
    await dialog.locator('[data-confirm-ok]').click();
    assert.equal(await text(row.locator('[data-cell="objectives"]')), '0 / 4');
    assert.equal(await text(row.locator('[data-cell="checks"]')), '0 / 2 right');
    assert.match(await text(page.locator('[data-reset-status]')), /progress in “V8, memory & frameworks” was reset/);
    assert.equal(await text(page.locator('[data-progress-row="runtime/event-loop"] [data-cell="objectives"]')), '1 / 3', 'other chapters keep theirs');
    const s = await stored(page);
    assert.deepEqual([s.obj[V8], s.ans[TF_KEY], s.srs[CARD_KEY]], [undefined, undefined, undefined]);

    // Reset the whole book.
    await page.locator('[data-reset-book]').click();
    assert.match(await text(dialog), /Reset the whole book\?.*1 ticked objective/);
    await dialog.locator('[data-confirm-ok]').click();
    assert.match(await text(page.locator('[data-total="objectives"]')), /^0 \//);
    const empty = await stored(page);
    assert.deepEqual([empty.obj, empty.ans, empty.seen, empty.srs], [{}, {}, {}, {}]);
    assert.equal(typeof empty.seed, 'string', 'the shuffle seed stays');
  });
});

test('export progress, clear storage, import: everything is back', async () => {
  await env.page(async (page) => {
    await answerTrueFalse(page, false);
    await page.locator('[data-objectives] input').nth(2).check();
    await page.locator(`details.card[data-card="${CARD_KEY}"] summary`).click();
    await page.locator(`details.card[data-card="${CARD_KEY}"] [data-rate="hard"]`).click();
    const before = await stored(page);

    await page.goto(`${env.url}progress.html`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export-progress]').click()]);
    assert.match(download.suggestedFilename(), /^node-js-in-production-progress-\d{4}-\d\d-\d\d\.json$/);
    const file = path.join(tmp, download.suggestedFilename());
    await download.saveAs(file);
    const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.equal(saved.format, 'lectern-progress');
    assert.equal(saved.book, 'node-js-in-production');
    assert.deepEqual(saved.progress, { obj: before.obj, ans: before.ans, seen: before.seen, srs: before.srs });
    assert.match(await text(page.locator('[data-import-status]')), /^Downloaded node-js-in-production-progress-/);

    // Another browser, or this one with its storage cleared.
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    assert.equal(await text(page.locator(`[data-progress-row="${V8}"] [data-cell="objectives"]`)), '0 / 4');

    await page.locator('[data-import-progress]').setInputFiles(file);
    const preview = page.locator('[data-import-preview]');
    await preview.waitFor();
    assert.match(await text(preview), /holding 1 ticked objective, 1 answer, 1 opened card, 2 review schedules/);
    assert.match(await text(preview), /Merge adds 1 ticked objective, 1 answer, 1 opened card, 2 review schedules/);
    await axe(page, 'progress page, import preview');
    assert.equal(await record(page), null, 'nothing is written before the reader confirms');
    await preview.locator('[data-import-replace]').click();
    assert.ok(await preview.isHidden());
    assert.match(await text(page.locator('[data-import-status]')), /^Replaced: your progress now holds 1 ticked objective, 1 answer/);
    assert.equal(await text(page.locator(`[data-progress-row="${V8}"] [data-cell="objectives"]`)), '1 / 4');

    const after = await stored(page);
    assert.deepEqual([after.obj, after.ans, after.seen, after.srs], [before.obj, before.ans, before.seen, before.srs]);

    // The chapter shows it all again, and the review queue has both items.
    await page.goto(`${env.url}${V8}.html`);
    assert.ok(await page.locator('[data-objectives] input').nth(2).isChecked());
    assert.match(await text(page.locator(`[data-question="${TF_KEY}"] [data-feedback]`)), /Wrong/);
    assert.match(await text(page.locator(`details.card[data-card="${CARD_KEY}"] [data-rate-status]`)), /Next review: again today/);
    await page.goto(`${env.url}review.html`);
    assert.match(await text(page.locator('[data-review-summary]')), /^2 items due now/);

    // Importing the same file again, merging: nothing new.
    await page.goto(`${env.url}progress.html`);
    await page.locator('[data-import-progress]').setInputFiles(file);
    await preview.waitFor();
    assert.match(await text(preview), /Merge adds nothing\. Nothing of yours is removed/);
    await preview.locator('[data-import-merge]').click();
    assert.deepEqual(await stored(page), after);
  });
});

test('a bad progress file is refused with a message and changes nothing', async () => {
  await env.page(async (page) => {
    await answerTrueFalse(page, true);
    await page.goto(`${env.url}progress.html`);
    const raw = await record(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export-progress]').click()]);
    const good = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
    const files = [
      ['corrupt.json', '{"format": "lectern-progress", "version": 1, "book": "node-js-in-prod', /not valid JSON/],
      ['photo.json', '\u0089PNG\r\n', /not valid JSON/],
      ['other.json', JSON.stringify({ ...good, book: 'another-course', title: 'Another course' }), /belongs to another book, “Another course”, not to “Node\.js in production”/],
      ['future.json', JSON.stringify({ ...good, version: 9 }), /newer version of Lectern/],
      ['damaged.json', JSON.stringify({ ...good, progress: { ...good.progress, ans: { [TF_KEY]: { v: 1 } } } }), /damaged: the answer to “runtime\/v8-memory#check:middleware-next”/],
      ['empty.json', '', /empty/],
    ];
    for (const [name, body, why] of files) {
      await page.locator('[data-import-progress]').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(body) });
      const status = page.locator('[data-import-status] .pg-msg.is-error');
      await status.waitFor();
      assert.match(await text(status), why, name);
      assert.match(await text(status), /Nothing was changed\.$/, name);
      assert.ok(await page.locator('[data-import-preview]').isHidden(), `${name}: no merge or replace offered`);
      assert.equal(await record(page), raw, `${name}: storage untouched`);
      await axe(page, `progress page, ${name} refused`);
    }
    assert.equal(await text(page.locator(`[data-progress-row="${V8}"] [data-cell="checks"]`)), '1 / 2 right');
  });
});

/**
 * A progress file crafted to reach Object.prototype: "__proto__", "constructor" and "prototype"
 * as keys at every level (the file, its progress, each part, each chapter's ticks, inside each
 * entry). Every entry is otherwise well formed, so the file is accepted.
 */
function hostileProgressFile() {
  const names = ['__proto__', 'constructor', 'prototype'];
  const evil = '{"polluted":1,"prototype":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"__proto__":{"polluted":1}}';
  const keyed = (value) => names.map((n) => `"${n}":${value}`).join(',');
  const withKeys = (obj) => `${obj.slice(0, -1)},${keyed(evil)}}`;
  const answer = withKeys(JSON.stringify({ v: 'v', r: ['a'], ok: true, c: V8, kc: 1, t: Date.now() }));
  const rec = withKeys(JSON.stringify({ v: 'v', c: V8, k: 'card', ef: 2.5, n: 1, i: 1, due: Date.now() + 5 * DAY, t: Date.now() }));
  const ticks = `{${keyed(1)},"polluted":1}`;
  const progress = withKeys(`{"obj":{${keyed(ticks)},"${V8}":${ticks}},"ans":{${keyed(answer)}},"seen":{${keyed('"v"')}},"srs":{${keyed(rec)}}}`);
  return withKeys(`{"format":"lectern-progress","version":1,"book":"node-js-in-production","title":"Node.js in production","progress":${progress}}`);
}

/** What a page's Object.prototype looks like: its own properties, and the ones a pollution would reach. */
const prototypeState = (page) => page.evaluate(() => ({
  names: Object.getOwnPropertyNames(Object.prototype).sort(),
  enumerable: Object.keys(Object.prototype),
  proto: Object.getPrototypeOf(Object.prototype),
  constructorIsObject: Object.prototype.constructor === Object,
  constructorKeys: Object.keys(Object.prototype.constructor),
  objectPrototypeIsIt: Object.prototype.constructor.prototype === Object.prototype,
  fresh: [({}).polluted, ({}).prototype, Object.create(Object.prototype).polluted],
}));

test('a progress file with "__proto__", "constructor" and "prototype" keys leaves Object.prototype clean; the preview says what merge and replace do', async () => {
  await env.page(async (page) => {
    await answerTrueFalse(page, true);
    await page.goto(`${env.url}progress.html`);
    const clean = await prototypeState(page);
    assert.deepEqual(clean.enumerable, []);
    const preview = page.locator('[data-import-preview]');
    const file = { name: 'crafted.json', mimeType: 'application/json', buffer: Buffer.from(hostileProgressFile()) };
    // The preview's "you then have …", for merge then replace.
    const after = async () => [...(await text(preview)).matchAll(/you then have ([^.]+)\./g)].map((m) => m[1]);

    for (const mode of ['merge', 'replace']) {
      const raw = await record(page);
      await page.locator('[data-import-progress]').setInputFiles(file);
      await preview.waitFor();
      assert.deepEqual(await prototypeState(page), clean, `${mode}: Object.prototype clean once the file is chosen`);
      assert.equal(await record(page), raw, `${mode}: nothing is written before the reader confirms`);
      const summary = await text(preview);
      assert.match(summary, /holding 16 ticked objectives, 3 answers, 3 opened cards, 3 review schedules/, mode);
      const [merged, replaced] = await after();
      assert.equal(replaced, '16 ticked objectives, 3 answers, 3 opened cards, 3 review schedules', 'replace keeps only the file');
      if (mode === 'merge') {
        assert.match(summary, /Merge adds 16 ticked objectives, 3 answers, 3 opened cards, 3 review schedules\./);
        assert.equal(merged, '16 ticked objectives, 4 answers, 3 opened cards, 4 review schedules');
      }
      await preview.locator(`[data-import-${mode}]`).click();
      assert.deepEqual(await prototypeState(page), clean, `${mode}: Object.prototype clean after confirming`);
      assert.equal(await text(page.locator('[data-import-status]')),
        `${mode === 'merge' ? 'Merged' : 'Replaced'}: your progress now holds ${mode === 'merge' ? merged : replaced}.`, `${mode}: the preview said what the import did`);
      const rec = await stored(page);
      assert.deepEqual(Object.keys(rec.seen).sort(), ['__proto__', 'constructor', 'prototype'], `${mode}: the keys are stored as entries`);

      // The stored record, read again on each kind of page, reaches nothing either.
      for (const where of ['progress.html', `${V8}.html`, 'review.html', 'index.html']) {
        await page.goto(`${env.url}${where}`);
        assert.deepEqual(await prototypeState(page), clean, `${mode}: Object.prototype clean on ${where}`);
      }
      await page.goto(`${env.url}progress.html`);
    }
    assertClean(env);
  });
});

test('from file:// the whole loop works: answer wrong, review, progress', async () => {
  await env.page(async (page) => {
    const root = pathToFileURL(env.site).href + '/';
    await page.goto(`${root}${V8}.html`);
    const q = page.locator(`[data-question="${TF_KEY}"]`);
    const key = await answerKey(q);
    await answer(q, key.wrong);
    await page.locator('#sidebar [data-review-link]').click();
    assert.equal(page.url(), `${root}review.html`);
    assert.equal(await page.locator('[data-review-item] .rv-item').getAttribute('data-review-key'), TF_KEY);
    await page.goto(`${root}progress.html`);
    assert.equal(await text(page.locator(`[data-progress-row="${V8}"] [data-cell="checks"]`)), '0 / 2 right (1 answered)');
  });
});

test('in the single-file export: a wrong answer is due on the review route, cards rate, progress counts', async () => {
  const file = path.join(tmp, 'course.html');
  execFileSync(BIN, ['export', REPO, '-o', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  await env.page(async (page) => {
    const url = pathToFileURL(file).href;
    await page.goto(`${url}#/${V8}`);
    const q = page.locator(`[data-question="${TF_KEY}"]`);
    const key = await answerKey(q);
    await answer(q, key.wrong);
    const card = page.locator(`details.card[data-card="${CARD_KEY}"]`);
    await card.locator('summary').click();
    await card.locator('[data-rate="again"]').click();
    assert.match(await text(card.locator('[data-rate-status]')), /again today/);
    assert.match(await text(page.locator('#sidebar [data-review-due]')), /· 2 due/);

    await page.locator('#sidebar [data-review-link]').click();
    assert.equal(new URL(page.url()).hash, '#/review');
    assert.match(await text(page.locator('[data-review-summary]')), /^2 items due now/);
    const item = page.locator('[data-review-item] .rv-item');
    assert.equal(await item.locator('.rv-from a').getAttribute('href'), `#/${V8}#${await item.getAttribute('data-review-type') === 'card' ? 'q-common-leak-causes' : 'check-1'}`);
    await page.locator('.site-nav a', { hasText: 'Progress' }).click();
    await filled(page, V8);
    assert.equal(new URL(page.url()).hash, '#/progress');
    assert.equal(await text(page.locator(`[data-progress-row="${V8}"] [data-cell="checks"]`)), '0 / 2 right (1 answered)');
    assert.match(await text(page.locator(`[data-progress-row="${V8}"] [data-cell="cards"]`)), /^1 \//);
  });
});

test('without JavaScript the review and progress pages say they need it', async () => {
  await env.page({ javaScriptEnabled: false }, async (page) => {
    for (const p of ['review.html', 'progress.html']) {
      await page.goto(`${env.url}${p}`);
      assert.ok(await page.locator('[data-needs-script]').isVisible(), p);
    }
  });
});

test('no request left the site and no page logged an error', () => {
  assertClean(env);
});
