/* Lectern default theme: the single-file export (`lectern export`, <html data-export>).
   Every page of the course is a <template data-page="<route>"> in the one file, the route being
   the page's path without ".html" ("" for index.html, the front page). The URL hash names the page and, after
   a second "#", an element on it: #/runtime/v8-memory#q-some-card. This script shows the page
   the hash names before lectern.js starts the page's widgets, and swaps pages when the hash
   changes (lectern.js then scrolls to the element). Other scripts hear "lectern:page" on the
   document after each swap. Plain script, no modules, no network. */
(function () {
  "use strict";
  var doc = document, html = doc.documentElement;
  if (!html.hasAttribute("data-export")) return;
  var main = doc.getElementById("main");
  if (!main) return;
  // No prototype: a hash such as #/constructor or #/__proto__ is a page that does not exist (404).
  var pages = Object.create(null);
  Array.prototype.forEach.call(doc.querySelectorAll("template[data-page]"), function (t) {
    pages[t.getAttribute("data-page")] = t;
  });
  // The front page (the contents, or the book's README) is <main>'s first content, so the
  // file holds it once.
  if (pages[""] && !pages[""].content.firstChild) pages[""].innerHTML = main.innerHTML;
  var current = "";

  function parse(hash) {
    if (hash.slice(0, 2) !== "#/") return null;
    var rest = hash.slice(2), i = rest.indexOf("#"), page = i < 0 ? rest : rest.slice(0, i);
    try { page = decodeURIComponent(page); } catch (e) {}
    page = page.replace(/\/+$/, "");
    if (page === "index") page = "";
    return { page: page, local: i < 0 ? "" : rest.slice(i + 1) };
  }
  // What the URL asks for; a plain "#id" (the skip link, a hand-written link) is an element of
  // the page shown.
  function wanted() {
    return parse(location.hash) || { page: current, local: location.hash.slice(1), plain: true };
  }
  // Links outside the page (header, sidebar) to the page shown are marked as the current page.
  function mark() {
    Array.prototype.forEach.call(doc.querySelectorAll('a[href^="#/"]'), function (a) {
      if (main.contains(a)) return;
      var r = parse(a.getAttribute("href"));
      if (r && !r.local && r.page === current) a.setAttribute("aria-current", "page");
      else if (a.getAttribute("aria-current") === "page") a.removeAttribute("aria-current");
    });
  }
  function show(page) {
    var t = pages[page] || pages["404"];
    if (!t) return false;
    main.innerHTML = "";
    main.appendChild(doc.importNode(t.content, true));
    current = page;
    if (t.getAttribute("data-title")) doc.title = t.getAttribute("data-title");
    var d = doc.querySelector('meta[name="description"]');
    if (d && t.getAttribute("data-description")) d.setAttribute("content", t.getAttribute("data-description"));
    if (t.getAttribute("data-class")) doc.body.className = t.getAttribute("data-class");
    mark();
    return true;
  }

  var first = wanted();
  if (first.page !== current) show(first.page); else mark();

  window.addEventListener("hashchange", function () {
    var r = wanted();
    if (r.plain) {
      // Keep the route in the address, so a reload shows this page again.
      try { history.replaceState(null, "", "#/" + current + (r.local ? "#" + r.local : "")); } catch (e) {}
      return;
    }
    if (r.page === current) return; // the same page: lectern.js scrolls to the element
    show(r.page);
    var drawer = doc.querySelector('[data-nav-toggle][aria-expanded="true"]');
    if (drawer) drawer.click();
    if (window.Lectern && window.Lectern.initPage) window.Lectern.initPage();
    try { doc.dispatchEvent(new CustomEvent("lectern:page", { detail: { route: current } })); } catch (e) {}
    if (!r.local) {
      window.scrollTo(0, 0);
      try { main.focus({ preventScroll: true }); } catch (e) { main.focus(); }
    }
  });
})();
