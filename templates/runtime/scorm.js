/* SCORM adapters' shared base: find the LMS's API object, call it only between initialise and
   finish, journal one interaction per question, and tell the learner when the LMS refuses a value
   (their answers stay on the page). scorm12.js and scorm2004.js give the dialect. */
Campus.scorm = function (d) {
  'use strict';
  var api = null, live = false, started = Date.now(), info = null, alerted = false;
  function find() {
    var places = [window.parent, window.opener && window.opener];
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
    var box = document.createElement('p');
    box.className = 'lms-alert';
    box.setAttribute('role', 'alert');
    box.textContent = text;
    document.querySelector('main').insertBefore(box, document.querySelector('main').firstChild);
  }
  function failed() {
    var code = String(api[d.error]());
    alert(info.ui.lms_error.replace('{code}', code + ' ' + String(api[d.errorText](code))));
  }
  function get(el) { return live ? String(api[d.get](el)) : ''; }
  function set(el, value) { if (live && String(api[d.set](el, String(value))) !== 'true') failed(); }
  function commit() { if (live && String(api[d.commit]('')) !== 'true') failed(); }
  function pad(n, w) { n = String(n); while (n.length < w) n = '0' + n; return n; }
  var shared = {
    pad: pad,
    hms: function (ms) {
      var s = ms / 1000;
      return pad(Math.floor(s / 3600), 2) + ':' + pad(Math.floor(s % 3600 / 60), 2) + ':' + pad((s % 60).toFixed(2), 5);
    },
    iso: function (ms) {
      var s = ms / 1000;
      return 'PT' + Math.floor(s / 3600) + 'H' + Math.floor(s % 3600 / 60) + 'M' + (s % 60).toFixed(2) + 'S';
    }
  };
  Campus.use({
    name: d.name,
    start: function (i) {
      info = i;
      api = find();
      if (!api) { alert(i.ui.lms_missing); return Promise.resolve({ state: null }); }
      live = String(api[d.init]('')) === 'true';
      if (!live) { failed(); return Promise.resolve({ state: null }); }
      var resumed = get(d.entry) !== 'ab-initio';
      return Promise.resolve({ state: resumed ? get(d.suspend) || null : null });
    },
    record: function (e) {
      if (e.type !== 'answer' && e.type !== 'reflection') return;
      var n = d.interaction + '.' + e.index + '.', x = d.describe(e, shared);
      set(n + 'id', e.id);
      set(n + 'type', x.type);
      x.fields.forEach(function (f) { set(n + f[0], f[1]); });
      set(n + d.response, x.response);
      set(n + 'result', x.result);
      set(n + 'latency', d.time(e.latency || 0, shared));
    },
    save: function (state, summary) {
      if (!live) return;
      set(d.suspend, state);
      set(d.location, summary.location);
      d.status(summary, set, info);
      set(d.exit, summary.completed ? d.done : 'suspend');
      commit();
    },
    finish: function () {
      if (!live) return;
      set(d.session, d.time(Date.now() - started, shared));
      commit();
      live = false;
      api[d.finish]('');
    }
  });
};
