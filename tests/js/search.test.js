// search.js's analyser under Node: the table of cases src/render/search/analyse.rs is tested
// against too (tests/fixtures/search/analyser.json), so the words a reader types are cut and
// folded exactly as the index was made. `node --test tests/js/`.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');

const A = require(path.join(__dirname, '..', '..', 'themes', 'default', 'assets', 'search.js'));
const table = require(path.join(__dirname, '..', 'fixtures', 'search', 'analyser.json'));

function stopOf(lang) {
  const stop = Object.create(null);
  if (/^en([-_]|$)/i.test(lang)) for (const w of table.stop_en.split(' ')) stop[w] = 1;
  return stop;
}

test('the shared table: index terms and query groups as analyse.rs makes them', () => {
  assert.ok(table.cases.length >= 20);
  for (const c of table.cases) {
    const stop = stopOf(c.lang);
    assert.deepEqual(A.indexTerms(c.text, stop), c.index, `index terms of ${JSON.stringify(c.text)}`);
    assert.deepEqual(A.queryGroups(c.text, stop).map((g) => g.terms), c.query, `query groups of ${JSON.stringify(c.text)}`);
  }
});

test('folding: the same word however it is written', () => {
  const same = [
    ['élève', 'eleve', 'ÉLÈVE', 'e\u0301le\u0300ve'],
    ['Straße', 'STRASSE', 'strasse', 'STRAẞE'],
    ['οδός', 'ΟΔΟΣ', 'οδοσ'],
    ['أحمد', 'احمد', 'إحمد'],
    ['זִכָּרוֹן', 'זכרון'],
    ['ﾒﾓﾘ', 'メモリ'],
  ];
  for (const forms of same) {
    for (const f of forms) assert.equal(A.fold(f), A.fold(forms[0]), `${f} folds as ${forms[0]}`);
  }
  // Different words stay different: no stemming, kana voicing kept, hamza on waw kept.
  assert.notEqual(A.fold('connected'), A.fold('connecté'));
  assert.notEqual(A.fold('ガ'), A.fold('カ'));
  assert.notEqual(A.fold('مسؤول'), A.fold('مسوول'));
});

test('query groups: a CJK run is one group of its pairs, a word a group of its own', () => {
  const g = A.queryGroups('V8のヒープ 内存 堆', null);
  assert.deepEqual(g.map((x) => [x.cjk, x.label, x.terms]), [
    [false, 'v8', ['v8']],
    [true, 'のヒープ', ['のヒ', 'ヒー', 'ープ']],
    [true, '内存', ['内存']],
    [true, '堆', ['堆']],
  ]);
  // Stop words come from the index; a word named like an Object.prototype key is a word.
  const stop = stopOf('en');
  assert.deepEqual(A.queryGroups('the constructor of', stop).map((x) => x.label), ['constructor']);
});
