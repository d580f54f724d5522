//! Prints what cleaning makes of input files: `cargo run --example dump_article -- FILE...`.
fn main() {
    for path in std::env::args().skip(1) {
        let read = vnsearch::ingest::read_file(std::path::Path::new(&path));
        for w in &read.warnings {
            eprintln!("warning: {w}");
        }
        for a in &read.articles {
            println!(
                "== {} | title: {:?} | date: {:?} | source: {:?} | url: {:?}",
                a.id, a.title, a.date, a.source, a.url
            );
            for (n, p) in a.passages.iter().enumerate() {
                println!("[{n}] {p}");
            }
        }
    }
}
