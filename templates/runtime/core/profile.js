/* Campus core: the self-diagnostic profile, a score out of 100 and a level per dimension, and
   its chart. */

  function profile() {
    return data.dimensions.map(function (d) {
      var sum = 0, n = 0;
      Object.keys(data.diagnostics).forEach(function (id) {
        var s = data.diagnostics[id], r = state.a[id];
        if (s.d !== d.id || r === undefined) return;
        var v = +r; if (s.rev) v = s.n - 1 - v;
        sum += v / (s.n - 1) * 100; n++;
      });
      var score = n ? Math.round(sum / n) : null, level = -1;
      d.levels.forEach(function (from, i) { if (score !== null && score >= from) level = i; });
      return { id: d.id, label: d.label, score: score, level: level, levelLabel: level >= 0 ? d.names[level] : '', advice: level >= 0 ? d.advice[level] : '' };
    });
  }
  /** A score out of 100, for people ("—" when the dimension has no answer yet). */
  function outOf100(score) { return score === null ? '—' : fill(ui.out_of_100, { score: score }); }
  function chart(rows, holder) {
    var ns = 'http://www.w3.org/2000/svg', h = 34, w = 600, left = 170;
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 ' + w + ' ' + (rows.length * h + 10));
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', fill(ui.profile_chart, { scores: rows.map(function (r) { return r.label + ' ' + outOf100(r.score); }).join(', ') }));
    function el(name, attrs, text) {
      var e = document.createElementNS(ns, name);
      Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
      if (text !== undefined) e.textContent = text;
      svg.appendChild(e);
    }
    rows.forEach(function (r, i) {
      var y = i * h + 8, len = (w - left - 60) * (r.score || 0) / 100;
      el('text', { x: 0, y: y + 17 }, r.label);
      el('rect', { x: left, y: y, width: w - left - 60, height: 22, fill: '#e3e9f1' });
      el('rect', { x: left, y: y, width: len, height: 22, 'class': 'bar' });
      el('text', { x: w - 50, y: y + 17 }, r.score === null ? '—' : String(r.score));
    });
    holder.textContent = '';
    holder.appendChild(svg);
  }
