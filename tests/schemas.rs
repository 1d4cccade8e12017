//! The committed JSON Schemas are exactly what the model generates.

use std::path::Path;

use campus::SchemaKind;

#[test]
fn committed_schemas_are_up_to_date() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    let mut stale = Vec::new();
    for kind in SchemaKind::ALL {
        let committed = std::fs::read_to_string(dir.join(kind.file_name())).unwrap_or_default();
        if committed != kind.pretty() {
            stale.push(kind.file_name());
        }
    }
    assert!(stale.is_empty(), "stale schemas {stale:?}: run `cargo run -- schema --write schemas` and commit them");
}
