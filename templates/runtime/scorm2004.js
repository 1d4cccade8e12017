/* SCORM 2004 dialect: window.API_1484_11, completion and success apart, time stamps and
   descriptions, reserved delimiters kept out of texts. The exit stays "suspend" once the learner
   is done too: Moodle 4.4 gives a SCO's data back on the next launch only after a "suspend" exit
   (after "normal" it starts blank, and a finished module reopened would lose its answers). */
Campus.scorm({
  name: 'scorm2004', api: 'API_1484_11', init: 'Initialize', finish: 'Terminate', get: 'GetValue', set: 'SetValue',
  commit: 'Commit', error: 'GetLastError', errorText: 'GetErrorString', diagnostic: 'GetDiagnostic',
  suspend: 'cmi.suspend_data', location: 'cmi.location', exit: 'cmi.exit',
  done: 'suspend', session: 'cmi.session_time', interaction: 'cmi.interactions', response: 'learner_response',
  completion: 'cmi.completion_status', success: 'cmi.success_status', score: 'cmi.score.',
  mastery: 'cmi.scaled_passing_score', percent: 100, short: 250, long: 4000,
  time: function (ms) {
    var s = ms / 1000;
    return 'PT' + Math.floor(s / 3600) + 'H' + Math.floor(s % 3600 / 60) + 'M' + (s % 60).toFixed(2) + 'S';
  },
  status: function (s, set, info) {
    set(this.completion, s.completed ? 'completed' : 'incomplete');
    set('cmi.progress_measure', Math.round(s.progress * 100) / 100);
    if (info.assessed && s.passed !== null) {
      set(this.success, s.passed ? 'passed' : 'failed');
      set(this.score + 'scaled', s.scaled);
      set(this.score + 'raw', Math.round(s.scaled * 10000) / 100);
      set(this.score + 'min', 0);
      set(this.score + 'max', 100);
    }
  },
  fields: function (e) {
    // local time, as the learner sees it
    var now = new Date(), stamp = new Date(now - now.getTimezoneOffset() * 60000).toISOString().slice(0, 19);
    return [['timestamp', stamp], ['description', this.text(e.prompt, 250)]];
  },
  // A reserved delimiter in a text would be read as syntax, and a leading "{" as one like {lang=fr}.
  text: function (s, max) {
    var v = CAMPUS_VOCAB.scorm2004;
    [v.list, v.pair, v.range].forEach(function (d) { s = s.split(d).join(' '); });
    return s.replace(/^\{/, '(').slice(0, max);
  },
  answers: function (q) {
    var d = this;
    return q.c.map(function (a) { return (q.cs ? '{case_matters=true}' : '') + d.text(a, 250); });
  }
});
