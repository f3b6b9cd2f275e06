// Reader progress in a real browser: objectives and their "N / M done" counter survive a reload
// and feed the sidebar and index progress; broken storage (throwing, corrupt, stale, odd shapes)
// never breaks a page; the colour theme is remembered and follows the system when on auto.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { start, assertClean, squash, answerKey, answer, storageKey } = require('./harness');

let env;
before(async () => { env = await start(); });
after(async () => { if (env) await env.close(); });

const V8 = 'runtime/v8-memory';
const text = async (loc) => squash(await loc.textContent());
const sideProgress = (page, id = V8) => text(page.locator(`#sidebar [data-progress="${id}"]`));

/**
 * Replaces the reader record, from a page of the site that runs no Lectern script (a chapter
 * page would write its own state back when it is left), then opens `path`.
 */
async function withRecord(page, raw, path = `${V8}.html`) {
  await page.goto(`${env.url}book-data.js`);
  await page.evaluate(([k, v]) => (v === undefined ? localStorage.removeItem(k) : localStorage.setItem(k, v)), [storageKey(env.url), raw]);
  await page.goto(`${env.url}${path}`);
}

/** Runs `fn` and fails if it made any page log an error (attributed to this test). */
async function noNewErrors(fn) {
  const from = env.errors.length;
  await fn();
  assert.deepEqual(env.errors.slice(from), [], 'page errors or console errors');
}

/** A page still works: widgets live, an answer can be checked, an objective ticked, sidebar built. */
async function assertWidgetsWork(page, where) {
  assert.ok(await page.locator('#sidebar').isVisible(), `${where}: sidebar built`);
  const live = await page.locator('[data-question]').evaluateAll((qs) => qs.every((q) => q.classList.contains('is-live')));
  assert.ok(live, `${where}: every question widget is live`);
  const q = page.locator('[data-knowledge-check] [data-question][data-kind="true_false"]');
  if (await q.locator('[data-retry]').isVisible()) await q.locator('[data-retry]').click();
  const key = await answerKey(q);
  await answer(q, key.correct);
  assert.match(await text(q.locator('[data-feedback]')), /^✓ ?Correct\./, `${where}: answer checked`);
  const box = page.locator('[data-objectives] input[type=checkbox]').nth(1);
  const before = await text(page.locator('[data-objectives-count]'));
  await box.click();
  const n = Number(before.split(' ')[0]) + (await box.isChecked() ? 1 : -1);
  assert.equal(await text(page.locator('[data-objectives-count]')), `${n} / 4 done`, `${where}: objective ticked`);
}

test('objectives: tick one, "1 / 4 done" survives a reload, sidebar and index progress follow', async () => {
  await noNewErrors(() => env.page(async (page) => {
    await page.goto(`${env.url}${V8}.html`);
    const counter = page.locator('[data-objectives-count]');
    const boxes = page.locator('[data-objectives] input[type=checkbox]');
    assert.equal(await boxes.count(), 4);
    assert.equal(await counter.getAttribute('aria-live'), 'polite');
    assert.equal(await text(counter), '0 / 4 done');
    assert.match(await sideProgress(page), /^0\/6\b/);

    // Tick the first one by clicking its label, as a reader would.
    await page.locator('[data-objectives] label').first().click();
    assert.ok(await boxes.first().isChecked());
    assert.equal(await text(counter), '1 / 4 done');
    assert.match(await sideProgress(page), /^1\/6, 1 of 6 done$/);

    await page.reload();
    assert.equal(await text(counter), '1 / 4 done', 'kept across a reload');
    assert.ok(await boxes.first().isChecked(), 'box still ticked');
    for (let i = 1; i < 4; i++) assert.ok(!(await boxes.nth(i).isChecked()), `box ${i + 1} still clear`);
    assert.match(await sideProgress(page), /^1\/6\b/);

    await page.goto(`${env.url}index.html`);
    assert.match(await text(page.locator(`[data-progress="${V8}"]`)), /^1\/6\b/, 'index progress');
    await page.goBack();

    // Everything done: objectives and both knowledge checks.
    for (let i = 1; i < 4; i++) await boxes.nth(i).check();
    assert.equal(await text(counter), '4 / 4 done');
    assert.ok(await counter.evaluate((el) => el.classList.contains('is-done')));
    for (const q of await page.locator('[data-knowledge-check] [data-question]').all()) await answer(q, (await answerKey(q)).correct);
    const side = page.locator(`#sidebar [data-progress="${V8}"]`);
    assert.match(await text(side), /^✓ ?6\/6\b/);
    assert.ok(await side.evaluate((el) => el.classList.contains('is-done')));

    // Unticking counts down again.
    await boxes.first().uncheck();
    assert.equal(await text(counter), '3 / 4 done');
    assert.match(await sideProgress(page), /^5\/6\b/);
    await page.reload();
    assert.equal(await text(counter), '3 / 4 done');
  }));
});

test('objective ticks whose objective is gone are dropped', async () => {
  await noNewErrors(() => env.page(async (page) => {
    await page.goto(`${env.url}${V8}.html`);
    const realKey = await page.locator('[data-objectives] input').first().getAttribute('data-key');
    const key = storageKey(env.url);
    await withRecord(page, JSON.stringify({
      schema: 1, seed: 's', obj: { [V8]: { [realKey]: 1, 'no-longer-here': 1, 'nor-this': 1 } }, ans: {}, seen: {},
    }));
    assert.equal(await text(page.locator('[data-objectives-count]')), '1 / 4 done');
    assert.match(await sideProgress(page), /^1\/6\b/);
    await page.waitForFunction(([k, ch]) => Object.keys(JSON.parse(localStorage.getItem(k)).obj[ch]).length === 1, [key, V8]);
  }));
});

test('storage that throws on every call: the page works in memory', async () => {
  await noNewErrors(() => env.page(async (page) => {
    await page.context().addInitScript(() => {
      for (const m of ['getItem', 'setItem', 'removeItem', 'key', 'clear']) {
        Storage.prototype[m] = function () { throw new DOMException('storage disabled', 'SecurityError'); };
      }
    });
    await page.goto(`${env.url}${V8}.html`);
    await assertWidgetsWork(page, 'throwing Storage methods');
    await page.locator('[data-theme-toggle]').click();
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'light', 'theme switch works');
    await page.reload();
    await assertWidgetsWork(page, 'throwing Storage methods, after reload');
  }));
});

test('localStorage itself unreachable (getter throws) or full (setItem throws)', async () => {
  await noNewErrors(() => env.page(async (page) => {
    await page.context().addInitScript(() => {
      Object.defineProperty(window, 'localStorage', { configurable: true, get() { throw new DOMException('denied', 'SecurityError'); } });
    });
    await page.goto(`${env.url}${V8}.html`);
    await assertWidgetsWork(page, 'localStorage getter throws');
  }));
  await noNewErrors(() => env.page(async (page) => {
    await page.context().addInitScript(() => {
      Storage.prototype.setItem = function () { throw new DOMException('quota', 'QuotaExceededError'); };
    });
    await page.goto(`${env.url}${V8}.html`);
    await assertWidgetsWork(page, 'storage full');
    await page.locator('details.card summary.card-summary').first().click();
    await page.reload();
    assert.equal(await text(page.locator('[data-objectives-count]')), '0 / 4 done', 'nothing was stored');
  }));
});

test('corrupt or oddly shaped records are set aside without breaking anything', async () => {
  const key = storageKey(env.url);
  const records = {
    'not JSON': '{not json',
    'JSON null': 'null',
    'a JSON array': '[1,2,3]',
    'a JSON string': '"lectern"',
    'wrong field types': JSON.stringify({ schema: 1, seed: 7, theme: 'purple', obj: [], ans: { 'x#y': null, 'runtime/v8-memory#check:middleware-next': { v: 'x', r: 42 } }, seen: 'all' }),
    'answers of the wrong shape': JSON.stringify({ schema: 1, seed: 's', obj: { [V8]: 'all' }, ans: 'none', seen: [] }),
  };
  await noNewErrors(() => env.page(async (page) => {
    for (const [name, raw] of Object.entries(records)) {
      await withRecord(page, raw);
      assert.equal(await text(page.locator('[data-objectives-count]')), '0 / 4 done', `${name}: starts clean`);
      assert.match(await sideProgress(page), /^0\/6\b/, `${name}: no progress`);
      await assertWidgetsWork(page, name);
      // The next write replaces the bad record with a valid one.
      await page.waitForFunction((k) => { try { return JSON.parse(localStorage.getItem(k)).schema === 1; } catch (e) { return false; } }, key);
      const rec = await page.evaluate((k) => JSON.parse(localStorage.getItem(k)), key);
      assert.equal(typeof rec.seed, 'string', `${name}: record rewritten with a seed`);
      assert.ok(rec.ans && typeof rec.ans === 'object' && !Array.isArray(rec.ans), `${name}: answers are an object again`);
    }
  }));
});

test('a stored answer or read card whose question changed is dropped; another schema is set aside but keeps the theme', async () => {
  const key = storageKey(env.url);
  await noNewErrors(() => env.page(async (page) => {
    await page.goto(`${env.url}${V8}.html`);
    const q = page.locator('[data-knowledge-check] [data-question][data-kind="true_false"]');
    const qkey = await q.getAttribute('data-question');
    const qver = await q.getAttribute('data-version');
    const correct = (await answerKey(q)).correct;
    const card = page.locator('details.card').first();
    const ckey = await card.getAttribute('data-card');
    const cver = await card.getAttribute('data-version');
    const record = (v, cv, extra = {}) => JSON.stringify({
      schema: 1, seed: 's', theme: null, obj: {},
      ans: { [qkey]: { v, r: correct, ok: true, c: V8, kc: 1, t: 1 } },
      seen: { [ckey]: cv }, ...extra,
    });

    // Same versions: restored (the control case).
    await withRecord(page, record(qver, cver));
    assert.match(await text(q.locator('[data-feedback]')), /^✓ ?Correct/, 'current answer restored');
    assert.equal(await card.locator('.card-seen').count(), 1, 'current card marked as read');
    assert.match(await sideProgress(page), /^1\/6\b/);

    // Other versions: dropped, from the page and from storage.
    await withRecord(page, record('0ld0ld', 'stale'));
    assert.equal(await text(q.locator('[data-feedback]')), '', 'stale answer not shown');
    assert.equal(await q.locator('input:checked').count(), 0, 'stale choice not restored');
    assert.equal(await card.locator('.card-seen').count(), 0, 'stale card not marked');
    assert.match(await sideProgress(page), /^0\/6\b/, 'stale answer does not count');
    await page.waitForFunction(([k, qk, ck]) => {
      const s = JSON.parse(localStorage.getItem(k));
      return !(qk in s.ans) && !(ck in s.seen);
    }, [key, qkey, ckey]);
    await assertWidgetsWork(page, 'after a stale answer');

    // Another schema: set aside (reported), except the colour theme.
    await withRecord(page, record(qver, cver, { schema: 2, theme: 'dark' }));
    assert.equal(await text(q.locator('[data-feedback]')), '', 'schema 2 answer not used');
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark', 'theme kept');
    await assertWidgetsWork(page, 'after another schema');
  }));
});

const AXE = path.join(__dirname, 'node_modules', 'axe-core', 'axe.min.js');
async function axe(page, where) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] }));
  assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.help}`), [], `${where}: axe violations`);
}

/** A record with one of every kind of stored value for the V8 chapter, read from its page. */
async function fullRecord(page) {
  await page.goto(`${env.url}${V8}.html`);
  return page.evaluate((ch) => {
    const kc = document.querySelector('[data-knowledge-check] [data-question][data-kind="true_false"]');
    const sc = [...document.querySelectorAll('[data-question]')].find((q) => !q.closest('[data-knowledge-check]'));
    const card = document.querySelector('details.card[data-card]');
    const right = (q) => [...q.querySelectorAll('[data-for][data-correct="true"]')].map((li) => li.dataset.for);
    const answer = (q, kcFlag) => ({ v: q.dataset.version, r: q.querySelector('.q-input') ? q.querySelector('[data-accepted]').textContent : right(q), ok: true, c: ch, kc: kcFlag, t: 1 });
    const sched = (k, v) => ({ v, c: ch, k, ef: 2.5, n: 1, i: 1, due: Date.now() + 864e6, t: Date.now(), q: 4, again: false, lapses: 0 });
    const objKey = document.querySelector('[data-objectives] input').dataset.key;
    return {
      keys: { obj: objKey, kc: kc.dataset.question, sc: sc.dataset.question, card: card.dataset.card },
      record: {
        schema: 1, seed: 'seed', theme: 'dark',
        obj: { [ch]: { [objKey]: 1 } },
        ans: { [kc.dataset.question]: answer(kc, 1), [sc.dataset.question]: answer(sc, 0) },
        seen: { [card.dataset.card]: card.dataset.version },
        srs: { [card.dataset.card]: sched('card', card.dataset.version), [kc.dataset.question]: sched('kc', kc.dataset.version) },
      },
    };
  }, V8);
}

test('a damaged stored value of each kind: one polite notice, the page works, the rest is kept, the bad text is kept aside', async () => {
  const key = storageKey(env.url);
  const CHAPTER = 'Saved progress for this chapter could not be read and was reset.';
  const BOOK = 'Your saved progress in this book could not be read and was reset.';
  await noNewErrors(() => env.page(async (page) => {
    const { keys: k, record } = await fullRecord(page);
    const damaged = (change) => { const r = JSON.parse(JSON.stringify(record)); change(r); return JSON.stringify(r); };
    // [what, the stored text, the notice, the part and entry taken out]
    const cases = [
      ['the chapter\'s objectives', damaged((r) => { r.obj[V8] = 'all'; }), CHAPTER, ['obj', V8]],
      ['an objective tick', damaged((r) => { r.obj[V8][k.obj] = true; }), CHAPTER, ['obj', V8]],
      ['a knowledge-check answer', damaged((r) => { r.ans[k.kc].ok = 'yes'; }), CHAPTER, ['ans', k.kc]],
      ['a self-check answer', damaged((r) => { r.ans[k.sc].r = 42; }), CHAPTER, ['ans', k.sc]],
      ['an opened card', damaged((r) => { r.seen[k.card] = 1; }), CHAPTER, ['seen', k.card]],
      ['a card rating', damaged((r) => { r.srs[k.card].ef = 'high'; }), CHAPTER, ['srs', k.card]],
      ['a question\'s review schedule', damaged((r) => { r.srs[k.kc].due = null; }), CHAPTER, ['srs', k.kc]],
      ['several entries at once', damaged((r) => { r.seen[k.card] = 1; r.ans[k.sc] = null; r.srs[k.kc] = []; }), CHAPTER, null],
      ['the colour theme', damaged((r) => { r.theme = 'purple'; }), BOOK, null],
      ['the shuffle seed', damaged((r) => { r.seed = 7; }), BOOK, null],
      ['a whole part', damaged((r) => { r.ans = ['x']; }), BOOK, null],
      ['text that is not JSON', `${JSON.stringify(record).slice(0, 60)}…`, BOOK, null],
      ['another schema', damaged((r) => { r.schema = 2; }), BOOK, null],
    ];
    for (const [what, raw, notice, gone] of cases) {
      await page.goto(`${env.url}book-data.js`);
      await page.evaluate(([key_, v]) => { localStorage.clear(); localStorage.setItem(key_, v); }, [key, raw]);
      await page.goto(`${env.url}${V8}.html`);
      const box = page.locator('[data-storage-notice]');
      await page.waitForFunction(() => document.querySelector('[data-storage-notice] p'));
      assert.equal(await box.count(), 1, `${what}: one notice`);
      assert.equal(await box.getAttribute('role'), 'status', `${what}: a polite status, not an alert`);
      assert.equal(await text(box.locator('p')), notice, what);

      // Kept aside, exactly as it was; the record now reads clean.
      const store = await page.evaluate(() => Object.fromEntries(Object.keys(localStorage).map((n) => [n, localStorage.getItem(n)])));
      const aside = Object.keys(store).filter((n) => n.startsWith(`${key}:unreadable:`));
      assert.equal(aside.length, 1, `${what}: one copy kept aside: ${Object.keys(store)}`);
      assert.equal(store[aside[0]], raw, `${what}: the copy is the damaged text`);
      const now = JSON.parse(store[key]);
      if (gone) {
        const [part, entry] = gone;
        assert.ok(!(entry in now[part]), `${what}: the bad entry is taken out`);
        for (const p of ['obj', 'ans', 'seen', 'srs']) {
          const want = Object.keys(record[p]).filter((e) => !(p === part && e === entry));
          assert.deepEqual(Object.keys(now[p]).sort(), want.sort(), `${what}: the rest of ${p} is kept`);
        }
        assert.equal(now.theme, 'dark', `${what}: the theme is kept`);
      }

      if (what === 'an objective tick') await axe(page, `${what}: the page with its notice`);
      // Once: the next visit has nothing to report.
      await page.reload();
      await page.waitForTimeout(100);
      assert.equal(await box.count(), 0, `${what}: reported once`);
      await assertWidgetsWork(page, what);
    }

    // Dismissible, by keyboard; on another page, an entry of a chapter is some progress in the book.
    await page.goto(`${env.url}book-data.js`);
    await page.evaluate(([key_, v]) => { localStorage.clear(); localStorage.setItem(key_, v); }, [key, cases[2][1]]);
    await page.goto(`${env.url}index.html`);
    const box = page.locator('[data-storage-notice]');
    await page.waitForFunction(() => document.querySelector('[data-storage-notice] button'));
    assert.equal(await text(box.locator('p')), 'Some saved progress in this book could not be read and was reset.');
    await box.locator('button').focus();
    await page.keyboard.press('Enter');
    assert.equal(await box.count(), 0, 'dismissed');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'main', 'focus goes to the page, not lost');
  }));
});

test('two books on one host keep separate progress', async () => {
  await noNewErrors(() => env.page(async (page) => {
    await page.goto(`${env.url}${V8}.html`);
    await page.evaluate(() => {
      // Another book (same id) served under another root on this origin.
      localStorage.setItem(`lectern:node-js-in-production:${location.origin}/other-book/`, JSON.stringify({ schema: 1, seed: 'x', theme: 'dark', obj: { 'runtime/v8-memory': {} }, ans: {}, seen: {} }));
      localStorage.setItem('lectern:another-book:' + new URL('../', location.href).href, '{"schema":1,"theme":"dark"}');
    });
    await page.reload();
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'auto', 'other books\' theme not applied');
    await page.locator('[data-objectives] input').first().check();
    await page.reload();
    assert.equal(await text(page.locator('[data-objectives-count]')), '1 / 4 done');
    const keys = await page.evaluate(() => Object.keys(localStorage).sort());
    assert.equal(keys.length, 3, `one record per book and root: ${keys}`);
  }));
});

/** The page's background colour, which the theme (light or dark) decides. */
const background = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

test('dark mode: auto follows prefers-color-scheme, the toggle cycles and is remembered', async () => {
  await noNewErrors(() => env.page({ colorScheme: 'light' }, async (page) => {
    await page.goto(`${env.url}${V8}.html`);
    const html = page.locator('html');
    const toggle = page.locator('[data-theme-toggle]');
    assert.equal(await html.getAttribute('data-theme'), 'auto');
    assert.match(await text(toggle), /Theme: auto/);
    const light = await background(page);
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await background(page);
    assert.notEqual(light, dark, 'auto follows the system: light and dark backgrounds differ');

    await toggle.click(); // auto -> light
    assert.equal(await html.getAttribute('data-theme'), 'light');
    assert.match(await text(toggle), /Theme: light/);
    assert.equal(await background(page), light, 'light wins over a dark system');
    await toggle.click(); // light -> dark
    assert.equal(await html.getAttribute('data-theme'), 'dark');
    await page.emulateMedia({ colorScheme: 'light' });
    assert.equal(await background(page), dark, 'dark wins over a light system');

    await page.reload();
    assert.equal(await html.getAttribute('data-theme'), 'dark', 'remembered across a reload');
    assert.match(await text(toggle), /Theme: dark/);
    assert.equal(await background(page), dark);
    await page.goto(`${env.url}index.html`);
    assert.equal(await html.getAttribute('data-theme'), 'dark', 'and on other pages');

    // The inline head script applies it by itself, before lectern.js runs (no flash of light).
    await page.route('**/assets/lectern.js', (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: '' }));
    await page.goto(`${env.url}${V8}.html`);
    assert.equal(await html.getAttribute('data-theme'), 'dark', 'head script applies the stored theme');
    assert.equal(await background(page), dark);
    await page.unroute('**/assets/lectern.js');

    await page.reload();
    await toggle.click(); // dark -> auto
    assert.equal(await html.getAttribute('data-theme'), 'auto');
    await page.reload();
    assert.equal(await html.getAttribute('data-theme'), 'auto', 'auto remembered');
    assert.equal(await background(page), light, 'auto + light system = light');
    await page.emulateMedia({ colorScheme: 'dark' });
    assert.equal(await background(page), dark, 'auto + dark system = dark');
  }));
});

test('no request left the site and no page logged an error', () => {
  assertClean(env);
});
