//! Text transforms every layer may use: escaping for HTML and XML ([`escape`]), markdown rendered with
//! the allowlist sanitizer ([`markdown`]), zh-CN → zh-HK conversion ([`hant`]).

pub mod escape;
pub mod hant;
pub mod markdown;
