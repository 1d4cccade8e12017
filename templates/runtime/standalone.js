/* Standalone adapter: no learning platform; state and progress are kept in this browser
   (localStorage), so progress and answers survive a reload. Used by the web edition and when a
   package is opened without an LMS. */
(function () {
  'use strict';
  var ns = 'campus:';
  function key(kind, k) { return ns + (Campus.namespace || '') + ':' + kind + ':' + k; }
  var current = null;
  Campus.use({
    name: 'standalone',
    start: function (info) {
      current = info;
      return Promise.resolve({ state: Campus.load(key('state', info.key)) });
    },
    record: function () { /* nothing to send: the state holds all a learner did */ },
    save: function (state, summary) {
      Campus.store(key('state', current.key), state);
      Campus.store(key('progress', current.key), JSON.stringify(summary));
    },
    finish: function () {},
    progress: function (k) {
      try { return JSON.parse(Campus.load(key('progress', k))); } catch (e) { return null; }
    },
    forget: function () {
      try {
        Object.keys(localStorage).forEach(function (k) { if (k.indexOf(ns) === 0) localStorage.removeItem(k); });
      } catch (e) { /* nothing stored */ }
    }
  });
})();
