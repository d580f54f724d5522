//! A fresh checkout for end-to-end tests of the binary: a temporary working directory with a
//! copy of the seeds and no index. (Included by tests with `#[path]`.)

/// A working directory holding a copy of `./seeds` and nothing else, as a fresh clone has.
pub fn checkout() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let seeds = dir.path().join("seeds");
    std::fs::create_dir(&seeds).unwrap();
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), seeds.join(entry.file_name())).unwrap();
    }
    dir
}
