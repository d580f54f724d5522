//! Runs the benchmark until `vnsearch bench` is wired:
//! `cargo run --release --example bench -- [MB] [QUERIES] [--json] [--corpus DIR]`.

use std::path::PathBuf;

use vnsearch::bench::{run, BenchOptions};

fn main() {
    let mut options = BenchOptions::default();
    let mut args = std::env::args().skip(1);
    let mut positional = 0;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--json" => options.json = true,
            "--corpus" => options.corpus = args.next().map(PathBuf::from),
            value => {
                let Ok(number) = value.parse::<u64>() else {
                    eprintln!("unexpected argument {value:?}");
                    std::process::exit(2);
                };
                if positional == 0 {
                    options.mb = Some(number);
                } else {
                    options.queries = number as usize;
                }
                positional += 1;
            }
        }
    }
    match run(&options, &mut std::io::stderr()) {
        Ok(report) if options.json => println!("{}", report.to_json()),
        Ok(report) => print!("{}", report.to_table()),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
