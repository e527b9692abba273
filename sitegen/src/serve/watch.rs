//! Watching the content folder through file-system events (`notify`: inotify on Linux), and deciding
//! when to rebuild ([`Debounce`]).
//!
//! Everything under the content folder is watched — its `templates/` and `static/` are inside it — except
//! the output folder, the build's staging folders (`.<out>.tmp-<pid>` beside it) and the spare output an
//! incremental build recycles (`.<out>.spare`, see `output::staging`), which may sit inside
//! the content folder (`--content . --out dist`): a folder holding the output is watched without
//! recursion and its other subfolders recursively, so no watch is ever placed on the output (a build
//! writes one folder per page: at 100,000 vacancies, inotify's watch limit). Editor droppings (`*.swp`,
//! `*~`, `.#*`, vim's `4913`) and events that change nothing (opening or reading a file, as every build
//! does) are ignored.
//!
//! [`Debounce`] turns the events' times into rebuilds: a burst of events (an editor's save is several,
//! a `git checkout` many) gives one rebuild once the folder has been quiet for [`QUIET`], or at the latest
//! [`MAX_WAIT`] after the burst began; an event during a rebuild gives one more rebuild after it. It is
//! a plain state machine over times, tested without sleeping.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{Event, EventKind, RecursiveMode, Watcher};

/// How long the folder must be quiet after an event before a rebuild starts.
pub const QUIET: Duration = Duration::from_millis(100);
/// The longest a rebuild waits after the first event of a burst that does not end.
pub const MAX_WAIT: Duration = Duration::from_millis(1000);

/// When to rebuild, given when changes happened. Times are durations since any fixed origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Debounce {
    quiet: Duration,
    max_wait: Duration,
    /// First and last change not yet covered by a rebuild.
    pending: Option<(Duration, Duration)>,
}

impl Debounce {
    /// A debouncer waiting `quiet` after the last change, and at most `max_wait` after the first.
    pub fn new(quiet: Duration, max_wait: Duration) -> Debounce {
        Debounce { quiet, max_wait, pending: None }
    }

    /// A change happened at `at`.
    pub fn change(&mut self, at: Duration) {
        self.pending = Some(match self.pending {
            None => (at, at),
            Some((first, last)) => (first.min(at), last.max(at)),
        });
    }

    /// When the next rebuild is due (`None`: nothing changed since the last one started).
    pub fn due(&self) -> Option<Duration> {
        self.pending.map(|(first, last)| (last + self.quiet).min(first + self.max_wait))
    }

    /// Whether a rebuild should start at `now`; if so, the changes so far count as covered by it (changes
    /// reported after this call, even during the rebuild, are pending again).
    pub fn start(&mut self, now: Duration) -> bool {
        match self.due() {
            Some(due) if due <= now => {
                self.pending = None;
                true
            }
            _ => false,
        }
    }
}

/// Simulates the rebuild loop: changes at `changes` (sorted), each rebuild lasting `build`; returns when
/// each rebuild starts. The loop in [`rebuild_loop`] does this with real time.
pub fn simulate(debounce: &mut Debounce, changes: &[Duration], build: Duration) -> Vec<Duration> {
    let mut starts = Vec::new();
    let mut now = Duration::ZERO;
    let mut next = 0;
    loop {
        // Changes that have happened by now (during a rebuild, they queue and are seen after it).
        while next < changes.len() && changes[next] <= now {
            debounce.change(changes[next]);
            next += 1;
        }
        if debounce.start(now) {
            starts.push(now);
            now += build;
            continue;
        }
        // Wait for whichever comes first: the next change or the due time.
        now = match (changes.get(next), debounce.due()) {
            (Some(&c), Some(d)) => c.min(d),
            (Some(&c), None) => c,
            (None, Some(d)) => d,
            (None, None) => return starts,
        };
    }
}

/// What the rebuild loop waits for: the time of a relevant change, or a folder to watch that appeared.
#[derive(Debug)]
pub enum Signal {
    /// Something changed at this instant.
    Changed(Instant),
    /// A folder appeared where recursive watches are placed one by one (see the module docs).
    NewFolder(PathBuf),
}

/// The watcher over a content folder and what it ignores.
pub struct ContentWatcher {
    watcher: notify::RecommendedWatcher,
    filter: std::sync::Arc<Filter>,
}

/// Which paths count as changes.
#[derive(Debug, Clone)]
pub struct Filter {
    /// The content folder (absolute).
    pub root: PathBuf,
    /// The output folder (absolute; it may not exist yet).
    pub out: PathBuf,
    /// The build cache's folder (absolute), which builds write too.
    pub cache: Option<PathBuf>,
}

impl Filter {
    /// Whether `path` is the output, a staging folder of a build, the spare, the build cache, or under one
    /// of them.
    pub fn is_output(&self, path: &Path) -> bool {
        if path.starts_with(&self.out) || self.cache.as_ref().is_some_and(|c| path.starts_with(c)) {
            return true;
        }
        let (Some(parent), Some(name)) = (self.out.parent(), self.out.file_name()) else { return false };
        let staging = format!(".{}.tmp-", name.to_string_lossy());
        if path.starts_with(parent.join(format!(".{}.spare", name.to_string_lossy()))) {
            return true;
        }
        path.strip_prefix(parent).ok().and_then(|rel| rel.components().next()).is_some_and(|c| c.as_os_str().to_string_lossy().starts_with(&staging))
    }

    /// Whether a change to `path` should rebuild the site.
    pub fn counts(&self, path: &Path) -> bool {
        if !path.starts_with(&self.root) || self.is_output(path) {
            return false;
        }
        let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
        !(name.ends_with(".swp") || name.ends_with(".swx") || name.ends_with('~') || name.starts_with(".#") || name == "4913")
    }

    /// Whether an event changes something the site is built from.
    pub fn event_counts(&self, event: &Event) -> bool {
        let changes = match event.kind {
            EventKind::Access(_) => false,
            EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any | EventKind::Other => true,
        };
        (changes && event.paths.iter().any(|p| self.counts(p))) || event.need_rescan()
    }

    /// The folders to watch under `dir`, and how: recursively unless the output lies inside.
    pub fn plan(&self, dir: &Path) -> Vec<(PathBuf, RecursiveMode)> {
        if self.is_output(dir) {
            return Vec::new();
        }
        if !self.out.starts_with(dir) && !self.out.parent().is_some_and(|p| p.starts_with(dir)) {
            return vec![(dir.to_owned(), RecursiveMode::Recursive)];
        }
        let mut out = vec![(dir.to_owned(), RecursiveMode::NonRecursive)];
        let mut subdirs: Vec<PathBuf> = std::fs::read_dir(dir).into_iter().flatten().flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
        subdirs.sort();
        for sub in subdirs {
            out.extend(self.plan(&sub));
        }
        out
    }

    /// Whether `dir` is watched without recursion (it contains the output or a staging folder's place),
    /// so that a folder created in it needs a watch of its own.
    fn watched_flat(&self, dir: &Path) -> bool {
        dir.starts_with(&self.root) && self.plan(dir).first().is_some_and(|(_, m)| *m == RecursiveMode::NonRecursive)
    }
}

/// An absolute form of `path`, with symbolic links resolved as far as it exists.
pub fn absolute(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => absolute(parent).join(name),
        _ => std::path::absolute(path).unwrap_or_else(|_| path.to_owned()),
    }
}

impl ContentWatcher {
    /// Starts watching `content` (ignoring `out` and the build cache `cache`); changes are sent to `signals`.
    pub fn start(content: &Path, out: &Path, cache: Option<&Path>, signals: mpsc::Sender<Signal>) -> notify::Result<ContentWatcher> {
        let filter = std::sync::Arc::new(Filter { root: absolute(content), out: absolute(out), cache: cache.map(absolute) });
        let f = filter.clone();
        let mut watcher = notify::recommended_watcher(move |event: notify::Result<Event>| {
            let Ok(event) = event else {
                // An error of the watcher (e.g. its queue overflowed): rebuild to be safe.
                let _ = signals.send(Signal::Changed(Instant::now()));
                return;
            };
            if !f.event_counts(&event) {
                return;
            }
            let now = Instant::now();
            if matches!(event.kind, EventKind::Create(_)) {
                for p in &event.paths {
                    if p.is_dir() && p.parent().is_some_and(|d| f.watched_flat(d)) && !f.is_output(p) {
                        let _ = signals.send(Signal::NewFolder(p.clone()));
                    }
                }
            }
            let _ = signals.send(Signal::Changed(now));
        })?;
        for (dir, mode) in filter.plan(&filter.root) {
            watcher.watch(&dir, mode)?;
        }
        Ok(ContentWatcher { watcher, filter })
    }

    /// Watches a folder that appeared (see [`Signal::NewFolder`]).
    pub fn add(&mut self, dir: &Path) {
        for (d, mode) in self.filter.plan(dir) {
            if let Err(e) = self.watcher.watch(&d, mode) {
                eprintln!("sitegen serve: cannot watch {}: {e}", d.display());
            }
        }
    }
}

/// Waits for changes and rebuilds: runs `rebuild` whenever `debounce` says so, until `signals` closes.
/// Changes that arrive during a rebuild are queued in the channel and give one more rebuild after it.
pub fn rebuild_loop(signals: &mpsc::Receiver<Signal>, mut watcher: Option<ContentWatcher>, mut debounce: Debounce, mut rebuild: impl FnMut()) {
    let origin = Instant::now();
    let since = |t: Instant| t.saturating_duration_since(origin);
    let mut take = |signal: Signal, debounce: &mut Debounce| match signal {
        Signal::Changed(at) => debounce.change(since(at)),
        Signal::NewFolder(dir) => {
            if let Some(w) = watcher.as_mut() {
                w.add(&dir);
            }
        }
    };
    loop {
        let signal = match debounce.due() {
            None => signals.recv().map_err(|_| mpsc::RecvTimeoutError::Disconnected),
            Some(due) => signals.recv_timeout(due.saturating_sub(since(Instant::now()))),
        };
        match signal {
            Ok(s) => take(s, &mut debounce),
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        }
        while let Ok(s) = signals.try_recv() {
            take(s, &mut debounce);
        }
        if debounce.start(since(Instant::now())) {
            rebuild();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(v: &[u64]) -> Vec<Duration> {
        v.iter().map(|&m| Duration::from_millis(m)).collect()
    }

    fn run(changes: &[u64], build: u64) -> Vec<Duration> {
        simulate(&mut Debounce::new(Duration::from_millis(100), Duration::from_millis(1000)), &ms(changes), Duration::from_millis(build))
    }

    #[test]
    fn a_burst_of_saves_gives_one_rebuild() {
        // An editor's save: write, rename, chmod within a few milliseconds.
        assert_eq!(run(&[0, 2, 3, 40, 90], 500), ms(&[190]));
        // Two saves far apart: two rebuilds.
        assert_eq!(run(&[0, 5000], 500), ms(&[100, 5100]));
        assert_eq!(run(&[], 500), ms(&[]));
    }

    #[test]
    fn a_burst_that_does_not_end_still_rebuilds() {
        // A change every 50 ms for 2.5 s: a rebuild at most MAX_WAIT after the first pending change.
        let changes: Vec<u64> = (0..50).map(|i| i * 50).collect();
        // Rebuilds at 1000 (the burst's first change + MAX_WAIT), 2050 (the first change after it, 1050, +
        // MAX_WAIT) and 2550, once the last change (2450) has been quiet for QUIET.
        assert_eq!(run(&changes, 10), ms(&[1000, 2050, 2550]));
    }

    #[test]
    fn a_save_during_a_rebuild_gives_one_more_after_it() {
        // Rebuild from 100 to 600; saves at 300 and 350 (during it): one more rebuild, when it ends.
        assert_eq!(run(&[0, 300, 350], 500), ms(&[100, 600]));
        // A save at 550, quiet until 650: the second rebuild waits for the quiet period.
        assert_eq!(run(&[0, 550, 560], 500), ms(&[100, 660]));
        // Many saves during one long rebuild: still only one more.
        assert_eq!(run(&[0, 200, 300, 400, 500, 1000, 1500], 2000), ms(&[100, 2100]));
    }

    #[test]
    fn output_and_editor_files_are_ignored() {
        let f = Filter { root: PathBuf::from("/c"), out: PathBuf::from("/c/dist"), cache: Some(PathBuf::from("/c/.dist.cache")) };
        assert!(f.counts(Path::new("/c/site.toml")));
        assert!(f.counts(Path::new("/c/templates/base.html")));
        assert!(f.counts(Path::new("/c/static/logo.svg")));
        assert!(f.counts(Path::new("/c/distant/a.md")), "a name that merely starts like the output's");
        assert!(!f.counts(Path::new("/c/dist/index.html")));
        assert!(!f.counts(Path::new("/c/dist")));
        assert!(!f.counts(Path::new("/c/.dist.tmp-123/a/index.html")), "a build's staging folder");
        assert!(!f.counts(Path::new("/c/.dist.tmp-123.old")));
        assert!(!f.counts(Path::new("/c/.dist.spare/a/index.html")), "the spare output");
        assert!(!f.counts(Path::new("/c/.dist.spare")));
        assert!(f.counts(Path::new("/c/.dist.spare-notes.md")), "a name that merely starts like the spare's");
        assert!(!f.counts(Path::new("/c/.dist.cache/pages/ab/ab12-zh-cn")), "the build cache");
        assert!(!f.counts(Path::new("/c/pages/.about.md.swp")));
        assert!(!f.counts(Path::new("/c/pages/about.md~")));
        assert!(!f.counts(Path::new("/c/pages/4913")));
        assert!(!f.counts(Path::new("/elsewhere/a.md")));
    }
}
