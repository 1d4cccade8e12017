// A seeded simulator of learners going through the Reset path (courses/), writing xAPI statements
// shaped as Campus's player sends them (templates/runtime/xapi.js, tincan.js, cmi5.js) and, in
// cmi5, the LMS's own "launched" and "abandoned" (as tests/e2e/lms.mjs makes them). Same seed,
// same statements, byte for byte. Used by the report's tests (figures computed by hand from the
// `truth` it returns) and by the ingestion benchmark (a million statements).
//
//   node tests/e2e/report-sim.mjs --learners 10000 --seed 7 --out /tmp/sim.jsonl [--format tincan|cmi5|mixed]
//        [--start 2026-09-01T08:00:00Z] [--statements N]   (stops after N statements)
//
//   import { simulate } from './report-sim.mjs';
//   const { statements, truth } = simulate({ learners: 12, seed: 3 });   // statements: an iterator
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { readCourse, parseToml, root } from './lib.mjs';
import { rightAnswer, wrongAnswer } from './learner.mjs';

const ADL = 'http://adlnet.gov/expapi/verbs/';
const CMI5 = 'https://w3id.org/xapi/cmi5/context/';
const LMS_HOME = 'https://lms.example.org';
const SESSION = CMI5 + 'extensions/sessionid';
const PROGRESS = 'https://w3id.org/xapi/cmi5/result/extensions/progress';

/** A small seeded generator (mulberry32): floats in [0, 1). */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A UUID v4 made from the generator (so that a seed gives the same ids). */
function uuid(rnd) {
  const b = Array.from({ length: 16 }, () => Math.floor(rnd() * 256));
  b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
  const h = b.map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The path as the simulator needs it: IRIs, and per module its pages, questions, diagnostic
 *  statements and shared reflections, read from the sources (not through Campus). */
export function readPath(dir = join(root, 'courses')) {
  const path = parseToml(readFileSync(join(dir, 'path.toml'), 'utf8'));
  const pathIri = `${path.base_iri.replace(/\/$/, '')}/${path.id}`;
  const courses = path.courses.map((id) => {
    const course = readCourse(join(dir, id));
    const courseIri = `${pathIri}/${course.id}`;
    return {
      id: course.id, iri: courseIri,
      modules: course.loaded.map((m) => ({
        id: m.front.id, iri: `${courseIri}/${m.front.id}`, title: m.front.title, pages: m.pages,
        assessed: !!m.front.assessed, mastery: m.front.mastery_score ?? 80,
        blocks: m.blocks.filter((b) => b.block === 'question' || b.block === 'diagnostic' || (b.block === 'reflection' && b.share)),
        scale: course.likert_scale?.length ?? 4,
      })),
    };
  });
  return { id: path.id, iri: pathIri, lang: path.language || 'fr', courses };
}

const iso = (ms) => new Date(ms).toISOString();
const duration = (ms) => 'PT' + Math.round(ms / 10) / 100 + 'S';
const list = (ids) => ids.join('[,]');

/** The response and verdict the player sends for an answer (xapi.js `response`). */
function answerOf(q, right) {
  const a = right ? rightAnswer(q) : wrongAnswer(q);
  switch (q.kind) {
    case 'true-false': return { response: a.ids[0] === 't' ? 'true' : 'false', a };
    case 'single': case 'multiple': return { response: list(a.ids), a };
    case 'ordering': return { response: list(a.order), a };
    case 'matching': return { response: Object.entries(a.pairs).map(([l, r]) => `${l}[.]${r}`).join('[,]'), a };
    default: return { response: a.text, a };
  }
}

/** The interaction definition the player sends (xapi.js `definition`), from the sources. */
function definitionOf(b, lang) {
  const text = (t) => ({ [lang]: String(t ?? '').trim() });
  const d = { type: 'http://adlnet.gov/expapi/activities/cmi.interaction', description: text(b.prompt ?? b.statement) };
  if (b.block === 'reflection') return { ...d, interactionType: 'long-fill-in' };
  if (b.block === 'diagnostic') return { ...d, interactionType: 'likert', scale: [] };
  const kinds = { single: 'choice', multiple: 'choice', 'true-false': 'true-false', 'fill-in': 'fill-in', numeric: 'numeric', matching: 'matching', ordering: 'sequencing' };
  d.interactionType = kinds[b.kind];
  if (b.choices) d.choices = b.choices.map((c) => ({ id: c.id, description: text(c.text) }));
  if (b.items) d.choices = b.items.map((c) => ({ id: c.id, description: text(c.text) }));
  return d;
}

/**
 * Simulates `learners` learners. Returns {statements, truth}: `statements` an iterator of
 * statement objects in the order they would be sent; `truth` filled as the iterator runs:
 * per learner (by actor key) and module, what happened (started, completed, passed, scores,
 * answers), and counts of statements by verb and by who made them.
 */
export function simulate({ learners = 10, seed = 1, format = 'mixed', start = '2026-09-01T08:00:00Z', dir, limit = Infinity } = {}) {
  const path = readPath(dir);
  const rnd = random(seed);
  const truth = { learners: {}, verbs: {}, byLms: 0, statements: 0 };
  // Each question's difficulty: the chance of a right first answer.
  const ease = new Map();
  for (const c of path.courses) for (const m of c.modules) for (const b of m.blocks) ease.set(`${m.iri}/${b.id}`, 0.35 + rnd() * 0.6);

  function* run() {
    learner: for (let i = 0; i < learners; i++) {
      const kind = format === 'mixed' ? (i % 2 ? 'cmi5' : 'tincan') : format;
      const name = `Apprenant ${i + 1}`;
      const actor = kind === 'cmi5'
        ? { objectType: 'Agent', name, account: { homePage: LMS_HOME, name: `learner-${i + 1}` } }
        : { objectType: 'Agent', name, mbox: `mailto:learner${i + 1}@example.org` };
      const key = kind === 'cmi5' ? `account:${LMS_HOME}|learner-${i + 1}` : `mbox:mailto:learner${i + 1}@example.org`;
      const me = (truth.learners[key] = { kind, modules: {} });
      let clock = Date.parse(start) + Math.floor(rnd() * 30 * 86_400_000);
      const stay = 0.75 + rnd() * 0.25; // how likely this learner goes on to the next module
      for (const course of path.courses) {
        const registration = uuid(rnd);
        for (const m of course.modules) {
          if (rnd() > stay) continue learner; // drops out here, for good
          const done = (me.modules[`${course.id}/${m.id}`] = { started: true, completed: false, passed: null, scores: [], answers: [] });
          let attempt = 0;
          for (;;) {
            attempt++;
            const out = yield* session({ kind, actor, registration, course, m, done, attempt, clock: () => clock, tick: (ms) => { clock += ms; } });
            if (!m.assessed || done.passed || attempt >= 2 || out === 'left') break;
          }
          if (!done.completed) continue learner; // left midway: gone
          clock += 60_000 + Math.floor(rnd() * 3 * 86_400_000);
        }
      }
    }
  }

  /** One session of one module: launch (cmi5), initialized, pages and answers, end. */
  function* session({ kind, actor, registration, course, m, done, attempt, clock, tick }) {
    const lmsId = `${LMS_HOME}/activities/au/${createHash('sha256').update(m.iri).digest('hex').slice(0, 16)}`;
    const sessionId = uuid(rnd);
    const template = kind === 'cmi5' ? { contextActivities: { grouping: [{ id: m.iri }] }, extensions: { [SESSION]: sessionId } } : null;
    const self = { id: kind === 'cmi5' ? lmsId : m.iri, objectType: 'Activity' };
    const opened = clock();
    const make = (verb, object, result, defined) => {
      const c = structuredClone(template || {}), a = (c.contextActivities = c.contextActivities || {});
      a.grouping = (a.grouping || []).concat([{ id: course.iri }, { id: path.iri }]);
      if (object.id !== self.id) a.parent = (a.parent || []).concat([{ id: self.id }]);
      c.registration = registration;
      c.language = c.language || path.lang;
      c.platform = c.platform || 'Campus';
      const s = { id: uuid(rnd), actor, verb: { id: ADL + verb, display: { 'en-US': verb } }, object, timestamp: iso(clock()), context: c };
      if (result) s.result = result;
      if (defined && kind === 'cmi5') {
        const r = result || {};
        c.contextActivities.category = [{ id: CMI5 + 'categories/cmi5' }].concat(r.success !== undefined || r.completion !== undefined ? [{ id: CMI5 + 'categories/moveon' }] : []);
      }
      return count(s, verb, false);
    };
    const lms = (verbIri, word, result, extensions) => {
      const c = structuredClone(template);
      c.registration = registration;
      c.contextActivities.category = [{ id: CMI5 + 'categories/cmi5' }];
      Object.assign(c.extensions, extensions || {});
      const s = { id: uuid(rnd), actor, verb: { id: verbIri, display: { 'en-US': word } }, object: { id: lmsId, objectType: 'Activity' }, timestamp: iso(clock()), context: c };
      if (result) s.result = result;
      return count(s, word, true);
    };
    if (kind === 'cmi5') yield lms(ADL + 'launched', 'launched', null, { [CMI5 + 'extensions/launchmode']: 'Normal', [CMI5 + 'extensions/moveon']: m.assessed ? 'CompletedAndPassed' : 'Completed' });
    tick(800 + Math.floor(rnd() * 2000));
    yield make('initialized', self, null, true);
    const leaveAt = rnd() < 0.08 ? Math.floor(rnd() * m.pages) : Infinity; // leaves the module midway
    const answers = {};
    let progress = 0;
    for (let p = 0; p < m.pages; p++) {
      if (p === leaveAt) {
        tick(5000);
        if (kind === 'cmi5' && rnd() < 0.5) { yield lms('https://w3id.org/xapi/adl/verbs/abandoned', 'abandoned', { duration: duration(clock() - opened) }); return 'left'; }
        yield make('terminated', self, { duration: duration(clock() - opened) }, true);
        return 'left';
      }
      tick(20_000 + Math.floor(rnd() * 120_000));
      yield make('experienced', { id: `${m.iri}#page-${p + 1}`, objectType: 'Activity', definition: { name: { [path.lang]: `${m.title} — page ${p + 1}` } } });
      for (const b of m.blocks.filter((x) => x.page === p)) {
        const iri = `${m.iri}/${b.id}`;
        const latency = 5000 + Math.floor(rnd() * 40_000);
        tick(latency);
        if (b.block === 'diagnostic') {
          const value = String(Math.floor(rnd() * m.scale));
          answers[b.id] = value;
          done.answers.push({ block: b.id, response: value });
          yield make('answered', { id: iri, objectType: 'Activity', definition: definitionOf(b, path.lang) }, { response: value, duration: duration(latency) });
          continue;
        }
        if (b.block === 'reflection') {
          const text = `Réflexion ${b.id} (${rnd().toString(36).slice(2, 8)})`;
          done.answers.push({ block: b.id, response: text });
          yield make('answered', { id: iri, objectType: 'Activity', definition: definitionOf(b, path.lang) }, { response: text, duration: duration(latency) });
          continue;
        }
        let right = rnd() < ease.get(iri);
        for (let tries = 0; ; tries++) {
          const { response } = answerOf(b, right);
          answers[b.id] = right;
          done.answers.push({ block: b.id, response, success: right, attempt });
          yield make('answered', { id: iri, objectType: 'Activity', definition: definitionOf(b, path.lang) }, { response, duration: duration(latency), success: right });
          if (right || m.assessed || tries >= 1) break; // formative: tried again once
          tick(4000);
          right = true;
        }
      }
      const percent = Math.round(((p + 1) / m.pages) * 100);
      if (percent > progress && percent < 100 && !done.completed) {
        progress = percent;
        yield make('progressed', self, { extensions: { [PROGRESS]: percent } });
      }
      if (p === m.pages - 1 && !done.completed) {
        done.completed = true;
        yield make('completed', self, { completion: true, duration: duration(clock() - opened) }, true);
      }
    }
    if (m.assessed) {
      const questions = m.blocks.filter((b) => b.block === 'question');
      const total = questions.reduce((n, q) => n + (q.weight ?? 1), 0);
      const got = questions.reduce((n, q) => n + (answers[q.id] ? q.weight ?? 1 : 0), 0);
      const scaled = total ? Math.round((got / total) * 10000) / 10000 : 1;
      const passed = (got / total) * 100 >= m.mastery - 1e-9;
      done.scores.push(scaled);
      if (!done.passed) done.passed = passed;
      yield make(passed ? 'passed' : 'failed', self, { success: passed, duration: duration(clock() - opened), score: { scaled, raw: Math.round(scaled * 100), min: 0, max: 100 } }, true);
    }
    tick(3000);
    yield make('terminated', self, { duration: duration(clock() - opened) }, true);
    return 'ended';
  }

  function count(s, verb, byLms) {
    truth.statements++;
    truth.verbs[verb] = (truth.verbs[verb] || 0) + 1;
    if (byLms) truth.byLms++;
    return s;
  }

  function* limited() {
    for (const s of run()) {
      if (truth.statements > limit) return;
      yield s;
    }
  }
  return { statements: limited(), truth, path };
}

/** Writes statements as JSON Lines to `file`; resolves to the truth. */
export async function writeJsonLines(file, options) {
  const { statements, truth } = simulate(options);
  const out = createWriteStream(file);
  let chunk = '';
  for (const s of statements) {
    chunk += JSON.stringify(s) + '\n';
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
      chunk = '';
    }
  }
  out.write(chunk);
  await new Promise((r) => out.end(r));
  return truth;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : fallback; };
  const file = opt('out', null);
  const options = { learners: Number(opt('learners', 10)), seed: Number(opt('seed', 1)), format: opt('format', 'mixed'), start: opt('start', '2026-09-01T08:00:00Z'), limit: Number(opt('statements', Infinity)) };
  if (!file) { console.error('usage: node tests/e2e/report-sim.mjs --learners N --seed S --out FILE [--format tincan|cmi5|mixed] [--statements N]'); process.exit(2); }
  const truth = await writeJsonLines(file, options);
  console.error(`${truth.statements} statements of ${Object.keys(truth.learners).length} learners written to ${file}`);
}
