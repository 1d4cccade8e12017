// The delivery of xAPI statements under real conditions: the strict and slow test LMS (lms.mjs:
// 300–800 ms per request, seeded; 409 to any statement id sent again and to a state write without
// precondition once the document exists; on the package's own origin, so the browser's six
// connections per host are shared) in front of the real LRS, faults scheduled by request count.
// The referee in lms.mjs flags what ADL's cmi5 test suite flags: a request with a session's token
// after its "terminated", a defined verb twice, statements out of order.
//
// The matrix: how the learner leaves (the exit button — a link out of the module in TinCan —, a
// reload then the button, the tab closed) × the fault periods (refused connections, then 503s) on
// every module of agir-en-coalition and on the self-diagnostic of se-situer, in both formats; every
// other module of the path with the exit button and no fault. CAMPUS_XAPI_FULL=1 runs the whole
// matrix on every module of the path (by hand: about an hour).
//
// Result asked of every run: every statement exactly once in the LRS, in order, nothing after
// "terminated", no statement id sent while it may already be stored, nothing left on the device.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { randomUUID } from 'node:crypto';
import validation from '@learninglocker/xapi-validation';
import { launch, build, readCourse, root } from './lib.mjs';
import { rightAnswer, wrongAnswer, isRight, give } from './learner.mjs';
import { unzipTo } from './zip.mjs';
import { startLrs } from './lrs/start.mjs';
import { startLms, HOME_PAGE } from './lms.mjs';

const validate = validation.default;
const FULL = process.env.CAMPUS_XAPI_FULL === '1';
const MATRIX_COURSE = 'agir-en-coalition';
const SELF_DIAGNOSTIC = { course: 'se-situer', module: 'autodiagnostic' };
const EXITS = ['button', 'reload', 'close'];
// Refused connections (the LRS unreachable), then 503s, by request number from the launch.
const FAULTS = [{ after: 6, count: 4, mode: 'refuse' }, { after: 10, count: 3, mode: 'unavailable' }];

let browser, lrs, lms, out, site;
const courses = new Map(); // id -> {course (sources), modules}
const cleanup = [];

before(async () => {
  [browser, lrs] = await Promise.all([launch(), startLrs()]);
  out = build(join(root, 'courses'), '--target', 'xapi', '--target', 'cmi5');
  site = mkdtempSync(join(tmpdir(), 'campus-delivery-'));
  cleanup.push(() => rmSync(out, { recursive: true, force: true }), () => rmSync(site, { recursive: true, force: true }));
  for (const format of ['xapi', 'cmi5']) {
    for (const zip of readdirSync(join(out, format)).filter((f) => f.endsWith('.zip'))) {
      const id = zip.replace(/-\d+\.\d+\.\d+-(xapi|cmi5)\.zip$/, '');
      unzipTo(readFileSync(join(out, format, zip)), join(site, `${format}-${id}`));
      if (!courses.has(id)) courses.set(id, readCourse(join(root, 'courses', id)));
    }
  }
  lms = await startLms({ lrs, dir: site, latency: [300, 800], seed: 2026 });
});

after(async () => {
  await browser?.close();
  await lms?.close();
  await lrs?.stop();
  for (const f of cleanup.reverse()) await f();
});

// ---- helpers ----
const ADL = 'http://adlnet.gov/expapi/verbs/';
const verbOf = (s) => s.verb.id.split('/').pop();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function waitFor(what, check, ms = 60_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}
async function lrsStatements(registration) {
  const all = [];
  let next = `statements?${new URLSearchParams({ registration, ascending: 'true', limit: '200' })}`;
  while (next) {
    const r = await fetch(new URL(next, lrs.url), { headers: { 'X-Experience-API-Version': '1.0.3', Authorization: lrs.auth } });
    assert.equal(r.status, 200);
    const page = await r.json();
    all.push(...page.statements);
    next = page.more;
  }
  return all;
}
/** Statements still kept in the page's storage (found by shape, not by the runtime's keys). */
const onDevice = (page) => page.evaluate(() => {
  const found = [];
  const scan = (v) => {
    if (Array.isArray(v)) v.forEach(scan);
    else if (v && typeof v === 'object') {
      if (typeof v.id === 'string' && v.actor && v.verb && v.object) found.push(v);
      else Object.values(v).forEach(scan);
    }
  };
  for (let i = 0; i < localStorage.length; i++) {
    try { scan(JSON.parse(localStorage.getItem(localStorage.key(i)))); } catch { /* not JSON */ }
  }
  return found;
});
const ready = (page) => page.waitForFunction(() => document.querySelector('[data-progress]')?.textContent.trim(), null, { timeout: 30_000 });
const newActor = () => ({ objectType: 'Agent', account: { homePage: HOME_PAGE, name: `learner-${randomUUID().slice(0, 8)}` } });

/** Every page, every question (right, except the first formative one: wrong then right after a
 *  retry), every self-diagnostic statement; `midway` runs once on the middle page. */
async function learn(page, c, mod, { midway } = {}) {
  const questions = mod.blocks.filter((b) => b.block === 'question');
  const assessed = !!mod.front.assessed;
  for (let p = 0; p < mod.pages; p++) {
    if (p === Math.floor((mod.pages - 1) / 2) && midway) await midway();
    for (const b of mod.blocks.filter((x) => x.page === p)) {
      const sel = `#b-${b.id}`;
      if (b.block === 'question') {
        const wrongFirst = !assessed && questions.indexOf(b) === 0 && (b.retry ?? c.retry ?? true);
        await give(page, b, wrongFirst ? wrongAnswer(b) : rightAnswer(b));
        await page.click(`${sel} [data-check]`);
        if (wrongFirst && !isRight(b, wrongAnswer(b))) {
          await page.click(`${sel} [data-retry]`);
          await give(page, b, rightAnswer(b));
          await page.click(`${sel} [data-check]`);
        }
      } else if (b.block === 'diagnostic') {
        const radios = await page.$$(`${sel} input[type=radio]`);
        if (radios.length) await radios[(b.id.length + p) % radios.length].check();
      }
    }
    await page.click('[data-go=next]');
  }
}

/** One run: launch, learn, leave the chosen way, then check what reached the LRS. On failure, the
 *  LMS's log of the run is written to $CAMPUS_XAPI_LOG if set. */
async function run(format, courseId, mod, options) {
  const first = lms.requests.length;
  try {
    return await runChecked(format, courseId, mod, options);
  } catch (e) {
    if (process.env.CAMPUS_XAPI_LOG) {
      const { appendFileSync } = await import('node:fs');
      const t0 = lms.requests[first]?.at || 0;
      appendFileSync(process.env.CAMPUS_XAPI_LOG, `\n== ${format} ${courseId}/${mod.front.id} ${JSON.stringify(options)}: ${e.message.split('\n')[0]}\n` +
        lms.requests.slice(first).map((r) => `${r.at - t0} #${r.n ?? ''} ${r.method} ${r.path} ${r.status}${r.fault ? ' ' + r.fault : ''} ${r.path === '/xapi/statements' && r.method !== 'GET' ? (() => { try { const b = JSON.parse(r.body); return (Array.isArray(b) ? b : [b]).map((x) => x.verb.id.split('/').pop() + ':' + x.id.slice(0, 4)).join(','); } catch { return ''; } })() : r.headers || ''}`).join('\n') + '\n');
    }
    throw e;
  }
}
async function runChecked(format, courseId, mod, { exit = 'button', faults = false }) {
  const c = courses.get(courseId);
  const problems = [];
  const page = await browser.newPage();
  const flagged = lms.violations.length;
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss().catch(() => {}); });
  const actor = newActor(), registration = randomUUID();
  const pkg = `${format}-${courseId}`;
  let info;
  const start = lms.count();
  if (faults) lms.schedule(FAULTS);
  else lms.schedule([]);
  if (format === 'xapi') {
    info = lms.launchTinCan({ pkg, actor, registration });
    await page.goto(info.url);
    await page.click(`main a[href^="${mod.front.id}.html?"]`);
  } else {
    const cmi5 = readFileSync(join(site, pkg, 'cmi5.xml'), 'utf8');
    const au = [...cmi5.matchAll(/<au id="([^"]+)"/g)].map((m) => m[1]).find((id) => id.endsWith(`/${mod.front.id}`));
    info = await lms.launchCmi5({ pkg, au, actor, registration, returnURL: lms.returnURL() });
    await page.goto(info.url);
  }
  await ready(page);
  const label = `${format} ${courseId}/${mod.front.id} exit=${exit}${faults ? ' faults' : ''}`;
  let loads = 1;
  const kept = [];
  await learn(page, c, mod, {
    midway: exit === 'reload' ? async () => { await page.reload(); await ready(page); loads++; } : null,
  });
  if (exit === 'close') {
    await page.close({ runBeforeUnload: true });
    // The learner comes back later: a new launch (cmi5: a new session, the old one abandoned by
    // the LMS) shows what could not be sent; TinCan sends what the closed page left.
    const again = await browser.newPage();
    if (format === 'xapi') {
      const second = lms.launchTinCan({ pkg, actor, registration });
      await again.goto(second.url);
      await again.click(`main a[href^="${mod.front.id}.html?"]`);
      loads++;
    } else {
      const au = info.auId;
      await sleep(3000); // let the keepalive requests of the closed tab land before the LMS abandons it
      const second = await lms.launchCmi5({ pkg, au, actor, registration, returnURL: lms.returnURL() });
      await again.goto(second.url);
      info.second = second;
    }
    await ready(again);
    if (format === 'cmi5') {
      // What the closed session could not send stays on the device, is shown, and is never sent.
      // (A batch whose answer was lost is looked up first: give the page the time to.)
      const closed = async () => (await onDevice(again)).filter((s) => s.context?.extensions?.['https://w3id.org/xapi/cmi5/context/extensions/sessionid'] === info.session);
      let reported = '';
      if ((await closed()).length) {
        reported = await again.waitForFunction(() => [...document.querySelectorAll('[role=alert]')].map((a) => a.textContent).find((t) => /\d+ (enregistrement|record)/.test(t)), null, { timeout: 20_000 })
          .then((h) => h.jsonValue()).catch(() => '');
      }
      kept.push(...await closed());
      assert.equal(Number(/(\d+) (enregistrement|record)/.exec(reported)?.[1] || 0), kept.length, `kept statements reported (${reported})`);
    }
    await leave(format, again);
    await again.close();
  } else {
    await leave(format, page);
  }
  // What the LRS holds for this registration, once every terminated is there.
  const expectedTerminated = format === 'xapi' ? loads : exit === 'close' ? 1 : 1;
  const all = (await waitFor(`${label}: terminated in the LRS`, async () => {
    const list = await lrsStatements(registration);
    return list.filter((s) => verbOf(s) === 'terminated').length >= expectedTerminated && list;
  })).filter((s) => !['launched', 'abandoned'].includes(verbOf(s)));
  await sleep(1500); // anything sent late would show now
  const settled = (await lrsStatements(registration)).filter((s) => !['launched', 'abandoned'].includes(verbOf(s)));
  const ids = settled.map((s) => s.id);
  assert.equal(settled.length, all.length, `${label}: nothing arrives after terminated`);
  assert.equal(new Set(ids).size, ids.length, `${label}: every statement once`);
  for (const s of settled) assert.deepEqual(validate(s), [], `${label}: ${verbOf(s)} valid`);
  const mine = lms.requests.filter((r) => r.path === '/xapi/statements' && r.method !== 'GET' && (r.auth === info.auth || r.auth === info.second?.auth));
  const conflicts = mine.filter((r) => r.status === 409);
  assert.deepEqual(conflicts.map((r) => r.body.slice(0, 80)), [], `${label}: no statement sent again once it may be stored`);
  const stateConflicts = lms.requests.filter((r) => r.path === '/xapi/activities/state' && r.method === 'PUT' && r.auth === info.auth && r.status === 409);
  assert.equal(stateConflicts.length, 0, `${label}: state writes carry their precondition`);
  assert.deepEqual(lms.violations.slice(flagged), [], `${label}: the referee flags nothing`);
  // In order: per session, initialized first and terminated last.
  const sessions = format === 'cmi5'
    ? [...new Set(settled.map((s) => s.context.extensions?.['https://w3id.org/xapi/cmi5/context/extensions/sessionid']))].map((id) => settled.filter((s) => s.context.extensions['https://w3id.org/xapi/cmi5/context/extensions/sessionid'] === id))
    : [settled];
  for (const list of sessions) {
    const verbs = list.map(verbOf);
    assert.equal(verbs[0], 'initialized', `${label}: initialized first (${verbs.join(' ')})`);
    const terminated = verbs.lastIndexOf('terminated');
    if (terminated >= 0) assert.equal(terminated, verbs.length - 1, `${label}: terminated last (${verbs.join(' ')})`);
  }
  assert.deepEqual(kept.filter((s) => ids.includes(s.id)).map(verbOf), [], `${label}: what was kept was not sent`);
  const accounted = settled.concat(kept);
  const count = (v) => accounted.filter((s) => verbOf(s) === v).length;
  assert.equal(count('experienced'), mod.pages, `${label}: one experienced per page`);
  const checks = mod.blocks.filter((b) => b.block === 'question').length;
  assert.ok(count('answered') >= checks, `${label}: an answered per check`);
  assert.equal(count('completed'), 1, `${label}: completed once`);
  // Self-diagnostic answers, and only they, carry the diagnostic's number (docs/format.md): 1 here.
  for (const s of accounted.filter((x) => verbOf(x) === 'answered')) {
    const attempt = Object.entries(s.context.extensions || {}).filter(([k]) => k.endsWith('#diagnostic-attempt'));
    const likert = s.object.definition.interactionType === 'likert';
    assert.deepEqual(attempt, likert ? [[`${s.context.contextActivities.grouping.at(-1).id}#diagnostic-attempt`, 1]] : [], `${label}: ${s.object.id}: the diagnostic's number`);
  }
  if (mod.front.assessed) assert.equal(count('passed') + count('failed'), 1, `${label}: one verdict`);
  if (format === 'cmi5') assert.equal(count('terminated'), exit === 'close' ? 1 : 1, `${label}: one terminated per ended session`);
  const left = exit === 'close' ? [] : (await onDevice(page).catch(() => [])).filter((s) => s.context?.registration === registration);
  assert.deepEqual(left.map(verbOf), [], `${label}: nothing left on the device`);
  assert.deepEqual(problems, [], `${label}: no page error`);
  if (!page.isClosed()) await page.close();
  return { statements: settled.length, requests: lms.count() - start };
}

/** Leaves the module: cmi5 by its exit button (to returnURL), TinCan by the link to the course home. */
async function leave(format, page) {
  if (format === 'xapi') {
    await page.click('header.crumbs a[data-carry]');
    await page.waitForURL(/\/index\.html\?/, { timeout: 60_000 });
  } else {
    await page.click('.pager button:not([data-go])');
    await page.waitForURL(lms.returnURL(), { timeout: 60_000 });
  }
}

// ---- the matrix ----
const plans = [];
function modulesOf(id) { return readCourse(join(root, 'courses', id)).loaded; }
for (const id of readdirSync(join(root, 'courses')).filter((d) => !d.includes('.')).sort()) {
  for (const mod of modulesOf(id)) {
    const full = FULL || id === MATRIX_COURSE || (id === SELF_DIAGNOSTIC.course && mod.front.id === SELF_DIAGNOSTIC.module);
    for (const format of ['cmi5', 'xapi']) {
      if (full) for (const exit of EXITS) plans.push({ format, id, mod, exit, faults: true });
      else plans.push({ format, id, mod, exit: 'button', faults: false });
    }
  }
}

for (const p of plans) {
  test(`${p.format === 'xapi' ? 'TinCan' : 'cmi5'} ${p.id}/${p.mod.front.id}: exit by ${p.exit}${p.faults ? ', LRS unreachable then 503' : ''}: every statement once, in order, nothing after terminated`, async () => {
    await run(p.format, p.id, p.mod, { exit: p.exit, faults: p.faults });
  });
}

// ---- the LMS's word: masteryScore, a new try after a failure, Review ----
test('cmi5: the LMS\'s masteryScore (0.9) wins over the package\'s; the page shows that pass mark and the verdict sent; a failed assessment is taken again in a new session (answers cleared) and passed; a Review launch is read-only and sends no verdict', async () => {
  const c = courses.get(MATRIX_COURSE);
  const mod = c.loaded.find((m) => m.front.assessed);
  const pkg = `cmi5-${MATRIX_COURSE}`;
  const cmi5 = readFileSync(join(site, pkg, 'cmi5.xml'), 'utf8');
  const au = [...cmi5.matchAll(/<au id="([^"]+)"/g)].map((m) => m[1]).find((id) => id.endsWith(`/${mod.front.id}`));
  const actor = newActor(), registration = randomUUID();
  const flagged = lms.violations.length;
  lms.schedule([]);
  const questions = mod.blocks.filter((b) => b.block === 'question');
  async function attempt(wrong, launchMode = 'Normal') {
    const info = await lms.launchCmi5({ pkg, au, actor, registration, returnURL: lms.returnURL(), masteryScore: 0.9, launchMode });
    const page = await browser.newPage();
    await page.goto(info.url);
    await ready(page);
    const notes = await page.$$eval('[role=status], [role=alert]', (a) => a.map((x) => x.textContent).join(' '));
    const locked = await page.$$eval('.question [data-check][aria-disabled]', (a) => a.length);
    if (launchMode === 'Normal') {
      for (let p = 0; p < mod.pages; p++) {
        for (const b of questions.filter((x) => x.page === p)) {
          await give(page, b, wrong && questions.indexOf(b) < 2 ? wrongAnswer(b) : rightAnswer(b)); // two wrong: under 90 % whatever the number of questions
          await page.click(`#b-${b.id} [data-check]`);
        }
        await page.click('[data-go=next]');
      }
    }
    const summary = launchMode === 'Normal' ? await page.$eval('[data-summary=score]', (e) => e.parentNode.textContent) : '';
    const header = await page.textContent('[data-mastery]');
    const again = await page.$eval('[data-summary=again]', (e) => (e.getClientRects().length ? e.textContent : ''));
    const inputs = await page.$$eval('.question input', (a) => a.filter((i) => !i.disabled).length);
    await leave('cmi5', page);
    await page.close();
    return { info, notes, locked, summary, inputs, header, again };
  }
  const first = await attempt(true);
  assert.match(first.notes, /90 %/, 'the platform\'s pass mark is shown at launch');
  assert.match(first.summary, /seuil[^0-9]*90 %/, 'the summary judges against 90 %');
  assert.match(first.summary, /non réussi/, 'and says what was sent: not passed');
  assert.match(first.header, /seuil de réussite 90\s%/, 'the module\'s header gives the platform\'s pass mark');
  assert.match(first.again, /ouvrez une nouvelle tentative de ce module depuis votre plateforme/, 'a failure says how to try again');
  const second = await attempt(false);
  assert.equal(second.locked, 0, 'a new session after a failure: answers cleared, questions open');
  assert.match(second.notes, /Nouvelle tentative/);
  assert.match(second.summary, /réussi \(100 %, seuil 90 %\)/);
  assert.equal(second.again, '', 'nothing to try again after a pass');
  const review = await attempt(false, 'Review');
  assert.match(review.notes, /révision/, 'Review is said on the page');
  assert.equal(review.inputs, 0, 'Review is read-only');
  const all = await waitFor('the three sessions', async () => {
    const list = await lrsStatements(registration);
    return list.filter((s) => verbOf(s) === 'terminated').length === 3 && list;
  });
  const verdicts = all.filter((s) => ['passed', 'failed'].includes(verbOf(s)));
  assert.deepEqual(verdicts.map(verbOf), ['failed', 'passed'], 'failed in the first session, passed in the second, nothing in Review');
  for (const v of verdicts) assert.equal(v.context.extensions['https://w3id.org/xapi/cmi5/context/extensions/masteryscore'], 0.9);
  assert.ok(verdicts[0].result.score.scaled < 0.9 && verdicts[1].result.score.scaled >= 0.9);
  const reviewSession = review.info.session;
  assert.deepEqual(all.filter((s) => s.context.extensions?.['https://w3id.org/xapi/cmi5/context/extensions/sessionid'] === reviewSession && !['launched'].includes(verbOf(s))).map(verbOf), ['initialized', 'terminated'], 'Review: initialized and terminated only');
  assert.deepEqual(lms.violations.slice(flagged), [], 'the referee flags nothing');
});

// ---- an LRS that stays away at the end of a session ----
test('cmi5: the LRS unreachable when the learner exits: a status says the progress is being sent; after 30 s "Réessayer" and "Quitter quand même" with a plain explanation; trying again once it is back ends the session in order; leaving anyway sends nothing more', async () => {
  const c = courses.get(MATRIX_COURSE);
  const mod = c.loaded.find((m) => m.front.id === 'trois-leviers');
  const pkg = `cmi5-${MATRIX_COURSE}`;
  const cmi5 = readFileSync(join(site, pkg, 'cmi5.xml'), 'utf8');
  const au = [...cmi5.matchAll(/<au id="([^"]+)"/g)].map((m) => m[1]).find((id) => id.endsWith(`/${mod.front.id}`));
  const flagged = lms.violations.length;
  for (const choice of ['retry', 'quit']) {
    const actor = newActor(), registration = randomUUID();
    lms.schedule([]);
    const info = await lms.launchCmi5({ pkg, au, actor, registration, returnURL: lms.returnURL() });
    const page = await browser.newPage();
    await page.goto(info.url);
    await ready(page);
    await learn(page, c, mod);
    await waitFor('the statements stored', async () => (await onDevice(page)).filter((s) => s.context?.registration === registration).length === 0);
    lms.schedule([{ after: 0, count: 100_000, mode: 'refuse' }]);
    await page.click('.pager button:not([data-go])');
    await page.waitForFunction(() => document.querySelector('[data-xapi-status] [role=status]')?.textContent.includes('progression'), null, { timeout: 5000 });
    await page.waitForSelector('[data-xapi-status] [data-choices]:not([hidden])', { timeout: 45_000 });
    const words = await page.$eval('[data-xapi-status]', (e) => e.textContent);
    assert.match(words, /ne répond pas/);
    assert.match(words, /sans les dernières étapes/);
    assert.match(words, /Réessayer/);
    assert.match(words, /Quitter quand même/);
    if (choice === 'retry') {
      lms.schedule([]);
      await page.click('[data-retry-send]');
      await page.waitForURL(lms.returnURL(), { timeout: 60_000 });
      const all = await waitFor('terminated', async () => { const l = await lrsStatements(registration); return l.some((s) => verbOf(s) === 'terminated') && l; });
      assert.equal(all.filter((s) => verbOf(s) === 'terminated').length, 1);
      assert.equal(verbOf(all.at(-1)), 'terminated', 'terminated last');
    } else {
      await page.click('[data-quit]');
      await page.waitForURL(lms.returnURL(), { timeout: 10_000 });
      lms.schedule([]);
      const before = lms.requests.filter((r) => r.auth === info.auth).length;
      await sleep(3000);
      assert.equal(lms.requests.filter((r) => r.auth === info.auth).length, before, 'nothing sent after leaving anyway');
      assert.equal((await lrsStatements(registration)).filter((s) => verbOf(s) === 'terminated').length, 0, 'no terminated: the LMS will abandon the session');
    }
    await page.close();
  }
  assert.deepEqual(lms.violations.slice(flagged), [], 'the referee flags nothing');
});
