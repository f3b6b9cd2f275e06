// mdbook-quiz quizzes in a real browser: the fixture book's `{{#quiz}}` (tests/fixtures/mdbook-quiz)
// answered as a reader would, one question of each type (MultipleChoice, ShortAnswer, Tracing that
// compiles, Tracing that does not); the answers are kept across a reload, the wrong ones come back
// in the review queue (where a Tracing question is asked again), and with JavaScript off every
// answer is reachable. The page passes axe once answered.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { start, assertClean, squash, answerKey, answer, REPO } = require('./harness');

const AXE = path.join(__dirname, 'node_modules', 'axe-core', 'axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const key = (id) => `moves#quiz:${id}`;

let env;
before(async () => { env = await start(path.join(REPO, 'tests', 'fixtures', 'mdbook-quiz')); });
after(async () => { if (env) await env.close(); });

const text = async (loc) => squash(await loc.textContent());

async function axe(page, where) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), TAGS);
  const violations = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
  assert.deepEqual(violations, [], `${where}: axe violations`);
}

/** Answers a trace question: whether it compiles (`compiles`), then the field (`detail`). */
async function trace(q, compiles, detail) {
  await q.getByRole('radio', { name: compiles ? 'Yes, it compiles' : 'No, it does not compile' }).check();
  await q.locator('.q-input').fill(detail);
  await q.locator('[data-check]').click();
}

test('each question type is answered, kept across a reload, and the wrong ones are due for review', async () => {
  await env.page(async (page) => {
    await page.goto(`${env.url}moves.html`);
    const mc = page.locator(`[data-question="${key('move-string')}"]`);
    const short = page.locator(`[data-question="${key('borrow-keyword')}"]`);
    const runs = page.locator(`[data-question="${key('print-twice')}"]`);
    const fails = page.locator(`[data-question="${key('use-after-move')}"]`);

    // MultipleChoice, answered wrong: the right option is marked and the context explains.
    const mcKey = await answerKey(mc);
    await answer(mc, [mcKey.wrong[0]]);
    assert.match(await text(mc.locator('[data-feedback]')), /^✗Wrong\..*no longer initialised/);
    // ShortAnswer: an alternative spelling, in another case, is accepted.
    await answer(short, 'Ampersand');
    assert.match(await text(short.locator('[data-feedback]')), /^✓Correct — “ampersand” is accepted/);
    // Tracing that compiles: the output, with trailing white space the reader cannot see.
    const label = runs.locator('[data-trace-label]');
    assert.equal(await text(label), 'What it prints, or the line of the error', 'neutral before choosing');
    await runs.getByRole('radio', { name: 'Yes, it compiles' }).check();
    assert.equal(await text(label), 'What does it print?');
    await runs.getByRole('radio', { name: 'No, it does not compile' }).check();
    assert.equal(await text(label), 'Which line has the error?');
    await trace(runs, true, '6  \ndone\n');
    assert.match(await text(runs.locator('[data-feedback]')), /^✓Correct\..*nothing moves here/);
    // Tracing that does not compile, with the wrong line: the answer says which line.
    await trace(fails, false, '3');
    assert.match(await text(fails.locator('[data-feedback]')), /^✗Not quite\. It does not compile: the error is on line 4\./);
    await axe(page, 'quiz page, answered');

    await page.reload();
    assert.match(await text(mc.locator('[data-feedback]')), /^✗Wrong\./, 'kept: the multiple choice');
    assert.match(await text(short.locator('[data-feedback]')), /^✓Correct/, 'kept: the short answer');
    assert.equal(await short.locator('.q-input').inputValue(), 'Ampersand');
    assert.match(await text(runs.locator('[data-feedback]')), /^✓Correct/, 'kept: the trace that runs');
    assert.equal(await runs.getByRole('radio', { name: 'Yes, it compiles' }).isChecked(), true);
    assert.match(await text(fails.locator('[data-feedback]')), /^✗Not quite/, 'kept: the trace that fails');
    assert.equal(await fails.locator('.q-input').inputValue(), '3');

    await page.goto(`${env.url}review.html`);
    assert.match(await text(page.locator('[data-review-summary]')), /^2 items due now, 2 scheduled later\./);
    const due = async () => page.locator('[data-review-item] .rv-item').getAttribute('data-review-key');
    const seen = [];
    for (let i = 0; i < 2; i++) {
      const item = page.locator('[data-review-item] .rv-item');
      const k = await due();
      seen.push(k);
      if (k === key('use-after-move')) {
        // Asked again away from its page: the program, the choice and the field.
        assert.match(await text(item.locator('.q-program')), /let t = s;/);
        await item.getByRole('radio', { name: 'No, it does not compile' }).check();
        await item.locator('.q-input').fill('4');
      } else {
        const right = await item.locator('.q-opt label', { hasText: 'Nothing until it is assigned again' });
        await right.click();
      }
      await item.locator('[data-check]').click();
      assert.match(await text(item.locator('[data-feedback]')), /^✓Correct\./, `${k} answered right in review`);
      await item.locator('[data-rate="good"]').click();
    }
    assert.deepEqual(seen.sort(), [key('move-string'), key('use-after-move')]);
  });
});

test('with JavaScript off every answer is reachable', async () => {
  await env.page({ javaScriptEnabled: false }, async (page) => {
    await page.goto(`${env.url}moves.html`);
    const fails = page.locator(`[data-question="${key('use-after-move')}"]`);
    await fails.locator('[data-answer] summary').click();
    assert.match(await text(fails.locator('[data-answer]')), /It does not compile: the error is on line 4\./);
    const runs = page.locator(`[data-question="${key('print-twice')}"]`);
    await runs.locator('[data-answer] summary').click();
    assert.equal(await runs.locator('[data-answer] .q-output').textContent(), '6\ndone');
  });
});

test('no request left the machine and no page logged an error', () => assertClean(env));
