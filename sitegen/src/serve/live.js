// Quanyu's live preview: `sitegen serve` adds this script to the HTML pages it serves; built sites
// never contain it. It listens to the dev server's build status (Server-Sent Events) and
//   - reloads the page after each successful rebuild (the status names another site than the page's),
//   - shows a failed build's diagnostics over the page (the page itself stays the last good build),
//   - removes them when a build succeeds again (and reloads).
// On the page the server writes when no site was ever built (data-build), any new build reloads it.
(() => {
  'use strict';
  const me = document.currentScript;
  if (!me || !('EventSource' in window)) return;
  const pageSite = me.dataset.site;
  const pageBuild = me.dataset.build;
  let events = null;
  let host = null;
  let shown = '';

  function onStatus(e) {
    const s = JSON.parse(e.data);
    const stale = pageBuild !== undefined ? String(s.build) !== pageBuild : s.site !== pageSite;
    if (stale) {
      disconnect();
      location.reload();
      return;
    }
    if (pageBuild !== undefined) return;
    if (s.errors) show(s.errors);
    else hide();
  }

  // Only a visible page keeps a stream open: a browser gives one host six HTTP/1.1 connections, and
  // seven open tabs of the preview would otherwise leave none for loading pages. A page shown again
  // reconnects, and the status it gets at once reloads it if the site changed meanwhile.
  function connect() {
    if (events) return;
    events = new EventSource('/__quanyu/events');
    events.addEventListener('status', onStatus);
  }
  function disconnect() {
    if (events) events.close();
    events = null;
  }
  document.addEventListener('visibilitychange', () => (document.hidden ? disconnect() : connect()));
  if (!document.hidden) connect();

  function hide() {
    if (host) host.remove();
    host = null;
    shown = '';
  }

  function show(errors) {
    const key = JSON.stringify(errors);
    if (key === shown && host && host.isConnected) return;
    shown = key;
    if (!host) {
      // A custom element with its own shadow root: the page's styles cannot reach the overlay, and the
      // overlay's cannot reach the page. The styles are a constructed sheet, which the portal's
      // Content-Security-Policy (applied by the dev server from `_headers`) allows where it would block
      // an inline <style>.
      host = document.createElement('quanyu-dev-overlay');
      const root = host.attachShadow({ mode: 'open' });
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(`:host { all: initial; position: fixed; z-index: 2147483647; left: 0; right: 0; top: 0; display: block; }
.panel { box-sizing: border-box; max-height: 70vh; overflow: auto; margin: 0; padding: 16px 20px 20px;
  background: #fff; color: #1a1a1a; border-bottom: 6px solid #a4000f; box-shadow: 0 4px 24px rgba(0,0,0,.35);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; }
h2 { margin: 0 0 4px; font-size: 20px; line-height: 1.3; color: #a4000f; }
p { margin: 0 0 12px; }
ol { margin: 0; padding: 0 0 0 28px; }
li { margin: 0 0 6px; font: 14px/1.45 ui-monospace, "SFMono-Regular", Menlo, Consolas, "Noto Sans Mono CJK SC", monospace;
  white-space: pre-wrap; overflow-wrap: anywhere; }
button { font: inherit; font-size: 15px; margin-top: 12px; padding: 6px 14px; color: #fff; background: #a4000f;
  border: 2px solid #a4000f; border-radius: 4px; cursor: pointer; }
button:focus-visible { outline: 3px solid #1a1a1a; outline-offset: 2px; }`);
      root.adoptedStyleSheets = [sheet];
      root.innerHTML = `<section class="panel" role="alert" aria-labelledby="qy-title">
<h2 id="qy-title">构建失败 · Build failed</h2>
<p>页面仍是上一次成功构建的结果；修正以下问题并保存后会自动刷新。<br>This page is the last good build; fix the problems below and save, and it reloads.</p>
<ol></ol>
<button type="button">隐藏 · Hide</button>
</section>`;
      root.querySelector('button').addEventListener('click', () => {
        if (host) host.remove();
      });
    }
    const list = host.shadowRoot.querySelector('ol');
    list.replaceChildren(
      ...errors.map((line) => {
        const li = document.createElement('li');
        li.textContent = line;
        return li;
      }),
    );
    (document.body || document.documentElement).appendChild(host);
  }
})();
