//! The `campus` binary as users run it: exit codes, messages, determinism and atomic output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `campus` with English messages, whatever the locale of the machine running the tests.
fn campus(args: &[&str], cwd: &Path) -> Output {
    campus_in(args, cwd, &[("LC_ALL", "en_US.UTF-8")])
}

fn campus_in(args: &[&str], cwd: &Path, locale: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_campus"));
    command.args(args).current_dir(cwd).env_remove("SOURCE_DATE_EPOCH");
    for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        command.env_remove(name);
    }
    command.envs(locale.iter().copied()).output().expect("campus runs")
}

/// Messages follow `--lang`, else LC_ALL, LC_MESSAGES, LANG (C and POSIX say nothing), else the
/// language of the sources; the codes stay the same.
#[test]
fn messages_are_in_french_or_english_by_the_posix_rule() {
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken/duplicate-block-id");
    let cwd = case.parent().unwrap();
    let stderr = |args: &[&str], locale: &[(&str, &str)]| text(&campus_in(args, cwd, locale).stderr);
    let french = stderr(&["validate", "duplicate-block-id"], &[("LANG", "fr_FR.UTF-8")]);
    assert!(french.contains("erreur[E022]: identifiant de bloc `r` utilisé deux fois"), "{french}");
    assert!(french.contains("--- utilisé une première fois ici"), "{french}");
    assert!(french.contains("1 erreur(s), 1 avertissement(s)"), "{french}");
    let english = stderr(&["validate", "duplicate-block-id", "--lang", "en"], &[("LC_ALL", "fr_FR.UTF-8")]);
    assert!(english.contains("error[E022]: block id `r` is used twice"), "{english}");
    let messages_first = stderr(&["validate", "duplicate-block-id"], &[("LC_MESSAGES", "en_GB"), ("LANG", "fr_FR")]);
    assert!(messages_first.contains("1 error(s), 1 warning(s)"), "{messages_first}");
    // C is no preference: the language of the sources decides (French when they say none).
    let posix = stderr(&["validate", "duplicate-block-id"], &[("LC_ALL", "C")]);
    assert!(posix.contains("erreur[E022]"), "{posix}");
    // A course in French, and a locale that says nothing: French.
    let dir = tempfile::tempdir().unwrap();
    assert!(campus(&["new", "c"], dir.path()).status.success());
    let course = dir.path().join("c/course.toml");
    std::fs::write(&course, std::fs::read_to_string(&course).unwrap() + "colour = 1\n").unwrap();
    let out = campus_in(&["validate", "c"], dir.path(), &[("LANG", "POSIX")]);
    assert!(text(&out.stderr).contains("erreur[E011]: clé inconnue `colour`"), "{}", text(&out.stderr));
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A scaffolded course inside a path folder whose path.toml sets a base IRI.
fn path_with_course(dir: &Path) -> PathBuf {
    let root = dir.join("courses");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(
        root.join("path.toml"),
        "id = \"test\"\ntitle = \"Test\"\npublisher = \"Campus\"\nbase_iri = \"https://campus.example.org/a\"\ncourses = [\"demo\"]\n",
    )
    .unwrap();
    let out = campus(&["new", "courses/demo", "--quiet"], dir);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // A fixed date, so every build of these tests has the same timestamps.
    let course = root.join("demo/course.toml");
    let toml = std::fs::read_to_string(&course).unwrap();
    let dated: String = toml
        .lines()
        .map(|l| if l.starts_with("date = ") { "date = \"2026-01-15\"".to_string() } else { l.to_string() })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&course, dated + "\n").unwrap();
    root
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn read_tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                files.push((name, std::fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn a_new_course_validates_and_builds() {
    let dir = tempfile::tempdir().unwrap();
    path_with_course(dir.path());
    let out = campus(&["validate", "courses", "--deny-warnings"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("1 course(s), 2 module(s), valid"));
    let out = campus(&["build", "courses"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let site = dir.path().join("dist/web");
    for file in [
        "index.html",
        "summary.html",
        "campus.css",
        "campus.js",
        "demo/index.html",
        "demo/decouvrir.html",
        "demo/evaluation.html",
        "demo/images/pages.svg",
        "demo/ressources/canevas.md",
        "demo/ressources/canevas.html",
        "demo/media/silence.wav",
    ] {
        assert!(site.join(file).is_file(), "{file}");
    }
    // Only the targets and the lock that keeps a second build out: no staging folder left behind.
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("dist"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, [".campus-lock", "cmi5", "scorm12", "scorm2004", "web", "xapi"]);
    assert!(dir.path().join("dist/scorm12/demo-0.1.0-scorm12.zip").is_file());
    assert!(dir.path().join("dist/scorm2004/demo-0.1.0-scorm2004.zip").is_file());
}

#[test]
fn a_course_alone_warns_about_the_base_iri() {
    let dir = tempfile::tempdir().unwrap();
    let out = campus(&["new", "alone", "--quiet"], dir.path());
    assert!(out.status.success());
    let out = campus(&["validate", "alone"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stderr).contains("warning[W001]"), "{}", text(&out.stderr));
    let out = campus(&["validate", "alone", "--deny-warnings"], dir.path());
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn invalid_sources_exit_1_with_every_problem_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let root = path_with_course(dir.path());
    let module = root.join("demo/01-decouvrir.md");
    let source = std::fs::read_to_string(&module).unwrap();
    let broken = source
        .replace("duration_minutes = 15", "duration_minutes = 15\ncolour = \"blue\"")
        .replace("correct = true\n[[choices]]\nid = \"b\"", "correct = true\n[[choices]]\nid = \"a\"")
        .replace("](images/pages.svg", "](images/missing.svg");
    std::fs::write(&module, broken).unwrap();
    let out = campus(&["build", "courses"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("error[E011]: unknown key `colour`"), "{stderr}");
    assert!(stderr.contains("--> courses/demo/01-decouvrir.md:6:1"), "{stderr}");
    assert!(stderr.contains("error[E022]: choice id `a` is used twice"), "{stderr}");
    assert!(stderr.contains("error[E031]"), "{stderr}");
    assert!(stderr.contains("3 error(s)"), "{stderr}");
    assert!(!dir.path().join("dist").exists(), "a failed build writes nothing");
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let root = path_with_course(dir.path());
    assert!(campus(&["build", "courses"], dir.path()).status.success());
    let before = read_tree(&dir.path().join("dist"));
    std::fs::write(root.join("demo/02-evaluation.md"), "no front matter\n").unwrap();
    let out = campus(&["build", "courses"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("error[E020]"));
    assert_eq!(read_tree(&dir.path().join("dist")), before);
}

#[test]
fn usage_and_io_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = campus(&["validate", "nowhere"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("`nowhere` is not a folder"));
    let out = campus(&["build", "--target", "pdf"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let out = campus(&["validate", "empty"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("neither a path.toml nor a course.toml"));
    std::fs::write(dir.path().join("empty/x"), "x").unwrap();
    let out = campus(&["new", "empty"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("not empty"));
}

#[test]
fn builds_are_byte_identical_across_time_folders_and_time_zones() {
    let first = tempfile::tempdir().unwrap();
    let root = path_with_course(first.path());
    let second = tempfile::tempdir().unwrap();
    copy_dir(&root, &second.path().join("elsewhere/sources"));
    let build = |cwd: &Path, path: &str, tz: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_campus"))
            .args(["build", path, "--out", "out", "--quiet"])
            .current_dir(cwd)
            .env("TZ", tz)
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        read_tree(&cwd.join("out"))
    };
    let a = build(first.path(), "courses", "UTC");
    // Zip times have a two-second resolution: wait past it so a wall-clock leak would show.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let b = build(&second.path().join("elsewhere"), "sources", "Pacific/Kiritimati");
    let c = build(second.path(), "elsewhere/sources/demo", "America/Los_Angeles");
    assert!(!a.is_empty());
    assert_eq!(a, b);
    // The course built alone differs only in what it inherits; with the path above it, nothing.
    assert_eq!(a, c);
}

#[test]
fn source_date_epoch_sets_the_timestamps() {
    let dir = tempfile::tempdir().unwrap();
    path_with_course(dir.path());
    let build = |epoch: &str, out: &str| {
        let status = Command::new(env!("CARGO_BIN_EXE_campus"))
            .args(["build", "courses", "--out", out, "--quiet", "--zip"])
            .current_dir(dir.path())
            .env("SOURCE_DATE_EPOCH", epoch)
            .status()
            .unwrap();
        assert!(status.success());
        std::fs::read(dir.path().join(out).join("web/test-web.zip")).unwrap()
    };
    let a = build("1700000000", "a");
    let b = build("1700000000", "b");
    let c = build("1800000000", "c");
    assert_eq!(a, b);
    assert_ne!(a, c);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(a)).unwrap();
    let time = archive.by_name("demo/index.html").unwrap().last_modified().unwrap();
    assert_eq!((time.year(), time.month(), time.day()), (2023, 11, 14));
}

#[test]
fn every_command_has_help_with_examples() {
    let dir = tempfile::tempdir().unwrap();
    for command in ["validate", "build", "new", "schema", "inspect", "lsp"] {
        let out = campus(&[command, "--help"], dir.path());
        assert!(out.status.success());
        assert!(text(&out.stdout).contains("Examples:"), "{command}");
    }
    let out = campus(&["--help"], dir.path());
    assert!(text(&out.stdout).contains("Exit codes: 0 success, 1 invalid sources, 2 usage or I/O error"));
}

#[test]
fn schema_prints_the_committed_schema() {
    let dir = tempfile::tempdir().unwrap();
    let out = campus(&["schema", "course"], dir.path());
    assert!(out.status.success());
    let committed =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/course.schema.json")).unwrap();
    assert_eq!(text(&out.stdout), committed);
}

#[test]
fn oversized_binary_and_non_utf8_modules_are_errors_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    let root = path_with_course(dir.path());
    let module = root.join("demo/01-decouvrir.md");
    let mut big = std::fs::read(&module).unwrap();
    big.resize(1024 * 1024 + 1, b'a');
    std::fs::write(&module, big).unwrap();
    std::fs::write(root.join("demo/02-evaluation.md"), b"+++\nid = \"e\"\n\xff\xfe\n").unwrap();
    let out = campus(&["validate", "courses"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("error[E004]") && stderr.contains("01-decouvrir.md"), "{stderr}");
    assert!(stderr.contains("error[E002]: the file is not UTF-8 text (first bad byte on line 3)"), "{stderr}");
    std::fs::write(&module, b"+++\0\0binary").unwrap();
    let out = campus(&["validate", "courses"], dir.path());
    assert!(text(&out.stderr).contains("error[E005]"), "{}", text(&out.stderr));
}

#[test]
fn a_course_validated_from_inside_finds_the_path_above() {
    let dir = tempfile::tempdir().unwrap();
    let root = path_with_course(dir.path());
    let out = campus(&["validate", ".", "--deny-warnings"], &root.join("demo"));
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn scorm2004_with_one_sco_per_module_warns_that_moodle_breaks_it() {
    let dir = tempfile::tempdir().unwrap();
    path_with_course(dir.path());
    let out = campus(&["build", "courses", "--target", "scorm2004", "--out", "a"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("warning[W072]"), "{stderr}");
    assert!(stderr.contains("--target scorm12") && stderr.contains("--single-sco"), "{stderr}");
    let out = campus(&["build", "courses", "--target", "scorm2004", "--out", "b", "--deny-warnings"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    for args in [vec!["--target", "scorm2004", "--single-sco", "--out", "c"], vec!["--target", "scorm12", "--out", "d"]]
    {
        let mut all = vec!["build", "courses"];
        all.extend(args);
        let out = campus(&all, dir.path());
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert!(!text(&out.stderr).contains("W072"), "{}", text(&out.stderr));
    }
}

#[test]
fn the_paths_identity_is_on_every_page_of_every_target() {
    let dir = tempfile::tempdir().unwrap();
    let root = path_with_course(dir.path());
    let toml = std::fs::read_to_string(root.join("path.toml")).unwrap().replace(
        "courses = ",
        "short_name = \"Le <b>P</b>\"\naccent_colour = \"#0b4f9c\"\nlogo = { file = \"logo.svg\", alt = \"Le Parcours\" }\ncourses = ",
    );
    std::fs::write(root.join("path.toml"), toml).unwrap();
    std::fs::write(
        root.join("logo.svg"),
        "<?xml version=\"1.0\"?>\n<!-- a square -->\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 4 4\"><rect width=\"4\" height=\"4\"/></svg>\n",
    )
    .unwrap();
    let brand = "<p class=\"brand\"><svg role=\"img\" aria-label=\"Le Parcours\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 4 4\"><rect width=\"4\" height=\"4\"/></svg>Le &lt;b&gt;P&lt;/b&gt;</p>";
    for extra in [&[][..], &["--target", "scorm12", "--single-sco"][..]] {
        let out = campus(&[&["build", "courses", "--quiet"][..], extra].concat(), dir.path());
        assert!(out.status.success(), "{}", text(&out.stderr));
        let mut pages = 0;
        for (name, bytes) in read_tree(&dir.path().join("dist")) {
            let is = |name: &str, ext: &str| Path::new(name).extension().is_some_and(|e| e == ext);
            let files: Vec<(String, Vec<u8>)> = if is(&name, "zip") {
                let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
                (0..archive.len())
                    .map(|i| {
                        let mut entry = archive.by_index(i).unwrap();
                        let mut data = Vec::new();
                        std::io::Read::read_to_end(&mut entry, &mut data).unwrap();
                        (format!("{name}/{}", entry.name().unwrap()), data)
                    })
                    .collect()
            } else {
                vec![(name, bytes)]
            };
            for (file, data) in files.into_iter().filter(|(f, _)| is(f, "html")) {
                let html = text(&data);
                if !html.contains("campus.css") {
                    continue; // a file of the course, not a page
                }
                pages += 1;
                assert!(html.contains(brand), "{file}: the logo and the short name");
                assert!(html.contains("<html lang=\"fr\" style=\"--accent:#0b4f9c\">"), "{file}: the accent colour");
            }
        }
        assert!(pages >= 14, "pages of every target checked: {pages}");
    }
}

#[test]
fn message_format_json_gives_one_object_per_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let root = path_with_course(dir.path());
    let module = root.join("demo/01-decouvrir.md");
    let source = std::fs::read_to_string(&module).unwrap();
    std::fs::write(&module, source.replace("duration_minutes = 15", "duration_minutes = 15\ncolour = \"blue\""))
        .unwrap();
    for command in ["validate", "build"] {
        let out = campus(&[command, "courses", "--message-format", "json"], dir.path());
        assert_eq!(out.status.code(), Some(1));
        let stdout = text(&out.stdout);
        let lines: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), 1, "{stdout}");
        let diagnostic = &lines[0];
        assert_eq!(diagnostic["code"], "E011");
        assert_eq!(diagnostic["severity"], "error");
        assert_eq!(diagnostic["file"], "courses/demo/01-decouvrir.md");
        assert_eq!((diagnostic["line"].as_u64(), diagnostic["column"].as_u64()), (Some(6), Some(1)));
        assert_eq!(diagnostic["end"], serde_json::json!({ "line": 6, "column": 7 }));
        assert!(diagnostic["message"].as_str().unwrap().contains("`colour`"));
        assert!(diagnostic["hints"].is_array() && diagnostic["labels"].is_array());
        assert!(!text(&out.stderr).contains("error(s)"), "the human summary is left out");
    }
    std::fs::write(&module, source).unwrap();
    let out = campus(&["validate", "courses", "--message-format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).lines().all(|l| serde_json::from_str::<serde_json::Value>(l).is_ok()));
}

/// `--watch` is followed by what it prints: each check ends with one line on stdout, so the test
/// waits for lines, never for a time.
#[test]
fn validate_watch_checks_again_on_every_save() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let root = path_with_course(dir.path());
    let mut child = Command::new(env!("CARGO_BIN_EXE_campus"))
        .args(["validate", "--watch", "courses"])
        .env("LC_ALL", "en_US.UTF-8")
        .current_dir(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let (sender, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in stdout.lines().map_while(Result::ok) {
            if line.contains("] checked ") && sender.send(line).is_err() {
                return;
            }
        }
    });
    // A save may be seen half written (checked as such): wait for the check that follows it.
    let wait_for = |verdict: &str| loop {
        let line = lines.recv_timeout(std::time::Duration::from_secs(60)).expect("a check is reported");
        if line.contains(&format!("checked courses: {verdict};")) {
            return;
        }
    };
    wait_for("valid");
    let module = root.join("demo/01-decouvrir.md");
    let source = std::fs::read_to_string(&module).unwrap();
    std::fs::write(&module, source.replace("duration_minutes = 15", "duration_minutes = 15\ncolour = 1")).unwrap();
    wait_for("not valid");
    std::fs::write(&module, &source).unwrap();
    wait_for("valid");
    child.kill().unwrap();
    child.wait().unwrap();
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    // The code and the key, whatever the language of the messages.
    assert!(stderr.contains("[E011]") && stderr.contains("`colour`"), "{stderr}");
}

#[test]
fn a_new_course_points_at_schemas_that_exist() {
    let dir = tempfile::tempdir().unwrap();
    let root = path_with_course(dir.path());
    // No schemas above: they are written beside path.toml.
    let first_line = |course: &Path| {
        std::fs::read_to_string(course.join("course.toml")).unwrap().lines().next().unwrap().to_string()
    };
    assert_eq!(first_line(&root.join("demo")), "#:schema ../schemas/course.schema.json");
    let written = std::fs::read_to_string(root.join("schemas/course.schema.json")).unwrap();
    assert_eq!(written, campus::SchemaKind::Course.pretty());
    assert!(root.join("schemas/question.schema.json").is_file());
    // Deeper, with schemas above: those are used, nothing more is written.
    let out = campus(&["new", "courses/groupe/autre"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!text(&out.stdout).contains("JSON Schemas"), "{}", text(&out.stdout));
    assert_eq!(first_line(&root.join("groupe/autre")), "#:schema ../../schemas/course.schema.json");
    // A course alone, no path.toml above: the schemas go next to it.
    let alone = tempfile::tempdir().unwrap();
    let out = campus(&["new", "seul"], alone.path());
    assert!(text(&out.stdout).contains("JSON Schemas"), "{}", text(&out.stdout));
    assert_eq!(first_line(&alone.path().join("seul")), "#:schema ../schemas/course.schema.json");
    assert!(alone.path().join("schemas/course.schema.json").is_file());
}
