//! A run that builds the whole index leaves one segment (searches open and read each
//! segment's dictionaries and columns); `merge: false` leaves them as written, and an
//! incremental run adds its own without rewriting the index. Results never depend on it.

use std::fs;
use std::path::Path;

use vnsearch::{BuildOptions, SearchOptions, Searcher, Silent};

/// Twelve short articles in a JSON-lines file, in the shape of an agency feed.
fn write_feed(path: &Path, first: usize) {
    let lines: Vec<String> = (first..first + 12)
        .map(|n| {
            format!(
                "{{\"id\":\"tin{n}\",\"title\":\"Giá lúa vụ {n} tăng\",\"body\":\"{}\"}}",
                format!(
                    "Nông dân vụ {n} phấn khởi vì giá lúa tăng, thương lái thu mua tại ruộng. "
                )
                .repeat(6)
            )
        })
        .collect();
    fs::write(path, lines.join("\n")).expect("write");
}

fn build(index: &Path, input: &Path, merge: bool) {
    let mut options = BuildOptions::new(index, vec![input.to_path_buf()]);
    // A commit every few articles: each one leaves a segment of its own.
    options.commit_every_bytes = 2 << 10;
    options.threads = 1;
    options.merge = merge;
    vnsearch::update_index(&options, &mut Silent).expect("indexes");
}

fn segments(index: &Path) -> usize {
    let index = vnsearch::index::open_index(index).expect("opens");
    index.searchable_segment_ids().expect("reads meta").len()
}

fn ranking(index: &Path) -> Vec<(String, u64, f32)> {
    let searcher = Searcher::open(index).expect("opens");
    let options = SearchOptions {
        limit: 30,
        // The feed's articles are near copies of each other: list them all.
        collapse: false,
        ..SearchOptions::new("gia lua \"thu mua\"")
    };
    let results = searcher.search(&options).expect("searches");
    results
        .hits
        .into_iter()
        .map(|h| (h.article_id, h.passage, h.score))
        .collect()
}

#[test]
fn a_whole_build_is_merged_into_one_segment_with_the_same_results() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = tmp.path().join("in");
    fs::create_dir_all(&input).expect("mkdir");
    write_feed(&input.join("feed.jsonl"), 0);
    let (merged, as_written) = (tmp.path().join("merged"), tmp.path().join("as-written"));
    build(&merged, &input, true);
    build(&as_written, &input, false);
    assert_eq!(segments(&merged), 1);
    assert!(segments(&as_written) > 2, "{}", segments(&as_written));
    let expected = ranking(&as_written);
    assert_eq!(expected.len(), 12, "{expected:?}");
    assert_eq!(ranking(&merged), expected);

    // An incremental run adds its articles in segments of its own.
    write_feed(&input.join("more.jsonl"), 100);
    build(&merged, &input, true);
    assert!(segments(&merged) > 1);
    assert_eq!(ranking(&merged).len(), 24);
}
