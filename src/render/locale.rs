//! The interface words of the pages and of the player, per language, as data: one file per
//! language under `templates/locales/`, embedded at build time and typed when loaded (a missing
//! or unknown key fails the tests). French is used for every `fr` tag, English otherwise.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

const FRENCH: &str = include_str!("../../templates/locales/fr.toml");
const ENGLISH: &str = include_str!("../../templates/locales/en.toml");

/// Every word of the interface. `{name}` marks a value filled in where the word is used.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Words {
    pub skip: String,
    pub duration: String,
    pub version: String,
    pub authors: String,
    pub modules: String,
    pub module: String,
    pub courses: String,
    pub assessed: String,
    pub licence: String,
    pub objectives: String,
    pub contents: String,
    pub pages_word: String,
    pub page_word: String,
    pub pages: String,
    pub page_of: String,
    pub previous: String,
    pub next: String,
    pub summary: String,
    pub question: String,
    pub scored: String,
    pub several: String,
    pub yes: String,
    pub no: String,
    pub your_answer: String,
    pub choose: String,
    pub reorder: String,
    pub move_up: String,
    pub move_down: String,
    pub moved: String,
    pub check: String,
    pub retry: String,
    pub correct: String,
    pub wrong: String,
    pub no_answer: String,
    pub not_a_number: String,
    pub reflection: String,
    pub private: String,
    pub shared: String,
    pub saved: String,
    pub resource: String,
    pub resource_print: String,
    pub new_tab: String,
    pub transcript: String,
    pub pages_seen: String,
    pub module_done: String,
    pub score: String,
    pub score_line: String,
    pub passed: String,
    pub failed: String,
    pub answered: String,
    pub practice: String,
    pub profile: String,
    pub profile_chart: String,
    pub out_of_100: String,
    pub percent: String,
    pub profile_table: String,
    pub dimension: String,
    pub level: String,
    pub next_steps: String,
    pub profile_empty: String,
    pub needs_js: String,
    pub forget: String,
    pub forgotten: String,
    pub path_summary: String,
    pub not_started: String,
    pub in_progress: String,
    pub done: String,
    pub not_scored: String,
    pub minutes: String,
    pub exit: String,
    pub exited: String,
    pub lrs_missing: String,
    pub lrs_refused: String,
    pub fetch_failed: String,
    pub leftover: String,
    pub lms_missing: String,
    pub lms_error: String,
    pub sending: String,
    pub sent: String,
    pub stuck: String,
    pub quit_anyway: String,
    pub mode_browse: String,
    pub mode_review: String,
    pub lms_mastery: String,
    pub verdict_sent: String,
    pub verdict_passed: String,
    pub verdict_failed: String,
    pub retake: String,
    pub practice_again: String,
    pub lms_terminated: String,
    pub pass_mark: String,
    pub decimal: String,
    pub format_odt: String,
    pub format_ods: String,
    pub format_odp: String,
    pub format_txt: String,
    pub format_file: String,
    pub format_print: String,
    pub unit_byte: String,
    pub unit_kilobyte: String,
    pub unit_megabyte: String,
    pub profile_was: String,
    pub profile_steps: String,
    pub profile_legend: String,
    pub profile_legend_before: String,
    pub profile_counted: String,
    pub profile_too_few: String,
    pub profile_previous: String,
    pub profile_redo: String,
    pub profile_redo_hint: String,
    pub profile_redone: String,
    pub practice_right: String,
    pub try_again: String,
    pub try_again_web: String,
    pub overall_done: String,
    pub overall_passed: String,
}

impl Words {
    /// The words for a BCP 47 language tag.
    pub(crate) fn for_language(language: &str) -> &'static Words {
        static LOADED: [OnceLock<Words>; 2] = [const { OnceLock::new() }, const { OnceLock::new() }];
        let french = language == "fr" || language.starts_with("fr-");
        let (slot, text) = if french { (&LOADED[0], FRENCH) } else { (&LOADED[1], ENGLISH) };
        slot.get_or_init(|| toml::from_str(text).expect("the embedded locale files are complete (tested)"))
    }

    /// The words a runtime script reads (`ui.key`), and only those: what a page ships.
    pub(crate) fn used_by(&self, script: &str) -> BTreeMap<String, serde_json::Value> {
        let all = serde_json::to_value(self).expect("words are JSON");
        let all = all.as_object().expect("an object");
        keys_read(script).into_iter().filter_map(|key| all.get(key).map(|v| (key.to_string(), v.clone()))).collect()
    }

    /// A duration in minutes, for people: `45 min`, `1 h 30`.
    pub(crate) fn minutes(&self, minutes: u32) -> String {
        match (minutes / 60, minutes % 60) {
            (0, m) => format!("{m} {}", self.minutes),
            (h, 0) => format!("{h} h"),
            (h, m) => format!("{h} h {m:02}"),
        }
    }

    /// A file size for people: `850 o`/`850 B`, `12 Ko`/`12 kB`, `1,2 Mo`/`1.2 MB`.
    pub(crate) fn size(&self, bytes: u64) -> String {
        if bytes < 1000 {
            format!("{bytes} {}", self.unit_byte)
        } else if bytes < 1_000_000 {
            format!("{} {}", (bytes + 500) / 1000, self.unit_kilobyte)
        } else {
            let tenths = (bytes + 50_000) / 100_000;
            format!("{}{}{} {}", tenths / 10, self.decimal, tenths % 10, self.unit_megabyte)
        }
    }

    /// The name shown for a file format, from its extension.
    pub(crate) fn format_name(&self, path: &str) -> String {
        let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
        match extension.as_str() {
            "pdf" => "PDF".into(),
            "odt" => self.format_odt.clone(),
            "ods" => self.format_ods.clone(),
            "odp" => self.format_odp.clone(),
            "md" => "Markdown".into(),
            "html" | "htm" => self.format_print.clone(),
            "txt" => self.format_txt.clone(),
            "" => self.format_file.clone(),
            other => other.to_ascii_uppercase(),
        }
    }
}

/// The keys a script reads as `ui.key`, in order of first use, each once.
pub(crate) fn keys_read(script: &str) -> Vec<&str> {
    let mut keys = Vec::new();
    for (at, _) in script.match_indices("ui.") {
        if script[..at].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        let rest = &script[at + 3..];
        let end =
            rest.find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')).unwrap_or(rest.len());
        if end > 0 && !keys.contains(&&rest[..end]) {
            keys.push(&rest[..end]);
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_key() {
        let fr: toml::Table = toml::from_str(FRENCH).unwrap();
        let en: toml::Table = toml::from_str(ENGLISH).unwrap();
        assert_eq!(fr.keys().collect::<Vec<_>>(), en.keys().collect::<Vec<_>>(), "same keys, same order");
        // Typed loading refuses a missing or unknown key.
        assert_eq!(Words::for_language("fr").skip, "Aller au contenu");
        assert_eq!(Words::for_language("en-GB").skip, "Skip to content");
    }

    #[test]
    fn every_key_is_used() {
        let templates: String = crate::render::TEMPLATES.iter().map(|(_, text)| *text).collect();
        let runtime: String = crate::runtime::sources().collect();
        let rust = [include_str!("mod.rs"), include_str!("locale.rs"), include_str!("blocks.rs")].concat();
        let fr: toml::Table = toml::from_str(FRENCH).unwrap();
        for key in fr.keys() {
            let read = format!("ui.{key}");
            let typed = format!("self.{key}");
            let named = format!("words.{key}");
            let used =
                templates.contains(&read) || runtime.contains(&read) || rust.contains(&typed) || rust.contains(&named);
            assert!(used, "the locale key `{key}` is used nowhere: remove it");
        }
    }

    #[test]
    fn a_page_ships_only_the_words_its_script_reads() {
        let words = Words::for_language("en");
        let shipped = words.used_by("x = ui.check; y(info.ui.retry, notui.skip); ui.check");
        assert_eq!(shipped.keys().collect::<Vec<_>>(), ["check", "retry"]);
        assert_eq!(shipped["retry"], "Try again");
    }

    #[test]
    fn sizes_and_durations_for_people() {
        let (fr, en) = (Words::for_language("fr"), Words::for_language("en"));
        assert_eq!(fr.minutes(45), "45 min");
        assert_eq!(fr.minutes(90), "1 h 30");
        assert_eq!(fr.minutes(120), "2 h");
        assert_eq!(fr.size(850), "850 o");
        assert_eq!(en.size(12_345), "12 kB");
        assert_eq!(fr.size(1_234_567), "1,2 Mo");
        assert_eq!(en.size(1_234_567), "1.2 MB");
        assert_eq!(en.format_name("notes.txt"), "Text");
        assert_eq!(fr.format_name("grille.ODS"), "OpenDocument (tableur)");
        assert_eq!(fr.format_name("canevas/charte.html"), "Page à imprimer");
    }

    #[test]
    fn every_word_the_runtime_reads_exists_in_both_languages() {
        let languages = ["fr", "en"].map(|l| serde_json::to_value(Words::for_language(l)).expect("the words as JSON"));
        let mut used = 0;
        for file in crate::runtime::runtime_files() {
            let source = std::fs::read_to_string(&file).expect("a runtime file");
            let name = file.display();
            assert!(!source.contains("ui["), "{name}: a word read with a computed key (write ui.key)");
            for key in keys_read(&source) {
                used += 1;
                for words in &languages {
                    assert!(
                        words.get(key).is_some_and(serde_json::Value::is_string),
                        "{name}: ui.{key} is no interface word"
                    );
                }
            }
        }
        assert!(used > 30, "the scan finds the words ({used})");
    }
}
