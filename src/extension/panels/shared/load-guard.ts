// A few lines that run in every webview before its app: VS Code for the Web can fail a webview's
// first resource requests (ERR_NAME_NOT_RESOLVED on the resource host while its service worker
// starts), which left panels on "Loading…" for good. The guard re-requests a script or
// stylesheet that failed, a few times with a growing pause, and when that does not help (or the
// app never loads) replaces "Loading…" with what happened and how to recover, and asks the host
// to load the page again (a "loadFailed" message): a chunk the app imports that failed stays
// failed for the page's lifetime, so only a new document fetches it afresh. Plain ES2017: it
// must work before, and without, any bundle. It takes the VS Code API only when it reports, and
// leaves it on window for the app (the API can be taken once per page).

import { SHARED_API_GLOBAL } from './contract';

/** Tries per failed resource before the panel says it could not load. */
export const LOAD_RETRIES = 3;
/** Without a load or an error by then, the panel says so (a request that hangs). */
export const LOAD_TIMEOUT_MS = 15_000;

export const LOAD_GUARD_SCRIPT = `(function () {
  var nonce = document.currentScript && document.currentScript.nonce;
  var tries = {};
  var failed = [];
  var loaded = false;
  function api() {
    if (window.${SHARED_API_GLOBAL} === undefined) {
      // Throws when the app took it already: then the app runs, and there is nothing to report.
      try { window.${SHARED_API_GLOBAL} = acquireVsCodeApi(); } catch (e) { window.${SHARED_API_GLOBAL} = null; }
    }
    return window.${SHARED_API_GLOBAL};
  }
  function report(what, manual) {
    var vscode = api();
    if (vscode) vscode.postMessage({ type: 'loadFailed', what: what, manual: manual });
  }
  function explain(what) {
    if (document.getElementById('load-failed')) return;
    if (!document.body) return document.addEventListener('DOMContentLoaded', function () { explain(what); });
    var app = document.getElementById('app') || document.body;
    var box = document.createElement('div');
    box.className = 'error load-failed';
    box.setAttribute('role', 'alert');
    box.id = 'load-failed';
    var p = document.createElement('p');
    p.textContent = 'This panel could not load ' + what + '. This happens in VS Code for the Web when a webview starts while another is loading. ' +
      'Try again, or run "Developer: Reload Webviews" from the Command Palette, or close this panel and open it again.';
    var retry = document.createElement('button');
    retry.id = 'load-retry';
    retry.textContent = 'Try again';
    retry.addEventListener('click', function () {
      tries = {};
      box.remove();
      failed.splice(0).forEach(again);
      if (!loaded) report(failure(what), true);
    });
    box.appendChild(p);
    box.appendChild(retry);
    // Without its script the panel shows only this; a running app keeps its content below.
    if (loaded) document.body.prepend(box);
    else {
      app.replaceChildren(box);
      app.setAttribute('aria-busy', 'false');
      report(failure(what), false);
    }
  }
  function failure(what) {
    return what === 'its styles' ? 'styles' : what === 'its script' ? 'script' : 'timeout';
  }
  function again(el) {
    var url = el.getAttribute('src') || el.getAttribute('href');
    var base = url.split('#')[0].replace(/[?&]retry=\\d+$/, '');
    var n = (tries[base] || 0) + 1;
    tries[base] = n;
    if (n > ${LOAD_RETRIES}) {
      failed.push(el);
      return explain(el.tagName === 'SCRIPT' ? 'its script' : 'its styles');
    }
    document.documentElement.dataset.loadRetries = String(Object.keys(tries).reduce(function (a, k) { return a + tries[k]; }, 0));
    var copy = document.createElement(el.tagName);
    for (var i = 0; i < el.attributes.length; i++) copy.setAttribute(el.attributes[i].name, el.attributes[i].value);
    if (nonce) copy.nonce = nonce;
    var next = base + (base.indexOf('?') < 0 ? '?' : '&') + 'retry=' + n;
    copy.setAttribute(el.tagName === 'SCRIPT' ? 'src' : 'href', next);
    setTimeout(function () { el.replaceWith(copy); }, 500 * n);
  }
  window.addEventListener('error', function (e) {
    var el = e.target;
    if (el && (el.tagName === 'SCRIPT' || (el.tagName === 'LINK' && el.rel === 'stylesheet'))) again(el);
  }, true);
  window.addEventListener('load', function (e) {
    if (e.target && e.target.tagName === 'SCRIPT' && e.target.hasAttribute('data-app')) loaded = true;
  }, true);
  // The app's own first render (it clears #app's aria-busy) also proves it loaded: in VS Code
  // for the Web the module script's load event does not always reach this listener, and a
  // working panel was replaced by the error after ${LOAD_TIMEOUT_MS / 1000} s.
  function started() {
    var app = document.getElementById('app');
    return loaded || (app !== null && !app.hasAttribute('aria-busy'));
  }
  setTimeout(function () { if (!started() && !document.getElementById('load-failed')) explain('its script in time'); }, ${LOAD_TIMEOUT_MS});
})();`;
