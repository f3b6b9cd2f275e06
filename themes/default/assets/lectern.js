/* Lectern default theme: reader progress, quizzes, sidebar, theme switch, question filters.
   Plain script (no modules, no network): works when the site is opened from file://.
   Everything is progressive enhancement: without this file every page is complete and readable.

   First, pure: the reader record's format (docs/theming.md, "Reader storage"), read from text
   that may be damaged or hostile; window.LecternRecord, module.exports under Node. */
(function (root, api) {
  if (typeof module === "object" && module && module.exports) module.exports = api; else root.LecternRecord = api;
})(this, (function () {
  "use strict";
  var SCHEMA = 1, MIN_EF = 1.3, KINDS = { kc: 1, sc: 1, card: 1 }, THEMES = ["auto", "light", "dark"];
  function has(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }
  function isObj(o) { return !!o && typeof o === "object" && !Array.isArray(o); }
  function isNum(n) { return typeof n === "number" && isFinite(n); }
  // Maps keyed by ids have no prototype: a key "__proto__" or "constructor" (from storage, a
  // progress file) is an entry like any other, never a way to Object.prototype.
  function dict() { return Object.create(null); }
  /** JSON.parse, every object a dict(). */
  function readJSON(text) {
    return JSON.parse(text, function (k, v) {
      if (!isObj(v)) return v;
      var o = dict();
      for (var key in v) if (has(v, key)) o[key] = v[key];
      return o;
    });
  }
  function copy(o) { return readJSON(JSON.stringify(o)); }
  // The chapter id of a storage key (`<chapter id>#...`).
  function chapterOf(key) { var i = key.indexOf("#"); return i < 0 ? "" : key.slice(0, i); }

  // A chapter's objective ticks (obj), an answer (ans), a review schedule (srs).
  function isTicks(t) { return isObj(t) && Object.keys(t).every(function (k) { return t[k] === 1; }); }
  function isAnswer(a) {
    return isObj(a) && typeof a.v === "string" && typeof a.ok === "boolean" && typeof a.c === "string" &&
      (a.kc === 0 || a.kc === 1) && isNum(a.t) && (a.h === undefined || (isNum(a.h) && a.h >= 0 && a.h % 1 === 0)) &&
      (typeof a.r === "string" || (Array.isArray(a.r) && a.r.every(function (x) { return typeof x === "string"; })));
  }
  function isRecord(r) {
    return isObj(r) && typeof r.v === "string" && typeof r.c === "string" && has(KINDS, r.k) &&
      isNum(r.ef) && r.ef >= MIN_EF && r.ef < 10 && isNum(r.n) && r.n >= 0 && r.n % 1 === 0 &&
      isNum(r.i) && r.i >= 0 && isNum(r.due) && isNum(r.t) &&
      (r.again === undefined || typeof r.again === "boolean") &&
      (r.q === undefined || (isNum(r.q) && r.q >= 0 && r.q <= 5)) &&
      (r.lapses === undefined || (isNum(r.lapses) && r.lapses >= 0));
  }
  var PARTS = { obj: isTicks, ans: isAnswer, seen: function (v) { return typeof v === "string"; }, srs: isRecord };

  // The stored text (null: none) read: { state, unreadable }, the record without what could not
  // be read, and where that was: a chapter id per entry of the wrong shape, "" for the book.
  function checkRecord(raw, seed) {
    var s = null, bad = [];
    try { s = raw === null ? null : readJSON(raw); } catch (e) { /* not JSON */ }
    if (!isObj(s) || s.schema !== SCHEMA) {
      if (raw !== null) bad.push("");
      s = { schema: SCHEMA, theme: isObj(s) ? s.theme : null }; // another schema keeps the colour theme
    }
    if (s.theme === undefined) s.theme = null;
    if (THEMES.concat(null).indexOf(s.theme) < 0) { s.theme = null; bad.push(""); }
    if (typeof s.seed !== "string" || !s.seed) { if (s.seed !== undefined) bad.push(""); s.seed = seed(); }
    for (var part in PARTS) {
      var p = s[part];
      if (!isObj(p)) { if (p !== undefined) bad.push(""); s[part] = dict(); continue; }
      for (var k in p) if (!PARTS[part](p[k])) { delete p[k]; bad.push(part === "obj" ? k : chapterOf(k)); }
    }
    return { state: s, unreadable: bad };
  }

  return {
    SCHEMA: SCHEMA, MIN_EF: MIN_EF, THEMES: THEMES, has: has, isObj: isObj, isNum: isNum, dict: dict, readJSON: readJSON, copy: copy, chapterOf: chapterOf,
    isTicks: isTicks, isAnswer: isAnswer, isRecord: isRecord, checkRecord: checkRecord
  };
})());

(function () {
  "use strict";
  if (typeof document === "undefined" || typeof window === "undefined") return;
  var Rec = window.LecternRecord, dict = Rec.dict;
  var doc = document, html = doc.documentElement;
  var BOOK = window.LECTERN_BOOK || null;
  // The interface strings in the book's language (book-data.js; themes/default/strings/).
  var STR = (BOOK && BOOK.strings) || { lang: "en", s: {} }, plurals = null, numerals = null;
  // The locale for Intl formats: the book's language, written in its digits.
  var LOCALE = (STR.lang || "en") + "-u-nu-" + (STR.digits || "latn");
  function num(n) {
    try { numerals = numerals || new Intl.NumberFormat(LOCALE); return numerals.format(n); }
    catch (e) { return String(n); }
  }
  // A chapter number ("3.1") in the language's digits, as the pages' numbers are (Tera's `digits`).
  function digits(text) {
    if (STR.digits !== "arab") return String(text);
    return String(text).replace(/[0-9]/g, function (d) { return String.fromCharCode(0x660 + +d); });
  }
  // T("objectives.done", { n: 1, total: 4 }): the entry with its {placeholders} filled in; a
  // plural entry takes the form for `n` by the language's rules.
  function T(key, vars) {
    var e = STR.s[key];
    vars = vars || {};
    if (e == null) return key;
    if (typeof e === "object") {
      var c = "other";
      try { plurals = plurals || new Intl.PluralRules(STR.lang); c = plurals.select(vars.n); } catch (x) {}
      e = e[c] || e.other || "";
    }
    return e.replace(/\{(\w+)\}/g, function (m, k) {
      return has(vars, k) ? (typeof vars[k] === "number" ? num(vars[k]) : String(vars[k])) : m;
    });
  }
  // The same as HTML: the entry and its `vars` escaped, the `raw` placeholders' HTML put in as is
  // (a link, <mark>, <kbd>, or {x_start}/{x_end} around a word of the sentence).
  function TH(key, vars, raw) {
    var all = {}, marks = [], k;
    for (k in vars) if (has(vars, k)) all[k] = vars[k];
    for (k in raw) if (has(raw, k)) { all[k] = "\u0001" + marks.length + "\u0002"; marks.push(raw[k]); }
    return esc(T(key, all)).replace(/\u0001(\d+)\u0002/g, function (m, i) { return marks[+i]; });
  }
  // More entries (a page's own, its `data-strings`: the review and progress pages).
  function addStrings(more) {
    if (!isObj(STR.s)) STR.s = {};
    for (var k in more) if (has(more, k) && (typeof more[k] === "string" || isObj(more[k]))) STR.s[k] = more[k];
  }
  // Items of a list (already in the reader's language), with the language's separator.
  function joinList(items) { return items.join(T("question.list_separator")); }
  var ROOT = html.getAttribute("data-root") || "";
  // The contents page moves to contents.html when the book's README.md is the front page.
  var CONTENTS = html.getAttribute("data-contents") || "index.html";
  var SCHEMA = Rec.SCHEMA;
  // A single-file export (`lectern export`, export.js): every page is a route in the hash.
  var EXPORT = html.hasAttribute("data-export");

  function $(sel, el) { return (el || doc).querySelector(sel); }
  function $$(sel, el) { return Array.prototype.slice.call((el || doc).querySelectorAll(sel)); }
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  var has = Rec.has, isObj = Rec.isObj;
  function count(o) { return Object.keys(o).length; }
  // A link to a page by its path from the site root; in an export, its route (#/runtime/v8-memory).
  function href(path) { return EXPORT ? "#/" + (path === "index.html" ? "" : path.replace(/\.html$/, "")) : ROOT + path; }
  // The URL hash without its "#": an element id or the filters. In an export, what follows the
  // route (#/runtime/v8-memory#q-id), or the whole hash when it is not a route.
  function localHash() {
    var h = location.hash, i = h.indexOf("#", 1);
    if (!EXPORT || h.slice(0, 2) !== "#/") return h.slice(1);
    return i < 0 ? "" : h.slice(i + 1);
  }
  function localURL(h) {
    var route = "";
    if (EXPORT && location.hash.slice(0, 2) === "#/") route = location.hash.split("#").slice(0, 2).join("#");
    return location.pathname + location.search + route + (h ? "#" + h : "");
  }

  /* ---------- storage: one versioned JSON record per book, in memory if storage fails ---------- */
  // Namespace: book id + resolved URL of the site root, so two books on one host never clash
  // (all file:// pages share one origin). The inline script in base.html reads the same key.
  // An export is its own site root: the file's URL.
  var rootURL;
  try { rootURL = EXPORT ? location.href.replace(/[?#].*$/, "") : new URL(ROOT || "./", location.href).href; } catch (e) { rootURL = ROOT; }
  var KEY = "lectern:" + (html.getAttribute("data-book") || (BOOK && BOOK.id) || "book") + ":" + rootURL;

  function randomSeed() {
    try {
      var a = new Uint32Array(2); window.crypto.getRandomValues(a);
      return a[0].toString(36) + a[1].toString(36);
    } catch (e) { return Math.random().toString(36).slice(2) + Date.now().toString(36); }
  }
  var unreadable = [];
  function load() {
    var raw = null;
    try { raw = window.localStorage.getItem(KEY); } catch (e) { /* disabled: progress lives in memory */ }
    var r = Rec.checkRecord(raw, randomSeed);
    unreadable = r.unreadable;
    if (unreadable.length) {
      // The damaged text is kept aside, the cleaned record stored at once: reported once, nothing lost.
      try {
        window.localStorage.setItem(KEY + ":unreadable:" + new Date().toISOString(), raw);
        window.localStorage.setItem(KEY, JSON.stringify(r.state));
      } catch (e) { /* full or disabled: keep going in memory */ }
    }
    return r.state;
  }
  var state = load();
  var saveTimer = 0;
  function save() {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(function () {
      saveTimer = 0;
      try { window.localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* full or disabled: keep going in memory */ }
    }, 0);
  }
  function flush() { if (saveTimer) { clearTimeout(saveTimer); saveTimer = 0; try { window.localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) {} } }
  window.addEventListener("pagehide", flush);

  /* ---------- telling the reader, once, that stored progress could not be read ---------- */
  function reportUnreadable() {
    var main = $("#main"), cur = currentChapter(), bad = unreadable;
    unreadable = [];
    if (!main || !bad.length) return;
    var what = bad.indexOf("") >= 0 ? "storage.book_reset" : bad.every(function (id) { return id === cur; }) ? "storage.chapter_reset" : "storage.some_reset";
    // In the article, to line up with the text.
    if (!$("[data-storage-notice]", main)) (main.firstElementChild || main).insertAdjacentHTML("afterbegin", '<div role="status" data-storage-notice></div>');
    var box = $("[data-storage-notice]", main);
    // Filled once the empty live region is in the page, so that screen readers announce it.
    setTimeout(function () {
      box.className = "alert alert-warning";
      box.innerHTML = "<p>" + esc(T(what)) + '</p><button type="button" class="btn btn-small">' + esc(T("storage.dismiss")) + "</button>";
      $("button", box).addEventListener("click", function () { box.remove(); main.focus(); });
    }, 50);
  }

  /* ---------- progress per chapter: objectives ticked + knowledge checks answered right ---------- */
  function progress(id, objectives, checks) {
    var o = Math.min(count(state.obj[id] || {}), objectives || 0), k = 0;
    for (var key in state.ans) {
      if (!has(state.ans, key)) continue;
      var a = state.ans[key];
      if (isObj(a) && a.c === id && a.kc && a.ok) k++;
    }
    k = Math.min(k, checks || 0);
    return { done: o + k, total: (objectives || 0) + (checks || 0) };
  }
  function progressHTML(p) {
    var all = p.total > 0 && p.done >= p.total;
    var n = { n: p.done, total: p.total };
    return (all ? '<span aria-hidden="true">✓ </span>' : "") + '<span aria-hidden="true">' + esc(T("chapter_progress.short", n)) +
      '</span><span class="visually-hidden">' + esc(T("chapter_progress.hidden", n)) + "</span>";
  }
  function refreshProgress() {
    $$("[data-progress]").forEach(function (el) {
      var p = progress(el.getAttribute("data-progress"), +el.getAttribute("data-count-objectives"), +el.getAttribute("data-count-checks"));
      el.innerHTML = progressHTML(p);
      el.classList.toggle("is-done", p.total > 0 && p.done >= p.total);
    });
  }

  /* ---------- colour theme ---------- */
  var THEMES = Rec.THEMES, ICONS = { auto: "◐", light: "☀", dark: "☾" };
  var LABELS = { auto: ["theme.auto", "theme.auto_title"], light: ["theme.light", "theme.light_title"], dark: ["theme.dark", "theme.dark_title"] };
  function setTheme(t) {
    html.setAttribute("data-theme", t);
    var b = $("[data-theme-toggle]");
    if (!b) return;
    b.querySelector(".hbtn-icon").textContent = ICONS[t];
    b.querySelector(".hbtn-label").textContent = T(LABELS[t][0]);
    b.title = T(LABELS[t][1]);
  }
  function initTheme() {
    var b = $("[data-theme-toggle]");
    var t = state.theme || html.getAttribute("data-theme");
    if (THEMES.indexOf(t) < 0) t = "auto";
    setTheme(t);
    if (!b) return;
    b.hidden = false;
    b.addEventListener("click", function () {
      var cur = html.getAttribute("data-theme");
      var next = THEMES[(THEMES.indexOf(cur) + 1) % THEMES.length];
      state.theme = next; save(); setTheme(next);
    });
  }

  /* ---------- sidebar (built from book-data.js) and its drawer on narrow screens ---------- */
  function currentChapter() { var a = $("article[data-chapter]"); return a ? a.getAttribute("data-chapter") : null; }
  // `[output.html.fold]`: chapters nested deeper than `level` are folded under their parent,
  // which gets a toggle; the current chapter's branch is open.
  function fold(list, level) {
    var items = $$("li", list);
    function depth(li) { return +li.getAttribute("data-depth"); }
    function refresh() {
      var stack = [];
      items.forEach(function (li) {
        while (stack.length && depth(stack[stack.length - 1]) >= depth(li)) stack.pop();
        li.hidden = stack.some(function (p) { return p.fb.getAttribute("aria-expanded") !== "true"; });
        if (li.fb) stack.push(li);
      });
    }
    items.forEach(function (li, i) {
      var d = depth(li), j = i + 1, open = d < level || !!$("[aria-current]", li);
      for (; j < items.length && depth(items[j]) > d; j++) if ($("[aria-current]", items[j])) open = true;
      if (j === i + 1) return;
      var b = li.fb = doc.createElement("button");
      b.type = "button"; b.className = "side-fold";
      b.setAttribute("aria-expanded", open ? "true" : "false");
      b.setAttribute("aria-label", T("sidebar.sections_of", { title: $(".side-title", li).textContent }));
      b.addEventListener("click", function () { b.setAttribute("aria-expanded", b.getAttribute("aria-expanded") === "true" ? "false" : "true"); refresh(); });
      li.appendChild(b);
    });
    refresh();
  }
  function initSidebar() {
    var nav = $("[data-sidebar]"), btn = $("[data-nav-toggle]");
    if (!nav || !BOOK || !Array.isArray(BOOK.chapters) || !BOOK.chapters.length) return;
    var cur = currentChapter(), out = '<div class="sidebar-inner">', part = null, open = false;
    BOOK.chapters.forEach(function (c) {
      if (c.part !== part) {
        if (open) out += "</ol>";
        part = c.part;
        if (part) out += '<p class="side-part">' + esc(part) + "</p>";
        out += '<ol class="side-list">'; open = true;
      }
      var total = (c.objectives || 0) + (c.checks || 0);
      out += '<li class="d' + Math.min(c.depth || 0, 3) + '" data-depth="' + (c.depth || 0) + '"><a href="' + esc(href(c.url)) + '"' +
        (c.id === cur ? ' aria-current="page"' : "") + ">" +
        (c.number ? '<span class="side-num">' + esc(digits(c.number)) + "</span>" : "") +
        '<span class="side-title">' + esc(c.title) + "</span>" +
        (total ? '<span class="side-prog" data-progress="' + esc(c.id) + '" data-count-objectives="' + (c.objectives || 0) +
          '" data-count-checks="' + (c.checks || 0) + '"></span>' : "") + "</a></li>";
    });
    if (open) out += "</ol>";
    out += '<p class="side-links"><a href="' + esc(href(CONTENTS)) + '">' + esc(T("site.contents")) + '</a> · <a href="' + esc(href("questions.html")) + '">' + esc(T("questions.title")) + "</a></p></div>";
    nav.innerHTML = out;
    if (nav.hasAttribute("data-fold")) $$(".side-list", nav).forEach(function (l) { fold(l, +nav.getAttribute("data-fold")); });
    nav.hidden = false;
    nav.parentNode.classList.add("has-sidebar");
    if (btn) html.classList.add("has-drawer"); // narrow screens: the drawer also links Contents and Questions
    var here = $('[aria-current="page"]', nav);
    if (here && nav.scrollHeight > nav.clientHeight) nav.scrollTop = Math.max(0, here.offsetTop - nav.clientHeight / 3);
    if (!btn) return;
    btn.hidden = false;
    var backdrop = null;
    function isOpen() { return btn.getAttribute("aria-expanded") === "true"; }
    function setOpen(v, focusBack) {
      btn.setAttribute("aria-expanded", v ? "true" : "false");
      nav.classList.toggle("is-open", v);
      if (v && !backdrop) {
        backdrop = doc.createElement("div"); backdrop.className = "nav-backdrop";
        backdrop.addEventListener("click", function () { setOpen(false, true); });
        nav.parentNode.insertBefore(backdrop, nav.nextSibling);
      } else if (!v && backdrop) { backdrop.remove(); backdrop = null; }
      if (v) { var t = $('[aria-current="page"]', nav) || $("a", nav); if (t) t.focus(); }
      else if (focusBack) btn.focus();
    }
    btn.addEventListener("click", function () { setOpen(!isOpen(), false); });
    doc.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && isOpen()) { e.preventDefault(); setOpen(false, true); }
    });
    // A drawer that loses focus (Tab past its last link) closes, so nothing hidden keeps focus.
    nav.addEventListener("focusout", function (e) {
      if (isOpen() && e.relatedTarget && !nav.contains(e.relatedTarget) && e.relatedTarget !== btn) setOpen(false, false);
    });
    var mq = window.matchMedia ? window.matchMedia("(min-width: 64em)") : null;
    if (mq) {
      var onMq = function () { if (mq.matches && isOpen()) setOpen(false, false); };
      if (mq.addEventListener) mq.addEventListener("change", onMq); else if (mq.addListener) mq.addListener(onMq);
    }
  }

  /* ---------- learning objectives ---------- */
  function initObjectives() {
    $$("[data-objectives]").forEach(function (list) {
      var ch = list.closest("[data-chapter]");
      ch = ch ? ch.getAttribute("data-chapter") : "";
      var boxes = $$('input[type="checkbox"][data-key]', list);
      var scope = list.closest("section") || doc;
      var out = $("[data-objectives-count]", scope);
      // Always read the record from `state`: a change in another tab replaces it.
      function doneMap() { var d = state.obj[ch]; if (!isObj(d)) d = state.obj[ch] = dict(); return d; }
      // Drop ticks of objectives that no longer exist (their text, hence their key, changed).
      var keys = boxes.map(function (b) { return b.getAttribute("data-key"); }), done = doneMap(), pruned = false;
      Object.keys(done).forEach(function (k) { if (keys.indexOf(k) < 0) { delete done[k]; pruned = true; } });
      if (pruned) save();
      function update() {
        var n = boxes.filter(function (b) { return b.checked; }).length;
        if (out) {
          out.textContent = T("objectives.done", { n: n, total: boxes.length });
          out.classList.toggle("is-done", n === boxes.length && n > 0);
        }
      }
      boxes.forEach(function (b) {
        b.checked = !!done[b.getAttribute("data-key")];
        b.addEventListener("change", function () {
          var k = b.getAttribute("data-key"), d = doneMap();
          if (b.checked) d[k] = 1; else delete d[k];
          save(); update(); refreshProgress();
        });
      });
      update();
    });
  }

  /* ---------- question widgets ---------- */
  function norm(s) { return String(s).toLowerCase().replace(/\s+/g, " ").trim(); }
  // A program's output as compared: trailing spaces and blank lines at either end do not count.
  function tnorm(s) { return String(s).split("\n").map(function (l) { return l.replace(/\s+$/, ""); }).join("\n").replace(/^\n+|\n+$/g, ""); }
  function hash32(s) { // FNV-1a
    var h = 2166136261;
    for (var i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 16777619); }
    return h >>> 0;
  }
  function prng(a) { // mulberry32
    return function () {
      a = (a + 0x6D2B79F5) | 0;
      var t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  function shuffled(items, seedText) {
    var r = prng(hash32(seedText)), a = items.slice();
    for (var i = a.length - 1; i > 0; i--) { var j = Math.floor(r() * (i + 1)), t = a[i]; a[i] = a[j]; a[j] = t; }
    return a;
  }
  function icon(ch) { return '<span class="q-icon" aria-hidden="true">' + ch + "</span>"; }
  // What scripts of their own add to question widgets (qtypes.js: numeric, fill, trace and
  // hints; arrange.js: order, match): kind -> function (q, ext, ctx) that adds to `ext` any of
  // sel() (the answer as stored), set(r), grade(sel) ({ ok } or null when unanswered),
  // msg(sel, g) (the verdict's HTML), empty(sel), after(sel, g, fb), clear(), lock(v), focus(),
  // enter(check), match(text) (a trace's output pattern), hints() (how many were shown) and
  // showHints(n). The entry "*" is asked first, for every question. A script that runs before
  // this file registers in window.LecternKinds, one after it in Lectern.kinds: the same object.
  var KINDS = window.LecternKinds = isObj(window.LecternKinds) ? window.LecternKinds : dict();
  // `ext` for the question element `q` of `kind` (ctx.item: the review page's item).
  function extend(q, kind, ctx) {
    var ext = {}, c = { esc: esc, icon: icon, tnorm: tnorm, item: ctx && ctx.item };
    ["*", kind].forEach(function (k) {
      if (typeof KINDS[k] === "function") KINDS[k](q, ext, c);
    });
    return ext;
  }

  function initQuestion(q) {
    var key = q.getAttribute("data-question"), ver = q.getAttribute("data-version") || "";
    var kind = q.getAttribute("data-kind");
    var chEl = q.closest("[data-chapter]"), ch = chEl ? chEl.getAttribute("data-chapter") : "";
    var isKC = !!q.closest("[data-knowledge-check]");
    var list = $(".q-list", q), fieldset = $(".q-options", q), text = $(".q-input", q);
    var opts = $$(".q-opt", q);
    var actions = $(".q-actions", q), checkBtn = $("[data-check]", q), retryBtn = $("[data-retry]", q);
    var fb = $("[data-feedback]", q), answer = $("[data-answer]", q);
    var expl = answer ? $(".q-expl", answer) : null;
    // A trace question: "does it compile?" (two options), then its output or the error's line.
    var trace = kind === "trace", tkey = $("[data-trace-key]", q), comp = !!tkey && tkey.getAttribute("data-compiles") === "true";
    var tlabel = $("[data-trace-label]", q), tlabel0 = tlabel && tlabel.textContent;
    var accepted = $$("[data-accepted]", q).map(function (e) { return trace ? tnorm(e.textContent) : norm(e.textContent); });
    var info = dict(); // option id -> { correct, why }
    $$("[data-for]", q).forEach(function (li) {
      info[li.getAttribute("data-for")] = { correct: li.getAttribute("data-correct") === "true", why: $(".q-why", li) };
    });
    if (trace) opts.forEach(function (li, i) { info[optId(li)] = { correct: (i === 0) === comp }; });
    if (!key || !fb || !actions) return;
    // A kind with no markup lectern.js knows, whose script is not on the page (yet): arrange.js,
    // loaded after this file, starts its own; numeric and fill without qtypes.js stay as
    // without JavaScript.
    if (!KINDS[kind] && (/^(numeric|fill)$/.test(kind) || (!text && !opts.length))) return;
    var ext = extend(q, kind);
    if ((/^(numeric|fill)$/.test(kind) && !ext.grade) || (!text && !opts.length && !ext.sel)) return;
    var explainEl = null;

    if (q.hasAttribute("data-shuffle") && list) {
      shuffled(opts, state.seed + "|" + key).forEach(function (li) { list.appendChild(li); });
      opts = $$(".q-opt", q);
    }
    function inputOf(li) { return $("input", li); }
    function optId(li) { return li.getAttribute("data-option"); }

    function chosen() { return opts.filter(function (li) { return inputOf(li).checked; }).map(optId); }
    function relabel() {
      var c = chosen()[0];
      if (tlabel) tlabel.textContent = c ? tlabel.getAttribute(c === optId(opts[0]) ? "data-run" : "data-fail") : tlabel0;
    }
    function selection() {
      if (ext.sel) return ext.sel();
      if (trace) return [chosen()[0] || "", text ? text.value : ""];
      if (text) return text.value;
      return opts.filter(function (li) { return inputOf(li).checked; }).map(optId);
    }
    function setSelection(r) {
      if (ext.set) return ext.set(r);
      if (trace) {
        var a = Array.isArray(r) ? r : [];
        opts.forEach(function (li) { inputOf(li).checked = optId(li) === a[0]; });
        if (text) text.value = a[1] || "";
        return relabel();
      }
      if (text) { text.value = typeof r === "string" ? r : ""; return; }
      var sel = Array.isArray(r) ? r : [];
      opts.forEach(function (li) { inputOf(li).checked = sel.indexOf(optId(li)) >= 0; });
    }
    function clearMarks() {
      opts.forEach(function (li) {
        li.classList.remove("is-right", "is-wrong", "is-missed");
        $$(".q-note, .q-chosen", li).forEach(function (n) { n.remove(); });
      });
      if (explainEl) { explainEl.remove(); explainEl = null; }
      if (ext.clear) ext.clear();
    }
    function lock(v) {
      if (fieldset) fieldset.disabled = v;
      if (text) text.readOnly = v;
      checkBtn.hidden = v; retryBtn.hidden = !v;
      if (ext.lock) ext.lock(v);
    }
    // Lectern's verdict on the option, as a badge of its own, then the author's explanation.
    function note(li, cls, mark, label) {
      var d = doc.createElement("div");
      d.className = "q-note " + cls;
      var src = info[optId(li)] && info[optId(li)].why;
      var why = !src ? "" : $("p, ul, ol, pre, div, blockquote, table", src) ? src.innerHTML : "<p>" + src.innerHTML + "</p>"; // inline Markdown gets its paragraph
      d.innerHTML = '<p class="q-mark">' + icon(mark) + esc(T(label)) + "</p>" + (why && '<div class="q-why-text">' + why + "</div>");
      li.appendChild(d);
    }

    // Grade the current selection; returns null when nothing was chosen.
    function grade(sel) {
      if (ext.grade) return ext.grade(sel);
      if (trace) {
        if (!sel[0] || (accepted.length && !sel[1].trim())) return null;
        var right = info[sel[0]].correct;
        var ok = right && (!accepted.length || (comp ? tnorm(sel[1]) : String(parseInt(sel[1], 10))) === accepted[0] || (comp && !!ext.match && ext.match(sel[1])));
        return { ok: ok, missed: 0, wrong: ok ? 0 : 1 };
      }
      if (text) {
        var v = norm(sel);
        if (!v) return null;
        return { ok: accepted.indexOf(v) >= 0 };
      }
      if (!sel.length) return null;
      var missed = 0, wrong = 0;
      opts.forEach(function (li) {
        var id = optId(li), c = !!(info[id] && info[id].correct), chosen = sel.indexOf(id) >= 0;
        if (c && !chosen) missed++;
        if (!c && chosen) wrong++;
      });
      return { ok: !missed && !wrong, missed: missed, wrong: wrong };
    }

    function show(sel, g) {
      clearMarks();
      var msg;
      if (ext.msg) msg = ext.msg(sel, g);
      else if (text && !trace) {
        var shown = joinList(accepted.map(function (a) { return T("feedback.quoted", { text: a }); }));
        msg = g.ok
          ? icon("✓") + esc(T("feedback.accepted", { answer: norm(sel) }))
          : icon("✗") + esc(T("feedback.not_accepted", { n: accepted.length, answers: shown }));
      } else {
        var multiple = kind === "multiple";
        opts.forEach(function (li) {
          var id = optId(li), c = !!(info[id] && info[id].correct), chosen = sel.indexOf(id) >= 0;
          if (chosen) $("label", li).insertAdjacentHTML("beforeend", ' <span class="q-chosen">' + esc(T("feedback.your_answer")) + "</span>");
          if (c && chosen) { li.classList.add("is-right"); note(li, "is-right", "✓", "question.correct"); }
          else if (!c && chosen) { li.classList.add("is-wrong"); note(li, "is-wrong", "✗", "question.wrong"); }
          else if (c) { li.classList.add("is-missed"); note(li, "is-missed", "!", multiple ? "feedback.missed" : "feedback.correct_answer"); }
          else note(li, "is-other", "✗", "question.wrong");
        });
        if (trace) msg = g.ok ? icon("✓") + esc(T("feedback.right")) : icon("✗") + esc(T("feedback.trace_wrong", { answer: tkey.textContent.replace(/\s+/g, " ").trim() }));
        else if (g.ok) msg = icon("✓") + esc(T(multiple ? "feedback.all_found" : "feedback.right"));
        else if (multiple) {
          var missed = T("feedback.correct_options", { n: g.missed }), wrong = T("feedback.wrong_options", { n: g.wrong });
          msg = icon("✗") + esc(g.missed && g.wrong ? T("feedback.missed_and_chose", { missed: missed, wrong: wrong })
            : g.missed ? T("feedback.missed_some", { missed: missed }) : T("feedback.chose_some", { wrong: wrong }));
        } else msg = icon("✗") + esc(T("feedback.wrong_single"));
      }
      fb.innerHTML = '<p class="q-result ' + (g.ok ? "is-right" : "is-wrong") + '">' + msg + "</p>";
      if (trace && !g.ok && comp && accepted.length) fb.insertAdjacentHTML("beforeend", '<pre class="q-output">' + esc(accepted[0]) + "</pre>");
      if (ext.after) ext.after(sel, g, fb);
      if (expl) {
        // Inside the live region, so the explanation is announced with the verdict.
        explainEl = doc.createElement("div");
        explainEl.className = "q-explain";
        explainEl.innerHTML = expl.innerHTML;
        fb.appendChild(explainEl);
      }
      lock(true);
    }

    function check(byUser) {
      var sel = selection(), g = grade(sel);
      if (!g) {
        if (byUser) fb.innerHTML = '<p class="q-result is-info">' + esc(ext.empty ? ext.empty(sel) : T(trace ? "feedback.trace_first" : text ? "feedback.type_first" : "feedback.choose_first")) + "</p>";
        return;
      }
      show(sel, g);
      if (byUser) {
        var h = ext.hints ? ext.hints() : 0;
        state.ans[key] = { v: ver, r: sel, ok: g.ok, c: ch, kc: isKC ? 1 : 0, t: Date.now() };
        if (h) state.ans[key].h = h;
        save(); refreshProgress();
        // For review.js (spaced repetition): a reader's checked answer, right or wrong, and the hints it took.
        q.dispatchEvent(new CustomEvent("lectern:answer", { bubbles: true, detail: { key: key, version: ver, ok: g.ok, chapter: ch, kc: isKC, hints: h } }));
        retryBtn.focus();
      }
    }
    function reset() {
      clearMarks();
      fb.innerHTML = "";
      setSelection(text ? "" : []);
      lock(false);
      delete state.ans[key];
      save(); refreshProgress();
      var first = text || (opts[0] && inputOf(opts[0]));
      if (ext.focus) ext.focus(); else if (first) first.focus();
    }

    checkBtn.addEventListener("click", function () { check(true); });
    retryBtn.addEventListener("click", reset);
    if (text) text.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !text.readOnly && text.tagName !== "TEXTAREA") { e.preventDefault(); check(true); }
    });
    // Clear a stale "choose an answer first" hint as soon as the reader picks something.
    q.addEventListener("change", function () { relabel(); if ($(".q-result.is-info", fb)) fb.innerHTML = ""; });
    if (text) text.addEventListener("input", function () { if ($(".q-result.is-info", fb)) fb.innerHTML = ""; });
    if (ext.enter) ext.enter(function () { check(true); });

    // Restore a stored answer (and its feedback) unless the question changed since.
    setSelection(text ? "" : []);
    try {
      var saved = state.ans[key];
      if (saved !== undefined) {
        if (!isObj(saved) || saved.v !== ver) { delete state.ans[key]; save(); }
        else {
          setSelection(saved.r);
          if (ext.showHints && saved.h) ext.showHints(saved.h);
          var g = grade(selection());
          if (!g) { delete state.ans[key]; save(); setSelection(text ? "" : []); }
          else {
            show(selection(), g);
            if (g.ok !== saved.ok || saved.c !== ch || !!saved.kc !== isKC) { saved.ok = g.ok; saved.c = ch; saved.kc = isKC ? 1 : 0; save(); }
          }
        }
      }
    } catch (e) { clearMarks(); fb.innerHTML = ""; lock(false); setSelection(text ? "" : []); }
    // The widget is live: only now swap the no-script answer for the interactive feedback.
    actions.hidden = false;
    if (answer) answer.hidden = true;
    q.classList.add("is-live");
  }

  /* ---------- interview cards ---------- */
  function markSeen(card) {
    var s = $(".card-tags", card);
    if (!s || $(".card-seen", s)) return;
    s.insertAdjacentHTML("beforeend", '<span class="card-seen"><span aria-hidden="true">● </span>' + esc(T("flashcard.read_before")) + "</span>");
  }
  function initCards() {
    $$("details.card[data-card]").forEach(function (card) {
      var key = card.getAttribute("data-card"), ver = card.getAttribute("data-version") || "";
      if (has(state.seen, key)) {
        if (state.seen[key] === ver) markSeen(card); else { delete state.seen[key]; save(); }
      }
      card.addEventListener("toggle", function () {
        if (card.open && state.seen[key] !== ver) { state.seen[key] = ver; save(); markSeen(card); }
      });
    });
  }
  function openHashTarget() {
    var id = localHash();
    if (!id || id.indexOf("=") >= 0) return;
    try { id = decodeURIComponent(id); } catch (e) {}
    var el = doc.getElementById(id);
    if (!el) return;
    for (var p = el; p; p = p.parentElement) if (p.tagName === "DETAILS" && !p.hidden) p.open = true;
    el.scrollIntoView({ block: "start" });
    if (el.matches("details.card")) {
      var s = $("summary", el);
      if (s) s.focus({ preventScroll: true });
    }
  }

  /* ---------- questions page filters (state in location.hash) ---------- */
  var filtersRead = null;
  function initFilters() {
    var form = $("[data-filters]");
    if (!form) return;
    var selects = $$("select[data-filter]", form);
    var items = $$("[data-filter-item]"), groups = $$("[data-group]");
    var out = $("[data-result-count]"), empty = $("[data-empty]");
    var total = items.length;
    form.hidden = false;
    function current() {
      var f = {};
      selects.forEach(function (s) { if (s.value) f[s.getAttribute("data-filter")] = s.value; });
      return f;
    }
    function list(el, attr) { var v = el.getAttribute(attr); return v ? v.split("|") : []; }
    function apply(write) {
      var f = current(), n = 0;
      items.forEach(function (it) {
        var ok = (!f.chapter || it.getAttribute("data-chapter") === f.chapter) &&
          (!f.difficulty || it.getAttribute("data-difficulty") === f.difficulty) &&
          (!f.company || list(it, "data-companies").indexOf(f.company) >= 0) &&
          (!f.tag || list(it, "data-tags").indexOf(f.tag) >= 0);
        it.hidden = !ok;
        if (ok) n++;
      });
      groups.forEach(function (g) { g.hidden = !$("[data-filter-item]:not([hidden])", g); });
      if (out) out.textContent = T("questions.count", { shown: n, n: total });
      if (empty) empty.hidden = n > 0 || !total;
      if (write) {
        var h = Object.keys(f).map(function (k) {
          return k + "=" + encodeURIComponent(f[k]).replace(/%2F/gi, "/");
        }).join("&");
        var url = localURL(h);
        try { history.replaceState(null, "", url); } catch (e) { location.hash = h; }
      }
    }
    function read() {
      var p;
      try { p = new URLSearchParams(localHash()); } catch (e) { return; }
      selects.forEach(function (s) {
        var v = p.get(s.getAttribute("data-filter")) || "";
        s.value = v;
        if (s.value !== v) s.value = "";
      });
      apply(false);
    }
    selects.forEach(function (s) { s.addEventListener("change", function () { apply(true); }); });
    $$("[data-filter-reset]").forEach(function (b) {
      b.addEventListener("click", function () {
        selects.forEach(function (s) { s.value = ""; });
        apply(true);
        if (selects[0]) selects[0].focus();
      });
    });
    if (filtersRead) window.removeEventListener("hashchange", filtersRead); // an export's previous page
    window.addEventListener("hashchange", filtersRead = read);
    read();
  }

  /* ---------- print: show every card and answer ---------- */
  function initPrint() {
    var opened = [];
    window.addEventListener("beforeprint", function () {
      opened = $$("details:not([open])").filter(function (d) { return !d.closest("[hidden]") && !d.classList.contains("page-toc"); });
      opened.forEach(function (d) { d.open = true; });
    });
    window.addEventListener("afterprint", function () { opened.forEach(function (d) { d.open = false; }); opened = []; });
  }

  /* ---------- wide tables scroll sideways: make them reachable by keyboard while they overflow ---------- */
  var tablesOff = null;
  function initTables() {
    var tables = $$("main table");
    if (!tables.length) return;
    function update() {
      tables.forEach(function (t) {
        if (t.scrollWidth > t.clientWidth + 1) {
          if (!t.hasAttribute("tabindex")) { t.setAttribute("tabindex", "0"); t.setAttribute("data-scroll", ""); }
        } else if (t.hasAttribute("data-scroll")) { t.removeAttribute("tabindex"); t.removeAttribute("data-scroll"); }
      });
    }
    var timer = 0;
    if (tablesOff) tablesOff(); // an export's previous page
    function onResize() { clearTimeout(timer); timer = setTimeout(update, 150); }
    window.addEventListener("resize", onResize);
    doc.addEventListener("toggle", update, true); // tables inside cards get their width when opened
    tablesOff = function () { window.removeEventListener("resize", onResize); doc.removeEventListener("toggle", update, true); };
    update();
  }

  /* ---------- search: search.js and search-index.js load the first time it opens ---------- */
  function initSearch() {
    var loading = false;
    function open() {
      if (window.LecternSearch) { window.LecternSearch.open(); return; }
      if (loading) return;
      loading = true;
      var files = [ROOT + "search-index.js", ROOT + "assets/search.js"], left = files.length;
      files.forEach(function (src) {
        var s = doc.createElement("script");
        s.src = src; s.async = false; // run in order: the index, then the dialog
        s.onload = function () { if (--left === 0 && window.LecternSearch) window.LecternSearch.open(); };
        s.onerror = function () { loading = false; s.remove(); if (window.console) console.error("lectern: cannot load " + src); };
        doc.body.appendChild(s);
      });
    }
    if (!$$("[data-search-open]").map(function (b) { b.hidden = false; b.addEventListener("click", open); }).length) return;
    // "/" or "s" opens search, unless the reader is typing or a dialog is open.
    doc.addEventListener("keydown", function (e) {
      if ((e.key !== "/" && e.key !== "s") || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
      var t = e.target;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      if ($("dialog[open]")) return;
      e.preventDefault();
      open();
    });
  }

  // Everything that belongs to the page's content (an export runs it again for each page it shows).
  function initPage() {
    run("objectives", initObjectives);
    $$("[data-question]").forEach(function (q) { run("question", function () { initQuestion(q); }); });
    run("cards", initCards);
    run("filters", initFilters);
    run("progress", refreshProgress);
    run("tables", initTables);
  }

  function run(name, fn) { try { fn(); } catch (e) { if (window.console) console.error("lectern: " + name, e); } }
  // The reader record for other scripts of the theme (review.js): always read it through
  // state(), since a change in another tab replaces the object.
  window.Lectern = {
    key: KEY, root: ROOT, schema: SCHEMA,
    state: function () { return state; },
    save: save, flush: flush, refresh: refreshProgress, shuffled: shuffled, kinds: KINDS, extend: extend, initQuestion: initQuestion,
    t: T, html: TH, num: num, digits: digits, list: joinList, locale: LOCALE, addStrings: addStrings
  };
  run("theme", initTheme);
  run("sidebar", initSidebar);
  run("storage notice", reportUnreadable);
  initPage();
  run("print", initPrint);
  run("search", initSearch);
  run("hash", openHashTarget);
  // On arrival at page.html#<card id>, the browser's own jump to the fragment (after
  // DOMContentLoaded) takes the focus away from the card's summary: give it back once loaded.
  window.addEventListener("load", function () {
    run("hash", function () {
      var id = location.hash.slice(1), el;
      try { id = decodeURIComponent(id); } catch (e) {}
      el = id && id.indexOf("=") < 0 ? doc.getElementById(id) : null;
      if (el && el.open && el.matches("details.card") && doc.activeElement === doc.body) {
        var s = $("summary", el);
        if (s) s.focus({ preventScroll: true });
      }
    });
  });
  window.addEventListener("hashchange", function () { run("hash", openHashTarget); });
  window.addEventListener("storage", function (e) {
    if (e.key !== KEY) return;
    var t = state.theme;
    state = load();
    run("storage notice", reportUnreadable);
    if (state.theme && state.theme !== t) setTheme(state.theme);
    run("progress", refreshProgress);
  });
  // For search.js and export.js.
  var api = window.Lectern = window.Lectern || {};
  api.showTarget = openHashTarget; api.initPage = initPage; api.href = href; api.localHash = localHash;
})();
