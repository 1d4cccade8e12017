/* The single-SCO course player (`campus build --single-sco`): one SCO for the whole course. It
   opens the LMS session once, shows each module page in a frame and hands the module a stand-in
   API object: each module keeps its own state, bookmark, status and score inside the course's
   one suspend_data, its interactions are numbered course-wide, and the course's status and score
   are made from the modules'. The module pages are the same as in the one-SCO-per-module
   packages. */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('campus-data').textContent);
  var old = data.scorm === '1.2';
  var N = old ? { api: 'API', init: 'LMSInitialize', finish: 'LMSFinish', get: 'LMSGetValue', set: 'LMSSetValue', commit: 'LMSCommit',
    error: 'LMSGetLastError', text: 'LMSGetErrorString', diagnostic: 'LMSGetDiagnostic', entry: 'cmi.core.entry',
    suspend: 'cmi.suspend_data', location: 'cmi.core.lesson_location', exit: 'cmi.core.exit', session: 'cmi.core.session_time' }
    : { api: 'API_1484_11', init: 'Initialize', finish: 'Terminate', get: 'GetValue', set: 'SetValue', commit: 'Commit',
    error: 'GetLastError', text: 'GetErrorString', diagnostic: 'GetDiagnostic', entry: 'cmi.entry',
    suspend: 'cmi.suspend_data', location: 'cmi.location', exit: 'cmi.exit', session: 'cmi.session_time' };
  var frame = document.querySelector('iframe'), started = Date.now(), live = false, leaving = false;
  var lms = null;
  for (var w = window.parent, hops = 0; w && hops < 10 && !lms; hops++) {
    try { lms = w[N.api] || null; } catch (e) { break; }
    if (w.parent === w) break;
    w = w.parent;
  }
  if (!lms && window.opener) lms = window.opener[N.api] || null;
  /* course = {c: module shown, m: {id: {s: its state, l: its bookmark, v: {element: value}}},
     x: ["module:n", …] the course-wide number of each module's interaction n} */
  var course = { c: data.modules[0].id, m: {}, x: [] };
  if (lms) {
    live = String(lms[N.init]('')) === 'true';
    if (live && String(lms[N.get](N.entry)) !== 'ab-initio') {
      try { course = JSON.parse(String(lms[N.get](N.suspend))) || course; } catch (e) { /* a new course state */ }
    }
  }
  var current = course.c;
  function mine() { return course.m[current] = course.m[current] || { v: {} }; }
  function real(name, a, b) { return live ? String(lms[N[name]](a, b)) : 'true'; }
  function scoreOf(m) { return parseFloat(m.v[old ? 'cmi.core.score.raw' : 'cmi.score.raw']); }
  /* The course's status and score, from the modules' own. */
  function rollup() {
    var done = 0, assessed = 0, passed = 0, scored = 0, sum = 0;
    data.modules.forEach(function (d) {
      var m = course.m[d.id] || { v: {} }, v = m.v;
      var status = old ? v['cmi.core.lesson_status'] : v['cmi.completion_status'];
      var success = old ? status : v['cmi.success_status'];
      if (status === 'completed' || status === 'passed' || status === 'failed') done++;
      if (d.assessed) {
        assessed++;
        if (success === 'passed') passed++;
        if (!isNaN(scoreOf(m))) { scored++; sum += scoreOf(m); }
      }
      var label = document.querySelector('[data-status="' + d.id + '"]');
      if (label) label.textContent = status === 'completed' || success === 'passed' ? '✓' : '';
    });
    var complete = done === data.modules.length, judged = assessed > 0 && scored === assessed;
    var raw = judged ? Math.round(sum / assessed * 100) / 100 : null;
    if (old) {
      real('set', 'cmi.core.lesson_status', judged && complete ? (passed === assessed ? 'passed' : 'failed') : complete ? 'completed' : 'incomplete');
      if (raw !== null) { real('set', 'cmi.core.score.min', '0'); real('set', 'cmi.core.score.max', '100'); real('set', 'cmi.core.score.raw', String(raw)); }
    } else {
      real('set', 'cmi.completion_status', complete ? 'completed' : 'incomplete');
      real('set', 'cmi.progress_measure', String(Math.round(done / data.modules.length * 100) / 100));
      if (judged) {
        real('set', 'cmi.success_status', passed === assessed ? 'passed' : 'failed');
        real('set', 'cmi.score.scaled', String(raw / 100));
        real('set', 'cmi.score.raw', String(raw)); real('set', 'cmi.score.min', '0'); real('set', 'cmi.score.max', '100');
      }
    }
    real('set', N.exit, complete && (!assessed || judged) ? (old ? '' : 'normal') : 'suspend');
    return complete;
  }
  function keep() {
    course.c = current;
    real('set', N.location, current);
    return real('set', N.suspend, JSON.stringify(course));
  }
  var standIn = {};
  // A module page opens its session when it starts: from then on its calls are its own (the
  // previous page's last calls, on its way out, still belong to the previous module).
  standIn[N.init] = function () {
    var file = frame.contentWindow.location.pathname.split('/').pop();
    data.modules.forEach(function (d) { if (d.href === file) current = d.id; });
    return 'true';
  };
  standIn[N.commit] = function () { keep(); rollup(); return leaving ? 'true' : real('commit', ''); };
  // A module ends when its page goes away: to show another module (whose first save commits),
  // or because the whole player goes, when no commit is possible any more (the browser refuses
  // the request) and the player's own LMSFinish/Terminate saves everything.
  standIn[N.finish] = function () { keep(); rollup(); return 'true'; };
  standIn[N.error] = function () { return real('error'); };
  standIn[N.text] = function (c) { return real('text', c); };
  standIn[N.diagnostic] = function (c) { return real('diagnostic', c); };
  standIn[N.get] = function (element) {
    var m = mine();
    if (element === N.entry) return m.s ? 'resume' : 'ab-initio';
    if (element === N.suspend) return m.s ? JSON.stringify(m.s) : '';
    if (element === N.location) return m.l || '';
    if (element in m.v) return m.v[element];
    return real('get', element);
  };
  standIn[N.set] = function (element, value) {
    var m = mine(), interaction = /^cmi\.interactions\.(\d+)\.(.+)$/.exec(element);
    // Kept parsed, so the course's suspend_data does not escape each module's state twice.
    if (element === N.suspend) { m.s = JSON.parse(value); return 'true'; }
    if (element === N.location) { m.l = String(value); return 'true'; }
    if (element === N.exit || element === N.session) return 'true';
    if (interaction) {
      var key = current + ':' + interaction[1], n = course.x.indexOf(key);
      if (n < 0) { n = course.x.length; course.x.push(key); }
      if (interaction[2] === 'id') value = current + '-' + value;
      return real('set', 'cmi.interactions.' + n + '.' + interaction[2], value);
    }
    m.v[element] = String(value);
    return 'true';
  };
  window[N.api] = standIn;
  document.querySelectorAll('[data-module]').forEach(function (a) {
    if (a.getAttribute('data-module') === course.c) frame.src = a.href;
  });
  rollup();
  window.addEventListener('pagehide', function () {
    if (!live) return;
    leaving = true;
    // The module's own pagehide comes after ours: let it save first.
    try { frame.contentWindow.dispatchEvent(new Event('pagehide')); } catch (e) { /* nothing to save */ }
    keep();
    rollup();
    var s = (Date.now() - started) / 1000;
    real('set', N.session, old
      ? ('0' + Math.floor(s / 3600)).slice(-2) + ':' + ('0' + Math.floor(s % 3600 / 60)).slice(-2) + ':' + ('0' + (s % 60).toFixed(2)).slice(-5)
      : 'PT' + Math.floor(s / 3600) + 'H' + Math.floor(s % 3600 / 60) + 'M' + (s % 60).toFixed(2) + 'S');
    live = false;
    lms[N.finish]('');
  });
})();
