// `campus report` reading records: from the real LRS of the xAPI tests (Learning Locker's statement
// service, tests/e2e/lrs/start.mjs), seeded with statements of the simulator (report-sim.mjs),
// through a fault proxy (lrs/fault-proxy.mjs) whose faults are scheduled by request count; and
// from files. The database is read back with the sqlite3 command-line tool, as an evaluator would.
//
// Asked: paging (page size 2) reads every statement; 503 periods, reset connections, cut answers
// and slow answers give the same facts as a clean pull; a pull killed midway (SIGKILL) and run
// again gives the same facts as one run; a voided statement is excluded, also when the voiding
// comes in a later pull; a statement read twice counts once; 401 exits 2 with a clear message and
// no credential in it; statements of another path are ignored and counted; the LMS's cmi5
// statements are counted; an unreachable LRS exits 2 with its URL and the reason; a malformed
// JSON line is reported with its line number, skipped and counted; a statement without actor or
// verb is skipped and counted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { randomUUID } from 'node:crypto';
import { campusBin, root } from './lib.mjs';
import { startLrs } from './lrs/start.mjs';
import { startFaultProxy } from './lrs/fault-proxy.mjs';
import { simulate } from './report-sim.mjs';

const SECRET = 'report-ingest-test-secret';
const COLUMNS = 'id, learner, verb, course, module, block, registration, session, at, stored, success, completion, scaled, response, duration_ms, by_lms';

let lrs, work, user, password, seeded, truth, pathIri;
const proxies = [];

before(async () => {
  lrs = await startLrs();
  work = mkdtempSync(join(tmpdir(), 'campus-report-ingest-'));
  [user, password] = Buffer.from(lrs.auth.replace(/^Basic /, ''), 'base64').toString().split(':');
  const sim = simulate({ learners: 4, seed: 12, format: 'mixed' });
  seeded = [...sim.statements];
  truth = sim.truth;
  pathIri = sim.path.iri;
  // The LMS's "satisfied" for a course (its grouping: the course's publisher id, the course IRI).
  const cmi5 = seeded.find((s) => s.context.extensions);
  seeded.push({
    id: randomUUID(), actor: cmi5.actor, verb: { id: 'https://w3id.org/xapi/adl/verbs/satisfied', display: { 'en-US': 'satisfied' } },
    object: { id: 'https://lms.example.org/activities/course/reset-comprendre', objectType: 'Activity' },
    timestamp: cmi5.timestamp,
    context: { registration: cmi5.context.registration, contextActivities: { grouping: [{ id: `${pathIri}/comprendre` }], category: [{ id: 'https://w3id.org/xapi/cmi5/context/categories/cmi5' }] },
      extensions: { 'https://w3id.org/xapi/cmi5/context/extensions/sessionid': randomUUID() } },
  });
  // Statements of another path, on the same LRS.
  seeded.push(...[1, 2, 3].map((i) => ({
    id: randomUUID(), actor: { mbox: `mailto:other${i}@example.org` }, verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' },
    object: { id: `https://other.example.org/paths/autre/cours/module-${i}`, objectType: 'Activity' },
    timestamp: new Date(Date.UTC(2026, 9, i)).toISOString(),
    context: { contextActivities: { grouping: [{ id: 'https://other.example.org/paths/autre' }] } },
  })));
  await post(seeded);
});

after(async () => {
  for (const p of proxies) await p.stop();
  await lrs?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function post(statements) {
  for (let i = 0; i < statements.length; i += 100) {
    const r = await fetch(lrs.url + 'statements', {
      method: 'POST', body: JSON.stringify(statements.slice(i, i + 100)),
      headers: { 'X-Experience-API-Version': '1.0.3', Authorization: lrs.auth, 'Content-Type': 'application/json' },
    });
    assert.equal(r.status, 200, await r.text());
  }
}

async function proxy(schedule) {
  const p = await startFaultProxy(lrs.url, schedule);
  proxies.push(p);
  return p;
}

// Messages in English (they follow LC_ALL, LC_MESSAGES, LANG, then the path's language, French),
// except where a test asks for French.
const env = (extra = {}) => ({ ...process.env, LC_ALL: 'en_US.UTF-8', CAMPUS_LRS_USER: user, CAMPUS_LRS_PASSWORD: password, CAMPUS_REPORT_SECRET: SECRET, ...extra });
const newDb = () => join(mkdtempSync(join(work, 'run-')), 'report.db');

/** Runs `campus report` (without blocking this process, where the fault proxy runs); resolves
 *  to {status, stdout, stderr}. */
function campus(args, extraEnv) {
  return new Promise((resolve, reject) => {
    const child = spawn(campusBin, ['report', join(root, 'courses'), '--out', join(work, 'out'), ...args], { env: env(extraEnv) });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.on('error', reject);
    child.on('close', (status) => { clearTimeout(timer); resolve({ status, stdout, stderr }); });
  });
}

/** A run that read what it was given and wrote its report: exit 0. */
function read(r) {
  assert.equal(r.status, 0, `exit ${r.status}: ${r.stderr}`);
  assert.ok(!/statements read/.test(r.stderr), 'a progress line on a pipe');
  noSecret(r);
  return r;
}

function noSecret(r) {
  for (const text of [r.stdout, r.stderr]) {
    assert.ok(!text.includes(password), 'the password is printed');
    assert.ok(!text.includes(lrs.auth.slice(6)), 'the Basic credentials are printed');
  }
}

const sql = (db, query) => execFileSync('sqlite3', ['-json', db, query], { encoding: 'utf8' });
const rows = (db, query) => JSON.parse(sql(db, query) || '[]');
const facts = (db) => rows(db, `SELECT ${COLUMNS} FROM facts ORDER BY id`);
const tally = (db, what) => rows(db, `SELECT coalesce(sum(n), 0) AS n FROM tally WHERE what = '${what.replace(/'/g, "''")}'`)[0].n;

const ours = () => seeded.filter((s) => JSON.stringify(s.context?.contextActivities ?? {}).includes(pathIri));
const lmsCount = () => seeded.filter((s) => /launched|abandoned|satisfied|waived/.test(s.verb.id) && !s.object.id.startsWith('https://other')).length;

let clean; // the facts of one clean pull with pages of 2, made by the first test
/** The facts of a clean pull (the first test's, or a pull made now when it was not run). */
async function cleanFacts() {
  if (!clean) {
    const db = newDb();
    read(await campus(['--lrs', lrs.url, '--db', db, '--page-size', '2']));
    clean = facts(db);
  }
  return clean;
}

test('a clean pull with pages of 2 reads every statement of the path, the LMS\'s counted', async () => {
  const db = newDb();
  read(await campus(['--lrs', lrs.url, '--db', db, '--page-size', '2']));
  clean = facts(db);
  // Every statement of the simulator is a fact; the LMS's satisfied about the course is not.
  assert.equal(clean.length, truth.statements);
  assert.equal(new Set(clean.map((f) => f.id)).size, truth.statements);
  assert.equal(tally(db, 'lms'), lmsCount());
  assert.equal(tally(db, 'lms'), truth.byLms + 1);
  assert.equal(tally(db, "skipped: the LMS's statement about a course or block"), 1);
  // Statements of another path are not what the path's queries return.
  assert.equal(clean.filter((f) => f.course === 'autre').length, 0);
  const byLms = clean.filter((f) => f.by_lms === 1);
  assert.equal(byLms.length, truth.byLms);
  assert.ok(byLms.every((f) => f.verb === 'launched' || f.verb === 'abandoned'));
  // cmi5 statements about the LMS's activity id were placed by the publisher id.
  assert.ok(clean.some((f) => f.session && f.verb === 'initialized'));
  // A cursor kept per query that found statements: each module learners opened, and the
  // satisfied of comprendre.
  const modules = new Set(clean.map((f) => `${f.course}/${f.module}`));
  assert.equal(rows(db, "SELECT count(*) AS n FROM meta WHERE key LIKE 'cursor:%'")[0].n, modules.size + 1);
});

test('the next pull starts from the cursor, and what it reads again counts once', async () => {
  const db = newDb();
  const p = await proxy(() => null);
  read(await campus(['--lrs', p.url, '--db', db]));
  assert.ok(p.requests.every((r) => !/[?&]since=/.test(r.url)), 'the first pull reads from the start');
  p.requests.length = 0;
  read(await campus(['--lrs', p.url, '--db', db]));
  // Queries that found statements the first time start from their cursor (less the overlap).
  const since = p.requests.filter((r) => /[?&]since=/.test(r.url));
  assert.equal(since.length, rows(db, "SELECT count(*) AS n FROM meta WHERE key LIKE 'cursor:%'")[0].n);
  assert.deepEqual(facts(db), await cleanFacts());
  assert.equal(tally(db, 'duplicate'), truth.statements, 'the overlap window read everything again');
});

test('503s, reset connections, cut answers and slow answers give the same facts as a clean pull', async () => {
  const db = newDb();
  const faults = (n) => {
    if (n >= 3 && n <= 5) return { status: 503 };
    if (n === 8) return { status: 429, retryAfter: 1 };
    if (n === 11 || n === 12) return { reset: true };
    if (n === 15) return { cut: true };
    if (n === 18) return { delayMs: 2500 }; // over the 1.5 s timeout below: tried again
    if (n % 7 === 0) return { delayMs: 300 };
    return null;
  };
  const p = await proxy(faults);
  const started = Date.now();
  read(await campus(['--lrs', p.url, '--db', db, '--page-size', '2'], { CAMPUS_LRS_TIMEOUT: '1.5' }));
  assert.deepEqual(facts(db), await cleanFacts());
  assert.ok(p.requests.length > 20);
  const kinds = new Set(p.requests.map((r) => r.fault).filter(Boolean));
  for (const k of ['status', 'reset', 'cut', 'delayMs']) assert.ok(kinds.has(k), `no ${k} fault happened`);
  console.log(`# pull through the faults: ${p.requests.length} requests in ${Date.now() - started} ms`);
});

test('a pull killed midway keeps what it had, and run again gives the same facts as one run', async () => {
  const db = newDb();
  let child;
  const killed = new Promise((resolve) => {
    const p = proxy((n) => (n === 25 ? { before: () => { child.kill('SIGKILL'); } , delayMs: 10 } : { delayMs: 20 }));
    p.then((px) => {
      child = spawn(campusBin, ['report', join(root, 'courses'), '--out', join(work, 'out'), '--lrs', px.url, '--db', db, '--page-size', '2'], { env: env(), stdio: 'ignore' });
      child.on('exit', (code, signal) => resolve(signal));
    });
  });
  assert.equal(await killed, 'SIGKILL');
  const kept = facts(db).length;
  assert.ok(kept > 0 && kept < truth.statements, `kept ${kept} of ${truth.statements}`);
  read(await campus(['--lrs', lrs.url, '--db', db, '--page-size', '2']));
  assert.deepEqual(facts(db), await cleanFacts());
});

test('a voided statement is excluded, also when the voiding comes in a later pull', async () => {
  const db = newDb();
  read(await campus(['--lrs', lrs.url, '--db', db]));
  const target = seeded.find((s) => s.verb.id.endsWith('/answered'));
  assert.ok(facts(db).some((f) => f.id === target.id));
  await post([{
    id: randomUUID(), actor: { mbox: 'mailto:evaluator@example.org', objectType: 'Agent' },
    verb: { id: 'http://adlnet.gov/expapi/verbs/voided', display: { 'en-US': 'voided' } },
    object: { objectType: 'StatementRef', id: target.id },
  }]);
  read(await campus(['--lrs', lrs.url, '--db', db]));
  assert.ok(!facts(db).some((f) => f.id === target.id), 'the voided statement is still there');
  assert.equal(facts(db).length, truth.statements - 1);
  assert.equal(tally(db, 'voided'), 1);
  // A fresh database reading everything at once: the voided one never comes.
  const fresh = newDb();
  read(await campus(['--lrs', lrs.url, '--db', fresh]));
  assert.equal(facts(fresh).length, truth.statements - 1);
  // The voiding statement in a file, read before the voided one: the order does not matter.
  const file = join(work, 'voiding-first.jsonl');
  const voiding = { id: randomUUID(), actor: { mbox: 'mailto:evaluator@example.org' }, verb: { id: 'http://adlnet.gov/expapi/verbs/voided' }, object: { objectType: 'StatementRef', id: target.id } };
  writeFileSync(file, [voiding, target].map((s) => JSON.stringify(s)).join('\n') + '\n');
  const other = newDb();
  read(await campus(['--statements', file, '--db', other]));
  assert.equal(facts(other).length, 0);
});

test('a statement read twice counts once', async () => {
  const db = newDb();
  const file = join(work, 'twice.jsonl');
  const some = seeded.slice(0, 5);
  writeFileSync(file, [...some, some[2]].map((s) => JSON.stringify(s)).join('\n') + '\n');
  read(await campus(['--statements', file, '--db', db]));
  read(await campus(['--statements', file, '--db', db]));
  assert.equal(facts(db).length, 5);
  assert.equal(tally(db, 'duplicate'), 7);
  assert.equal(tally(db, 'kept'), 5);
});

test('401: exit 2, a clear message, no credential printed', async () => {
  const db = newDb();
  const r = await campus(['--lrs', lrs.url, '--db', db], { CAMPUS_LRS_PASSWORD: password + 'x' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /refused the credentials \(HTTP 401\)/);
  assert.match(r.stderr, /CAMPUS_LRS_USER/);
  for (const text of [r.stdout, r.stderr]) {
    assert.ok(!text.includes(password), 'the password is printed');
    assert.ok(!text.includes(Buffer.from(`${user}:${password}x`).toString('base64')), 'the Basic credentials are printed');
  }
  // The same with --auth-file.
  const auth = join(work, 'auth');
  writeFileSync(auth, `${user}:wrong-${password}\n`);
  const r2 = await campus(['--lrs', lrs.url, '--db', db, '--auth-file', auth], { CAMPUS_LRS_USER: '', CAMPUS_LRS_PASSWORD: '' });
  assert.equal(r2.status, 2);
  assert.match(r2.stderr, /HTTP 401/);
  assert.ok(!r2.stderr.includes(`wrong-${password}`));
  // Credentials in the URL are refused without being echoed.
  const url = lrs.url.replace('http://', `http://${user}:${password}@`);
  const r3 = await campus(['--lrs', url, '--db', db]);
  assert.equal(r3.status, 2);
  assert.ok(!r3.stderr.includes(password));
  // A French reader gets it in French, still without the credentials.
  const r4 = await campus(['--lrs', lrs.url, '--db', db], { CAMPUS_LRS_PASSWORD: password + 'x', LC_ALL: 'fr_FR.UTF-8' });
  assert.equal(r4.status, 2);
  assert.match(r4.stderr, /^erreur\s?: le LRS de .* a refusé les identifiants \(HTTP 401\) : vérifiez CAMPUS_LRS_USER/m);
  assert.ok(!r4.stderr.includes(password));
});

test('an unreachable LRS: exit 2 with its URL and the reason', async () => {
  const port = await new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
  const url = `http://127.0.0.1:${port}/xAPI/`;
  const r = await campus(['--lrs', url, '--db', newDb()]);
  assert.equal(r.status, 2);
  assert.ok(r.stderr.includes(url), r.stderr);
  assert.match(r.stderr, /unreachable after 6 tries: .*(refused|Connection)/i);
  noSecret(r);
});

test('files: statements of another path, malformed lines and statements without actor or verb are skipped and counted', async () => {
  const db = newDb();
  const file = join(work, 'mixed.jsonl');
  const good = ours().slice(0, 3);
  const other = seeded.filter((s) => s.object.id.startsWith('https://other'));
  const noActor = { ...good[0], id: randomUUID() };
  delete noActor.actor;
  const noVerb = { ...good[1], id: randomUUID() };
  delete noVerb.verb;
  const lines = [good[0], good[1], '{"id": "broken", "actor": ', good[2], ...other, noActor, noVerb].map((s) => (typeof s === 'string' ? s : JSON.stringify(s)));
  writeFileSync(file, lines.join('\n') + '\n');
  const r = read(await campus(['--statements', file, '--db', db]));
  assert.match(r.stderr, /mixed\.jsonl:3: malformed JSON, skipped/);
  assert.equal(facts(db).length, 3);
  assert.equal(tally(db, 'skipped: malformed JSON'), 1);
  assert.equal(tally(db, 'skipped: another path'), 3);
  assert.equal(tally(db, 'skipped: no actor'), 1);
  assert.equal(tally(db, 'skipped: no verb'), 1);
  assert.equal(tally(db, 'read'), lines.length);
});

test('files: a JSON array and saved pages give the same facts as the LRS', async () => {
  const all = ours().filter((s) => !s.verb.id.endsWith('/satisfied'));
  const array = join(work, 'all.json');
  writeFileSync(array, JSON.stringify(all, null, 2));
  const pages = join(work, 'pages.json');
  const chunks = [];
  for (let i = 0; i < all.length; i += 50) chunks.push(JSON.stringify({ statements: all.slice(i, i + 50), more: i + 50 < all.length ? '/xAPI/statements?cursor=x' : '' }, null, 1));
  writeFileSync(pages, chunks.join('\n'));
  for (const file of [array, pages]) {
    const db = newDb();
    read(await campus(['--statements', file, '--db', db]));
    // Files carry no `stored`: compare the rest.
    const strip = (list) => list.map(({ stored, ...rest }) => rest);
    assert.deepEqual(strip(facts(db)), strip(await cleanFacts()));
  }
});

test('HTTPS_PROXY is honoured, and NO_PROXY too', async () => {
  const p = await proxy(() => null);
  const via = p.url.replace(/\/xAPI\/$/, '');
  const db = newDb();
  read(await campus(['--lrs', lrs.url, '--db', db], { HTTPS_PROXY: via, HTTP_PROXY: via, ALL_PROXY: '', NO_PROXY: '', no_proxy: '' }));
  assert.ok(p.requests.length > 0, 'nothing went through the proxy');
  const host = new URL(lrs.url).host;
  assert.ok(p.requests.every((r) => (r.method === 'CONNECT' ? r.url === host : r.url.startsWith(lrs.url))), JSON.stringify(p.requests.slice(0, 3)));
  const direct = newDb();
  read(await campus(['--lrs', lrs.url, '--db', direct]));
  assert.deepEqual(facts(db), facts(direct));
  const before = p.requests.length;
  read(await campus(['--lrs', lrs.url, '--db', newDb()], { HTTPS_PROXY: via, HTTP_PROXY: via, NO_PROXY: '127.0.0.1' }));
  assert.equal(p.requests.length, before, 'NO_PROXY was not honoured');
});
