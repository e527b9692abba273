//! What machines read: JobPosting and Event JSON-LD ([`jsonld`]), iCalendar files ([`ics`]), Atom feeds,
//! sitemaps and `robots.txt` ([`feeds`]), the search index the widget fetches ([`search_index`]), the
//! partner embed's files and host rules (`_headers`, nginx) ([`embed`]), the report of the vacancy
//! records a build set aside ([`report`]), and vacancies as a vacancy file's JSON (`sitegen import`,
//! [`jobposting`]).

pub mod embed;
pub mod feeds;
pub mod ics;
pub mod jobposting;
pub mod jsonld;
pub mod report;
pub mod search_index;
