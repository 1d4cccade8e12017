/* The single-SCO course player (`campus build --single-sco`): one SCO for the whole course. It
   opens the LMS session once, shows each module page in a frame and hands the module a stand-in
   API object: each module keeps its own state, bookmark, status and score inside the course's
   one suspend_data, its interactions are numbered course-wide, and the course's status and score
   are made from the modules'. The module pages are the same as in the one-SCO-per-module
   packages.

   The player's script is this file, then scorm-api.js (finding the LMS's API) and the version's
   dialect (scorm12.js or scorm2004.js), the same files as in a module's campus.js: the dialect's
   Campus.scorm(dialect) call starts the player, which speaks the version through it (API names,
   elements, status and score, session time). */
var Campus = {
  /** @param {Dialect} d */
  scorm: function (d) {
    'use strict';
    var data = JSON.parse(document.getElementById('campus-data').textContent);
    var frame = document.querySelector('iframe'), started = Date.now(), live = false, leaving = false;
    var lms = Campus.lms(d.api);
    /* course = {c: module shown, m: {id: {s: its state, l: its bookmark, v: {element: value}}},
       x: ["module:n", …] the course-wide number of each module's interaction n} */
    var course = { c: data.modules[0].id, m: {}, x: [] };
    if (lms) {
      live = String(lms[d.init]('')) === 'true';
      // a state once the course was attempted (not cmi.entry: see scorm.js)
      if (live && Campus.attempted(String(lms[d.get](d.completion)))) {
        try { course = JSON.parse(String(lms[d.get](d.suspend))) || course; } catch (e) { /* a new course state */ }
      }
    }
    var current = course.c;
    function mine() { return course.m[current] = course.m[current] || { v: {} }; }
    /** Calls the LMS's function d[name] (a success without an LMS). */
    function real(name, a, b) { return live ? String(lms[d[name]](a, b)) : 'true'; }
    function set(element, value) { real('set', element, String(value)); }
    /* The course's status and score, from the modules' own, written by the dialect as a module's. */
    function rollup() {
      var done = 0, assessed = 0, passed = 0, scored = 0, sum = 0;
      data.modules.forEach(function (module) {
        var v = (course.m[module.id] || { v: {} }).v, status = v[d.completion], success = v[d.success];
        var score = parseFloat(v[d.score + 'raw']);
        if (status === 'completed' || status === 'passed' || status === 'failed') done++;
        if (module.assessed) {
          assessed++;
          if (success === 'passed') passed++;
          if (!isNaN(score)) { scored++; sum += score; }
        }
        var label = document.querySelector('[data-status="' + module.id + '"]');
        if (label) label.textContent = status === 'completed' || success === 'passed' ? '✓' : '';
      });
      var complete = done === data.modules.length, judged = assessed > 0 && scored === assessed;
      var raw = Math.round(sum / assessed * 100) / 100;
      d.status({ completed: complete, progress: done / data.modules.length, scaled: judged ? raw / 100 : null, passed: judged ? passed === assessed : null },
        set, { assessed: assessed > 0, course: true });
      set(d.exit, complete && (!assessed || judged) ? d.done : 'suspend');
      return complete;
    }
    function keep() {
      course.c = current;
      set(d.location, current);
      return real('set', d.suspend, JSON.stringify(course));
    }
    var standIn = {};
    // A module page opens its session when it starts: from then on its calls are its own (the
    // previous page's last calls, on its way out, still belong to the previous module).
    standIn[d.init] = function () {
      var file = frame.contentWindow.location.pathname.split('/').pop();
      data.modules.forEach(function (module) { if (module.href === file) current = module.id; });
      return 'true';
    };
    standIn[d.commit] = function () { keep(); rollup(); return leaving ? 'true' : real('commit', ''); };
    // A module ends when its page goes away: to show another module (whose first save commits),
    // or because the whole player goes, when no commit is possible any more (the browser refuses
    // the request) and the player's own LMSFinish/Terminate saves everything.
    standIn[d.finish] = function () { keep(); rollup(); return 'true'; };
    standIn[d.error] = function () { return real('error'); };
    standIn[d.errorText] = function (c) { return real('errorText', c); };
    standIn[d.diagnostic] = function (c) { return real('diagnostic', c); };
    standIn[d.get] = function (element) {
      var m = mine();
      // A module is attempted once it saved a state; the LMS's pass mark is the course's, not a module's.
      if (element === d.completion && !(element in m.v)) return m.s ? 'incomplete' : 'not attempted';
      if (element === d.mastery) return '';
      if (element === d.suspend) return m.s ? JSON.stringify(m.s) : '';
      if (element === d.location) return m.l || '';
      if (element in m.v) return m.v[element];
      return real('get', element);
    };
    standIn[d.set] = function (element, value) {
      var m = mine(), prefix = d.interaction + '.';
      var interaction = element.indexOf(prefix) === 0 && /^(\d+)\.(.+)$/.exec(element.slice(prefix.length));
      // Kept parsed, so the course's suspend_data does not escape each module's state twice.
      if (element === d.suspend) { m.s = JSON.parse(value); return 'true'; }
      if (element === d.location) { m.l = String(value); return 'true'; }
      if (element === d.exit || element === d.session) return 'true';
      if (interaction) {
        var key = current + ':' + interaction[1], n = course.x.indexOf(key);
        if (n < 0) { n = course.x.length; course.x.push(key); }
        // ids never contain a dot: module `a` + question `b-c` stays apart from `a-b` + `c`
        if (interaction[2] === 'id') value = current + '.' + value;
        return real('set', prefix + n + '.' + interaction[2], value);
      }
      m.v[element] = String(value);
      return 'true';
    };
    window[d.api] = standIn;
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
      set(d.session, d.time(Date.now() - started));
      live = false;
      lms[d.finish]('');
    });
  }
};
