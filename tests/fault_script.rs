//! The fault script: a generated corpus (50 MB, `VNSEARCH_FAULT_MB` to change it) indexed by
//! the `vnsearch` binary, killed with SIGKILL at three moments, and written onto a full disk
//! once; after each fault the index must open, a re-run must bring it to exactly the article
//! and passage counts of a clean build, and no orphan file may remain.
//!
//! Slow (a few clean builds of the corpus), so it is ignored by `cargo test` and run by
//! `.ci/run` with a release binary (`VNSEARCH_FAULT_BIN`, default: the binary of this build):
//! `cargo build --release && VNSEARCH_FAULT_BIN=target/release/vnsearch cargo test --test
//! fault_script -- --ignored --nocapture`.
//! The disk-full step mounts a tmpfs and is skipped, with the reason printed, when that is
//! not possible (not root).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

#[path = "common/index_files.rs"]
mod index_files;

use vnsearch::{IndexStats, Searcher};

/// Commit interval of the runs, in MB: several commits per run, so kills land between them.
const COMMIT_EVERY_MB: &str = "8";

fn vnsearch(args: &[&str]) -> Command {
    let binary = std::env::var_os("VNSEARCH_FAULT_BIN")
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_vnsearch").into());
    let mut command = Command::new(binary);
    command.env_remove("VNSEARCH_INDEX").args(args);
    command
}

fn run(args: &[&str]) -> Output {
    vnsearch(args).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Indexes `corpus` into `index` (one complete run) and checks that it succeeded.
fn index_run(index: &Path, corpus: &Path, extra: &[&str]) {
    let mut args = vec![
        "--index",
        path(index),
        "index",
        "--commit-every-mb",
        COMMIT_EVERY_MB,
    ];
    args.extend(extra);
    args.push(path(corpus));
    let out = run(&args);
    assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
}

fn stats(index: &Path) -> IndexStats {
    Searcher::open(index)
        .unwrap_or_else(|e| panic!("{} does not open: {e}", index.display()))
        .stats()
        .unwrap()
}

/// The committed segments of the index: ids (without dashes) and documents.
fn committed_segments(index: &Path) -> Vec<(String, u64)> {
    let Ok(bytes) = std::fs::read(index.join("meta.json")) else {
        return Vec::new();
    };
    let Ok(meta) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
        return Vec::new();
    };
    meta["segments"]
        .as_array()
        .map(|segments| {
            segments
                .iter()
                .map(|s| {
                    (
                        s["segment_id"].as_str().unwrap_or("").replace('-', ""),
                        s["max_doc"].as_u64().unwrap_or(0),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Files of the index that the last commit does not need (uncommitted segments, temporary
/// files), with their sizes.
fn orphans(index: &Path) -> Vec<(String, u64)> {
    let living: HashSet<String> = committed_segments(index)
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let Ok(entries) = std::fs::read_dir(index) else {
        return Vec::new();
    };
    let mut orphans: Vec<(String, u64)> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let kept = index_files::is_kept(&name, &living);
            let size = e.metadata().map_or(0, |m| m.len());
            (!kept).then_some((name, size))
        })
        .collect();
    orphans.sort();
    orphans
}

/// A 32-hex-digit segment id, a dot, an extension.
fn is_segment_file(name: &str) -> bool {
    name.split_once('.')
        .is_some_and(|(id, _)| id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn dir_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.metadata().map_or(0, |m| m.len()))
        .sum()
}

/// Starts `args` and kills it (SIGKILL) as soon as `moment` holds for the index directory.
/// Panics when the run ends first: the moment was never reached.
fn kill_when(args: &[&str], index: &Path, moment: impl Fn(&Path) -> bool) {
    let mut child = vnsearch(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("{args:?} ended ({status}) before the moment to kill it");
        }
        if moment(index) {
            child.kill().unwrap();
            child.wait().unwrap();
            eprintln!(
                "  killed after {:.1} s; {} committed segments, {} uncommitted files",
                started.elapsed().as_secs_f64(),
                committed_segments(index).len(),
                orphans(index).len()
            );
            return;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// After a fault: the index opens; a re-run completes to the clean counts and leaves no
/// orphan.
fn check_recovery(index: &Path, corpus: &Path, clean: IndexStats, what: &str) {
    let after_fault = stats(index);
    eprintln!("  {what}: opens with {after_fault:?}; re-running");
    index_run(index, corpus, &[]);
    assert_eq!(stats(index), clean, "{what}: counts after the re-run");
    assert_eq!(
        orphans(index),
        Vec::new(),
        "{what}: orphans after the re-run"
    );
}

/// A tmpfs mounted for the disk-full step, unmounted when dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(at: &Path, bytes: u64) -> Result<Tmpfs, String> {
        std::fs::create_dir_all(at).unwrap();
        let out = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={bytes}"),
                "tmpfs",
                path(at),
            ])
            .output()
            .map_err(|e| format!("cannot run mount: {e}"))?;
        if out.status.success() {
            Ok(Tmpfs(at.to_path_buf()))
        } else {
            Err(format!(
                "cannot mount a tmpfs (needs root): {}",
                text(&out.stderr).trim()
            ))
        }
    }

    fn resize(&self, bytes: u64) {
        let out = Command::new("mount")
            .args(["-o", &format!("remount,size={bytes}"), path(&self.0)])
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
#[ignore = "slow: builds a 50 MB corpus several times; run by .ci/run in release"]
fn kills_and_a_full_disk_never_lose_or_leak() {
    let mb = std::env::var("VNSEARCH_FAULT_MB").unwrap_or_else(|_| "50".into());
    // The generated corpus is cached between runs, as `vnsearch bench` caches it.
    let data = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fault-data");
    let generated = run(&[
        "bench",
        "--generate-only",
        "--mb",
        &mb,
        "--data-dir",
        path(&data),
    ]);
    assert!(generated.status.success(), "{}", text(&generated.stderr));
    let corpus = PathBuf::from(text(&generated.stdout).trim());
    let work = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();

    let started = Instant::now();
    let reference_dir = work.path().join("clean");
    index_run(&reference_dir, &corpus, &[]);
    let clean = stats(&reference_dir);
    let clean_bytes = dir_bytes(&reference_dir);
    eprintln!(
        "clean build of {mb} MB: {clean:?}, {:.0} MB of index, {:.1} s",
        clean_bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    assert!(clean.articles > 0);

    let index = work.path().join("index");
    let index_args = [
        "--index",
        path(&index),
        "index",
        "--commit-every-mb",
        COMMIT_EVERY_MB,
        path(&corpus),
    ];

    eprintln!("kill 1: before any commit, as soon as the first segment files are created");
    kill_when(&index_args, &index, |dir| {
        orphans(dir).iter().any(|(name, _)| is_segment_file(name))
    });
    check_recovery(&index, &corpus, clean, "kill 1");

    eprintln!("kill 2: between commits, with a third of the passages committed");
    let index2 = work.path().join("index2");
    let index2_args = [
        "--index",
        path(&index2),
        "index",
        "--commit-every-mb",
        COMMIT_EVERY_MB,
        path(&corpus),
    ];
    kill_when(&index2_args, &index2, |dir| {
        let committed: u64 = committed_segments(dir).iter().map(|(_, docs)| docs).sum();
        committed * 3 >= clean.passages as u64
    });
    let partial = stats(&index2);
    assert!(partial.articles > 0 && partial.articles < clean.articles);
    check_recovery(&index2, &corpus, clean, "kill 2");

    eprintln!("kill 3: during --rebuild of the complete index, halfway through");
    // A small writer heap, so that the rebuild writes segments all along (it commits once).
    let rebuild_args = [
        "--index",
        path(&index),
        "index",
        "--rebuild",
        "--heap-mb",
        "32",
        path(&corpus),
    ];
    kill_when(&rebuild_args, &index, |dir| {
        let written: u64 = orphans(dir).iter().map(|(_, size)| size).sum();
        written * 2 >= clean_bytes
    });
    assert_eq!(
        stats(&index),
        clean,
        "the old index stays whole until a rebuild commits"
    );
    check_recovery(&index, &corpus, clean, "kill 3");

    eprintln!(
        "disk full: an index of {:.0} MB on a tmpfs of half that",
        clean_bytes as f64 / 1e6
    );
    let tmpfs = match Tmpfs::mount(&work.path().join("small-disk"), clean_bytes / 2) {
        Ok(tmpfs) => tmpfs,
        Err(reason) => {
            eprintln!("  skipped: {reason}");
            return;
        }
    };
    let full = tmpfs.0.join("index");
    let mut full_args = vec![
        "--index",
        path(&full),
        "index",
        "--commit-every-mb",
        COMMIT_EVERY_MB,
    ];
    full_args.push(path(&corpus));
    let out = run(&full_args);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let expected = format!(
        "vnsearch: error: disk full while writing the index at {}: about ",
        full.display()
    );
    assert!(stderr.contains(&expected), "{stderr}");
    assert_eq!(stderr.matches("disk full").count(), 1, "{stderr}");
    eprintln!("  {}", stderr.trim());
    let committed = stats(&full);
    assert!(
        committed.articles > 0,
        "earlier commits survive: {committed:?}"
    );
    assert_eq!(
        orphans(&full),
        Vec::new(),
        "the failed commit's files are removed"
    );
    tmpfs.resize(clean_bytes * 3);
    check_recovery(&full, &corpus, clean, "disk full");
    eprintln!(
        "fault script done in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}
