//! The `vnsearch` binary: the command line and the HTTP server (`vnsearch serve`) over the library.
//! Argument parsing, rendering and progress bars live here, not in the library.

mod cli;
#[cfg(feature = "serve")]
mod serve;

fn main() {
    std::process::exit(cli::main());
}
