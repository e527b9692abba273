//! Static assets embedded in the binary (stylesheet, icon, and `citizen.js` — saved jobs and searches,
//! read aloud), written with content-hashed names so a CDN can cache them forever: a changed stylesheet
//! gets a new URL.

/// Folder of the assets inside the site (cached forever: `formats::host_rules`).
pub const DIR: &str = "assets";
const CSS: &str = include_str!("../../static/style.css");
const ICON: &str = include_str!("../../static/favicon.svg");
const CITIZEN_JS: &str = include_str!("../../static/citizen.js");

pub use engine::index::fnv1a;

/// The stylesheet's path inside the site, e.g. `assets/style.0123456789abcdef.css`.
pub fn css_path() -> String {
    format!("assets/style.{:016x}.css", fnv1a(CSS.as_bytes()))
}

/// The path of the script of saved jobs, saved searches and read aloud (issue 14), e.g.
/// `assets/citizen.0123456789abcdef.js`.
pub fn citizen_js_path() -> String {
    format!("assets/citizen.{:016x}.js", fnv1a(CITIZEN_JS.as_bytes()))
}

/// The icon's path inside the site, e.g. `assets/favicon.0123456789abcdef.svg`: named by its content like
/// the stylesheet, since everything under `assets/` is cached forever.
pub fn icon_path() -> String {
    format!("assets/favicon.{:016x}.svg", fnv1a(ICON.as_bytes()))
}

/// Every embedded asset: (path inside the site, bytes).
pub fn files() -> Vec<(String, Vec<u8>)> {
    vec![(css_path(), CSS.as_bytes().to_vec()), (icon_path(), ICON.as_bytes().to_vec()), (citizen_js_path(), CITIZEN_JS.as_bytes().to_vec())]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_stable() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert!(css_path().starts_with("assets/style.") && css_path().ends_with(".css"));
        assert!(citizen_js_path().starts_with("assets/citizen.") && citizen_js_path().ends_with(".js"));
        assert!(icon_path().starts_with("assets/favicon.") && icon_path().ends_with(".svg") && icon_path().len() == "assets/favicon..svg".len() + 16);
    }
}
