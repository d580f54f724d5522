//! The incremental index builder: re-runs, changes, deletions, the writer lock, bad input and
//! an interrupted run.

use std::path::{Path, PathBuf};
use std::process::Command;

use vnsearch::Error;
use vnsearch::{BuildOptions, BuildSummary, Silent};

fn article(title: &str, body: &str) -> String {
    format!("{title}\n\n{body}\n")
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, text).unwrap();
    path
}

fn run(index_dir: &Path, inputs: &[&Path]) -> BuildSummary {
    let options = BuildOptions::new(index_dir, inputs.iter().map(|p| p.to_path_buf()).collect());
    vnsearch::update_index(&options, &mut Silent).unwrap()
}

/// Article ids in the committed index.
fn indexed_ids(index_dir: &Path) -> Vec<String> {
    vnsearch::Searcher::open(index_dir)
        .unwrap()
        .article_ids()
        .unwrap()
}

fn corpus(dir: &Path) {
    write(
        dir,
        "a.txt",
        &article(
            "Hợp tác khoa học Việt – Lào",
            "Hai bên thống nhất tăng cường hợp tác nghiên cứu.\n\nĐoàn công tác thăm Viêng Chăn.",
        ),
    );
    write(
        dir,
        "sub/b.txt",
        &article(
            "Đổi mới sáng tạo",
            "Bộ trưởng nhấn mạnh vai trò của đổi mới sáng tạo.",
        ),
    );
}

#[test]
fn rerun_skips_unchanged_articles() {
    let tmp = tempfile::tempdir().unwrap();
    let (input, idx) = (tmp.path().join("in"), tmp.path().join("idx"));
    corpus(&input);
    let first = run(&idx, &[&input]);
    assert_eq!((first.articles_added, first.files), (2, 2));
    assert_eq!(first.passages_written, 3);
    let second = run(&idx, &[&input]);
    assert_eq!(second.articles_unchanged, 2);
    assert_eq!((second.articles_added, second.passages_written), (0, 0));
    assert_eq!(indexed_ids(&idx), ["a", "b"]);
}

#[test]
fn changed_added_and_removed_files_are_reflected() {
    let tmp = tempfile::tempdir().unwrap();
    let (input, idx) = (tmp.path().join("in"), tmp.path().join("idx"));
    corpus(&input);
    run(&idx, &[&input]);

    write(
        &input,
        "a.txt",
        &article("Hợp tác khoa học", "Nội dung đã sửa."),
    );
    write(
        &input,
        "c.txt",
        &article("Bài mới", "Một bài báo mới về kinh tế số."),
    );
    std::fs::remove_file(input.join("sub/b.txt")).unwrap();
    let summary = run(&idx, &[&input]);
    assert_eq!(summary.articles_replaced, 1);
    assert_eq!(summary.articles_added, 1);
    assert_eq!(summary.articles_deleted, 1);
    assert_eq!(indexed_ids(&idx), ["a", "c"]);

    // The replaced article holds only its new passage, not old and new together.
    let searcher = vnsearch::Searcher::open(&idx).unwrap();
    let view = searcher
        .article("a", None, vnsearch::AccentMode::Auto)
        .unwrap();
    assert_eq!(view.passages.len(), 1);
}

#[test]
fn indexing_another_directory_keeps_the_first() {
    let tmp = tempfile::tempdir().unwrap();
    let idx = tmp.path().join("idx");
    let (one, two) = (tmp.path().join("one"), tmp.path().join("two"));
    write(&one, "x.txt", &article("Bài một", "Nội dung một."));
    write(&two, "y.txt", &article("Bài hai", "Nội dung hai."));
    run(&idx, &[&one]);
    let summary = run(&idx, &[&two]);
    assert_eq!(summary.articles_deleted, 0);
    assert_eq!(indexed_ids(&idx), ["x", "y"]);
}

#[test]
fn rebuild_starts_over() {
    let tmp = tempfile::tempdir().unwrap();
    let (input, idx) = (tmp.path().join("in"), tmp.path().join("idx"));
    corpus(&input);
    run(&idx, &[&input]);
    let mut options = BuildOptions::new(&idx, vec![input.clone()]);
    options.rebuild = true;
    let summary = vnsearch::update_index(&options, &mut Silent).unwrap();
    assert_eq!((summary.articles_added, summary.articles_unchanged), (2, 0));
    assert_eq!(indexed_ids(&idx), ["a", "b"]);
}

#[test]
fn a_second_writer_gets_a_clear_lock_error() {
    let tmp = tempfile::tempdir().unwrap();
    let (input, idx) = (tmp.path().join("in"), tmp.path().join("idx"));
    corpus(&input);
    run(&idx, &[&input]);
    let index = vnsearch::index::open_index(&idx).unwrap();
    let _held: tantivy::IndexWriter = index.writer(50_000_000).unwrap();
    let options = BuildOptions::new(&idx, vec![input.clone()]);
    let err = vnsearch::update_index(&options, &mut Silent).unwrap_err();
    assert!(matches!(err, Error::Locked(_)), "{err:?}");
    assert!(err.to_string().contains("locked by another writer"));
}

#[test]
fn missing_input_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let options = BuildOptions::new(tmp.path().join("idx"), vec![tmp.path().join("nope")]);
    let err = vnsearch::update_index(&options, &mut Silent).unwrap_err();
    assert!(err.is_usage(), "{err:?}");
    assert!(err.to_string().contains("nope"));
}

#[test]
fn killed_run_leaves_a_searchable_index_and_the_next_run_completes() {
    let tmp = tempfile::tempdir().unwrap();
    let (input, idx) = (tmp.path().join("in"), tmp.path().join("idx"));
    let paragraph = "Bộ trưởng Huỳnh Thành Đạt nhấn mạnh quan hệ hợp tác giữa hai nước \
                     trong lĩnh vực khoa học công nghệ và đổi mới sáng tạo. "
        .repeat(8);
    let files = 3000;
    for n in 0..files {
        let body = format!("{paragraph}\n\nĐoạn thứ hai của bài {n}.");
        write(
            &input,
            &format!("d{}/a{n:05}.txt", n % 10),
            &article(&format!("Bài số {n}"), &body),
        );
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_vnsearch"))
        .args(["--index"])
        .arg(&idx)
        .args(["index", "--commit-every-mb", "1"])
        .arg(&input)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Let it write (and commit) for a while, then kill it without warning.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let _ = child.kill();
    let _ = child.wait();

    if idx.join("meta.json").exists() {
        // Whatever was committed opens and every article in it is whole (2 passages).
        let stats = vnsearch::Searcher::open(&idx).unwrap().stats().unwrap();
        assert_eq!(stats.passages, stats.articles * 2);
    }
    let summary = run(&idx, &[&input]);
    assert_eq!(summary.articles_added + summary.articles_unchanged, files);
    assert_eq!(indexed_ids(&idx).len(), files);
}
