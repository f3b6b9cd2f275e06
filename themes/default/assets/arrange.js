/* Lectern default theme: the `order` (Parsons) and `match` question widgets. Loaded only by
   pages with such a question (and the review page), after lectern.js, whose question flow
   (check, try again, stored answers, progress, review, hints) drives them through its one
   registry of question kinds, Lectern.kinds (see KINDS in lectern.js): each kind adds to the
   question's `ext` sel/set (the answer as lectern.js stores it: a list of strings), grade, msg
   (marks and the verdict's HTML), clear, lock, focus and empty.
   An order answer is the lines used, in order ("l2", "d0"; with indent "l2:1"), a match answer
   the right-hand item chosen for each left-hand item ("r1", "x0", "" for none).
   Everything is operable by keyboard: buttons on each line, and Alt+arrows on a focused line;
   moves are announced in a polite live region. Dragging with a pointer works too.
   Plain script (no modules, no network): works from file://. */
(function () {
  "use strict";
  var L = window.Lectern, doc = document;
  if (!L || !L.kinds) return;
  var T = L.t;
  function $(sel, el) { return (el || doc).querySelector(sel); }
  function $$(sel, el) { return Array.prototype.slice.call((el || doc).querySelectorAll(sel)); }
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function icon(ch) { return '<span class="q-icon" aria-hidden="true">' + ch + "</span>"; }
  // This file's words: the page carries them (chapter.html; the review page's data-strings).
  function strings() {
    $$("[data-arrange-strings]").forEach(function (el) {
      try { if (L.addStrings) L.addStrings(JSON.parse(el.getAttribute("data-arrange-strings") || "{}")); } catch (e) { /* keep the keys */ }
    });
  }
  function textOf(el) { return el ? el.textContent.replace(/\s+/g, " ").trim() : ""; }
  // Lectern's verdict on an item, as a badge, then what the author explains.
  function note(li, cls, mark, label, why) {
    var d = doc.createElement("div");
    d.className = "q-note " + cls;
    d.dir = doc.documentElement.dir || "ltr"; // the page's, inside a left-to-right list of code
    d.innerHTML = '<p class="q-mark">' + icon(mark) + esc(label) + "</p>" + (why ? '<div class="q-why-text">' + why + "</div>" : "");
    li.appendChild(d);
    li.classList.add(cls);
  }
  function clearMarks(items) {
    items.forEach(function (li) {
      li.classList.remove("is-right", "is-wrong");
      $$(".q-note", li).forEach(function (n) { n.remove(); });
    });
  }

  /* ---------- order ---------- */
  var TOOLS = [["up", "↑", "order.move_up"], ["down", "↓", "order.move_down"], ["out", "←", "order.outdent"], ["in", "→", "order.indent"], ["drop", "✕", "order.leave_out"], ["use", "↩", "order.use"]];
  // `sol`: the answer's lines in order, { key, same, level }; `q`: the question element.
  function order(q, sol) {
    var box = $('[data-arrange="order"]', q);
    if (!box) return null;
    strings();
    var list = $("[data-order-list]", box), wrap = $("[data-unused]", box), spare = $("[data-unused-list]", box);
    var indent = box.hasAttribute("data-indent"), key = q.getAttribute("data-question") || q.getAttribute("data-review-key") || "";
    var all = $$(".q-line", box), byKey = Object.create(null), locked = false;
    all.forEach(function (li) { byKey[li.getAttribute("data-line")] = li; });
    if (!sol) {
      sol = $$("[data-order-key] li", q).map(function (li) {
        return { key: li.getAttribute("data-key"), same: li.getAttribute("data-same"), level: +li.getAttribute("data-level") || 0 };
      });
    }
    var live = doc.createElement("p");
    live.className = "visually-hidden"; live.setAttribute("aria-live", "polite");
    box.appendChild(live);
    var hint = $(".q-hint", box);
    if (hint) hint.insertAdjacentHTML("beforeend", ' <span class="q-keys">' + esc(T("order.keys")) + (indent ? " " + esc(T("order.keys_indent")) : "") + "</span>");
    // The start: this reader's shuffle of the lines, never the answer (the seed is stored, so
    // that it is the same start on the next visit).
    L.save();
    var start = L.shuffled(all, (L.state().seed || "") + "|" + key);
    if (solved(start.map(function (li) { return li.getAttribute("data-line"); })) && start.length > 1) start.push(start.shift());

    all.forEach(function (li) {
      var text = $(".q-line-text", li), tools = doc.createElement("span");
      tools.className = "q-tools";
      TOOLS.forEach(function (t) {
        if ((t[0] === "in" || t[0] === "out") && !indent) return;
        if ((t[0] === "drop" || t[0] === "use") && !spare) return;
        var b = doc.createElement("button");
        b.type = "button"; b.className = "q-tool q-tool-" + t[0]; b.setAttribute("data-act", t[0]);
        b.title = T(t[2]);
        b.innerHTML = '<span aria-hidden="true">' + t[1] + '</span><span class="visually-hidden">' + esc(T(t[2])) + "</span>";
        if (text && text.id) b.setAttribute("aria-describedby", text.id);
        tools.appendChild(b);
      });
      li.appendChild(tools);
      li.setAttribute("draggable", "true");
    });

    function level(li) { return +li.getAttribute("data-level") || 0; }
    function setLevel(li, n) { n = Math.max(0, Math.min(8, n)); li.setAttribute("data-level", n); li.style.setProperty("--lvl", n); }
    function sameOf(k) { var li = byKey[k]; return li ? li.getAttribute("data-same") : k; }
    function solved(keys) {
      return keys.length === sol.length && keys.every(function (k, i) { return sameOf(k) === sol[i].same; }) && !indent;
    }
    function used() { return $$(".q-line", list); }
    function refresh() {
      var u = used();
      all.forEach(function (li) {
        var inList = li.parentNode === list, i = u.indexOf(li);
        $$(".q-tool", li).forEach(function (b) {
          var a = b.getAttribute("data-act");
          b.hidden = inList ? a === "use" : a !== "use";
          b.disabled = locked || (a === "up" && i <= 0) || (a === "down" && i === u.length - 1) || (a === "out" && level(li) === 0) || (a === "in" && level(li) >= 8);
        });
        li.setAttribute("draggable", locked ? "false" : "true");
        $(".q-tools", li).hidden = locked; // checked: the verdicts take their place
      });
      if (wrap) wrap.hidden = !$(".q-line", spare);
    }
    function say(k, li, n) {
      live.textContent = T(k, { line: textOf($(".q-line-text", li)), n: n, total: used().length });
    }
    function focusTool(li, act, other) {
      var b = $('[data-act="' + act + '"]', li);
      if (!b || b.disabled || b.hidden) b = $('[data-act="' + other + '"]', li);
      if (b && !b.disabled && !b.hidden) b.focus(); else { b = $(".q-tool:not([disabled]):not([hidden])", li); if (b) b.focus(); }
    }
    function act(li, a) {
      if (locked) return;
      var u = used(), i = u.indexOf(li);
      if (a === "up" && i > 0) list.insertBefore(li, u[i - 1]);
      else if (a === "down" && i >= 0 && i < u.length - 1) list.insertBefore(li, u[i + 1].nextSibling);
      else if (a === "in" || a === "out") { setLevel(li, level(li) + (a === "in" ? 1 : -1)); refresh(); say("order.indented", li, level(li)); focusTool(li, a, a === "in" ? "out" : "in"); changed(); return; }
      else if (a === "drop" && i >= 0) { spare.appendChild(li); setLevel(li, 0); refresh(); say("order.left_out", li); focusTool(u[i + 1] || u[i - 1] || li, "drop", "use"); changed(); return; }
      else if (a === "use" && i < 0) { list.appendChild(li); refresh(); say("order.put_back", li, used().length); focusTool(li, "up", "down"); changed(); return; }
      else return;
      refresh();
      say("order.moved", li, used().indexOf(li) + 1);
      focusTool(li, a, a === "up" ? "down" : "up");
      changed();
    }
    function changed() { q.dispatchEvent(new Event("change", { bubbles: true })); }
    box.addEventListener("click", function (e) {
      var b = e.target.closest && e.target.closest("[data-act]");
      if (b && box.contains(b)) act(b.closest(".q-line"), b.getAttribute("data-act"));
    });
    box.addEventListener("keydown", function (e) {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      var li = e.target.closest && e.target.closest(".q-line"), m = { ArrowUp: "up", ArrowDown: "down", ArrowLeft: "out", ArrowRight: "in" }[e.key];
      if (!li || !m || li.parentNode !== list || ((m === "in" || m === "out") && !indent)) return;
      e.preventDefault();
      act(li, m);
    });
    // A pointer can drag lines too (the buttons and keys do everything it does).
    var dragged = null;
    box.addEventListener("dragstart", function (e) {
      var li = e.target.closest && e.target.closest(".q-line");
      if (!li || locked) { e.preventDefault(); return; }
      dragged = li; li.classList.add("is-dragged");
      try { e.dataTransfer.effectAllowed = "move"; e.dataTransfer.setData("text/plain", li.getAttribute("data-line")); } catch (x) {}
    });
    box.addEventListener("dragover", function (e) {
      if (!dragged) return;
      var over = e.target.closest && e.target.closest(".q-line, [data-order-list], [data-unused-list]");
      if (!over) return;
      e.preventDefault();
      if (over.classList.contains("q-line") && over !== dragged) {
        var r = over.getBoundingClientRect();
        over.parentNode.insertBefore(dragged, e.clientY > r.top + r.height / 2 ? over.nextSibling : over);
      } else if (!over.classList.contains("q-line") && dragged.parentNode !== over) over.appendChild(dragged);
    });
    box.addEventListener("dragend", function () {
      if (!dragged) return;
      var li = dragged; dragged = null; li.classList.remove("is-dragged");
      if (li.parentNode !== list) setLevel(li, 0);
      refresh();
      say(li.parentNode === list ? "order.moved" : "order.left_out", li, used().indexOf(li) + 1);
      changed();
    });

    function get() { return used().map(function (li) { return li.getAttribute("data-line") + (indent ? ":" + level(li) : ""); }); }
    function set(r) {
      var keys = Array.isArray(r) ? r : [], placed = [];
      all.forEach(function (li) { setLevel(li, 0); });
      if (!keys.length) start.forEach(function (li) { list.appendChild(li); });
      else {
        keys.forEach(function (k) {
          var parts = String(k).split(":"), li = byKey[parts[0]];
          if (!li || placed.indexOf(li) >= 0) return;
          placed.push(li); list.appendChild(li); setLevel(li, +parts[1] || 0);
        });
        start.forEach(function (li) { if (placed.indexOf(li) < 0) { if (spare) spare.appendChild(li); else list.appendChild(li); } });
      }
      refresh();
    }
    function grade(sel) {
      if (!sel.length) return null;
      var right = 0, extra = 0, seen = 0;
      var places = sel.map(function (k, i) {
        var p = String(k).split(":"), li = byKey[p[0]], want = sol[i];
        if (p[0].charAt(0) === "d") { extra++; return "extra"; }
        seen++;
        var ok = !!li && !!want && sameOf(p[0]) === want.same && (!indent || (+p[1] || 0) === want.level);
        if (ok) right++;
        return ok ? "right" : "wrong";
      });
      var missing = Math.max(0, sol.length - seen);
      return { ok: right === sol.length && sel.length === sol.length, right: right, extra: extra, missing: missing, places: places };
    }
    function show(sel, g) {
      used().forEach(function (li, i) {
        var p = g.places[i];
        if (p === "right") note(li, "is-right", "✓", T("order.mark_right"));
        else note(li, "is-wrong", "✗", T(p === "extra" ? "order.mark_extra" : "order.mark_wrong"));
      });
      if (g.ok) return icon("✓") + esc(T("order.all_in_place"));
      var msg = T("order.in_place", { right: g.right, n: sol.length });
      if (g.extra) msg += " " + T("order.extra", { n: g.extra });
      if (g.missing) msg += " " + T("order.missing", { n: g.missing });
      return icon("✗") + esc(msg);
    }
    return {
      sel: get, set: set, grade: grade, msg: show,
      clear: function () { clearMarks(all); },
      lock: function (v) { locked = v; refresh(); },
      focus: function () { var b = $(".q-tool:not([disabled]):not([hidden])", box); if (b) b.focus(); },
      empty: function () { return T("order.arrange_first"); }
    };
  }

  /* ---------- match ---------- */
  function match(q, whys) {
    var box = $('[data-arrange="match"]', q);
    if (!box) return null;
    strings();
    var items = $$(".q-pair", box), selects = items.map(function (li) { return $("select", li); });
    var want = items.map(function (li) { return li.getAttribute("data-pair"); });
    if (!whys) whys = want.map(function (k) {
      var w = $('[data-match-key] [data-pair-key="' + k + '"] .q-why', q);
      return w ? w.innerHTML : "";
    });
    function label(sel, v) {
      var o = $$("option", sel).filter(function (o) { return o.value === v; })[0];
      return o ? o.textContent : v;
    }
    function get() { return selects.map(function (s) { return s.value; }); }
    function set(r) {
      var a = Array.isArray(r) ? r : [];
      selects.forEach(function (s, i) { s.value = typeof a[i] === "string" ? a[i] : ""; if (s.selectedIndex < 0) s.value = ""; });
    }
    function grade(sel) {
      if (sel.length !== want.length || sel.some(function (v) { return !v; })) return null;
      var right = sel.filter(function (v, i) { return v === want[i]; }).length;
      return { ok: right === want.length, right: right };
    }
    function show(sel, g) {
      items.forEach(function (li, i) {
        var why = whys[i] ? "<p>" + whys[i] + "</p>" : "";
        if (sel[i] === want[i]) note(li, "is-right", "✓", T("question.correct"), why);
        else note(li, "is-wrong", "✗", T("question.wrong"), "<p>" + esc(T("match.goes_with", { right: label(selects[i], want[i]) })) + "</p>" + why);
      });
      return g.ok ? icon("✓") + esc(T("match.all_right")) : icon("✗") + esc(T("match.right_count", { right: g.right, n: want.length }));
    }
    return {
      sel: get, set: set, grade: grade, msg: show,
      clear: function () { clearMarks(items); },
      lock: function (v) { selects.forEach(function (s) { s.disabled = v; }); },
      focus: function () { if (selects[0]) selects[0].focus(); },
      empty: function () { return T("match.choose_all"); }
    };
  }

  /* ---------- the same widgets on the review page (review-pages.js writes their HTML) ---------- */
  // The widget of item `it` once its HTML is in `root`.
  function attach(root, it) {
    var a = it.arrange || {};
    if (it.kind === "order") return order(root, (a.lines || []).filter(function (l) { return l.used; }).map(function (l) { return { key: l.key, same: l.same, level: l.level }; }));
    return match(root, (a.pairs || []).map(function (p) { return p.explanation_html || ""; }));
  }

  // Adds widget `w` to `ext`, keeping what was there (the hints' lock).
  function adopt(w, ext) {
    if (!w) return;
    var lock = ext.lock;
    Object.keys(w).forEach(function (k) { ext[k] = w[k]; });
    if (lock) ext.lock = function (v) { w.lock(v); lock(v); };
  }
  // On the review page (ctx.item), review-pages.js wrote the widget's HTML from the item.
  L.kinds.order = L.kinds.match = function (q, ext, ctx) { adopt(ctx && ctx.item ? attach(q.closest("[data-review-key]") || q, ctx.item) : q.getAttribute("data-kind") === "order" ? order(q) : match(q), ext); };
  // This page's questions of these kinds (lectern.js went past them before this file ran).
  $$('[data-question][data-kind="order"], [data-question][data-kind="match"]').forEach(function (q) {
    if (!q.classList.contains("is-live")) { try { L.initQuestion(q); } catch (e) { if (window.console) console.error("lectern: arrange", e); } }
  });
})();
