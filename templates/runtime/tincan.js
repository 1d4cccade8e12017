/* TinCan launch: ?endpoint=&auth=&actor=&registration=&activity_id= from the LMS; statements
   about the module use its activity IRI; the course home carries the launch to each module. Each
   page load is a launch of its own: leaving the page sends "terminated". */
Campus.xapi({
  name: 'tincan',
  endsOnLeave: true,
  begin: function (q, info) {
    var endpoint = q.get('endpoint'), actor;
    if (!endpoint || !q.get('actor')) return Promise.reject(new Error(info.ui.lrs_missing));
    actor = JSON.parse(q.get('actor'));
    // Older TinCan launchers send every property as a one-element list.
    Object.keys(actor).forEach(function (k) { if (Array.isArray(actor[k])) actor[k] = actor[k][0]; });
    Campus.carry(location.search);
    return Promise.resolve({ endpoint: endpoint.replace(/\/?$/, '/'), auth: q.get('auth'), actor: actor,
      registration: q.get('registration'), activity: info.iri, mode: 'Normal', judging: true });
  },
  defined: function () {}
});
