//! What can stop a build once its content has loaded. Loading itself never fails this way: it collects
//! every problem of the content folder in `engine::diag::Diagnostics` ([`crate::load`]); what goes wrong
//! afterwards — writing a file, rendering a template, the embedded widget — is an [`Error`] naming the path
//! (or template and page) and the cause. The CLI prints it as `sitegen: <error>`.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// A failure while rendering or writing the portals.
#[derive(Debug)]
pub enum Error {
    /// A file or folder of the output could not be written.
    Write {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The staging folder could not be made, or could not replace the output folder.
    Output {
        /// The output folder.
        path: PathBuf,
        /// What was being done (`cannot create the staging folder`, `cannot replace the output folder`).
        action: &'static str,
        /// Why.
        source: io::Error,
    },
    /// A file of the content folder could not be read while writing the output (a static file).
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// A template failed while rendering a page.
    Render {
        /// The template's name (`job.html`).
        template: String,
        /// The page's URL.
        url: String,
        /// Tera's message, with its causes.
        cause: String,
    },
    /// The search index could not be made from the vacancies (e.g. a facet with too many values).
    Index(String),
    /// The widget embedded in this binary cannot be written (its files are not what sitegen expects).
    Widget(String),
    /// A worker thread panicked (a bug: please report it).
    Panicked(&'static str),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Write { path, source } => write!(f, "{}: cannot write: {source}", path.display()),
            Error::Output { path, action, source } => write!(f, "{}: {action}: {source}", path.display()),
            Error::Read { path, source } => write!(f, "{}: cannot read: {source}", path.display()),
            Error::Render { template, url, cause } => write!(f, "{template} for {url}: {cause}"),
            Error::Index(cause) => write!(f, "the search index: {cause}"),
            Error::Widget(cause) => write!(f, "the embedded widget: {cause}"),
            Error::Panicked(what) => write!(f, "{what} panicked"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Write { source, .. } | Error::Output { source, .. } | Error::Read { source, .. } => Some(source),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_path_and_the_cause() {
        let e = Error::Write { path: "dist/a/index.html".into(), source: io::Error::new(io::ErrorKind::PermissionDenied, "denied") };
        assert_eq!(e.to_string(), "dist/a/index.html: cannot write: denied");
        assert!(std::error::Error::source(&e).is_some());
        let e = Error::Render { template: "job.html".into(), url: "/huangpu/jobs/a/".into(), cause: "Variable `x` not found".into() };
        assert_eq!(e.to_string(), "job.html for /huangpu/jobs/a/: Variable `x` not found");
    }
}
