//! The components, one per file: [`app::App`] (root: the Yew glue around a [`crate::session::Session`]),
//! [`search_box::SearchBox`], [`filter_sheet::filter_sheet`] (the filter button, the order and the sheet
//! holding the filters), [`facet_panel::FacetPanel`] (filters with counts), [`result_list::ResultList`],
//! [`profile_panel::ProfilePanel`] (the citizen's profile) and [`for_you::for_you`] (policies and
//! stations for the profile).

pub mod app;
pub mod facet_panel;
pub mod filter_sheet;
pub mod for_you;
pub mod profile_panel;
pub mod result_list;
pub mod search_box;
