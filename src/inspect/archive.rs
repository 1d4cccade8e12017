//! The zip itself: its entries' names, kinds and sizes from the central directory, the checks
//! that need nothing else (zip slip, symlinks, duplicates, case collisions, zip bombs), and
//! reading one entry without ever inflating more than a set limit.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Seek};

use zip::ZipArchive;

use super::findings::{error, warning, Finding, InspectCode};

/// The memory the inspector allows itself.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// The most it inflates of one file it reads (XML, the runtime's first line).
    pub max_read: u64,
    /// The most it inflates in all for one package.
    pub max_total_read: u64,
    /// The most the entries may declare in all, uncompressed.
    pub max_declared: u64,
    /// The highest compression ratio of an entry larger than `ratio_floor`.
    pub max_ratio: u64,
    /// Entries smaller than this are not judged by their ratio.
    pub ratio_floor: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_read: 8 << 20,
            max_total_read: 32 << 20,
            max_declared: 2 << 30,
            max_ratio: 100,
            ratio_floor: 1 << 20,
        }
    }
}

/// One file of the package, as the central directory describes it.
#[derive(Clone, Debug)]
pub struct Entry {
    pub name: String,
    pub index: usize,
    pub size: u64,
    pub is_dir: bool,
}

/// An opened package: its entries by name, and a reader that keeps count of what it inflated.
pub struct Archive<R: Read + Seek> {
    zip: ZipArchive<R>,
    pub entries: BTreeMap<String, Entry>,
    pub limits: Limits,
    read_so_far: u64,
}

/// Why an entry could not be read.
#[derive(Debug)]
pub enum ReadError {
    Missing,
    TooLarge,
    Broken(String),
}

impl<R: Read + Seek> Archive<R> {
    /// Opens the zip and checks its entries; `Err` when it is not a zip at all.
    pub fn open(reader: R, limits: Limits, findings: &mut Vec<Finding>) -> Result<Self, Box<Finding>> {
        let zip = ZipArchive::new(reader).map_err(|e| {
            Box::new(
                error(
                    InspectCode::P001,
                    format!("ce fichier n'est pas une archive zip lisible ({e})"),
                    format!("this file is not a readable zip archive ({e})"),
                )
                .fix(
                    "exportez de nouveau le paquet depuis l'outil auteur, au format zip",
                    "export the package again from the authoring tool, as a zip",
                ),
            )
        })?;
        let mut archive = Self { zip, entries: BTreeMap::new(), limits, read_so_far: 0 };
        archive.inventory(findings);
        Ok(archive)
    }

    fn inventory(&mut self, findings: &mut Vec<Finding>) {
        let metadata = self.zip.metadata();
        if metadata.has_duplicate_names() {
            findings.push(
                error(
                    InspectCode::P004,
                    "plusieurs entrées du zip portent le même nom : la plate-forme n'en gardera qu'une, au hasard",
                    "several entries of the zip have the same name: the platform keeps only one, whichever",
                )
                .fix("refaites le zip à partir d'un dossier", "make the zip again from a folder"),
            );
        }
        let mut declared: u64 = 0;
        let mut lowercase: BTreeMap<String, String> = BTreeMap::new();
        for index in 0..metadata.len() {
            let Ok(entry) = metadata.entry(index) else { continue };
            let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
            if entry.encrypted() {
                findings.push(
                    error(InspectCode::P008, "une entrée est chiffrée", "an entry is encrypted")
                        .file(&name)
                        .fix("exportez le paquet sans mot de passe", "export the package without a password"),
                );
            }
            if entry.is_symlink() {
                findings.push(
                    error(
                        InspectCode::P003,
                        "un lien symbolique : la plate-forme le refuse ou le suit hors du paquet",
                        "a symbolic link: the platform refuses it or follows it out of the package",
                    )
                    .file(&name)
                    .fix("remplacez le lien par le fichier lui-même", "replace the link by the file itself"),
                );
            }
            if escapes(&name) {
                findings.push(
                    error(
                        InspectCode::P002,
                        "ce nom sort du dossier du paquet (chemin absolu, `..`, lecteur ou barre oblique inverse)",
                        "this name escapes the package folder (absolute path, `..`, drive letter or backslash)",
                    )
                    .file(&name)
                    .fix(
                        "refaites le zip avec des chemins relatifs et des barres obliques `/`",
                        "make the zip again with relative paths and forward slashes `/`",
                    ),
                );
            }
            let size = entry.size();
            let compressed = entry.compressed_size();
            declared = declared.saturating_add(size);
            if size > self.limits.ratio_floor && size / compressed.max(1) > self.limits.max_ratio {
                findings.push(bomb(&name, &format!("{size} / {compressed}")));
            }
            let is_dir = entry.is_dir();
            if !is_dir {
                if let Some(other) = lowercase.insert(name.to_lowercase(), name.clone()) {
                    if other != name {
                        findings.push(case_collision(&name, &other));
                    }
                }
            }
            self.entries.insert(name.clone(), Entry { name, index, size, is_dir });
        }
        if declared > self.limits.max_declared {
            findings.push(bomb("", &format!("{declared}")));
        }
    }

    /// The regular files, directories left out.
    pub fn files(&self) -> impl Iterator<Item = &Entry> {
        self.entries.values().filter(|e| !e.is_dir)
    }

    pub fn has(&self, name: &str) -> bool {
        self.entries.get(name).is_some_and(|e| !e.is_dir)
    }

    /// The bytes of one entry, never more than the limits allow whatever its header says.
    pub fn read(&mut self, name: &str) -> Result<Vec<u8>, ReadError> {
        let entry = self.entries.get(name).filter(|e| !e.is_dir).ok_or(ReadError::Missing)?;
        let left = self.limits.max_total_read.saturating_sub(self.read_so_far);
        let limit = self.limits.max_read.min(left);
        if entry.size > limit {
            return Err(ReadError::TooLarge);
        }
        let file = self.zip.by_index(entry.index).map_err(|e| ReadError::Broken(e.to_string()))?;
        let mut bytes = Vec::new();
        file.take(limit + 1).read_to_end(&mut bytes).map_err(|e| ReadError::Broken(e.to_string()))?;
        self.read_so_far += bytes.len() as u64;
        if bytes.len() as u64 > limit {
            return Err(ReadError::TooLarge);
        }
        Ok(bytes)
    }
}

/// Whether a name would be written outside the folder it is extracted into.
fn escapes(name: &str) -> bool {
    let bytes = name.as_bytes();
    name.starts_with('/')
        || name.contains('\\')
        || (bytes.len() >= 2 && bytes[1] == b':' && bytes[0].is_ascii_alphabetic())
        || name.split('/').any(|part| part == "..")
}

fn bomb(name: &str, figures: &str) -> Finding {
    let finding = error(
        InspectCode::P006,
        format!("tailles d'une bombe zip ({figures} octets) : le paquet n'a pas été décompressé"),
        format!("zip bomb sizes ({figures} bytes): the package was not inflated"),
    )
    .fix(
        "ne déposez pas ce fichier ; demandez le paquet d'origine à son auteur",
        "do not upload this file; ask its author for the original package",
    );
    if name.is_empty() {
        finding
    } else {
        finding.file(name)
    }
}

fn case_collision(name: &str, other: &str) -> Finding {
    warning(
        InspectCode::P005,
        format!("`{name}` et `{other}` ne diffèrent que par la casse : sous Windows ou macOS l'un écrase l'autre"),
        format!("`{name}` and `{other}` differ only by case: on Windows or macOS one overwrites the other"),
    )
    .file(name)
    .fix("renommez l'un des deux fichiers", "rename one of the two files")
}

/// The folders at the root that hold a file named `file`, e.g. `course/imsmanifest.xml`.
pub fn nested<'a>(entries: impl Iterator<Item = &'a Entry>, file: &str) -> Option<String> {
    let mut found = BTreeSet::new();
    for entry in entries {
        if let Some((folder, base)) = entry.name.rsplit_once('/') {
            if base.eq_ignore_ascii_case(file) && !entry.is_dir {
                found.insert(folder.to_string());
            }
        }
    }
    found.into_iter().min_by_key(String::len)
}
