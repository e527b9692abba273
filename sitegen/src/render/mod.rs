//! HTML: the templates ([`templates`], built in and overridable) and the view types they see ([`views`],
//! never the model), charts drawn as SVG ([`charts`]) and the dashboards made of them ([`dashboard`]),
//! and pages in other languages ([`localize`]).

pub mod charts;
pub mod dashboard;
pub mod localize;
pub mod templates;
pub mod views;
