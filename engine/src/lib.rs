//! Quanyu's engine: the pure-Rust core shared by `sitegen` (native) and the widget (wasm32).
//!
//! It owns the vacancy data model and its validation, so that the site generator and the browser widget
//! agree on what a vacancy is. Nothing here touches the file system, the network or a clock: callers pass
//! file contents, paths (only for messages) and the build date in. It depends on neither yew nor tera.
//!
//! Modules:
//! - [`diag`]: diagnostics (`path:line:col: message (hint)`), collected so one run reports every problem.
//! - [`date`]: ISO 8601 dates and date-times, civil-calendar arithmetic without a time-zone database.
//! - [`hours`]: opening hours (`Mo-Fr 09:00-17:30`) of stations.
//! - [`json`]: a JSON parser that keeps the line and column of every value and key.
//! - [`vacancy`]: the vacancy model (schema.org JobPosting vocabulary) and salary normalization.
//! - [`markup`]: what in untrusted text could run script, on the decoded form (the description check).
//! - [`validate`]: turns vacancy JSON into [`vacancy::Vacancy`] values, reporting every problem.
//! - [`text`]: small text helpers shared by both halves (identifier rules, "did you mean" hints).
//! - [`tokenize`]: Chinese-aware search terms (unigrams + bigrams, Traditional folded to Simplified);
//!   `fold_table` is its generated Traditional→Simplified table.
//! - [`index`]: the search index format (versioned, sharded, content-hashed files): writer and reader.
//! - [`search`]: running a query over a loaded index: BM25 impacts, facet filters and counts, sorting.
//! - [`matching`]: a citizen's profile against vacancies: hard filters, an explainable score, reasons, nDCG.
//! - [`eligibility`]: policy conditions against what a citizen told: eligible, may be (what is missing), not.

pub mod date;
pub mod diag;
pub mod eligibility;
mod fold_table;
pub mod hours;
pub mod index;
pub mod json;
pub mod markup;
pub mod matching;
pub mod search;
#[cfg(test)]
mod test_rng;
pub mod text;
pub mod tokenize;
pub mod vacancy;
pub mod validate;
