// Search in the book's language: a French book folds accents and applies no English rules
// (tests/fixtures/search/fr), a Japanese book finds words inside runs of text written without
// spaces, and Chinese quoted in it (tests/fixtures/search/ja), and the English example course
// keeps its stop words and prefix matching. The queries go through the real dialog; what is
// asserted is what the reader sees: the result links, the <mark>ed text and the status line.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { REPO, buildSite, serve, launch, assertClean, squash } = require('./harness');

const BOOKS = { fr: path.join(REPO, 'tests', 'fixtures', 'search', 'fr'), ja: path.join(REPO, 'tests', 'fixtures', 'search', 'ja'), en: REPO };

let b;
const sites = {};
before(async () => {
  b = await launch();
  for (const [name, dir] of Object.entries(BOOKS)) {
    const site = buildSite(dir);
    sites[name] = { site, server: await serve(site) };
  }
});
after(async () => {
  if (b) await b.close();
  for (const s of Object.values(sites)) {
    await s.server.close();
    fs.rmSync(path.dirname(s.site), { recursive: true, force: true });
  }
});

/** Opens `page` of book `name` with the search dialog open; returns a function that runs a query. */
async function searchIn(page, name, file) {
  await page.goto(sites[name].server.url + file);
  await page.locator('body').press('/');
  await page.waitForFunction(() => !!document.querySelector('dialog[data-search][open]'));
  return async (q) => {
    await page.locator('[data-search-input]').fill(q);
    await page.waitForFunction((text) => {
      const list = document.querySelector('[data-search-results]');
      return list && list.getAttribute('data-query') === text;
    }, q);
    return {
      hrefs: await page.locator('[data-search-results] li a').evaluateAll((as) => as.map((a) => decodeURIComponent(a.getAttribute('href')))),
      marks: await page.locator('[data-search-results] mark').allTextContents(),
      status: squash(await page.locator('[data-search-status]').textContent()),
    };
  };
}

async function withPage(fn) {
  const page = await b.newPage();
  try { await fn(page); } finally { await page.context().close(); }
}

test('French: accents folded both ways, no English stemming, no English stop words', async () => {
  await withPage(async (page) => {
    const query = await searchIn(page, 'fr', 'tdd.html');
    assert.equal(await page.evaluate(() => window.LECTERN_SEARCH.a), 'intl', 'the index says which analyser made it');

    // Typed without accents, found with them; the word is marked as the page writes it.
    let r = await query('developpement');
    assert.ok(r.hrefs.includes('tdd.html'), `"developpement" finds the chapter: ${r.hrefs}`);
    assert.ok(r.marks.includes('développement'), `the accented word is marked: ${r.marks}`);
    r = await query('eleve');
    assert.ok(r.hrefs.includes('tdd.html#le-rôle-de-lélève'), `"eleve" finds "élève": ${r.hrefs}`);
    assert.ok(r.marks.includes('élève'), `${r.marks}`);
    // Typed with accents, found where the heading (in capitals) has none.
    r = await query('état');
    assert.ok(r.hrefs.includes('tdd.html#etat-des-lieux'), `"état" finds "ETAT": ${r.hrefs}`);
    assert.ok(r.marks.includes('ETAT'), `${r.marks}`);

    // "connected" and "connecté" share the stem "connect" for an English stemmer; here the query
    // is one word that no word of the book starts with, so nothing is found.
    r = await query('connecte');
    assert.ok(r.hrefs.includes('services.html'), `"connecte" finds "connecté": ${r.hrefs}`);
    r = await query('connected');
    assert.deepEqual(r.hrefs, [], 'no English stemming: "connected" does not find "connecté"');
    assert.match(r.status, /^Aucun résultat pour «\s?connected\s?»/, 'the status in the book\'s language');

    // "on" is an English stop word, and an ordinary French word.
    r = await query('on');
    assert.ok(r.hrefs.includes('tdd.html'), `"on" is searched in French: ${r.hrefs}`);
  });
  assertClean(b);
});

test('Japanese: two characters find a word inside a longer run; Chinese quoted in the page too', async () => {
  await withPage(async (page) => {
    const query = await searchIn(page, 'ja', 'memory.html');

    // メモリ inside メモリリーク, a heading written without spaces; only the query's characters
    // are marked, not the whole run.
    let r = await query('メモリ');
    assert.ok(r.hrefs.includes('memory.html#メモリリークを生む四つの習慣'), `${r.hrefs}`);
    assert.ok(r.marks.length > 0 && r.marks.every((m) => m === 'メモリ'), `only メモリ is marked: ${r.marks}`);
    // Half-width katakana are the same letters.
    assert.deepEqual((await query('ﾒﾓﾘ')).hrefs, r.hrefs);

    // Mixed text: the Latin "V8" and the kana of ヒープ.
    r = await query('V8のヒープ');
    assert.equal(r.hrefs[0], 'memory.html#v8のヒープと世代別の回収', `${r.hrefs}`);
    assert.ok(r.marks.includes('V8') && r.marks.includes('のヒープ'), `${r.marks}`);

    // Chinese: 内存 inside 垃圾回收与内存泄漏, and one character alone (堆, "heap").
    r = await query('内存');
    assert.deepEqual(r.hrefs, ['memory.html#中国語の資料を読むとき']);
    r = await query('垃圾回收与内存泄漏');
    assert.deepEqual(r.hrefs, ['memory.html#中国語の資料を読むとき']);
    r = await query('堆');
    assert.ok(r.hrefs.includes('memory.html#中国語の資料を読むとき'), `${r.hrefs}`);
    // Every pair of the query must be there: 内存泄露 (泄露, not 泄漏) is not in the book.
    r = await query('内存泄露');
    assert.deepEqual(r.hrefs, [], 'all of a run\'s character pairs are required');
  });
  assertClean(b);
});

test('English: prefix matching and stop words as before', async () => {
  await withPage(async (page) => {
    const query = await searchIn(page, 'en', 'runtime/event-loop.html');
    assert.equal(await page.evaluate(() => window.LECTERN_SEARCH.a), 'en');
    let r = await query('leak');
    assert.ok(r.marks.some((m) => /^leaks$/i.test(m)), `"leak" finds and marks "leaks": ${r.marks}`);
    const leaks = r.hrefs.length;
    r = await query('the leak');
    assert.equal(r.hrefs.length, leaks, '"the" is a stop word: the same results as "leak"');
    r = await query('the');
    assert.equal(r.hrefs.length, 0);
    assert.equal(r.status, 'Type a word of two letters or more.');
  });
  assertClean(b);
});
