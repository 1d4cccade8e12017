//! The forms of values the rules accept: identifiers, BCP 47 language tags, SPDX licences.

use super::At;
use crate::diagnostics::{Code, Diagnostics};
use crate::model::Spanned;
use crate::tr;

/// Longest identifier accepted: ids end up in file names, SCORM identifiers and IRIs.
pub(crate) const MAX_ID_LENGTH: usize = 64;

/// Whether `id` is a well-formed identifier: lowercase ASCII letters, digits and inner hyphens.
pub(crate) fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_LENGTH
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
}

/// A well-formed identifier close to `text`, to suggest.
pub(crate) fn suggest_id(text: &str) -> String {
    let mut id = String::new();
    for c in text.chars() {
        let c = match c {
            'à' | 'â' | 'ä' | 'á' => 'a',
            'ç' => 'c',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            c => c.to_ascii_lowercase(),
        };
        if c.is_ascii_alphanumeric() {
            id.push(c);
        } else if !id.ends_with('-') && !id.is_empty() {
            id.push('-');
        }
    }
    let id: String = id.trim_end_matches('-').chars().take(MAX_ID_LENGTH).collect();
    id.trim_end_matches('-').to_string()
}

/// Whether `tag` is a well-formed BCP 47 language tag (language, script, region, variants).
pub(crate) fn is_bcp47(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let Some(language) = parts.next() else { return false };
    if !(2..=3).contains(&language.len()) && !(5..=8).contains(&language.len())
        || !language.bytes().all(|b| b.is_ascii_alphabetic())
    {
        return false;
    }
    let mut stage = 0;
    for part in parts {
        let alpha = part.bytes().all(|b| b.is_ascii_alphabetic());
        let digits = part.bytes().all(|b| b.is_ascii_digit());
        let alnum = part.bytes().all(|b| b.is_ascii_alphanumeric());
        stage = match (stage, part.len()) {
            (0, 4) if alpha => 1,
            (0 | 1, 2) if alpha => 2,
            (0 | 1, 3) if digits => 2,
            (_, 5..=8) if alnum => 3,
            (_, 4) if alnum && part.as_bytes()[0].is_ascii_digit() => 3,
            _ => return false,
        };
    }
    true
}

pub(super) fn check_language(diags: &mut Diagnostics, at: &At<'_>, tag: &Spanned<String>) {
    if !is_bcp47(&tag.value) {
        at.error(diags, Code::E061, tag.start(), tr!("`{}` is not a BCP 47 language tag", tag.value))
            .hint(tr!("write a tag such as `fr`, `en`, `fr-FR` or `en-GB`"));
    }
}

pub(super) fn check_licence(diags: &mut Diagnostics, at: &At<'_>, licence: &Spanned<String>) {
    let ok =
        !licence.value.is_empty() && licence.value.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.+".contains(&b));
    if !ok {
        at.error(diags, Code::E063, licence.start(), tr!("`{}` is not an SPDX licence identifier", licence.value))
            .hint(tr!("write an SPDX identifier such as `CC-BY-SA-4.0`"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        for good in ["a", "module-1", "7-qualites", "x2"] {
            assert!(is_valid_id(good), "{good}");
        }
        for bad in ["", "A", "a b", "-a", "a-", "a--b", "é", "a_b", &"a".repeat(65)] {
            assert!(!is_valid_id(bad), "{bad}");
        }
        assert_eq!(suggest_id("Se situer : l'autodiagnostic"), "se-situer-l-autodiagnostic");
    }

    #[test]
    fn language_tags() {
        for good in ["fr", "en", "fr-FR", "en-GB", "zh-Hant-TW", "es-419", "de-CH-1996"] {
            assert!(is_bcp47(good), "{good}");
        }
        for bad in ["", "f", "french!", "fr_FR", "fr-", "en-GB-x"] {
            assert!(!is_bcp47(bad), "{bad}");
        }
    }
}
