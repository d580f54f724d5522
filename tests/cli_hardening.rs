//! The command line as a new user meets it: query words that start with `-`, the README's
//! own examples, pipes that close early, hostile text on a terminal, and the smaller
//! messages (a file given as the index, an impossible date, `show --raw --json`, timings,
//! `bench -h`, an input that cannot be read).

use std::io::Read;
use std::path::Path;
use std::process::{Command, Output, Stdio};

#[path = "common/checkout.rs"]
mod fresh;
use fresh::checkout as fresh_checkout;

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_vnsearch"));
    command
        .current_dir(dir)
        .env_remove("VNSEARCH_INDEX")
        .env("NO_COLOR", "1")
        .args(args);
    command
}

fn vnsearch(dir: &Path, args: &[&str]) -> Output {
    command(dir, args).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A working directory with a copy of the seeds and the index built from them.
fn checkout() -> tempfile::TempDir {
    let dir = fresh_checkout();
    let out = vnsearch(dir.path(), &["index", "seeds"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    dir
}

fn json(out: &Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn query_words_after_the_first_may_start_with_a_dash() {
    let dir = checkout();
    for (args, excluded) in [
        (vec!["search", "hợp", "tác", "-họp", "--json"], "họp"),
        (vec!["search", "--json", "Việt", "Nam", "-Lào"], "lào"),
        (
            vec!["search", "hợp", "tác", "-nhà", "--json", "-n", "20"],
            "nhà",
        ),
    ] {
        let out = vnsearch(dir.path(), &args);
        let results = json(&out);
        let query = args[1..]
            .iter()
            .filter(|a| !a.starts_with("--") && **a != "-n" && **a != "20")
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(results["query"], query, "{args:?}");
        let hits = results["hits"].as_array().unwrap();
        assert!(!hits.is_empty(), "{args:?}");
        for hit in hits {
            let passage = hit["text"].as_str().unwrap().to_lowercase();
            assert!(!passage.contains(excluded), "{args:?}: {passage}");
        }
    }
    // `-n 20` after the query words is still the limit.
    let limited = json(&vnsearch(
        dir.path(),
        &["search", "hop", "tac", "-n", "3", "--json"],
    ));
    assert_eq!(limited["hits"].as_array().unwrap().len(), 3);
}

#[test]
fn a_query_that_starts_with_a_dash_word_is_told_to_use_double_dash() {
    let dir = checkout();
    for word in ["-họp", "-Lào", "-nhà"] {
        let out = vnsearch(dir.path(), &["search", word, "hợp", "tác"]);
        assert_eq!(out.status.code(), Some(2), "{word}");
        assert!(out.stdout.is_empty(), "{word}: no help on stdout");
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains(&format!("vnsearch search -- {word}")),
            "{word}: {stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        let fixed = vnsearch(dir.path(), &["search", "--", word, "hợp", "tác"]);
        assert!(fixed.status.success(), "{}", text(&fixed.stderr));
    }
}

/// Splits a README command line like a shell would (quotes, no escapes), without its
/// trailing `# comment`.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote = None;
    let mut in_word = false;
    for c in line.chars() {
        match (quote, c) {
            (None, '#') if !in_word => break,
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (Some(q), c) if c == q => quote = None,
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (_, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

#[test]
fn the_readme_filter_example_finds_hits_on_the_seeds() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let line = readme
        .lines()
        .find(|l| l.starts_with("vnsearch search") && l.contains("--source"))
        .expect("the README shows a search with filters");
    let words = shell_words(line);
    let args: Vec<&str> = words[1..].iter().map(String::as_str).collect();
    let dir = checkout();
    let mut with_json = args.clone();
    with_json.push("--json");
    let results = json(&vnsearch(dir.path(), &with_json));
    let hits = results["hits"].as_array().unwrap();
    assert!(!hits.is_empty(), "{line}");
    assert_eq!(results["accent_fallback"], false);
    let from = args[args.iter().position(|a| *a == "--from").unwrap() + 1];
    for hit in hits {
        assert!(hit["date"].as_str().unwrap() >= from, "{hit}");
    }
    let plain = vnsearch(dir.path(), &args);
    assert!(plain.status.success());
    assert!(!plain.stdout.is_empty());
}

#[test]
fn an_accent_fallback_is_reported_only_when_it_finds_something() {
    let dir = checkout();
    // The README's former example: nothing matches, with or without accents.
    let args = [
        "search",
        "title:\"khoa học\"",
        "--from",
        "2023-01-01",
        "--to",
        "2024-12-31",
        "--source",
        "nhan dan",
    ];
    let out = vnsearch(dir.path(), &args);
    assert!(out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.starts_with("0 matching passages"), "{stderr}");
    assert!(!stderr.contains("accent"), "{stderr}");
    let mut with_json = args.to_vec();
    with_json.push("--json");
    assert_eq!(
        json(&vnsearch(dir.path(), &with_json))["accent_fallback"],
        false
    );
    // A fallback that finds something still says so.
    let found = vnsearch(dir.path(), &["search", "\"họp tác\""]);
    assert!(!found.stdout.is_empty());
    assert!(text(&found.stderr).contains("ignoring accents"));
}

/// Runs `args` with a stdout whose reader is gone before anything is written.
fn with_closed_stdout(dir: &Path, args: &[&str]) -> Output {
    let mut child = command(dir, args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stderr = Vec::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_end(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    Output {
        status,
        stdout: Vec::new(),
        stderr,
    }
}

#[test]
fn a_closed_stdout_is_a_quiet_success() {
    let dir = checkout();
    for args in [
        vec!["search", "hop tac", "-n", "50", "--per-article", "0"],
        vec!["search", "--json", "hop tac"],
        vec!["show", "004_66575911aa327aa9"],
        vec!["show", "--raw", "004_66575911aa327aa9"],
        vec!["index", "--json", "seeds"],
    ] {
        let out = with_closed_stdout(dir.path(), &args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(
            !stderr.to_lowercase().contains("pipe"),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("error"), "{args:?}: {stderr}");
    }
    // The shell's own view: `| head -1` ends the pipeline with success.
    let out = Command::new("bash")
        .current_dir(dir.path())
        .env_remove("VNSEARCH_INDEX")
        .args([
            "-c",
            "set -o pipefail; \"$0\" search hop tac -n 50 --per-article 0 | head -1",
            env!("CARGO_BIN_EXE_vnsearch"),
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).lines().count(), 1);
}

/// An index of one article full of terminal controls, in a file whose name has some too.
fn hostile_checkout() -> (tempfile::TempDir, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let raw = "Tin nóng\u{1b}]0;bi chiem quyen\u{7}\n\n\
               Đoạn một nói về hợp tác \u{1b}[31mđỏ rực\u{1b}[0m và \u{202e}cba\u{202c} \
               với \u{9b}31m C1.\r\n\nĐoạn hai vẫn bình thường.\n"
        .as_bytes()
        .to_vec();
    std::fs::write(input.join("tin.txt"), &raw).unwrap();
    // Not text at all: its warning names the file, whose name carries an escape sequence.
    std::fs::write(
        input.join("x\u{1b}]0;ten tep\u{7}.txt"),
        [0u8, 159, 146, 150, 0, 1, 2],
    )
    .unwrap();
    let out = vnsearch(dir.path(), &["--index", "ix", "index", "in"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    (dir, raw)
}

fn assert_no_controls_from_input(output: &str, what: &str) {
    for bad in ["\u{1b}]", "\u{1b}[31m", "\u{202e}", "\u{9b}", "\u{7}"] {
        assert!(!output.contains(bad), "{what}: {bad:?} in {output:?}");
    }
}

#[test]
fn output_meant_for_a_terminal_carries_no_control_characters_from_the_input() {
    let (dir, raw) = hostile_checkout();
    let dir = dir.path();
    // Piped, `show --raw` is the input byte for byte and `--json` is exact.
    let piped = vnsearch(dir, &["--index", "ix", "show", "--raw", "tin"]);
    assert_eq!(piped.stdout, raw);
    let exact = json(&vnsearch(dir, &["--index", "ix", "show", "--json", "tin"]));
    assert_eq!(exact["raw"].as_str().unwrap().as_bytes(), raw);
    // Meant for a terminal (`--color always`), every control from the input is neutralised.
    let shown = vnsearch(
        dir,
        &["--index", "ix", "--color", "always", "show", "--raw", "tin"],
    );
    let shown = text(&shown.stdout);
    assert_no_controls_from_input(&shown, "show --raw");
    assert!(shown.contains("␛]0;bi chiem quyen␇"), "{shown}");
    assert!(shown.contains("\n\nĐoạn hai"), "lines stay: {shown}");
    for args in [
        vec!["--index", "ix", "search", "--color", "always", "hợp tác"],
        vec![
            "--index",
            "ix",
            "show",
            "--color",
            "always",
            "tin",
            "-q",
            "hợp tác",
        ],
    ] {
        let out = vnsearch(dir, &args);
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert_no_controls_from_input(&text(&out.stdout), &format!("{args:?}"));
    }
}

/// Runs a shell command line on a pseudo-terminal (util-linux `script`), returning what the
/// terminal received, or `None` when `script` is not available.
fn on_a_terminal(dir: &Path, line: &str, env: &[(&str, &str)]) -> Option<String> {
    let mut command = Command::new("script");
    command
        .current_dir(dir)
        .env_remove("VNSEARCH_INDEX")
        .env("VN", env!("CARGO_BIN_EXE_vnsearch"))
        .args(["-qec", line, "/dev/null"]);
    for (key, value) in env {
        command.env(key, value);
    }
    let out = command.output().ok()?;
    Some(text(&out.stdout))
}

#[test]
fn warnings_errors_and_raw_articles_are_safe_on_a_terminal() {
    let (dir, _) = hostile_checkout();
    let dir = dir.path();
    let Some(indexed) = on_a_terminal(dir, "\"$VN\" --index ix2 index in", &[]) else {
        eprintln!("skipped: util-linux `script` is not installed (needed for a terminal)");
        return;
    };
    assert!(indexed.contains("warning:"), "{indexed}");
    assert!(indexed.contains("x␛]0;ten tep␇.txt"), "{indexed}");
    assert_no_controls_from_input(&indexed, "index warnings");
    let raw = on_a_terminal(dir, "\"$VN\" --index ix show --raw tin", &[]).unwrap();
    assert!(raw.contains("Tin nóng␛]0;bi chiem quyen␇"), "{raw}");
    assert_no_controls_from_input(&raw, "show --raw");
    let error = on_a_terminal(
        dir,
        "\"$VN\" --index \"$BAD\" search hop",
        &[("BAD", "ix\u{1b}]0;sai\u{7}\u{202e}")],
    )
    .unwrap();
    assert!(error.contains("no index at ix␛]0;sai␇"), "{error}");
    assert_no_controls_from_input(&error, "error message");
    let usage = on_a_terminal(
        dir,
        "\"$VN\" --index ix search --sort \"$BAD\" hop",
        &[("BAD", "x\u{1b}]0;sai\u{7}\u{202e}")],
    )
    .unwrap();
    assert!(usage.contains("invalid value"), "{usage}");
    assert!(
        usage.contains("\n"),
        "lines of the message stay lines: {usage}"
    );
    assert_no_controls_from_input(&usage, "usage error");
}

#[test]
fn an_existing_file_given_as_the_index_is_named_once() {
    let dir = checkout();
    std::fs::write(dir.path().join("notes.txt"), "ghi chú").unwrap();
    for args in [
        vec!["--index", "notes.txt", "search", "hop"],
        vec!["--index", "notes.txt", "index", "seeds"],
        vec!["show", "--index", "notes.txt", "004_66575911aa327aa9"],
    ] {
        let out = vnsearch(dir.path(), &args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("notes.txt is a file, not an index directory"),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("os error"), "{args:?}: {stderr}");
        assert_eq!(stderr.matches("notes.txt").count(), 1, "{args:?}: {stderr}");
    }
}

#[test]
fn an_impossible_date_is_named_as_such() {
    let dir = checkout();
    let out = vnsearch(dir.path(), &["search", "--from", "2024-02-30", "hợp tác"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = text(&out.stderr);
    assert!(
        stderr
            .contains("'2024-02-30' for '--from <FROM>': 2024-02-30 is not a day of the calendar"),
        "{stderr}"
    );
}

#[test]
fn show_raw_json_prints_the_documented_json() {
    let dir = checkout();
    let id = "004_66575911aa327aa9";
    let view = json(&vnsearch(dir.path(), &["show", id, "--raw", "--json"]));
    let original = std::fs::read_to_string(dir.path().join(format!("seeds/{id}.txt"))).unwrap();
    assert_eq!(view["raw"], original);
    assert_eq!(view["id"], id);
    assert!(view["passages"].as_array().is_some_and(|p| !p.is_empty()));
}

#[test]
fn took_ms_is_rounded_to_microseconds() {
    let dir = checkout();
    for query in ["hop tac", "\"đổi mới sáng tạo\"", "Lào OR Campuchia"] {
        let results = json(&vnsearch(dir.path(), &["search", "--json", query]));
        let took = results["took_ms"].as_f64().unwrap();
        let micros = took * 1000.0;
        assert!((micros - micros.round()).abs() < 1e-6, "{query}: {took}");
        // Three decimals at most, as serialised.
        let raw = text(&vnsearch(dir.path(), &["search", "--json", query]).stdout);
        let field = raw.split("\"took_ms\":").nth(1).unwrap();
        let number: String = field
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let decimals = number.split('.').nth(1).map_or(0, str::len);
        assert!(decimals <= 3, "{number}");
    }
}

#[test]
fn bench_help_lists_only_its_own_options_with_their_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let out = vnsearch(dir.path(), &["bench", "-h"]);
    assert!(out.status.success());
    let help = text(&out.stdout);
    assert!(
        !help.contains("--index") && !help.contains("--color"),
        "{help}"
    );
    for shown in [
        "[default: 50]",
        "[default: 240]",
        "[default: 42]",
        "[default: bench-data]",
    ] {
        assert!(help.contains(shown), "{shown}: {help}");
    }
    // The options still work where they are used.
    let search_help = text(&vnsearch(dir.path(), &["search", "-h"]).stdout);
    assert!(search_help.contains("--index") && search_help.contains("--color"));
}

#[test]
fn an_input_that_cannot_be_read_fails_the_run() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("anh.txt"),
        [0u8, 0, 0, 1, 2, 3, 0xff, 0xfe, 0],
    )
    .unwrap();
    let out = vnsearch(dir.path(), &["index", "anh.txt"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("warning:") && stderr.contains("anh.txt"),
        "{stderr}"
    );
    assert!(
        stderr.contains("vnsearch: error: nothing indexed: the input file could not be read"),
        "{stderr}"
    );
    // One bad file among good ones is a warning, not a failure.
    let seeds = tempfile::tempdir().unwrap();
    std::fs::write(
        seeds.path().join("tot.txt"),
        "Tiêu đề\n\nMột đoạn văn có nội dung.\n",
    )
    .unwrap();
    std::fs::copy(dir.path().join("anh.txt"), seeds.path().join("anh.txt")).unwrap();
    let mixed = vnsearch(seeds.path(), &["index", "."]);
    assert!(mixed.status.success(), "{}", text(&mixed.stderr));
}
