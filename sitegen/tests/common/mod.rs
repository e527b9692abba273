//! Helpers shared by the integration tests.

use std::fs;
use std::path::Path;

/// Compares `actual` with `tests/snapshots/<name>`; writes it when the snapshot is missing or
/// `UPDATE_SNAPSHOTS` is set (a missing one also fails, so it gets reviewed).
pub fn snapshot(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots").join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() || !path.exists() {
        fs::write(&path, actual).unwrap();
        if std::env::var_os("UPDATE_SNAPSHOTS").is_none() {
            panic!("new snapshot {name} written; review it and rerun");
        }
        return;
    }
    let expected = fs::read_to_string(&path).unwrap();
    assert!(expected == actual, "snapshot {name} differs; rerun with UPDATE_SNAPSHOTS=1 and review.\n--- expected\n{expected}\n--- actual\n{actual}");
}
