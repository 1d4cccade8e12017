//! The `web` target: the whole path as a static site for open access (the commons edition):
//! the path home and summary, every course home and module page, their files, and one shared
//! script and stylesheet. Links are relative, so the site can be served from any folder or
//! opened from the disk. Progress stays in the learner's browser (standalone adapter).

use super::{Content, Output, Plan, Target, TargetContext, TargetName, WebLayout};
use crate::runtime::Adapter;

pub(crate) struct Web {
    pub layout: WebLayout,
}

impl Target for Web {
    fn name(&self) -> TargetName {
        TargetName::Web
    }

    fn package(&self, cx: &TargetContext<'_>, out: &mut Output) -> anyhow::Result<()> {
        let path = cx.path;
        let mut plan = Plan::new(Adapter::Standalone);
        plan.insert("index.html", Content::Bytes(cx.renderer.path_home()?.into_bytes()));
        plan.insert("summary.html", Content::Bytes(cx.renderer.path_summary()?.into_bytes()));
        for course in &path.courses {
            let home = cx.renderer.course_home(course, Adapter::Standalone)?;
            plan.insert(format!("{}/index.html", course.id()), Content::Bytes(home.into_bytes()));
            plan.add_course(course);
        }
        match self.layout {
            WebLayout::Folder => out.folder(&plan, cx),
            WebLayout::Zip => {
                // The newest course date: the web edition changes whenever one of its courses does.
                let latest = path.courses.iter().map(|c| c.source.date.value.as_str()).max().unwrap_or("1980-01-01");
                let moment = crate::package::timestamp(latest, cx.source_date_epoch)?;
                out.zip(&format!("{}-web.zip", path.settings.id), &plan, cx, moment)
            }
        }
    }
}
