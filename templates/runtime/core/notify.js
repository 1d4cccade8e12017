/* Campus core: leaving, and what adapters may add to the page (an alert, an exit button, the
   launch carried to the links). */

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
  /** An exit button: the session ends, then the learner goes to `url` (else is told it is over). */
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
  /** The launch's query string, carried to the links that need it (a TinCan course home). */
  function carry(search) {
    if (!search) return;
    // The attribute, not the property: the link stays relative.
    $$('a[data-carry]').forEach(function (a) {
      a.setAttribute('href', a.getAttribute('href') + search);
      a.hidden = false;
      if (a.nextSibling) a.nextSibling.hidden = true;
    });
  }
