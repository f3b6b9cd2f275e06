// Every shipped language: a book whose own words are made-up tokens (tests/fixtures/neutral) is
// built in each language Lectern ships, and its pages (contents, a chapter used wrong and right,
// browse-all, progress, review, search, 404) must show none of the English catalogue's texts:
// any English left on them is an interface string that did not go through the catalogue, or a
// catalogue entry that was not translated.
'use strict';

const { test, before } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { REPO, start, assertClean } = require('./harness');

const FIXTURE = path.join(REPO, 'tests', 'fixtures', 'neutral');
const LANGUAGES = ['fr', 'de', 'es', 'ja', 'zh-Hans', 'ar'];

/** A copy of the neutral book with `[book] language` set to `lang`. */
function bookIn(lang) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `lectern-lang-${lang}-`));
  fs.cpSync(FIXTURE, dir, { recursive: true });
  const toml = path.join(dir, 'book.toml');
  fs.writeFileSync(toml, fs.readFileSync(toml, 'utf8').replace(/^language = .*$/m, `language = "${lang}"`));
  return dir;
}

/** The interface strings a built site carries for its scripts (book-data.js): `{ lang, digits, s }`. */
function stringsOf(site) {
  const js = fs.readFileSync(path.join(site, 'book-data.js'), 'utf8');
  const json = js.slice(js.indexOf('=') + 1).trim().replace(/;$/, '');
  return JSON.parse(json).strings;
}

/**
 * A shipped catalogue (themes/default/strings/<lang>.toml), key → text or plural forms: every
 * entry, since book-data.js carries only those the scripts ask for. The catalogues are plain
 * TOML of one form: `[table]`, `name = "text"`, `name = { one = "…", other = "…" }`.
 */
function catalogue(lang) {
  const text = fs.readFileSync(path.join(REPO, 'themes', 'default', 'strings', `${lang}.toml`), 'utf8');
  const str = (s) => JSON.parse(s);
  const out = {};
  let table = '';
  for (const line of text.split('\n')) {
    let m;
    if ((m = /^\[([a-z_]+)\]\s*$/.exec(line))) table = m[1];
    else if (table !== 'meta' && (m = /^([a-z_]+) = ("(?:[^"\\]|\\.)*")\s*$/.exec(line))) out[`${table}.${m[1]}`] = str(m[2]);
    else if (table !== 'meta' && (m = /^([a-z_]+) = \{(.*)\}\s*$/.exec(line))) {
      const forms = {};
      for (const f of m[2].matchAll(/([a-z]+) = ("(?:[^"\\]|\\.)*")/g)) forms[f[1]] = str(f[2]);
      out[`${table}.${m[1]}`] = forms;
    }
  }
  return out;
}

function texts(entry) { return typeof entry === 'string' ? [entry] : Object.values(entry); }

/**
 * The English fragments to look for: each English text cut at its {placeholders}, trimmed of
 * spaces and punctuation, kept when it has a word of 4 letters or more and appears nowhere in
 * the other language's catalogue (a product name like "JavaScript" or "SM-2" may stay as is).
 */
function englishFragments(en, other) {
  const theirs = Object.values(other).flatMap(texts).join('\n');
  const out = new Map();
  for (const [key, entry] of Object.entries(en)) {
    for (const t of texts(entry)) {
      for (let f of t.split(/\{\w+\}/)) {
        f = f.replace(/^[\s.,:;!?()“”"'·—–-]+|[\s.,:;!?()“”"'·—–-]+$/g, '');
        if (!/[A-Za-z]{4,}/.test(f) || theirs.includes(f)) continue;
        if (!out.has(f)) out.set(f, key);
      }
    }
  }
  return out;
}

/** Everything a reader can see or hear on the page as it is now: text, labels, titles, placeholders. */
function readable(page) {
  return page.evaluate(() => {
    const parts = [document.title, document.body.innerText];
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt], [aria-roledescription]')) {
      for (const a of ['aria-label', 'title', 'placeholder', 'alt', 'aria-roledescription']) {
        if (el.hasAttribute(a)) parts.push(el.getAttribute(a));
      }
    }
    // Text hidden from the eye but read to screen readers counts too.
    for (const el of document.querySelectorAll('.visually-hidden')) parts.push(el.textContent);
    return parts.join('\n');
  });
}

/** Answers every widget on the page wrong (or right), opens every card and every answer. */
function useAll(page, right) {
  return page.evaluate((r) => {
    for (const d of document.querySelectorAll('details')) d.open = true;
    for (const q of document.querySelectorAll('[data-question]')) {
      const retry = q.querySelector('[data-retry]');
      if (retry && !retry.hidden) retry.click();
      const ids = (c) => [...q.querySelectorAll(`[data-for][data-correct="${c}"]`)].map((li) => li.dataset.for);
      const text = q.querySelector('.q-input');
      if (text) text.value = r ? q.querySelector('[data-accepted]').textContent : 'qq';
      else {
        const pick = r ? ids('true') : [ids('false')[0]];
        for (const li of q.querySelectorAll('.q-opt')) li.querySelector('input').checked = pick.includes(li.dataset.option);
      }
      q.querySelector('[data-check]').click();
    }
  }, !!right);
}

let english;
before(() => {
  english = catalogue('en');
});

for (const lang of LANGUAGES) {
  test(`${lang}: no English interface string on any page`, async () => {
    const book = bookIn(lang);
    const env = await start(book);
    try {
      assert.equal(stringsOf(env.site).lang, lang);
      const fragments = englishFragments(english, catalogue(lang));
      assert.ok(fragments.size > 100, `${fragments.size} English fragments to look for`);
      const found = [];
      const look = async (page, where) => {
        const text = await readable(page);
        for (const [f, key] of fragments) {
          const re = new RegExp(`(^|[^A-Za-z])${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z])`);
          if (re.test(text)) found.push(`${where}: "${f}" (${key})`);
        }
      };
      await env.page({}, async (page) => {
        await page.goto(`${env.url}index.html`);
        await look(page, 'contents');
        await page.goto(`${env.url}kala.html`);
        await page.locator('[data-objectives] input').first().check();
        await look(page, 'chapter');
        await useAll(page, false);
        await look(page, 'chapter answered wrong');
        await useAll(page, true);
        await look(page, 'chapter answered right');
        await page.goto(`${env.url}questions.html`);
        await look(page, 'browse-all');
        await page.goto(`${env.url}progress.html`);
        await page.locator('[data-progress-summary]').waitFor();
        await look(page, 'progress');
        await page.goto(`${env.url}review.html`);
        await look(page, 'review');
        await page.goto(`${env.url}kala.html`);
        await page.keyboard.press('/');
        const input = page.locator('dialog input[type="search"], [role="dialog"] input').first();
        await input.waitFor();
        await look(page, 'search, empty');
        await input.fill('zebe');
        await page.waitForTimeout(200);
        await look(page, 'search, results');
        await input.fill('qqqqq');
        await page.waitForTimeout(200);
        await look(page, 'search, no results');
        // The page a host shows for a missing address (fetched by name: a 404 status would be
        // logged as a console error, and deeper down it finds its assets only through site-url).
        await page.goto(`${env.url}404.html`);
        await look(page, '404');
      });
      assert.deepEqual(found, [], `English left in ${lang}:\n  ${found.join('\n  ')}`);
      assertClean(env);
    } finally {
      await env.close();
      fs.rmSync(book, { recursive: true, force: true });
    }
  });
}
