/* Lectern default theme: the learning loop on every page. The SM-2 spaced-repetition scheduler,
   scheduling of the answers given in chapters, flashcard ratings on interview cards, and the
   "due for review" count (sidebar, index, progress page).
   The review page and the progress page (with progress export/import) are review-pages.js, which
   only those two pages load, after this file.
   Plain script (no modules, no network): works from file://. Loaded after lectern.js, whose
   window.Lectern gives access to the reader record (see docs/theming.md, "Reader storage").

   The first part is pure (no DOM, every function takes the time as an argument): it is the
   scheduler, exported as window.LecternReview in a browser and as module.exports under Node,
   where tests/js/ runs it with a fixed clock. The record's format is lectern.js's first part. */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module && module.exports) module.exports = factory(require("./lectern.js"));
  else if (root.LecternRecord) root.LecternReview = factory(root.LecternRecord);
})(typeof self !== "undefined" ? self : this, function (Rec) {
  "use strict";

  var DAY = 864e5;
  /* SM-2 (P. A. Wozniak, "Optimization of learning", 1990), as published:
       1. Every item starts with an E-Factor (EF) of 2.5.
       2. Intervals: I(1) = 1 day, I(2) = 6 days, I(n) = I(n-1) * EF for n > 2, rounded up.
       3. After each repetition the reader grades the response q from 0 to 5, and
          EF' = EF + (0.1 - (5 - q) * (0.08 + (5 - q) * 0.02)), never below 1.3.
       4. If q < 3, repetitions start again from I(1) without resetting the E-Factor.
       5. On the day, items graded below 4 are repeated until they score at least 4.
     Choices where the description leaves room: the new EF is used for the next interval; step 5
     is a flag ("again") that keeps an item due on the day without changing its schedule; days
     are the reader's local calendar days, so an item due "tomorrow" is due all of tomorrow. */
  var START_EF = 2.5, MIN_EF = Rec.MIN_EF;
  /** The grade of each rating button (SM-2's 0-5 scale). A wrong quiz answer is "again". */
  var QUALITY = { again: 1, hard: 3, good: 4, easy: 5 };
  var isRecord = Rec.isRecord, isAnswer = Rec.isAnswer, chapterOf = Rec.chapterOf, copy = Rec.copy, dict = Rec.dict;
  var has = Rec.has, isObj = Rec.isObj, isNum = Rec.isNum;
  function keys(o) { return isObj(o) ? Object.keys(o) : []; }

  /** Midnight (local time) of the day holding `ms`. */
  function dayStart(ms) { var d = new Date(ms); d.setHours(0, 0, 0, 0); return d.getTime(); }
  /** Midnight `n` calendar days after the day holding `ms` (safe across daylight-saving changes). */
  function addDays(ms, n) { var d = new Date(dayStart(ms)); d.setDate(d.getDate() + n); return d.getTime(); }
  /** Calendar days from the day of `a` to the day of `b`. */
  function daysBetween(a, b) { return Math.round((dayStart(b) - dayStart(a)) / DAY); }

  function nextEF(ef, q) {
    var e = ef + (0.1 - (5 - q) * (0.08 + (5 - q) * 0.02));
    return Math.max(MIN_EF, Math.round(e * 1e6) / 1e6);
  }

  function checkQuality(q) {
    if (!(q === 0 || q === 1 || q === 2 || q === 3 || q === 4 || q === 5)) throw new RangeError("SM-2 grades are integers from 0 to 5, got " + q);
  }

  /** One SM-2 repetition of `rec` (null: a new item) graded `q` at time `now`. */
  function repetition(rec, q, now) {
    checkQuality(q);
    var ef = rec ? rec.ef : START_EF, n = rec ? rec.n : 0, i = rec ? rec.i : 0;
    ef = nextEF(ef, q);
    if (q < 3) { n = 0; i = 1; } else {
      n += 1;
      i = n === 1 ? 1 : n === 2 ? 6 : Math.ceil(i * ef);
    }
    var out = rec ? copy(rec) : dict();
    out.ef = ef; out.n = n; out.i = i; out.t = now; out.q = q;
    out.due = addDays(now, i);
    out.again = q < 4;
    out.lapses = (rec && isNum(rec.lapses) ? rec.lapses : 0) + (q < 3 ? 1 : 0);
    return out;
  }

  /** Due: scheduled for now or earlier, or still to be repeated today (graded below 4). */
  function isDue(rec, now) { return !!rec.again || now >= rec.due; }

  /**
   * Grades an item: returns `{ rec, how }`, `rec` the new record (the same object when
   * nothing changes). `how` says what the grade counted as:
   *   "new"    the first grade of the item;
   *   "review" a scheduled repetition (the item was due);
   *   "drill"  a repeat on the day of an item graded below 4: only clears the flag at 4 or more;
   *   "lapse"  a wrong answer before the item was due: it starts over, and comes back sooner;
   *   "early"  a right answer before the item was due: ignored, the schedule stays.
   */
  function grade(rec, q, now) {
    checkQuality(q);
    if (!rec) return { rec: repetition(null, q, now), how: "new" };
    if (now >= rec.due) return { rec: repetition(rec, q, now), how: "review" };
    if (rec.again) {
      var r = copy(rec);
      r.again = q < 4; r.t = now; r.q = q;
      return { rec: r, how: "drill" };
    }
    if (q < 3) return { rec: repetition(rec, q, now), how: "lapse" };
    return { rec: rec, how: "early" };
  }

  /** The grade of a quiz answer: wrong is "again"; right is "good", or "hard" when it took a hint
      (`hints`: how many the reader revealed before answering). */
  function answerQuality(ok, hints) { return !ok ? QUALITY.again : hints > 0 ? QUALITY.hard : QUALITY.good; }

  /** The schedule of an answer that has none yet: graded at the time it was answered. */
  function fromAnswer(a) {
    var r = repetition(null, answerQuality(a.ok, a.h), a.t);
    r.v = a.v; r.c = a.c; r.k = a.kc ? "kc" : "sc";
    return r;
  }

  /** Every schedule of the reader: stored ones, and ones derived from answers without one. */
  function records(state) {
    var out = dict(), srs = isObj(state && state.srs) ? state.srs : {}, ans = isObj(state && state.ans) ? state.ans : {};
    keys(srs).forEach(function (k) { if (isRecord(srs[k])) out[k] = srs[k]; });
    keys(ans).forEach(function (k) { if (!has(out, k) && isAnswer(ans[k])) out[k] = fromAnswer(ans[k]); });
    return out;
  }

  /** How many items are due at `now`; with `chapters` (a list of ids), only theirs. */
  function dueCount(state, now, chapters) {
    var set = null, n = 0, recs = records(state);
    if (chapters) { set = dict(); chapters.forEach(function (c) { set[c] = 1; }); }
    keys(recs).forEach(function (k) {
      if ((!set || has(set, chapterOf(k))) && isDue(recs[k], now)) n++;
    });
    return n;
  }

  /** "now", "today", "tomorrow", "in 6 days": when `due` comes, seen from `now` (English
      words, for scripts; the pages say it in the book's language, with the `schedule.*` strings). */
  function when(due, now) {
    if (due <= now) return "now";
    var d = daysBetween(now, due);
    return d <= 0 ? "today" : d === 1 ? "tomorrow" : "in " + d + " days";
  }

  return {
    DAY: DAY, QUALITY: QUALITY, START_EF: START_EF, MIN_EF: MIN_EF,
    dayStart: dayStart, addDays: addDays, daysBetween: daysBetween,
    nextEF: nextEF, repetition: repetition, grade: grade, isDue: isDue, isRecord: isRecord, isAnswer: isAnswer,
    answerQuality: answerQuality, fromAnswer: fromAnswer, records: records, chapterOf: chapterOf, dueCount: dueCount, when: when,
    dict: dict, copy: copy, readJSON: Rec.readJSON
  };
});

/* ---------- in the page: everything below needs a browser and lectern.js ---------- */
(function () {
  "use strict";
  if (typeof document === "undefined" || typeof window === "undefined") return;
  var S = window.LecternReview, L = window.Lectern;
  if (!S || !L || typeof L.state !== "function" || typeof L.t !== "function") return;
  var doc = document, BOOK = window.LECTERN_BOOK || null, ROOT = L.root || "";
  // The interface strings, from lectern.js (docs/strings.md).
  var I = L, T = L.t;

  function $(sel, el) { return (el || doc).querySelector(sel); }
  function $$(sel, el) { return Array.prototype.slice.call((el || doc).querySelectorAll(sel)); }
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function now() { return Date.now(); }
  // A link to a page by its path from the site root (lectern.js may map it, e.g. in an export).
  function href(path) { return typeof L.href === "function" ? L.href(path) : ROOT + path; }
  // The reader record, every part present (lectern.js reads it so); another tab may replace it.
  function state() { return L.state(); }
  function commit() { L.save(); L.flush(); }
  function chapters() { return BOOK && Array.isArray(BOOK.chapters) ? BOOK.chapters : []; }
  function chapterIds() { return chapters().map(function (c) { return c.id; }); }
  // Dates and days in the book's language (Intl), made once.
  var formats = {};
  function format(name, make) {
    if (!(name in formats)) { try { formats[name] = make(I.locale); } catch (e) { try { formats[name] = make(undefined); } catch (x) { formats[name] = null; } } }
    return formats[name];
  }
  function dateLabel(ms) {
    var f = format("date", function (l) { return new Intl.DateTimeFormat(l, { weekday: "short", day: "numeric", month: "short" }); });
    return f ? f.format(new Date(ms)) : new Date(ms).toDateString();
  }
  /** A date and time: when a progress file was saved. */
  function timeLabel(ms) {
    var f = format("time", function (l) { return new Intl.DateTimeFormat(l, { dateStyle: "long", timeStyle: "short" }); });
    return f ? f.format(new Date(ms)) : new Date(ms).toString();
  }
  /** A day `d` days from today: "today", "tomorrow", "in 6 days" (null where Intl cannot say it). */
  function relDay(d) {
    var f = format("rel", function (l) { return new Intl.RelativeTimeFormat(l, { numeric: "auto" }); });
    return f ? f.format(d, "day") : null;
  }
  /** How long until a new due date, on a rating button: "today", "tomorrow", "6 days". */
  function intervalLabel(due, t) {
    var d = Math.max(0, S.daysBetween(t, due));
    if (d > 1) {
      var f = format("days", function (l) { return new Intl.NumberFormat(l, { style: "unit", unit: "day", unitDisplay: "long" }); });
      if (f) return f.format(d);
    }
    return relDay(d) || dateLabel(due);
  }
  /** "tomorrow (Tue 3 Mar)", "in 6 days (…)", "later today", "now": when `rec` is due, seen from `t`. */
  function whenLabel(rec, t) {
    var days = S.daysBetween(t, rec.due), rel = relDay(days), date = dateLabel(rec.due);
    var when = rel === null ? date : T("schedule.when_date", { when: rel, date: date });
    if (rec.again && rec.due > t) return T("schedule.again_then", { when: rel === null ? date : rel, date: date });
    if (rec.due <= t) return T("schedule.now");
    return days <= 0 ? T("schedule.later_today") : when;
  }
  function stored(key, version) {
    var r = state().srs[key];
    return S.isRecord(r) && r.v === version ? r : null;
  }
  function schedule(key, q, meta) {
    var t = now(), res = S.grade(stored(key, meta.v), q, t);
    if (res.how !== "early") {
      res.rec.v = meta.v; res.rec.c = meta.c; res.rec.k = meta.k;
      state().srs[key] = res.rec;
      commit();
      refreshDue();
    }
    return res;
  }

  /* ---------- due counts: sidebar, index, progress page ---------- */
  function refreshDue() {
    var n = S.dueCount(state(), now(), chapterIds());
    $$("[data-review-due]").forEach(function (el) {
      el.textContent = n ? T("schedule.due", { n: n }) : "";
      el.setAttribute("data-count", String(n));
    });
  }
  function initSidebar() {
    var inner = $("[data-sidebar] .sidebar-inner");
    if (!inner || $(".side-review", inner)) return;
    inner.insertAdjacentHTML("afterbegin", '<p class="side-review"><a href="' + esc(href("review.html")) + '" data-review-link>' + esc(T("review.title")) + '<span class="review-due" data-review-due></span></a>' +
      '<a href="' + esc(href("progress.html")) + '">' + esc(T("site.progress")) + "</a></p>");
  }

  /* ---------- answers in chapters feed the queue ---------- */
  doc.addEventListener("lectern:answer", function (e) {
    var d = e.detail || {};
    if (!d.key) return;
    try { schedule(d.key, S.answerQuality(d.ok, d.hints), { v: d.version || "", c: d.chapter || "", k: d.kc ? "kc" : "sc" }); } catch (err) { if (window.console) console.error("lectern: review", err); }
  });

  /* ---------- interview cards as flashcards ---------- */
  // Each rating: its button's label, and what the card says once rated.
  var RATINGS = { again: ["flashcard.again", "flashcard.rated_again"], hard: ["flashcard.hard", "flashcard.rated_hard"], good: ["flashcard.good", "flashcard.rated_good"], easy: ["flashcard.easy", "flashcard.rated_easy"] };
  function initCards() {
    $$("details.card[data-card]").forEach(function (card) {
      var body = $(".card-body", card);
      if (!body || $("[data-card-rate]", card)) return;
      var key = card.getAttribute("data-card"), ver = card.getAttribute("data-version") || "";
      var chEl = card.closest("[data-chapter]"), ch = chEl ? chEl.getAttribute("data-chapter") : S.chapterOf(key);
      var id = (card.id || "card") + "-rate";
      var html = '<div class="card-block card-rate" data-card-rate><p class="card-label" id="' + esc(id) + '">' + esc(T("flashcard.rate")) + "</p>" +
        '<p class="card-rate-hint">' + I.html("flashcard.rate_hint", {}, { link_start: '<a href="' + esc(href("review.html")) + '">', link_end: "</a>" }) + "</p>" +
        '<div class="rate-buttons" role="group" aria-labelledby="' + esc(id) + '">' +
        Object.keys(RATINGS).map(function (r) { return '<button type="button" class="btn btn-small rate-' + r + '" data-rate="' + r + '">' + esc(T(RATINGS[r][0])) + "</button>"; }).join("") +
        '</div><p class="rate-status" role="status" data-rate-status></p></div>';
      var check = $(".card-check", body);
      if (check) check.insertAdjacentHTML("beforebegin", html); else body.insertAdjacentHTML("beforeend", html);
      var status = $("[data-rate-status]", card);
      var rec = stored(key, ver);
      if (rec) status.textContent = T("flashcard.next_review", { when: whenLabel(rec, now()) });
      $$("[data-rate]", card).forEach(function (b) {
        b.addEventListener("click", function () {
          var name = b.getAttribute("data-rate");
          var res = schedule(key, S.QUALITY[name], { v: ver, c: ch, k: "card" });
          var t = now();
          status.textContent = T(res.how === "early" ? "flashcard.not_due" : RATINGS[name][1], { when: whenLabel(res.rec, t) });
        });
      });
    });
  }

  // For review-pages.js (the review and progress pages): the reader record and the scheduling,
  // shared so both files read and write them the same way.
  S.ui = {
    state: state, commit: commit, schedule: schedule, refreshDue: refreshDue,
    href: href, dateLabel: dateLabel, timeLabel: timeLabel, whenLabel: whenLabel, intervalLabel: intervalLabel,
    chapters: chapters, run: run, strings: I, ratings: RATINGS
  };

  function run(name, fn) { try { fn(); } catch (e) { if (window.console) console.error("lectern: " + name, e); } }
  function initPage() {
    run("flashcards", initCards);
    run("review due", refreshDue);
  }
  run("review sidebar", initSidebar);
  initPage();
  // A single-file export shows its pages in place (export.js): start the new one's parts.
  doc.addEventListener("lectern:page", initPage);
  window.addEventListener("storage", function (ev) {
    if (ev.key !== L.key) return;
    run("review due", refreshDue);
  });
})();
