//! A fact: one thing a learner did in one module of the path, as an LRS statement or a row of a
//! Moodle report tells it. Every source is read into facts; the report is computed from facts only.

/// What happened. xAPI verbs by their last IRI segment; a Moodle row gives the same verbs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Verb {
    /// cmi5: the LMS launched the AU (made by the LMS).
    Launched,
    /// The module's session started.
    Initialized,
    /// A page was seen.
    Experienced,
    /// A question, diagnostic statement or shared reflection was answered.
    Answered,
    /// Progress within the module (cmi5 `progressed`).
    Progressed,
    Completed,
    Passed,
    Failed,
    /// The module's session ended in order.
    Terminated,
    /// cmi5: the LMS found the session ended without `terminated` (made by the LMS).
    Abandoned,
    /// cmi5: the LMS judged a block or course satisfied (made by the LMS).
    Satisfied,
    /// cmi5: the LMS waived the AU (made by the LMS).
    Waived,
}

impl Verb {
    pub(crate) const ALL: [Verb; 12] = [
        Verb::Launched,
        Verb::Initialized,
        Verb::Experienced,
        Verb::Answered,
        Verb::Progressed,
        Verb::Completed,
        Verb::Passed,
        Verb::Failed,
        Verb::Terminated,
        Verb::Abandoned,
        Verb::Satisfied,
        Verb::Waived,
    ];

    /// The word stored in the database (the last segment of the xAPI verb IRI).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Verb::Launched => "launched",
            Verb::Initialized => "initialized",
            Verb::Experienced => "experienced",
            Verb::Answered => "answered",
            Verb::Progressed => "progressed",
            Verb::Completed => "completed",
            Verb::Passed => "passed",
            Verb::Failed => "failed",
            Verb::Terminated => "terminated",
            Verb::Abandoned => "abandoned",
            Verb::Satisfied => "satisfied",
            Verb::Waived => "waived",
        }
    }

    /// The verb of an xAPI verb IRI (ADL's and cmi5's), `None` for another verb.
    pub(crate) fn from_iri(iri: &str) -> Option<Verb> {
        let word = iri
            .strip_prefix("http://adlnet.gov/expapi/verbs/")
            .or_else(|| iri.strip_prefix("https://w3id.org/xapi/adl/verbs/"))?;
        Verb::from_word(word)
    }

    /// The verb of a stored word.
    pub(crate) fn from_word(word: &str) -> Option<Verb> {
        Verb::ALL.into_iter().find(|v| v.as_str() == word)
    }
}

/// Who: an actor as the record identifies it. `key` is what pseudonyms are made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Actor {
    /// The canonical inverse functional identifier: `mbox:mailto:…` (lowercase),
    /// `mbox_sha1sum:…`, `openid:…`, `account:<homePage>|<name>`, or for a Moodle row without an
    /// e-mail `moodle:<name>`.
    pub key: String,
    /// The name the record gives, kept for `--identify` only.
    pub name: Option<String>,
    /// The e-mail address (without `mailto:`), kept for `--identify` only.
    pub email: Option<String>,
}

impl Actor {
    /// An actor known by an e-mail address (`mailto:` optional, case ignored).
    pub(crate) fn by_email(email: &str, name: Option<String>) -> Actor {
        let email = email.trim().to_lowercase();
        let email = email.strip_prefix("mailto:").unwrap_or(&email).to_string();
        Actor { key: format!("mbox:mailto:{email}"), name, email: Some(email) }
    }
}

/// One fact. `id` is the key: the same id read twice is one fact.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fact {
    /// The statement id; for a Moodle row, a UUIDv5 of what identifies the row (stable across
    /// downloads of the same attempt).
    pub id: String,
    /// Where it was read: `lrs:<endpoint>`, `file:<file name>`, `moodle:<file name>`.
    pub source: String,
    pub actor: Actor,
    /// The xAPI `context.team` name, or a cohort a source gives.
    pub team: Option<String>,
    pub verb: Verb,
    /// The course and module ids of the path.
    pub course: String,
    pub module: String,
    /// The block id (question, diagnostic statement, reflection) for `answered`; `None` otherwise.
    pub block: Option<String>,
    /// The xAPI registration (a Moodle attempt: `moodle-attempt-<n>`).
    pub registration: Option<String>,
    /// The cmi5 session id, when the statement has one.
    pub session: Option<String>,
    /// When it happened: UTC, RFC 3339 with milliseconds (`2026-11-30T19:53:00.000Z`).
    pub at: String,
    /// When the LRS stored it (same format); `None` for files without it and Moodle.
    pub stored: Option<String>,
    pub success: Option<bool>,
    pub completion: Option<bool>,
    /// `result.score.scaled` (0–1).
    pub scaled: Option<f64>,
    /// The response as the package wrote it, read back to Campus's ids (SCORM 2004 `_` → `-`;
    /// xAPI `[,]` kept as written).
    pub response: Option<String>,
    /// `result.duration`, in milliseconds.
    pub duration_ms: Option<i64>,
    /// Made by the LMS (cmi5 `launched`, `abandoned`, `satisfied`, `waived`), not by Campus's player.
    pub by_lms: bool,
    /// The number of the self-diagnostic an answer belongs to (1 the first), when the record
    /// says it (xAPI: the context extension `<path IRI>#diagnostic-attempt`).
    pub diagnostic: Option<u32>,
}
