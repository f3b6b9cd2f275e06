// mdBook books in a browser: hidden code lines are hidden until the reader ticks the box
// before the block (with the keyboard too), with and without JavaScript.
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
  fs.writeFileSync(path.join(book, 'book.toml'), '[book]\ntitle = "Hidden lines"\n');
  fs.writeFileSync(path.join(book, 'src', 'SUMMARY.md'), '- [Code](code.md)\n');
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

test('no request left the machine and no page logged an error', () => assertClean(env));
