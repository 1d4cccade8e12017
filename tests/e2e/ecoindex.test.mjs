import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { quantile, ecoindex, grade, measure } from './ecoindex.mjs';
import { serve, launch, build, root, readCourse, parseToml } from './lib.mjs';
import { unzipTo } from './zip.mjs';

test('the EcoIndex formula', () => {
  assert.equal(quantile([0, 10, 20], 5), 0.5);
  assert.equal(quantile([0, 10, 20], 15), 1.5);
  assert.equal(ecoindex(0, 0, 0), 100);
  // A tiny page: all three measures in the first quantile.
  assert.ok(ecoindex(40, 2, 20) > 90);
  assert.equal(grade(ecoindex(40, 2, 20)), 'A');
  assert.equal(grade(80), 'B');
  assert.equal(grade(5), 'G');
  // A heavy page lands low.
  assert.ok(ecoindex(2500, 300, 9000) < 10);
});

// The page budget of issue 15, on the Reset path built for every format: the first module page
// of each format within 60 KB raw (the page, its stylesheet, script and images; no LMS or LRS call
// is made: the page is opened as a file of the package without a launch) in at most 5 requests;
// every page type graded A, the self-diagnostic included, and 90 on the first module page. Sizes
// are budgets, not timings.
const BUDGET = 60 * 1024;
const formats = ['web', 'scorm12', 'scorm2004', 'xapi', 'cmi5'];
let context, site, out, dir;
const results = new Map();

before(async () => {
  out = build(join(root, 'courses'));
  dir = mkdtempSync(join(tmpdir(), 'campus-weight-'));
  const path = parseToml(readFileSync(join(root, 'courses', 'path.toml'), 'utf8'));
  for (const format of formats.filter((f) => f !== 'web')) {
    for (const id of path.courses) {
      const course = readCourse(join(root, 'courses', id));
      unzipTo(readFileSync(join(out, format, `${id}-${course.version}-${format}.zip`)), join(dir, format));
    }
  }
  [context, site] = await Promise.all([launch(), serve(dir)]);
  // The web edition is a folder already: served from the build's output beside the packages.
  const web = await serve(join(out, 'web'));
  const first = readCourse(join(root, 'courses', path.courses[0]));
  const firstModule = `/${path.courses[0]}/${first.loaded[0].front.id}.html`;
  const pages = [
    ['module page', firstModule],
    ['self-diagnostic', '/se-situer/autodiagnostic.html'],
    ['assessment', '/agir-en-coalition/evaluation.html'],
  ];
  const extra = { web: [['path home', '/index.html'], ['course home', `/${path.courses[0]}/index.html`], ['path summary', '/summary.html']],
    xapi: [['course home', `/${path.courses[0]}/index.html`]] };
  for (const format of formats) {
    for (const [name, page] of [...pages, ...(extra[format] || [])]) {
      const url = format === 'web' ? web.url + page : `${site.url}/${format}${page}`;
      results.set(`${format} ${name}`, await measure(context, url));
    }
  }
  await web.close();
  console.log('| format | page | requests | raw | transferred | DOM elements | EcoIndex |');
  for (const [key, m] of results) {
    const [format, ...name] = key.split(' ');
    console.log(`| ${format} | ${name.join(' ')} | ${m.requests} | ${(m.raw / 1024).toFixed(1)} KB | ${(m.transferred / 1024).toFixed(1)} KB | ${m.dom} | ${m.score} (${m.grade}) |`);
  }
});

after(async () => {
  await context?.close();
  await site?.close();
  rmSync(out, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

for (const format of formats) {
  test(`${format}: the first module page within 60 KB raw and 5 requests`, () => {
    const m = results.get(`${format} module page`);
    assert.ok(m.raw <= BUDGET, `${format}: ${m.raw} B > ${BUDGET} B`);
    assert.ok(m.requests <= 5, `${format}: ${m.requests} requests`);
  });
  // 135 elements (137 on the web and TinCan pages: the "forget my progress" button and its status,
  // the link up to the course home) where 90 needs about 150 at this weight (3 requests, 43–59 KB):
  // four questions at 4 elements plus 2 per choice (and a hint), what shows after a check kept in
  // the page's one <template> until then (issue 15; 191 elements and 88.5 before).
  test(`${format}: the first module page at EcoIndex 90`, () => {
    const m = results.get(`${format} module page`);
    assert.ok(m.score >= 90, `${format}: EcoIndex ${m.score} (${m.dom} elements)`);
  });
  // The self-diagnostic among them: 28 statements of five answers in about 370 elements (a radio
  // group of 6 elements per statement, the scale's headings once, the profile table's rows made
  // when the summary is shown), where an A at its weight needs at most about 400 (issue 15).
  test(`${format}: every page type graded A`, () => {
    for (const [key, m] of results) {
      if (!key.startsWith(`${format} `)) continue;
      assert.equal(m.grade, 'A', `${key}: EcoIndex ${m.score} (${m.dom} elements, ${m.requests} requests, ${m.transferred} B)`);
    }
  });
}
