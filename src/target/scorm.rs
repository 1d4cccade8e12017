//! The `scorm12` and `scorm2004` targets: one zip per course, `imsmanifest.xml` at its root,
//! one SCO per module. The pages are the shared rendered pages; the runtime carries the SCORM
//! adapter of the version.

use std::collections::BTreeSet;


use super::manifest::{manifest, metadata_document, Sco, Scorm, METADATA_FILE};
use super::{add_course, add_runtime, package_name, Output, Target, TargetContext, TargetName};
use crate::diagnostic::Diagnostics;
use crate::package::{zip, Files};
use crate::project::Project;
use crate::render::{self, Adapter};

pub struct ScormTarget {
    pub version: Scorm,
    /// One SCO for the whole course: a course player (`player.js`) shows the modules.
    pub single_sco: bool,
}

impl ScormTarget {
    fn adapter(&self) -> Adapter {
        match self.version {
            Scorm::V12 => Adapter::Scorm12,
            Scorm::V2004 { .. } => Adapter::Scorm2004,
        }
    }
}

impl Target for ScormTarget {
    fn name(&self) -> TargetName {
        match self.version {
            Scorm::V12 => TargetName::Scorm12,
            Scorm::V2004 { .. } => TargetName::Scorm2004,
        }
    }

    /// Every module's worst-case state (with --single-sco, the course's) must fit the version's
    /// `cmi.suspend_data`.
    fn check(&self, project: &Project, diags: &mut Diagnostics) {
        let limit = self.version.suspend_data_limit();
        for course in &project.courses {
            if self.single_sco {
                let worst = crate::state::worst_case_course_state(course, self.version == Scorm::V12).encode_utf16().count();
                if worst > limit {
                    diags
                        .error(
                            "E071",
                            &course.file,
                            course.source.id.start(),
                            format!(
                                "in {} with --single-sco, a learner's state for course `{}` can reach {worst} characters, more than the {limit} of cmi.suspend_data",
                                self.version.label(),
                                course.id()
                            ),
                        )
                        .hint("build one SCO per module (without --single-sco), lower the `max_length` of fill-in questions and shared reflections, or build for SCORM 2004 4th Edition");
                }
                continue;
            }
            for module in &course.modules {
                let worst = crate::state::worst_case_state_len(module);
                if worst > limit {
                    diags
                        .error(
                            "E070",
                            &module.file,
                            module.front_base + module.front.id.start(),
                            format!(
                                "in {}, a learner's state for module `{}` can reach {worst} characters, more than the {limit} of cmi.suspend_data",
                                self.version.label(),
                                module.id()
                            ),
                        )
                        .hint("lower the `max_length` of fill-in questions and shared reflections, split the module, or build for SCORM 2004 4th Edition (64,000 characters)");
                }
            }
        }
    }

    fn package(&self, cx: &TargetContext<'_>) -> anyhow::Result<Vec<Output>> {
        let project = cx.project;
        let ids = crate::ids::Ids::new(&project.settings.base_iri, &project.settings.id);
        let shared = vec!["campus.css".to_string(), "campus.js".to_string()];
        let mut outputs = Vec::new();
        for (course, rendered) in project.courses.iter().zip(cx.rendered) {
            let dir = course.id();
            let mut files = Files::new();
            add_runtime(&mut files, self.adapter());
            let listed = add_course(&mut files, course, rendered, false)?;
            let mut scos: Vec<Sco<'_>> = course
                .modules
                .iter()
                .zip(listed)
                .map(|(module, files)| Sco { module, href: files[0].clone(), files, title: None })
                .collect();
            let mut shared = shared.clone();
            if let Scorm::V2004 { edition: 3 } = self.version {
                files.insert(METADATA_FILE.into(), metadata_document(course));
                shared.push(METADATA_FILE.into());
            }
            if self.single_sco {
                // One SCO: the course player, which shows every module page.
                let href = format!("{dir}/course.html");
                let player = render::player_page(project, course, self.version == Scorm::V12)?;
                files.insert(href.clone(), player.into_bytes());
                files.insert("player.js".into(), render::player_script(self.adapter()).into_bytes());
                shared.push("player.js".into());
                let mut all = vec![href.clone()];
                all.extend(scos.iter().flat_map(|s| s.files.iter().cloned()));
                scos = vec![Sco { module: &course.modules[0], href, files: all, title: Some(course.source.title.value.clone()) }];
            }
            let listed: BTreeSet<&String> = scos.iter().flat_map(|s| &s.files).chain(&shared).collect();
            debug_assert_eq!(listed.len(), files.len(), "the manifest lists every file");
            files.insert("imsmanifest.xml".into(), manifest(self.version, &ids, course, &scos, &shared));
            let bytes = zip(&files, cx.timestamp(course)?)?;
            outputs.push(Output { name: package_name(course, self.name()), bytes });
        }
        Ok(outputs)
    }
}
