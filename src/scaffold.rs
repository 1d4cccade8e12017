//! `campus new`: a course that validates, with one example of each learning block, to copy from.
//! Its files are real files under `templates/scaffold/`, embedded in the binary.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use crate::rules::{is_valid_id, suggest_id};

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

/// `course.toml` for this course: the id, the title as a TOML string, the date.
fn course_toml(template: &[u8], id: &str, title: &str, date: &str) -> Vec<u8> {
    let title = title.replace('\\', "\\\\").replace('"', "\\\"");
    String::from_utf8_lossy(template)
        .replace("{{ id }}", id)
        .replace("{{ title }}", &title)
        .replace("{{ date }}", date)
        .into_bytes()
}

/// Creates a new course in `dir`, which must not exist or be empty. Returns the files written.
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
    let mut written = Vec::new();
    for (name, template) in FILES {
        let content = if name == "course.toml" { course_toml(template, &id, title, date) } else { template.to_vec() };
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, content).with_context(|| format!("writing {}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}
