//! Faults of the machine and of the index directory: a full disk, files left by a killed run,
//! a damaged index, file permissions, and the first-use build racing with itself.
//!
//! The disk-full test mounts a small tmpfs, so it needs root; elsewhere it is skipped with a
//! printed reason (CI runs as root).

use std::collections::HashSet;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use vnsearch::{BuildOptions, Error, IndexStats, Searcher, Silent};

#[path = "common/checkout.rs"]
mod checkout;
#[path = "common/index_files.rs"]
mod index_files;
use checkout::checkout;

fn vnsearch(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vnsearch"))
        .current_dir(dir)
        .env_remove("VNSEARCH_INDEX")
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `count` articles of a few paragraphs each, written in `dir` (about 1.6 KB apiece).
fn write_articles(dir: &Path, count: usize) {
    std::fs::create_dir_all(dir).unwrap();
    let places = [
        "Hà Nội",
        "Viêng Chăn",
        "Huế",
        "Cần Thơ",
        "Đà Nẵng",
        "Phnôm Pênh",
    ];
    for n in 0..count {
        let place = places[n % places.len()];
        let body = format!(
            "Đoàn công tác số {n} đã làm việc tại {place} về hợp tác khoa học và công nghệ.\n\n\
             Hai bên trao đổi kinh nghiệm quản lý, đào tạo nguồn nhân lực và chuyển giao kết \
             quả nghiên cứu cho doanh nghiệp trong giai đoạn {}–{}.\n\n\
             Theo kế hoạch, các dự án chung sẽ được đánh giá giữa kỳ vào tháng {} năm sau; \
             nhóm chuyên gia thứ {} chịu trách nhiệm tổng hợp số liệu và đề xuất điều chỉnh.\n\n\
             Buổi làm việc kết thúc bằng lễ ký biên bản ghi nhớ giữa viện nghiên cứu và \
             trường đại học của địa phương, mở ra hướng hợp tác mới cho {} nhà khoa học trẻ.",
            2020 + n % 5,
            2026 + n % 4,
            1 + n % 12,
            n % 17,
            10 + n % 90,
        );
        std::fs::write(
            dir.join(format!("bai-{n:05}.txt")),
            format!("Hợp tác nghiên cứu tại {place}, đợt {n}\n\n{body}\n"),
        )
        .unwrap();
    }
}

fn stats(index: &Path) -> IndexStats {
    Searcher::open(index).unwrap().stats().unwrap()
}

/// Files of the index directory that neither the last commit nor the index itself needs:
/// segment files outside `meta.json` and temporary files of atomic writes.
fn orphans(index: &Path) -> Vec<String> {
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(index.join("meta.json")).unwrap()).unwrap();
    let living: HashSet<String> = meta["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["segment_id"].as_str().unwrap().replace('-', ""))
        .collect();
    let mut orphans: Vec<String> = std::fs::read_dir(index)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !index_files::is_kept(name, &living))
        .collect();
    orphans.sort();
    orphans
}

/// A tmpfs mounted for one test, unmounted when dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
    /// Mounts a tmpfs of `bytes` at `at`, or says why it cannot.
    fn mount(at: &Path, bytes: u64) -> Result<Tmpfs, String> {
        std::fs::create_dir_all(at).unwrap();
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={bytes}"), "tmpfs"])
            .arg(at)
            .output()
            .map_err(|e| format!("cannot run mount: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "cannot mount a tmpfs (root is needed): {}",
                text(&out.stderr).trim()
            ));
        }
        Ok(Tmpfs(at.to_path_buf()))
    }

    fn resize(&self, bytes: u64) {
        let out = Command::new("mount")
            .args(["-o", &format!("remount,size={bytes}")])
            .arg(&self.0)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_keeps_the_last_commit_removes_the_partial_files_and_the_next_run_succeeds() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    write_articles(&input, 1500);
    let clean = tmp.path().join("clean");
    let reference = {
        let options = BuildOptions::new(&clean, vec![input.clone()]);
        vnsearch::update_index(&options, &mut Silent).unwrap();
        stats(&clean)
    };
    let index_bytes: u64 = std::fs::read_dir(&clean)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();

    // Room for about half the index: the run commits a few times, then the disk is full.
    let tmpfs = match Tmpfs::mount(&tmp.path().join("small"), index_bytes / 2) {
        Ok(tmpfs) => tmpfs,
        Err(reason) => {
            eprintln!("skipped: {reason}");
            return;
        }
    };
    let index = tmpfs.0.join("index");
    let mut options = BuildOptions::new(&index, vec![input.clone()]);
    options.commit_every_bytes = 256 << 10;
    options.threads = 1;
    let error = vnsearch::update_index(&options, &mut Silent).unwrap_err();
    assert!(matches!(error, Error::DiskFull { .. }), "{error:?}");
    let message = error.to_string();
    assert!(
        message.starts_with(&format!(
            "disk full while writing the index at {}: about ",
            index.display()
        )),
        "{message}"
    );
    assert!(message.contains("MB more is needed"), "{message}");
    // The last commit opens and is searchable; the failed commit's files are gone.
    let committed = stats(&index);
    assert!(committed.articles > 0 && committed.articles < reference.articles);
    assert_eq!(
        committed.passages,
        committed.articles * 4,
        "whole articles only"
    );
    let hits = Searcher::open(&index)
        .unwrap()
        .search(&vnsearch::SearchOptions::new("hop tac"))
        .unwrap();
    assert!(hits.total_hits > 0);
    assert_eq!(orphans(&index), Vec::<String>::new());

    // With room again, the same command completes and the index equals a clean build.
    tmpfs.resize(index_bytes * 4);
    vnsearch::update_index(&options, &mut Silent).unwrap();
    assert_eq!(stats(&index), reference);
    assert_eq!(orphans(&index), Vec::<String>::new());
}

#[test]
fn files_left_by_a_killed_run_are_removed_by_the_next_one() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    write_articles(&input, 20);
    let index = tmp.path().join("index");
    let options = BuildOptions::new(&index, vec![input.clone()]);
    vnsearch::update_index(&options, &mut Silent).unwrap();
    let before = stats(&index);
    // What `kill -9` leaves: a segment no commit names (one tantivy never registered, too)
    // and the temporary file of an atomic write of `meta.json`.
    for name in [
        "0123456789abcdef0123456789abcdef.idx",
        "0123456789abcdef0123456789abcdef.store",
        ".vnsearch-tmp-meta.json-4242-0",
        ".tmpQx7Kp2",
    ] {
        std::fs::write(index.join(name), b"partial").unwrap();
    }
    std::fs::write(index.join("notes.txt"), b"the user's own file").unwrap();
    assert_eq!(orphans(&index).len(), 5);
    let summary = vnsearch::update_index(&options, &mut Silent).unwrap();
    assert_eq!(summary.articles_unchanged, 20);
    assert_eq!(
        orphans(&index),
        ["notes.txt"],
        "only the user's file is left"
    );
    assert_eq!(stats(&index), before);
}

#[test]
fn index_files_are_created_with_the_umask() {
    let dir = checkout();
    for (umask, mode) in [("022", 0o644), ("027", 0o640)] {
        let index = format!("index-{umask}");
        let out = Command::new("sh")
            .current_dir(dir.path())
            .args([
                "-c",
                &format!("umask {umask} && exec \"$0\" --index {index} index seeds"),
                env!("CARGO_BIN_EXE_vnsearch"),
            ])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        let mut names = Vec::new();
        for entry in std::fs::read_dir(dir.path().join(&index)).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            let actual = entry.metadata().unwrap().permissions().mode() & 0o777;
            assert_eq!(actual, mode, "{name} with umask {umask}: {actual:o}");
            names.push(name);
        }
        assert!(
            names.iter().any(|n| n == "meta.json") && names.iter().any(|n| n == ".managed.json")
        );
    }
}

/// Damages a copy of a good index with `damage`, then checks the message and the repair.
fn check_damage(name: &str, damage: impl FnOnce(&Path), expected_file: &str) {
    let dir = checkout();
    let built = vnsearch(dir.path(), &["index", "seeds"]);
    assert!(built.status.success(), "{}", text(&built.stderr));
    damage(&dir.path().join("index"));
    let out = vnsearch(dir.path(), &["search", "hop tac"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
    assert!(out.stdout.is_empty());
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{name}: one line: {stderr}");
    let expected_start = "vnsearch: error: index at index is damaged (";
    assert!(lines[0].starts_with(expected_start), "{name}: {stderr}");
    assert!(lines[0].contains(expected_file), "{name}: {stderr}");
    assert!(
        lines[0].ends_with("): run `vnsearch index --rebuild`"),
        "{name}: {stderr}"
    );
    // The advice works.
    let rebuilt = vnsearch(dir.path(), &["index", "--rebuild", "seeds"]);
    assert!(
        rebuilt.status.success(),
        "{name}: {}",
        text(&rebuilt.stderr)
    );
    let again = vnsearch(dir.path(), &["search", "hop tac"]);
    assert!(again.status.success(), "{name}: {}", text(&again.stderr));
    assert!(!again.stdout.is_empty());
}

fn segment_file(index: &Path, extension: &str) -> PathBuf {
    std::fs::read_dir(index)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == extension))
        .unwrap()
}

#[test]
fn a_damaged_index_is_reported_once_by_file_with_the_repair() {
    check_damage(
        "meta.json",
        |index| std::fs::write(index.join("meta.json"), "{ not json").unwrap(),
        "meta.json",
    );
    check_damage(
        "truncated postings",
        |index| {
            let file = segment_file(index, "idx");
            std::fs::File::options()
                .write(true)
                .open(&file)
                .unwrap()
                .set_len(10)
                .unwrap();
        },
        ".idx",
    );
    check_damage(
        "corrupted store footer",
        |index| {
            let file = segment_file(index, "store");
            let mut bytes = std::fs::read(&file).unwrap();
            let at = bytes.len() - 3;
            bytes[at] ^= 0xff;
            std::fs::write(&file, bytes).unwrap();
        },
        ".store",
    );
    check_damage(
        "missing positions",
        |index| std::fs::remove_file(segment_file(index, "pos")).unwrap(),
        ".pos",
    );
}

#[test]
fn concurrent_first_searches_wait_for_one_seeds_build() {
    let dir = checkout();
    // More seeds than the five, so the first-use build takes long enough for the other
    // commands to arrive while it runs.
    write_articles(&dir.path().join("seeds"), 600);
    let children: Vec<_> = (0..3)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_vnsearch"))
                .current_dir(dir.path())
                .env_remove("VNSEARCH_INDEX")
                .args(["search", "--json", "hop tac"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outputs: Vec<Output> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    let mut builds = 0;
    let mut totals = Vec::new();
    for out in &outputs {
        let stderr = text(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        assert!(!stderr.contains("locked"), "{stderr}");
        builds += usize::from(stderr.contains("building it from ./seeds"));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        totals.push(json["total_hits"].as_u64().unwrap());
    }
    assert_eq!(builds, 1, "exactly one command builds");
    assert!(totals[0] > 600, "{totals:?}");
    assert!(totals.iter().all(|&t| t == totals[0]), "{totals:?}");
}

#[test]
fn an_interrupted_first_use_build_is_finished_by_the_next_command() {
    let dir = checkout();
    // What a first-use build killed after creating the index leaves: an empty index and the
    // marker of the build in progress.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let created = vnsearch(dir.path(), &["index", "empty"]);
    assert!(created.status.success(), "{}", text(&created.stderr));
    std::fs::write(dir.path().join("index/.vnsearch-seeds-build"), b"").unwrap();
    let out = vnsearch(dir.path(), &["search", "--json", "hop tac"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("building it from ./seeds"));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json["total_hits"].as_u64().unwrap() > 0);
    assert!(!dir.path().join("index/.vnsearch-seeds-build").exists());
}

#[test]
fn only_the_default_index_is_built_from_the_seeds() {
    let dir = checkout();
    let out = vnsearch(dir.path(), &["--index", "indxe", "search", "hop tac"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("no index at indxe (no such directory)"),
        "{stderr}"
    );
    assert!(
        !dir.path().join("indxe").exists(),
        "nothing built at a mistyped path"
    );
    let by_env = Command::new(env!("CARGO_BIN_EXE_vnsearch"))
        .current_dir(dir.path())
        .env("VNSEARCH_INDEX", "indxe")
        .args(["show", "004_66575911aa327aa9"])
        .output()
        .unwrap();
    assert_eq!(by_env.status.code(), Some(2));
    assert!(text(&by_env.stderr).contains("no index at indxe"));
    assert!(!dir.path().join("indxe").exists());
    // An explicit path to an existing index works, after the command name too.
    assert!(
        vnsearch(dir.path(), &["--index", "built", "index", "seeds"])
            .status
            .success()
    );
    let out = vnsearch(dir.path(), &["search", "hop tac", "--index", "built"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!dir.path().join("index").exists());
    // The default location is still built on first use.
    let out = vnsearch(dir.path(), &["search", "hop tac"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(dir.path().join("index/meta.json").exists());
}
