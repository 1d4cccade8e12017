/* Campus player core: pages, questions, self-diagnostic, reflections, summary, state.
   Written for Campus, no dependencies. One adapter (standalone, SCORM, xAPI…) is appended to this
   file in every package and registers itself with Campus.use(adapter); the core talks to the
   learning platform only through it:
     adapter.start(info) -> Promise<{state: string|null}>   restore the saved state
     adapter.record(event)          page seen, answer, reflection, completion, score
     adapter.save(state, summary)   suspend state + bookmark, progress, completion, score
     adapter.finish(exiting)        the learner leaves: by the exit button (exiting = true; a
                                    Promise returned is awaited before going), else the page hides
   Optional: adapter.page(data), called on every page with its data, for what only the web
   edition does (the path summary, the "forget my progress" button). */
var Campus = (function () {
  'use strict';
  var adapter = null;
  var api = { namespace: '', use: function (a) { adapter = a; }, load: load, store: store,
    notify: function (t) { notify(t); }, exitTo: function (u) { exitTo(u); }, carry: function (s) { carry(s); } };
  var data, ui, info, sections, state, pageCount, current = -1, shownAt = 0, completed = false;

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function fill(text, values) { return text.replace(/\{(\w+)\}/g, function (_, k) { return values[k]; }); }
  function store(key, value) {
    try { if (value === null) localStorage.removeItem(key); else localStorage.setItem(key, value); } catch (e) { /* storage off: the session still works */ }
  }
  function load(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }
  function clean(text, max) { return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ').slice(0, max); }

  /* ---- state: {v: fingerprint, s: pages seen ("0101"), b: bookmark, a: {blockId: answer},
     i: block ids in the order first answered (their interaction index in SCORM)} ---- */
  function encode() { return JSON.stringify(state); }
  function decode(text) {
    try {
      var s = JSON.parse(text);
      if (s && s.v === data.fp && typeof s.s === 'string' && s.a && s.i) return s;
    } catch (e) { /* unreadable: start clean */ }
    return null; // another version of the module: restart cleanly rather than misread
  }
  function indexOf(id) {
    if (state.i.indexOf(id) < 0) state.i.push(id);
    return state.i.indexOf(id);
  }
  function save() {
    var seen = state.s.split('1').length - 1;
    var score = scoreOf();
    adapter.save(encode(), {
      location: state.b, progress: pageCount ? seen / pageCount : 1, completed: completed,
      scaled: score.complete ? score.scaled : null, passed: data.assessed && score.complete ? score.passed : null
    });
  }

  /* ---- pages ---- */
  function show(index, focus) {
    index = Math.max(0, Math.min(sections.length - 1, index));
    current = index;
    sections.forEach(function (s, i) { s.classList.toggle('current', i === index); });
    document.body.classList.toggle('first', index === 0);
    $$('.toc a').forEach(function (a) {
      if (+a.getAttribute('data-page') === index) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    });
    $('[data-go=prev]').disabled = index === 0;
    $('[data-go=next]').disabled = index === sections.length - 1;
    $('[data-progress]').textContent = index < pageCount
      ? fill(ui.page_of, { n: index + 1, total: pageCount }) : ui.summary;
    shownAt = Date.now();
    state.b = index;
    if (index < pageCount) {
      if (state.s.charAt(index) !== '1') {
        state.s = state.s.slice(0, index) + '1' + state.s.slice(index + 1);
        adapter.record({ type: 'page', index: index, title: $('h2', sections[index]).textContent });
      }
      if (!completed && state.s.indexOf('0') < 0) {
        completed = true;
        adapter.record({ type: 'completed' });
      }
    } else {
      summarise();
    }
    save();
    if (focus) { $('h2', sections[index]).focus(); window.scrollTo(0, 0); }
  }

  /* ---- questions ---- */
  function response(block, kind) {
    if (kind === 'single' || kind === 'true-false') {
      var on = $('input:checked', block);
      return on ? on.value : '';
    }
    if (kind === 'multiple') return $$('input:checked', block).map(function (i) { return i.value; }).join(',');
    if (kind === 'fill-in' || kind === 'numeric') return clean($('input', block).value.trim(), kind === 'numeric' ? 32 : data.questions[block.getAttribute('data-block')].m);
    if (kind === 'matching') {
      var parts = $$('select', block).map(function (s) { return s.value ? s.getAttribute('data-left') + ':' + s.value : ''; });
      return parts.indexOf('') >= 0 ? '' : parts.join(',');
    }
    return $$('[data-item]', block).map(function (li) { return li.getAttribute('data-item'); }).join(',');
  }
  function normalise(text, cs) { text = text.trim().replace(/\s+/g, ' '); return cs ? text : text.toLowerCase(); }
  function number(text) { var n = parseFloat(text.replace(',', '.').replace(/\s/g, '')); return /^[-+]?[\d\s]*[.,]?\d+$/.test(text.trim()) ? n : NaN; }
  function isCorrect(q, r) {
    switch (q.k) {
      case 'single': case 'true-false': case 'ordering': return r === q.c;
      case 'multiple': return r.split(',').sort().join(',') === q.c.split(',').sort().join(',');
      case 'fill-in': return q.c.some(function (a) { return normalise(a, q.cs) === normalise(r, q.cs); });
      case 'numeric': var n = number(r); return n >= q.c[0] && n <= q.c[1];
      case 'matching': return r.split(',').every(function (p) { var lr = p.split(':'); return lr[0] === lr[1]; });
    }
    return false;
  }
  function setResponse(block, kind, r) {
    if (kind === 'fill-in' || kind === 'numeric') { $('input', block).value = r; return; }
    if (kind === 'matching') {
      r.split(',').forEach(function (p) { var lr = p.split(':'); var s = $('select[data-left="' + lr[0] + '"]', block); if (s) s.value = lr[1]; });
      return;
    }
    if (kind === 'ordering') {
      var list = $('[data-order]', block);
      r.split(',').forEach(function (id) { var li = $('[data-item="' + id + '"]', list); if (li) list.appendChild(li); });
      return;
    }
    var values = r.split(',');
    $$('input', block).forEach(function (i) { i.checked = values.indexOf(i.value) >= 0; });
  }
  function promptOf(block) {
    var text = ($('legend', block) || $('.prompt', block) || block).cloneNode(true);
    $$('.label', text).forEach(function (label) { label.remove(); }); // "Question (notée)" is not the prompt
    return text.textContent.trim();
  }
  function lock(block, locked) {
    $$('input, select, [data-move]', block).forEach(function (c) { c.disabled = locked; });
    // aria-disabled, not disabled: the button keeps the keyboard focus after a check
    var b = $('[data-check]', block);
    if (locked) b.setAttribute('aria-disabled', 'true'); else b.removeAttribute('aria-disabled');
  }
  function verdict(block, q, r, announce) {
    var ok = isCorrect(q, r);
    var v = $('[data-verdict]', block);
    v.className = 'verdict ' + (ok ? 'ok' : 'ko');
    v.textContent = ok ? ui.correct : ui.wrong;
    var explain = $('[data-explain]', block);
    if (explain) explain.hidden = false;
    var chosen = r.split(',');
    $$('[data-choice-feedback]', block).forEach(function (f) { f.hidden = chosen.indexOf(f.getAttribute('data-choice-feedback')) < 0; });
    lock(block, true);
    $('[data-retry]', block).hidden = ok || !q.r || data.assessed;
    if (announce && explain) v.textContent += ' ' + explain.textContent;
    return ok;
  }
  function check(block) {
    var id = block.getAttribute('data-block'), q = data.questions[id];
    if ($('[data-check]', block).hasAttribute('aria-disabled')) return;
    var r = response(block, q.k);
    var v = $('[data-verdict]', block);
    if (!r || (q.k === 'numeric' && isNaN(number(r)))) {
      v.className = 'verdict ko';
      v.textContent = q.k === 'numeric' && r ? ui.not_a_number : ui.no_answer;
      return;
    }
    state.a[id] = r;
    var ok = verdict(block, q, r, true);
    adapter.record({ type: 'answer', id: id, index: indexOf(id), kind: q.k, response: r, correct: ok, weight: q.w, latency: Date.now() - shownAt, question: q, prompt: promptOf(block) });
    reportScore();
    save();
  }
  function retry(block) {
    lock(block, false);
    $('[data-retry]', block).hidden = true;
    var v = $('[data-verdict]', block);
    v.textContent = ''; v.className = 'verdict';
    $$('[data-explain], [data-choice-feedback]', block).forEach(function (f) { f.hidden = true; });
    $('input, select, button', block).focus();
  }
  function move(button) {
    var li = button.closest('li'), list = li.parentNode, step = +button.getAttribute('data-move');
    var other = step < 0 ? li.previousElementSibling : li.nextElementSibling;
    if (!other) return;
    list.insertBefore(li, step < 0 ? other : other.nextElementSibling);
    button.focus();
    var items = $$('li', list);
    $('[data-verdict]', li.closest('.block')).textContent =
      fill(ui.moved, { item: $('.item-text', li).textContent, n: items.indexOf(li) + 1, total: items.length });
  }

  /* ---- scores ---- */
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

  /* ---- self-diagnostic profile ---- */
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
  function chart(rows, holder) {
    var ns = 'http://www.w3.org/2000/svg', h = 34, w = 600, left = 170;
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 ' + w + ' ' + (rows.length * h + 10));
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', ui.profile + ' : ' + rows.map(function (r) { return r.label + ' ' + (r.score === null ? '—' : r.score + '/100'); }).join(', '));
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

  /* ---- summary ---- */
  function summarise() {
    var seen = state.s.split('1').length - 1, s = scoreOf();
    var pages = $('[data-summary=pages]');
    pages.textContent = fill(ui.pages_seen, { n: seen, total: pageCount }) + (completed ? ' ' + ui.module_done : '');
    var score = $('[data-summary=score]');
    if (score) {
      score.textContent = s.complete
        ? fill(ui.score_line, { score: Math.round(s.scaled * 100), mastery: data.mastery }) + ' ' + (s.passed ? ui.passed : ui.failed)
        : fill(ui.answered, { n: s.answered, total: s.count });
    }
    var practice = $('[data-summary=practice]');
    if (practice) practice.textContent = fill(ui.practice, { n: s.right, total: s.count });
    var box = $('[data-summary=profile]');
    if (box) {
      var rows = profile(), list = $('[data-advice-list]', box);
      var none = rows.every(function (r) { return r.score === null; });
      $('[data-profile-empty]', box).hidden = !none;
      $('[data-next-steps]', box).hidden = none;
      chart(rows, $('[data-chart]', box));
      list.textContent = '';
      rows.forEach(function (r) {
        var tr = $('tr[data-dimension="' + r.id + '"]', box);
        $('[data-cell=score]', tr).textContent = r.score === null ? '—' : r.score + ' / 100';
        $('[data-cell=level]', tr).textContent = r.levelLabel || '—';
        if (r.level < 0) return;
        // The advice is the course's own Markdown, rendered and escaped by the build.
        var advice = document.createElement('div');
        advice.className = 'advice';
        advice.setAttribute('data-advice', r.id + ':' + r.level);
        advice.innerHTML = '<h4></h4>' + r.advice;
        advice.firstChild.textContent = r.label + ' · ' + r.levelLabel;
        list.appendChild(advice);
      });
    }
  }

  /* ---- reflections: private ones stay in this browser, shared ones go in the state ---- */
  function privateKey() { return 'campus:' + data.ns + ':private:' + info.key; }
  function reflections() {
    var kept = {};
    try { kept = JSON.parse(load(privateKey()) || '{}') || {}; } catch (e) { kept = {}; }
    $$('.reflection[data-block]').forEach(function (block) {
      var id = block.getAttribute('data-block'), spec = data.reflections[id], area = $('textarea', block), timer = null;
      var saved = spec.share ? state.a[id] : kept[id];
      if (saved) area.value = saved;
      function keep() {
        clearTimeout(timer); timer = null;
        var text = clean(area.value, spec.m);
        if (spec.share) {
          if (text) state.a[id] = text; else delete state.a[id];
          adapter.record({ type: 'reflection', id: id, index: indexOf(id), text: text, max: spec.m, prompt: promptOf(block) });
          save();
        } else {
          if (text) kept[id] = text; else delete kept[id];
          store(privateKey(), JSON.stringify(kept));
        }
        $('[data-saved]', block).textContent = ui.saved;
      }
      area.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(keep, 500); });
      // Leaving the page during the pause after typing still keeps the text.
      window.addEventListener('pagehide', function () { if (timer) keep(); });
    });
  }

  function module() {
    sections = $$('section.page');
    pageCount = sections.length - 1;
    info = { key: data.course + '/' + data.module, course: data.course, module: data.module, title: document.title,
      assessed: data.assessed, mastery: data.mastery, iri: data.iri, courseIri: data.course_iri, pathIri: data.path_iri, ui: ui };
    adapter.start(info).then(function (saved) {
      if (saved && typeof saved.mastery === 'number') data.mastery = saved.mastery; // the LMS's pass mark wins
      state = (saved && saved.state && decode(saved.state)) || { v: data.fp, s: '', b: 0, a: {}, i: [] };
      while (state.s.length < pageCount) state.s += '0';
      completed = state.s.indexOf('0') < 0;
      $$('.question[data-block]').forEach(function (block) {
        var id = block.getAttribute('data-block'), q = data.questions[id];
        if (state.a[id] !== undefined) { setResponse(block, q.k, state.a[id]); verdict(block, q, state.a[id], false); }
        $('[data-check]', block).addEventListener('click', function () { check(block); });
        $('[data-retry]', block).addEventListener('click', function () { retry(block); });
        $$('[data-move]', block).forEach(function (b) { b.addEventListener('click', function () { move(b); }); });
      });
      $$('.diagnostic[data-block]').forEach(function (block) {
        var id = block.getAttribute('data-block');
        if (state.a[id] !== undefined) setResponse(block, 'likert', state.a[id]);
        block.addEventListener('change', function (e) {
          state.a[id] = e.target.value;
          adapter.record({ type: 'answer', id: id, index: indexOf(id), kind: 'likert', response: e.target.value, latency: Date.now() - shownAt, question: data.diagnostics[id], prompt: promptOf(block) });
          save();
        });
      });
      reflections();
      $('[data-go=prev]').addEventListener('click', function () { show(current - 1, true); });
      $('[data-go=next]').addEventListener('click', function () { show(current + 1, true); });
      $$('.toc a').forEach(function (a) {
        a.addEventListener('click', function (e) { e.preventDefault(); show(+a.getAttribute('data-page'), true); });
      });
      var target = sections.indexOf(location.hash ? document.getElementById(location.hash.slice(1)) : null);
      show(target >= 0 ? target : state.b, false);
      window.addEventListener('pagehide', leave);
    });
  }

  /* ---- leaving, and what adapters may add to the page ---- */
  function leave(exiting) {
    if (!state) return null;
    save();
    return adapter.finish(exiting === true);
  }
  function notify(text) {
    var box = $('.lms-alert') || document.createElement('p');
    box.className = 'lms-alert';
    box.setAttribute('role', 'alert');
    box.textContent = text;
    if (!box.parentNode) $('main').insertBefore(box, $('main').firstChild);
  }
  function exitTo(url) {
    var button = document.createElement('button');
    button.type = 'button';
    button.textContent = ui.exit;
    button.addEventListener('click', function () {
      button.disabled = true;
      Promise.resolve(leave(true)).then(function () { if (url) location.href = url; else notify(ui.exited); });
    });
    $('.pager').appendChild(button);
  }
  function carry(search) {
    if (!search) return;
    // The attribute, not the property: the link stays relative.
    $$('a[data-carry]').forEach(function (a) {
      a.setAttribute('href', a.getAttribute('href') + search);
      a.hidden = false;
      if (a.nextSibling) a.nextSibling.hidden = true;
    });
  }

  function start() {
    var holder = document.getElementById('campus-data');
    data = holder ? JSON.parse(holder.textContent) : { kind: 'page', ui: {} };
    ui = data.ui;
    api.namespace = data.ns || '';
    if (adapter.page) adapter.page(data);
    if (data.kind === 'module') module(); else if (data.kind === 'course-home') carry(location.search);
  }

  document.documentElement.classList.add('js');
  document.addEventListener('DOMContentLoaded', function () {
    if (!adapter) { document.documentElement.classList.remove('js'); return; }
    start();
  });
  return api;
})();
