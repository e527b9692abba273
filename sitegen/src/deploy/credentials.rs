//! Where `sitegen deploy` finds its credentials, in the order the AWS tools use: the environment
//! (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`), else the shared credentials file
//! (`AWS_SHARED_CREDENTIALS_FILE`, default `~/.aws/credentials`), profile `AWS_PROFILE` or `default`, with
//! its plain `aws_access_key_id` / `aws_secret_access_key` / `aws_session_token` keys. Profiles that run
//! a program (`credential_process`), assume a role or use SSO are not followed: export the variables.
//!
//! The secret and the token never reach a message: [`Credentials`]' `Debug` hides them, and errors name
//! the variable or file, never a value. The access key ID is shown shortened ([`Credentials::key_hint`]).

use std::path::PathBuf;

/// Signing credentials and where they came from.
#[derive(Clone)]
pub struct Credentials {
    /// Access key ID.
    pub key: String,
    /// Secret access key.
    pub secret: String,
    /// Session token of temporary credentials.
    pub token: Option<String>,
    /// Where they came from: "the environment", "~/.aws/credentials [default]".
    pub source: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Credentials({} from {})", self.key_hint(), self.source)
    }
}

impl Credentials {
    /// The access key ID with its middle hidden (`AKIA…MPLE`), for messages.
    pub fn key_hint(&self) -> String {
        let chars: Vec<char> = self.key.chars().collect();
        if chars.len() <= 8 {
            "…".to_owned()
        } else {
            format!("{}…{}", chars[..4].iter().collect::<String>(), chars[chars.len() - 4..].iter().collect::<String>())
        }
    }

    /// `s` with the secret and the token replaced by `***` (a last guard on messages from elsewhere).
    pub fn scrub(&self, s: &str) -> String {
        let mut s = s.to_owned();
        for hidden in std::iter::once(&self.secret).chain(self.token.as_ref()).filter(|h| h.len() >= 4) {
            s = s.replace(hidden.as_str(), "***");
        }
        s
    }
}

/// Finds credentials with `var` reading the environment (a parameter, so tests need not change it).
pub fn find(var: impl Fn(&str) -> Option<String>) -> Result<Credentials, String> {
    let get = |name: &str| var(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    match (get("AWS_ACCESS_KEY_ID"), get("AWS_SECRET_ACCESS_KEY")) {
        (Some(key), Some(secret)) => {
            return Ok(Credentials { key, secret, token: get("AWS_SESSION_TOKEN"), source: "the environment".into() });
        }
        (Some(_), None) => return Err("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not".into()),
        (None, Some(_)) => return Err("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not".into()),
        (None, None) => {}
    }
    let file = match get("AWS_SHARED_CREDENTIALS_FILE") {
        Some(f) => PathBuf::from(f),
        None => match get("HOME") {
            Some(home) => PathBuf::from(home).join(".aws/credentials"),
            None => return Err(missing()),
        },
    };
    let profile = get("AWS_PROFILE").unwrap_or_else(|| "default".into());
    let Ok(text) = std::fs::read_to_string(&file) else { return Err(missing()) };
    let source = format!("{} [{profile}]", file.display());
    let entries = profile_entries(&text, &profile).ok_or_else(|| format!("{} has no profile [{profile}]; {}", file.display(), missing()))?;
    let field = |name: &str| entries.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).filter(|v| !v.is_empty());
    match (field("aws_access_key_id"), field("aws_secret_access_key")) {
        (Some(key), Some(secret)) => Ok(Credentials { key, secret, token: field("aws_session_token"), source }),
        _ => Err(format!(
            "{source} has no aws_access_key_id and aws_secret_access_key (profiles that run a program or assume a role are not followed: export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)"
        )),
    }
}

fn missing() -> String {
    "no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary ones), or put them in ~/.aws/credentials under [default]".into()
}

/// The `key = value` lines of `[profile]` in an INI file (`#` and `;` comments).
fn profile_entries(text: &str, profile: &str) -> Option<Vec<(String, String)>> {
    let mut current: Option<String> = None;
    let mut found: Option<Vec<(String, String)>> = None;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with(';')) {
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = Some(name.trim().to_owned());
            if name.trim() == profile {
                found.get_or_insert_with(Vec::new);
            }
        } else if current.as_deref() == Some(profile)
            && let Some((k, v)) = line.split_once('=')
        {
            found.get_or_insert_with(Vec::new).push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn the_environment_first_then_the_file() {
        let c = find(env(&[("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEKEY1"), ("AWS_SECRET_ACCESS_KEY", "s3cr3t-value"), ("AWS_SESSION_TOKEN", "tok-en")]))
            .unwrap();
        assert_eq!((c.key.as_str(), c.token.as_deref(), c.source.as_str()), ("AKIAEXAMPLEKEY1", Some("tok-en"), "the environment"));
        assert_eq!(c.key_hint(), "AKIA…KEY1");
        let shown = format!("{c:?} {}", c.scrub("signature for s3cr3t-value and tok-en"));
        assert!(!shown.contains("s3cr3t-value") && !shown.contains("tok-en"), "{shown}");
        assert!(find(env(&[("AWS_ACCESS_KEY_ID", "k")])).unwrap_err().contains("AWS_SECRET_ACCESS_KEY is not"));

        let dir = std::env::temp_dir().join(format!("quanyu-creds-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("credentials");
        std::fs::write(
            &file,
            "# comment\n[other]\naws_access_key_id = NOPE\n[default]\naws_access_key_id = AKIAFROMFILE0\naws_secret_access_key = file-secret\n",
        )
        .unwrap();
        let path = file.to_string_lossy().into_owned();
        let c = find(env(&[("AWS_SHARED_CREDENTIALS_FILE", &path)])).unwrap();
        assert_eq!((c.key.as_str(), c.secret.as_str(), c.token.as_deref()), ("AKIAFROMFILE0", "file-secret", None));
        let e = find(env(&[("AWS_SHARED_CREDENTIALS_FILE", &path), ("AWS_PROFILE", "other")])).unwrap_err();
        assert!(e.contains("[other] has no aws_access_key_id") && !e.contains("NOPE"), "{e}");
        assert!(find(env(&[("AWS_SHARED_CREDENTIALS_FILE", &path), ("AWS_PROFILE", "gone")])).unwrap_err().contains("no profile [gone]"));
        assert!(find(env(&[("HOME", "/nonexistent")])).unwrap_err().starts_with("no credentials"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
