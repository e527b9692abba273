//! Writing the output: the staging folder that replaces the output only when a build succeeded
//! ([`Staging`]), the embedded stylesheet and icon ([`assets`]) and the embedded widget
//! ([`widget_assets`]), and the build cache incremental builds carry unchanged pages over from ([`cache`]).

pub mod assets;
pub mod cache;
pub mod keys;
mod staging;
pub mod widget_assets;

pub use staging::{Staging, keep_as_spare, leftover_old_outputs, spare_dir};
