//! Reading inputs: discovery, encodings, bad files and bad JSON lines become warnings.

use std::fs;
use std::path::{Path, PathBuf};

use encoding_rs::WINDOWS_1258;
use unicode_normalization::UnicodeNormalization;
use vnsearch::ingest::{discover, read_file};
use vnsearch::WarningKind;

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("mkdir");
    }
    fs::write(&path, bytes).expect("write");
    path
}

const ARTICLE: &str = "Tiêu đề bài báo\n\nNội dung của bài báo.\n";

#[test]
fn discover_walks_directories_sorted_by_extension_and_warns_on_missing_paths() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "b.txt", ARTICLE.as_bytes());
    write(root, "sub/deeper/a.TXT", ARTICLE.as_bytes());
    write(root, "sub/c.jsonl", b"{}");
    write(root, "sub/d.NDJSON", b"{}");
    write(root, "sub/image.png", b"\x89PNG");
    write(root, "notes.md", b"# notes");
    let missing = root.join("khong-co.txt");
    let (files, warnings) = discover(&[root.to_path_buf(), missing.clone(), root.join("b.txt")]);
    let names: Vec<String> = files
        .iter()
        .map(|p| {
            p.strip_prefix(root)
                .expect("under root")
                .display()
                .to_string()
        })
        .collect();
    assert_eq!(
        names,
        ["b.txt", "sub/c.jsonl", "sub/d.NDJSON", "sub/deeper/a.TXT"]
    );
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].path, missing);
    assert!(matches!(warnings[0].kind, WarningKind::Unreadable { .. }));
}

#[test]
fn a_txt_file_is_one_article_named_after_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "bai-123.txt", ARTICLE.as_bytes());
    let read = read_file(&path);
    assert!(read.warnings.is_empty());
    assert_eq!(read.bytes, ARTICLE.len() as u64);
    let a = &read.articles[0];
    assert_eq!(
        (a.id.as_str(), a.title.as_str()),
        ("bai-123", "Tiêu đề bài báo")
    );
    assert_eq!(a.origin, path.display().to_string());
    assert_eq!(a.raw, ARTICLE);
}

/// Encodes text as Windows-1258 writers do: vowel marks precomposed, tones combining.
fn windows_1258(text: &str) -> Vec<u8> {
    const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
    let mut prepared = String::new();
    for c in text.chars() {
        let decomposed: String = c.to_string().nfd().collect();
        prepared.extend(
            decomposed
                .chars()
                .filter(|m| !TONES.contains(m))
                .collect::<String>()
                .nfc(),
        );
        prepared.extend(decomposed.chars().filter(|m| TONES.contains(m)));
    }
    WINDOWS_1258.encode(&prepared).0.into_owned()
}

#[test]
fn a_windows_1258_file_is_decoded_with_a_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "cu.txt", &windows_1258(ARTICLE));
    let read = read_file(&path);
    assert_eq!(read.articles.len(), 1);
    assert_eq!(read.articles[0].title, "Tiêu đề bài báo");
    assert_eq!(read.articles[0].passages, ["Nội dung của bài báo."]);
    assert_eq!(read.warnings.len(), 1);
    assert!(matches!(
        read.warnings[0].kind,
        WarningKind::Decoded {
            encoding: "Windows-1258"
        }
    ));
}

#[test]
fn bad_files_are_warnings_naming_the_file_and_give_no_article() {
    let dir = tempfile::tempdir().expect("tempdir");
    type IsExpected = fn(&WarningKind) -> bool;
    let cases: [(&str, &[u8], IsExpected); 4] = [
        ("empty.txt", b"", |k| matches!(k, WarningKind::Empty)),
        ("blank.txt", b"\n  \n", |k| matches!(k, WarningKind::Empty)),
        ("binary.txt", b"\x00\x01\x02PK\x03\x04", |k| {
            matches!(k, WarningKind::Binary)
        }),
        // Latin-1 text: not UTF-8, not a Vietnamese encoding.
        (
            "latin1.txt",
            b"Le gouvernement a annonc\xe9 mercredi une s\xe9rie de mesures pour soutenir \
              les entreprises exportatrices pendant la saison des pluies.",
            |k| matches!(k, WarningKind::NotUtf8),
        ),
    ];
    for (name, bytes, expected) in cases {
        let path = write(dir.path(), name, bytes);
        let read = read_file(&path);
        assert!(read.articles.is_empty(), "{name}");
        assert_eq!(read.warnings.len(), 1, "{name}");
        let warning = &read.warnings[0];
        assert!(expected(&warning.kind), "{name}: {warning}");
        assert!(warning.to_string().starts_with(&path.display().to_string()));
    }
    let unreadable = read_file(&dir.path().join("khong-co.txt"));
    assert!(matches!(
        unreadable.warnings[0].kind,
        WarningKind::Unreadable { .. }
    ));
    let a_directory = read_file(dir.path());
    assert!(matches!(
        a_directory.warnings.as_slice(),
        [w] if matches!(w.kind, WarningKind::NotRegularFile { file_type: "a directory" })
    ));
}

#[test]
fn json_lines_are_read_and_bad_lines_are_warnings_with_line_numbers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = concat!(
        r#"{"id":"a","title":"Bài A","body":"Nội dung A.","date":"2024-01-02","source":"Báo A","url":"https://a.vn/a"}"#,
        "\n",
        "{\"id\":\"b\", oops\n",
        "\n",
        r#"{"id":"c","text":"Tiêu đề C\n\nNội dung C.\n\nNguồn: Báo C"}"#,
        "\n",
    );
    let path = write(dir.path(), "lo.jsonl", text.as_bytes());
    let read = read_file(&path);
    let ids: Vec<&str> = read.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["a", "c"]);
    assert_eq!(read.warnings.len(), 1);
    assert_eq!(read.warnings[0].path, path);
    assert_eq!(read.warnings[0].line, Some(2));
    assert!(matches!(
        read.warnings[0].kind,
        WarningKind::MalformedJson { .. }
    ));
    let c = &read.articles[1];
    assert_eq!(
        (c.title.as_str(), c.source.as_deref()),
        ("Tiêu đề C", Some("Báo C"))
    );
    assert_eq!(c.origin, format!("{}:4", path.display()));
    let a = &read.articles[0];
    assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2024-01-02"));
    assert_eq!(a.url.as_deref(), Some("https://a.vn/a"));
}

#[test]
fn warnings_display_as_file_line_colon_message() {
    let w = vnsearch::Warning::at_line(WarningKind::NotAnObject, "in.jsonl", 7);
    assert_eq!(w.to_string(), "in.jsonl:7: not a JSON object, skipped");
}
