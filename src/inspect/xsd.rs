//! Validation of manifests against the ADL/IMS XSDs and of `cmi5.xml` against cmi5's
//! `CourseStructure.xsd`, with libxml2 (cargo feature `xsd`, on by default).
//!
//! The schemas are the vendored copies under `schemas/xsd/` (see its README for where they come
//! from and their licences), embedded in the binary. For each validation they are written to a
//! fresh temporary folder beside a small driver schema that imports every namespace a manifest
//! uses (without it, the wildcards of the content-packaging schema skip the ADL elements), parsed
//! from there, and the folder is removed. Every URL libxml2 asks for goes through our own entity
//! loader: a vendored file by its name, whatever the `schemaLocation` says; anything else is
//! refused, so nothing is ever fetched from the network. The document is parsed from the bytes
//! already read from the zip (within the inspector's memory bound), after the inspector's own
//! parser has refused any DOCTYPE, as a stream (libxml2 builds no tree of it; its parser loads
//! no DTD and substitutes no entity by default).

/// Which schema a document is validated against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Schema {
    Scorm12,
    Scorm2004Third,
    Scorm2004Fourth,
    Cmi5,
}

/// One way the document breaks the schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Violation {
    /// 1-based line in the document, 0 when libxml2 gives none.
    pub line: usize,
    /// libxml2's message, namespaces shortened to their usual prefixes.
    pub message: String,
    /// Not a schema violation: the document is not well-formed XML (libxml2's parser is stricter
    /// than the inspector's, e.g. about `--` inside a comment).
    pub malformed: bool,
}

/// Whether this build validates against the XSDs.
pub(crate) const AVAILABLE: bool = cfg!(feature = "xsd");

/// The name of the driver schema written beside the vendored ones.
#[cfg(feature = "xsd")]
const DRIVER: &str = "campus-driver.xsd";

#[cfg(feature = "xsd")]
type Files = &'static [(&'static str, &'static [u8])];

#[cfg(feature = "xsd")]
macro_rules! vendored {
    ($folder:literal: $($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../../schemas/xsd/", $folder, "/", $name)).as_slice()),)*]
    };
}

#[cfg(feature = "xsd")]
const SCORM12: Files = vendored!("scorm12edition":
    "adlcp_rootv1p2.xsd", "ims_xml.xsd", "imscp_rootv1p1p2.xsd", "imsmd_rootv1p2p1.xsd");

#[cfg(feature = "xsd")]
const SCORM2004_THIRD: Files = vendored!("scorm20043rdedition":
    "adlcp_v1p3.xsd", "adlnav_v1p3.xsd", "adlseq_v1p3.xsd", "imscp_v1p1.xsd", "imsss_v1p0.xsd",
    "imsss_v1p0auxresource.xsd", "imsss_v1p0control.xsd", "imsss_v1p0delivery.xsd", "imsss_v1p0limit.xsd",
    "imsss_v1p0objective.xsd", "imsss_v1p0random.xsd", "imsss_v1p0rollup.xsd", "imsss_v1p0seqrule.xsd",
    "imsss_v1p0util.xsd", "xml.xsd");

#[cfg(feature = "xsd")]
const SCORM2004_FOURTH: Files = vendored!("scorm20044thedition":
    "adlcp_v1p3.xsd", "adlnav_v1p3.xsd", "adlseq_v1p3.xsd", "imscp_v1p1.xsd", "imsss_v1p0.xsd",
    "imsss_v1p0auxresource.xsd", "imsss_v1p0control.xsd", "imsss_v1p0delivery.xsd", "imsss_v1p0limit.xsd",
    "imsss_v1p0objective.xsd", "imsss_v1p0random.xsd", "imsss_v1p0rollup.xsd", "imsss_v1p0seqrule.xsd",
    "imsss_v1p0util.xsd", "xml.xsd");

#[cfg(feature = "xsd")]
const CMI5: Files = vendored!("cmi5": "CourseStructure.xsd");

/// The namespaces of SCORM 1.2 and 2004 manifests and their schema files, with the prefix the
/// messages use for them.
#[cfg(feature = "xsd")]
const NAMESPACES: &[(&str, &str, &str)] = &[
    ("imscp", "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "imscp_rootv1p1p2.xsd"),
    ("adlcp", "http://www.adlnet.org/xsd/adlcp_rootv1p2", "adlcp_rootv1p2.xsd"),
    ("imsmd", "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1", "imsmd_rootv1p2p1.xsd"),
    ("imscp", "http://www.imsglobal.org/xsd/imscp_v1p1", "imscp_v1p1.xsd"),
    ("adlcp", "http://www.adlnet.org/xsd/adlcp_v1p3", "adlcp_v1p3.xsd"),
    ("adlseq", "http://www.adlnet.org/xsd/adlseq_v1p3", "adlseq_v1p3.xsd"),
    ("adlnav", "http://www.adlnet.org/xsd/adlnav_v1p3", "adlnav_v1p3.xsd"),
    ("imsss", "http://www.imsglobal.org/xsd/imsss", "imsss_v1p0.xsd"),
    ("cmi5", "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd", "CourseStructure.xsd"),
    ("lom", "http://ltsc.ieee.org/xsd/LOM", ""),
    ("xml", "http://www.w3.org/XML/1998/namespace", ""),
];

impl Schema {
    /// The schema's name in messages.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Schema::Scorm12 => "SCORM 1.2",
            Schema::Scorm2004Third => "SCORM 2004 3rd Edition",
            Schema::Scorm2004Fourth => "SCORM 2004 4th Edition",
            Schema::Cmi5 => "cmi5 (CourseStructure.xsd)",
        }
    }
}

#[cfg(feature = "xsd")]
impl Schema {
    fn files(self) -> Files {
        match self {
            Schema::Scorm12 => SCORM12,
            Schema::Scorm2004Third => SCORM2004_THIRD,
            Schema::Scorm2004Fourth => SCORM2004_FOURTH,
            Schema::Cmi5 => CMI5,
        }
    }

    /// The schema file validation starts from: a driver importing every namespace for SCORM,
    /// cmi5's own schema for cmi5.
    fn driver(self) -> (String, Option<String>) {
        let imports: &[&str] = match self {
            Schema::Scorm12 => &["imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "imsmd_rootv1p2p1.xsd"],
            Schema::Scorm2004Third | Schema::Scorm2004Fourth => {
                &["imscp_v1p1.xsd", "adlcp_v1p3.xsd", "adlseq_v1p3.xsd", "adlnav_v1p3.xsd", "imsss_v1p0.xsd"]
            }
            Schema::Cmi5 => return ("CourseStructure.xsd".into(), None),
        };
        let mut text = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xsd:schema xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" targetNamespace=\"urn:campus:inspect:driver\" elementFormDefault=\"qualified\">\n",
        );
        for file in imports {
            let namespace = NAMESPACES.iter().find(|(_, _, f)| f == file).map_or("", |(_, ns, _)| *ns);
            text.push_str(&format!("  <xsd:import namespace=\"{namespace}\" schemaLocation=\"{file}\"/>\n"));
        }
        text.push_str("</xsd:schema>\n");
        (DRIVER.into(), Some(text))
    }
}

/// `{http://www.imsglobal.org/xsd/imscp_v1p1}item` as `imscp:item`.
#[cfg(feature = "xsd")]
fn shorten(message: &str) -> String {
    let mut out = message.trim().to_string();
    for (prefix, namespace, _) in NAMESPACES {
        out = out.replace(&format!("{{{namespace}}}"), &format!("{prefix}:"));
    }
    out
}

/// The French of libxml2's usual schema messages, phrase by phrase; what it does not know stays
/// in English.
pub(crate) fn french(message: &str) -> String {
    const PHRASES: &[(&str, &str)] = &[
        ("This element is not expected.", "cet élément n'est pas attendu ici."),
        ("Expected is one of", "Attendu : l'un de"),
        ("Expected is", "Attendu :"),
        ("Missing child element(s).", "élément(s) enfant(s) manquant(s)."),
        ("is required but missing.", "est obligatoire mais absent."),
        ("is not allowed.", "n'est pas permis."),
        ("The attribute", "L'attribut"),
        ("is not a valid value of the atomic type", "n'est pas une valeur valide du type"),
        ("is not a valid value of the local atomic type.", "n'est pas une valeur valide de son type."),
        ("is not an element of the set", "ne fait pas partie de l'ensemble"),
        ("The value", "La valeur"),
        ("has a length of", "a une longueur de"),
        ("this underruns the allowed minimum length of", "sous la longueur minimale de"),
        ("this exceeds the allowed maximum length of", "au-delà de la longueur maximale de"),
        ("Element", "Élément"),
        ("attribute", "attribut"),
        (
            "No matching global declaration available for the validation root.",
            "aucune déclaration du schéma ne correspond à l'élément racine (espace de noms absent ou inconnu).",
        ),
        ("is not accepted by the pattern", "ne suit pas le motif"),
        (
            "Character content other than whitespace is not allowed because the content type is 'element-only'.",
            "du texte n'est pas permis ici, seulement des éléments.",
        ),
    ];
    let mut out = message.to_string();
    for (en, fr) in PHRASES {
        out = out.replace(en, fr);
    }
    out
}

#[cfg(feature = "xsd")]
pub(crate) use libxml2::validate;

/// Without the `xsd` feature, nothing is validated (the caller says so).
#[cfg(not(feature = "xsd"))]
pub(crate) fn validate(_schema: Schema, _document: &[u8]) -> Result<Vec<Violation>, String> {
    Err("built without the `xsd` feature".into())
}

#[cfg(feature = "xsd")]
#[allow(unsafe_code)]
mod libxml2 {
    //! The few functions of libxml2 this needs, declared by hand (the system library, linked
    //! by name: Debian's `libxml2-dev`). libxml2 2.9 and later export all of them.

    use std::cell::RefCell;
    use std::ffi::{c_char, c_int, c_void, CStr, CString};
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Once;

    use super::{shorten, Schema, Violation, DRIVER};

    /// `xmlError`, as libxml2 defines it.
    #[repr(C)]
    struct XmlError {
        domain: c_int,
        code: c_int,
        message: *const c_char,
        level: c_int,
        file: *const c_char,
        line: c_int,
        str1: *const c_char,
        str2: *const c_char,
        str3: *const c_char,
        int1: c_int,
        int2: c_int,
        ctxt: *mut c_void,
        node: *mut c_void,
    }

    type Opaque = *mut c_void;
    type ErrorHandler = extern "C" fn(*mut c_void, *const XmlError);
    type EntityLoader = extern "C" fn(*const c_char, *const c_char, Opaque) -> Opaque;

    #[link(name = "xml2")]
    extern "C" {
        fn xmlInitParser();
        fn xmlLineNumbersDefault(value: c_int) -> c_int;
        fn xmlSetExternalEntityLoader(loader: EntityLoader);
        fn xmlSetStructuredErrorFunc(data: *mut c_void, handler: ErrorHandler);
        fn xmlNewInputFromFile(ctxt: Opaque, filename: *const c_char) -> Opaque;
        fn xmlParserInputBufferCreateMem(mem: *const c_char, size: c_int, encoding: c_int) -> Opaque;
        fn xmlFreeParserInputBuffer(buffer: Opaque);
        fn xmlSchemaNewParserCtxt(url: *const c_char) -> Opaque;
        fn xmlSchemaSetParserStructuredErrors(ctxt: Opaque, handler: ErrorHandler, data: *mut c_void);
        fn xmlSchemaParse(ctxt: Opaque) -> Opaque;
        fn xmlSchemaFreeParserCtxt(ctxt: Opaque);
        fn xmlSchemaFree(schema: Opaque);
        fn xmlSchemaNewValidCtxt(schema: Opaque) -> Opaque;
        fn xmlSchemaSetValidStructuredErrors(ctxt: Opaque, handler: ErrorHandler, data: *mut c_void);
        fn xmlSchemaValidateStream(
            ctxt: Opaque,
            input: Opaque,
            encoding: c_int,
            sax: *mut c_void,
            user_data: *mut c_void,
        ) -> c_int;
        fn xmlSchemaFreeValidCtxt(ctxt: Opaque);
    }

    // xmlCharEncoding: detected from the document.
    const XML_CHAR_ENCODING_NONE: c_int = 0;
    // xmlErrorLevel
    const XML_ERR_WARNING: c_int = 1;
    // xmlErrorDomain: the XML parser itself.
    const XML_FROM_PARSER: c_int = 1;

    thread_local! {
        /// The folder of the schemas being parsed on this thread: the only place the entity
        /// loader reads from.
        static FOLDER: RefCell<Option<(PathBuf, Schema)>> = const { RefCell::new(None) };
    }

    /// libxml2 asks for every schema document and external entity through here. A file of the
    /// current schema folder is given by its name (whatever URL or relative path names it);
    /// everything else, network included, is refused.
    extern "C" fn load(url: *const c_char, _id: *const c_char, ctxt: Opaque) -> Opaque {
        if url.is_null() {
            return std::ptr::null_mut();
        }
        // SAFETY: libxml2 passes a NUL-terminated string that lives for the call.
        let url = unsafe { CStr::from_ptr(url) }.to_string_lossy();
        let name = url.rsplit(['/', '\\']).next().unwrap_or("");
        let path = FOLDER.with(|folder| {
            let folder = folder.borrow();
            let (folder, schema) = folder.as_ref()?;
            let known = schema.files().iter().any(|(file, _)| *file == name) || name == DRIVER;
            known.then(|| folder.join(name))
        });
        let Some(path) = path.and_then(|p| CString::new(p.to_string_lossy().as_bytes()).ok()) else {
            return std::ptr::null_mut();
        };
        // SAFETY: `ctxt` is libxml2's own parser context, `path` a NUL-terminated string.
        unsafe { xmlNewInputFromFile(ctxt, path.as_ptr()) }
    }

    /// Messages of libxml2's parser that no context catches (the 1.2 schema `ims_xml.xsd` binds
    /// the XML namespace as its default one, which libxml2 reports and accepts): not printed.
    extern "C" fn ignore(_data: *mut c_void, _error: *const XmlError) {}

    extern "C" fn collect(data: *mut c_void, error: *const XmlError) {
        if data.is_null() || error.is_null() {
            return;
        }
        // SAFETY: `data` is the `Vec` given with this handler, alive while libxml2 runs;
        // `error` is libxml2's, valid for the call.
        let (out, error) = unsafe { (&mut *data.cast::<Vec<(c_int, Violation)>>(), &*error) };
        let message = if error.message.is_null() {
            String::new()
        } else {
            // SAFETY: a NUL-terminated string owned by libxml2.
            unsafe { CStr::from_ptr(error.message) }.to_string_lossy().into_owned()
        };
        let line = usize::try_from(error.line).unwrap_or(0);
        let malformed = error.domain == XML_FROM_PARSER;
        out.push((error.level, Violation { line, message: shorten(&message), malformed }));
    }

    fn init() {
        static INIT: Once = Once::new();
        INIT.call_once(|| {
            // SAFETY: called once, before any other libxml2 call of this process.
            unsafe {
                xmlInitParser();
                xmlLineNumbersDefault(1);
                xmlSetExternalEntityLoader(load);
            }
        });
    }

    /// A temporary folder removed when dropped.
    struct Folder(PathBuf);

    impl Folder {
        fn new(schema: Schema) -> Result<Self, String> {
            static COUNT: AtomicUsize = AtomicUsize::new(0);
            let path = std::env::temp_dir().join(format!(
                "campus-xsd-{}-{}",
                std::process::id(),
                COUNT.fetch_add(1, Ordering::Relaxed)
            ));
            std::fs::create_dir_all(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let folder = Folder(path);
            for (name, bytes) in schema.files() {
                folder.write(name, bytes)?;
            }
            Ok(folder)
        }

        fn write(&self, name: &str, bytes: &[u8]) -> Result<PathBuf, String> {
            let path = self.0.join(name);
            std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
            Ok(path)
        }

        fn path(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for Folder {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// Validates `document` against `schema`: the violations found (none: valid), or why the
    /// validation could not be done.
    pub(crate) fn validate(schema: Schema, document: &[u8]) -> Result<Vec<Violation>, String> {
        init();
        // SAFETY: sets this thread's handler (libxml2 keeps its error state per thread).
        unsafe { xmlSetStructuredErrorFunc(std::ptr::null_mut(), ignore) };
        let folder = Folder::new(schema)?;
        let (name, driver) = schema.driver();
        let start = match driver {
            Some(text) => folder.write(&name, text.as_bytes())?,
            None => folder.path().join(&name),
        };
        let start = CString::new(start.to_string_lossy().as_bytes()).map_err(|e| e.to_string())?;
        let size = c_int::try_from(document.len()).map_err(|_| "document too large".to_string())?;
        // Owned through a raw pointer while libxml2 holds it: read only through it until freed.
        let problems: *mut Vec<(c_int, Violation)> = Box::into_raw(Box::default());
        let data = problems.cast::<c_void>();
        FOLDER.with(|f| *f.borrow_mut() = Some((folder.path().to_path_buf(), schema)));
        // SAFETY: every pointer handed to libxml2 outlives the calls that use it (`start`,
        // `document`, `problems`, freed after the block); what libxml2 allocates is freed once,
        // below, whatever fails.
        let result = unsafe {
            let parser = xmlSchemaNewParserCtxt(start.as_ptr());
            if parser.is_null() {
                Err("libxml2 could not start reading the schemas".to_string())
            } else {
                xmlSchemaSetParserStructuredErrors(parser, collect, data);
                let compiled = xmlSchemaParse(parser);
                xmlSchemaFreeParserCtxt(parser);
                if compiled.is_null() {
                    Err(format!("the schemas did not load: {:?}", (*problems).first().map(|(_, v)| &v.message)))
                } else {
                    (*problems).clear();
                    // Streamed (SAX): no tree is built, so memory stays near the document's size.
                    let input = xmlParserInputBufferCreateMem(document.as_ptr().cast(), size, XML_CHAR_ENCODING_NONE);
                    let outcome = if input.is_null() {
                        Err("libxml2 could not read the document".to_string())
                    } else {
                        let validator = xmlSchemaNewValidCtxt(compiled);
                        if validator.is_null() {
                            xmlFreeParserInputBuffer(input);
                            Err("libxml2 could not start validating".to_string())
                        } else {
                            xmlSchemaSetValidStructuredErrors(validator, collect, data);
                            // The stream's parser reports to this thread's handler.
                            xmlSetStructuredErrorFunc(data, collect);
                            // The stream takes the input buffer and frees it.
                            let code = xmlSchemaValidateStream(
                                validator,
                                input,
                                XML_CHAR_ENCODING_NONE,
                                std::ptr::null_mut(),
                                std::ptr::null_mut(),
                            );
                            xmlSetStructuredErrorFunc(std::ptr::null_mut(), ignore);
                            xmlSchemaFreeValidCtxt(validator);
                            if code < 0 && !(*problems).iter().any(|(_, v)| v.malformed) {
                                Err("libxml2 failed while validating".to_string())
                            } else {
                                Ok(())
                            }
                        }
                    };
                    xmlSchemaFree(compiled);
                    outcome
                }
            }
        };
        FOLDER.with(|f| *f.borrow_mut() = None);
        drop(folder);
        // SAFETY: made by `Box::into_raw` above; libxml2 no longer holds it.
        let problems = unsafe { Box::from_raw(problems) };
        result?;
        Ok(problems.into_iter().filter(|(level, _)| *level > XML_ERR_WARNING).map(|(_, v)| v).collect())
    }
}

#[cfg(all(test, feature = "xsd"))]
mod tests {
    use super::{validate, Schema};

    const MANIFEST12: &str = "<?xml version=\"1.0\"?>\n<manifest identifier=\"m\" xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\" xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\">\n<metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>\n<organizations default=\"o\"><organization identifier=\"o\"><title>T</title>\n<item identifier=\"i\" identifierref=\"r\"><title>One</title></item></organization></organizations>\n<resources><resource identifier=\"r\" type=\"webcontent\" adlcp:scormtype=\"sco\" href=\"a.html\"><file href=\"a.html\"/></resource></resources>\n</manifest>\n";

    #[test]
    fn a_valid_manifest_validates_and_a_broken_one_gets_its_line() {
        assert_eq!(validate(Schema::Scorm12, MANIFEST12.as_bytes()).unwrap(), []);
        let broken = MANIFEST12.replace("adlcp:scormtype=\"sco\"", "adlcp:scormtype=\"page\"");
        let problems = validate(Schema::Scorm12, broken.as_bytes()).unwrap();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].line, 6);
        assert!(problems[0].message.contains("adlcp:scormtype"), "{}", problems[0].message);
    }

    #[test]
    fn an_entity_bomb_that_got_past_the_inspector_is_not_expanded_either() {
        // The inspector refuses any DOCTYPE before validating; should one get here, libxml2's
        // parser substitutes no entity: ten levels of ten would be 10^10 characters.
        let mut bomb = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE manifest [\n<!ENTITY e0 \"lol\">\n");
        for level in 1..=10 {
            let previous = format!("&e{};", level - 1);
            bomb.push_str(&format!("<!ENTITY e{level} \"{}\">\n", previous.repeat(10)));
        }
        bomb.push_str("]>\n");
        bomb.push_str(&MANIFEST12.replace("<title>One</title>", "<title>&e10;</title>").replacen(
            "<?xml version=\"1.0\"?>\n",
            "",
            1,
        ));
        let started = std::time::Instant::now();
        let outcome = validate(Schema::Scorm12, bomb.as_bytes());
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
        assert!(outcome.as_ref().is_err() || outcome.as_ref().is_ok_and(|v| !v.is_empty()), "never valid: {outcome:?}");
    }

    #[test]
    fn schema_locations_never_reach_the_network() {
        // An import of a schema that is not vendored, by URL: refused, never fetched.
        let outside = MANIFEST12.replace(
            "<metadata>",
            "<metadata xmlns:x=\"http://example.invalid/x\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://example.invalid/x http://example.invalid/x.xsd\">",
        );
        assert!(validate(Schema::Scorm12, outside.as_bytes()).is_ok());
    }
}
