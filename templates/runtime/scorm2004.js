/* SCORM 2004 dialect: window.API_1484_11, completion and success apart, "[,]" delimiters. */
Campus.scorm({
  name: 'scorm2004', api: 'API_1484_11', init: 'Initialize', finish: 'Terminate', get: 'GetValue', set: 'SetValue',
  commit: 'Commit', error: 'GetLastError', errorText: 'GetErrorString',
  entry: 'cmi.entry', suspend: 'cmi.suspend_data', location: 'cmi.location', exit: 'cmi.exit',
  done: 'normal', session: 'cmi.session_time', interaction: 'cmi.interactions', response: 'learner_response',
  time: function (ms) {
    var s = ms / 1000;
    return 'PT' + Math.floor(s / 3600) + 'H' + Math.floor(s % 3600 / 60) + 'M' + (s % 60).toFixed(2) + 'S';
  },
  status: function (s, set, info) {
    set('cmi.completion_status', s.completed ? 'completed' : 'incomplete');
    set('cmi.progress_measure', Math.round(s.progress * 100) / 100);
    if (info.assessed && s.passed !== null) {
      set('cmi.success_status', s.passed ? 'passed' : 'failed');
      set('cmi.score.scaled', s.scaled);
      set('cmi.score.raw', Math.round(s.scaled * 10000) / 100);
      set('cmi.score.min', 0);
      set('cmi.score.max', 100);
    }
  },
  describe: function (e) {
    var q = e.question, r = e.response, now = new Date();
    // local time, as the learner sees it
    var stamp = new Date(now - now.getTimezoneOffset() * 60000).toISOString().slice(0, 19);
    var text = function (s, max) { return s.replace(/\[[,.:]\]/g, ' ').replace(/^\{/, '(').slice(0, max); };
    var x = { fields: [['timestamp', stamp], ['description', text(e.prompt, 250)]], response: r, result: e.correct ? 'correct' : 'incorrect' };
    if (e.type === 'reflection') return { type: 'long-fill-in', fields: x.fields, response: text(e.text, 4000), result: 'neutral' };
    if (e.kind === 'likert') return { type: 'likert', fields: x.fields, response: r, result: 'neutral' };
    var list = function (s, sep) { return s.split(sep).join('[,]'); };
    var patterns = typeof q.c === 'string' ? [list(q.c, ',')] : [];
    x.type = /^(single|multiple)$/.test(e.kind) ? 'choice' : e.kind === 'ordering' ? 'sequencing' : e.kind;
    if (/^(single|multiple|ordering)$/.test(e.kind)) x.response = list(r, ',');
    if (e.kind === 'true-false') { x.response = r === 't' ? 'true' : 'false'; patterns = [q.c === 't' ? 'true' : 'false']; }
    if (e.kind === 'matching') {
      x.response = r.split(',').map(function (p) { return p.replace(':', '[.]'); }).join('[,]');
      patterns = [q.c.split(',').map(function (p) { return p + '[.]' + p; }).join('[,]')];
    }
    if (e.kind === 'fill-in') {
      x.response = text(r, 250);
      patterns = q.c.map(function (a) { return (q.cs ? '{case_matters=true}' : '') + text(a, 250); });
    }
    if (e.kind === 'numeric') patterns = [q.c[0] + '[:]' + q.c[1]];
    x.fields.push(['weighting', q.w]);
    patterns.forEach(function (p, i) { x.fields.push(['correct_responses.' + i + '.pattern', p]); });
    return x;
  }
});
