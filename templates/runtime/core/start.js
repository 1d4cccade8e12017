/* Campus core, last file: a module page restores its state and wires its controls; every page
   starts once the adapter has registered. Closes the closure opened in open.js. */

  function module() {
    sections = $$('section.page');
    pageCount = sections.length - 1;
    info = { key: data.course + '/' + data.module, course: data.course, module: data.module, title: document.title,
      assessed: data.assessed, mastery: data.mastery, iri: data.iri, courseIri: data.course_iri, pathIri: data.path_iri, ui: ui };
    adapter.start(info).then(function (saved) {
      if (saved && typeof saved.mastery === 'number' && data.assessed) {
        data.mastery = saved.mastery; // the LMS's pass mark wins, in the header too
        $('[data-mastery]').textContent = fill(ui.pass_mark, { score: percent(data.mastery) });
      }
      state = (saved && saved.state && decode(saved.state)) || { v: data.fp, s: '', b: 0, a: {}, i: [] };
      while (state.s.length < pageCount) state.s += '0';
      completed = state.s.indexOf('0') < 0;
      $$('.question[data-block]').forEach(function (block) {
        var id = block.getAttribute('data-block'), q = data.questions[id];
        if (state.a[id] !== undefined) { setResponse(block, q.k, state.a[id]); verdict(block, q, state.a[id], false); }
        $('[data-check]', block).onclick = function () { check(block); };
        $$('[data-move]', block).forEach(function (b) { b.onclick = function () { move(b); }; });
      });
      $$('[data-scale]').forEach(function (block) {
        var id = block.dataset.block;
        if (state.a[id] !== undefined) setResponse(block, 'likert', state.a[id]);
        block.addEventListener('change', function (e) {
          state.a[id] = e.target.value;
          adapter.record({ type: 'answer', id: id, index: indexOf(id), kind: 'likert', response: state.a[id], latency: Date.now() - shownAt,
            question: data.diagnostics[id], prompt: promptOf(block), attempt: (state.r || 0) + 1 });
          save();
        });
      });
      reflections();
      var again = $('[data-redo]');
      if (again) again.addEventListener('click', redo);
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
