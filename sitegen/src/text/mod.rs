//! Text transforms every layer may use: escaping for HTML and XML ([`escape`]), markdown rendered with
//! ammonia and our allowlist ([`markdown`]), HTML parsed as a browser parses it ([`html_tree`]), zh-CN →
//! zh-HK conversion ([`hant`]), the inline code a page carries as CSP hashes ([`inline_code`]).

pub mod escape;
pub mod hant;
pub mod html_tree;
pub mod inline_code;
pub mod markdown;
