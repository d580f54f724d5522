//! The `vnsearch` binary: parses arguments and hands over to the library.

fn main() {
    std::process::exit(vnsearch::cli::main());
}
