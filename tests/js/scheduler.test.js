// The review scheduler (SM-2) of themes/default/assets/review.js and the queue and progress-file
// logic of review-pages.js, run under Node with a fixed clock: `node --test tests/js/`.
'use strict';

process.env.TZ = 'UTC'; // calendar days are the reader's local days: pin them for the tests

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const ASSETS = path.join(__dirname, '..', '..', 'themes', 'default', 'assets');
// review-pages.js exports review.js's API with its own added, as window.LecternReview is on the
// review and progress pages, which load both.
const S = require(path.join(ASSETS, 'review-pages.js'));
const core = require(path.join(ASSETS, 'review.js'));
// lectern.js's first part: the reader record's format (window.LecternRecord in a browser).
const Rec = require(path.join(ASSETS, 'lectern.js'));
// Maps of the record have no prototype (lectern.js, dict()): compare their JSON-shaped copies.
const plain = (o) => JSON.parse(JSON.stringify(o));

const DAY = 864e5;
const T0 = Date.UTC(2026, 2, 2, 15, 30); // Monday 2 March 2026, 15:30
const at = (days, hours = 0) => T0 + days * DAY + hours * 3600e3;
const midnight = (days) => Date.UTC(2026, 2, 2 + days);

test('E-Factor follows the published formula and never drops below 1.3', () => {
  // EF' = EF + (0.1 - (5 - q) * (0.08 + (5 - q) * 0.02))
  assert.equal(S.nextEF(2.5, 5), 2.6);
  assert.equal(S.nextEF(2.5, 4), 2.5);
  assert.equal(S.nextEF(2.5, 3), 2.36);
  assert.equal(S.nextEF(2.5, 2), 2.18);
  assert.equal(S.nextEF(2.5, 1), 1.96);
  assert.equal(S.nextEF(2.5, 0), 1.7);
  assert.equal(S.nextEF(1.4, 0), 1.3, 'floored at 1.3');
  assert.equal(S.nextEF(1.3, 1), 1.3);
});

test('intervals: 1 day, 6 days, then the previous interval times EF, rounded up', () => {
  let r = S.repetition(null, 4, T0);
  assert.deepEqual([r.n, r.i, r.ef], [1, 1, 2.5]);
  assert.equal(r.due, midnight(1), 'due at the start of tomorrow');
  r = S.repetition(r, 4, at(1));
  assert.deepEqual([r.n, r.i], [2, 6]);
  assert.equal(r.due, midnight(7));
  r = S.repetition(r, 4, at(7));
  assert.deepEqual([r.n, r.i], [3, 15], '6 * 2.5 = 15');
  r = S.repetition(r, 5, at(22));
  assert.equal(r.ef, 2.6);
  assert.deepEqual([r.n, r.i], [4, 39], '15 * 2.6 = 39');
  r = S.repetition(r, 3, at(61));
  assert.equal(r.ef, 2.46);
  assert.deepEqual([r.n, r.i], [5, 96], 'ceil(39 * 2.46) = ceil(95.94)');
});

test('a grade below 3 starts the repetitions over without resetting the E-Factor', () => {
  let r = S.repetition(null, 5, T0);
  r = S.repetition(r, 5, at(1));
  r = S.repetition(r, 5, at(7));
  assert.deepEqual([r.n, r.i, r.ef], [3, 17, 2.8]);
  r = S.repetition(r, 1, at(24));
  assert.deepEqual([r.n, r.i, r.ef], [0, 1, 2.26], 'n back to 0, EF lowered by the formula, not reset to 2.5');
  assert.equal(r.lapses, 1);
  r = S.repetition(r, 4, at(25));
  assert.deepEqual([r.n, r.i], [1, 1]);
  r = S.repetition(r, 4, at(26));
  assert.deepEqual([r.n, r.i], [2, 6]);
});

test('grades outside 0..5 are refused', () => {
  assert.throws(() => S.repetition(null, 6, T0), RangeError);
  assert.throws(() => S.grade(null, 2.5, T0), RangeError);
  assert.throws(() => S.grade(null, undefined, T0), RangeError);
});

test('a wrong answer is due again the same day; a right one tomorrow', () => {
  const wrong = S.grade(null, S.QUALITY.again, T0);
  assert.equal(wrong.how, 'new');
  assert.equal(wrong.rec.again, true);
  assert.ok(S.isDue(wrong.rec, T0), 'due right away');
  assert.ok(S.isDue(wrong.rec, at(0, 1)));

  const right = S.grade(null, S.QUALITY.good, T0);
  assert.equal(right.rec.again, false);
  assert.ok(!S.isDue(right.rec, at(0, 8)), 'not due later today (23:30)');
  assert.ok(S.isDue(right.rec, midnight(1)), 'due from midnight');
  assert.equal(S.when(right.rec.due, T0), 'tomorrow');
});

test('step 7: items graded below 4 are drilled on the day until they score 4, without rescheduling', () => {
  let { rec } = S.grade(null, S.QUALITY.hard, T0); // right, with difficulty: q = 3
  assert.equal(rec.again, true);
  const due = rec.due, ef = rec.ef;
  let res = S.grade(rec, S.QUALITY.hard, at(0, 1));
  assert.equal(res.how, 'drill');
  assert.equal(res.rec.again, true, 'still below 4: still due today');
  res = S.grade(res.rec, S.QUALITY.good, at(0, 2));
  assert.equal(res.how, 'drill');
  assert.equal(res.rec.again, false);
  assert.equal(res.rec.due, due, 'the schedule is unchanged by drills');
  assert.equal(res.rec.ef, ef);
  assert.ok(!S.isDue(res.rec, at(0, 3)));
});

test('before the due date: a right answer changes nothing, a wrong one is a lapse that brings it back sooner', () => {
  let rec = S.repetition(S.repetition(null, 4, T0), 4, at(1)); // due in 6 days
  const early = S.grade(rec, S.QUALITY.easy, at(2));
  assert.equal(early.how, 'early');
  assert.equal(early.rec, rec, 'same record');
  const lapse = S.grade(rec, S.QUALITY.again, at(2));
  assert.equal(lapse.how, 'lapse');
  assert.equal(lapse.rec.n, 0);
  assert.ok(S.isDue(lapse.rec, at(2)), 'due again today');
  assert.ok(lapse.rec.due < rec.due, 'sooner than before');
  // A due item graded is a normal review.
  assert.equal(S.grade(rec, 4, at(7)).how, 'review');
});

test('days are calendar days in the local time zone, across a daylight-saving change', () => {
  const saved = process.env.TZ;
  process.env.TZ = 'Europe/Berlin';
  try {
    const before = new Date(2026, 2, 28, 22, 0).getTime(); // Saturday before the clocks go forward
    const r = S.repetition(null, 4, before);
    assert.equal(new Date(r.due).getDate(), 29);
    assert.equal(new Date(r.due).getHours(), 0);
    const six = S.repetition(r, 4, r.due + 3600e3);
    assert.equal(new Date(six.due).getDate(), 4, '29 March + 6 days = 4 April');
    assert.equal(new Date(six.due).getHours(), 0);
    assert.equal(S.daysBetween(r.due, six.due), 6);
  } finally { process.env.TZ = saved; }
});

const book = { id: 'node-js-in-production', title: 'Node.js in production' };
const data = {
  book: book.id,
  chapters: [
    { id: 'runtime/v8-memory', title: 'V8', url: 'runtime/v8-memory.html', items: [
      { t: 'kc', key: 'runtime/v8-memory#check:a', v: 'va', anchor: 'check-1', prompt: '<p>A?</p>' },
      { t: 'kc', key: 'runtime/v8-memory#check:b', v: 'vb', anchor: 'check-2', prompt: '<p>B?</p>' },
      { t: 'card', key: 'runtime/v8-memory#q:leak', v: 'vc', anchor: 'q-leak', prompt: 'Leak?' },
      { t: 'sc', key: 'runtime/v8-memory#q:leak:check', v: 'vs', anchor: 'q-leak-check', prompt: '<p>S?</p>' },
    ] },
  ],
};

test('the queue: answers without a schedule are derived from the answer; stale and unknown keys are left out', () => {
  const state = {
    ans: {
      'runtime/v8-memory#check:a': { v: 'va', r: ['check-1-b'], ok: false, c: 'runtime/v8-memory', kc: 1, t: T0 },
      'runtime/v8-memory#check:b': { v: 'old', r: ['check-2-a'], ok: true, c: 'runtime/v8-memory', kc: 1, t: T0 },
      'gone/chapter#check:x': { v: 'v', r: 'x', ok: false, c: 'gone/chapter', kc: 1, t: T0 },
      'runtime/v8-memory#q:leak:check': { v: 'vs', r: ['x'], ok: true, c: 'runtime/v8-memory', kc: 0, t: T0 },
    },
    srs: {
      'runtime/v8-memory#q:leak': Object.assign(S.grade(null, S.QUALITY.good, at(-3)).rec, { v: 'vc', c: 'runtime/v8-memory', k: 'card' }),
    },
  };
  const q = S.buildQueue(state, data, at(0, 1));
  assert.deepEqual(q.due.map((e) => e.key), ['runtime/v8-memory#q:leak', 'runtime/v8-memory#check:a'], 'overdue card first, then the wrong answer');
  assert.deepEqual(q.later.map((e) => e.key), ['runtime/v8-memory#q:leak:check']);
  assert.deepEqual(q.stale, ['runtime/v8-memory#check:b']);
  assert.equal(q.due[1].rec.again, true);
  assert.equal(S.dueCount(state, at(0, 1)), 3, 'without a chapter list every stored item counts');
  assert.equal(S.dueCount(state, at(0, 1), ['runtime/v8-memory']), 2, 'only chapters of the book');
  // The count has no question data, so it cannot see that check:b changed (the review page
  // drops it the first time it opens): tomorrow both right answers are due.
  assert.equal(S.dueCount(state, at(1), ['runtime/v8-memory']), 4);
});

test('items failed today go to the end of the day\'s queue', () => {
  const failed = Object.assign(S.grade(S.repetition(null, 4, at(-10)), 1, at(0, 1)).rec, { v: 'va', c: 'runtime/v8-memory', k: 'kc' });
  const overdue = Object.assign(S.repetition(null, 4, at(-2)), { v: 'vb', c: 'runtime/v8-memory', k: 'kc' });
  const q = S.buildQueue({ srs: { 'runtime/v8-memory#check:a': failed, 'runtime/v8-memory#check:b': overdue } }, data, at(0, 2));
  assert.deepEqual(q.due.map((e) => e.key), ['runtime/v8-memory#check:b', 'runtime/v8-memory#check:a']);
});

test('stored records with a broken shape are ignored', () => {
  const ok = Object.assign(S.repetition(null, 4, T0), { v: 'va', c: 'runtime/v8-memory', k: 'kc' });
  for (const bad of [null, 5, 'x', [], { ...ok, ef: 'x' }, { ...ok, k: 'other' }, { ...ok, ef: 1.0 }, { ...ok, n: -1 }, { ...ok, due: NaN }, { ...ok, v: 1 }]) {
    assert.equal(S.isRecord(bad), false, JSON.stringify(bad));
    assert.deepEqual(Object.keys(S.records({ srs: { k: bad } })), []);
  }
  assert.equal(S.isRecord(ok), true);
});

test('when: now, today, tomorrow, in N days', () => {
  assert.equal(S.when(T0 - 1, T0), 'now');
  assert.equal(S.when(at(0, 5), T0), 'today');
  assert.equal(S.when(midnight(1), T0), 'tomorrow');
  assert.equal(S.when(midnight(6), T0), 'in 6 days');
});

test('chapter statistics and resets', () => {
  const ch = { id: 'runtime/v8-memory', objectives: 4, checks: 2, questions: 2, self_checks: 3 };
  const state = {
    obj: { 'runtime/v8-memory': { 'runtime/v8-memory#objective:1': 1, 'runtime/v8-memory#objective:2': 1 }, 'other': { 'other#objective:1': 1 } },
    ans: {
      'runtime/v8-memory#check:a': { v: 'va', r: ['x'], ok: true, c: 'runtime/v8-memory', kc: 1, t: T0, h: 1 },
      'runtime/v8-memory#check:b': { v: 'vb', r: ['x'], ok: false, c: 'runtime/v8-memory', kc: 1, t: T0 },
      'runtime/v8-memory#self-check:1': { v: 'v', r: ['x'], ok: true, c: 'runtime/v8-memory', kc: 0, t: T0 },
      'other#check:1': { v: 'v', r: ['x'], ok: true, c: 'other', kc: 1, t: T0 },
    },
    seen: { 'runtime/v8-memory#q:leak': 'vc', 'other#q:x': 'v' },
    srs: { 'runtime/v8-memory#q:leak': Object.assign(S.repetition(null, 4, T0), { v: 'vc', c: 'runtime/v8-memory', k: 'card' }) },
  };
  assert.deepEqual(S.chapterStats(state, ch), { objectives: 2, correct: 1, answered: 2, selfChecks: 1, cards: 1, hinted: 1 });
  const removed = S.resetChapter(state, 'runtime/v8-memory');
  assert.deepEqual(removed, { obj: 2, ans: 3, seen: 1, srs: 1 });
  assert.deepEqual(Object.keys(state.ans), ['other#check:1'], 'other chapters are kept');
  assert.deepEqual(Object.keys(state.seen), ['other#q:x']);
  assert.deepEqual(S.chapterStats(state, ch), { objectives: 0, correct: 0, answered: 0, selfChecks: 0, cards: 0, hinted: 0 });
  assert.deepEqual(S.resetAll(state), { obj: 1, ans: 1, seen: 1, srs: 0 });
  assert.deepEqual(plain([state.obj, state.ans, state.seen, state.srs]), [{}, {}, {}, {}]);
});

function sampleState() {
  return {
    schema: 1, seed: 'abc', theme: 'dark',
    obj: { 'runtime/v8-memory': { 'runtime/v8-memory#objective:1': 1 } },
    ans: { 'runtime/v8-memory#check:a': { v: 'va', r: ['check-1-a'], ok: true, c: 'runtime/v8-memory', kc: 1, t: T0 } },
    seen: { 'runtime/v8-memory#q:leak': 'vc' },
    srs: { 'runtime/v8-memory#q:leak': Object.assign(S.repetition(null, 4, T0), { v: 'vc', c: 'runtime/v8-memory', k: 'card' }) },
  };
}

test('a progress file round-trips through JSON and leaves theme and seed out', () => {
  const file = S.progressFile(sampleState(), book, T0);
  assert.equal(file.format, 'lectern-progress');
  assert.equal(file.version, 1);
  assert.equal(file.book, book.id);
  assert.equal(file.exported, '2026-03-02T15:30:00.000Z');
  assert.ok(!('theme' in file.progress) && !('seed' in file.progress));
  const back = S.parseProgressFile(JSON.stringify(file), book.id, book.title);
  assert.equal(back.ok, true, back.error);
  const { schema, seed, theme, ...progress } = plain(sampleState());
  assert.deepEqual(plain(back.progress), progress);
  assert.equal(S.parseProgressFile('\ufeff' + JSON.stringify(file), book.id).ok, true, 'a byte-order mark is fine');
});

test('bad progress files are refused with a reason', () => {
  const good = S.progressFile(sampleState(), book, T0);
  const variant = (f) => JSON.stringify(f(JSON.parse(JSON.stringify(good))));
  // The reason is the key of an interface string (progress_file.*) with its placeholders.
  const cases = [
    ['', 'empty'],
    ['{not json', 'not_json'],
    ['[]', 'not_progress'],
    [JSON.stringify({ hello: 1 }), 'not_progress'],
    [variant((f) => { delete f.version; return f; }), 'no_version'],
    [variant((f) => { f.version = 2; return f; }), 'newer', { version: 2, supported: 1 }],
    [variant((f) => { f.version = 0; return f; }), 'unsupported', { version: 0 }],
    [variant((f) => { f.book = 'another-book'; f.title = 'Another book'; return f; }), 'other_book', { theirs: 'Another book', title: 'Node.js in production' }],
    [variant((f) => { f.exported = 'yesterday'; return f; }), 'bad_date'],
    [variant((f) => { delete f.progress; return f; }), 'no_progress'],
    [variant((f) => { f.progress.ans = []; return f; }), 'bad_part', { part: 'ans' }],
    [variant((f) => { f.progress.obj['runtime/v8-memory']['runtime/v8-memory#objective:1'] = true; return f; }), 'bad_tick', { key: 'runtime/v8-memory#objective:1' }],
    [variant((f) => { f.progress.ans['runtime/v8-memory#check:a'].t = 'now'; return f; }), 'bad_answer', { key: 'runtime/v8-memory#check:a' }],
    [variant((f) => { f.progress.seen['runtime/v8-memory#q:leak'] = 3; return f; }), 'bad_card', { key: 'runtime/v8-memory#q:leak' }],
    [variant((f) => { f.progress.srs['runtime/v8-memory#q:leak'].ef = 0.5; return f; }), 'bad_schedule', { key: 'runtime/v8-memory#q:leak' }],
  ];
  // Each reason is a sentence of the English catalogue, with the placeholders it is given.
  const en = fs.readFileSync(path.join(ASSETS, '..', 'strings', 'en.toml'), 'utf8');
  const table = en.slice(en.indexOf('\n[progress_file]\n')).split(/\n\[/)[1];
  for (const [text, why, vars] of cases) {
    const line = table.split('\n').find((l) => l.startsWith(`${why} = `));
    assert.ok(line, `progress_file.${why} is in en.toml`);
    for (const name of Object.keys(vars || {})) assert.ok(line.includes(`{${name}}`), `progress_file.${why} has {${name}}`);
    const r = S.parseProgressFile(text, book.id, book.title);
    assert.equal(r.ok, false, text);
    assert.equal(r.error, `progress_file.${why}`, text);
    assert.deepEqual({ ...r.vars }, vars || {}, text);
  }
  const untitled = S.parseProgressFile(variant((f) => { f.book = 'another-book'; delete f.title; return f; }), book.id, '');
  assert.equal(untitled.error, 'progress_file.other_book_untitled');
  assert.deepEqual({ ...untitled.vars }, { theirs: 'another-book' });
});

test('merge keeps the union and the more recent entry; the plan counts what changes', () => {
  const mine = sampleState();
  const theirs = JSON.parse(JSON.stringify(sampleState()));
  theirs.obj['runtime/v8-memory']['runtime/v8-memory#objective:2'] = 1;
  theirs.ans['runtime/v8-memory#check:a'] = { v: 'va', r: ['check-1-b'], ok: false, c: 'runtime/v8-memory', kc: 1, t: T0 + 1000 };
  theirs.ans['runtime/v8-memory#check:b'] = { v: 'vb', r: ['check-2-a'], ok: true, c: 'runtime/v8-memory', kc: 1, t: T0 - 1000 };
  theirs.srs['runtime/v8-memory#q:leak'].t = T0 - 5; // older than mine: mine stays
  const merged = S.mergeProgress(mine, theirs);
  assert.deepEqual(Object.keys(merged.obj['runtime/v8-memory']).sort(), ['runtime/v8-memory#objective:1', 'runtime/v8-memory#objective:2']);
  assert.equal(merged.ans['runtime/v8-memory#check:a'].ok, false, 'the newer answer wins');
  assert.equal(merged.ans['runtime/v8-memory#check:b'].ok, true, 'a new answer is added');
  assert.equal(merged.srs['runtime/v8-memory#q:leak'].t, T0, 'the older schedule does not win');
  assert.equal(mine.ans['runtime/v8-memory#check:b'], undefined, 'merging does not touch its inputs');

  const plan = S.planImport(mine, theirs);
  assert.deepEqual(plan.merge.added, { obj: 1, ans: 1, seen: 0, srs: 0 });
  assert.deepEqual(plan.merge.updated, { obj: 0, ans: 1, seen: 0, srs: 0 });
  assert.deepEqual(plan.current, { obj: 1, ans: 1, seen: 1, srs: 1 });
  assert.deepEqual(plan.incoming, { obj: 2, ans: 2, seen: 1, srs: 1 });
});

test('review.js, on every page, holds the scheduler; the review and progress pages\' logic is in review-pages.js', () => {
  for (const name of ['grade', 'repetition', 'isDue', 'records', 'dueCount', 'when', 'chapterOf']) {
    assert.equal(typeof core[name], 'function', `review.js has ${name}`);
    assert.equal(S[name], core[name], `review-pages.js uses review.js's ${name}`);
  }
  for (const name of ['buildQueue', 'chapterStats', 'resetChapter', 'resetAll', 'totals', 'progressFile',
    'parseProgressFile', 'mergeProgress', 'importProgress', 'planImport']) {
    assert.equal(core[name], undefined, `${name} is not in review.js`);
    assert.equal(typeof S[name], 'function', `review-pages.js has ${name}`);
  }
});

// A file crafted to reach Object.prototype: "__proto__", "constructor" and "prototype" as keys
// at every level of the progress (JSON.parse makes them own keys; plain objects would then let
// a merge write through them).
function hostileFile() {
  const answer = { v: 'v', r: ['a'], ok: true, c: 'runtime/v8-memory', kc: 1, t: T0 };
  const rec = Object.assign(S.repetition(null, 4, T0), { v: 'v', c: 'runtime/v8-memory', k: 'card' });
  const names = ['__proto__', 'constructor', 'prototype'];
  const each = (value) => `{${names.map((n) => `"${n}":${JSON.stringify(value)}`).join(',')}}`;
  return `{"format":"lectern-progress","version":1,"book":"${book.id}","title":"T","progress":{` +
    `"obj":{${names.map((n) => `"${n}":${each(1)}`).join(',')},"runtime/v8-memory":${each(1)}},` +
    `"ans":${each(answer)},"seen":${each('v')},"srs":${each(rec)}}}`;
}
const polluted = () => ['polluted', '__proto__', 'constructor', 'prototype', 'runtime/v8-memory', 'v', 'ef']
  .filter((k) => Object.prototype.hasOwnProperty.call(Object.prototype, k) && k !== '__proto__' && k !== 'constructor')
  .concat(Object.getPrototypeOf(Object.prototype) === null ? [] : ['Object.prototype has a prototype'])
  .concat(typeof Object.prototype.constructor === 'function' && Object.prototype.constructor === Object ? [] : ['Object.prototype.constructor changed'])
  .concat(Object.keys(Object.prototype));

test('a progress file with "__proto__", "constructor" and "prototype" keys cannot reach Object.prototype; the plan is what the import does', () => {
  const r = S.parseProgressFile(hostileFile(), book.id, book.title);
  assert.equal(r.ok, true, r.error);
  assert.deepEqual(polluted(), [], 'after parsing');
  const names = ['__proto__', 'constructor', 'prototype'];
  for (const part of ['ans', 'seen', 'srs']) assert.deepEqual(Object.keys(r.progress[part]), names, `${part}: the keys are entries`);
  assert.deepEqual(Object.keys(r.progress.obj), [...names, 'runtime/v8-memory']);
  const mine = sampleState();
  const plan = S.planImport(mine, r.progress);
  assert.deepEqual(polluted(), [], 'after planning');
  assert.deepEqual(plan.incoming, { obj: 12, ans: 3, seen: 3, srs: 3 });
  assert.deepEqual(plan.merge.added, { obj: 12, ans: 3, seen: 3, srs: 3 });
  for (const mode of ['merge', 'replace']) {
    const after = S.importProgress(mine, r.progress, mode);
    assert.deepEqual(polluted(), [], `after ${mode}`);
    assert.deepEqual(S.totals(after), plan[mode].after, `${mode}: the plan says what the import gives`);
    assert.equal(Object.getPrototypeOf(after.obj.__proto__), null, `${mode}: "__proto__" is a chapter like any other`);
    assert.equal(after.obj.__proto__.polluted, undefined);
  }
  assert.deepEqual(plan.merge.after, { obj: 13, ans: 4, seen: 4, srs: 4 });
  assert.deepEqual(plain(mine), plain(sampleState()), 'planning and importing change nothing of the reader\'s');
});

test('readJSON gives objects without a prototype at every depth', () => {
  const v = Rec.readJSON('{"__proto__":{"polluted":1},"a":[{"constructor":{"prototype":2}}]}');
  assert.equal(Object.getPrototypeOf(v), null);
  assert.equal(Object.getPrototypeOf(v.__proto__), null);
  assert.equal(v.__proto__.polluted, 1, '"__proto__" is an own entry');
  assert.ok(Array.isArray(v.a));
  assert.equal(Object.getPrototypeOf(v.a[0].constructor), null);
  assert.equal({}.polluted, undefined);
});

test('a stored record: each value of the wrong shape is taken out and located; missing parts are no damage', () => {
  const seed = () => 'fresh';
  const good = sampleState();
  const check = (rec) => Rec.checkRecord(typeof rec === 'string' ? rec : JSON.stringify(rec), seed);
  assert.deepEqual(Rec.checkRecord(null, seed).unreadable, [], 'no record yet');
  assert.deepEqual(check(good).unreadable, [], 'a good record');
  assert.deepEqual(plain(check(good).state), plain(good));
  assert.deepEqual(check({ schema: 1 }).unreadable, [], 'missing parts and settings');
  for (const raw of ['{not json', 'null', '[1]', '"x"', '{"schema":2}']) {
    assert.deepEqual(check(raw).unreadable, [''], raw);
    assert.equal(check(raw).state.seed, 'fresh');
  }
  assert.equal(check({ schema: 2, theme: 'dark' }).state.theme, 'dark', 'another schema keeps the colour theme');
  for (const [name, change] of [['seed', (s) => { s.seed = 7; }], ['theme', (s) => { s.theme = 'purple'; }],
    ['obj', (s) => { s.obj = []; }], ['ans', (s) => { s.ans = 'none'; }], ['seen', (s) => { s.seen = 1; }], ['srs', (s) => { s.srs = null; }]]) {
    const s = sampleState(); change(s);
    assert.deepEqual(check(s).unreadable, [''], `${name} of the wrong type`);
  }
  const ch = 'runtime/v8-memory';
  const entry = [
    ['objectives', (s) => { s.obj[ch] = 'all'; }], ['an objective tick', (s) => { s.obj[ch]['x'] = true; }],
    ['an answer', (s) => { s.ans[`${ch}#check:a`].t = 'now'; }], ['an opened card', (s) => { s.seen[`${ch}#q:leak`] = 3; }],
    ['a schedule', (s) => { s.srs[`${ch}#q:leak`].ef = 0.5; }],
  ];
  for (const [name, change] of entry) {
    const s = sampleState(); change(s);
    const r = check(s);
    assert.deepEqual(r.unreadable, [ch], name);
    const kept = plain(r.state);
    assert.deepEqual(Object.keys(kept).sort(), ['ans', 'obj', 'schema', 'seed', 'seen', 'srs', 'theme'], `${name}: the rest is kept`);
  }
  const r = check({ schema: 1, seed: 's', ans: { 'a#1': null, 'b#1': 1, 'a#2': good.ans[`${ch}#check:a`] } });
  assert.deepEqual(r.unreadable, ['a', 'b']);
  assert.deepEqual(Object.keys(r.state.ans), ['a#2'], 'good entries stay');
});
