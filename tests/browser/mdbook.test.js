// mdBook books in a browser: hidden code lines are hidden until the reader ticks the box
// before the block (with the keyboard too), with and without JavaScript; `[output.html.fold]`
// folds the sidebar's nested chapters behind toggles, with the current chapter's branch open.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { start, assertClean } = require('./harness');

let env;
let book;
before(async () => {
  book = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-mdbook-'));
  fs.mkdirSync(path.join(book, 'src'));
  fs.writeFileSync(path.join(book, 'book.toml'),
    '[book]\ntitle = "Hidden lines"\n\n[output.html.fold]\nenable = true\nlevel = 0\n');
  fs.writeFileSync(path.join(book, 'src', 'SUMMARY.md'), [
    '- [Code](code.md)',
    '- [Part](part.md)',
    '  - [Sub](part/sub.md)',
    '    - [Deep](part/deep.md)',
    '- [Other](other.md)',
    '  - [Other sub](other/sub.md)',
    '',
  ].join('\n'));
  fs.mkdirSync(path.join(book, 'src', 'part'));
  fs.mkdirSync(path.join(book, 'src', 'other'));
  for (const [file, title] of [['part.md', 'Part'], ['part/sub.md', 'Sub'], ['part/deep.md', 'Deep'],
    ['other.md', 'Other'], ['other/sub.md', 'Other sub']]) {
    fs.writeFileSync(path.join(book, 'src', file), `# ${title}\n\nText.\n`);
  }
  fs.writeFileSync(path.join(book, 'src', 'code.md'),
    '# Code\n\n```rust\n# fn main() {\nlet shown = 1;\n# let tucked = 2;\n# }\n```\n');
  env = await start(book);
});
after(async () => {
  if (env) await env.close();
  fs.rmSync(book, { recursive: true, force: true });
});

for (const javaScriptEnabled of [true, false]) {
  test(`hidden lines show when the box is ticked from the keyboard (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
    await env.page({ javaScriptEnabled }, async (page) => {
      await page.goto(`${env.url}code.html`);
      const tucked = page.locator('pre .boring', { hasText: 'tucked' });
      assert.equal(await tucked.isVisible(), false, 'hidden at first');
      assert.equal(await page.locator('pre', { hasText: 'shown' }).isVisible(), true);
      const box = page.getByRole('checkbox', { name: 'Show hidden lines' });
      await box.focus();
      await page.keyboard.press('Space');
      assert.equal(await box.isChecked(), true);
      assert.equal(await tucked.isVisible(), true, 'shown after ticking');
      await page.keyboard.press('Space');
      assert.equal(await tucked.isVisible(), false, 'hidden again');
    });
  });
}

test('[output.html.fold] level 0: nested chapters are folded, a toggle opens them from the keyboard', async () => {
  await env.page({}, async (page) => {
    await page.goto(`${env.url}code.html`);
    const side = page.getByRole('navigation', { name: 'Chapters' });
    // A sidebar link's name is its number and title: `2.1 Sub`.
    const link = (title) => side.getByRole('link', { name: new RegExp(`^[\\d.]+ ${title}$`) });
    await link('Part').waitFor();
    assert.equal(await link('Sub').isVisible(), false, 'Sub is folded under Part');
    assert.equal(await link('Other sub').isVisible(), false);
    const toggle = side.getByRole('button', { name: 'Sections of Part' });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await toggle.focus();
    await page.keyboard.press('Enter');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.equal(await link('Sub').isVisible(), true, 'opened by Enter');
    assert.equal(await link('Deep').isVisible(), false, 'Sub keeps its own fold');
    await page.keyboard.press('Space');
    assert.equal(await link('Sub').isVisible(), false, 'closed again by Space');
  });
});

test('[output.html.fold]: the current chapter\'s branch is open, the others stay folded', async () => {
  await env.page({}, async (page) => {
    await page.goto(`${env.url}part/deep.html`);
    const side = page.getByRole('navigation', { name: 'Chapters' });
    const link = (title) => side.getByRole('link', { name: new RegExp(`^[\\d.]+ ${title}$`) });
    await link('Deep').waitFor();
    assert.equal(await link('Deep').getAttribute('aria-current'), 'page');
    assert.equal(await link('Sub').isVisible(), true);
    assert.equal(await side.getByRole('button', { name: 'Sections of Part' }).getAttribute('aria-expanded'), 'true');
    assert.equal(await link('Other sub').isVisible(), false);
    await page.screenshot({ path: path.join(os.tmpdir(), 'lectern-fold.png') });
  });
});

test('no request left the machine and no page logged an error', () => assertClean(env));
