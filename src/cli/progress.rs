//! Progress and warnings of `vnsearch index` on stderr: a bar on a terminal when the work is
//! long, plain warning lines always.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::terminal::eprint_line;
use vnsearch::{Progress, Warning};

/// Inputs smaller than this finish too fast for a bar to help.
const BAR_MIN_BYTES: u64 = 8 << 20;

/// A [`Progress`] that draws an indicatif bar on stderr when it is a terminal.
pub struct StderrProgress {
    bar: Option<ProgressBar>,
}

impl StderrProgress {
    pub fn new() -> Self {
        StderrProgress { bar: None }
    }
}

impl Default for StderrProgress {
    fn default() -> Self {
        Self::new()
    }
}

impl Progress for StderrProgress {
    fn start(&mut self, total_bytes: u64) {
        if total_bytes < BAR_MIN_BYTES || !std::io::stderr().is_terminal() {
            return;
        }
        let bar = ProgressBar::with_draw_target(Some(total_bytes), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} indexing [{bar:30}] {binary_bytes}/{binary_total_bytes} \
             {binary_bytes_per_sec} eta {eta}",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        self.bar = Some(bar);
    }

    fn advance(&mut self, bytes: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(bytes);
        }
    }

    fn warn(&mut self, warning: &Warning) {
        let line = format!("warning: {warning}");
        match &self.bar {
            Some(bar) => bar.suspend(|| eprint_line(&line)),
            None => eprint_line(&line),
        }
    }

    fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}
