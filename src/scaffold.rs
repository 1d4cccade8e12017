//! `campus new`: a course that validates, with one example of each learning block, to copy from.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use crate::rules::{is_valid_id, suggest_id};

const MODULE_DISCOVER: &str = r#"+++
id = "decouvrir"
title = "Découvrir le format"
objectives = ["Reconnaître les blocs d'apprentissage d'un module", "Écrire une question de chaque sorte"]
duration_minutes = 15
+++

# Une page commence par un titre de premier niveau

Chaque titre `#` ouvre une nouvelle page (un écran) du module. Le texte est du Markdown :
**gras**, *italique*, [liens](https://commonmark.org/help/), listes et tableaux.

| Bloc | À quoi il sert |
| --- | --- |
| question | vérifier une compréhension |
| diagnostic | se situer sur une dimension |
| reflection | préparer une action |
| resource | télécharger un canevas |

![Schéma : une page, puis une autre, puis une troisième](images/pages.svg)

# Les questions

```question
id = "choix-unique"
kind = "single"
prompt = "Qu'est-ce qui ouvre une nouvelle page ?"
feedback = "Un titre de premier niveau (`#`) ouvre chaque page."
[[choices]]
id = "a"
text = "Un titre `#`"
correct = true
[[choices]]
id = "b"
text = "Une ligne vide"
feedback = "Une ligne vide sépare seulement deux paragraphes."
```

```question
id = "choix-multiple"
kind = "multiple"
prompt = "Lesquels sont des blocs d'apprentissage ?"
[[choices]]
id = "question"
text = "question"
correct = true
[[choices]]
id = "reflection"
text = "reflection"
correct = true
[[choices]]
id = "tableau"
text = "tableau"
```

```question
id = "vrai-faux"
kind = "true-false"
prompt = "Un bloc s'écrit en TOML dans un bloc de code."
answer = true
feedback = "Le Markdown reste lisible partout, et le TOML est vérifié par un schéma."
```

```question
id = "texte-libre"
kind = "fill-in"
prompt = "Quel format de texte utilise-t-on pour les pages ?"
accept = ["Markdown", "CommonMark"]
```

```question
id = "nombre"
kind = "numeric"
prompt = "Combien de points compte une échelle de Likert dans Campus (au plus) ?"
answer = 5
```

```question
id = "association"
kind = "matching"
prompt = "Associez chaque bloc à son usage."
[[pairs]]
id = "diagnostic"
left = "diagnostic"
right = "se situer"
[[pairs]]
id = "resource"
left = "resource"
right = "télécharger un canevas"
```

```question
id = "ordre"
kind = "ordering"
prompt = "Remettez les étapes dans l'ordre."
[[items]]
id = "ecrire"
text = "Écrire le module"
[[items]]
id = "valider"
text = "Lancer `campus validate`"
[[items]]
id = "construire"
text = "Lancer `campus build`"
```

# Se situer, réfléchir, télécharger

```diagnostic
id = "ecoute"
dimension = "cooperation"
statement = "Notre équipe décide avec les personnes concernées."
```

```reflection
id = "prochaine-etape"
prompt = "Quelle première action pourriez-vous engager ce mois-ci ?"
max_length = 500
```

```resource
id = "canevas"
title = "Canevas d'atelier"
description = "Une page à imprimer et à remplir en groupe."
file = "ressources/canevas.md"
```

```audio
id = "son"
title = "Une seconde de silence"
file = "media/silence.wav"
transcript = "(Silence d'une seconde : remplacez ce fichier par votre enregistrement et sa transcription complète.)"
```

```video
id = "video"
title = "Deux secondes d'image bleue"
file = "media/exemple.webm"
captions = "media/exemple.vtt"
transcript = "(Deux secondes d'image bleue, sans son : remplacez ce fichier par votre vidéo, ses sous-titres et sa transcription complète.)"
```
"#;

const MODULE_ASSESS: &str = r#"+++
id = "evaluation"
title = "Évaluation"
objectives = ["Vérifier ses acquis"]
duration_minutes = 5
assessed = true
mastery_score = 50
+++

# Deux questions notées

Dans un module évalué (`assessed = true`), les questions sont notées et le module est réussi
au-delà du seuil de maîtrise.

```question
id = "evalue-1"
kind = "true-false"
prompt = "Seules les questions d'un module évalué comptent dans la note."
answer = true
```

```question
id = "evalue-2"
kind = "single"
prompt = "Quelle commande vérifie les sources ?"
weight = 2
[[choices]]
id = "validate"
text = "`campus validate`"
correct = true
[[choices]]
id = "schema"
text = "`campus schema`"
```
"#;

const RESOURCE: &str = "# Canevas d'atelier\n\n## Le problème\n\n…\n\n## L'impact recherché\n\n…\n";

const IMAGE: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 80" role="img"><rect x="10" y="10" width="80" height="60" fill="#dbe7f5" stroke="#0b4f9c"/><rect x="110" y="10" width="80" height="60" fill="#dbe7f5" stroke="#0b4f9c"/><rect x="210" y="10" width="80" height="60" fill="#dbe7f5" stroke="#0b4f9c"/></svg>
"##;

/// Two seconds of a blue image, VP8 in WebM (722 bytes, made with ffmpeg for this scaffold).
const VIDEO: &[u8] = include_bytes!("../templates/scaffold/exemple.webm");

const CAPTIONS: &str = "WEBVTT\n\n00:00.000 --> 00:02.000\n(Image bleue, sans son.)\n";

/// One second of 8 kHz, 8-bit mono silence as a WAV file.
fn silence_wav() -> Vec<u8> {
    let samples = 8000u32;
    let mut wav = Vec::with_capacity(44 + samples as usize);
    wav.extend_from_slice(b"RIFF");
    wav.extend_from_slice(&(36 + samples).to_le_bytes());
    wav.extend_from_slice(b"WAVEfmt ");
    wav.extend_from_slice(&16u32.to_le_bytes());
    wav.extend_from_slice(&1u16.to_le_bytes()); // PCM
    wav.extend_from_slice(&1u16.to_le_bytes()); // mono
    wav.extend_from_slice(&8000u32.to_le_bytes());
    wav.extend_from_slice(&8000u32.to_le_bytes());
    wav.extend_from_slice(&1u16.to_le_bytes());
    wav.extend_from_slice(&8u16.to_le_bytes());
    wav.extend_from_slice(b"data");
    wav.extend_from_slice(&samples.to_le_bytes());
    wav.resize(44 + samples as usize, 0x80);
    wav
}

fn course_toml(id: &str, title: &str, date: &str) -> String {
    let title = title.replace('\\', "\\\\").replace('"', "\\\"");
    format!(
        r#"id = "{id}"
title = "{title}"
description = "Décrivez en une phrase ce que ce cours apporte et à qui."
version = "0.1.0"
date = "{date}"
authors = ["Votre nom"]
keywords = ["exemple"]
mastery_score = 80
likert_scale = ["Pas du tout", "Plutôt non", "Plutôt oui", "Tout à fait"]
modules = ["01-decouvrir.md", "02-evaluation.md"]

[[dimensions]]
id = "cooperation"
label = "Coopération"

[[dimensions.levels]]
from = 0
label = "Premiers pas"
advice = "Repérez une décision à venir et les personnes qu'elle concerne."

[[dimensions.levels]]
from = 50
label = "En route"
advice = "Associez ces personnes dès le début de la prochaine décision."
"#
    )
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
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("course.toml", course_toml(&id, title, date).into_bytes()),
        ("01-decouvrir.md", MODULE_DISCOVER.as_bytes().to_vec()),
        ("02-evaluation.md", MODULE_ASSESS.as_bytes().to_vec()),
        ("ressources/canevas.md", RESOURCE.as_bytes().to_vec()),
        ("images/pages.svg", IMAGE.as_bytes().to_vec()),
        ("media/silence.wav", silence_wav()),
        ("media/exemple.webm", VIDEO.to_vec()),
        ("media/exemple.vtt", CAPTIONS.as_bytes().to_vec()),
    ];
    let mut written = Vec::new();
    for (name, content) in files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, content).with_context(|| format!("writing {}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}
