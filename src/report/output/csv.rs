//! The CSV files, one per table: RFC 4180 (`,`, decimal point, ISO 8601 times, UTF-8, CRLF), or
//! for French spreadsheets (`;`, decimal comma, `jj/mm/aaaa hh:mm`, a byte-order mark). A text cell
//! that a spreadsheet would take for a formula (starting with `=`, `+`, `-`, `@`, a tab or a
//! carriage return) is neutralised by a leading apostrophe.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

use crate::model::LearningPath;
use crate::report::analyse::Figures;
use crate::report::catalog::{BlockKind, Catalog};
use crate::report::privacy::Figure;
use crate::report::store::Store;
use crate::report::{time, CsvDialect, ReportOptions};

/// A cell.
pub(crate) enum Cell {
    Text(String),
    Int(u64),
    Num(f64),
    /// A time shown in the report's zone (ISO 8601 with offset).
    Time(String),
    Bool(bool),
    Empty,
    /// A hidden figure: "< K".
    Hidden(u32),
}

impl Cell {
    fn text(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    fn opt_text(s: Option<&str>) -> Cell {
        s.map_or(Cell::Empty, Cell::text)
    }

    fn opt_num(x: Option<f64>) -> Cell {
        x.map_or(Cell::Empty, Cell::Num)
    }

    fn opt_int(x: Option<u64>) -> Cell {
        x.map_or(Cell::Empty, Cell::Int)
    }
}

/// Figures as cells.
pub(crate) trait ToCell {
    fn cell(&self) -> Cell;
}

impl ToCell for Figure<u64> {
    fn cell(&self) -> Cell {
        match self {
            Figure::Shown(n) => Cell::Int(*n),
            Figure::Hidden(h) => Cell::Hidden(h.below),
        }
    }
}

impl ToCell for Figure<Option<u64>> {
    fn cell(&self) -> Cell {
        match self {
            Figure::Shown(n) => Cell::opt_int(*n),
            Figure::Hidden(h) => Cell::Hidden(h.below),
        }
    }
}

impl ToCell for Figure<Option<f64>> {
    fn cell(&self) -> Cell {
        match self {
            Figure::Shown(x) => Cell::opt_num(*x),
            Figure::Hidden(h) => Cell::Hidden(h.below),
        }
    }
}

/// Writes rows in a dialect.
pub(crate) struct Table<W: Write> {
    out: W,
    dialect: CsvDialect,
}

impl<W: Write> Table<W> {
    pub(crate) fn new(mut out: W, dialect: CsvDialect, header: &[&str]) -> anyhow::Result<Table<W>> {
        if dialect == CsvDialect::ExcelFr {
            out.write_all("\u{feff}".as_bytes())?;
        }
        let mut table = Table { out, dialect };
        table.row(header.iter().map(|h| Cell::text(h)).collect())?;
        Ok(table)
    }

    pub(crate) fn row(&mut self, cells: Vec<Cell>) -> anyhow::Result<()> {
        let separator = if self.dialect == CsvDialect::ExcelFr { ';' } else { ',' };
        let mut line = String::new();
        for (i, cell) in cells.into_iter().enumerate() {
            if i > 0 {
                line.push(separator);
            }
            let text = self.format(cell);
            if text.contains([separator, '"', '\n', '\r']) {
                line.push('"');
                line.push_str(&text.replace('"', "\"\""));
                line.push('"');
            } else {
                line.push_str(&text);
            }
        }
        line.push_str("\r\n");
        self.out.write_all(line.as_bytes())?;
        Ok(())
    }

    fn format(&self, cell: Cell) -> String {
        let french = self.dialect == CsvDialect::ExcelFr;
        match cell {
            Cell::Text(text) => neutralise(text),
            Cell::Int(n) => n.to_string(),
            Cell::Num(x) if french => x.to_string().replace('.', ","),
            Cell::Num(x) => x.to_string(),
            Cell::Time(t) if french => time::excel_fr(&t),
            Cell::Time(t) => t,
            Cell::Bool(b) => b.to_string(),
            Cell::Empty => String::new(),
            Cell::Hidden(k) => format!("< {k}"),
        }
    }
}

/// A text cell a spreadsheet would run as a formula, made inert with a leading apostrophe.
pub(crate) fn neutralise(text: String) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text
    }
}

/// Writes every table; returns the files.
pub(crate) fn write(
    figures: &Figures,
    store: &Store,
    path: &LearningPath,
    options: &ReportOptions,
) -> anyhow::Result<Vec<PathBuf>> {
    let d = options.csv;
    let dir = &options.out;
    let mut files = Vec::new();
    let mut table = |name: &str, fill: &dyn Fn(&mut dyn Write) -> anyhow::Result<()>| -> anyhow::Result<()> {
        let file = dir.join(name);
        super::atomically(&file, |out| fill(out))?;
        files.push(file);
        Ok(())
    };
    table("learners.csv", &|out| learners(figures, out, d))?;
    table("modules.csv", &|out| modules(figures, out, d))?;
    table("items.csv", &|out| items(figures, out, d))?;
    table("choices.csv", &|out| choices(figures, out, d))?;
    table("diagnostics.csv", &|out| diagnostics(figures, out, d))?;
    table("cohorts.csv", &|out| cohorts(figures, out, d))?;
    table("sources.csv", &|out| sources(figures, out, d))?;
    if options.include_reflections {
        table("reflections.csv", &|out| reflections(figures, out, d))?;
    }
    let catalog = Catalog::new(path);
    table("answers.csv", &|out| answers(store, &catalog, options, out))?;
    Ok(files)
}

fn learners(figures: &Figures, out: &mut dyn Write, d: CsvDialect) -> anyhow::Result<()> {
    let identify = figures.about.identified;
    let mut header = vec!["learner"];
    if identify {
        header.extend(["name", "email"]);
    }
    header.extend([
        "cohort",
        "course",
        "module",
        "status",
        "verdict",
        "best_score",
        "last_score",
        "time_s",
        "sessions",
        "last_activity",
    ]);
    let mut t = Table::new(out, d, &header)?;
    for r in figures.learners.iter() {
        let mut cells = vec![Cell::text(&r.learner)];
        if identify {
            cells.extend([Cell::opt_text(r.name.as_deref()), Cell::opt_text(r.email.as_deref())]);
        }
        cells.extend([
            Cell::opt_text(r.cohort.as_deref()),
            Cell::text(&r.course),
            Cell::text(&r.module),
            Cell::text(r.status.as_str()),
            Cell::opt_text(r.verdict.map(|v| match v {
                crate::report::analyse::VerdictOrigin::Recorded => "recorded",
                crate::report::analyse::VerdictOrigin::Recomputed => "recomputed",
            })),
            Cell::opt_num(r.best_score),
            Cell::opt_num(r.last_score),
            Cell::opt_int(r.time_s),
            Cell::Int(r.sessions),
            r.last_activity.clone().map_or(Cell::Empty, Cell::Time),
        ]);
        t.row(cells)?;
    }
    Ok(())
}

fn modules(figures: &Figures, out: &mut dyn Write, d: CsvDialect) -> anyhow::Result<()> {
    let mut t = Table::new(
        out,
        d,
        &[
            "course",
            "module",
            "title",
            "assessed",
            "mastery",
            "started",
            "completed",
            "passed",
            "failed",
            "completion_rate",
            "pass_rate",
            "median_time_s",
        ],
    )?;
    for m in &figures.modules {
        t.row(vec![
            Cell::text(&m.course),
            Cell::text(&m.module),
            Cell::text(&m.title),
            Cell::Bool(m.assessed),
            Cell::opt_int(m.mastery.map(u64::from)),
            m.started.cell(),
            m.completed.cell(),
            m.passed.cell(),
            m.failed.cell(),
            m.completion_rate.cell(),
            m.pass_rate.cell(),
            m.median_time_s.cell(),
        ])?;
    }
    Ok(())
}

fn items(figures: &Figures, out: &mut dyn Write, d: CsvDialect) -> anyhow::Result<()> {
    let mut t = Table::new(
        out,
        d,
        &[
            "course",
            "module",
            "item",
            "kind",
            "prompt",
            "assessed",
            "learners",
            "answers",
            "first_right",
            "last_right",
            "discrimination",
            "upper_lower",
            "flags",
        ],
    )?;
    for i in &figures.items {
        let flags: Vec<String> = i
            .flags
            .iter()
            .map(|f| serde_json::to_value(f).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default())
            .collect();
        t.row(vec![
            Cell::text(&i.course),
            Cell::text(&i.module),
            Cell::text(&i.item),
            Cell::text(&i.kind),
            Cell::text(&i.prompt),
            Cell::Bool(i.assessed),
            i.learners.cell(),
            i.answers.cell(),
            i.first_right.cell(),
            i.last_right.cell(),
            i.discrimination.cell(),
            i.upper_lower.cell(),
            Cell::Text(flags.join(" ")),
        ])?;
    }
    Ok(())
}

fn choices(figures: &Figures, out: &mut dyn Write, d: CsvDialect) -> anyhow::Result<()> {
    let mut t = Table::new(out, d, &["course", "module", "item", "choice", "text", "correct", "picks", "share"])?;
    for i in &figures.items {
        for c in &i.choices {
            t.row(vec![
                Cell::text(&i.course),
                Cell::text(&i.module),
                Cell::text(&i.item),
                Cell::text(&c.choice),
                Cell::text(&c.text),
                c.correct.map_or(Cell::Empty, Cell::Bool),
                c.picks.cell(),
                c.share.cell(),
            ])?;
        }
    }
    Ok(())
}

/// One row per figure of a dimension (long format: levels differ from one dimension to another).
fn diagnostics(figures: &Figures, out: &mut dyn Write, d: CsvDialect) -> anyhow::Result<()> {
    let mut t = Table::new(out, d, &["course", "dimension", "label", "figure", "value"])?;
    for dim in &figures.diagnostics {
        let mut row = |figure: String, value: Cell| {
            t.row(vec![
                Cell::text(&dim.course),
                Cell::text(&dim.dimension),
                Cell::text(&dim.label),
                Cell::Text(figure),
                value,
            ])
        };
        row("learners".into(), dim.learners.cell())?;
        row("mean_score".into(), dim.mean_score.cell())?;
        row("median_score".into(), dim.median_score.cell())?;
        for b in &dim.bands {
            row(format!("band {}-{}", b.from, b.to), b.learners.cell())?;
        }
        for l in &dim.levels {
            row(format!("level {}: {}", l.from, l.label), l.learners.cell())?;
        }
        let c = &dim.change;
        row("change learners".into(), c.learners.cell())?;
        row("change mean_first".into(), c.mean_first.cell())?;
        row("change mean_latest".into(), c.mean_latest.cell())?;
        row("change mean_change".into(), c.mean_change.cell())?;
        row("change improved".into(), c.improved.cell())?;
        row("change declined".into(), c.declined.cell())?;
        row("change unchanged".into(), c.unchanged.cell())?;
    }
    Ok(())
}

fn cohorts(figures: &Figures, out: &mut dyn Write, d: CsvDialect) -> anyhow::Result<()> {
    let mut t = Table::new(out, d, &["cohort", "learners", "completion_rate", "pass_rate", "median_time_s"])?;
    for c in &figures.cohorts {
        t.row(vec![
            Cell::opt_text(c.cohort.as_deref()),
            c.learners.cell(),
            c.completion_rate.cell(),
            c.pass_rate.cell(),
            c.median_time_s.cell(),
        ])?;
    }
    Ok(())
}

fn sources(figures: &Figures, out: &mut dyn Write, d: CsvDialect) -> anyhow::Result<()> {
    let mut t = Table::new(out, d, &["source", "what", "n"])?;
    for s in &figures.sources {
        let counts = [
            ("read", s.read),
            ("kept", s.kept),
            ("duplicate", s.duplicate),
            ("voided", s.voided),
            ("voiding", s.voiding),
            ("lms", s.lms),
        ];
        for (what, n) in counts {
            t.row(vec![Cell::text(&s.source), Cell::text(what), Cell::Int(n)])?;
        }
        for skipped in &s.skipped {
            t.row(vec![Cell::text(&s.source), Cell::Text(format!("skipped: {}", skipped.why)), Cell::Int(skipped.n)])?;
        }
    }
    Ok(())
}

fn reflections(figures: &Figures, out: &mut dyn Write, d: CsvDialect) -> anyhow::Result<()> {
    let mut t = Table::new(out, d, &["course", "module", "reflection", "prompt", "learner", "at", "text"])?;
    for r in &figures.reflections {
        t.row(vec![
            Cell::text(&r.course),
            Cell::text(&r.module),
            Cell::text(&r.reflection),
            Cell::text(&r.prompt),
            Cell::text(&r.learner),
            Cell::Time(r.at.clone()),
            Cell::text(&r.text),
        ])?;
    }
    Ok(())
}

/// One row per answer, straight from the database (reflections only when shared and asked for).
fn answers(store: &Store, catalog: &Catalog, options: &ReportOptions, out: &mut dyn Write) -> anyhow::Result<()> {
    let zone = time::zone(options.tz.as_deref())?;
    let identify = options.identify;
    let mut header = vec!["learner"];
    if identify {
        header.extend(["name", "email"]);
    }
    header.extend(["course", "module", "item", "kind", "at", "success", "response", "duration_s", "registration"]);
    let mut t = Table::new(out, options.csv, &header)?;
    let mut names: HashMap<String, (Option<String>, Option<String>)> = HashMap::new();
    if identify {
        let mut statement = store.connection().prepare("SELECT learner, name, email FROM learners")?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            names.insert(row.get(0)?, (row.get(1)?, row.get(2)?));
        }
    }
    let mut statement = store.connection().prepare(crate::report::items::ANSWERS)?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let (course, module, learner, block): (String, String, String, String) =
            (row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?);
        let Some(m) = catalog.module(&course, &module) else { continue };
        let Some(b) = catalog.block(m, &block) else { continue };
        let kind = match &catalog.modules[m].blocks[b].kind {
            BlockKind::Question(q) => q.kind.label_id(),
            BlockKind::Statement { .. } => "diagnostic",
            BlockKind::Reflection { share, .. } if *share && options.include_reflections => "reflection",
            BlockKind::Reflection { .. } => continue,
        };
        let at: String = row.get(4)?;
        let success: Option<bool> = row.get(5)?;
        let response: Option<String> = row.get(6)?;
        let duration: Option<i64> = row.get(7)?;
        let registration: Option<String> = row.get(8)?;
        let mut cells = vec![Cell::Text(learner.clone())];
        if identify {
            let (name, email) = names.get(&learner).cloned().unwrap_or_default();
            cells.extend([Cell::opt_text(name.as_deref()), Cell::opt_text(email.as_deref())]);
        }
        #[allow(clippy::cast_precision_loss)]
        let seconds = duration.map(|ms| (ms as f64 / 100.0).round() / 10.0);
        cells.extend([
            Cell::Text(course),
            Cell::Text(module),
            Cell::Text(block),
            Cell::text(kind),
            Cell::Time(time::local(&at, zone)?),
            success.map_or(Cell::Empty, Cell::Bool),
            Cell::opt_text(response.as_deref()),
            Cell::opt_num(seconds),
            Cell::opt_text(registration.as_deref()),
        ]);
        t.row(cells)?;
    }
    Ok(())
}

/// Reads a file written by [`Table`] back into rows of text (tests: what a spreadsheet reads).
#[cfg(test)]
pub(crate) fn read_back(text: &str, dialect: CsvDialect) -> Vec<Vec<String>> {
    let separator = if dialect == CsvDialect::ExcelFr { ';' } else { ',' };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            '"' => quoted = !quoted,
            c if c == separator && !quoted => row.push(std::mem::take(&mut field)),
            '\r' if !quoted && chars.peek() == Some(&'\n') => {}
            '\n' if !quoted => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            c => field.push(c),
        }
    }
    rows
}
