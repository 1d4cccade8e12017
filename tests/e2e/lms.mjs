// A test LMS for the xAPI packages, strict and slow like a real one, in front of the real LRS
// (lrs/start.mjs), on the same origin as the package (so the browser's six connections per host
// are shared, as on a real platform).
// Strict like ADL's LRS and CATAPULT: a statement id sent again gets 409 (even with the same body),
// a State API write without If-Match/If-None-Match gets 409 once the document exists (412 on a
// failed precondition), GET gives the document's ETag (SHA-1 of its bytes); a referee records
// what CATAPULT's test suite flags: any request with a cmi5 session's credentials after its
// "terminated" was stored, a defined verb twice, statements out of order.
// Slow: each xAPI request waits a seeded 300–800 ms (`latency`). Faults are scheduled by request
// count (`schedule`), not by wall clock, so a run is the same on a loaded machine.
// It serves unzipped packages, launches them (TinCan and cmi5), plays the cmi5 LMS (fetch URL
// that works once, LMS.LaunchData, learner preferences, "launched" and "abandoned" statements),
// serves the Activity State API itself, checks credentials and cmi5 sessions on every xAPI
// request, passes statements through to the LRS, and records every request. A fault injector sits
// on its xAPI endpoint, so the page meets the faults exactly as it would meet a failing LRS.
import { createServer } from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import { join, extname, normalize } from 'node:path';
import { randomBytes, randomUUID, createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';

const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml',
  '.json': 'application/json', '.xml': 'application/xml', '.png': 'image/png', '.wav': 'audio/wav' };
const ADL = 'http://adlnet.gov/expapi/verbs/';
export const CMI5 = {
  session: 'https://w3id.org/xapi/cmi5/context/extensions/sessionid',
  masteryScore: 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore',
  launchMode: 'https://w3id.org/xapi/cmi5/context/extensions/launchmode',
  launchURL: 'https://w3id.org/xapi/cmi5/context/extensions/launchurl',
  moveOnExt: 'https://w3id.org/xapi/cmi5/context/extensions/moveon',
  category: 'https://w3id.org/xapi/cmi5/context/categories/cmi5',
  moveOn: 'https://w3id.org/xapi/cmi5/context/categories/moveon',
  progress: 'https://w3id.org/xapi/cmi5/result/extensions/progress',
  abandoned: 'https://w3id.org/xapi/adl/verbs/abandoned',
};
export const HOME_PAGE = 'https://lms.campus.test';

const basic = () => 'Basic ' + Buffer.from(`${randomBytes(6).toString('hex')}:${randomBytes(12).toString('hex')}`).toString('base64');
const iso = (ms) => `PT${Math.round(ms / 10) / 100}S`;
/** The few attributes of the tags we need from tincan.xml and cmi5.xml (our own small reader). */
function tags(xml, name) {
  return [...xml.matchAll(new RegExp(`<${name}\\b([^>]*)>([\\s\\S]*?)</${name}>`, 'g'))].map(([, attrs, body]) => ({
    attrs: Object.fromEntries([...attrs.matchAll(/([\w:]+)="([^"]*)"/g)].map(([, k, v]) => [k, v.replace(/&amp;/g, '&')])),
    body,
  }));
}
const text = (body, name) => (new RegExp(`<${name}\\b[^>]*>([\\s\\S]*?)</${name}>`).exec(body) || [])[1];

/** A small seeded generator (mulberry32): the same latencies on every run (and the report's simulator). */
export function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const DEFINED = ['initialized', 'completed', 'passed', 'failed', 'terminated'].map((v) => ADL + v);

/** Starts the LMS on 127.0.0.1. `lrs`: {url, auth} of the real LRS; `dir`: the folder holding the
 *  unzipped packages (served under /content/); `latency`: [min, max] ms added to each xAPI
 *  request ([0, 0] for none), drawn from `seed`. */
export async function startLms({ lrs, dir, latency = [0, 0], seed = 10 }) {
  const requests = [];      // every request the LMS received, with what it answered
  const violations = [];    // what the referee flagged: {launch, rule, detail}
  const storedIds = new Set(); // every statement id the LRS took through this LMS
  const random = seeded(seed);
  const plan = { list: [], count: 0 }; // scheduled faults: [{from, to, mode, paths}] by xAPI request number
  const launches = new Map(); // credential ('Basic …') -> launch
  const fetchUrls = new Map(); // fetch key -> launch (cmi5)
  const states = new Map(); // JSON [activityId, agent, registration, stateId] -> {type, body}
  const etagOf = (body) => `"${createHash('sha1').update(body).digest('hex')}"`;
  const flag = (launch, rule, detail) => violations.push({ launch: launch && (launch.auId || launch.pkg), session: launch?.session, rule, detail });
  const fault = { mode: 'ok', status: 400, paths: /./, hits: 0 };
  let url;

  /** Sends statements to the LRS with the LMS's own credentials (never through the faults). */
  async function toLrs(method, path, body) {
    const r = await fetch(lrs.url + path, {
      method, headers: { 'X-Experience-API-Version': '1.0.3', Authorization: lrs.auth, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, text: await r.text() };
  }
  /** A statement the LMS makes itself ("launched", "abandoned"), with the session's context. */
  async function lmsStatement(launch, verb, { result, extensions } = {}) {
    const context = structuredClone(launch.launchData.contextTemplate);
    context.registration = launch.registration;
    context.contextActivities.category = [{ id: CMI5.category }];
    Object.assign(context.extensions, extensions);
    const s = {
      id: randomUUID(), actor: launch.actor, verb: { id: verb, display: { 'en-US': verb.split('/').pop() } },
      object: { id: launch.activityId, objectType: 'Activity' }, timestamp: new Date().toISOString(), context,
      ...(result ? { result } : {}),
    };
    const r = await toLrs('POST', 'statements', [s]);
    if (r.status !== 200) throw new Error(`the LRS refused the LMS's ${verb}: ${r.status} ${r.text}`);
    return s;
  }

  // ---- launching ----
  const control = (pkg, file) => readFileSync(join(dir, pkg, file), 'utf8');

  /** TinCan: the course activity's launch, with endpoint, auth, actor, registration, activity_id. */
  function launchTinCan({ pkg, actor, registration = randomUUID() }) {
    const course = tags(control(pkg, 'tincan.xml'), 'activity').find((a) => a.attrs.type === 'http://adlnet.gov/expapi/activities/course');
    const auth = basic();
    const launch = { kind: 'tincan', pkg, actor, registration, auth, courseId: course.attrs.id };
    launches.set(auth, launch);
    const q = new URLSearchParams({ endpoint: `${url}/xapi/`, auth, actor: JSON.stringify(actor), registration, activity_id: course.attrs.id });
    launch.url = `${url}/content/${pkg}/${text(course.body, 'launch')}?${q}`;
    return launch;
  }

  /** cmi5: abandons the AU's open session in this registration, writes LMS.LaunchData, records
   *  "launched", and gives the launch URL with endpoint, fetch, actor, registration, activityId. */
  async function launchCmi5({ pkg, au: auId, actor, registration, launchMode = 'Normal', returnURL, preferences = null, masteryScore }) {
    const au = tags(control(pkg, 'cmi5.xml'), 'au').find((a) => a.attrs.id === auId);
    if (!au) throw new Error(`no AU ${auId} in ${pkg}/cmi5.xml`);
    // The LMS's own id for the AU (never the publisher's), the same at every launch.
    const activityId = `${HOME_PAGE}/activities/au/${createHash('sha256').update(auId).digest('hex').slice(0, 16)}`;
    for (const open of launches.values()) {
      if (open.kind === 'cmi5' && open.registration === registration && open.auId === auId && !open.closed) {
        const last = Math.max(open.opened, ...open.stored.map((s) => Date.parse(s.timestamp)));
        await lmsStatement(open, CMI5.abandoned, { result: { duration: iso(last - open.opened) } });
        open.closed = 'abandoned';
      }
    }
    const session = randomUUID();
    const launchUrl = `${url}/content/${pkg}/${text(au.body, 'url').trim()}`;
    const launchData = {
      contextTemplate: {
        contextActivities: { grouping: [{ id: auId }] },
        extensions: { [CMI5.session]: session },
      },
      launchMode,
      moveOn: au.attrs.moveOn,
      ...(masteryScore !== undefined ? { masteryScore } : au.attrs.masteryScore !== undefined ? { masteryScore: Number(au.attrs.masteryScore) } : {}),
      ...(returnURL ? { returnURL } : {}),
    };
    const launch = {
      kind: 'cmi5', pkg, auId, actor, registration, activityId, session, launchData, preferences, returnURL,
      auth: basic(), fetchKey: randomBytes(12).toString('hex'), fetched: 0, closed: null, stored: [], opened: Date.now(),
    };
    states.set(stateKey(activityId, actor, registration, 'LMS.LaunchData'), { type: 'application/json', body: JSON.stringify(launchData) });
    fetchUrls.set(launch.fetchKey, launch);
    launches.set(launch.auth, launch);
    launch.launched = await lmsStatement(launch, ADL + 'launched', {
      extensions: {
        [CMI5.launchMode]: launchMode, [CMI5.launchURL]: launchUrl, [CMI5.moveOnExt]: au.attrs.moveOn,
        ...(launchData.masteryScore !== undefined ? { [CMI5.masteryScore]: launchData.masteryScore } : {}),
      },
    });
    const q = new URLSearchParams({
      endpoint: `${url}/xapi/`, fetch: `${url}/fetch/${launch.fetchKey}`, actor: JSON.stringify(actor), registration, activityId,
    });
    launch.url = `${launchUrl}?${q}`;
    return launch;
  }

  // ---- the xAPI endpoint ----
  const stateKey = (activityId, agent, registration, stateId) => JSON.stringify([activityId, agent, registration || null, stateId]);
  const sameAgent = (a, b) => isDeepStrictEqual(a, b);

  /** Checks and answers one xAPI request; `body` is the raw request body. */
  async function xapi(req, path, q, body, launch) {
    const json = (status, value) => ({ status, type: 'application/json', body: JSON.stringify(value) });
    if (path === 'about') return json(200, { version: ['1.0.3'] });
    if (path === 'activities/state') {
      let agent;
      try { agent = JSON.parse(q.get('agent')); } catch { return json(400, { message: 'agent is not JSON' }); }
      const activity = q.get('activityId'), stateId = q.get('stateId'), registration = q.get('registration');
      const mine = launch.kind === 'cmi5' ? activity === launch.activityId : activity?.startsWith(launch.courseId);
      if (!mine || !sameAgent(agent, launch.actor) || (registration && registration !== launch.registration)) {
        return json(403, { message: 'not this launch\'s learner, activity or registration' });
      }
      if (!stateId) return req.method === 'GET' ? json(200, [...states.keys()].map((k) => JSON.parse(k)).filter((k) => k[0] === activity && k[2] === (registration || null)).map((k) => k[3])) : json(400, { message: 'stateId is required' });
      const k = stateKey(activity, agent, registration, stateId);
      if (stateId === 'LMS.LaunchData' && req.method !== 'GET') return json(403, { message: 'the AU must not change LMS.LaunchData' });
      if (req.method === 'GET') return states.has(k) ? { status: 200, ...states.get(k), headers: { etag: etagOf(states.get(k).body) } } : json(404, { message: 'no such document' });
      const old = states.get(k), ifMatch = req.headers['if-match'], ifNone = req.headers['if-none-match'];
      if (req.method !== 'DELETE' || ifMatch) {
        if (ifMatch && (!old || ifMatch !== etagOf(old.body))) return json(412, { message: 'If-Match does not match the document' });
        if (ifNone === '*' && old) return json(412, { message: 'the document exists (If-None-Match: *)' });
        if (!ifMatch && ifNone !== '*' && old && req.method === 'PUT') return json(409, { message: 'the document exists: read it, then send If-Match with its ETag' });
      }
      if (req.method === 'PUT') { states.set(k, { type: req.headers['content-type'] || 'application/octet-stream', body }); return { status: 204 }; }
      if (req.method === 'POST') {
        let merged;
        try { merged = { ...(old ? JSON.parse(old.body) : {}), ...JSON.parse(body) }; } catch { return json(400, { message: 'POST merges JSON documents only' }); }
        states.set(k, { type: 'application/json', body: JSON.stringify(merged) });
        return { status: 204 };
      }
      if (req.method === 'DELETE') { states.delete(k); return { status: 204 }; }
      return json(405, { message: 'method not allowed' });
    }
    if (path === 'agents/profile') {
      let agent;
      try { agent = JSON.parse(q.get('agent')); } catch { return json(400, { message: 'agent is not JSON' }); }
      if (!sameAgent(agent, launch.actor)) return json(403, { message: 'not this launch\'s learner' });
      if (q.get('profileId') !== 'cmi5LearnerPreferences') return json(404, { message: 'no such profile' });
      if (req.method !== 'GET') return json(403, { message: 'learner preferences are kept by the LMS' });
      return launch.preferences ? json(200, launch.preferences) : json(404, { message: 'no preferences' });
    }
    if (path === 'statements') {
      if (req.method === 'GET') { const r = await toLrs('GET', `statements?${q}`); return { status: r.status, type: 'application/json', body: r.text }; }
      let statements;
      try { statements = JSON.parse(body); } catch { return json(400, { message: 'the body is not JSON' }); }
      if (req.method === 'PUT') {
        if (!statements || statements.id !== q.get('statementId')) return json(400, { message: 'statementId does not match the statement id' });
        statements = [statements];
      } else if (req.method === 'POST') {
        if (!Array.isArray(statements)) statements = [statements];
      } else return json(405, { message: 'method not allowed' });
      for (const s of statements) {
        if (!s || !sameAgent(s.actor, launch.actor)) return json(403, { message: 'a statement is not about this launch\'s learner' });
        if (s.context?.registration !== launch.registration) return json(400, { message: 'a statement lacks this launch\'s registration' });
        if (launch.kind === 'cmi5' && s.context?.extensions?.[CMI5.session] !== launch.session) return json(400, { message: 'a statement lacks this session\'s id' });
      }
      if (launch.kind === 'cmi5') {
        // A session takes nothing new after "terminated" (or the LMS's "abandoned"); a statement it
        // already stored may come again (a retry after a lost answer): the LRS answers for it.
        const known = new Set(launch.stored.map((s) => s.id));
        let closed = launch.closed;
        for (const s of statements) {
          if (closed && !known.has(s.id)) return json(403, { message: `the session is ${closed}` });
          if (s.verb?.id === ADL + 'terminated') closed = 'terminated';
        }
      }
      // Like ADL's LRS: an id it holds already gets 409, the whole batch refused.
      const again = statements.filter((s) => storedIds.has(s.id));
      const ids = statements.map((s) => s.id);
      if (again.length || new Set(ids).size !== ids.length) {
        for (const s of again) launch.resent = (launch.resent || 0) + 1;
        return json(409, { message: `statement(s) already stored: ${again.map((s) => s.id).join(', ')}` });
      }
      const r = await toLrs(req.method, req.method === 'PUT' ? `statements?${q}` : 'statements', req.method === 'PUT' ? statements[0] : statements);
      if (r.status === 200 || r.status === 204) {
        for (const s of statements) storedIds.add(s.id);
        launch.received = (launch.received || []).concat(statements);
      }
      if (launch.kind === 'cmi5' && (r.status === 200 || r.status === 204)) {
        const known = new Set(launch.stored.map((s) => s.id));
        for (const s of statements) {
          if (known.has(s.id)) continue;
          // The referee: the order and the defined verbs of a cmi5 session.
          const verb = s.verb?.id, mine = launch.stored.filter((x) => x.verb?.id === verb);
          const initialized = launch.stored.some((x) => x.verb?.id === ADL + 'initialized');
          if (verb !== ADL + 'initialized' && !initialized) flag(launch, 'order', `${verb} before initialized`);
          if (DEFINED.includes(verb) && mine.length) flag(launch, 'defined verb twice', verb);
          if (verb === ADL + 'passed' || verb === ADL + 'completed') {
            const earlier = [...launches.values()].some((l) => l !== launch && l.registration === launch.registration && l.auId === launch.auId && l.stored?.some((x) => x.verb?.id === verb));
            if (earlier) flag(launch, 'defined verb twice in the registration', verb);
          }
          if (verb === ADL + 'failed' && launch.stored.some((x) => x.verb?.id === ADL + 'passed')) flag(launch, 'order', 'failed after passed');
          launch.stored.push(s);
          known.add(s.id);
          if (verb === ADL + 'terminated') launch.closed = 'terminated';
        }
      }
      return { status: r.status, type: 'application/json', body: r.text };
    }
    return json(404, { message: 'no such resource' });
  }

  // ---- the server ----
  const server = createServer((req, res) => {
    const u = new URL(req.url, 'http://x');
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const entry = { at: Date.now(), method: req.method, path: u.pathname, query: Object.fromEntries(u.searchParams),
        auth: req.headers.authorization, version: req.headers['x-experience-api-version'], body, status: 0 };
      const answer = (status, headers = {}, content = '') => {
        entry.status = status;
        res.writeHead(status, { 'cache-control': 'no-store', ...headers });
        res.end(content);
      };
      try {
        if (u.pathname.startsWith('/content/')) {
          const file = normalize(join(dir, decodeURIComponent(u.pathname.slice('/content/'.length))));
          if (!file.startsWith(normalize(dir))) return answer(403);
          try {
            if (!statSync(file).isFile()) throw new Error('not a file');
            return answer(200, { 'content-type': types[extname(file)] || 'application/octet-stream' }, readFileSync(file));
          } catch { return answer(404, {}, 'not found'); }
        }
        requests.push(entry);
        if (u.pathname.startsWith('/fetch/')) {
          const launch = fetchUrls.get(u.pathname.slice('/fetch/'.length));
          entry.launch = launch;
          if (req.method !== 'POST') return answer(405, { allow: 'POST' });
          const json = { 'content-type': 'application/json' };
          if (!launch) return answer(200, json, JSON.stringify({ 'error-code': '2', 'error-text': 'Unknown fetch URL.' }));
          launch.fetched++;
          if (launch.fetched > 1 || launch.closed) {
            return answer(200, json, JSON.stringify({ 'error-code': '1', 'error-text': 'The authorization token has already been returned.' }));
          }
          return answer(200, json, JSON.stringify({ 'auth-token': launch.auth.slice('Basic '.length) }));
        }
        if (u.pathname === '/lms/returned') {
          return answer(200, { 'content-type': 'text/html; charset=utf-8' }, '<!doctype html><html lang="en"><title>LMS</title><h1>Back in the LMS</h1></html>');
        }
        if (!u.pathname.startsWith('/xapi/')) return answer(404, {}, 'not found');
        const path = u.pathname.slice('/xapi/'.length);
        const n = ++plan.count;
        entry.n = n;
        const seenBy = launches.get(req.headers.authorization);
        if (seenBy?.kind === 'cmi5' && seenBy.closed === 'terminated') flag(seenBy, 'token used after terminated', `${req.method} ${path}`);
        if (latency[1] > 0) await new Promise((r) => setTimeout(r, latency[0] + random() * (latency[1] - latency[0])));
        // The faults, as a failing network or LRS would show them to the page: switched by hand
        // (fault()) or scheduled by request number (schedule()).
        const planned = plan.list.find((p) => n >= p.from && n < p.to && (p.paths || /./).test(path));
        const faulty = planned ? planned.mode : fault.mode !== 'ok' && fault.paths.test(path) ? fault.mode : null;
        if (faulty) {
          fault.hits++;
          entry.fault = faulty;
          if (faulty === 'unavailable') return answer(503, { 'content-type': 'application/json', 'retry-after': '1' }, '{"message":"unavailable"}');
          if (faulty === 'refuse') { entry.status = -1; req.socket.destroy(); return; }
          if (faulty === 'reject') return answer(planned?.status || fault.status, { 'content-type': 'application/json' }, '{"message":"refused by the test"}');
        }
        const launch = launches.get(req.headers.authorization);
        entry.launch = launch;
        if (!launch) return answer(401, { 'www-authenticate': 'Basic realm="LMS"' });
        if (req.headers['x-experience-api-version'] !== '1.0.3') return answer(400, {}, 'X-Experience-API-Version 1.0.3 is required');
        if (launch.kind === 'cmi5' && launch.closed === 'abandoned') return answer(401, { 'www-authenticate': 'Basic realm="LMS"' });
        const r = await xapi(req, path, u.searchParams, body, launch);
        if (faulty === 'lose') {
          // Done and stored, but the answer never reaches the page.
          entry.status = -r.status;
          req.socket.destroy();
          return;
        }
        return answer(r.status, { ...(r.type ? { 'content-type': r.type } : {}), ...(r.headers || {}) }, r.body || '');
      } catch (e) {
        entry.error = e.message;
        return answer(500, {}, e.message);
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${server.address().port}`;

  return {
    url, requests, launchTinCan, launchCmi5, violations,
    /** Faults by request number from now on: [{after, count, mode, paths?, status?}] — `count`
     *  xAPI requests in `mode` starting `after` requests from now. */
    schedule(list) {
      plan.list = list.map((p) => ({ from: plan.count + p.after + 1, to: plan.count + p.after + 1 + p.count, mode: p.mode, paths: p.paths, status: p.status }));
      return plan;
    },
    /** How many xAPI requests the LMS has seen. */
    count: () => plan.count,
    /** Switches the faults: 'ok', 'unavailable' (503), 'refuse' (connection destroyed before any
     *  work), 'lose' (the request is done, the answer is lost), 'reject' (a 4xx, `status`).
     *  `paths` limits them to some xAPI resources (a RegExp on the path after /xapi/). */
    fault(mode, { status = 400, paths = /./ } = {}) { Object.assign(fault, { mode, status, paths, hits: 0 }); return fault; },
    /** Where a cmi5 AU returns the learner (LMS.LaunchData's returnURL). */
    returnURL: () => `${url}/lms/returned`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}
