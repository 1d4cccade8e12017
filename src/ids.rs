//! Every identifier Campus writes, in one place.
//!
//! Identifiers derive only from the authors' `id` fields (path, course, module, block), never
//! from titles, positions or the clock: a rebuild, a retitled module or a reordered course keeps
//! every identifier, so LMS and LRS tracking survives updates.

use uuid::Uuid;

/// The namespace of every Campus UUIDv5. Never change it: it would change every identifier.
pub(crate) const NAMESPACE: Uuid = Uuid::from_u128(0x5d0a1c3e_9b7f_4e21_a8c4_2f6e0b9d7c13);

/// Identifiers of one path, given its base IRI and id.
#[derive(Debug, Clone)]
pub(crate) struct Ids {
    base_iri: String,
    path_id: String,
}

impl Ids {
    pub(crate) fn new(base_iri: &str, path_id: &str) -> Self {
        Self { base_iri: base_iri.trim_end_matches('/').to_string(), path_id: path_id.to_string() }
    }

    /// Activity IRI of the whole path (xAPI grouping).
    pub(crate) fn path_iri(&self) -> String {
        format!("{}/{}", self.base_iri, self.path_id)
    }

    /// Activity IRI of a course.
    pub(crate) fn course_iri(&self, course: &str) -> String {
        format!("{}/{}", self.path_iri(), course)
    }

    /// Activity IRI of a module (a SCO, an AU).
    pub(crate) fn module_iri(&self, course: &str, module: &str) -> String {
        format!("{}/{}", self.course_iri(course), module)
    }

    /// Activity IRI of a learning block (a question, a reflection…) of a module.
    pub(crate) fn block_iri(&self, course: &str, module: &str, block: &str) -> String {
        format!("{}/{}", self.module_iri(course, module), block)
    }

    /// A UUIDv5 for a chain of ids below the path (course, module, block…). The base IRI is
    /// left out on purpose: moving activities to another domain keeps LMS identifiers.
    pub(crate) fn uuid(&self, ids: &[&str]) -> Uuid {
        let mut name = self.path_id.clone();
        for id in ids {
            name.push('/');
            name.push_str(id);
        }
        Uuid::new_v5(&NAMESPACE, name.as_bytes())
    }

    /// An XML identifier (xs:ID: starts with a letter) for a manifest element.
    pub(crate) fn xml_id(&self, prefix: &str, ids: &[&str]) -> String {
        format!("{prefix}-{}", self.uuid(ids))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_fixed_forever() {
        let ids = Ids::new("https://campus.example.org/activities/", "reset");
        assert_eq!(ids.course_iri("comprendre"), "https://campus.example.org/activities/reset/comprendre");
        assert_eq!(
            ids.block_iri("comprendre", "intro", "q1"),
            "https://campus.example.org/activities/reset/comprendre/intro/q1"
        );
        // Pinned values: if this changes, every published package loses its tracking.
        assert_eq!(ids.uuid(&["comprendre"]).to_string(), Uuid::new_v5(&NAMESPACE, b"reset/comprendre").to_string());
        assert_eq!(NAMESPACE.to_string(), "5d0a1c3e-9b7f-4e21-a8c4-2f6e0b9d7c13");
        assert_ne!(ids.uuid(&["a", "b"]), ids.uuid(&["a-b"]));
        assert_eq!(ids.uuid(&["a", "b"]), Ids::new("https://elsewhere.org", "reset").uuid(&["a", "b"]));
        assert!(ids.xml_id("item", &["c", "m"]).starts_with("item-"));
    }
}
