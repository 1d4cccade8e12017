//! `campus inspect`: Campus's own packages pass, and every hand-made broken package (made here
//! with the zip crate, never downloaded) gets its codes.

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

use campus::inspect::{inspect, InspectOptions, Limits, Lms, Report};
use campus::{BuildOptions, Diagnostics, ScoLayout, TargetName, TargetOptions};

fn options(lms: Lms) -> InspectOptions {
    InspectOptions { lms, ..InspectOptions::default() }
}

fn check(bytes: &[u8], options: &InspectOptions) -> Report {
    inspect(Cursor::new(bytes), bytes.len() as u64, "test.zip", options)
}

/// Whether this build validates against the XSDs (the cargo feature `xsd`, on by default).
const XSD: bool = cfg!(feature = "xsd");

/// The codes found, sorted, each once. Without the `xsd` feature every SCORM and cmi5 package
/// gets the note that says the XSD validation was skipped (P022): it is checked, then left out
/// so that the same assertions hold with and without the feature.
fn codes(report: &Report) -> Vec<&'static str> {
    let mut codes = report.codes();
    codes.sort_unstable();
    codes.dedup();
    if !XSD {
        use campus::inspect::Kind;
        let unread = codes.iter().any(|c| matches!(*c, "P001" | "P009" | "P020" | "P021"));
        if matches!(report.kind, Kind::Scorm12 | Kind::Scorm2004(_) | Kind::Cmi5) && !unread {
            assert!(codes.contains(&"P022"), "XSD validation said to be skipped: {:?}", report.findings);
        }
        codes.retain(|c| *c != "P022");
    }
    codes
}

/// The codes expected: P023 (an XSD violation) and P024 (checked against the 3rd Edition) only
/// when the XSDs are checked.
fn expected(codes: &[&'static str]) -> Vec<&'static str> {
    codes.iter().copied().filter(|c| XSD || !matches!(*c, "P023" | "P024")).collect()
}

/// A zip of these entries, deflated.
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        writer.start_file(*name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// Every entry of a zip, for making broken copies of a good package.
fn entries_of(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut content = Vec::new();
            file.read_to_end(&mut content).unwrap();
            (file.name().unwrap().to_string(), content)
        })
        .collect()
}

fn rezip(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let borrowed: Vec<(&str, &[u8])> = entries.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    zip_of(&borrowed)
}

/// A SCORM 1.2 manifest with one SCO launching `launch`, listing `files`, and `extra` inside the
/// organization.
fn manifest12(launch: &str, files: &[&str], extra: &str) -> Vec<u8> {
    let files: String = files.iter().map(|f| format!("<file href=\"{f}\"/>")).collect();
    format!(
        "<?xml version=\"1.0\"?>\n<manifest identifier=\"m\" xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\" xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\">\n\
<metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>\n\
<organizations default=\"org\">\n<organization identifier=\"org\"><title>T</title>\n\
<item identifier=\"i1\" identifierref=\"r1\"><title>One</title></item>\n{extra}\n</organization>\n</organizations>\n\
<resources>\n<resource identifier=\"r1\" type=\"webcontent\" adlcp:scormtype=\"sco\" href=\"{launch}\">{files}</resource>\n</resources>\n</manifest>\n"
    )
    .into_bytes()
}

fn good12() -> Vec<u8> {
    zip_of(&[("imsmanifest.xml", &manifest12("index.html", &["index.html"], "")), ("index.html", b"<html></html>")])
}

// ---- Campus's own packages ----

fn build(out: &Path, targets: &[TargetName], target_options: TargetOptions) {
    let course = Path::new(env!("CARGO_MANIFEST_DIR")).join("courses/comprendre");
    let mut diags = Diagnostics::new();
    let loaded = campus::load(&course, &mut diags).unwrap();
    let checked = campus::check(loaded, &mut diags).unwrap_or_else(|| panic!("{:?}", diags.sorted()));
    let options =
        BuildOptions { targets: targets.to_vec(), out: out.to_path_buf(), source_date_epoch: None, target_options };
    campus::build(&checked, &options).unwrap();
}

fn package(out: &Path, target: &str) -> PathBuf {
    let dir = out.join(target);
    let name = std::fs::read_dir(&dir).unwrap().next().unwrap().unwrap().file_name();
    dir.join(name)
}

#[test]
fn campus_packages_pass_and_moodle_gets_its_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let all = [TargetName::Scorm12, TargetName::Scorm2004, TargetName::Xapi, TargetName::Cmi5];
    build(&dir.path().join("default"), &all, TargetOptions::default());
    let single = TargetOptions { scos: ScoLayout::OnePerCourse, ..TargetOptions::default() };
    build(&dir.path().join("single"), &[TargetName::Scorm2004], single);
    let third = TargetOptions { edition: campus::Scorm2004Edition::Third, ..TargetOptions::default() };
    build(&dir.path().join("third"), &[TargetName::Scorm2004], third);
    let generic = options(Lms::Generic);
    let moodle = options(Lms::Moodle);
    for target in ["scorm12", "scorm2004", "xapi", "cmi5"] {
        let file = package(&dir.path().join("default"), target);
        let report = campus::inspect::inspect_file(&file, &generic).unwrap();
        assert_eq!(report.exit_code(), 0, "{target}: {:?}", report.findings);
        assert!(report.campus && codes(&report).contains(&"P080"), "{target}");
        assert_eq!(report.warnings(), 0, "{target}: {:?}", report.findings);
        assert!(!codes(&report).contains(&"P023"), "{target}: {:?}", report.findings);
        assert_eq!(report.xsd_validation, XSD && target != "xapi", "{target}: validated against its XSD");
        let campus = report.findings.iter().find(|f| f.code.as_str() == "P080").unwrap();
        let by_mark = campus.message.en.starts_with("package made by Campus ")
            && campus.message.en.ends_with("(mark in its metadata)");
        assert_eq!(by_mark, target.starts_with("scorm"), "{target}: {}", campus.message.en);
    }
    let third = campus::inspect::inspect_file(&package(&dir.path().join("third"), "scorm2004"), &generic).unwrap();
    assert_eq!(third.kind, campus::inspect::Kind::Scorm2004("2004 3rd Edition".into()));
    assert_eq!(codes(&third), ["P080"], "{:?}", third.findings);
    assert!(
        third.findings.iter().any(|f| f.message.en.ends_with("(mark in its metadata)")),
        "the mark in metadata.xml"
    );
    let scorm12 = campus::inspect::inspect_file(&package(&dir.path().join("default"), "scorm12"), &moodle).unwrap();
    assert_eq!(codes(&scorm12), ["P080"]);
    let scorm2004 = campus::inspect::inspect_file(&package(&dir.path().join("default"), "scorm2004"), &moodle).unwrap();
    assert_eq!(codes(&scorm2004), ["P070", "P080"], "several SCOs in SCORM 2004");
    assert_eq!(scorm2004.exit_code(), 0);
    let one = campus::inspect::inspect_file(&package(&dir.path().join("single"), "scorm2004"), &moodle).unwrap();
    assert_eq!(codes(&one), ["P080"], "one SCO: no 104 in Moodle");
    let cmi5 = campus::inspect::inspect_file(&package(&dir.path().join("default"), "cmi5"), &moodle).unwrap();
    assert!(codes(&cmi5).contains(&"P073"));

    // An older Campus wrote SCORM 2004 responses with hyphens: Moodle refuses them (406).
    let bytes = std::fs::read(package(&dir.path().join("single"), "scorm2004")).unwrap();
    let mut entries = entries_of(&bytes);
    let runtime = entries.iter_mut().find(|(name, _)| name == "campus.js").unwrap();
    let text = String::from_utf8(runtime.1.clone()).unwrap().replacen("\"hyphen\":\"_\"", "\"hyphen\":null", 1);
    runtime.1 = text.into_bytes();
    let old = check(&rezip(&entries), &moodle);
    assert!(codes(&old).contains(&"P071"), "{:?}", old.findings);
    assert_eq!(old.exit_code(), 1);

    // The runtime of another standard: it would talk to an API the LMS does not offer.
    let scorm12 = std::fs::read(package(&dir.path().join("default"), "scorm12")).unwrap();
    let runtime12 = entries_of(&scorm12).into_iter().find(|(name, _)| name == "campus.js").unwrap();
    let mut mixed = entries_of(&bytes);
    *mixed.iter_mut().find(|(name, _)| name == "campus.js").unwrap() = runtime12;
    assert!(codes(&check(&rezip(&mixed), &generic)).contains(&"P081"));

    // Zipped with its folder: the most common mistake.
    let nested: Vec<(String, Vec<u8>)> =
        entries_of(&bytes).into_iter().map(|(n, b)| (format!("comprendre/{n}"), b)).collect();
    let report = check(&rezip(&nested), &generic);
    assert_eq!(codes(&report), ["P007"]);
    assert!(report.findings[0].fix.as_ref().unwrap().en.contains("open the folder `comprendre`"));
    assert_eq!(report.exit_code(), 1);
}

// ---- the zip ----

#[test]
fn a_good_hand_made_package_passes() {
    let report = check(&good12(), &options(Lms::Generic));
    assert_eq!(codes(&report), Vec::<&str>::new(), "{:?}", report.findings);
    assert_eq!((report.exit_code(), report.launchables, report.xsd_validation), (0, 1, XSD));
}

#[test]
fn names_escaping_the_root_are_refused() {
    let manifest = manifest12("index.html", &["index.html"], "");
    for evil in ["../evil.html", "/etc/evil.html", "c:/evil.html", "a\\..\\evil.html"] {
        let bytes = zip_of(&[("imsmanifest.xml", &manifest), ("index.html", b"x"), (evil, b"x")]);
        let report = check(&bytes, &options(Lms::Generic));
        assert!(codes(&report).contains(&"P002"), "{evil}: {:?}", report.findings);
        assert_eq!(report.exit_code(), 1);
    }
}

#[test]
fn symlinks_duplicates_and_case_collisions() {
    let manifest = manifest12("index.html", &["index.html", "Index.html"], "");
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    writer.start_file("imsmanifest.xml", stored).unwrap();
    writer.write_all(&manifest).unwrap();
    writer.start_file("index.html", stored).unwrap();
    writer.write_all(b"x").unwrap();
    writer.start_file("Index.html", stored).unwrap();
    writer.write_all(b"y").unwrap();
    writer.add_symlink("link.html", "/etc/passwd", stored).unwrap();
    writer.start_file("dupe-a.txt", stored).unwrap();
    writer.write_all(b"a").unwrap();
    writer.start_file("dupe-b.txt", stored).unwrap();
    writer.write_all(b"b").unwrap();
    let mut bytes = writer.finish().unwrap().into_inner();
    // The zip crate refuses to write two entries with one name: rename the second in place, in
    // its local header and in the central directory.
    let (from, to) = (b"dupe-b.txt", b"dupe-a.txt");
    let mut i = 0;
    while i + from.len() <= bytes.len() {
        if &bytes[i..i + from.len()] == from {
            bytes[i..i + from.len()].copy_from_slice(to);
        }
        i += 1;
    }
    let report = check(&bytes, &options(Lms::Generic));
    let found = codes(&report);
    for code in ["P003", "P004", "P005"] {
        assert!(found.contains(&code), "{code}: {:?}", report.findings);
    }
}

#[test]
fn a_zip_bomb_is_refused_without_inflating_it() {
    let zeros = vec![0u8; 64 << 20];
    let bytes = zip_of(&[("imsmanifest.xml", &manifest12("index.html", &["index.html"], "")), ("index.html", &zeros)]);
    assert!(bytes.len() < 1 << 20, "64 MiB of zeros deflate to {} bytes", bytes.len());
    let report = check(&bytes, &options(Lms::Generic));
    assert_eq!(codes(&report), ["P006"], "{:?}", report.findings);
    assert_eq!(report.exit_code(), 1);
}

#[test]
fn a_zip_whose_headers_lie_about_sizes_is_read_no_further_than_the_limit() {
    // 48 MiB of spaces inside the manifest, whose headers then claim 1,000 bytes: the ratio
    // check cannot see it, so the bounded read must stop it.
    let mut manifest = manifest12("index.html", &["index.html"], "");
    manifest.extend(std::iter::repeat_n(b' ', 48 << 20));
    let mut bytes = zip_of(&[("imsmanifest.xml", &manifest), ("index.html", b"x")]);
    let claimed = 1000u32.to_le_bytes();
    assert_eq!(&bytes[..4], b"PK\x03\x04");
    bytes[22..26].copy_from_slice(&claimed);
    let central = bytes.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
    bytes[central + 24..central + 28].copy_from_slice(&claimed);
    let report = check(&bytes, &options(Lms::Generic));
    let found = codes(&report);
    assert!(found.contains(&"P009") || found.contains(&"P001"), "{:?}", report.findings);
    assert!(!found.contains(&"P006"), "the headers hide the bomb: {:?}", report.findings);
    assert_eq!(report.exit_code(), 1);
}

#[test]
fn an_xml_file_larger_than_the_limit_is_not_read() {
    let limits = Limits { max_read: 1024, ..Limits::default() };
    let padding = format!("<!-- {} -->", " ".repeat(4096));
    let mut manifest = manifest12("index.html", &["index.html"], "");
    manifest.extend_from_slice(padding.as_bytes());
    let bytes = zip_of(&[("imsmanifest.xml", &manifest), ("index.html", b"x")]);
    let report = check(&bytes, &InspectOptions { limits, ..options(Lms::Generic) });
    assert!(codes(&report).contains(&"P009"), "{:?}", report.findings);
}

#[test]
fn an_xml_bomb_is_refused_at_its_doctype() {
    let bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE manifest [\n<!ENTITY a \"aaaaaaaaaa\">\n<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n]>\n<manifest identifier=\"&c;\"/>";
    let report = check(&zip_of(&[("imsmanifest.xml", bomb.as_bytes())]), &options(Lms::Generic));
    assert_eq!(codes(&report), ["P021"], "{:?}", report.findings);
    assert_eq!((report.findings[0].line, report.exit_code()), (2, 1));
}

// ---- not a package (exit 2) ----

#[test]
fn what_is_not_a_package_is_named() {
    type Entries<'a> = Vec<(&'a str, &'a [u8])>;
    let cases: [(&str, Entries); 5] = [
        ("P013", vec![("h5p.json", b"{}"), ("content/content.json", b"{}")]),
        ("P011", vec![("course.crs", b"x"), ("course.au", b"x"), ("course.des", b"x"), ("course.cst", b"x")]),
        ("P014", vec![("index.html", b"<html></html>"), ("style.css", b"")]),
        ("P010", vec![("notes.txt", b"x")]),
        (
            "P012",
            vec![(
                "imsmanifest.xml",
                b"<manifest identifier=\"cc\"><metadata><schema>IMS Common Cartridge</schema><schemaversion>1.3.0</schemaversion></metadata></manifest>",
            )],
        ),
    ];
    let cc_namespace: &[u8] =
        b"<manifest identifier=\"cc\" xmlns=\"http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1\"/>";
    let report = check(&zip_of(&[("imsmanifest.xml", cc_namespace)]), &options(Lms::Generic));
    assert_eq!((codes(&report), report.exit_code()), (vec!["P012"], 2), "a cartridge by its namespace");
    for (code, entries) in cases {
        let report = check(&zip_of(&entries), &options(Lms::Generic));
        assert_eq!(codes(&report), [code], "{:?}", report.findings);
        assert_eq!(report.exit_code(), 2, "{code}");
    }
    let report = check(b"PK not really a zip", &options(Lms::Generic));
    assert_eq!((codes(&report), report.exit_code()), (vec!["P001"], 2));
}

// ---- SCORM ----

#[test]
fn scorm_structure() {
    let generic = options(Lms::Generic);
    let missing = check(&zip_of(&[("imsmanifest.xml", &manifest12("index.html", &["index.html"], ""))]), &generic);
    assert!(codes(&missing).contains(&"P033"), "{:?}", missing.findings);
    assert_eq!(missing.exit_code(), 1);

    let manifest = manifest12("index.html", &["index.html"], "");
    let unlisted = zip_of(&[
        ("imsmanifest.xml", &manifest12("index.html", &["index.html"], "")),
        ("index.html", b"x"),
        ("forgotten.js", b"x"),
        ("imscp_rootv1p1p2.xsd", b"<xs/>"),
    ]);
    let report = check(&unlisted, &generic);
    assert_eq!(codes(&report), ["P034"]);
    assert_eq!((report.findings[0].file.as_deref(), report.exit_code()), (Some("forgotten.js"), 0));

    let names: Vec<String> = (0..40).map(|i| format!("assets/{i:02}.png")).collect();
    let mut many: Vec<(&str, &[u8])> = vec![("imsmanifest.xml", &manifest), ("index.html", b"x")];
    many.extend(names.iter().map(|n| (n.as_str(), b"x".as_slice())));
    let report = check(&zip_of(&many), &generic);
    assert_eq!(codes(&report), ["P034"]);
    assert_eq!(report.warnings(), 1, "40 forgotten files make one finding");
    assert!(report.findings[0].message.en.starts_with("40 files"), "{}", report.findings[0].message.en);

    let duplicate = "<item identifier=\"i1\" identifierref=\"r1\"><title>Again</title></item>";
    let report = check(
        &zip_of(&[("imsmanifest.xml", &manifest12("index.html", &["index.html"], duplicate)), ("index.html", b"x")]),
        &generic,
    );
    assert!(codes(&report).contains(&"P031"), "{:?}", report.findings);
    assert_eq!(report.findings.iter().find(|f| f.code.as_str() == "P031").unwrap().line, 7, "the second one");

    let dangling = "<item identifier=\"i2\" identifierref=\"nowhere\"><title>Two</title><adlcp:masteryscore>120</adlcp:masteryscore></item>";
    let report = check(
        &zip_of(&[("imsmanifest.xml", &manifest12("index.html", &["index.html"], dangling)), ("index.html", b"x")]),
        &generic,
    );
    let found = codes(&report);
    assert!(found.contains(&"P032") && found.contains(&"P036"), "{:?}", report.findings);

    let no_default = String::from_utf8(manifest12("index.html", &["index.html"], ""))
        .unwrap()
        .replace("default=\"org\"", "default=\"other\"");
    let report = check(&zip_of(&[("imsmanifest.xml", no_default.as_bytes()), ("index.html", b"x")]), &generic);
    assert!(codes(&report).contains(&"P038"), "{:?}", report.findings);
    assert_eq!(report.exit_code(), 1);
}

#[test]
fn scorm_2004_scores_and_version() {
    let manifest = "<?xml version=\"1.0\"?>\n<manifest identifier=\"m\" xmlns=\"http://www.imsglobal.org/xsd/imscp_v1p1\" xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_v1p3\" xmlns:imsss=\"http://www.imsglobal.org/xsd/imsss\">\n\
<organizations default=\"o\"><organization identifier=\"o\"><title>T</title>\n\
<item identifier=\"a\" identifierref=\"ra\"><title>A</title><imsss:sequencing><imsss:objectives><imsss:primaryObjective satisfiedByMeasure=\"true\">\n\
<imsss:minNormalizedMeasure>80</imsss:minNormalizedMeasure></imsss:primaryObjective></imsss:objectives></imsss:sequencing></item>\n\
<item identifier=\"b\" identifierref=\"rb\"><title>B</title></item>\n\
</organization></organizations>\n<resources>\n\
<resource identifier=\"ra\" type=\"webcontent\" adlcp:scormType=\"sco\" href=\"a.html\"><file href=\"a.html\"/></resource>\n\
<resource identifier=\"rb\" type=\"webcontent\" adlcp:scormType=\"sco\" href=\"b.html\"><file href=\"b.html\"/></resource>\n\
</resources></manifest>";
    let bytes = zip_of(&[("imsmanifest.xml", manifest.as_bytes()), ("a.html", b"x"), ("b.html", b"x")]);
    let report = check(&bytes, &options(Lms::Moodle));
    assert_eq!(
        report.kind,
        campus::inspect::Kind::Scorm2004("2004".into()),
        "no schemaversion: guessed from scormType"
    );
    assert_eq!(codes(&report), expected(&["P023", "P030", "P037", "P070", "P075"]), "{:?}", report.findings);
    let p037 = report.findings.iter().find(|f| f.code.as_str() == "P037").unwrap();
    assert_eq!(p037.line, 5);
}

#[test]
fn moodle_upload_limit() {
    let small = InspectOptions { max_upload: 100, ..options(Lms::Moodle) };
    let report = check(&good12(), &small);
    assert!(codes(&report).contains(&"P072"));
    assert_eq!(check(&good12(), &options(Lms::Moodle)).exit_code(), 0);
}

// ---- TinCan and cmi5 ----

#[test]
fn tincan_ids_must_be_absolute_iris() {
    let tincan = "<tincan xmlns=\"http://projecttincan.com/tincan.xsd\"><activities>\n<activity id=\"activities/course\" type=\"http://adlnet.gov/expapi/activities/course\"><launch>index.html</launch></activity>\n</activities></tincan>";
    let report = check(&zip_of(&[("tincan.xml", tincan.as_bytes()), ("index.html", b"x")]), &options(Lms::Generic));
    assert_eq!(codes(&report), ["P051"]);
    assert_eq!(report.findings[0].line, 2);
    let nothing = "<tincan><activities><activity id=\"https://e.org/a\"/><activity id=\"https://e.org/a\"/></activities></tincan>";
    let report = check(&zip_of(&[("tincan.xml", nothing.as_bytes())]), &options(Lms::Generic));
    assert_eq!(codes(&report), ["P050", "P052"]);
}

#[test]
fn cmi5_structure() {
    let empty = "<courseStructure xmlns=\"https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd\"><course id=\"https://e.org/c\"><title><langstring>C</langstring></title></course></courseStructure>";
    let report = check(&zip_of(&[("cmi5.xml", empty.as_bytes())]), &options(Lms::Generic));
    assert_eq!(codes(&report), expected(&["P023", "P053"]));
    let bad = "<courseStructure><course id=\"https://e.org/c\"/>\n<au id=\"https://e.org/a\" launchMethod=\"NewWindow\" moveOn=\"Completed\" masteryScore=\"0.8\"><url>a.html</url></au>\n<au id=\"https://e.org/b\" masteryScore=\"80\"/>\n</courseStructure>";
    let report = check(&zip_of(&[("cmi5.xml", bad.as_bytes()), ("a.html", b"x")]), &options(Lms::Generic));
    assert_eq!(codes(&report), expected(&["P023", "P054", "P055", "P057", "P058"]), "{:?}", report.findings);
}

// ---- the command ----

#[test]
fn the_command_prints_a_table_and_the_highest_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.zip");
    let h5p = dir.path().join("quiz.h5p");
    std::fs::write(&good, good12()).unwrap();
    std::fs::write(&h5p, zip_of(&[("h5p.json", b"{}")])).unwrap();
    let run = |args: &[&str], lang: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_campus"))
            .arg("inspect")
            .args(args)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", lang)
            .output()
            .unwrap()
    };
    let out = run(&[good.to_str().unwrap(), h5p.to_str().unwrap()], "fr_FR.UTF-8");
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(text.contains("verdict: s'importera et suivra la progression"), "{text}");
    assert!(text.contains("pas un paquet") && text.contains("paquet "), "{text}");
    let out = run(&["--message-format", "json", "--lms", "moodle", good.to_str().unwrap()], "C");
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["language"], "en");
    assert_eq!(json["packages"][0]["verdict"], "will import into Moodle and track progress");
    assert_eq!(json["packages"][0]["xsd_validation"], XSD);
    let found: Vec<&str> =
        json["packages"][0]["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert_eq!(found, if XSD { vec!["P074"] } else { vec!["P022", "P074"] });
    let out = run(&["--format", "html", good.to_str().unwrap(), h5p.to_str().unwrap()], "fr_FR.UTF-8");
    let page = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"), "{page}");
    assert!(page.contains("<td>P013</td>") && page.contains("l'activité « Contenu H5P »"), "{page}");
}

// ---- the corpus of hand-made manifests (tests/inspect_corpus/) ----

/// A file of `tests/inspect_corpus/` and the codes its first comment expects: `Expected: P023,
/// P039.` (or `no finding`) under `--lms generic`, then `With lms moodle: …` when given.
struct Case {
    name: String,
    xml: Vec<u8>,
    generic: Vec<&'static str>,
    moodle: Option<Vec<&'static str>>,
}

fn codes_in(text: &str) -> Vec<&'static str> {
    campus::inspect::InspectCode::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| text.split(|ch: char| !ch.is_ascii_alphanumeric()).any(|word| word == *c))
        .collect()
}

fn corpus() -> Vec<Case> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/inspect_corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "xml"));
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let xml = std::fs::read(&path).unwrap();
            let text = String::from_utf8_lossy(&xml).into_owned();
            let expected = text.split_once("Expected:").unwrap_or_else(|| panic!("{}: no Expected:", path.display())).1;
            let expected = &expected[..expected.find("-->").unwrap()];
            let (generic, moodle) = match expected.split_once("With lms moodle:") {
                Some((generic, moodle)) => (codes_in(generic), Some(codes_in(moodle))),
                None => (codes_in(expected), None),
            };
            Case { name: path.file_name().unwrap().to_string_lossy().into_owned(), xml, generic, moodle }
        })
        .collect()
}

fn case(name: &str) -> Case {
    corpus().into_iter().find(|c| c.name == name).unwrap()
}

/// A package around a corpus file: the manifest (or cmi5.xml) and the pages it launches.
fn corpus_package(name: &str, xml: &[u8]) -> Vec<u8> {
    let manifest = if name.starts_with("cmi5-") { "cmi5.xml" } else { "imsmanifest.xml" };
    let text = String::from_utf8_lossy(xml);
    let mut entries: Vec<(&str, &[u8])> = vec![(manifest, xml)];
    for page in ["index.html", "a.html", "b.html"] {
        if text.contains(&format!("href=\"{page}\"")) || text.contains(&format!("<url>{page}</url>")) {
            entries.push((page, b"<html></html>"));
        }
    }
    zip_of(&entries)
}

#[test]
fn hand_made_manifests_get_the_codes_they_expect() {
    let generic = options(Lms::Generic);
    let cases = corpus();
    assert!(cases.len() >= 20, "the corpus is there");
    for Case { name, xml, generic: expected_codes, moodle } in &cases {
        if let Some(moodle) = moodle {
            let report = check(&corpus_package(name, xml), &options(Lms::Moodle));
            assert_eq!(codes(&report), expected(moodle), "{name} in Moodle: {:#?}", report.findings);
        }
        let report = check(&corpus_package(name, xml), &generic);
        assert_eq!(codes(&report), expected(expected_codes), "{name}: {:#?}", report.findings);
        for finding in &report.findings {
            assert!(!finding.message.fr.is_empty() && !finding.message.en.is_empty(), "{name}: {finding:?}");
            if matches!(finding.code.as_str(), "P023" | "P020") {
                assert!(finding.line > 2, "{name}: an XSD violation says its line: {finding:?}");
                assert_eq!(
                    finding.file.as_deref(),
                    Some(if name.starts_with("cmi5-") { "cmi5.xml" } else { "imsmanifest.xml" })
                );
                assert!(finding.fix.is_some(), "{name}");
            }
        }
    }
}

#[test]
fn xsd_findings_weigh_less_in_moodle_which_does_not_check_the_schemas() {
    let package = corpus_package("12-wrong-order.xml", &case("12-wrong-order.xml").xml);
    let generic = check(&package, &options(Lms::Generic));
    let moodle = check(&package, &options(Lms::Moodle));
    assert_eq!(generic.exit_code(), if XSD { 1 } else { 0 });
    assert_eq!(codes(&moodle), expected(&["P023", "P074"]), "{:?}", moodle.findings);
    assert_eq!(moodle.exit_code(), 0, "a warning in Moodle: {:?}", moodle.findings);
    if XSD {
        let p023 = generic.findings.iter().find(|f| f.code.as_str() == "P023").unwrap();
        assert_eq!(p023.line, 6, "the first element out of place");
        assert!(p023.message.en.contains("imscp:resources") && p023.message.en.contains("not expected"), "{p023:?}");
        assert!(p023.message.fr.contains("n'est pas attendu"), "{p023:?}");
        assert!(
            generic.findings.iter().all(|f| !f.message.en.contains("http://www.imsproject.org")),
            "namespaces shortened"
        );
    }
}

/// The same verdict as `xmllint --nonet --noout --schema driver.xsd` on every corpus case (when
/// xmllint is installed: tests/run.sh installs it): refused by xmllint exactly when P023 (not
/// valid) or P020 (not well-formed for libxml2) is found.
#[test]
fn the_xsd_validation_agrees_with_xmllint() {
    if !XSD || std::process::Command::new("xmllint").arg("--version").output().is_err() {
        eprintln!("skipped: no xsd feature or no xmllint");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let schemas = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/xsd");
    let drivers = [
        (
            "scorm12edition",
            vec![
                ("http://www.imsproject.org/xsd/imscp_rootv1p1p2", "imscp_rootv1p1p2.xsd"),
                ("http://www.adlnet.org/xsd/adlcp_rootv1p2", "adlcp_rootv1p2.xsd"),
                ("http://www.imsglobal.org/xsd/imsmd_rootv1p2p1", "imsmd_rootv1p2p1.xsd"),
            ],
        ),
        ("scorm20043rdedition", vec![]),
        ("scorm20044thedition", vec![]),
    ];
    let v2004 = [
        ("http://www.imsglobal.org/xsd/imscp_v1p1", "imscp_v1p1.xsd"),
        ("http://www.adlnet.org/xsd/adlcp_v1p3", "adlcp_v1p3.xsd"),
        ("http://www.adlnet.org/xsd/adlseq_v1p3", "adlseq_v1p3.xsd"),
        ("http://www.adlnet.org/xsd/adlnav_v1p3", "adlnav_v1p3.xsd"),
        ("http://www.imsglobal.org/xsd/imsss", "imsss_v1p0.xsd"),
    ];
    for (edition, imports) in drivers {
        let folder = dir.path().join(edition);
        std::fs::create_dir(&folder).unwrap();
        for entry in std::fs::read_dir(schemas.join(edition)).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), folder.join(entry.file_name())).unwrap();
        }
        let imports = if imports.is_empty() { v2004.to_vec() } else { imports };
        let lines: String = imports
            .iter()
            .map(|(ns, file)| format!("<xsd:import namespace=\"{ns}\" schemaLocation=\"{file}\"/>\n"))
            .collect();
        std::fs::write(folder.join("driver.xsd"), format!("<xsd:schema xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" targetNamespace=\"urn:driver\">\n{lines}</xsd:schema>\n")).unwrap();
    }
    for Case { name, xml, .. } in corpus() {
        if String::from_utf8_lossy(&xml).contains("<!DOCTYPE") {
            continue; // refused before any validation (P021)
        }
        let schema = match name.split('-').next().unwrap() {
            "12" => dir.path().join("scorm12edition/driver.xsd"),
            "cmi5" => schemas.join("cmi5/CourseStructure.xsd"),
            _ if name.contains("second-edition") => dir.path().join("scorm20043rdedition/driver.xsd"),
            _ => dir.path().join("scorm20044thedition/driver.xsd"),
        };
        let file = dir.path().join(&name);
        std::fs::write(&file, &xml).unwrap();
        let out = std::process::Command::new("xmllint")
            .arg("--nonet")
            .arg("--noout")
            .arg("--schema")
            .arg(&schema)
            .arg(&file)
            .output()
            .unwrap();
        let report = check(&corpus_package(&name, &xml), &options(Lms::Generic));
        let ours = report.codes().iter().any(|c| matches!(*c, "P023" | "P020"));
        assert_eq!(ours, !out.status.success(), "{name}: xmllint says {}", String::from_utf8_lossy(&out.stderr));
    }
}
