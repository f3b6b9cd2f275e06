// Knowledge checks and self-checks in a real browser: answer wrong, press Check, read the
// per-option feedback and the explanation, Try again, answer right; every question type of the
// example course (single, multiple, true/false, short answer), inline and card self-checks,
// answers kept across reloads, and the per-reader shuffle order.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { start, assertClean, squash, answerKey, answer, storageKey } = require('./harness');

let env;
before(async () => { env = await start(); });
after(async () => { if (env) await env.close(); });

const CHAPTERS = {
  'runtime/event-loop': { checks: 3, objectives: 3 },
  'runtime/v8-memory': { checks: 2, objectives: 4 },
  'operating/streams-and-errors': { checks: 3, objectives: 4 },
  'operating/observability': { checks: 2, objectives: 3 },
};

const text = async (loc) => squash(await loc.textContent());
const isFocused = (loc) => loc.evaluate((el) => el === document.activeElement);

/** A wrong answer: one wrong option (with all but one of the right ones, for select-all items). */
function wrongAnswer(key) {
  if (key.kind === 'short_answer') return 'certainly not this';
  if (key.kind === 'multiple') return [key.wrong[0], ...key.correct.slice(1)];
  return [key.wrong[0]];
}

/** What the note under an option must say, given what the reader chose: Lectern's label and the author's explanation. */
function expectedNote(key, id, chosen) {
  const right = key.correct.includes(id);
  let label;
  if (right && chosen) label = 'Correct';
  else if (right) label = key.kind === 'multiple' ? 'Missed — this option is also correct' : 'Correct answer';
  else label = 'Wrong';
  return { cls: right ? (chosen ? 'is-right' : 'is-missed') : (chosen ? 'is-wrong' : null), label, why: key.why[id] };
}

/** Checks the mark, the "your answer" chip and the note of every option after Check. */
async function assertOptionNotes(q, key, chosen, where) {
  for (const id of [...key.correct, ...key.wrong]) {
    const li = q.locator(`.q-opt[data-option="${id}"]`);
    const want = expectedNote(key, id, chosen.includes(id));
    const cls = (await li.getAttribute('class')).split(/\s+/);
    for (const c of ['is-right', 'is-wrong', 'is-missed']) {
      assert.equal(cls.includes(c), c === want.cls, `${where}: option ${id} class ${cls.join(' ')}, expected ${want.cls}`);
    }
    const note = li.locator('.q-note');
    assert.equal(await note.count(), 1, `${where}: option ${id} has one note`);
    assert.ok(await note.isVisible(), `${where}: note of ${id} is visible`);
    // The label is a badge of its own (a block before the explanation), not run into its first sentence.
    const mark = note.locator('.q-mark');
    assert.equal(await mark.count(), 1, `${where}: note of ${id} has one label`);
    assert.equal((await text(mark)).replace(/^[✓✗!] ?/, ''), want.label, `${where}: label of ${id}`);
    assert.equal(await mark.evaluate((el) => el.tagName + ' ' + getComputedStyle(el).display), 'P table', `${where}: label of ${id} on its own line`);
    const why = note.locator('.q-why-text');
    if (want.why) assert.equal(await text(why), want.why, `${where}: explanation of ${id}, apart from the label`);
    else assert.equal(await why.count(), 0, `${where}: ${id} has no explanation`);
    assert.equal(await li.locator('.q-chosen').count(), chosen.includes(id) ? 1 : 0, `${where}: "your answer" chip on ${id}`);
  }
}

/**
 * The whole reader round on one widget: Check with nothing chosen, a wrong answer with its
 * feedback, Try again, then the right answer (a short answer typed in capitals with extra
 * spaces, sent with Enter).
 */
async function exercise(q, where) {
  const key = await answerKey(q);
  assert.ok(await q.evaluate((el) => el.classList.contains('is-live')), `${where}: widget is live`);
  assert.ok(await q.locator('[data-answer]').isHidden(), `${where}: the no-script answer is hidden once live`);
  const status = q.locator('[data-feedback]');
  assert.equal(await status.getAttribute('role'), 'status', `${where}: feedback is a live region`);
  const check = q.locator('[data-check]');
  const retry = q.locator('[data-retry]');
  if (key.kind === 'multiple') {
    assert.ok(await q.getByText(/Select all that apply/).first().isVisible(), `${where}: says "Select all that apply"`);
  } else {
    assert.equal(await q.getByText(/Select all that apply/).count(), 0, `${where}: no "Select all that apply" on a ${key.kind} item`);
  }
  if (key.kind === 'short_answer') assert.ok(key.accepted.length > 0, `${where}: has accepted answers`);
  else assert.ok(key.correct.length && key.wrong.length, `${where}: has right and wrong options`);

  // Never automatic: choosing does not grade; Check with nothing chosen asks for an answer.
  await check.click();
  assert.match(await text(status), key.kind === 'short_answer' ? /Type an answer first/ : /Choose an answer first/, where);

  // Wrong.
  const wrong = wrongAnswer(key);
  await answer(q, wrong);
  const msg = await text(status);
  if (key.kind === 'short_answer') {
    assert.match(msg, /Not accepted\. (The accepted answer is|Accepted answers:) /, `${where}: ${msg}`);
    for (const a of key.accepted) assert.ok(msg.includes(`“${a}”`), `${where}: names accepted answer ${a}: ${msg}`);
  } else if (key.kind === 'multiple') {
    assert.match(msg, /^✗ ?Not quite: you (missed \d+ correct options?|chose \d+ wrong options?)/, `${where}: ${msg}`);
  } else {
    // The feedback sits below the options: it says the answer is marked, in no direction.
    assert.match(msg, /^✗ ?Wrong\. The correct answer is marked, and each option says why it is right or wrong\./, `${where}: ${msg}`);
    assert.doesNotMatch(msg, /\b(below|above)\b/, `${where}: ${msg}`);
    // And it is: the right option carries the "Correct answer" label, where the reader reads it before the feedback.
    const right = q.locator(`.q-opt[data-option="${key.correct[0]}"]`);
    assert.ok((await right.getAttribute('class')).split(/\s+/).includes('is-missed'), `${where}: the correct option is marked`);
    const label = right.locator('.q-note .q-mark');
    assert.ok(await label.isVisible(), `${where}: its label is visible`);
    assert.match(await text(label), /^! ?Correct answer$/, `${where}: its label`);
    const [optionBottom, feedbackTop] = [(await right.boundingBox()), (await status.boundingBox())];
    assert.ok(optionBottom.y + optionBottom.height <= feedbackTop.y + 1, `${where}: the marked option is above the feedback`);
  }
  assert.equal(await status.locator('.q-result.is-wrong').count(), 1, `${where}: result marked wrong`);
  if (key.explanation) {
    assert.ok(msg.includes(key.explanation), `${where}: the question's explanation is in the live region: ${msg}`);
  }
  if (key.kind !== 'short_answer') await assertOptionNotes(q, key, wrong, `${where} (wrong)`);
  assert.ok(await retry.isVisible(), `${where}: Try again shown`);
  assert.ok(await check.isHidden(), `${where}: Check hidden while graded`);
  assert.ok(await isFocused(retry), `${where}: focus moves to Try again`);

  // Try again resets everything.
  await retry.click();
  assert.equal(await text(status), '', `${where}: feedback cleared`);
  assert.equal(await q.locator('.q-note, .q-explain, .q-chosen').count(), 0, `${where}: notes cleared`);
  assert.equal(await q.locator('.q-opt.is-right, .q-opt.is-wrong, .q-opt.is-missed').count(), 0, `${where}: marks cleared`);
  assert.ok(await check.isVisible(), `${where}: Check back`);
  assert.ok(await retry.isHidden(), `${where}: Try again hidden`);
  if (key.kind === 'short_answer') {
    assert.equal(await q.locator('.q-input').inputValue(), '', `${where}: text cleared`);
    assert.ok(await isFocused(q.locator('.q-input')), `${where}: focus back in the text field`);
  } else {
    assert.equal(await q.locator('.q-opt input:checked').count(), 0, `${where}: choices cleared`);
    assert.ok(await q.locator('.q-opt input').first().isEnabled(), `${where}: options enabled`);
  }

  // Right.
  if (key.kind === 'short_answer') {
    const typed = `   ${key.accepted[0].toUpperCase()}  `;
    await q.locator('.q-input').fill(typed);
    await q.locator('.q-input').press('Enter');
    const ok = (await text(status)).replace(/^✓ ?/, '');
    assert.ok(ok.startsWith(`Correct — “${key.accepted[0]}” is accepted.`), `${where}: typed ${JSON.stringify(typed)}: ${ok}`);
  } else {
    await answer(q, key.correct);
    const ok = await text(status);
    assert.match(ok, key.kind === 'multiple' ? /^✓ ?Correct — you found every right option\./ : /^✓ ?Correct\./, `${where}: ${ok}`);
    await assertOptionNotes(q, key, key.correct, `${where} (right)`);
  }
  assert.equal(await status.locator('.q-result.is-right').count(), 1, `${where}: result marked right`);
  if (key.explanation) assert.ok((await text(status)).includes(key.explanation), `${where}: explanation shown after a right answer`);
  return key;
}

function progressOf(page, chapter) {
  return page.locator(`#sidebar [data-progress="${chapter}"]`);
}

test('knowledge checks: wrong, feedback, Try again, right, for every item of every chapter', async () => {
  await env.page(async (page) => {
    const kinds = new Set();
    for (const [chapter, counts] of Object.entries(CHAPTERS)) {
      await page.goto(`${env.url}${chapter}.html`);
      const items = page.locator('[data-knowledge-check] [data-question]');
      assert.equal(await items.count(), counts.checks, `${chapter}: knowledge-check items`);
      for (let i = 0; i < counts.checks; i++) {
        const key = await exercise(items.nth(i), `${chapter} check ${i + 1}`);
        kinds.add(key.kind);
      }
      // Right answers count towards the chapter's progress, in the sidebar at once.
      const total = counts.checks + counts.objectives;
      assert.match(await text(progressOf(page, chapter)), new RegExp(`^${counts.checks}/${total}\\b`), `${chapter}: sidebar progress`);
    }
    assert.deepEqual([...kinds].sort(), ['multiple', 'short_answer', 'single', 'true_false'], 'the course covers every question type');

    // Answers are kept: back on each chapter the right answers are restored with their feedback.
    for (const [chapter, counts] of Object.entries(CHAPTERS)) {
      await page.goto(`${env.url}${chapter}.html`);
      const items = page.locator('[data-knowledge-check] [data-question]');
      for (let i = 0; i < counts.checks; i++) {
        const q = items.nth(i);
        assert.match(await text(q.locator('[data-feedback]')), /^✓ ?Correct/, `${chapter} check ${i + 1} restored`);
        assert.ok(await q.locator('[data-retry]').isVisible(), `${chapter} check ${i + 1}: Try again offered after reload`);
      }
    }
    // ... and the index page shows the same progress.
    await page.goto(`${env.url}index.html`);
    for (const [chapter, counts] of Object.entries(CHAPTERS)) {
      const p = page.locator(`[data-progress="${chapter}"]`);
      assert.match(await text(p), new RegExp(`^${counts.checks}/${counts.checks + counts.objectives}\\b`), `index progress of ${chapter}`);
      assert.ok((await text(p)).includes(`${counts.checks} of ${counts.checks + counts.objectives} done`), `index progress of ${chapter} has words for screen readers`);
    }
  });
});

test('a wrong answer is kept as wrong across a reload, with its feedback', async () => {
  await env.page(async (page) => {
    await page.goto(`${env.url}runtime/v8-memory.html`);
    const q = page.locator('[data-knowledge-check] [data-question][data-kind="true_false"]');
    const key = await answerKey(q);
    await answer(q, [key.wrong[0]]);
    await page.reload();
    assert.match(await text(q.locator('[data-feedback]')), /^✗ ?Wrong\./);
    assert.ok(await q.locator(`.q-opt[data-option="${key.wrong[0]}"] input`).isChecked());
    assert.ok(await q.locator(`.q-opt[data-option="${key.wrong[0]}"]`).evaluate((li) => li.classList.contains('is-wrong')));
    assert.match(await text(progressOf(page, 'runtime/v8-memory')), /^0\/6\b/, 'a wrong answer does not count');
  });
});

test('self-checks: inline in the prose and inside an interview card', async () => {
  await env.page(async (page) => {
    await page.goto(`${env.url}runtime/v8-memory.html`);
    const inline = page.locator('.prose [data-question]');
    assert.ok(await inline.count() >= 1, 'the V8 chapter has an inline self-check');
    assert.match(await text(inline.first().locator('.q-kicker')), /Self-check/);
    await exercise(inline.first(), 'v8 inline self-check');

    const card = page.locator('details.card:has(.card-check [data-question])').first();
    assert.equal(await card.count(), 1, 'a card with a self-check');
    const q = card.locator('.card-check [data-question]');
    assert.ok(await q.isHidden(), 'the card self-check is inside the closed card');
    await card.locator('summary.card-summary').click();
    assert.ok(await q.isVisible(), 'visible once the card is open');
    await exercise(q, 'v8 card self-check');

    // Self-checks are stored but do not count towards the chapter's progress.
    assert.match(await text(progressOf(page, 'runtime/v8-memory')), /^0\/6\b/);
    await page.reload();
    assert.match(await text(inline.first().locator('[data-feedback]')), /^✓ ?Correct/, 'inline self-check answer kept');

    await page.goto(`${env.url}runtime/event-loop.html`);
    await exercise(page.locator('.prose [data-question]').first(), 'event-loop inline self-check');
  });
});

// The documented shuffle: mulberry32 seeded with FNV-1a of `seed + "|" + question key`,
// then a Fisher-Yates pass over the options in authored order.
function expectedOrder(ids, seedText) {
  let h = 2166136261;
  for (let i = 0; i < seedText.length; i++) { h ^= seedText.charCodeAt(i); h = Math.imul(h, 16777619); }
  let a = h >>> 0;
  const rnd = () => {
    a = (a + 0x6D2B79F5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = ids.slice();
  for (let i = out.length - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [out[i], out[j]] = [out[j], out[i]]; }
  return out;
}

test('shuffled options follow the reader seed and stay put across reloads', async () => {
  await env.page(async (page) => {
    await page.goto(`${env.url}runtime/v8-memory.html`);
    const q = page.locator('[data-question][data-shuffle]').first();
    assert.equal(await q.count(), 1, 'the V8 chapter has a shuffled item');
    const qkey = await q.getAttribute('data-question');
    const authored = await q.locator('[data-for]').evaluateAll((els) => els.map((e) => e.dataset.for));
    const shown = () => q.locator('.q-opt').evaluateAll((els) => els.map((e) => e.dataset.option));
    const key = storageKey(env.url);
    for (const seed of ['reader-one', 'reader-two']) {
      await page.evaluate(([k, s]) => localStorage.setItem(k, JSON.stringify({ schema: 1, seed: s, obj: {}, ans: {}, seen: {} })), [key, seed]);
      await page.reload();
      assert.deepEqual(await shown(), expectedOrder(authored, `${seed}|${qkey}`), `order for seed ${seed}`);
      await page.reload();
      assert.deepEqual(await shown(), expectedOrder(authored, `${seed}|${qkey}`), `same order after another reload (${seed})`);
    }
    // A first visit creates a seed and keeps it.
    await page.evaluate((k) => localStorage.removeItem(k), key);
    await page.reload();
    const first = await shown();
    await answer(q, [authored[0]]);
    await page.reload();
    assert.deepEqual(await shown(), first, 'a new reader sees the same order after reloading');
    const seed = await page.evaluate((k) => JSON.parse(localStorage.getItem(k)).seed, key);
    assert.deepEqual(first, expectedOrder(authored, `${seed}|${qkey}`), 'the stored seed gives that order');
  });
});

test('no request left the site and no page logged an error', () => {
  assertClean(env);
});
