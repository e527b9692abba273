//! The record cache: each checked JobPosting JSON record kept between builds, keyed by its bytes, so a
//! rebuild parses and checks only the records that changed.
//!
//! A team's export rewrites a district's vacancy file whole every day, so a rebuild has to read every
//! file again; most of its records are the very bytes of the day before. Reading a record that was
//! checked before takes its key — a SHA-256 of the record's text as written (the object's bytes, from
//! `{` to `}`) and of everything checking it depends on besides ([`context`]: the district and the
//! target groups site.toml defines), cut to 16 bytes — and, when the cache has it, decodes the
//! [`Vacancy`] kept for it instead of parsing and checking the JSON (`engine::json::parse_each_with`
//! passes over it, keeping every later position right). Only records that were checked with no
//! problem at all are kept, so a record's warnings and errors are always found by checking it again;
//! expiry depends on the build date and is decided after loading, for every vacancy alike. A vacancy's
//! `source` (file and position) is not kept: it is where the record is now.
//!
//! Layout: `records/<name>` in the build cache folder, one file per vacancy file (`<name>`: 32 hex digits
//! of the SHA-256 of the file's path as shown in messages): a first line `quanyu-sitegen-records
//! <FORMAT> <stamp>` (the stamp names the sitegen binary), then per record its 16-byte key, the
//! length of its encoding (4 bytes, little-endian) and the encoding ([`encode`]). A file of another
//! format or stamp, or damaged, is not used. A file is written (to a temporary name, then renamed over
//! the old one) after its vacancy file is read, only when its records changed, holding the records that
//! file has now, in their order; a vacancy file no longer read loses its record file at the end of
//! loading ([`sweep`]). A record file's entries are valid whatever becomes of the build, since each is
//! named by all it was made from: a failed build may leave them. Deleting the folder is always safe.
//!
//! Why by hand: the encoding is a few dozen lines over a struct taken apart whole (a field added to
//! [`Vacancy`] fails to compile here until it is kept), and a serialization crate would add a dependency
//! to the engine for it.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use engine::date::{Date, DateTime};
use engine::vacancy::{Contact, Education, EmploymentType, Organization, Place, Salary, SalaryUnit, Source, Vacancy};
use engine::validate::Rules;
use sha2::{Digest, Sha256};

/// Version of the layout and encoding; bumped on any change.
const FORMAT: u32 = 1;

/// The folder of record files in the build cache.
const RECORDS: &str = "records";

/// A record's key.
pub(crate) type Key = [u8; 16];

/// Where record files are kept, for a build by the sitegen named by `stamp`.
#[derive(Debug, Clone)]
pub(crate) struct RecordCache {
    dir: PathBuf,
    stamp: String,
    /// Records taken from the cache so far.
    hits: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl RecordCache {
    /// The record files of build cache folder `cache_dir`, for the sitegen named by `stamp`
    /// (`output::cache::binary_stamp`).
    pub(crate) fn new(cache_dir: &Path, stamp: &str) -> RecordCache {
        RecordCache { dir: cache_dir.join(RECORDS), stamp: stamp.to_owned(), hits: Default::default() }
    }

    fn path(&self, display: &str) -> PathBuf {
        let digest = Sha256::digest(display.as_bytes());
        self.dir.join(digest[..16].iter().map(|b| format!("{b:02x}")).collect::<String>())
    }

    fn header(&self) -> String {
        format!("quanyu-sitegen-records {FORMAT} {}\n", self.stamp)
    }

    /// The records kept for the vacancy file shown as `display`, checked in `context` ([`context`]).
    /// A missing, unreadable, stale or damaged record file gives none.
    pub(crate) fn open(&self, display: &str, context: Key) -> FileRecords {
        let path = self.path(display);
        let header = self.header();
        let bytes = fs::read(&path).unwrap_or_default();
        let entries = if bytes.starts_with(header.as_bytes()) { parse_entries(&bytes, header.len()) } else { None };
        let entries = entries.unwrap_or_default();
        let hits = self.hits.clone();
        FileRecords { path, header, context, bytes, entries, kept: Vec::new(), seen: HashSet::new(), hits, last_key: None }
    }

    /// How many records were taken from the cache so far.
    pub(crate) fn hits(&self) -> usize {
        self.hits.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Deletes the record files of vacancy files not among `displays` (those no longer read). Errors are
    /// ignored: a stale record file is never used for another file.
    pub(crate) fn sweep(&self, displays: &[&str]) {
        let keep: HashSet<PathBuf> = displays.iter().map(|d| self.path(d)).collect();
        for e in fs::read_dir(&self.dir).into_iter().flatten().flatten() {
            let p = e.path();
            if !keep.contains(&p) {
                let _ = fs::remove_file(p);
            }
        }
    }
}

/// The key of everything checking a record depends on besides its text: the format, the district (a
/// vacancy's `district` is its folder's) and the target groups it may name.
pub(crate) fn context(district: &str, rules: &Rules) -> Key {
    let mut h = Sha256::new();
    h.update(FORMAT.to_le_bytes());
    h.update(district.as_bytes());
    h.update([0]);
    for g in &rules.target_groups {
        h.update(g.as_bytes());
        h.update([0]);
    }
    h.finalize()[..16].try_into().expect("16 of 32 bytes")
}

/// One vacancy file's records: those kept before, and those this read keeps.
pub(crate) struct FileRecords {
    path: PathBuf,
    header: String,
    context: Key,
    /// The record file as read; `entries` point into it.
    bytes: Vec<u8>,
    entries: HashMap<Key, (usize, usize)>,
    /// What this read keeps, in the vacancy file's order.
    kept: Vec<Kept>,
    seen: HashSet<Key>,
    hits: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    /// The last key made, and where its record's text was (address, length).
    last_key: Option<((usize, usize), Key)>,
}

enum Kept {
    Old(Key, usize, usize),
    New(Key, Vec<u8>),
}

impl FileRecords {
    /// The key of the record written as `raw`. The last one is remembered (by where `raw` is), so a
    /// record looked up, not found, checked and kept is hashed once.
    pub(crate) fn key(&mut self, raw: &str) -> Key {
        let at = (raw.as_ptr() as usize, raw.len());
        if let Some((last, key)) = self.last_key
            && last == at
        {
            return key;
        }
        let mut h = Sha256::new();
        h.update(self.context);
        h.update(raw.as_bytes());
        let key: Key = h.finalize()[..16].try_into().expect("16 of 32 bytes");
        self.last_key = Some((at, key));
        key
    }

    /// The vacancy kept for the record `key`, its `source` set to `source`; `None` when there is none
    /// (or it does not decode: then the record is checked again).
    pub(crate) fn get(&mut self, key: Key, source: Source) -> Option<Vacancy> {
        let &(start, end) = self.entries.get(&key)?;
        let v = decode(&self.bytes[start..end], source)?;
        self.hits.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if self.seen.insert(key) {
            self.kept.push(Kept::Old(key, start, end));
        }
        Some(v)
    }

    /// Keeps `v`, checked with no problem from the record `key`.
    pub(crate) fn keep(&mut self, key: Key, v: &Vacancy) {
        if self.seen.insert(key) {
            let mut buf = Vec::with_capacity(v.description.len() + 512);
            encode(v, &mut buf);
            self.kept.push(Kept::New(key, buf));
        }
    }

    /// Writes the record file when what this read keeps differs from what it holds (records added,
    /// left out or reordered). Errors are ignored: the cache only saves work.
    pub(crate) fn save(self) {
        // Unchanged: every old record used, in its old order, and none added.
        let starts: Option<Vec<usize>> = self.kept.iter().map(|k| if let Kept::Old(_, start, _) = k { Some(*start) } else { None }).collect();
        let unchanged = starts.is_some_and(|s| s.len() == self.entries.len() && s.is_sorted());
        if unchanged {
            return;
        }
        if self.kept.is_empty() && self.entries.is_empty() {
            return;
        }
        let _ = self.write();
    }

    fn write(&self) -> io::Result<()> {
        let dir = self.path.parent().expect("a record file is in the records folder");
        fs::create_dir_all(dir)?;
        let tmp = self.path.with_extension(format!("tmp{}", std::process::id()));
        let written = (|| {
            let mut out = io::BufWriter::with_capacity(1 << 16, fs::File::create(&tmp)?);
            out.write_all(self.header.as_bytes())?;
            for k in &self.kept {
                let (key, body) = match k {
                    Kept::Old(key, start, end) => (key, &self.bytes[*start..*end]),
                    Kept::New(key, buf) => (key, &buf[..]),
                };
                out.write_all(key)?;
                out.write_all(&(body.len() as u32).to_le_bytes())?;
                out.write_all(body)?;
            }
            out.flush()
        })()
        .and_then(|()| fs::rename(&tmp, &self.path));
        if written.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        written
    }
}

/// The entries of record file `bytes` from offset `at` (after its first line): key → the range of its
/// encoding in `bytes`. `None` when the entries do not fill the file exactly.
fn parse_entries(bytes: &[u8], mut at: usize) -> Option<HashMap<Key, (usize, usize)>> {
    let mut entries = HashMap::new();
    while at < bytes.len() {
        let key: Key = bytes.get(at..at + 16)?.try_into().ok()?;
        let len = u32::from_le_bytes(bytes.get(at + 16..at + 20)?.try_into().ok()?) as usize;
        let (start, end) = (at + 20, at + 20 + len);
        if end > bytes.len() {
            return None;
        }
        entries.insert(key, (start, end));
        at = end;
    }
    Some(entries)
}

// ---------------------------------------------------------------------------------------------------
// The encoding: strings as a varint byte length and UTF-8, numbers as varints (`i32` zigzagged), floats
// as their 8 bytes, an `Option` as 0 or 1 then the value, a list as its length then its items, enums
// as their index in `ALL`.

struct W<'a>(&'a mut Vec<u8>);

impl W<'_> {
    fn u(&mut self, mut n: u64) {
        while n >= 0x80 {
            self.0.push((n as u8) | 0x80);
            n >>= 7;
        }
        self.0.push(n as u8);
    }
    fn i(&mut self, n: i32) {
        self.u(u64::from(((n << 1) ^ (n >> 31)) as u32));
    }
    fn s(&mut self, s: &str) {
        self.u(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }
    fn os(&mut self, s: &Option<String>) {
        match s {
            Some(s) => {
                self.0.push(1);
                self.s(s);
            }
            None => self.0.push(0),
        }
    }
    fn f(&mut self, f: f64) {
        self.0.extend_from_slice(&f.to_le_bytes());
    }
    fn list(&mut self, items: &[String]) {
        self.u(items.len() as u64);
        for s in items {
            self.s(s);
        }
    }
    fn date_time(&mut self, t: &DateTime) {
        let DateTime { date: Date { year, month, day }, seconds, offset_minutes, date_only } = *t;
        self.i(year);
        self.u(u64::from(month));
        self.u(u64::from(day));
        self.u(u64::from(seconds));
        self.i(offset_minutes);
        self.0.push(u8::from(date_only));
    }
    fn opt<T>(&mut self, v: Option<T>, f: impl FnOnce(&mut Self, T)) {
        match v {
            Some(v) => {
                self.0.push(1);
                f(self, v);
            }
            None => self.0.push(0),
        }
    }
}

/// Appends the encoding of `v` (all but its `source`) to `out`.
pub(crate) fn encode(v: &Vacancy, out: &mut Vec<u8>) {
    let Vacancy {
        identifier,
        district,
        title,
        description,
        date_posted,
        valid_through,
        employment_types,
        hiring_organization,
        locations,
        base_salary,
        education,
        experience_months,
        skills,
        occupational_category,
        total_job_openings,
        direct_apply,
        application_contact,
        work_hours,
        job_benefits,
        industry,
        target_groups,
        source: _,
    } = v;
    let mut w = W(out);
    w.s(identifier);
    w.s(district);
    w.s(title);
    w.s(description);
    w.date_time(date_posted);
    w.opt(valid_through.as_ref(), W::date_time);
    w.u(employment_types.len() as u64);
    for t in employment_types {
        w.u(EmploymentType::ALL.iter().position(|a| a == t).expect("every type is in ALL") as u64);
    }
    let Organization { name, same_as, logo } = hiring_organization;
    w.s(name);
    w.os(same_as);
    w.os(logo);
    w.u(locations.len() as u64);
    for Place { street_address, address_locality, address_region, postal_code, address_country, geo } in locations {
        for s in [street_address, address_locality, address_region, postal_code, address_country] {
            w.os(s);
        }
        w.opt(*geo, |w, (lat, lon)| {
            w.f(lat);
            w.f(lon);
        });
    }
    w.opt(base_salary.as_ref(), |w, Salary { currency, min, max, unit }| {
        w.s(currency);
        w.f(*min);
        w.f(*max);
        w.u(SalaryUnit::ALL.iter().position(|a| a == unit).expect("every unit is in ALL") as u64);
    });
    w.opt(*education, |w, e| w.u(Education::ALL.iter().position(|a| *a == e).expect("every level is in ALL") as u64));
    w.opt(*experience_months, |w, n| w.u(u64::from(n)));
    w.list(skills);
    w.os(occupational_category);
    w.opt(*total_job_openings, |w, n| w.u(u64::from(n)));
    w.opt(*direct_apply, |w, b| w.0.push(u8::from(b)));
    w.opt(application_contact.as_ref(), |w, Contact { telephone, email, url }| {
        w.os(telephone);
        w.os(email);
        w.os(url);
    });
    w.os(work_hours);
    w.os(job_benefits);
    w.os(industry);
    w.list(target_groups);
}

struct R<'a>(&'a [u8]);

impl R<'_> {
    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(b)
    }
    fn u(&mut self) -> Option<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7F) << shift;
            if b < 0x80 {
                return Some(n);
            }
        }
        None
    }
    fn u32(&mut self) -> Option<u32> {
        u32::try_from(self.u()?).ok()
    }
    fn i(&mut self) -> Option<i32> {
        let z = self.u32()?;
        Some(((z >> 1) as i32) ^ -((z & 1) as i32))
    }
    fn s(&mut self) -> Option<String> {
        let len = usize::try_from(self.u()?).ok()?;
        if len > self.0.len() {
            return None;
        }
        let (s, rest) = self.0.split_at(len);
        self.0 = rest;
        String::from_utf8(s.to_vec()).ok()
    }
    fn flag(&mut self) -> Option<bool> {
        match self.byte()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
    fn opt<T>(&mut self, f: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        if self.flag()? { f(self).map(Some) } else { Some(None) }
    }
    fn os(&mut self) -> Option<Option<String>> {
        self.opt(R::s)
    }
    fn f(&mut self) -> Option<f64> {
        let (b, rest) = self.0.split_first_chunk::<8>()?;
        self.0 = rest;
        Some(f64::from_le_bytes(*b))
    }
    fn len(&mut self) -> Option<usize> {
        // No list is longer than the bytes left (each item takes at least one).
        usize::try_from(self.u()?).ok().filter(|&n| n <= self.0.len())
    }
    fn list(&mut self) -> Option<Vec<String>> {
        (0..self.len()?).map(|_| self.s()).collect()
    }
    fn date_time(&mut self) -> Option<DateTime> {
        let date = Date { year: self.i()?, month: self.u32()?, day: self.u32()? };
        Some(DateTime { date, seconds: self.u32()?, offset_minutes: self.i()?, date_only: self.flag()? })
    }
    fn of<T: Copy>(&mut self, all: &[T]) -> Option<T> {
        all.get(usize::try_from(self.u()?).ok()?).copied()
    }
}

/// The vacancy encoded as `bytes` ([`encode`]), from `source`; `None` when `bytes` is no whole encoding.
pub(crate) fn decode(bytes: &[u8], source: Source) -> Option<Vacancy> {
    let mut r = R(bytes);
    let (identifier, district, title, description) = (r.s()?, r.s()?, r.s()?, r.s()?);
    let date_posted = r.date_time()?;
    let valid_through = r.opt(R::date_time)?;
    let employment_types = (0..r.len()?).map(|_| r.of(&EmploymentType::ALL)).collect::<Option<Vec<_>>>()?;
    let hiring_organization = Organization { name: r.s()?, same_as: r.os()?, logo: r.os()? };
    let locations = (0..r.len()?)
        .map(|_| {
            Some(Place {
                street_address: r.os()?,
                address_locality: r.os()?,
                address_region: r.os()?,
                postal_code: r.os()?,
                address_country: r.os()?,
                geo: r.opt(|r| Some((r.f()?, r.f()?)))?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let base_salary = r.opt(|r| Some(Salary { currency: r.s()?, min: r.f()?, max: r.f()?, unit: r.of(&SalaryUnit::ALL)? }))?;
    let education = r.opt(|r| r.of(&Education::ALL))?;
    let experience_months = r.opt(R::u32)?;
    let skills = r.list()?;
    let occupational_category = r.os()?;
    let total_job_openings = r.opt(R::u32)?;
    let direct_apply = r.opt(R::flag)?;
    let application_contact = r.opt(|r| Some(Contact { telephone: r.os()?, email: r.os()?, url: r.os()? }))?;
    let (work_hours, job_benefits, industry) = (r.os()?, r.os()?, r.os()?);
    let target_groups = r.list()?;
    if !r.0.is_empty() {
        return None;
    }
    Some(Vacancy {
        identifier,
        district,
        title,
        description,
        date_posted,
        valid_through,
        employment_types,
        hiring_organization,
        locations,
        base_salary,
        education,
        experience_months,
        skills,
        occupational_category,
        total_job_openings,
        direct_apply,
        application_contact,
        work_hours,
        job_benefits,
        industry,
        target_groups,
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::diag::Pos;

    fn full() -> Vacancy {
        let t = |y, m, d, s, o, only| DateTime { date: Date { year: y, month: m, day: d }, seconds: s, offset_minutes: o, date_only: only };
        let o = |s: &str| Some(s.to_owned());
        Vacancy {
            identifier: "hp-1".into(),
            district: "huangpu".into(),
            title: "焊工 <b>".into(),
            description: "第一行\n\u{0}第二行 😀".into(),
            date_posted: t(2026, 11, 1, 34_200, 480, false),
            valid_through: Some(t(-5, 12, 31, 0, -720, true)),
            employment_types: EmploymentType::ALL.to_vec(),
            hiring_organization: Organization { name: "厂".into(), same_as: o("https://example.cn"), logo: None },
            locations: vec![
                Place {
                    street_address: o("路"),
                    address_locality: o("街道"),
                    address_region: None,
                    postal_code: o("510000"),
                    address_country: o("CN"),
                    geo: Some((23.1, -113.4)),
                },
                Place::default(),
            ],
            base_salary: Some(Salary { currency: "CNY".into(), min: 0.5, max: f64::MAX, unit: SalaryUnit::Year }),
            education: Some(Education::Postgraduate),
            experience_months: Some(u32::MAX),
            skills: vec!["焊接".into(), String::new()],
            occupational_category: o("6-18-02-04"),
            total_job_openings: Some(0),
            direct_apply: Some(false),
            application_contact: Some(Contact { telephone: o("020-1"), email: None, url: o("https://example.cn/a") }),
            work_hours: o("8:00-17:00"),
            job_benefits: o("包吃住"),
            industry: None,
            target_groups: vec!["4050".into()],
            source: Source { path: "a.json".into(), sheet: None, pos: Pos { line: 3, col: 2 } },
        }
    }

    fn empty() -> Vacancy {
        let date = DateTime { date: Date { year: 2026, month: 1, day: 1 }, seconds: 0, offset_minutes: 0, date_only: true };
        Vacancy {
            identifier: String::new(),
            district: String::new(),
            title: String::new(),
            description: String::new(),
            date_posted: date,
            valid_through: None,
            employment_types: Vec::new(),
            hiring_organization: Organization::default(),
            locations: Vec::new(),
            base_salary: None,
            education: None,
            experience_months: None,
            skills: Vec::new(),
            occupational_category: None,
            total_job_openings: None,
            direct_apply: None,
            application_contact: None,
            work_hours: None,
            job_benefits: None,
            industry: None,
            target_groups: Vec::new(),
            source: Source::default(),
        }
    }

    #[test]
    fn a_vacancy_decodes_to_itself_and_nothing_else_decodes() {
        for v in [full(), empty()] {
            let mut bytes = Vec::new();
            encode(&v, &mut bytes);
            assert_eq!(decode(&bytes, v.source.clone()).as_ref(), Some(&v));
            // No shorter or longer text is a whole encoding.
            for n in 0..bytes.len() {
                assert_eq!(decode(&bytes[..n], Source::default()), None, "{n} of {} bytes", bytes.len());
            }
            bytes.push(0);
            assert_eq!(decode(&bytes, Source::default()), None);
        }
        // Every field counts: changing one changes the encoding.
        let (mut a, mut b) = (Vec::new(), Vec::new());
        encode(&full(), &mut a);
        let mut changed = full();
        changed.locations[1].geo = Some((0.0, 0.0));
        encode(&changed, &mut b);
        assert_ne!(a, b);
    }
}
