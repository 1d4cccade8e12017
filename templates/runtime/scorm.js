/* SCORM adapters' shared base: find the LMS's API object (scorm-api.js), call it only between
   initialise and finish, journal one interaction per question, and tell the learner when the LMS
   refuses a value (their answers stay on the page). scorm12.js and scorm2004.js give the dialect:
   the API's names and elements, its time format and text limits; the interaction vocabulary
   (types, delimiters, booleans) is CAMPUS_VOCAB[dialect.name]. */

/**
 * A SCORM version, as its file gives it to Campus.scorm.
 * @typedef {Object} Dialect
 * @property {string} name  its key in CAMPUS_VOCAB
 * @property {string} api  the API object's name; init…diagnostic: its functions' names
 * @property {string} suspend  suspend…session, completion, success, mastery: elements; score: the score's prefix
 * @property {number} percent  the mastery element's value times this is a percentage
 * @property {string} done  the exit value once the learner is done
 * @property {function(number): string} time  a duration in milliseconds, in the version's format
 * @property {function(Summary, function(string, *), {assessed: boolean, course: (boolean|undefined)})} status
 *   writes completion, success and score (`course`: the whole course, from the single-SCO player)
 * @property {function(Record): Array} fields  an interaction's time stamp and description
 * @property {function(string, number): string} text  a text as an interaction value, cut to a length
 * @property {number} short  the length of a fill-in response; long: of a reflection
 * @property {function(Object): string[]} answers  the correct responses of a fill-in question
 */
Campus.scorm = function (d) {
  'use strict';
  var api = null, live = false, leaving = false, started = Date.now(), info = null, alerted = false;
  var v = CAMPUS_VOCAB[d.name], s = CAMPUS_VOCAB.state;
  // Registered before the core's own pagehide handler: no LMSCommit while the page goes away (a
  // synchronous request is refused then); LMSFinish persists the data.
  window.addEventListener('pagehide', function () { leaving = true; });
  // Only the first problem is shown: one is enough to warn the learner.
  function alert(text) {
    if (!alerted) Campus.notify(text);
    alerted = true;
  }
  function failed() {
    var code = String(api[d.error]());
    // 104: this page's session was already ended, as when Moodle opens another SCO in the same player
    alert(code === '104' ? info.ui.lms_terminated : info.ui.lms_error.replace('{code}', code + ' ' + String(api[d.errorText](code))));
  }
  function get(el) { return live ? String(api[d.get](el)) : ''; }
  /** An element the LMS may not have: '' when it answers with an error (403 in strict runtimes). */
  function read(el) {
    var value = get(el);
    return String(api[d.error]()) === '0' ? value : '';
  }
  function set(el, value) { if (live && String(api[d.set](el, String(value))) !== 'true') failed(); }
  // At most one commit a second, the last one deferred: once a module was changed from its table
  // of contents, Moodle 4.4 sends every commit by sendBeacon, and commits in quick succession
  // (28 statements answered) were refused (101, the browser's beacon quota) or stored out of order.
  var lastCommit = 0, pending = null;
  function commit() {
    if (!live || leaving || pending) return;
    var wait = lastCommit + 1000 - Date.now();
    if (wait > 0) { pending = setTimeout(function () { pending = null; commit(); }, wait); return; }
    lastCommit = Date.now();
    if (String(api[d.commit]('')) !== 'true') failed();
  }
  /** A choice, list, matching or true-false answer in the state's encoding, in the dialect's. */
  function recode(r, kind) {
    if (kind === 'true-false') return r === s.true ? v.true : v.false;
    return r.split(s.list).map(function (p) { return p.split(s.pair).map(id).join(v.pair); }).join(v.list);
  }
  /** A Campus id as the dialect writes it (SCORM 2004: `-` as `_`, for Moodle's identifier rule). */
  function id(x) { return v.hyphen ? x.split('-').join(v.hyphen) : x; }
  /** The interaction of an answer or a shared reflection. */
  function describe(e) {
    var q = e.question, r = e.response, kind = e.type === 'reflection' ? 'reflection' : e.kind;
    var x = { type: v.types[kind], fields: d.fields(e), response: r, result: 'neutral', patterns: [] };
    if (kind === 'reflection') x.response = d.text(e.text, d.long);
    if (kind === 'reflection' || kind === 'likert') return x;
    x.result = e.correct ? 'correct' : v.wrong;
    x.fields.push(['weighting', q.w]);
    if (kind === 'fill-in') {
      x.response = d.text(r, d.short);
      x.patterns = d.answers(q);
    } else if (kind === 'numeric') {
      // A range where the version has one, else only an exact answer.
      x.patterns = v.range ? [q.c[0] + v.range + q.c[1]] : q.c[0] === q.c[1] ? [String(q.c[0])] : [];
    } else {
      x.response = recode(r, kind);
      // a matching question's key lists the left items: each goes with the right one of its id
      x.patterns = [recode(kind === 'matching' ? q.c.split(s.list).map(function (l) { return l + s.pair + l; }).join(s.list) : q.c, kind)];
    }
    return x;
  }
  Campus.use({
    name: d.name,
    start: function (i) {
      info = i;
      api = Campus.lms(d.api);
      live = !!api && String(api[d.init]('')) === 'true';
      if (!live) { if (api) failed(); else alert(i.ui.lms_missing); return Promise.resolve({ state: null }); }
      // Not cmi.entry: Moodle gives "" on a re-entry, and in 2004 "ab-initio" after a normal exit,
      // its data kept. A state exists once the SCO was attempted; a new attempt has none.
      var saved = { state: Campus.attempted(get(d.completion)) ? read(d.suspend) || null : null };
      // The LMS's pass mark (from the manifest, or its own) wins over the page's.
      var mastery = i.assessed ? parseFloat(read(d.mastery)) : NaN;
      if (mastery >= 0) saved.mastery = +(mastery * d.percent).toFixed(2);
      return Promise.resolve(saved);
    },
    record: function (e) {
      if (e.type !== 'answer' && e.type !== 'reflection') return;
      // One-line texts (line breaks are refused in responses and descriptions); numbers as SCORM
      // reals, and beyond ten digits the largest real.
      e.prompt = e.prompt.replace(/\s+/g, ' ');
      if (e.text) e.text = e.text.replace(/\s+/g, ' ');
      if (e.kind === 'numeric') e.response = Math.max(1 - 1e10, Math.min(1e10 - 1, e.value)).toFixed(7).replace(/\.?0+$/, '');
      var n = d.interaction + '.' + e.index + '.', x = describe(e);
      set(n + 'id', e.id);
      set(n + 'type', x.type);
      x.fields.forEach(function (f) { set(n + f[0], f[1]); });
      x.patterns.forEach(function (p, i) { set(n + 'correct_responses.' + i + '.pattern', p); });
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
      clearTimeout(pending); // the finish saves everything
      set(d.session, d.time(Date.now() - started));
      live = false;
      api[d.finish]('');
    }
  });
};
