//! Benchmark (not a test): the scale series of issue 15, the peer course and the deflate level.
//! Run with `cargo bench --bench scale`; the figures go in the README.
//!
//! - Scale: generated courses of 100, 1,000, 5,000 and 20,000 modules (written into a temporary
//!   folder, never committed), each built for each target, then for every target at once, through
//!   the library as `campus build` does (load, checks, the targets' checks, staging and swap). Each
//!   size and target runs in its own process, so its max RSS is its own; CPU time is user + system
//!   (getrusage), best of 5 (best of 3 at 20,000 modules).
//! - Peer course: `benches/peer`, a 5-module, 3,500-word course with 15 questions and 5 images,
//!   built by each target 21 times: median CPU and wall time, max RSS.
//! - Deflate: the zip targets (SCORM 1.2 and 2004, xAPI, cmi5) of the Reset path and of the
//!   1,000-module course at levels 1, 3, 6, 9 and the zip crate's default: total size, CPU.
//!
//! `cargo bench --bench scale -- scale|peer|deflate` runs one part; `--sizes 100,1000` changes the
//! series, `--targets web,xapi` its targets. Every run writes into a new folder, and all are
//! deleted only when the benchmark ends (see `child_build`).

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use campus::{BuildOptions, Diagnostics, TargetName, TargetOptions};
use common::{module_text, peak_rss_kib};

mod common;

const SIZES: [usize; 4] = [100, 1_000, 5_000, 20_000];

/// The targets of the scale series, each alone, then all at once.
const TARGETS: [&str; 6] = ["scorm12", "scorm2004", "xapi", "cmi5", "web", "all"];

/// Where every run writes its output, in the benchmark's temporary folder, deleted at the end.
static OUTPUTS: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();

/// A course of `modules` generated modules in `dir`, under a path with a base IRI (no warning).
fn generate(dir: &Path, modules: usize) {
    let course = dir.join("bench");
    std::fs::create_dir_all(&course).unwrap();
    std::fs::write(
        dir.join("path.toml"),
        "id = \"scale\"\ntitle = \"Scale\"\ndescription = \"Generated.\"\npublisher = \"Bench\"\nlanguage = \"fr\"\nbase_iri = \"https://campus.example.org/scale\"\ncourses = [\"bench\"]\n",
    )
    .unwrap();
    let list: Vec<String> = (0..modules).map(|i| format!("\"m{i}.md\"")).collect();
    std::fs::write(
        course.join("course.toml"),
        format!(
            "id = \"bench\"\ntitle = \"Bench\"\ndescription = \"Generated.\"\nversion = \"1.0.0\"\ndate = \"2026-01-01\"\nauthors = [\"Bench\"]\nmodules = [{}]\n",
            list.join(", ")
        ),
    )
    .unwrap();
    for i in 0..modules {
        std::fs::write(course.join(format!("m{i}.md")), module_text(i)).unwrap();
    }
}

/// User + system CPU time of this process so far, in milliseconds.
fn cpu_ms() -> f64 {
    // SAFETY: getrusage fills the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let ms = |t: libc::timeval| t.tv_sec as f64 * 1000.0 + t.tv_usec as f64 / 1000.0;
    ms(usage.ru_utime) + ms(usage.ru_stime)
}

fn targets_of(name: &str) -> Vec<TargetName> {
    match name {
        "all" => Vec::new(),
        "zips" => vec![TargetName::Scorm12, TargetName::Scorm2004, TargetName::Xapi, TargetName::Cmi5],
        one => vec![TargetName::all().iter().copied().find(|t| t.as_str() == one).unwrap()],
    }
}

/// What `campus build` does once: load, check, the targets' checks, build into `out`.
fn build_once(sources: &Path, options: &BuildOptions) -> u64 {
    let mut diags = Diagnostics::new();
    let loaded = campus::load(sources, &mut diags).unwrap();
    let checked = campus::check(loaded, &mut diags).unwrap_or_else(|| panic!("{:?}", diags.sorted()));
    campus::check_targets(&checked, options, &mut diags);
    assert!(!diags.has_errors(), "{:?}", diags.sorted());
    let report = campus::build(&checked, options).unwrap();
    report.written.iter().map(|(_, bytes)| bytes).sum()
}

/// In a child: builds `sources` for `targets` `runs` times; prints the CPU time of each run (ms),
/// then `wall:` each run's wall time, then the peak KiB and the bytes written.
fn child_build(sources: &Path, targets: &str, runs: usize, outs: &Path, level: Option<&str>) {
    if let Some(level) = level {
        campus::set_deflate_level_for_benchmarks(level.parse().ok());
    }
    let (mut cpu, mut wall, mut bytes) = (Vec::new(), Vec::new(), 0);
    for _ in 0..runs {
        // A new, empty output folder for each run: a first build, not a rebuild (the web edition
        // and unchanged packages would otherwise be compared and left in place). It is not
        // deleted here but with the whole benchmark's folder at the end: on ext4, creating files
        // soon after thousands were deleted costs several times the system time (the inode
        // allocator skips recently deleted inodes), which would be measured as Campus's.
        let out = tempfile::tempdir_in(outs).unwrap().keep();
        let options = BuildOptions {
            targets: targets_of(targets),
            out,
            source_date_epoch: None,
            target_options: TargetOptions::default(),
        };
        let (start_cpu, start) = (cpu_ms(), Instant::now());
        bytes = build_once(sources, &options);
        cpu.push(cpu_ms() - start_cpu);
        wall.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    let list = |v: &[f64]| v.iter().map(|x| format!("{x:.2}")).collect::<Vec<_>>().join(",");
    println!("{} {} {} {bytes}", list(&cpu), list(&wall), peak_rss_kib());
}

/// One child's figures.
struct Run {
    cpu: Vec<f64>,
    wall: Vec<f64>,
    peak_kib: f64,
    bytes: u64,
}

impl Run {
    fn best_cpu(&self) -> f64 {
        self.cpu.iter().copied().fold(f64::MAX, f64::min)
    }
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted[sorted.len() / 2]
}

fn child(sources: &Path, targets: &str, runs: usize, level: Option<&str>) -> Run {
    let outs = OUTPUTS.get().expect("the benchmark's output folder");
    let mut command = Command::new(std::env::current_exe().unwrap());
    command.args(["--child", sources.to_str().unwrap(), targets, &runs.to_string(), outs.to_str().unwrap()]);
    if let Some(level) = level {
        command.arg(level);
    }
    let out = command.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    let f: Vec<&str> = text.split_whitespace().collect();
    let numbers = |s: &str| s.split(',').map(|x| x.parse().unwrap()).collect::<Vec<f64>>();
    Run { cpu: numbers(f[0]), wall: numbers(f[1]), peak_kib: f[2].parse().unwrap(), bytes: f[3].parse().unwrap() }
}

fn scale(work: &Path, sizes: &[usize], targets: &[&str]) {
    let base = work.join("scale-1");
    generate(&base, 1);
    let mut dirs = Vec::new();
    for &size in sizes {
        let dir = work.join(format!("scale-{size}"));
        generate(&dir, size);
        dirs.push((size, dir));
    }
    println!("| target | modules | CPU (best) | × previous size | max RSS | per module |");
    println!("|---|---|---|---|---|---|");
    for &target in targets {
        let floor = child(&base, target, 3, None).peak_kib;
        let mut previous: Option<(usize, f64)> = None;
        for (size, dir) in &dirs {
            let runs = if *size >= 20_000 { 3 } else { 5 };
            let run = child(dir, target, runs, None);
            let cpu = run.best_cpu();
            let ratio = previous
                .map_or(String::from("–"), |(n, c)| format!("{:.2}× for {:.0}×", cpu / c, *size as f64 / n as f64));
            println!(
                "| {target} | {size} | {cpu:.0} ms | {ratio} | {:.1} MiB | {:.1} KiB |",
                run.peak_kib / 1024.0,
                (run.peak_kib - floor) / *size as f64
            );
            previous = Some((*size, cpu));
        }
    }
    println!("(per module: max RSS minus that of a 1-module course, divided by the modules)");
}

fn peer() {
    let peer = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/peer");
    println!("| target | CPU (median of 21) | wall (median) | max RSS | written |");
    println!("|---|---|---|---|---|");
    for target in TARGETS {
        let run = child(&peer, target, 21, None);
        println!(
            "| {target} | {:.1} ms | {:.1} ms | {:.1} MiB | {:.1} KiB |",
            median(&run.cpu),
            median(&run.wall),
            run.peak_kib / 1024.0,
            run.bytes as f64 / 1024.0
        );
    }
}

fn deflate(work: &Path) {
    let generated = work.join("deflate-1000");
    generate(&generated, 1_000);
    let reset = Path::new(env!("CARGO_MANIFEST_DIR")).join("courses");
    println!("| deflate level | Reset path: packages | CPU (best of 5) | 1,000 modules: packages | CPU (best of 5) |");
    println!("|---|---|---|---|---|");
    for (label, level) in
        [("1", "1"), ("3", "3"), ("6", "6"), ("9", "9"), ("zip crate's default", "default"), ("stored (0)", "0")]
    {
        let a = child(&reset, "zips", 5, Some(level));
        let b = child(&generated, "zips", 5, Some(level));
        println!(
            "| {label} | {:.1} KiB | {:.0} ms | {:.0} KiB | {:.0} ms |",
            a.bytes as f64 / 1024.0,
            a.best_cpu(),
            b.bytes as f64 / 1024.0,
            b.best_cpu()
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--child") {
        child_build(
            Path::new(&args[i + 1]),
            &args[i + 2],
            args[i + 3].parse().unwrap(),
            Path::new(&args[i + 4]),
            args.get(i + 5).map(String::as_str),
        );
        return;
    }
    let sizes: Vec<usize> = args
        .iter()
        .position(|a| a == "--sizes")
        .map_or(SIZES.to_vec(), |i| args[i + 1].split(',').map(|s| s.parse().unwrap()).collect());
    let parts: Vec<&str> =
        ["peer", "deflate", "scale"].into_iter().filter(|part| args.iter().any(|a| a == part)).collect();
    let all = parts.is_empty();
    let work = tempfile::tempdir().unwrap();
    let outputs = work.path().join("outputs");
    std::fs::create_dir_all(&outputs).unwrap();
    OUTPUTS.set(outputs).unwrap();
    if all || parts.contains(&"peer") {
        peer();
        println!();
    }
    if all || parts.contains(&"deflate") {
        deflate(work.path());
        println!();
    }
    if all || parts.contains(&"scale") {
        let targets: Vec<&str> = args.iter().position(|a| a == "--targets").map_or(TARGETS.to_vec(), |i| {
            args[i + 1]
                .split(',')
                .map(|t| TARGETS.into_iter().find(|k| *k == t).expect("a target of the list"))
                .collect()
        });
        scale(work.path(), &sizes, &targets);
    }
}
