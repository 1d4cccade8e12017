//! `imsmanifest.xml` for SCORM 1.2 and SCORM 2004 (3rd and 4th Edition), written with quick-xml
//! so every value from the sources is escaped.

use std::io::Write;

use super::xml::{Doc, Xml};
use super::Scorm2004Edition;
use crate::ids::Ids;
use crate::model::{Course, Module};
use crate::runtime::Adapter;

/// Which SCORM.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scorm {
    V12,
    V2004 { edition: Scorm2004Edition },
}

impl Scorm {
    /// The most characters of `cmi.suspend_data` every conformant LMS keeps.
    pub(crate) fn suspend_data_limit(self) -> usize {
        match self {
            Scorm::V12 => 4096,
            Scorm::V2004 { edition: Scorm2004Edition::Third } => 4000,
            Scorm::V2004 { edition: Scorm2004Edition::Fourth } => 64000,
        }
    }

    /// The version as people name it: `SCORM 2004 4th Edition`.
    pub(crate) fn label(self) -> String {
        match self {
            Scorm::V12 => "SCORM 1.2".into(),
            Scorm::V2004 { edition } => format!("SCORM {}", schema_version(edition)),
        }
    }

    /// The runtime adapter of the version.
    pub(crate) fn adapter(self) -> Adapter {
        match self {
            Scorm::V12 => Adapter::Scorm12,
            Scorm::V2004 { .. } => Adapter::Scorm2004,
        }
    }

    /// SCORM 2004 3rd Edition keeps the course metadata in a file the manifest points at.
    pub(crate) fn metadata_in_a_file(self) -> bool {
        self == Scorm::V2004 { edition: Scorm2004Edition::Third }
    }
}

/// The `schemaversion` of a SCORM 2004 edition.
fn schema_version(edition: Scorm2004Edition) -> &'static str {
    match edition {
        Scorm2004Edition::Third => "2004 3rd Edition",
        Scorm2004Edition::Fourth => "2004 4th Edition",
    }
}

/// A module's SCO: its launch page and the files it uses, relative to the package root.
pub(crate) struct Sco<'a> {
    pub module: &'a Module,
    pub href: String,
    pub files: Vec<String>,
    /// The whole course as one SCO (single-SCO packages): its title, and no module's mastery.
    pub title: Option<String>,
}

/// ISO 8601 duration of a number of minutes, as LOM's typical learning time wants it.
pub(super) fn duration(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("PT{m}M"),
        (h, 0) => format!("PT{h}H"),
        (h, m) => format!("PT{h}H{m}M"),
    }
}

/// A 0–1 mastery as SCORM 2004 writes it: at most four decimals, no trailing zeros.
fn normalized(percent: u8) -> String {
    let text = format!("{:.4}", f64::from(percent) / 100.0);
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The vCard of the generator in the LOM's meta-metadata (`FN:Campus <version>`), the mark by
/// which `campus inspect` knows a Campus package from its metadata.
pub(crate) fn generator_vcard() -> String {
    format!("BEGIN:VCARD\nVERSION:3.0\nFN:Campus {}\nEND:VCARD", env!("CARGO_PKG_VERSION"))
}

/// IMS Metadata 1.2.1 (SCORM 1.2) inline in the manifest.
fn lom12(xml: &mut Doc<'_>, course: &Course) {
    let lang = course.language.as_str();
    let langstring = |xml: &mut Doc<'_>, name: &str, text: &str| {
        xml.open(name, &[]);
        xml.text("imsmd:langstring", &[("xml:lang", lang)], text);
        xml.close(name);
    };
    let vocabulary = |xml: &mut Doc<'_>, name: &str, value: &str| {
        xml.open(name, &[]);
        xml.open("imsmd:source", &[]);
        xml.text("imsmd:langstring", &[("xml:lang", "x-none")], "LOMv1.0");
        xml.close("imsmd:source");
        xml.open("imsmd:value", &[]);
        xml.text("imsmd:langstring", &[("xml:lang", "x-none")], value);
        xml.close("imsmd:value");
        xml.close(name);
    };
    xml.open("imsmd:lom", &[]);
    xml.open("imsmd:general", &[]);
    langstring(xml, "imsmd:title", &course.source.title);
    xml.text("imsmd:language", &[], lang);
    langstring(xml, "imsmd:description", &course.source.description);
    for keyword in &course.source.keywords {
        langstring(xml, "imsmd:keyword", keyword);
    }
    xml.close("imsmd:general");
    xml.open("imsmd:lifecycle", &[]);
    langstring(xml, "imsmd:version", &course.source.version);
    xml.close("imsmd:lifecycle");
    // The generator mark `campus inspect` recognises: Campus made this metadata record.
    xml.open("imsmd:metametadata", &[]);
    xml.open("imsmd:contribute", &[]);
    vocabulary(xml, "imsmd:role", "Creator");
    xml.open("imsmd:centity", &[]);
    xml.text("imsmd:vcard", &[], &generator_vcard());
    xml.close("imsmd:centity");
    xml.close("imsmd:contribute");
    xml.text("imsmd:metadatascheme", &[], "LOMv1.0");
    xml.close("imsmd:metametadata");
    xml.open("imsmd:educational", &[]);
    xml.open("imsmd:typicallearningtime", &[]);
    xml.text("imsmd:datetime", &[], &duration(course.duration_minutes()));
    xml.close("imsmd:typicallearningtime");
    xml.close("imsmd:educational");
    xml.open("imsmd:rights", &[]);
    vocabulary(xml, "imsmd:cost", "no");
    vocabulary(xml, "imsmd:copyrightandotherrestrictions", "yes");
    langstring(xml, "imsmd:description", &course.licence);
    xml.close("imsmd:rights");
    xml.close("imsmd:lom");
}

/// The file that carries the LOM metadata of a SCORM 2004 3rd Edition package. Its IMS CP
/// control file (version 1.1.3) admits inside `<metadata>` only elements of the SCORM schemas, so
/// the LOM goes in its own file, referenced with `<adlcp:location>`; 4th Edition has it inline.
pub(crate) const METADATA_FILE: &str = "metadata.xml";

/// The LOM metadata file of a 3rd Edition package.
pub(crate) fn write_metadata_document(out: &mut dyn Write, course: &Course) -> std::io::Result<()> {
    let mut xml = Xml::new(out);
    lom2004(&mut xml, course, &[("xmlns:lom", "http://ltsc.ieee.org/xsd/LOM")]);
    xml.finish()
}

/// IEEE LOM (SCORM 2004), inline in the manifest or as the root of its own file.
fn lom2004(xml: &mut Doc<'_>, course: &Course, attributes: &[(&str, &str)]) {
    let lang = course.language.as_str();
    let langstring = |xml: &mut Doc<'_>, name: &str, text: &str| {
        xml.open(name, &[]);
        xml.text("lom:string", &[("language", lang)], text);
        xml.close(name);
    };
    let vocabulary = |xml: &mut Doc<'_>, name: &str, value: &str| {
        xml.open(name, &[]);
        xml.text("lom:source", &[], "LOMv1.0");
        xml.text("lom:value", &[], value);
        xml.close(name);
    };
    xml.open("lom:lom", attributes);
    xml.open("lom:general", &[]);
    langstring(xml, "lom:title", &course.source.title);
    xml.text("lom:language", &[], lang);
    langstring(xml, "lom:description", &course.source.description);
    for keyword in &course.source.keywords {
        langstring(xml, "lom:keyword", keyword);
    }
    xml.close("lom:general");
    xml.open("lom:lifeCycle", &[]);
    langstring(xml, "lom:version", &course.source.version);
    xml.close("lom:lifeCycle");
    // The generator mark `campus inspect` recognises: Campus made this metadata record.
    xml.open("lom:metaMetadata", &[]);
    xml.open("lom:contribute", &[]);
    vocabulary(xml, "lom:role", "creator");
    xml.text("lom:entity", &[], &generator_vcard());
    xml.close("lom:contribute");
    xml.text("lom:metadataSchema", &[], "LOMv1.0");
    xml.close("lom:metaMetadata");
    xml.open("lom:educational", &[]);
    xml.open("lom:typicalLearningTime", &[]);
    xml.text("lom:duration", &[], &duration(course.duration_minutes()));
    xml.close("lom:typicalLearningTime");
    xml.close("lom:educational");
    xml.open("lom:rights", &[]);
    vocabulary(xml, "lom:cost", "no");
    vocabulary(xml, "lom:copyrightAndOtherRestrictions", "yes");
    langstring(xml, "lom:description", &course.licence);
    xml.close("lom:rights");
    xml.close("lom:lom");
}

/// The manifest of a course package: one item and one SCO per module, the runtime as a shared
/// asset resource, every file listed.
pub(crate) fn write_manifest(
    out: &mut dyn Write,
    version: Scorm,
    ids: &Ids,
    course: &Course,
    scos: &[Sco<'_>],
    shared: &[String],
) -> std::io::Result<()> {
    let mut xml = Xml::new(out);
    open_manifest(&mut xml, version, &ids.xml_id("campus", &[course.id()]), &course.source.version);
    metadata(&mut xml, version, course);
    organization(&mut xml, version, ids, course, scos);
    resources(&mut xml, version, ids, course, scos, shared);
    xml.close("manifest");
    xml.finish()
}

/// The root element with the namespaces and schema locations of the version.
fn open_manifest(xml: &mut Doc<'_>, version: Scorm, manifest_id: &str, course_version: &str) {
    match version {
        Scorm::V12 => xml.open(
            "manifest",
            &[
                ("identifier", manifest_id),
                ("version", course_version),
                ("xmlns", "http://www.imsproject.org/xsd/imscp_rootv1p1p2"),
                ("xmlns:adlcp", "http://www.adlnet.org/xsd/adlcp_rootv1p2"),
                ("xmlns:imsmd", "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"),
                ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
                (
                    "xsi:schemaLocation",
                    "http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd",
                ),
            ],
        ),
        Scorm::V2004 { .. } => xml.open(
            "manifest",
            &[
                ("identifier", manifest_id),
                ("version", course_version),
                ("xmlns", "http://www.imsglobal.org/xsd/imscp_v1p1"),
                ("xmlns:adlcp", "http://www.adlnet.org/xsd/adlcp_v1p3"),
                ("xmlns:adlseq", "http://www.adlnet.org/xsd/adlseq_v1p3"),
                ("xmlns:adlnav", "http://www.adlnet.org/xsd/adlnav_v1p3"),
                ("xmlns:imsss", "http://www.imsglobal.org/xsd/imsss"),
                ("xmlns:lom", "http://ltsc.ieee.org/xsd/LOM"),
                ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
                (
                    "xsi:schemaLocation",
                    "http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd http://ltsc.ieee.org/xsd/LOM lom.xsd",
                ),
            ],
        ),
    }
}

fn metadata(xml: &mut Doc<'_>, version: Scorm, course: &Course) {
    xml.open("metadata", &[]);
    xml.text("schema", &[], "ADL SCORM");
    match version {
        Scorm::V12 => {
            xml.text("schemaversion", &[], "1.2");
            lom12(xml, course);
        }
        Scorm::V2004 { edition } => {
            xml.text("schemaversion", &[], schema_version(edition));
            if edition == Scorm2004Edition::Third {
                xml.text("adlcp:location", &[], METADATA_FILE);
            } else {
                lom2004(xml, course, &[]);
            }
        }
    }
    xml.close("metadata");
}

/// The organization: one item per SCO, with the mastery of an assessed module.
fn organization(xml: &mut Doc<'_>, version: Scorm, ids: &Ids, course: &Course, scos: &[Sco<'_>]) {
    let c = course.id();
    let org_id = ids.xml_id("org", &[c]);
    xml.open("organizations", &[("default", &org_id)]);
    xml.open("organization", &[("identifier", &org_id)]);
    xml.text("title", &[], &course.source.title);
    for sco in scos {
        let m = sco.module.id();
        // A whole-course SCO is named after the course alone.
        let chain: &[&str] = if sco.title.is_some() { &[c] } else { &[c, m] };
        let item_id = ids.xml_id("item", chain);
        let resource_id = ids.xml_id("sco", chain);
        xml.open("item", &[("identifier", &item_id), ("identifierref", &resource_id), ("isvisible", "true")]);
        xml.text("title", &[], sco.title.as_deref().unwrap_or(&sco.module.front.title));
        if sco.module.front.assessed && sco.title.is_none() {
            let mastery = course.mastery_score(sco.module);
            match version {
                Scorm::V12 => xml.text("adlcp:masteryscore", &[], &mastery.to_string()),
                Scorm::V2004 { .. } => {
                    xml.open("imsss:sequencing", &[]);
                    xml.open("imsss:objectives", &[]);
                    xml.open(
                        "imsss:primaryObjective",
                        &[("objectiveID", &ids.xml_id("objective", &[c, m])), ("satisfiedByMeasure", "true")],
                    );
                    xml.text("imsss:minNormalizedMeasure", &[], &normalized(mastery));
                    xml.close("imsss:primaryObjective");
                    xml.close("imsss:objectives");
                    xml.close("imsss:sequencing");
                }
            }
        }
        xml.close("item");
    }
    if let Scorm::V2004 { .. } = version {
        // Free choice and flow between modules: valid everywhere, harmless where sequencing is
        // not implemented (Moodle).
        xml.open("imsss:sequencing", &[]);
        xml.empty("imsss:controlMode", &[("choice", "true"), ("flow", "true")]);
        xml.close("imsss:sequencing");
    }
    xml.close("organization");
    xml.close("organizations");
}

/// The resources: one per SCO with its files, and the runtime shared by all.
fn resources(xml: &mut Doc<'_>, version: Scorm, ids: &Ids, course: &Course, scos: &[Sco<'_>], shared: &[String]) {
    let c = course.id();
    let shared_id = ids.xml_id("runtime", &[c]);
    xml.open("resources", &[]);
    let scorm_type = match version {
        Scorm::V12 => "adlcp:scormtype",
        Scorm::V2004 { .. } => "adlcp:scormType",
    };
    for sco in scos {
        let resource_id =
            if sco.title.is_some() { ids.xml_id("sco", &[c]) } else { ids.xml_id("sco", &[c, sco.module.id()]) };
        xml.open(
            "resource",
            &[("identifier", &resource_id), ("type", "webcontent"), (scorm_type, "sco"), ("href", &sco.href)],
        );
        for file in &sco.files {
            xml.empty("file", &[("href", file)]);
        }
        xml.empty("dependency", &[("identifierref", &shared_id)]);
        xml.close("resource");
    }
    xml.open("resource", &[("identifier", &shared_id), ("type", "webcontent"), (scorm_type, "asset")]);
    for file in shared {
        xml.empty("file", &[("href", file)]);
    }
    xml.close("resource");
    xml.close("resources");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_measures() {
        assert_eq!(duration(45), "PT45M");
        assert_eq!(duration(120), "PT2H");
        assert_eq!(duration(95), "PT1H35M");
        assert_eq!(normalized(70), "0.7");
        assert_eq!(normalized(100), "1");
        assert_eq!(normalized(85), "0.85");
    }
}
