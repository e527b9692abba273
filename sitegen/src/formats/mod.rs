//! What machines read: JobPosting and Event JSON-LD ([`jsonld`]), iCalendar files ([`ics`]), Atom feeds,
//! sitemaps and `robots.txt` ([`feeds`]), the search index the widget fetches ([`search_index`]), the
//! partner embed's files ([`embed`]), the one table of per-path rules for serving a site — content types,
//! CORS, caching, encoding — that `_headers`, the nginx snippet, `serve` and `deploy` read ([`host_rules`]);
//! `quanyu-site.json`, what tools such as `sitegen deploy` need to know of a built site ([`site_manifest`]);
//! the report of the vacancy records a build set aside ([`report`]), and vacancies as a vacancy file's JSON
//! (`sitegen import`, [`jobposting`]).

pub mod aliases;
pub mod embed;
pub mod feeds;
pub mod host_rules;
pub mod ics;
pub mod jobposting;
pub mod jsonld;
pub mod report;
pub mod search_index;
pub mod site_manifest;
