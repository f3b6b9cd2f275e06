// The pure part of themes/default/assets/qtypes.js (numbers as readers type them, blanks and
// patterns) and the SM-2 grade of an answer that took a hint (review.js), under Node:
// `node --test tests/js/`.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');

const ASSETS = path.join(__dirname, '..', '..', 'themes', 'default', 'assets');
const Q = require(path.join(ASSETS, 'qtypes.js'));
const S = require(path.join(ASSETS, 'review.js'));
const Rec = require(path.join(ASSETS, 'lectern.js'));

test('numbers are read as readers type them, in the book language', () => {
  const cases = [
    ['42.5', 'en', 42.5], ['42,5', 'en', 42.5], ['1,234', 'en', 1234], ['1,234.5', 'en', 1234.5],
    ['1,048,576', 'en', 1048576], ['1 048 576', 'fr', 1048576], ['1\u202f048\u202f576,5', 'fr', 1048576.5],
    ['42,5', 'fr', 42.5], ['1.234', 'de', 1234], ['1.234,5', 'de', 1234.5], ['0.5', 'de', 0.5],
    ['1,500', 'de', 1.5], ['1,500', 'en', 1500], ['-3', 'en', -3], ['\u22123', 'en', -3], ['+7', 'en', 7],
    ['.5', 'en', 0.5], ['1e3', 'en', 1000], ['2.5E-3', 'en', 0.0025], ['  12  ', 'es', 12],
    ['\u0664\u0662\u066b\u0665', 'ar', 42.5], ['\u06f1\u06f2', 'ar', 12], ['42.5 ms', 'en', 42.5, 'ms'], ['42,5ms', 'es', 42.5, 'ms'], ['42.5 MS', 'en', 42.5, 'ms'],
  ];
  for (const [typed, lang, want, unit] of cases) assert.equal(Q.parseNumber(typed, unit || '', lang), want, `${typed} (${lang})`);
  for (const bad of ['', 'abc', '4 2 a', '1,2,3', '1.2.3,4,5', '1,23,456', '--3', '12 kg', '1,,2', '.', 'e5', 'Infinity', '1e999']) {
    assert.equal(Q.parseNumber(bad, 'ms', 'en'), null, `${JSON.stringify(bad)} is no number`);
  }
});

test('a number is right within the tolerance, rounding errors forgiven', () => {
  assert.ok(Q.numberRight(42.0, 42.5, 0.5));
  assert.ok(Q.numberRight(43.0, 42.5, 0.5));
  assert.ok(!Q.numberRight(43.01, 42.5, 0.5));
  assert.ok(Q.numberRight(0.1 + 0.2, 0.3, 0), 'exact, with floating-point noise');
  assert.ok(!Q.numberRight(null, 0, 1));
});

test('blanks: accepted answers, case, spacing, patterns', () => {
  assert.ok(Q.blankRight('  SUM ', { a: ['sum'], re: '', case: false }));
  assert.ok(!Q.blankRight('old', { a: ['Old'], re: '', case: true }));
  assert.ok(Q.blankRight('Old', { a: ['Old'], re: '', case: true }));
  assert.ok(Q.blankRight('node   fs', { a: ['node fs'] }));
  assert.ok(Q.blankRight('12', { a: [], re: '[0-9]+|two' }));
  assert.ok(!Q.blankRight('12a', { a: [], re: '[0-9]+|two' }), 'the pattern matches the whole answer');
  assert.ok(!Q.blankRight('', { a: [''], re: '.*' }), 'an empty blank is never right');
  assert.ok(!Q.blankRight('x', { a: [], re: '(' }), 'a pattern that does not compile matches nothing');
  assert.ok(Q.matches('\\s*3\\s*', ' 3 '));
});

test('a right answer after a hint is graded hard (SM-2 quality 3), without one good (4)', () => {
  assert.equal(S.answerQuality(true, 0), S.QUALITY.good);
  assert.equal(S.answerQuality(true, undefined), S.QUALITY.good);
  assert.equal(S.answerQuality(true, 2), S.QUALITY.hard);
  assert.equal(S.answerQuality(false, 1), S.QUALITY.again);
  const t = Date.UTC(2026, 0, 1);
  const a = { v: 'v', r: '42', ok: true, c: 'ch', kc: 1, t, h: 1 };
  assert.equal(S.fromAnswer(a).q, 3);
  assert.equal(S.fromAnswer({ ...a, h: undefined }).q, 4);
});

test('the reader record keeps `h` (hints used) and refuses a damaged one', () => {
  const base = { v: 'v', r: ['a', 'b'], ok: true, c: 'ch', kc: 1, t: 1 };
  assert.ok(Rec.isAnswer(base));
  assert.ok(Rec.isAnswer({ ...base, h: 2 }));
  for (const h of [-1, 1.5, '2', null, NaN]) assert.ok(!Rec.isAnswer({ ...base, h }), `h: ${h}`);
});
