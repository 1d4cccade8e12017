/* Campus core: whether an answer is right, and the module's score. */

  function normalise(text, cs) { text = text.trim().replace(/\s+/g, ' '); return cs ? text : text.toLowerCase(); }
  /** The number a learner typed, with spaces between digits and the interface's decimal separator
      (ui.decimal) or a point; NaN when it is not a number. */
  function number(text) {
    text = text.replace(/\s/g, '').replace(ui.decimal, '.');
    return /^[-+]?\d*\.?\d+$/.test(text) ? parseFloat(text) : NaN;
  }
  function isCorrect(q, r) {
    switch (q.k) {
      case 'single': case 'true-false': case 'ordering': return r === q.c;
      case 'multiple': return r.split(LIST).sort().join(LIST) === q.c.split(LIST).sort().join(LIST);
      case 'fill-in': return q.c.some(function (a) { return normalise(a, q.cs) === normalise(r, q.cs); });
      case 'numeric': var n = number(r); return n >= q.c[0] && n <= q.c[1];
      case 'matching': return r.split(LIST).every(function (p) { var lr = p.split(PAIR); return lr[0] === lr[1]; });
    }
    return false;
  }
  function scoreOf() {
    var total = 0, got = 0, answered = 0, count = 0, right = 0;
    Object.keys(data.questions).forEach(function (id) {
      var q = data.questions[id], r = state.a[id];
      count++; total += q.w;
      if (r !== undefined) { answered++; if (isCorrect(q, r)) { got += q.w; right++; } }
    });
    var scaled = total > 0 ? got / total : (count ? 0 : 1);
    return { count: count, answered: answered, right: right, complete: answered === count,
      scaled: Math.round(scaled * 10000) / 10000, passed: scaled * 100 >= data.mastery - 1e-9 };
  }
  function reportScore() {
    var s = scoreOf();
    if (data.assessed && s.complete) adapter.record({ type: 'scored', scaled: s.scaled, passed: s.passed, mastery: data.mastery });
  }
