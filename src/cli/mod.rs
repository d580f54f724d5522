//! Command-line arguments and printing only; all logic lives in the library modules.

pub mod render;

/// Runs the command line and returns the process exit code.
pub fn main() -> i32 {
    0
}
