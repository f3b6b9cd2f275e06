// Quality gates of issue 5 that run in the browser: no page scrolls sideways at 360 px; a
// keyboard-only reader completes a knowledge check, opens a card, answers its self-check and
// runs a search, with focus always visible and never under the sticky header; and no internal
// link or anchor of the built site is broken. Each gate is also run on a deliberately broken
// page, where it must fail — so it cannot pass vacuously.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { start, assertClean } = require('./harness');

let env;
before(async () => { env = await start(); });
after(async () => { if (env) await env.close(); });

function htmlPages(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...htmlPages(p));
    else if (e.name.endsWith('.html')) out.push(p);
  }
  return out.sort();
}

/** How far `page` scrolls sideways (0 when it does not). */
async function sidewaysOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test('no page scrolls sideways at 360 px (code blocks and tables scroll inside)', async () => {
  await env.page({ viewport: { width: 360, height: 780 } }, async (page) => {
    for (const file of htmlPages(env.site)) {
      const rel = path.relative(env.site, file).split(path.sep).join('/');
      await page.goto(`${env.url}${rel}`);
      assert.equal(await sidewaysOverflow(page), 0, `${rel} scrolls sideways at 360 px`);
    }
  });
});

test('the 360 px gate fails on a page wider than the screen', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-wide-'));
  fs.writeFileSync(path.join(dir, 'wide.html'), '<!doctype html><html lang="en"><title>w</title><div style="width:600px">wide</div></html>');
  await env.page({ viewport: { width: 360, height: 780 } }, async (page) => {
    await page.goto(`file://${path.join(dir, 'wide.html')}`);
    assert.ok(await sidewaysOverflow(page) > 0, 'the gate sees the overflow');
  });
  fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * Where focus is and whether a sighted keyboard user can see it: an outline or a box shadow,
 * inside the viewport and not under the sticky header.
 */
async function focusState(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { ok: true, what: 'body' };
    // The ring may be drawn on the element or, for a styled option, on the box around it.
    const drawsRing = (node) => {
      if (!node) return false;
      const style = getComputedStyle(node);
      return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
    };
    const ring = drawsRing(el) || drawsRing(el.closest('.q-opt, label'));
    const r = el.getBoundingClientRect();
    // Obscured: something else (the sticky header) is drawn over the element's centre.
    const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(r.top + Math.min(r.height / 2, 8), 0), innerHeight - 1);
    const hit = document.elementFromPoint(x, y);
    const label = el.labels && el.labels[0];
    const hidden = !!hit && !el.contains(hit) && !(label && label.contains(hit)) && !hit.contains(el);
    const what = `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : ''}`;
    return { ok: ring && !hidden && r.width > 0 && r.height > 0, ring, hidden, what };
  });
}

/** Presses Tab (or Shift-Tab) until `pred` holds on the focused element, checking focus at every step. */
async function tabUntil(page, pred, { back = false, max = 400 } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const f = await focusState(page);
    assert.ok(f.ok, `focus on ${f.what} is not visible (ring: ${f.ring}, under the header: ${f.hidden})`);
    if (await page.evaluate(pred)) return;
  }
  assert.fail('never reached the element by keyboard');
}

test('keyboard only: a knowledge check, a card and its self-check, and a search', async () => {
  await env.page(async (page) => {
    await page.goto(`${env.url}runtime/v8-memory.html`);
    // Knowledge check item 1 (true/false): Tab to its first option, choose with Space, Check with Enter.
    await tabUntil(page, () => !!document.activeElement.closest('[data-knowledge-check] [data-question]') && document.activeElement.matches('input'));
    await page.keyboard.press('Space');
    await tabUntil(page, () => document.activeElement.matches('[data-knowledge-check] [data-check]'));
    await page.keyboard.press('Enter');
    const feedback = page.locator('[data-knowledge-check] [data-question]').first().locator('[data-feedback]');
    await feedback.waitFor({ state: 'visible' });
    assert.match(await feedback.textContent(), /Correct|Wrong|right|wrong/i, 'feedback after checking by keyboard');
    // Shift-Tab goes back without losing the focus ring.
    await tabUntil(page, () => document.activeElement.matches('input, button'), { back: true });

    // The WeakMap card: Tab to its summary, open it with Enter, answer its self-check.
    await tabUntil(page, () => document.activeElement.matches('details.card > summary') && /WeakMap/.test(document.activeElement.textContent));
    await page.keyboard.press('Enter');
    assert.ok(await page.evaluate(() => document.activeElement.parentElement.open), 'Enter opens the card');
    await tabUntil(page, () => document.activeElement.matches('details.card[open] [data-question] input'));
    await page.keyboard.press('Space');
    await tabUntil(page, () => document.activeElement.matches('details.card[open] [data-question] [data-check]'));
    await page.keyboard.press('Enter');
    const cardFeedback = page.locator('details.card[open] [data-question] [data-feedback]').first();
    await cardFeedback.waitFor({ state: 'visible' });
    assert.ok((await cardFeedback.textContent()).trim().length > 0, 'self-check feedback');

    // Search: `/` opens it, type, Enter goes to a result, Escape closes a reopened dialog.
    await page.keyboard.press('Escape');
    await page.keyboard.press('/');
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor({ state: 'visible' });
    await page.keyboard.type('scavenger');
    await page.locator('dialog[open] a[href]').first().waitFor({ state: 'visible' });
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !document.querySelector('dialog[open]'));
    assert.ok((await page.evaluate(() => location.hash)).length > 1, 'Enter followed a result to its anchor');
    await page.keyboard.press('/');
    await dialog.waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('dialog[open]'));
  });
});

test('the focus gate fails on a page whose focus ring is removed', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-focus-'));
  fs.writeFileSync(path.join(dir, 'f.html'), '<!doctype html><html lang="en"><title>f</title><style>*:focus{outline:none!important;box-shadow:none!important}</style><a href="#x">one</a> <a href="#y">two</a></html>');
  await env.page(async (page) => {
    await page.goto(`file://${path.join(dir, 'f.html')}`);
    await assert.rejects(tabUntil(page, () => false, { max: 2 }), /not visible/);
  });
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Every internal link of the pages under `dir` whose file or anchor does not exist. */
function brokenLinks(dir) {
  const broken = [];
  const idsOf = new Map();
  const ids = (file) => {
    if (!idsOf.has(file)) {
      const html = fs.readFileSync(file, 'utf8');
      idsOf.set(file, new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1])));
    }
    return idsOf.get(file);
  };
  for (const file of htmlPages(dir)) {
    const html = fs.readFileSync(file, 'utf8');
    for (const m of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
      const url = m[1].replace(/&amp;/g, '&');
      if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) continue; // external or data:
      const [p, frag] = url.split('#');
      const target = p ? path.resolve(path.dirname(file), decodeURIComponent(p)) : file;
      const where = `${path.relative(dir, file)} → ${url}`;
      if (!fs.existsSync(target)) { broken.push(where); continue; }
      // Fragments on questions.html are filter state, not anchors.
      if (frag && target.endsWith('.html') && !frag.includes('=') && !ids(target).has(decodeURIComponent(frag))) broken.push(where);
    }
  }
  return broken;
}

test('no internal link or anchor of the built site is broken', () => {
  assert.deepEqual(brokenLinks(env.site), []);
});

test('the link gate fails on a missing page and a missing anchor', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-links-'));
  fs.writeFileSync(path.join(dir, 'a.html'), '<a href="b.html">b</a> <a href="a.html#nowhere">x</a> <p id="here"></p> <a href="#here">ok</a>');
  assert.deepEqual(brokenLinks(dir), ['a.html → b.html', 'a.html → a.html#nowhere']);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('no request left the site and no page logged an error', () => {
  assertClean(env);
});
