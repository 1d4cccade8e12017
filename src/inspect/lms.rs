//! What does not depend on the standard alone: a Campus package recognised, the known behaviours
//! of Moodle 4.4 (measured on a real instance, or read in its manifest reader,
//! `mod/scorm/datamodels/scormlib.php`), the upload limit.

use std::io::{Read, Seek};

use super::findings::{error, note, warning, InspectCode};
use super::xml::Element;
use super::{InspectOptions, Kind, Lms, Package, Report};

/// The file of a Campus package's runtime, whose first line is its vocabulary.
const CAMPUS_RUNTIME: &str = "campus.js";
const VOCAB_PREFIX: &str = "var CAMPUS_VOCAB = ";

/// Whether the package was made by Campus (the generator mark in its metadata, or its runtime at
/// the root opening with its vocabulary), and then whether that runtime speaks the package's
/// standard.
pub(super) fn is_campus<R: Read + Seek>(package: &mut Package<'_, R>, kind: &Kind) -> bool {
    let runtime = vocabulary(package);
    let marked = package.generator.clone().filter(|name| name.starts_with("Campus"));
    match (&marked, &runtime) {
        (Some(name), _) => package.push(note(
            InspectCode::P080,
            format!("paquet produit par {name} (marque dans ses métadonnées)"),
            format!("package made by {name} (mark in its metadata)"),
        )),
        (None, Some(_)) => package.push(
            note(
                InspectCode::P080,
                "paquet produit par Campus (reconnu à son moteur)",
                "package made by Campus (recognised by its runtime)",
            )
            .file(CAMPUS_RUNTIME)
            .line(1),
        ),
        (None, None) => return false,
    }
    let Some(vocabulary) = runtime else { return true };
    let dialect = match kind {
        Kind::Scorm12 => "scorm12",
        Kind::Scorm2004(_) => "scorm2004",
        Kind::TinCan | Kind::Cmi5 => "xapi",
        Kind::Broken | Kind::NotAPackage => return true,
    };
    if vocabulary.get(dialect).is_none() {
        package.push(
            error(
                InspectCode::P081,
                format!(
                    "le moteur Campus de ce paquet n'est pas celui de {} : il ne suivra pas la progression",
                    kind.label()
                ),
                format!(
                    "this package's Campus runtime is not the one for {}: it will not track progress",
                    kind.label()
                ),
            )
            .file(CAMPUS_RUNTIME)
            .line(1)
            .fix(
                "reconstruisez le paquet avec `campus build --target …` plutôt que de mélanger des fichiers",
                "build the package again with `campus build --target …` rather than mixing files",
            ),
        );
    }
    true
}

/// The `CAMPUS_VOCAB` object of a Campus runtime.
fn vocabulary<R: Read + Seek>(package: &mut Package<'_, R>) -> Option<serde_json::Value> {
    let bytes = package.archive.read(CAMPUS_RUNTIME).ok()?;
    let first = bytes.split(|b| *b == b'\n').next()?;
    let line = std::str::from_utf8(first).ok()?;
    let json = line.strip_prefix(VOCAB_PREFIX)?.trim_end().strip_suffix(';')?;
    serde_json::from_str(json).ok()
}

pub(super) fn check<R: Read + Seek>(
    package: &mut Package<'_, R>,
    report: &Report,
    size: u64,
    options: &InspectOptions,
) {
    if options.lms != Lms::Moodle || matches!(report.kind, Kind::NotAPackage) {
        return;
    }
    if size > options.max_upload {
        let (mb, limit) = (megabytes(size), megabytes(options.max_upload));
        package.push(
            error(InspectCode::P072, format!("le fichier fait {mb} Mo, plus que la taille maximale de dépôt ({limit} Mo) : Moodle le refusera"), format!("the file is {mb} MB, over the upload limit ({limit} MB): Moodle will refuse it"))
                .fix(
                    "faites relever `upload_max_filesize` et `post_max_size` de PHP et la limite du site ou du cours, ou allégez le paquet (médias) ; donnez la limite réelle avec `--max-upload`",
                    "have PHP's `upload_max_filesize` and `post_max_size` and the site or course limit raised, or make the package lighter (media); give the real limit with `--max-upload`",
                ),
        );
    }
    match &report.kind {
        Kind::Scorm2004(_) if report.launchables > 1 => package.push(
            warning(InspectCode::P070, format!("SCORM 2004 avec {} SCO : dans Moodle 4.4, passer d'un SCO à l'autre par la table des matières échoue (erreur 104), rien n'est enregistré", report.launchables), format!("SCORM 2004 with {} SCOs: in Moodle 4.4, moving to another SCO from the table of contents fails (error 104) and nothing is recorded", report.launchables))
                .file("imsmanifest.xml")
                .fix("préférez SCORM 1.2, ou un seul SCO (`campus build --single-sco` pour un paquet Campus)", "prefer SCORM 1.2, or one SCO (`campus build --single-sco` for a Campus package)"),
        ),
        Kind::TinCan | Kind::Cmi5 => package.push(
            error(InspectCode::P073, "Moodle 4.4 ne lit ni TinCan ni cmi5 sans extension : l'activité SCORM refusera ce paquet", "Moodle 4.4 reads neither TinCan nor cmi5 without a plugin: the SCORM activity will refuse this package")
                .fix("installez une extension cmi5 ou xAPI et un LRS, ou produisez un paquet SCORM 1.2", "install a cmi5 or xAPI plugin and an LRS, or produce a SCORM 1.2 package"),
        ),
        _ => {}
    }
    // Moodle's `scormstandard` (off by default) holds SCORM 1.2 to its 4,096 characters of
    // cmi.suspend_data. Campus refuses to build a SCO whose worst-case state is longer (E070, and
    // E071 for a single SCO) and has since its first SCORM target: its packages fit. For other
    // packages, what their scripts save cannot be known from the zip.
    if report.kind == Kind::Scorm12 && !report.campus {
        package.push(
            note(
                InspectCode::P074,
                "Moodle : la taille de l'état que ce paquet enregistre (cmi.suspend_data) ne peut pas être prévue ; si l'option « Mode standards SCORM » (`scormstandard`) est activée, Moodle en refuse plus de 4 096 caractères et l'apprenant perd sa progression",
                "Moodle: the size of the state this package saves (cmi.suspend_data) cannot be predicted; with the \"SCORM standards mode\" setting (`scormstandard`) on, Moodle refuses more than 4,096 characters of it and the learner loses their progress",
            )
            .file("imsmanifest.xml")
            .fix(
                "laissez `scormstandard` désactivé (valeur par défaut), ou essayez une tentative longue (toutes les pages, toutes les réponses) avant d'ouvrir le cours",
                "leave `scormstandard` off (the default), or try a long attempt (every page, every answer) before opening the course",
            ),
        );
    }
    if matches!(report.kind, Kind::Scorm2004(_)) && report.campus {
        let hyphen = vocabulary(package).and_then(|v| v["scorm2004"]["hyphen"].as_str().map(str::to_string));
        if hyphen.as_deref() != Some("_") {
            package.push(
                error(InspectCode::P071, "ce paquet Campus écrit en SCORM 2004 des réponses avec des traits d'union, que Moodle 4.4 refuse (erreur 406) : les réponses et les scores des questions à choix ne seront pas enregistrés", "this Campus package writes SCORM 2004 responses with hyphens, which Moodle 4.4 refuses (error 406): the responses and scores of choice questions will not be recorded")
                    .file(CAMPUS_RUNTIME)
                    .line(1)
                    .fix("reconstruisez le paquet avec une version récente de Campus, ou en SCORM 1.2", "build the package again with a recent Campus, or as SCORM 1.2"),
            );
        }
    }
}

/// Bytes as megabytes with one decimal, the way upload forms say it.
fn megabytes(bytes: u64) -> String {
    let tenths = (bytes * 10 + (1 << 19)) >> 20;
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// The namespaces whose prefix Moodle's manifest reader expects literally: it reads names as
/// written, folded to upper case (`ADLCP:SCORMTYPE`), without resolving namespaces.
const ADLCP: [&str; 2] = ["http://www.adlnet.org/xsd/adlcp_rootv1p2", "http://www.adlnet.org/xsd/adlcp_v1p3"];

/// How Moodle's manifest reader takes the version: `1.2`, `1.3` or `CAM 1.3`, `2004 3rd Edition`
/// or `2004 4th Edition`, the whole text (a final newline aside); anything else is SCORM 1.2.
fn moodle_reads_2004(schemaversion: &str) -> bool {
    let text = schemaversion.strip_suffix('\n').unwrap_or(schemaversion);
    matches!(text, "1.3" | "CAM 1.3" | "2004 3rd Edition" | "2004 4th Edition")
}

/// What Moodle's manifest reader does with this manifest: a SCORM 2004 package it would play as
/// SCORM 1.2, an adlcp namespace under another prefix.
pub(super) fn moodle_manifest<R: Read + Seek>(package: &mut Package<'_, R>, root: &Element, kind: &Kind) {
    if package.lms != Lms::Moodle {
        return;
    }
    let schemaversion = root.first("metadata").and_then(|m| m.first("schemaversion"));
    if matches!(kind, Kind::Scorm2004(_)) && !schemaversion.is_some_and(|v| moodle_reads_2004(&v.text)) {
        let (text, line) = schemaversion.map_or((String::new(), root.line), |v| (v.text.clone(), v.line));
        package.push(
            error(
                InspectCode::P075,
                format!("Moodle lira ce paquet SCORM 2004 comme du SCORM 1.2 : il ne reconnaît pas `schemaversion` « {} » (il attend exactement `2004 4th Edition`, `2004 3rd Edition` ou `CAM 1.3`) ; le contenu ne trouvera pas l'API SCORM 2004 et rien ne sera suivi", text.escape_debug()),
                format!("Moodle will read this SCORM 2004 package as SCORM 1.2: it does not recognise `schemaversion` \"{}\" (it expects exactly `2004 4th Edition`, `2004 3rd Edition` or `CAM 1.3`); the content will not find the SCORM 2004 API and nothing will be tracked", text.escape_debug()),
            )
            .file("imsmanifest.xml")
            .line(line)
            .fix(
                "écrivez `<schemaversion>2004 4th Edition</schemaversion>` (ou 3rd), sans espace ni retour à la ligne autour",
                "write `<schemaversion>2004 4th Edition</schemaversion>` (or 3rd), with no space or line break around it",
            ),
        );
    }
    let prefixes: Vec<&str> = std::iter::once(root)
        .chain(root.descendants())
        .flat_map(|e| e.attributes.iter())
        .filter(|(key, value)| key.starts_with("xmlns:") && ADLCP.contains(&value.as_str()))
        .map(|(key, _)| &key["xmlns:".len()..])
        .collect();
    if let Some(other) = prefixes.iter().find(|p| **p != "adlcp") {
        package.push(
            error(
                InspectCode::P076,
                format!("le manifeste nomme l'espace de noms adlcp `{other}:` : Moodle ne lit que `adlcp:scormType` écrit tel quel, il prendra les SCO pour de simples ressources et ne suivra rien"),
                format!("the manifest names the adlcp namespace `{other}:`: Moodle reads only `adlcp:scormType` written as such, so it will take the SCOs for plain assets and track nothing"),
            )
            .file("imsmanifest.xml")
            .line(root.line)
            .fix(
                format!("déclarez l'espace de noms avec le préfixe `adlcp` (`xmlns:adlcp=\"…\"`) et écrivez `adlcp:` au lieu de `{other}:`"),
                format!("declare the namespace with the prefix `adlcp` (`xmlns:adlcp=\"…\"`) and write `adlcp:` instead of `{other}:`"),
            ),
        );
    }
}
