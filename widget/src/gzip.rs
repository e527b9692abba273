//! Inflating the gzipped index files in the widget itself (RFC 1952 framing around raw deflate, via
//! `miniz_oxide`): about 0.1 ms for a result chunk, where the browser's `DecompressionStream` costs
//! 1–2 ms of promise round trips per file — and a keystroke may need twenty files.

/// What one index file may inflate to (the largest are a few hundred KiB): a damaged or hostile file
/// is an error, not a tab out of memory.
pub const MAX_INFLATED: usize = 64 << 20;

/// The bytes inside a gzip member (header fields skipped, length checked against the trailer).
pub fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, String> {
    if bytes.len() < 18 || bytes[0] != 0x1f || bytes[1] != 0x8b || bytes[2] != 8 {
        return Err("not a gzip (deflate) stream".into());
    }
    let flags = bytes[3];
    let mut pos = 10;
    if flags & 0x04 != 0 {
        // FEXTRA: a little-endian length, then that many bytes.
        let n = usize::from(u16::from_le_bytes([*bytes.get(pos).ok_or("truncated")?, *bytes.get(pos + 1).ok_or("truncated")?]));
        pos += 2 + n;
    }
    for flag in [0x08, 0x10] {
        // FNAME, FCOMMENT: zero-terminated.
        if flags & flag != 0 {
            pos += bytes.get(pos..).and_then(|rest| rest.iter().position(|&b| b == 0)).ok_or("truncated header")? + 1;
        }
    }
    if flags & 0x02 != 0 {
        pos += 2; // FHCRC
    }
    let body = bytes.get(pos..bytes.len() - 8).ok_or("truncated gzip stream")?;
    // The status named in words, not by `Debug` (whose formatting code would cost the build its bytes).
    let out = miniz_oxide::inflate::decompress_to_vec_with_limit(body, MAX_INFLATED).map_err(|e| match e.status {
        miniz_oxide::inflate::TINFLStatus::HasMoreOutput => "gzip stream inflates to more than 64 MiB",
        _ => "corrupt gzip stream",
    })?;
    let size = u32::from_le_bytes(bytes[bytes.len() - 4..].try_into().expect("4 bytes"));
    if out.len() as u32 != size {
        return Err(format!("gzip stream inflated to {} bytes, its trailer says {size}", out.len()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gz(data: &[u8], name: Option<&str>) -> Vec<u8> {
        let mut b = flate2::GzBuilder::new().mtime(0);
        if let Some(n) = name {
            b = b.filename(n).comment("c");
        }
        let mut e = b.write(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn inflates_what_sitegen_writes_and_refuses_damage() {
        let data = "焊工 welder QYIX ".repeat(500);
        assert_eq!(gunzip(&gz(data.as_bytes(), None)).unwrap(), data.as_bytes());
        assert_eq!(gunzip(&gz(data.as_bytes(), Some("x.qy"))).unwrap(), data.as_bytes(), "optional header fields are skipped");
        let mut bad = gz(data.as_bytes(), None);
        let n = bad.len();
        bad[n - 4] ^= 1;
        assert!(gunzip(&bad).unwrap_err().contains("trailer"));
        assert!(gunzip(b"QYIX\x01\x01").is_err());
        assert!(gunzip(&gz(data.as_bytes(), None)[..30]).is_err());
    }
}
