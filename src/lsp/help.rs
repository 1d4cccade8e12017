//! Completion and hover from the JSON Schemas (whose descriptions are the model's doc comments):
//! where in a source the cursor is (a fence's info string, a key or a value of some TOML), and
//! what the schema of that TOML says there.

use serde_json::Value as Json;

use crate::load::BLOCK_KINDS;
use crate::schema::SchemaKind;

/// The TOML a cursor is in, or the info string it is typing.
#[derive(Debug, PartialEq, Eq)]
pub enum Spot {
    /// After the backticks of a line that opens a fenced block.
    BlockKind,
    /// Where a key is written, in the table `table` (dotted names) of the TOML of `schema`.
    Key { schema: SchemaKind, table: Vec<String> },
    /// After `key =`; `quoted` when a string is open before the cursor.
    Value { schema: SchemaKind, table: Vec<String>, key: String, quoted: bool },
}

/// The schema of a learning block's info string.
pub fn block_schema(kind: &str) -> Option<SchemaKind> {
    match kind {
        "question" => Some(SchemaKind::Question),
        "diagnostic" => Some(SchemaKind::Diagnostic),
        "reflection" => Some(SchemaKind::Reflection),
        "resource" => Some(SchemaKind::Resource),
        "video" | "audio" => Some(SchemaKind::Media),
        _ => None,
    }
}

/// A line that opens or closes a fence: its character, its length and its info string's first word.
fn fence(line: &str) -> Option<(char, usize, &str)> {
    let trimmed = line.trim_start();
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let c = trimmed.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let count = trimmed.chars().take_while(|&x| x == c).count();
    (count >= 3).then(|| (c, count, trimmed[count..].split_whitespace().next().unwrap_or("")))
}

/// The schema of the TOML region holding line `line` (0-based) of a source, and the line the
/// region starts at; `Err(true)` when the line opens a fence (its info string is being written).
fn region(file_name: &str, lines: &[&str], line: usize) -> Result<(SchemaKind, usize), bool> {
    match file_name {
        "path.toml" => return Ok((SchemaKind::Path, 0)),
        "course.toml" => return Ok((SchemaKind::Course, 0)),
        name if !std::path::Path::new(name).extension().is_some_and(|e| e.eq_ignore_ascii_case("md")) => {
            return Err(false)
        }
        _ => {}
    }
    let mut front = lines.first().is_some_and(|l| l.trim_end() == "+++");
    let mut open: Option<(char, usize, Option<SchemaKind>, usize)> = None;
    for (i, text) in lines.iter().enumerate().take(line + 1).skip(1) {
        let here = i == line;
        if front {
            if text.trim_end() == "+++" {
                front = false;
                continue;
            }
            if here {
                return Ok((SchemaKind::Module, 1));
            }
            continue;
        }
        match (open, fence(text)) {
            (None, Some((c, count, info))) => {
                if here {
                    return Err(true);
                }
                open = Some((c, count, block_schema(info), i + 1));
            }
            (Some((c, count, _, _)), Some((c2, count2, ""))) if c == c2 && count2 >= count => {
                if here {
                    return Err(false);
                }
                open = None;
            }
            (Some((_, _, Some(schema), start)), _) if here => return Ok((schema, start)),
            _ => {}
        }
    }
    Err(false)
}

/// The table a TOML line is in: the last `[name]` or `[[name]]` header above it in its region.
fn table_at(lines: &[&str], start: usize, line: usize) -> Vec<String> {
    let mut table = Vec::new();
    for text in lines.iter().take(line).skip(start) {
        if let Some(name) = header(text) {
            table = name.split('.').map(|s| s.trim().to_string()).collect();
        }
    }
    table
}

fn header(line: &str) -> Option<&str> {
    let inner = line.trim().strip_prefix('[')?;
    let inner = inner.strip_prefix('[').unwrap_or(inner);
    let end = inner.find(']')?;
    Some(inner[..end].trim())
}

/// Where the cursor at byte `column` of line `line` is.
pub fn spot(file_name: &str, text: &str, line: usize, column: usize) -> Option<Spot> {
    let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
    let current = lines.get(line)?;
    let before = current.get(..column.min(current.len()))?;
    match region(file_name, &lines, line) {
        Err(true) => {
            let (_, count, _) = fence(before)?;
            let typed = before.trim_start().chars().skip(count).collect::<String>();
            (!typed.contains(char::is_whitespace)).then_some(Spot::BlockKind)
        }
        Err(false) => None,
        Ok((schema, start)) => {
            let table = table_at(&lines, start, line);
            match before.split_once('=') {
                Some((key, value)) => Some(Spot::Value {
                    schema,
                    table,
                    key: key.trim().trim_matches('"').to_string(),
                    quoted: value.matches('"').count() % 2 == 1,
                }),
                None => Some(Spot::Key { schema, table }),
            }
        }
    }
}

/// The keys already written in the table around line `line`, so that completion offers the
/// others: the lines up to the table's header above and the next header, fence or `+++` below.
pub fn written_keys(text: &str, line: usize) -> Vec<String> {
    let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
    let ends = |l: &&&str| header(l).is_some() || l.trim_end() == "+++" || fence(l).is_some();
    let before = lines[..line.min(lines.len())].iter().rev().take_while(|l| !ends(l));
    let after = lines.iter().skip(line + 1).take_while(|l| !ends(l));
    before
        .chain(after)
        .filter_map(|l| l.split_once('='))
        .map(|(key, _)| key.trim().trim_matches('"').to_string())
        .filter(|key| !key.is_empty() && !key.starts_with('#'))
        .collect()
}

/// Follows `$ref`, a nullable `anyOf` and an array's `items` to the schema that says what a value is.
fn resolve<'a>(root: &'a Json, schema: &'a Json) -> &'a Json {
    if let Some(name) = schema.get("$ref").and_then(Json::as_str).and_then(|r| r.strip_prefix("#/$defs/")) {
        return root.get("$defs").and_then(|d| d.get(name)).map_or(schema, |s| resolve(root, s));
    }
    if let Some(branches) = schema.get("anyOf").and_then(Json::as_array) {
        let kept = branches.iter().find(|b| b.get("type").and_then(Json::as_str) != Some("null"));
        return kept.map_or(schema, |b| resolve(root, b));
    }
    if let Some(items) = schema.get("items").filter(|i| i.is_object()) {
        let item = resolve(root, items);
        if item.get("properties").is_some() {
            return item;
        }
    }
    schema
}

/// The object schema of a table of a source's TOML.
fn table_schema(root: &'static Json, table: &[String]) -> Option<&'static Json> {
    let mut schema = root;
    for name in table {
        schema = resolve(root, schema.get("properties")?.get(name)?);
    }
    schema.get("properties").is_some().then_some(schema)
}

/// A property's schema and the description written on the property (else on its type).
pub fn property(kind: SchemaKind, table: &[String], key: &str) -> Option<(&'static Json, String)> {
    let root = kind.json();
    let raw = table_schema(root, table)?.get("properties")?.get(key)?;
    let resolved = resolve(root, raw);
    let description =
        [raw, resolved].iter().find_map(|s| s.get("description").and_then(Json::as_str)).unwrap_or("").to_string();
    Some((resolved, description))
}

/// The properties of a table, with their descriptions, and which are required.
pub fn keys(kind: SchemaKind, table: &[String]) -> Vec<(String, String, bool)> {
    let root = kind.json();
    let Some(schema) = table_schema(root, table) else { return Vec::new() };
    let required: Vec<&str> =
        schema.get("required").and_then(Json::as_array).into_iter().flatten().filter_map(Json::as_str).collect();
    let Some(properties) = schema.get("properties").and_then(Json::as_object) else { return Vec::new() };
    properties
        .keys()
        .map(|key| {
            let description = property(kind, table, key).map(|(_, d)| d).unwrap_or_default();
            (key.clone(), description, required.contains(&key.as_str()))
        })
        .collect()
}

/// Whether a property holds a list of tables (`[[choices]]`).
pub fn is_table_list(kind: SchemaKind, table: &[String], key: &str) -> bool {
    let root = kind.json();
    let Some(raw) = table_schema(root, table).and_then(|s| s.get("properties")?.get(key)) else { return false };
    let raw = resolve_nullable(raw);
    raw.get("type").and_then(Json::as_str) == Some("array") && resolve(root, raw).get("properties").is_some()
}

fn resolve_nullable(schema: &Json) -> &Json {
    match schema.get("anyOf").and_then(Json::as_array) {
        Some(branches) => branches
            .iter()
            .find(|b| b.get("type").and_then(Json::as_str) != Some("null"))
            .map_or(schema, resolve_nullable),
        None => schema,
    }
}

/// A value a key may take: the word, whether it is a string (written in quotes), its description.
pub struct Word {
    pub word: String,
    pub string: bool,
    pub description: String,
}

/// The words a value may be (`kind`'s), with their descriptions; `true` and `false` for booleans.
pub fn values(kind: SchemaKind, table: &[String], key: &str) -> Vec<Word> {
    let Some((schema, _)) = property(kind, table, key) else { return Vec::new() };
    let mut found = Vec::new();
    for branch in schema.get("oneOf").and_then(Json::as_array).into_iter().flatten() {
        if let Some(word) = branch.get("const").and_then(Json::as_str) {
            let description = branch.get("description").and_then(Json::as_str).unwrap_or("").to_string();
            found.push(Word { word: word.to_string(), string: true, description });
        }
    }
    for word in schema.get("enum").and_then(Json::as_array).into_iter().flatten().filter_map(Json::as_str) {
        found.push(Word { word: word.to_string(), string: true, description: String::new() });
    }
    if schema.get("type").and_then(Json::as_str) == Some("boolean") {
        for word in ["true", "false"] {
            found.push(Word { word: word.to_string(), string: false, description: String::new() });
        }
    }
    found
}

/// The learning block kinds with their schema's description.
pub fn block_kinds() -> Vec<(&'static str, String)> {
    BLOCK_KINDS.iter().map(|&kind| (kind, block_description(kind))).collect()
}

fn block_description(kind: &str) -> String {
    block_schema(kind).and_then(|s| s.json().get("description").and_then(Json::as_str)).unwrap_or("").to_string()
}

/// The type of a value in words, for completion details and hovers.
pub fn type_words(schema: &Json) -> String {
    match schema.get("type") {
        Some(Json::String(t)) => t.clone(),
        Some(Json::Array(types)) => {
            types.iter().filter_map(Json::as_str).filter(|t| *t != "null").collect::<Vec<_>>().join(" or ")
        }
        _ if schema.get("oneOf").is_some() => "string".to_string(),
        _ => String::new(),
    }
}

/// The documentation of what is under the cursor: a key, a value word or a block's info string.
pub fn hover(file_name: &str, text: &str, line: usize, column: usize) -> Option<String> {
    let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
    let current = *lines.get(line)?;
    let word_start = current[..column.min(current.len())]
        .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .map_or(0, |i| i + 1);
    let word_end = current[word_start..]
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .map_or(current.len(), |i| word_start + i);
    let word = &current[word_start..word_end];
    if word.is_empty() {
        return None;
    }
    match region(file_name, &lines, line) {
        Err(true) => {
            let description = block_description(word);
            (!description.is_empty()).then(|| format!("**```{word}```** learning block\n\n{description}"))
        }
        Err(false) => None,
        Ok((schema, start)) => {
            let table = table_at(&lines, start, line);
            if let Some(name) = header(current) {
                let mut parent: Vec<String> = name.split('.').map(|s| s.trim().to_string()).collect();
                let last = parent.pop()?;
                let (_, description) = property(schema, &parent, &last)?;
                return Some(format!("**{last}**\n\n{description}"));
            }
            match current.split_once('=') {
                Some((key, _)) if word_end <= key.len() => {
                    let key = key.trim().trim_matches('"');
                    let (value, description) = property(schema, &table, key)?;
                    Some(format!("**{key}** ({})\n\n{description}", type_words(value)))
                }
                Some((key, _)) => {
                    let found = values(schema, &table, key.trim()).into_iter().find(|v| v.word == word)?;
                    (!found.description.is_empty()).then(|| format!("**{word}**\n\n{}", found.description))
                }
                None => None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODULE: &str =
        "+++\nid = \"m\"\n\n+++\n\n# Page\n\n```question\nkind = \"single\"\npro\n[[choices]]\nco\n```\n\n```\n";

    #[test]
    fn finds_where_the_cursor_is() {
        assert_eq!(spot("m.md", MODULE, 2, 0), Some(Spot::Key { schema: SchemaKind::Module, table: vec![] }));
        assert_eq!(spot("m.md", MODULE, 9, 3), Some(Spot::Key { schema: SchemaKind::Question, table: vec![] }));
        assert_eq!(
            spot("m.md", MODULE, 11, 2),
            Some(Spot::Key { schema: SchemaKind::Question, table: vec!["choices".into()] })
        );
        assert_eq!(
            spot("m.md", MODULE, 8, 8),
            Some(Spot::Value { schema: SchemaKind::Question, table: vec![], key: "kind".into(), quoted: true })
        );
        assert_eq!(spot("m.md", MODULE, 5, 3), None);
        assert_eq!(spot("m.md", MODULE, 14, 3), Some(Spot::BlockKind));
        assert_eq!(spot("course.toml", "titl", 0, 4), Some(Spot::Key { schema: SchemaKind::Course, table: vec![] }));
    }

    #[test]
    fn knows_the_keys_already_written() {
        assert_eq!(written_keys(MODULE, 9), ["kind"]);
        assert_eq!(written_keys(MODULE, 11), Vec::<String>::new());
        assert_eq!(written_keys(MODULE, 2), ["id"]);
    }

    #[test]
    fn reads_the_schemas() {
        let keys = keys(SchemaKind::Question, &["choices".to_string()]);
        assert!(keys.iter().any(|(k, d, required)| k == "correct" && d.contains("right") && !required));
        assert!(is_table_list(SchemaKind::Question, &[], "choices"));
        let kinds = values(SchemaKind::Question, &[], "kind");
        assert!(kinds.iter().any(|v| v.word == "fill-in" && v.string && !v.description.is_empty()));
        assert!(hover("m.md", MODULE, 8, 2).unwrap().starts_with("**kind**"));
        assert!(hover("m.md", MODULE, 7, 5).unwrap().contains("question"));
        assert!(hover("m.md", MODULE, 8, 10).unwrap().contains("One right choice"));
    }
}
