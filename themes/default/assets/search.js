/* Lectern default theme: full-text search. The search dialog and its query engine over
   window.LECTERN_SEARCH (search-index.js, written by `lectern build`; format in
   src/render/search.rs). lectern.js loads this file and the index the first time search opens
   (a <script> element: works from file://, never fetched). Plain script, no modules, no
   network. Under Node, module.exports is the analyser alone (tests/js/search.test.js). */
(function () {
  "use strict";

  /* ---------- the analyser: the rules of src/render/search/analyse.rs, step for step ---------- */
  var A = (function () {
    var WORD, NON_WORD;
    try {
      WORD = new RegExp("[\\p{Alphabetic}\\p{N}\\p{M}]+", "gu");
      NON_WORD = new RegExp("[^\\p{Alphabetic}\\p{N}\\p{M}]+", "u");
    } catch (e) { // a browser without Unicode property escapes: Latin, Greek, Cyrillic, CJK
      WORD = /[0-9A-Za-z\u00c0-\u024f\u0300-\u036f\u0370-\u03ff\u0400-\u04ff\u3005-\u30ff\u3400-\u9fff\uac00-\ud7af]+/g;
      NON_WORD = /[^0-9A-Za-z\u00c0-\u024f\u0300-\u036f\u0370-\u03ff\u0400-\u04ff\u3005-\u30ff\u3400-\u9fff\uac00-\ud7af]+/;
    }
    // Marks folding drops (after NFKD): Latin/Greek/Cyrillic diacritics, Hebrew niqqud and
    // cantillation, Arabic harakat and Quranic marks, tatweel. Madda and hamza only on an alef.
    var DROP = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u0610-\u061a\u064b-\u0652\u0656-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u08d3-\u08e1\u08e3-\u08ff\u0640]/g;
    var ALEF = /\u0627[\u0653-\u0655]+/g;
    var LETTERS = { "\u00df": "ss", "\u00e6": "ae", "\u0153": "oe", "\u00f8": "o", "\u0111": "d", "\u00f0": "d", "\u0142": "l",
      "\u0131": "i", "\u03c2": "\u03c3", "\u0671": "\u0627", "\u0629": "\u0647", "\u0649": "\u064a", "\u06cc": "\u064a", "\u06a9": "\u0643" };
    var MAPPED = /[\u00df\u00e6\u0153\u00f8\u0111\u00f0\u0142\u0131\u03c2\u0671\u0629\u0649\u06cc\u06a9\u0660-\u0669\u06f0-\u06f9]/g;
    function nf(s, form) { return s.normalize ? s.normalize(form) : s; }
    // A word folded for comparison: no diacritics, lower case, a few letters spelt out.
    function fold(w) {
      var s = nf(nf(String(w), "NFKD").replace(DROP, "").replace(ALEF, "\u0627"), "NFC").toLowerCase();
      return s.replace(MAPPED, function (c) {
        var n = c.charCodeAt(0);
        if (n >= 0x660 && n <= 0x669) return String(n - 0x660);
        if (n >= 0x6f0 && n <= 0x6f9) return String(n - 0x6f0);
        return LETTERS[c];
      });
    }
    // Han, kana, Hangul: written without spaces (the ranges of analyse.rs's is_cjk).
    function cjk(c) {
      var n = c.codePointAt(0);
      return (n >= 0x1100 && n <= 0x11ff) || (n >= 0x2e80 && n <= 0x2fdf) || (n >= 0x3000 && n <= 0x9fff) ||
        (n >= 0xa960 && n <= 0xa97f) || (n >= 0xac00 && n <= 0xd7ff) || (n >= 0xf900 && n <= 0xfaff) ||
        (n >= 0xff66 && n <= 0xffdc) || (n >= 0x1aff0 && n <= 0x1b16f) || (n >= 0x20000 && n <= 0x3ffff);
    }
    // The words of `s`: [{ w: word, at: offset }].
    function words(s) {
      var out = [], m;
      WORD.lastIndex = 0;
      while ((m = WORD.exec(s))) out.push({ w: m[0], at: m.index });
      return out;
    }
    // A word's pieces: [{ t: term, cjk: false }] (two characters or more) and
    // [{ c: [characters], cjk: true }] for runs of CJK.
    function pieces(w) {
      var out = [];
      fold(w).split(NON_WORD).forEach(function (part) {
        var run = [], runCjk = false;
        function push() {
          if (runCjk && run.length) out.push({ c: run, cjk: true });
          else if (run.length >= 2) out.push({ t: run.join(""), cjk: false });
          run = [];
        }
        Array.from(part).forEach(function (c) {
          var k = cjk(c);
          if (run.length && k !== runCjk) push();
          run.push(c); runCjk = k;
        });
        push();
      });
      return out;
    }
    function pairs(c) {
      var out = [];
      for (var i = 0; i + 1 < c.length; i++) out.push(c[i] + c[i + 1]);
      return out;
    }
    // The index terms of `text` (as the index was made; for which words a result shows).
    function indexTerms(text, stop) {
      var out = [];
      words(text).forEach(function (m) {
        pieces(m.w).forEach(function (p) {
          if (!p.cjk) { if (!(stop && stop[p.t])) out.push(p.t); return; }
          out.push.apply(out, pairs(p.c));
          out.push(p.c[p.c.length - 1]);
        });
      });
      return out;
    }
    // A query's groups: [{ terms, cjk, label }]; a document matches a group when it holds every
    // term of it (the pairs of a CJK run), and each non-CJK term is a group of its own.
    function queryGroups(q, stop) {
      var out = [], seen = Object.create(null);
      words(String(q)).forEach(function (m) {
        pieces(m.w).forEach(function (p) {
          var terms, label;
          if (!p.cjk) {
            if (stop && stop[p.t]) return;
            terms = [p.t]; label = p.t;
          } else {
            label = p.c.join("");
            terms = p.c.length === 1 ? [label] : pairs(p.c).filter(function (t, i, all) { return all.indexOf(t) === i; });
          }
          var key = terms.join(" ");
          if (seen[key]) return;
          seen[key] = 1;
          out.push({ terms: terms, cjk: p.cjk, label: label });
        });
      });
      return out;
    }
    return { fold: fold, cjk: cjk, words: words, pieces: pieces, indexTerms: indexTerms, queryGroups: queryGroups, ANALYSERS: { en: 1, intl: 1 } };
  })();
  if (typeof module === "object" && module && module.exports) { module.exports = A; return; }

  if (window.LecternSearch) return;
  var doc = document, html = doc.documentElement;
  var EXPORT = html.hasAttribute("data-export");
  var ROOT = html.getAttribute("data-root") || "";
  var LAST = "0123456789abcdefghijklmnopqrstuv", MORE = "wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$";
  // How many results to list: book.toml's `limit-results`, else 30.
  var MAX = parseInt(html.getAttribute("data-search-limit"), 10) || 30;
  var words = A.words;

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  /* ---------- the interface strings (docs/strings.md) ---------- */
  // lectern.js's, or the same lookup in book-data.js where a theme's own lectern.js lacks them.
  var I = (function (L) {
    if (L && typeof L.t === "function" && typeof L.html === "function" && typeof L.list === "function") return L;
    var S = (window.LECTERN_BOOK && window.LECTERN_BOOK.strings) || { lang: "en", s: {} }, s = S.s || {};
    function num(n) { try { return new Intl.NumberFormat((S.lang || "en") + "-u-nu-" + (S.digits || "latn")).format(n); } catch (e) { return String(n); } }
    function t(key, vars) {
      var e = has(s, key) ? s[key] : null;
      vars = vars || {};
      if (e == null) return key;
      if (typeof e === "object") { var c = "other"; try { c = new Intl.PluralRules(S.lang).select(vars.n); } catch (x) {} e = e[c] || e.other || ""; }
      return e.replace(/\{(\w+)\}/g, function (m, k) { return has(vars, k) ? (typeof vars[k] === "number" ? num(vars[k]) : String(vars[k])) : m; });
    }
    function html(key, vars, raw) {
      var all = {}, marks = [], k;
      for (k in vars) if (has(vars, k)) all[k] = vars[k];
      for (k in raw) if (has(raw, k)) { all[k] = "\u0001" + marks.length + "\u0002"; marks.push(raw[k]); }
      return esc(t(key, all)).replace(/\u0001(\d+)\u0002/g, function (m, i) { return marks[+i]; });
    }
    return { t: t, html: html, list: function (items) { return items.join(t("question.list_separator")); } };
  })(window.Lectern);
  var T = I.t;

  /* ---------- the index ---------- */
  var idx = null;
  function index() {
    if (idx) return idx;
    var data = window.LECTERN_SEARCH;
    // An index made with rules this script does not know would not match its queries.
    if (!data || data.v !== 2 || !A.ANALYSERS[data.a]) return null;
    var terms = [], prev = "";
    (data.w ? data.w.split(",") : []).forEach(function (e) {
      // The shared prefix counts characters (code points), not UTF-16 units.
      var keep = parseInt(e.charAt(0), 36), cut = 0;
      for (var k = 0; k < keep && cut < prev.length; k++) cut += prev.codePointAt(cut) > 0xffff ? 2 : 1;
      var t = prev.slice(0, cut) + e.slice(1);
      terms.push(t); prev = t;
    });
    // Maps keyed by words have no prototype: a query word "constructor" is a word, not a stop word.
    var stop = Object.create(null);
    (data.stop ? data.stop.split(" ") : []).forEach(function (w) { stop[w] = 1; });
    idx = { chapters: data.c, docs: data.d, terms: terms, lists: data.p ? data.p.split(",") : [], stop: stop, cache: {} };
    return idx;
  }
  // A term's postings: [{ d: doc, tf: count in the text, t: in the title }].
  function postings(i) {
    if (idx.cache[i]) return idx.cache[i];
    var s = idx.lists[i] || "", nums = [], acc = 0, out = [], doc = 0;
    for (var k = 0; k < s.length; k++) {
      var c = s.charAt(k), v = LAST.indexOf(c);
      if (v >= 0) { nums.push(acc * 32 + v); acc = 0; } else acc = acc * 32 + MORE.indexOf(c);
    }
    for (k = 0; k < nums.length; k++) {
      var n = nums[k], w = 2;
      doc += Math.floor(n / 2);
      if (n % 2) w = nums[++k];
      out.push({ d: doc, tf: Math.floor(w / 2), t: w % 2 === 1 });
    }
    return (idx.cache[i] = out);
  }
  function has(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }

  // One query term's best score in each document, and the indexed word that gave it: the term
  // matches every word it starts ("leak" finds "leaks", a CJK character the pairs it starts), a
  // whole word counting more; rarer words and words in titles weigh more.
  function termHits(t) {
    var best = {}, word = {}, n = idx.docs.length;
    for (var i = 0; i < idx.terms.length; i++) {
      var w = idx.terms[i];
      if (w.lastIndexOf(t, 0) !== 0) continue;
      var ps = postings(i), idf = Math.log(1 + n / ps.length);
      var f = w.length === t.length ? 1 : 0.45 + 0.4 * t.length / w.length;
      for (var k = 0; k < ps.length; k++) {
        var p = ps[k], s = idf * f * ((p.tf ? 1 + Math.log(p.tf) : 0) + (p.t ? 2 : 0));
        if (!(best[p.d] >= s)) { best[p.d] = s; word[p.d] = w; }
      }
    }
    return { best: best, word: word };
  }

  // Ranks documents. Every group of the query must match: a word by itself, a CJK run by all
  // of its character pairs. When no document has them all, documents with the most are shown.
  function search(q) {
    var groups = A.queryGroups(q, idx.stop), terms = [];
    groups.forEach(function (g) { terms.push.apply(terms, g.terms); });
    if (!groups.length) return { terms: terms, groups: groups, hits: [], total: 0, all: true };
    var per = groups.map(function (g) {
      var each = g.terms.map(termHits), best = {}, word = {};
      for (var d in each[0].best) {
        if (!has(each[0].best, d)) continue;
        var sum = 0, k;
        for (k = 0; k < each.length && has(each[k].best, d); k++) sum += each[k].best[d];
        if (k < each.length) continue;
        best[d] = sum / each.length;
        word[d] = g.cjk ? g.label : each[0].word[d];
      }
      return { best: best, word: word, cjk: g.cjk };
    });
    var scores = {}, matched = {}, found = {};
    per.forEach(function (r) {
      for (var d in r.best) {
        if (!has(r.best, d)) continue;
        scores[d] = (scores[d] || 0) + r.best[d];
        matched[d] = (matched[d] || 0) + 1;
        (found[d] = found[d] || []).push({ w: r.word[d], cjk: r.cjk });
      }
    });
    var ids = Object.keys(scores), most = 0;
    ids.forEach(function (d) { if (matched[d] > most) most = matched[d]; });
    var hits = ids.filter(function (d) { return matched[d] === most; }).map(function (d) {
      return { doc: +d, score: scores[d], words: found[d] };
    });
    hits.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
    return { terms: terms, groups: groups, hits: hits, total: hits.length, all: most === groups.length };
  }

  /* ---------- showing results ---------- */
  // A character with the combining marks after it (or marks alone, at the start of a word).
  var CLUSTER;
  try { CLUSTER = new RegExp("\\P{M}\\p{M}*|\\p{M}+", "gu"); } catch (e) { CLUSTER = /[^\u0300-\u036f][\u0300-\u036f]*|[\u0300-\u036f]+/g; }
  // Escapes `text`, wrapping in <mark> what the query's groups matched: each word (or the
  // non-CJK part of a word) whose folded form starts with a query word, and in CJK text the
  // characters of the query's pairs, found in the text as written ("eleve" marks "élève").
  function marked(text, groups) {
    var starts = [], grams = [], spans = [];
    groups.forEach(function (g) { if (g.cjk) grams.push.apply(grams, g.terms); else starts.push(g.terms[0]); });
    words(text).forEach(function (m) {
      var runs = [], run = null, at = m.at;
      (m.w.match(CLUSTER) || []).forEach(function (c) {
        var f = A.fold(c), k = f ? A.cjk(f) : !!(run && run.cjk);
        if (!run || run.cjk !== k) runs.push(run = { cjk: k, parts: [] });
        run.parts.push({ f: f, from: at, to: at + c.length });
        at += c.length;
      });
      runs.forEach(function (r) {
        var ps = r.parts, i, j;
        if (!r.cjk) {
          var f = ps.map(function (p) { return p.f; }).join("");
          if (starts.some(function (t) { return f.lastIndexOf(t, 0) === 0; })) spans.push([ps[0].from, ps[ps.length - 1].to]);
          return;
        }
        var chars = [], owner = [], hit = [];
        ps.forEach(function (p, n) { Array.from(p.f).forEach(function (ch) { chars.push(ch); owner.push(n); }); });
        grams.forEach(function (g) {
          var gc = Array.from(g);
          for (i = 0; i + gc.length <= chars.length; i++) {
            for (j = 0; j < gc.length && chars[i + j] === gc[j]; j++);
            if (j === gc.length) for (j = 0; j < gc.length; j++) hit[owner[i + j]] = true;
          }
        });
        for (i = 0; i < ps.length; i++) {
          if (!hit[i]) continue;
          var from = ps[i].from;
          while (i + 1 < ps.length && hit[i + 1]) i++;
          spans.push([from, ps[i].to]);
        }
      });
    });
    var out = "", last = 0;
    spans.forEach(function (s) {
      out += esc(text.slice(last, s[0])) + "<mark>" + esc(text.slice(s[0], s[1])) + "</mark>";
      last = s[1];
    });
    return out + esc(text.slice(last));
  }
  function link(d) {
    var c = idx.chapters[d[0]], anchor = d[1] ? "#" + d[1] : "";
    if (EXPORT) return "#/" + c[2].replace(/\.html$/, "") + anchor;
    return ROOT + c[2] + anchor;
  }

  var dialog, input, list, status, opener = null, restore = true, timer = 0;
  function build() {
    dialog = doc.createElement("dialog");
    dialog.className = "search-dialog";
    dialog.setAttribute("aria-label", T("search.title"));
    dialog.setAttribute("data-search", "");
    function kbd(k) { return "<kbd>" + esc(k) + "</kbd>"; }
    dialog.innerHTML =
      '<form class="search-form" role="search" data-search-form>' +
        '<label class="search-label" for="lsearch-input"><svg class="search-icon" aria-hidden="true" viewBox="0 0 24 24" width="20" height="20"><circle cx="10.5" cy="10.5" r="6.5" fill="none" stroke="currentColor" stroke-width="2"/><path d="m15.5 15.5 5 5" stroke="currentColor" stroke-width="2" stroke-linecap="round"/></svg><span class="visually-hidden">' + esc(T("search.title")) + "</span></label>" +
        '<input class="search-input" id="lsearch-input" type="search" autocomplete="off" autocapitalize="off" spellcheck="false" enterkeyhint="go" placeholder="' + esc(T("search.placeholder")) + '" aria-describedby="lsearch-keys" aria-controls="lsearch-results" data-search-input>' +
        '<button type="button" class="btn search-close" data-search-close aria-label="' + esc(T("search.close_label")) + '">' + esc(T("search.close")) + "</button>" +
      "</form>" +
      '<p class="search-status" role="status" data-search-status></p>' +
      '<ol class="search-results" id="lsearch-results" aria-label="' + esc(T("search.results")) + '" data-search-results></ol>' +
      '<p class="search-keys" id="lsearch-keys">' + I.html("search.keys", {}, { up: kbd("↑"), down: kbd("↓"), enter: kbd(T("search.key_enter")), esc: kbd(T("search.key_esc")) }) + "</p>";
    doc.body.appendChild(dialog);
    input = dialog.querySelector("[data-search-input]");
    list = dialog.querySelector("[data-search-results]");
    status = dialog.querySelector("[data-search-status]");

    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(update, 40); });
    dialog.querySelector("[data-search-form]").addEventListener("submit", function (e) {
      e.preventDefault();
      update();
      var first = list.querySelector("a");
      if (first) go(first);
    });
    dialog.querySelector("[data-search-close]").addEventListener("click", function () { close(true); });
    dialog.addEventListener("cancel", function (e) { e.preventDefault(); close(true); });
    dialog.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { e.preventDefault(); close(true); return; }
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      if (!links.length) return;
      var at = links.indexOf(doc.activeElement);
      if (e.key === "ArrowDown") { e.preventDefault(); links[Math.min(at + 1, links.length - 1)].focus(); }
      else if (e.key === "ArrowUp") { e.preventDefault(); if (at <= 0) input.focus(); else links[at - 1].focus(); }
      else if ((e.key === "Home" || e.key === "End") && at >= 0) { e.preventDefault(); links[e.key === "Home" ? 0 : links.length - 1].focus(); }
    });
    list.addEventListener("click", function (e) {
      var a = e.target.closest && e.target.closest("a");
      if (!a || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      go(a);
    });
    // A click on the backdrop (outside the dialog's box) closes it.
    dialog.addEventListener("click", function (e) {
      if (e.target !== dialog) return;
      var r = dialog.getBoundingClientRect();
      if (e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom) close(true);
    });
    dialog.addEventListener("close", function () {
      if (restore && opener && doc.contains(opener) && opener.focus) opener.focus();
      opener = null;
    });
  }

  function update() {
    clearTimeout(timer);
    var q = input.value;
    list.setAttribute("data-query", q); // which query the results are for (for scripts and tests)
    if (!index()) { status.textContent = T("search.no_index"); list.innerHTML = ""; return; }
    var r = search(q);
    if (!q.trim()) { status.textContent = ""; list.innerHTML = ""; return; }
    if (!r.terms.length) { status.textContent = T("search.too_short"); list.innerHTML = ""; return; }
    var shown = r.hits.slice(0, MAX), out = "";
    shown.forEach(function (h) {
      var d = idx.docs[h.doc], c = idx.chapters[d[0]], card = d[4] === 1;
      // The snippet is the start of the section: name the matched words it does not show.
      var shown = d[2] + " " + d[3], seen = Object.create(null), also = [];
      var folded = words(shown).map(function (m) { return A.fold(m.w); }).join(" ");
      A.indexTerms(shown).forEach(function (t) { seen[t] = 1; });
      h.words.forEach(function (w) {
        if (seen[w.w] || (w.cjk && folded.indexOf(w.w) >= 0)) return;
        seen[w.w] = 1;
        also.push("<mark>" + esc(w.w) + "</mark>");
      });
      var where = (c[0] ? (I.digits ? I.digits(c[0]) : c[0]) + " · " : "") + c[1];
      out += '<li class="search-hit' + (card ? " is-card" : "") + '"><a href="' + esc(link(d)) + '">' +
        '<span class="search-where">' + esc(where) + (card ? ' <span class="search-kind">' + esc(T("search.card")) + "</span>" : "") + "</span>" +
        '<span class="search-title" dir="auto">' + marked(d[2], r.groups) + "</span>" +
        (d[3] ? '<span class="search-snippet" dir="auto">' + marked(d[3], r.groups) + "</span>" : "") +
        (also.length ? '<span class="search-also">' + I.html("search.mentions", {}, { words: I.list(also) }) + "</span>" : "") +
        "</a></li>";
    });
    list.innerHTML = out;
    var n = r.total;
    if (!n) status.textContent = T("search.none", { query: q.trim() });
    else status.textContent = T(n > shown.length ? (r.all ? "search.best" : "search.best_partial") : r.all ? "search.count" : "search.count_partial", { n: n, shown: shown.length });
  }

  // Follows a result: closes the dialog (focus goes to the target, not back to the opener).
  function go(a) {
    var href = a.getAttribute("href"), same = a.href === location.href;
    close(false);
    if (same) { if (window.Lectern && window.Lectern.showTarget) window.Lectern.showTarget(); }
    else location.href = href;
  }

  function open() {
    if (!dialog) build();
    if (dialog.open) { input.focus(); return; }
    opener = doc.activeElement && doc.activeElement !== doc.body ? doc.activeElement : null;
    restore = true;
    dialog.showModal();
    input.focus();
    input.select();
    if (input.value) update();
  }
  function close(back) {
    restore = back;
    if (dialog && dialog.open) dialog.close();
  }

  window.LecternSearch = { open: open, close: function () { close(true); }, search: function (q) { return index() ? search(q) : null; } };
})();
