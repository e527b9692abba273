//! Writing the output: the staging folder that replaces the output only when a build succeeded
//! ([`Staging`]), the embedded stylesheet and icon ([`assets`]) and the embedded widget
//! ([`widget_assets`]).

pub mod assets;
mod staging;
pub mod widget_assets;

pub use staging::{Staging, leftover_old_outputs};
