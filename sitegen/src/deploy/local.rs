//! The built site as `sitegen deploy` sees it: every file under the output folder with its size and MD5
//! (hashed on every core), except the files the site's manifest names as the host's
//! (`quanyu-site.json`'s `host_files`: `_headers`, the nginx snippet, the manifest itself).

use std::path::{Path, PathBuf};

use md5::{Digest, Md5};

/// A file of the built site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalFile {
    /// Its path inside the site, `/`-separated: `huangpu/jobs/huangpu-000001/index.html`.
    pub rel: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its MD5, lower-case hex.
    pub md5: String,
}

/// The hex MD5 of `bytes`.
pub fn md5_hex(bytes: &[u8]) -> String {
    Md5::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Every file under `dir` but `skip` (paths inside the site), sorted by path.
pub fn scan(dir: &Path, skip: &[String]) -> Result<Vec<LocalFile>, String> {
    let mut paths: Vec<(String, PathBuf)> = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| format!("{}: {e}", d.display()))?.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path.strip_prefix(dir).map_err(|e| e.to_string())?;
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_str().map(str::to_owned))
                .collect::<Option<Vec<String>>>()
                .ok_or_else(|| format!("{}: not a UTF-8 name (object keys must be)", path.display()))?
                .join("/");
            if !skip.contains(&rel) {
                paths.push((rel, path));
            }
        }
    }
    paths.sort();
    crate::parallel::map(&paths, |(rel, path)| {
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(LocalFile { rel: rel.clone(), size: bytes.len() as u64, md5: md5_hex(&bytes) })
    })
    .into_iter()
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn md5_known_answer_and_scan() {
        assert_eq!(md5_hex(b""), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(md5_hex(b"The quick brown fox jumps over the lazy dog"), "9e107d9d372bb6826bd81d3542a419d6");
        let dir = std::env::temp_dir().join(format!("quanyu-scan-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("a/b")).unwrap();
        std::fs::write(dir.join("a/b/index.html"), "x").unwrap();
        std::fs::write(dir.join("_headers"), "h").unwrap();
        std::fs::write(dir.join("robots.txt"), "").unwrap();
        let files = scan(&dir, &["_headers".into()]).unwrap();
        let rels: Vec<&str> = files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["a/b/index.html", "robots.txt"]);
        assert_eq!((files[0].size, files[0].md5.as_str()), (1, "9dd4e461268c8034f5c8564e155c67a6"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
