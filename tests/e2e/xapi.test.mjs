// The TinCan (xAPI) and cmi5 packages against a real LRS (Learning Locker's statement service,
// lrs/start.mjs) behind a strict test LMS (lms.mjs), in Debian Chromium (one browser for the file).
// A learner goes through every module of one whole Reset course in both formats; the statements
// are then read back from the LRS and checked against the xAPI validator, the cmi5 rules and the
// course SOURCES (answers, weights and mastery read by lib.mjs, never by Campus). Faults injected
// between the page and the LRS must cost no statement and duplicate none.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { randomUUID } from 'node:crypto';
import validation from '@learninglocker/xapi-validation';
import { launch, build, readCourse, root, parseToml, storedStatements } from './lib.mjs';
import { rightAnswer, wrongAnswer, isRight, give, shown, sorted } from './learner.mjs';
import { readZip, unzipTo } from './zip.mjs';
import { startLrs } from './lrs/start.mjs';
import { startLms, CMI5, HOME_PAGE } from './lms.mjs';

const validate = validation.default;
const COURSE = 'agir-en-coalition'; // the Reset course with every question kind and an assessed module
const ADL = 'http://adlnet.gov/expapi/verbs/';
const DEFINED = ['initialized', 'completed', 'passed', 'failed', 'terminated'].map((v) => ADL + v);
const DURATION = /^P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;
// xAPI interaction types of the question kinds of the sources.
const INTERACTION = { single: 'choice', multiple: 'choice', 'true-false': 'true-false', 'fill-in': 'fill-in', numeric: 'numeric', matching: 'matching', ordering: 'sequencing' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let ctx, lrs, lms, out, site, course, iri;
const cleanup = [];

before(async () => {
  [ctx, lrs] = await Promise.all([launch(), startLrs()]);
  out = build(join(root, 'courses'), '--target', 'xapi', '--target', 'cmi5');
  site = mkdtempSync(join(tmpdir(), 'campus-lms-'));
  cleanup.push(() => rmSync(out, { recursive: true, force: true }), () => rmSync(site, { recursive: true, force: true }));
  course = readCourse(join(root, 'courses', COURSE));
  for (const format of ['xapi', 'cmi5']) {
    unzipTo(readFileSync(join(out, format, `${COURSE}-${course.version}-${format}.zip`)), join(site, format));
  }
  lms = await startLms({ lrs, dir: site });
  // Activity IRIs from the path's base IRI and the authors' ids (the sources, not the package).
  const path = parseToml(readFileSync(join(root, 'courses', 'path.toml'), 'utf8'));
  const pathIri = `${path.base_iri.replace(/\/$/, '')}/${path.id}`;
  iri = { path: pathIri, course: `${pathIri}/${COURSE}`, module: (m) => `${pathIri}/${COURSE}/${m.front.id}` };
});

after(async () => {
  await ctx?.close();
  await lms?.close();
  await lrs?.stop();
  for (const f of cleanup.reverse()) await f();
});

// ---------------------------------------------------------------------------------------------
// Helpers: the LRS read back, the page, the learner

/** Every statement the LRS holds for a registration, oldest stored first (following `more`). */
async function lrsStatements(registration) {
  const all = [];
  let next = `statements?${new URLSearchParams({ registration, ascending: 'true', limit: '100' })}`;
  while (next) {
    const r = await fetch(new URL(next, lrs.url), { headers: { 'X-Experience-API-Version': '1.0.3', Authorization: lrs.auth } });
    assert.equal(r.status, 200, `GET ${next}`);
    const page = await r.json();
    all.push(...page.statements);
    next = page.more; // relative to the server root, "" on the last page
  }
  return all;
}

async function waitFor(what, check, ms = 10_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const basicOf = (credentials) => `Basic ${Buffer.from(credentials).toString('base64')}`;

/** A new tab; page errors fail the test (console errors too, unless faults are expected). */
async function tab(problems, { faults = false } = {}) {
  const page = await ctx.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss().catch(() => {}); });
  // Failed loads are judged from the LMS's records (a 404 for a state not yet saved is normal).
  if (!faults) page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console error: ${m.text()}`); });
  return page;
}
/** The module is running once the adapter has started and the first page is shown. */
const ready = (page) => page.waitForFunction(() => document.querySelector('[data-progress]')?.textContent.trim());
const currentSection = (page) => page.$$eval('section.page.current', (s) => s.map((x) => x.id));
const alerts = (page) => page.$$eval('[role=alert]', (a) => a.map((x) => x.textContent.trim()).filter(Boolean));

/** Statement ids the page sent (POST or PUT, whatever the answer) with the given credentials. */
function sentIds(auth) {
  const ids = [];
  for (const r of lms.requests) {
    if (r.path !== '/xapi/statements' || r.method === 'GET' || r.auth !== auth) continue;
    const body = JSON.parse(r.body);
    for (const s of Array.isArray(body) ? body : [body]) ids.push(s.id);
  }
  return ids;
}

/** What the learner does in a module, from the sources. `wrong(i)`: whether the i-th question is
 *  first answered wrong; a formative question offering a retry is then answered right. */
function plan(mod, wrong) {
  const questions = mod.blocks.filter((b) => b.block === 'question');
  const assessed = !!mod.front.assessed;
  return mod.blocks.flatMap((b) => {
    if (b.block === 'question') {
      const i = questions.indexOf(b);
      const first = wrong(i) ? wrongAnswer(b) : rightAnswer(b);
      const retry = !assessed && (b.retry ?? course.retry ?? true);
      const then = !isRight(b, first) && retry ? rightAnswer(b) : null;
      const checks = [first, then].filter(Boolean).map((a) => ({ q: b, a, right: isRight(b, a) }));
      return [{ b, first, then, final: then || first, checks }];
    }
    if (b.block === 'reflection') return [{ b, text: `Note privée ${randomUUID()} : relancer les partenaires.`, checks: [] }];
    return [];
  });
}

async function act(page, step) {
  const sel = `#b-${step.b.id}`;
  if (step.b.block === 'question') {
    await give(page, step.b, step.first);
    await page.click(`${sel} [data-check]`);
    if (step.then) {
      await page.click(`${sel} [data-retry]`);
      await give(page, step.b, step.then);
      await page.click(`${sel} [data-check]`);
    }
  } else if (step.b.block === 'reflection') {
    await page.fill(`${sel} textarea`, step.text);
  }
}

/** The score of a module from the sources: weights, the final answers and the mastery score. */
function expectedScore(mod, steps) {
  let total = 0, got = 0;
  for (const s of steps.filter((x) => x.b.block === 'question')) {
    total += s.b.weight ?? 1;
    if (isRight(s.b, s.final)) got += s.b.weight ?? 1;
  }
  const scaled = total ? got / total : 1;
  const mastery = mod.front.mastery_score ?? course.mastery_score ?? 80;
  return { scaled: Math.round(scaled * 10000) / 10000, raw: Math.round(scaled * 100), passed: scaled * 100 >= mastery - 1e-9, mastery: mastery / 100 };
}

/** Goes through a module: every page, every block; at the middle page, after half its blocks, a
 *  reload (the bookmark and answers must come back; `onReload` checks more). */
async function learnModule(page, mod, steps, { onReload } = {}) {
  const onPage = (p) => steps.filter((s) => s.b.page === p);
  const mid = Math.floor((mod.pages - 1) / 2);
  const half = Math.ceil(onPage(mid).length / 2);
  const label = mod.front.id;
  const ids = await page.$$eval('section.page', (s) => s.map((x) => x.id));
  assert.equal(ids.length, mod.pages + 1, `${label}: one section per page of the sources, and the summary`);
  const done = [];
  for (let p = 0; p < mod.pages; p++) {
    assert.deepEqual(await currentSection(page), [ids[p]], `${label}: page ${p + 1} shown`);
    const todo = onPage(p);
    for (const [i, step] of todo.entries()) {
      if (p === mid && i === half) await reload();
      await act(page, step);
      done.push(step);
    }
    if (p === mid && todo.length <= half) await reload();
    await page.click('[data-go=next]');
  }
  assert.deepEqual(await currentSection(page), ['summary'], `${label}: the summary closes the module`);

  async function reload() {
    await page.reload();
    await ready(page);
    assert.deepEqual(await currentSection(page), [ids[mid]], `${label}: the bookmarked page ${mid + 1} is shown after a reload`);
    for (const s of done.filter((x) => x.b.block === 'question')) {
      assert.deepEqual(sorted(await shown(page, s.b)), sorted(s.final), `${label}: answer to ${s.b.id} restored`);
    }
    await onReload?.();
  }
}

// ---------------------------------------------------------------------------------------------
// Checks shared by both formats

/** The interaction definition and response of an answered statement, against the sources. */
function assertAnswered(s, check, moduleIri, label) {
  const q = check.q;
  const where = `${label}: answered ${q.id}`;
  assert.equal(s.object.id, `${moduleIri}/${q.id}`, `${where}: object id`);
  const d = s.object.definition;
  assert.equal(d.type, 'http://adlnet.gov/expapi/activities/cmi.interaction', `${where}: activity type`);
  // French typography of the pages (docs/format.md) undone on both sides: ’ read as ', no spaces
  // before : ; ! ? » or after «, whether written in the source or added on the page.
  const plain = (t) => t.replace(/[*`]/g, '').replace(/\u2019/g, "'").replace(/\s+([:;!?»])/g, '$1').replace(/«\s+/g, '«').replace(/\s+/g, ' ').trim();
  const desc = (list) => list.map((c) => [c.id, plain(Object.values(c.description)[0])]).sort();
  const lang = (list) => list.every((c) => Object.keys(c.description).join() === course.language || Object.keys(c.description).join() === 'fr');
  const type = INTERACTION[q.kind];
  assert.equal(d.interactionType, type, `${where}: interactionType`);
  assert.equal(plain(Object.values(d.description)[0]), plain(q.prompt), `${where}: description is the prompt`);
  const ids = (list) => list.map((x) => x.id);
  let pattern, response;
  switch (q.kind) {
    case 'single': case 'multiple':
      pattern = ids(q.choices.filter((c) => c.correct)).join('[,]');
      assert.deepEqual(desc(d.choices), q.choices.map((c) => [c.id, plain(c.text)]).sort(), `${where}: choices`);
      assert.ok(lang(d.choices), `${where}: choices in the course language`);
      assert.deepEqual(s.result.response.split('[,]').sort(), [...check.a.ids].sort(), `${where}: response`);
      break;
    case 'true-false':
      pattern = q.answer ? 'true' : 'false';
      response = check.a.ids[0] === 't' ? 'true' : 'false';
      break;
    case 'fill-in':
      assert.deepEqual(d.correctResponsesPattern, q.accept.map((a) => (q.case_sensitive ? '{case_matters=true}' : '') + a), `${where}: every accepted answer`);
      response = check.a.text;
      break;
    case 'numeric':
      pattern = q.answer !== undefined ? `${q.answer}[:]${q.answer}` : `${q.min}[:]${q.max}`;
      response = check.a.text;
      break;
    case 'matching':
      pattern = q.pairs.map((p) => `${p.id}[.]${p.id}`).join('[,]');
      assert.deepEqual(desc(d.source), q.pairs.map((p) => [p.id, plain(p.left)]).sort(), `${where}: source`);
      assert.deepEqual(desc(d.target), q.pairs.map((p) => [p.id, plain(p.right)]).sort(), `${where}: target`);
      assert.deepEqual(s.result.response.split('[,]').sort(), Object.entries(check.a.pairs).map(([l, r]) => `${l}[.]${r}`).sort(), `${where}: response`);
      break;
    case 'ordering':
      pattern = ids(q.items).join('[,]');
      // xAPI 1.0.3: a sequencing interaction lists its items as `choices` (`steps` is for performance).
      assert.deepEqual(desc(d.choices), q.items.map((i) => [i.id, plain(i.text)]).sort(), `${where}: items as choices`);
      assert.equal(d.steps, undefined, `${where}: no steps on a sequencing interaction`);
      response = check.a.order.join('[,]');
      break;
  }
  if (pattern !== undefined) {
    if (q.kind === 'multiple') assert.deepEqual(d.correctResponsesPattern.map((p) => p.split('[,]').sort().join()), [pattern.split('[,]').sort().join()], `${where}: pattern`);
    else assert.deepEqual(d.correctResponsesPattern, [pattern], `${where}: correctResponsesPattern`);
  }
  if (response !== undefined) assert.equal(s.result.response, response, `${where}: response`);
  assert.equal(s.result.success, check.right, `${where}: success`);
  assert.match(s.result.duration, DURATION, `${where}: duration`);
  assert.equal(s.result.score, undefined, `${where}: no score on an answer`);
}

/** Every statement: valid for the xAPI validator, an id, a UTC timestamp, the actor, the context. */
function assertCommon(s, actor, registration, label) {
  assert.deepEqual(validate(s).map((w) => `${w.path.join('.')}: ${w.name}`), [], `${label}: ${s.verb.id} statement is valid xAPI`);
  assert.match(s.id, UUID, `${label}: statement id is a UUID`);
  assert.match(s.timestamp, /(Z|\+00:00)$/, `${label}: timestamp in UTC`);
  assert.deepEqual(s.actor, actor, `${label}: the launch actor`);
  assert.equal(s.context.registration, registration, `${label}: context registration`);
  if (s.result?.duration !== undefined) assert.match(s.result.duration, DURATION, `${label}: ISO 8601 duration ${s.result.duration}`);
}

const verbOf = (s) => s.verb.id.split('/').pop();
const byTime = (list) => [...list].sort((a, b) => a.timestamp.localeCompare(b.timestamp));
const groupingIds = (s) => (s.context.contextActivities?.grouping || []).map((g) => g.id);
const categoryIds = (s) => (s.context.contextActivities?.category || []).map((g) => g.id);
const parentIds = (s) => (s.context.contextActivities?.parent || []).map((g) => g.id);

// ---------------------------------------------------------------------------------------------
// 1–2. The whole course in both formats

test(`TinCan: every module of ${COURSE}, launched from tincan.xml, learnt, answered from the sources, reloaded midway and left; the LRS holds the right statements`, async () => {
  const problems = [];
  const tincan = readFileSync(join(site, 'xapi', 'tincan.xml'), 'utf8');
  assert.match(tincan, new RegExp(`<activity id="${iri.course}" type="http://adlnet.gov/expapi/activities/course">`), 'tincan.xml: the course activity');
  assert.match(tincan, new RegExp(`<launch lang="${course.language || 'fr'}">${COURSE}/index.html</launch>`), 'tincan.xml: the launch');
  const actor = { objectType: 'Agent', name: 'Camille Martin', mbox: 'mailto:camille@campus.test' };
  const registration = randomUUID();
  const launchInfo = lms.launchTinCan({ pkg: 'xapi', actor, registration });
  const page = await tab(problems);
  const expected = [];
  for (const mod of course.loaded) {
    assert.match(tincan, new RegExp(`<activity id="${iri.module(mod)}" type="http://adlnet.gov/expapi/activities/module">`), `tincan.xml: module ${mod.front.id}`);
    for (const q of mod.blocks.filter((b) => b.block === 'question')) {
      const activity = new RegExp(`<activity id="${iri.module(mod)}/${q.id}" type="http://adlnet.gov/expapi/activities/cmi.interaction">([\\s\\S]*?)</activity>`).exec(tincan)?.[1];
      assert.ok(activity, `tincan.xml: question ${q.id}`);
      const type = INTERACTION[q.kind];
      assert.match(activity, new RegExp(`<interactionType>${type}</interactionType>`), `tincan.xml: ${q.id} is ${type}`);
      const components = [...activity.matchAll(/<(choices|scale|source|target|steps)>/g)].map((m) => m[1]);
      assert.deepEqual(components, { choice: ['choices'], sequencing: ['choices'], matching: ['source', 'target'] }[type] || [], `tincan.xml: ${q.id}'s components`);
    }
    // One mistake in the assessed module (it is passed), the first question wrong in the others.
    const steps = plan(mod, (i) => (mod.front.assessed ? i === 1 : i === 0));
    await page.goto(launchInfo.url);
    await page.click(`main a[href^="${mod.front.id}.html?"]`);
    await ready(page);
    let stateRead = false;
    await learnModule(page, mod, steps, {
      onReload: async () => {
        const gets = lms.requests.filter((r) => r.path === '/xapi/activities/state' && r.method === 'GET' && r.auth === launchInfo.auth && r.query.activityId === iri.module(mod));
        assert.equal(gets.at(-1)?.status, 200, `${mod.front.id}: the state document is read back from the State API on reload`);
        stateRead = true;
      },
    });
    assert.ok(stateRead);
    assert.deepEqual(await alerts(page), [], `${mod.front.id}: no error shown to the learner`);
    // The learner leaves the module for the course home: the module sends "terminated".
    await page.click('header.crumbs a[data-carry]');
    await page.waitForURL(/\/index\.html\?/);
    expected.push({ mod, steps, loads: 2, score: mod.front.assessed ? expectedScore(mod, steps) : null });
  }
  assert.equal(expected.find((e) => e.score).score.passed, true, 'the plan passes the assessment');
  await page.close();

  const all = await waitFor('every terminated in the LRS', async () => {
    const list = await lrsStatements(registration);
    return list.filter((s) => verbOf(s) === 'terminated').length === 2 * course.loaded.length && list;
  });
  assert.deepEqual(problems, []);
  assert.equal(new Set(all.map((s) => s.id)).size, all.length, 'statement ids are unique');
  // Every statement the page sent is in the LRS, and nothing else is.
  assert.deepEqual(new Set(all.map((s) => s.id)), new Set(sentIds(launchInfo.auth)), 'the LRS holds exactly what the page sent');
  for (const r of lms.requests.filter((x) => x.auth === launchInfo.auth)) {
    assert.equal(r.version, '1.0.3', `X-Experience-API-Version on ${r.method} ${r.path}`);
    assert.ok(r.status >= 200 && r.status < 300 || (r.status === 404 && r.path === '/xapi/activities/state'), `${r.method} ${r.path} answered ${r.status}`);
  }

  for (const { mod, steps, loads, score } of expected) {
    const label = `TinCan ${mod.front.id}`;
    const moduleIri = iri.module(mod);
    const mine = byTime(all.filter((s) => s.object.id === moduleIri || s.object.id.startsWith(moduleIri + '/') || s.object.id.startsWith(moduleIri + '#')));
    for (const s of mine) {
      assertCommon(s, actor, registration, label);
      assert.ok(groupingIds(s).includes(iri.course) && groupingIds(s).includes(iri.path), `${label}: ${verbOf(s)} grouped under the course and the path`);
      assert.equal(s.context.language, 'fr', `${label}: context language`);
      assert.equal(s.context.platform, 'Campus', `${label}: context platform`);
      if (s.object.id !== moduleIri) assert.deepEqual(parentIds(s), [moduleIri], `${label}: ${verbOf(s)} has the module as parent`);
      if (!['passed', 'failed'].includes(verbOf(s))) assert.equal(s.result?.score, undefined, `${label}: score only on passed/failed (${verbOf(s)})`);
    }
    // Launch segments: each opens with initialized and closes with terminated.
    const verbs = mine.map(verbOf);
    const segments = [];
    for (const s of mine) { if (verbOf(s) === 'initialized') segments.push([]); assert.ok(segments.length, `${label}: ${verbOf(s)} before initialized`); segments.at(-1).push(s); }
    assert.equal(segments.length, loads, `${label}: one launch per page load (${verbs.join(' ')})`);
    for (const seg of segments) {
      const [first, last] = [seg[0], seg.at(-1)];
      assert.equal(verbOf(last), 'terminated', `${label}: each load ends with terminated (${seg.map(verbOf).join(' ')})`);
      const wall = Date.parse(last.timestamp) - Date.parse(first.timestamp);
      assert.ok(Math.abs(Number(/T([\d.]+)S$/.exec(last.result.duration)[1]) * 1000 - wall) < 1000, `${label}: terminated's duration ${last.result.duration} is the load's (${wall} ms)`);
    }
    assert.equal(verbs.filter((v) => v === 'terminated').length, loads, `${label}: one terminated per load`);
    for (const t of mine.filter((s) => verbOf(s) === 'terminated')) assert.match(t.result.duration, DURATION);
    // experienced: one per page, named with the page title.
    const experienced = mine.filter((s) => verbOf(s) === 'experienced');
    assert.equal(experienced.length, mod.pages, `${label}: one experienced per page`);
    assert.equal(new Set(experienced.map((s) => s.object.id)).size, mod.pages, `${label}: each page its own activity`);
    for (const s of experienced) assert.ok(Object.values(s.object.definition.name)[0].trim(), `${label}: page named`);
    // answered: one per check, in order, against the sources.
    const answered = mine.filter((s) => verbOf(s) === 'answered');
    const checks = steps.flatMap((s) => s.checks);
    assert.equal(answered.length, checks.length, `${label}: one answered per check`);
    answered.forEach((s, i) => assertAnswered(s, checks[i], moduleIri, label));
    // progressed: rising, below 100.
    const progress = mine.filter((s) => verbOf(s) === 'progressed').map((s) => s.result.extensions[CMI5.progress]);
    assert.ok(progress.length >= (mod.pages > 1 ? 1 : 0), `${label}: progress reported`);
    progress.forEach((p, i) => assert.ok(Number.isInteger(p) && p > (progress[i - 1] ?? 0) && p < 100, `${label}: progress ${progress.join(',')} rises`));
    // completed once, after the last page; passed or failed with the score from the sources.
    const completed = mine.filter((s) => verbOf(s) === 'completed');
    assert.equal(completed.length, 1, `${label}: completed once`);
    assert.equal(completed[0].result.completion, true);
    assert.match(completed[0].result.duration, DURATION);
    assert.ok(mine.indexOf(completed[0]) > mine.indexOf(experienced.at(-1)), `${label}: completed after the last page`);
    const judged = mine.filter((s) => ['passed', 'failed'].includes(verbOf(s)));
    if (!score) {
      assert.deepEqual(judged, [], `${label}: no passed/failed in a formative module`);
    } else {
      assert.equal(judged.length, 1, `${label}: passed or failed once`);
      assert.equal(verbOf(judged[0]), score.passed ? 'passed' : 'failed', `${label}: verdict from the sources`);
      assert.equal(judged[0].result.success, score.passed);
      assert.deepEqual(judged[0].result.score, { scaled: score.scaled, raw: score.raw, min: 0, max: 100 }, `${label}: score from the sources`);
      assert.match(judged[0].result.duration, DURATION);
    }
  }
  // Private reflections never leave the browser.
  const bodies = lms.requests.map((r) => r.body).join('\n');
  for (const { steps } of expected) for (const s of steps.filter((x) => x.text)) assert.ok(!bodies.includes(s.text), `private reflection ${s.b.id} stays in the browser`);
});

test(`cmi5: every AU of ${COURSE}, launched by the LMS, learnt, answered from the sources, reloaded midway (same session, same token) and exited to returnURL; the LRS holds statements that follow cmi5`, async () => {
  const problems = [];
  const cmi5xml = readFileSync(join(site, 'cmi5', 'cmi5.xml'), 'utf8');
  const actor = { objectType: 'Agent', account: { homePage: HOME_PAGE, name: `learner-${randomUUID().slice(0, 8)}` } };
  const registration = randomUUID();
  const page = await tab(problems);
  const expected = [];
  for (const mod of course.loaded) {
    const auId = iri.module(mod);
    const au = new RegExp(`<au id="${auId}"[^>]*>`).exec(cmi5xml)?.[0];
    assert.ok(au, `cmi5.xml: an AU for ${mod.front.id}`);
    const mastery = (mod.front.mastery_score ?? course.mastery_score ?? 80) / 100;
    assert.match(au, mod.front.assessed ? / moveOn="CompletedAndPassed"/ : / moveOn="Completed"/, `${mod.front.id}: moveOn`);
    if (mod.front.assessed) assert.match(au, new RegExp(` masteryScore="${mastery}"`), `${mod.front.id}: masteryScore from the sources`);
    else assert.doesNotMatch(au, /masteryScore/);
    // Every other question wrong in the assessed module (it is failed), the first one elsewhere.
    const steps = plan(mod, (i) => (mod.front.assessed ? i % 2 === 0 : i === 0));
    const launchInfo = await lms.launchCmi5({ pkg: 'cmi5', au: auId, actor, registration, returnURL: `${lms.returnURL()}?au=${mod.front.id}` });
    assert.notEqual(launchInfo.activityId, auId, 'the LMS gives an activity id of its own');
    await page.goto(launchInfo.url);
    await ready(page);
    const fetches = () => lms.requests.filter((r) => r.path === `/fetch/${launchInfo.fetchKey}`);
    await learnModule(page, mod, steps, {
      onReload: async () => {
        assert.equal(fetches().length, 1, `${mod.front.id}: the token is kept across the reload (one POST to fetch)`);
        const gets = lms.requests.filter((r) => r.path === '/xapi/activities/state' && r.method === 'GET' && r.auth === launchInfo.auth && r.query.stateId !== 'LMS.LaunchData');
        assert.equal(gets.at(-1)?.status, 200, `${mod.front.id}: the state document is read back from the State API on reload`);
      },
    });
    assert.deepEqual(await alerts(page), [], `${mod.front.id}: no error shown to the learner`);
    await page.click('.pager button:not([data-go])'); // the exit button
    await page.waitForURL(`${lms.returnURL()}?au=${mod.front.id}`);
    assert.equal(launchInfo.closed, 'terminated', `${mod.front.id}: the session is terminated when the learner exits`);
    assert.equal(fetches().length, 1, `${mod.front.id}: one POST to fetch in the whole session`);
    expected.push({ mod, steps, launchInfo, mastery, score: mod.front.assessed ? expectedScore(mod, steps) : null });
  }
  assert.equal(expected.find((e) => e.score).score.passed, false, 'the plan fails the assessment');

  // The fetch URL works once: a second launch of the same URL (a new tab, no token kept) is refused and told.
  const again = await tab([]);
  await again.goto(expected[0].launchInfo.url);
  await waitFor('the fetch error shown', async () => (await alerts(again)).length);
  assert.match((await alerts(again))[0], /\(erreur 1\)/, 'the fetch error code is shown to the learner');
  assert.equal(lms.requests.filter((r) => r.path.startsWith('/xapi/') && r.at > Date.now() - 3000 && r.auth === expected[0].launchInfo.auth && r.method !== 'GET').length, 0, 'nothing sent without a token');
  await again.close();

  const all = await lrsStatements(registration);
  assert.deepEqual(problems, []);
  assert.equal(new Set(all.map((s) => s.id)).size, all.length, 'statement ids are unique');
  for (const { mod, steps, launchInfo, mastery, score } of expected) {
    const label = `cmi5 ${mod.front.id}`;
    const auId = iri.module(mod);
    const mine = all.filter((s) => s.context?.extensions?.[CMI5.session] === launchInfo.session);
    const au = mine.filter((s) => s.id !== launchInfo.launched.id);
    assert.deepEqual(new Set(au.map((s) => s.id)), new Set(sentIds(launchInfo.auth)), `${label}: the LRS holds exactly what the AU sent`);
    // The launch protocol: fetch, then LMS.LaunchData and the learner preferences, then statements.
    const reqs = lms.requests.filter((r) => r.launch === launchInfo);
    const first = (f) => reqs.findIndex(f);
    const firstStatement = first((r) => r.path === '/xapi/statements');
    assert.equal(first((r) => r.path.startsWith('/fetch/')), 0, `${label}: the token is fetched first`);
    assert.ok(first((r) => r.query.stateId === 'LMS.LaunchData') < firstStatement, `${label}: LMS.LaunchData read before any statement`);
    assert.ok(first((r) => r.query.profileId === 'cmi5LearnerPreferences') < firstStatement, `${label}: learner preferences read before any statement`);
    for (const r of reqs.filter((x) => x.path.startsWith('/xapi/'))) {
      assert.equal(r.version, '1.0.3', `${label}: X-Experience-API-Version on ${r.method} ${r.path}`);
      assert.ok((r.status >= 200 && r.status < 300) || r.status === 404, `${label}: ${r.method} ${r.path}?${new URLSearchParams(r.query)} answered ${r.status}`);
    }
    assert.ok(!reqs.some((r) => r.query.stateId === 'LMS.LaunchData' && r.method !== 'GET'), `${label}: LMS.LaunchData is never written by the AU`);

    const ordered = byTime(mine);
    const verbs = ordered.map(verbOf);
    assert.equal(verbs[0], 'launched', `${label}: "launched" by the LMS first (${verbs.join(' ')})`);
    assert.equal(verbs[1], 'initialized', `${label}: "initialized" is the AU's first statement`);
    assert.equal(verbs.at(-1), 'terminated', `${label}: "terminated" is the last statement`);
    for (const v of ['initialized', 'terminated', 'completed', 'passed', 'failed']) {
      assert.ok(verbs.filter((x) => x === v).length <= 1, `${label}: at most one ${v} in the session`);
    }
    assert.ok(verbs.filter((v) => v === 'passed' || v === 'failed').length <= 1, `${label}: one of passed or failed in a session`);
    const template = launchInfo.launchData.contextTemplate;
    for (const s of au) {
      assertCommon(s, actor, registration, label);
      const v = verbOf(s);
      assert.deepEqual(s.context.extensions[CMI5.session], template.extensions[CMI5.session], `${label}: ${v}: the session id`);
      for (const g of template.contextActivities.grouping) assert.ok(groupingIds(s).includes(g.id), `${label}: ${v}: the template's grouping (publisher id)`);
      assert.ok(groupingIds(s).includes(iri.course) && groupingIds(s).includes(iri.path), `${label}: ${v}: grouped under the course and the path`);
      assert.equal(s.context.language, 'fr', `${label}: ${v}: language`);
      const defined = DEFINED.includes(s.verb.id);
      const judged = s.result && (s.result.success !== undefined || s.result.completion !== undefined);
      assert.equal(categoryIds(s).includes(CMI5.category), defined, `${label}: ${v}: the cmi5 category exactly on cmi5 defined statements`);
      assert.equal(categoryIds(s).includes(CMI5.moveOn), defined && !!judged, `${label}: ${v}: the moveOn category exactly on defined statements with success or completion`);
      if (defined) assert.equal(s.object.id, launchInfo.activityId, `${label}: ${v}: the LMS's activity id as object`);
      else if (v !== 'progressed') assert.deepEqual(parentIds(s), [launchInfo.activityId], `${label}: ${v}: the AU as parent`);
      if (defined && v !== 'passed' && v !== 'failed') {
        assert.equal(s.result?.score, undefined, `${label}: ${v}: no score`);
        assert.equal(s.result?.success, undefined, `${label}: ${v}: no success`);
      }
      if (defined && v !== 'completed') assert.equal(s.result?.completion, undefined, `${label}: ${v}: no completion`);
      if (['terminated', 'completed', 'passed', 'failed'].includes(v)) assert.match(s.result?.duration ?? '', DURATION, `${label}: ${v}: duration`);
      if (v === 'progressed') {
        const p = s.result.extensions[CMI5.progress];
        assert.ok(Number.isInteger(p) && p >= 0 && p <= 100, `${label}: progress ${p}`);
      }
    }
    const terminated = ordered.at(-1);
    const wall = Date.parse(terminated.timestamp) - Date.parse(ordered[1].timestamp);
    const secs = Number(/T([\d.]+)S$/.exec(terminated.result.duration)[1]) * 1000;
    assert.ok(Math.abs(secs - wall) < 1000, `${label}: terminated's duration ${terminated.result.duration} is the session's (${wall} ms; it began before the reload)`);
    // Statements after completed carry no progress.
    const completedAt = verbs.indexOf('completed');
    assert.ok(completedAt > 0, `${label}: completed`);
    assert.ok(!ordered.slice(completedAt).some((s) => s.result?.extensions?.[CMI5.progress] !== undefined), `${label}: no progress after completed`);
    assert.equal(ordered[completedAt].result.completion, true);
    // answered and experienced, against the sources.
    const answered = ordered.filter((s) => verbOf(s) === 'answered');
    const checks = steps.flatMap((s) => s.checks);
    assert.equal(answered.length, checks.length, `${label}: one answered per check`);
    answered.forEach((s, i) => assertAnswered(s, checks[i], auId, label));
    assert.equal(ordered.filter((s) => verbOf(s) === 'experienced').length, mod.pages, `${label}: one experienced per page`);
    // passed/failed: the score from the sources, the mastery score from LMS.LaunchData.
    const judged = ordered.filter((s) => ['passed', 'failed'].includes(verbOf(s)));
    if (!score) {
      assert.deepEqual(judged, [], `${label}: no passed/failed for a formative AU`);
    } else {
      assert.equal(judged.length, 1);
      const [j] = judged;
      assert.equal(verbOf(j), score.passed ? 'passed' : 'failed', `${label}: verdict from the sources`);
      assert.equal(j.result.success, score.passed);
      assert.deepEqual(j.result.score, { scaled: score.scaled, raw: score.raw, min: 0, max: 100 }, `${label}: score from the sources`);
      assert.equal(j.context.extensions[CMI5.masteryScore], mastery, `${label}: masteryScore extension`);
      assert.equal(score.passed, j.result.score.scaled >= launchInfo.launchData.masteryScore, `${label}: verdict consistent with LMS.LaunchData's masteryScore`);
    }
  }
  // Per registration: completed and passed at most once per AU, failed never after passed.
  for (const { mod, launchInfo } of expected) {
    const forAu = byTime(all.filter((s) => s.object.id === launchInfo.activityId));
    const v = forAu.map(verbOf);
    assert.ok(v.filter((x) => x === 'completed').length <= 1 && v.filter((x) => x === 'passed').length <= 1, `cmi5 ${mod.front.id}: completed and passed at most once per registration`);
    if (v.includes('passed')) assert.ok(!v.slice(v.indexOf('passed')).includes('failed'), `cmi5 ${mod.front.id}: no failed after passed`);
  }

  // The test LMS is as strict as it claims, or the checks above would prove little.
  const post = (auth, body) => fetch(`${lms.url}/xapi/statements`, { method: 'POST', body: JSON.stringify(body),
    headers: { 'X-Experience-API-Version': '1.0.3', Authorization: auth, 'Content-Type': 'application/json' } }).then((r) => r.status);
  const statement = (l, context) => ({ id: randomUUID(), actor, verb: { id: ADL + 'experienced' }, object: { id: `${HOME_PAGE}/probe` }, context: { registration: l.registration, ...context } });
  const ended = expected[0].launchInfo;
  assert.equal(await post(ended.auth, [statement(ended, { extensions: { [CMI5.session]: ended.session } })]), 403, 'LMS: nothing new after terminated');
  assert.equal(await post(basicOf('someone:else'), [statement(ended, { extensions: { [CMI5.session]: ended.session } })]), 401, 'LMS: an unknown token');
  const probe = await lms.launchCmi5({ pkg: 'cmi5', au: iri.module(course.loaded[0]), actor, registration: randomUUID() });
  const token = async () => (await (await fetch(`${lms.url}/fetch/${probe.fetchKey}`, { method: 'POST' })).json());
  assert.equal(basicOf(Buffer.from((await token())['auth-token'], 'base64').toString()), probe.auth, 'LMS: the fetch URL gives the token once');
  assert.equal((await token())['error-code'], '1', 'LMS: and an error after');
  assert.equal(await post(probe.auth, [statement(probe, {})]), 400, 'LMS: a statement without the session id');
  assert.equal(await post(probe.auth, [statement(probe, { extensions: { [CMI5.session]: probe.session } })]), 200, 'LMS: a statement of the session');
});

test('cmi5: launched in Browse mode without a returnURL, the AU sends initialized and terminated (on its exit button) and no other cmi5 defined statement', async () => {
  const problems = [];
  const mod = course.loaded.find((m) => m.front.assessed);
  const actor = newActor(), registration = randomUUID();
  const steps = plan(mod, (i) => i % 2 === 0);
  const info = await lms.launchCmi5({ pkg: 'cmi5', au: iri.module(mod), actor, registration, launchMode: 'Browse' });
  const page = await tab(problems);
  await page.goto(info.url);
  await ready(page);
  for (const step of steps) await act(page, step);
  await page.click('[data-go=next]');
  await page.click('.pager button:not([data-go])');
  await waitFor('the learner told the module is left', async () => (await alerts(page)).some((a) => a.startsWith('Vous avez quitté le module')));
  assert.equal(info.closed, 'terminated', 'the exit button ends the session');
  const au = byTime((await lrsStatements(registration)).filter((s) => s.id !== info.launched.id));
  const defined = au.filter((s) => categoryIds(s).includes(CMI5.category)).map(verbOf);
  assert.deepEqual(defined, ['initialized', 'terminated'], 'only initialized and terminated are cmi5 defined');
  assert.equal(au.filter((s) => verbOf(s) === 'answered').length, steps.flatMap((s) => s.checks).length, 'answers are still recorded (cmi5 allowed)');
  assert.ok(au.every((s) => !['completed', 'passed', 'failed'].includes(verbOf(s))), 'no completed, passed or failed');
  assert.deepEqual(problems, []);
  await page.close();
});

test('cmi5: the self-diagnostic of se-situer, with "not applicable" answers, taken again: every answer valid, na in its scale and as its response, the diagnostic number 1 then 2 beside the session id', async () => {
  const situer = readCourse(join(root, 'courses', 'se-situer'));
  unzipTo(readFileSync(join(out, 'cmi5', `se-situer-${situer.version}-cmi5.zip`)), join(site, 'cmi5-se-situer'));
  const mod = situer.loaded.find((m) => m.blocks.some((b) => b.block === 'diagnostic'));
  const ids = mod.blocks.filter((b) => b.block === 'diagnostic').map((b) => b.id);
  const problems = [];
  const actor = newActor(), registration = randomUUID();
  const info = await lms.launchCmi5({ pkg: 'cmi5-se-situer', au: `${iri.path}/se-situer/${mod.front.id}`, actor, registration, returnURL: lms.returnURL() });
  const page = await tab(problems);
  await page.goto(info.url);
  await ready(page);
  const first = ids.map((id, k) => (k % 5 === 0 ? 'na' : String(k % 4)));
  await page.evaluate(([list, values]) => list.forEach((id, k) => document.getElementById(`b-${id}-${values[k]}`).click()), [ids, first]);
  await page.evaluate(() => document.querySelector('.toc a[href="#summary"]').click());
  await page.click('[data-redo]');
  await page.evaluate((list) => list.forEach((id) => document.getElementById(`b-${id}-2`).click()), ids.slice(0, 5));
  await leave('cmi5', page);
  const all = await waitFor('terminated in the LRS', async () => {
    const list = await lrsStatements(registration);
    return list.some((s) => verbOf(s) === 'terminated') && list;
  });
  for (const s of all) assert.deepEqual(validate(s), [], `${verbOf(s)} valid`);
  const answers = byTime(all.filter((s) => verbOf(s) === 'answered' && s.object.definition.interactionType === 'likert'));
  const key = `${iri.path}#diagnostic-attempt`;
  const numbered = (n) => answers.filter((s) => s.context.extensions[key] === n);
  assert.equal(numbered(1).length, ids.length, 'the first diagnostic: one answer per statement, numbered 1');
  assert.deepEqual(numbered(2).map((s) => s.object.id.split('/').pop()), ids.slice(0, 5), 'the second diagnostic: its answers numbered 2');
  assert.equal(answers.length, ids.length + 5);
  assert.ok(answers.every((s) => s.context.extensions['https://w3id.org/xapi/cmi5/context/extensions/sessionid'] === info.session), 'the number beside the session id of the context template');
  assert.deepEqual(numbered(1).map((s) => s.result.response), first, 'responses: the point of the scale, or na');
  assert.ok(answers.every((s) => s.object.definition.scale.some((p) => p.id === 'na' && p.description.fr === situer.not_applicable)), 'na in every scale, with its label');
  // Each point of the scale described by its label (the column's heading on the page), the statement by its text.
  const points = [...situer.likert_scale.map((label, k) => [String(k), label]), ['na', situer.not_applicable]];
  const typeset = (t) => t.replace(/\u2019/g, "'").replace(/[\u00a0\u202f]/g, ' ');
  for (const s of answers) assert.deepEqual(s.object.definition.scale.map((p) => [p.id, typeset(p.description.fr)]), points, `${s.object.id}: the scale's points and labels`);
  const statements = Object.fromEntries(mod.blocks.filter((b) => b.block === 'diagnostic').map((b) => [b.id, b.statement]));
  for (const s of answers) assert.equal(typeset(s.object.definition.description.fr), statements[s.object.id.split('/').pop()], `${s.object.id}: described by its statement`);
  assert.deepEqual(problems, []);
  await page.close();
});

// ---------------------------------------------------------------------------------------------
// 3. Faults between the page and the LRS: nothing lost, nothing twice

/** Opens a module in a format; resolves to {page, launch}. */
async function open(format, mod, { actor, registration, problems, preferences }) {
  const page = await tab(problems, { faults: true });
  let info;
  if (format === 'xapi') {
    info = lms.launchTinCan({ pkg: 'xapi', actor, registration });
    await page.goto(info.url);
    await page.click(`main a[href^="${mod.front.id}.html?"]`);
  } else {
    info = await lms.launchCmi5({ pkg: 'cmi5', au: iri.module(mod), actor, registration, returnURL: lms.returnURL(), preferences });
    await page.goto(info.url);
  }
  await ready(page);
  return { page, info };
}
/** The learner leaves: TinCan for the course home, cmi5 by the exit button. */
async function leave(format, page) {
  if (format === 'xapi') {
    await page.click('header.crumbs a[data-carry]');
    await page.waitForURL(/\/index\.html\?/);
  } else {
    await page.click('.pager button:not([data-go])');
    await page.waitForURL(lms.returnURL());
  }
}
const queued = async (page, registration) => (await storedStatements(page)).filter((s) => s.context?.registration === registration);
const newActor = () => ({ objectType: 'Agent', account: { homePage: HOME_PAGE, name: `learner-${randomUUID().slice(0, 8)}` } });

for (const format of ['xapi', 'cmi5']) {
  test(`${format === 'xapi' ? 'TinCan' : 'cmi5'}: 503s, refused connections and a stored batch whose answer is lost, in the middle of a session: after the learner goes on and reloads, every statement is in the LRS exactly once`, async () => {
    const problems = [];
    const mod = course.loaded.find((m) => m.front.id === 'trois-leviers');
    const actor = newActor(), registration = randomUUID();
    const steps = plan(mod, () => false);
    const questions = steps.filter((s) => s.b.block === 'question');
    assert.deepEqual(questions.map((s) => s.b.page), [0, 0, 1, 1], 'trois-leviers: two questions on each of its two pages');
    const { page, info } = await open(format, mod, { actor, registration, problems });
    // The runtime's backoff reaches 8 s after repeated failures: wait beyond it, with room for a
    // busy machine (CI ran this at 10 s once and the retry came just after).
    const delivered = () => waitFor('the queue to empty', async () => (await queued(page, registration)).length === 0, 30_000);

    await act(page, questions[0]);
    await delivered();
    // 503s: the statement waits and is retried with backoff.
    const unavailable = lms.fault('unavailable');
    await act(page, questions[1]);
    await waitFor('a retry after a 503', () => unavailable.hits >= 2);
    // Refused connections: the next page's statements and state wait too.
    const refused = lms.fault('refuse');
    await page.click('[data-go=next]');
    await waitFor('refused connections', () => refused.hits >= 2);
    assert.ok((await queued(page, registration)).length >= 3, 'the statements wait in the queue');
    // The network is back and the learner goes on: everything goes, in order.
    lms.fault('ok');
    await act(page, questions[2]);
    await delivered();
    assert.deepEqual(await alerts(page), [], 'passing faults are not the learner\'s business');
    // The LRS stores a batch but its answer is lost; the learner reloads.
    const lose = lms.fault('lose', { paths: /^statements/ });
    await act(page, questions[3]);
    await waitFor('a lost answer', () => lose.hits >= 1);
    const lost = lms.requests.filter((r) => r.fault === 'lose' && r.auth === info.auth).flatMap((r) => JSON.parse(r.body)).map((s) => s.id);
    lms.fault('ok');
    await page.reload();
    await ready(page);
    await delivered();
    await page.click('[data-go=next]');
    await leave(format, page);
    const loads = format === 'xapi' ? 2 : 1; // TinCan: each page load is a launch; cmi5: the reload continues the session
    const all = (await waitFor('the last terminated', async () => {
      const list = await lrsStatements(registration);
      return list.filter((s) => verbOf(s) === 'terminated').length === loads && list;
    })).filter((s) => s.id !== info.launched?.id);
    const ids = all.map((s) => s.id);
    assert.equal(new Set(ids).size, ids.length, 'statement ids are unique');
    assert.deepEqual(ids, byTime(all).map((s) => s.id), 'stored in the order they happened, whatever was retried');
    assert.deepEqual(new Set(ids), new Set(sentIds(info.auth)), 'every statement the page sent is in the LRS');
    assert.ok(lost.length >= 1 && lost.every((id) => ids.includes(id)), 'the batch whose answer was lost is stored');
    for (const id of lost) assert.ok(sentIds(info.auth).filter((x) => x === id).length >= 2, 'and it was sent again (harmlessly)');
    // Nothing twice: each fact once, whatever was retried.
    const count = (v) => all.filter((s) => verbOf(s) === v).length;
    assert.equal(count('initialized'), loads, 'initialized');
    assert.equal(count('terminated'), loads, 'terminated');
    assert.equal(count('answered'), questions.length, 'one answered per question');
    assert.deepEqual(all.filter((s) => verbOf(s) === 'answered').map((s) => s.object.id.split('/').pop()).sort(), questions.map((s) => s.b.id).sort());
    assert.equal(count('experienced'), mod.pages, 'one experienced per page');
    assert.equal(count('completed'), 1, 'completed once');
    const progress = all.filter((s) => verbOf(s) === 'progressed').map((s) => s.result.extensions[CMI5.progress]);
    assert.equal(new Set(progress).size, progress.length, `no progress reported twice (${progress})`);
    for (const s of all) assert.deepEqual(validate(s), [], `${verbOf(s)}: valid`);
    // The bookmark survived the faults: the state document in the LMS has the summary page.
    assert.deepEqual(problems, []);
    await page.close();
  });
}

// ---------------------------------------------------------------------------------------------
// 4. Refusals: reported to the learner, not retried forever

test('TinCan: a batch refused with 400 is reported (role=alert) and not retried forever; a 409 to one of our own ids is taken as "already stored" (our ids are random, a queued body never changes), the rest of its batch stored', async () => {
  const problems = [];
  const mod = course.loaded.find((m) => m.front.id === 'alliances');
  const actor = newActor(), registration = randomUUID();
  const questions = plan(mod, () => false).filter((s) => s.b.block === 'question');
  const { page, info } = await open('xapi', mod, { actor, registration, problems });
  const delivered = () => waitFor('the queue to empty', async () => (await queued(page, registration)).length === 0);
  await delivered();

  // 400 for every statement: the next page's statements are refused.
  lms.fault('reject', { status: 400, paths: /^statements/ });
  await page.click('[data-go=next]');
  await waitFor('the refusal shown', async () => (await alerts(page)).some((a) => a.includes('(erreur 400)')));
  await delivered(); // each refused statement is dropped from the queue
  const rejected = [...new Set(lms.requests.filter((r) => r.fault === 'reject' && r.auth === info.auth).flatMap((r) => [JSON.parse(r.body)].flat()).map((s) => s.id))];
  assert.ok(rejected.length >= 1);
  lms.fault('ok');
  await act(page, questions.find((s) => s.b.page === 1));
  await delivered();
  await sleep(2500); // longer than the first retries' backoff
  for (const id of rejected) {
    assert.ok(sentIds(info.auth).filter((x) => x === id).length <= 2, 'a refused statement is tried at most twice (its batch, then alone)');
  }
  const stored = (await lrsStatements(registration)).map((s) => s.id);
  assert.ok(rejected.every((id) => !stored.includes(id)), 'the refused statements are not in the LRS');

  // 409: the LRS already holds the id of a queued statement (here, forced by the test).
  const refuse = lms.fault('refuse', { paths: /^statements/ });
  const second = questions.filter((s) => s.b.page === 1)[1];
  await act(page, second);
  await waitFor('a refused connection', () => refuse.hits >= 1);
  const waiting = await queued(page, registration);
  const victim = waiting.find((s) => verbOf(s) === 'answered' && s.object.id.endsWith(`/${second.b.id}`));
  assert.ok(victim, 'the answer waits in the queue');
  const impostor = { id: victim.id, actor, verb: { id: ADL + 'experienced', display: { 'en-US': 'experienced' } }, object: { id: `${HOME_PAGE}/impostor`, objectType: 'Activity' }, context: { registration } };
  const put = await fetch(`${lrs.url}statements?statementId=${victim.id}`, { method: 'PUT', headers: { 'X-Experience-API-Version': '1.0.3', Authorization: lrs.auth, 'Content-Type': 'application/json' }, body: JSON.stringify(impostor) });
  assert.equal(put.status, 204);
  const since = Date.now();
  lms.fault('ok');
  await page.click('[data-go=next]');
  await delivered();
  assert.ok(!(await alerts(page)).some((a) => a.includes('(erreur 409)')), 'a 409 is not an error for the learner');
  const after = await lrsStatements(registration);
  assert.equal(after.find((s) => s.id === victim.id).object.id, `${HOME_PAGE}/impostor`, 'the LRS keeps the statement it had');
  for (const s of waiting.filter((x) => x.id !== victim.id)) assert.ok(after.some((x) => x.id === s.id), `${verbOf(s)} of the same batch stored`);
  const tries = lms.requests.filter((r) => r.at >= since && r.path === '/xapi/statements' && r.body.includes(victim.id));
  assert.ok(tries.length <= 2, `the conflicting statement is not retried forever (${tries.length} requests)`);
  assert.deepEqual(problems, []);
  await page.close();
});

// ---------------------------------------------------------------------------------------------
// 5. cmi5: a closed session's statements stay on the device, shown, never sent under another

test('cmi5: what a session could not send before it closed (tab closed offline, or session abandoned by a new launch) is kept and shown at the next launch, never sent under another session', async () => {
  const problems = [];
  const mod = course.loaded.find((m) => m.front.id === 'phases-et-echelles');
  const actor = newActor(), registration = randomUUID();
  const questions = plan(mod, () => false).filter((s) => s.b.block === 'question');
  const first = await open('cmi5', mod, { actor, registration, problems });
  await waitFor('the queue to empty', async () => (await queued(first.page, registration)).length === 0);
  // The LRS is out of reach for statements; the learner answers, then closes the tab.
  const refuse = lms.fault('refuse', { paths: /^statements/ });
  await act(first.page, questions[0]);
  await waitFor('a refused connection', () => refuse.hits >= 1);
  await first.page.close();
  // The LMS launches the AU again: a new session; the first is abandoned by the LMS.
  const second = await open('cmi5', mod, { actor, registration, problems });
  assert.equal(first.info.closed, 'abandoned');
  const fromSession = async (page, info) => (await queued(page, registration)).filter((s) => s.context.extensions[CMI5.session] === info.session).map((s) => s.id);
  const strandedFirst = await fromSession(second.page, first.info);
  assert.ok(strandedFirst.length >= 1, 'the first session left statements on the device');
  const told = (page, n) => waitFor(`the learner told of ${n} stranded statement(s)`, async () => (await alerts(page)).some((a) => a.startsWith(`${n} enregistrement(s) d'une session précédente`)));
  await told(second.page, strandedFirst.length);
  lms.fault('ok');
  // (Its batch refused meanwhile may be stored: looked up, then sent again one by one, after the backoff.)
  await waitFor('the second session\'s queue to empty', async () => (await fromSession(second.page, second.info)).length === 0, 40_000);

  // Launched again elsewhere while this tab is open: its session is abandoned, the LMS refuses it.
  const third = await open('cmi5', mod, { actor, registration, problems, preferences: { languagePreference: 'fr-FR,en-US', audioPreference: 'off' } });
  assert.equal(second.info.closed, 'abandoned');
  await act(second.page, questions[1]);
  await waitFor('the refusal shown', async () => (await alerts(second.page)).some((a) => a.includes('(erreur 401)')));
  const strandedSecond = await fromSession(third.page, second.info);
  assert.ok(strandedSecond.length >= 1, 'the refused statements are kept');
  await second.page.close();
  await third.page.reload(); // the learner comes back to the newest tab
  await ready(third.page);
  await told(third.page, strandedFirst.length + strandedSecond.length);
  const launchedAt = Date.now();
  assert.equal(questions[2].b.page, 1);
  await third.page.click('[data-go=next]');
  await act(third.page, questions[2]);
  await leave('cmi5', third.page);

  const all = await lrsStatements(registration);
  for (const [id, info] of [...strandedFirst.map((id) => [id, first.info]), ...strandedSecond.map((id) => [id, second.info])]) {
    assert.ok(!all.some((s) => s.id === id), 'a stranded statement never reaches the LRS');
    assert.ok(!lms.requests.some((r) => r.body.includes(id) && (r.auth !== info.auth || r.at >= launchedAt)), 'nor is it sent under another session');
  }
  assert.deepEqual((await storedStatements(third.page)).map((s) => s.id).filter((id) => strandedFirst.includes(id) || strandedSecond.includes(id)).sort(),
    [...strandedFirst, ...strandedSecond].sort(), 'it stays on the device');
  const inSession = (info) => byTime(all.filter((s) => s.context.extensions[CMI5.session] === info.session)).map(verbOf);
  for (const info of [first.info, second.info]) {
    const verbs = inSession(info);
    assert.deepEqual([verbs[0], verbs[1], verbs.at(-1)], ['launched', 'initialized', 'abandoned'], `an abandoned session: ${verbs}`);
  }
  for (const s of all.filter((x) => x.verb.id === CMI5.abandoned)) assert.match(s.result.duration, DURATION);
  const thirdVerbs = inSession(third.info);
  assert.deepEqual([thirdVerbs[0], thirdVerbs[1], thirdVerbs.at(-1)], ['launched', 'initialized', 'terminated'], `the last session: ${thirdVerbs}`);
  assert.equal(thirdVerbs.filter((v) => v === 'answered').length, 1, 'the last session sends its own answer');
  assert.deepEqual(problems, []);
});

// ---------------------------------------------------------------------------------------------
// 6. No package holds an endpoint, a token or a password

test('no xAPI or cmi5 package contains an endpoint, a token or a password', (t) => {
  const leaks = [
    /https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])/i, /\blocalhost\b/i, /127\.0\.0\.1/,
    /Basic\s+[A-Za-z0-9+/]{8,}={0,2}/, // a Basic credential
    /["']auth-token["']\s*:\s*["']/, // a token in JSON
    /password|passwd|mot de passe|secret/i,
    /[?&](endpoint|auth|fetch|actor)=[^&"'\s]/, // a launch query written in
    /<(endpoint|auth|registration)\b/i, // launch data in tincan.xml or cmi5.xml
  ];
  const scan = (name, text) => leaks.filter((re) => re.test(text)).map((re) => `${name}: ${re}`);
  // The scanner finds what it looks for.
  for (const sample of ['var lrs = "http://localhost:8080/xapi/";', 'headers.Authorization = "Basic Y2FtcHVzOnBhcw==";', '{"auth-token": "QWxhZGRpbjpvcGVu"}',
    'var password = "x";', 'index.html?endpoint=https%3A%2F%2Flrs.example%2F', '<endpoint>https://lrs.example/</endpoint>']) {
    assert.ok(scan('sample', sample).length, `the scan finds ${sample}`);
  }
  const found = [];
  let packages = 0;
  for (const format of ['xapi', 'cmi5']) {
    for (const file of readdirSync(join(out, format)).filter((f) => f.endsWith('.zip'))) {
      packages++;
      for (const e of readZip(readFileSync(join(out, format, file)))) {
        if (/\.(png|jpe?g|gif|webp|wav|mp3|mp4|webm|ogg|pdf|odt|zip)$/i.test(e.name)) continue;
        found.push(...scan(`${format}/${file}:${e.name}`, e.data.toString('utf8')));
        if (e.name === 'campus.js') t.diagnostic(`${format}/${file}: campus.js ${e.data.length} bytes`);
      }
    }
  }
  assert.equal(packages, 10, 'five courses in two formats');
  assert.deepEqual(found, []);
});
