/* Campus core: the module's summary page. Pages seen, score or practice, the profile and the
   advice for each level reached. */

  function summarise() {
    var seen = state.s.split('1').length - 1, s = scoreOf();
    var pages = $('[data-summary=pages]');
    pages.textContent = fill(ui.pages_seen, { n: seen, total: pageCount }) + (completed ? ' ' + ui.module_done : '');
    var score = $('[data-summary=score]');
    if (score) {
      score.textContent = s.complete
        ? fill(ui.score_line, { score: Math.round(s.scaled * 100), mastery: percent(data.mastery) }) + ' ' + (s.passed ? ui.passed : ui.failed)
        : fill(ui.answered, { n: s.answered, total: s.count });
      // a failure: how to try again (the words of the page's edition)
      $('[data-summary=again]').hidden = !s.complete || s.passed;
    }
    var practice = $('[data-summary=practice]');
    if (practice) practice.textContent = fill(ui.practice, { n: s.answered, total: s.count }) + (s.answered ? ' ' + fill(ui.practice_right, { n: s.right, total: s.answered }) : '');
    var box = $('[data-summary=profile]');
    if (box) {
      var rows = profile(), list = $('[data-advice-list]', box), before = !!state.p;
      var none = rows.every(function (r) { return !r.answered; });
      $('[data-profile-empty]', box).hidden = !none;
      $('[data-next-steps]', box).hidden = none;
      $('[data-redo]', box).parentNode.hidden = none;
      $('[data-before]', box).hidden = !before;
      if (none && !before) $('[data-chart]', box).textContent = ''; else chart(rows, $('[data-chart]', box));
      list.textContent = '';
      // The table's rows are made here, when the summary is shown, not shipped in the page.
      var body = $('tbody', box);
      body.textContent = '';
      rows.forEach(function (r) {
        var tr = el(body, 'tr');
        el(tr, 'th', '', r.label).scope = 'row';
        [r.score !== null ? outOf100(r.score) + (r.counted < r.total ? ' ' + fill(ui.profile_counted, { n: r.counted, total: r.total }) : '')
          : r.answered ? ui.profile_too_few : '—', r.levelLabel || '—'].concat(before ? outOf100(r.before) : []).forEach(function (t) { el(tr, 'td', '', t); });
        if (r.level < 0) return;
        // The advice is the course's own Markdown, rendered and escaped by the build.
        var advice = el(list, 'div', 'advice');
        advice.setAttribute('data-advice', r.id + ':' + r.level);
        advice.innerHTML = '<h4></h4>' + r.advice;
        advice.firstChild.textContent = r.label + ' · ' + r.levelLabel;
      });
    }
  }
