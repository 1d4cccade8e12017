//! Campus compiles the text sources of a learning path into e-learning packages.
//!
//! The pipeline: [`project::load`] reads and validates every source once (all problems are
//! collected as [`diagnostic::Diagnostics`]), [`render`] turns the model into HTML pages once,
//! and each [`target::Target`] packages those pages for one standard.

pub mod build;
pub mod course;
pub mod diagnostic;
pub mod ids;
pub mod markdown;
pub mod package;
pub mod project;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod source;
pub mod state;
pub mod target;
pub mod vocabulary;
