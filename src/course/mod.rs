//! The source model authors write: the path, its courses, their modules and learning blocks.
//!
//! `model` holds the serde types (they also derive the JSON Schema), `toml_check` checks a TOML
//! text against that schema so every key problem is reported at once with its position, and
//! `rules` holds the checks that a schema cannot express.

pub mod files;
pub mod model;
pub mod rules;
pub mod toml_check;

pub use model::*;
