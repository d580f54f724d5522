//! The folded words (letters only: no numbers) of an index in most passages first, with
//! their passage counts: how the list of common words of the pair field
//! (`src/text/common_words.txt`) was made.
//!
//! ```sh
//! cargo run --release --example common_words -- /tmp/ix-real 250 | cut -f1 > src/text/common_words.txt
//! ```

use vnsearch::text::FOLDED_PREFIX;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [index, count] = args.as_slice() else {
        return Err("usage: common_words INDEX COUNT".into());
    };
    let count: usize = count.parse()?;
    let index = vnsearch::index::open_index(std::path::Path::new(index))?;
    let text = index.schema().get_field("text")?;
    let searcher = index.reader()?.searcher();
    let mut frequencies: std::collections::HashMap<String, u64> = Default::default();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(text)?;
        let mut terms = inverted.terms().stream()?;
        while terms.advance() {
            let Ok(text) = std::str::from_utf8(terms.key()) else {
                continue;
            };
            let folded = text.strip_prefix(FOLDED_PREFIX);
            if let Some(folded) = folded.filter(|w| w.chars().all(|c| c.is_ascii_lowercase())) {
                *frequencies.entry(folded.to_string()).or_default() +=
                    u64::from(terms.value().doc_freq);
            }
        }
    }
    let mut sorted: Vec<(u64, String)> = frequencies.into_iter().map(|(w, f)| (f, w)).collect();
    sorted.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    for (frequency, word) in sorted.into_iter().take(count) {
        println!("{word}\t{frequency}");
    }
    Ok(())
}
