//! Rebuilding the web edition of the Reset path in place (issue 15): only what changed is
//! written (unchanged files keep their inode and modification time), what is no longer produced
//! disappears, and a build with errors changes nothing at all.

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::process::{Command, Output};

/// Each file of a tree by relative name: its inode, modification time (ns) and size.
type Snapshot = BTreeMap<String, (u64, i64, i64, u64)>;

fn snapshot(dir: &Path) -> Snapshot {
    let mut files = Snapshot::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            let meta = path.symlink_metadata().unwrap();
            if meta.is_dir() {
                stack.push(path);
            } else {
                let name = path.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                files.insert(name, (meta.ino(), meta.mtime(), meta.mtime_nsec(), meta.size()));
            }
        }
    }
    files
}

/// The names whose file is new or was rewritten since `before`, and those gone.
fn changes(before: &Snapshot, after: &Snapshot) -> (Vec<String>, Vec<String>) {
    let touched = after.iter().filter(|(name, file)| before.get(*name) != Some(*file)).map(|(n, _)| n.clone());
    let gone = before.keys().filter(|name| !after.contains_key(*name)).cloned();
    (touched.collect(), gone.collect())
}

/// A copy of the Reset path in `dir/courses`.
fn copy_courses(dir: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("courses");
    let status = Command::new("cp").arg("-R").arg(from).arg(dir.join("courses")).status().unwrap();
    assert!(status.success());
}

fn build_web(cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_campus"))
        .args(["build", "courses", "--target", "web", "--lang", "en"])
        .current_dir(cwd)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("campus runs")
}

/// Builds, expecting success, and returns the line that counts the web edition's files.
fn rebuild(cwd: &Path) -> String {
    let out = build_web(cwd);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    stdout.lines().find(|l| l.starts_with("web: ")).unwrap_or_else(|| panic!("no web line: {stdout}")).to_string()
}

fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{}: {from}", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).unwrap();
}

fn append(file: &Path, text: &str) {
    let mut whole = std::fs::read_to_string(file).unwrap();
    whole.push_str(text);
    std::fs::write(file, whole).unwrap();
}

#[test]
fn a_rebuild_of_the_reset_path_touches_only_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let courses = dir.path().join("courses");
    copy_courses(dir.path());
    let web = dir.path().join("dist/web");
    let first = rebuild(dir.path());
    let built = snapshot(&web);
    let total = built.len();
    assert_eq!(first, format!("web: {total} file(s) written, 0 unchanged, 0 removed"));
    // A rebuild a moment later without any edit writes nothing.
    std::thread::sleep(std::time::Duration::from_millis(20));
    assert_eq!(rebuild(dir.path()), format!("web: 0 file(s) written, {total} unchanged, 0 removed"));
    assert_eq!(snapshot(&web), built);

    // The text of one module: its page only.
    let module = courses.join("comprendre/02-programme-reset.md");
    append(&module, "\nUn paragraphe ajouté à la fin.\n");
    let line = rebuild(dir.path());
    let edited = snapshot(&web);
    assert_eq!(changes(&built, &edited), (vec!["comprendre/programme-reset.html".to_string()], vec![]));
    assert_eq!(line, format!("web: 1 file(s) written, {} unchanged, 0 removed", total - 1));

    // Its title: also the pages that list the course's modules (course home, path summary).
    edit(&module, "title = \"Le programme #Reset", "title = \"Le programme Reset");
    rebuild(dir.path());
    let retitled = snapshot(&web);
    let expected = ["comprendre/index.html", "comprendre/programme-reset.html", "summary.html"];
    assert_eq!(changes(&edited, &retitled), (expected.map(String::from).to_vec(), vec![]));

    // A module taken out of the course: its page disappears; the pages that list or count the
    // course's modules change.
    let course = courses.join("comprendre/course.toml");
    edit(&course, "    \"03-sept-qualites.md\",\n", "");
    std::fs::remove_file(courses.join("comprendre/03-sept-qualites.md")).unwrap();
    let line = rebuild(dir.path());
    let removed = snapshot(&web);
    let (touched, gone) = changes(&retitled, &removed);
    assert_eq!(touched, ["comprendre/index.html", "index.html", "summary.html"]);
    assert!(gone.contains(&"comprendre/sept-qualites.html".to_string()), "{gone:?}");
    assert!(line.ends_with(&format!("{} removed", gone.len())), "{line}");
    assert!(gone.iter().all(|name| name.starts_with("comprendre/")), "{gone:?}");

    // Sources with an error: nothing at all changes.
    edit(&module, "+++\nid = ", "+++\ncolour = 1\nid = ");
    let out = build_web(dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(snapshot(&web), removed);
    let mut names: Vec<_> =
        std::fs::read_dir(dir.path().join("dist")).unwrap().map(|e| e.unwrap().file_name()).collect();
    names.sort();
    assert_eq!(names, [".campus-lock", "web"], "nothing but the web edition and the build lock, no temporary folder");
}

#[test]
fn an_unchanged_package_keeps_its_file() {
    let dir = tempfile::tempdir().unwrap();
    copy_courses(dir.path());
    let build = || {
        let out = Command::new(env!("CARGO_BIN_EXE_campus"))
            .args(["build", "courses", "--target", "scorm12", "--quiet"])
            .current_dir(dir.path())
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        snapshot(&dir.path().join("dist/scorm12"))
    };
    let before = build();
    append(&dir.path().join("courses/comprendre/01-pourquoi-changer.md"), "\nUn paragraphe ajouté.\n");
    let (touched, gone) = changes(&before, &build());
    assert_eq!(touched, ["comprendre-1.0.0-scorm12.zip"]);
    assert!(gone.is_empty());
}
