//! Messy real-world input: what used to be lost or mangled without a word. Every input is
//! written by the test, in the shapes a press archive has.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use vnsearch::ingest::read_file;
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

const BODY: &str = "Sáng nay, giá vàng trong nước tăng mạnh theo đà của thị trường thế giới.\n\n\
                    Các doanh nghiệp kinh doanh vàng cho biết lượng khách mua tăng gấp đôi.";

// --- Titles with dates, numbers, prices ---------------------------------------------------

#[test]
fn headlines_with_dates_and_rates_stay_titles() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, title) in [
        ("gia-vang.txt", "Giá vàng 29/5: SJC tăng mạnh"),
        ("ty-gia.txt", "Tỷ giá USD/VND hôm nay"),
        ("xang.txt", "Giá xăng giảm 500 đồng/lít từ 15h chiều nay"),
    ] {
        let path = write(dir.path(), name, format!("{title}\n\n{BODY}\n"));
        let read = read_file(&path);
        assert!(read.warnings.is_empty(), "{name}");
        let article = &read.articles[0];
        assert_eq!(article.title, title);
        assert_eq!(article.passages.len(), 2, "{name}: {:?}", article.passages);
    }
}

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

// --- Encodings -----------------------------------------------------------------------------

#[test]
fn mostly_utf8_files_are_read_with_the_bad_bytes_counted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut bytes = format!("Giá vàng tăng mạnh\n\n{}", BODY.repeat(20)).into_bytes();
    // Five stray Latin-1 bytes in the text, as a bad copy leaves them.
    for at in [200, 600, 1000, 1400, 1800] {
        let at = (at..).find(|&i| bytes[i] == b' ').expect("a space");
        bytes[at] = 0xA0;
    }
    let path = write(dir.path(), "hong.txt", &bytes);
    let read = read_file(&path);
    assert_eq!(read.articles.len(), 1);
    assert_eq!(read.articles[0].title, "Giá vàng tăng mạnh");
    assert!(matches!(
        read.warnings.as_slice(),
        [w] if matches!(w.kind, WarningKind::ReplacedBytes { count: 5 })
    ));
    assert!(read.warnings[0]
        .to_string()
        .contains("5 invalid UTF-8 bytes"));
}

#[test]
fn noise_after_a_utf16_bom_is_refused_as_binary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut bytes = vec![0xFF, 0xFE];
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    for _ in 0..8192 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        bytes.push((state >> 32) as u8);
    }
    let path = write(dir.path(), "rac.txt", &bytes);
    let read = read_file(&path);
    assert!(read.articles.is_empty());
    assert!(matches!(
        read.warnings.as_slice(),
        [w] if matches!(w.kind, WarningKind::Binary)
    ));
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

// --- Passages, special files, size cap --------------------------------------------------

#[test]
fn a_huge_line_without_sentence_ends_becomes_bounded_passages() {
    let dir = tempfile::tempdir().expect("tempdir");
    // 2.6 million characters on one line, with no sentence end anywhere.
    let line: Vec<String> = (0..40_000)
        .map(|n| format!("Giá cả thị trường biến động không ngừng theo phiên giao dịch {n}"))
        .collect();
    let line = line.join(" ");
    let path = write(
        dir.path(),
        "dai.txt",
        format!("Tiêu đề bài rất dài\n\n{line}\n"),
    );
    let read = read_file(&path);
    let article = &read.articles[0];
    assert_eq!(article.title, "Tiêu đề bài rất dài");
    assert!(article.passages.len() >= line.chars().count() / 1000);
    assert!(article.passages.iter().all(|p| p.chars().count() <= 1000));
    assert_eq!(article.passages.join(" "), line.trim());
}

#[cfg(unix)]
#[test]
fn fifos_sockets_and_devices_are_skipped_without_being_opened() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let idx = tmp.path().join("idx");
    let input = tmp.path().join("in");
    write(&input, "that.txt", format!("Bài thật\n\n{BODY}"));
    // A FIFO: opening it for reading would block until a writer comes, forever.
    let fifo = input.join("ong.txt");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    let have_fifo = made.is_ok_and(|s| s.success());
    let _socket = std::os::unix::net::UnixListener::bind(input.join("o-cam.txt")).expect("socket");
    std::os::unix::fs::symlink("/dev/zero", input.join("zero.txt")).expect("symlink");
    let summary = run(&idx, &[&input]);
    assert_eq!(ids(&idx), ["that"]);
    let mut skipped: Vec<(String, &str)> = summary
        .warnings
        .iter()
        .filter_map(|w| match w.kind {
            WarningKind::NotRegularFile { file_type } => Some((
                w.path.file_name()?.to_string_lossy().into_owned(),
                file_type,
            )),
            _ => None,
        })
        .collect();
    skipped.sort();
    let mut expected = vec![
        ("o-cam.txt".to_string(), "a socket"),
        ("zero.txt".to_string(), "a character device"),
    ];
    if have_fifo {
        expected.push(("ong.txt".to_string(), "a FIFO"));
    } else {
        eprintln!("mkfifo unavailable: the FIFO case is not exercised");
    }
    expected.sort();
    assert_eq!(skipped, expected);
}

#[test]
fn files_over_the_size_cap_are_skipped_with_a_warning_naming_them() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let idx = tmp.path().join("idx");
    let input = tmp.path().join("in");
    write(&input, "nho.txt", format!("Bài nhỏ\n\n{BODY}"));
    let big = write(
        &input,
        "lon.txt",
        format!("Bài lớn\n\n{}", BODY.repeat(20_000)),
    );
    let big_line = format!(
        "{{\"id\":\"j2\",\"body\":\"{}\"}}",
        "Một dòng rất dài. ".repeat(150_000)
    );
    let lines = write(
        &input,
        "tin.jsonl",
        format!("{{\"id\":\"j1\",\"body\":\"Một dòng ngắn.\"}}\n{big_line}\n"),
    );
    let mut opts = options(&idx, &[&input]);
    opts.max_file_bytes = 1 << 20;
    let summary = vnsearch::update_index(&opts, &mut Silent).expect("indexes");
    assert_eq!(ids(&idx), ["j1", "nho"]);
    let found: Vec<(PathBuf, Option<usize>)> = summary
        .warnings
        .iter()
        .filter(|w| matches!(w.kind, WarningKind::TooLarge { limit, .. } if limit == 1 << 20))
        .map(|w| (w.path.clone(), w.line))
        .collect();
    let canonical = |p: &Path| fs::canonicalize(p).expect("canonical");
    assert_eq!(
        found,
        [(canonical(&big), None), (canonical(&lines), Some(2))]
    );
}

#[test]
fn the_size_cap_is_a_command_line_option() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = tmp.path().join("in");
    write(
        &input,
        "lon.txt",
        format!("Bài lớn\n\n{}", BODY.repeat(20_000)),
    );
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_vnsearch"))
        .arg("--index")
        .arg(tmp.path().join("idx"))
        .args(["index", "--max-file-mb", "1", "--json"])
        .arg(&input)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("lon.txt: "), "{stderr}");
    assert!(stderr.contains("over the limit of 1.0 MB"), "{stderr}");
    // The --json summary keeps warnings as strings (the documented contract).
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert!(json["warnings"][0]
        .as_str()
        .is_some_and(|w| w.contains("lon.txt")));
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
