//! The path's identity: its short name, its accent colour (readable on the white page, and white
//! text readable on it) and its logo, an SVG drawing written into every page, so it must be inert:
//! no script, no event attribute, nothing fetched from elsewhere.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::{check_text, At};
use crate::diagnostics::{Code, Diagnostics};
use crate::model::{LogoFile, PathFile};
use crate::tr;

/// WCAG AA for normal text.
const MIN_CONTRAST: f64 = 4.5;
const WHITE: [u8; 3] = [255, 255, 255];

/// The SVG elements a logo may use: shapes, text, paint servers, clipping and simple filters.
const ALLOWED: &[&str] = &[
    "svg",
    "g",
    "defs",
    "symbol",
    "use",
    "title",
    "desc",
    "switch",
    "style",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "textPath",
    "linearGradient",
    "radialGradient",
    "stop",
    "clipPath",
    "mask",
    "pattern",
    "marker",
    "filter",
    "feBlend",
    "feColorMatrix",
    "feComponentTransfer",
    "feComposite",
    "feFlood",
    "feGaussianBlur",
    "feMerge",
    "feMergeNode",
    "feOffset",
    "feFuncR",
    "feFuncG",
    "feFuncB",
    "feFuncA",
];

pub(super) fn check_identity(diags: &mut Diagnostics, at: &At<'_>, path: &PathFile, logo: Option<&LogoFile>) {
    if let Some(name) = &path.short_name {
        check_text(diags, at, name, "short_name");
    }
    if let Some(colour) = &path.accent_colour {
        match parse_colour(colour) {
            None => {
                at.error(diags, Code::E069, colour.start(), tr!("`{}` is not a colour", colour.value))
                    .hint(tr!("write it as `#rrggbb`, e.g. `#0b4f9c`"));
            }
            Some(rgb) if contrast(rgb, WHITE) < MIN_CONTRAST => {
                let ratio = contrast(rgb, WHITE);
                at.error(
                    diags,
                    Code::E069,
                    colour.start(),
                    tr!(
                        "the accent colour `{}` has a contrast of {ratio}:1 with the white page, below the 4.5:1 of WCAG AA",
                        colour.value,
                        ratio = format!("{ratio:.2}")
                    ),
                )
                .hint(tr!(
                    "it colours text on the page and is the background of white text: take a darker shade, e.g. `{}`",
                    hex(darkest_readable(rgb))
                ));
            }
            Some(_) => {}
        }
    }
    if let Some(logo_key) = &path.logo {
        check_text(diags, at, &logo_key.alt, "alt");
        if let Some(logo) = logo {
            if let Err(problems) = inline_logo(logo.file.text(), &logo.alt) {
                for (offset, message) in problems {
                    diags.error(Code::E038, &logo.file, offset, message).hint(
                        tr!("a logo is a plain drawing: remove scripts, event attributes, links and references to other files (export it as \"plain SVG\", or clean it with an SVG optimiser)"),
                    );
                }
            }
        }
    }
}

/// `#rrggbb` or `#rgb`.
pub(crate) fn parse_colour(text: &str) -> Option<[u8; 3]> {
    let digits = text.strip_prefix('#')?;
    if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |s: &str| u8::from_str_radix(s, 16).ok();
    match digits.len() {
        6 => Some([channel(&digits[0..2])?, channel(&digits[2..4])?, channel(&digits[4..6])?]),
        3 => {
            let one = |i: usize| channel(&digits[i..=i]).map(|v| v * 17);
            Some([one(0)?, one(1)?, one(2)?])
        }
        _ => None,
    }
}

fn hex(rgb: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2])
}

/// The relative luminance of WCAG 2.1.
fn luminance(rgb: [u8; 3]) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2])
}

/// The contrast ratio of WCAG 2.1, from 1 to 21.
pub(crate) fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The lightest shade of `rgb` (same hue, darkened in steps) that is readable on white.
fn darkest_readable(rgb: [u8; 3]) -> [u8; 3] {
    (0..=100u32)
        .rev()
        .map(|percent| {
            rgb.map(|c| u8::try_from(u32::from(c) * percent / 100).expect("a channel scaled down stays a byte"))
        })
        .find(|shade| contrast(*shade, WHITE) >= MIN_CONTRAST)
        .unwrap_or([0, 0, 0])
}

/// The logo as it goes into a page: the SVG element alone (no declaration, doctype, comment or
/// editor data), named by `alt` for assistive technologies. Every problem that makes it unsafe
/// comes back with its byte offset in the file.
pub(crate) fn inline_logo(svg: &str, alt: &str) -> Result<String, Vec<(usize, String)>> {
    let mut reader = Reader::from_str(svg);
    let mut out = String::with_capacity(svg.len() + 64);
    let mut problems = Vec::new();
    let (mut depth, mut skip_from, mut in_style, mut root_seen) = (0usize, None::<usize>, false, false);
    loop {
        let start = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(event) => event,
            Err(e) => {
                problems.push((start, tr!("the logo is not well-formed XML: {e}", e = e)));
                break;
            }
        };
        let end = usize::try_from(reader.buffer_position()).unwrap_or(svg.len()).min(svg.len());
        let raw = &svg[start..end];
        match &event {
            Event::Start(tag) | Event::Empty(tag) => {
                let opens = matches!(event, Event::Start(_));
                if skip_from.is_none() && editor_data(tag) {
                    if opens {
                        skip_from = Some(depth);
                    }
                } else if skip_from.is_none() {
                    let name = tag.name().as_ref().to_string();
                    if depth == 0 && (root_seen || name != "svg") {
                        problems.push((
                            start,
                            tr!("the logo's drawing must be one `<svg>` element, not `<{name}>`", name = name),
                        ));
                    }
                    root_seen = true;
                    check_tag(tag, &name, start, &mut problems);
                    in_style = name == "style" && opens;
                    if depth == 0 {
                        out.push_str(&format!("<svg role=\"img\" aria-label=\"{}\"", escape_html(alt)));
                        out.push_str(&raw[4..]);
                    } else {
                        out.push_str(raw);
                    }
                }
                if opens {
                    depth += 1;
                }
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if skip_from == Some(depth) {
                    skip_from = None;
                } else if skip_from.is_none() {
                    in_style = false;
                    out.push_str(raw);
                }
            }
            Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) if skip_from.is_none() && depth > 0 => {
                if in_style {
                    check_value(raw, start, "the style sheet", &mut problems);
                }
                push_text(&mut out, raw);
            }
            Event::DocType(_) if raw.to_ascii_uppercase().contains("<!ENTITY") => {
                problems.push((start, tr!("the logo declares entities in its doctype")));
            }
            Event::PI(pi) if pi.target().eq_ignore_ascii_case("xml-stylesheet") => {
                problems.push((start, tr!("the logo loads a style sheet from another file")));
            }
            _ => {} // the XML declaration, doctype, comments, blank text outside the drawing
        }
    }
    if !root_seen && problems.is_empty() {
        problems.push((0, tr!("the file holds no `<svg>` drawing")));
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// Text of the drawing; indentation between elements becomes one line break (as good, even
/// within a text).
fn push_text(out: &mut String, raw: &str) {
    if !(raw.trim().is_empty() && raw.contains('\n')) {
        out.push_str(raw);
    } else if !out.ends_with('\n') {
        out.push('\n');
    }
}

/// What drawing editors keep for themselves (`<metadata>`, `<sodipodi:namedview>`…): left out.
fn editor_data(tag: &BytesStart<'_>) -> bool {
    tag.name().prefix().is_some() || tag.name().as_ref() == "metadata"
}

fn check_tag(tag: &BytesStart<'_>, name: &str, at: usize, problems: &mut Vec<(usize, String)>) {
    if !ALLOWED.contains(&name) {
        problems.push((at, tr!("`<{name}>` is not allowed in a logo", name = name)));
    }
    for attribute in tag.attributes().with_checks(false) {
        let Ok(attribute) = attribute else {
            problems.push((at, tr!("an attribute of `<{name}>` cannot be read", name = name)));
            continue;
        };
        let key = attribute.key.as_ref().to_string();
        let value = attribute.value.to_string();
        if key.to_ascii_lowercase().starts_with("on") {
            problems.push((at, tr!("`<{name}>` has an event attribute, `{key}`", name = name, key = key)));
        } else if (key == "href" || key.ends_with(":href")) && !value.trim_start().starts_with('#') {
            problems.push((
                at,
                tr!(
                    "`<{name}>` refers to `{value}`: only references inside the logo (`#id`) are allowed",
                    name = name,
                    value = value
                ),
            ));
        } else {
            check_value(&value, at, &tr!("`{key}` of `<{name}>`", key = key, name = name), problems);
        }
    }
}

/// A style or attribute value may only refer to what the logo itself holds.
fn check_value(value: &str, at: usize, what: &str, problems: &mut Vec<(usize, String)>) {
    let lower = value.to_ascii_lowercase();
    let outside = lower.match_indices("url(").any(|(i, _)| {
        !lower[i + 4..].trim_start_matches(|c: char| c.is_whitespace() || c == '\'' || c == '"').starts_with('#')
    });
    if outside || lower.contains("@import") || lower.contains("javascript:") || lower.contains("expression(") {
        problems.push((at, tr!("{what} refers to something outside the logo", what = what)));
    }
}

/// Text as HTML text or attribute value.
pub(crate) fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_follows_wcag() {
        assert!((contrast([0, 0, 0], WHITE) - 21.0).abs() < 1e-9);
        assert!((contrast(WHITE, WHITE) - 1.0).abs() < 1e-9);
        // #767676 is the classic lightest grey that passes on white (4.54:1).
        assert!(contrast(parse_colour("#767676").unwrap(), WHITE) >= 4.5);
        assert!(contrast(parse_colour("#777").unwrap(), WHITE) < 4.5);
        assert_eq!(parse_colour("#0B4F9C"), Some([11, 79, 156]));
        assert_eq!(parse_colour("0b4f9c"), None);
        assert_eq!(parse_colour("#0b4f9"), None);
        let suggested = darkest_readable([245, 166, 35]);
        assert!(contrast(suggested, WHITE) >= 4.5 && suggested != [0, 0, 0], "{}", hex(suggested));
    }

    #[test]
    fn a_plain_logo_is_inlined_with_its_name() {
        let svg = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg>\n<!-- made by hand -->\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><metadata><rdf:RDF/></metadata><sodipodi:namedview id=\"n\"/><defs><linearGradient id=\"g\"><stop offset=\"0\"/></linearGradient></defs><rect width=\"10\" height=\"10\" fill=\"url(#g)\"/><text>A &amp; B</text></svg>\n";
        let inline = inline_logo(svg, "Fing & co").unwrap();
        assert_eq!(
            inline,
            "<svg role=\"img\" aria-label=\"Fing &amp; co\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><defs><linearGradient id=\"g\"><stop offset=\"0\"/></linearGradient></defs><rect width=\"10\" height=\"10\" fill=\"url(#g)\"/><text>A &amp; B</text></svg>"
        );
    }

    #[test]
    fn unsafe_logos_are_refused_where_the_problem_is() {
        let refused = |svg: &str| inline_logo(svg, "x").unwrap_err();
        let svg = "<svg>\n<script>alert(1)</script></svg>";
        assert_eq!(refused(svg)[0], (6, "`<script>` is not allowed in a logo".to_string()));
        assert!(refused("<svg onload=\"alert(1)\"/>")[0].1.contains("event attribute"));
        assert!(refused("<svg><image href=\"https://x.example/a.png\"/></svg>").len() == 2);
        assert!(refused("<svg><use xlink:href=\"other.svg#a\"/></svg>")[0].1.contains("other.svg#a"));
        assert!(refused("<svg><a href=\"javascript:alert(1)\"><path/></a></svg>")[0].1.contains("`<a>`"));
        assert!(refused("<svg><rect style=\"fill:url( 'https://x.example/p')\"/></svg>")[0].1.contains("outside"));
        assert!(refused("<svg><style>@import url(x.css);</style></svg>")[0].1.contains("style sheet"));
        assert!(refused("<svg><foreignObject><div/></foreignObject></svg>")[0].1.contains("foreignObject"));
        assert!(refused("<!DOCTYPE svg [<!ENTITY a \"b\">]><svg/>")[0].1.contains("entities"));
        assert!(refused("<html/>")[0].1.contains("one `<svg>`"));
        assert!(refused("<svg><g></svg>")[0].1.contains("well-formed"));
        assert!(refused("just text")[0].1.contains("no `<svg>`"));
    }
}
