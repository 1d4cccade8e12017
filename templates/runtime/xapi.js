/* xAPI adapters' shared base: statements with ids, a queue in localStorage sent in order and in
   batches, retried with backoff (network errors, 5xx, 429), flushed on pagehide; a batch refused
   with 409 is resent one statement at a time with PUT, so a retry never makes a duplicate. The
   learner's state goes to the Activity State API. tincan.js and cmi5.js give the launch. */
Campus.xapi = function (launch) {
  'use strict';
  var ADL = 'http://adlnet.gov/expapi/verbs/';
  var q = new URLSearchParams(location.search), lrs = null, info = null, started = Date.now(), ended = false;
  var queueKey, queue = [], sending = false, delay = 1000, timer = null, problems = [];
  function uuid() {
    var b = crypto.getRandomValues(new Uint8Array(16)), h = '';
    b[6] = b[6] & 15 | 64; b[8] = b[8] & 63 | 128;
    for (var i = 0; i < 16; i++) h += (b[i] + 256).toString(16).slice(1) + ([3, 5, 7, 9].indexOf(i) >= 0 ? '-' : '');
    return h;
  }
  function iso(ms) { return 'PT' + Math.round(ms / 10) / 100 + 'S'; }
  function notice(text) {
    var box = document.querySelector('.lms-alert') || document.createElement('p');
    box.className = 'lms-alert';
    box.setAttribute('role', 'alert');
    box.textContent = text;
    if (!box.parentNode) document.querySelector('main').insertBefore(box, document.querySelector('main').firstChild);
  }
  function request(method, path, body, keepalive) {
    var headers = { 'X-Experience-API-Version': '1.0.3', Authorization: lrs.auth };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return fetch(lrs.endpoint + path, { method: method, headers: headers, keepalive: !!keepalive,
      body: body === undefined ? undefined : JSON.stringify(body) });
  }
  function keep() { Campus.store(queueKey, queue.length ? JSON.stringify(queue) : null); }
  function refuse(statement, status) {
    problems.push(statement.id);
    notice(info.ui.lrs_refused.replace('{code}', status));
  }
  function retryLater() {
    clearTimeout(timer);
    timer = setTimeout(flush, delay);
    delay = Math.min(delay * 2, 60000);
  }
  /* Sends the queue from the front: a batch by POST; on 409 one by one by PUT. */
  function flush(keepalive) {
    if (sending || !queue.length || !lrs) return Promise.resolve();
    sending = true;
    var batch = queue.slice(0, 20);
    function done(n) { queue.splice(0, n); keep(); delay = 1000; }
    function one(i) {
      if (i >= batch.length) return Promise.resolve();
      return request('PUT', 'statements?statementId=' + batch[i].id, batch[i], keepalive).then(function (r) {
        if (r.status >= 500 || r.status === 429) throw new Error(r.status);
        if (r.status >= 400) refuse(batch[i], r.status);
        done(1);
        return one(i + 1);
      });
    }
    return request('POST', 'statements', batch, keepalive).then(function (r) {
      if (r.status >= 500 || r.status === 429) throw new Error(r.status);
      if (r.status === 409) return one(0);
      if (r.status >= 400) { batch.forEach(function (s) { refuse(s, r.status); }); }
      done(batch.length);
    }).then(function () {
      sending = false;
      if (queue.length) return flush(keepalive);
    }, function () {
      sending = false;
      retryLater();
    });
  }
  function send(verb, object, extra) {
    if (ended) return;
    var s = { id: uuid(), actor: lrs.actor, verb: { id: verb.indexOf(':') > 0 ? verb : ADL + verb, display: { 'en-US': verb.split('/').pop() } },
      object: object, timestamp: new Date().toISOString(), context: launch.context(info, lrs) };
    Object.keys(extra || {}).forEach(function (k) {
      if (k === 'categories') s.context.contextActivities.category = (s.context.contextActivities.category || []).concat(extra[k]);
      else if (k === 'extensions') Object.assign(s.context.extensions = s.context.extensions || {}, extra[k]);
      else s[k] = extra[k];
    });
    queue.push(s);
    keep();
    flush();
  }
  function stateUrl() {
    return 'activities/state?stateId=campus-state&activityId=' + encodeURIComponent(lrs.activity) +
      '&agent=' + encodeURIComponent(JSON.stringify(lrs.actor)) + (lrs.registration ? '&registration=' + lrs.registration : '');
  }
  /* The interaction definition of a question, from its page: choices, scale, pairs, steps. */
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
      d.steps = Array.prototype.map.call(block.querySelectorAll('[data-item]'), function (li) { return { id: li.getAttribute('data-item'), description: lang(li.querySelector('.item-text').textContent) }; });
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
      return launch.begin(q, i).then(function (l) {
        lrs = l;
        queueKey = 'campus:' + Campus.namespace + ':queue:' + (l.session || l.registration || 'none') + ':' + i.key;
        try { queue = JSON.parse(Campus.load(queueKey) || '[]'); } catch (e) { queue = []; }
        launch.leftovers(queueKey, info);
        return request('GET', stateUrl()).then(function (r) { return r.status === 200 ? r.text() : null; }, function () { return null; });
      }).then(function (text) {
        var saved = null;
        try { saved = text && JSON.parse(text); } catch (e) { saved = null; }
        lrs.sent = (saved && saved.sent) || {};
        send('initialized', launch.object(info, lrs), launch.defined(lrs));
        return { state: saved && saved.state };
      }, function (error) {
        notice(error.message);
        return { state: null };
      });
    },
    record: function (e) {
      if (!lrs || ended) return;
      var mine = { id: info.iri + '/' + e.id, objectType: 'Activity' };
      if (e.type === 'page') {
        return send('http://adlnet.gov/expapi/verbs/experienced', { id: info.iri + '#page-' + (e.index + 1), objectType: 'Activity',
          definition: { name: (function () { var n = {}; n[info.lang] = e.title; return n; })() } });
      }
      if (e.type === 'answer' || e.type === 'reflection') {
        mine.definition = definition(e);
        var result = { response: response(e), duration: iso(e.latency || 0) };
        if (e.type === 'answer' && e.kind !== 'likert') result.success = e.correct;
        return send('answered', mine, { result: result });
      }
      launch.milestone(e, send, lrs, info, Date.now() - started);
    },
    save: function (state, summary) {
      if (!lrs || ended) return;
      var percent = Math.round(summary.progress * 100);
      if (percent > (lrs.progress || 0) && percent < 100) {
        lrs.progress = percent;
        send('progressed', launch.object(info, lrs), { result: { extensions: { 'https://w3id.org/xapi/cmi5/result/extensions/progress': percent } } });
      }
      request('PUT', stateUrl(), { state: state, sent: lrs.sent }).catch(function () { /* sent again on the next save */ });
    },
    finish: function () {
      if (!lrs || ended) return;
      send('terminated', launch.object(info, lrs), Object.assign({ result: { duration: iso(Date.now() - started) } }, launch.defined(lrs)));
      ended = true;
      flush(true);
      launch.exit(lrs);
    },
    iso: iso
  });
};
