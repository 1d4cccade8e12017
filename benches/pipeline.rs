//! Benchmark (not a test): time and peak memory to load, validate and render the Reset path and
//! generated courses of growing size. Run with `cargo bench --bench pipeline`; the figures go
//! in the README.
//!
//! Each size runs in its own process so its peak memory (VmHWM) is its own.

use std::path::Path;
use std::time::Instant;

use campus::Diagnostics;
use common::{module_text, peak_rss_kib};

mod common;

const SIZES: [usize; 4] = [125, 250, 500, 1000];
const RUNS: usize = 10;

fn generate(dir: &Path, modules: usize) {
    std::fs::create_dir_all(dir).unwrap();
    let list: Vec<String> = (0..modules).map(|i| format!("\"m{i}.md\"")).collect();
    std::fs::write(
        dir.join("course.toml"),
        format!(
            "id = \"bench\"\ntitle = \"Bench\"\ndescription = \"Generated.\"\nversion = \"1.0.0\"\ndate = \"2026-01-01\"\nauthors = [\"Bench\"]\nmodules = [{}]\n",
            list.join(", ")
        ),
    )
    .unwrap();
    for i in 0..modules {
        std::fs::write(dir.join(format!("m{i}.md")), module_text(i)).unwrap();
    }
}

/// Loads, validates and renders `dir` `RUNS` times; prints `best_load_ms best_render_ms peak_kib`.
fn measure(dir: &Path) {
    let mut best = (f64::MAX, f64::MAX);
    let mut pages = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        let path = checked(dir);
        let loaded = start.elapsed().as_secs_f64() * 1000.0;
        let start = Instant::now();
        pages = campus::render_all(&path).unwrap();
        let render = start.elapsed().as_secs_f64() * 1000.0;
        best = (best.0.min(loaded), best.1.min(render));
    }
    println!("{:.1} {:.1} {} {}", best.0, best.1, peak_rss_kib(), pages);
}

fn child(args: &[&str]) -> Vec<String> {
    let out = std::process::Command::new(std::env::current_exe().unwrap()).args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).split_whitespace().map(str::to_string).collect()
}

/// Builds every Reset course for SCORM 1.2 and 2004 into a temporary folder: time per course
/// (render + both packages written, best of `RUNS`) and package sizes against the deflated size
/// of their content.
fn scorm_figures(reset: &Path, work: &Path) {
    use campus::{BuildOptions, TargetName, TargetOptions};
    println!();
    println!(
        "| course | modules | render + SCORM 1.2 + 2004 | SCORM 1.2 package | SCORM 2004 package | content deflated |"
    );
    println!("|---|---|---|---|---|---|");
    let mut diags = Diagnostics::new();
    let path = campus::load(reset, &mut diags).unwrap();
    for course in &path.courses {
        let checked = checked(&course.dir);
        let out = work.join(course.id());
        let options = BuildOptions {
            targets: vec![TargetName::Scorm12, TargetName::Scorm2004],
            out: out.clone(),
            source_date_epoch: None,
            target_options: TargetOptions::default(),
        };
        let mut best = f64::MAX;
        let mut report = None;
        for _ in 0..RUNS {
            let start = Instant::now();
            report = Some(campus::build(&checked, &options).unwrap());
            best = best.min(start.elapsed().as_secs_f64() * 1000.0);
        }
        let written = report.unwrap().written;
        let size = |target: &str| written.iter().find(|(f, _)| f.starts_with(out.join(target))).unwrap().1;
        let scorm12 = written.iter().find(|(f, _)| f.starts_with(out.join("scorm12"))).unwrap();
        let deflated = deflated_content(&std::fs::read(&scorm12.0).unwrap());
        println!(
            "| {} | {} | {best:.1} ms | {:.1} KiB | {:.1} KiB | {:.1} KiB |",
            course.id(),
            course.modules.len(),
            size("scorm12") as f64 / 1024.0,
            size("scorm2004") as f64 / 1024.0,
            deflated as f64 / 1024.0
        );
    }
}

/// Loads and checks a path or course folder that must be valid.
fn checked(dir: &Path) -> campus::CheckedPath {
    let mut diags = Diagnostics::new();
    let loaded = campus::load(dir, &mut diags).unwrap();
    campus::check(loaded, &mut diags).unwrap_or_else(|| panic!("{:?}", diags.sorted()))
}

/// The deflated size of a zip's entries, manifest included: what the package would weigh with
/// no zip overhead at all.
fn deflated_content(zip_bytes: &[u8]) -> u64 {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip_bytes)).unwrap();
    (0..archive.len()).map(|i| archive.by_index(i).unwrap().compressed_size()).sum()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--measure") {
        measure(Path::new(&args[i + 1]));
        return;
    }
    let work = tempfile::tempdir().unwrap();
    println!("| sources | modules | load + validate | render | total | peak memory |");
    println!("|---|---|---|---|---|---|");
    let reset = Path::new(env!("CARGO_MANIFEST_DIR")).join("courses");
    let mut diags = Diagnostics::new();
    let reset_valid = campus::load(&reset, &mut diags).is_ok_and(|path| campus::check(path, &mut diags).is_some());
    if !reset_valid {
        println!("(the Reset path in courses/ does not validate: skipped)");
    } else {
        let f = child(&["--measure", reset.to_str().unwrap()]);
        let (load, render): (f64, f64) = (f[0].parse().unwrap(), f[1].parse().unwrap());
        println!(
            "| Reset path | {} | {load:.1} ms | {render:.1} ms | {:.1} ms | {:.1} MiB |",
            f[3],
            load + render,
            f[2].parse::<f64>().unwrap() / 1024.0
        );
    }
    if reset_valid {
        scorm_figures(&reset, work.path());
        println!();
        println!("| sources | modules | load + validate | render | total | peak memory |");
        println!("|---|---|---|---|---|---|");
    }
    let empty = child(&["--measure", &{
        let dir = work.path().join("c1");
        generate(&dir, 1);
        dir.to_string_lossy().into_owned()
    }]);
    let base: f64 = empty[2].parse().unwrap();
    for size in SIZES {
        let dir = work.path().join(format!("c{size}"));
        generate(&dir, size);
        let f = child(&["--measure", dir.to_str().unwrap()]);
        let (load, render): (f64, f64) = (f[0].parse().unwrap(), f[1].parse().unwrap());
        let peak: f64 = f[2].parse().unwrap();
        println!(
            "| generated | {size} | {load:.1} ms | {render:.1} ms | {:.1} ms | {:.1} MiB (+{:.1} KiB per module) |",
            load + render,
            peak / 1024.0,
            (peak - base) / size as f64
        );
    }
}
