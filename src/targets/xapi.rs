//! The `xapi` (TinCan) and `cmi5` targets: one zip per course for LRS-backed LMSs. TinCan
//! launches the course home with `tincan.xml`; cmi5 launches each module as an AU with
//! `cmi5.xml`. Activity ids are IRIs from the `ids` module; no endpoint or credential is ever
//! written into a package: the LMS gives them at launch.

use std::io::Write;

use super::xml::{Doc, Xml};
use super::{package_name, Content, Output, Plan, Target, TargetContext, TargetName};
use crate::ids::Ids;
use crate::model::{Answer, BlockContent, Course, Module, QuestionBlock, QuestionKind};
use crate::runtime::vocabulary::{self, Kind};
use crate::runtime::Adapter;

/// Which launch: TinCan (the course home) or cmi5 (each module an AU).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavour {
    TinCan,
    Cmi5,
}

pub(crate) struct XapiTarget {
    pub flavour: Flavour,
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

fn interaction(xml: &mut Doc<'_>, lang: &str, kind: &str, patterns: &[String], components: &Components<'_>) {
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
fn write_tincan(out: &mut dyn Write, ids: &Ids, course: &Course) -> std::io::Result<()> {
    let lang = course.language.as_str();
    let c = course.id();
    let mut xml = Xml::new(out);
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
        for block in module.blocks() {
            let (id, name, kind, patterns, components): (&str, &str, &str, Vec<String>, Components<'_>) = match block {
                BlockContent::Question(q) => {
                    let (kind, patterns, components) = question_interaction(q);
                    (&q.id.value, &q.prompt.value, kind, patterns, components)
                }
                BlockContent::SelfAssessment(d) => {
                    let scale = course.scale(d).unwrap_or(&[]);
                    let points = scale.iter().enumerate().map(|(i, label)| (i.to_string(), label.clone())).collect();
                    (
                        &d.id.value,
                        &d.statement.value,
                        vocabulary::XAPI.interaction_type(Kind::Likert),
                        vec![],
                        vec![("scale", points)],
                    )
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

/// A question as an xAPI interaction: its type, correct response patterns and components.
fn question_interaction(q: &QuestionBlock) -> (&'static str, Vec<String>, Components<'_>) {
    let xapi = &vocabulary::XAPI;
    let (list, pair) = (xapi.encoding.list, xapi.encoding.pair);
    let range = xapi.range.expect("xAPI writes numeric ranges");
    let kind = xapi.interaction_type(Kind::from(q.kind.value));
    let ids_of = |ids: Vec<&str>| ids.join(list);
    let (patterns, components): (Vec<String>, Components<'_>) = match q.kind.value {
        QuestionKind::Single | QuestionKind::Multiple => (
            vec![ids_of(q.choices.iter().filter(|c| c.correct).map(|c| c.id.as_str()).collect())],
            vec![("choices", q.choices.iter().map(|c| (c.id.value.clone(), c.text.value.clone())).collect())],
        ),
        QuestionKind::TrueFalse => {
            let right = q.answer.as_deref() == Some(&Answer::Boolean(true));
            (vec![(if right { xapi.encoding.yes } else { xapi.encoding.no }).to_string()], vec![])
        }
        QuestionKind::FillIn => (
            q.accept
                .iter()
                .map(|a| format!("{}{}", if q.case_sensitive { "{case_matters=true}" } else { "" }, a.value))
                .collect(),
            vec![],
        ),
        QuestionKind::Numeric => {
            let bounds = match (q.answer.as_deref(), &q.min, &q.max) {
                (Some(Answer::Number(n)), _, _) => format!("{n}{range}{n}"),
                (_, Some(min), Some(max)) => format!("{}{range}{}", min.value, max.value),
                _ => String::new(),
            };
            (vec![bounds], vec![])
        }
        QuestionKind::Matching => (
            vec![q.pairs.iter().map(|p| format!("{0}{pair}{0}", p.id.value)).collect::<Vec<_>>().join(list)],
            vec![
                ("source", q.pairs.iter().map(|p| (p.id.value.clone(), p.left.value.clone())).collect()),
                ("target", q.pairs.iter().map(|p| (p.id.value.clone(), p.right.value.clone())).collect()),
            ],
        ),
        QuestionKind::Ordering => (
            vec![ids_of(q.items.iter().map(|i| i.id.as_str()).collect())],
            // xAPI lists a sequencing interaction's items as `choices` (`steps` is for performance).
            vec![("choices", q.items.iter().map(|i| (i.id.value.clone(), i.text.value.clone())).collect())],
        ),
    };
    (kind, patterns, components)
}

/// `cmi5.xml`: the course and one AU per module.
fn write_cmi5(out: &mut dyn Write, ids: &Ids, course: &Course) -> std::io::Result<()> {
    let lang = course.language.as_str();
    let c = course.id();
    let text = |xml: &mut Doc<'_>, name: &str, value: &str| {
        xml.open(name, &[]);
        xml.text("langstring", &[("lang", lang)], value);
        xml.close(name);
    };
    let mut xml = Xml::new(out);
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
        xml.text("url", &[], &format!("{c}/{}", module.page_file_name()));
        xml.close("au");
    }
    xml.close("courseStructure");
    xml.finish()
}

impl Target for XapiTarget {
    fn name(&self) -> TargetName {
        match self.flavour {
            Flavour::TinCan => TargetName::Xapi,
            Flavour::Cmi5 => TargetName::Cmi5,
        }
    }

    fn package(&self, cx: &TargetContext<'_>, out: &mut Output) -> anyhow::Result<()> {
        let ids = Ids::new(&cx.path.settings.base_iri, &cx.path.settings.id);
        let adapter = match self.flavour {
            Flavour::TinCan => Adapter::TinCan,
            Flavour::Cmi5 => Adapter::Cmi5,
        };
        for course in &cx.path.courses {
            let mut plan = Plan::new(adapter);
            plan.add_course(course);
            match self.flavour {
                Flavour::TinCan => {
                    let home = cx.renderer.course_home(course, adapter)?;
                    plan.insert(format!("{}/index.html", course.id()), Content::Bytes(home.into_bytes()));
                    let write = |out: &mut dyn Write| write_tincan(out, &ids, course);
                    plan.insert("tincan.xml", Content::Written(Box::new(write)));
                }
                Flavour::Cmi5 => {
                    let write = |out: &mut dyn Write| write_cmi5(out, &ids, course);
                    plan.insert("cmi5.xml", Content::Written(Box::new(write)));
                }
            }
            out.zip(&package_name(course, self.name()), &plan, cx, cx.timestamp(course)?)?;
        }
        Ok(())
    }
}
