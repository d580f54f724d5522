//! How many near-duplicate articles a real archive holds, by [`vnsearch::Fingerprint`]: the
//! distribution of estimated resemblance over all article pairs, the clusters at the
//! threshold search collapses with, and a sample of pairs near the threshold to read.
//!
//! `cargo run --release --example near_duplicates -- /path/to/archive [SAMPLE]` (`.txt`
//! files; the figures of issue 10's closing note come from the shared archive).

use std::path::{Path, PathBuf};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: near_duplicates DIR [SAMPLE]");
        std::process::exit(2);
    };
    let sample: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(20);
    let mut files: Vec<PathBuf> = match std::fs::read_dir(Path::new(&dir)) {
        Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            eprintln!("near_duplicates: {dir}: {e}");
            std::process::exit(1);
        }
    };
    files.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    files.sort();
    let mut ids = Vec::new();
    let mut prints = Vec::new();
    let mut without = 0usize;
    for path in &files {
        let Ok(raw) = std::fs::read_to_string(path) else {
            continue;
        };
        let id = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let article = vnsearch::clean_article(&id, &raw, "");
        match vnsearch::Fingerprint::of_passages(&article.passages) {
            Some(print) => {
                ids.push(id);
                prints.push(print);
            }
            None => without += 1,
        }
    }
    println!(
        "{} articles, {} with a fingerprint, {without} too short",
        ids.len() + without,
        ids.len()
    );
    // Every pair: 38,000 articles are 720 million pairs, a few seconds of popcounts.
    let mut histogram = [0u64; 10];
    let mut near: Vec<(usize, usize, f32)> = Vec::new();
    for i in 0..prints.len() {
        for j in i + 1..prints.len() {
            let r = prints[i].resemblance(prints[j]);
            histogram[((r * 10.0) as usize).min(9)] += 1;
            if r >= 0.3 {
                near.push((i, j, r));
            }
        }
    }
    println!("pairs by estimated resemblance:");
    for (bucket, count) in histogram.iter().enumerate() {
        println!(
            "  {:.1}–{:.1}: {count}",
            bucket as f32 / 10.0,
            (bucket + 1) as f32 / 10.0
        );
    }
    // Clusters as search forms them: connected by pairs at or above the threshold.
    let mut parent: Vec<usize> = (0..prints.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for &(i, j, r) in &near {
        if r >= vnsearch::ingest::NEAR_DUPLICATE_RESEMBLANCE {
            let (a, b) = (root(&mut parent, i), root(&mut parent, j));
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut sizes = std::collections::HashMap::new();
    for i in 0..prints.len() {
        *sizes.entry(root(&mut parent, i)).or_insert(0usize) += 1;
    }
    let clusters: Vec<usize> = sizes.values().copied().filter(|&n| n > 1).collect();
    println!(
        "clusters of 2 or more at resemblance >= {}: {}, holding {} articles (largest {})",
        vnsearch::ingest::NEAR_DUPLICATE_RESEMBLANCE,
        clusters.len(),
        clusters.iter().sum::<usize>(),
        clusters.iter().max().unwrap_or(&0)
    );
    // A deterministic sample of pairs around and above the threshold, to read by hand.
    for (low, high) in [(0.3, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 1.01)] {
        let band: Vec<_> = near.iter().filter(|p| p.2 >= low && p.2 < high).collect();
        println!(
            "sample of pairs with resemblance {low}–{high} ({} pairs):",
            band.len()
        );
        let step = (band.len() / sample.max(1)).max(1);
        for &&(i, j, r) in band.iter().step_by(step).take(sample) {
            println!("  {r:.2} {} {}", ids[i], ids[j]);
        }
    }
}
