//! Measuring: peak resident memory, size on disk, latency percentiles.
//!
//! Peak RSS per engine inside one process: on Linux, writing `5` to `/proc/self/clear_refs`
//! resets the high-water mark `VmHWM` of `/proc/self/status` to the current RSS, so reading
//! `VmHWM` after an engine ran gives that engine's peak (which includes the loaded corpus the
//! engines share, reported apart as the baseline). Where `/proc` is missing, figures are `None`.

use std::path::Path;

/// Resets the peak-RSS mark; `false` when the platform does not allow it.
pub fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// The peak RSS (`VmHWM`) since the last reset, in bytes.
pub fn peak_rss() -> Option<u64> {
    status_field("VmHWM:")
}

/// The current RSS (`VmRSS`), in bytes.
pub fn current_rss() -> Option<u64> {
    status_field("VmRSS:")
}

fn status_field(name: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    parse_kb_field(&status, name)
}

/// A `Name:   1234 kB` line of `/proc/self/status`, in bytes.
fn parse_kb_field(status: &str, name: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with(name))?;
    let kb: u64 = line[name.len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb * 1024)
}

/// Total size of the files under `path` (0 when missing).
pub fn dir_size(path: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(path) else {
        return std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    };
    entries
        .flatten()
        .map(|entry| {
            let p = entry.path();
            if p.is_dir() {
                dir_size(&p)
            } else {
                entry.metadata().map(|m| m.len()).unwrap_or(0)
            }
        })
        .sum()
}

/// The `p`-th percentile (nearest rank) of `sorted` (ascending); 0 when empty.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_nearest_rank() {
        let values: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&values, 50.0), 50.0);
        assert_eq!(percentile(&values, 99.0), 99.0);
        assert_eq!(percentile(&[3.0], 95.0), 3.0);
        assert_eq!(percentile(&[], 50.0), 0.0);
    }

    #[test]
    fn status_lines_are_parsed_in_bytes() {
        let status = "Name:\tvnsearch\nVmHWM:\t  2048 kB\nVmRSS:\t 1024 kB\n";
        assert_eq!(parse_kb_field(status, "VmHWM:"), Some(2 * 1024 * 1024));
        assert_eq!(parse_kb_field(status, "VmSwap:"), None);
    }

    #[test]
    fn dir_size_sums_nested_files() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        std::fs::create_dir(dir.path().join("sub"))?;
        std::fs::write(dir.path().join("a"), [0u8; 10])?;
        std::fs::write(dir.path().join("sub/b"), [0u8; 5])?;
        assert_eq!(dir_size(dir.path()), 15);
        Ok(())
    }
}
