/* SCORM 1.2 dialect: window.API, cmi.core.*, one lesson_status for completion and success,
   255-character responses, no description. */
Campus.scorm({
  name: 'scorm12', api: 'API', init: 'LMSInitialize', finish: 'LMSFinish', get: 'LMSGetValue', set: 'LMSSetValue',
  commit: 'LMSCommit', error: 'LMSGetLastError', errorText: 'LMSGetErrorString', diagnostic: 'LMSGetDiagnostic',
  suspend: 'cmi.suspend_data', location: 'cmi.core.lesson_location', exit: 'cmi.core.exit',
  done: '', session: 'cmi.core.session_time', interaction: 'cmi.interactions', response: 'student_response',
  completion: 'cmi.core.lesson_status', success: 'cmi.core.lesson_status', score: 'cmi.core.score.',
  mastery: 'cmi.student_data.mastery_score', percent: 1, short: 255, long: 255,
  time: function (ms) {
    var s = ms / 1000, pad = function (n) { return n < 10 ? '0' + n : n; };
    return pad(Math.floor(s / 3600)) + ':' + pad(Math.floor(s % 3600 / 60)) + ':' + pad((s % 60).toFixed(2));
  },
  status: function (s, set, info) {
    var scored = info.assessed && s.passed !== null;
    // A module says passed or failed as soon as its score is known; the whole course in one SCO,
    // once every module is complete too (its score is written before).
    set(this.completion, scored && (s.completed || !info.course) ? (s.passed ? 'passed' : 'failed') : s.completed ? 'completed' : 'incomplete');
    if (scored) {
      set(this.score + 'min', 0);
      set(this.score + 'max', 100);
      set(this.score + 'raw', Math.round(s.scaled * 10000) / 100);
    }
  },
  fields: function () { return [['time', new Date().toTimeString().slice(0, 8)]]; },
  text: function (s, max) { return s.slice(0, max); },
  // one pattern only, and no way to say that case matters
  answers: function (q) { return [q.c[0]]; }
});
