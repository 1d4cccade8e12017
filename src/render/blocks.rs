//! What a learning block's template needs beyond the block itself: its anchor, its file, the
//! scale of a statement, and the shown order of ordering and matching questions.

use minijinja::Value;
use serde::Serialize;

use super::locale::Words;
use super::ser;
use crate::model::{
    BlockContent, Choice, Course, LocalFile, OrderItem, Pair, QuestionBlock, DEFAULT_FILL_IN_MAX_LENGTH,
    DEFAULT_REFLECTION_MAX_LENGTH,
};
use crate::runtime::vocabulary::{NOT_APPLICABLE, STATE};

#[derive(Serialize)]
pub(super) struct BlockView<'a> {
    kind: &'static str,
    anchor: String,
    lang: &'a str,
    data: Value,
    file: Option<&'a LocalFile>,
    format: Option<String>,
    size: Option<String>,
    /// A resource that is a page to print (an HTML file): the link opens it in a new tab with
    /// [`PRINT_MARKER`], instead of downloading it.
    print: bool,
    print_marker: &'static str,
    scale: Option<&'a [String]>,
    /// The label of the "not applicable" answer after the scale, and its value.
    na: Option<&'a str>,
    na_value: &'static str,
    /// A statement's scale: its place among the module's scales (the id of its column headings,
    /// `scale-N`), and whether this statement is the first to use it (the headings come before).
    scale_at: usize,
    first_of_scale: bool,
    max_length: u32,
    /// A question the learner may try again after a wrong answer (its own setting, else its course's).
    retry: bool,
    shuffled: Vec<&'a OrderItem>,
    choices: Vec<ShownChoice<'a>>,
    rights: Vec<&'a Pair>,
    /// How the state writes true and false (the values of a true/false question's inputs).
    yes: &'static str,
    no: &'static str,
}

/// Ends the address of a printable page (an HTML resource) linked from a module: the page can
/// open the print dialog when it sees it (the Reset canvases do), and shows the same printable
/// page without it. A fragment, so no server, LMS or cache ever sees it.
pub const PRINT_MARKER: &str = "#print";

/// Whether a resource file is a page to open and print rather than a file to download.
pub(crate) fn is_printable_page(file: &str) -> bool {
    file.rsplit_once('.')
        .is_some_and(|(_, extension)| extension.eq_ignore_ascii_case("html") || extension.eq_ignore_ascii_case("htm"))
}

/// The order in which a question shows its choices, items or pairs: shuffled the same way on
/// every build (from the question's id and each entry's id, so packages stay byte-reproducible and
/// the page reads the same without JavaScript), and never the written order when there are two
/// entries or more, so that order gives nothing away.
pub(crate) fn shuffle<'t, T>(question: &str, items: &'t [T], id: impl Fn(&T) -> &str) -> Vec<&'t T> {
    let mut shuffled: Vec<&T> = items.iter().collect();
    shuffled.sort_by_cached_key(|item| {
        uuid::Uuid::new_v5(&crate::ids::NAMESPACE, format!("{question}\u{1f}{}", id(item)).as_bytes())
    });
    if shuffled.len() > 1 && shuffled.iter().zip(items).all(|(a, b)| id(a) == id(b)) {
        shuffled.rotate_left(1);
    }
    shuffled
}

/// A choice as shown, with its place in the written order (`data-at`): the runtime lists the
/// choices of a multiple-choice answer in that order, whatever the order shown.
#[derive(Serialize)]
pub(super) struct ShownChoice<'a> {
    #[serde(flatten)]
    choice: &'a Choice,
    at: usize,
}

/// The choices of a single- or multiple-choice question in the order shown: shuffled, unless
/// the author pinned the written order with `shuffle = false`.
pub(crate) fn shown_choices(q: &QuestionBlock) -> Vec<&Choice> {
    if q.shuffle == Some(false) {
        q.choices.iter().collect()
    } else {
        shuffle(&q.id.value, &q.choices, |c| &c.id.value)
    }
}

fn with_written_places<'a>(q: &'a QuestionBlock) -> Vec<ShownChoice<'a>> {
    shown_choices(q)
        .into_iter()
        .map(|choice| ShownChoice { choice, at: q.choices.iter().position(|c| std::ptr::eq(c, choice)).unwrap_or(0) })
        .collect()
}

impl<'a> BlockView<'a> {
    pub(super) fn new(course: &'a Course, content: &'a BlockContent, words: &Words) -> Self {
        let mut view = BlockView {
            kind: "",
            anchor: format!("b-{}", content.id().value),
            lang: &course.language,
            data: Value::UNDEFINED,
            file: None,
            format: None,
            size: None,
            print: false,
            print_marker: PRINT_MARKER,
            scale: None,
            na: None,
            na_value: NOT_APPLICABLE,
            scale_at: 0,
            first_of_scale: false,
            max_length: 0,
            retry: false,
            shuffled: Vec::new(),
            choices: Vec::new(),
            rights: Vec::new(),
            yes: STATE.yes,
            no: STATE.no,
        };
        match content {
            BlockContent::Question(q) => {
                view.kind = "question";
                view.data = ser(q);
                view.shuffled = shuffle(&q.id.value, &q.items, |i| &i.id.value);
                view.rights = shuffle(&q.id.value, &q.pairs, |p| &p.id.value);
                view.choices = with_written_places(q);
                view.max_length = q.max_length.as_deref().copied().unwrap_or(DEFAULT_FILL_IN_MAX_LENGTH);
                view.retry = q.retry.unwrap_or(course.retry());
            }
            BlockContent::SelfAssessment(d) => {
                view.kind = "diagnostic";
                view.data = ser(d);
                view.scale = course.scale(d);
                view.na = course.source.not_applicable.as_deref().map(String::as_str);
            }
            BlockContent::Reflection(r) => {
                view.kind = "reflection";
                view.data = ser(r);
                view.max_length = r.max_length.as_deref().copied().unwrap_or(DEFAULT_REFLECTION_MAX_LENGTH);
            }
            BlockContent::Resource(r, file) => {
                view.kind = "resource";
                view.data = ser(r);
                view.file = file.as_ref();
                view.format = Some(r.format.as_deref().cloned().unwrap_or_else(|| words.format_name(&r.file)));
                view.size = file.as_ref().map(|f| words.size(f.bytes));
                view.print = is_printable_page(&r.file);
            }
            BlockContent::Video(m, file) | BlockContent::Audio(m, file) => {
                view.kind = if matches!(content, BlockContent::Video(..)) { "video" } else { "audio" };
                view.data = ser(m);
                view.file = file.as_ref();
            }
        }
        view
    }

    /// A statement's column headings: the answers of its scale, written once in the module
    /// before the first statement using that scale, and naming the radios of every statement
    /// with that scale (the runtime moves them to the page shown). `scales`: the module's scales
    /// met so far.
    pub(super) fn with_scale_headings(mut self, scales: &mut Vec<(Option<&'a [String]>, Option<&'a str>)>) -> Self {
        if self.kind == "diagnostic" {
            let scale = (self.scale, self.na);
            self.scale_at = scales.iter().position(|s| *s == scale).unwrap_or_else(|| {
                self.first_of_scale = true;
                scales.push(scale);
                scales.len() - 1
            });
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::{is_printable_page, shuffle};

    #[test]
    fn html_resources_are_pages_to_print() {
        for page in ["canevas/charte.html", "grille.HTM", "a.b/c.html"] {
            assert!(is_printable_page(page), "{page}");
        }
        for file in ["canevas/charte.md", "charte.odt", "html", "canevas.html/notes.txt", "page.xhtml"] {
            assert!(!is_printable_page(file), "{file}");
        }
    }

    fn order<'a>(question: &str, ids: &[&'a str]) -> Vec<&'a str> {
        shuffle(question, ids, |s| s).into_iter().copied().collect()
    }

    #[test]
    fn shuffle_is_stable_and_never_the_written_order() {
        for n in 2..=6 {
            let ids: Vec<&str> = ["a", "b", "c", "d", "e", "f"][..n].to_vec();
            for question in ["q1", "leviers", "ordre-parcours"] {
                let shown = order(question, &ids);
                assert_eq!(shown, order(question, &ids), "stable");
                assert_ne!(shown, ids, "{question} with {n} entries shows the written order");
                let mut sorted = shown.clone();
                sorted.sort_unstable();
                assert_eq!(sorted, ids, "a permutation");
            }
        }
        assert_eq!(order("q", &["a"]), ["a"]);
    }

    #[test]
    fn choices_are_shuffled_unless_pinned() {
        let question = |extra: &str| -> crate::model::QuestionBlock {
            toml::from_str(&format!(
                "id = \"q\"\nkind = \"single\"\nprompt = \"?\"\n{extra}\n\
                 [[choices]]\nid = \"a\"\ntext = \"A\"\ncorrect = true\n\
                 [[choices]]\nid = \"b\"\ntext = \"B\"\n[[choices]]\nid = \"c\"\ntext = \"C\"\n"
            ))
            .unwrap()
        };
        let ids = |q: &crate::model::QuestionBlock| -> Vec<String> {
            super::shown_choices(q).iter().map(|c| c.id.value.clone()).collect()
        };
        assert_ne!(ids(&question("")), ["a", "b", "c"]);
        assert_ne!(ids(&question("shuffle = true")), ["a", "b", "c"]);
        assert_eq!(ids(&question("shuffle = false")), ["a", "b", "c"]);
    }

    #[test]
    fn shuffle_depends_on_the_question() {
        let ids = ["a", "b", "c", "d"];
        let orders: std::collections::BTreeSet<Vec<&str>> = (0..12).map(|i| order(&format!("q{i}"), &ids)).collect();
        assert!(orders.len() > 3, "the same ids are shown in the same order in every question: {orders:?}");
    }
}
