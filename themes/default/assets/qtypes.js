/* Lectern default theme: what the numeric and fill questions, trace questions written in
   Lectern's YAML, and hints add to a question widget. Only pages with such a question load it
   (and the review page); it registers those kinds, and "*" (hints, for every kind), in
   lectern.js's one registry of question kinds (window.LecternKinds, which is Lectern.kinds),
   whose extend() asks them for each question. Plain script, no network; works from file://.
   The words a widget shows come rendered in the book's language in its data-qt-strings
   (render::qtypes), so book-data.js, which every page loads, does not carry them.

   First, pure (exported as module.exports under Node, where tests/js/ runs it): reading a
   typed number, and comparing an answer with a blank's accepted answers or a pattern. */
(function (root, api) {
  if (typeof module === "object" && module && module.exports) module.exports = api;
  else api.register(root.LecternKinds = root.LecternKinds || Object.create(null));
})(this, (function () {
  "use strict";
  var COMMA = /^(fr|de|es|it|pt|nl|ru|pl|sv|da|nb|fi|cs)\b/i;

  /** A number as a reader types it: "1,234.5", "1 234,5" or "1.234,5" (a decimal comma in a
      book in `lang` that writes one), "−3", "42.5 ms" (with `unit`), "1e3", "٤٢٫٥". null if not one. */
  function parseNumber(text, unit, lang) {
    // Arabic-Indic and Persian digits, and the Arabic decimal and thousands separators, read as ASCII.
    var s = String(text).replace(/[\u0660-\u0669\u06f0-\u06f9]/g, function (d) { return String(d.charCodeAt(0) & 15); })
      .replace(/\u066b/g, ".").replace(/\u066c/g, ",")
      .replace(/[\s\u00a0\u202f\u2009'’_]/g, "").replace(/[\u2212\u2013]/g, "-");
    var u = String(unit || "").replace(/\s/g, "");
    if (u && s.length > u.length && s.slice(-u.length).toLowerCase() === u.toLowerCase()) s = s.slice(0, -u.length);
    var m = /^([+-]?)([0-9.,]*[0-9][0-9.,]*|[0-9]*[.,][0-9]+)(e[+-]?[0-9]+)?$/i.exec(s);
    if (!m) return null;
    var body = m[2], dot = body.lastIndexOf("."), com = body.lastIndexOf(","), dec = "";
    var dots = body.split(".").length - 1, commas = body.split(",").length - 1;
    if (dots && commas) dec = dot > com ? "." : ",";
    else if (dots + commas === 1) {
      var c = dots ? "." : ",", at = body.indexOf(c);
      // One separator before exactly three digits is the thousands one of the book's language.
      var thousands = at > 0 && body.length - at - 1 === 3 && (c === "," ? !COMMA.test(lang || "") : COMMA.test(lang || ""));
      if (!thousands) dec = c;
    }
    var i = dec ? body.lastIndexOf(dec) : body.length, whole = body.slice(0, i), frac = body.slice(i + 1);
    if (/[.,]/.test(frac)) return null;
    if (/[.,]/.test(whole)) {
      // Thousands separators: one kind, groups of three.
      if (!/^[0-9]{1,3}([.,][0-9]{3})+$/.test(whole) || (whole.indexOf(".") >= 0 && whole.indexOf(",") >= 0)) return null;
      whole = whole.replace(/[.,]/g, "");
    }
    var n = Number(m[1] + (whole || "0") + (frac ? "." + frac : "") + (m[3] || ""));
    return isFinite(n) ? n : null;
  }
  /** Whether `x` is right: at most `tolerance` from `answer` (and a rounding error). */
  function numberRight(x, answer, tolerance) {
    return x !== null && Math.abs(x - answer) <= tolerance + 1e-9 * Math.max(1, Math.abs(answer));
  }
  /** A pattern matched against the whole text; a pattern that does not compile matches nothing. */
  function matches(pattern, text) {
    if (!pattern) return false;
    try { return new RegExp("^(?:" + pattern + ")$").test(text); } catch (e) { return false; }
  }
  function collapse(s) { return String(s).replace(/\s+/g, " ").trim(); }
  /** A blank's answer against its spec { a: accepted (normalised), re, case }. */
  function blankRight(value, spec) {
    var v = collapse(value);
    if (!v) return false;
    if ((spec.a || []).indexOf(spec["case"] ? v : v.toLowerCase()) >= 0) return true;
    return matches(spec.re, v);
  }

  /* ---------- in the page ---------- */
  function $$(sel, el) { return Array.prototype.slice.call(el.querySelectorAll(sel)); }
  function words(el) {
    try { return JSON.parse(el.getAttribute("data-qt-strings") || "null"); } catch (e) { return null; }
  }

  // The hints of `box` (the <details> the page has without JavaScript) turned into a button
  // that shows one more each time; returns { used(), reveal(n), lock(v) }.
  function hints(det, w, esc) {
    var doc = det.ownerDocument, items = $$(".q-hint-list > li", det), n = 0, locked = false;
    var box = doc.createElement("div"), list = doc.createElement("ol"), btn = doc.createElement("button");
    box.className = "q-hints is-live"; box.id = det.id;
    list.className = "q-hint-list"; list.setAttribute("aria-live", "polite");
    btn.type = "button"; btn.className = "btn btn-small q-hint-btn"; btn.setAttribute("data-hint-next", "");
    items.forEach(function (li, i) {
      li.hidden = true; li.tabIndex = -1;
      li.insertAdjacentHTML("afterbegin", '<p class="q-hint-label">' + esc(w["label" + (i + 1)] || "") + "</p>");
      list.appendChild(li);
    });
    box.appendChild(btn); box.appendChild(list);
    det.parentNode.replaceChild(box, det);
    function update() {
      btn.hidden = locked || n >= items.length;
      if (n < items.length) btn.textContent = w["show" + (n + 1)] || "";
    }
    function reveal(k) { while (n < Math.min(k, items.length)) items[n++].hidden = false; update(); }
    btn.addEventListener("click", function () {
      reveal(n + 1);
      if (btn.hidden) items[n - 1].focus();
    });
    update();
    return { used: function () { return n; }, reveal: reveal, lock: function (v) { locked = v; update(); }, box: box };
  }

  /** The kinds this file adds to lectern.js's registry `reg` (see KINDS there): each adds to
      `ext` what it needs, when the question carries this file's words (data-qt-strings).
      `ctx`: lectern.js's esc, icon and tnorm. */
  function register(reg) {
    reg["*"] = function (q, ext, ctx) {
      var w = words(q), det = w && q.querySelector("[data-hints]"), h = det && hints(det, w, ctx.esc);
      if (h) { ext.hints = h.used; ext.showHints = h.reveal; ext.lock = h.lock; }
    };
    reg.numeric = function (q, ext, ctx) {
      var w = words(q);
      if (w) numeric(q, w, ext, ctx.esc, ctx.icon, q.ownerDocument.documentElement.lang);
    };
    reg.fill = function (q, ext, ctx) {
      var w = words(q);
      if (w) fill(q, w, ext, ctx.esc, ctx.icon);
    };
    reg.trace = function (q, ext, ctx) {
      var w = words(q);
      if (w) trace(q, w, ext, ctx.esc, ctx.tnorm);
    };
  }

  function numeric(q, w, ext, esc, icon, lang) {
    var answer = +q.getAttribute("data-answer"), tol = +q.getAttribute("data-tolerance") || 0, unit = q.getAttribute("data-unit") || "";
    ext.grade = function (sel) {
      var x = parseNumber(sel, unit, lang);
      return x === null ? null : { ok: numberRight(x, answer, tol) };
    };
    ext.empty = function (sel) { return String(sel).trim() ? w.nan : w.first; };
    ext.msg = function (sel, g) { return g.ok ? icon("✓") + esc(w.right) : icon("✗") + esc(w.wrong); };
  }

  function fill(q, w, ext, esc, icon) {
    var fields = $$("[data-blank]", q), lock = ext.lock;
    var specs = fields.map(function (f) { try { return JSON.parse(f.getAttribute("data-spec")); } catch (e) { return {}; } });
    ext.focus = function () { if (fields[0]) fields[0].focus(); };
    ext.sel = function () { return fields.map(function (f) { return f.value; }); };
    ext.set = function (r) { fields.forEach(function (f, i) { f.value = (Array.isArray(r) && typeof r[i] === "string") ? r[i] : ""; }); };
    ext.grade = function (sel) {
      if (!Array.isArray(sel) || sel.length !== fields.length || sel.some(function (v) { return !collapse(v); })) return null;
      var each = sel.map(function (v, i) { return blankRight(v, specs[i]); }), right = each.filter(Boolean).length;
      return { ok: right === fields.length, right: right, each: each };
    };
    ext.empty = function () { return w.first; };
    ext.msg = function (sel, g) { return g.ok ? icon("✓") + esc(w.all) : icon("✗") + esc(w["partial" + g.right]); };
    ext.after = function (sel, g) {
      fields.forEach(function (f, i) {
        var ok = g.each[i], mark = q.ownerDocument.createElement("span");
        f.parentNode.classList.add(ok ? "is-right" : "is-wrong");
        mark.className = "q-blank-mark";
        mark.innerHTML = icon(ok ? "✓" : "✗") + '<span class="visually-hidden">' + esc(ok ? w.right : w.wrong) + "</span>" + (ok ? "" : " " + esc(w["expected" + i] || ""));
        f.parentNode.appendChild(mark);
      });
    };
    ext.clear = function () {
      fields.forEach(function (f) {
        f.parentNode.classList.remove("is-right", "is-wrong");
        $$(".q-blank-mark", f.parentNode).forEach(function (m) { m.remove(); });
      });
    };
    ext.lock = function (v) {
      fields.forEach(function (f) { if (f.tagName === "SELECT") f.disabled = v; else f.readOnly = v; });
      if (lock) lock(v);
    };
    ext.enter = function (check) {
      fields.forEach(function (f) {
        f.addEventListener("keydown", function (e) { if (e.key === "Enter" && f.tagName === "INPUT" && !f.readOnly) { e.preventDefault(); check(); } });
      });
    };
  }

  function trace(q, w, ext, esc, tnorm) {
    var re = q.getAttribute("data-regex"), key = q.querySelector("[data-trace-key]");
    var comp = key ? key.getAttribute("data-compiles") === "true" : q.hasAttribute("data-compiles");
    var out = q.querySelector("pre[data-accepted]"), err = q.querySelector("[data-trace-error]"), detail = q.getAttribute("data-detail") || "";
    if (re) ext.match = function (text) { return matches(re, tnorm(text)); };
    ext.after = function (sel, g, fb) {
      // The real output (when lectern.js has not shown it already, with a wrong answer) or error.
      var real = comp ? (g.ok ? (out ? out.textContent : detail) : "") : err ? err.textContent : detail;
      if (real) fb.insertAdjacentHTML("beforeend", '<p class="q-trace-key">' + esc(w.detail || "") + '</p><pre class="q-output">' + esc(real) + "</pre>");
    };
  }

  return { parseNumber: parseNumber, numberRight: numberRight, matches: matches, blankRight: blankRight, register: register, hints: hints, words: words };
})());
