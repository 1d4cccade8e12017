/* SCORM adapters' shared base: find the LMS's API object, call it only between initialise and
   finish, journal one interaction per question, and tell the learner when the LMS refuses a value
   (their answers stay on the page). scorm12.js and scorm2004.js give the dialect. */
Campus.scorm = function (d) {
  'use strict';
  var api = null, live = false, leaving = false, started = Date.now(), info = null, alerted = false;
  // Registered before the core's own pagehide handler: no LMSCommit while the page goes away (a
  // synchronous request is refused then); LMSFinish persists the data.
  window.addEventListener('pagehide', function () { leaving = true; });
  function find() {
    var places = [window.parent, window.opener];
    for (var p = 0; p < places.length; p++) {
      for (var w = places[p], hops = 0; w && hops < 10; hops++) {
        try { if (w[d.api]) return w[d.api]; } catch (e) { break; }
        if (w.parent === w) break;
        w = w.parent;
      }
    }
    return window[d.api] || null;
  }
  function alert(text) {
    if (alerted) return;
    alerted = true;
    var box = document.createElement('p'), main = document.querySelector('main');
    box.className = 'lms-alert';
    box.setAttribute('role', 'alert');
    box.textContent = text;
    main.insertBefore(box, main.firstChild);
  }
  function failed() {
    var code = String(api[d.error]());
    alert(info.ui.lms_error.replace('{code}', code + ' ' + String(api[d.errorText](code))));
  }
  function get(el) { return live ? String(api[d.get](el)) : ''; }
  function set(el, value) { if (live && String(api[d.set](el, String(value))) !== 'true') failed(); }
  function commit() { if (live && !leaving && String(api[d.commit]('')) !== 'true') failed(); }
  Campus.use({
    name: d.name,
    start: function (i) {
      info = i;
      api = find();
      live = !!api && String(api[d.init]('')) === 'true';
      if (!live) { if (api) failed(); else alert(i.ui.lms_missing); return Promise.resolve({ state: null }); }
      // a new attempt (ab-initio) starts clean; a resumed one restores
      return Promise.resolve({ state: get(d.entry) !== 'ab-initio' ? get(d.suspend) || null : null });
    },
    record: function (e) {
      if (e.type !== 'answer' && e.type !== 'reflection') return;
      // One-line texts (line breaks are refused in responses and descriptions); numbers as SCORM
      // reals: "2,5" typed in French is 2.5, and beyond ten digits the largest real.
      e.prompt = e.prompt.replace(/\s+/g, ' ');
      if (e.text) e.text = e.text.replace(/\s+/g, ' ');
      if (e.kind === 'numeric') e.response = Math.max(1 - 1e10, Math.min(1e10 - 1, parseFloat(e.response.replace(/\s/g, '').replace(',', '.')))).toFixed(7).replace(/\.?0+$/, '');
      var n = d.interaction + '.' + e.index + '.', x = d.describe(e);
      set(n + 'id', e.id);
      set(n + 'type', x.type);
      x.fields.forEach(function (f) { set(n + f[0], f[1]); });
      set(n + d.response, x.response);
      set(n + 'result', x.result);
      set(n + 'latency', d.time(e.latency || 0));
    },
    save: function (state, summary) {
      if (!live) return;
      set(d.suspend, state);
      set(d.location, summary.location);
      d.status(summary, set, info);
      // suspend until the learner is done: every page seen and, in an assessed module, every question answered
      set(d.exit, summary.completed && (!info.assessed || summary.passed !== null) ? d.done : 'suspend');
      commit();
    },
    finish: function () {
      if (!live) return;
      set(d.session, d.time(Date.now() - started));
      live = false;
      api[d.finish]('');
    }
  });
};
