/* TinCan launch: ?endpoint=&auth=&actor=&registration=&activity_id= from the LMS; statements
   about the module use its activity IRI; the course home carries the launch to each module. */
Campus.xapi({
  name: 'tincan',
  begin: function (q, info) {
    var endpoint = q.get('endpoint'), actor;
    if (!endpoint || !q.get('actor')) return Promise.reject(new Error(info.ui.lrs_missing));
    actor = JSON.parse(q.get('actor'));
    // Older TinCan launchers send every property as a one-element list.
    Object.keys(actor).forEach(function (k) { if (Array.isArray(actor[k])) actor[k] = actor[k][0]; });
    if (actor.account && Array.isArray(actor.account)) actor.account = actor.account[0];
    Campus.carry(location.search);
    return Promise.resolve({ endpoint: endpoint.replace(/\/?$/, '/'), auth: q.get('auth'), actor: actor,
      registration: q.get('registration'), activity: info.iri });
  },
  context: function (info, lrs) {
    var c = { contextActivities: { grouping: [{ id: info.courseIri }, { id: info.pathIri }] }, language: info.lang, platform: 'Campus' };
    if (lrs.registration) c.registration = lrs.registration;
    return c;
  },
  object: function (info) { return { id: info.iri, objectType: 'Activity' }; },
  defined: function () { return {}; },
  leftovers: function () {},
  milestone: function (e, send, lrs, info, ms) {
    var object = { id: info.iri, objectType: 'Activity' }, duration = 'PT' + Math.round(ms / 10) / 100 + 'S';
    if (e.type === 'completed' && !lrs.sent.completed) {
      lrs.sent.completed = true;
      send('completed', object, { result: { completion: true, duration: duration } });
    }
    if (e.type === 'scored' && !lrs.sent.passed) {
      if (e.passed) lrs.sent.passed = true;
      send(e.passed ? 'passed' : 'failed', object, { result: { success: e.passed, duration: duration,
        score: { scaled: e.scaled, raw: Math.round(e.scaled * 100), min: 0, max: 100 } } });
    }
  },
  exit: function () {}
});
