/* cmi5 launch: one POST to fetch for the token (kept for the session, so a reload does not fetch
   again), LMS.LaunchData and the learner preferences read before any statement, the context
   template on every statement, the cmi5 rules for completed, passed and failed, returnURL. */
Campus.xapi({
  name: 'cmi5',
  begin: function (q, info) {
    var endpoint = (q.get('endpoint') || '').replace(/\/?$/, '/'), fetchUrl = q.get('fetch'), actor, lrs;
    if (!q.get('endpoint') || !fetchUrl || !q.get('actor') || !q.get('activityId')) return Promise.reject(new Error(info.ui.lrs_missing));
    actor = JSON.parse(q.get('actor'));
    var key = 'campus:token:' + fetchUrl, token = sessionStorage.getItem(key);
    var got = token ? Promise.resolve(token) : fetch(fetchUrl, { method: 'POST' }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok || !body['auth-token']) throw new Error(info.ui.fetch_failed.replace('{code}', body['error-code'] || r.status));
        sessionStorage.setItem(key, body['auth-token']);
        return body['auth-token'];
      });
    });
    return got.then(function (t) {
      lrs = { endpoint: endpoint, auth: 'Basic ' + t, actor: actor, registration: q.get('registration'), activity: q.get('activityId') };
      var agent = encodeURIComponent(JSON.stringify(actor)), headers = { 'X-Experience-API-Version': '1.0.3', Authorization: lrs.auth };
      return fetch(endpoint + 'activities/state?stateId=LMS.LaunchData&activityId=' + encodeURIComponent(lrs.activity) +
        '&agent=' + agent + '&registration=' + lrs.registration, { headers: headers }).then(function (r) {
        if (!r.ok) throw new Error(info.ui.fetch_failed.replace('{code}', r.status));
        return r.json();
      }).then(function (data) {
        lrs.launch = data;
        lrs.session = data.contextTemplate.extensions['https://w3id.org/xapi/cmi5/context/extensions/sessionid'];
        return fetch(endpoint + 'agents/profile?profileId=cmi5LearnerPreferences&agent=' + agent, { headers: headers });
      }).then(function (r) {
        return r.ok ? r.json() : {};
      }).then(function (preferences) {
        if (preferences.audioPreference === 'off') {
          Array.prototype.forEach.call(document.querySelectorAll('audio, video'), function (m) { m.muted = true; });
        }
        if (lrs.launch.returnURL) Campus.exitTo(lrs.launch.returnURL);
        return lrs;
      });
    });
  },
  context: function (info, lrs) {
    var c = JSON.parse(JSON.stringify(lrs.launch.contextTemplate)), a = c.contextActivities = c.contextActivities || {};
    a.grouping = (a.grouping || []).concat([{ id: info.courseIri }, { id: info.pathIri }]);
    c.registration = lrs.registration;
    c.language = info.lang;
    c.platform = 'Campus';
    return c;
  },
  object: function (info, lrs) { return { id: lrs.activity, objectType: 'Activity' }; },
  defined: function () { return { categories: [{ id: 'https://w3id.org/xapi/cmi5/context/categories/cmi5' }] }; },
  leftovers: function (key, info) {
    var mine = key.split(':'), n = 0;
    try {
      Object.keys(localStorage).forEach(function (k) {
        var other = k.split(':');
        if (other[2] === 'queue' && other[3] !== mine[3] && other.slice(4).join(':') === mine.slice(4).join(':')) n += JSON.parse(localStorage.getItem(k)).length;
      });
    } catch (e) { n = 0; }
    if (n) Campus.notify(info.ui.leftover.replace('{n}', n));
  },
  milestone: function (e, send, lrs, info, ms) {
    if (lrs.launch.launchMode !== 'Normal') return;
    var duration = 'PT' + Math.round(ms / 10) / 100 + 'S', object = { id: lrs.activity, objectType: 'Activity' };
    var judged = [{ id: 'https://w3id.org/xapi/cmi5/context/categories/cmi5' }, { id: 'https://w3id.org/xapi/cmi5/context/categories/moveon' }];
    if (e.type === 'completed' && !lrs.sent.completed) {
      lrs.sent.completed = true;
      send('completed', object, { categories: judged, result: { completion: true, duration: duration } });
    }
    if (e.type === 'scored' && !lrs.sent.passed) {
      var mastery = typeof lrs.launch.masteryScore === 'number' ? lrs.launch.masteryScore : e.mastery / 100;
      var passed = e.scaled >= mastery;
      if (!passed && lrs.failedThisSession) return;
      if (passed) lrs.sent.passed = true; else lrs.failedThisSession = true;
      send(passed ? 'passed' : 'failed', object, { categories: judged,
        extensions: { 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore': mastery },
        result: { success: passed, duration: duration, score: { scaled: e.scaled, raw: Math.round(e.scaled * 100), min: 0, max: 100 } } });
    }
  },
  exit: function (lrs) { if (lrs.leaving && lrs.launch.returnURL) location.href = lrs.launch.returnURL; }
});
