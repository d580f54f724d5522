//! Messy real-world input: what used to be lost or mangled without a word. Every input is
//! written by the test, in the shapes a press archive has.

use std::fs;
use std::path::{Path, PathBuf};

use vnsearch::ingest::read_file;
use vnsearch::{BuildOptions, BuildSummary, Searcher, Silent, WarningKind};

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("mkdir");
    }
    fs::write(&path, bytes).expect("write");
    path
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
