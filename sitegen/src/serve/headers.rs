//! The site's `_headers` file (Netlify / Cloudflare Pages syntax), applied as such a host applies it.
//!
//! `sitegen build` writes `_headers` (CORS for what partner sites fetch, long caching for versioned
//! files: `formats/embed.rs`); a team's `static/_headers` replaces it. The dev server sends what a host
//! reading it would, so a missing rule shows up in preview as it would in production. The rules are the
//! ones `tests/browser/static-files.mjs` applies for the browser tests:
//!
//! - `#` comments and blank lines; a path at the start of a line; below it, indented `Name: value` lines;
//! - a path ending in `*` matches every path with that prefix; any other path matches only itself;
//! - every matching rule applies, in the file's order; a header given by two matching rules gets both
//!   values joined by `", "` (spelled as first written);
//! - a line that fits none of these is an error naming its line (the file is then not applied at all).

/// The rules of one `_headers` file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeaderRules {
    rules: Vec<Rule>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Rule {
    pattern: String,
    headers: Vec<(String, String)>,
}

/// A line of `_headers` that is neither a path, a header below a path, a comment nor blank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadersError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for HeadersError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "_headers:{}: {}", self.line, self.message)
    }
}

impl std::error::Error for HeadersError {}

impl HeaderRules {
    /// Parses the text of a `_headers` file.
    pub fn parse(text: &str) -> Result<HeaderRules, HeadersError> {
        let mut rules: Vec<Rule> = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let error = |message: &str| HeadersError { line: i + 1, message: format!("{message}: {line:?}") };
            if !line.starts_with([' ', '\t']) {
                let star_inside = trimmed.strip_suffix('*').unwrap_or(trimmed).contains('*');
                if !trimmed.starts_with('/') || trimmed.contains(char::is_whitespace) || star_inside {
                    return Err(error("not a path rule (a path starting with \"/\", \"*\" only at its end)"));
                }
                rules.push(Rule { pattern: trimmed.to_owned(), headers: Vec::new() });
                continue;
            }
            let header = trimmed.split_once(':').map(|(n, v)| (n.trim(), v.trim()));
            match (rules.last_mut(), header) {
                (Some(rule), Some((name, value))) if !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') => {
                    rule.headers.push((name.to_owned(), value.to_owned()));
                }
                _ => return Err(error("a header line (\"  Name: value\") must follow a path")),
            }
        }
        Ok(HeaderRules { rules })
    }

    /// The headers for a URL path (as requested, without the query), merged as described above.
    pub fn for_path(&self, path: &str) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for rule in self.rules.iter().filter(|r| matches(&r.pattern, path)) {
            for (name, value) in &rule.headers {
                match out.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
                    Some((_, v)) => {
                        v.push_str(", ");
                        v.push_str(value);
                    }
                    None => out.push((name.clone(), value.clone())),
                }
            }
        }
        out
    }
}

fn matches(pattern: &str, path: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => path.starts_with(prefix),
        None => path == pattern,
    }
}

/// `defaults` with `overrides` applied: a header named in both (case-insensitively) takes the override's
/// name and value, as a host's own headers give way to the site's `_headers`.
pub fn merge(defaults: Vec<(String, String)>, overrides: Vec<(String, String)>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = defaults.into_iter().filter(|(n, _)| !overrides.iter().any(|(o, _)| o.eq_ignore_ascii_case(n))).collect();
    out.extend(overrides);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect()
    }

    #[test]
    fn applies_rules_like_a_host() {
        let rules = HeaderRules::parse(
            "# comment\n\n/widget/*\n  Access-Control-Allow-Origin: *\n/widget/embed.js\n  Cache-Control: public, max-age=300\n\
             /widget/v/*\n\tCache-Control: immutable\n/x\n  X-A: 1\n/x\n  x-a: 2\n",
        )
        .unwrap();
        assert_eq!(rules.for_path("/widget/embed.js"), pairs(&[("Access-Control-Allow-Origin", "*"), ("Cache-Control", "public, max-age=300")]));
        assert_eq!(rules.for_path("/widget/v/a.wasm"), pairs(&[("Access-Control-Allow-Origin", "*"), ("Cache-Control", "immutable")]));
        assert_eq!(rules.for_path("/x"), pairs(&[("X-A", "1, 2")]), "two rules, one header: both values, first spelling");
        assert_eq!(rules.for_path("/x/"), vec![], "no `*`: only the path itself");
        assert_eq!(rules.for_path("/"), vec![]);
    }

    #[test]
    fn the_built_sites_file_parses() {
        let rules = HeaderRules::parse(&crate::formats::host_rules::headers_file("default-src 'self'")).unwrap();
        assert!(rules.for_path("/search/index-1.qy").iter().any(|(n, v)| n == "Access-Control-Allow-Origin" && v == "*"));
        assert_eq!(rules.for_path("/huangpu/jobs/"), pairs(&[("Content-Security-Policy", "default-src 'self'")]), "pages: the policy only");
    }

    #[test]
    fn malformed_lines_name_their_line() {
        assert_eq!(HeaderRules::parse("/a\n  X: 1\nnot-a-path\n").unwrap_err().line, 3);
        assert_eq!(HeaderRules::parse("  X: 1\n").unwrap_err().line, 1, "a header before any path");
        assert_eq!(HeaderRules::parse("/a*b\n").unwrap_err().line, 1, "`*` inside a path");
        assert_eq!(HeaderRules::parse("/a\n  no colon\n").unwrap_err().line, 2);
        assert_eq!(HeaderRules::parse("/a b\n").unwrap_err().line, 1);
    }

    #[test]
    fn overrides_replace_defaults() {
        let merged = merge(pairs(&[("Content-Type", "text/html"), ("Cache-Control", "no-cache")]), pairs(&[("cache-control", "immutable")]));
        assert_eq!(merged, pairs(&[("Content-Type", "text/html"), ("cache-control", "immutable")]));
    }
}
