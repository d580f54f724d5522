#[test]
#[ignore]
fn dump() {
    for entry in std::fs::read_dir("seeds").unwrap() {
        let p = entry.unwrap().path();
        let f = vnsearch::ingest::read_file(&p);
        for w in &f.warnings { println!("WARN {w}"); }
        for a in &f.articles {
            println!("=== {} title={:?} date={:?} source={:?} url={:?} n={}", a.id, a.title, a.date.map(|d| d.to_string()), a.source, a.url, a.passages.len());
            for (i, p) in a.passages.iter().enumerate() { println!("  [{i}] {}", p.chars().take(160).collect::<String>()); }
        }
    }
}
