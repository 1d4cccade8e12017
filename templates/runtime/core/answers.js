/* Campus core: a question's controls. Reading and restoring an answer in the state's encoding,
   checking it, trying again, moving an item of an ordering question. */

  /** The answer on the page, in the state's encoding; '' when there is none yet. */
  function response(block, kind) {
    if (kind === 'single' || kind === 'true-false') {
      var on = $('input:checked', block);
      return on ? on.value : '';
    }
    // in the written order (data-at), not the order shown, so that a response reads the same everywhere
    if (kind === 'multiple') return $$('input:checked', block).sort(function (a, b) { return a.dataset.at - b.dataset.at; }).map(function (i) { return i.value; }).join(LIST);
    if (kind === 'fill-in' || kind === 'numeric') return clean($('input', block).value.trim(), kind === 'numeric' ? 32 : data.questions[block.getAttribute('data-block')].m);
    if (kind === 'matching') {
      var parts = $$('select', block).map(function (s) { return s.value ? s.getAttribute('data-left') + PAIR + s.value : ''; });
      return parts.indexOf('') >= 0 ? '' : parts.join(LIST);
    }
    return $$('[data-item]', block).map(function (li) { return li.getAttribute('data-item'); }).join(LIST);
  }
  function setResponse(block, kind, r) {
    if (kind === 'fill-in' || kind === 'numeric') { $('input', block).value = r; return; }
    if (kind === 'matching') {
      r.split(LIST).forEach(function (p) { var lr = p.split(PAIR); var s = $('select[data-left="' + lr[0] + '"]', block); if (s) s.value = lr[1]; });
      return;
    }
    if (kind === 'ordering') {
      var list = $('[data-order]', block);
      r.split(LIST).forEach(function (id) { var li = $('[data-item="' + id + '"]', list); if (li) list.appendChild(li); });
      return;
    }
    var values = r.split(LIST);
    $$('input', block).forEach(function (i) { i.checked = values.indexOf(i.value) >= 0; });
  }
  function promptOf(block) {
    var text = ($('legend', block) || $('.prompt', block) || block).cloneNode(true);
    // neither the word "Question" nor "several answers" is the prompt
    $$('.label, .hint', text).forEach(function (e) { e.remove(); });
    return text.textContent.trim();
  }
  function lock(block, locked) {
    $$('input, select, [data-move]', block).forEach(function (c) { c.disabled = locked; });
    // aria-disabled, not disabled: the button keeps the keyboard focus after a check
    var b = $('[data-check]', block);
    if (locked) b.setAttribute('aria-disabled', 'true'); else b.removeAttribute('aria-disabled');
  }
  /** Shows whether an answer is right, with its feedback; `announce`: in the live region too. What
      shows after a check waits in the page's <template data-after-check>, out of the page until
      then: the retry button (when the question allows one), the feedback of each choice, the
      explanation. */
  function verdict(block, q, r, announce) {
    var ok = isCorrect(q, r), v = $('[data-verdict]', block), chosen = r.split(LIST), explain;
    v.className = 'verdict ' + (ok ? 'ok' : 'ko');
    v.textContent = ok ? ui.correct : ui.wrong;
    lock(block, true);
    var after = $('[data-for=' + block.id + ']', $('[data-after-check]').content);
    if (after) $$(':scope>*', after.cloneNode(true)).forEach(function (e) {
      var c = e.getAttribute('data-choice-feedback');
      if (c) { if (chosen.indexOf(c) >= 0) $('[value="' + c + '"]', block).parentNode.after(e); } // below its choice
      else if (e.hasAttribute('data-explain')) v.after(explain = e);
      else if (!ok) { v.before(e); e.onclick = function () { retry(block); }; } // the retry button, after the check button
    });
    // The explanation is shown below; the status says it again for screen readers only.
    if (announce && explain) {
      var said = v.appendChild(document.createElement('span'));
      said.className = 'sr';
      said.textContent = ' ' + explain.textContent;
    }
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
    adapter.record({ type: 'answer', id: id, index: indexOf(id), kind: q.k, response: r, value: number(r), correct: ok, weight: q.w, latency: Date.now() - shownAt, question: q, prompt: promptOf(block) });
    reportScore();
    save();
  }
  function retry(block) {
    lock(block, false);
    var v = $('[data-verdict]', block);
    v.textContent = ''; v.className = 'verdict';
    $$('[data-retry],[data-explain],[data-choice-feedback]', block).forEach(function (f) { f.remove(); });
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
