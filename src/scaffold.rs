//! `campus new`: a course that validates, with one example of each learning block, to copy from.
//! Its files are real files under `templates/scaffold/`, embedded in the binary.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use crate::rules::{is_valid_id, suggest_id};
use crate::schema::SchemaKind;

/// The scaffold's files, as they are under `templates/scaffold/`; `course.toml` has `{{ id }}`,
/// `{{ title }}` and `{{ date }}` filled in.
const FILES: [(&str, &[u8]); 9] = [
    ("course.toml", include_bytes!("../templates/scaffold/course.toml")),
    ("01-decouvrir.md", include_bytes!("../templates/scaffold/01-decouvrir.md")),
    ("02-evaluation.md", include_bytes!("../templates/scaffold/02-evaluation.md")),
    ("ressources/canevas.md", include_bytes!("../templates/scaffold/ressources/canevas.md")),
    // The same canvas as a page to print, opened ready to print from the module (`#print`).
    ("ressources/canevas.html", include_bytes!("../templates/scaffold/ressources/canevas.html")),
    ("images/pages.svg", include_bytes!("../templates/scaffold/images/pages.svg")),
    // One second of 8 kHz, 8-bit mono silence.
    ("media/silence.wav", include_bytes!("../templates/scaffold/media/silence.wav")),
    // Two seconds of a blue image, VP8 in WebM (722 bytes, made with ffmpeg for this scaffold).
    ("media/exemple.webm", include_bytes!("../templates/scaffold/media/exemple.webm")),
    ("media/exemple.vtt", include_bytes!("../templates/scaffold/media/exemple.vtt")),
];

/// `course.toml` for this course: the id, the title as a TOML string, the date, the schema's path.
fn course_toml(template: &[u8], id: &str, title: &str, date: &str, schema: &str) -> Vec<u8> {
    let title = title.replace('\\', "\\\\").replace('"', "\\\"");
    String::from_utf8_lossy(template)
        .replace("{{ id }}", id)
        .replace("{{ title }}", &title)
        .replace("{{ date }}", date)
        .replace("{{ schema }}", schema)
        .into_bytes()
}

/// The JSON Schemas `course.toml`'s `#:schema` line points at, as a path relative to the course
/// folder `dir` (which exists): the `schemas/` folder of Campus's schemas nearest above it, else
/// one written now into the folder holding the nearest `path.toml` above (else next to `dir`).
/// Returns the relative path and the files written.
fn schemas_for(dir: &Path) -> anyhow::Result<(String, Vec<PathBuf>)> {
    let dir = dir.canonicalize().with_context(|| format!("reading {}", dir.display()))?;
    let is_campus = |folder: &Path| {
        let file = folder.join("schemas").join(SchemaKind::Course.file_name());
        std::fs::read_to_string(file).is_ok_and(|text| text.contains("\"campus:course.schema.json\""))
    };
    let above = || dir.ancestors().skip(1);
    let (home, written) = match above().find(|d| is_campus(d)) {
        Some(found) => (found.to_path_buf(), Vec::new()),
        None => {
            let home = above().find(|d| d.join("path.toml").is_file()).or_else(|| dir.parent()).unwrap_or(&dir);
            let folder = home.join("schemas");
            std::fs::create_dir_all(&folder).with_context(|| format!("creating {}", folder.display()))?;
            let mut written = Vec::new();
            for kind in SchemaKind::ALL.into_iter().filter(|k| *k != SchemaKind::Report) {
                let file = folder.join(kind.file_name());
                std::fs::write(&file, kind.pretty()).with_context(|| format!("writing {}", file.display()))?;
                written.push(file);
            }
            (home.to_path_buf(), written)
        }
    };
    let depth = dir.strip_prefix(&home).map_or(0, |below| below.components().count());
    Ok((format!("{}schemas/{}", "../".repeat(depth), SchemaKind::Course.file_name()), written))
}

/// Creates a new course in `dir`, which must not exist or be empty, and the schemas its
/// `course.toml` points at when there are none above it. Returns the files written.
pub fn new_course(dir: &Path, id: Option<&str>, title: Option<&str>, date: &str) -> anyhow::Result<Vec<PathBuf>> {
    if dir.exists() && dir.read_dir().with_context(|| format!("reading {}", dir.display()))?.next().is_some() {
        bail!("`{}` already exists and is not empty: choose a new folder", dir.display());
    }
    let folder_name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let id = match id {
        Some(id) if is_valid_id(id) => id.to_string(),
        Some(id) => bail!("`{id}` is not a valid id: use lowercase letters a-z, digits and single hyphens"),
        None => {
            let id = suggest_id(&folder_name);
            if id.is_empty() {
                "nouveau-cours".to_string()
            } else {
                id
            }
        }
    };
    let title = title.unwrap_or("Nouveau cours");
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let (schema, mut written) = schemas_for(dir)?;
    for (name, template) in FILES {
        let content =
            if name == "course.toml" { course_toml(template, &id, title, date, &schema) } else { template.to_vec() };
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, content).with_context(|| format!("writing {}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}
