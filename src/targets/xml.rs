//! A small XML writer over quick-xml: elements, attributes and text, always escaped. It writes
//! straight into its destination (a zip entry), so a manifest of N modules is never held whole;
//! the first error of the destination is kept and returned by `finish`.

use std::io::Write;

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

/// A document being written into a package entry (or any destination).
pub(super) type Doc<'w> = Xml<&'w mut dyn Write>;

pub(super) struct Xml<W: Write> {
    writer: Writer<W>,
    error: Option<std::io::Error>,
}

impl<W: Write> Xml<W> {
    pub(super) fn new(destination: W) -> Self {
        let mut xml = Self { writer: Writer::new_with_indent(destination, b' ', 2), error: None };
        xml.event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        xml
    }

    fn event(&mut self, event: Event<'_>) {
        if self.error.is_none() {
            if let Err(error) = self.writer.write_event(event) {
                self.error = Some(error);
            }
        }
    }

    pub(super) fn open(&mut self, name: &str, attributes: &[(&str, &str)]) {
        let mut start = BytesStart::new(name);
        for attribute in attributes {
            start.push_attribute(*attribute);
        }
        self.event(Event::Start(start));
    }

    pub(super) fn close(&mut self, name: &str) {
        self.event(Event::End(BytesEnd::new(name)));
    }

    pub(super) fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) {
        let mut start = BytesStart::new(name);
        for attribute in attributes {
            start.push_attribute(*attribute);
        }
        self.event(Event::Empty(start));
    }

    pub(super) fn text(&mut self, name: &str, attributes: &[(&str, &str)], text: &str) {
        self.open(name, attributes);
        self.event(Event::Text(BytesText::new(text)));
        self.close(name);
    }

    /// Ends the document with a line break; the destination's first error, if any.
    pub(super) fn finish(self) -> std::io::Result<()> {
        if let Some(error) = self.error {
            return Err(error);
        }
        self.writer.into_inner().write_all(b"\n")
    }
}
