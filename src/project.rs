//! Loading a learning path (or a single course) from its folder into the validated model.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use crate::course::model::*;
use crate::course::{rules, toml_check};
use crate::diagnostic::Diagnostics;
use crate::markdown::{self, BodyContext, Page};
use crate::schema::SchemaKind;
use crate::source::{read_source, ReadProblem, SourceFile};

/// The settings every course inherits from `path.toml`, or their defaults.
#[derive(Debug, Clone)]
pub struct PathSettings {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub publisher: Option<String>,
    pub licence: String,
    pub language: String,
    pub base_iri: String,
    pub credits: Option<String>,
}

impl Default for PathSettings {
    fn default() -> Self {
        Self {
            id: "campus".into(),
            title: "Campus".into(),
            description: None,
            publisher: None,
            licence: DEFAULT_LICENCE.into(),
            language: DEFAULT_LANGUAGE.into(),
            base_iri: DEFAULT_BASE_IRI.into(),
            credits: None,
        }
    }
}

/// A loaded learning path: its settings and its courses in order.
#[derive(Debug)]
pub struct Project {
    /// The folder given on the command line.
    pub root: PathBuf,
    /// `path.toml`, when there is one (for a single course, the nearest one above it).
    pub path_file: Option<(SourceFile, PathFile)>,
    pub settings: PathSettings,
    pub courses: Vec<Course>,
}

#[derive(Debug)]
pub struct Course {
    pub dir: PathBuf,
    pub file: SourceFile,
    pub source: CourseFile,
    /// Language and licence after inheritance from the path.
    pub language: String,
    pub licence: String,
    pub modules: Vec<Module>,
    /// Modules whose front matter has errors: kept so the problems of their pages are
    /// reported in the same run. Never built.
    pub unloaded: Vec<(SourceFile, Vec<Page>)>,
}

impl Course {
    pub fn id(&self) -> &str {
        &self.source.id
    }

    /// The mastery score (percent) of an assessed module.
    pub fn mastery_score(&self, module: &Module) -> u8 {
        module
            .front
            .mastery_score
            .as_deref()
            .or(self.source.mastery_score.as_deref())
            .copied()
            .unwrap_or(DEFAULT_MASTERY_SCORE)
    }

    pub fn duration_minutes(&self) -> u32 {
        match &self.source.duration_minutes {
            Some(minutes) => **minutes,
            None => self.modules.iter().map(|m| *m.front.duration_minutes).sum(),
        }
    }

    pub fn retry(&self) -> bool {
        self.source.retry.unwrap_or(true)
    }

    /// The Likert labels of a diagnostic block: its own, else the course's.
    pub fn scale<'a>(&'a self, block: &'a DiagnosticBlock) -> Option<&'a [String]> {
        block.scale.as_deref().or(self.source.likert_scale.as_deref()).map(Vec::as_slice)
    }
}

#[derive(Debug)]
pub struct Module {
    pub file: SourceFile,
    /// The module file relative to the course folder, as listed in `course.toml`.
    pub path: String,
    /// Byte offset of the front matter's TOML in the file: front matter spans are relative to it.
    pub front_base: usize,
    pub front: FrontMatter,
    pub pages: Vec<Page>,
    /// Files the pages need (images, media, resources), relative to the course folder.
    pub assets: BTreeSet<String>,
}

impl Module {
    pub fn id(&self) -> &str {
        &self.front.id
    }
}

/// Loads and validates everything under `root` (a path folder or a course folder). Problems in
/// the sources go to `diags`; `Err` is for what is not a source problem (no such folder).
pub fn load(root: &Path, diags: &mut Diagnostics) -> anyhow::Result<Project> {
    let root = if root.is_file() { root.parent().unwrap_or(Path::new(".")) } else { root };
    if !root.is_dir() {
        bail!("`{}` is not a folder", root.display());
    }
    let mut project = if root.join("path.toml").is_file() {
        let (file, path_file) = match read_path_file(&root.join("path.toml"), diags) {
            Some(found) => found,
            None => return Ok(Project::empty(root)),
        };
        let mut courses = Vec::new();
        let mut seen = BTreeSet::new();
        for entry in path_file.courses.iter() {
            if !seen.insert(entry.value.trim_end_matches('/').to_string()) {
                diags
                    .error("E024", &file, entry.start(), format!("course `{}` is listed twice", entry.value))
                    .hint("list each course folder once");
                continue;
            }
            match crate::course::files::resolve(root, Path::new(""), &format!("{}/course.toml", entry.value)) {
                Ok(_) => courses.extend(load_course(&root.join(&entry.value), diags)),
                Err(crate::course::files::FileProblem::Missing(_)) => {
                    diags
                        .error(
                            "E023",
                            &file,
                            entry.start(),
                            format!("course folder `{}` not found, or it has no course.toml", entry.value),
                        )
                        .hint(format!(
                            "create the course with `campus new {}`, or remove it from `courses`",
                            root.join(&entry.value).display()
                        ));
                }
                Err(problem) => {
                    diags
                        .error(problem.code(), &file, entry.start(), problem.message(&entry.value))
                        .hint(problem.hint());
                }
            }
        }
        let settings = settings_from(&path_file);
        Project { root: root.to_path_buf(), path_file: Some((file, path_file)), settings, courses }
    } else if root.join("course.toml").is_file() {
        // Absolute, so that `.` or `sub/..` still has parents to look in.
        let absolute = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
        let path_file = absolute.ancestors().skip(1).map(|d| d.join("path.toml")).find(|p| p.is_file());
        let path_file = path_file.and_then(|p| read_path_file(&p, diags));
        let settings = path_file.as_ref().map(|(_, p)| settings_from(p)).unwrap_or_default();
        let courses = load_course(root, diags).into_iter().collect();
        Project { root: root.to_path_buf(), path_file, settings, courses }
    } else {
        bail!(
            "`{}` holds neither a path.toml nor a course.toml; give the path folder (default `courses`) or a course folder, or create a course with `campus new`",
            root.display()
        );
    };
    for course in &mut project.courses {
        course.language = course.source.language.as_deref().cloned().unwrap_or(project.settings.language.clone());
        course.licence = course.source.licence.as_deref().cloned().unwrap_or(project.settings.licence.clone());
    }
    rules::check(&project, diags);
    Ok(project)
}

impl Project {
    fn empty(root: &Path) -> Self {
        Self { root: root.to_path_buf(), path_file: None, settings: PathSettings::default(), courses: Vec::new() }
    }
}

fn settings_from(path: &PathFile) -> PathSettings {
    let text = |v: &Option<crate::source::Spanned<String>>| v.as_deref().cloned();
    let defaults = PathSettings::default();
    PathSettings {
        id: path.id.value.clone(),
        title: path.title.value.clone(),
        description: text(&path.description),
        publisher: Some(path.publisher.value.clone()),
        licence: text(&path.licence).unwrap_or(defaults.licence),
        language: text(&path.language).unwrap_or(defaults.language),
        base_iri: text(&path.base_iri).unwrap_or(defaults.base_iri),
        credits: text(&path.credits),
    }
}

/// Reads a source file; a problem is reported against the file itself.
fn read_reported(path: &Path, diags: &mut Diagnostics) -> Option<SourceFile> {
    match read_source(path) {
        Ok(text) => Some(SourceFile::new(path, text)),
        Err(problem) => {
            report_read_problem(path, problem, diags);
            None
        }
    }
}

fn report_read_problem(path: &Path, problem: ReadProblem, diags: &mut Diagnostics) {
    let line = match problem {
        ReadProblem::NotUtf8 { line } => line,
        _ => 0,
    };
    let (code, message, hint) = match problem {
        ReadProblem::Missing => ("E001", "file not found".to_string(), "check the name and the folder".to_string()),
        ReadProblem::NotAFile => {
            ("E001", "not a regular file".to_string(), "point at a file, not a folder".to_string())
        }
        ReadProblem::Io(e) => ("E001", format!("cannot read the file: {e}"), "check its permissions".to_string()),
        ReadProblem::NotUtf8 { line } => (
            "E002",
            format!("the file is not UTF-8 text (first bad byte on line {line})"),
            "save it as UTF-8 in your editor (\"Save with encoding\" → UTF-8)".to_string(),
        ),
        ReadProblem::Empty => {
            ("E003", "the file is empty".to_string(), "write its content, or remove it from the list".to_string())
        }
        ReadProblem::TooLarge(bytes) => (
            "E004",
            format!(
                "the file is {bytes} bytes, more than the {} allowed for a source",
                crate::source::MAX_SOURCE_BYTES
            ),
            "split the module in two, or move large content into resource files".to_string(),
        ),
        ReadProblem::Binary => (
            "E005",
            "the file is binary, not text".to_string(),
            "sources are Markdown or TOML text; put binary files in resource blocks".to_string(),
        ),
    };
    let diagnostic = diags.file_error(code, path, message);
    diagnostic.hint(hint);
    if line > 0 {
        // Point at the line of the first bad byte (its text cannot be shown).
        diagnostic.line = line;
        diagnostic.column = 1;
    }
}

fn read_path_file(path: &Path, diags: &mut Diagnostics) -> Option<(SourceFile, PathFile)> {
    let file = read_reported(path, diags)?;
    let parsed = toml_check::parse(&file, file.text(), 0, SchemaKind::Path, diags)?;
    Some((file, parsed))
}

fn load_course(dir: &Path, diags: &mut Diagnostics) -> Option<Course> {
    let file = read_reported(&dir.join("course.toml"), diags)?;
    let source: CourseFile = toml_check::parse(&file, file.text(), 0, SchemaKind::Course, diags)?;
    let mut modules = Vec::new();
    let mut unloaded = Vec::new();
    let mut seen = BTreeSet::new();
    for entry in source.modules.iter() {
        if !seen.insert(entry.value.clone()) {
            diags
                .error("E024", &file, entry.start(), format!("module `{}` is listed twice", entry.value))
                .hint("list each module file once");
            continue;
        }
        match crate::course::files::resolve(dir, Path::new(""), &entry.value) {
            Ok(found) => match load_module(dir, &found.path, diags) {
                Ok(module) => modules.push(module),
                Err(Some(partial)) => unloaded.push(partial),
                Err(None) => {}
            },
            Err(problem) => {
                diags
                    .error("E023", &file, entry.start(), problem.message(&entry.value))
                    .hint(format!("{}; module files are listed relative to course.toml", problem.hint()));
            }
        }
    }
    Some(Course {
        dir: dir.to_path_buf(),
        file,
        source,
        language: String::new(),
        licence: String::new(),
        modules,
        unloaded,
    })
}

/// Splits `+++` front matter from the body: (front TOML start, front TOML end, body start).
fn split_front_matter(text: &str) -> Result<(usize, usize, usize), &'static str> {
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_end].trim_end() != "+++" {
        return Err("the module does not start with `+++` front matter");
    }
    let mut line_start = first_end;
    while line_start < text.len() {
        let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i + 1);
        if text[line_start..line_end].trim_end() == "+++" {
            return Ok((first_end, line_start, line_end));
        }
        line_start = line_end;
    }
    Err("the front matter is not closed by a `+++` line")
}

/// A module, or when its front matter is wrong, its file and pages (for the rules), or nothing.
fn load_module(
    course_dir: &Path,
    relative: &str,
    diags: &mut Diagnostics,
) -> Result<Module, Option<(SourceFile, Vec<Page>)>> {
    let file = read_reported(&course_dir.join(relative), diags).ok_or(None)?;
    let (front_start, front_end, body_start) = match split_front_matter(file.text()) {
        Ok(parts) => parts,
        Err(message) => {
            diags.error("E020", &file, 0, message).hint(
                "start the file with the module's settings between two `+++` lines:\n+++\nid = \"my-module\"\ntitle = \"…\"\nobjectives = [\"…\"]\nduration_minutes = 20\n+++",
            );
            return Err(None);
        }
    };
    let front_text = &file.text()[front_start..front_end];
    let front: Option<FrontMatter> = toml_check::parse(&file, front_text, front_start, SchemaKind::Module, diags);
    let module_dir = Path::new(relative).parent().unwrap_or(Path::new("")).to_path_buf();
    let cx = BodyContext { file: &file, offset: body_start, course_dir, module_dir: &module_dir };
    // The body is read even when the front matter is wrong, so its problems show now too.
    let body = markdown::parse_body(&cx, diags);
    if body.pages.is_empty() {
        diags
            .error("E026", &file, body_start, "the module has no page")
            .hint("start each page with a top-level heading: `# Title of the page`");
    }
    let Some(front) = front else { return Err(Some((file, body.pages))) };
    Ok(Module {
        path: relative.to_string(),
        front_base: front_start,
        front,
        pages: body.pages,
        assets: body.assets,
        file,
    })
}

/// Where `campus` looks when no path is given.
pub fn default_root() -> PathBuf {
    PathBuf::from("courses")
}

/// Reads a whole folder of sources, for callers that want an error rather than diagnostics.
pub fn load_valid(root: &Path) -> anyhow::Result<Project> {
    let mut diags = Diagnostics::new();
    let project = load(root, &mut diags).with_context(|| format!("loading {}", root.display()))?;
    if diags.has_errors() {
        let text: String = diags.sorted().iter().map(|d| d.to_string()).collect();
        bail!("the sources have errors:\n{text}");
    }
    Ok(project)
}
