//! The interaction vocabulary: how each kind of answer is typed and written in the learner's state
//! and in each tracking standard (SCORM 1.2, SCORM 2004, xAPI). One table for Rust and for the
//! player runtime: [`bundle_line`] writes it as the `CAMPUS_VOCAB` object that opens every
//! runtime bundle, and the JavaScript reads every delimiter, boolean and type from it.

use serde_json::{json, Map, Value};

use crate::model::QuestionKind;

/// A kind of answer a learner gives, as the runtime names it (`data-kind`, `q.k`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Single,
    Multiple,
    TrueFalse,
    FillIn,
    Numeric,
    Matching,
    Ordering,
    /// A self-diagnostic statement on a scale.
    Likert,
    /// A shared reflection (free text).
    Reflection,
}

impl Kind {
    /// Every kind, in the order of the dialects' `types` tables.
    pub(crate) const ALL: [Kind; 9] = [
        Kind::Single,
        Kind::Multiple,
        Kind::TrueFalse,
        Kind::FillIn,
        Kind::Numeric,
        Kind::Matching,
        Kind::Ordering,
        Kind::Likert,
        Kind::Reflection,
    ];

    /// The name the runtime uses.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Single => "single",
            Kind::Multiple => "multiple",
            Kind::TrueFalse => "true-false",
            Kind::FillIn => "fill-in",
            Kind::Numeric => "numeric",
            Kind::Matching => "matching",
            Kind::Ordering => "ordering",
            Kind::Likert => "likert",
            Kind::Reflection => "reflection",
        }
    }
}

impl From<QuestionKind> for Kind {
    fn from(kind: QuestionKind) -> Self {
        match kind {
            QuestionKind::Single => Kind::Single,
            QuestionKind::Multiple => Kind::Multiple,
            QuestionKind::TrueFalse => Kind::TrueFalse,
            QuestionKind::FillIn => Kind::FillIn,
            QuestionKind::Numeric => Kind::Numeric,
            QuestionKind::Matching => Kind::Matching,
            QuestionKind::Ordering => Kind::Ordering,
        }
    }
}

/// How a response is written: the separators of a list and of a pair, and the two booleans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Encoding {
    /// Between the items of a list (choices, an order, pairs).
    pub list: &'static str,
    /// Between the two sides of a pair (matching).
    pub pair: &'static str,
    /// The answer "true" of a true-false question.
    pub yes: &'static str,
    /// The answer "false" of a true-false question.
    pub no: &'static str,
}

/// The learner's state (suspend data, page inputs, the page data's answer keys): short, since it
/// must fit SCORM 1.2's 4096 characters.
pub(crate) const STATE: Encoding = Encoding { list: ",", pair: ":", yes: "t", no: "f" };

/// The answer "not applicable" to a self-diagnostic statement (course.toml's `not_applicable`),
/// in the state and as the response of its likert interaction in every standard: a short
/// identifier without a hyphen, so valid where Moodle checks SCORM 2004 likert responses against
/// `^[\w\.]{1,250}$`. The runtime reads it as `CAMPUS_VOCAB.state.na`.
pub(crate) const NOT_APPLICABLE: &str = "na";

/// A tracking standard's way of writing interactions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Dialect {
    /// The key in `CAMPUS_VOCAB`, also the runtime adapter's name.
    pub name: &'static str,
    pub encoding: Encoding,
    /// Between the two bounds of a numeric range; `None` where the standard has no range.
    pub range: Option<&'static str>,
    /// The result of a wrong answer; `None` where the standard records success as a boolean.
    pub wrong: Option<&'static str>,
    /// The interaction type of each kind, in the order of [`Kind::ALL`].
    types: [&'static str; 9],
    /// What stands for `-` in the Campus ids of a response or a pattern (choice, matching,
    /// ordering); `None` where ids are written as they are. Moodle checks SCORM 2004 short
    /// identifiers against `^[\w\.]{1,250}$`, and Campus ids never contain `_`, so `_` there is
    /// reversible.
    pub hyphen: Option<&'static str>,
}

/// SCORM 1.2 (`cmi.interactions.n.*`, RTE 3.4.2.7): no `long-fill-in`, so a reflection is a
/// `fill-in`.
pub(crate) const SCORM12: Dialect = Dialect {
    name: "scorm12",
    encoding: Encoding { list: ",", pair: ".", yes: "t", no: "f" },
    range: None,
    wrong: Some("wrong"),
    types: ["choice", "choice", "true-false", "fill-in", "numeric", "matching", "sequencing", "likert", "fill-in"],
    hyphen: None,
};

/// SCORM 2004 (RTE 4.2.9, reserved delimiters `[,]` `[.]` `[:]`).
pub(crate) const SCORM2004: Dialect = Dialect {
    name: "scorm2004",
    encoding: Encoding { list: "[,]", pair: "[.]", yes: "true", no: "false" },
    range: Some("[:]"),
    wrong: Some("incorrect"),
    types: ["choice", "choice", "true-false", "fill-in", "numeric", "matching", "sequencing", "likert", "long-fill-in"],
    hyphen: Some("_"),
};

/// xAPI 1.0.3 interaction activities (the SCORM 2004 response syntax; success is a boolean).
pub(crate) const XAPI: Dialect = Dialect {
    name: "xapi",
    encoding: Encoding { list: "[,]", pair: "[.]", yes: "true", no: "false" },
    range: Some("[:]"),
    wrong: None,
    types: ["choice", "choice", "true-false", "fill-in", "numeric", "matching", "sequencing", "likert", "long-fill-in"],
    hyphen: None,
};

/// Every dialect.
pub(crate) const DIALECTS: [&Dialect; 3] = [&SCORM12, &SCORM2004, &XAPI];

impl Dialect {
    /// The dialect of this name (`scorm12`, `scorm2004`, `xapi`).
    pub(crate) fn named(name: &str) -> Option<&'static Dialect> {
        DIALECTS.into_iter().find(|d| d.name == name)
    }

    /// The standard's interaction type for a kind of answer.
    pub(crate) fn interaction_type(&self, kind: Kind) -> &'static str {
        let at = Kind::ALL.iter().position(|k| *k == kind).expect("every kind is in Kind::ALL");
        self.types[at]
    }

    fn json(&self) -> Value {
        let types: Map<String, Value> =
            Kind::ALL.iter().map(|k| (k.name().to_owned(), Value::from(self.interaction_type(*k)))).collect();
        let mut object = encoding_json(&self.encoding);
        object.insert("types".into(), Value::Object(types));
        object.insert("range".into(), self.range.map_or(Value::Null, Value::from));
        object.insert("wrong".into(), self.wrong.map_or(Value::Null, Value::from));
        object.insert("hyphen".into(), self.hyphen.map_or(Value::Null, Value::from));
        Value::Object(object)
    }
}

fn encoding_json(encoding: &Encoding) -> Map<String, Value> {
    let value = json!({"list": encoding.list, "pair": encoding.pair, "true": encoding.yes, "false": encoding.no});
    let Value::Object(object) = value else { unreachable!("a JSON object literal") };
    object
}

/// The first line of a runtime bundle: `var CAMPUS_VOCAB = {…};`, with the state's encoding and
/// the named dialects only (the standalone bundle: none). Panics on a name that is no dialect,
/// a mistake in the bundle's own code.
pub(crate) fn bundle_line(dialects: &[&str]) -> String {
    let mut vocab = Map::new();
    let mut state = encoding_json(&STATE);
    state.insert("na".into(), NOT_APPLICABLE.into());
    vocab.insert("state".into(), Value::Object(state));
    for name in dialects {
        let dialect = Dialect::named(name).unwrap_or_else(|| panic!("no dialect is called `{name}`"));
        vocab.insert(dialect.name.into(), dialect.json());
    }
    format!("var CAMPUS_VOCAB = {};\n", Value::Object(vocab))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab(line: &str) -> Value {
        let json = line.strip_prefix("var CAMPUS_VOCAB = ").and_then(|l| l.strip_suffix(";\n")).expect("one JS line");
        serde_json::from_str(json).expect("the line holds JSON")
    }

    #[test]
    fn the_standalone_bundle_carries_the_state_encoding_only() {
        let v = vocab(&bundle_line(&[]));
        assert_eq!(v, json!({"state": {"list": ",", "pair": ":", "true": "t", "false": "f", "na": "na"}}));
    }

    #[test]
    fn a_dialect_has_the_shape_the_runtime_reads() {
        let v = vocab(&bundle_line(&["scorm2004"]));
        let mut keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        keys.sort();
        assert_eq!(keys, ["scorm2004", "state"]);
        let d = &v["scorm2004"];
        let mut keys: Vec<&String> = d.as_object().unwrap().keys().collect();
        keys.sort();
        assert_eq!(keys, ["false", "hyphen", "list", "pair", "range", "true", "types", "wrong"]);
        assert_eq!(d["hyphen"], "_", "Moodle's SCORM 2004 short identifiers: `^[\\w\\.]{{1,250}}$`");
        assert_eq!(d["list"], "[,]");
        assert_eq!(d["pair"], "[.]");
        assert_eq!(d["range"], "[:]");
        assert_eq!(d["true"], "true");
        assert_eq!(d["wrong"], "incorrect");
        assert_eq!(d["types"]["ordering"], "sequencing");
        assert_eq!(d["types"]["reflection"], "long-fill-in");
        assert_eq!(d["types"].as_object().unwrap().len(), Kind::ALL.len());
    }

    #[test]
    fn the_three_dialects_say_what_their_standards_say() {
        let v = vocab(&bundle_line(&["scorm12", "scorm2004", "xapi"]));
        assert_eq!(v["scorm12"]["range"], Value::Null, "SCORM 1.2 has no numeric range");
        assert_eq!(v["scorm12"]["pair"], ".");
        assert_eq!(v["scorm12"]["wrong"], "wrong");
        assert_eq!(v["scorm12"]["types"]["reflection"], "fill-in", "SCORM 1.2 has no long-fill-in");
        assert_eq!(v["xapi"]["wrong"], Value::Null, "xAPI records success as a boolean");
        assert_eq!(v["scorm12"]["hyphen"], Value::Null, "SCORM 1.2 keeps ids as they are");
        assert_eq!(v["xapi"]["hyphen"], Value::Null, "xAPI keeps ids as they are");
        for kind in Kind::ALL {
            let expected = match kind {
                Kind::Single | Kind::Multiple => "choice",
                Kind::Ordering => "sequencing",
                Kind::Reflection => "long-fill-in",
                other => other.name(),
            };
            assert_eq!(XAPI.interaction_type(kind), expected);
            assert_eq!(SCORM2004.interaction_type(kind), expected);
            if kind != Kind::Reflection {
                assert_eq!(SCORM12.interaction_type(kind), expected);
            }
        }
    }

    #[test]
    #[should_panic(expected = "no dialect is called `scorm3`")]
    fn an_unknown_dialect_is_a_mistake() {
        bundle_line(&["scorm3"]);
    }
}
