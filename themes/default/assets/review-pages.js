/* Lectern default theme: the review page and the progress page. The review queue (questions and
   cards due, asked and rated in place), progress per chapter, resets, and progress
   export/import. Only review.html and progress.html load it, after review.js, whose scheduler it
   extends (window.LecternReview) and whose reader-record helpers it uses (LecternReview.ui).
   Plain script (no modules, no network): works from file://.

   The first part is pure (no DOM, every function takes the time as an argument): the queue, the
   progress statistics and the progress-file logic, added to window.LecternReview in a browser;
   under Node, module.exports is review.js's exports with these added, and tests/js/ runs them
   with a fixed clock. */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module && module.exports) {
    var core = require("./review.js"), api = factory(core), all = {};
    Object.keys(core).forEach(function (k) { all[k] = core[k]; });
    Object.keys(api).forEach(function (k) { all[k] = api[k]; });
    module.exports = all;
  } else if (root.LecternReview) {
    var S = root.LecternReview, add = factory(S);
    Object.keys(add).forEach(function (k) { S[k] = add[k]; });
  }
})(typeof self !== "undefined" ? self : this, function (R) {
  "use strict";

  var records = R.records, isDue = R.isDue, isRecord = R.isRecord, isAnswer = R.isAnswer;
  // Maps keyed by ids are prototype-less and JSON from outside is read into them (lectern.js,
  // "dict"): a progress file's "__proto__" or "constructor" is then a key like any other.
  var dict = R.dict, copy = R.copy, readJSON = R.readJSON;
  function has(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }
  function isObj(o) { return !!o && typeof o === "object" && !Array.isArray(o); }
  function isNum(n) { return typeof n === "number" && isFinite(n); }
  function keys(o) { return isObj(o) ? Object.keys(o) : []; }
  // The four parts of the record that hold progress, each a dict (a copy of `p`'s, or empty).
  function parts(p) {
    return { obj: copy(isObj(p.obj) ? p.obj : {}), ans: copy(isObj(p.ans) ? p.ans : {}), seen: copy(isObj(p.seen) ? p.seen : {}), srs: copy(isObj(p.srs) ? p.srs : {}) };
  }

  /**
   * The review queue for `data` (window.LECTERN_REVIEW) at `now`: `due` (in the order to ask
   * them: overdue first, items failed today last), `later` (by due date) and `stale` (keys whose
   * question changed since the schedule was made: their answers no longer apply).
   * Each entry is `{ key, rec, item, chapter }`.
   */
  function buildQueue(state, data, now) {
    var index = dict(), recs = records(state), due = [], later = [], stale = [];
    ((data && data.chapters) || []).forEach(function (ch) {
      (ch.items || []).forEach(function (it) { index[it.key] = { item: it, chapter: ch }; });
    });
    keys(recs).forEach(function (k) {
      var found = index[k];
      if (!found) return; // not in this build of the book (a removed or draft chapter)
      if (found.item.v !== recs[k].v) { stale.push(k); return; }
      var e = { key: k, rec: recs[k], item: found.item, chapter: found.chapter };
      (isDue(recs[k], now) ? due : later).push(e);
    });
    function order(e) { return e.rec.again && e.rec.due > now ? e.rec.t : e.rec.due; }
    due.sort(function (a, b) { return order(a) - order(b) || (a.key < b.key ? -1 : 1); });
    later.sort(function (a, b) { return a.rec.due - b.rec.due || (a.key < b.key ? -1 : 1); });
    return { due: due, later: later, stale: stale };
  }

  /* ---------- progress per chapter ---------- */
  function count(o) { return keys(o).length; }

  /** What the reader has done in chapter `ch` (an entry of window.LECTERN_BOOK.chapters). */
  function chapterStats(state, ch) {
    var s = { objectives: 0, correct: 0, answered: 0, selfChecks: 0, cards: 0, hinted: 0 };
    var obj = isObj(state.obj) && isObj(state.obj[ch.id]) ? state.obj[ch.id] : dict();
    s.objectives = Math.min(count(obj), ch.objectives || 0);
    keys(state.ans).forEach(function (k) {
      var a = state.ans[k];
      if (!isObj(a) || a.c !== ch.id) return;
      if (a.kc) { s.answered++; if (a.ok) s.correct++; } else s.selfChecks++;
      if (a.kc && a.ok && a.h > 0) s.hinted++; // right knowledge-check answers that took a hint
    });
    keys(state.srs).forEach(function (k) {
      var r = state.srs[k];
      if (isObj(r) && r.k === "card" && r.c === ch.id) s.cards++;
    });
    s.answered = Math.min(s.answered, ch.checks || 0);
    s.correct = Math.min(s.correct, s.answered);
    s.hinted = Math.min(s.hinted, s.correct);
    s.selfChecks = Math.min(s.selfChecks, ch.self_checks || 0);
    s.cards = Math.min(s.cards, ch.questions || 0);
    return s;
  }

  function belongs(key, id) { return key.indexOf(id + "#") === 0; }

  /** Forgets everything the reader did in chapter `id`; returns how much of each was removed. */
  function resetChapter(state, id) {
    var removed = { obj: 0, ans: 0, seen: 0, srs: 0 };
    if (isObj(state.obj) && has(state.obj, id)) { removed.obj = count(state.obj[id]); delete state.obj[id]; }
    ["ans", "seen", "srs"].forEach(function (part) {
      keys(state[part]).forEach(function (k) {
        var v = state[part][k];
        if (belongs(k, id) || (isObj(v) && v.c === id)) { delete state[part][k]; removed[part]++; }
      });
    });
    return removed;
  }

  /** Forgets the reader's whole progress in the book (the colour theme and seed stay). */
  function resetAll(state) {
    var removed = totals(state);
    state.obj = dict(); state.ans = dict(); state.seen = dict(); state.srs = dict();
    return removed;
  }

  /** How many objective ticks, answers, opened cards and schedules `p` holds. */
  function totals(p) {
    var t = { obj: 0, ans: count(p.ans), seen: count(p.seen), srs: count(p.srs) };
    keys(p.obj).forEach(function (c) { t.obj += count(p.obj[c]); });
    return t;
  }

  /* ---------- progress files ---------- */
  var FILE_FORMAT = "lectern-progress", FILE_VERSION = 1;

  /** The reader's progress as a file (an object to serialise as JSON). */
  function progressFile(state, book, now) {
    return {
      format: FILE_FORMAT, version: FILE_VERSION, book: book.id, title: book.title || "",
      exported: new Date(now).toISOString(),
      progress: parts(state)
    };
  }

  function fail(key, vars) { return { ok: false, error: key, vars: vars || {} }; }

  /**
   * Reads a progress file's text for the book `bookId`: `{ ok: true, file, progress }`, or
   * `{ ok: false, error, vars }`, `error` the key of the sentence for the reader (an interface
   * string, `progress_file.*`) and `vars` its placeholders. Anything not exactly as written by
   * progressFile() is refused as a whole, so a bad file can never change anything.
   */
  function parseProgressFile(text, bookId, bookTitle) {
    if (typeof text !== "string" || !text.trim()) return fail("progress_file.empty");
    if (text.length > 20 * 1024 * 1024) return fail("progress_file.too_large");
    var f;
    try { f = readJSON(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text); } catch (e) {
      return fail("progress_file.not_json");
    }
    if (!isObj(f) || f.format !== FILE_FORMAT) return fail("progress_file.not_progress");
    if (!isNum(f.version)) return fail("progress_file.no_version");
    if (f.version > FILE_VERSION) return fail("progress_file.newer", { version: f.version, supported: FILE_VERSION });
    if (f.version !== FILE_VERSION) return fail("progress_file.unsupported", { version: f.version });
    if (typeof f.book !== "string") return fail("progress_file.no_book");
    if (f.book !== bookId) {
      var theirs = typeof f.title === "string" && f.title ? f.title : f.book;
      return bookTitle ? fail("progress_file.other_book", { theirs: theirs, title: bookTitle }) : fail("progress_file.other_book_untitled", { theirs: theirs });
    }
    if (f.exported !== undefined && (typeof f.exported !== "string" || isNaN(Date.parse(f.exported)))) return fail("progress_file.bad_date");
    var p = f.progress;
    if (!isObj(p)) return fail("progress_file.no_progress");
    var bad = null;
    ["obj", "ans", "seen", "srs"].forEach(function (part) {
      if (!bad && p[part] !== undefined && !isObj(p[part])) bad = fail("progress_file.bad_part", { part: part });
    });
    keys(p.obj).forEach(function (c) {
      if (bad) return;
      if (!isObj(p.obj[c])) { bad = fail("progress_file.bad_objectives", { chapter: c }); return; }
      keys(p.obj[c]).forEach(function (k) { if (!bad && p.obj[c][k] !== 1) bad = fail("progress_file.bad_tick", { key: k }); });
    });
    keys(p.ans).forEach(function (k) { if (!bad && !isAnswer(p.ans[k])) bad = fail("progress_file.bad_answer", { key: k }); });
    keys(p.seen).forEach(function (k) { if (!bad && typeof p.seen[k] !== "string") bad = fail("progress_file.bad_card", { key: k }); });
    keys(p.srs).forEach(function (k) { if (!bad && !isRecord(p.srs[k])) bad = fail("progress_file.bad_schedule", { key: k }); });
    if (bad) return bad;
    return { ok: true, file: f, progress: parts(p) };
  }

  /** The result of merging `incoming` into `current`: the union; where both have an entry, the more recent one. */
  function mergeProgress(current, incoming) {
    var out = parts(current);
    keys(incoming.obj).forEach(function (c) {
      if (!isObj(out.obj[c])) out.obj[c] = dict();
      keys(incoming.obj[c]).forEach(function (k) { out.obj[c][k] = 1; });
    });
    ["ans", "srs"].forEach(function (part) {
      keys(incoming[part]).forEach(function (k) {
        var mine = out[part][k], theirs = incoming[part][k];
        if (!isObj(mine) || !isNum(mine.t) || theirs.t > mine.t) out[part][k] = copy(theirs);
      });
    });
    keys(incoming.seen).forEach(function (k) { if (!has(out.seen, k)) out.seen[k] = incoming.seen[k]; });
    return out;
  }

  /** The reader's progress after importing `incoming` into `current` by `mode`, "merge" or "replace" (new objects: neither is changed). */
  function importProgress(current, incoming, mode) {
    return mode === "merge" ? mergeProgress(current, incoming) : parts(incoming);
  }

  /**
   * What importing `incoming` would change, computed from the very results importProgress()
   * gives, so that the preview says what the import does: `{ merge: {added, updated, after},
   * replace: {after}, current, incoming }`, counts by part (`after`: what the reader then has).
   */
  function planImport(current, incoming) {
    var merged = importProgress(current, incoming, "merge"), mine = parts(current);
    var added = { obj: 0, ans: 0, seen: 0, srs: 0 }, updated = { obj: 0, ans: 0, seen: 0, srs: 0 };
    keys(merged.obj).forEach(function (c) {
      keys(merged.obj[c]).forEach(function (k) { if (!(isObj(mine.obj[c]) && has(mine.obj[c], k))) added.obj++; });
    });
    ["ans", "seen", "srs"].forEach(function (part) {
      keys(merged[part]).forEach(function (k) {
        var cur = mine[part];
        if (!has(cur, k)) added[part]++;
        else if (JSON.stringify(cur[k]) !== JSON.stringify(merged[part][k])) updated[part]++;
      });
    });
    return {
      merge: { added: added, updated: updated, after: totals(merged) }, replace: { after: totals(importProgress(current, incoming, "replace")) },
      current: totals(current), incoming: totals(incoming)
    };
  }

  return {
    buildQueue: buildQueue,
    chapterStats: chapterStats, resetChapter: resetChapter, resetAll: resetAll, totals: totals,
    progressFile: progressFile, parseProgressFile: parseProgressFile, mergeProgress: mergeProgress,
    importProgress: importProgress, planImport: planImport
  };
});

/* ---------- the pages: everything below needs a browser, lectern.js and review.js ---------- */
(function () {
  "use strict";
  if (typeof document === "undefined" || typeof window === "undefined") return;
  var S = window.LecternReview, L = window.Lectern, U = S && S.ui;
  if (!U || typeof S.buildQueue !== "function" || !L || typeof L.state !== "function") return;
  var doc = document, BOOK = window.LECTERN_BOOK || null;
  var state = U.state, commit = U.commit, schedule = U.schedule, refreshDue = U.refreshDue, href = U.href;
  var dateLabel = U.dateLabel, timeLabel = U.timeLabel, whenLabel = U.whenLabel, intervalLabel = U.intervalLabel, chapters = U.chapters, run = U.run;
  // The interface strings (lectern.js's, through review.js).
  var I = U.strings, T = I.t, TH = I.html;
  var pageRefresh = null; // the review or progress page's refresh, after a change in another tab

  function $(sel, el) { return (el || doc).querySelector(sel); }
  function $$(sel, el) { return Array.prototype.slice.call((el || doc).querySelectorAll(sel)); }
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function now() { return Date.now(); }
  // The page's own strings (its tables are not in book-data.js, which every page loads).
  function pageStrings(page) {
    try { if (L.addStrings) L.addStrings(JSON.parse(page.getAttribute("data-strings") || "{}")); } catch (e) { /* keep the keys */ }
  }
  function textOf(html) { var d = doc.createElement("div"); d.innerHTML = html; return d.textContent.replace(/\s+/g, " ").trim(); }

  /* ---------- URLs inside question HTML are relative to their chapter page ---------- */
  var SITE = "http://lectern.invalid/";
  function rebase(html, chapterUrl) {
    var tpl = doc.createElement("template");
    tpl.innerHTML = html;
    var exported = doc.documentElement.hasAttribute("data-export");
    $$("[href], [src]", tpl.content).forEach(function (el) {
      ["href", "src"].forEach(function (attr) {
        var v = el.getAttribute(attr);
        if (v === null || /^([a-z][a-z0-9+.-]*:|\/)/i.test(v)) return;
        try {
          // The address within the site, then from this page (a route in a single-file export,
          // where only pages can be reached).
          var u = new URL(v, SITE + chapterUrl), path = u.pathname.slice(1);
          if (exported && !/\.html$/.test(path)) return;
          el.setAttribute(attr, href(path) + (exported ? "" : u.search) + u.hash);
        } catch (e) { /* leave it */ }
      });
    });
    var d = doc.createElement("div");
    d.appendChild(tpl.content);
    return d.innerHTML;
  }

  /* ---------- the review page ---------- */
  var KIND_LABEL = { kc: "knowledge_check.title", sc: "question.self_check", card: "review_page.card" };
  function kindLabel(t) { return KIND_LABEL[t] ? T(KIND_LABEL[t]) : ""; }
  function initReviewPage() {
    var page = $("[data-review-page]");
    if (!page) return;
    pageStrings(page);
    var DATA = window.LECTERN_REVIEW;
    var summary = $("[data-review-summary]", page), current = $("[data-review-current]", page);
    var slot = $("[data-review-item]", page), upcoming = $("[data-review-upcoming]", page), list = $("[data-review-list]", page);
    $$("[data-needs-script]", page).forEach(function (e) { e.hidden = true; });
    if (!DATA || !Array.isArray(DATA.chapters)) {
      summary.textContent = T("review_page.no_data");
      return;
    }
    var lastMessage = "";

    function queue() {
      var s = state(), q = S.buildQueue(s, DATA, now());
      if (q.stale.length) {
        q.stale.forEach(function (k) { delete s.srs[k]; if (s.ans[k] && s.ans[k].v !== undefined) delete s.ans[k]; });
        commit();
        q = S.buildQueue(s, DATA, now());
      }
      return q;
    }

    function render(focus) {
      var q = queue(), t = now();
      var parts = [];
      if (lastMessage) parts.push(lastMessage);
      if (q.due.length) parts.push(q.later.length ? T("review_page.due_and_later", { n: q.due.length, later: q.later.length }) : T("review_page.due", { n: q.due.length }));
      else if (q.later.length) parts.push(T("review_page.next", { when: whenLabel(q.later[0].rec, t) }));
      else parts.push(T("review_page.empty"));
      summary.textContent = parts.join(" ");
      lastMessage = "";
      if (q.due.length) { current.hidden = false; show(q.due[0], focus); } else { current.hidden = true; slot.innerHTML = ""; }
      var rest = q.due.slice(1).concat(q.later);
      upcoming.hidden = !rest.length;
      list.innerHTML = rest.slice(0, 100).map(function (e) {
        return '<li data-review-entry="' + esc(e.key) + '"><span class="rv-when">' + esc(whenLabel(e.rec, t)) + '</span> <a href="' + esc(href(e.chapter.url) + "#" + (e.item.of ? e.item.of.anchor : e.item.anchor)) + '">' +
          esc(textOf(e.item.prompt).slice(0, 140)) + '</a> <span class="rv-src">' + esc(kindLabel(e.item.t)) + " · " + esc(e.chapter.title) + "</span></li>";
      }).join("") + (rest.length > 100 ? '<li class="rv-more">' + esc(T("review_page.more", { n: rest.length - 100 })) + "</li>" : "");
    }

    // The answering part of an order or match item (its `arrange` data) as HTML, as
    // arrange-input.html writes it on chapter pages, ids prefixed with `idp`; arrange.js drives it.
    function arrangeHTML(it, idp) {
      var a = it.arrange || {}, out;
      if (it.kind === "order") {
        out = '<div class="q-arrange q-order-box" data-arrange="order"' + (a.indent ? " data-indent" : "") + '><p class="q-hint" id="' + idp + '-hint">' + esc(T("order.hint")) +
          (a.distractors ? " " + esc(T("order.hint_unused")) : "") + (a.indent ? " " + esc(T("order.hint_indent")) : "") + "</p>" +
          '<ol class="q-seq' + (a.indent ? ' is-code" dir="ltr' : "") + '" aria-labelledby="' + idp + '-prompt" aria-describedby="' + idp + '-hint" data-order-list>' +
          (a.start || []).map(function (i) {
            var l = a.lines[i];
            return '<li class="q-line" data-line="' + esc(l.key) + '" data-same="' + esc(l.same) + '"><span class="q-line-text" id="' + idp + "-l-" + esc(l.key) + '">' + l.html + "</span></li>";
          }).join("") + "</ol>" +
          (a.distractors ? '<div class="q-unused" data-unused hidden><p class="q-unused-title" id="' + idp + '-unused">' + esc(T("order.unused")) + '</p><ul class="q-seq' + (a.indent ? ' is-code" dir="ltr' : "") + '" aria-labelledby="' + idp + '-unused" data-unused-list></ul></div>' : "") + "</div>";
      } else {
        out = '<div class="q-arrange q-match-box" data-arrange="match"><p class="q-hint" id="' + idp + '-hint">' + esc(T("match.hint")) + ((a.rights || []).length > (a.pairs || []).length ? " " + esc(T("match.hint_unused")) : "") + "</p>" +
          '<ul class="q-pairs" aria-labelledby="' + idp + '-prompt" aria-describedby="' + idp + '-hint">' +
          (a.pairs || []).map(function (p, i) {
            return '<li class="q-pair" data-pair="' + esc(p.right) + '"><label class="q-pair-left" for="' + idp + "-m" + i + '">' + p.left_html + '</label> <select class="q-pair-select" id="' + idp + "-m" + i + '" data-pair-select><option value="">' + esc(T("match.choose")) + "</option>" +
              (a.rights || []).map(function (r) { return '<option value="' + esc(r.key) + '">' + esc(r.text) + "</option>"; }).join("") + "</select></li>";
          }).join("") + "</ul></div>";
      }
      return out;
    }

    function ratingButtons(names, rec, t) {
      return names.map(function (n) {
        var r = S.grade(rec, S.QUALITY[n], t).rec;
        return '<button type="button" class="btn rate-' + n + '" data-rate="' + n + '">' + esc(T(U.ratings[n][0])) + '<span class="rv-ivl"> · ' + esc(intervalLabel(n === "again" ? t : r.due, t)) + "</span></button>";
      }).join("");
    }

    function show(e, focus) {
      var it = e.item, ch = e.chapter, t = now(), link = href(ch.url) + "#" + (it.of ? it.of.anchor : it.anchor);
      var level = it.diff ? T("difficulty." + it.diff) : "";
      var head = '<header class="rv-head"><p class="rv-kind"><span class="tag">' + esc(kindLabel(it.t)) + "</span>" +
        (it.diff ? ' <span class="tag diff diff-' + esc(it.diff) + '"><span class="visually-hidden">' + esc(T("review_page.difficulty", { level: level })) +
          '</span><span aria-hidden="true">' + esc(level) + "</span></span>" : "") +
        ' <span class="rv-due">' + esc(e.rec.again ? T("review_page.repeat_today") : S.daysBetween(e.rec.due, t) > 0 ? T("review_page.due_since", { date: dateLabel(e.rec.due) }) : T("review_page.due_today")) + "</span></p>" +
        '<h3 class="rv-from" id="rv-item-title" tabindex="-1">' + TH("review_page.from", {}, { chapter: '<a href="' + esc(link) + '">' + esc(ch.title) + "</a>" }) + "</h3></header>";
      var html = '<article class="rv-item" data-review-key="' + esc(e.key) + '" data-review-type="' + esc(it.t) + '" aria-labelledby="rv-item-title">' + head;
      if (it.t === "card") {
        html += '<div class="rv-prompt rv-card-q" id="rv-prompt">' + rebase(it.prompt, ch.url) + "</div>" +
          '<p class="rv-hint">' + esc(T("review_page.card_hint")) + "</p>" +
          '<p class="rv-actions"><button type="button" class="btn btn-primary" data-review-reveal aria-expanded="false" aria-controls="rv-answer">' + esc(T("question.show_answer")) + "</button></p>" +
          '<div class="rv-answer" id="rv-answer" hidden><div class="card-answer">' + rebase(it.answer || "", ch.url) + "</div>" +
          (it.covers && it.covers.length ? '<div class="card-block card-covers"><p class="card-label" id="rv-covers">' + esc(T("card.covers")) + '</p><ul aria-labelledby="rv-covers">' +
            it.covers.map(function (c) { return "<li>" + rebase(c, ch.url) + "</li>"; }).join("") + "</ul></div>" : "") + "</div>" +
          '<div class="rv-rate" data-review-rate hidden><p class="rv-rate-label" id="rv-rate-label">' + esc(T("review_page.rate_card")) + '</p><div class="rate-buttons" role="group" aria-labelledby="rv-rate-label">' +
          ratingButtons(["again", "hard", "good", "easy"], e.rec, t) + "</div></div>";
      } else {
        var kind = it.kind, multiple = kind === "multiple", qt = it.qt || {}, num = qt.numeric;
        if (it.of) html += '<p class="rv-of">' + TH("review_page.on_card", {}, { card: '<span class="rv-of-q">' + rebase(it.of.q, ch.url) + "</span>" }) + "</p>";
        // What qtypes.js reads (as on the chapter's page): the words, a numeric answer, a trace's pattern and real output or error.
        html += '<div class="q q-' + esc(kind) + ' is-live" data-review-question' + (qt.strings ? ' data-qt-strings="' + esc(qt.strings) + '"' : "") +
          (num ? ' data-answer="' + esc(num.answer) + '" data-tolerance="' + esc(num.tolerance) + '" data-unit="' + esc(num.unit) + '"' : "") +
          (qt.regex ? ' data-regex="' + esc(qt.regex) + '"' : "") + (it.compiles ? " data-compiles" : "") + (qt.detail ? ' data-detail="' + esc(qt.detail) + '"' : "") + ">" +
          '<div class="q-prompt" id="rv-prompt">' + rebase(it.prompt, ch.url) + "</div>";
        var field = it.ml ? '<textarea class="q-input" id="rv-input" rows="3" aria-describedby="rv-prompt" autocomplete="off" autocapitalize="off" spellcheck="false"></textarea>'
          : '<input class="q-input" type="text" id="rv-input" aria-describedby="rv-prompt" autocomplete="off" autocapitalize="off" spellcheck="false">';
        if (it.program) html += '<div class="q-program">' + rebase(it.program, ch.url) + "</div>";
        if (it.arrange && L.kinds && L.kinds[kind]) html += arrangeHTML(it, "rv");
        else if (kind === "short_answer" || num) {
          html += '<div class="q-short"><label class="q-short-label" for="rv-input">' + esc(T("question.your_answer")) + "</label>" + field + (num && num.unit ? ' <span class="q-unit">' + esc(num.unit) + "</span>" : "") + "</div>";
        } else if (kind === "fill") {
          html += '<div class="q-fill" role="group" aria-labelledby="rv-prompt">' + rebase(String(qt.fill_html || "").replace(/@@QID@@/g, "rv"), ch.url) + "</div>";
        } else {
          var opts = it.options || [];
          if (it.shuffle && typeof L.shuffled === "function") opts = L.shuffled(opts, state().seed + "|" + it.key);
          html += '<fieldset class="q-options" aria-labelledby="rv-prompt">' + (multiple ? '<p class="q-hint">' + esc(T("question.select_all")) + "</p>" : "") + '<ul class="q-list">' +
            opts.map(function (o, i) {
              return '<li class="q-opt" data-option="' + esc(o.id) + '"><input type="' + (multiple ? "checkbox" : "radio") + '" name="rv-opt" id="rv-opt-' + i + '" value="' + esc(o.id) + '"> <label for="rv-opt-' + i + '">' + rebase(o.html, ch.url) + "</label></li>";
            }).join("") + "</ul></fieldset>";
          if (kind === "trace" && (it.accepted || []).length) html += '<div class="q-short"><label class="q-short-label" for="rv-input">' + esc(T("question.trace_either")) + "</label>" + field + "</div>";
        }
        if ((qt.hints_html || []).length) html += '<details class="q-hints" id="rv-hints" data-hints><summary></summary><ol class="q-hint-list">' +
          qt.hints_html.map(function (h) { return "<li>" + rebase(h, ch.url) + "</li>"; }).join("") + "</ol></details>";
        html += '<div class="q-feedback" role="status" data-feedback></div><div class="q-actions"><button type="button" class="btn btn-primary" data-check>' + esc(T("question.check")) + "</button></div></div>" +
          '<div class="rv-rate" data-review-rate hidden><p class="rv-rate-label" id="rv-rate-label">' + esc(T("review_page.rate_question")) + '</p><div class="rate-buttons" role="group" aria-labelledby="rv-rate-label">' +
          ratingButtons(["hard", "good", "easy"], e.rec, t) + "</div></div>" +
          '<p class="rv-actions" data-review-next-wrap hidden><button type="button" class="btn btn-primary" data-review-next>' + esc(T("review_page.next_item")) + "</button></p>";
      }
      html += "</article>";
      slot.innerHTML = html;
      wire(e);
      if (focus) { var h = $("#rv-item-title", slot); if (h) h.focus(); }
    }

    function rate(e, name) {
      var res = schedule(e.key, S.QUALITY[name], { v: e.item.v, c: e.chapter.id, k: e.item.t === "card" ? "card" : e.item.t });
      lastMessage = T("review_page.rated", { prompt: textOf(e.item.prompt).slice(0, 80), when: whenLabel(res.rec, now()) });
      render(true);
    }

    function wire(e) {
      var it = e.item, root = $(".rv-item", slot), rateBox = $("[data-review-rate]", root);
      $$("[data-rate]", root).forEach(function (b) { b.addEventListener("click", function () { rate(e, b.getAttribute("data-rate")); }); });
      if (it.t === "card") {
        var reveal = $("[data-review-reveal]", root);
        reveal.addEventListener("click", function () {
          $("#rv-answer", root).hidden = false; rateBox.hidden = false;
          reveal.setAttribute("aria-expanded", "true"); reveal.hidden = true;
          var first = $('[data-rate="good"]', rateBox); if (first) first.focus();
        });
        return;
      }
      var fb = $("[data-feedback]", root), checkBtn = $("[data-check]", root), input = $(".q-input", root);
      var nextWrap = $("[data-review-next-wrap]", root), qroot = $("[data-review-question]", root);
      // What the question kinds' own scripts add, through lectern.js's registry as on the
      // chapter's page: qtypes.js (numeric, fill, a trace's pattern and real output, hints) and
      // arrange.js (order, match).
      var ext = qroot && typeof L.extend === "function" ? L.extend(qroot, it.kind, { item: it }) : {};
      if (ext.set) ext.set([]);
      if (ext.enter) ext.enter(check);
      function norm(s) { return String(s).toLowerCase().replace(/\s+/g, " ").trim(); }
      function tnorm(s) { return String(s).split("\n").map(function (l) { return l.replace(/\s+$/, ""); }).join("\n").replace(/^\n+|\n+$/g, ""); }
      function check() {
        var ok, chosen = [], trace = it.kind === "trace", want = (it.accepted || [])[0], g = null, sel = null;
        if (ext.grade) {
          sel = ext.sel ? ext.sel() : input.value; g = ext.grade(sel);
          if (!g) { fb.innerHTML = '<p class="q-result is-info">' + esc(ext.empty(sel)) + "</p>"; return; }
          ok = g.ok;
        } else if (trace) {
          chosen = $$(".q-opt input", root).filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
          if (!chosen.length || (input && !input.value.trim())) { fb.innerHTML = '<p class="q-result is-info">' + esc(T("feedback.trace_first")) + "</p>"; return; }
          var yes = chosen[0] === it.options[0].id;
          ok = yes === !!it.compiles && (want === undefined || (yes ? tnorm(input.value) === want || (!!ext.match && ext.match(input.value)) : String(parseInt(input.value, 10)) === want));
          g = { ok: ok };
        } else if (input) {
          var v = norm(input.value);
          if (!v) { fb.innerHTML = '<p class="q-result is-info">' + esc(T("feedback.type_first")) + "</p>"; return; }
          ok = (it.accepted || []).indexOf(v) >= 0;
        } else {
          chosen = $$(".q-opt input", root).filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
          if (!chosen.length) { fb.innerHTML = '<p class="q-result is-info">' + esc(T("feedback.choose_first")) + "</p>"; return; }
          ok = (it.options || []).every(function (o) { return !!o.correct === chosen.indexOf(o.id) >= 0; });
          (it.options || []).forEach(function (o) {
            var li = $('.q-opt[data-option="' + (window.CSS && CSS.escape ? CSS.escape(o.id) : o.id) + '"]', root);
            if (!li) return;
            var picked = chosen.indexOf(o.id) >= 0, cls = o.correct && picked ? "is-right" : !o.correct && picked ? "is-wrong" : o.correct ? "is-missed" : "is-other";
            if (cls !== "is-other") li.classList.add(cls);
            var mark = cls === "is-right" ? ["✓", "question.correct"] : cls === "is-missed" ? ["!", it.kind === "multiple" ? "feedback.missed" : "feedback.correct_answer"] : ["✗", "question.wrong"];
            // Lectern's verdict as a badge of its own, then the author's explanation (inline Markdown).
            li.insertAdjacentHTML("beforeend", '<div class="q-note ' + cls + '"><p class="q-mark"><span class="q-icon" aria-hidden="true">' + mark[0] + "</span>" + esc(T(mark[1])) + "</p>" +
              (o.explanation_html ? '<div class="q-why-text"><p>' + rebase(o.explanation_html, e.chapter.url) + "</p></div>" : "") + "</div>");
          });
        }
        var fs = $(".q-options", root); if (fs) fs.disabled = true;
        if (input) input.readOnly = true;
        if (ext.lock) ext.lock(true);
        checkBtn.hidden = true;
        var wrong, accepted = it.accepted || [];
        if (trace) {
          var key = it.compiles ? (want !== undefined ? "question.compiles_prints" : "question.compiles") : want !== undefined ? "question.fails_on_line" : "question.fails";
          wrong = esc(T("feedback.trace_wrong", { answer: T(key, { line: want === undefined || isNaN(+want) ? want : +want }) })) + (it.compiles && want !== undefined ? '</p><pre class="q-output">' + esc(want) + "</pre><p hidden>" : "");
        } else if (input) wrong = esc(T("feedback.not_accepted", { n: accepted.length, answers: I.list(accepted.map(function (a) { return T("feedback.quoted", { text: a }); })) }));
        else wrong = esc(T("feedback.not_quite"));
        var verdict = ext.msg ? '<p class="q-result ' + (ok ? "is-right" : "is-wrong") + '">' + ext.msg(sel, g) + "</p>"
          : ok ? '<p class="q-result is-right"><span class="q-icon" aria-hidden="true">✓</span>' + esc(T("feedback.right")) + "</p>"
          : '<p class="q-result is-wrong"><span class="q-icon" aria-hidden="true">✗</span>' + wrong + "</p>";
        fb.innerHTML = verdict;
        if (ext.after) ext.after(sel, g, fb);
        if (it.expl) fb.insertAdjacentHTML("beforeend", '<div class="q-explain">' + rebase(it.expl, e.chapter.url) + "</div>");
        // A right answer after a hint is rated "hard" at best (SM-2 quality 3, as in chapters).
        var used = ext.hints ? ext.hints() : 0;
        if (ok && used) {
          fb.insertAdjacentHTML("beforeend", '<p class="rv-hinted">' + esc(T("hint.used", { n: used })) + "</p>");
          $$("[data-rate]", rateBox).forEach(function (b) { b.hidden = b.getAttribute("data-rate") !== "hard"; });
        }
        if (ok) {
          rateBox.hidden = false;
          var good = $(used ? '[data-rate="hard"]' : '[data-rate="good"]', rateBox); if (good) good.focus();
        } else {
          var res = schedule(e.key, S.QUALITY.again, { v: it.v, c: e.chapter.id, k: it.t });
          fb.insertAdjacentHTML("beforeend", '<p class="rv-again" data-review-scheduled>' + esc(T("review_page.comes_back", { when: whenLabel(res.rec, now()) })) + "</p>");
          nextWrap.hidden = false;
          $("[data-review-next]", root).focus();
        }
      }
      checkBtn.addEventListener("click", check);
      if (input) input.addEventListener("keydown", function (ev) { if (ev.key === "Enter" && !input.readOnly && input.tagName !== "TEXTAREA") { ev.preventDefault(); check(); } });
      $("[data-review-next]", root).addEventListener("click", function () { render(true); });
    }

    render(false);
    pageRefresh = function () { if (!$(".rv-item [data-feedback] .q-result", slot)) render(false); };
  }

  /* ---------- the progress page ---------- */
  function initProgressPage() {
    var page = $("[data-progress-page]");
    if (!page) return;
    pageStrings(page);
    var chs = S.dict();
    chapters().forEach(function (c) { chs[c.id] = c; });
    $$("[data-needs-script]", page).forEach(function (e) { e.hidden = true; });
    $$("[data-progress-summary], [data-progress-move], [data-reset-chapter], [data-reset-book]", page).forEach(function (e) { e.hidden = false; });

    function frac(done, total) { return total ? T("progress_page.fraction", { n: done, total: total }) : "—"; }
    function fill() {
      var s = state(), sum = { objectives: 0, objTotal: 0, correct: 0, answered: 0, checks: 0, selfChecks: 0, scTotal: 0, cards: 0, cardTotal: 0 };
      $$("[data-progress-row]", page).forEach(function (row) {
        var id = row.getAttribute("data-progress-row"), c = chs[id];
        if (!id || !c) return;
        // A chapter with nothing to track (no objectives, questions or cards) has no row.
        row.hidden = !((c.objectives || 0) + (c.checks || 0) + (c.self_checks || 0) + (c.questions || 0));
        var st = S.chapterStats(s, c);
        sum.objectives += st.objectives; sum.objTotal += c.objectives || 0;
        sum.correct += st.correct; sum.answered += st.answered; sum.checks += c.checks || 0;
        sum.selfChecks += st.selfChecks; sum.scTotal += c.self_checks || 0;
        sum.cards += st.cards; sum.cardTotal += c.questions || 0;
        cells(row, st.objectives, c.objectives || 0, st.correct, st.answered, c.checks || 0, st.selfChecks, c.self_checks || 0, st.cards, c.questions || 0, st.hinted);
        sum.hinted = (sum.hinted || 0) + st.hinted;
      });
      var foot = $('[data-progress-row=""]', page);
      if (foot) cells(foot, sum.objectives, sum.objTotal, sum.correct, sum.answered, sum.checks, sum.selfChecks, sum.scTotal, sum.cards, sum.cardTotal, sum.hinted || 0);
      var tot = { objectives: frac(sum.objectives, sum.objTotal), checks: frac(sum.correct, sum.checks), "self-checks": frac(sum.selfChecks, sum.scTotal), cards: frac(sum.cards, sum.cardTotal) };
      $$("[data-total]", page).forEach(function (el) { el.textContent = tot[el.getAttribute("data-total")] || "—"; });
      refreshDue();
    }
    function cells(row, o, ot, right, answered, ct, sc, st, cards, cardt, hinted) {
      function set(name, text, done) {
        var td = $('[data-cell="' + name + '"]', row);
        if (!td) return;
        td.textContent = text;
        td.classList.toggle("is-done", !!done);
      }
      set("objectives", frac(o, ot), ot && o >= ot);
      set("checks", ct ? T(answered > right ? "progress_page.right_of_answered" : "progress_page.right", { n: right, total: ct, answered: answered }) +
        (hinted ? T("question.list_separator") + T("hint.with_hints", { n: hinted }) : "") : "—", ct && right >= ct);
      set("self-checks", frac(sc, st), st && sc >= st);
      set("cards", frac(cards, cardt), cardt && cards >= cardt);
    }

    /* reset, with a confirmation in a native modal <dialog> (window.confirm where there is none) */
    var dialog = $("[data-confirm]", page), resetStatus = $("[data-reset-status]", page), pending = null;
    function describe(t) {
      var parts = [];
      if (t.obj) parts.push(T("progress_page.objectives", { n: t.obj }));
      if (t.ans) parts.push(T("progress_page.answers", { n: t.ans }));
      if (t.seen) parts.push(T("progress_page.cards", { n: t.seen }));
      if (t.srs) parts.push(T("progress_page.schedules", { n: t.srs }));
      return parts.length ? I.list(parts) : T("progress_page.nothing");
    }
    function preview(id) {
      var copy = S.copy({ obj: state().obj, ans: state().ans, seen: state().seen, srs: state().srs });
      return id === null ? S.resetAll(copy) : S.resetChapter(copy, id);
    }
    function ask(title, text, okLabel, action) {
      if (!dialog || typeof dialog.showModal !== "function") { if (window.confirm(title + "\n\n" + text)) action(); return; }
      $("[data-confirm-title]", dialog).textContent = title;
      $("[data-confirm-text]", dialog).textContent = text;
      $("[data-confirm-ok]", dialog).textContent = okLabel;
      pending = action;
      dialog.showModal();
      $("[data-confirm-cancel]", dialog).focus();
    }
    if (dialog) {
      $("[data-confirm-ok]", dialog).addEventListener("click", function () { var a = pending; pending = null; dialog.close("ok"); if (a) a(); });
      $("[data-confirm-cancel]", dialog).addEventListener("click", function () { pending = null; dialog.close("cancel"); });
      dialog.addEventListener("close", function () { pending = null; });
    }
    $$("[data-reset-chapter]", page).forEach(function (b) {
      b.addEventListener("click", function () {
        var id = b.getAttribute("data-reset-chapter"), title = b.getAttribute("data-title") || id;
        ask(T("progress_page.reset_chapter_title", { title: title }), T("progress_page.reset_chapter_text", { what: describe(preview(id)) }), T("progress_page.reset_chapter_ok"), function () {
          S.resetChapter(state(), id); commit(); L.refresh(); fill();
          resetStatus.textContent = T("progress_page.reset_chapter_done", { title: title });
        });
      });
    });
    $$("[data-reset-book]", page).forEach(function (b) {
      b.addEventListener("click", function () {
        ask(T("progress_page.reset_book_title"), T("progress_page.reset_book_text", { what: describe(preview(null)) }), T("progress_page.reset_book_ok"), function () {
          S.resetAll(state()); commit(); L.refresh(); fill();
          resetStatus.textContent = T("progress_page.reset_book_done");
        });
      });
    });

    /* export and import */
    var book = { id: doc.documentElement.getAttribute("data-book") || (BOOK && BOOK.id) || "book", title: (BOOK && BOOK.title) || "" };
    var importStatus = $("[data-import-status]", page), box = $("[data-import-preview]", page), input = $("[data-import-progress]", page);
    var incoming = null;
    function say(el, text, kind) { el.innerHTML = '<p class="pg-msg' + (kind ? " is-" + kind : "") + '">' + esc(text) + "</p>"; }
    var exportBtn = $("[data-export-progress]", page);
    if (exportBtn) exportBtn.addEventListener("click", function () {
      var t = now(), file = S.progressFile(state(), book, t);
      var name = book.id + "-progress-" + new Date(t).toISOString().slice(0, 10) + ".json";
      var url = URL.createObjectURL(new Blob([JSON.stringify(file, null, 1) + "\n"], { type: "application/json" }));
      var a = doc.createElement("a");
      a.href = url; a.download = name; a.hidden = true;
      doc.body.appendChild(a); a.click(); a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
      say(importStatus, T("progress_page.downloaded", { file: name, what: describe(S.totals(file.progress)) }), "ok");
    });
    function closePreview() { box.hidden = true; incoming = null; if (input) input.value = ""; }
    if (input) input.addEventListener("change", function () {
      var f = input.files && input.files[0];
      closePreview();
      importStatus.innerHTML = "";
      if (!f) return;
      var reader = new FileReader();
      reader.onerror = function () { say(importStatus, T("progress_page.unreadable"), "error"); };
      reader.onload = function () {
        var r = S.parseProgressFile(String(reader.result), book.id, book.title);
        if (!r.ok) { say(importStatus, T("progress_page.refused", { reason: T(r.error, r.vars) }), "error"); input.value = ""; return; }
        incoming = r.progress;
        var plan = S.planImport(state(), incoming), a = plan.merge.added, u = plan.merge.updated;
        var upd = u.ans + u.srs, saved = r.file.exported ? timeLabel(Date.parse(r.file.exported)) : "";
        var title = typeof r.file.title === "string" && r.file.title ? r.file.title : book.title;
        var strong = { strong_start: "<strong>", strong_end: "</strong>" };
        $("[data-import-summary]", box).innerHTML = "<p>" + esc(T(saved ? "progress_page.file_saved" : "progress_page.file", { title: title, date: saved, what: describe(plan.incoming) })) + "</p><ul>" +
          "<li>" + TH(upd ? "progress_page.merge_updates" : "progress_page.merge_plan", { added: describe(a), n: upd, after: describe(plan.merge.after) }, strong) + "</li>" +
          "<li>" + TH("progress_page.replace_plan", { current: describe(plan.current), after: describe(plan.replace.after) }, strong) + "</li></ul>";
        say(importStatus, T("progress_page.check_import"), "");
        box.hidden = false;
        $("#pg-preview-title", box).focus();
      };
      reader.readAsText(f);
    });
    function apply(mode) {
      if (!incoming) return;
      var s = state(), next = S.importProgress(s, incoming, mode);
      s.obj = next.obj; s.ans = next.ans; s.seen = next.seen; s.srs = next.srs;
      commit(); L.refresh(); fill();
      closePreview();
      say(importStatus, T(mode === "merge" ? "progress_page.merged" : "progress_page.replaced", { what: describe(S.totals(s)) }), "ok");
    }
    var m = $("[data-import-merge]", page), rp = $("[data-import-replace]", page), cn = $("[data-import-cancel]", page);
    if (m) m.addEventListener("click", function () { apply("merge"); });
    if (rp) rp.addEventListener("click", function () { apply("replace"); });
    if (cn) cn.addEventListener("click", function () { closePreview(); say(importStatus, T("progress_page.import_cancelled"), ""); if (input) input.focus(); });

    fill();
    pageRefresh = fill;
  }

  function initPage() {
    pageRefresh = null;
    run("review page", initReviewPage);
    run("progress page", initProgressPage);
    run("review due", refreshDue);
  }
  initPage();
  // A single-file export shows its pages in place (export.js): start the new one's parts.
  doc.addEventListener("lectern:page", initPage);
  window.addEventListener("storage", function (ev) {
    if (ev.key !== L.key) return;
    if (pageRefresh) run("review page", pageRefresh);
  });
})();
