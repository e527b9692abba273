// The static-file rules both harnesses serve a built site by (run.mjs: the tests; bench.mjs: the
// benchmark, CDN-like): content types as a static host sends them, URL paths mapped to files inside
// the site (nothing outside it), and the response headers of the site's own `_headers` file (CORS, caching) for a server to apply.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.qy': 'application/octet-stream',
  '.ics': 'text/calendar; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** The file of `urlPath` inside `root`, or null when it is malformed or points outside. */
export function resolveFile(root, urlPath) {
  let rel;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const file = path.join(root, path.normalize(rel));
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  return file;
}

/**
 * The response headers the site's `_headers` file (Netlify / Cloudflare Pages syntax) gives each URL
 * path, so a test server sends what such a host would: `headerRules(root)(urlPath)` → `{name: value}`.
 *
 * The file: `#` comments and blank lines; a path at the start of a line; below it, indented
 * `Name: value` lines. A path ending in `*` matches every path with that prefix; any other path matches
 * only itself. Every matching rule applies, in the file's order; a header given by two matching rules
 * gets both values joined by ", " (what those hosts do). No `_headers` file: no extra headers. A line
 * that fits none of these throws, so a malformed file fails the run instead of being half applied.
 */
export function headerRules(root) {
  const file = path.join(root, '_headers');
  if (!fs.existsSync(file)) return () => ({});
  const rules = [];
  let rule = null;
  fs.readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .forEach((line, i) => {
      const where = `${file}:${i + 1}`;
      if (!line.trim() || line.trim().startsWith('#')) return;
      if (!/^\s/.test(line)) {
        const pattern = line.trim();
        if (!pattern.startsWith('/') || /\s/.test(pattern) || pattern.slice(0, -1).includes('*')) {
          throw new Error(`${where}: not a path rule (a path starting with "/", "*" only at its end): ${JSON.stringify(line)}`);
        }
        rule = { pattern, headers: [] };
        rules.push(rule);
        return;
      }
      const m = /^\s+([A-Za-z0-9-]+)\s*:\s*(.*?)\s*$/.exec(line);
      if (!rule || !m) throw new Error(`${where}: a header line ("  Name: value") must follow a path: ${JSON.stringify(line)}`);
      rule.headers.push([m[1], m[2]]);
    });
  const matches = (pattern, urlPath) => (pattern.endsWith('*') ? urlPath.startsWith(pattern.slice(0, -1)) : urlPath === pattern);
  return (urlPath) => {
    const out = {};
    const names = {}; // lower-case name → the spelling first used
    for (const r of rules) {
      if (!matches(r.pattern, urlPath)) continue;
      for (const [name, value] of r.headers) {
        const key = (names[name.toLowerCase()] ??= name);
        out[key] = key in out ? `${out[key]}, ${value}` : value;
      }
    }
    return out;
  };
}

/**
 * Serves the built site in `root` on 127.0.0.1 (an ephemeral port) as a static host does — `/dir/` →
 * `dir/index.html`, missing files → `404.html` with status 404, the site's `_headers` applied — for the
 * scripts that only need to load its pages (init.mjs, xss.mjs). Resolves to `{ server, base }`.
 */
export async function serveSite(root) {
  const siteHeaders = headerRules(root);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let file = resolveFile(root, url.pathname);
    let stat = file && fs.statSync(file, { throwIfNoEntry: false });
    if (stat && stat.isDirectory()) {
      file = path.join(file, 'index.html');
      stat = fs.statSync(file, { throwIfNoEntry: false });
    }
    const found = stat && stat.isFile();
    const body = fs.readFileSync(found ? file : path.join(root, '404.html'));
    const type = found ? MIME[path.extname(file).toLowerCase()] || 'application/octet-stream' : MIME['.html'];
    res.writeHead(found ? 200 : 404, { 'Content-Type': type, 'Cache-Control': 'no-cache', ...siteHeaders(url.pathname) });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, base: `http://127.0.0.1:${server.address().port}` };
}
