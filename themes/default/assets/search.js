/* Lectern default theme: full-text search. The search dialog and its query engine over
   window.LECTERN_SEARCH (search-index.js, written by `lectern build`; format in src/search.rs).
   lectern.js loads this file and the index the first time search opens (a <script> element:
   works from file://, never fetched). Plain script, no modules, no network. */
(function () {
  "use strict";
  if (window.LecternSearch) return;
  var doc = document, html = doc.documentElement;
  var EXPORT = html.hasAttribute("data-export");
  var ROOT = html.getAttribute("data-root") || "";
  var LAST = "0123456789abcdefghijklmnopqrstuv", MORE = "wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$";
  // How many results to list: book.toml's `limit-results`, else 30.
  var MAX = parseInt(html.getAttribute("data-search-limit"), 10) || 30;
  var WORD;
  try { WORD = new RegExp("[\\p{Alphabetic}\\p{N}]+", "gu"); } catch (e) { WORD = /[0-9A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]+/g; }

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  /* ---------- the index ---------- */
  var idx = null;
  function index() {
    if (idx) return idx;
    var data = window.LECTERN_SEARCH;
    if (!data || data.v !== 1) return null;
    var terms = [], prev = "";
    (data.w ? data.w.split(",") : []).forEach(function (e) {
      var t = prev.slice(0, parseInt(e.charAt(0), 36)) + e.slice(1);
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
  function words(s) {
    var out = [], m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(s))) out.push({ w: m[0], at: m.index });
    return out;
  }
  // The query's terms as the index cuts text: lower case, two characters or more, no stop words.
  function queryTerms(q) {
    var seen = Object.create(null), out = [];
    words(String(q).toLowerCase()).forEach(function (m) {
      if (m.w.length < 2 || idx.stop[m.w] || seen[m.w]) return;
      seen[m.w] = 1; out.push(m.w);
    });
    return out;
  }

  // Ranks documents: every query term matches a word it starts ("leak" finds "leaks"), a whole
  // word counting more; rarer words and words in titles weigh more. Every term must match; when
  // no document has them all, documents with the most of them are shown.
  function search(q) {
    var terms = queryTerms(q), n = idx.docs.length;
    if (!terms.length) return { terms: terms, hits: [], total: 0, all: true };
    var per = terms.map(function (t) {
      var best = {}, word = {};
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
    });
    var scores = {}, matched = {}, found = {};
    per.forEach(function (r) {
      for (var d in r.best) {
        if (!Object.prototype.hasOwnProperty.call(r.best, d)) continue;
        scores[d] = (scores[d] || 0) + r.best[d];
        matched[d] = (matched[d] || 0) + 1;
        (found[d] = found[d] || []).push(r.word[d]);
      }
    });
    var ids = Object.keys(scores), most = 0;
    ids.forEach(function (d) { if (matched[d] > most) most = matched[d]; });
    var hits = ids.filter(function (d) { return matched[d] === most; }).map(function (d) {
      return { doc: +d, score: scores[d], words: found[d] };
    });
    hits.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
    return { terms: terms, hits: hits, total: hits.length, all: most === terms.length };
  }

  /* ---------- showing results ---------- */
  // Escapes `text`, wrapping every word that starts with a query term in <mark>.
  function marked(text, terms) {
    var out = "", last = 0;
    words(text).forEach(function (m) {
      var lw = m.w.toLowerCase();
      for (var i = 0; i < terms.length; i++) {
        if (lw.lastIndexOf(terms[i], 0) === 0) {
          out += esc(text.slice(last, m.at)) + "<mark>" + esc(m.w) + "</mark>";
          last = m.at + m.w.length;
          return;
        }
      }
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
    dialog.setAttribute("aria-label", "Search this book");
    dialog.setAttribute("data-search", "");
    dialog.innerHTML =
      '<form class="search-form" role="search" data-search-form>' +
        '<label class="search-label" for="lsearch-input"><svg class="search-icon" aria-hidden="true" viewBox="0 0 24 24" width="20" height="20"><circle cx="10.5" cy="10.5" r="6.5" fill="none" stroke="currentColor" stroke-width="2"/><path d="m15.5 15.5 5 5" stroke="currentColor" stroke-width="2" stroke-linecap="round"/></svg><span class="visually-hidden">Search this book</span></label>' +
        '<input class="search-input" id="lsearch-input" type="search" autocomplete="off" autocapitalize="off" spellcheck="false" enterkeyhint="go" placeholder="Search this book" aria-describedby="lsearch-keys" aria-controls="lsearch-results" data-search-input>' +
        '<button type="button" class="btn search-close" data-search-close>Close<span class="visually-hidden"> search</span></button>' +
      "</form>" +
      '<p class="search-status" role="status" data-search-status></p>' +
      '<ol class="search-results" id="lsearch-results" aria-label="Search results" data-search-results></ol>' +
      '<p class="search-keys" id="lsearch-keys"><kbd>↑</kbd> <kbd>↓</kbd> to move, <kbd>Enter</kbd> to open, <kbd>Esc</kbd> to close</p>';
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
    if (!index()) { status.textContent = "The search index could not be read."; list.innerHTML = ""; return; }
    var r = search(q);
    if (!q.trim()) { status.textContent = ""; list.innerHTML = ""; return; }
    if (!r.terms.length) { status.textContent = "Type a word of two letters or more."; list.innerHTML = ""; return; }
    var shown = r.hits.slice(0, MAX), out = "";
    shown.forEach(function (h) {
      var d = idx.docs[h.doc], c = idx.chapters[d[0]], card = d[4] === 1;
      // The snippet is the start of the section: name the matched words it does not show.
      var seen = Object.create(null), also = [];
      words((d[2] + " " + d[3]).toLowerCase()).forEach(function (m) { seen[m.w] = 1; });
      h.words.forEach(function (w) { if (!seen[w]) { seen[w] = 1; also.push("<mark>" + esc(w) + "</mark>"); } });
      var where = (c[0] ? c[0] + " · " : "") + c[1];
      out += '<li class="search-hit' + (card ? " is-card" : "") + '"><a href="' + esc(link(d)) + '">' +
        '<span class="search-where">' + esc(where) + (card ? ' <span class="search-kind">Interview question</span>' : "") + "</span>" +
        '<span class="search-title">' + marked(d[2], r.terms) + "</span>" +
        (d[3] ? '<span class="search-snippet">' + marked(d[3], r.terms) + "</span>" : "") +
        (also.length ? '<span class="search-also">Mentions ' + also.join(", ") + "</span>" : "") +
        "</a></li>";
    });
    list.innerHTML = out;
    var n = r.total;
    if (!n) status.textContent = "No results for “" + q.trim() + "”.";
    else status.textContent = (n === 1 ? "1 result" : n + " results") +
      (n > shown.length ? ", showing the best " + shown.length : "") +
      (r.all ? "" : " (none has every word)") + ".";
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
