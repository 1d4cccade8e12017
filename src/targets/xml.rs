//! A small XML writer over quick-xml: elements, attributes and text, always escaped.

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

pub(super) struct Xml {
    writer: Writer<Vec<u8>>,
}

impl Xml {
    pub(super) fn new() -> Self {
        let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
        writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None))).expect("in memory");
        Self { writer }
    }

    pub(super) fn open(&mut self, name: &str, attributes: &[(&str, &str)]) {
        let mut start = BytesStart::new(name);
        for attribute in attributes {
            start.push_attribute(*attribute);
        }
        self.writer.write_event(Event::Start(start)).expect("in memory");
    }

    pub(super) fn close(&mut self, name: &str) {
        self.writer.write_event(Event::End(BytesEnd::new(name))).expect("in memory");
    }

    pub(super) fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) {
        let mut start = BytesStart::new(name);
        for attribute in attributes {
            start.push_attribute(*attribute);
        }
        self.writer.write_event(Event::Empty(start)).expect("in memory");
    }

    pub(super) fn text(&mut self, name: &str, attributes: &[(&str, &str)], text: &str) {
        self.open(name, attributes);
        self.writer.write_event(Event::Text(BytesText::new(text))).expect("in memory");
        self.close(name);
    }

    pub(super) fn finish(self) -> Vec<u8> {
        let mut bytes = self.writer.into_inner();
        bytes.push(b'\n');
        bytes
    }
}
