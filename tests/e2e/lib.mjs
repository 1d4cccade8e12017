// Shared by the browser suites: a static server on 127.0.0.1, Debian Chromium through
// playwright-core (one browser per test file), the course sources read independently of Campus.
import { createServer } from 'node:http';
import { readFileSync, statSync, mkdtempSync, rmSync } from 'node:fs';
import { join, extname, normalize, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { parse as parseToml } from 'smol-toml';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const campusBin = process.env.CAMPUS_BIN || join(root, 'target', 'debug', 'campus');

const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml',
  '.json': 'application/json', '.md': 'text/markdown; charset=utf-8', '.wav': 'audio/wav', '.webm': 'video/webm', '.vtt': 'text/vtt', '.png': 'image/png', '.odt': 'application/vnd.oasis.opendocument.text' };

/** Serves `dir` on 127.0.0.1; resolves to {url, close, requests}. */
export function serve(dir) {
  const requests = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    requests.push(path);
    const file = normalize(join(dir, path.endsWith('/') ? path + 'index.html' : path));
    if (!file.startsWith(normalize(dir))) { res.writeHead(403); res.end(); return; }
    try {
      if (!statSync(file).isFile()) throw new Error('not a file');
      res.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(readFileSync(file));
    } catch {
      res.writeHead(404); res.end('not found');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    resolve({ url: `http://127.0.0.1:${server.address().port}`, requests, close: () => new Promise((r) => server.close(r)) });
  }));
}

export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'campus-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // The profile goes with the browser (best effort: Chromium may still be writing to it).
  context.on('close', () => { try { rmSync(profile, { recursive: true, force: true, maxRetries: 3 }); } catch { /* left in /tmp */ } });
  return context;
}

/** Resolves to `check()`'s first truthy value, tried every 150 ms; fails after `ms`. */
export async function waitFor(what, check, ms = 15_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Builds `sources` with Campus into a fresh folder; returns the output folder. */
export function build(sources, ...args) {
  const out = mkdtempSync(join(tmpdir(), 'campus-out-'));
  execFileSync(campusBin, ['build', sources, '--out', out, '--quiet', ...args], { stdio: 'inherit' });
  return out;
}

const blockKinds = { question: 'question', diagnostic: 'diagnostic', reflection: 'reflection', resource: 'resource', video: 'media', audio: 'media' };

/** The TOML pieces of a module file: its front matter (kind `module`), then each learning block,
 *  each with the index of the page it is on. Read with a parser of our own, not Campus's. */
export function modulePieces(text) {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0].trim() !== '+++') throw new Error('a module starts with +++');
  const close = lines.indexOf('+++', 1);
  const pieces = [{ kind: 'module', line: 2, page: -1, toml: lines.slice(1, close).join('\n') }];
  let open = null, page = -1;
  for (let i = close + 1; i < lines.length; i++) {
    const line = lines[i];
    if (open === null) {
      const m = /^(`{3,}|~{3,})\s*([\w-]+)?/.exec(line);
      if (m) open = { fence: m[1], kind: m[2], start: i + 1, body: [] };
      else if (/^# /.test(line)) page++;
    } else if (line.trim().startsWith(open.fence[0].repeat(open.fence.length)) && line.trim().replace(/[`~]/g, '') === '') {
      if (blockKinds[open.kind]) pieces.push({ kind: blockKinds[open.kind], block: open.kind, line: open.start + 1, page, toml: open.body.join('\n') });
      open = null;
    } else {
      open.body.push(line);
    }
  }
  return pieces;
}

/** A course read from its sources: course.toml and, for each module, its front matter and blocks. */
export function readCourse(dir) {
  const course = parseToml(readFileSync(join(dir, 'course.toml'), 'utf8').replace(/^\uFEFF/, ''));
  course.loaded = course.modules.map((file) => {
    const pieces = modulePieces(readFileSync(join(dir, file), 'utf8'));
    const front = parseToml(pieces[0].toml);
    const blocks = pieces.slice(1).map((p) => ({ ...parseToml(p.toml), block: p.block, page: p.page }));
    const pages = readFileSync(join(dir, file), 'utf8').split(/\r?\n/).filter((l) => /^# /.test(l)).length;
    return { file, front, blocks, pages };
  });
  return course;
}

export { parseToml };

/** Statements waiting in the page's storage, found by their shape (not by the runtime's keys). */
export const storedStatements = (page) => page.evaluate(() => {
  const found = [];
  const scan = (v) => {
    if (Array.isArray(v)) v.forEach(scan);
    else if (v && typeof v === 'object') {
      if (typeof v.id === 'string' && v.actor && v.verb && v.object) found.push(v);
      else Object.values(v).forEach(scan);
    }
  };
  for (const store of [localStorage, sessionStorage]) {
    for (let i = 0; i < store.length; i++) {
      try { scan(JSON.parse(store.getItem(store.key(i)))); } catch { /* not JSON */ }
    }
  }
  return found;
});
