// Every figure of `campus report`'s JSON, against figures this test computes itself.
//
// The records: two learners play Reset courses in Debian Chromium through the strict test LMS
// (lms.mjs) in front of the real LRS of the xAPI tests (lrs/start.mjs) — one in TinCan (a
// formative module with a retry, the assessed evaluation passed, a module left midway), one in
// cmi5 (the same evaluation failed; the self-diagnostic of se-situer with "not applicable"
// answers and a statement left unanswered, taken again) — and a seeded simulator (report-sim.mjs)
// posts the statements of a small cohort to the same LRS (one verdict lost on the way, so that
// the report recomputes it; one answer voided by an evaluator). `campus report --lrs` then reads
// them with `--min-group 1` (the cohort is smaller than 5), `--cohorts` and `--tz Europe/Paris`;
// a few records it skips are posted too (a verb it does not use, an interaction no longer in the
// sources, the LMS's satisfied about a course).
//
// The expected report is computed here from the statements read back from the LRS with plain
// GETs, following docs/report.md's definitions (and its rounding: 4 decimals for rates, shares,
// scores, correlations and means; whole seconds), with pseudonyms made as the docs say (HMAC-SHA-256
// of the actor under the secret, 16 hex digits). One whole object is built and compared with
// deepEqual to report.json, so that a figure not computed here fails the test. A few figures are
// also checked against what the learners were made to do (the plans, the simulator's truth), so
// that the two computations cannot share a mistake there. `CAMPUS_FIGURES_DUMP=FILE` writes both
// objects to FILE, to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { launch, build, readCourse, root, parseToml, campusBin, waitFor, storedStatements } from './lib.mjs';
import { rightAnswer, wrongAnswer, answerInPage } from './learner.mjs';
import { unzipTo } from './zip.mjs';
import { startLrs } from './lrs/start.mjs';
import { startLms, HOME_PAGE } from './lms.mjs';
import { simulate } from './report-sim.mjs';

const SECRET = 'report-figures-test-secret';
const TZ = 'Europe/Paris';
const ADL = 'http://adlnet.gov/expapi/verbs/';
const COURSES = ['comprendre', 'se-situer', 'agir-en-coalition', 's-engager', 'documenter-evaluer-repliquer'];

let ctx, lrs, lms, out, site, work, path, user, password;
const cleanup = [];

before(async () => {
  [ctx, lrs] = await Promise.all([launch(), startLrs()]);
  [user, password] = Buffer.from(lrs.auth.replace(/^Basic /, ''), 'base64').toString().split(':');
  out = build(join(root, 'courses'), '--target', 'xapi', '--target', 'cmi5');
  site = mkdtempSync(join(tmpdir(), 'campus-lms-'));
  work = mkdtempSync(join(tmpdir(), 'campus-report-figures-'));
  cleanup.push(() => rmSync(out, { recursive: true, force: true }), () => rmSync(site, { recursive: true, force: true }), () => rmSync(work, { recursive: true, force: true }));
  path = readPath();
  for (const [format, id] of [['xapi', 'agir-en-coalition'], ['cmi5', 'agir-en-coalition'], ['cmi5', 'se-situer']]) {
    const c = path.courses.find((x) => x.id === id);
    unzipTo(readFileSync(join(out, format, `${id}-${c.version}-${format}.zip`)), join(site, `${format}-${id}`));
  }
  lms = await startLms({ lrs, dir: site });
});

after(async () => {
  await ctx?.close();
  await lms?.close();
  await lrs?.stop();
  for (const f of cleanup.reverse()) await f();
});

// ---------------------------------------------------------------------------------------------
// The path, read from its sources (lib.mjs's own reader, not Campus)

function readPath() {
  const p = parseToml(readFileSync(join(root, 'courses', 'path.toml'), 'utf8'));
  const iri = `${p.base_iri.replace(/\/$/, '')}/${p.id}`;
  const courses = p.courses.map((id) => {
    const c = readCourse(join(root, 'courses', id));
    const courseIri = `${iri}/${c.id}`;
    const points = (b) => (b.scale ?? c.likert_scale ?? []).length;
    return {
      id: c.id, title: c.title, version: c.version, iri: courseIri, dimensions: c.dimensions ?? [],
      modules: c.loaded.map((m) => ({
        course: c.id, id: m.front.id, title: m.front.title, iri: `${courseIri}/${m.front.id}`, front: m.front, pages: m.pages,
        assessed: !!m.front.assessed, mastery: m.front.mastery_score ?? c.mastery_score ?? 80,
        retry: (b) => b.retry ?? m.front.retry ?? c.retry ?? true,
        blocks: m.blocks.filter((b) => ['question', 'diagnostic', 'reflection'].includes(b.block)).map((b) => ({ ...b, points: b.block === 'diagnostic' ? points(b) : undefined })),
        all: m.blocks,
      })),
    };
  });
  assert.deepEqual(courses.map((c) => c.id), COURSES);
  return { id: p.id, title: p.title, iri, courses, modules: courses.flatMap((c) => c.modules) };
}

// ---------------------------------------------------------------------------------------------
// The browser learners

async function tab(problems) {
  const page = await ctx.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console error: ${m.text()}`); });
  return page;
}
const ready = (page) => page.waitForFunction(() => document.querySelector('[data-progress]')?.textContent.trim());
const moduleOf = (course, id) => path.courses.find((c) => c.id === course).modules.find((m) => m.id === id);
const questionsOf = (m) => m.blocks.filter((b) => b.block === 'question');

/** Goes through a module's pages, answering its questions: the i-th first wrong when `wrong(i)`,
 *  then right on a retry where the module offers one. Returns what was done. */
async function play(page, m, wrong) {
  const questions = questionsOf(m);
  const done = [];
  for (let p = 0; p < m.pages; p++) {
    for (const q of questions.filter((b) => b.page === p)) {
      const i = questions.indexOf(q);
      await answerInPage(page, q, wrong(i) ? wrongAnswer(q) : rightAnswer(q));
      const retried = wrong(i) && !m.assessed && m.retry(q);
      if (retried) {
        await page.click(`#b-${q.id} [data-retry]`);
        await answerInPage(page, q, rightAnswer(q));
      }
      done.push({ q, right: !wrong(i), retried });
    }
    await page.click('[data-go=next]');
  }
  return done;
}

/** Statements the LRS holds (all of them, or a registration's), following `more`. */
async function lrsStatements(query = {}) {
  const all = [];
  let next = `statements?${new URLSearchParams({ ascending: 'true', limit: '500', ...query })}`;
  while (next) {
    const r = await fetch(new URL(next, lrs.url), { headers: { 'X-Experience-API-Version': '1.0.3', Authorization: lrs.auth } });
    assert.equal(r.status, 200, `GET ${next}`);
    const page = await r.json();
    all.push(...page.statements);
    next = page.more;
  }
  return all;
}

const verbOf = (s) => s.verb.id.split('/').pop();

const camille = { objectType: 'Agent', name: 'Camille Martin', mbox: 'mailto:Camille.Martin@campus.test' };
const dominique = { objectType: 'Agent', name: 'Dominique Petit', account: { homePage: HOME_PAGE, name: `learner-${randomUUID().slice(0, 8)}` } };
const plans = {}; // what the browser learners did, for the checks by hand

async function playTinCan() {
  const problems = [];
  const registration = randomUUID();
  const info = lms.launchTinCan({ pkg: 'xapi-agir-en-coalition', actor: camille, registration });
  const page = await tab(problems);
  const open = async (m) => {
    await page.goto(info.url);
    await page.click(`main a[href^="${m.id}.html?"]`);
    await ready(page);
  };
  // Every statement delivered before the page is left: the leaving page's last batch and the next
  // page's resending of it would otherwise race in the LRS (a CI run once read the module's two
  // answers twice; the delivery races themselves are xapi.test.mjs's subject).
  const delivered = () => waitFor('the statements delivered', async () => (await storedStatements(page)).length === 0, 30_000);
  const leave = async () => {
    await delivered();
    await page.click('header.crumbs a[data-carry]');
    await page.waitForURL(/\/index\.html\?/);
  };
  // A formative module: the first question wrong, then right on its retry.
  const methode = moduleOf('agir-en-coalition', 'methode');
  await open(methode);
  plans.methode = await play(page, methode, (i) => i === 0);
  await leave();
  // The assessed evaluation: two mistakes of ten, passed (mastery 70).
  const evaluation = moduleOf('agir-en-coalition', 'evaluation');
  await open(evaluation);
  plans.camilleEvaluation = await play(page, evaluation, (i) => i === 1 || i === 3);
  await leave();
  // A module left on its first page, after one answer.
  const leviers = moduleOf('agir-en-coalition', 'trois-leviers');
  await open(leviers);
  const first = questionsOf(leviers).find((q) => q.page === 0);
  await answerInPage(page, first, rightAnswer(first));
  await leave();
  await page.close();
  await waitFor('every terminated of the TinCan learner', async () => (await lrsStatements({ registration })).filter((s) => verbOf(s) === 'terminated').length === 3);
  assert.deepEqual(problems, []);
}

async function playCmi5() {
  const problems = [];
  const registration = randomUUID();
  const page = await tab(problems);
  const exit = async () => {
    await waitFor('the statements delivered', async () => (await storedStatements(page)).length === 0, 30_000);
    await page.click('.pager button:not([data-go])');
    await page.waitForURL(lms.returnURL());
  };
  // The evaluation, failed: every other question wrong.
  const evaluation = moduleOf('agir-en-coalition', 'evaluation');
  let info = await lms.launchCmi5({ pkg: 'cmi5-agir-en-coalition', au: evaluation.iri, actor: dominique, registration, returnURL: lms.returnURL() });
  await page.goto(info.url);
  await ready(page);
  plans.dominiqueEvaluation = await play(page, evaluation, (i) => i % 2 === 0);
  await exit();
  // se-situer's self-diagnostic, in another registration (another course): its questions, the
  // statements answered (one in five "not applicable"), then the diagnostic taken again for five.
  const situer = moduleOf('se-situer', 'autodiagnostic');
  const other = randomUUID();
  info = await lms.launchCmi5({ pkg: 'cmi5-se-situer', au: situer.iri, actor: dominique, registration: other, returnURL: lms.returnURL() });
  await page.goto(info.url);
  await ready(page);
  const questions = questionsOf(situer);
  for (const [i, q] of questions.entries()) await answerInPage(page, q, i === 0 ? wrongAnswer(q) : rightAnswer(q));
  const ids = situer.blocks.filter((b) => b.block === 'diagnostic').map((b) => b.id);
  // The sixth statement is left unanswered the first time, and answered the second.
  const firstValues = ids.map((id, k) => (k === 5 ? null : k % 5 === 0 ? 'na' : String(k % 4)));
  await page.evaluate(([list, values]) => list.forEach((id, k) => values[k] !== null && document.getElementById(`b-${id}-${values[k]}`).click()), [ids, firstValues]);
  await page.evaluate(() => document.querySelector('.toc a[href="#summary"]').click());
  await page.click('[data-redo]');
  await page.evaluate((list) => list.forEach((id) => document.getElementById(`b-${id}-2`).click()), ids.slice(0, 6));
  plans.diagnostic = { ids, firstValues };
  await exit();
  await page.close();
  for (const r of [registration, other]) {
    await waitFor('the cmi5 learner\'s terminated', async () => (await lrsStatements({ registration: r })).some((s) => verbOf(s) === 'terminated'));
  }
  assert.deepEqual(problems, []);
}

// ---------------------------------------------------------------------------------------------
// The expected report, computed from the statements

/** docs/report.md: 4 decimals (a half away from zero, as the report rounds). */
const round4 = (x) => Math.sign(x) * Math.round(Math.abs(x) * 10_000) / 10_000;
const ratio = (part, whole) => (whole > 0 ? round4(part / whole) : null);
/** The lower middle value for an even count: a time somebody actually spent. */
const lowerMedian = (values) => {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
};
const mean = (values) => (values.length ? round4(values.reduce((a, b) => a + b, 0) / values.length) : null);
const seconds = (ms) => Math.floor((ms + 500) / 1000);
const pseudonym = (key) => createHmac('sha256', SECRET).update(key).digest('hex').slice(0, 16);
const plain = (t) => String(t ?? '').replace(/\*\*|__/g, '').replace(/[`*]/g, '');

/** A time in the report's zone, to the second, with its offset (2026-11-30T20:53:00+01:00). */
function local(ms) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'longOffset',
  }).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const offset = parts.timeZoneName === 'GMT' ? '+00:00' : parts.timeZoneName.replace('GMT', '');
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}

/** An ISO 8601 duration in milliseconds. */
function durationMs(text) {
  const m = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text ?? '');
  if (!m) return null;
  const [w, d, h, min, s] = m.slice(1).map((x) => Number(x ?? 0));
  return Math.round(w * 604_800_000 + d * 86_400_000 + h * 3_600_000 + min * 60_000 + s * 1000);
}

/** The actor as docs/report.md names learners (the cohorts file's keys too). */
function actorKey(a) {
  if (a.mbox) return `mbox:${a.mbox.trim().toLowerCase()}`;
  if (a.account) return `account:${a.account.homePage.trim().replace(/\/+$/, '')}|${a.account.name}`;
  throw new Error(`an actor the test does not make: ${JSON.stringify(a)}`);
}

const VERBS = ['launched', 'initialized', 'experienced', 'answered', 'progressed', 'completed', 'passed', 'failed', 'terminated', 'abandoned', 'satisfied', 'waived'];
const BY_LMS = ['launched', 'abandoned', 'satisfied', 'waived'];

/** What the report should read of the statements: the facts, and the tally of the LRS source.
 *  `voided`: the statements voided (by id), which the LRS no longer returns. */
function facts(statements, source, voided) {
  const modules = new Map(path.modules.map((m) => [m.iri, m]));
  const tally = { source, read: 0, kept: 0, duplicate: 0, voided: 0, voiding: 0, lms: 0, skipped: {} };
  const list = [];
  const related = (s) => {
    const c = s.context?.contextActivities ?? {};
    return [s.object.id, ...['parent', 'grouping', 'category', 'other'].flatMap((k) => (c[k] ?? []).map((a) => a.id))];
  };
  for (const s of statements) {
    assert.ok(!voided.has(s.id), 'the LRS returns a voided statement');
    // One query per module IRI (related activities included); a statement comes once per query.
    // A voiding statement comes with the queries of the statement it voids (xAPI 1.0.3's filters
    // apply to the statement a StatementRef targets); the voided one never comes.
    const target = s.object.objectType === 'StatementRef' ? voided.get(s.object.id) : null;
    // And one query per course IRI for the LMS's satisfied.
    const courses = s.verb.id.endsWith('/satisfied') ? new Set(related(s).filter((id) => path.courses.some((c) => c.iri === id))).size : 0;
    const queries = new Set(related(target ?? s).filter((id) => modules.has(id))).size + courses;
    if (!queries) continue;
    tally.read += queries;
    if (target) { tally.voiding += queries; continue; }
    const verb = s.verb.id.startsWith(ADL) || s.verb.id.startsWith('https://w3id.org/xapi/adl/verbs/') ? s.verb.id.split('/').pop() : null;
    const skip = (why) => { tally.skipped[why] = (tally.skipped[why] ?? 0) + queries; };
    if (!VERBS.includes(verb)) { skip('a verb the report does not use'); continue; }
    const byLms = BY_LMS.includes(verb);
    if (byLms) tally.lms += queries;
    // Campus's activities name the module (#page-N: the module), or a block of it; cmi5's the
    // LMS's activity id, with the module IRI in the grouping.
    const object = s.object.id.split('#')[0];
    let m = modules.get(object), block = null;
    if (!m && modules.has(object.slice(0, object.lastIndexOf('/')))) {
      m = modules.get(object.slice(0, object.lastIndexOf('/')));
      block = object.slice(object.lastIndexOf('/') + 1);
      if (!m.blocks.some((b) => b.id === block)) { skip('an activity not in the sources'); continue; }
    }
    if (!m) m = (s.context?.contextActivities?.grouping ?? []).map((g) => modules.get(g.id)).find(Boolean);
    if (verb === 'satisfied') { skip("the LMS's statement about a course or block"); continue; }
    assert.ok(m, `a statement without its module: ${JSON.stringify(s)}`);
    tally.kept += 1;
    list.push({
      id: s.id, learner: pseudonym(actorKey(s.actor)), key: actorKey(s.actor), verb, module: m, block: verb === 'answered' ? block : null,
      registration: s.context?.registration ?? null, session: s.context?.extensions?.['https://w3id.org/xapi/cmi5/context/extensions/sessionid'] ?? null,
      at: Date.parse(s.timestamp), success: s.result?.success ?? null, completion: s.result?.completion ?? null,
      scaled: s.result?.score?.scaled ?? null, response: s.result?.response ?? null, duration: durationMs(s.result?.duration),
      diagnostic: s.context?.extensions?.[`${path.iri}#diagnostic-attempt`] ?? null,
    });
  }
  tally.skipped = Object.entries(tally.skipped).sort(([a], [b]) => (a < b ? -1 : 1)).map(([why, n]) => ({ why, n }));
  return { list, tally };
}

/** The response's ids: xAPI lists `a[,]b`, pairs `a[.]b`. */
const ids = (response) => response.split('[,]').map((x) => x.trim()).filter(Boolean);

/** The player's self-diagnostic score (docs/report.md, tests/fixtures/profile-cases.json). */
function dimensionScore(answers, statements) {
  let sum = 0, counted = 0;
  for (const a of answers) {
    const top = a.points - 1;
    sum += ((a.reverse ? top - a.value : a.value) / top) * 100;
    counted++;
  }
  if (!counted || counted * 2 < statements) return null;
  return Math.min(100, Math.max(0, Math.floor(sum / counted + 0.5)));
}

function expectedReport(statements, { source, cohortOf, voided }) {
  const { list, tally } = facts(statements, source, voided);
  const byLearner = new Map();
  for (const f of list) {
    if (!byLearner.has(f.learner)) byLearner.set(f.learner, []);
    byLearner.get(f.learner).push(f);
  }
  const learners = [...byLearner.keys()].sort();
  const order = (a, b) => a.at - b.at || (a.id < b.id ? -1 : 1);

  // Learner × module
  const rows = new Map(); // `${learner} ${iri}` → row of a module started
  for (const learner of learners) {
    for (const m of path.modules) {
      const mine = byLearner.get(learner).filter((f) => f.module === m).sort(order);
      if (!mine.length) continue;
      const has = (...verbs) => mine.some((f) => verbs.includes(f.verb));
      const scored = mine.filter((f) => ['completed', 'passed', 'failed'].includes(f.verb) && f.scaled !== null);
      const ends = mine.filter((f) => ['terminated', 'abandoned'].includes(f.verb) && f.duration !== null);
      const judged = mine.filter((f) => ['completed', 'passed', 'failed'].includes(f.verb) && f.duration !== null);
      const distinct = (k) => new Set(mine.map((f) => f[k]).filter((x) => x !== null)).size;
      let status = has('passed') ? 'passed' : has('failed') ? 'failed' : has('completed', 'passed', 'failed') || mine.some((f) => f.completion === true) ? 'completed' : 'in_progress';
      let verdict = has('passed', 'failed') ? 'recorded' : null;
      let best = scored.length ? Math.max(...scored.map((f) => f.scaled)) : null;
      let last = scored.length ? scored.at(-1).scaled : null;
      if (m.assessed && !verdict) {
        // Recomputed: the recorded score, else the last answers to every question, weighted.
        let score = status === 'completed' ? last : null;
        if (score === null) {
          const questions = questionsOf(m);
          const lastOf = (q) => mine.filter((f) => f.verb === 'answered' && f.block === q.id).at(-1);
          if (questions.every(lastOf)) {
            const total = questions.reduce((n, q) => n + (q.weight ?? 1), 0);
            score = questions.reduce((n, q) => n + (lastOf(q).success === true ? q.weight ?? 1 : 0), 0) / total;
          }
        }
        if (score !== null) {
          status = score + 1e-9 >= m.mastery / 100 ? 'passed' : 'failed';
          verdict = 'recomputed';
          if (last === null) best = last = score;
        }
      }
      const timeMs = ends.length ? ends.reduce((n, f) => n + f.duration, 0) : judged.length ? Math.max(...judged.map((f) => f.duration)) : null;
      rows.set(`${learner} ${m.iri}`, {
        status, verdict, best_score: best === null ? null : round4(best), last_score: last === null ? null : round4(last),
        timeMs, time_s: timeMs === null ? null : seconds(timeMs),
        sessions: Math.max(distinct('session'), mine.filter((f) => f.verb === 'initialized').length, distinct('registration')),
        last_activity: local(mine.at(-1).at),
      });
    }
  }
  const started = [...rows.entries()].map(([key, r]) => ({ learner: key.split(' ')[0], module: path.modules.find((m) => m.iri === key.split(' ')[1]), ...r }));
  const done = (r) => ['completed', 'passed', 'failed'].includes(r.status);
  const learnerRows = learners.flatMap((learner) => path.modules.map((m) => {
    const r = rows.get(`${learner} ${m.iri}`);
    return {
      learner, cohort: cohortOf.get(learner) ?? null, course: m.course, module: m.id,
      status: r?.status ?? 'not_started', verdict: r?.verdict ?? null, best_score: r?.best_score ?? null, last_score: r?.last_score ?? null,
      time_s: r?.time_s ?? null, sessions: r?.sessions ?? 0, last_activity: r?.last_activity ?? null,
    };
  }));

  // Summary: rates over the (learner, module) pairs started; times per learner, summed.
  const pathTime = (rs) => {
    const per = new Map();
    for (const r of rs) if (r.timeMs !== null) per.set(r.learner, (per.get(r.learner) ?? 0) + r.timeMs);
    return lowerMedian([...per.values()].map(seconds));
  };
  const allAt = list.map((f) => f.at);
  const summary = {
    learners: learners.length,
    completion_rate: ratio(started.filter(done).length, started.length),
    pass_rate: ratio(started.filter((r) => r.status === 'passed').length, started.filter((r) => r.verdict).length),
    median_time_s: pathTime(started),
    period_from: local(Math.min(...allAt)),
    period_to: local(Math.max(...allAt)),
  };

  // Modules and funnels
  const modules = path.modules.map((m) => {
    const rs = started.filter((r) => r.module === m);
    const passed = rs.filter((r) => r.status === 'passed').length, failed = rs.filter((r) => r.status === 'failed').length;
    return {
      course: m.course, module: m.id, title: m.title, assessed: m.assessed, mastery: m.assessed ? m.mastery : null,
      started: rs.length, completed: rs.filter(done).length, passed, failed,
      completion_rate: ratio(rs.filter(done).length, rs.length), pass_rate: ratio(passed, passed + failed),
      median_time_s: lowerMedian(rs.filter((r) => done(r) && r.timeMs !== null).map((r) => r.time_s)),
    };
  });
  const funnels = path.courses.map((c) => ({
    course: c.id, title: c.title,
    learners: new Set(started.filter((r) => r.module.course === c.id).map((r) => r.learner)).size,
    steps: c.modules.map((m) => {
      const fig = modules.find((x) => x.course === c.id && x.module === m.id);
      return { module: m.id, title: m.title, started: fig.started, completed: fig.completed };
    }),
  }));

  // Questions: each learner's answers to each, oldest first.
  const answers = (m, b) => list.filter((f) => f.verb === 'answered' && f.module === m && f.block === b.id).sort(order);
  const items = path.modules.flatMap((m) => {
    const questions = questionsOf(m);
    // Assessed: per learner who answered the module, right at the first answer to each question.
    const firsts = new Map();
    if (m.assessed) {
      for (const q of questions) {
        for (const f of answers(m, q)) {
          if (!firsts.has(f.learner)) firsts.set(f.learner, new Map());
          if (!firsts.get(f.learner).has(q.id)) firsts.get(f.learner).set(q.id, f.success === true);
        }
      }
    }
    return questions.map((q) => {
      const all = answers(m, q);
      const who = [...new Set(all.map((f) => f.learner))];
      const firstOf = (l) => all.find((f) => f.learner === l), lastOf = (l) => all.filter((f) => f.learner === l).at(-1);
      const firstRight = ratio(who.filter((l) => firstOf(l).success === true).length, who.length);
      // Choices: the answers that picked each (or placed it right).
      let options = [];
      const count = (test) => all.filter((f) => f.response !== null && test(f.response)).length;
      switch (q.kind) {
        case 'single': case 'multiple':
          options = q.choices.map((c) => ({ choice: c.id, text: plain(c.text), correct: !!c.correct, picks: count((r) => ids(r).includes(c.id)) }));
          break;
        case 'true-false':
          options = [true, false].map((v) => ({ choice: String(v), text: '', correct: q.answer === v, picks: count((r) => ({ true: true, t: true, false: false, f: false })[r.trim()] === v) }));
          break;
        case 'matching':
          options = q.pairs.map((p) => ({ choice: p.id, text: `${plain(p.left)} → ${plain(p.right)}`, correct: null, picks: count((r) => ids(r).includes(`${p.id}[.]${p.id}`)) }));
          break;
        case 'ordering':
          options = q.items.map((it, i) => ({ choice: it.id, text: plain(it.text), correct: null, picks: count((r) => ids(r)[i] === it.id) }));
          break;
        default: {
          const given = new Map();
          for (const f of all) if (f.response !== null) given.set(f.response.trim(), (given.get(f.response.trim()) ?? 0) + 1);
          options = [...given].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 10).map(([text, n]) => ({ choice: text, text, correct: null, picks: n }));
        }
      }
      const choices = options.map((o) => ({ ...o, share: ratio(o.picks, all.length) }));
      // Discrimination: point-biserial of right-first against the other questions right first.
      let discrimination = null, upperLower = null;
      if (m.assessed && who.length) {
        const pairs = [...firsts.keys()].sort().filter((l) => firsts.get(l).has(q.id)).map((l) => {
          const x = firsts.get(l).get(q.id) ? 1 : 0;
          const rest = questions.filter((o) => o !== q && firsts.get(l).get(o.id) === true).length;
          return { x, rest, total: x + rest };
        });
        if (pairs.length >= 2) {
          const n = pairs.length, mx = pairs.reduce((a, p) => a + p.x, 0) / n, my = pairs.reduce((a, p) => a + p.rest, 0) / n;
          let sxy = 0, sxx = 0, syy = 0;
          for (const p of pairs) { sxy += (p.x - mx) * (p.rest - my); sxx += (p.x - mx) ** 2; syy += (p.rest - my) ** 2; }
          if (sxx > 1e-12 && syy > 1e-12) discrimination = round4(sxy / Math.sqrt(sxx * syy));
        }
        if (pairs.length >= 4) {
          // The g best and the g worst by whole score; learners tied at a group's edge count
          // for their mean, as much as the places left for them.
          const g = Math.max(1, Math.round(pairs.length * 0.27));
          const share = (better) => {
            const ranked = [...pairs].sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
            const edge = ranked[g - 1].total;
            const sure = ranked.filter((p) => better(p, { total: edge }));
            const tied = ranked.filter((p) => p.total === edge);
            const tiedMean = tied.reduce((a, p) => a + p.x, 0) / tied.length;
            return (sure.reduce((a, p) => a + p.x, 0) + tiedMean * (g - sure.length)) / g;
          };
          upperLower = round4(share((a, b) => a.total > b.total) - share((a, b) => a.total < b.total));
        }
      }
      const flags = [];
      if (who.length) {
        if (firstRight > 0.9) flags.push('too_easy');
        else if (firstRight < 0.3) flags.push('too_hard');
        if (discrimination !== null && discrimination < 0) flags.push('negative_discrimination');
        else if (discrimination !== null && discrimination < 0.1) flags.push('low_discrimination');
        if (['single', 'multiple', 'true-false'].includes(q.kind) && choices.some((c) => c.picks === 0)) flags.push('unpicked_choice');
      }
      return {
        course: m.course, module: m.id, item: q.id, kind: q.kind, prompt: plain(q.prompt), assessed: m.assessed,
        learners: who.length, answers: all.length, first_right: firstRight,
        last_right: ratio(who.filter((l) => lastOf(l).success === true).length, who.length),
        discrimination, upper_lower: upperLower, flags, choices,
      };
    });
  });

  // Self-diagnostic: per dimension, each learner's first and latest answer to each statement.
  const diagnostics = path.courses.flatMap((c) => c.dimensions.map((d) => ({ c, d }))).flatMap(({ c, d }) => {
    const statements = c.modules.flatMap((m) => m.blocks.filter((b) => b.block === 'diagnostic' && b.dimension === d.id).map((b) => ({ m, b })));
    if (!statements.length) return [];
    const latest = [], pairs = [];
    for (const learner of learners) {
      const first = [], last = [];
      let again = false;
      for (const { m, b } of statements) {
        const given = answers(m, b).filter((f) => f.learner === learner);
        if (!given.length) continue;
        // The first diagnostic: the latest answer numbered 1, else the earliest; a later
        // diagnostic: a number above 1, else a second answer.
        const numbered = given.some((f) => f.diagnostic !== null);
        const firstAnswer = numbered ? given.filter((f) => f.diagnostic === 1).at(-1) : given[0];
        again ||= numbered ? given.some((f) => f.diagnostic > 1) : given.length > 1;
        const value = (f) => {
          const v = /^\d+$/.test(f.response?.trim() ?? '') ? Number(f.response.trim()) : null;
          return v !== null && v < b.points ? { value: v, points: b.points, reverse: !!b.reverse } : null;
        };
        if (firstAnswer && value(firstAnswer)) first.push(value(firstAnswer));
        if (value(given.at(-1))) last.push(value(given.at(-1)));
      }
      const score = dimensionScore(last, statements.length);
      if (score === null) continue;
      latest.push(score);
      const before = again ? dimensionScore(first, statements.length) : null;
      if (before !== null) pairs.push([before, score]);
    }
    const sorted = [...latest].sort((a, b) => a - b), n = sorted.length;
    const level = (s) => d.levels.map((l) => l.from).filter((f) => f <= s).length - 1;
    return [{
      course: c.id, dimension: d.id, label: d.label, learners: n,
      mean_score: mean(latest),
      median_score: n === 0 ? null : n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2,
      bands: [0, 1, 2, 3, 4].map((i) => ({ from: i * 20, to: i === 4 ? 100 : i * 20 + 19, learners: latest.filter((s) => Math.min(Math.floor(s / 20), 4) === i).length })),
      levels: d.levels.map((l, i) => ({ label: l.label, from: l.from, learners: latest.filter((s) => level(s) === i).length })),
      change: {
        learners: pairs.length, mean_first: mean(pairs.map((p) => p[0])), mean_latest: mean(pairs.map((p) => p[1])),
        mean_change: mean(pairs.map((p) => p[1] - p[0])),
        improved: pairs.filter((p) => p[1] > p[0]).length, declined: pairs.filter((p) => p[1] < p[0]).length, unchanged: pairs.filter((p) => p[1] === p[0]).length,
      },
    }];
  });

  // Cohorts: labels in order, learners without one last.
  const labels = [...new Set(learners.map((l) => cohortOf.get(l) ?? null))];
  const cohorts = labels.length && labels.some((x) => x !== null) ? [...labels.filter((x) => x !== null).sort(), ...(labels.includes(null) ? [null] : [])].map((label) => {
    const members = learners.filter((l) => (cohortOf.get(l) ?? null) === label);
    const rs = started.filter((r) => members.includes(r.learner));
    return {
      cohort: label, learners: members.length,
      completion_rate: ratio(rs.filter(done).length, rs.length),
      pass_rate: ratio(rs.filter((r) => r.status === 'passed').length, rs.filter((r) => r.verdict).length),
      median_time_s: pathTime(rs),
    };
  }) : [];

  return {
    about: { path: path.id, title: path.title, language: 'fr', time_zone: TZ, min_group: 1, identified: false, reflections_included: false, moodle: false, cohort: null },
    summary,
    sources: [tally],
    learners: learnerRows,
    modules, funnels, items, diagnostics, cohorts,
    reflections: [],
  };
}

// ---------------------------------------------------------------------------------------------

function campus(args, extraEnv = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(campusBin, ['report', join(root, 'courses'), ...args], {
      env: { ...process.env, CAMPUS_LRS_USER: user, CAMPUS_LRS_PASSWORD: password, CAMPUS_REPORT_SECRET: SECRET, ...extraEnv },
    });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

test('browser learners and a simulated cohort in the LRS: every figure of report.json is the one computed from the statements', async () => {
  const started = Date.now();
  await playTinCan();
  await playCmi5();
  const browser = Date.now() - started;
  // The simulated cohort, posted as the player and the LMS would have sent it.
  const sim = simulate({ learners: 6, seed: 83, format: 'mixed' });
  // The LMS lost one verdict: a simulated learner's passed or failed of an assessed module taken
  // once never reaches the LRS; the report recomputes it from the learner's last answers.
  let posted = [...sim.statements];
  const moduleIri = (s) => path.modules.find((m) => m.iri === s.object.id || (s.context?.contextActivities?.grouping ?? []).some((g) => g.id === m.iri))?.iri;
  const lost = posted.find((s) => ['passed', 'failed'].includes(verbOf(s))
    && posted.filter((o) => verbOf(o) === 'initialized' && actorKey(o.actor) === actorKey(s.actor) && moduleIri(o) === moduleIri(s)).length === 1);
  assert.ok(lost, 'the simulator gives a verdict of a module taken once');
  posted = posted.filter((s) => !(['passed', 'failed'].includes(verbOf(s)) && actorKey(s.actor) === actorKey(lost.actor) && moduleIri(s) === moduleIri(lost)));
  for (let i = 0; i < posted.length; i += 200) {
    const r = await fetch(lrs.url + 'statements', {
      method: 'POST', body: JSON.stringify(posted.slice(i, i + 200)),
      headers: { 'X-Experience-API-Version': '1.0.3', Authorization: lrs.auth, 'Content-Type': 'application/json' },
    });
    assert.equal(r.status, 200, await r.text());
  }
  // An evaluator voids one simulated answer (of the assessed module): it counts nowhere.
  const voidedAnswer = posted.find((s) => verbOf(s) === 'answered' && s.object.id.includes('/agir-en-coalition/evaluation/') && actorKey(s.actor) !== actorKey(lost.actor));
  assert.ok(voidedAnswer);
  const voiding = {
    id: randomUUID(), actor: { objectType: 'Agent', mbox: 'mailto:evaluator@campus.test' }, verb: { id: `${ADL}voided`, display: { 'en-US': 'voided' } },
    object: { objectType: 'StatementRef', id: voidedAnswer.id }, timestamp: new Date().toISOString(),
  };
  const v = await fetch(lrs.url + 'statements', { method: 'POST', body: JSON.stringify([voiding]), headers: { 'X-Experience-API-Version': '1.0.3', Authorization: lrs.auth, 'Content-Type': 'application/json' } });
  assert.equal(v.status, 200, await v.text());
  // What the report reads and skips: a verb it does not use, an interaction no longer in the
  // sources, the LMS's satisfied about a course.
  const methode = moduleOf('agir-en-coalition', 'methode'), situer = path.courses.find((c) => c.id === 'se-situer');
  const extra = [
    { verb: 'interacted', actor: camille, object: `${methode.iri}#page-1`, context: { contextActivities: { parent: [{ id: methode.iri }], grouping: [{ id: `${path.iri}/agir-en-coalition` }, { id: path.iri }] } } },
    { verb: 'answered', actor: camille, object: `${methode.iri}/a-removed-question`, context: { contextActivities: { parent: [{ id: methode.iri }], grouping: [{ id: `${path.iri}/agir-en-coalition` }, { id: path.iri }] } }, result: { response: 'x', success: true } },
    { verb: 'satisfied', iri: 'https://w3id.org/xapi/adl/verbs/satisfied', actor: dominique, object: `${HOME_PAGE}/activities/course/se-situer`,
      context: { registration: randomUUID(), contextActivities: { grouping: [{ id: situer.iri }], category: [{ id: 'https://w3id.org/xapi/cmi5/context/categories/cmi5' }] }, extensions: { 'https://w3id.org/xapi/cmi5/context/extensions/sessionid': randomUUID() } } },
  ].map(({ verb, iri, actor, object, context, result }) => ({
    id: randomUUID(), actor, verb: { id: iri ?? ADL + verb, display: { 'en-US': verb } }, object: { id: object, objectType: 'Activity' },
    timestamp: new Date().toISOString(), context, ...(result ? { result } : {}),
  }));
  const x = await fetch(lrs.url + 'statements', { method: 'POST', body: JSON.stringify(extra), headers: { 'X-Experience-API-Version': '1.0.3', Authorization: lrs.auth, 'Content-Type': 'application/json' } });
  assert.equal(x.status, 200, await x.text());
  const simKeys = Object.keys(sim.truth.learners);
  // Groups, given by e-mail, actor key or pseudonym; two simulated learners have none.
  const cohortOf = new Map();
  const lines = ['learner,cohort', `${camille.mbox.replace('mailto:', '')},Lyon`, `${actorKey(dominique)},Nantes`];
  cohortOf.set(pseudonym(actorKey(camille)), 'Lyon').set(pseudonym(actorKey(dominique)), 'Nantes');
  simKeys.slice(0, 4).forEach((key, i) => {
    const label = i % 2 ? 'Lyon' : 'Nantes';
    cohortOf.set(pseudonym(key), label);
    lines.push(`${i === 0 ? pseudonym(key) : i === 1 ? key : key.replace(/^mbox:mailto:/, '')},${label}`);
  });
  const cohortsFile = join(work, 'cohorts.csv');
  writeFileSync(cohortsFile, lines.join('\n') + '\n');

  const outDir = join(work, 'report');
  const t0 = Date.now();
  const r = await campus(['--lrs', lrs.url, '--out', outDir, '--min-group', '1', '--format', 'json,csv', '--tz', TZ, '--cohorts', cohortsFile]);
  assert.equal(r.status, 0, `exit ${r.status}: ${r.stderr}`);
  const reportMs = Date.now() - t0;
  const report = JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8'));

  const statements = await lrsStatements();
  const expected = expectedReport(statements, { source: `lrs:${lrs.url}`, cohortOf, voided: new Map([[voidedAnswer.id, voidedAnswer]]) });

  // By hand, from what the learners were made to do (not from the statements).
  const row = (actor, course, module) => expected.learners.find((x) => x.learner === pseudonym(actorKey(actor)) && x.course === course && x.module === module);
  assert.deepEqual([row(camille, 'agir-en-coalition', 'evaluation').status, row(camille, 'agir-en-coalition', 'evaluation').best_score], ['passed', 0.8]);
  assert.deepEqual([row(dominique, 'agir-en-coalition', 'evaluation').status, row(dominique, 'agir-en-coalition', 'evaluation').best_score], ['failed', 0.5]);
  assert.equal(row(camille, 'agir-en-coalition', 'methode').status, 'completed');
  const retried = plans.methode.find((x) => x.retried);
  const item = expected.items.find((x) => x.module === 'methode' && x.item === retried.q.id);
  const camilles = statements.filter((s) => verbOf(s) === 'answered' && s.object.id.endsWith(`/methode/${retried.q.id}`) && s.actor.mbox === camille.mbox);
  assert.deepEqual(camilles.map((s) => s.result.success), [false, true],
    `the retry: wrong, then right (${JSON.stringify(camilles.map((s) => [s.id, s.timestamp, s.stored]))})`);
  assert.ok(item.answers > item.learners);
  assert.equal(row(camille, 'agir-en-coalition', 'trois-leviers').status, 'in_progress');
  for (const [key, truth] of Object.entries(sim.truth.learners)) {
    for (const [where, t] of Object.entries(truth.modules)) {
      const [course, module] = where.split('/');
      const x = expected.learners.find((y) => y.learner === pseudonym(key) && y.course === course && y.module === module);
      const status = t.passed === true ? 'passed' : t.passed === false ? 'failed' : t.completed ? 'completed' : 'in_progress';
      assert.equal(x.status, status, `${key} ${where}`);
      if (t.scores.length) assert.deepEqual([x.best_score, x.last_score], [Math.max(...t.scores), t.scores.at(-1)], `${key} ${where} scores`);
      const recomputed = key === actorKey(lost.actor) && moduleIri(lost).endsWith(`/${where}`);
      assert.equal(x.verdict, t.scores.length ? (recomputed ? 'recomputed' : 'recorded') : null, `${key} ${where} verdict`);
    }
  }
  // Dominique's inclusif statements (the second reversed), 4-point scale: first na, 1, 2, 3 →
  // (3−1, 2, 3) / 3 × 100 = 66.7, 66.7, 100: 78; again 2, 2, 2, 2 → 66.7, 33.3, 66.7, 66.7: 58.
  const inclusif = expected.diagnostics.find((d) => d.dimension === 'inclusif');
  assert.deepEqual(plans.diagnostic.firstValues.slice(0, 4), ['na', '1', '2', '3']);
  assert.deepEqual([inclusif.change.learners, inclusif.change.mean_first, inclusif.change.mean_latest, inclusif.change.declined], [1, 78, 58, 1]);
  // Frugal (the fourth reversed): first 0, unanswered, 2, 3 → 0, 66.7, 0: 22 (3 of 4 answered);
  // again 2, 2 (the one first unanswered, which the first diagnostic does not get), 2, 3: 50.
  const frugal = expected.diagnostics.find((d) => d.dimension === 'frugal');
  assert.deepEqual(plans.diagnostic.firstValues.slice(4, 8), ['0', null, '2', '3']);
  assert.deepEqual([frugal.change.mean_first, frugal.change.mean_latest, frugal.change.improved], [22, 50, 1]);
  assert.equal(expected.summary.learners, 2 + simKeys.filter((k) => statements.some((s) => actorKey(s.actor) === k)).length);

  if (process.env.CAMPUS_FIGURES_DUMP) writeFileSync(process.env.CAMPUS_FIGURES_DUMP, JSON.stringify({ expected, report }, null, 1));
  // Every figure.
  for (const key of Object.keys(expected)) assert.deepEqual(report[key], expected[key], `report.json: ${key}`);
  assert.deepEqual(report, expected);
  // CSV was asked for too: the files are there.
  for (const f of ['learners.csv', 'modules.csv', 'items.csv', 'choices.csv', 'diagnostics.csv', 'cohorts.csv', 'sources.csv', 'answers.csv']) {
    assert.ok(readFileSync(join(outDir, f), 'utf8').length > 0, f);
  }
  console.log(`# ${statements.length} statements (${posted.length} simulated) of ${expected.summary.learners} learners; browser ${browser} ms, campus report ${reportMs} ms`);
});
