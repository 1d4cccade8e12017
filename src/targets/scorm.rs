//! The `scorm12` and `scorm2004` targets: one zip per course, `imsmanifest.xml` at its root,
//! one SCO per module (or one for the course). The pages carry the SCORM adapter of the version.

use std::io::Write;

use super::manifest::{write_manifest, write_metadata_document, Sco, Scorm, METADATA_FILE};
use super::{package_name, Content, Output, Plan, ScoLayout, Target, TargetContext, TargetName};
use crate::diagnostics::{Code, Diagnostics};
use crate::model::{Course, LearningPath};
use crate::runtime::state;
use crate::tr;

pub(crate) struct ScormTarget {
    pub version: Scorm,
    pub scos: ScoLayout,
}

impl ScormTarget {
    /// SCORM 2004 with one SCO per module, for a course of several modules: Moodle 4.4 keeps one
    /// API object whose terminated flag is never reset, so the second SCO opened from its table of
    /// contents fails to initialise (error 104) and records nothing.
    fn warn_moodle_navigation(&self, course: &Course, diags: &mut Diagnostics) {
        if !matches!(self.version, Scorm::V2004 { .. }) || self.scos != ScoLayout::PerModule || course.modules.len() < 2
        {
            return;
        }
        diags
            .warning(
                Code::W072,
                &course.file,
                course.source.id.start(),
                tr!(
                    "in SCORM 2004 with one SCO per module, Moodle 4.4 cannot move between the {} modules of course `{}`: the second module opened from its table of contents fails with error 104 and records nothing",
                    course.modules.len(),
                    course.id()
                ),
            )
            .hint(tr!("for Moodle, build `--target scorm12` (one SCO per module), or `--target scorm2004 --single-sco` (one SCO for the course)"));
    }
}

impl Target for ScormTarget {
    fn name(&self) -> TargetName {
        match self.version {
            Scorm::V12 => TargetName::Scorm12,
            Scorm::V2004 { .. } => TargetName::Scorm2004,
        }
    }

    /// Every module's worst-case state (with one SCO per course, the course's) must fit the
    /// version's `cmi.suspend_data`.
    fn check(&self, path: &LearningPath, diags: &mut Diagnostics) {
        let limit = self.version.suspend_data_limit();
        let label = self.version.label();
        for course in &path.courses {
            self.warn_moodle_navigation(course, diags);
            if self.scos == ScoLayout::OnePerCourse {
                let worst = state::worst_case_course_state(course, self.version.adapter()).encode_utf16().count();
                if worst > limit {
                    diags
                        .error(
                            Code::E071,
                            &course.file,
                            course.source.id.start(),
                            tr!(
                                "in {label} with --single-sco, a learner's state for course `{}` can reach {worst} characters, more than the {limit} of cmi.suspend_data",
                                course.id(), label = label, worst = worst, limit = limit
                            ),
                        )
                        .hint(tr!("build one SCO per module (without --single-sco), lower the `max_length` of fill-in questions and shared reflections, or build for SCORM 2004 4th Edition"));
                }
                continue;
            }
            for module in &course.modules {
                let worst = state::worst_case_state_len(module);
                if worst > limit {
                    diags
                        .error(
                            Code::E070,
                            &module.file,
                            module.front_base + module.front.id.start(),
                            tr!(
                                "in {label}, a learner's state for module `{}` can reach {worst} characters, more than the {limit} of cmi.suspend_data",
                                module.id(), label = label, worst = worst, limit = limit
                            ),
                        )
                        .hint(tr!("lower the `max_length` of fill-in questions and shared reflections, split the module, or build for SCORM 2004 4th Edition (64,000 characters)"));
                }
            }
        }
    }

    fn package(&self, cx: &TargetContext<'_>, out: &mut Output) -> anyhow::Result<()> {
        let ids = crate::ids::Ids::new(&cx.path.settings.base_iri, &cx.path.settings.id);
        for course in &cx.path.courses {
            let mut plan = Plan::new(self.version.adapter());
            let listed = plan.add_course(course);
            let mut scos: Vec<Sco<'_>> = course
                .modules
                .iter()
                .zip(listed)
                .map(|(module, files)| Sco { module, href: files[0].clone(), files, title: None })
                .collect();
            let mut shared = vec!["campus.css".to_string(), "campus.js".to_string()];
            if self.version.metadata_in_a_file() {
                let write = |out: &mut dyn Write| write_metadata_document(out, course);
                plan.insert(METADATA_FILE, Content::Written(Box::new(write)));
                shared.push(METADATA_FILE.into());
            }
            if self.scos == ScoLayout::OnePerCourse {
                // One SCO: the course player, which shows every module page.
                let href = format!("{}/course.html", course.id());
                let player = cx.renderer.player_page(course)?;
                plan.insert(href.clone(), Content::Bytes(player.into_bytes()));
                plan.insert("player.js", Content::Static(self.version.adapter().player_script().as_bytes()));
                shared.push("player.js".into());
                let mut all = vec![href.clone()];
                all.extend(scos.iter().flat_map(|s| s.files.iter().cloned()));
                scos = vec![Sco {
                    module: &course.modules[0],
                    href,
                    files: all,
                    title: Some(course.source.title.value.clone()),
                }];
            }
            debug_assert_eq!(
                scos.iter().flat_map(|s| &s.files).chain(&shared).collect::<std::collections::BTreeSet<_>>().len(),
                plan.len(),
                "the manifest lists every file"
            );
            let (version, ids) = (self.version, &ids);
            let write = move |out: &mut dyn Write| write_manifest(out, version, ids, course, &scos, &shared);
            plan.insert("imsmanifest.xml", Content::Written(Box::new(write)));
            out.zip(&package_name(course, self.name()), &plan, cx, cx.timestamp(course)?)?;
        }
        Ok(())
    }
}
