//! The `campus` command line: parse, call the library, print, choose the exit code.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use campus::{
    BuildOptions, CheckedPath, CsvDialect, Diagnostics, MoodleAttempts, ReportFormat, ReportOptions, ReportOutcome,
    SchemaKind, ScoLayout, Scorm2004Edition, Severity, TargetName, TargetOptions, WebLayout,
};

/// Exit codes: 0 success, 1 invalid sources, 2 usage or I/O error.
const INVALID: u8 = 1;
const FAILURE: u8 = 2;

#[derive(Parser)]
#[command(
    name = "campus",
    version,
    about = "Compile a learning path written as text files into e-learning packages.",
    long_about = "Compile a learning path written as text files (course.toml and Markdown modules) into \
e-learning packages that LMSs import.\n\nSources live in a path folder (default `courses`) holding \
path.toml and one folder per course. Every problem in them is reported at once, with its file, line \
and a hint.\n\nExit codes: 0 success, 1 invalid sources, 2 usage or I/O error (`campus inspect`: 1 a \
package has errors, 2 not a package).",
    after_help = "Examples:\n  campus validate                 check every course under ./courses\n  campus build --target web       write the web edition to dist/web/\n  campus new courses/my-course    start a new course from a working example\n  campus schema course            print the JSON Schema of course.toml\n  campus inspect package.zip      will this package import into an LMS and track progress?"
)]
struct Cli {
    #[command(flatten)]
    output: Output,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args)]
struct Output {
    /// Print only errors (and warnings that fail the run)
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print what is loaded and written, step by step
    #[arg(short, long, global = true)]
    verbose: bool,
    /// The language of messages (fr or en; else LC_ALL, LC_MESSAGES or LANG, else the sources'),
    /// and of a report (else the path's)
    #[arg(long, global = true, value_parser = ["fr", "en"])]
    lang: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Check the sources and report every problem at once
    #[command(
        after_help = "With --watch, the sources are checked again each time a file of the folder is saved (its \
files' modification times are read twice a second), until Ctrl-C: for editors without a language server \
(see `campus lsp`).\n\nWith --message-format json, each diagnostic is one line of JSON on stdout: code, \
severity, file, line, column, end {line, column}, message, hints, labels (lines and columns from 1, in \
characters; the end column is excluded; line 0 is the whole file).\n\nExamples:\n  campus validate\n  \
campus validate courses/comprendre\n  campus validate --deny-warnings\n  campus validate --watch courses/comprendre\n  \
campus validate --message-format json > diagnostics.jsonl"
    )]
    Validate {
        /// The path folder (with path.toml) or one course folder (with course.toml)
        #[arg(default_value = "courses")]
        path: PathBuf,
        /// Fail (exit 1) on warnings too
        #[arg(long)]
        deny_warnings: bool,
        /// Check again on every save, until Ctrl-C
        #[arg(long)]
        watch: bool,
        /// `human` (rustc style, on stderr) or `json` (one object a line, on stdout)
        #[arg(long, value_enum, default_value = "human")]
        message_format: DiagnosticFormat,
    },
    /// Validate, render and write the packages of every course
    #[command(after_help = "Each target writes under OUT/<target>/, one package per course named \
<course-id>-<version>-<target>.zip. Packages are byte-for-byte reproducible: their timestamps come from \
the course `date`, or from SOURCE_DATE_EPOCH when it is set. Nothing is written when the sources have \
errors.\n\nExamples:\n  campus build\n  campus build courses/comprendre --target web --out /tmp/out\n  campus build --target scorm12 --target scorm2004 --edition 3\n  campus build --target web --zip")]
    Build {
        /// The path folder (with path.toml) or one course folder (with course.toml)
        #[arg(default_value = "courses")]
        path: PathBuf,
        /// A target to build; repeat for several. All targets when absent
        #[arg(short, long = "target", value_enum)]
        targets: Vec<TargetName>,
        /// The output folder
        #[arg(short, long, default_value = "dist")]
        out: PathBuf,
        /// Fail (exit 1) on warnings too
        #[arg(long)]
        deny_warnings: bool,
        /// Write the web edition as one zip instead of a folder
        #[arg(long)]
        zip: bool,
        /// The SCORM 2004 edition to write: 4 (64,000 characters of state) or 3 (4,000)
        #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u8).range(3..=4))]
        edition: u8,
        /// Pack each SCORM course as one SCO (a course player shows the modules) instead of one SCO per module
        #[arg(long)]
        single_sco: bool,
        /// `human` (rustc style, on stderr) or `json` (one object a line, on stdout)
        #[arg(long, value_enum, default_value = "human")]
        message_format: DiagnosticFormat,
    },
    /// Serve the language server protocol on stdin and stdout, for editors
    #[command(
        long_about = "Serve the language server protocol (LSP 3.17) on stdin and stdout, for editors: \
the diagnostics of `campus validate` while you type (the open course is checked with the editor's \
unsaved buffers, path.toml included), completion of learning blocks and of keys, documentation on hover, \
and quick fixes for every \"did you mean\". The editor starts it; the README shows how to configure \
Neovim, Helix, Emacs, Zed and VS Code.",
        after_help = "Examples:\n  campus lsp    (started by the editor, which talks to it on stdin and stdout)"
    )]
    Lsp,
    /// Create a new course folder with one working example of every learning block
    #[command(
        after_help = "Examples:\n  campus new courses/my-course\n  campus new courses/agir --id agir --title \"Agir en coalition\"\n\nThen add the folder to `courses` in path.toml.\n\nThe first line of course.toml, `#:schema …`, points TOML \
editors at the JSON Schemas: those of the nearest `schemas/` folder above the course, else schemas written \
now into `schemas/` beside path.toml (or beside the new course when no path.toml is above)."
    )]
    New {
        /// The folder to create (it must not exist, or be empty)
        dir: PathBuf,
        /// The course id (default: from the folder name)
        #[arg(long)]
        id: Option<String>,
        /// The course title
        #[arg(long)]
        title: Option<String>,
    },
    /// Check packages made by any tool before importing them into an LMS
    #[command(
        long_about = "Check SCORM 1.2, SCORM 2004, TinCan and cmi5 packages (zips made by Campus or by any \
other tool) before they are imported into an LMS, and say in plain words whether each will import and \
track progress.\n\nThe zip is checked first (names escaping the root, symbolic links, duplicate names, \
names differing only by case, zip bombs, the manifest at the root), then the manifest's structure \
(identifiers, references, launch files, listed files, scores, titles), then, with --lms moodle, what Moodle 4.4 \
is known to refuse. It never extracts a package, inflates at most 8 MiB a file and 32 MiB a package whatever the headers \
claim, and refuses XML with a DOCTYPE. \
Manifests and cmi5.xml are validated against the official XSDs, which are built in (never fetched), and \
SCORM 2004 sequencing is checked for what cannot be delivered; a campus built without its `xsd` feature \
says the XSD validation was skipped.\n\nMessages are in French with `--lang fr`, or when LC_ALL, LC_MESSAGES or LANG \
(the first one set) starts with `fr`, in English otherwise. Codes (P001…) are documented in docs/inspect.md.\n\n\
Exit codes: 0 every package will work (possibly with warnings), 1 a package has errors, 2 a file is not \
a package (or cannot be read); with several packages, the highest.",
        after_help = "Examples:\n  campus inspect course.zip\n  campus inspect --lms moodle --max-upload 64M dist/scorm2004/*.zip\n  campus inspect --message-format json package.zip > report.json\n  campus inspect --lms moodle --format html *.zip > report.html"
    )]
    Inspect {
        /// The package files (.zip)
        #[arg(required = true)]
        packages: Vec<PathBuf>,
        /// The LMS whose known behaviours are checked too
        #[arg(long, value_enum, default_value = "generic")]
        lms: campus::inspect::Lms,
        /// The largest file the LMS accepts, in bytes or with K, M or G (checked with --lms moodle)
        #[arg(long, default_value = "2M", value_parser = parse_size)]
        max_upload: u64,
        /// `human` (a verdict per package, then its findings), `json` (one document, for CI) or
        /// `html` (one page to keep or forward)
        #[arg(long, alias = "format", value_enum, default_value = "human")]
        message_format: MessageFormat,
    },
    /// Print the JSON Schema of a source file kind, or write them all
    #[command(after_help = "Editors with TOML support (e.g. Even Better TOML, taplo) complete and check \
course.toml when its first line points at the schema:\n  #:schema ../../schemas/course.schema.json\n\n\
Examples:\n  campus schema course\n  campus schema --write schemas")]
    Schema {
        /// Which schema to print
        #[arg(value_enum, required_unless_present = "write")]
        kind: Option<SchemaKind>,
        /// Write every schema into this folder instead
        #[arg(long, value_name = "DIR")]
        write: Option<PathBuf>,
    },
    /// Read learners' records back and write the evaluators' report
    #[command(
        long_about = "Read learners' records back and write the evaluators' report: who started, \
completed and passed which module, where learners drop out, which questions work, and the \
self-diagnostic profiles before and after.\n\nRecords come from an LRS (--lrs), from files of xAPI \
statements (--statements) or from Moodle's SCORM report downloads (--moodle); they are kept in a local \
SQLite database (--db), so a record read twice counts once and the next pull from an LRS reads only \
what is new. The report covers everything the database holds.\n\nLearners are pseudonymised with a \
keyed hash (secret from CAMPUS_REPORT_SECRET or --secret-file, else one kept in the database); \
figures over fewer than --min-group learners are hidden. Pseudonymised data is still personal data \
under the RGPD.\n\nExit codes: 0 report written, 1 no record of this path found (or invalid sources), \
2 usage, network or authentication error.",
        after_help = "LRS credentials come from CAMPUS_LRS_USER and CAMPUS_LRS_PASSWORD, or from --auth-file \
(one line `user:password`); HTTPS_PROXY and NO_PROXY are honoured.\n\nExamples:\n  \
campus report --statements export.json\n  \
CAMPUS_LRS_USER=key CAMPUS_LRS_PASSWORD=secret campus report --lrs https://lrs.example.org/xapi/\n  \
campus report --moodle basic.csv interactions.csv --tz Europe/Paris --csv excel-fr"
    )]
    Report(Box<ReportArgs>),
}

#[derive(Args)]
struct ReportArgs {
    /// The path folder (with path.toml) or one course folder: titles, modules, right answers
    #[arg(default_value = "courses")]
    path: PathBuf,
    /// An LRS's xAPI endpoint to pull the path's statements from
    #[arg(long, value_name = "URL")]
    lrs: Option<String>,
    /// Pull only statements stored after this time (RFC 3339); by default, after the last pull
    #[arg(long, value_name = "TIME", requires = "lrs")]
    since: Option<String>,
    /// Pull only statements stored before this time (RFC 3339)
    #[arg(long, value_name = "TIME", requires = "lrs")]
    until: Option<String>,
    /// Statements asked per page of the LRS
    #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u32).range(1..))]
    page_size: u32,
    /// A file holding the LRS credentials as `user:password`
    #[arg(long, value_name = "FILE")]
    auth_file: Option<PathBuf>,
    /// Files of xAPI statements: a JSON array, JSON Lines, or saved {"statements":[…],"more":…} pages
    #[arg(long, value_name = "FILE", num_args = 1..)]
    statements: Vec<PathBuf>,
    /// Moodle SCORM report downloads: Basic or Interactions report, as text, ODS or Excel
    #[arg(long, value_name = "FILE", num_args = 1..)]
    moodle: Vec<PathBuf>,
    /// Which Moodle attempt counts for a module
    #[arg(long, value_enum, default_value = "best")]
    moodle_attempts: MoodleAttempts,
    /// The database of records (default OUT/report.db)
    #[arg(long, value_name = "FILE")]
    db: Option<PathBuf>,
    /// The output folder
    #[arg(short, long, default_value = "report")]
    out: PathBuf,
    /// The formats to write
    #[arg(long, value_enum, value_delimiter = ',', default_value = "html,csv,json")]
    format: Vec<ReportFormat>,
    /// How CSV files are written
    #[arg(long, value_enum, default_value = "rfc4180")]
    csv: CsvDialect,
    /// Hide figures computed over fewer learners than this
    #[arg(long, value_name = "K", default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
    min_group: u32,
    /// A CSV file giving each learner (actor or pseudonym) a group label
    #[arg(long, value_name = "FILE")]
    cohorts: Option<PathBuf>,
    /// Report on the learners of one cohort only (a label of --cohorts, or an xAPI team name)
    #[arg(long, value_name = "LABEL")]
    cohort: Option<String>,
    /// The time zone of times shown and of Moodle's times, e.g. Europe/Paris (default the system's)
    #[arg(long, value_name = "ZONE")]
    tz: Option<String>,
    /// Show learners' names and e-mails instead of pseudonyms
    #[arg(long)]
    identify: bool,
    /// Include the reflections that courses share with the LMS
    #[arg(long)]
    include_reflections: bool,
    /// A file holding the pseudonyms' secret (else CAMPUS_REPORT_SECRET)
    #[arg(long, value_name = "FILE")]
    secret_file: Option<PathBuf>,
}

/// How `campus validate` and `campus build` print diagnostics.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum DiagnosticFormat {
    Human,
    Json,
}

/// How `campus inspect` prints its report.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum MessageFormat {
    Human,
    Json,
    Html,
}

/// `2M`, `512K`, `1G` or a number of bytes (powers of 1024, as PHP reads them).
fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let (digits, shift) = match text.chars().last().map(|c| c.to_ascii_uppercase()) {
        Some('K') => (&text[..text.len() - 1], 10),
        Some('M') => (&text[..text.len() - 1], 20),
        Some('G') => (&text[..text.len() - 1], 30),
        _ => (text, 0),
    };
    digits.parse::<u64>().map(|n| n << shift).map_err(|_| format!("`{text}` is not a size such as 2M, 512K or 2097152"))
}

/// Inspects every package and prints the report; the highest exit code.
fn inspect(
    packages: &[PathBuf],
    options: &campus::inspect::InspectOptions,
    format: MessageFormat,
    output: &Output,
) -> u8 {
    use campus::inspect::{
        html_report, inspect_file, json_report, summary_table, text_report, InspectCode, Lang, Level, Report, Text,
    };
    let lang = match campus::Language::choose(output.lang.as_deref(), None) {
        campus::Language::French => Lang::Fr,
        campus::Language::English => Lang::En,
    };
    let reports: Vec<Report> = packages
        .iter()
        .map(|path| {
            inspect_file(path, options).unwrap_or_else(|e| Report {
                package: path.display().to_string(),
                kind: campus::inspect::Kind::NotAPackage,
                lms: options.lms,
                campus: false,
                launchables: 0,
                xsd_validation: false,
                findings: vec![campus::inspect::Finding::new(
                    Level::Error,
                    InspectCode::P001,
                    Text::new(format!("fichier illisible ({e})"), format!("cannot read the file ({e})")),
                )],
            })
        })
        .collect();
    if format == MessageFormat::Json {
        print!("{}", json_report(&reports, lang));
    } else if format == MessageFormat::Html {
        print!("{}", html_report(&reports, lang));
    } else {
        for report in &reports {
            if output.quiet && report.exit_code() == 0 {
                continue;
            }
            print!("{}", text_report(report, lang));
        }
        if reports.len() > 1 {
            println!();
            print!("{}", summary_table(&reports, lang));
        }
    }
    reports.iter().map(Report::exit_code).max().unwrap_or(0)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let sources = match &cli.command {
        Command::Validate { path, .. } | Command::Build { path, .. } => campus::source_language(path),
        Command::Report(args) => campus::source_language(&args.path),
        Command::New { .. } | Command::Inspect { .. } | Command::Schema { .. } | Command::Lsp => None,
    };
    campus::Language::choose(cli.output.lang.as_deref(), sources.as_deref()).set_current();
    match run(&cli) {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            eprintln!("{}: {error:#}", campus::tr!("error"));
            ExitCode::from(FAILURE)
        }
    }
}

fn print_diagnostics(diags: &Diagnostics, output: &Output, deny_warnings: bool, format: DiagnosticFormat) {
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for diagnostic in diags.sorted() {
        let shown = diagnostic.severity == Severity::Error || !output.quiet || deny_warnings;
        if shown && format == DiagnosticFormat::Json {
            let _ = writeln!(out, "{}", diagnostic.to_json());
        } else if shown {
            let _ = writeln!(err, "{diagnostic}");
        }
    }
    if !diags.is_empty() && !output.quiet && format == DiagnosticFormat::Human {
        let _ = writeln!(err, "{}", campus::tr!("{} error(s), {} warning(s)", diags.errors(), diags.warnings()));
    }
    let _ = out.flush();
}

/// Loads and checks; `None` means stop with exit code 1.
fn load(
    path: &std::path::Path,
    output: &Output,
    deny_warnings: bool,
    format: DiagnosticFormat,
) -> anyhow::Result<Option<CheckedPath>> {
    let mut diags = Diagnostics::new();
    let loaded = campus::load(path, &mut diags)?;
    let checked = campus::check(loaded, &mut diags);
    print_diagnostics(&diags, output, deny_warnings, format);
    let Some(checked) = checked else { return Ok(None) };
    if deny_warnings && diags.warnings() > 0 {
        return Ok(None);
    }
    if output.verbose {
        for course in &checked.path().courses {
            let pages: usize = course.modules.iter().map(|m| m.pages.len()).sum();
            eprintln!(
                "loaded {} ({} modules, {} pages) from {}",
                course.id(),
                course.modules.len(),
                pages,
                course.dir.display()
            );
        }
    }
    Ok(Some(checked))
}

/// `campus validate` once: the diagnostics, then a line saying what was checked.
fn validate(
    path: &std::path::Path,
    output: &Output,
    deny_warnings: bool,
    format: DiagnosticFormat,
) -> anyhow::Result<u8> {
    let Some(checked) = load(path, output, deny_warnings, format)? else { return Ok(INVALID) };
    if !output.quiet && format == DiagnosticFormat::Human {
        let courses = &checked.path().courses;
        let modules: usize = courses.iter().map(|c| c.modules.len()).sum();
        println!("{}", campus::tr!("{}: {} course(s), {} module(s), valid", path.display(), courses.len(), modules));
    }
    Ok(0)
}

/// What `--watch` compares: every file under `path` (hidden folders left out) and the `path.toml`
/// above it, with its size and modification time.
fn fingerprint(path: &std::path::Path) -> Vec<(PathBuf, u64, Option<std::time::SystemTime>)> {
    let mut found = Vec::new();
    let mut folders = vec![path.to_path_buf()];
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    found.extend(
        absolute.ancestors().map(|d| d.join("path.toml")).filter(|p| p.is_file()).take(1).map(|p| (p, 0, None)),
    );
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for entry in entries.flatten() {
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            match entry.file_type() {
                Ok(kind) if kind.is_dir() && !hidden => folders.push(entry.path()),
                Ok(kind) if !kind.is_dir() => found.push((entry.path(), 0, None)),
                _ => {}
            }
        }
    }
    for (file, size, modified) in &mut found {
        if let Ok(meta) = std::fs::metadata(&*file) {
            *size = meta.len();
            *modified = meta.modified().ok();
        }
    }
    found.sort();
    found
}

/// `campus validate --watch`: checks, then checks again whenever a file under `path` (or the
/// `path.toml` above a course) changes, until interrupted. The files' modification times and sizes
/// are read twice a second: a course is a few dozen files, so polling costs nothing, needs no
/// platform notification API, and sees editors' saves by rename like any other.
fn watch(path: &std::path::Path, output: &Output, deny_warnings: bool, format: DiagnosticFormat) -> anyhow::Result<u8> {
    let mut seen = None;
    loop {
        let now = fingerprint(path);
        if seen.as_ref() != Some(&now) {
            seen = Some(now);
            let code = validate(path, output, deny_warnings, format).unwrap_or_else(|error| {
                eprintln!("{}: {error:#}", campus::tr!("error"));
                FAILURE
            });
            if format == DiagnosticFormat::Human {
                let time = chrono::Local::now().format("%H:%M:%S");
                let line = if code == 0 {
                    campus::tr!("checked {}: valid; watching for changes (Ctrl-C to stop)", path.display())
                } else {
                    campus::tr!("checked {}: not valid; watching for changes (Ctrl-C to stop)", path.display())
                };
                println!("[{time}] {line}");
            }
            let _ = std::io::stdout().flush();
        }
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
}

fn run(cli: &Cli) -> anyhow::Result<u8> {
    let output = &cli.output;
    match &cli.command {
        Command::Validate { path, deny_warnings, watch: true, message_format } => {
            watch(path, output, *deny_warnings, *message_format)
        }
        Command::Validate { path, deny_warnings, watch: false, message_format } => {
            validate(path, output, *deny_warnings, *message_format)
        }
        Command::Lsp => {
            campus::lsp::serve_stdio()?;
            Ok(0)
        }
        Command::Build { path, targets, out, deny_warnings, zip, edition, single_sco, message_format } => {
            let Some(checked) = load(path, output, *deny_warnings, *message_format)? else { return Ok(INVALID) };
            let target_options = TargetOptions {
                web: if *zip { WebLayout::Zip } else { WebLayout::Folder },
                scos: if *single_sco { ScoLayout::OnePerCourse } else { ScoLayout::PerModule },
                edition: if *edition == 3 { Scorm2004Edition::Third } else { Scorm2004Edition::Fourth },
            };
            let source_date_epoch = source_date_epoch()?;
            let options =
                BuildOptions { targets: targets.clone(), out: out.clone(), source_date_epoch, target_options };
            build(&checked, &options, output, *deny_warnings, *message_format)
        }
        Command::New { dir, id, title } => {
            let date = chrono::Utc::now().format("%Y-%m-%d").to_string();
            let written = campus::new_course(dir, id.as_deref(), title.as_deref(), &date)?;
            let schemas = written.iter().find(|file| !file.starts_with(dir)).and_then(|file| file.parent());
            if let (Some(folder), false) = (schemas, output.quiet) {
                println!(
                    "{}",
                    campus::tr!(
                        "wrote the JSON Schemas that course.toml points at (for editors) into {}",
                        folder.display()
                    )
                );
            }
            if !output.quiet {
                if output.verbose {
                    for file in &written {
                        println!("{}", campus::tr!("wrote {}", file.display()));
                    }
                }
                println!(
                    "{}",
                    campus::tr!("created {}: check it with `campus validate {}`", dir.display(), dir.display())
                );
            }
            Ok(0)
        }
        Command::Inspect { packages, lms, max_upload, message_format } => {
            let options = campus::inspect::InspectOptions { lms: *lms, max_upload: *max_upload, ..Default::default() };
            Ok(inspect(packages, &options, *message_format, output))
        }
        Command::Schema { kind, write } => {
            if let Some(dir) = write {
                std::fs::create_dir_all(dir)?;
                for kind in SchemaKind::ALL {
                    let file = dir.join(kind.file_name());
                    std::fs::write(&file, kind.pretty())?;
                    if output.verbose {
                        println!("{}", campus::tr!("wrote {}", file.display()));
                    }
                }
            } else if let Some(kind) = kind {
                print!("{}", kind.pretty());
            }
            Ok(0)
        }
        Command::Report(args) => report(args, output),
    }
}

/// `campus report`: the sources, then the records, then the files.
fn report(args: &ReportArgs, output: &Output) -> anyhow::Result<u8> {
    if args.lrs.is_none() && args.statements.is_empty() && args.moodle.is_empty() && args.db.is_none() {
        eprintln!(
            "{}: {}",
            campus::tr!("error"),
            campus::tr!(
                "give records to read: --lrs URL, --statements FILE… or --moodle FILE… (or a --db of earlier pulls)"
            )
        );
        return Ok(FAILURE);
    }
    let Some(checked) = load(&args.path, output, false, DiagnosticFormat::Human)? else { return Ok(INVALID) };
    let options = ReportOptions {
        lrs: args.lrs.clone(),
        since: args.since.clone(),
        until: args.until.clone(),
        page_size: args.page_size,
        auth_file: args.auth_file.clone(),
        statements: args.statements.clone(),
        moodle: args.moodle.clone(),
        moodle_attempts: args.moodle_attempts,
        db: args.db.clone(),
        out: args.out.clone(),
        formats: args.format.clone(),
        csv: args.csv,
        min_group: args.min_group,
        cohorts: args.cohorts.clone(),
        cohort: args.cohort.clone(),
        tz: args.tz.clone(),
        identify: args.identify,
        include_reflections: args.include_reflections,
        lang: output.lang.clone(),
        secret_file: args.secret_file.clone(),
        progress: !output.quiet && std::io::IsTerminal::is_terminal(&std::io::stderr()),
    };
    match campus::report(&checked, &options)? {
        ReportOutcome::Written(files) => {
            if !output.quiet {
                for file in &files {
                    println!("wrote {}", file.display());
                }
            }
            Ok(0)
        }
        ReportOutcome::NothingFound => {
            eprintln!(
                "{}",
                campus::tr!(
                    "no record of this path ({}) was found in what was read: check that the records come from its packages",
                    args.path.display()
                )
            );
            Ok(INVALID)
        }
    }
}

/// `SOURCE_DATE_EPOCH`, when set (reproducible-builds.org).
fn source_date_epoch() -> anyhow::Result<Option<i64>> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) => Ok(Some(
            value
                .trim()
                .parse::<i64>()
                .map_err(|_| anyhow::anyhow!("SOURCE_DATE_EPOCH is `{value}`, not a number of seconds"))?,
        )),
        Err(_) => Ok(None),
    }
}

/// The targets' own checks, then the build and its report.
fn build(
    checked: &CheckedPath,
    options: &BuildOptions,
    output: &Output,
    deny_warnings: bool,
    format: DiagnosticFormat,
) -> anyhow::Result<u8> {
    let mut diags = Diagnostics::new();
    campus::check_targets(checked, options, &mut diags);
    if diags.has_errors() || diags.warnings() > 0 {
        print_diagnostics(&diags, output, deny_warnings, format);
    }
    if diags.has_errors() || (deny_warnings && diags.warnings() > 0) {
        return Ok(INVALID);
    }
    let report = campus::build(checked, options)?;
    if output.verbose && options.targets().iter().any(|t| matches!(t, TargetName::Scorm12 | TargetName::Scorm2004)) {
        // The budget E070 checks: the longest cmi.suspend_data each SCO can write.
        for (course, module, worst) in campus::state_budgets(checked) {
            say(format, &format!("state of {course}/{module}: at most {worst} characters"));
        }
    }
    if !output.quiet {
        if output.verbose {
            for (file, bytes) in &report.written {
                say(format, &format!("wrote {} ({bytes} bytes)", file.display()));
            }
        }
        say(format, &campus::tr!("wrote {} file(s) into {}", report.written.len(), options.out.display()));
        if let Some(web) = report.web {
            say(
                format,
                &campus::tr!(
                    "web: {} file(s) written, {} unchanged, {} removed",
                    web.written,
                    web.unchanged,
                    web.removed
                ),
            );
        }
    }
    Ok(0)
}

/// A line for people: on stdout, or on stderr when stdout holds JSON diagnostics.
fn say(format: DiagnosticFormat, line: &str) {
    if format == DiagnosticFormat::Json {
        eprintln!("{line}");
    } else {
        println!("{line}");
    }
}
