//! Renders the pages of a checked path with the minijinja templates of `templates/` (embedded in
//! the binary, autoescape on). A target asks for each page when it writes it, so a build holds one
//! page at a time: module pages are a stream, never a collection.

mod blocks;
pub(crate) mod locale;
mod markdown;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use minijinja::value::Kwargs;
use minijinja::{context, Environment, State, Value};
use serde::Serialize;

use crate::model::{typography, Course, LearningPath, Module, Part};
use crate::runtime::page_data::{script_json, HomeData, ModuleData, PlayerData, PlayerModule, UiWords};
use crate::runtime::Adapter;
use blocks::BlockView;
use locale::Words;
pub(crate) use markdown::{inline_markdown, markdown_block};

/// The templates, embedded so that `campus` is one file to install.
pub(crate) const TEMPLATES: [(&str, &str); 7] = [
    ("player.html", include_str!("../../templates/player.html")),
    ("base.html", include_str!("../../templates/base.html")),
    ("path.html", include_str!("../../templates/path.html")),
    ("summary.html", include_str!("../../templates/summary.html")),
    ("course.html", include_str!("../../templates/course.html")),
    ("module.html", include_str!("../../templates/module.html")),
    ("blocks.html", include_str!("../../templates/blocks.html")),
];

/// Where every output puts things: the runtime at the root, each course in a folder of its id,
/// its pages and files inside. Pages link to the runtime through this prefix.
pub(crate) const ROOT_FROM_COURSE: &str = "../";

/// A template value from anything serialisable.
pub(crate) fn ser<T: Serialize>(value: T) -> Value {
    Value::from(minijinja::value::Serde(value))
}

/// `{name}` placeholders of a word filled with the keyword arguments: `ui.moved | fill(n=2)`.
fn fill(text: &str, values: &Kwargs) -> Result<String, minijinja::Error> {
    let mut filled = text.to_string();
    for name in values.args() {
        let value: Value = values.get(name)?;
        filled = filled.replace(&format!("{{{name}}}"), &value.to_string());
    }
    Ok(filled)
}

/// The language of the page being rendered (its `lang`), for the typography of its texts.
fn language(state: &State) -> String {
    state.lookup("lang").and_then(|lang| lang.as_str().map(str::to_string)).unwrap_or_default()
}

fn environment() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        for (name, source) in TEMPLATES {
            env.add_template(name, source).expect("the embedded templates are valid");
        }
        env.add_filter("inline", |state: &State, text: String| {
            Value::from_safe_string(inline_markdown(&text, &language(state)))
        });
        env.add_filter("markdown", |state: &State, text: String| {
            Value::from_safe_string(markdown_block(&text, &language(state)))
        });
        env.add_filter("typo", |state: &State, text: String| typography::typeset(&text, &language(state)));
        env.add_filter("plain", |text: String| markdown::plain_text(&text));
        env.add_filter("fill", |text: String, values: Kwargs| fill(&text, &values));
        env
    })
}

/// Renders the pages of one learning path.
pub(crate) struct Renderer<'a> {
    path: &'a LearningPath,
    /// The words each (language, adapter) ships, found once: every page of a kind ships the same.
    shipped: RefCell<BTreeMap<(String, Adapter), UiWords>>,
    /// The path's logo and short name at the top of every page (HTML; empty without either).
    brand: String,
}

impl<'a> Renderer<'a> {
    pub(crate) fn new(path: &'a LearningPath) -> Self {
        Self { path, shipped: RefCell::new(BTreeMap::new()), brand: brand(path) }
    }

    /// The words a page in `language` for `adapter`'s runtime ships.
    fn shipped(&self, language: &str, adapter: Adapter) -> UiWords {
        let key = (language.to_string(), adapter);
        let mut shipped = self.shipped.borrow_mut();
        shipped.entry(key).or_insert_with(|| Words::for_language(language).used_by(adapter.script())).clone()
    }

    /// The words of a page that is not a module's: those its adapter's `page` hook reads.
    fn home_words(language: &str, adapter: Adapter) -> UiWords {
        adapter.page_hook().map(|hook| Words::for_language(language).used_by(hook)).unwrap_or_default()
    }

    fn path_context(&self) -> Value {
        let settings = &self.path.settings;
        context! {
            title => ser(&settings.title),
            description => ser(&settings.description),
            publisher => ser(&settings.publisher),
            credits => ser(&settings.credits),
            accent => ser(&settings.accent_colour),
            brand => Value::from_safe_string(self.brand.clone()),
        }
    }

    /// The web edition's path home (`index.html`).
    pub(crate) fn path_home(&self) -> anyhow::Result<String> {
        self.path_page("path.html", "path-home")
    }

    /// The web edition's progress summary (`summary.html`).
    pub(crate) fn path_summary(&self) -> anyhow::Result<String> {
        self.path_page("summary.html", "path-summary")
    }

    fn path_page(&self, template: &str, kind: &'static str) -> anyhow::Result<String> {
        let settings = &self.path.settings;
        let words = Words::for_language(&settings.language);
        let courses: Vec<Value> = self
            .path
            .courses
            .iter()
            .map(|c| {
                context! {
                    id => c.id(),
                    href => format!("{}/index.html", c.id()),
                    title => ser(&c.source.title),
                    description => ser(&c.source.description),
                    modules => c.modules.len(),
                    duration => words.minutes(c.duration_minutes()),
                    list => module_list(c, words),
                }
            })
            .collect();
        let data = HomeData { kind, ns: &settings.id, ui: Self::home_words(&settings.language, Adapter::Standalone) };
        Ok(environment().get_template(template)?.render(context! {
            lang => ser(&settings.language),
            root => "",
            web => true,
            script => true,
            ui => ser(words),
            path => self.path_context(),
            courses => courses,
            licence => ser(&settings.licence),
            data => script_json(&data),
        })?)
    }

    /// A course's home page: in the web edition (standalone), with a link up to the path home;
    /// otherwise the launch page of a TinCan package, whose script carries the launch to modules.
    pub(crate) fn course_home(&self, course: &Course, adapter: Adapter) -> anyhow::Result<String> {
        let words = Words::for_language(&course.language);
        let data = HomeData {
            kind: "course-home",
            ns: &self.path.settings.id,
            ui: Self::home_words(&course.language, adapter),
        };
        Ok(environment().get_template("course.html")?.render(context! {
            lang => ser(&course.language),
            root => ROOT_FROM_COURSE,
            web => adapter == Adapter::Standalone,
            script => true,
            data => script_json(&data),
            ui => ser(words),
            path => self.path_context(),
            course => ser(&course.source),
            duration => words.minutes(course.duration_minutes()),
            modules => module_list(course, words),
            licence => ser(&course.licence),
        })?)
    }

    /// The launch page of a single-SCO package: the course's modules, one at a time, in a frame.
    pub(crate) fn player_page(&self, course: &Course) -> anyhow::Result<String> {
        let words = Words::for_language(&course.language);
        let modules: Vec<PlayerModule<'_>> = course
            .modules
            .iter()
            .map(|m| PlayerModule {
                assessed: m.front.assessed,
                href: m.page_file_name(),
                id: m.id(),
                title: &m.front.title,
            })
            .collect();
        let data = PlayerData { kind: "player", modules: &modules };
        Ok(environment().get_template("player.html")?.render(context! {
            lang => ser(&course.language),
            root => ROOT_FROM_COURSE,
            script => false,
            ui => ser(words),
            path => self.path_context(),
            course => ser(&course.source),
            modules => ser(&modules),
            data => script_json(&data),
        })?)
    }

    /// A module's page, for the runtime of `adapter`: the web edition's (standalone) links up to
    /// the course home; in an LMS package, the LMS does the navigation.
    pub(crate) fn module_page(&self, course: &Course, module: &Module, adapter: Adapter) -> anyhow::Result<String> {
        let words = Words::for_language(&course.language);
        let mut scales = Vec::new();
        let pages: Vec<Value> = module
            .pages
            .iter()
            .enumerate()
            .map(|(i, page)| {
                let parts: Vec<Value> = page
                    .parts
                    .iter()
                    .map(|part| match part {
                        Part::Html(html) => context! { html => html },
                        Part::Block(block) => context! {
                            block => ser(BlockView::new(course, &block.content, words).with_scale_headings(&mut scales))
                        },
                    })
                    .collect();
                context! { anchor => format!("p-{}", i + 1), title => ser(&page.title), parts => parts }
            })
            .collect();
        let advice = |text: &str| markdown_block(text, &course.language);
        let data = ModuleData::new(self.path, course, module, self.shipped(&course.language, adapter), advice);
        let dimensions: Vec<_> =
            course.source.dimensions.iter().filter(|d| data.dimensions.iter().any(|x| x.id == d.id.value)).collect();
        environment()
            .get_template("module.html")?
            .render(context! {
                lang => ser(&course.language),
                root => ROOT_FROM_COURSE,
                script => true,
                ui => ser(words),
                path => self.path_context(),
                // Only what module.html shows: the whole course (its list of N modules) on each of
                // its N pages made a build's time grow as N² (issue 15).
                course => context! { title => ser(&course.source.title) },
                module => ser(&module.front),
                mastery => course.mastery_score(module),
                duration => words.minutes(*module.front.duration_minutes),
                pages => pages,
                questions => data.questions.len(),
                dimensions => ser(&dimensions),
                licence => ser(&course.licence),
                data => script_json(&data),
                web => adapter == Adapter::Standalone,
                // The link up to the course home that only a TinCan launch shows (with its query).
                carry => adapter == Adapter::TinCan,
            })
            .map_err(|e| anyhow::anyhow!("rendering {}: {e:#}", module.file.display_path().display()))
    }
}

/// The logo (checked safe by the rules, inlined) and the short name, in the path's language.
fn brand(path: &LearningPath) -> String {
    let settings = &path.settings;
    let logo = path.logo.as_ref().and_then(|logo| crate::rules::inline_logo(logo.file.text(), &logo.alt).ok());
    let name = settings
        .short_name
        .as_ref()
        .map(|name| crate::rules::escape_html(&typography::typeset(name, &settings.language)));
    if logo.is_none() && name.is_none() {
        return String::new();
    }
    format!("<p class=\"brand\">{}{}</p>", logo.unwrap_or_default(), name.unwrap_or_default())
}

fn module_list(course: &Course, words: &Words) -> Vec<Value> {
    course
        .modules
        .iter()
        .map(|m| {
            context! {
                id => m.id(),
                href => m.page_file_name(),
                title => ser(&m.front.title),
                duration => words.minutes(*m.front.duration_minutes),
                assessed => m.front.assessed,
                objectives => ser(&m.front.objectives),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_filled_in() {
        let env = environment();
        let out = env.render_str("{{ 'Move up: {item}' | fill(item='*a* b' | plain) }}", ()).unwrap();
        assert_eq!(out, "Move up: a b");
    }
}
