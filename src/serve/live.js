// Live reload for `lectern serve`. The server adds this script to the pages it serves, never
// to a built site. It follows /__lectern/events and, after each rebuild, reloads the page
// (keeping its scroll position), swaps the stylesheets when only they changed, or shows the
// build's errors over the page until they are fixed.
(() => {
  'use strict';
  const script = document.currentScript;
  if (!script || window.__lecternLive) return;
  window.__lecternLive = true;

  const server = script.dataset.server;
  let version = Number(script.dataset.version) || 0;
  const SCROLL_KEY = 'lectern-serve-scroll:' + location.pathname;
  let reloading = false;

  // ---- Reload, keeping the scroll position -------------------------------------------------

  function reload() {
    if (reloading) return;
    reloading = true;
    try {
      sessionStorage.setItem(SCROLL_KEY, JSON.stringify({ x: scrollX, y: scrollY }));
    } catch (e) { /* storage off: the browser's own restoration still applies */ }
    location.reload();
  }

  function restoreScroll() {
    let saved = null;
    try {
      saved = JSON.parse(sessionStorage.getItem(SCROLL_KEY) || 'null');
      sessionStorage.removeItem(SCROLL_KEY);
    } catch (e) { return; }
    if (!saved || typeof saved.y !== 'number') return;
    const apply = () => window.scrollTo(saved.x || 0, saved.y);
    apply();
    // Images and fonts can still move things until the page has loaded.
    if (document.readyState !== 'complete') window.addEventListener('load', apply, { once: true });
  }

  // ---- Stylesheets swapped without a reload ------------------------------------------------

  function swapStylesheets(changed) {
    const links = Array.from(document.querySelectorAll('link[rel~="stylesheet"][href]'))
      .filter((link) => new URL(link.href, location.href).origin === location.origin);
    const named = links.filter((link) => {
      const path = decodeURIComponent(new URL(link.href, location.href).pathname).replace(/^\//, '');
      return changed.includes(path);
    });
    // A changed file no link names (an @import) means any sheet may need it.
    const stamp = String(Date.now());
    for (const link of named.length ? named : links) {
      const url = new URL(link.href, location.href);
      url.searchParams.set('lectern', stamp);
      const fresh = link.cloneNode();
      fresh.href = url.href;
      // The old sheet stays until the new one has loaded, so nothing flashes unstyled.
      const done = () => link.remove();
      fresh.addEventListener('load', done, { once: true });
      fresh.addEventListener('error', done, { once: true });
      link.after(fresh);
    }
  }

  // ---- The error overlay -------------------------------------------------------------------

  let host = null;
  let shownKey = null;
  let dismissedKey = null;
  let focusBefore = null;

  const STYLE = `
    :host { all: initial; }
    .backdrop { position: fixed; inset: 0; z-index: 2147483647; background: rgba(0, 0, 0, .55);
      display: flex; align-items: flex-start; justify-content: center; padding: 4vh 16px;
      overflow: auto; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
    .panel { box-sizing: border-box; width: min(900px, 100%); background: #1d1f23; color: #f1f3f5;
      border-top: 4px solid #ff8f87; border-radius: 8px; padding: 20px 24px;
      box-shadow: 0 12px 40px rgba(0, 0, 0, .5); }
    .panel:focus { outline: 3px solid #9fd3ff; outline-offset: 2px; }
    header { display: flex; gap: 16px; align-items: baseline; justify-content: space-between; }
    h2 { margin: 0; font-size: 20px; color: #ff8f87; }
    button { font: inherit; background: #f1f3f5; color: #1d1f23; border: 0; border-radius: 4px;
      padding: 4px 12px; cursor: pointer; white-space: nowrap; }
    button:focus-visible { outline: 3px solid #9fd3ff; outline-offset: 2px; }
    p { margin: 8px 0; }
    ol { list-style: none; margin: 16px 0 0; padding: 0; }
    li { border-top: 1px solid #3a3e45; padding: 12px 0; }
    .where { font: 14px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: #9fd3ff;
      margin: 0 0 4px; word-break: break-all; }
    .message { font-weight: 600; }
    .warning .message::before { content: "warning: "; color: #ffd479; }
    pre { margin: 8px 0; padding: 8px 12px; background: #2b2e34; border-radius: 4px; overflow-x: auto;
      font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; tab-size: 4; color: #f1f3f5; }
    .gutter { color: #a9b0bb; user-select: none; }
    .caret { color: #ff8f87; font-weight: 700; }
    .hint { color: #c9f2c7; }
    .note { color: #c5cad3; font-size: 14px; }
  `;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function problemItem(p) {
    const li = el('li', p.severity === 'warning' ? 'warning' : 'error');
    if (p.location) li.append(el('p', 'where', p.location));
    li.append(el('p', 'message', p.message));
    if (p.source_line != null && p.line > 0) {
      const gutter = String(p.line) + ' │ ';
      const pad = ' '.repeat(String(p.line).length) + ' │ ';
      // Keep tabs under tabs so the caret lines up with the column.
      const before = Array.from(p.source_line).slice(0, Math.max(0, p.column - 1))
        .map((c) => (c === '\t' ? '\t' : ' ')).join('');
      const pre = el('pre');
      pre.append(el('span', 'gutter', gutter), p.source_line + '\n', el('span', 'gutter', pad),
        before, el('span', 'caret', '^'));
      li.append(pre);
    }
    if (p.hint) li.append(el('p', 'hint', 'Hint: ' + p.hint));
    return li;
  }

  function showOverlay(problems) {
    const key = JSON.stringify(problems);
    if (key === dismissedKey) return;
    if (host && key === shownKey) return;
    hideOverlay(false);
    shownKey = key;
    dismissedKey = null;
    const errors = problems.filter((p) => p.severity !== 'warning').length || problems.length;

    host = document.createElement('lectern-serve-overlay');
    const shadow = host.attachShadow({ mode: 'open' });
    const style = el('style', null, STYLE);
    const backdrop = el('div', 'backdrop');
    const panel = el('section', 'panel');
    panel.setAttribute('role', 'alertdialog');
    panel.setAttribute('aria-modal', 'true');
    panel.setAttribute('aria-labelledby', 'lectern-title');
    panel.setAttribute('aria-describedby', 'lectern-note');
    panel.tabIndex = -1;
    const header = el('header');
    const title = el('h2', null, 'Build failed: ' + errors + (errors === 1 ? ' error' : ' errors'));
    title.id = 'lectern-title';
    const close = el('button', null, 'Dismiss (Esc)');
    close.type = 'button';
    close.addEventListener('click', dismiss);
    header.append(title, close);
    const note = el('p', 'note',
      'This page shows the last good version. Fix the file and save: the page updates by itself.');
    note.id = 'lectern-note';
    const list = el('ol');
    for (const p of problems) list.append(problemItem(p));
    panel.append(header, note, list);
    backdrop.append(panel);
    shadow.append(style, backdrop);
    // Tab stays inside the dialog (its only control is the button).
    panel.addEventListener('keydown', (e) => {
      if (e.key === 'Tab') { e.preventDefault(); close.focus(); }
    });
    document.documentElement.append(host);
    focusBefore = document.activeElement;
    panel.focus({ preventScroll: true });
  }

  function hideOverlay(restoreFocus = true) {
    if (!host) return;
    host.remove();
    host = null;
    shownKey = null;
    if (restoreFocus && focusBefore && typeof focusBefore.focus === 'function') {
      focusBefore.focus({ preventScroll: true });
    }
    focusBefore = null;
  }

  function dismiss() {
    // Stays dismissed until the errors change.
    dismissedKey = shownKey;
    hideOverlay();
  }

  document.addEventListener('keydown', (e) => {
    if (host && e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      dismiss();
    }
  }, true);

  // ---- Following the server ----------------------------------------------------------------

  function sync(state) {
    if (!state || typeof state !== 'object') return;
    const errors = Array.isArray(state.errors) ? state.errors : [];
    if (!state.ok) {
      showOverlay(errors);
      return;
    }
    dismissedKey = null;
    hideOverlay();
    // Another run of the server: this page's versions mean nothing to it.
    if (state.server !== server || state.html_version > version) {
      reload();
      return;
    }
    if (state.version > version) {
      swapStylesheets(Array.isArray(state.changed) ? state.changed : []);
      version = state.version;
    }
  }

  function onEvent(e) {
    let state;
    try { state = JSON.parse(e.data); } catch (err) { return; }
    sync(state);
  }

  let source = null;
  let retryTimer = null;
  let openTimer = null;
  let delay = 500;

  function connect() {
    if (source || document.hidden) return;
    clearTimeout(retryTimer);
    source = new EventSource('/__lectern/events');
    for (const name of ['hello', 'reload', 'css', 'ok']) source.addEventListener(name, onEvent);
    // The server answers at once; a stream that has not opened after a few seconds is stuck
    // somewhere on the way (the server's connection pool can be slow to pick one up), and a
    // new connection gets it going.
    clearTimeout(openTimer);
    openTimer = setTimeout(() => { disconnect(); connect(); }, 3000);
    source.addEventListener('open', () => { delay = 500; clearTimeout(openTimer); });
    // The server's `error` event (a failed build) shares its name with EventSource's own
    // connection errors; only the server's carries data.
    source.addEventListener('error', (e) => {
      if (typeof e.data === 'string') { onEvent(e); return; }
      // EventSource retries a dropped connection by itself, but gives up for good on an
      // answer it cannot use (a 503 when too many pages are open): retry with a back-off.
      if (source && source.readyState === EventSource.CLOSED) {
        source = null;
        retryTimer = setTimeout(connect, delay);
        delay = Math.min(delay * 2, 10000);
      }
    });
  }

  function disconnect() {
    clearTimeout(retryTimer);
    clearTimeout(openTimer);
    if (source) source.close();
    source = null;
  }

  // Browsers allow six connections per server: pages in background tabs let theirs go and
  // catch up (reload if stale) when shown again.
  document.addEventListener('visibilitychange', () => {
    if (document.hidden) disconnect(); else connect();
  });
  window.addEventListener('pagehide', disconnect);
  window.addEventListener('pageshow', (e) => { if (e.persisted) connect(); });

  restoreScroll();
  connect();
})();
