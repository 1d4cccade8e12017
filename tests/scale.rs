//! A memory ceiling, not a timing (issue 15): `campus build` of a generated course of 2,000
//! modules, every target at once, must stay under a max RSS ceiling. The modules are small (one
//! page, one question) so that a debug build runs it in seconds; what is checked is that memory
//! does not grow with the outputs (every page, package entry and manifest written and let go).

use std::path::Path;
use std::process::Command;

const MODULES: usize = 2_000;

/// The ceiling in MiB: 3 times what was measured on this project's machine on 1 December 2026,
/// where this build peaked at 33.5 MiB in a debug build (14 s of CPU) and 20 MiB in a release
/// build (24 MiB before the manifests were streamed into their packages). A size check with a
/// wide margin, never a timing.
const CEILING_MIB: u64 = 100;

fn generate(dir: &Path) {
    let course = dir.join("big");
    std::fs::create_dir_all(&course).unwrap();
    std::fs::write(
        dir.join("path.toml"),
        "id = \"scale\"\ntitle = \"Scale\"\ndescription = \"Generated.\"\npublisher = \"Test\"\nlanguage = \"en\"\nbase_iri = \"https://campus.example.org/scale\"\ncourses = [\"big\"]\n",
    )
    .unwrap();
    let list: Vec<String> = (0..MODULES).map(|i| format!("\"m{i}.md\"")).collect();
    std::fs::write(
        course.join("course.toml"),
        format!(
            "id = \"big\"\ntitle = \"Big\"\ndescription = \"Generated.\"\nversion = \"1.0.0\"\ndate = \"2026-01-01\"\nauthors = [\"Test\"]\nmodules = [{}]\n",
            list.join(", ")
        ),
    )
    .unwrap();
    for i in 0..MODULES {
        std::fs::write(
            course.join(format!("m{i}.md")),
            format!(
                "+++\nid = \"m{i}\"\ntitle = \"Module {i}\"\nobjectives = [\"Read part {i}\"]\nduration_minutes = 5\n+++\n\n# Page\n\nA paragraph with *emphasis* and [a link](https://example.org/{i}).\n\n```question\nid = \"q\"\nkind = \"single\"\nprompt = \"Yes?\"\nfeedback = \"Because.\"\n[[choices]]\nid = \"a\"\ntext = \"Yes\"\ncorrect = true\n[[choices]]\nid = \"b\"\ntext = \"No\"\n```\n"
            ),
        )
        .unwrap();
    }
}

/// Runs `command` and returns its exit status and its own max RSS in KiB (wait4 gives the
/// resources of that child alone).
fn run_measured(command: &mut Command) -> (i32, u64) {
    let child = command.spawn().expect("campus runs");
    let pid = libc::pid_t::try_from(child.id()).unwrap();
    let mut status = 0;
    // SAFETY: wait4 on our own child, filling the status and rusage it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        assert_eq!(libc::wait4(pid, &mut status, 0, &mut usage), pid);
        usage
    };
    // The child was reaped by wait4: `child` must not be waited for again.
    std::mem::forget(child);
    (libc::WEXITSTATUS(status), u64::try_from(usage.ru_maxrss).unwrap())
}

#[test]
fn a_2000_module_course_builds_every_target_under_the_memory_ceiling() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path());
    let out = dir.path().join("dist");
    let (status, max_rss_kib) = run_measured(
        Command::new(env!("CARGO_BIN_EXE_campus"))
            .arg("build")
            .arg(dir.path())
            .arg("--out")
            .arg(&out)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null()),
    );
    assert_eq!(status, 0, "campus build failed");
    for target in ["scorm12", "scorm2004", "xapi", "cmi5"] {
        let packages = std::fs::read_dir(out.join(target)).unwrap().count();
        assert_eq!(packages, 1, "{target}");
    }
    assert!(out.join(format!("web/big/m{}.html", MODULES - 1)).exists());
    let max_rss_mib = max_rss_kib / 1024;
    eprintln!("campus build of {MODULES} modules, every target: max RSS {max_rss_mib} MiB");
    assert!(max_rss_mib < CEILING_MIB, "max RSS {max_rss_mib} MiB, ceiling {CEILING_MIB} MiB");
}
