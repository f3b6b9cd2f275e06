// Right-to-left layout: a small book in Arabic (`language = "ar"`) reads right to left, with the
// sidebar on the right of the text, "previous" on the right of the pager, the current chapter
// marked on its right edge and the phone drawer sliding in from the right, while code stays left
// to right. The same book in English lays out the other way, so every check can fail.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { buildSite, serve, launch, assertClean } = require('./harness');

const CHAPTER = (title, body) => `---\ntitle: ${title}\n---\n\n${body}\n`;
const FILES = {
  'content/SUMMARY.md': '# Summary\n\n- [One](one.md)\n- [Two](two.md)\n    - [Two, nested](two-nested.md)\n- [Three](three.md)\n',
  'content/one.md': CHAPTER('One', 'First.'),
  'content/two.md': CHAPTER('Two', [
    'هذه فقرة فيها `map()` في وسط الجملة.',
    '',
    '```rust',
    '# fn hidden() {}',
    'fn main() {',
    '    println!("{}", 1);',
    '}',
    '```',
  ].join('\n')),
  'content/two-nested.md': CHAPTER('Two, nested', 'Nested.'),
  'content/three.md': CHAPTER('Three', 'Last.'),
};

/** Writes the book in `language` to a temp folder; returns the folder. */
function book(language) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `lectern-dir-${language}-`));
  const files = { ...FILES, 'book.toml': `[book]\ntitle = "Directions"\nlanguage = "${language}"\n[output.html.fold]\nenable = true\nlevel = 0\n` };
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

let b;
const sites = {};
before(async () => {
  b = await launch();
  for (const language of ['ar', 'en']) {
    const dir = book(language);
    const site = buildSite(dir);
    sites[language] = { dir, site, server: await serve(site) };
  }
});
after(async () => {
  if (b) await b.close();
  for (const s of Object.values(sites)) {
    await s.server.close();
    fs.rmSync(s.dir, { recursive: true, force: true });
    fs.rmSync(path.dirname(s.site), { recursive: true, force: true });
  }
});

async function withPage(options, fn) {
  const page = await b.newPage(options);
  try { return await fn(page); } finally { await page.context().close(); }
}

/** The page's boxes and computed styles that say which way it is laid out. */
function layout(page) {
  return page.evaluate(() => {
    const box = (sel) => { const r = document.querySelector(sel).getBoundingClientRect(); return { left: r.left, right: r.right, width: r.width }; };
    const css = (sel) => getComputedStyle(document.querySelector(sel));
    // Where the first line of code starts, against its block's left edge.
    const pre = document.querySelector('pre.code');
    const range = document.createRange();
    range.selectNodeContents(pre.querySelector('code'));
    const code = range.getClientRects()[0];
    const arrow = (sel) => document.querySelector(`${sel} .pager-dir [aria-hidden]`).textContent;
    return {
      dir: document.documentElement.getAttribute('dir'),
      body: css('body').direction,
      sidebar: box('#sidebar'),
      main: box('#main > article'),
      prev: box('.pager-prev'),
      next: box('.pager-next'),
      prevArrow: arrow('.pager-prev'),
      nextArrow: arrow('.pager-next'),
      pre: { direction: css('pre.code').direction, left: pre.getBoundingClientRect().left, codeLeft: code.left },
      inlineCode: { direction: css('.prose p > code').direction, bidi: css('.prose p > code').unicodeBidi },
      marker: css('#sidebar a[aria-current="page"]').boxShadow,
    };
  });
}

/** The sidebar's box in the viewport while it is a drawer, once its slide has ended. */
async function drawer(page) {
  await page.waitForFunction(() => document.getAnimations().length === 0);
  return page.evaluate(() => {
    const r = document.querySelector('#sidebar').getBoundingClientRect();
    return { left: Math.round(r.left), right: Math.round(r.right), width: innerWidth };
  });
}

for (const [language, rtl] of [['ar', true], ['en', false]]) {
  const dir = rtl ? 'rtl' : 'ltr';
  test(`${language}: <html dir="${dir}">, sidebar ${rtl ? 'right' : 'left'} of the text, "previous" on the ${rtl ? 'right' : 'left'}, code left to right`, async () => {
    await withPage({ viewport: { width: 1280, height: 900 } }, async (page) => {
      await page.goto(`${sites[language].server.url}two.html`);
      const l = await layout(page);
      // The sidebar's fold toggle, folded: its triangle points the way the text runs.
      const fold = page.locator('.side-fold');
      assert.equal(await fold.getAttribute('aria-expanded'), 'true', "the current chapter's branch is open");
      await fold.click();
      l.fold = await fold.evaluate((el) => getComputedStyle(el, '::before').transform);
      assert.equal(l.dir, dir);
      assert.equal(l.body, dir, 'the page is laid out in its direction');
      if (rtl) {
        assert.ok(l.sidebar.left >= l.main.right, `sidebar ${JSON.stringify(l.sidebar)} is right of the text ${JSON.stringify(l.main)}`);
        assert.ok(l.prev.left > l.next.right - 1, `"previous" ${JSON.stringify(l.prev)} is right of "next" ${JSON.stringify(l.next)}`);
        assert.deepEqual([l.prevArrow, l.nextArrow], ['→', '←'], 'the arrows point the way the pages turn');
        assert.match(l.marker, /-3px 0px 0px 0px inset/, 'the current chapter is marked on its right edge');
        assert.match(l.fold, /^matrix\(-1, 0, 0, 1, 0, 0\)$/, 'a folded branch points left');
      } else {
        assert.ok(l.sidebar.right <= l.main.left, `sidebar ${JSON.stringify(l.sidebar)} is left of the text ${JSON.stringify(l.main)}`);
        assert.ok(l.prev.right < l.next.left + 1, `"previous" ${JSON.stringify(l.prev)} is left of "next" ${JSON.stringify(l.next)}`);
        assert.deepEqual([l.prevArrow, l.nextArrow], ['←', '→']);
        assert.match(l.marker, /(^|\s)3px 0px 0px 0px inset/);
        assert.equal(l.fold, 'none');
      }
      assert.equal(l.pre.direction, 'ltr', 'a code block reads left to right');
      assert.ok(l.pre.codeLeft - l.pre.left < 40, `its lines start at its left edge (${l.pre.codeLeft} vs ${l.pre.left})`);
      assert.deepEqual(l.inlineCode, { direction: 'ltr', bidi: 'isolate' }, 'a code span is isolated left to right');
    });
  });

  test(`${language}: on a phone the chapter drawer slides in from the ${rtl ? 'right' : 'left'}`, async () => {
    await withPage({ viewport: { width: 390, height: 844 } }, async (page) => {
      await page.goto(`${sites[language].server.url}two.html`);
      const closed = await drawer(page);
      if (rtl) assert.ok(closed.left >= closed.width, `closed, it is off the right edge: ${JSON.stringify(closed)}`);
      else assert.ok(closed.right <= 0, `closed, it is off the left edge: ${JSON.stringify(closed)}`);
      await page.locator('[data-nav-toggle]').click();
      const open = await drawer(page);
      if (rtl) assert.equal(open.right, open.width, `open, it lies along the right edge: ${JSON.stringify(open)}`);
      else assert.equal(open.left, 0, `open, it lies along the left edge: ${JSON.stringify(open)}`);
      assert.ok(open.right - open.left < open.width, 'and leaves part of the page visible');
    });
  });
}

test('no request left the site and no page logged an error', () => {
  assertClean({ outside: b.outside, errors: b.errors });
});
