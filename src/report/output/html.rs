//! `report.html`: one self-contained page (inline CSS, SVG charts each followed by its data table,
//! no script, no external request) in the report's language, for readers who are not statisticians.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::OnceLock;

use minijinja::value::{Kwargs, Value};
use minijinja::{context, Environment};

use crate::report::analyse::{DimensionFigures, Figures, ItemFigures};
use crate::report::privacy::Figure;

const TEMPLATE: &str = include_str!("../../../templates/report/report.html");
const FRENCH: &str = include_str!("../../../templates/report/fr.toml");
const ENGLISH: &str = include_str!("../../../templates/report/en.toml");

/// Above this many learners, the learner × module table is left to the CSV and JSON files.
const LEARNER_ROWS_SHOWN: usize = 100;

/// The report's words in a language.
pub(crate) fn words(language: &str) -> BTreeMap<String, String> {
    let text = if language == "en" { ENGLISH } else { FRENCH };
    toml::from_str(text).expect("the report's words are valid TOML")
}

fn environment() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        env.add_template("report.html", TEMPLATE).expect("the report template is valid");
        env.add_filter("fill", |text: String, values: Kwargs| -> Result<String, minijinja::Error> {
            let mut filled = text;
            for name in values.args() {
                let value: Value = values.get(name)?;
                filled = filled.replace(&format!("{{{name}}}"), &value.to_string());
            }
            Ok(filled)
        });
        env
    })
}

/// How numbers, shares, durations and times are written in a language.
#[derive(Clone, Copy)]
struct Style {
    french: bool,
}

impl Style {
    fn count(self, n: u64) -> String {
        let digits = n.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(if self.french { '\u{202f}' } else { ',' });
            }
            out.push(c);
        }
        out
    }

    fn percent(self, x: f64) -> String {
        let p = x * 100.0;
        let text = if (p - p.round()).abs() < 0.05 { format!("{p:.0}") } else { format!("{p:.1}") };
        if self.french {
            format!("{}\u{202f}%", text.replace('.', ","))
        } else {
            format!("{text}%")
        }
    }

    fn decimal(self, x: f64, places: usize) -> String {
        let text = format!("{x:.places$}");
        let text = if text.starts_with('-') { text.replacen('-', "\u{2212}", 1) } else { text };
        if self.french {
            text.replace('.', ",")
        } else {
            text
        }
    }

    fn duration(self, seconds: u64) -> String {
        let (h, m, s) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
        let space = if self.french { "\u{a0}" } else { " " };
        match (h, m) {
            (0, 0) => format!("{s}{space}s"),
            (0, m) => format!("{m}{space}min"),
            (h, m) => format!("{h}{space}h{space}{m:02}{space}min"),
        }
    }

    fn when(self, iso: &str) -> String {
        match chrono::DateTime::parse_from_rfc3339(iso) {
            Ok(t) if self.french => t.format("%d/%m/%Y %H:%M").to_string(),
            Ok(t) => t.format("%Y-%m-%d %H:%M").to_string(),
            Err(_) => iso.to_string(),
        }
    }
}

/// A figure as text: "< K" when hidden, "—" when it cannot be computed.
fn shown<T: Copy>(figure: &Figure<Option<T>>, format: impl Fn(T) -> String) -> String {
    match figure {
        Figure::Shown(Some(v)) => format(*v),
        Figure::Shown(None) => "—".into(),
        Figure::Hidden(h) => format!("< {}", h.below),
    }
}

fn shown_count(figure: &Figure<u64>, style: Style) -> String {
    match figure {
        Figure::Shown(n) => style.count(*n),
        Figure::Hidden(h) => format!("< {}", h.below),
    }
}

/// Renders the page.
pub(crate) fn render(figures: &Figures) -> anyhow::Result<String> {
    let language = figures.about.language.as_str();
    let words = words(language);
    let style = Style { french: language != "en" };
    let view = View { figures, words: &words, style };
    let template = environment().get_template("report.html")?;
    let html = template.render(context! {
        lang => language,
        w => &words,
        k => figures.about.min_group,
        about => Value::from(minijinja::value::Serde(&figures.about)),
        summary => view.summary(),
        sources => view.sources(),
        courses => view.courses(),
        items => view.items(),
        diagnostics => view.diagnostics(),
        change => view.change(),
        cohorts => view.cohorts(),
        learners => view.learners(),
        learner_rows => figures.learners.len(),
        reflections => view.reflections(),
    })?;
    Ok(html)
}

struct View<'a> {
    figures: &'a Figures,
    words: &'a BTreeMap<String, String>,
    style: Style,
}

impl View<'_> {
    fn w(&self, key: &str) -> String {
        self.words.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    fn pct(&self, f: &Figure<Option<f64>>) -> String {
        shown(f, |x| self.style.percent(x))
    }

    fn summary(&self) -> Value {
        let s = &self.figures.summary;
        let period = match (&s.period_from, &s.period_to) {
            (Some(a), Some(b)) => format!("{} – {}", self.style.when(a), self.style.when(b)),
            _ => self.w("period_none"),
        };
        context! {
            learners => shown_count(&s.learners, self.style),
            completion_rate => self.pct(&s.completion_rate),
            pass_rate => self.pct(&s.pass_rate),
            median_time => shown(&s.median_time_s, |t| self.style.duration(t)),
            period => period,
        }
    }

    /// What each source gave, its counts written for people.
    fn sources(&self) -> Vec<Value> {
        let n = |x: u64| self.style.count(x);
        self.figures
            .sources
            .iter()
            .map(|s| {
                let skipped: Vec<Value> = s
                    .skipped
                    .iter()
                    .map(|k| context! { n => n(k.n), why => crate::report::ingest::statement::skip::shown(&k.why) })
                    .collect();
                context! {
                    source => &s.source, read => n(s.read), kept => n(s.kept), duplicate => n(s.duplicate),
                    voided => n(s.voided), lms => n(s.lms), skipped => skipped,
                }
            })
            .collect()
    }

    /// Each course: its funnel chart and its modules' rows.
    fn courses(&self) -> Vec<Value> {
        self.figures
            .funnels
            .iter()
            .map(|funnel| {
                let modules: Vec<Value> = self
                    .figures
                    .modules
                    .iter()
                    .filter(|m| m.course == funnel.course)
                    .map(|m| {
                        context! {
                            title => &m.title, id => &m.module, assessed => m.assessed, mastery => m.mastery,
                            started => shown_count(&m.started, self.style),
                            completed => shown_count(&m.completed, self.style),
                            passed => if m.assessed { shown_count(&m.passed, self.style) } else { "—".into() },
                            failed => if m.assessed { shown_count(&m.failed, self.style) } else { "—".into() },
                            completion_rate => self.pct(&m.completion_rate),
                            pass_rate => if m.assessed { self.pct(&m.pass_rate) } else { "—".into() },
                            median_time => shown(&m.median_time_s, |t| self.style.duration(t)),
                        }
                    })
                    .collect();
                let base = funnel.learners.shown().copied();
                let bars: Vec<Bar> = funnel
                    .steps
                    .iter()
                    .map(|s| Bar {
                        label: s.title.clone(),
                        values: vec![
                            (fraction(&s.started, base), shown_count(&s.started, self.style)),
                            (fraction(&s.completed, base), shown_count(&s.completed, self.style)),
                        ],
                    })
                    .collect();
                let caption = self.w("funnel_chart").replace("{course}", &funnel.title);
                let legend = [self.w("started"), self.w("completed")];
                context! {
                    id => &funnel.course, title => &funnel.title,
                    learners => shown_count(&funnel.learners, self.style),
                    chart => Value::from_safe_string(bar_chart(&caption, &bars, &legend, &format!("funnel-{}", funnel.course))),
                    modules => modules,
                }
            })
            .collect()
    }

    /// Questions, module by module.
    fn items(&self) -> Vec<Value> {
        let mut groups: Vec<(String, String, Vec<&ItemFigures>)> = Vec::new();
        for item in &self.figures.items {
            match groups.last_mut() {
                Some((c, m, list)) if *c == item.course && *m == item.module => list.push(item),
                _ => groups.push((item.course.clone(), item.module.clone(), vec![item])),
            }
        }
        groups
            .into_iter()
            .map(|(course, module, items)| {
                let title = self
                    .figures
                    .modules
                    .iter()
                    .find(|m| m.course == course && m.module == module)
                    .map_or(module.clone(), |m| m.title.clone());
                let bars: Vec<Bar> = items
                    .iter()
                    .map(|i| Bar {
                        label: i.item.clone(),
                        values: vec![(i.first_right.shown().copied().flatten(), self.pct(&i.first_right))],
                    })
                    .collect();
                let caption = self.w("items_chart").replace("{module}", &title);
                let rows: Vec<Value> = items.iter().map(|i| self.item(i)).collect();
                context! {
                    id => format!("{course}-{module}"), title => title,
                    chart => Value::from_safe_string(bar_chart(&caption, &bars, &[self.w("first_right")], &format!("items-{course}-{module}"))),
                    rows => rows,
                }
            })
            .collect()
    }

    fn item(&self, i: &ItemFigures) -> Value {
        let flags: Vec<String> = i
            .flags
            .iter()
            .map(|f| {
                let key = serde_json::to_value(f).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default();
                self.w(&format!("flag_{key}"))
            })
            .collect();
        let choices: Vec<Value> = i
            .choices
            .iter()
            .map(|c| {
                context! {
                    id => &c.choice, text => if c.text.is_empty() { c.choice.clone() } else { c.text.clone() },
                    correct => c.correct == Some(true),
                    picks => shown_count(&c.picks, self.style),
                    share => self.pct(&c.share),
                }
            })
            .collect();
        let dec = |f: &Figure<Option<f64>>| shown(f, |x| self.style.decimal(x, 2));
        context! {
            id => &i.item, prompt => &i.prompt, kind => &i.kind, assessed => i.assessed,
            learners => shown_count(&i.learners, self.style),
            answers => shown_count(&i.answers, self.style),
            first_right => self.pct(&i.first_right),
            last_right => self.pct(&i.last_right),
            discrimination => if i.assessed { dec(&i.discrimination) } else { "—".into() },
            upper_lower => if i.assessed { dec(&i.upper_lower) } else { "—".into() },
            flags => flags,
            choices => choices,
        }
    }

    fn diagnostics(&self) -> Vec<Value> {
        self.figures.diagnostics.iter().map(|d| self.dimension(d)).collect()
    }

    fn dimension(&self, d: &DimensionFigures) -> Value {
        let total = d.learners.shown().copied();
        let bars: Vec<Bar> = d
            .levels
            .iter()
            .map(|l| Bar {
                label: l.label.clone(),
                values: vec![(fraction(&l.learners, total), shown_count(&l.learners, self.style))],
            })
            .collect();
        let caption = self.w("levels_chart").replace("{dimension}", &d.label);
        let levels: Vec<Value> = d
            .levels
            .iter()
            .map(|l| context! { label => &l.label, from => l.from, learners => shown_count(&l.learners, self.style) })
            .collect();
        let bands: Vec<Value> = d
            .bands
            .iter()
            .map(|b| context! { from => b.from, to => b.to, learners => shown_count(&b.learners, self.style) })
            .collect();
        let one = |f: &Figure<Option<f64>>| shown(f, |x| self.style.decimal(x, 1));
        context! {
            id => format!("{}-{}", d.course, d.dimension), label => &d.label,
            learners => shown_count(&d.learners, self.style),
            mean_score => one(&d.mean_score),
            median_score => one(&d.median_score),
            chart => Value::from_safe_string(bar_chart(&caption, &bars, &[self.w("learners")], &format!("levels-{}-{}", d.course, d.dimension))),
            levels => levels,
            bands => bands,
        }
    }

    /// Before and after, every dimension in one chart and one table.
    fn change(&self) -> Value {
        let one = |f: &Figure<Option<f64>>| shown(f, |x| self.style.decimal(x, 1));
        let any = self.figures.diagnostics.iter().any(|d| !matches!(d.change.learners, Figure::Shown(0)));
        let rows: Vec<Value> = self
            .figures
            .diagnostics
            .iter()
            .map(|d| {
                let c = &d.change;
                let change = match &c.mean_change {
                    Figure::Shown(Some(x)) if *x > 0.0 => format!("+{}", self.style.decimal(*x, 1)),
                    f => one(f),
                };
                context! {
                    label => &d.label,
                    learners => shown_count(&c.learners, self.style),
                    first => one(&c.mean_first), latest => one(&c.mean_latest), change => change,
                    improved => shown_count(&c.improved, self.style),
                    declined => shown_count(&c.declined, self.style),
                    unchanged => shown_count(&c.unchanged, self.style),
                }
            })
            .collect();
        let score = |f: &Figure<Option<f64>>| (f.shown().copied().flatten().map(|x| x / 100.0), one(f));
        let bars: Vec<Bar> = self
            .figures
            .diagnostics
            .iter()
            .map(|d| Bar {
                label: d.label.clone(),
                values: vec![score(&d.change.mean_first), score(&d.change.mean_latest)],
            })
            .collect();
        let chart = bar_chart(&self.w("change_chart"), &bars, &[self.w("first"), self.w("latest")], "change");
        context! { any => any, rows => rows, chart => Value::from_safe_string(chart) }
    }

    fn cohorts(&self) -> Vec<Value> {
        self.figures
            .cohorts
            .iter()
            .map(|c| {
                context! {
                    label => c.cohort.clone().unwrap_or_else(|| self.w("no_cohort")),
                    learners => shown_count(&c.learners, self.style),
                    completion_rate => self.pct(&c.completion_rate),
                    pass_rate => self.pct(&c.pass_rate),
                    median_time => shown(&c.median_time_s, |t| self.style.duration(t)),
                }
            })
            .collect()
    }

    /// The learner × module rows of learners who started something, for small cohorts only.
    fn learners(&self) -> Option<Vec<Value>> {
        if self.figures.learners.learners() > LEARNER_ROWS_SHOWN {
            return None;
        }
        Some(
            self.figures
                .learners
                .iter()
                .filter(|r| r.status != crate::report::analyse::Status::NotStarted)
                .map(|r| {
                    let r = &r;
                    let who = match (&r.name, &r.email) {
                        (Some(n), _) => n.clone(),
                        (None, Some(e)) => e.clone(),
                        _ => r.learner.clone(),
                    };
                    let score = |s: Option<f64>| s.map_or("—".into(), |x| self.style.percent(x));
                    context! {
                        learner => who, cohort => &r.cohort, course => &r.course, module => &r.module,
                        status => self.w(r.status.as_str()),
                        best => score(r.best_score), last => score(r.last_score),
                        time => r.time_s.map_or("—".into(), |t| self.style.duration(t)),
                        sessions => r.sessions,
                        last_activity => r.last_activity.as_deref().map_or("—".into(), |t| self.style.when(t)),
                    }
                })
                .collect(),
        )
    }

    fn reflections(&self) -> Vec<Value> {
        self.figures
            .reflections
            .iter()
            .map(|r| context! { prompt => &r.prompt, learner => &r.learner, at => self.style.when(&r.at), text => &r.text })
            .collect()
    }
}

/// A count as a share of a base, for a bar (none when hidden or without a base).
#[allow(clippy::cast_precision_loss)]
fn fraction(figure: &Figure<u64>, base: Option<u64>) -> Option<f64> {
    match (figure, base) {
        (Figure::Shown(n), Some(b)) if b > 0 => Some(*n as f64 / b as f64),
        _ => None,
    }
}

/// A row of a bar chart: its label, and per series the bar's length (0–1) and its text.
struct Bar {
    label: String,
    values: Vec<(Option<f64>, String)>,
}

/// A horizontal bar chart: each row's label above its bars, a bar per series, the value at its end.
/// A hidden or missing value draws no bar. The data table follows the chart in the page.
fn bar_chart(caption: &str, bars: &[Bar], legend: &[String], id: &str) -> String {
    const WIDTH: f64 = 320.0;
    const BAR: f64 = 14.0;
    const LABEL: f64 = 18.0;
    const GAP: f64 = 10.0;
    let series = legend.len().max(1);
    #[allow(clippy::cast_precision_loss)]
    let row_height = LABEL + BAR * series as f64 + GAP;
    let legend_height = if series > 1 { 24.0 } else { 0.0 };
    #[allow(clippy::cast_precision_loss)]
    let height = legend_height + row_height * bars.len() as f64;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{id}-title" focusable="false"><title id="{id}-title">{}</title>"#,
        escape(caption)
    );
    if series > 1 {
        for (s, name) in legend.iter().enumerate() {
            #[allow(clippy::cast_precision_loss)]
            let x = s as f64 * 130.0;
            let _ = write!(
                svg,
                r#"<rect x="{x}" y="4" width="12" height="12" class="s{s}"/><text x="{}" y="15">{}</text>"#,
                x + 18.0,
                escape(name)
            );
        }
    }
    for (i, bar) in bars.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let y = legend_height + row_height * i as f64;
        let _ = write!(svg, r#"<text x="0" y="{}">{}</text>"#, y + 13.0, escape(&shorten(&bar.label, 44)));
        for (s, value) in bar.values.iter().enumerate() {
            #[allow(clippy::cast_precision_loss)]
            let top = y + LABEL + BAR * s as f64;
            match value {
                (Some(v), text) => {
                    let length = (WIDTH - 64.0) * v.clamp(0.0, 1.0);
                    let _ = write!(
                        svg,
                        r#"<rect x="0" y="{top}" width="{length:.1}" height="{}" class="s{s}"/><text x="{:.1}" y="{:.1}" class="value">{}</text>"#,
                        BAR - 2.0,
                        length + 4.0,
                        top + BAR - 3.0,
                        escape(text)
                    );
                }
                (None, text) => {
                    let _ =
                        write!(svg, r#"<text x="4" y="{:.1}" class="value">{}</text>"#, top + BAR - 3.0, escape(text));
                }
            }
        }
    }
    svg.push_str("</svg>");
    svg
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(max - 1).collect::<String>().trim_end())
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
