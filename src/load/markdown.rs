//! Module bodies: Markdown split into pages at each top-level heading, learning blocks read from
//! fenced code blocks, HTML rendered once, and every image and link checked on the way.

use std::collections::BTreeSet;
use std::path::Path;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::files;
use super::provider::SourceProvider;
use super::toml_check;
use crate::diagnostics::{did_you_mean, Code, Diagnostics};
use crate::model::{inclusive, typography};
use crate::model::{Block, BlockContent, LocalFile, MediaBlock, OffsetMap, Page, Part, ResourceBlock, SourceFile};
use crate::schema::SchemaKind;
use crate::tr;

/// The info strings of fenced code blocks that are learning blocks.
pub(crate) const BLOCK_KINDS: [&str; 6] = ["question", "diagnostic", "reflection", "resource", "video", "audio"];

/// Where the body sits and what it may refer to.
pub(super) struct BodyContext<'a> {
    pub provider: &'a dyn SourceProvider,
    pub file: &'a SourceFile,
    /// Byte offset of the body (after the front matter) in the file.
    pub offset: usize,
    pub course_dir: &'a Path,
    /// The module file's folder, relative to the course folder.
    pub module_dir: &'a Path,
    /// The course is in French: its text takes French typography.
    pub french: bool,
}

pub(super) struct Body {
    pub pages: Vec<Page>,
    /// Files the pages need, relative to the course folder.
    pub assets: BTreeSet<String>,
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES
}

fn shift(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// What a link or image destination is.
enum Target<'t> {
    Fragment,
    Web,
    Local(&'t str),
    Refused(String),
}

fn classify(url: &str) -> Target<'_> {
    if url.starts_with('#') {
        return Target::Fragment;
    }
    if url.starts_with("//") {
        return Target::Refused("//".into());
    }
    let end = url.find(['/', '?', '#']).unwrap_or(url.len());
    if let Some(colon) = url[..end].find(':') {
        let scheme = url[..colon].to_ascii_lowercase();
        return match scheme.as_str() {
            "http" | "https" | "mailto" => Target::Web,
            _ => Target::Refused(scheme),
        };
    }
    let path = url.split(['?', '#']).next().unwrap_or(url);
    Target::Local(path)
}

/// `html` without its `<!-- … -->` comments (one left open runs to the end).
fn without_comments(html: &str) -> String {
    let mut kept = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        kept.push_str(&rest[..start]);
        match rest[start + 4..].find("-->") {
            Some(end) => rest = &rest[start + 4 + end + 3..],
            None => return kept,
        }
    }
    kept.push_str(rest);
    kept
}

/// Decodes `%20` and other percent escapes of a Markdown destination (or of a link in a page
/// that `campus inspect` reads) into a file path; a `%` not followed by two hex digits stays.
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = bytes.get(i + 1..i + 3).and_then(|hex| std::str::from_utf8(hex).ok());
        if bytes[i] == b'%' {
            if let Some(byte) = escaped.and_then(|hex| u8::from_str_radix(hex, 16).ok()) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A paragraph holding only an image with a title, `![alt](file "caption")`, becomes a figure
/// whose caption is the title (typeset and escaped like any text); the `<img>` loses the title,
/// so that it is not read twice.
fn figures(events: &mut Vec<Event<'_>>) {
    let mut i = 0;
    while i + 1 < events.len() {
        let caption = match (&events[i], &events[i + 1]) {
            (Event::Start(Tag::Paragraph), Event::Start(Tag::Image { title, .. })) if !title.trim().is_empty() => {
                title.trim().to_string()
            }
            _ => {
                i += 1;
                continue;
            }
        };
        let end = events[i + 1..].iter().position(|e| matches!(e, Event::End(TagEnd::Image))).map(|at| i + 1 + at);
        let Some(end) = end.filter(|&end| matches!(events.get(end + 1), Some(Event::End(TagEnd::Paragraph)))) else {
            i += 1;
            continue;
        };
        if let Event::Start(Tag::Image { title, .. }) = &mut events[i + 1] {
            *title = CowStr::Borrowed("");
        }
        events[i] = Event::Html(CowStr::Borrowed("<figure>"));
        let closing = [
            Event::Html(CowStr::Borrowed("<figcaption>")),
            Event::Text(CowStr::from(caption)),
            Event::Html(CowStr::Borrowed("</figcaption></figure>\n")),
        ];
        events.splice(end + 1..end + 2, closing);
        i = end + 4;
    }
}

struct BodyParser<'c, 'd> {
    cx: &'c BodyContext<'c>,
    diags: &'d mut Diagnostics,
    pages: Vec<Page>,
    assets: BTreeSet<String>,
    pending: Vec<Event<'c>>,
    reported_preamble: bool,
    /// Raw HTML was reported in the current paragraph or HTML block.
    reported_html: bool,
}

impl<'c> BodyParser<'c, '_> {
    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        figures(&mut self.pending);
        let mut html = String::new();
        if self.cx.french {
            pulldown_cmark::html::push_html(&mut html, typography::typeset_events(self.pending.drain(..)).into_iter());
        } else {
            pulldown_cmark::html::push_html(&mut html, self.pending.drain(..));
        }
        if let Some(page) = self.pages.last_mut() {
            // Kept for the whole build: no spare capacity (a quarter of the text on average).
            html.shrink_to_fit();
            page.parts.push(Part::Html(html));
        }
    }

    fn local_file(&mut self, written: &str, offset: usize, from_module: bool) -> Option<LocalFile> {
        let from = if from_module { self.cx.module_dir } else { Path::new("") };
        match files::resolve(self.cx.provider, self.cx.course_dir, from, written) {
            Ok(file) => {
                self.assets.insert(file.path.clone());
                Some(file)
            }
            Err(problem) => {
                let diagnostic = self.diags.error(problem.code(), self.cx.file, offset, problem.message(written));
                diagnostic.hint(problem.hint());
                if let Some(close) = problem.suggestion() {
                    // The span is the quoted TOML value, or the whole link or image.
                    let spanned = span_text(diagnostic);
                    let target = format!("]({written}");
                    if spanned.starts_with('"') {
                        diagnostic.fix(format!("\"{close}\""));
                    } else if spanned.contains(&target) {
                        diagnostic.fix(spanned.replacen(&target, &format!("]({close}"), 1));
                    }
                }
                None
            }
        }
    }

    fn preamble(&mut self, offset: usize) {
        if !self.reported_preamble {
            self.reported_preamble = true;
            self.diags
                .error(Code::E026, self.cx.file, offset, tr!("text before the first page heading"))
                .hint(tr!("each page starts with a top-level heading: add `# Title of the page` above this text"));
        }
    }

    /// Raw HTML is refused, once per paragraph or HTML block; comments are allowed and dropped.
    fn raw_html(&mut self, html: &str, offset: usize) {
        let rest = without_comments(html);
        if rest.trim().is_empty() {
            return;
        }
        if self.pages.is_empty() {
            return self.preamble(offset);
        }
        if !self.reported_html {
            self.reported_html = true;
            let shown: String = rest.trim().lines().next().unwrap_or("").chars().take(40).collect();
            self.diags
                .error(Code::E036, self.cx.file, offset, tr!("raw HTML is not allowed: `{shown}`", shown = shown))
                .hint(tr!(
                    "write it in Markdown, or use a learning block; HTML comments `<!-- … -->` are allowed and dropped"
                ));
        }
    }

    /// Checks a link or image destination and gives the one to write in the page.
    fn destination(&mut self, url: &str, offset: usize, image: bool) -> String {
        match classify(url) {
            Target::Web if image => {
                self.diags
                    .error(Code::E034, self.cx.file, offset, tr!("image `{url}` is not a file of the course", url = url))
                    .hint(tr!("download the image into the course folder and link it by its relative path: packages must work offline and load nothing from elsewhere"));
                url.to_string()
            }
            Target::Fragment | Target::Web => url.to_string(),
            Target::Refused(scheme) => {
                let written = if scheme == "//" { "//".to_string() } else { format!("{scheme}:") };
                self.diags
                    .error(
                        Code::E035,
                        self.cx.file,
                        offset,
                        tr!("links with `{written}` are not allowed", written = written),
                    )
                    .hint(tr!("link with https://, http://, mailto:, a #fragment or a file of the course"));
                "#".to_string()
            }
            Target::Local(path) => {
                let decoded = percent_decode(path);
                if !image && Path::new(&decoded).extension().is_some_and(|e| e.eq_ignore_ascii_case("md")) {
                    self.diags
                        .error(Code::E037, self.cx.file, offset, tr!("link to module source `{decoded}`", decoded = decoded))
                        .hint(tr!("modules are reached through the course's navigation; link to a resource file or a web page instead"));
                    return "#".to_string();
                }
                match self.local_file(&decoded, offset, true) {
                    Some(file) => {
                        let rest = &url[path.len()..];
                        format!("{}{rest}", file.path)
                    }
                    None => "#".to_string(),
                }
            }
        }
    }

    /// A code listing: its name may be a misspelt learning block (E046 when within two edits
    /// of one and not a language, W010 when further), and its body may show that it swallowed
    /// the blocks after it.
    fn code_listing(&mut self, kind: &str, offset: usize, source: &str) {
        if let Some(problem) = unclosed(source, false) {
            self.report_unclosed(offset, problem);
        }
        let Some(close) = did_you_mean(kind, BLOCK_KINDS) else { return };
        let diagnostic = if strsim::damerau_levenshtein(kind, close) <= 2 && !is_language(kind) {
            self.diags
                .error(Code::E046, self.cx.file, offset, tr!("`{kind}` is not a learning block: did you mean `{close}`?", kind = kind, close = close))
                .hint(tr!(
                    "write ```{close} to make it a learning block; to show a code listing instead, name its language, e.g. ```text or ```toml", close = close
                ))
        } else {
            self.diags
                .warning(Code::W010, self.cx.file, offset, tr!("code block `{kind}` is shown as code", kind = kind))
                .hint(tr!("did you mean the learning block `{close}`?", close = close))
        };
        // The span is the fence line: the same line with the block's name.
        let fence = span_text(diagnostic);
        diagnostic.fix(fence.replacen(kind, close, 1));
    }

    fn report_unclosed(&mut self, offset: usize, problem: Unclosed) {
        let (line, _) = self.cx.file.position(offset);
        match problem {
            Unclosed::ToTheEnd => {
                self.diags
                    .error(
                        Code::E027,
                        self.cx.file,
                        offset,
                        tr!("the block opened at line {line} is not closed", line = line),
                    )
                    .hint(tr!("end it with a line of three backticks ```"));
            }
            Unclosed::Swallows(at) => {
                let (next, _) = self.cx.file.position(offset + at);
                self.diags
                    .error(Code::E027, self.cx.file, offset, tr!("the block opened at line {line} is probably not closed", line = line))
                    .hint(tr!("it runs on into the block that opens at line {next}: end it with a line of three backticks ``` before that line", next = next));
            }
        }
    }

    fn block(&mut self, kind: &str, text: &str, map: &OffsetMap) -> Option<BlockContent> {
        let file = self.cx.file;
        let diags = &mut *self.diags;
        Some(match kind {
            "question" => {
                BlockContent::Question(toml_check::parse_mapped(file, text, map, SchemaKind::Question, diags)?)
            }
            "diagnostic" => {
                BlockContent::SelfAssessment(toml_check::parse_mapped(file, text, map, SchemaKind::Diagnostic, diags)?)
            }
            "reflection" => {
                BlockContent::Reflection(toml_check::parse_mapped(file, text, map, SchemaKind::Reflection, diags)?)
            }
            "resource" => {
                let block: ResourceBlock = toml_check::parse_mapped(file, text, map, SchemaKind::Resource, diags)?;
                let found = self.local_file(&block.file, map.file_offset(block.file.start()), false);
                BlockContent::Resource(block, found)
            }
            "video" | "audio" => {
                let block: MediaBlock = toml_check::parse_mapped(file, text, map, SchemaKind::Media, diags)?;
                let found = self.local_file(&block.file, map.file_offset(block.file.start()), false);
                if let Some(captions) = &block.captions {
                    self.local_file(captions, map.file_offset(captions.start()), false);
                }
                if kind == "video" {
                    BlockContent::Video(block, found)
                } else {
                    BlockContent::Audio(block, found)
                }
            }
            _ => unreachable!("only BLOCK_KINDS reach here"),
        })
    }
}

/// Events with their byte ranges in the body, as pulldown-cmark gives them.
trait Events<'c>: Iterator<Item = (Event<'c>, std::ops::Range<usize>)> {}
impl<'c, T: Iterator<Item = (Event<'c>, std::ops::Range<usize>)>> Events<'c> for T {}

impl<'c> BodyParser<'c, '_> {
    /// The text of a page heading, up to its end.
    fn heading_text(events: &mut impl Events<'c>) -> String {
        let mut title = String::new();
        for (inner, _) in events {
            match inner {
                Event::End(TagEnd::Heading(_)) => break,
                Event::Text(t) | Event::Code(t) => title.push_str(&t),
                Event::SoftBreak | Event::HardBreak => title.push(' '),
                _ => {}
            }
        }
        title.trim().to_string()
    }

    /// A fenced code block: a learning block when its info string names one, else code.
    /// `range` is the whole block in the body, fences included.
    fn fenced(&mut self, info: CowStr<'c>, range: &std::ops::Range<usize>, events: &mut impl Events<'c>) {
        let offset = self.cx.offset + range.start;
        let kind = info.split_whitespace().next().unwrap_or("").to_string();
        let source = &self.cx.file.text()[offset..self.cx.offset + range.end];
        if !BLOCK_KINDS.contains(&kind.as_str()) {
            self.code_listing(&kind, offset, source);
            self.pending.push(Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))));
            return;
        }
        if let Some(problem) = unclosed(source, true) {
            self.report_unclosed(offset, problem);
            for (inner, _) in events.by_ref() {
                if matches!(inner, Event::End(TagEnd::CodeBlock)) {
                    break;
                }
            }
            if let Some(page) = self.pages.last_mut() {
                page.unread_blocks.push(kind);
            }
            return;
        }
        // Markdown leaves out `\r`, list indentation and `> ` from the text: each piece of text is
        // mapped to its place in the file.
        let mut body = String::new();
        let mut map = OffsetMap::default();
        for (inner, inner_range) in events {
            match inner {
                Event::End(TagEnd::CodeBlock) => break,
                Event::Text(t) => {
                    map.push(body.len(), self.cx.offset + inner_range.start);
                    body.push_str(&t);
                }
                _ => {}
            }
        }
        if body.is_empty() {
            map = OffsetMap::linear(offset);
        }
        match self.block(&kind, &body, &map) {
            Some(content) => {
                self.flush();
                if let Some(page) = self.pages.last_mut() {
                    page.parts.push(Part::Block(Box::new(Block { offsets: map, content })));
                }
            }
            None => {
                if let Some(page) = self.pages.last_mut() {
                    page.unread_blocks.push(kind);
                }
            }
        }
    }

    /// An image: its alternative text is required, its file checked.
    fn image(&mut self, tag: Tag<'c>, offset: usize, events: &mut impl Events<'c>) {
        let Tag::Image { link_type, dest_url, title, id } = tag else { return };
        let mut alt = String::new();
        let mut inner_events = Vec::new();
        for (inner, _) in events {
            if matches!(inner, Event::End(TagEnd::Image)) {
                break;
            }
            if let Event::Text(t) | Event::Code(t) = &inner {
                alt.push_str(t);
            }
            inner_events.push(inner);
        }
        if alt.trim().is_empty() {
            self.diags.error(Code::E030, self.cx.file, offset, tr!("image without alternative text")).hint(tr!(
                "describe what the image shows between the brackets: ![A diagram of the three levers](levers.svg)"
            ));
        }
        let dest = self.destination(&dest_url, offset, true);
        self.pending.push(Event::Start(Tag::Image { link_type, dest_url: CowStr::from(dest), title, id }));
        self.pending.extend(inner_events);
        self.pending.push(Event::End(TagEnd::Image));
    }

    /// Raw HTML events: an HTML block comes line by line and is judged whole, so a comment may
    /// span lines. Returns whether the event was one.
    fn html(&mut self, event: &Event<'c>, offset: usize, block: &mut Option<(usize, String)>) -> bool {
        match event {
            Event::Start(Tag::HtmlBlock) => *block = Some((offset, String::new())),
            Event::Html(html) => match block.as_mut() {
                Some((_, text)) => text.push_str(html),
                None => self.raw_html(html, offset),
            },
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((start, text)) = block.take() {
                    self.reported_html = false;
                    self.raw_html(&text, start);
                }
            }
            Event::InlineHtml(html) if !self.pages.is_empty() => self.raw_html(html, offset),
            _ => return false,
        }
        true
    }
}

/// The text a diagnostic underlines, when it is on one line.
fn span_text(diagnostic: &crate::diagnostics::Diagnostic) -> String {
    let excerpt = diagnostic.excerpt.as_deref().unwrap_or("");
    if diagnostic.end_line != diagnostic.line {
        return String::new();
    }
    let length = diagnostic.end_column.saturating_sub(diagnostic.column);
    excerpt.chars().skip(diagnostic.column.saturating_sub(1)).take(length).collect()
}

/// Programming and data languages whose names may look like a learning block's: a listing
/// named so is meant as code.
const LANGUAGES: [&str; 40] = [
    "text",
    "txt",
    "plain",
    "plaintext",
    "toml",
    "json",
    "yaml",
    "yml",
    "xml",
    "html",
    "css",
    "sh",
    "bash",
    "zsh",
    "shell",
    "console",
    "js",
    "javascript",
    "ts",
    "typescript",
    "python",
    "py",
    "rust",
    "rs",
    "c",
    "cpp",
    "java",
    "go",
    "sql",
    "md",
    "markdown",
    "diff",
    "ini",
    "csv",
    "php",
    "ruby",
    "rb",
    "lua",
    "latex",
    "tex",
];

fn is_language(name: &str) -> bool {
    LANGUAGES.contains(&name.to_ascii_lowercase().as_str())
}

/// How a fenced block shows it was not closed.
#[derive(Clone, Copy)]
enum Unclosed {
    /// It runs to the end of the module.
    ToTheEnd,
    /// Its body holds the opening line of another block (at this byte of the block).
    Swallows(usize),
}

/// Whether the fenced block `source` (fences included) was left open. A learning block whose
/// body holds any fence opening, or a listing whose body holds a learning block's, has run on
/// into the next block; a learning block with no closing fence ran to the end.
fn unclosed(source: &str, learning_block: bool) -> Option<Unclosed> {
    let mut lines = source.split_inclusive('\n');
    let first = lines.next()?;
    let fence: String = first.trim_start().chars().take_while(|c| *c == '`' || *c == '~').collect();
    let mut at = first.len();
    let mut last = "";
    for line in lines {
        let trimmed = line.trim().trim_start_matches(|c: char| c == '>' || c.is_whitespace());
        if let Some(info) = trimmed.strip_prefix(fence.as_str()) {
            let info = info.trim_start_matches(['`', '~']).split_whitespace().next().unwrap_or("");
            if !info.is_empty() && (learning_block || BLOCK_KINDS.contains(&info)) {
                return Some(Unclosed::Swallows(at + line.len() - line.trim_start().len()));
            }
        }
        if !trimmed.is_empty() {
            last = trimmed;
        }
        at += line.len();
    }
    let closed = at > first.len() && last.starts_with(fence.as_str()) && last.trim_start_matches(['`', '~']).is_empty();
    (learning_block && !closed).then_some(Unclosed::ToTheEnd)
}

/// Reads a module body (the Markdown after the front matter).
pub(super) fn parse_body(cx: &BodyContext<'_>, diags: &mut Diagnostics) -> Body {
    let text = &cx.file.text()[cx.offset..];
    let mut parser = BodyParser {
        cx,
        diags,
        pages: Vec::new(),
        assets: BTreeSet::new(),
        pending: Vec::new(),
        reported_preamble: false,
        reported_html: false,
    };
    let mut events = Parser::new_ext(text, options()).into_offset_iter();
    let mut html_block: Option<(usize, String)> = None;
    while let Some((event, range)) = events.next() {
        let offset = cx.offset + range.start;
        if parser.html(&event, offset, &mut html_block) {
            continue;
        }
        match event {
            Event::Start(Tag::Heading { level: HeadingLevel::H1, .. }) => {
                parser.flush();
                let title = BodyParser::heading_text(&mut events);
                parser.pages.push(Page { title, offset, parts: Vec::new(), unread_blocks: Vec::new() });
            }
            Event::Start(Tag::Heading { level, .. }) if parser.pages.is_empty() && !parser.reported_preamble => {
                // A first heading written `##`: said once, and taken as the first page so that
                // the rest of the module is still read as usual.
                parser.reported_preamble = true;
                let hashes = "#".repeat(level as usize);
                parser
                    .diags
                    .error(
                        Code::E026,
                        cx.file,
                        offset,
                        tr!("the first heading is written `{hashes}`: pages start at `#`", hashes = hashes),
                    )
                    .hint(tr!(
                        "write `# Title` for each page; `{hashes}` makes a section inside a page",
                        hashes = hashes
                    ));
                let title = BodyParser::heading_text(&mut events);
                parser.pages.push(Page { title, offset, parts: Vec::new(), unread_blocks: Vec::new() });
            }
            _ if parser.pages.is_empty() => {
                if !matches!(&event, Event::Text(t) if t.trim().is_empty()) {
                    parser.preamble(offset);
                }
            }
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                parser.pending.push(Event::Start(Tag::Heading { level: shift(level), id, classes, attrs }));
            }
            Event::End(TagEnd::Heading(level)) => parser.pending.push(Event::End(TagEnd::Heading(shift(level)))),
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => parser.fenced(info, &range, &mut events),
            Event::Start(Tag::Paragraph) => {
                parser.reported_html = false;
                parser.pending.push(Event::Start(Tag::Paragraph));
            }
            Event::Start(tag @ Tag::Image { .. }) => parser.image(tag, offset, &mut events),
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest = parser.destination(&dest_url, offset, false);
                parser.pending.push(Event::Start(Tag::Link { link_type, dest_url: CowStr::from(dest), title, id }));
            }
            other => parser.pending.push(other),
        }
    }
    parser.flush();
    let body = Body { pages: parser.pages, assets: parser.assets };
    if cx.french {
        check_wording(cx, text, diags);
    }
    body
}

/// The path's inclusive-writing rule (`model::inclusive`) on the text of the pages: headings,
/// paragraphs, lists, tables, link texts and alternative texts, not code. Learning blocks are
/// code blocks here: the rules check their texts.
fn check_wording(cx: &BodyContext<'_>, body: &str, diags: &mut Diagnostics) {
    let mut in_code = false;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(text) if !in_code => {
                // Where the text is as written, each form is placed exactly; else at the text.
                let exact = body.get(range.clone()) == Some(&*text);
                for form in inclusive::abbreviated_forms(&text) {
                    let offset = cx.offset + range.start + if exact { form.start } else { 0 };
                    report_wording(diags, cx.file, offset, &text[form]);
                }
            }
            _ => {}
        }
    }
}

/// W007 for an abbreviated form found in a French text.
fn report_wording(diags: &mut Diagnostics, file: &SourceFile, offset: usize, form: &str) {
    diags.warning(Code::W007, file, offset, crate::tr!("`{}` abbreviates a word for both genders", form)).hint(crate::tr!("write both forms in full (« les acteurs et les actrices », « celles et ceux », « il ou elle ») or an epicene word (« les personnes », « les membres »): French courses follow this one rule (docs/format.md)"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_image_alone_with_a_title_is_a_figure() {
        let source = "![Alt](a.svg \"Légende <b>\")\n\nText ![x](b.svg \"t\") here\n";
        let mut events: Vec<Event> = Parser::new(source).collect();
        figures(&mut events);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        assert_eq!(
            html,
            "<figure><img src=\"a.svg\" alt=\"Alt\" /><figcaption>Légende &lt;b&gt;</figcaption></figure>\n<p>Text <img src=\"b.svg\" alt=\"x\" title=\"t\" /> here</p>\n"
        );
    }

    #[test]
    fn classifies_destinations() {
        assert!(matches!(classify("#top"), Target::Fragment));
        assert!(matches!(classify("https://fing.org"), Target::Web));
        assert!(matches!(classify("MAILTO:a@b.c"), Target::Web));
        assert!(matches!(classify("javascript:alert(1)"), Target::Refused(s) if s == "javascript"));
        assert!(matches!(classify("data:image/png;base64,xx"), Target::Refused(s) if s == "data"));
        assert!(matches!(classify("img/a:b.svg"), Target::Local("img/a:b.svg")));
        assert!(matches!(classify("canvas.odt#p2"), Target::Local("canvas.odt")));
        assert_eq!(percent_decode("my%20file.pdf"), "my file.pdf");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(without_comments("<!--\nnote\n-->\n"), "\n");
        assert_eq!(without_comments("a <!-- x --><b>y</b> <!-- open"), "a <b>y</b> ");
    }
}
