/* xAPI adapters' shared base. Every statement gets its id and is queued in localStorage before it
   is sent; the queue goes in order, in batches, retried with backoff (network errors, 5xx, 429);
   a refused batch goes again one statement at a time with PUT, so a retry never makes a duplicate
   and only a statement really refused is reported. The learner's state, and what was already
   declared (completed, passed…), go to the Activity State API, kept locally until the LRS has them.
   tincan.js and cmi5.js give the launch: begin(query, info, get) resolves to {endpoint, auth,
   actor, registration, activity, session?, template?, mastery?, judging}; get(lrs, path) reads
   from the LRS. */
Campus.xapi = function (launch) {
  'use strict';
  var ADL = 'http://adlnet.gov/expapi/verbs/';
  var lrs = null, info = null, started = Date.now(), ended = false, session, doc;
  var keys = {}, queue = [], sending = false, delay = 1000, timer = null, barred = false;
  function uuid() {
    var b = crypto.getRandomValues(new Uint8Array(16)), h = '';
    b[6] = b[6] & 15 | 64; b[8] = b[8] & 63 | 128;
    for (var i = 0; i < 16; i++) h += (b[i] + 256).toString(16).slice(1) + ([3, 5, 7, 9].indexOf(i) >= 0 ? '-' : '');
    return h;
  }
  function iso(ms) { return 'PT' + Math.round(ms / 10) / 100 + 'S'; }
  /* Credentials go in the Authorization header only: with cookies allowed, a 401 from an LRS on
     the page's own origin would open the browser's login dialog and hold the request. */
  function request(method, path, body, keepalive, to) {
    to = to || lrs;
    var headers = { 'X-Experience-API-Version': '1.0.3', Authorization: to.auth };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return fetch(to.endpoint + path, { method: method, headers: headers, keepalive: !!keepalive, credentials: 'omit',
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  }

  /* ---- the queue ---- */
  function keep() { Campus.store(keys.queue, queue.length ? JSON.stringify(queue) : null); }
  function refused(status) { Campus.notify(info.ui.lrs_refused.replace('{code}', status)); }
  /* A batch by POST; if it is refused, one by one by PUT: 2xx is stored (also when it already
     was), another 4xx is reported and that statement dropped. Network errors, 5xx and 429 reject:
     retried later. 401 and 403 bar the launch itself (its session closed): reported, nothing
     more is sent and the queue is kept. */
  function deliver(batch) {
    function check(r) {
      if (r.status === 401 || r.status === 403) { barred = true; refused(r.status); }
      if (barred || r.status >= 500 || r.status === 429) throw new Error(r.status);
      return r;
    }
    function one(i) {
      if (i >= batch.length) return null;
      return request('PUT', 'statements?statementId=' + batch[i].id, batch[i]).then(check).then(function (r) {
        if (!r.ok) refused(r.status);
        return one(i + 1);
      });
    }
    return request('POST', 'statements', batch).then(check).then(function (r) { return r.ok ? null : one(0); });
  }
  function flush() {
    if (sending || barred || !queue.length) return;
    sending = true;
    var batch = queue.slice(0, 20);
    deliver(batch).then(function () {
      queue.splice(0, batch.length);
      keep();
      sending = false;
      delay = 1000;
      flush();
    }, function () {
      sending = false;
      clearTimeout(timer);
      timer = setTimeout(flush, delay);
      delay = Math.min(delay * 2, 60000);
    });
  }
  /* Leaving: what is still queued goes in one keepalive POST (within the browser's 64 kB), in
     order. The answer may never come: it all stays queued for the next load, where ids make the
     resend harmless. */
  function flushOnLeave() {
    var n = barred ? 0 : queue.length, body;
    while (n && new Blob([body = JSON.stringify(queue.slice(0, n))]).size > 60000) n = n >> 1;
    if (n) request('POST', 'statements', body, true).catch(function () { /* kept for the next load */ });
  }
  /* Queues of this module's earlier sessions (cmi5), never sent under this one: what the LRS
     already holds (sent as its page closed) is forgotten, the rest is kept and shown. */
  function leftovers(prefix) {
    var suffix = ':' + info.key, others;
    try { others = Object.keys(localStorage).filter(function (k) { return k !== keys.queue && k.indexOf(prefix) === 0 && k.slice(-suffix.length) === suffix; }); } catch (e) { return; }
    Promise.all(others.map(function (k) {
      var list;
      try { list = JSON.parse(Campus.load(k)) || []; } catch (e) { list = []; }
      return Promise.all(list.map(function (s) {
        return request('GET', 'statements?statementId=' + s.id).then(function (r) { return r.ok ? null : s; }, function () { return s; });
      })).then(function (left) {
        left = left.filter(Boolean);
        Campus.store(k, left.length ? JSON.stringify(left) : null);
        return left.length;
      });
    })).then(function (counts) {
      var n = counts.reduce(function (a, b) { return a + b; }, 0);
      if (n) Campus.notify(info.ui.leftover.replace('{n}', n));
    });
  }
  function drained(ms) {
    clearTimeout(timer);
    delay = 1000;
    flush();
    var end = Date.now() + ms;
    return new Promise(function (done) {
      (function wait() { if (!queue.length || barred || Date.now() > end) done(); else setTimeout(wait, 100); })();
    });
  }

  /* ---- statements ---- */
  function self() { return { id: lrs.activity, objectType: 'Activity' }; }
  /* The context starts from the LMS's template (cmi5), never overwritten; `defined` marks a cmi5
     defined statement, which the launch completes (categories, extensions). */
  function send(verb, object, result, defined) {
    if (ended) return;
    var c = JSON.parse(JSON.stringify(lrs.template || {})), a = c.contextActivities = c.contextActivities || {};
    a.grouping = (a.grouping || []).concat([{ id: info.courseIri }, { id: info.pathIri }]);
    if (object.id !== lrs.activity) a.parent = (a.parent || []).concat([{ id: lrs.activity }]);
    if (lrs.registration) c.registration = lrs.registration;
    c.language = c.language || info.lang;
    c.platform = c.platform || 'Campus';
    var s = { id: uuid(), actor: lrs.actor, verb: { id: ADL + verb, display: { 'en-US': verb } }, object: object,
      timestamp: new Date().toISOString(), context: c };
    if (result) s.result = result;
    if (defined) launch.defined(s, lrs);
    queue.push(s);
    keep();
    flush();
  }
  /* completed and passed at most once per registration; one of passed or failed per session,
     never failed after passed; each with its duration. */
  function milestone(e) {
    var sent = doc.sent, duration = iso(Date.now() - started);
    if (!lrs.judging) return;
    if (e.type === 'completed' && !sent.completed) {
      sent.completed = true;
      send('completed', self(), { completion: true, duration: duration }, true);
    }
    if (e.type === 'scored' && !sent.passed && sent.judged !== session) {
      var passed = lrs.mastery === undefined ? e.passed : e.scaled >= lrs.mastery;
      sent.passed = passed;
      sent.judged = session;
      send(passed ? 'passed' : 'failed', self(), { success: passed, duration: duration,
        score: { scaled: e.scaled, raw: Math.round(e.scaled * 100), min: 0, max: 100 } }, true);
    }
  }

  /* ---- the state document: {state, sent, at}, kept locally until the LRS confirms it ---- */
  function stateUrl() {
    return 'activities/state?stateId=campus-state&activityId=' + encodeURIComponent(lrs.activity) +
      '&agent=' + encodeURIComponent(JSON.stringify(lrs.actor)) + (lrs.registration ? '&registration=' + lrs.registration : '');
  }
  function saveState(keepalive) {
    doc.at = Date.now();
    var body = JSON.stringify(doc);
    Campus.store(keys.state, body);
    request('PUT', stateUrl(), body, keepalive).then(function (r) {
      if (r.ok && Campus.load(keys.state) === body) Campus.store(keys.state, null);
    }, function () { /* sent again with the next save, or on the next load */ });
  }
  /* The LRS's document, or this device's if the LRS has not confirmed a newer one. */
  function readState() {
    var local = null;
    try { local = JSON.parse(Campus.load(keys.state)); } catch (e) { local = null; }
    return request('GET', stateUrl()).then(function (r) { return r.status === 200 ? r.json() : null; }).catch(function () { return null; }).then(function (remote) {
      if (local && (!remote || !(remote.at >= local.at))) return local;
      Campus.store(keys.state, null);
      return remote;
    });
  }

  /* The interaction definition of a question, from its page: choices, scale, pairs, items. */
  function definition(e) {
    var q = e.question, c = q.c, block = document.getElementById('b-' + e.id), d = { type: 'http://adlnet.gov/expapi/activities/cmi.interaction' };
    function lang(text) { var o = {}; o[info.lang] = text.trim(); return o; }
    function inputs() {
      return Array.prototype.map.call(block.querySelectorAll('input[value]'), function (i) {
        return { id: i.value, description: lang((block.querySelector('label[for="' + i.id + '"]') || i.parentNode).textContent) };
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
      return launch.begin(new URLSearchParams(location.search), i, function (l, path) { return request('GET', path, undefined, false, l); }).then(function (l) {
        lrs = l;
        session = l.session || uuid(); // TinCan: each load is a launch of its own
        var prefix = 'campus:' + Campus.namespace + ':' + launch.name + ':';
        keys.queue = prefix + 'queue:' + encodeURIComponent(l.session || l.registration || 'none') + ':' + i.key;
        keys.state = prefix + 'state:' + encodeURIComponent(l.registration || 'none') + ':' + i.key;
        try { queue = JSON.parse(Campus.load(keys.queue) || '[]'); } catch (e) { queue = []; }
        if (l.session) leftovers(prefix + 'queue:');
        return readState();
      }).then(function (saved) {
        doc = { state: saved && saved.state, sent: (saved && saved.sent) || {} };
        if (doc.sent.initialized === session) {
          started = doc.sent.started; // a reload within a cmi5 session continues it
        } else {
          doc.sent.initialized = session;
          doc.sent.started = started;
          send('initialized', self(), null, true);
        }
        flush();
        return { state: doc.state };
      }, function (error) {
        Campus.notify(error.message);
        return { state: null };
      });
    },
    record: function (e) {
      if (!lrs || ended) return;
      if (e.type === 'page') {
        var name = {};
        name[info.lang] = e.title;
        return send('experienced', { id: info.iri + '#page-' + (e.index + 1), objectType: 'Activity', definition: { name: name } });
      }
      if (e.type === 'answer' || e.type === 'reflection') {
        var result = { response: response(e), duration: iso(e.latency || 0) };
        if (e.type === 'answer' && e.kind !== 'likert') result.success = e.correct;
        return send('answered', { id: info.iri + '/' + e.id, objectType: 'Activity', definition: definition(e) }, result);
      }
      milestone(e);
    },
    save: function (state, summary) {
      if (!lrs || ended) return;
      var percent = Math.round(summary.progress * 100);
      if (percent > (doc.sent.progress || 0) && percent < 100 && !doc.sent.completed) {
        doc.sent.progress = percent;
        send('progressed', self(), { extensions: { 'https://w3id.org/xapi/cmi5/result/extensions/progress': percent } });
      }
      doc.state = state;
      saveState(false);
    },
    /* The learner leaves: `exiting` when by the exit button (the statements are sent before the
       page goes), else the page is being hidden (a reload, another page, the tab closed). cmi5
       ends its session on exit only, since a reload continues the session; TinCan ends on both. */
    finish: function (exiting) {
      if (!lrs) return null;
      if (!ended && (exiting || launch.endsOnLeave)) {
        send('terminated', self(), { duration: iso(Date.now() - started) }, true);
        ended = true;
      }
      saveState(true);
      if (exiting) return drained(5000).then(flushOnLeave);
      flushOnLeave();
      return null;
    }
  });
};
