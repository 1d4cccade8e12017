//! The `web` target: the whole path as a static site for open access (the commons edition):
//! the path home and summary, every course home and module page, their files, and one shared
//! script and stylesheet. Links are relative, so the site can be served from any folder or
//! opened from the disk. Progress stays in the learner's browser (standalone adapter).

use super::{add_course, add_runtime, Output, Target, TargetContext, TargetName};
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
        add_runtime(&mut files, Adapter::Standalone);
        for (course, rendered) in project.courses.iter().zip(cx.rendered) {
            files.insert(
                format!("{}/index.html", course.id()),
                render::course_home(project, course, true)?.into_bytes(),
            );
            add_course(&mut files, course, rendered, true)?;
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
