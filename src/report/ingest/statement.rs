//! One xAPI statement, as bytes, into what the database keeps: a fact, a voiding, or a skip with
//! its reason. Only the fields the report uses are read (borrowed from the bytes where they hold
//! no escape); everything else is skipped by the parser without being built.
//!
//! Where a statement sits in the path:
//! - Campus's player names its activities: the module IRI (TinCan), `<module IRI>/<block id>`
//!   (answered), `<module IRI>#page-N` (experienced).
//! - In cmi5, statements about the AU itself (Campus's `initialized`, `completed`, `passed`,
//!   `failed`, `progressed`, `terminated`; the LMS's `launched`, `abandoned`, `waived`) name the
//!   LMS's own activity id, unknown to Campus; the LMS puts the AU's publisher id — Campus's module
//!   IRI — in `context.contextActivities.grouping` (cmi5 §9.6.2.3), so the module is found there.
//! - The LMS's `satisfied` names a block or the course: its grouping holds the course's publisher
//!   id (the course IRI). It says nothing about a module: counted as the LMS's, not kept.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Deserialize;
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};

use crate::report::fact::{Actor, Fact, Verb};
use crate::report::hash::FastHasher;
use crate::report::index::{PathIndex, Place};

/// The verb of a voiding statement.
const VOIDED: &str = "http://adlnet.gov/expapi/verbs/voided";

/// Why a statement was not kept (the tally counts `skipped: <reason>`).
pub(crate) mod skip {
    pub(crate) const MALFORMED: &str = "malformed JSON";
    pub(crate) const INVALID: &str = "not a valid statement";
    pub(crate) const NO_ACTOR: &str = "no actor";
    pub(crate) const NO_VERB: &str = "no verb";
    pub(crate) const NO_OBJECT: &str = "no object";
    pub(crate) const NO_TIME: &str = "no valid timestamp";
    pub(crate) const ANOTHER_PATH: &str = "another path";
    pub(crate) const NOT_IN_SOURCES: &str = "an activity not in the sources";
    pub(crate) const OTHER_VERB: &str = "a verb the report does not use";
    pub(crate) const LMS_COURSE: &str = "the LMS's statement about a course or block";
    pub(crate) const COURSE_LEVEL: &str = "a statement about a course or the path, not a module";
    pub(crate) const SUB_STATEMENT: &str = "a sub-statement";
    pub(crate) const BAD_VOIDING: &str = "a voiding statement without a statement reference";
    // Moodle's report downloads: a whole file, then one row.
    pub(crate) const NOT_A_REPORT: &str = "not a Moodle SCORM report (fewer than 6 columns)";
    pub(crate) const NO_SCO_COLUMNS: &str =
        "a report without SCO columns (Moodle's Basic report lists attempts only): download the Interactions report";
    pub(crate) const COURSE_ONLY: &str = "a single-SCO package's row without interactions: nothing tells which modules were played (Moodle 4.4 shows no interaction of SCORM 2004 packages: use the SCORM 1.2 package or one SCO per module)";
    pub(crate) const NO_MODULE_SCO: &str = "no SCO of this report is a module of this path";
    pub(crate) const SCO_NOT_IN_COURSE: &str = "a SCO that is no module of the course of the others";
    pub(crate) const NEVER_STARTED: &str = "a learner who never started";
    pub(crate) const BAD_ATTEMPT: &str = "an attempt number that is not a number";
    pub(crate) const BAD_DATE: &str = "a date not understood";
    pub(crate) const UNKNOWN_INTERACTION: &str = "an interaction id not in the path";

    /// A reason as said to the reader, in the language of the messages (the database keeps the
    /// English words as keys).
    pub(crate) fn shown(reason: &str) -> String {
        match reason {
            MALFORMED => crate::tr!("malformed JSON"),
            INVALID => crate::tr!("not a valid statement"),
            NO_ACTOR => crate::tr!("no actor"),
            NO_VERB => crate::tr!("no verb"),
            NO_OBJECT => crate::tr!("no object"),
            NO_TIME => crate::tr!("no valid timestamp"),
            ANOTHER_PATH => crate::tr!("another path"),
            NOT_IN_SOURCES => crate::tr!("an activity not in the sources"),
            OTHER_VERB => crate::tr!("a verb the report does not use"),
            LMS_COURSE => crate::tr!("the LMS's statement about a course or block"),
            COURSE_LEVEL => crate::tr!("a statement about a course or the path, not a module"),
            SUB_STATEMENT => crate::tr!("a sub-statement"),
            BAD_VOIDING => crate::tr!("a voiding statement without a statement reference"),
            NOT_A_REPORT => crate::tr!("not a Moodle SCORM report (fewer than 6 columns)"),
            NO_SCO_COLUMNS => crate::tr!(
                "a report without SCO columns (Moodle's Basic report lists attempts only): download the Interactions report"
            ),
            COURSE_ONLY => crate::tr!("a single-SCO package's row without interactions: nothing tells which modules were played (Moodle 4.4 shows no interaction of SCORM 2004 packages: use the SCORM 1.2 package or one SCO per module)"),
            NO_MODULE_SCO => crate::tr!("no SCO of this report is a module of this path"),
            SCO_NOT_IN_COURSE => crate::tr!("a SCO that is no module of the course of the others"),
            NEVER_STARTED => crate::tr!("a learner who never started"),
            BAD_ATTEMPT => crate::tr!("an attempt number that is not a number"),
            BAD_DATE => crate::tr!("a date not understood"),
            UNKNOWN_INTERACTION => crate::tr!("an interaction id not in the path"),
            other => other.to_string(),
        }
    }
}

/// What a statement is for the report.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Outcome {
    /// Something a learner did in a module.
    Fact(Box<Fact>),
    /// A voiding statement: the statement of this id is to be forgotten.
    Void(String),
    /// Not kept, for this reason (one of [`skip`]). `by_lms`: made by the LMS in cmi5 (counted).
    Skip { reason: &'static str, by_lms: bool },
}

/// A statement that is not JSON, or not a statement's shape.
#[derive(Debug)]
pub(crate) struct Unreadable {
    /// [`skip::MALFORMED`] or [`skip::INVALID`].
    pub reason: &'static str,
    /// The parser's message (line and column within the statement).
    pub detail: String,
}

#[derive(Deserialize)]
struct Statement<'a> {
    #[serde(borrow)]
    id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    actor: Option<Agent<'a>>,
    #[serde(borrow)]
    verb: Option<VerbRef<'a>>,
    #[serde(borrow)]
    object: Option<Object<'a>>,
    #[serde(borrow)]
    result: Option<StatementResult<'a>>,
    #[serde(borrow)]
    context: Option<Context<'a>>,
    #[serde(borrow)]
    timestamp: Option<Cow<'a, str>>,
    #[serde(borrow)]
    stored: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct Agent<'a> {
    #[serde(borrow)]
    name: Option<Cow<'a, str>>,
    #[serde(borrow)]
    mbox: Option<Cow<'a, str>>,
    #[serde(borrow)]
    mbox_sha1sum: Option<Cow<'a, str>>,
    #[serde(borrow)]
    openid: Option<Cow<'a, str>>,
    #[serde(borrow)]
    account: Option<Account<'a>>,
}

#[derive(Deserialize)]
struct Account<'a> {
    #[serde(borrow, rename = "homePage")]
    home_page: Option<Cow<'a, str>>,
    #[serde(borrow)]
    name: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct VerbRef<'a> {
    #[serde(borrow)]
    id: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct Object<'a> {
    #[serde(borrow)]
    id: Option<Cow<'a, str>>,
    #[serde(borrow, rename = "objectType")]
    object_type: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct StatementResult<'a> {
    success: Option<bool>,
    completion: Option<bool>,
    score: Option<Score>,
    #[serde(borrow)]
    response: Option<Cow<'a, str>>,
    #[serde(borrow)]
    duration: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct Score {
    scaled: Option<f64>,
}

#[derive(Deserialize)]
struct Context<'a> {
    #[serde(borrow)]
    registration: Option<Cow<'a, str>>,
    #[serde(borrow)]
    team: Option<Team<'a>>,
    #[serde(borrow, rename = "contextActivities")]
    activities: Option<ContextActivities<'a>>,
    #[serde(borrow)]
    extensions: Option<Extensions<'a>>,
}

#[derive(Deserialize)]
struct Team<'a> {
    #[serde(borrow)]
    name: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct ContextActivities<'a> {
    #[serde(borrow, default)]
    grouping: Activities<'a>,
}

/// A list of context activities; xAPI 0.95 allowed one activity alone, which LRSs still send.
#[derive(Default)]
struct Activities<'a>(Vec<Cow<'a, str>>);

impl<'de: 'a, 'a> Deserialize<'de> for Activities<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for Visit<'a> {
            type Value = Activities<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of activities")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut ids = Vec::new();
                while let Some(activity) = seq.next_element::<ActivityRef<'de>>()? {
                    ids.extend(activity.id);
                }
                Ok(Activities(ids))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                let one = ActivityRef::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(Activities(one.id.into_iter().collect()))
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Activities(Vec::new()))
            }
        }
        deserializer.deserialize_any(Visit(std::marker::PhantomData))
    }
}

#[derive(Deserialize)]
struct ActivityRef<'a> {
    #[serde(borrow)]
    id: Option<Cow<'a, str>>,
}

/// Context extensions, by IRI: the cmi5 session id, Campus's diagnostic number, others left unread.
#[derive(Deserialize)]
struct Extensions<'a>(#[serde(borrow)] HashMap<Cow<'a, str>, &'a RawValue, BuildHasherDefault<FastHasher>>);

const SESSION_ID: &str = "https://w3id.org/xapi/cmi5/context/extensions/sessionid";

impl Extensions<'_> {
    fn session(&self) -> Option<String> {
        serde_json::from_str(self.0.get(SESSION_ID)?.get()).ok()
    }

    /// The number of the self-diagnostic an answer belongs to (`<path IRI>#diagnostic-attempt`).
    fn diagnostic(&self, path_iri: &str) -> Option<u32> {
        let (_, value) = self.0.iter().find(|(k, _)| k.strip_suffix("#diagnostic-attempt") == Some(path_iri))?;
        serde_json::from_str(value.get()).ok()
    }
}

/// Reads one statement. `source` is where it was read (`lrs:…`, `file:…`).
pub(crate) fn read(raw: &[u8], source: &str, index: &PathIndex) -> Result<Outcome, Unreadable> {
    // Checked as UTF-8 once, the text is parsed without checking each string again; bytes that
    // are not UTF-8 go to the parser of bytes, for its message.
    let parsed = match std::str::from_utf8(raw) {
        Ok(text) => serde_json::from_str::<Statement>(text),
        Err(_) => serde_json::from_slice::<Statement>(raw),
    };
    let statement: Statement = parsed.map_err(|error| Unreadable {
        reason: if error.is_data() { skip::INVALID } else { skip::MALFORMED },
        detail: error.to_string(),
    })?;
    Ok(outcome(&statement, raw, source, index))
}

fn skipped(reason: &'static str) -> Outcome {
    Outcome::Skip { reason, by_lms: false }
}

fn outcome(s: &Statement, raw: &[u8], source: &str, index: &PathIndex) -> Outcome {
    let Some(verb_iri) = s.verb.as_ref().and_then(|v| v.id.as_deref()).filter(|v| !v.is_empty()) else {
        return skipped(skip::NO_VERB);
    };
    let object = s.object.as_ref();
    let object_type = object.and_then(|o| o.object_type.as_deref()).unwrap_or("Activity");
    let Some(object_id) = object.and_then(|o| o.id.as_deref()).filter(|id| !id.is_empty()) else {
        return skipped(skip::NO_OBJECT);
    };
    if verb_iri == VOIDED {
        return if object_type == "StatementRef" {
            Outcome::Void(object_id.to_ascii_lowercase())
        } else {
            skipped(skip::BAD_VOIDING)
        };
    }
    let Some(actor) = s.actor.as_ref().and_then(actor) else { return skipped(skip::NO_ACTOR) };
    if object_type == "SubStatement" {
        return skipped(skip::SUB_STATEMENT);
    }
    let verb = Verb::from_iri(verb_iri);
    let by_lms = matches!(verb, Some(Verb::Launched | Verb::Abandoned | Verb::Satisfied | Verb::Waived));
    let grouping = s.context.as_ref().and_then(|c| c.activities.as_ref()).map_or(&[][..], |a| a.grouping.0.as_slice());
    let place = match locate(object_id, grouping, index) {
        Located::Here(place) => place,
        Located::Course if by_lms => return Outcome::Skip { reason: skip::LMS_COURSE, by_lms },
        Located::Course => return skipped(skip::COURSE_LEVEL),
        Located::Gone => return skipped(skip::NOT_IN_SOURCES),
        Located::Elsewhere => return skipped(skip::ANOTHER_PATH),
    };
    let Some(verb) = verb else { return skipped(skip::OTHER_VERB) };
    if verb == Verb::Satisfied {
        // cmi5 gives `satisfied` to blocks and courses only; one naming a module says nothing more.
        return Outcome::Skip { reason: skip::LMS_COURSE, by_lms: true };
    }
    let Some(at) = s.timestamp.as_deref().or(s.stored.as_deref()).and_then(utc) else {
        return skipped(skip::NO_TIME);
    };
    let context = s.context.as_ref();
    let result = s.result.as_ref();
    Outcome::Fact(Box::new(Fact {
        id: s.id.as_deref().filter(|id| !id.is_empty()).map_or_else(|| derived_id(raw), str::to_ascii_lowercase),
        source: source.to_string(),
        actor,
        team: context.and_then(|c| c.team.as_ref()).and_then(|t| t.name.as_deref()).map(str::to_string),
        verb,
        course: place.course,
        module: place.module,
        block: if verb == Verb::Answered { place.block } else { None },
        registration: context.and_then(|c| c.registration.as_deref()).map(str::to_ascii_lowercase),
        session: context.and_then(|c| c.extensions.as_ref()).and_then(Extensions::session),
        diagnostic: context.and_then(|c| c.extensions.as_ref()).and_then(|e| e.diagnostic(&index.path_iri)),
        at,
        stored: s.stored.as_deref().and_then(utc),
        success: result.and_then(|r| r.success),
        completion: result.and_then(|r| r.completion),
        scaled: result.and_then(|r| r.score.as_ref()).and_then(|s| s.scaled),
        response: result.and_then(|r| r.response.as_deref()).map(str::to_string),
        duration_ms: result.and_then(|r| r.duration.as_deref()).and_then(duration_ms),
        by_lms,
    }))
}

enum Located {
    Here(Place),
    /// The LMS's statement about a course (or a block of AUs) of the path.
    Course,
    /// Under the path's IRI, but no module or block of the sources.
    Gone,
    Elsewhere,
}

/// Where a statement's object sits: by its own IRI when it is one of the path's, else by the
/// AU's publisher id in the grouping (cmi5).
fn locate(object: &str, grouping: &[Cow<str>], index: &PathIndex) -> Located {
    if index.is_ours(object) {
        return match index.place(object) {
            Some(place) => Located::Here(place),
            None if index.course(object).is_some() || object == index.path_iri => Located::Course,
            None => Located::Gone,
        };
    }
    let mut ours = false;
    for id in grouping {
        if let Some(place) = index.place(id).filter(|p| p.block.is_none()) {
            return Located::Here(Place { block: None, ..place });
        }
        ours |= index.is_ours(id);
    }
    // The path's own IRI comes last in Campus's grouping: a course IRI alone is the LMS's.
    let path_named = grouping.iter().any(|id| id == &index.path_iri);
    if grouping.iter().any(|id| index.course(id).is_some()) && !path_named {
        return Located::Course;
    }
    if ours {
        Located::Gone
    } else {
        Located::Elsewhere
    }
}

/// The actor's canonical key, name and e-mail; `None` without an inverse functional identifier.
fn actor(agent: &Agent) -> Option<Actor> {
    let name = agent.name.as_deref().map(str::to_string);
    if let Some(mbox) = agent.mbox.as_deref().filter(|m| !m.trim().is_empty()) {
        return Some(Actor::by_email(mbox, name));
    }
    let key = if let Some(sum) = agent.mbox_sha1sum.as_deref().filter(|s| !s.is_empty()) {
        format!("mbox_sha1sum:{}", sum.trim().to_ascii_lowercase())
    } else if let Some(openid) = agent.openid.as_deref().filter(|s| !s.is_empty()) {
        format!("openid:{}", openid.trim())
    } else {
        let account = agent.account.as_ref()?;
        let home = account.home_page.as_deref().unwrap_or("").trim().trim_end_matches('/');
        let login = account.name.as_deref().filter(|n| !n.is_empty())?;
        format!("account:{home}|{login}")
    };
    Some(Actor { key, name, email: None })
}

/// An xAPI timestamp (RFC 3339/ISO 8601 with an offset) as UTC RFC 3339 with milliseconds.
pub(crate) fn utc(text: &str) -> Option<String> {
    let text = text.trim();
    let time = DateTime::parse_from_rfc3339(text).ok()?;
    if is_utc_millis(text) {
        // Already the form written (what Campus's player and most LRSs send): no formatting.
        return Some(text.to_string());
    }
    Some(time.with_timezone(&Utc).to_rfc3339_opts(SecondsFormat::Millis, true))
}

/// Whether a valid RFC 3339 time is written as [`utc`] writes it: `2026-11-30T19:53:00.000Z`.
fn is_utc_millis(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 24
        && bytes.iter().enumerate().all(|(i, &b)| match i {
            4 | 7 => b == b'-',
            10 => b == b'T',
            13 | 16 => b == b':',
            19 => b == b'.',
            23 => b == b'Z',
            _ => b.is_ascii_digit(),
        })
}

/// An ISO 8601 duration (`PT1H2M3.5S`, `P1DT2H`) in milliseconds; years and months are not
/// durations a module takes and are refused.
pub(crate) fn duration_ms(text: &str) -> Option<i64> {
    let rest = text.trim().strip_prefix('P')?;
    let (days, time) = match rest.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (rest, None),
    };
    let mut ms = 0f64;
    let mut take = |part: &str, units: &[(char, f64)]| -> Option<()> {
        let mut number = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() || c == '.' || c == ',' {
                number.push(if c == ',' { '.' } else { c });
                continue;
            }
            let factor = units.iter().find(|(u, _)| *u == c)?.1;
            ms += number.parse::<f64>().ok()? * factor;
            number.clear();
        }
        number.is_empty().then_some(())
    };
    take(days, &[('W', 604_800_000.0), ('D', 86_400_000.0)])?;
    if let Some(time) = time {
        if time.is_empty() {
            return None;
        }
        take(time, &[('H', 3_600_000.0), ('M', 60_000.0), ('S', 1000.0)])?;
    }
    Some(ms.round() as i64)
}

/// An id for a statement that has none (a hand-made file): the hash of its bytes, so that reading
/// the same file again still counts it once.
fn derived_id(raw: &[u8]) -> String {
    let digest = Sha256::digest(raw);
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn times_already_in_utc_millis_are_kept_as_written() {
        let slow = |t: &str| {
            DateTime::parse_from_rfc3339(t)
                .ok()
                .map(|d| d.with_timezone(&Utc).to_rfc3339_opts(SecondsFormat::Millis, true))
        };
        for t in [
            "2026-09-18T20:29:08.928Z",
            "2026-06-30T23:59:60.500Z",
            "2026-02-30T10:00:00.000Z",
            "2026-09-18T20:29:08.928+02:00",
            "2026-09-18T20:29:08Z",
            "2026-09-18t20:29:08.928z",
            "2026-09-18T20:29:08.92812Z",
        ] {
            assert_eq!(utc(t), slow(t), "{t}");
        }
    }

    pub(crate) const PATH: &str = "https://campus.example.org/act/reset";

    /// A path of two courses: comprendre/intro (q1, q2, d1) and agir/bilan (qa).
    pub(crate) fn index() -> PathIndex {
        PathIndex::from_parts(PATH, &[("comprendre", "intro", &["q1", "q2", "d1"]), ("agir", "bilan", &["qa"])])
    }

    fn module() -> String {
        format!("{PATH}/comprendre/intro")
    }

    fn read_json(value: &serde_json::Value) -> Outcome {
        read(value.to_string().as_bytes(), "file:t.jsonl", &index()).unwrap()
    }

    fn fact(outcome: Outcome) -> Fact {
        match outcome {
            Outcome::Fact(fact) => *fact,
            other => panic!("not a fact: {other:?}"),
        }
    }

    fn answered() -> serde_json::Value {
        serde_json::json!({
            "id": "6F1B0C9E-0000-4000-8000-000000000001",
            "actor": {"objectType": "Agent", "name": "Ana", "mbox": "mailto:Ana@Example.ORG"},
            "verb": {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en-US": "answered"}},
            "object": {"id": format!("{}/q1", module()), "objectType": "Activity",
                "definition": {"type": "http://adlnet.gov/expapi/activities/cmi.interaction", "choices": [{"id": "a"}]}},
            "result": {"response": "a[,]b", "success": false, "duration": "PT1M2.5S"},
            "context": {"registration": "AB5B3E4C-0000-4000-8000-00000000000A",
                "contextActivities": {"parent": [{"id": module()}],
                    "grouping": [{"id": format!("{PATH}/comprendre")}, {"id": PATH}]},
                "team": {"objectType": "Group", "name": "Ville de Lyon", "member": []},
                "language": "fr", "platform": "Campus"},
            "timestamp": "2026-11-30T20:53:00.12+01:00",
            "stored": "2026-11-30T19:53:01.5Z",
            "authority": {"mbox": "mailto:lrs@example.org"}, "version": "1.0.0"
        })
    }

    #[test]
    fn an_answer_becomes_a_fact() {
        let f = fact(read_json(&answered()));
        assert_eq!(f.id, "6f1b0c9e-0000-4000-8000-000000000001");
        assert_eq!(f.actor.key, "mbox:mailto:ana@example.org");
        assert_eq!(f.actor.name.as_deref(), Some("Ana"));
        assert_eq!((f.course.as_str(), f.module.as_str(), f.block.as_deref()), ("comprendre", "intro", Some("q1")));
        assert_eq!(f.verb, Verb::Answered);
        assert_eq!(f.at, "2026-11-30T19:53:00.120Z");
        assert_eq!(f.stored.as_deref(), Some("2026-11-30T19:53:01.500Z"));
        assert_eq!(f.response.as_deref(), Some("a[,]b"));
        assert_eq!((f.success, f.duration_ms), (Some(false), Some(62_500)));
        assert_eq!(f.team.as_deref(), Some("Ville de Lyon"));
        assert_eq!(f.registration.as_deref(), Some("ab5b3e4c-0000-4000-8000-00000000000a"));
        assert_eq!(f.source, "file:t.jsonl");
        assert!(!f.by_lms);
    }

    #[test]
    fn pages_and_the_module_itself_are_the_module() {
        let mut s = answered();
        s["verb"]["id"] = "http://adlnet.gov/expapi/verbs/experienced".into();
        s["object"]["id"] = format!("{}#page-3", module()).into();
        let f = fact(read_json(&s));
        assert_eq!((f.verb, f.module.as_str(), f.block), (Verb::Experienced, "intro", None));
        s["verb"]["id"] = "http://adlnet.gov/expapi/verbs/passed".into();
        s["object"]["id"] = module().into();
        s["result"] = serde_json::json!({"success": true, "score": {"scaled": 0.85, "raw": 85}, "duration": "PT20M"});
        let f = fact(read_json(&s));
        assert_eq!(
            (f.verb, f.scaled, f.success, f.duration_ms),
            (Verb::Passed, Some(0.85), Some(true), Some(1_200_000))
        );
    }

    #[test]
    fn cmi5_statements_find_their_module_through_the_publisher_id() {
        let lms_id = "https://lms.example.org/activities/au/1f2e3d";
        let mut s = answered();
        s["verb"]["id"] = "http://adlnet.gov/expapi/verbs/completed".into();
        s["object"]["id"] = lms_id.into();
        s["result"] = serde_json::json!({"completion": true});
        s["context"]["contextActivities"]["grouping"] =
            serde_json::json!([{"id": module()}, {"id": format!("{PATH}/comprendre")}, {"id": PATH}]);
        s["context"]["extensions"] = serde_json::json!({"https://w3id.org/xapi/cmi5/context/extensions/sessionid": "sess-1", "https://example.org/other": {"a": [1]}});
        let f = fact(read_json(&s));
        assert_eq!((f.verb, f.module.as_str(), f.completion), (Verb::Completed, "intro", Some(true)));
        assert_eq!(f.session.as_deref(), Some("sess-1"));
        assert_eq!(f.diagnostic, None);
        // Campus's number of the self-diagnostic an answer belongs to; another path's is not ours.
        s["context"]["extensions"][format!("{PATH}#diagnostic-attempt")] = 2.into();
        assert_eq!(fact(read_json(&s)).diagnostic, Some(2));
        s["context"]["extensions"] = serde_json::json!({"https://elsewhere.org/p#diagnostic-attempt": 3});
        assert_eq!(fact(read_json(&s)).diagnostic, None);
        // The LMS's own statements: the publisher id alone in the grouping.
        s["verb"]["id"] = "https://w3id.org/xapi/adl/verbs/abandoned".into();
        s["context"]["contextActivities"]["grouping"] = serde_json::json!([{"id": module()}]);
        let f = fact(read_json(&s));
        assert_eq!((f.verb, f.by_lms), (Verb::Abandoned, true));
        s["verb"]["id"] = "http://adlnet.gov/expapi/verbs/launched".into();
        assert!(fact(read_json(&s)).by_lms);
        // satisfied names the course: counted as the LMS's, not kept.
        s["verb"]["id"] = "https://w3id.org/xapi/adl/verbs/satisfied".into();
        s["object"]["id"] = "https://lms.example.org/activities/course/9".into();
        s["context"]["contextActivities"]["grouping"] = serde_json::json!([{"id": format!("{PATH}/comprendre")}]);
        assert_eq!(read_json(&s), Outcome::Skip { reason: skip::LMS_COURSE, by_lms: true });
    }

    #[test]
    fn voiding_statements_name_what_they_void() {
        let s = serde_json::json!({
            "id": "aaaaaaaa-0000-4000-8000-000000000009",
            "actor": {"mbox": "mailto:admin@example.org"},
            "verb": {"id": VOIDED},
            "object": {"objectType": "StatementRef", "id": "6f1b0c9e-0000-4000-8000-000000000001"},
        });
        assert_eq!(read_json(&s), Outcome::Void("6f1b0c9e-0000-4000-8000-000000000001".into()));
    }

    #[test]
    fn skips_say_why() {
        let reason = |s: &serde_json::Value| match read_json(s) {
            Outcome::Skip { reason, .. } => reason,
            other => panic!("kept: {other:?}"),
        };
        let mut s = answered();
        s.as_object_mut().unwrap().remove("actor");
        assert_eq!(reason(&s), skip::NO_ACTOR);
        let mut s = answered();
        s["actor"] = serde_json::json!({"objectType": "Group", "member": []});
        assert_eq!(reason(&s), skip::NO_ACTOR);
        let mut s = answered();
        s.as_object_mut().unwrap().remove("verb");
        assert_eq!(reason(&s), skip::NO_VERB);
        let mut s = answered();
        s["object"]["id"] = "https://other.example.org/path/c/m/q1".into();
        s["context"]["contextActivities"] = serde_json::json!({"grouping": [{"id": "https://other.example.org/path"}]});
        assert_eq!(reason(&s), skip::ANOTHER_PATH);
        let mut s = answered();
        s["object"]["id"] = format!("{}/removed-question", module()).into();
        assert_eq!(reason(&s), skip::NOT_IN_SOURCES);
        let mut s = answered();
        s["verb"]["id"] = "http://adlnet.gov/expapi/verbs/interacted".into();
        assert_eq!(reason(&s), skip::OTHER_VERB);
        let mut s = answered();
        s["timestamp"] = "yesterday".into();
        s.as_object_mut().unwrap().remove("stored");
        assert_eq!(reason(&s), skip::NO_TIME);
        let error = read(b"{\"id\": \"x\", ", "f", &index()).unwrap_err();
        assert_eq!(error.reason, skip::MALFORMED);
        let error = read(b"{\"id\": 3}", "f", &index()).unwrap_err();
        assert_eq!(error.reason, skip::INVALID);
    }

    #[test]
    fn actors_have_one_key_whatever_their_spelling() {
        let key = |agent: serde_json::Value| {
            let mut s = answered();
            s["actor"] = agent;
            fact(read_json(&s)).actor.key
        };
        assert_eq!(key(serde_json::json!({"mbox": "MAILTO:Bob@X.org"})), "mbox:mailto:bob@x.org");
        assert_eq!(key(serde_json::json!({"mbox_sha1sum": "ABC123"})), "mbox_sha1sum:abc123");
        assert_eq!(
            key(serde_json::json!({"openid": "https://id.example.org/bob"})),
            "openid:https://id.example.org/bob"
        );
        assert_eq!(
            key(serde_json::json!({"account": {"homePage": "https://lms.example.org/", "name": "42"}})),
            "account:https://lms.example.org|42"
        );
    }

    #[test]
    fn statements_without_an_id_get_a_stable_one() {
        let mut s = answered();
        s.as_object_mut().unwrap().remove("id");
        let (a, b) = (fact(read_json(&s)).id, fact(read_json(&s)).id);
        assert_eq!(a, b);
        assert!(a.starts_with("sha256:"));
    }

    #[test]
    fn strings_with_escapes_are_read() {
        let mut s = answered();
        s["result"]["response"] = "une \"réponse\"\n".into();
        assert_eq!(fact(read_json(&s)).response.as_deref(), Some("une \"réponse\"\n"));
    }

    #[test]
    fn durations_and_times() {
        assert_eq!(duration_ms("PT0.42S"), Some(420));
        assert_eq!(duration_ms("P1DT1H"), Some(90_000_000));
        assert_eq!(duration_ms("PT1,5S"), Some(1500));
        assert_eq!(duration_ms("PT"), None);
        assert_eq!(duration_ms("P1Y"), None);
        assert_eq!(duration_ms("12"), None);
        assert_eq!(utc("2026-01-01T00:00:00Z").as_deref(), Some("2026-01-01T00:00:00.000Z"));
        assert_eq!(utc("2026-01-01T00:30:00.123456-02:00").as_deref(), Some("2026-01-01T02:30:00.123Z"));
        assert_eq!(utc("2026-01-01"), None);
    }
}
