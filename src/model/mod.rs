//! The learning path as plain data: what authors write (`sources`, the serde types that also give
//! the JSON Schemas), and what the loader makes of it (`path`: courses and modules; `page`: pages
//! and learning blocks), with the source texts and positions (`text`). No I/O here.

mod files;
pub mod inclusive;
mod page;
mod path;
mod sources;
mod text;
pub mod typography;

pub use files::{Entry, SourceProvider};
pub use page::{Block, BlockContent, LocalFile, Page, Part};
pub use path::{Course, LearningPath, LogoFile, Module, PathSettings};
pub use sources::*;
pub use text::{OffsetMap, SourceFile, Spanned};
