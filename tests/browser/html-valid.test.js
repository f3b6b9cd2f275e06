// HTML gate: the Nu Html Checker (vnu.jar from the vnu-jar package, run with the system's Java)
// finds no error in any built page, nor in the live DOM after the scripts ran (widgets answered,
// cards open, filters applied). Warnings are allowed. The gate is itself tested: a broken page
// checked in the same run must be reported.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { fileURLToPath } = require('node:url');
const { start, assertClean, useEverything, REPO } = require('./harness');

const JAVA = process.env.JAVA || 'java';

/** The path of vnu.jar, or a clear failure. */
function vnuJar() {
  let jar;
  try { jar = String(require('vnu-jar')); } catch (e) {
    throw new Error('the vnu-jar package is missing: run `npm ci` in tests/browser');
  }
  if (!fs.existsSync(jar)) throw new Error(`vnu.jar not found at ${jar}: reinstall with \`npm ci\` in tests/browser`);
  return jar;
}

/** Checks `files` in one run of the Nu Html Checker; returns its messages grouped by file. */
function validate(files) {
  const probe = spawnSync(JAVA, ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(`Java is required for the Nu Html Checker and \`${JAVA} -version\` failed (${probe.error ? probe.error.message : probe.stderr}). ` +
      'Install it with: apt-get install default-jre-headless (scripts/test.sh does this)');
  }
  // The checker skips a path it cannot read without a word: make sure each one is there.
  for (const f of files) {
    if (!fs.existsSync(f) || !fs.statSync(f).isFile() || fs.statSync(f).size === 0) throw new Error(`nothing to check at ${f}`);
  }
  const t0 = Date.now();
  const r = spawnSync(JAVA, ['-jar', vnuJar(), '--format', 'json', '--stdout', ...files], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw r.error;
  let out;
  try { out = JSON.parse(r.stdout); } catch (e) {
    throw new Error(`the Nu Html Checker gave no JSON report (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  if (process.env.LECTERN_TEST_TIMING) console.error(`vnu: ${files.length} files in ${Date.now() - t0} ms`);
  const byFile = new Map(files.map((f) => [path.resolve(f), []]));
  for (const m of out.messages) {
    const file = m.url && m.url.startsWith('file:') ? fileURLToPath(m.url) : null;
    if (!file || !byFile.has(file)) throw new Error(`unexpected message from the checker: ${JSON.stringify(m)}`);
    byFile.get(file).push(m);
  }
  return byFile;
}

/** The errors among a file's messages (fatal ones included), one readable line each. */
function errorsOf(messages, label) {
  return messages
    .filter((m) => m.type === 'error' || m.type === 'non-document-error')
    .map((m) => `${label}:${m.lastLine || '?'}:${m.firstColumn || m.lastColumn || '?'}: ${m.message}${m.extract ? `  [${m.extract.replace(/\s+/g, ' ').trim().slice(0, 120)}]` : ''}`);
}

/** Every .html page of the built site. */
function htmlPages(dir) {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.html'))
    .map((e) => path.join(e.parentPath || e.path, e.name))
    .sort();
}

let env;
let ref; // the reference-model fixture: unrated cards, sourced company tags
let tmp;
let built;
let refBuilt;
let live;
let broken;
let report;

before(async () => {
  vnuJar();
  env = await start();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-vnu-'));
  built = htmlPages(env.site);
  ref = await start(path.join(REPO, 'tests', 'fixtures', 'reference-model'));
  refBuilt = htmlPages(ref.site);

  // The DOM as the scripts leave it, after a reader used every widget.
  live = [];
  await env.page(async (page) => {
    const snapshot = async (name) => {
      const file = path.join(tmp, name);
      fs.writeFileSync(file, await page.evaluate(() => `<!DOCTYPE html>\n${document.documentElement.outerHTML}\n`));
      live.push(file);
    };
    for (const ch of ['runtime/event-loop', 'runtime/v8-memory', 'operating/streams-and-errors']) {
      await page.goto(`${env.url}${ch}.html`);
      await page.locator('[data-objectives] input').first().check();
      await useEverything(page, false);
      await snapshot(`live-${ch.replace('/', '-')}.html`);
    }
    await page.goto(`${env.url}questions.html#difficulty=hard`);
    await snapshot('live-questions.html');
    await page.goto(`${env.url}index.html`);
    await snapshot('live-index.html');
  });
  await ref.page(async (page) => {
    await page.goto(`${ref.url}v8-memory.html`);
    await useEverything(page, false);
    const file = path.join(tmp, 'live-reference-chapter.html');
    fs.writeFileSync(file, await page.evaluate(() => `<!DOCTYPE html>\n${document.documentElement.outerHTML}\n`));
    live.push(file);
  });

  // Broken on purpose: the gate must see these.
  broken = path.join(tmp, 'broken.html');
  fs.writeFileSync(broken, `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Broken on purpose</title></head>
<body>
<img src="figure.png">
<p id="twice">one</p><p id="twice">two</p>
<p><div>a block inside a paragraph</div></p>
<a href="x.html"><a href="y.html">nested links</a></a>
</body></html>
`);

  report = validate([...built, ...refBuilt, ...live, broken]);
});

after(async () => {
  if (env) await env.close();
  if (ref) await ref.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('Nu Html Checker: every built page is valid HTML', () => {
  const names = built.map((f) => path.relative(env.site, f));
  for (const p of ['index.html', 'questions.html', '404.html', 'intro.html', 'runtime/v8-memory.html', 'runtime/event-loop.html',
    'operating/streams-and-errors.html', 'operating/observability.html']) {
    assert.ok(names.includes(p), `${p} was built and checked (checked: ${names.join(', ')})`);
  }
  const errors = built.flatMap((f) => errorsOf(report.get(f), path.relative(env.site, f)));
  assert.deepEqual(errors, [], `HTML errors:\n  ${errors.join('\n  ')}`);
});

test('Nu Html Checker: the reference-model fixture\'s pages are valid HTML', () => {
  const names = refBuilt.map((f) => path.relative(ref.site, f));
  for (const p of ['questions.html', 'v8-memory.html']) assert.ok(names.includes(p), `${p} was built and checked`);
  const errors = refBuilt.flatMap((f) => errorsOf(report.get(f), `reference-model/${path.relative(ref.site, f)}`));
  assert.deepEqual(errors, [], `HTML errors:\n  ${errors.join('\n  ')}`);
});

test('Nu Html Checker: the live DOM after answering, opening cards and filtering is valid', () => {
  assert.equal(live.length, 6);
  const errors = live.flatMap((f) => errorsOf(report.get(f), path.basename(f)));
  assert.deepEqual(errors, [], `HTML errors in the scripted DOM:\n  ${errors.join('\n  ')}`);
});

test('the HTML gate itself fails on a broken page', () => {
  const errors = errorsOf(report.get(broken), 'broken.html');
  const want = [/An “img” element must have an “alt” attribute/, /Duplicate ID “twice”/, /No “p” element in scope/,
    /Start tag “a” seen but an element of the same type was already open/];
  for (const re of want) assert.ok(errors.some((e) => re.test(e)), `the gate reports ${re}; it reported:\n  ${errors.join('\n  ')}`);
  // The checker itself skips a missing file silently; the gate refuses it.
  assert.throws(() => validate([path.join(tmp, 'does-not-exist.html')]), /nothing to check/);
});

test('no request left the site and no page logged an error', () => {
  assertClean(env);
  assertClean(ref);
});
