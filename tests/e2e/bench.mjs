// Benchmark, not a test: weight and EcoIndex of each page type of the web edition of the Reset
// path, measured in Chromium (viewport 1920×1080, cache off). Run: node tests/e2e/bench.mjs
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { serve, launch, build, root } from './lib.mjs';
import { ecoindex, grade } from './ecoindex.mjs';

const out = join(build(join(root, 'courses'), '--target', 'web'), 'web');
const site = await serve(out);
const context = await launch();
const pages = [
  ['path home', '/index.html'],
  ['course home', '/comprendre/index.html'],
  ['module page', '/comprendre/pourquoi-changer.html'],
  ['self-diagnostic', '/se-situer/autodiagnostic.html'],
  ['assessment', '/agir-en-coalition/evaluation.html'],
  ['path summary', '/summary.html'],
];
const size = (f) => statSync(join(out, f)).size;
console.log(`runtime: campus.js ${size('campus.js')} B + campus.css ${size('campus.css')} B = ${((size('campus.js') + size('campus.css')) / 1024).toFixed(1)} KiB uncompressed`);
console.log('| page | requests | transferred | DOM elements | EcoIndex |');
console.log('|---|---|---|---|---|');
for (const [name, path] of pages) {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1920, height: 1080 });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  let requests = 0, bytes = 0;
  cdp.on('Network.loadingFinished', (e) => { requests++; bytes += e.encodedDataLength; });
  await page.goto(site.url + path, { waitUntil: 'networkidle' });
  const dom = await page.evaluate(() => [...document.querySelectorAll('*')].filter((e) => !e.parentElement || !e.parentElement.closest('svg')).length);
  const kb = bytes / 1024;
  const score = ecoindex(dom, requests, kb);
  console.log(`| ${name} | ${requests} | ${kb.toFixed(1)} KB | ${dom} | ${score} (${grade(score)}) |`);
  await page.close();
}
await context.close();
await site.close();
