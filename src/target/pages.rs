//! The `pages` target: each course's rendered pages as plain HTML documents (no player, no
//! tracking), with the files they use, for proofreading and as the base of the other targets.

use anyhow::Context;

use super::{package_name, Output, Target, TargetContext, TargetName};
use crate::package::{zip, Files};
use crate::render::STYLESHEET;

pub struct Pages;

impl Target for Pages {
    fn name(&self) -> TargetName {
        TargetName::Pages
    }

    fn package(&self, cx: &TargetContext<'_>) -> anyhow::Result<Vec<Output>> {
        let mut outputs = Vec::new();
        for (course, rendered) in cx.project.courses.iter().zip(cx.rendered) {
            let mut files = Files::new();
            files.insert("index.html".into(), rendered.home.clone().into_bytes());
            files.insert("campus.css".into(), STYLESHEET.as_bytes().to_vec());
            for (name, html) in &rendered.modules {
                files.insert(name.clone(), html.clone().into_bytes());
            }
            for module in &course.modules {
                for asset in &module.assets {
                    let content = std::fs::read(course.dir.join(asset))
                        .with_context(|| format!("reading {}", course.dir.join(asset).display()))?;
                    files.insert(asset.clone(), content);
                }
            }
            let name = package_name(course, TargetName::Pages);
            let bytes = zip(&files, cx.timestamp(course)?)?;
            outputs.push(Output { name, bytes });
        }
        Ok(outputs)
    }
}
