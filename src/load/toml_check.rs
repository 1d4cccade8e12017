//! Checks a parsed TOML document against the JSON Schema of its Rust type, reporting every
//! unknown key, missing key and wrong value at once, each at its position.
//!
//! serde stops at the first problem; authors deserve all of them. The schema is the one
//! generated from the model (`schemars`), so the model stays the single source of truth. Only
//! the parts of JSON Schema that schemars emits for our types are interpreted.

use serde_json::Value as Json;
use std::collections::{BTreeMap, BTreeSet};

use toml::de::{DeArray, DeTable, DeValue};
use toml::Spanned;

use crate::diagnostics::{did_you_mean, known_thing, thing, Code, Diagnostics};
use crate::model::{OffsetMap, SourceFile};
use crate::schema::SchemaKind;
use crate::tr;

/// A problem found, with the byte offset (in the checked TOML text) it points at.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Problem {
    pub code: Code,
    pub offset: usize,
    pub message: String,
    pub hint: Option<String>,
    /// The top-level key the problem is in, and the item of its list when it is a list.
    pub place: Place,
    /// The text to write in place of the key or value at `offset`, when it is known.
    pub fix: Option<String>,
}

/// A top-level key, and an item (0-based) when the key holds a list.
pub(crate) type Place = (String, Option<usize>);

pub(crate) fn check(table: &Spanned<DeTable<'_>>, schema: &Json) -> Vec<Problem> {
    let mut checker = Checker { root: schema, problems: Vec::new(), place: (String::new(), None) };
    checker.table(table.get_ref(), table.span().start, schema, "");
    checker.problems
}

struct Checker<'s> {
    root: &'s Json,
    problems: Vec<Problem>,
    place: Place,
}

fn kind_name(value: &DeValue<'_>) -> String {
    match value {
        DeValue::String(_) => tr!("a string"),
        DeValue::Integer(_) => tr!("an integer"),
        DeValue::Float(_) => tr!("a number"),
        DeValue::Boolean(_) => tr!("a boolean"),
        DeValue::Datetime(_) => tr!("a date"),
        DeValue::Array(_) => tr!("a list"),
        DeValue::Table(_) => tr!("a table"),
    }
}

fn type_matches(value: &DeValue<'_>, ty: &str) -> bool {
    matches!(
        (ty, value),
        ("string", DeValue::String(_))
            | ("integer", DeValue::Integer(_))
            | ("number", DeValue::Integer(_) | DeValue::Float(_))
            | ("boolean", DeValue::Boolean(_))
            | ("array", DeValue::Array(_))
            | ("object", DeValue::Table(_))
    )
}

fn type_words(ty: &str) -> String {
    match ty {
        "string" => tr!("text in quotes"),
        "integer" => tr!("a whole number"),
        "number" => tr!("a number"),
        "boolean" => tr!("true or false"),
        "array" => tr!("a list in [brackets]"),
        "object" => tr!("a table"),
        _ => tr!("another kind of value"),
    }
}

impl<'s> Checker<'s> {
    fn resolve(&self, mut schema: &'s Json) -> &'s Json {
        for _ in 0..16 {
            let Some(reference) = schema.get("$ref").and_then(Json::as_str) else { break };
            let name = reference.rsplit('/').next().unwrap_or_default();
            match self.root.get("$defs").and_then(|d| d.get(name)) {
                Some(target) => schema = target,
                None => break,
            }
        }
        schema
    }

    /// The alternatives of an `anyOf`/`oneOf`, without the `null` that TOML cannot write.
    fn alternatives(&self, schema: &'s Json) -> Option<Vec<&'s Json>> {
        let list = schema.get("anyOf").or_else(|| schema.get("oneOf"))?.as_array()?;
        Some(
            list.iter()
                .map(|s| self.resolve(s))
                .filter(|s| s.get("type").and_then(Json::as_str) != Some("null"))
                .collect(),
        )
    }

    /// Gives the last problem the text that fixes it.
    fn fixed_by(&mut self, fix: Option<String>) {
        if let Some(last) = self.problems.last_mut() {
            last.fix = fix;
        }
    }

    fn problem(&mut self, code: Code, offset: usize, message: String, hint: Option<String>) {
        self.problems.push(Problem { code, offset, message, hint, place: self.place.clone(), fix: None });
    }

    /// Checks a value. `key` is its key as written, `subject` how messages name it ("`weight`",
    /// "`text` in choice `a`", "author 2"), `within` the item or table it is in ("" at the top).
    fn value(&mut self, value: &Spanned<DeValue<'_>>, schema: &'s Json, name: &Name<'_>) {
        let schema = self.resolve(schema);
        let offset = value.span().start;
        let subject = &name.subject;
        if let Some(alternatives) = self.alternatives(schema) {
            let allowed: Option<Vec<&str>> =
                alternatives.iter().map(|a| a.get("const").and_then(Json::as_str)).collect();
            if let Some(allowed) = allowed {
                return self.one_of_words(value, &allowed, subject);
            }
            if alternatives.len() == 1 {
                return self.value(value, alternatives[0], name);
            }
            for alternative in &alternatives {
                let mut trial = Checker { root: self.root, problems: Vec::new(), place: self.place.clone() };
                trial.value(value, alternative, name);
                if trial.problems.is_empty() {
                    return;
                }
            }
            let words: Vec<String> =
                alternatives.iter().filter_map(|a| a.get("type").and_then(Json::as_str).map(type_words)).collect();
            return self.problem(
                Code::E013,
                offset,
                tr!("{subject} cannot be {}", kind_name(value.get_ref()), subject = subject),
                Some(tr!("write {}", words.join(&tr!(" or ")))),
            );
        }
        if let Some(types) = schema.get("type") {
            let types: Vec<&str> = match types {
                Json::String(t) => vec![t.as_str()],
                Json::Array(ts) => ts.iter().filter_map(Json::as_str).filter(|t| *t != "null").collect(),
                _ => vec![],
            };
            if !types.is_empty() && !types.iter().any(|t| type_matches(value.get_ref(), t)) {
                let key = name.key;
                let hint = match (types[0], value.get_ref()) {
                    ("integer", DeValue::String(s)) if s.trim().parse::<i64>().is_ok() => {
                        tr!("remove the quotes: `{key} = {}`", s.trim(), key = key)
                    }
                    ("string", _) => tr!("put the value in quotes: `{key} = \"…\"`", key = key),
                    _ => tr!("write {}", type_words(types[0])),
                };
                return self.problem(
                    Code::E013,
                    offset,
                    tr!(
                        "{subject} should be {}, not {}",
                        type_words(types[0]),
                        kind_name(value.get_ref()),
                        subject = subject
                    ),
                    Some(hint),
                );
            }
        }
        if let Some(allowed) = schema.get("enum").and_then(Json::as_array) {
            let allowed: Vec<&str> = allowed.iter().filter_map(Json::as_str).collect();
            return self.one_of_words(value, &allowed, subject);
        }
        match value.get_ref() {
            DeValue::Table(table) => self.table(table, offset, schema, subject),
            DeValue::Array(items) => {
                if let Some(item_schema) = schema.get("items") {
                    self.items(items, item_schema, name);
                }
            }
            DeValue::Integer(_) | DeValue::Float(_) => self.range(value, schema, subject),
            _ => {}
        }
    }

    /// The items of a list, each named for people.
    fn items(&mut self, items: &[Spanned<DeValue<'_>>], item_schema: &'s Json, name: &Name<'_>) {
        let top_level = name.within.is_empty();
        for (i, item) in items.iter().enumerate() {
            if top_level {
                self.place.1 = Some(i);
            }
            let item_name = Name { key: name.key, subject: item_subject(name, item, i), within: name.within };
            self.value(item, item_schema, &item_name);
        }
        if top_level {
            self.place.1 = None;
        }
    }

    fn one_of_words(&mut self, value: &Spanned<DeValue<'_>>, allowed: &[&str], subject: &str) {
        let listed = allowed.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ");
        match value.get_ref().as_str() {
            Some(word) if allowed.contains(&word) => {}
            Some(word) => {
                let close = did_you_mean(word, allowed.iter().copied());
                let hint = match close {
                    Some(close) => tr!("did you mean `{close}`? It is one of {listed}", close = close, listed = listed),
                    None => tr!("write one of {listed}", listed = listed),
                };
                self.problem(
                    Code::E014,
                    value.span().start,
                    tr!("`{word}` is not a valid {subject}", word = word, subject = subject),
                    Some(hint),
                );
                self.fixed_by(close.map(|c| format!("\"{c}\"")));
            }
            None => self.problem(
                Code::E013,
                value.span().start,
                tr!("{subject} should be text in quotes, not {}", kind_name(value.get_ref()), subject = subject),
                Some(tr!("write one of {listed}", listed = listed)),
            ),
        }
    }

    fn range(&mut self, value: &Spanned<DeValue<'_>>, schema: &Json, subject: &str) {
        let number = match value.get_ref() {
            DeValue::Integer(i) => i.as_str().replace('_', "").parse::<f64>().ok(),
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            _ => None,
        };
        let Some(number) = number else { return };
        let min = schema.get("minimum").and_then(Json::as_f64);
        let max = schema.get("maximum").and_then(Json::as_f64);
        let out = min.is_some_and(|m| number < m) || max.is_some_and(|m| number > m);
        if out {
            let bounds = match (min, max) {
                (Some(a), Some(b)) => tr!("from {a} to {b}", a = a, b = b),
                (Some(a), None) => tr!("at least {a}", a = a),
                (None, Some(b)) => tr!("at most {b}", b = b),
                (None, None) => unreachable!(),
            };
            self.problem(
                Code::E015,
                value.span().start,
                tr!("{subject} is {number}, out of range", subject = subject, number = number),
                Some(tr!("write a number {bounds}", bounds = bounds)),
            );
        }
    }

    /// Checks a table's keys: `within` names it in messages ("" at the top).
    fn table(&mut self, table: &DeTable<'_>, offset: usize, schema: &'s Json, within: &str) {
        let schema = self.resolve(schema);
        let properties = schema.get("properties").and_then(Json::as_object);
        let property = |name: &str| properties.and_then(|p| p.get(name));
        let names = || properties.into_iter().flat_map(|p| p.keys().map(String::as_str));
        let closed = schema.get("additionalProperties") == Some(&Json::Bool(false));
        let required: Vec<&str> =
            schema.get("required").and_then(Json::as_array).into_iter().flatten().filter_map(Json::as_str).collect();
        let present = |name: &str| table.keys().any(|k| k.get_ref() == name);
        let place = if within.is_empty() { String::new() } else { tr!(" in {within}", within = within) };
        // The table iterates in key order; report in document order.
        let mut entries: Vec<_> = table.iter().collect();
        entries.sort_by_key(|(key, _)| key.span().start);
        // A misspelt key is one problem: its "did you mean" stands for the missing key.
        let mut meant = Vec::new();
        for (key, value) in entries {
            let name: &str = key.get_ref();
            if within.is_empty() {
                self.place = (name.to_string(), None);
            }
            match property(name) {
                Some(property) => {
                    let subject = format!("`{name}`{place}");
                    self.value(value, property, &Name { key: name, subject, within });
                }
                None if closed => {
                    let absent = did_you_mean(name, names().filter(|n| !present(n)));
                    let close = absent.or_else(|| did_you_mean(name, names()));
                    meant.extend(close);
                    self.unknown_key(key.span().start, name, &place, close, names());
                }
                None => {
                    if let Some(extra) = schema.get("additionalProperties").filter(|s| s.is_object()) {
                        let subject = format!("`{name}`{place}");
                        self.value(value, extra, &Name { key: name, subject, within });
                    }
                }
            }
        }
        for name in required {
            if present(name) || meant.contains(&name) {
                continue;
            }
            if within.is_empty() {
                self.place = (name.to_string(), None);
            }
            // The schema's descriptions are in English: French says only what to add.
            let english = crate::diagnostics::Language::current() == crate::diagnostics::Language::English;
            let what = property(name)
                .filter(|_| english)
                .map(|p| self.resolve(p))
                .and_then(|p| p.get("description"))
                .and_then(Json::as_str)
                .map(first_sentence);
            let hint = match what {
                Some(what) => tr!("add `{name} = …` ({what})", name = name, what = what),
                None => tr!("add `{name} = …`", name = name),
            };
            self.problem(
                Code::E012,
                offset,
                tr!("missing key `{name}`{place}", name = name, place = place),
                Some(hint),
            );
        }
    }
}

impl Checker<'_> {
    /// E011 for a key the table does not take: one problem, with the key it likely stands for.
    fn unknown_key<'n>(
        &mut self,
        offset: usize,
        name: &str,
        place: &str,
        close: Option<&str>,
        names: impl Iterator<Item = &'n str>,
    ) {
        if let Some(close) = close {
            let message =
                tr!("unknown key `{name}`{place}: did you mean `{close}`?", name = name, place = place, close = close);
            self.problem(Code::E011, offset, message, Some(tr!("rename it `{close}`", close = close)));
            return self.fixed_by(Some(close.to_string()));
        }
        let mut keys: Vec<&str> = names.collect();
        keys.sort_unstable();
        let hint = tr!("the keys allowed here are: {}", keys.join(", "));
        self.problem(Code::E011, offset, tr!("unknown key `{name}`{place}", name = name, place = place), Some(hint));
    }
}

/// How a value is named in messages.
struct Name<'a> {
    /// The key as written.
    key: &'a str,
    /// "`weight`", "`text` in choice `a`", "author 2".
    subject: String,
    /// The item or table the key is in ("" at the top).
    within: &'a str,
}

/// An item of a list named for people: by its id when it has one ("choice `a`"), else by its
/// number ("level 2"), and by what it is in ("level 2 of dimension `x`").
fn item_subject(list: &Name<'_>, item: &Spanned<DeValue<'_>>, index: usize) -> String {
    let singular = match list.key {
        "accept" => thing("accepted answer"),
        key => key.strip_suffix('s').and_then(known_thing).unwrap_or_else(|| format!("`{key}`")),
    };
    let id = item.get_ref().as_table().and_then(|t| t.get("id")).and_then(|id| id.get_ref().as_str());
    let named = match id {
        Some(id) => tr!("{singular} `{id}`", singular = singular, id = id),
        None => tr!("{singular} {}", index + 1, singular = singular),
    };
    if list.within.is_empty() {
        named
    } else {
        tr!("{named} of {within}", named = named, within = list.within)
    }
}

/// A TOML syntax error in words an author knows (the parser speaks of "literal strings" and
/// "inline tables"), with what to do.
fn plain_syntax(parser_message: &str) -> (String, String) {
    let first = parser_message.lines().next().unwrap_or("").trim();
    let (what, expected) = first.split_once(", expected ").unwrap_or((first, ""));
    let said = |message: String, hint: String| (message, hint);
    match what {
        "invalid literal string" => said(
            tr!("a text in 'single quotes' is not closed on its line"),
            tr!("end it with ' on the same line, or write the text in \"double quotes\""),
        ),
        "invalid basic string" | "invalid multi-line basic string" => said(
            tr!("a text in \"quotes\" is not closed on its line"),
            tr!("end it with \" on the same line; a text of several lines goes between \"\"\" and \"\"\""),
        ),
        "invalid multi-line literal string" => said(tr!("a text in ''' is not closed"), tr!("end it with '''")),
        "key with no value" | "missing value for key" | "missing value" => {
            said(tr!("a key without a value"), tr!("write the key, `=` and its value: `title = \"…\"`"))
        }
        "string values must be quoted" => {
            said(tr!("a text value is not in quotes"), tr!("put the text in double quotes: `key = \"…\"`"))
        }
        "duplicate key" => said(tr!("this key is written twice"), tr!("keep only one of them")),
        "invalid boolean" => {
            said(tr!("this is not true or false"), tr!("write `true` or `false`, in lowercase, without quotes"))
        }
        "unexpected key or value" | "missing assignment between key-value pairs" | "unexpected content" => said(
            tr!("something follows the value on the same line"),
            tr!("put each `key = value` on its own line; a comment starts with #"),
        ),
        "unclosed array" | "missing comma between array elements" => said(
            tr!("a list in [brackets] is not closed, or a comma is missing between its items"),
            tr!("write a list as [\"first\", \"second\"], with commas between the items and ] at the end"),
        ),
        "unclosed array table" | "unclosed table" | "invalid table" => said(
            tr!("a table heading is not closed"),
            tr!("write a table heading on its own line, e.g. [[choices]] for another choice"),
        ),
        "unclosed inline table" | "missing key for inline table element" | "missing comma between key-value pairs" => {
            said(
                tr!("a table in {{braces}} is not closed, or a comma is missing in it"),
                tr!("write it on one line as {{ key = \"value\", other = 1 }}"),
            )
        }
        "missing escaped value" | "invalid escape sequence" => said(
            tr!("a backslash \\ in quotes must be followed by a known letter"),
            tr!("write \\\\ for a backslash, or put the text in 'single quotes'"),
        ),
        "invalid unquoted key" | "unquoted keys cannot be empty" | "invalid key" => said(
            tr!("this is not a key: keys are letters, digits, - and _"),
            tr!("start the line with a key and =, e.g. `title = \"…\"`; a key with other characters goes in quotes"),
        ),
        "unexpected leading zero" => said(tr!("a number starts with 0"), tr!("write the number without leading zeros")),
        "invalid date" | "invalid time" | "invalid offset" => (
            if expected.is_empty() {
                tr!("this is not a valid date")
            } else {
                tr!("this is not a valid date: {expected}", expected = expected)
            },
            tr!("write dates as \"YYYY-MM-DD\", in quotes"),
        ),
        _ => said(
            tr!("this line is not valid TOML"),
            tr!("check the quotes, the `=` signs and the brackets; text values are written in \"double quotes\""),
        ),
    }
}

/// The first sentence of a description, for a hint: "e.g." and "i.e." do not end it.
fn first_sentence(description: &str) -> String {
    let end = description
        .match_indices(". ")
        .map(|(i, _)| i)
        .find(|&i| !description[..i].ends_with("e.g") && !description[..i].ends_with("i.e"))
        .unwrap_or(description.len());
    description[..end].trim_end_matches('.').to_string()
}

/// Parses TOML `text` (found at byte `base` of `file`) into `T`, reporting every syntax and
/// schema problem into `diags`. Returns `None` when there was any.
pub(crate) fn parse<T: serde::de::DeserializeOwned>(
    file: &SourceFile,
    text: &str,
    base: usize,
    kind: SchemaKind,
    diags: &mut Diagnostics,
) -> Option<T> {
    parse_mapped(file, text, &OffsetMap::linear(base), kind, diags)
}

/// [`parse`] for a text taken from `file` in pieces (a code block): `map` places its offsets.
pub(crate) fn parse_mapped<T: serde::de::DeserializeOwned>(
    file: &SourceFile,
    text: &str,
    map: &OffsetMap,
    kind: SchemaKind,
    diags: &mut Diagnostics,
) -> Option<T> {
    let (table, clean) = parse_and_report(file, text, map, kind, diags);
    if !clean {
        return None;
    }
    deserialize(file, table, map, diags)
}

/// What a lenient parse could read, and the top-level keys it had to leave out or stand in for
/// (their problems are reported; the rules must not judge the stand-ins).
pub(crate) struct Recovered<T> {
    pub value: T,
    pub replaced: BTreeSet<String>,
}

/// [`parse`], but when the text has problems, what can be read is still returned: the keys
/// with a problem are left out (or, in a list of tables, the item with the problem), and the
/// required keys left missing stand in as empty text or lists. `None` only when even that
/// cannot be read. A course whose `course.toml` has a typo still has its modules checked.
pub(crate) fn parse_recovering<T: serde::de::DeserializeOwned>(
    file: &SourceFile,
    kind: SchemaKind,
    diags: &mut Diagnostics,
) -> Option<Recovered<T>> {
    let map = OffsetMap::linear(0);
    let (mut table, clean) = parse_and_report(file, file.text(), &map, kind, diags);
    if clean {
        let value = deserialize(file, table, &map, diags)?;
        return Some(Recovered { value, replaced: BTreeSet::new() });
    }
    let schema = kind.json();
    let mut replaced = BTreeSet::new();
    let mut bad_items: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for problem in check(&table, schema) {
        let (key, item) = problem.place;
        let in_list = table.get_ref().get(key.as_str()).is_some_and(|v| matches!(v.get_ref(), DeValue::Array(_)));
        match item {
            Some(item) if in_list => {
                bad_items.entry(key.clone()).or_default().insert(item);
            }
            _ => {
                table.get_mut().remove(key.as_str());
            }
        }
        replaced.insert(key);
    }
    for (key, bad) in bad_items {
        if let Some(DeValue::Array(items)) = table.get_mut().get_mut(key.as_str()).map(Spanned::get_mut) {
            let mut kept = DeArray::new();
            for (_, item) in items.iter().enumerate().filter(|(i, _)| !bad.contains(i)) {
                kept.push(item.clone());
            }
            *items = kept;
        }
    }
    stand_in_required(&mut table, schema, &mut replaced)?;
    let value = T::deserialize(toml::de::Deserializer::from(table)).ok()?;
    Some(Recovered { value, replaced })
}

/// Puts an empty text or list in place of each required key `table` lacks, noting it in
/// `replaced`; `None` when a required key is of another kind.
fn stand_in_required(table: &mut Spanned<DeTable<'_>>, schema: &Json, replaced: &mut BTreeSet<String>) -> Option<()> {
    let required = schema.get("required").and_then(Json::as_array).into_iter().flatten().filter_map(Json::as_str);
    for name in required {
        if table.get_ref().contains_key(name) {
            continue;
        }
        let property = schema.get("properties").and_then(|p| p.get(name))?;
        let stand_in = match property.get("type").and_then(Json::as_str) {
            Some("string") => DeValue::String(String::new().into()),
            Some("array") => DeValue::Array(DeArray::new()),
            _ => return None,
        };
        table.get_mut().insert(Spanned::new(0..0, name.to_string().into()), Spanned::new(0..0, stand_in));
        replaced.insert(name.to_string());
    }
    Some(())
}

/// A value made of stand-ins only, for a file that could not be read at all (its problem is
/// reported): every required key is in `replaced`.
pub(crate) fn stand_in<T: serde::de::DeserializeOwned>(kind: SchemaKind) -> Option<Recovered<T>> {
    let mut table = Spanned::new(0..0, DeTable::new());
    let mut replaced = BTreeSet::new();
    stand_in_required(&mut table, kind.json(), &mut replaced)?;
    let value = T::deserialize(toml::de::Deserializer::from(table)).ok()?;
    Some(Recovered { value, replaced })
}

/// Parses and checks `text`, reporting every problem; `true` when there was none.
fn parse_and_report<'t>(
    file: &SourceFile,
    text: &'t str,
    map: &OffsetMap,
    kind: SchemaKind,
    diags: &mut Diagnostics,
) -> (Spanned<DeTable<'t>>, bool) {
    let in_file = |offset: usize| map.file_offset(offset);
    let (table, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        for error in errors {
            let mut offset = in_file(error.span().map_or(0, |s| s.start));
            let unclosed_text = error.message().starts_with("invalid basic string")
                || error.message().starts_with("invalid literal string");
            if unclosed_text {
                // The parser points past the end of the line: point at the quote that opened it.
                let line_start = file.text()[..offset].rfind('\n').map_or(0, |i| i + 1);
                offset = file.text()[line_start..offset].rfind(['"', '\'']).map_or(offset, |i| line_start + i);
            }
            let (message, hint) = plain_syntax(error.message());
            diags.error(Code::E010, file, offset, message).hint(hint);
        }
        return (table, false);
    }
    let problems = check(&table, kind.json());
    let clean = problems.is_empty();
    for problem in problems {
        let diagnostic = diags.error(problem.code, file, in_file(problem.offset), problem.message);
        if let Some(hint) = problem.hint {
            diagnostic.hint(hint);
        }
        if let Some(fix) = problem.fix {
            diagnostic.fix(fix);
        }
    }
    (table, clean)
}

fn deserialize<T: serde::de::DeserializeOwned>(
    file: &SourceFile,
    table: Spanned<DeTable<'_>>,
    map: &OffsetMap,
    diags: &mut Diagnostics,
) -> Option<T> {
    match T::deserialize(toml::de::Deserializer::from(table)) {
        Ok(value) => Some(value),
        Err(error) => {
            let offset = map.file_offset(error.span().map_or(0, |s| s.start));
            let message = tr!("a value cannot be read: {}", error.message().lines().next().unwrap_or(""));
            diags.error(Code::E013, file, offset, message).hint(tr!("see the schema with `campus schema`"));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CourseFile, QuestionBlock};

    fn problems<T: schemars::JsonSchema>(text: &str) -> Vec<Problem> {
        let schema = serde_json::to_value(schemars::schema_for!(T)).unwrap();
        let table = DeTable::parse(text).unwrap();
        check(&table, &schema)
    }

    #[test]
    fn reports_every_key_problem_at_once() {
        let text = "id = \"c\"\ntitel = \"T\"\nversion = 1\nmastery_score = 120\nmodules = [\"a.md\"]\nauthors = []\n";
        let found = problems::<CourseFile>(text);
        let codes: Vec<(Code, usize)> = found.iter().map(|p| (p.code, p.offset)).collect();
        assert!(codes.contains(&(Code::E011, 9)), "{found:?}");
        assert!(codes.contains(&(Code::E013, 31)), "{found:?}");
        assert!(codes.contains(&(Code::E015, 49)), "{found:?}");
        let missing: Vec<&str> = found.iter().filter(|p| p.code == Code::E012).map(|p| p.message.as_str()).collect();
        // `titel` is one problem: its "did you mean" stands for the missing `title`.
        assert_eq!(missing, ["missing key `description`", "missing key `date`"]);
        let unknown = found.iter().find(|p| p.code == Code::E011).unwrap();
        assert_eq!(unknown.message, "unknown key `titel`: did you mean `title`?");
    }

    #[test]
    fn checks_nested_tables_and_enums() {
        let text =
            "id = \"q\"\nkind = \"singel\"\nprompt = \"?\"\nanswer = \"yes\"\n[[choices]]\nid = \"a\"\ntxt = \"A\"\n";
        let found = problems::<QuestionBlock>(text);
        let summary: Vec<String> = found.iter().map(|p| format!("{} {}", p.code, p.message)).collect();
        assert_eq!(
            summary,
            [
                "E014 `singel` is not a valid `kind`",
                "E013 `answer` cannot be a string",
                "E011 unknown key `txt` in choice `a`: did you mean `text`?",
            ]
        );
        assert_eq!(found[0].hint.as_deref().unwrap().split('?').next(), Some("did you mean `single`"));
    }
}
