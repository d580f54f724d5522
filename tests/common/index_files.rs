//! Which files of an index directory belong to it: what the fault tests expect to find there
//! after any run, so that everything else is an orphan.

use std::collections::HashSet;

/// Whether `name` is a file the index keeps: tantivy's meta and lock files, vnsearch's
/// sidecars (`vnsearch-files.json`: the file stamps that make unchanged re-runs cheap;
/// `vnsearch-lengths.json`: the field-length totals a search would count), and the files of
/// the `living` segments (ids without dashes).
pub fn is_kept(name: &str, living: &HashSet<String>) -> bool {
    [
        "meta.json",
        ".managed.json",
        "vnsearch-files.json",
        "vnsearch-lengths.json",
    ]
    .contains(&name)
        || name.ends_with(".lock")
        || living.contains(name.split('.').next().unwrap_or(""))
}
