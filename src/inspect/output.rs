//! The report: a verdict an LMS administrator understands first, then the findings; as text,
//! as JSON for CI, and a summary table when several packages are inspected.

use std::fmt::Write;

use serde_json::{json, Value};

use super::{Kind, Lang, Level, Lms, Report};

/// The verdict in one sentence.
pub fn verdict(report: &Report, lang: Lang) -> String {
    let fr = lang == Lang::Fr;
    let platform = match (report.lms, fr) {
        (Lms::Moodle, true) => " dans Moodle",
        (Lms::Moodle, false) => " into Moodle",
        (Lms::Generic, _) => "",
    };
    let first =
        |level: Level| report.findings.iter().find(|f| f.level == level).map(|f| f.message.get(lang).to_string());
    if report.kind == Kind::NotAPackage {
        let why = first(Level::Note).or_else(|| first(Level::Error)).unwrap_or_default();
        return if fr { format!("ne s'importera pas : {why}") } else { format!("will not import: {why}") };
    }
    let errors = || report.findings.iter().filter(|f| f.level == Level::Error);
    if let Some(blocking) = errors().find(|f| f.code.blocks_import()) {
        let why = blocking.message.get(lang);
        return if fr {
            format!("ne s'importera pas{platform} : {why}")
        } else {
            format!("will not import{platform}: {why}")
        };
    }
    if let Some(why) = first(Level::Error) {
        return if fr {
            format!("s'importera{platform} mais ne fonctionnera pas comme prévu : {why}")
        } else {
            format!("will import{platform} but will not work as intended: {why}")
        };
    }
    match (report.warnings(), fr) {
        (0, true) => format!("s'importera{platform} et suivra la progression"),
        (0, false) => format!("will import{platform} and track progress"),
        (n, true) => format!("s'importera{platform} et suivra la progression, avec {n} réserve(s) ci-dessous"),
        (n, false) => format!("will import{platform} and track progress, with {n} caveat(s) below"),
    }
}

fn description(report: &Report, lang: Lang) -> String {
    let mut words = report.kind.label();
    if matches!(report.kind, Kind::NotAPackage | Kind::Broken) {
        words = if lang == Lang::Fr { "paquet inutilisable".into() } else { "unusable package".into() };
    } else {
        let unit = if matches!(report.kind, Kind::Scorm12 | Kind::Scorm2004(_)) { "SCO" } else { "AU" };
        let unit = if report.kind == Kind::TinCan { "activité(s) lancée(s)" } else { unit };
        let unit = if report.kind == Kind::TinCan && lang == Lang::En { "launched activity(ies)" } else { unit };
        let _ = write!(words, ", {} {unit}", report.launchables);
    }
    if report.campus {
        words.push_str(", Campus");
    }
    words
}

/// One package as text.
pub fn text_report(report: &Report, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}: {}", report.package, description(report, lang));
    let _ = writeln!(out, "  verdict: {}", verdict(report, lang));
    for finding in &report.findings {
        let position = finding.position().map(|p| format!(" {p}:")).unwrap_or_else(|| ":".into());
        let _ = writeln!(out, "  {}[{}]{position} {}", finding.level.as_str(), finding.code, finding.message.get(lang));
        if let Some(fix) = &finding.fix {
            let word = if lang == Lang::Fr { "à faire" } else { "fix" };
            let _ = writeln!(out, "      {word}: {}", fix.get(lang));
        }
    }
    out
}

/// Several packages, one line each, for the end of the run.
pub fn summary_table(reports: &[Report], lang: Lang) -> String {
    let headers = if lang == Lang::Fr {
        ["paquet", "type", "erreurs", "avertissements", "verdict"]
    } else {
        ["package", "type", "errors", "warnings", "verdict"]
    };
    let rows: Vec<[String; 5]> = reports
        .iter()
        .map(|r| {
            let short = match (r.exit_code(), r.warnings(), lang) {
                (2, _, Lang::Fr) => "pas un paquet",
                (2, _, Lang::En) => "not a package",
                (1, _, Lang::Fr) => "ne fonctionnera pas",
                (1, _, Lang::En) => "will not work",
                (_, 0, Lang::Fr) => "fonctionnera",
                (_, 0, Lang::En) => "will work",
                (_, _, Lang::Fr) => "avec réserves",
                (_, _, Lang::En) => "with caveats",
            };
            [r.package.clone(), r.kind.label(), r.errors().to_string(), r.warnings().to_string(), short.to_string()]
        })
        .collect();
    let mut widths = headers.map(|h| h.chars().count());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let line = |out: &mut String, cells: &[String]| {
        let padded: Vec<String> = cells.iter().zip(widths).map(|(c, w)| format!("{c:<w$}")).collect();
        let _ = writeln!(out, "{}", padded.join("  ").trim_end());
    };
    line(&mut out, &headers.map(String::from));
    for row in &rows {
        line(&mut out, row);
    }
    out
}

/// Every package as one JSON document: `{"packages": [...], "exit_code": n}`.
pub fn json_report(reports: &[Report], lang: Lang) -> String {
    let packages: Vec<Value> = reports
        .iter()
        .map(|r| {
            let findings: Vec<Value> = r
                .findings
                .iter()
                .map(|f| {
                    json!({
                        "severity": f.level.as_str(),
                        "code": f.code.as_str(),
                        "file": f.file,
                        "line": if f.line > 0 { Some(f.line) } else { None },
                        "message": f.message.get(lang),
                        "fix": f.fix.as_ref().map(|t| t.get(lang)),
                    })
                })
                .collect();
            json!({
                "package": r.package,
                "kind": r.kind.label(),
                "campus": r.campus,
                "launchables": r.launchables,
                "exit_code": r.exit_code(),
                "verdict": verdict(r, lang),
                "xsd_validation": r.xsd_validation,
                "findings": findings,
            })
        })
        .collect();
    let exit = reports.iter().map(Report::exit_code).max().unwrap_or(0);
    let document = json!({ "language": lang.as_str(), "exit_code": exit, "packages": packages });
    serde_json::to_string_pretty(&document).unwrap_or_default() + "\n"
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// Every package as one self-contained HTML page, for an administrator to keep or forward.
pub fn html_report(reports: &[Report], lang: Lang) -> String {
    let fr = lang == Lang::Fr;
    let title = if fr { "Inspection de paquets e-learning" } else { "E-learning package inspection" };
    let headers = if fr {
        ["gravité", "code", "fichier", "problème", "à faire"]
    } else {
        ["severity", "code", "file", "problem", "fix"]
    };
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>\
body{{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;line-height:1.4}}\
table{{border-collapse:collapse;width:100%}}th,td{{border:1px solid #999;padding:.3rem .5rem;text-align:left;vertical-align:top}}\
.error{{color:#a00}}.warning{{color:#850}}.note{{color:#333}}</style>\n</head>\n<body>\n<h1>{title}</h1>\n",
        lang.as_str()
    );
    for report in reports {
        let _ = writeln!(out, "<section>\n<h2>{}</h2>", escape(&report.package));
        let _ = writeln!(out, "<p>{}</p>", escape(&description(report, lang)));
        let _ = writeln!(out, "<p><strong>{}</strong></p>", escape(&verdict(report, lang)));
        if !report.findings.is_empty() {
            let _ = writeln!(out, "<table>\n<tr>{}</tr>", headers.map(|h| format!("<th>{h}</th>")).concat());
            for finding in &report.findings {
                let level = finding.level.as_str();
                let shown = match (finding.level, lang) {
                    (Level::Error, Lang::Fr) => "erreur",
                    (Level::Warning, Lang::Fr) => "avertissement",
                    _ => level,
                };
                let _ = writeln!(
                    out,
                    "<tr><td class=\"{level}\">{shown}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    finding.code,
                    escape(&finding.position().unwrap_or_default()),
                    escape(finding.message.get(lang)),
                    escape(finding.fix.as_ref().map_or("", |fix| fix.get(lang)))
                );
            }
            out.push_str("</table>\n");
        }
        out.push_str("</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}
