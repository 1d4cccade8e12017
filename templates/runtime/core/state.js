/* Campus core: the learner's state of a module, which the adapter saves and gives back. */

  /**
   * @typedef {Object} State
   * @property {string} v  the fingerprint of the module's version
   * @property {string} s  the pages seen, one character a page: "0101"
   * @property {number} b  the bookmark: the page shown
   * @property {Object<string, string>} a  the answers, by block id, in the state's encoding
   * @property {Array<string|number>} i  block ids in the order first answered (their interaction
   *   index in SCORM); 0 for a first diagnostic's statement once the diagnostic was started again
   * @property {Array<?number>=} p  the previous profile: a score or null per dimension
   * @property {number=} r  how many times the diagnostic was started again
   */

  function encode() { return JSON.stringify(state); }
  /** @return {?State} */
  function decode(text) {
    try {
      var s = JSON.parse(text);
      if (s && s.v === data.fp && typeof s.s === 'string' && s.a && s.i) return s;
    } catch (e) { /* unreadable: start clean */ }
    return null; // another version of the module: restart cleanly rather than misread
  }
  /** The interaction index of a block: its rank among the blocks answered. */
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
