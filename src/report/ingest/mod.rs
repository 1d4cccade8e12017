//! Reading records into facts: statement files, an LRS, Moodle's report downloads.

pub(crate) mod files;
pub(crate) mod lrs;
pub(crate) mod moodle;
