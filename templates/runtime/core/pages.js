/* Campus core: showing a page, and what seeing it means (progress, completion, the summary). */

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
    // The column headings of a statement's scale, written once in the module, go with the page
    // shown, before the first of its statements there (the last move wins).
    $$('[data-scale]', sections[index]).reverse().forEach(function (d) { d.before($('#' + d.dataset.scale)); });
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
    if (focus) {
      // The focus never scrolls the LMS's page (it would hide the LMS's own header): this page
      // goes to its top; the LMS's goes up, only when the heading is above its view (a frame the
      // LMS sizes to its content cannot scroll itself).
      var h = $('h2', sections[index]), f = window.frameElement;
      h.focus({ preventScroll: true });
      window.scrollTo(0, 0);
      if (f && f.getBoundingClientRect().top + h.getBoundingClientRect().top < 0) h.scrollIntoView();
    }
  }
