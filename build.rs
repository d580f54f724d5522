//! Links the `vnsearch` binary as a position-dependent executable on Linux.
//!
//! A `vnsearch search` is a short process: as a position-independent executable, the dynamic
//! loader first patches some 30,000 addresses (vtables, string tables) into private copies of
//! the pages that hold them, a third of the CPU time of a one-query process. Linked without
//! PIE, the linker resolves them once and the pages are mapped straight from the file.
//! Only the binaries are linked this way (not the library, tests or proc-macros), and the
//! code itself is unchanged (still compiled position-independent).

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let linux = std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    if linux {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
