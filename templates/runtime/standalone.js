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
    page: function (data) {
      var ui = data.ui, forget = document.querySelector('[data-forget]');
      if (forget) {
        forget.hidden = false;
        forget.addEventListener('click', function () {
          try {
            Object.keys(localStorage).forEach(function (k) { if (k.indexOf(ns) === 0) localStorage.removeItem(k); });
          } catch (e) { /* nothing stored */ }
          document.querySelector('[data-forget-status]').textContent = ui.forgotten;
          setTimeout(function () { location.reload(); }, 800);
        });
      }
      if (data.kind !== 'path-summary') return;
      // The path summary: each module's progress as this browser kept it, and the whole path's.
      var rows = document.querySelectorAll('[data-progress]'), done = 0, assessed = 0, passed = 0;
      Array.prototype.forEach.call(rows, function (row) {
        var p = null, status = row.querySelector('[data-cell=status]'), score = row.querySelector('[data-cell=score]');
        if (row.hasAttribute('data-assessed')) assessed++;
        try { p = JSON.parse(Campus.load(key('progress', row.getAttribute('data-progress')))); } catch (e) { p = null; }
        if (!p) return;
        if (p.completed) done++;
        status.textContent = p.completed ? ui.done : ui.in_progress;
        status.setAttribute('data-state', p.completed ? 'done' : 'doing');
        if (p.scaled !== null && p.passed !== null) {
          if (p.passed) passed++;
          score.textContent = ui.percent.replace('{score}', Math.round(p.scaled * 100)) + ' · ' + (p.passed ? ui.passed : ui.failed);
          score.className = 'score ' + (p.passed ? 'ok' : 'ko');
        }
      });
      var fill = function (sel, text, n, total) { document.querySelector(sel).textContent = text.replace('{n}', n).replace('{total}', total); };
      fill('[data-overall=done]', ui.overall_done, done, rows.length);
      if (assessed) fill('[data-overall=passed]', ui.overall_passed, passed, assessed);
    }
  });
})();
