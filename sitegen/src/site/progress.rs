//! How far a build is, for the CLI's progress line: the phase it is in and the pages written of the pages
//! it will write ([`super::Site::page_count`]). The build only stores numbers; whoever shows them polls.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A build's progress, shared between the build and whoever shows it.
#[derive(Debug, Default)]
pub struct Progress {
    phase: Mutex<&'static str>,
    pages: AtomicUsize,
    total: AtomicUsize,
}

impl Progress {
    /// What the build is doing now (empty before it starts).
    pub fn phase(&self) -> &'static str {
        *self.phase.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Pages written so far.
    pub fn pages(&self) -> usize {
        self.pages.load(Ordering::Relaxed)
    }

    /// Pages the build writes in all.
    pub fn total(&self) -> usize {
        self.total.load(Ordering::Relaxed)
    }

    pub(super) fn start(&self, total: usize) {
        self.total.store(total, Ordering::Relaxed);
    }

    pub(super) fn set_phase(&self, phase: &'static str) {
        *self.phase.lock().unwrap_or_else(|e| e.into_inner()) = phase;
    }

    pub(super) fn page_written(&self) {
        self.pages.fetch_add(1, Ordering::Relaxed);
    }
}
