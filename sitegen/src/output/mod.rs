//! Writing the output: the staging folder that replaces the output only when a build succeeded
//! ([`Staging`]), the embedded stylesheet and icon ([`assets`]) and the embedded widget
//! ([`widget_assets`]), and the build cache incremental builds carry unchanged pages over from ([`cache`]),
//! with the record of what each output folder holds (`tree`), which the build that recycles it uses.

pub mod assets;
pub mod cache;
pub mod keys;
mod staging;
mod tree;
pub mod widget_assets;

pub use staging::{Staging, keep_as_spare, leftover_old_outputs, spare_dir};
