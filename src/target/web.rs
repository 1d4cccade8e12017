//! The `web` target: the whole path as a static site for open access (the commons edition):
//! the path home and summary, every course home and module page, their files, and one shared
//! script and stylesheet. Links are relative, so the site can be served from any folder or
//! opened from the disk. Progress stays in the learner's browser (standalone adapter).

use anyhow::Context;

use super::{Output, Target, TargetContext, TargetName};
use crate::package::{zip, Files};
use crate::render::{self, Adapter};

pub struct Web;

impl Target for Web {
    fn name(&self) -> TargetName {
        TargetName::Web
    }

    fn package(&self, cx: &TargetContext<'_>) -> anyhow::Result<Vec<Output>> {
        let project = cx.project;
        let mut files = Files::new();
        let (home, summary) = render::path_pages(project)?;
        files.insert("index.html".into(), home.into_bytes());
        files.insert("summary.html".into(), summary.into_bytes());
        files.insert("campus.css".into(), render::STYLESHEET.as_bytes().to_vec());
        files.insert("campus.js".into(), render::runtime_script(Adapter::Standalone).into_bytes());
        for (course, rendered) in project.courses.iter().zip(cx.rendered) {
            let dir = course.id();
            files.insert(format!("{dir}/index.html"), render::course_home(project, course, true)?.into_bytes());
            for module in &rendered.modules {
                files.insert(format!("{dir}/{}", module.file_name), module.web.clone().into_bytes());
            }
            for asset in course.modules.iter().flat_map(|m| &m.assets) {
                let source = course.dir.join(asset);
                let content = std::fs::read(&source).with_context(|| format!("reading {}", source.display()))?;
                files.insert(format!("{dir}/{asset}"), content);
            }
        }
        if cx.zip {
            let moment = crate::package::timestamp(&latest_date(cx), cx.source_date_epoch)?;
            let name = format!("{}-web.zip", project.settings.id);
            return Ok(vec![Output { name, bytes: zip(&files, moment)? }]);
        }
        Ok(files.into_iter().map(|(name, bytes)| Output { name, bytes }).collect())
    }
}

/// The newest course date: the web edition changes whenever one of its courses does.
fn latest_date(cx: &TargetContext<'_>) -> String {
    cx.project.courses.iter().map(|c| c.source.date.value.clone()).max().unwrap_or_else(|| "1980-01-01".into())
}
