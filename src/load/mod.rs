//! Reading a learning path (or a single course) from its sources into the model, with every
//! position kept for diagnostics. What can be read is read even when something else is wrong, so
//! that the rules report every problem at once; the rules decide whether the path can be built.

mod files;
mod markdown;
mod provider;
mod read;
mod toml_check;

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use anyhow::bail;

pub(crate) use files::{resolve, FileProblem};
pub(crate) use markdown::{percent_decode, BLOCK_KINDS};
pub use provider::{Disk, Entry, Overlay, SourceProvider};
pub use read::MAX_SOURCE_BYTES;

use crate::diagnostics::{Code, Diagnostics};
use crate::model::{
    Course, CourseFile, FrontMatter, LearningPath, LogoFile, Module, Page, PathFile, PathSettings, SourceFile,
};
use crate::schema::SchemaKind;
use crate::tr;
use markdown::BodyContext;
use read::{read_source, ReadProblem};

/// Reads everything under `root` (a path folder or a course folder) from the disk. Problems in the
/// sources go to `diags`; `Err` is for what is not a source problem (no such folder).
pub fn load(root: &Path, diags: &mut Diagnostics) -> anyhow::Result<LearningPath> {
    load_from(&(Arc::new(Disk) as Arc<dyn SourceProvider>), root, diags)
}

/// [`load`] through another source provider (editor buffers over the disk).
pub fn load_from(
    provider: &Arc<dyn SourceProvider>,
    root: &Path,
    diags: &mut Diagnostics,
) -> anyhow::Result<LearningPath> {
    let loader = Loader { provider: provider.as_ref() };
    let is_file = |path: &Path| matches!(loader.provider.entry(path, Path::new("/")), Entry::File { .. });
    let root = if is_file(root) { root.parent().unwrap_or(Path::new(".")) } else { root };
    if loader.provider.entry(root, Path::new("/")) != Entry::Folder {
        bail!("{}", tr!("`{}` is not a folder", root.display()));
    }
    let empty = |path_file| LearningPath {
        root: root.to_path_buf(),
        path_file,
        path_unread_keys: BTreeSet::new(),
        settings: PathSettings::default(),
        courses: Vec::new(),
        logo: None,
        provider: provider.clone(),
    };
    let mut path = if is_file(&root.join("path.toml")) {
        let Some((file, path_file, unread)) = loader.path_file(&root.join("path.toml"), diags) else {
            return Ok(empty(None));
        };
        let settings = settings_from(&path_file);
        let courses = loader.courses(root, &file, &path_file, &settings.language, diags);
        let logo = loader.logo(root, &file, &path_file, diags);
        LearningPath { settings, courses, logo, path_unread_keys: unread, ..empty(Some((file, path_file))) }
    } else if is_file(&root.join("course.toml")) {
        // Absolute, so that `.` or `sub/..` still has parents to look in.
        let absolute = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
        let above = absolute.ancestors().skip(1).map(|d| d.join("path.toml")).find(|p| is_file(p));
        let (path_file, unread) = match above.and_then(|p| loader.path_file(&p, diags)) {
            Some((file, path_file, unread)) => (Some((file, path_file)), unread),
            None => (None, BTreeSet::new()),
        };
        let settings = path_file.as_ref().map(|(_, p)| settings_from(p)).unwrap_or_default();
        let courses = loader.course(root, &settings.language, diags).into_iter().collect();
        let logo = path_file.as_ref().and_then(|(file, p)| {
            let dir = file.display_path().parent().unwrap_or(Path::new("."));
            loader.logo(dir, file, p, diags)
        });
        LearningPath { settings, courses, logo, path_unread_keys: unread, ..empty(path_file) }
    } else {
        bail!(
            "{}",
            tr!(
                "`{}` holds neither a path.toml nor a course.toml; give the path folder (default `courses`) or a course folder, or create a course with `campus new`",
                root.display()
            )
        );
    };
    for course in &mut path.courses {
        course.language = course.source.language.as_deref().cloned().unwrap_or(path.settings.language.clone());
        course.licence = course.source.licence.as_deref().cloned().unwrap_or(path.settings.licence.clone());
    }
    Ok(path)
}

/// The language the sources under `root` are written in (the course's, else the path's), read
/// quickly before loading so that messages about them can be in it. `None` when `root` holds
/// no sources.
pub fn source_language(root: &Path) -> Option<String> {
    let root = if root.is_file() { root.parent()? } else { root };
    let language = |file: &Path| -> Option<String> {
        let text = std::fs::read_to_string(file).ok()?;
        let table: toml::Table = text.parse().ok()?;
        table.get("language")?.as_str().map(str::to_string)
    };
    // Sources that say nothing are in the default language, as the loader reads them.
    let default = || Some(crate::model::DEFAULT_LANGUAGE.to_string());
    if root.join("path.toml").is_file() {
        return language(&root.join("path.toml")).or_else(default);
    }
    if !root.join("course.toml").is_file() {
        return None;
    }
    let absolute = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    language(&root.join("course.toml"))
        .or_else(|| {
            let above = absolute.ancestors().skip(1).map(|d| d.join("path.toml")).find(|p| p.is_file())?;
            language(&above)
        })
        .or_else(default)
}

fn settings_from(path: &PathFile) -> PathSettings {
    let text = |v: &Option<crate::model::Spanned<String>>| v.as_deref().cloned();
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
        short_name: text(&path.short_name),
        accent_colour: text(&path.accent_colour),
    }
}

/// Reads sources through one provider.
struct Loader<'p> {
    provider: &'p dyn SourceProvider,
}

impl Loader<'_> {
    /// Reads a source file; a problem is reported against the file itself.
    fn read_reported(&self, path: &Path, diags: &mut Diagnostics) -> Option<SourceFile> {
        match read_source(self.provider, path, Path::new("/")) {
            Ok(text) => Some(SourceFile::new(path, text)),
            Err(problem) => {
                report_read_problem(path, problem, diags);
                None
            }
        }
    }

    /// path.toml, with what could be read when it has problems (and the keys that could not).
    fn path_file(&self, path: &Path, diags: &mut Diagnostics) -> Option<(SourceFile, PathFile, BTreeSet<String>)> {
        let file = self.read_reported(path, diags)?;
        let toml_check::Recovered { value, replaced } = toml_check::parse_recovering(&file, SchemaKind::Path, diags)?;
        Some((file, value, replaced))
    }

    /// The logo `path.toml` names, relative to its folder `dir`.
    fn logo(&self, dir: &Path, file: &SourceFile, path_file: &PathFile, diags: &mut Diagnostics) -> Option<LogoFile> {
        let logo = path_file.logo.as_ref()?;
        match resolve(self.provider, dir, Path::new(""), &logo.file) {
            Ok(found) => {
                let svg = self.read_reported(&dir.join(&found.path), diags)?;
                Some(LogoFile { file: svg, alt: logo.alt.value.clone() })
            }
            Err(problem) => {
                diags
                    .error(problem.code(), file, logo.file.start(), problem.message(&logo.file))
                    .hint(problem.hint_with(&tr!("the logo is an SVG file next to path.toml or below it")));
                None
            }
        }
    }

    /// The courses `path.toml` lists, in order.
    fn courses(
        &self,
        root: &Path,
        file: &SourceFile,
        path_file: &PathFile,
        language: &str,
        diags: &mut Diagnostics,
    ) -> Vec<Course> {
        let mut courses = Vec::new();
        let mut seen = std::collections::BTreeMap::new();
        for entry in path_file.courses.iter() {
            if let Some(&first) = seen.get(entry.value.trim_end_matches('/')) {
                diags
                    .error(Code::E024, file, entry.start(), tr!("course `{}` is listed twice", entry.value))
                    .label(file, first, tr!("first listed here"))
                    .hint(tr!("list each course folder once"));
                continue;
            }
            seen.insert(entry.value.trim_end_matches('/').to_string(), entry.start());
            match resolve(self.provider, root, Path::new(""), &format!("{}/course.toml", entry.value)) {
                Ok(_) => courses.extend(self.course(&root.join(&entry.value), language, diags)),
                Err(FileProblem::Missing(..)) => {
                    diags
                        .error(
                            Code::E023,
                            file,
                            entry.start(),
                            tr!("course folder `{}` not found, or it has no course.toml", entry.value),
                        )
                        .hint(tr!(
                            "create the course with `campus new {}`, or remove it from `courses`",
                            root.join(&entry.value).display()
                        ));
                }
                Err(problem) => {
                    diags
                        .error(problem.code(), file, entry.start(), problem.message(&entry.value))
                        .hint(problem.hint());
                }
            }
        }
        courses
    }

    /// A course; `language` is the path's, which the course inherits unless it sets its own.
    /// A course.toml with problems still gives a course, with what could be read, so that its
    /// modules are checked in the same run.
    fn course(&self, dir: &Path, language: &str, diags: &mut Diagnostics) -> Option<Course> {
        // A course.toml that cannot be read at all (not UTF-8, empty) stands in whole, so that
        // the modules of the folder are still checked.
        let (file, recovered) = match self.read_reported(&dir.join("course.toml"), diags) {
            Some(file) => {
                let recovered = toml_check::parse_recovering::<CourseFile>(&file, SchemaKind::Course, diags);
                (file, recovered)
            }
            None => (SourceFile::new(dir.join("course.toml"), ""), toml_check::stand_in(SchemaKind::Course)),
        };
        let toml_check::Recovered { value: source, replaced: unread_keys } = recovered?;
        let french = crate::model::typography::is_french(source.language.as_deref().map_or(language, String::as_str));
        let listed = source.modules.len();
        let mut course = Course {
            dir: dir.to_path_buf(),
            file,
            source,
            language: String::new(),
            licence: String::new(),
            modules: Vec::with_capacity(listed),
            unloaded: Vec::new(),
            unread_keys,
        };
        if course.unread_keys.contains("modules") && course.source.modules.is_empty() {
            let found = self.modules_by_name(dir);
            let listed = if found.is_empty() { tr!("none") } else { found.join(", ") };
            let note = diags.file_error(
                Code::W011,
                &dir.join("course.toml"),
                tr!("`modules` could not be read: the Markdown files of the course folder were checked in name order"),
            );
            note.severity = crate::diagnostics::Severity::Warning;
            note.hint(tr!("checked: {listed}; fix `modules` to choose the modules and their order", listed = listed));
            for name in found {
                self.add_module(&mut course, &name, french, diags);
            }
            return Some(course);
        }
        let mut seen = std::collections::BTreeMap::new();
        let entries = course.source.modules.value.clone();
        for entry in &entries {
            if let Some(&first) = seen.get(&entry.value) {
                diags
                    .error(Code::E024, &course.file, entry.start(), tr!("module `{}` is listed twice", entry.value))
                    .label(&course.file, first, tr!("first listed here"))
                    .hint(tr!("list each module file once"));
                continue;
            }
            seen.insert(entry.value.clone(), entry.start());
            match resolve(self.provider, dir, Path::new(""), &entry.value) {
                Ok(found) => self.add_module(&mut course, &found.path, french, diags),
                Err(problem) => {
                    if let FileProblem::Missing(_, Some(close)) = &problem {
                        // Its "did you mean" already names the file: no W012 for it.
                        seen.insert(close.clone(), entry.start());
                    }
                    let diagnostic =
                        diags.error(Code::E023, &course.file, entry.start(), problem.message(&entry.value));
                    diagnostic.hint(problem.hint_with(&tr!("module files are listed relative to course.toml")));
                    diagnostic.fix = problem.suggestion().map(|close| format!("\"{close}\""));
                }
            }
        }
        let listed: BTreeSet<String> = seen.into_keys().collect();
        self.unlisted_markdown(&course, &listed, diags);
        Some(course)
    }

    /// The Markdown files directly in a course folder, in name order (a README is not a module).
    fn modules_by_name(&self, dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = self
            .provider
            .file_names(dir)
            .into_iter()
            .filter(|n| Path::new(n).extension().is_some_and(|e| e.eq_ignore_ascii_case("md")))
            .filter(|n| !n.eq_ignore_ascii_case("readme.md"))
            .collect();
        names.sort();
        names
    }

    /// W012 for a Markdown file of the course folder that `modules` does not list.
    fn unlisted_markdown(&self, course: &Course, listed: &BTreeSet<String>, diags: &mut Diagnostics) {
        let listed: BTreeSet<&str> = listed.iter().map(|l| l.trim_start_matches("./")).collect();
        for name in self.modules_by_name(&course.dir) {
            if !listed.contains(name.as_str()) {
                diags
                    .warning(
                        Code::W012,
                        &course.file,
                        course.source.modules.start(),
                        tr!("`{name}` is not in `modules`: it is left out of the course", name = name),
                    )
                    .hint(tr!("add \"{name}\" to `modules` where it belongs in the course, or move the file out of the course folder", name = name));
            }
        }
    }

    fn add_module(&self, course: &mut Course, relative: &str, french: bool, diags: &mut Diagnostics) {
        match self.module(&course.dir, relative, french, diags) {
            Ok(module) => course.modules.push(module),
            Err(Some(partial)) => course.unloaded.push(partial),
            Err(None) => {}
        }
    }

    /// A module, or when its front matter is wrong, its file and pages (for the rules), or nothing.
    fn module(
        &self,
        course_dir: &Path,
        relative: &str,
        french: bool,
        diags: &mut Diagnostics,
    ) -> Result<Module, Option<(SourceFile, Vec<Page>)>> {
        let file = self.read_reported(&course_dir.join(relative), diags).ok_or(None)?;
        let (front_start, front_end, body_start) = match split_front_matter(file.text()) {
            Ok(parts) => parts,
            Err(message) => {
                diags.error(Code::E020, &file, 0, message).hint(
                    tr!("start the file with the module's settings between two `+++` lines:\n+++\nid = \"my-module\"\ntitle = \"…\"\nobjectives = [\"…\"]\nduration_minutes = 20\n+++"),
                );
                return Err(None);
            }
        };
        let front_text = &file.text()[front_start..front_end];
        let front: Option<FrontMatter> = toml_check::parse(&file, front_text, front_start, SchemaKind::Module, diags);
        let module_dir = Path::new(relative).parent().unwrap_or(Path::new("")).to_path_buf();
        let cx = BodyContext {
            provider: self.provider,
            file: &file,
            offset: body_start,
            course_dir,
            module_dir: &module_dir,
            french,
        };
        // The body is read even when the front matter is wrong, so its problems show now too.
        let body = markdown::parse_body(&cx, diags);
        if body.pages.is_empty() {
            diags
                .error(Code::E026, &file, body_start, tr!("the module has no page"))
                .hint(tr!("start each page with a top-level heading: `# Title of the page`"));
        }
        let Some(front) = front else { return Err(Some((file, body.pages))) };
        Ok(Module { front_base: front_start, front, pages: body.pages, assets: body.assets, file })
    }
}

fn report_read_problem(path: &Path, problem: ReadProblem, diags: &mut Diagnostics) {
    let line = match problem {
        ReadProblem::NotUtf8 { line } => line,
        _ => 0,
    };
    let (code, message, hint) = match problem {
        ReadProblem::Missing => (Code::E001, tr!("file not found"), tr!("check the name and the folder")),
        ReadProblem::NotAFile => (Code::E001, tr!("not a regular file"), tr!("point at a file, not a folder")),
        ReadProblem::Io(e) => {
            (Code::E001, tr!("cannot read the file: {e}", e = e), "check its permissions".to_string())
        }
        ReadProblem::NotUtf8 { line } => (
            Code::E002,
            tr!("the file is not UTF-8 text (first bad byte on line {line})", line = line),
            tr!("save it as UTF-8 in your editor (\"Save with encoding\" → UTF-8)"),
        ),
        ReadProblem::Empty => {
            (Code::E003, tr!("the file is empty"), tr!("write its content, or remove it from the list"))
        }
        ReadProblem::TooLarge(bytes) => (
            Code::E004,
            tr!(
                "the file is {bytes} bytes, more than the {MAX_SOURCE_BYTES} allowed for a source",
                bytes = bytes,
                MAX_SOURCE_BYTES = MAX_SOURCE_BYTES
            ),
            tr!("split the module in two, or move large content into resource files"),
        ),
        ReadProblem::Binary => (
            Code::E005,
            tr!("the file is binary, not text"),
            tr!("sources are Markdown or TOML text; put binary files in resource blocks"),
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

/// Splits `+++` front matter from the body: (front TOML start, front TOML end, body start).
fn split_front_matter(text: &str) -> Result<(usize, usize, usize), String> {
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_end].trim_end() != "+++" {
        return Err(tr!("the module does not start with `+++` front matter"));
    }
    let mut line_start = first_end;
    while line_start < text.len() {
        let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i + 1);
        if text[line_start..line_end].trim_end() == "+++" {
            return Ok((first_end, line_start, line_end));
        }
        line_start = line_end;
    }
    Err(tr!("the front matter is not closed by a `+++` line"))
}
