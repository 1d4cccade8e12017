/* Campus core: the self-diagnostic profile, a score out of 100 and a level per dimension, its
   chart, and starting the diagnostic again. */

  /** A dimension's score from its statements' answers, [answer, points of the scale, reversed]
      each, the answer in the state's encoding (a point, NA for "not applicable", undefined when
      not answered yet): the mean of the points out of 100, rounded; null when fewer than half of
      the statements have a point. The report computes the same (src/report/profile.rs): both are
      tested on tests/fixtures/profile-cases.json. */
  function dimensionScore(answers) {
    var sum = 0, n = 0;
    answers.forEach(function (a) {
      if (a[0] === undefined || a[0] === NA) return;
      var v = +a[0]; if (a[2]) v = a[1] - 1 - v;
      sum += v / (a[1] - 1) * 100; n++;
    });
    return n && n * 2 >= answers.length ? Math.round(sum / n) : null;
  }
  /** The index of the level a score reaches (levels: each one's lowest score), -1 without one. */
  function levelOf(score, levels) {
    var level = -1;
    levels.forEach(function (from, i) { if (score !== null && score >= from) level = i; });
    return level;
  }
  /** Each dimension: its score and level now, the statements counted, and its previous score
      (state.p, kept when the learner started the diagnostic again). */
  function profile() {
    return data.dimensions.map(function (d, k) {
      var answers = [], counted = 0, answered = false;
      Object.keys(data.diagnostics).forEach(function (id) {
        var s = data.diagnostics[id], r = state.a[id];
        if (s.d !== d.id) return;
        answers.push([r, s.n, s.rev]);
        if (r !== undefined) { answered = true; if (r !== NA) counted++; }
      });
      var score = dimensionScore(answers), level = levelOf(score, d.levels);
      return { id: d.id, label: d.label, levels: d.levels, score: score, level: level, counted: counted, total: answers.length,
        answered: answered, before: state.p ? state.p[k] : undefined,
        levelLabel: level >= 0 ? d.names[level] : '', advice: level >= 0 ? d.advice[level] : '' };
    });
  }
  /** A new element `name` at the end of `parent`, with its class and text if given. */
  function el(parent, name, cls, text) {
    var e = document.createElement(name);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return parent.appendChild(e);
  }
  /** A score out of 100, for people ("—" without one). */
  function outOf100(score) { return score === null || score === undefined ? '—' : fill(ui.out_of_100, { score: score }); }
  /** The chart: a row per dimension with its name, its bar (and the previous one), a mark where
      each level starts, its score; HTML that wraps on a phone rather than a scaled drawing. The
      data table beside it is its text alternative, and its label says it in one sentence. */
  function chart(rows, holder) {
    var before = !!state.p;
    function bar(track, score, cls) { el(track, 'span', cls).style.setProperty('--w', score || 0); }
    holder.textContent = '';
    var box = el(holder, 'div', 'chart' + (before ? ' two' : ''));
    box.setAttribute('role', 'img');
    box.setAttribute('aria-label', fill(ui.profile_chart, { scores: rows.map(function (r) {
      return r.label + ' ' + outOf100(r.score) + (before ? ' ' + fill(ui.profile_was, { score: outOf100(r.before) }) : '') +
        ' ' + fill(ui.profile_steps, { from: r.levels.slice(1).join(', ') });
    }).join('. ') }));
    rows.forEach(function (r) {
      var row = el(box, 'div', 'row'), track;
      el(row, 'span', 'name', r.label);
      track = el(row, 'span', 'track');
      bar(track, r.score, 'bar');
      if (before) bar(track, r.before, 'bar before');
      r.levels.slice(1).forEach(function (from) { bar(track, from, 'tick'); });
      var value = el(row, 'span', 'value', r.score === null ? '—' : String(r.score));
      if (before) el(value, 'small', '', r.before === null ? '—' : String(r.before));
    });
    el(holder, 'p', 'meta legend', before ? ui.profile_legend_before + ' ' + ui.profile_legend : ui.profile_legend);
  }
  /** "Refaire l'autodiagnostic": the profile now becomes the previous one, the statements' answers
      are cleared and the learner goes back to the first of them. The new answers are new
      interactions: the first diagnostic's numbers stay taken (its ids become 0 in state.i, once),
      and later diagnostics reuse the second's, so an LMS keeps the first and the latest. */
  function redo() {
    state.p = profile().map(function (r) { return r.score; });
    if (!state.r) state.i = state.i.map(function (id) { return data.diagnostics[id] ? 0 : id; });
    state.r = (state.r || 0) + 1;
    Object.keys(data.diagnostics).forEach(function (id) { delete state.a[id]; });
    $$('[data-scale] input').forEach(function (i) { i.checked = false; });
    show(sections.indexOf($('[data-scale]').closest('section')), true);
    $('[data-progress]').textContent += ' ' + ui.profile_redone;
  }
