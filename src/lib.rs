//! Campus compiles the text sources of a learning path into e-learning packages.
//!
//! The pipeline, one layer per folder, each using only those before it: [`model`] (plain data),
//! [`load`] (sources into the model, through a [`SourceProvider`]), [`rules`] (the checks, which
//! alone make a [`CheckedPath`]), `runtime` (the player's script and the data pages give it),
//! `render` (pages), `targets` (one per standard) and [`build`] (writing them all at once).
//! Problems in the sources are [`Diagnostics`], every one at once; [`lsp`] shows them in editors
//! while the author types. On top, [`inspect`] reads
//! packages made by any tool (zips, never sources) and says whether an LMS will take them.

mod build;
pub mod diagnostics;
mod ids;
pub mod inspect;
mod load;
pub mod lsp;
pub mod model;
mod package;
mod render;
mod report;
mod rules;
mod runtime;
mod scaffold;
mod schema;
mod sync;
mod targets;

pub use build::{build, check_targets, BuildOptions, BuildReport};
pub use diagnostics::{Code, Diagnostic, Diagnostics, Language, Severity};
pub use load::{load, load_from, source_language, Disk, Entry, Overlay, SourceProvider, MAX_SOURCE_BYTES};
pub use model::LearningPath;
#[doc(hidden)]
pub use package::set_deflate_level_for_benchmarks;
pub use report::{report, CsvDialect, MoodleAttempts, ReportFormat, ReportOptions, ReportOutcome};
pub use rules::{check, CheckedPath};
pub use scaffold::new_course;
pub use schema::SchemaKind;
pub use sync::FolderUpdate;
pub use targets::{ScoLayout, Scorm2004Edition, TargetName, TargetOptions, WebLayout};

/// The longest state the player can save for each module, in characters: the budget checked
/// against SCORM's `cmi.suspend_data` (`campus build -v` prints it).
pub fn state_budgets(path: &CheckedPath) -> Vec<(String, String, usize)> {
    let mut budgets = Vec::new();
    for course in &path.path().courses {
        for module in &course.modules {
            budgets.push((
                course.id().to_string(),
                module.id().to_string(),
                runtime::state::worst_case_state_len(module),
            ));
        }
    }
    budgets
}

/// Renders every module page of the path once, as the web edition shows it, and returns how many
/// there are: what a build costs before packaging (for benchmarks).
pub fn render_all(path: &CheckedPath) -> anyhow::Result<usize> {
    let renderer = render::Renderer::new(path.path());
    let mut pages = 0;
    for course in &path.path().courses {
        for module in &course.modules {
            renderer.module_page(course, module, runtime::Adapter::Standalone)?;
            pages += 1;
        }
    }
    Ok(pages)
}
