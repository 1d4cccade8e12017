/* cmi5 launch: one POST to fetch for the token (kept for the session, so a reload does not fetch
   again and continues the session), LMS.LaunchData and the learner preferences read before any
   statement, the context template on every statement, the cmi5 and moveOn categories and the
   mastery score on defined statements, returnURL and "terminated" on exit. A queue belongs to its
   session: what an earlier session could not send is shown, never sent under this one. The token,
   LMS.LaunchData and the preferences are read once per session and kept for reloads (in
   sessionStorage): a reload neither fetches again nor meets the HTTP cache. */
Campus.xapi({
  name: 'cmi5',
  begin: function (q, info, read) {
    /* Reads at launch are retried while the LRS is unreachable or busy (network error, 5xx, 429). */
    function get(l, path) {
      return (function attempt(n) {
        return read(l, path).then(function (r) {
          if ((r.status >= 500 || r.status === 429) && n < 5) throw r;
          return r;
        }).catch(function (e) {
          if (n >= 5) throw e instanceof Error ? e : new Error(info.ui.fetch_failed.replace('{code}', e.status));
          return new Promise(function (ok) { setTimeout(ok, 1000 * (n + 1)); }).then(function () { return attempt(n + 1); });
        });
      })(0);
    }
    var endpoint = (q.get('endpoint') || '').replace(/\/?$/, '/'), fetchUrl = q.get('fetch'), actor, lrs;
    if (!q.get('endpoint') || !fetchUrl || !q.get('actor') || !q.get('activityId')) return Promise.reject(new Error(info.ui.lrs_missing));
    actor = JSON.parse(q.get('actor'));
    var key = 'campus:token:' + fetchUrl, token = sessionStorage.getItem(key), kept = null;
    try { kept = JSON.parse(sessionStorage.getItem(key + ':launch')); } catch (e) { kept = null; }
    var got = token ? Promise.resolve(token) : fetch(fetchUrl, { method: 'POST', cache: 'no-store', credentials: 'omit' }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok || !body['auth-token']) throw new Error(info.ui.fetch_failed.replace('{code}', body['error-code'] || r.status));
        sessionStorage.setItem(key, body['auth-token']);
        return body['auth-token'];
      });
    });
    return got.then(function (t) {
      lrs = { endpoint: endpoint, auth: 'Basic ' + t, actor: actor, registration: q.get('registration'), activity: q.get('activityId') };
      var agent = encodeURIComponent(JSON.stringify(actor));
      if (kept) return kept;
      return get(lrs, 'activities/state?stateId=LMS.LaunchData&activityId=' + encodeURIComponent(lrs.activity) +
        '&agent=' + agent + '&registration=' + lrs.registration).then(function (r) {
        if (!r.ok) throw new Error(info.ui.fetch_failed.replace('{code}', r.status));
        return r.json();
      }).then(function (data) {
        kept = { data: data };
        return get(lrs, 'agents/profile?profileId=cmi5LearnerPreferences&agent=' + agent);
      }).then(function (r) {
        return r.ok ? r.json() : {};
      }).then(function (preferences) {
        kept.preferences = preferences;
        try { sessionStorage.setItem(key + ':launch', JSON.stringify(kept)); } catch (e) { /* read again next time */ }
        return kept;
      });
    }).then(function (launch) {
      var data = launch.data, preferences = launch.preferences || {};
      lrs.template = data.contextTemplate;
      lrs.session = data.contextTemplate.extensions['https://w3id.org/xapi/cmi5/context/extensions/sessionid'];
      lrs.mode = data.launchMode || 'Normal';
      lrs.judging = lrs.mode === 'Normal'; // Browse and Review: no defined statement but initialized and terminated
      if (typeof data.masteryScore === 'number') lrs.mastery = data.masteryScore;
      Campus.exitTo(data.returnURL); // the session ends there, back to the LMS if it says where
      if (preferences.audioPreference === 'off') {
        Array.prototype.forEach.call(document.querySelectorAll('audio, video'), function (m) { m.muted = true; });
      }
      return lrs;
    });
  },
  defined: function (s, lrs) {
    var c = s.context, r = s.result || {}, cmi5 = 'https://w3id.org/xapi/cmi5/context/';
    c.contextActivities.category = (c.contextActivities.category || []).concat([{ id: cmi5 + 'categories/cmi5' }],
      r.success !== undefined || r.completion !== undefined ? [{ id: cmi5 + 'categories/moveon' }] : []);
    if (r.score && lrs.mastery !== undefined) {
      c.extensions = c.extensions || {};
      c.extensions[cmi5 + 'extensions/masteryscore'] = lrs.mastery;
    }
  }
});
