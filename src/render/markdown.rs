//! Markdown written inside learning blocks and settings (prompts, choices, feedback, advice,
//! transcripts), rendered so that it cannot inject anything into a page.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::model::typography;

/// Markdown written inside blocks and settings (prompts, feedback, advice, transcripts) to HTML.
/// HTML written in it is shown as text, images are dropped (their alt text stays) and only web,
/// mail and fragment links are kept, so these texts cannot inject anything. In a French course
/// the text takes French typography (`language` is the course's).
fn safe_markdown(text: &str, inline: bool, language: &str) -> String {
    let mut events = Vec::new();
    let mut links_kept = Vec::new();
    let options =
        if inline { Options::ENABLE_STRIKETHROUGH } else { Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES };
    for event in Parser::new_ext(text, options) {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => events.push(Event::Text(html)),
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) if inline => {}
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => {}
            Event::Start(Tag::Link { ref dest_url, .. }) => {
                let keep = safe_link(dest_url);
                links_kept.push(keep);
                if keep {
                    events.push(event);
                }
            }
            Event::End(TagEnd::Link) => {
                if links_kept.pop() == Some(true) {
                    events.push(event);
                }
            }
            other => events.push(other),
        }
    }
    if typography::is_french(language) {
        events = typography::typeset_events(events);
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if inline {
        html.trim_end().to_string()
    } else {
        html
    }
}

/// Inline Markdown (prompts, choices, feedback): see [`safe_markdown`].
pub(crate) fn inline_markdown(text: &str, language: &str) -> String {
    safe_markdown(text, true, language)
}

/// Block Markdown (advice, transcripts): see [`safe_markdown`].
pub(crate) fn markdown_block(text: &str, language: &str) -> String {
    safe_markdown(text, false, language)
}

fn safe_link(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("mailto:")
        || lower.starts_with('#')
}

/// Inline Markdown as plain text (for attributes such as `aria-label`): the words, no markup.
pub(crate) fn plain_text(text: &str) -> String {
    let mut plain = String::new();
    for event in Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => plain.push_str(&t),
            Event::SoftBreak | Event::HardBreak => plain.push(' '),
            _ => {}
        }
    }
    plain.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_markdown_is_safe() {
        assert_eq!(
            inline_markdown("un *mot* <script>x</script>", "en"),
            "un <em>mot</em> &lt;script&gt;x&lt;/script&gt;"
        );
        assert_eq!(
            inline_markdown("[ok](https://fing.org) et [ko](javascript:alert(1))", "en"),
            "<a href=\"https://fing.org\">ok</a> et ko"
        );
        assert_eq!(inline_markdown("a & \"b\" <i>", "en"), "a &amp; \"b\" &lt;i&gt;");
        assert_eq!(markdown_block("[x](javascript:alert(1)) ![alt](https://t.co/i.png)", "en"), "<p>x alt</p>\n");
    }

    #[test]
    fn french_courses_get_french_typography() {
        assert_eq!(inline_markdown("L'offre : `a:b` ?", "fr-FR"), "L\u{2019}offre\u{a0}: <code>a:b</code>\u{202f}?");
        assert_eq!(inline_markdown("L'offre : ?", "en"), "L'offre : ?");
        assert_eq!(markdown_block("« Oui »", "fr"), "<p>\u{ab}\u{a0}Oui\u{a0}\u{bb}</p>\n");
    }

    #[test]
    fn plain_text_drops_the_markup() {
        assert_eq!(plain_text("Les *communs* et `code` <b>x</b>"), "Les communs et code <b>x</b>");
    }
}
