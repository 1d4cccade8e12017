//! What goes into one output (a package, or the web edition's folder): every file's name and where
//! its bytes come from. Names are known first, in order, so manifests can list them; each content
//! is produced only when it is written (a module page is rendered then), one at a time.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Write;

use anyhow::Context;

use super::TargetContext;
use crate::model::{Course, Module};
use crate::package::Body;
use crate::runtime::Adapter;

/// Where the bytes of a file come from.
pub(crate) enum Content<'a> {
    Bytes(Vec<u8>),
    Static(&'static [u8]),
    /// A document (a manifest) written when its turn comes, straight into a package: one listing
    /// N modules is never held whole.
    Written(Box<WriteFn<'a>>),
    /// A module's page, rendered for the plan's adapter when written.
    Page {
        course: &'a Course,
        module: &'a Module,
    },
    /// A file of a course (image, media, resource), relative to its folder.
    CourseFile {
        course: &'a Course,
        path: &'a str,
    },
}

/// What writes a [`Content::Written`] document into its destination.
pub(crate) type WriteFn<'a> = dyn Fn(&mut dyn Write) -> std::io::Result<()> + 'a;

/// The files of one output, sorted by name, for one runtime adapter.
pub(crate) struct Plan<'a> {
    adapter: Adapter,
    entries: BTreeMap<String, Content<'a>>,
}

impl<'a> Plan<'a> {
    /// A plan whose pages carry `adapter`'s runtime, with that runtime at the root: one
    /// stylesheet and one script (the core and the adapter).
    pub(crate) fn new(adapter: Adapter) -> Self {
        let mut plan = Self { adapter, entries: BTreeMap::new() };
        plan.insert("campus.css", Content::Static(adapter.stylesheet().as_bytes()));
        plan.insert("campus.js", Content::Static(adapter.script().as_bytes()));
        plan
    }

    pub(crate) fn insert(&mut self, name: impl Into<String>, content: Content<'a>) {
        self.entries.insert(name.into(), content);
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Adds a course's module pages and every file they use, under `<course-id>/`. Returns each
    /// module's files, its page first, as manifests list them.
    pub(crate) fn add_course(&mut self, course: &'a Course) -> Vec<Vec<String>> {
        let dir = course.id();
        let mut per_module = Vec::new();
        for module in &course.modules {
            let href = format!("{dir}/{}", module.page_file_name());
            self.insert(href.clone(), Content::Page { course, module });
            let mut listed = vec![href];
            for asset in &module.assets {
                let name = format!("{dir}/{asset}");
                self.entries.entry(name.clone()).or_insert(Content::CourseFile { course, path: asset });
                listed.push(name);
            }
            per_module.push(listed);
        }
        per_module
    }

    /// Every file with its bytes, in name order, each produced when the iterator reaches it.
    pub(crate) fn files<'p>(
        &'p self,
        cx: &'p TargetContext<'_>,
    ) -> impl Iterator<Item = anyhow::Result<(String, Vec<u8>)>> + 'p {
        self.entries.iter().map(move |(name, content)| Ok((name.clone(), self.produce(cx, content)?)))
    }

    /// Every file with what makes its bytes, in name order, for a package: documents are written
    /// into it, files already in memory lent, pages rendered when the iterator reaches them.
    pub(crate) fn entries<'p>(
        &'p self,
        cx: &'p TargetContext<'_>,
    ) -> impl Iterator<Item = anyhow::Result<(String, Body<'p>)>> + 'p {
        self.entries.iter().map(move |(name, content)| {
            let body = match content {
                Content::Bytes(bytes) => Body::Bytes(Cow::Borrowed(bytes)),
                Content::Static(bytes) => Body::Bytes(Cow::Borrowed(bytes)),
                Content::Written(write) => Body::Written(write.as_ref()),
                _ => Body::Bytes(Cow::Owned(self.produce(cx, content)?)),
            };
            Ok((name.clone(), body))
        })
    }

    fn produce(&self, cx: &TargetContext<'_>, content: &Content<'_>) -> anyhow::Result<Vec<u8>> {
        Ok(match content {
            Content::Bytes(bytes) => bytes.clone(),
            Content::Static(bytes) => bytes.to_vec(),
            Content::Written(write) => {
                let mut bytes = Vec::new();
                write(&mut bytes)?;
                bytes
            }
            Content::Page { course, module } => cx.renderer.module_page(course, module, self.adapter)?.into_bytes(),
            Content::CourseFile { course, path } => {
                let file = course.dir.join(path);
                cx.path.provider.read(&file).with_context(|| format!("reading {}", file.display()))?
            }
        })
    }
}
