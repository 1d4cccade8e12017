/* xAPI adapters' shared base: one delivery engine for TinCan and cmi5.
   - Statements: every statement gets a random id and is queued in localStorage before anything is
     sent. One statement request at a time (single flight), POSTed in batches under 60 KB with
     keepalive, so that a navigation never cancels it. A batch's membership is fixed and saved when
     it is first sent: the LRS stores a batch whole or not at all, so a batch whose answer was lost
     is settled by looking one of its ids up, never POSTed again; a PUT of our own id answered 409
     means "already stored" (our ids are random and a queued body never changes).
   - The state document goes after the statements, coalesced (only the latest, one request at a
     time, debounced), with If-None-Match: * for the first write and If-Match with the document's
     ETag afterwards; a 409/412 reads the LRS's copy, keeps the newer of the two and tries again.
   - The end of a session: statements stored, then the state saved, then "terminated" alone, and
     after it nothing more with the session's credentials, not even from the unload handler.
   - Requests to the LMS and LRS never come from the HTTP cache (cache: 'no-store').
   tincan.js and cmi5.js give the launch: begin(query, info, get) resolves to {endpoint, auth,
   actor, registration, activity, session?, template?, mastery?, mode, judging}. */
Campus.xapi = function (launch) {
  'use strict';
  var ADL = 'http://adlnet.gov/expapi/verbs/', BUDGET = 60000, MAX_BATCH = 50, WAIT = 30000;
  var lrs = null, info = null, started = Date.now(), session, doc, keys = {};
  var queue = [], flight = [], busy = false, timer = null, delay = 1000;
  var barred = false, closing = false, ended = false, gone = false, finishing = null;
  var st = { etag: null, exists: null, dirty: false, busy: false, timer: null, first: 0, confirmed: null };
  var waiters = [], endId = null; // the id of this session's "terminated", once queued

  /** A word of the page (`{name}` placeholders filled). */
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (_, k) { return values[k]; });
  }

  function uuid() {
    var b = crypto.getRandomValues(new Uint8Array(16)), h = '';
    b[6] = b[6] & 15 | 64; b[8] = b[8] & 63 | 128;
    for (var i = 0; i < 16; i++) h += (b[i] + 256).toString(16).slice(1) + ([3, 5, 7, 9].indexOf(i) >= 0 ? '-' : '');
    return h;
  }
  function iso(ms) { return 'PT' + Math.round(ms / 10) / 100 + 'S'; }
  function size(text) { return new Blob([text]).size; }
  /* Credentials go in the Authorization header only: with cookies allowed, a 401 from an LRS on
     the page's own origin would open the browser's login dialog and hold the request. */
  function request(method, path, body, options, to) {
    options = options || {};
    to = to || lrs;
    if (to === lrs && (ended || gone) && !options.final) return Promise.reject(new Error('session over'));
    var headers = { 'X-Experience-API-Version': '1.0.3', Authorization: to.auth };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    Object.keys(options.headers || {}).forEach(function (k) { headers[k] = options.headers[k]; });
    return fetch(to.endpoint + path, { method: method, headers: headers, keepalive: !!options.keepalive, credentials: 'omit',
      cache: 'no-store', body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  }

  /* ---- what is kept on the device: {q: queued, f: [{s: statements, u: sent (answer unknown), p: index of the next PUT}]} ---- */
  function keep() {
    Campus.store(keys.queue, queue.length || flight.length ? JSON.stringify({ q: queue, f: flight }) : null);
  }
  function loadQueue(key) {
    var saved;
    try { saved = JSON.parse(Campus.load(key) || 'null'); } catch (e) { saved = null; }
    if (Array.isArray(saved)) return { q: saved, f: [] }; // the format of earlier versions
    return saved || { q: [], f: [] };
  }
  function refused(status) { Campus.notify(info.ui.lrs_refused.replace('{code}', status)); }
  function settle() {
    var idle = !queue.length && !flight.length;
    waiters = waiters.filter(function (w) { if (w()) return false; return true; });
    return idle;
  }

  /* ---- the statement engine ---- */
  function later(ms) {
    clearTimeout(timer);
    timer = setTimeout(function () { timer = null; pump(); }, ms === undefined ? delay : ms);
  }
  function failed() {
    busy = false;
    later();
    delay = Math.min(delay * 2, finishing ? 2000 : 8000);
  }
  function done(batch) {
    flight.splice(flight.indexOf(batch), 1);
    keep();
    busy = false;
    delay = 1000;
    pump();
  }
  function isStatus(r, list) { return list.indexOf(r.status) >= 0; }
  /* The LRS refuses our credentials (401, 403): nothing more is sent, the learner is told. */
  function bar(r) { barred = true; busy = false; refused(r.status); return settle(); }
  /* Whether a batch ends this session (a TinCan page may settle the "terminated" of an earlier load). */
  function ours(batch) { return batch.s[batch.s.length - 1].id === endId; }
  /* The next batch: in order, under the keepalive budget, ending at "terminated" (always last queued). */
  function take() {
    var n = 0, bytes = 2;
    while (n < queue.length && n < MAX_BATCH) {
      var s = queue[n], b = size(JSON.stringify(s)) + 1;
      if (n && bytes + b > BUDGET) break;
      bytes += b; n++;
      if (s.verb.id === ADL + 'terminated') break;
    }
    return { s: queue.splice(0, n), u: false };
  }
  function pump() {
    if (busy || barred || gone || timer) { settle(); return; }
    var batch = flight[0];
    if (!batch && queue.length) {
      if (ended) return; // "terminated" has gone: nothing more under this session
      batch = take();
      flight.push(batch);
      keep();
    }
    if (!batch) { settle(); saveSoon(); return; }
    busy = true;
    var terminating = ours(batch);
    if (batch.p !== undefined) return putEach(batch);
    if (batch.u) return lookUp(batch, 0);
    batch.u = true; // from now on it may be stored: never POSTed again
    batch.t = Date.now();
    keep();
    if (terminating) ended = true;
    request('POST', 'statements', JSON.stringify(batch.s), { keepalive: true, final: terminating }).then(function (r) {
      if (r.ok) return done(batch);
      if (isStatus(r, [503, 429])) { batch.u = false; keep(); if (terminating) ended = false; return failed(); }
      if (isStatus(r, [401, 403])) return bar(r);
      if (r.status >= 500) return failed(); // may be stored: looked up next time
      // 409 (an id already stored), 400, 413…: one by one, each PUT settles its own statement.
      batch.p = 0;
      keep();
      putEach(batch);
    }, failed);
  }
  /* One statement at a time by PUT: 2xx stored, 409 already stored (our own id), another 4xx
     refused (reported, dropped), 5xx and network errors retried later from the same statement. */
  function putEach(batch) {
    if (batch.p >= batch.s.length) return done(batch);
    var s = batch.s[batch.p], terminating = ours(batch) && batch.p === batch.s.length - 1;
    if (terminating) ended = true;
    request('PUT', 'statements?statementId=' + s.id, JSON.stringify(s), { keepalive: true, final: terminating }).then(function (r) {
      if (isStatus(r, [401, 403])) return bar(r);
      if (r.status >= 500 || r.status === 429) return failed();
      if (!r.ok && r.status !== 409) refused(r.status);
      batch.p++;
      keep();
      putEach(batch);
    }, failed);
  }
  /* A batch that may be stored: its first id looked up. Found: the whole batch is stored. Not
     found: looked up again until 10 s after it was sent (a slow LRS may still be storing it, and
     ADL's stores a statement twice when the same one arrives while it does), then its statements
     go one by one by PUT, where a 409 means stored. */
  function lookUp(batch, tries) {
    var s = batch.s[0];
    if (ours(batch)) { batch.p = 0; keep(); return putEach(batch); } // no look-up after our own terminated
    request('GET', 'statements?statementId=' + s.id).then(function (r) {
      if (r.status === 200) return done(batch);
      var young = 10000 - (Date.now() - (batch.t || 0));
      if (r.status === 404 && (tries < 1 || young > 0)) return setTimeout(function () { lookUp(batch, tries + 1); }, Math.max(1000, Math.min(4000, young)));
      if (r.status === 404) { batch.p = 0; keep(); return putEach(batch); }
      if (isStatus(r, [401, 403])) return bar(r);
      failed();
    }, failed);
  }
  /* Resolves when every statement queued so far is stored, or when nothing more can be sent. */
  function drained() {
    return new Promise(function (resolve) {
      var check = function () { if ((!queue.length && !flight.length) || barred || gone) { resolve(); return true; } return false; };
      if (!check()) { waiters.push(check); clearTimeout(timer); timer = null; delay = 1000; pump(); }
    });
  }

  /* ---- statements ---- */
  function self() { return { id: lrs.activity, objectType: 'Activity' }; }
  /* The context starts from the LMS's template (cmi5), never overwritten; `defined` marks a cmi5
     defined statement, which the launch completes (categories, extensions). */
  function statement(verb, object, result, defined, attempt) {
    var c = JSON.parse(JSON.stringify(lrs.template || {})), a = c.contextActivities = c.contextActivities || {};
    // A self-diagnostic answer says which diagnostic it belongs to: 1, then 2… after "Refaire l'autodiagnostic".
    if (attempt) (c.extensions = c.extensions || {})[info.pathIri + '#diagnostic-attempt'] = attempt;
    a.grouping = (a.grouping || []).concat([{ id: info.courseIri }, { id: info.pathIri }]);
    if (object.id !== lrs.activity) a.parent = (a.parent || []).concat([{ id: lrs.activity }]);
    if (lrs.registration) c.registration = lrs.registration;
    c.language = c.language || info.lang;
    c.platform = c.platform || 'Campus';
    var s = { id: uuid(), actor: lrs.actor, verb: { id: ADL + verb, display: { 'en-US': verb } }, object: object,
      timestamp: new Date().toISOString(), context: c };
    if (result) s.result = result;
    if (defined) launch.defined(s, lrs);
    return s;
  }
  function terminated() {
    var s = statement('terminated', self(), { duration: iso(Date.now() - started) }, true);
    endId = s.id;
    return s;
  }
  function send(verb, object, result, defined, attempt) {
    if (closing || gone || barred) return;
    queue.push(statement(verb, object, result, defined, attempt));
    keep();
    pump();
  }
  /* completed and passed at most once per registration; one of passed or failed per session,
     never failed after passed; each with its duration. Browse and Review send none of them. */
  function milestone(e) {
    var sent = doc.sent, duration = iso(Date.now() - started);
    if (!lrs.judging) return;
    if (e.type === 'completed' && !sent.completed) {
      sent.completed = true;
      send('completed', self(), { completion: true, duration: duration }, true);
    }
    if (e.type === 'scored' && !sent.passed && sent.judged !== session) {
      var mastery = lrs.mastery === undefined ? info.mastery / 100 : lrs.mastery;
      var passed = lrs.mastery === undefined ? e.passed : e.scaled >= lrs.mastery - 1e-9;
      sent.passed = passed;
      sent.judged = session;
      sent.score = e.scaled;
      send(passed ? 'passed' : 'failed', self(), { success: passed, duration: duration,
        score: { scaled: e.scaled, raw: Math.round(e.scaled * 100), min: 0, max: 100 } }, true);
      showVerdict(passed, e.scaled, mastery);
    }
  }
  function showVerdict(passed, scaled, mastery) {
    var box = document.querySelector('[data-summary=score]');
    if (!box) return;
    var line = box.parentNode.querySelector('[data-lms-verdict]') || document.createElement('p');
    line.setAttribute('data-lms-verdict', '');
    line.textContent = fill(info.ui.verdict_sent, { verdict: passed ? info.ui.verdict_passed : info.ui.verdict_failed, score: Math.round(scaled * 100), mastery: Math.round(mastery * 100) });
    if (!line.parentNode) box.parentNode.insertBefore(line, box.nextSibling);
  }

  /* ---- the state document: {state, sent, at}, kept locally until the LRS confirms it ---- */
  function stateUrl() {
    return 'activities/state?stateId=campus-state&activityId=' + encodeURIComponent(lrs.activity) +
      '&agent=' + encodeURIComponent(JSON.stringify(lrs.actor)) + (lrs.registration ? '&registration=' + lrs.registration : '');
  }
  function readState() {
    return request('GET', stateUrl()).then(function (r) {
      if (r.status === 404) { st.exists = false; st.etag = null; return null; }
      if (r.status !== 200) throw new Error(r.status);
      st.exists = true;
      st.etag = r.headers.get('ETag');
      return r.json().catch(function () { return null; });
    });
  }
  function changed() {
    if (lrs.mode === 'Review') return; // read-only: nothing written
    st.dirty = true;
    Campus.store(keys.state, JSON.stringify(doc));
    if (!st.first) st.first = Date.now();
    saveSoon();
  }
  /* Debounced: two seconds after the last change, at most ten after the first, and only when no
     statement is waiting (statements first). */
  function saveSoon(now) {
    clearTimeout(st.timer);
    if (!st.dirty || st.busy || gone || ended || closing && !now) return;
    var wait = now ? 0 : Math.max(0, Math.min(2000, st.first + 10000 - Date.now()));
    st.timer = setTimeout(function () {
      if (queue.length || flight.length) return; // the statement engine calls again when idle
      saveState();
    }, wait);
  }
  function stateDone() {
    st.busy = false;
    st.waiter && st.waiter();
    saveSoon();
  }
  function saveState() {
    if (st.busy || !st.dirty || gone || ended || lrs.mode === 'Review') return;
    st.busy = true;
    st.dirty = false;
    if (st.exists === null) return merge(); // the first read failed: read before writing blind
    st.first = 0;
    doc.at = Date.now();
    var body = JSON.stringify(doc);
    Campus.store(keys.state, body);
    request('PUT', stateUrl(), body, { headers: preconditions() }).then(function (r) {
      if (r.ok) {
        st.exists = true;
        st.etag = r.headers.get('ETag');
        if (!st.etag) return sha1(body).then(function (tag) { st.etag = tag; confirmed(body); });
        return confirmed(body);
      }
      if (r.status === 409 || r.status === 412) return merge();
      if (isStatus(r, [400, 401, 403])) { stateDone(); return; } // not ours to write: kept on the device
      retryState();
    }, retryState);
  }
  /* If-None-Match: * for the first write, If-Match with the document's ETag afterwards. */
  function preconditions() {
    var headers = {};
    if (st.exists === false) headers['If-None-Match'] = '*';
    else if (st.etag) headers['If-Match'] = st.etag;
    return headers;
  }
  function confirmed(body) {
    if (Campus.load(keys.state) === body) Campus.store(keys.state, null);
    stateDone();
  }
  function retryState() {
    st.dirty = true;
    st.busy = false;
    clearTimeout(st.timer);
    st.timer = setTimeout(saveSoon, closing ? 1000 : 3000);
    st.waiter && st.waiter('retry');
  }
  /* The LRS has a document we did not expect: read it, keep the newer, write again with its ETag. */
  function merge() {
    readState().then(function (remote) {
      if (remote && remote.at > doc.at) {
        doc.state = remote.state;
        Object.keys(remote.sent || {}).forEach(function (k) { if (!(k in doc.sent)) doc.sent[k] = remote.sent[k]; });
      }
      st.busy = false;
      st.dirty = true;
      saveState();
    }, retryState);
  }
  /* The ETag the LRS gives a document is the SHA-1 of its bytes (xAPI 1.0.3); used only when the
     LRS does not send one back after a write. Without Web Crypto: none, and a conflict reads it. */
  function sha1(text) {
    if (!window.crypto || !crypto.subtle) return Promise.resolve(null);
    return crypto.subtle.digest('SHA-1', new TextEncoder().encode(text)).then(function (b) {
      return '"' + Array.prototype.map.call(new Uint8Array(b), function (x) { return (x + 256).toString(16).slice(1); }).join('') + '"';
    }, function () { return null; });
  }
  /* Resolves when the latest state is on the LRS (or cannot be written). */
  function stateSaved() {
    return new Promise(function (resolve) {
      (function go() {
        if (!st.dirty && !st.busy) return resolve();
        st.waiter = function (why) { st.waiter = null; if (why === 'retry') setTimeout(go, 1000); else go(); };
        if (!st.busy) { clearTimeout(st.timer); saveState(); }
      })();
    });
  }

  /* ---- the end of a session ---- */
  function status() {
    var box = document.querySelector('[data-xapi-status]');
    if (!box) {
      box = document.createElement('div');
      box.setAttribute('data-xapi-status', '');
      box.className = 'lms-status';
      box.innerHTML = '<p role="status" aria-live="polite"></p><p data-stuck hidden></p><p data-choices hidden><button type="button" data-retry-send></button> <button type="button" data-quit></button></p>';
      var pager = document.querySelector('.pager');
      (pager ? pager.parentNode : document.body).insertBefore(box, pager ? pager.nextSibling : null);
      box.querySelector('[data-retry-send]').textContent = info.ui.retry;
      box.querySelector('[data-quit]').textContent = info.ui.quit_anyway;
    }
    return box;
  }
  /* Statements, then the state, then "terminated" alone; resolves when it is stored or when the
     learner chooses to leave anyway after 30 s without the LRS. */
  function end() {
    if (finishing) return finishing;
    var box = status(), live = box.querySelector('[role=status]'), stuck = box.querySelector('[data-stuck]'), choices = box.querySelector('[data-choices]');
    live.textContent = info.ui.sending;
    finishing = new Promise(function (resolve) {
      var timeout;
      function finished() { clearTimeout(timeout); live.textContent = info.ui.sent; stuck.hidden = true; choices.hidden = true; resolve(); }
      function attempt() {
        stuck.hidden = true; choices.hidden = true;
        live.textContent = info.ui.sending;
        clearTimeout(timeout);
        timeout = setTimeout(function () {
          stuck.textContent = info.ui.stuck;
          stuck.hidden = false; choices.hidden = false;
          live.textContent = info.ui.stuck;
        }, WAIT);
        delay = 1000;
        clearTimeout(timer); timer = null;
        drained().then(function () {
          if (gone || barred) return;
          return stateSaved();
        }).then(function () {
          if (gone || barred) return;
          if (!closing) {
            closing = true;
            clearTimeout(st.timer);
            queue.push(terminated());
            keep();
          }
          pump();
          return drained();
        }).then(function () {
          if (gone) return;
          if (barred || !queue.length && !flight.length) finished();
        });
      }
      choices.querySelector('[data-retry-send]').onclick = attempt;
      choices.querySelector('[data-quit]').onclick = function () {
        gone = true; // nothing more is sent; what is left stays on the device
        clearTimeout(timeout); clearTimeout(timer); clearTimeout(st.timer);
        resolve();
      };
      attempt();
    });
    return finishing;
  }
  /* The page is going (reload, another page, the tab closed) without an orderly end: what can
     still go leaves with keepalive, its membership saved so that the next load settles it. */
  function onHide() {
    if (ended || gone || barred || !lrs || finishing) return;
    if (st.dirty) {
      doc.at = Date.now();
      var body = JSON.stringify(doc);
      Campus.store(keys.state, body);
      request('PUT', stateUrl(), body, { keepalive: true, headers: preconditions() }).catch(function () { /* kept on the device */ });
    }
    if (launch.endsOnLeave && !closing) {
      closing = true;
      queue.push(terminated());
    }
    // The rest of the queue may go beside a batch already in flight, unless that one carries
    // "initialized" (stored first) or the rest ends the session (stored last); else it waits on
    // the device for the next load (a cmi5 reload continues the session; TinCan sends it then).
    var order = !flight.length || !launch.endsOnLeave && !flight.some(function (b) { return b.s.some(function (x) { return x.verb.id === ADL + 'initialized'; }); });
    if (queue.length && order) flight.push(take()); // one request on the way out, within the budget
    keep();
    flight.forEach(function (batch, i) {
      if (batch.u || batch.p !== undefined || (busy && i === 0)) return;
      batch.u = true;
      batch.t = Date.now();
      keep();
      var terminating = ours(batch);
      request('POST', 'statements', JSON.stringify(batch.s), { keepalive: true, final: terminating }).catch(function () { /* settled at the next load */ });
      if (terminating) ended = true;
    });
    keep();
  }

  /* ---- launch modes, retakes, what earlier sessions left ---- */
  /* A note for the learner (not an error): its own box, announced politely. */
  function tell(text) {
    var box = document.createElement('p'), main = document.querySelector('main');
    box.className = 'lms-note';
    box.setAttribute('role', 'status');
    box.textContent = text;
    if (main) main.insertBefore(box, main.firstChild);
  }
  function lockAll() {
    Array.prototype.forEach.call(document.querySelectorAll('.block input, .block select, .block textarea, .block button, [data-redo]'), function (c) { c.disabled = true; });
  }
  function clearAnswers(saved) {
    var data, state;
    try { data = JSON.parse(document.getElementById('campus-data').textContent); state = JSON.parse(saved); } catch (e) { return saved; }
    if (!state || !state.a) return saved;
    Object.keys(data.questions || {}).forEach(function (id) { delete state.a[id]; });
    state.b = 0; // a new try starts at the beginning
    return JSON.stringify(state);
  }
  /* What a closed session of this module could not send: never sent under this one, shown. A batch
     whose answer was lost is looked up once (reading is allowed), then forgotten if stored. */
  function leftovers(prefix) {
    var suffix = ':' + info.key, others, count = 0, checks = [];
    try { others = Object.keys(localStorage).filter(function (k) { return k !== keys.queue && k.indexOf(prefix) === 0 && k.slice(-suffix.length) === suffix; }); } catch (e) { return; }
    others.forEach(function (k) {
      var saved = loadQueue(k), first = saved.q[0] || saved.f[0] && saved.f[0].s[0];
      if (!first || !first.context || first.context.registration !== lrs.registration) return; // another learner's or registration's
      count += saved.q.length;
      saved.f.forEach(function (b) {
        if (!b.u) { count += b.s.length; return; }
        checks.push(function () {
          return request('GET', 'statements?statementId=' + b.s[0].id).then(function (r) {
            if (r.status === 200) { saved.f.splice(saved.f.indexOf(b), 1); Campus.store(k, saved.q.length || saved.f.length ? JSON.stringify(saved) : null); return 0; }
            return b.s.length;
          }, function () { return b.s.length; });
        });
      });
    });
    checks.reduce(function (p, check) { return p.then(function (n) { return check().then(function (m) { return n + m; }); }); }, Promise.resolve(0)).then(function (n) {
      if (count + n) Campus.notify(info.ui.leftover.replace('{n}', count + n));
    });
  }

  /* The interaction definition of a question, from its page: choices, scale, pairs, items. */
  function definition(e) {
    var q = e.question, c = q.c, block = document.getElementById('b-' + e.id), d = { type: 'http://adlnet.gov/expapi/activities/cmi.interaction' };
    function lang(text) { var o = {}; o[info.lang] = text.trim(); return o; }
    function inputs() {
      return Array.prototype.map.call(block.querySelectorAll('input[value]'), function (i) {
        // a statement's answer: named by the heading of its column in the statement's scale
        return { id: i.value, description: lang((document.getElementById(block.dataset.scale + '-' + i.value) || block.querySelector('label[for="' + i.id + '"]') || i.parentNode).textContent) };
      });
    }
    d.description = lang(e.prompt);
    if (e.type === 'reflection') { d.interactionType = 'long-fill-in'; return d; }
    if (e.kind === 'likert') { d.interactionType = 'likert'; d.scale = inputs(); return d; }
    d.interactionType = { single: 'choice', multiple: 'choice', 'true-false': 'true-false', 'fill-in': 'fill-in', numeric: 'numeric', matching: 'matching', ordering: 'sequencing' }[e.kind];
    var list = function (s) { return s.split(',').join('[,]'); };
    if (e.kind === 'single' || e.kind === 'multiple') { d.choices = inputs(); d.correctResponsesPattern = [list(c)]; }
    if (e.kind === 'true-false') d.correctResponsesPattern = [c === 't' ? 'true' : 'false'];
    if (e.kind === 'fill-in') d.correctResponsesPattern = c.map(function (a) { return (q.cs ? '{case_matters=true}' : '') + a; });
    if (e.kind === 'numeric') d.correctResponsesPattern = [c[0] + '[:]' + c[1]];
    if (e.kind === 'matching') {
      d.source = Array.prototype.map.call(block.querySelectorAll('select'), function (s) { return { id: s.getAttribute('data-left'), description: lang(block.querySelector('label[for="' + s.id + '"]').textContent) }; });
      d.target = Array.prototype.map.call(block.querySelectorAll('select')[0].options, function (o) { return { id: o.value, description: lang(o.textContent) }; }).filter(function (t) { return t.id; });
      d.correctResponsesPattern = [c.split(',').map(function (p) { return p + '[.]' + p; }).join('[,]')];
    }
    if (e.kind === 'ordering') {
      // xAPI 1.0.3 lists a sequencing interaction's items as `choices` (`steps` is for performance).
      d.choices = Array.prototype.map.call(block.querySelectorAll('[data-item]'), function (li) { return { id: li.getAttribute('data-item'), description: lang(li.querySelector('.item-text').textContent) }; });
      d.correctResponsesPattern = [list(c)];
    }
    return d;
  }
  function response(e) {
    var r = e.response;
    if (e.type === 'reflection') return e.text;
    if (e.kind === 'true-false') return r === 't' ? 'true' : 'false';
    if (e.kind === 'matching') return r.split(',').map(function (p) { return p.replace(':', '[.]'); }).join('[,]');
    if (e.kind === 'single' || e.kind === 'multiple' || e.kind === 'ordering') return r.split(',').join('[,]');
    return r;
  }

  Campus.use({
    name: launch.name,
    start: function (i) {
      info = i;
      info.lang = document.documentElement.lang;
      var local = null;
      return launch.begin(new URLSearchParams(location.search), i, function (l, path) {
        return request('GET', path, undefined, {}, l);
      }).then(function (l) {
        lrs = l;
        session = l.session || uuid(); // TinCan: each load is a launch of its own
        var prefix = 'campus:' + Campus.namespace + ':' + launch.name + ':';
        // TinCan: one queue per registration and module, carried from load to load; cmi5: one per session.
        keys.queue = prefix + 'queue:' + encodeURIComponent(l.session || l.registration || 'none') + ':' + i.key;
        keys.state = prefix + 'state:' + encodeURIComponent(l.registration || 'none') + ':' + i.key;
        var saved = loadQueue(keys.queue);
        queue = saved.q; flight = saved.f;
        try { local = JSON.parse(Campus.load(keys.state)); } catch (e) { local = null; }
        if (l.session) leftovers(prefix + 'queue:');
        return readState().catch(function () { return null; });
      }).then(function (remote) {
        var saved = local && (!remote || !(remote.at >= local.at)) ? local : remote;
        doc = { state: saved && saved.state, sent: (saved && saved.sent) || {}, at: (saved && saved.at) || 0 };
        if (saved === local && local) st.dirty = true; // this device's copy is newer: it goes again
        var sent = doc.sent, notes = [];
        if (lrs.mastery !== undefined && lrs.judging && info.assessed) notes.push(fill(info.ui.lms_mastery, { mastery: Math.round(lrs.mastery * 100) }));
        if (sent.initialized === session) {
          started = sent.started; // a reload within a cmi5 session continues it
        } else {
          // cmi5: a new session of a judged assessment is a new try (after a failure) or practice
          // (after a pass: nothing decisive is sent again).
          if (lrs.session && lrs.judging && info.assessed && sent.judged && sent.judged !== session && doc.state) {
            doc.state = clearAnswers(doc.state);
            notes.push(sent.passed ? info.ui.practice_again : info.ui.retake);
          }
          sent.initialized = session;
          sent.started = started;
          send('initialized', self(), null, true);
          changed();
        }
        if (lrs.mode === 'Browse') notes.push(info.ui.mode_browse);
        if (lrs.mode === 'Review') notes.push(info.ui.mode_review);
        if (notes.length) tell(notes.join(' '));
        if (lrs.mode === 'Review') setTimeout(lockAll, 0);
        if (sent.passed !== undefined && sent.score !== undefined && lrs.judging && info.assessed) {
          setTimeout(function () { showVerdict(sent.passed, sent.score, lrs.mastery === undefined ? info.mastery / 100 : lrs.mastery); }, 0);
        }
        window.addEventListener('pagehide', onHide);
        pump();
        return { state: doc.state, mastery: lrs.mastery === undefined ? undefined : Math.round(lrs.mastery * 10000) / 100 };
      }, function (error) {
        Campus.notify(error.message);
        return { state: null };
      });
    },
    record: function (e) {
      if (!lrs || closing || lrs.mode === 'Review') return;
      if (e.type === 'page') {
        var name = {};
        name[info.lang] = e.title;
        return send('experienced', { id: info.iri + '#page-' + (e.index + 1), objectType: 'Activity', definition: { name: name } });
      }
      if (e.type === 'answer' || e.type === 'reflection') {
        var result = { response: response(e), duration: iso(e.latency || 0) };
        if (e.type === 'answer' && e.kind !== 'likert') result.success = e.correct;
        return send('answered', { id: info.iri + '/' + e.id, objectType: 'Activity', definition: definition(e) }, result, false, e.attempt);
      }
      milestone(e);
      changed();
    },
    save: function (state, summary) {
      if (!lrs || closing || lrs.mode === 'Review') return;
      var percent = Math.round(summary.progress * 100);
      if (lrs.judging && percent > (doc.sent.progress || 0) && percent < 100 && !doc.sent.completed) {
        doc.sent.progress = percent;
        send('progressed', self(), { extensions: { 'https://w3id.org/xapi/cmi5/result/extensions/progress': percent } });
      }
      if (doc.state === state && !st.dirty) return;
      doc.state = state;
      changed();
    },
    /* The learner leaves by the exit button (`exiting`): an orderly end, awaited before going. The
       page being hidden is handled by our own pagehide listener (onHide). */
    finish: function (exiting) {
      if (!lrs || !exiting) return null;
      return end();
    },
  });
  /* TinCan: following a link to another page ends the module's session in order first. */
  if (launch.endsOnLeave) {
    document.addEventListener('click', function (e) {
      var a = e.target.closest && e.target.closest('a[href]');
      if (!a || !lrs || e.defaultPrevented || e.button || e.ctrlKey || e.metaKey || e.shiftKey || a.target) return;
      var to = new URL(a.href, location.href);
      if (to.pathname === location.pathname && to.search === location.search) return; // a page of this module
      e.preventDefault();
      end().then(function () { location.href = to.href; });
    });
  }
};
