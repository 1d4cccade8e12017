/* Campus player core: pages, questions, self-diagnostic, reflections, summary, state. Written for
   Campus, no dependencies, ES5 with JSDoc types.

   The core is one closure written over several files, which the build concatenates in this
   order: open.js (this file: the closure's shared variables and helpers), state.js, pages.js,
   answers.js, scoring.js, profile.js, summary.js, reflections.js, notify.js, then start.js, which
   starts the page and closes the closure. The files in between hold only function declarations.
   Before the core, the build writes the interaction vocabulary (`var CAMPUS_VOCAB = {…};`, from
   src/vocabulary.rs): the state's encoding, and the dialect of each standard the package speaks.
   After it comes one adapter (standalone, SCORM, xAPI…), which registers itself with
   Campus.use(adapter); the core talks to the learning platform only through it. */

/**
 * What the core asks of a learning platform.
 * @typedef {Object} Adapter
 * @property {string} name
 * @property {function(Info): Promise<{state: ?string}>} start  restores the saved state
 * @property {function(Record)} record  page seen, answer, reflection, completion, score
 * @property {function(string, Summary)} save  suspend state + bookmark, progress, completion, score
 * @property {function(boolean): ?Promise} finish  the learner leaves: by the exit button (true; a
 *   Promise returned is awaited before going), else the page hides (false)
 * @property {function(Object)=} page  called on every page with its data, for what only the web
 *   edition does (the path summary, the "forget my progress" button)
 */
/**
 * The module, for the adapter.
 * @typedef {{key: string, course: string, module: string, title: string, assessed: boolean,
 *   mastery: number, iri: string, courseIri: string, pathIri: string, ui: Object<string, string>}} Info
 */
/**
 * What the adapter saves beside the state.
 * @typedef {{location: number, progress: number, completed: boolean, scaled: ?number, passed: ?boolean}} Summary
 */
/**
 * What the adapter records: {type: 'page', index, title}, {type: 'completed'},
 * {type: 'scored', scaled, passed, mastery}, {type: 'reflection', id, index, text, max, prompt},
 * or {type: 'answer', id, index, kind, response, correct, weight, latency, question, prompt}, where
 * `response` is in the state's encoding and `value` is it read as a number (for numeric answers).
 * @typedef {Object} Record
 */
var Campus = (function () {
  'use strict';
  /** @type {?Adapter} */
  var adapter = null;
  var api = { namespace: '', use: function (a) { adapter = a; }, load: load, store: store, notify: notify, exitTo: exitTo, carry: carry,
    score: dimensionScore, level: levelOf };
  /* The page's data (the campus-data JSON, made by the build) and its interface words (ui); the
     module for the adapter (info: Info); the learner's state (state: State); the module's pages
     (sections, the summary last; pageCount, without it); the page shown, since when, and whether
     every page has been seen. */
  var data, ui, info, state, sections, pageCount, current = -1, shownAt = 0, completed = false;
  /** How answers are written in the state and the page: "a,b", "left:right", "na" (not applicable). */
  var LIST = CAMPUS_VOCAB.state.list, PAIR = CAMPUS_VOCAB.state.pair, NA = CAMPUS_VOCAB.state.na;

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  /** An interface word with its `{name}` places filled. */
  function fill(text, values) { return text.replace(/\{(\w+)\}/g, function (_, k) { return values[k]; }); }
  function store(key, value) {
    try { if (value === null) localStorage.removeItem(key); else localStorage.setItem(key, value); } catch (e) { /* storage off: the session still works */ }
  }
  function load(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }
  /** A percentage as the interface writes numbers: 72.5 in French is "72,5". */
  function percent(n) { return (n + '').replace('.', ui.decimal); }
  function clean(text, max) { return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ').slice(0, max); }
