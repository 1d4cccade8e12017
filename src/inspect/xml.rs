//! A small element tree read with quick-xml, which never expands entities; a DOCTYPE (where DTDs
//! and entity declarations live, and so the XML bombs) is refused before anything else is read.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// One element: its local name (prefix dropped) and namespace, its attributes (local names too),
/// its text and children, and the line it starts on.
#[derive(Debug, Default)]
pub struct Element {
    pub name: String,
    /// The namespace URI its prefix (or the default namespace) is bound to; empty for none.
    pub namespace: String,
    pub attributes: Vec<(String, String)>,
    pub children: Vec<Element>,
    pub text: String,
    pub line: usize,
}

impl Element {
    /// An attribute by local name, ignoring case (SCORM 1.2 `scormtype`, 2004 `scormType`).
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }

    /// The children with this local name.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |child| child.name == name)
    }

    pub fn first(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|child| child.name == name)
    }

    /// Whether this is the element `name` of the namespace `namespace`.
    pub fn is(&self, namespace: &str, name: &str) -> bool {
        self.name == name && self.namespace == namespace
    }

    /// Every element below this one, depth first.
    pub fn descendants(&self) -> Vec<&Element> {
        let mut out = Vec::new();
        let mut stack: Vec<&Element> = self.children.iter().rev().collect();
        while let Some(element) = stack.pop() {
            out.push(element);
            stack.extend(element.children.iter().rev());
        }
        out
    }
}

/// Why a document was not read.
#[derive(Debug)]
pub enum XmlError {
    /// A DOCTYPE at this line.
    Doctype(usize),
    /// Not well-formed, at this line.
    Malformed(usize, String),
}

fn local(name: &str) -> String {
    name.rsplit_once(':').map_or(name.to_string(), |(_, local)| local.to_string())
}

struct Lines(Vec<usize>);

impl Lines {
    fn new(bytes: &[u8]) -> Self {
        Self(bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').map(|(i, _)| i).collect())
    }

    fn at(&self, offset: u64) -> usize {
        let offset = usize::try_from(offset).unwrap_or(usize::MAX);
        self.0.partition_point(|newline| *newline < offset) + 1
    }
}

/// The namespace declarations in force: one frame per open element.
#[derive(Default)]
struct Scopes(Vec<Vec<(String, String)>>);

impl Scopes {
    fn lookup(&self, prefix: &str) -> String {
        self.0.iter().rev().flatten().find(|(p, _)| p == prefix).map(|(_, uri)| uri.clone()).unwrap_or_default()
    }
}

/// Reads a start tag, opening its namespace frame (closed by the caller at its end).
fn element(start: &BytesStart<'_>, line: usize, scopes: &mut Scopes) -> Result<Element, XmlError> {
    let mut attributes = Vec::new();
    let mut frame = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|e| XmlError::Malformed(line, e.to_string()))?;
        let value = attribute
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| XmlError::Malformed(line, e.to_string()))?;
        let key = attribute.key.as_ref().to_string();
        if key == "xmlns" {
            frame.push((String::new(), value.to_string()));
        } else if let Some(prefix) = key.strip_prefix("xmlns:") {
            frame.push((prefix.to_string(), value.to_string()));
        }
        // Namespace declarations and `xml:base` keep their whole name; others lose their prefix.
        let whole = key == "xmlns" || key.starts_with("xmlns:") || key == "xml:base";
        let key = if whole { key } else { local(&key) };
        attributes.push((key, value.into_owned()));
    }
    scopes.0.push(frame);
    let qualified = start.name().as_ref().to_string();
    let prefix = qualified.rsplit_once(':').map_or("", |(prefix, _)| prefix);
    let namespace = scopes.lookup(prefix);
    Ok(Element { name: local(&qualified), namespace, attributes, line, ..Element::default() })
}

/// Reads a whole document into its root element.
pub fn parse(bytes: &[u8]) -> Result<Element, XmlError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = Lines::new(bytes).at(e.valid_up_to() as u64);
        XmlError::Malformed(line, "not UTF-8".into())
    })?;
    let lines = Lines::new(bytes);
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut scopes = Scopes::default();
    let mut root = None;
    loop {
        let position = reader.buffer_position();
        let event =
            reader.read_event().map_err(|e| XmlError::Malformed(lines.at(reader.error_position()), e.to_string()))?;
        let line = lines.at(position);
        match event {
            Event::DocType(_) => return Err(XmlError::Doctype(line)),
            Event::Start(start) => stack.push(element(&start, line, &mut scopes)?),
            Event::Empty(start) => {
                let done = element(&start, line, &mut scopes)?;
                scopes.0.pop();
                attach(&mut stack, &mut root, done, line)?;
            }
            Event::End(_) => {
                let done = stack.pop().ok_or_else(|| XmlError::Malformed(line, "unexpected end tag".into()))?;
                scopes.0.pop();
                attach(&mut stack, &mut root, done, line)?;
            }
            Event::Text(text) => {
                if let Some(open) = stack.last_mut() {
                    open.text.push_str(&text.xml10_content());
                }
            }
            Event::CData(data) => {
                if let Some(open) = stack.last_mut() {
                    open.text.push_str(&data.into_inner());
                }
            }
            Event::GeneralRef(reference) => {
                let resolved = if reference.is_char_ref() {
                    reference.resolve_char_ref().ok().flatten()
                } else {
                    match &*reference.into_inner() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    }
                };
                let Some(c) = resolved else {
                    return Err(XmlError::Malformed(line, "an entity that XML does not predefine".into()));
                };
                if let Some(open) = stack.last_mut() {
                    open.text.push(c);
                }
            }
            // XML forbids `--` inside a comment; libxml2, which validates against the XSDs, and
            // strict LMS parsers refuse it.
            Event::Comment(comment) if comment.contains("--") || comment.ends_with('-') => {
                return Err(XmlError::Malformed(line, "`--` inside a comment".into()));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err(XmlError::Malformed(lines.at(text.len() as u64), "an element is not closed".into()));
    }
    root.ok_or_else(|| XmlError::Malformed(1, "no root element".into()))
}

fn attach(stack: &mut [Element], root: &mut Option<Element>, done: Element, line: usize) -> Result<(), XmlError> {
    if let Some(parent) = stack.last_mut() {
        parent.children.push(done);
    } else if root.is_none() {
        *root = Some(done);
    } else {
        return Err(XmlError::Malformed(line, "a second root element".into()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{parse, XmlError};

    #[test]
    fn a_doctype_is_refused_and_entities_are_never_expanded() {
        let bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]>\n<a>&lol2;</a>";
        assert!(matches!(parse(bomb.as_bytes()), Err(XmlError::Doctype(2))));
        assert!(matches!(parse(b"<a>&lol;</a>"), Err(XmlError::Malformed(1, _))));
    }

    #[test]
    fn elements_attributes_text_and_lines() {
        let root = parse(b"<m:a xmlns:m=\"x\">\n  <b m:ID=\"1\">t &amp; &#233;</b>\n</m:a>").unwrap();
        assert_eq!(root.name, "a");
        assert!(root.is("x", "a") && root.first("b").unwrap().namespace.is_empty());
        let nested = parse(b"<a xmlns=\"d\"><p:b xmlns:p=\"q\"><c/></p:b><p:e/></a>").unwrap();
        let b = nested.first("b").unwrap();
        assert!(nested.is("d", "a") && b.is("q", "b") && b.first("c").unwrap().is("d", "c"));
        assert_eq!(nested.first("e").unwrap().namespace, "", "p is out of scope");
        let b = root.first("b").unwrap();
        assert_eq!((b.attr("id"), b.text.as_str(), b.line), (Some("1"), "t & \u{e9}", 2));
        assert!(matches!(parse(b"<a><b></a>"), Err(XmlError::Malformed(..))));
        assert!(matches!(parse(b"<a>"), Err(XmlError::Malformed(..))));
        assert!(matches!(parse(b"<a>\n<!-- x -- y --></a>"), Err(XmlError::Malformed(2, _))));
        assert!(parse(b"<a><!-- x - y --></a>").is_ok());
    }
}
