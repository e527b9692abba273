//! The progress line of a long build (indicatif), on stderr when it is a terminal and `--quiet` is not
//! given: the phase and the pages written of the total, redrawn a few times a second; plain output
//! otherwise (the summary line only).

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use sitegen::site::Progress;

/// Runs `work` with `progress` drawn on the terminal meanwhile (when `show`), and clears the line after.
pub fn with_bar<T: Send>(show: bool, progress: &Progress, work: impl FnOnce() -> T + Send) -> T {
    if !show || !std::io::stderr().is_terminal() {
        return work();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(8));
    bar.set_style(
        ProgressStyle::with_template("{spinner} {prefix}: {pos}/{len} pages {wide_bar} {elapsed}").unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let done = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|s| {
        s.spawn(|| {
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                bar.set_length(progress.total() as u64);
                bar.set_position(progress.pages() as u64);
                bar.set_prefix(progress.phase());
                std::thread::sleep(Duration::from_millis(100));
            }
            bar.finish_and_clear();
        });
        let out = work();
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        out
    })
}
