#!/usr/bin/env bash
# Save-to-reload latency of `lectern serve` (a benchmark, not a test).
#
# Serves a temporary copy of a book with the release binary, follows /__lectern/events like
# an open page, then edits the text of one chapter EDITS times and times each edit from the
# write to the `reload` event. Prints the median, p90, min and max, and the rebuild time the
# server reported, so what the watcher adds can be told from what the build takes.
#
#   scripts/bench-serve.sh [BOOK_DIR] [EDITS]        # default: the example course, 30 edits
#
# On a generated 1,000-chapter course:
#
#   cargo run --release --example gen-course -- --chapters 1000 --out target/bench/c1000
#   scripts/bench-serve.sh target/bench/c1000
#
# Needs Node.js (as the browser tests do). The edited chapter is the middle one of SUMMARY.md.
# LECTERN_BIN=path/to/lectern uses that binary instead of building target/release/lectern;
# VERBOSE=1 also prints every edit's time and the server's output.
set -euo pipefail
cd "$(dirname "$0")/.."

BOOK=${1:-.}
EDITS=${2:-30}
if [ ! -f "$BOOK/book.toml" ]; then
  echo "error: no book.toml in $BOOK: pass a book's folder (the one holding book.toml)" >&2
  exit 1
fi
if ! command -v node >/dev/null 2>&1; then
  echo "error: this benchmark needs Node.js (node) to follow the event stream" >&2
  exit 1
fi

if [ -n "${LECTERN_BIN:-}" ]; then
  BIN=$LECTERN_BIN
else
  cargo build --release --quiet
  BIN="$PWD/target/release/lectern"
fi

# A copy, so the edits never touch the book itself: book.toml, the content folder and the
# theme overrides (the folders named in book.toml, or the defaults).
WORK=$(mktemp -d "${TMPDIR:-/tmp}/lectern-bench-serve.XXXXXX")
SERVER=""
cleanup() {
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
setting() { sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*\"\(.*\)\".*/\1/p" "$BOOK/book.toml" | head -n 1; }
SRC=$(setting src); SRC=${SRC:-content}
THEME=$(setting theme); THEME=${THEME:-theme}
mkdir -p "$WORK/book"
cp "$BOOK/book.toml" "$WORK/book/"
cp -R "$BOOK/$SRC" "$WORK/book/$SRC"
if [ -d "$BOOK/$THEME" ]; then cp -R "$BOOK/$THEME" "$WORK/book/$THEME"; fi

"$BIN" serve "$WORK/book" --port 0 >"$WORK/stdout" 2>"$WORK/stderr" &
SERVER=$!

node - "$WORK" "$SRC" "$EDITS" <<'JS'
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const [work, src, editsArg] = process.argv.slice(2);
const EDITS = Number(editsArg);
const book = path.join(work, 'book');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const fail = (message) => {
  console.error(`error: ${message}`);
  try { console.error(fs.readFileSync(path.join(work, 'stderr'), 'utf8')); } catch (e) { /* none */ }
  process.exit(1);
};

async function address() {
  for (let i = 0; i < 1200; i++) {
    const out = fs.readFileSync(path.join(work, 'stdout'), 'utf8');
    const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
    if (m) return Number(m[1]);
    await sleep(50);
  }
  return fail('lectern serve printed no address within a minute');
}

/** Follows the event stream; `next(name)` resolves with the next event of that name. */
function follow(port) {
  const waiting = [];
  const seen = [];
  http.get({ host: '127.0.0.1', port, path: '/__lectern/events' }, (res) => {
    res.setEncoding('utf8');
    let buf = '';
    res.on('data', (chunk) => {
      buf += chunk;
      let end;
      while ((end = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, end);
        buf = buf.slice(end + 2);
        const name = /^event: (.*)$/m.exec(block);
        if (!name) continue;
        const at = process.hrtime.bigint();
        const w = waiting.shift();
        if (w) w({ name: name[1], at }); else seen.push({ name: name[1], at });
      }
    });
  }).on('error', (e) => fail(`cannot follow the event stream: ${e.message}`));
  return () => (seen.length ? Promise.resolve(seen.shift()) : new Promise((r) => waiting.push(r)));
}

function withTimeout(promise, ms, what) {
  let timer;
  const late = new Promise(() => { timer = setTimeout(() => fail(`no ${what} within ${ms} ms`), ms); });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

(async () => {
  const port = await address();
  const next = follow(port);
  const hello = await withTimeout(next(), 30000, 'hello event');
  if (hello.name !== 'hello') fail(`expected hello, got ${hello.name}`);

  const summary = fs.readFileSync(path.join(book, src, 'SUMMARY.md'), 'utf8');
  const chapters = [...summary.matchAll(/\]\(([^)\s]+\.md)\)/g)].map((m) => m[1]);
  if (!chapters.length) fail('SUMMARY.md links no chapter');
  const rel = chapters[Math.floor(chapters.length / 2)];
  const file = path.join(book, src, rel);
  const original = fs.readFileSync(file, 'utf8');
  const pages = [...summary.matchAll(/\]\(([^)\s]+\.md)\)/g)].length;

  const times = [];
  for (let i = 1; i <= EDITS; i++) {
    const t0 = process.hrtime.bigint();
    fs.writeFileSync(file, `${original}\n\nBenchmark edit number ${i}.\n`);
    const ev = await withTimeout(next(), 60000, `reload event for edit ${i}`);
    if (ev.name !== 'reload') fail(`edit ${i} gave a \`${ev.name}\` event, not \`reload\``);
    times.push(Number(ev.at - t0) / 1e6);
    await sleep(150);
  }

  if (process.env.VERBOSE) console.log(`each edit, in order (ms): ${times.map((t) => t.toFixed(1)).join(' ')}`);
  const sorted = [...times].sort((a, b) => a - b);
  const q = (p) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  const err = fs.readFileSync(path.join(work, 'stderr'), 'utf8');
  const rebuilds = [...err.matchAll(/rebuilt in (\d+) ms/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
  const ms = (x) => `${x.toFixed(1)} ms`;
  console.log(`book: ${pages} chapters in SUMMARY.md; edited ${path.join(src, rel)} ${EDITS} times`);
  console.log(`save -> reload event: median ${ms(q(0.5))}, p90 ${ms(q(0.9))}, min ${ms(sorted[0])}, max ${ms(sorted[sorted.length - 1])}`);
  if (rebuilds.length) {
    const rq = (p) => rebuilds[Math.min(rebuilds.length - 1, Math.ceil(p * rebuilds.length) - 1)];
    console.log(`rebuild time reported by the server: median ${rq(0.5)} ms, p90 ${rq(0.9)} ms`);
  }
  if (process.env.VERBOSE) console.log(err);
  process.exit(0);
})();
JS
