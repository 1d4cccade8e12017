//! The `xapi` (TinCan) and `cmi5` targets: one zip per course for LRS-backed LMSs. TinCan
//! launches the course home with `tincan.xml`; cmi5 launches each module as an AU with
//! `cmi5.xml`. Activity ids are IRIs from the `ids` module; no endpoint or credential is ever
//! written into a package: the LMS gives them at launch.

use super::xml::Xml;
use super::{add_course, add_runtime, package_name, Output, Target, TargetContext, TargetName};
use crate::course::model::{Answer, QuestionKind};
use crate::ids::Ids;
use crate::markdown::{BlockContent, Part};
use crate::package::{zip, Files};
use crate::project::{Course, Module, Project};
use crate::render::{self, Adapter};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XapiFlavour {
    TinCan,
    Cmi5,
}

pub struct XapiTarget {
    pub flavour: XapiFlavour,
}

const COURSE_TYPE: &str = "http://adlnet.gov/expapi/activities/course";
const MODULE_TYPE: &str = "http://adlnet.gov/expapi/activities/module";
const INTERACTION_TYPE: &str = "http://adlnet.gov/expapi/activities/cmi.interaction";

/// The components of an interaction (choices, scale, source, target): (element, [(id, text)]).
type Components<'a> = Vec<(&'a str, Vec<(String, String)>)>;

/// What describes a module to an LMS: its objectives, else its title.
fn module_description(module: &Module) -> String {
    if module.front.objectives.is_empty() {
        module.front.title.value.clone()
    } else {
        module.front.objectives.iter().map(|o| o.value.as_str()).collect::<Vec<_>>().join(" ; ")
    }
}

fn interaction(xml: &mut Xml, lang: &str, kind: &str, patterns: &[String], components: &Components<'_>) {
    xml.text("interactionType", &[], kind);
    if !patterns.is_empty() {
        xml.open("correctResponsePatterns", &[]);
        for pattern in patterns {
            xml.text("correctResponsePattern", &[], pattern);
        }
        xml.close("correctResponsePatterns");
    }
    for (name, list) in components {
        xml.open(name, &[]);
        for (id, text) in list {
            xml.open("component", &[]);
            xml.text("id", &[], id);
            xml.text("description", &[("lang", lang)], text);
            xml.close("component");
        }
        xml.close(name);
    }
}

/// `tincan.xml`: the course activity with its launch, one activity per module and per question.
fn tincan_xml(ids: &Ids, course: &Course) -> Vec<u8> {
    let lang = course.language.as_str();
    let c = course.id();
    let mut xml = Xml::new();
    xml.open("tincan", &[("xmlns", "http://projecttincan.com/tincan.xsd")]);
    xml.open("activities", &[]);
    xml.open("activity", &[("id", &ids.course_iri(c)), ("type", COURSE_TYPE)]);
    xml.text("name", &[("lang", lang)], &course.source.title);
    xml.text("description", &[("lang", lang)], &course.source.description);
    xml.text("launch", &[("lang", lang)], &format!("{c}/index.html"));
    xml.close("activity");
    for module in &course.modules {
        let m = module.id();
        xml.open("activity", &[("id", &ids.module_iri(c, m)), ("type", MODULE_TYPE)]);
        xml.text("name", &[("lang", lang)], &module.front.title);
        xml.text("description", &[("lang", lang)], &module_description(module));
        xml.close("activity");
        for part in module.pages.iter().flat_map(|p| &p.parts) {
            let Part::Block(block) = part else { continue };
            let (id, name, kind, patterns, components): (&str, &str, &str, Vec<String>, Components<'_>) = match &block
                .content
            {
                BlockContent::Question(q) => {
                    let ids_of = |list: Vec<&str>| list.join("[,]");
                    let (kind, patterns, components) = match q.kind.value {
                        QuestionKind::Single | QuestionKind::Multiple => (
                            "choice",
                            vec![ids_of(q.choices.iter().filter(|c| c.correct).map(|c| c.id.as_str()).collect())],
                            vec![(
                                "choices",
                                q.choices.iter().map(|c| (c.id.value.clone(), c.text.value.clone())).collect(),
                            )],
                        ),
                        QuestionKind::TrueFalse => {
                            let right = q.answer.as_deref() == Some(&Answer::Boolean(true));
                            ("true-false", vec![right.to_string()], vec![])
                        }
                        QuestionKind::FillIn => (
                            "fill-in",
                            q.accept
                                .iter()
                                .map(|a| {
                                    format!("{}{}", if q.case_sensitive { "{case_matters=true}" } else { "" }, a.value)
                                })
                                .collect(),
                            vec![],
                        ),
                        QuestionKind::Numeric => {
                            let range = match (q.answer.as_deref(), &q.min, &q.max) {
                                (Some(Answer::Number(n)), _, _) => format!("{n}[:]{n}"),
                                (_, Some(min), Some(max)) => format!("{}[:]{}", min.value, max.value),
                                _ => String::new(),
                            };
                            ("numeric", vec![range], vec![])
                        }
                        QuestionKind::Matching => (
                            "matching",
                            vec![q
                                .pairs
                                .iter()
                                .map(|p| format!("{0}[.]{0}", p.id.value))
                                .collect::<Vec<_>>()
                                .join("[,]")],
                            vec![
                                (
                                    "source",
                                    q.pairs.iter().map(|p| (p.id.value.clone(), p.left.value.clone())).collect(),
                                ),
                                (
                                    "target",
                                    q.pairs.iter().map(|p| (p.id.value.clone(), p.right.value.clone())).collect(),
                                ),
                            ],
                        ),
                        QuestionKind::Ordering => (
                            "sequencing",
                            vec![ids_of(q.items.iter().map(|i| i.id.as_str()).collect())],
                            // xAPI lists a sequencing interaction's items as `choices` (`steps` is for performance).
                            vec![(
                                "choices",
                                q.items.iter().map(|i| (i.id.value.clone(), i.text.value.clone())).collect(),
                            )],
                        ),
                    };
                    (&q.id.value, &q.prompt.value, kind, patterns, components)
                }
                BlockContent::Diagnostic(d) => {
                    let scale = course.scale(d).unwrap_or(&[]);
                    let points = scale.iter().enumerate().map(|(i, label)| (i.to_string(), label.clone())).collect();
                    (&d.id.value, &d.statement.value, "likert", vec![], vec![("scale", points)])
                }
                _ => continue,
            };
            xml.open("activity", &[("id", &ids.block_iri(c, m, id)), ("type", INTERACTION_TYPE)]);
            xml.text("name", &[("lang", lang)], id);
            xml.text("description", &[("lang", lang)], name);
            interaction(&mut xml, lang, kind, &patterns, &components);
            xml.close("activity");
        }
    }
    xml.close("activities");
    xml.close("tincan");
    xml.finish()
}

/// `cmi5.xml`: the course and one AU per module.
fn cmi5_xml(ids: &Ids, course: &Course) -> Vec<u8> {
    let lang = course.language.as_str();
    let c = course.id();
    let text = |xml: &mut Xml, name: &str, value: &str| {
        xml.open(name, &[]);
        xml.text("langstring", &[("lang", lang)], value);
        xml.close(name);
    };
    let mut xml = Xml::new();
    xml.open("courseStructure", &[("xmlns", "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd")]);
    xml.open("course", &[("id", &ids.course_iri(c))]);
    text(&mut xml, "title", &course.source.title);
    text(&mut xml, "description", &course.source.description);
    xml.close("course");
    for module in &course.modules {
        let m = module.id();
        let iri = ids.module_iri(c, m);
        let mastery = format!("{}", f64::from(course.mastery_score(module)) / 100.0);
        let mut attributes = vec![("id", iri.as_str()), ("activityType", MODULE_TYPE), ("launchMethod", "AnyWindow")];
        if module.front.assessed {
            attributes.push(("moveOn", "CompletedAndPassed"));
            attributes.push(("masteryScore", &mastery));
        } else {
            attributes.push(("moveOn", "Completed"));
        }
        xml.open("au", &attributes);
        text(&mut xml, "title", &module.front.title);
        text(&mut xml, "description", &module_description(module));
        xml.text("url", &[], &format!("{c}/{}", render::module_file_name(module)));
        xml.close("au");
    }
    xml.close("courseStructure");
    xml.finish()
}

impl Target for XapiTarget {
    fn name(&self) -> TargetName {
        match self.flavour {
            XapiFlavour::TinCan => TargetName::Xapi,
            XapiFlavour::Cmi5 => TargetName::Cmi5,
        }
    }

    fn package(&self, cx: &TargetContext<'_>) -> anyhow::Result<Vec<Output>> {
        let project: &Project = cx.project;
        let ids = Ids::new(&project.settings.base_iri, &project.settings.id);
        let adapter = match self.flavour {
            XapiFlavour::TinCan => Adapter::TinCan,
            XapiFlavour::Cmi5 => Adapter::Cmi5,
        };
        let mut outputs = Vec::new();
        for (course, rendered) in project.courses.iter().zip(cx.rendered) {
            let dir = course.id();
            let mut files = Files::new();
            add_runtime(&mut files, adapter);
            add_course(&mut files, course, rendered, false)?;
            match self.flavour {
                XapiFlavour::TinCan => {
                    files
                        .insert(format!("{dir}/index.html"), render::course_home(project, course, false)?.into_bytes());
                    files.insert("tincan.xml".into(), tincan_xml(&ids, course));
                }
                XapiFlavour::Cmi5 => {
                    files.insert("cmi5.xml".into(), cmi5_xml(&ids, course));
                }
            }
            outputs
                .push(Output { name: package_name(course, self.name()), bytes: zip(&files, cx.timestamp(course)?)? });
        }
        Ok(outputs)
    }
}
