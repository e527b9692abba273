//! `sitegen`: Quanyu's static-site generator, as a library (the binary is a thin CLI over it).
//!
//! The folders follow the pipeline, and dependencies run one way, down this list:
//!
//! - [`site`] — the pipeline: [`site::Site::load`] then [`site::Site::build`], one file per part of a
//!   portal (city, district, listings, vacancy pages, the widget, the page frame).
//! - [`load`] — reads and checks the content folder into the [`model`], every problem in one
//!   `Diagnostics` list; the build date.
//! - [`render`] — HTML: templates, the view types they see, charts and dashboards, pages in other
//!   languages. [`formats`] — what machines read: JSON-LD, iCalendar, Atom/sitemap/robots, the search
//!   index, the partner embed's files and host rules.
//! - [`output`] — the staging folder swapped into place on success, the embedded stylesheet, icon and
//!   widget.
//! - [`model`] — the content as loaded (types only) and [`model::SiteInfo`].
//! - Used by every layer: [`text`] (escaping, markdown with the sanitizer, zh-HK conversion), [`i18n`]
//!   (interface strings), [`urls`] (every URL), [`parallel`] (the one work queue), [`error`] (what can
//!   stop a build after loading).
//!
//! [`serve`] is the live preview of `sitegen serve`: it serves the output as a static host would, watches
//! the content folder, runs the build it is given on every change and reloads the pages in the browser
//! (a failed build's diagnostics shown over the last good site). It uses none of the pipeline itself.
//! [`deploy`] publishes a built site to S3-compatible object storage.

#[cfg(feature = "cli")]
pub mod deploy;
pub mod error;
pub mod formats;
pub mod i18n;
#[cfg(feature = "cli")]
pub mod init;
pub mod load;
pub mod model;
pub mod output;
pub mod parallel;
pub mod render;
#[cfg(feature = "cli")]
pub mod serve;
pub mod site;
pub mod text;
pub mod urls;

pub use error::Error;
