//! The components, one per file: [`app::App`] (root: state, fetching, URL), [`search_box::SearchBox`],
//! [`facet_panel::FacetPanel`] (filters with counts, order) and [`result_list::ResultList`].

pub mod app;
pub mod facet_panel;
pub mod result_list;
pub mod search_box;
