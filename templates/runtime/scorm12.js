/* SCORM 1.2 dialect: window.API, cmi.core.*, "wrong", 255-character responses. */
Campus.scorm({
  name: 'scorm12', api: 'API', init: 'LMSInitialize', finish: 'LMSFinish', get: 'LMSGetValue', set: 'LMSSetValue',
  commit: 'LMSCommit', error: 'LMSGetLastError', errorText: 'LMSGetErrorString',
  entry: 'cmi.core.entry', suspend: 'cmi.suspend_data', location: 'cmi.core.lesson_location', exit: 'cmi.core.exit',
  done: '', session: 'cmi.core.session_time', interaction: 'cmi.interactions', response: 'student_response',
  time: function (ms) {
    var s = ms / 1000, pad = function (n) { return n < 10 ? '0' + n : n; };
    return pad(Math.floor(s / 3600)) + ':' + pad(Math.floor(s % 3600 / 60)) + ':' + pad((s % 60).toFixed(2));
  },
  status: function (s, set, info) {
    var scored = info.assessed && s.passed !== null;
    set('cmi.core.lesson_status', scored ? (s.passed ? 'passed' : 'failed') : s.completed ? 'completed' : 'incomplete');
    if (scored) {
      set('cmi.core.score.min', 0);
      set('cmi.core.score.max', 100);
      set('cmi.core.score.raw', Math.round(s.scaled * 10000) / 100);
    }
  },
  describe: function (e) {
    var q = e.question, r = e.response;
    var x = { fields: [['time', new Date().toTimeString().slice(0, 8)]], response: r, result: e.correct ? 'correct' : 'wrong' };
    if (e.type === 'reflection') return { type: 'fill-in', fields: x.fields, response: e.text.slice(0, 255), result: 'neutral' };
    if (e.kind === 'likert') return { type: 'likert', fields: x.fields, response: r, result: 'neutral' };
    var pattern = q.c;
    x.type = /^(single|multiple)$/.test(e.kind) ? 'choice' : e.kind === 'ordering' ? 'sequencing' : e.kind;
    if (e.kind === 'matching') { x.response = r.replace(/:/g, '.'); pattern = q.c.split(',').map(function (p) { return p + '.' + p; }).join(','); }
    if (e.kind === 'fill-in') { x.response = r.slice(0, 255); pattern = q.c[0]; }
    if (e.kind === 'numeric') pattern = q.c[0] === q.c[1] ? String(q.c[0]) : null;
    x.fields.push(['weighting', q.w]);
    if (pattern !== null) x.fields.push(['correct_responses.0.pattern', pattern]);
    return x;
  }
});
