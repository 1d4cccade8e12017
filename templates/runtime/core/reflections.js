/* Campus core: reflections. Private ones stay in this browser, shared ones go in the state. */

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
