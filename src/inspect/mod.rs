//! `campus inspect`: will this package import and track in an LMS? The top layer: it reads zips
//! made by any tool, never course sources, and uses no other layer of the compiler. It opens
//! the zip with bounded memory ([`archive`]), recognises what it holds, then checks SCORM
//! ([`scorm`]), TinCan or cmi5 ([`xapi`]) and the known behaviours of an LMS ([`lms`]).
//! Findings carry their own stable codes (`P…`, [`findings`]) and speak French and English.

mod archive;
mod findings;
mod lms;
mod output;
mod scorm;
mod sequencing;
mod xapi;
mod xml;
mod xsd;

use std::io::{Read, Seek};
use std::path::Path;

use clap::ValueEnum;

pub use archive::Limits;
pub use findings::{Finding, InspectCode, Lang, Level, Text};
pub use output::{html_report, json_report, summary_table, text_report};

use archive::{Archive, ReadError};
use findings::{error, note};
use xml::{Element, XmlError};

/// The LMS whose known behaviours are checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Lms {
    /// What every conformant LMS needs, nothing more
    Generic,
    /// Moodle 4.4's SCORM activity, as measured on a real instance
    Moodle,
}

/// How to inspect.
#[derive(Clone, Copy, Debug)]
pub struct InspectOptions {
    pub lms: Lms,
    /// The largest file the LMS accepts, in bytes.
    pub max_upload: u64,
    pub limits: Limits,
}

impl Default for InspectOptions {
    fn default() -> Self {
        Self { lms: Lms::Generic, max_upload: 2 << 20, limits: Limits::default() }
    }
}

/// What the zip holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    Scorm12,
    /// SCORM 2004, with its edition as the manifest says it (`2004 4th Edition`).
    Scorm2004(String),
    TinCan,
    Cmi5,
    /// A package whose manifest is not at the root, or that could not be opened safely.
    Broken,
    /// Not an e-learning package.
    NotAPackage,
}

impl Kind {
    pub fn label(&self) -> String {
        match self {
            Kind::Scorm12 => "SCORM 1.2".into(),
            Kind::Scorm2004(edition) => format!("SCORM {edition}"),
            Kind::TinCan => "TinCan (xAPI)".into(),
            Kind::Cmi5 => "cmi5".into(),
            Kind::Broken => "?".into(),
            Kind::NotAPackage => "-".into(),
        }
    }
}

/// Everything found in one package.
#[derive(Clone, Debug)]
pub struct Report {
    /// The package as named on the command line.
    pub package: String,
    pub kind: Kind,
    pub lms: Lms,
    /// Made by Campus (its generator mark, or its runtime).
    pub campus: bool,
    /// How many SCOs or AUs it launches.
    pub launchables: usize,
    /// Whether the manifest or `cmi5.xml` was validated against its XSDs.
    pub xsd_validation: bool,
    pub findings: Vec<Finding>,
}

impl Report {
    /// 0 fine, 1 errors, 2 not a package.
    pub fn exit_code(&self) -> u8 {
        if self.kind == Kind::NotAPackage {
            2
        } else if self.errors() > 0 {
            1
        } else {
            0
        }
    }

    pub fn errors(&self) -> usize {
        self.findings.iter().filter(|f| f.level == Level::Error).count()
    }

    pub fn warnings(&self) -> usize {
        self.findings.iter().filter(|f| f.level == Level::Warning).count()
    }

    pub fn codes(&self) -> Vec<&'static str> {
        self.findings.iter().map(|f| f.code.as_str()).collect()
    }
}

/// Inspects the zip at `path`.
pub fn inspect_file(path: &Path, options: &InspectOptions) -> std::io::Result<Report> {
    let file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    Ok(inspect(std::io::BufReader::new(file), size, &path.display().to_string(), options))
}

/// Inspects a zip read from `reader`, `size` bytes long, shown as `name`.
pub fn inspect<R: Read + Seek>(reader: R, size: u64, name: &str, options: &InspectOptions) -> Report {
    let mut findings = Vec::new();
    let mut report = Report {
        package: name.to_string(),
        kind: Kind::Broken,
        lms: options.lms,
        campus: false,
        launchables: 0,
        xsd_validation: false,
        findings: Vec::new(),
    };
    match Archive::open(reader, options.limits, &mut findings) {
        Ok(mut archive) => {
            let refused = findings.iter().any(|f| f.code == InspectCode::P006);
            if !refused {
                let mut package = Package {
                    archive: &mut archive,
                    findings: &mut findings,
                    generator: None,
                    lms: options.lms,
                    xsd_validation: false,
                };
                report.kind = package.recognise();
                match report.kind {
                    Kind::Scorm12 | Kind::Scorm2004(_) => {
                        report.launchables = scorm::check(&mut package, &report.kind);
                    }
                    Kind::TinCan => report.launchables = xapi::check_tincan(&mut package),
                    Kind::Cmi5 => report.launchables = xapi::check_cmi5(&mut package),
                    Kind::Broken | Kind::NotAPackage => {}
                }
                report.xsd_validation = package.xsd_validation;
                report.campus = lms::is_campus(&mut package, &report.kind);
                lms::check(&mut package, &report, size, options);
            }
        }
        Err(finding) => {
            findings.push(*finding);
            report.kind = Kind::NotAPackage;
        }
    }
    findings.sort_by(|a, b| (a.level, &a.file, a.line, a.code).cmp(&(b.level, &b.file, b.line, b.code)));
    report.findings = findings;
    report
}

/// The zip being inspected and what was found so far.
pub(crate) struct Package<'a, R: Read + Seek> {
    archive: &'a mut Archive<R>,
    findings: &'a mut Vec<Finding>,
    /// The generator named in the metadata (`Campus 0.1.0`), when there is a mark.
    generator: Option<String>,
    /// The LMS profile (some findings weigh differently in an LMS that does not validate).
    lms: Lms,
    /// Whether an XSD validation was done.
    xsd_validation: bool,
}

impl<R: Read + Seek> Package<'_, R> {
    fn push(&mut self, finding: Finding) {
        self.findings.push(finding);
    }

    /// Reads and parses an XML file of the zip; problems become findings.
    fn xml(&mut self, name: &str) -> Option<Element> {
        self.xml_and_bytes(name).map(|(root, _)| root)
    }

    /// Like [`Package::xml`], with the bytes read (for the XSD validation, which reads them
    /// again from memory).
    fn xml_and_bytes(&mut self, name: &str) -> Option<(Element, Vec<u8>)> {
        let bytes = match self.archive.read(name) {
            Ok(bytes) => bytes,
            Err(ReadError::Missing) => return None,
            Err(ReadError::TooLarge) => {
                let limit = self.archive.limits.max_read >> 20;
                self.push(
                    error(
                        InspectCode::P009,
                        format!("fichier XML trop grand pour être lu (plus de {limit} Mio) : non vérifié"),
                        format!("XML file too large to be read (over {limit} MiB): not checked"),
                    )
                    .file(name)
                    .fix(
                        "un manifeste tient en quelques centaines de Kio ; réexportez le paquet",
                        "a manifest takes a few hundred KiB; export the package again",
                    ),
                );
                return None;
            }
            Err(ReadError::Broken(why)) => {
                self.push(
                    error(InspectCode::P001, format!("entrée illisible ({why})"), format!("unreadable entry ({why})"))
                        .file(name)
                        .fix("refaites le zip", "make the zip again"),
                );
                return None;
            }
        };
        match xml::parse(&bytes) {
            Ok(root) => Some((root, bytes)),
            Err(XmlError::Doctype(line)) => {
                self.push(
                    error(
                        InspectCode::P021,
                        "une déclaration DOCTYPE (DTD, entités) : refusée, c'est la porte des bombes XML et des entités externes",
                        "a DOCTYPE declaration (DTD, entities): refused, it is how XML bombs and external entities get in",
                    )
                    .file(name)
                    .line(line)
                    .fix("retirez la ligne `<!DOCTYPE …>` ; les schémas se déclarent par `xsi:schemaLocation`", "remove the `<!DOCTYPE …>` line; schemas are declared with `xsi:schemaLocation`"),
                );
                None
            }
            Err(XmlError::Malformed(line, why)) => {
                self.push(malformed(name, line, &why));
                None
            }
        }
    }

    /// Validates an XML file of the zip, already read into `bytes`, against `schema`; the
    /// violations become findings (P023), the first few one by one.
    fn validate(&mut self, name: &str, bytes: &[u8], schema: xsd::Schema) {
        let violations = match xsd::validate(schema, bytes) {
            Ok(violations) => violations,
            Err(why) => {
                self.push(
                    note(
                        InspectCode::P022,
                        format!("validation par les schémas XSD non faite ({why}) : seules les règles de structure ont été vérifiées"),
                        format!("XSD validation not done ({why}): only the structural rules were checked"),
                    )
                    .file(name),
                );
                return;
            }
        };
        if let Some(broken) = violations.iter().find(|v| v.malformed) {
            self.push(malformed(name, broken.line, &broken.message));
            return;
        }
        self.xsd_validation = true;
        const ONE_BY_ONE: usize = 10;
        let count = violations.len();
        let (level, consequence_fr, consequence_en) = match self.lms {
            Lms::Moodle => (
                Level::Warning,
                "Moodle ne vérifie pas les schémas, mais une plate-forme plus stricte refusera ce paquet",
                "Moodle does not check the schemas, but a stricter platform will refuse this package",
            ),
            Lms::Generic => (
                Level::Error,
                "une plate-forme conforme peut refuser ce paquet",
                "a conformant platform may refuse this package",
            ),
        };
        for violation in violations.iter().take(ONE_BY_ONE) {
            let what = schema.label();
            self.push(
                Finding::new(
                    level,
                    InspectCode::P023,
                    Text::new(
                        format!("non conforme au schéma XSD {what} ({consequence_fr}) : {}", xsd::french(&violation.message)),
                        format!("does not conform to the {what} XSD ({consequence_en}): {}", violation.message),
                    ),
                )
                .file(name)
                .line(violation.line)
                .fix(
                    "corrigez cet élément comme le schéma le demande, ou réexportez le paquet avec un outil qui produit des manifestes conformes",
                    "fix this element as the schema requires, or export the package again with a tool that writes conformant manifests",
                ),
            );
        }
        if count > ONE_BY_ONE {
            let more = count - ONE_BY_ONE;
            self.push(
                Finding::new(
                    level,
                    InspectCode::P023,
                    Text::new(
                        format!("et {more} autre(s) écart(s) au schéma XSD, non détaillés"),
                        format!("and {more} more XSD violation(s), not detailed"),
                    ),
                )
                .file(name),
            );
        }
    }

    /// What the zip holds, from the files at its root.
    fn recognise(&mut self) -> Kind {
        if self.archive.has("imsmanifest.xml") {
            return scorm::version(self);
        }
        if self.archive.has("cmi5.xml") {
            return Kind::Cmi5;
        }
        if self.archive.has("tincan.xml") {
            return Kind::TinCan;
        }
        for manifest in ["imsmanifest.xml", "cmi5.xml", "tincan.xml"] {
            if let Some(folder) = archive::nested(self.archive.files(), manifest) {
                self.push(
                    error(
                        InspectCode::P007,
                        format!("`{manifest}` est dans le sous-dossier `{folder}/` au lieu d'être à la racine du zip (le paquet a été zippé avec son dossier)"),
                        format!("`{manifest}` is in the subfolder `{folder}/` instead of the root of the zip (the package was zipped with its folder)"),
                    )
                    .file(format!("{folder}/{manifest}"))
                    .fix(
                        format!("ouvrez le dossier `{folder}`, sélectionnez tout ce qu'il contient et zippez cette sélection (pas le dossier)"),
                        format!("open the folder `{folder}`, select everything inside it and zip that selection (not the folder)"),
                    ),
                );
                return Kind::Broken;
            }
        }
        self.not_a_package();
        Kind::NotAPackage
    }

    fn not_a_package(&mut self) {
        let names: Vec<String> = self.archive.files().map(|e| e.name.to_ascii_lowercase()).collect();
        let has_ext = |ext: &str| names.iter().any(|n| extension(n) == ext);
        let finding = if self.archive.has("h5p.json") {
            note(
                InspectCode::P013,
                "ce n'est pas un paquet SCORM : c'est un contenu H5P",
                "not a SCORM package: this is an H5P content",
            )
            .fix(
                "dans Moodle, ajoutez-le avec l'activité « Contenu H5P », pas avec l'activité SCORM",
                "in Moodle, add it with the \"H5P\" activity, not the SCORM activity",
            )
        } else if ["au", "crs", "des", "cst"].iter().all(|ext| has_ext(ext)) || has_ext("crs") {
            note(
                InspectCode::P011,
                "ce n'est pas un paquet SCORM, TinCan ni cmi5 : c'est un cours AICC (fichiers .crs, .au, .des, .cst)",
                "not a SCORM, TinCan or cmi5 package: this is an AICC course (.crs, .au, .des, .cst files)",
            )
            .fix(
                "demandez à l'outil auteur un export SCORM 1.2 ; l'activité SCORM de Moodle ne lit l'AICC qu'en option",
                "ask the authoring tool for a SCORM 1.2 export; Moodle's SCORM activity reads AICC only as an option",
            )
        } else if names.iter().any(|n| !n.contains('/') && matches!(extension(n).as_str(), "html" | "htm")) {
            note(InspectCode::P014, "ce n'est pas un paquet : un site HTML sans manifeste, qu'une plate-forme ne peut pas suivre", "not a package: an HTML site without a manifest, which a platform cannot track").fix(
                "exportez-le au format SCORM depuis l'outil auteur, ou déposez-le comme ressource « Fichier » ou « Page » sans suivi",
                "export it as SCORM from the authoring tool, or upload it as a \"File\" or \"Page\" resource without tracking",
            )
        } else {
            note(
                InspectCode::P010,
                "ce n'est pas un paquet : ni imsmanifest.xml, ni tincan.xml, ni cmi5.xml, ni rien de reconnaissable",
                "not a package: no imsmanifest.xml, tincan.xml or cmi5.xml, nothing recognisable",
            )
            .fix(
                "vérifiez que c'est bien l'export SCORM, TinCan ou cmi5 de l'outil auteur",
                "check that this is the SCORM, TinCan or cmi5 export of the authoring tool",
            )
        };
        self.push(finding);
    }
}

/// P020: an XML file that is not well-formed, at this line.
fn malformed(name: &str, line: usize, why: &str) -> Finding {
    error(InspectCode::P020, format!("XML mal formé : {why}"), format!("XML not well-formed: {why}"))
        .file(name)
        .line(line)
        .fix("corrigez le fichier ou réexportez le paquet", "fix the file or export the package again")
}

/// The extension of a file name, lowercased.
pub(crate) fn extension(name: &str) -> String {
    name.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase()).unwrap_or_default()
}

/// Resolves `href` against `base` inside the zip: query and fragment dropped, `%XX` decoded,
/// `.` and `..` folded. `None` for an absolute URL (outside the package).
pub(crate) fn resolve(base: &str, href: &str) -> Option<String> {
    let href = href.trim();
    let scheme = href.split_once(':').is_some_and(|(s, _)| {
        s.len() > 1
            && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && s.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    if scheme || href.starts_with("//") {
        return None;
    }
    let path = href.split(['?', '#']).next().unwrap_or("");
    let joined = format!("{base}{}", crate::load::percent_decode(path));
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// Whether `id` is an absolute IRI: a scheme, a colon, something after it.
pub(crate) fn is_absolute_iri(id: &str) -> bool {
    let Some((scheme, rest)) = id.split_once(':') else { return false };
    !rest.is_empty()
        && !id.chars().any(char::is_whitespace)
        && scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
}

#[cfg(test)]
mod tests {
    use super::{is_absolute_iri, resolve};

    #[test]
    fn hrefs_resolve_inside_the_zip() {
        assert_eq!(resolve("", "a/b.html?x=1#top").as_deref(), Some("a/b.html"));
        assert_eq!(resolve("m1/", "../shared/my%20file.js").as_deref(), Some("shared/my file.js"));
        assert_eq!(resolve("", "https://example.org/x"), None);
    }

    #[test]
    fn absolute_iris() {
        assert!(is_absolute_iri("https://example.org/a"));
        assert!(is_absolute_iri("urn:uuid:1234"));
        assert!(!is_absolute_iri("activities/a"));
        assert!(!is_absolute_iri("a b:c"));
    }
}
