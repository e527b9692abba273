//! Every decoder the widget runs on bytes from the network, on any bytes: the gzip framing
//! (`widget::gzip::gunzip`), then — on the raw bytes and, when they inflate, on what they inflate to — the
//! manifest, a term shard, a document chunk, a facet column, the salary column, the word list, the
//! homophone file, the profile file (through
//! `widget::loader`, as the widget calls them) and a district's match file (against the profile of a small
//! real index). Each returns a value or an error, never panics. Seeds: the files of the built sample
//! index, gzipped as served and inflated.
#![no_main]

use engine::index::decode_match;
use libfuzzer_sys::fuzz_target;
use widget::loader::{File, decode_manifest};

fn decode_all(bytes: &[u8]) {
    let _ = decode_manifest(bytes);
    for file in [File::Shard(0), File::Chunk(0), File::Column(0), File::Salary, File::Words, File::Sounds, File::Profile, File::Match(0)] {
        let _ = file.decode::<true>(bytes.to_vec());
    }
    let _ = decode_match(bytes, &quanyu_fuzz::sample().profile, 20_000);
}

fuzz_target!(|data: &[u8]| {
    decode_all(data);
    if let Ok(inflated) = widget::gzip::gunzip(data) {
        decode_all(&inflated);
    }
});
