/* Finding the LMS's SCORM API object (window.API, window.API_1484_11): in the frames above this
   page, then in the window that opened it and its frames, up to ten levels each. Shared by the
   module adapter (scorm.js) and the course player (player.js). */
/** @return {?Object} the API object called `name`, or null */
Campus.lms = function (name) {
  var places = [window.parent, window.opener];
  for (var p = 0; p < places.length; p++) {
    for (var w = places[p], hops = 0; w && hops < 10; hops++) {
      try { if (w[name]) return w[name]; } catch (e) { break; }
      if (w.parent === w) break;
      w = w.parent;
    }
  }
  return window[name] || null;
};
/** Whether a SCO was attempted, from its completion status (1.2 cmi.core.lesson_status, 2004
 *  cmi.completion_status): only then may it have a saved state. */
Campus.attempted = function (s) { return /^(completed|incomplete|passed|failed|browsed)$/.test(s); };
