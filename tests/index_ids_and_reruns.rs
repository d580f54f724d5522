//! Ids and re-runs on messy real-world input: name clashes, bad JSON ids, inputs that now
//! hold nothing, commits inside a large file, unchanged files not read again. Every input is
//! written by the test, in the shapes a press archive has.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use vnsearch::{AccentMode, BuildOptions, BuildSummary, Progress, Searcher, Silent, WarningKind};

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("mkdir");
    }
    fs::write(&path, bytes).expect("write");
    path
}

/// Sets a file's modification time an hour back, as for files that were not just written
/// (files modified within the last seconds are always re-read).
fn age(path: &Path) {
    let file = fs::File::options().write(true).open(path).expect("open");
    let past = SystemTime::now() - Duration::from_secs(3600);
    file.set_modified(past).expect("set mtime");
}

fn options(index: &Path, inputs: &[&Path]) -> BuildOptions {
    BuildOptions::new(index, inputs.iter().map(|p| p.to_path_buf()).collect())
}

fn run(index: &Path, inputs: &[&Path]) -> BuildSummary {
    vnsearch::update_index(&options(index, inputs), &mut Silent).expect("indexes")
}

fn ids(index: &Path) -> Vec<String> {
    Searcher::open(index)
        .and_then(|s| s.article_ids())
        .expect("opens")
}

fn kinds(summary: &BuildSummary) -> Vec<&WarningKind> {
    summary.warnings.iter().map(|w| &w.kind).collect()
}

const BODY: &str = "Sáng nay, giá vàng trong nước tăng mạnh theo đà của thị trường thế giới.

\
                    Các doanh nghiệp kinh doanh vàng cho biết lượng khách mua tăng gấp đôi.";

// --- Same file names in different directories ------------------------------------------

#[test]
fn same_names_in_two_directories_get_two_ids_and_a_warning_naming_both() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let idx = tmp.path().join("idx");
    let a = write(
        tmp.path(),
        "a/005.txt",
        format!("Bài của thư mục A\n\n{BODY}"),
    );
    let b = write(
        tmp.path(),
        "b/005.txt",
        "Bài của thư mục B\n\nMột nội dung hoàn toàn khác về giao thông đô thị.",
    );
    let (dir_a, dir_b) = (tmp.path().join("a"), tmp.path().join("b"));
    run(&idx, &[&dir_a]);
    let second = run(&idx, &[&dir_b]);
    assert_eq!(
        (second.articles_added, second.articles_replaced),
        (1, 0),
        "{second}"
    );
    assert_eq!(ids(&idx), ["005", "b/005"]);
    let clash = &second.warnings[0];
    let message = clash.to_string();
    assert!(
        matches!(&clash.kind, WarningKind::IdClash { id, renamed_to: Some(new), .. }
            if id == "005" && new == "b/005"),
        "{message}"
    );
    let a = fs::canonicalize(a).expect("canonical");
    let b = fs::canonicalize(b).expect("canonical");
    assert!(message.contains(&a.display().to_string()), "{message}");
    assert!(message.contains(&b.display().to_string()), "{message}");

    // Re-indexing either directory keeps the other's article and the ids stay put.
    let again = run(&idx, &[&dir_a]);
    assert_eq!((again.articles_deleted, again.articles_replaced), (0, 0));
    let both = run(&idx, &[&dir_a, &dir_b]);
    assert_eq!(both.articles_unchanged, 2, "{both}");
    assert!(both.warnings.is_empty(), "{:?}", both.warnings);
    let searcher = Searcher::open(&idx).expect("opens");
    let view = searcher
        .article("005", None, AccentMode::Auto)
        .expect("a's article");
    assert_eq!(view.title, "Bài của thư mục A");
    let view = searcher
        .article("b/005", None, AccentMode::Auto)
        .expect("b's");
    assert_eq!(view.title, "Bài của thư mục B");
}

#[test]
fn same_names_in_one_run_are_told_apart_too() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let idx = tmp.path().join("idx");
    let root = tmp.path().join("kho");
    write(&root, "2023/tin.txt", format!("Tin năm trước\n\n{BODY}"));
    write(&root, "2024/tin.txt", format!("Tin năm nay\n\n{BODY}"));
    let summary = run(&idx, &[&root]);
    assert_eq!(summary.articles_added, 2);
    assert_eq!(ids(&idx), ["kho/2024/tin", "tin"]);
}

#[test]
fn json_ids_held_by_another_file_skip_the_line_instead_of_replacing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let idx = tmp.path().join("idx");
    let one = write(
        tmp.path(),
        "mot/tin.jsonl",
        "{\"id\":\"x1\",\"title\":\"Bài gốc\",\"body\":\"Nội dung gốc của bài.\"}\n",
    );
    write(
        tmp.path(),
        "hai/tin.jsonl",
        "{\"id\":\"x1\",\"title\":\"Bài khác\",\"body\":\"Nội dung của một bài khác.\"}\n",
    );
    run(&idx, &[&tmp.path().join("mot")]);
    let second = run(&idx, &[&tmp.path().join("hai")]);
    assert_eq!((second.articles_added, second.articles_replaced), (0, 0));
    assert!(matches!(
        kinds(&second).as_slice(),
        [WarningKind::IdClash { renamed_to: None, other, .. }]
            if other.starts_with(&fs::canonicalize(&one).expect("canonical").display().to_string())
    ));
    assert_eq!(second.warnings[0].line, Some(1));
    let view = Searcher::open(&idx)
        .and_then(|s| s.article("x1", None, AccentMode::Auto))
        .expect("kept");
    assert_eq!(view.title, "Bài gốc");
}

// --- JSON ids ----------------------------------------------------------------------------

#[test]
fn json_ids_are_checked_and_big_integers_kept_exactly() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let idx = tmp.path().join("idx");
    let long_id = "y".repeat(70_000);
    let lines = [
        r#"{"id":98765432109876543210987,"body":"Bài có mã số rất lớn."}"#.to_string(),
        r#"{"id":true,"body":"Mã là giá trị đúng sai."}"#.to_string(),
        r#"{"id":"   ","body":"Mã toàn khoảng trắng."}"#.to_string(),
        r#"{"id":{"a":1},"body":"Mã là một đối tượng."}"#.to_string(),
        format!(r#"{{"id":"{long_id}","body":"Mã quá dài."}}"#),
        r#"{"id":"t1","title":5,"source":["a"],"body":"Tiêu đề là một con số."}"#.to_string(),
    ];
    let path = write(tmp.path(), "in/tin.jsonl", lines.join("\n"));
    let summary = run(&idx, &[&tmp.path().join("in")]);
    assert_eq!(ids(&idx), ["98765432109876543210987", "t1"]);
    let lines_warned: Vec<(Option<usize>, &WarningKind)> =
        summary.warnings.iter().map(|w| (w.line, &w.kind)).collect();
    assert!(
        matches!(
            lines_warned.as_slice(),
            [
                (Some(2), WarningKind::BadId { found: "a boolean" }),
                (
                    Some(3),
                    WarningKind::BadId {
                        found: "a blank string"
                    }
                ),
                (Some(4), WarningKind::BadId { found: "an object" }),
                (Some(5), WarningKind::IdTooLong { bytes: 70_000 }),
                (Some(6), WarningKind::BadField { field: "title", .. }),
                (
                    Some(6),
                    WarningKind::BadField {
                        field: "source",
                        ..
                    }
                ),
            ]
        ),
        "{lines_warned:?}"
    );
    let path = fs::canonicalize(path).expect("canonical");
    assert!(summary.warnings.iter().all(|w| w.path == path));
    // A second run neither duplicates nor loses anything.
    let again = run(&idx, &[&tmp.path().join("in")]);
    assert_eq!((again.articles_added, again.articles_unchanged), (0, 2));
}

// --- Inputs that now clean to nothing -------------------------------------------------

#[test]
fn an_emptied_or_chrome_only_file_removes_its_article() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let idx = tmp.path().join("idx");
    let input = tmp.path().join("in");
    let emptied = write(&input, "a.txt", format!("Tiêu đề A\n\n{BODY}"));
    let chrome = write(&input, "b.txt", format!("Tiêu đề B\n\n{BODY}"));
    let lines = write(
        &input,
        "c.jsonl",
        "{\"id\":\"c1\",\"body\":\"Nội dung bài C1.\"}\n{\"id\":\"c2\",\"body\":\"Nội dung bài C2.\"}\n",
    );
    write(&input, "d.txt", format!("Tiêu đề D\n\n{BODY}"));
    run(&idx, &[&input]);
    assert_eq!(ids(&idx), ["a", "b", "c1", "c2", "d"]);

    fs::write(&emptied, "").expect("empty it");
    fs::write(&chrome, "Chia sẻ\n\nFacebook\n\nZalo\n").expect("chrome only");
    fs::write(
        &lines,
        "{\"id\":\"c1\",\"body\":\"\"}\n{\"id\":\"c2\",\"body\":\"Nội dung bài C2.\"}\n",
    )
    .expect("rewrite");
    let summary = run(&idx, &[&input]);
    assert_eq!(ids(&idx), ["c2", "d"]);
    assert_eq!(summary.articles_deleted, 3, "{summary}");
    let found: Vec<&WarningKind> = kinds(&summary);
    assert!(matches!(
        found.as_slice(),
        [
            WarningKind::Empty,
            WarningKind::CleanedToNothing,
            WarningKind::CleanedToNothing
        ]
    ));
}

// --- Streaming and commits inside a file -----------------------------------------------

/// Counts the articles the committed index holds every 25 progress reports of the builder.
struct WatchCommits {
    index: PathBuf,
    calls: usize,
    seen: Vec<usize>,
}

impl Progress for WatchCommits {
    fn advance(&mut self, _bytes: u64) {
        self.calls += 1;
        if self.calls % 25 != 0 {
            return;
        }
        if let Ok(stats) = Searcher::open(&self.index).and_then(|s| s.stats()) {
            self.seen.push(stats.articles);
        }
    }
}

#[test]
fn a_large_json_lines_file_is_committed_in_parts() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let idx = tmp.path().join("idx");
    let input = tmp.path().join("in");
    let lines: Vec<String> = (0..1500)
        .map(|n| {
            format!(
                "{{\"id\":\"t{n}\",\"title\":\"Bản tin số {n}\",\"body\":\"{}\"}}",
                "Thị trường chứng khoán giao dịch sôi động trong phiên sáng nay. ".repeat(4)
            )
        })
        .collect();
    write(&input, "lon.jsonl", lines.join("\n"));
    let mut opts = options(&idx, &[&input]);
    opts.commit_every_bytes = 64 << 10;
    let mut watch = WatchCommits {
        index: idx.clone(),
        calls: 0,
        seen: Vec::new(),
    };
    let summary = vnsearch::update_index(&opts, &mut watch).expect("indexes");
    assert_eq!(summary.articles_added, 1500);
    // While the one file was being read, commits made part of it searchable.
    let partial: Vec<usize> = watch
        .seen
        .iter()
        .copied()
        .filter(|&n| n > 0 && n < 1500)
        .collect();
    assert!(partial.len() >= 3, "{:?}", watch.seen);
    assert!(partial.windows(2).all(|w| w[0] <= w[1]));
}

// --- Re-indexing cost ----------------------------------------------------------------------

#[test]
fn unchanged_files_are_not_read_again_and_changed_ones_are() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let idx = tmp.path().join("idx");
    let input = tmp.path().join("in");
    let a = write(&input, "a.txt", format!("Tiêu đề A\n\n{BODY}"));
    let b = write(&input, "b.txt", format!("Tiêu đề B\n\n{BODY}"));
    let c = write(&input, "c.jsonl", "{\"id\":\"c1\",\"body\":\"Bài C1.\"}\n");
    for path in [&a, &b, &c] {
        age(path);
    }
    run(&idx, &[&input]);
    let second = run(&idx, &[&input]);
    assert_eq!(
        (second.files_unchanged, second.bytes_read),
        (3, 0),
        "{second}"
    );
    assert_eq!(second.articles_unchanged, 3);

    // Same size, new time: read again, found unchanged by content hash.
    fs::write(&b, format!("Tiêu đề B\n\n{BODY}")).expect("touch");
    age(&b);
    // Same size, new content.
    fs::write(&a, format!("Tiêu đề X\n\n{BODY}")).expect("edit");
    let third = run(&idx, &[&input]);
    assert_eq!(third.files_unchanged, 1, "{third}");
    assert_eq!(
        (third.articles_replaced, third.articles_unchanged),
        (1, 2),
        "{third}"
    );
    let view = Searcher::open(&idx)
        .and_then(|s| s.article("a", None, AccentMode::Auto))
        .expect("a");
    assert_eq!(view.title, "Tiêu đề X");
}

#[test]
fn stamps_from_another_commit_are_not_trusted() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let idx = tmp.path().join("idx");
    let input = tmp.path().join("in");
    let a = write(&input, "a.txt", format!("Tiêu đề A\n\n{BODY}"));
    age(&a);
    run(&idx, &[&input]);
    // Another program commits to the index (here: deletes everything).
    {
        let index = vnsearch::open_index(&idx).expect("opens");
        let mut writer: tantivy::IndexWriter = index.writer(50_000_000).expect("writer");
        writer.delete_all_documents().expect("delete");
        writer.commit().expect("commit");
    }
    let summary = run(&idx, &[&input]);
    assert_eq!((summary.files_unchanged, summary.articles_added), (0, 1));
    assert_eq!(ids(&idx), ["a"]);
}

#[test]
fn a_line_inserted_at_the_top_of_a_json_lines_file_changes_nothing_else() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let idx = tmp.path().join("idx");
    let input = tmp.path().join("in");
    let lines: Vec<String> = (0..5)
        .map(|n| format!("{{\"id\":\"k{n}\",\"body\":\"Nội dung bản tin số {n}.\"}}"))
        .collect();
    let path = write(&input, "tin.jsonl", lines.join("\n"));
    run(&idx, &[&input]);
    let top = "{\"id\":\"moi\",\"body\":\"Bản tin mới nhất.\"}";
    fs::write(&path, format!("{top}\n{}", lines.join("\n"))).expect("insert");
    let summary = run(&idx, &[&input]);
    assert_eq!(
        (
            summary.articles_added,
            summary.articles_replaced,
            summary.articles_unchanged
        ),
        (1, 0, 5),
        "{summary}"
    );
}
