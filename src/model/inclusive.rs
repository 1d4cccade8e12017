//! Inclusive writing in French, one rule for the whole path: a word that names people of either
//! gender is written out with both forms in full (« les acteurs et les actrices », « celles et
//! ceux », « il ou elle ») or replaced by an epicene word (« les personnes », « les membres »),
//! never abbreviated. Abbreviated forms (`acteur·rice·s`, `ami.e.s`, `ami-e-s`, `ami(e)s`,
//! `acteurs/actrices`, `il/elle`) are read letter by letter by screen readers, and a page that
//! mixes them with full doublets reads as unedited. This module only finds them; the loader and
//! the rules report them (W007), for French courses.

use std::ops::Range;

/// What to write instead, for the diagnostic's hint.
/// The middle dots used to abbreviate (the point médian and its look-alikes).
const DOTS: [char; 4] = ['·', '•', '‧', '⋅'];

/// Feminine endings written after a separator: `acteur·rice`, `ami.e`, `citoyen(ne)`.
const ENDINGS: [&str; 34] = [
    "e", "es", "rice", "rices", "trice", "trices", "euse", "euses", "eure", "eures", "ice", "ices", "ère", "ères",
    "ière", "ières", "ne", "nes", "enne", "ennes", "le", "les", "te", "tes", "se", "ses", "ve", "ves", "fe", "fes",
    "esse", "esses", "ine", "ines",
];

/// Pronouns and determiners written as `x/y`.
const PAIRS: [(&str, &str); 6] =
    [("il", "elle"), ("ils", "elles"), ("celui", "celle"), ("ceux", "celles"), ("un", "une"), ("le", "la")];

fn is_separator(c: char) -> bool {
    DOTS.contains(&c) || matches!(c, '.' | '-' | '‐' | '/' | '(' | ')')
}

/// Every abbreviated form in `text`, as byte ranges, in order. Web addresses are left alone.
pub fn abbreviated_forms(text: &str) -> Vec<Range<usize>> {
    let skip = crate::model::typography::addresses(text);
    let mut found = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        if c.is_alphabetic() || is_separator(c) {
            start.get_or_insert(i);
            continue;
        }
        let Some(s) = start.take() else { continue };
        if let Some(range) = trimmed(text, s..i) {
            if !skip.iter().any(|a| a.start <= range.start && range.end <= a.end)
                && is_abbreviated(&text[range.clone()])
            {
                found.push(range);
            }
        }
    }
    found
}

/// A run of letters and separators without what ends a sentence or opens an aside around it.
fn trimmed(text: &str, mut range: Range<usize>) -> Option<Range<usize>> {
    let run = &text[range.clone()];
    let lead = run.len() - run.trim_start_matches(|c: char| !c.is_alphabetic()).len();
    range.start += lead;
    let run = &text[range.clone()];
    let mut end = run.trim_end_matches(['.', '-', '‐', '/']).len();
    if run[..end].ends_with(')') && !run[..end].contains('(') {
        end = run[..end].trim_end_matches(')').len();
    }
    range.end = range.start + end;
    (!range.is_empty()).then_some(range)
}

/// Whether a word with separators in it is an abbreviated form for both genders.
fn is_abbreviated(word: &str) -> bool {
    let parts: Vec<&str> = word.split(is_separator).filter(|p| !p.is_empty()).collect();
    let separators: Vec<char> = word.chars().filter(|c| is_separator(*c)).collect();
    if parts.len() < 2 || parts.iter().any(|p| !p.chars().all(char::is_alphabetic)) {
        return false;
    }
    if separators.iter().any(|c| DOTS.contains(c)) {
        return true;
    }
    let hyphens = separators.iter().filter(|c| matches!(c, '-' | '‐')).count();
    // `dis-le`, `peut-être`: one hyphen is a compound or an imperative; `ami-e-s` has two.
    if hyphens == separators.len() && hyphens < 2 {
        return false;
    }
    let (first, rest) = (parts[0], &parts[1..]);
    let ending = |p: &&str| ENDINGS.contains(p);
    let endings = first.chars().count() >= 2 && rest.iter().all(|p| ending(p) || *p == "s") && rest.iter().any(ending);
    endings || (separators == ['/'] && both_genders(parts[0], parts[1]))
}

/// `acteurs/actrices`, `ami/amie`, `il/elle`: a word and its feminine, in either order.
fn both_genders(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    feminine_of(&a, &b) || feminine_of(&b, &a)
}

fn feminine_of(masculine: &str, feminine: &str) -> bool {
    if PAIRS.contains(&(masculine, feminine)) {
        return true;
    }
    let m = masculine.strip_suffix('s').unwrap_or(masculine);
    let f = feminine.strip_suffix('s').unwrap_or(feminine);
    if m.chars().count() < 3 {
        return false;
    }
    let from = |ending: &str, feminine_ending: &str| {
        m.strip_suffix(ending).is_some_and(|stem| f.strip_prefix(stem) == Some(feminine_ending))
    };
    f.strip_prefix(m) == Some("e")
        || from("teur", "trice")
        || from("eur", "euse")
        || from("er", "ère")
        || from("en", "enne")
        || from("on", "onne")
        || from("el", "elle")
        || from("f", "ve")
        || from("x", "se")
}

#[cfg(test)]
mod tests {
    use super::abbreviated_forms;

    fn forms(text: &str) -> Vec<&str> {
        abbreviated_forms(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn finds_every_abbreviated_form() {
        let text = "Les acteur·rice·s, les ami.e.s, tou·te·s les salarié-e-s, les citoyen(ne)s et \
                    les participant(e)s ; les acteurs/actrices, les étudiant/e/s, il/elle, \
                    Représentant·e et porteur.se.";
        assert_eq!(
            forms(text),
            [
                "acteur·rice·s",
                "ami.e.s",
                "tou·te·s",
                "salarié-e-s",
                "citoyen(ne)s",
                "participant(e)s",
                "acteurs/actrices",
                "étudiant/e/s",
                "il/elle",
                "Représentant·e",
                "porteur.se"
            ]
        );
    }

    #[test]
    fn leaves_full_doublets_and_ordinary_punctuation_alone() {
        let text = "Celles et ceux qui portent le projet : le porteur ou la porteuse, il ou elle. \
                    Peut-être, dis-le, est-ce vrai ? Vis-à-vis de la commande/du commanditaire, \
                    entrée/sortie, et/ou (voir les acteurs). Fin de phrase. Une autre (e.g. un \
                    exemple), etc. Le site https://exemple.fr/ami.e.s et www.exemple.org/a/une, \
                    le fichier canevas/charte.html, 10.5, l'Île-de-France, a-t-elle, pages 3-4.";
        assert_eq!(forms(text), Vec::<&str>::new());
    }
}
