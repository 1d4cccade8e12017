// The evaluators' report in a browser: `campus report --statements` on a simulated cohort of the
// Reset path (tests/e2e/report-sim.mjs), then report.html in Debian Chromium: axe (wcag2a, wcag2aa,
// wcag21aa) clean, no request but the page itself, no script, no sideways scroll at 390 px, the
// hidden figures of a small group; report.json valid against schemas/report.schema.json (Ajv).
// CAMPUS_REPORT_SHOTS=DIR keeps screenshots at 1280 and 390 px to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { AxeBuilder } from '@axe-core/playwright';
import Ajv2020 from 'ajv/dist/2020.js';
import { serve, launch, root, campusBin } from './lib.mjs';
import { writeJsonLines } from './report-sim.mjs';

let ctx;
let server;
let out;

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'campus-report-'));
  const file = join(dir, 'statements.jsonl');
  const truth = await writeJsonLines(file, { learners: 40, seed: 11, format: 'mixed' });
  // four learners in a group of their own: too small to be shown (K = 5)
  const keys = Object.keys(truth.learners);
  const cohorts = ['learner,cohort', ...keys.map((k, i) => `${k},${i < 4 ? 'Petite' : 'Grande'}`)].join('\n');
  writeFileSync(join(dir, 'cohorts.csv'), cohorts);
  out = join(dir, 'report');
  execFileSync(campusBin, ['report', join(root, 'courses'), '--statements', file, '--out', out, '--cohorts', join(dir, 'cohorts.csv'),
    '--tz', 'Europe/Paris', '--quiet'], { stdio: 'inherit', env: { ...process.env, CAMPUS_REPORT_SECRET: 'e2e secret' } });
  server = await serve(out);
  ctx = await launch();
});

after(async () => {
  await ctx?.close();
  await server?.close();
});

test('report.json matches schemas/report.schema.json', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
  const validate = ajv.compile(JSON.parse(readFileSync(join(root, 'schemas', 'report.schema.json'), 'utf8')));
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  assert.ok(validate(report), ajv.errorsText(validate.errors));
  const small = report.cohorts.find((c) => c.cohort === 'Petite');
  assert.deepEqual(small.learners, { hidden: true, below: 5 });
});

test('report.html: axe clean, self-contained, no sideways scroll at 390 px', async () => {
  const page = await ctx.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${server.url}/report.html`);
  const r = await new AxeBuilder({ page }).setLegacyMode(true).withTags(['wcag2a', 'wcag2aa', 'wcag21aa'])
    .options({ resultTypes: ['violations'] }).analyze();
  const violations = r.violations.map((v) => `${v.id}: ${v.help}\n  ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n  ')}`);
  assert.deepEqual(violations, []);
  assert.deepEqual(requests, [`${server.url}/report.html`], 'the page asks for nothing else');
  assert.equal(await page.locator('script').count(), 0);
  assert.ok((await page.locator('svg.chart').count()) >= 3, 'charts');
  assert.match(await page.locator('#privacy').locator('xpath=..').innerText(), /données personnelles au sens du RGPD/);
  const petite = await page.locator('tr', { has: page.locator('th', { hasText: /^Petite$/ }) }).innerText();
  assert.match(petite, /< 5/);
  const shots = process.env.CAMPUS_REPORT_SHOTS;
  if (shots) {
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'report-1280.png'), fullPage: true });
  }
  await page.setViewportSize({ width: 390, height: 844 });
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(widths[0] <= widths[1], `no sideways scroll at 390 px: ${widths}`);
  const r390 = await new AxeBuilder({ page }).setLegacyMode(true).withTags(['wcag2a', 'wcag2aa', 'wcag21aa'])
    .options({ resultTypes: ['violations'] }).analyze();
  assert.deepEqual(r390.violations.map((v) => v.id), []);
  if (shots) await page.screenshot({ path: join(shots, 'report-390.png'), fullPage: true });
  await page.emulateMedia({ media: 'print' });
  const printed = await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
  assert.ok(printed, 'printable without sideways overflow');
  assert.deepEqual(errors, []);
  await page.close();
});
