//! JSON Schemas of every source file kind, generated from the model types.
//!
//! They are committed under `schemas/` for editors (a test fails when they are stale) and are
//! also what the loader checks TOML against, so the model stays the one source of truth.

use std::sync::OnceLock;

use clap::ValueEnum;
use serde_json::Value as Json;

use crate::model::{
    CourseFile, FrontMatter, MediaBlock, PathFile, QuestionBlock, ReflectionBlock, ResourceBlock, SelfAssessmentBlock,
};

/// The kinds of source file that have a schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// `path.toml`
    Path,
    /// `course.toml`
    Course,
    /// The `+++` front matter of a module
    Module,
    /// A ```question block
    Question,
    /// A ```diagnostic block
    Diagnostic,
    /// A ```reflection block
    Reflection,
    /// A ```resource block
    Resource,
    /// A ```video or ```audio block
    Media,
    /// `report.json`, written by `campus report`
    Report,
}

impl SchemaKind {
    pub const ALL: [SchemaKind; 9] = [
        SchemaKind::Path,
        SchemaKind::Course,
        SchemaKind::Module,
        SchemaKind::Question,
        SchemaKind::Diagnostic,
        SchemaKind::Reflection,
        SchemaKind::Resource,
        SchemaKind::Media,
        SchemaKind::Report,
    ];

    pub fn name(self) -> &'static str {
        match self {
            SchemaKind::Path => "path",
            SchemaKind::Course => "course",
            SchemaKind::Module => "module",
            SchemaKind::Question => "question",
            SchemaKind::Diagnostic => "diagnostic",
            SchemaKind::Reflection => "reflection",
            SchemaKind::Resource => "resource",
            SchemaKind::Media => "media",
            SchemaKind::Report => "report",
        }
    }

    /// The file name under `schemas/`.
    pub fn file_name(self) -> String {
        format!("{}.schema.json", self.name())
    }

    /// The schema as JSON, generated once.
    pub fn json(self) -> &'static Json {
        static CACHE: [OnceLock<Json>; 9] = [const { OnceLock::new() }; 9];
        CACHE[self as usize].get_or_init(|| {
            let schema = match self {
                SchemaKind::Path => schemars::schema_for!(PathFile),
                SchemaKind::Course => schemars::schema_for!(CourseFile),
                SchemaKind::Module => schemars::schema_for!(FrontMatter),
                SchemaKind::Question => schemars::schema_for!(QuestionBlock),
                SchemaKind::Diagnostic => schemars::schema_for!(SelfAssessmentBlock),
                SchemaKind::Reflection => schemars::schema_for!(ReflectionBlock),
                SchemaKind::Resource => schemars::schema_for!(ResourceBlock),
                SchemaKind::Media => schemars::schema_for!(MediaBlock),
                SchemaKind::Report => schemars::schema_for!(crate::report::analyse::Figures),
            };
            let mut json = serde_json::to_value(schema).expect("a schema is JSON");
            if let Some(object) = json.as_object_mut() {
                object.insert("$id".into(), Json::String(format!("campus:{}", self.file_name())));
            }
            json
        })
    }

    /// The schema as committed: pretty JSON ending with a newline.
    pub fn pretty(self) -> String {
        let mut text = serde_json::to_string_pretty(self.json()).expect("a schema is JSON");
        text.push('\n');
        text
    }
}
