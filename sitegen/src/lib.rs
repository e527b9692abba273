//! `sitegen`: Quanyu's static-site generator, as a library (the binary is a thin CLI over it).
//!
//! Pipeline: [`content`] loads and checks the content folder (with [`config`] for the TOML settings and
//! [`markdown`] for safe HTML), [`site`] builds the portals through [`templates`] and [`views`] into an
//! [`output`] staging folder; [`jsonld`], [`feeds`] and [`ics`] (calendars) write the machine-readable
//! parts; [`serve`] serves the result and rebuilds on change. [`urls`] is the one place URLs are made;
//! [`i18n`] holds the interface strings; [`assets`] the embedded stylesheet and icon; [`search_index`] the
//! index the widget searches; [`widget_assets`] the embedded search widget (when built with it);
//! [`builddate`] decides the date a build is for; [`parallel`] spreads work over cores.

pub mod assets;
pub mod builddate;
pub mod charts;
pub mod config;
pub mod content;
pub mod dashboard;
pub mod embed;
pub mod feeds;
pub mod figures;
pub mod hant;
pub mod i18n;
pub mod ics;
pub mod jsonld;
pub mod markdown;
pub mod output;
pub mod parallel;
pub mod policy_terms;
pub mod search_index;
pub mod serve;
pub mod site;
pub mod templates;
pub mod urls;
pub mod views;
pub mod widget_assets;
