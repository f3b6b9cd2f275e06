// Interview cards and the "browse all" page in a real browser: a card opens (native details) on
// a click, on Enter, and on arrival at chapter.html#q-<id>; it shows answer, covers, follow-ups,
// red flag and safe source links. questions.html filters by chapter, difficulty, company and tag,
// mirrors the filters in the hash, and every entry links to its card. On the reference-model
// fixture (tests/fixtures/reference-model): a card without a difficulty has no chip and is
// "Unrated" on browse-all, and a company tag's source link and note are reachable, with and
// without JavaScript.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { start, assertClean, squash, REPO } = require('./harness');

let env;
let ref; // the reference-model fixture
before(async () => {
  env = await start();
  ref = await start(path.join(REPO, 'tests', 'fixtures', 'reference-model'));
});
after(async () => {
  if (env) await env.close();
  if (ref) await ref.close();
});

const V8 = 'runtime/v8-memory';
const CHAPTERS = ['runtime/event-loop', V8, 'operating/streams-and-errors', 'operating/observability', 'operating/latency'];
const text = async (loc) => squash(await loc.textContent());

test('a card opens to its answer, covers, follow-ups, red flag and sources', async () => {
  await env.page(async (page) => {
    await page.goto(`${env.url}${V8}.html`);
    const cards = page.locator('details.card');
    assert.equal(await cards.count(), 14, 'the V8 chapter has fourteen interview cards');
    assert.equal(await page.locator('details.card[open]').count(), 0, 'all closed on arrival');

    // A card with every block.
    const card = page.locator('details.card:has(.card-covers):has(.card-followups):has(.card-redflag):has(.card-sources)').first();
    assert.equal(await card.count(), 1, 'a card with covers, follow-ups, red flag and sources');
    const summary = card.locator('summary.card-summary');
    assert.ok((await text(summary.locator('.card-q'))).length > 10, 'collapsed card shows its question');
    assert.match(await text(summary.locator('.diff')), /Difficulty: (easy|medium|hard)/);
    assert.ok(await summary.locator('.tag.company').count() >= 1, 'collapsed card shows company tags');
    const answer = card.locator('.card-answer');
    assert.ok(await answer.isHidden(), 'answer hidden while closed');

    await summary.click();
    assert.ok(await card.evaluate((d) => d.open), 'open after a click');
    assert.ok(await answer.isVisible(), 'answer visible');
    assert.ok((await text(answer)).length > 40, 'answer has text');
    const covers = card.locator('.card-covers');
    assert.match(await text(covers.locator('.card-label')), /What a strong answer covers/);
    assert.ok(await covers.locator('li').count() >= 2 && await covers.locator('li').first().isVisible(), 'covers listed');
    const fus = card.locator('.card-followups');
    assert.match(await text(fus.locator('.card-label')), /Follow-ups/);
    assert.ok(await fus.locator('li .fu-q').first().isVisible(), 'follow-up questions visible');
    const flag = card.locator('.card-redflag');
    assert.match(await text(flag.locator('.card-label')), /Red flag/);
    assert.ok((await text(flag.locator('.redflag-text'))).length > 10 && await flag.isVisible(), 'red flag visible');
    const src = card.locator('.card-sources a').first();
    assert.ok(await src.isVisible(), 'source link visible');
    assert.match(await src.getAttribute('href'), /^https?:\/\//);
    assert.equal(await src.getAttribute('target'), '_blank');
    assert.ok((await src.getAttribute('rel')).split(/\s+/).includes('noopener'), 'rel=noopener');
    assert.match(await text(src), /opens in a new tab/, 'marked as external for screen readers');

    // Closing and keyboard toggling (Enter on the summary) are native.
    await summary.click();
    assert.ok(!(await card.evaluate((d) => d.open)), 'closed again');
    await summary.focus();
    await page.keyboard.press('Enter');
    assert.ok(await card.evaluate((d) => d.open), 'Enter opens it');

    // An opened card is marked as read on the next visit.
    await page.reload();
    assert.equal(await card.locator('.card-seen').count(), 1, '"read before" after a reload');
    assert.match(await text(card.locator('.card-seen')), /read before/);
  });
});

test('every external source link on every chapter opens safely in a new tab', async () => {
  await env.page(async (page) => {
    let seen = 0;
    for (const ch of CHAPTERS) {
      await page.goto(`${env.url}${ch}.html`);
      const bad = await page.locator('details.card .card-sources a').evaluateAll((as) => as
        .filter((a) => /^https?:/.test(a.getAttribute('href')))
        .filter((a) => a.target !== '_blank' || !a.relList.contains('noopener') || !/new tab/.test(a.textContent))
        .map((a) => a.outerHTML));
      assert.deepEqual(bad, [], `${ch}: unsafe external links`);
      seen += await page.locator('details.card .card-sources a').count();
      const ids = await page.locator('[id]').evaluateAll((els) => els.map((e) => e.id));
      assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), [], `${ch}: duplicate ids`);
    }
    assert.ok(seen >= 20, `source links checked: ${seen}`);
  });
});

test('chapter.html#q-<id> opens that card on arrival, and a hash change opens another', async () => {
  await env.page(async (page) => {
    await page.goto(`${env.url}${V8}.html`);
    const ids = await page.locator('details.card').evaluateAll((ds) => ds.map((d) => d.id));
    assert.ok(ids.every((id) => /^q-/.test(id)), `card ids: ${ids}`);
    const target = ids[8];
    await page.goto(`${env.url}index.html`); // arrive from another page, not by a hash change
    await page.goto(`${env.url}${V8}.html#${target}`);
    const card = page.locator(`details.card#${target}`);
    await page.waitForFunction((id) => document.getElementById(id).open, target);
    assert.deepEqual(await page.locator('details.card[open]').evaluateAll((ds) => ds.map((d) => d.id)), [target], 'only that card is open');
    assert.ok(await card.locator('.card-answer').isVisible(), 'its answer is visible');
    const box = await card.boundingBox();
    const header = await page.locator('.site-header').boundingBox();
    assert.ok(box.y >= header.height - 1 && box.y < 900 / 2, `card scrolled into view below the sticky header (top ${box.y}, header ${header.height})`);
    assert.ok(await card.locator('summary').evaluate((s) => s === document.activeElement), 'its summary has focus');

    const other = ids[2];
    await page.evaluate((id) => { location.hash = id; }, other);
    await page.waitForFunction((id) => document.getElementById(id).open, other);
    assert.ok(await page.locator(`#${other} .card-answer`).isVisible());

    // Every card of every chapter opens from its link (first on arrival, then by hash change).
    for (const ch of CHAPTERS) {
      await page.goto('about:blank');
      const first = ch === V8 ? ids[0] : null;
      await page.goto(`${env.url}${ch}.html${first ? `#${first}` : ''}`);
      const all = await page.locator('details.card').evaluateAll((ds) => ds.map((d) => d.id));
      if (!first) {
        await page.goto('about:blank');
        await page.goto(`${env.url}${ch}.html#${all[0]}`);
      }
      await page.waitForFunction((i) => document.getElementById(i).open, all[0]);
      const shut = await page.evaluate(async (rest) => {
        const failed = [];
        for (const id of rest) {
          const changed = new Promise((resolve) => window.addEventListener('hashchange', resolve, { once: true }));
          location.hash = id;
          await changed;
          if (!document.getElementById(id).open) failed.push(id);
        }
        return failed;
      }, all.slice(1));
      assert.deepEqual(shut, [], `${ch}: cards that did not open on a hash change`);
    }
  });
});

/** What questions.html shows now: count text, visible items (by chapter:id link), visible groups. */
function visibleState(page) {
  return page.evaluate(() => ({
    count: document.querySelector('[data-result-count]').textContent.replace(/\s+/g, ' ').trim(),
    items: [...document.querySelectorAll('[data-filter-item]')].filter((e) => !e.hidden && e.offsetParent !== null).map((e) => ({
      chapter: e.dataset.chapter, difficulty: e.dataset.difficulty,
      companies: e.dataset.companies ? e.dataset.companies.split('|') : [], tags: e.dataset.tags ? e.dataset.tags.split('|') : [],
    })),
    groups: [...document.querySelectorAll('[data-group]')].filter((g) => !g.hidden).map((g) => g.dataset.group),
    empty: !!document.querySelector('[data-empty]') && !document.querySelector('[data-empty]').hidden,
    hash: location.hash,
  }));
}

function matches(item, f) {
  return (!f.chapter || item.chapter === f.chapter) && (!f.difficulty || item.difficulty === f.difficulty) &&
    (!f.company || item.companies.includes(f.company)) && (!f.tag || item.tags.includes(f.tag));
}

test('browse all: every question listed, filters by chapter, difficulty, company and tag', async () => {
  await env.page(async (page) => {
    await page.goto(`${env.url}questions.html`);
    assert.ok(await page.locator('[data-filters]').isVisible(), 'filters shown with script');
    const all = await visibleState(page);
    assert.equal(all.items.length, 24, 'all 24 questions of the book listed');
    assert.equal(all.count, '24 of 24 questions');
    assert.equal(await page.locator('[data-result-count]').getAttribute('role'), 'status');
    assert.deepEqual(all.groups, CHAPTERS, 'grouped by chapter in book order');

    const filters = {};
    for (const name of ['chapter', 'difficulty', 'company', 'tag']) {
      filters[name] = await page.locator(`select[data-filter="${name}"] option`).evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
      assert.ok(filters[name].length >= 2, `${name} has choices`);
    }
    // The facets are exactly the values the items carry.
    assert.deepEqual(filters.chapter, CHAPTERS);
    assert.deepEqual(new Set(filters.difficulty), new Set(all.items.map((i) => i.difficulty)));
    assert.deepEqual(new Set(filters.company), new Set(all.items.flatMap((i) => i.companies)));
    assert.deepEqual(new Set(filters.tag), new Set(all.items.flatMap((i) => i.tags)));

    // One filter at a time: every chapter and difficulty, a spread of companies and tags.
    const spread = (vs, n = 6) => (vs.length <= n ? vs : [...new Set(Array.from({ length: n }, (_, i) => vs[Math.round(i * (vs.length - 1) / (n - 1))]))]);
    for (const [name, values] of Object.entries(filters)) {
      for (const value of spread(values, name === 'company' || name === 'tag' ? 6 : Infinity)) {
        await page.selectOption(`select[data-filter="${name}"]`, value);
        const s = await visibleState(page);
        const want = all.items.filter((i) => matches(i, { [name]: value }));
        assert.ok(want.length > 0, `${name}=${value} matches something`);
        assert.deepEqual(s.items, want, `${name}=${value}: the visible list`);
        assert.equal(s.count, `${want.length} of 24 questions`, `${name}=${value}: the count`);
        assert.deepEqual(s.groups, [...new Set(want.map((i) => i.chapter))], `${name}=${value}: groups without a match hidden`);
        assert.equal(decodeURIComponent(s.hash), `#${name}=${value}`, `${name}=${value}: mirrored in the hash`);
        assert.equal(s.empty, false);
      }
      await page.selectOption(`select[data-filter="${name}"]`, '');
    }

    // Two at once; then a combination that matches nothing; then reset.
    await page.selectOption('select[data-filter="chapter"]', V8);
    await page.selectOption('select[data-filter="difficulty"]', 'hard');
    let s = await visibleState(page);
    const want = all.items.filter((i) => matches(i, { chapter: V8, difficulty: 'hard' }));
    assert.ok(want.length > 0 && want.length < 14);
    assert.deepEqual(s.items, want);
    assert.equal(s.hash, `#chapter=${V8}&difficulty=hard`);
    const lonely = filters.company.find((c) => all.items.filter((i) => i.companies.includes(c)).every((i) => i.chapter !== 'operating/observability'));
    await page.selectOption('select[data-filter="chapter"]', 'operating/observability');
    await page.selectOption('select[data-filter="difficulty"]', '');
    await page.selectOption('select[data-filter="company"]', lonely);
    s = await visibleState(page);
    assert.equal(s.items.length, 0);
    assert.equal(s.count, '0 of 24 questions');
    assert.ok(s.empty, 'the "no question matches" message shows');
    assert.deepEqual(s.groups, []);
    await page.locator('[data-filter-reset]').first().click();
    s = await visibleState(page);
    assert.equal(s.count, '24 of 24 questions', 'reset shows everything');
    assert.equal(s.hash, '', 'and clears the hash');
    for (const name of Object.keys(filters)) assert.equal(await page.locator(`select[data-filter="${name}"]`).inputValue(), '');
  });
});

test('browse all: a hash pre-filters, on arrival and on hash change', async () => {
  await env.page(async (page) => {
    await page.goto(`${env.url}questions.html#chapter=${V8}`);
    let s = await visibleState(page);
    assert.equal(s.count, '14 of 24 questions');
    assert.ok(s.items.every((i) => i.chapter === V8));
    assert.equal(await page.locator('select[data-filter="chapter"]').inputValue(), V8);

    await page.goto(`${env.url}questions.html#chapter=${V8}&difficulty=easy`);
    s = await visibleState(page);
    assert.ok(s.items.length > 0 && s.items.every((i) => i.chapter === V8 && i.difficulty === 'easy'), s.count);

    await page.evaluate(() => { location.hash = 'company=Grafana%20Labs'; });
    await page.waitForFunction(() => document.querySelector('select[data-filter="company"]').value === 'Grafana Labs');
    s = await visibleState(page);
    assert.ok(s.items.length > 0 && s.items.every((i) => i.companies.includes('Grafana Labs')), s.count);
    assert.equal(await page.locator('select[data-filter="chapter"]').inputValue(), '', 'filters not in the hash are cleared');

    // An unknown value is ignored rather than hiding everything.
    await page.goto(`${env.url}questions.html#tag=no-such-tag`);
    s = await visibleState(page);
    assert.equal(s.count, '24 of 24 questions');

    // The chapter's "Browse all" link lands on its questions.
    await page.goto(`${env.url}${V8}.html`);
    await page.locator('.part-interview-questions .part-link').click();
    await page.waitForURL(/questions\.html#chapter=/);
    s = await visibleState(page);
    assert.equal(s.count, '14 of 24 questions');
  });
});

test('browse all: each entry links to its card, which opens on arrival', async () => {
  await env.page(async (page) => {
    await page.goto(`${env.url}questions.html`);
    const links = await page.locator('[data-filter-item]').evaluateAll((items) => items.map((it) => {
      const a = [...it.querySelectorAll('a[href]')].find((x) => /\.html#q-/.test(x.getAttribute('href')));
      return { chapter: it.dataset.chapter, href: a ? a.getAttribute('href') : null };
    }));
    assert.equal(links.length, 24);
    for (const { chapter, href } of links) {
      assert.ok(href, `an entry of ${chapter} has a link to its card`);
      const [file, id] = href.split('#');
      assert.equal(file, `${chapter}.html`, `${href} points into its chapter`);
      const html = fs.readFileSync(path.join(env.site, file), 'utf8');
      assert.match(html, new RegExp(`<details class="card" id="${id}"`), `${href}: the card exists`);
    }
    assert.equal(new Set(links.map((l) => l.href)).size, 24, 'one card per entry');

    // Follow one the way a reader does.
    const pick = links.find((l) => l.chapter === 'operating/streams-and-errors');
    const [, id] = pick.href.split('#');
    await page.locator(`[data-filter-item] a[href="${pick.href}"]`).first().evaluate((a) => a.closest('details') && (a.closest('details').open = true));
    await page.locator(`[data-filter-item] a[href="${pick.href}"]`).first().click();
    await page.waitForURL(`**/${pick.href}`);
    await page.waitForFunction((i) => document.getElementById(i) && document.getElementById(i).open, id);
    assert.ok(await page.locator(`#${id} .card-answer`).isVisible());
  });
});

test('browse all: the difficulty filter offers "Unrated" only when a card has no difficulty', async () => {
  await env.page(async (page) => {
    await page.goto(`${env.url}questions.html`);
    assert.equal(await page.locator('select[data-filter="difficulty"] option[value="unrated"]').count(), 0, 'every card of the example course is rated');
  });
  await ref.page(async (page) => {
    await page.goto(`${ref.url}questions.html`);
    const choices = await page.locator('select[data-filter="difficulty"] option').evaluateAll((os) => os.map((o) => [o.value, o.textContent.trim()]));
    assert.deepEqual(choices, [['', 'Any difficulty'], ['hard', 'hard'], ['unrated', 'Unrated']]);
    const items = page.locator('[data-filter-item]');
    assert.equal(await items.count(), 5);
    assert.equal(await page.locator('[data-filter-item] .tag.diff').count(), 1, 'a chip only on the rated card');
    await page.selectOption('select[data-filter="difficulty"]', 'unrated');
    assert.equal(await text(page.locator('[data-result-count]')), '4 of 5 questions');
    assert.equal(await page.locator('[data-filter-item]:not([hidden]) .tag.diff').count(), 0, 'the unrated cards have no chip');
    assert.equal(decodeURIComponent(new URL(page.url()).hash), '#difficulty=unrated');
    await page.selectOption('select[data-filter="difficulty"]', 'hard');
    assert.equal(await text(page.locator('[data-result-count]')), '1 of 5 questions');
    // A company tag's source and note are on the list too.
    await page.selectOption('select[data-filter="difficulty"]', '');
    const first = items.first();
    const link = first.getByRole('link', { name: /^Acme Cloud.*source/ });
    assert.ok(await link.isVisible(), 'the source link is visible on browse-all');
    assert.equal(await link.getAttribute('href'), 'https://example.com/interviews/acme-cloud-node');
    assert.ok(await first.getByText('onsite loop, 2024, from a candidate\'s write-up').isVisible(), 'the note is visible on browse-all');
    assert.ok(await first.getByText('phone screen, per a recruiter').isVisible());
  });
});

for (const javaScriptEnabled of [true, false]) {
  test(`a card without difficulty has no chip; a sourced company tag's link and note are reachable (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
    await ref.page({ javaScriptEnabled }, async (page) => {
      await page.goto(`${ref.url}v8-memory.html`);
      const card = page.locator('#q-leak-causes');
      const summary = card.locator('summary');
      assert.equal(await summary.locator('.tag.diff').count(), 0, 'no difficulty chip');
      assert.equal(await text(summary.locator('.card-tags')), 'Asked at: Acme Cloud1 Globex Initech2', 'the tags as a screen reader reads them');
      assert.equal(await page.locator('#q-jit-benchmarks summary .tag.diff').count(), 1, 'the rated card keeps its chip');
      // Opened from the keyboard, the card's "Company tags" lines give the link and the notes.
      await summary.focus();
      await page.keyboard.press('Enter');
      assert.ok(await card.evaluate((d) => d.open), 'Enter opens the card');
      const list = card.getByRole('list', { name: 'Company tags' });
      assert.ok(await list.isVisible(), 'a list named "Company tags"');
      const link = list.getByRole('link', { name: 'Acme Cloud (source, opens in a new tab)' });
      assert.ok(await link.isVisible(), 'the source is a link named for screen readers');
      assert.equal(await link.getAttribute('href'), 'https://example.com/interviews/acme-cloud-node');
      assert.equal(await link.getAttribute('target'), '_blank');
      assert.ok((await link.getAttribute('rel')).split(/\s+/).includes('noopener'));
      assert.ok(await list.getByText('onsite loop, 2024, from a candidate\'s write-up').isVisible(), 'the note is visible text');
      assert.ok(await list.getByText('phone screen, per a recruiter').isVisible(), 'a note without a source too');
      // The link is reached with Tab from inside the card.
      let reached = false;
      for (let i = 0; i < 40 && !reached; i++) {
        await page.keyboard.press('Tab');
        reached = await link.evaluate((a) => a === document.activeElement);
      }
      assert.ok(reached, 'Tab reaches the source link');
    });
  });
}

test('no request left the site and no page logged an error', () => {
  assertClean(env);
  assertClean(ref);
});
