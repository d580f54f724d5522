//! The `vnsearch` binary: the command line (and, later, the server) over the library.
//! Argument parsing, rendering and progress bars live here, not in the library.

mod cli;

fn main() {
    std::process::exit(cli::main());
}
