//! French typography, applied when text is rendered (never to the sources): a no-break space
//! (U+00A0) before `:` and inside « », a narrow no-break space (U+202F) before `;` `!` `?`, and
//! the typographic apostrophe ’ for '. A space already written before those signs is replaced, a
//! missing one added. Web addresses, times and ratios (10:30), `::` and signs glued to a word on
//! their right (`a:b`, `?id=`) are left alone; callers never pass code or attributes.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// No-break space, before `:` and inside « ».
pub const NBSP: char = '\u{a0}';
/// Narrow no-break space, before `;` `!` `?`.
pub const NNBSP: char = '\u{202f}';

/// Whether `language` (a BCP 47 tag) is French: `fr` or `fr-*`.
pub fn is_french(language: &str) -> bool {
    let primary = language.split(['-', '_']).next().unwrap_or("");
    primary.eq_ignore_ascii_case("fr")
}

/// French typography over a run of text split into pieces (the text events of one paragraph,
/// with code and markup between them): what came before a piece decides what its first sign
/// needs.
#[derive(Default)]
pub struct French {
    /// The last character of the text before, when there is one in the same paragraph.
    before: Option<char>,
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == NBSP || c == NNBSP
}

/// The space a sign takes before it, if it is one of the signs that take one.
fn space_before(sign: char) -> Option<char> {
    match sign {
        ':' | '»' => Some(NBSP),
        ';' | '!' | '?' => Some(NNBSP),
        _ => None,
    }
}

/// Byte ranges of web and mail addresses in `text`, left as written.
pub(crate) fn addresses(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        if is_space(c) || c == '<' || c == '>' {
            if let Some(s) = start.take() {
                let word = &text[s..i];
                let starts = |prefix: &str| word.get(..prefix.len()).is_some_and(|p| p.eq_ignore_ascii_case(prefix));
                if word.contains("://") || starts("www.") || starts("mailto:") {
                    ranges.push(s..i);
                }
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    ranges
}

impl French {
    /// A new paragraph: nothing before.
    pub fn new() -> Self {
        Self::default()
    }

    /// Code or another piece of text that is shown but not changed (it counts as a word before).
    pub fn skip(&mut self, text: &str) {
        if let Some(last) = text.chars().last() {
            self.before = Some(last);
        }
    }

    /// A line break between pieces of the same paragraph.
    pub fn space(&mut self) {
        self.before = Some(' ');
    }

    /// `text` with French typography, given what came before it.
    pub fn apply(&mut self, text: &str) -> String {
        if self.unchanged(text) {
            return text.to_string();
        }
        self.typeset(text)
    }

    /// Whether `text` has none of the signs typography changes (most text): then it only counts
    /// as what comes before the next piece.
    fn unchanged(&mut self, text: &str) -> bool {
        if text.contains(['\'', '«', '»', ':', ';', '!', '?']) {
            return false;
        }
        self.skip(text);
        true
    }

    fn typeset(&mut self, text: &str) -> String {
        let skipped = addresses(text);
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let piece_before = self.before;
        let mut out = String::with_capacity(text.len() + 8);
        // just after « and the space added: the spaces written there are dropped
        let mut opened = false;
        for (n, &(i, c)) in chars.iter().enumerate() {
            let after = chars.get(n + 1).map(|&(_, c)| c);
            if skipped.iter().any(|r| r.contains(&i)) {
                out.push(c);
            } else if c == '\'' {
                out.push('’');
            } else if c == '«' {
                out.push('«');
                out.push(NBSP);
                opened = true;
                self.before = Some(NBSP);
                continue;
            } else if is_space(c) && opened {
                continue;
            } else if let Some(space) = space_before(c).filter(|_| self.is_sign(c, after)) {
                while out.ends_with(is_space) {
                    out.pop();
                }
                if out.chars().last().or(piece_before).is_some_and(|p| !is_space(p)) {
                    out.push(space);
                }
                out.push(c);
            } else {
                out.push(c);
            }
            opened = false;
            self.before = Some(c);
        }
        out
    }

    /// Whether `c` (with `after` it) is the punctuation sign, not part of a time, an address or
    /// a run of signs such as `?!` or `::`.
    fn is_sign(&self, c: char, after: Option<char>) -> bool {
        let Some(before) = self.before else { return true };
        if matches!(before, ':' | ';' | '!' | '?' | '«') {
            return false;
        }
        if c == '»' {
            return true;
        }
        let spaced_before = is_space(before);
        let ends =
            after.is_none_or(|a| is_space(a) || matches!(a, ')' | ']' | '»' | '"' | '’' | ',' | '.' | '*' | '_'));
        let run = after.is_some_and(|a| matches!(a, '!' | '?' | ':' | ';'));
        spaced_before || ends || (run && c != ':')
    }
}

/// `text` with French typography when `language` is French, as it is otherwise: for one
/// self-contained piece of text (a title, a label).
pub fn typeset(text: &str, language: &str) -> String {
    if is_french(language) {
        French::new().apply(text)
    } else {
        text.to_string()
    }
}

/// Tags that stay inside a paragraph: the text around them is one run.
fn inline_tag(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Superscript | Tag::Subscript
    )
}

fn inline_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

/// Markdown events with French typography in their text: adjacent text events are joined first,
/// so a space and the sign after it are seen together. Code (spans and blocks) and the
/// alternative text of images (an attribute) are left as written; link addresses are not text.
pub fn typeset_events<'a>(events: impl IntoIterator<Item = Event<'a>>) -> Vec<Event<'a>> {
    let mut out = Vec::new();
    let mut french = French::new();
    let mut verbatim = 0usize;
    // The text of the current run: one event's own text (most runs), or the joined texts.
    let mut run: Option<CowStr<'a>> = None;
    let flush = |run: CowStr<'a>, french: &mut French, out: &mut Vec<Event<'a>>| {
        let text = if french.unchanged(&run) { run } else { CowStr::from(french.typeset(&run)) };
        out.push(Event::Text(text));
    };
    for event in events {
        let event = match event {
            Event::Text(text) if verbatim == 0 => {
                run = Some(match run.take() {
                    None => text,
                    Some(before) => CowStr::from(format!("{before}{text}")),
                });
                continue;
            }
            other => other,
        };
        if let Some(text) = run.take() {
            flush(text, &mut french, &mut out);
        }
        match &event {
            Event::Start(Tag::CodeBlock(_) | Tag::Image { .. }) => verbatim += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::Image) => verbatim = verbatim.saturating_sub(1),
            Event::Start(tag) if !inline_tag(tag) => french = French::new(),
            Event::End(tag) if !inline_end(*tag) => french = French::new(),
            Event::Text(text) | Event::Code(text) => french.skip(text),
            Event::SoftBreak | Event::HardBreak => french.space(),
            _ => {}
        }
        out.push(event);
    }
    if let Some(text) = run {
        flush(text, &mut french, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fr(text: &str) -> String {
        typeset(text, "fr").replace(NBSP, "~").replace(NNBSP, "^")
    }

    #[test]
    fn spaces_before_signs_are_added_or_replaced() {
        assert_eq!(fr("Enjeu : la confiance"), "Enjeu~: la confiance");
        assert_eq!(fr("Enjeu: la confiance"), "Enjeu~: la confiance");
        assert_eq!(fr("Enjeu  : la confiance"), "Enjeu~: la confiance");
        assert_eq!(fr("Pourquoi ? Parce que ; enfin !"), "Pourquoi^? Parce que^; enfin^!");
        assert_eq!(fr("Pourquoi? Parce que; enfin!"), "Pourquoi^? Parce que^; enfin^!");
        assert_eq!(fr("Vraiment ?!"), "Vraiment^?!");
        assert_eq!(fr("Quoi\u{a0}?"), "Quoi^?");
        assert_eq!(fr("(voir plus bas):"), "(voir plus bas)~:");
    }

    #[test]
    fn guillemets_take_no_break_spaces_inside() {
        assert_eq!(fr("« Tout à fait d'accord »"), "«~Tout à fait d’accord~»");
        assert_eq!(fr("«Sans objet»"), "«~Sans objet~»");
        assert_eq!(fr("un «  mot  » ici"), "un «~mot~» ici");
    }

    #[test]
    fn apostrophes_become_typographic() {
        assert_eq!(fr("L'offre n'est pas l'achat"), "L’offre n’est pas l’achat");
    }

    #[test]
    fn times_addresses_and_glued_signs_are_left_alone() {
        assert_eq!(fr("à 10:30 précises"), "à 10:30 précises");
        assert_eq!(fr("voir https://fing.org/a?b=c:d l'article"), "voir https://fing.org/a?b=c:d l’article");
        assert_eq!(fr("écrire mailto:a@b.fr ou www.fing.org"), "écrire mailto:a@b.fr ou www.fing.org");
        assert_eq!(fr("std::fs et a:b"), "std::fs et a:b");
        assert_eq!(fr(": au début"), ": au début");
    }

    #[test]
    fn pieces_of_one_paragraph_know_what_came_before() {
        let mut french = French::new();
        assert_eq!(french.apply("Lancez "), "Lancez ");
        french.skip("campus validate");
        assert_eq!(french.apply(": il vérifie."), "\u{a0}: il vérifie.");
        let mut french = French::new();
        assert_eq!(french.apply("un mot "), "un mot ");
        assert_eq!(french.apply("?"), "?", "a space in a piece already written cannot be changed");
        let mut french = French::new();
        french.skip("code");
        assert_eq!(french.apply("?"), "\u{202f}?");
    }

    fn markdown(text: &str) -> String {
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, typeset_events(pulldown_cmark::Parser::new(text)).into_iter());
        html.replace(NBSP, "~").replace(NNBSP, "^")
    }

    #[test]
    fn markdown_text_is_typeset_but_not_code_links_or_images() {
        assert_eq!(
            markdown("Lancez `a : b` : c'est *fait* !"),
            "<p>Lancez <code>a : b</code>~: c’est <em>fait</em>^!</p>\n"
        );
        assert_eq!(
            markdown("[l'article](https://x.fr/a?b=c'd) ![l'image](i.png)"),
            "<p><a href=\"https://x.fr/a?b=c&#x27;d\">l’article</a> <img src=\"i.png\" alt=\"l&#39;image\" /></p>\n"
        );
        assert_eq!(markdown("```\nx : y\n```\nQuoi ?"), "<pre><code>x : y\n</code></pre>\n<p>Quoi^?</p>\n");
        assert_eq!(markdown("Titre\n\n: pas de mot avant"), "<p>Titre</p>\n<p>: pas de mot avant</p>\n");
    }

    #[test]
    fn only_french_is_changed() {
        assert!(is_french("fr") && is_french("fr-CA") && is_french("FR") && !is_french("en") && !is_french("fra"));
        assert_eq!(typeset("Note: it's fine!", "en"), "Note: it's fine!");
    }
}
