// Benchmark, not a test: weight and EcoIndex of each page type of the web edition of the Reset
// path, measured in Chromium (viewport 1920×1080, cache off). Run: node tests/e2e/bench.mjs
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { serve, launch, build, root } from './lib.mjs';
import { measure } from './ecoindex.mjs';

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
  const m = await measure(context, site.url + path);
  console.log(`| ${name} | ${m.requests} | ${(m.transferred / 1024).toFixed(1)} KB | ${m.dom} | ${m.score} (${m.grade}) |`);
}
await context.close();
await site.close();
