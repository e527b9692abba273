//! `cargo xtask gen-content`: the deterministic sample-vacancy generator.
//!
//! Writes `<content>/districts/<slug>/vacancies/sample.json` for each of the five districts: a JSON array
//! of vacancies in the schema.org `JobPosting` vocabulary plus the `targetGroups` extension, as described
//! in `docs/content.md`. The occupations, employers, streets and wages are shaped after each district's
//! programme (advanced manufacturing in Huangpu, community jobs in Liwan, Hong Kong and Macao youth in
//! Nansha, the CBD in Tianhe, rural labour in Zengcheng); the employers are fictional and every contact
//! address is under `example.cn` / `example.com`.
//!
//! The tables it draws from — each district's streets and towns with their coordinates, the occupations with
//! their GB/T 6565 codes, pay ranges, skills and duties, the employers' brands and sectors, the stock phrases of
//! benefits and work hours — are data, in `xtask/data/*.toml`, embedded in the binary and checked when loaded
//! ([`data`]); this module is the logic that combines them.
//!
//! The output depends only on [`GenOptions`] and those files: a small SplitMix64 generator (no crates, no
//! clock, no hash map iteration) makes the same options give byte-identical files on every platform. Each
//! vacancy draws from its own stream, seeded from the seed, the district and its sequence number, so a larger
//! `per_district` count extends a smaller one (only the choice of expired vacancies differs).

mod data;

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use engine::date::Date;
use serde_json::{Map, Value, json};

use data::{Data, District, Edu, Emp, IND, Kind, Locality, OFF, Occupation};

/// The district slugs, in the order their random streams are numbered (`xtask/data/districts.toml` lists
/// the same districts in the same order).
pub const DISTRICTS: [&str; 5] = ["huangpu", "liwan", "nansha", "tianhe", "zengcheng"];

/// The target-group ids of the sample `site.toml`, in canonical order.
const TARGET_GROUPS: [&str; 7] = ["graduate", "4050", "employment-difficulty", "hk-macau-youth", "rural-labour", "veteran", "disabled"];

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenOptions {
    /// Vacancies per district.
    pub per_district: usize,
    /// Seed of the random streams; the same seed gives the same vacancies.
    pub seed: u64,
    /// The build date `(year, month, day)` the dates are laid out around: vacancies are posted in the 60
    /// days up to it, and all but a few (see [`generate`]) are still valid on it.
    pub anchor: (i32, u32, u32),
}

impl Default for GenOptions {
    /// 44 vacancies per district, seed 2026, anchored on the sample content's build date 2026-11-20.
    fn default() -> Self {
        Self { per_district: 44, seed: 2026, anchor: (2026, 11, 20) }
    }
}

const USAGE: &str = "usage: cargo xtask gen-content [--per-district N] [--seed S] [--out DIR] [--anchor YYYY-MM-DD]
  --per-district N   vacancies per district (default 44)
  --seed S           random seed (default 2026)
  --out DIR          content folder to write districts/<slug>/vacancies/sample.json into (default: content)
  --anchor DATE      build date the posting and expiry dates are laid out around (default 2026-11-20)";

/// Runs `cargo xtask gen-content [--per-district N] [--seed S] [--out DIR] [--anchor YYYY-MM-DD]`.
///
/// `--out` defaults to the workspace's `content` folder; flags also take the `--flag=value` form.
pub fn run(args: &[String]) -> Result<(), String> {
    let mut opts = GenOptions::default();
    let mut out: Option<PathBuf> = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        match flag {
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            "--per-district" | "--seed" | "--out" | "--anchor" => {
                let value = match inline {
                    Some(v) => v,
                    None => it.next().cloned().ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?,
                };
                match flag {
                    "--per-district" => {
                        opts.per_district = value.parse().map_err(|_| format!("--per-district: not a count: {value:?}\n{USAGE}"))?;
                    }
                    "--seed" => {
                        opts.seed = value.parse().map_err(|_| format!("--seed: not an unsigned integer: {value:?}\n{USAGE}"))?;
                    }
                    "--out" => out = Some(PathBuf::from(value)),
                    _ => opts.anchor = parse_date(&value).map_err(|e| format!("--anchor: {e}\n{USAGE}"))?,
                }
            }
            _ => return Err(format!("unknown argument {arg:?}\n{USAGE}")),
        }
    }
    let out =
        out.unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).parent().map_or_else(|| PathBuf::from("content"), |root| root.join("content")));
    let n = write_vacancies(&out, &opts)?;
    println!("wrote {n} vacancies to {}", out.display());
    Ok(())
}

/// Writes `<content_dir>/districts/<slug>/vacancies/sample.json` for every district in [`DISTRICTS`]
/// (a pretty-printed JSON array with a trailing newline; more than [`PER_FILE`] vacancies continue in
/// `sample-2.json`, …), creating the folders, and returns the total number of vacancies written.
///
/// The districts are written in parallel and each file is streamed, one vacancy at a time; the bytes
/// are the same as `serde_json::to_string_pretty(&generate(slug, opts))` plus a newline. Fails before
/// writing anything if the data files do not load.
pub fn write_vacancies(content_dir: &Path, opts: &GenOptions) -> Result<usize, String> {
    let data = data::load()?;
    let results: Vec<Result<usize, String>> = std::thread::scope(|scope| {
        let workers: Vec<_> = DISTRICTS.iter().map(|&slug| scope.spawn(move || write_district(data, content_dir, slug, opts))).collect();
        workers.into_iter().map(|w| w.join().unwrap_or_else(|_| Err("generator thread panicked".into()))).collect()
    });
    results.into_iter().sum()
}

/// The most vacancies one generated file holds: a district of more (a million-vacancy benchmark has
/// 200,000 per district, ~370 MB of pretty-printed JSON) is split into `sample.json`, `sample-2.json`, …,
/// as a team would split a big export; each stays well under sitegen's limit for one vacancy file
/// (256 MiB).
pub const PER_FILE: usize = 50_000;

fn write_district(data: &'static Data, content_dir: &Path, slug: &str, opts: &GenOptions) -> Result<usize, String> {
    let dir = content_dir.join("districts").join(slug).join("vacancies");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    write_parts(&dir, vacancies(data, slug, opts), PER_FILE)
}

/// Writes `list` into `dir` as `sample.json`, `sample-2.json`, … of at most `per_file` vacancies each
/// (always at least `sample.json`), removes further parts a bigger earlier run left, and returns how many
/// vacancies it wrote.
fn write_parts(dir: &Path, list: impl Iterator<Item = Value>, per_file: usize) -> Result<usize, String> {
    let mut all = list.peekable();
    let mut total = 0;
    for part in 1.. {
        let path = dir.join(if part == 1 { "sample.json".to_owned() } else { format!("sample-{part}.json") });
        total += write_file(&path, all.by_ref().take(per_file))?;
        if all.peek().is_none() {
            // A bigger earlier run's further parts would add their vacancies to this one's.
            for stale in part + 1.. {
                if std::fs::remove_file(dir.join(format!("sample-{stale}.json"))).is_err() {
                    break;
                }
            }
            break;
        }
    }
    Ok(total)
}

/// Writes `list` to `path` as a pretty-printed JSON array with a trailing newline, streamed one vacancy at
/// a time, and returns how many it wrote.
fn write_file(path: &Path, list: impl Iterator<Item = Value>) -> Result<usize, String> {
    let fail = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
    let file = std::fs::File::create(path).map_err(|e| fail(&e))?;
    let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
    let mut count = 0;
    let mut buf = Vec::with_capacity(8192);
    w.write_all(b"[").map_err(|e| fail(&e))?;
    for v in list {
        // What `to_writer_pretty` writes for an array element: its own pretty form, one level deeper.
        // JSON strings never hold a raw newline, so indenting after every newline is exact.
        buf.clear();
        serde_json::to_writer_pretty(&mut buf, &v).map_err(|e| fail(&e))?;
        w.write_all(if count == 0 { b"\n  " } else { b",\n  " }).map_err(|e| fail(&e))?;
        for line in buf.split_inclusive(|&b| b == b'\n') {
            w.write_all(line).map_err(|e| fail(&e))?;
            if line.ends_with(b"\n") {
                w.write_all(b"  ").map_err(|e| fail(&e))?;
            }
        }
        count += 1;
    }
    w.write_all(if count == 0 { b"]\n" } else { b"\n]\n" }).and_then(|()| w.flush()).map_err(|e| fail(&e))?;
    Ok(count)
}

/// The vacancies of one district (a slug from [`DISTRICTS`]; any other slug gives an empty list).
///
/// Identifiers are `<slug>-<6-digit sequence number>`. With 40 or more per district exactly 3 are
/// expired on the anchor date (their `validThrough` lies before it); with fewer, about 5%. About 10%
/// have no coordinates (at least one per district), about 5% no salary and 5% a single salary value.
///
/// # Panics
///
/// If the data files do not load (`cargo test -p xtask` checks they do); [`write_vacancies`] reports that
/// as an error instead.
#[allow(dead_code, reason = "API for the benchmarks; `write_vacancies` streams instead")]
pub fn generate(district: &str, opts: &GenOptions) -> Vec<Value> {
    let data = data::load().unwrap_or_else(|e| panic!("{e}"));
    vacancies(data, district, opts).collect()
}

/// The vacancies of one district, made one at a time.
fn vacancies(data: &'static Data, district: &str, opts: &GenOptions) -> impl Iterator<Item = Value> + use<> {
    let index = DISTRICTS.iter().position(|d| *d == district);
    let n = if index.is_some() { opts.per_district } else { 0 };
    let index = index.unwrap_or(0);
    let ctx = Ctx::new(data, index, opts);

    let mut expired = vec![false; n];
    let n_expired = if n >= 40 { 3 } else { (n + 10) / 20 };
    let mut rng = Rng::new(stream(opts.seed, index as u64, 2, 0));
    let mut chosen = 0;
    while chosen < n_expired {
        let i = rng.below(n as u64) as usize;
        if !expired[i] {
            expired[i] = true;
            chosen += 1;
        }
    }

    let mut no_geo: Vec<bool> = (0..n).map(|_| rng.chance(10)).collect();
    if n > 0 && !no_geo.contains(&true) {
        no_geo[rng.below(n as u64) as usize] = true;
    }

    (0..n).map(move |i| ctx.vacancy(i, expired[i], no_geo[i]))
}

// ---------------------------------------------------------------------------------------------------
// Random numbers and dates
// ---------------------------------------------------------------------------------------------------

/// SplitMix64: tiny, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`), by multiply-shift.
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below(u64::from(hi - lo) + 1) as u32
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// Uniform in `-amp..=amp`, in steps of `amp / 10000`.
    fn jitter(&mut self, amp: f64) -> f64 {
        (self.below(20_001) as f64 - 10_000.0) / 10_000.0 * amp
    }

    /// `k` distinct indices of `0..len`, in increasing order.
    fn subset(&mut self, len: usize, k: usize) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..len).collect();
        let k = k.min(len);
        for j in 0..k {
            let r = j + self.below((len - j) as u64) as usize;
            idx.swap(j, r);
        }
        idx.truncate(k);
        idx.sort_unstable();
        idx
    }
}

/// The seed of one random stream: `tag` says what it is for, `item` which one.
fn stream(seed: u64, district: u64, tag: u64, item: u64) -> u64 {
    let mut r = Rng::new(seed ^ 0x5155_414E_5955_0000);
    let a = r.next_u64() ^ district.wrapping_mul(0xD6E8_FEB8_6659_FD93);
    let b = Rng::new(a).next_u64() ^ tag.wrapping_mul(0xA076_1D64_78BD_642F);
    Rng::new(b).next_u64() ^ item.wrapping_mul(0xE703_7ED1_A0B4_28DB)
}

/// Days since 1970-01-01 of a date (the engine's calendar arithmetic).
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    Date { year: y, month: m, day: d }.days_since_epoch()
}

/// Parses `YYYY-MM-DD`.
fn parse_date(s: &str) -> Result<(i32, u32, u32), String> {
    Date::parse(s).map(|d| (d.year, d.month, d.day))
}

fn format_date(days: i64) -> String {
    Date::from_days_since_epoch(days).to_string()
}

// ---------------------------------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------------------------------

struct Employer {
    name: String,
    email: String,
    phone: String,
    same_as: Option<String>,
    /// Position in [`Data::sectors`].
    sector: usize,
}

/// What every vacancy of one district draws from.
struct Ctx {
    data: &'static Data,
    index: usize,
    seed: u64,
    district: &'static District,
    slug: &'static str,
    anchor: i64,
    /// `(cumulative weight, occupation)`.
    occupations: Vec<(u32, usize)>,
    employers: Vec<Employer>,
    /// Employers by position in [`Data::sectors`].
    by_sector: Vec<Vec<usize>>,
}

impl Ctx {
    fn new(data: &'static Data, index: usize, opts: &GenOptions) -> Self {
        let district = &data.districts[index];
        let (y, m, d) = opts.anchor;

        let mut occupations = Vec::new();
        let mut cum = 0;
        for (i, o) in data.occupations.iter().enumerate() {
            if o.district_weights[index] > 0 {
                cum += o.district_weights[index];
                occupations.push((cum, i));
            }
        }

        // Employers: each sector gets a share of about 18 according to the occupations it serves here.
        let mut share = vec![0u32; data.sectors.len()];
        let mut order: Vec<usize> = Vec::new();
        for o in data.occupations.iter().filter(|o| o.district_weights[index] > 0) {
            for &s in &o.sector_indices {
                if share[s] == 0 {
                    order.push(s);
                }
                share[s] += o.district_weights[index] * 60 / o.sector_indices.len() as u32;
            }
        }
        let total: u32 = share.iter().sum();
        let mut rng = Rng::new(stream(opts.seed, index as u64, 3, 0));
        let mut brands: Vec<usize> = (0..data.brands.len()).collect();
        for j in (1..brands.len()).rev() {
            brands.swap(j, rng.below(j as u64 + 1) as usize);
        }
        let mut employers = Vec::new();
        let mut by_sector = vec![Vec::new(); data.sectors.len()];
        for s in order {
            let n = ((share[s] * 18 + total / 2) / total).clamp(1, 3) as usize;
            let endings = &data.sectors[s].endings;
            let first = rng.below(endings.len() as u64) as usize;
            for k in 0..n {
                let brand = &data.brands[brands[employers.len() % data.brands.len()]];
                let (name, pinyin) = (&brand.name, &brand.pinyin);
                let place = rng.pick(&district.places);
                let ending = &endings[(first + k) % endings.len()];
                let domain = format!("{pinyin}-{}.example.cn", district.code);
                let mailbox = rng.pick(&data.mailboxes);
                let phone = format!("020-8{:07}", rng.below(10_000_000));
                let same_as = rng.chance(20).then(|| format!("https://www.example.com/employers/{pinyin}-{}", district.code));
                by_sector[s].push(employers.len());
                employers.push(Employer {
                    name: format!("广州{place}{name}{ending}"),
                    email: format!("{mailbox}@{domain}"),
                    phone,
                    same_as,
                    sector: s,
                });
            }
        }

        Self { data, index, seed: opts.seed, district, slug: DISTRICTS[index], anchor: days_from_civil(y, m, d), occupations, employers, by_sector }
    }

    fn pick_occupation(&self, rng: &mut Rng) -> &'static Occupation {
        let total = self.occupations.last().map_or(1, |&(c, _)| c);
        let r = rng.below(u64::from(total)) as u32;
        let at = self.occupations.partition_point(|&(c, _)| c <= r);
        &self.data.occupations[self.occupations[at].1]
    }

    fn pick_employer(&self, occ: &Occupation, rng: &mut Rng) -> &Employer {
        let present: Vec<usize> = occ.sector_indices.iter().copied().filter(|&s| !self.by_sector[s].is_empty()).collect();
        // Every sector of an occupation that occurs here has employers, so `present` is never empty.
        let s = *rng.pick(&present);
        &self.employers[*rng.pick(&self.by_sector[s])]
    }

    fn pick_locality(&self, occ: &Occupation, rng: &mut Rng) -> &'static Locality {
        let locs = &self.district.localities;
        let weight = |l: &Locality| if l.zones & occ.zones != 0 { 6 } else { 1 };
        let total: u64 = locs.iter().map(weight).sum();
        let mut r = rng.below(total);
        for l in locs {
            let w = weight(l);
            if r < w {
                return l;
            }
            r -= w;
        }
        &locs[locs.len() - 1]
    }

    fn place(&self, occ: &Occupation, rng: &mut Rng, with_geo: bool) -> Value {
        let l = self.pick_locality(occ, rng);
        let road = rng.pick(&l.roads);
        let number = if road.contains("大道") { rng.range(1, 2999) } else { rng.range(1, 399) };
        let mut street = format!("{road}{number}号");
        if l.zones & IND != 0 && matches!(occ.kind, Kind::Manual | Kind::Tech) && rng.chance(30) {
            let _ = write!(street, "{}栋", ["A", "B", "C", "D", "E", "F"][rng.below(6) as usize]);
        } else if l.zones & OFF != 0 && matches!(occ.kind, Kind::Office | Kind::Tech) && rng.chance(40) {
            let _ = write!(street, "{}楼", rng.range(2, 38));
        }
        let mut address = Map::new();
        address.insert("streetAddress".into(), street.into());
        address.insert("addressLocality".into(), l.name.as_str().into());
        address.insert("addressRegion".into(), "广东省广州市".into());
        if rng.chance(50) {
            address.insert("postalCode".into(), l.postal.as_str().into());
        }
        address.insert("addressCountry".into(), "CN".into());
        let mut place = Map::new();
        place.insert("address".into(), Value::Object(address));
        let lat = round4(l.lat + rng.jitter(self.district.jitter));
        let lon = round4(l.lon + rng.jitter(self.district.jitter));
        if with_geo {
            place.insert("geo".into(), json!({ "latitude": lat, "longitude": lon }));
        }
        Value::Object(place)
    }

    fn vacancy(&self, i: usize, expired: bool, no_geo: bool) -> Value {
        let mut rng = Rng::new(stream(self.seed, self.index as u64, 1, i as u64));
        let d = self.district;
        let occ = self.pick_occupation(&mut rng);
        let title = rng.pick(&occ.titles).as_str();
        let types = employment_types(occ, d, &mut rng);
        let employer = self.pick_employer(occ, &mut rng);

        let mut v = Map::new();
        v.insert("@context".into(), "https://schema.org".into());
        v.insert("@type".into(), "JobPosting".into());
        v.insert("identifier".into(), format!("{}-{:06}", self.slug, i + 1).into());
        v.insert("title".into(), title.into());

        // Dates.
        let (posted, valid) = if expired {
            let posted = self.anchor - i64::from(rng.range(40, 60));
            let longest = (self.anchor - 2 - posted) as u32;
            (posted, posted + i64::from(rng.range(30, longest)))
        } else {
            let posted = self.anchor - i64::from(rng.range(0, 60));
            let shortest = (self.anchor + 7 - posted).max(30) as u32;
            (posted, posted + i64::from(rng.range(shortest, 120)))
        };
        v.insert("datePosted".into(), format_date(posted).into());
        v.insert("validThrough".into(), format!("{}T23:59:59+08:00", format_date(valid)).into());

        v.insert(
            "employmentType".into(),
            if types.len() == 1 { types[0].as_str().into() } else { Value::Array(types.iter().map(|t| t.as_str().into()).collect()) },
        );

        let mut org = Map::new();
        org.insert("name".into(), employer.name.clone().into());
        if let Some(url) = &employer.same_as {
            org.insert("sameAs".into(), url.clone().into());
        }
        v.insert("hiringOrganization".into(), Value::Object(org));

        let location = if occ.kind == Kind::Service && rng.chance(4) {
            Value::Array(vec![self.place(occ, &mut rng, !no_geo), self.place(occ, &mut rng, !no_geo)])
        } else {
            self.place(occ, &mut rng, !no_geo)
        };
        v.insert("jobLocation".into(), location);

        if let Some(salary) = salary(occ, d, types[0], &mut rng) {
            v.insert("baseSalary".into(), salary);
        }

        // Education and experience.
        let edu = *rng.pick(&occ.education);
        let edu = if types[0] == Emp::Intern && edu == Edu::Postgrad { Edu::Bachelor } else { edu };
        let edu_value = match edu {
            Edu::None => Value::from("no requirements"),
            Edu::HighSchool => credential("high school"),
            Edu::Associate => credential("associate degree"),
            Edu::Bachelor => credential("bachelor degree"),
            Edu::Postgrad => credential("postgraduate degree"),
        };
        if rng.chance(95) {
            v.insert("educationRequirements".into(), edu_value);
        }
        let months = {
            let exp = occ.experience_months;
            let steps: Vec<u32> = data::EXPERIENCE_STEPS.into_iter().filter(|m| (exp.min..=exp.max).contains(m)).collect();
            *rng.pick(&steps)
        };
        if rng.chance(95) {
            v.insert(
                "experienceRequirements".into(),
                if months == 0 {
                    "no requirements".into()
                } else {
                    json!({ "@type": "OccupationalExperienceRequirements", "monthsOfExperience": months })
                },
            );
        }

        // Skills: 2–5 from the occupation, plus a language the district asks for.
        let max = occ.skills.len().min(5);
        let k = rng.range(2, max as u32) as usize;
        let mut skills: Vec<&str> = rng.subset(occ.skills.len(), k).into_iter().map(|j| occ.skills[j].as_str()).collect();
        let extra = match (self.slug, occ.kind) {
            ("nansha", Kind::Office | Kind::Tech | Kind::Service) if rng.chance(35) => Some(*rng.pick(&["粤语", "英语", "英语", "繁体中文"])),
            ("liwan", Kind::Service) if rng.chance(30) => Some("粤语"),
            _ => None,
        };
        if let Some(extra) = extra
            && skills.len() < 5
            && !skills.contains(&extra)
        {
            skills.push(extra);
        }

        let groups = target_groups(occ, self.slug, months, types[0], &mut rng);

        let phrases = &self.data.phrases;
        let benefits = benefits(phrases, occ, types[0], &groups, self.slug, &mut rng);
        v.insert("description".into(), description(phrases, occ, edu, months, &groups, &benefits, &mut rng).into());
        v.insert("skills".into(), Value::Array(skills.into_iter().map(Value::from).collect()));
        if rng.chance(95) {
            v.insert("occupationalCategory".into(), occ.category.as_str().into());
        }
        if rng.chance(80) {
            v.insert("industry".into(), self.data.sectors[employer.sector].industry.as_str().into());
        }
        if rng.chance(85) {
            let openings = match occ.kind {
                Kind::Manual | Kind::Agriculture => rng.range(2, 30),
                Kind::Service => rng.range(1, 10),
                Kind::Office => rng.range(1, 5),
                Kind::Tech => rng.range(1, 6),
            };
            v.insert("totalJobOpenings".into(), openings.into());
        }
        if rng.chance(70) {
            v.insert("directApply".into(), rng.chance(60).into());
        }
        if rng.chance(90) {
            let mut contact = Map::new();
            contact.insert("telephone".into(), employer.phone.clone().into());
            if rng.chance(85) {
                contact.insert("email".into(), employer.email.clone().into());
            }
            v.insert("applicationContact".into(), Value::Object(contact));
        }
        if rng.chance(55) {
            v.insert("workHours".into(), work_hours(phrases, occ.kind, types[0], &mut rng).into());
        }
        if rng.chance(60) {
            v.insert("jobBenefits".into(), benefits.join("、").into());
        }
        if !groups.is_empty() {
            v.insert("targetGroups".into(), Value::Array(groups.iter().map(|&g| g.into()).collect()));
        }
        Value::Object(v)
    }
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn credential(category: &str) -> Value {
    json!({ "@type": "EducationalOccupationalCredential", "credentialCategory": category })
}

fn employment_types(occ: &Occupation, d: &District, rng: &mut Rng) -> Vec<Emp> {
    let flexible: Vec<Emp> = occ.employment.iter().copied().filter(|t| matches!(t, Emp::PartTime | Emp::PerDiem)).collect();
    let first = if !flexible.is_empty() && rng.chance(d.flexible_percent) {
        *rng.pick(&flexible)
    } else if rng.chance(65) {
        occ.employment[0]
    } else {
        *rng.pick(&occ.employment)
    };
    let mut types = vec![first];
    if occ.employment.len() > 1 && rng.chance(12) {
        let other = *rng.pick(&occ.employment);
        if other != first && other != Emp::Intern && first != Emp::Intern {
            types.push(other);
        }
    }
    types
}

/// `x` rounded half up to a multiple of `step`.
fn round_to(x: u32, step: u32) -> u32 {
    (x + step / 2) / step * step
}

fn salary(occ: &Occupation, d: &District, first: Emp, rng: &mut Rng) -> Option<Value> {
    let roll = rng.below(100);
    if roll < 5 {
        return None;
    }
    let (lo, hi) = if first == Emp::Intern {
        (occ.pay.min.clamp(3000, 4000), occ.pay.max.clamp(3500, 4500))
    } else {
        (occ.pay.min * d.pay_percent / 100, occ.pay.max * d.pay_percent / 100)
    };
    let (unit, step, lo, hi) = match first {
        Emp::PerDiem => {
            let lo_d = round_to(lo * 115 / 100 / 26, 10).max(150);
            let hi_d = round_to(hi / 26, 10).clamp(lo_d + 30, lo_d + 120);
            ("DAY", 10, lo_d, hi_d)
        }
        Emp::PartTime => {
            let lo_h = (lo * 115 / 100 / 174).max(24);
            ("HOUR", 1, lo_h, (hi / 174).clamp(lo_h + 4, lo_h + 15))
        }
        _ => ("MONTH", 100, lo, hi),
    };
    let span = hi - lo;
    let min = lo + rng.below(u64::from(span * 45 / 100) + 1) as u32;
    let max = (min + span * 30 / 100 + rng.below(u64::from(span / 2) + 1) as u32).min(hi);
    let min = round_to(min, step);
    let max = round_to(max, step).max(min + step);
    let value = if roll >= 95 {
        json!({ "@type": "QuantitativeValue", "value": round_to((min + max) / 2, step), "unitText": unit })
    } else {
        json!({ "@type": "QuantitativeValue", "minValue": min, "maxValue": max, "unitText": unit })
    };
    Some(json!({ "@type": "MonetaryAmount", "currency": "CNY", "value": value }))
}

fn target_groups(occ: &Occupation, slug: &str, months: u32, first: Emp, rng: &mut Rng) -> Vec<&'static str> {
    let mut wanted = [false; TARGET_GROUPS.len()];
    let mut want = |g: &str| {
        if let Some(j) = TARGET_GROUPS.iter().position(|t| *t == g) {
            wanted[j] = true;
        }
    };
    for g in &occ.groups {
        if rng.chance(40) {
            want(g);
        }
    }
    match (slug, occ.kind) {
        ("huangpu", Kind::Manual) if rng.chance(25) => want("rural-labour"),
        ("huangpu" | "tianhe", Kind::Tech | Kind::Office) if rng.chance(30) => want("graduate"),
        ("liwan", Kind::Service | Kind::Manual) => {
            if rng.chance(40) {
                want("4050");
            }
            if rng.chance(30) {
                want("employment-difficulty");
            }
        }
        ("liwan", Kind::Office) if rng.chance(40) => want("graduate"),
        ("nansha", Kind::Office | Kind::Tech) if rng.chance(55) => want("hk-macau-youth"),
        ("nansha", Kind::Service) if rng.chance(25) => want("hk-macau-youth"),
        ("zengcheng", Kind::Manual | Kind::Agriculture | Kind::Service) if rng.chance(55) => want("rural-labour"),
        _ => {}
    }
    // Consistency: graduates get entry-level jobs, "4050" no engineering posts.
    if months > 12 && first != Emp::Intern {
        wanted[0] = false;
    }
    if occ.kind == Kind::Tech {
        wanted[1] = false;
    }
    // Hong Kong and Macao youth are a programme of Nansha, Tianhe and Huangpu.
    if matches!(slug, "liwan" | "zengcheng") {
        wanted[3] = false;
    }
    let mut groups: Vec<&'static str> = TARGET_GROUPS.iter().zip(wanted).filter_map(|(g, w)| w.then_some(*g)).collect();
    while groups.len() > 3 {
        groups.remove(rng.below(groups.len() as u64) as usize);
    }
    groups
}

/// The first benefit the employment type brings, the Nansha subsidy for Hong Kong and Macao youth, and 2 to 4
/// of the kind of work's, at most 4 in all.
fn benefits(phrases: &'static data::Phrases, occ: &Occupation, first: Emp, groups: &[&str], slug: &str, rng: &mut Rng) -> Vec<&'static str> {
    let pool = phrases.benefits.get(occ.kind);
    let mut out: Vec<&'static str> = Vec::new();
    if let Some(benefit) = phrases.benefits_by_type.get(first) {
        out.push(benefit);
    }
    if slug == "nansha" && groups.contains(&"hk-macau-youth") && rng.chance(50) {
        out.push("协助申请港澳青年就业补贴");
    }
    let k = rng.range(2, 4) as usize;
    for j in rng.subset(pool.len(), k) {
        if out.len() < 4 {
            out.push(&pool[j]);
        }
    }
    out
}

/// The employment type's own work hours if it has them, else the kind of work's.
fn work_hours(phrases: &'static data::Phrases, kind: Kind, first: Emp, rng: &mut Rng) -> &'static str {
    let pool = phrases.work_hours_by_type.get(first).unwrap_or_else(|| phrases.work_hours.get(kind));
    &pool[rng.below(pool.len() as u64) as usize]
}

fn description(phrases: &data::Phrases, occ: &Occupation, edu: Edu, months: u32, groups: &[&str], benefits: &[&str], rng: &mut Rng) -> String {
    let mut s = String::with_capacity(640);
    s.push_str("**岗位职责**\n\n");
    let k = rng.range(3, 4) as usize;
    for j in rng.subset(occ.duties.len(), k) {
        let _ = writeln!(s, "- {}", occ.duties[j]);
    }
    s.push_str("\n**任职要求**\n\n");
    let _ = writeln!(s, "- {}", phrases.education.get(edu));
    match months {
        0 if groups.contains(&"graduate") => s.push_str("- 欢迎应届毕业生，有带教培训\n"),
        0 => s.push_str("- 无经验可培训上岗\n"),
        6 => s.push_str("- 半年以上相关工作经验\n"),
        m => {
            let _ = writeln!(s, "- {}年以上相关工作经验", m / 12);
        }
    }
    let k = rng.range(2, 3) as usize;
    for j in rng.subset(occ.requirements.len(), k) {
        let _ = writeln!(s, "- {}", occ.requirements[j]);
    }
    let note = groups.iter().find_map(|g| phrases.group_notes.get(*g));
    if let Some(note) = note {
        let _ = writeln!(s, "- {note}");
    }
    s.push_str("\n**福利待遇**\n\n");
    for b in benefits {
        let _ = writeln!(s, "- {b}");
    }
    s.truncate(s.trim_end().len());
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A district's slug and its extent: `(lowest, highest)` latitude, then longitude.
    pub(super) type Extent = (&'static str, (f64, f64), (f64, f64));

    /// Each district's extent, with room for the coordinates' jitter.
    pub(super) const DISTRICT_BOUNDS: [Extent; 5] = [
        ("huangpu", (23.02, 23.45), (113.36, 113.63)),
        ("liwan", (23.04, 23.17), (113.17, 113.28)),
        ("nansha", (22.55, 22.93), (113.28, 113.72)),
        ("tianhe", (23.09, 23.25), (113.29, 113.46)),
        ("zengcheng", (23.08, 23.63), (113.53, 114.0)),
    ];

    fn obj(v: &Value) -> &Map<String, Value> {
        v.as_object().expect("an object")
    }

    fn keys_within(v: &Value, allowed: &[&str], what: &str) {
        for k in obj(v).keys() {
            assert!(allowed.contains(&k.as_str()), "{what}: unexpected key {k:?} in {v}");
        }
    }

    fn parse_day(s: &str) -> i64 {
        let (y, m, d) = parse_date(s).unwrap_or_else(|e| panic!("{e}"));
        days_from_civil(y, m, d)
    }

    #[test]
    fn deterministic() {
        let opts = GenOptions::default();
        for slug in DISTRICTS {
            let a = serde_json::to_string_pretty(&generate(slug, &opts)).unwrap();
            let b = serde_json::to_string_pretty(&generate(slug, &opts)).unwrap();
            assert_eq!(a, b);
        }
        let other = GenOptions { seed: 7, ..GenOptions::default() };
        assert_ne!(generate("tianhe", &opts), generate("tianhe", &other));
        // A larger count extends a smaller one, apart from the expired ones.
        let big = GenOptions { per_district: 100, ..GenOptions::default() };
        let small = generate("nansha", &opts);
        let large = generate("nansha", &big);
        assert_eq!(small[0]["title"], large[0]["title"]);
        assert_eq!(small[0]["hiringOrganization"], large[0]["hiringOrganization"]);
        assert!(generate("nowhere", &opts).is_empty());
    }

    #[test]
    fn identifiers_unique_and_well_formed() {
        let opts = GenOptions { per_district: 300, ..GenOptions::default() };
        let mut seen = std::collections::BTreeSet::new();
        for slug in DISTRICTS {
            for (i, v) in generate(slug, &opts).iter().enumerate() {
                let id = v["identifier"].as_str().unwrap();
                assert_eq!(id, format!("{slug}-{:06}", i + 1));
                assert!(id.len() <= 64);
                assert!(id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
                assert!(seen.insert(id.to_string()), "duplicate {id}");
            }
        }
    }

    fn check_salary(s: &Value) {
        keys_within(s, &["@type", "currency", "value"], "baseSalary");
        assert_eq!(s["currency"], "CNY");
        let q = &s["value"];
        keys_within(q, &["@type", "minValue", "maxValue", "value", "unitText"], "baseSalary.value");
        let unit = q["unitText"].as_str().unwrap();
        let step = match unit {
            "MONTH" => 100,
            "DAY" => 10,
            "HOUR" => 1,
            _ => panic!("unit {unit}"),
        };
        let nums: Vec<u64> = if let Some(v) = q.get("value") {
            assert!(q.get("minValue").is_none() && q.get("maxValue").is_none());
            vec![v.as_u64().unwrap()]
        } else {
            let (min, max) = (q["minValue"].as_u64().unwrap(), q["maxValue"].as_u64().unwrap());
            assert!(min <= max, "{q}");
            vec![min, max]
        };
        for n in nums {
            assert_eq!(n % step, 0, "{q}");
            match unit {
                "MONTH" => assert!((3000..=45_000).contains(&n), "{q}"),
                "DAY" => assert!((150..=600).contains(&n), "{q}"),
                _ => assert!((24..=80).contains(&n), "{q}"),
            }
        }
    }

    fn check_place(p: &Value, slug: &str) -> bool {
        keys_within(p, &["address", "geo"], "jobLocation");
        let a = &p["address"];
        keys_within(a, &["streetAddress", "addressLocality", "addressRegion", "postalCode", "addressCountry"], "address");
        let index = DISTRICTS.iter().position(|d| *d == slug).unwrap();
        let locality = a["addressLocality"].as_str().unwrap();
        assert!(data::load().unwrap().districts[index].localities.iter().any(|l| l.name == locality));
        assert!(a["streetAddress"].as_str().unwrap().contains('号'));
        let Some(geo) = p.get("geo") else {
            return false;
        };
        keys_within(geo, &["latitude", "longitude"], "geo");
        let (lat, lon) = (geo["latitude"].as_f64().unwrap(), geo["longitude"].as_f64().unwrap());
        let (name, (la, lb), (oa, ob)) = DISTRICT_BOUNDS[index];
        assert_eq!(name, slug);
        assert!((la..=lb).contains(&lat) && (oa..=ob).contains(&lon), "{slug}: {lat},{lon}");
        true
    }

    #[test]
    fn generated_vacancies_pass_the_engine_validator() {
        let rules = engine::validate::Rules {
            target_groups: ["graduate", "4050", "employment-difficulty", "hk-macau-youth", "rural-labour", "veteran", "disabled"]
                .into_iter()
                .map(String::from)
                .collect(),
        };
        let build_date = Date::new(2026, 11, 20).unwrap();
        for slug in DISTRICTS {
            let text = serde_json::to_string_pretty(&generate(slug, &GenOptions::default())).unwrap();
            let mut diags = engine::diag::Diagnostics::new();
            let vacancies = engine::validate::parse_vacancy_file("sample.json", &text, slug, &rules, &mut diags);
            assert!(!diags.has_errors(), "{slug}: {:?}", diags.sorted());
            assert_eq!(vacancies.len(), 44);
            assert!(vacancies.iter().filter(|v| !v.is_expired(build_date)).count() >= 40, "{slug}");
        }
    }

    #[test]
    fn default_content_is_valid() {
        const TOP: &[&str] = engine::validate::KNOWN_PROPERTIES;
        const TYPES: &[&str] = &["FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN", "VOLUNTEER", "PER_DIEM", "OTHER"];
        const CREDENTIALS: &[&str] = &["high school", "associate degree", "bachelor degree", "professional certificate", "postgraduate degree"];
        let opts = GenOptions::default();
        let anchor = days_from_civil(2026, 11, 20);
        let mut desc_lengths = Vec::new();
        for slug in DISTRICTS {
            let vacancies = generate(slug, &opts);
            assert_eq!(vacancies.len(), 44);
            let (mut valid, mut without_geo) = (0, 0);
            for v in &vacancies {
                keys_within(v, TOP, "vacancy");
                for key in ["identifier", "title", "description", "datePosted", "hiringOrganization"] {
                    assert!(v.get(key).is_some(), "{key} missing in {v}");
                }
                assert_eq!(v["@context"], "https://schema.org");
                assert_eq!(v["@type"], "JobPosting");

                let posted = parse_day(v["datePosted"].as_str().unwrap());
                assert!((anchor - 60..=anchor).contains(&posted));
                let through = v["validThrough"].as_str().unwrap();
                let (date, time) = through.split_once('T').unwrap();
                assert_eq!(time, "23:59:59+08:00");
                let through = parse_day(date);
                assert!((posted + 30..=posted + 120).contains(&through), "{v}");
                if through >= anchor {
                    valid += 1;
                }

                let title = v["title"].as_str().unwrap();
                assert!(!title.is_empty() && !title.contains('<'));
                let desc = v["description"].as_str().unwrap();
                for heading in ["**岗位职责**", "**任职要求**", "**福利待遇**"] {
                    assert!(desc.contains(heading));
                }
                assert!(!desc.contains('<') && !desc.contains('>'));
                desc_lengths.push(desc.chars().count());

                match &v["employmentType"] {
                    Value::String(t) => assert!(TYPES.contains(&t.as_str())),
                    Value::Array(ts) => {
                        assert!(ts.len() >= 2);
                        assert!(ts.iter().all(|t| TYPES.contains(&t.as_str().unwrap())));
                    }
                    other => panic!("employmentType {other}"),
                }

                let org = &v["hiringOrganization"];
                keys_within(org, &["name", "sameAs", "logo"], "hiringOrganization");
                assert!(org["name"].as_str().unwrap().starts_with("广州"));

                match &v["jobLocation"] {
                    Value::Array(places) => {
                        let with: Vec<bool> = places.iter().map(|p| check_place(p, slug)).collect();
                        if with.iter().any(|w| !w) {
                            without_geo += 1;
                        }
                    }
                    Value::Null => panic!("no jobLocation"),
                    place => {
                        if !check_place(place, slug) {
                            without_geo += 1;
                        }
                    }
                }

                if let Some(s) = v.get("baseSalary") {
                    check_salary(s);
                }
                match v.get("educationRequirements") {
                    None => {}
                    Some(Value::String(s)) => assert_eq!(s, "no requirements"),
                    Some(e) => {
                        keys_within(e, &["@type", "credentialCategory"], "educationRequirements");
                        assert!(CREDENTIALS.contains(&e["credentialCategory"].as_str().unwrap()));
                    }
                }
                match v.get("experienceRequirements") {
                    None => {}
                    Some(Value::String(s)) => assert_eq!(s, "no requirements"),
                    Some(e) => {
                        keys_within(e, &["@type", "monthsOfExperience"], "experienceRequirements");
                        assert!(e["monthsOfExperience"].as_u64().unwrap() > 0);
                    }
                }
                let skills = v["skills"].as_array().unwrap();
                assert!((2..=5).contains(&skills.len()), "{skills:?}");
                let mut unique: Vec<&str> = skills.iter().map(|s| s.as_str().unwrap()).collect();
                unique.sort_unstable();
                unique.dedup();
                assert_eq!(unique.len(), skills.len());
                if let Some(n) = v.get("totalJobOpenings") {
                    assert!((1..=30).contains(&n.as_u64().unwrap()));
                }
                if let Some(b) = v.get("directApply") {
                    assert!(b.is_boolean());
                }
                if let Some(c) = v.get("applicationContact") {
                    keys_within(c, &["telephone", "email", "url"], "applicationContact");
                    let tel = c["telephone"].as_str().unwrap();
                    assert!(tel.starts_with("020-8") && tel.len() == 12, "{tel}");
                    if let Some(e) = c.get("email") {
                        assert!(e.as_str().unwrap().ends_with(".example.cn"));
                    }
                }
                for key in ["workHours", "jobBenefits", "industry", "occupationalCategory"] {
                    if let Some(s) = v.get(key) {
                        assert!(!s.as_str().unwrap().is_empty());
                    }
                }
                if let Some(groups) = v.get("targetGroups") {
                    let groups = groups.as_array().unwrap();
                    assert!((1..=3).contains(&groups.len()));
                    for g in groups {
                        assert!(TARGET_GROUPS.contains(&g.as_str().unwrap()));
                    }
                }
            }
            assert_eq!(valid, 41, "{slug}: exactly 3 expired");
            assert!(without_geo >= 1, "{slug}: some vacancy without coordinates");
        }
        desc_lengths.sort_unstable();
        let median = desc_lengths[desc_lengths.len() / 2];
        assert!((150..=300).contains(&median), "median description length {median}");
        assert!(desc_lengths[0] >= 100 && *desc_lengths.last().unwrap() <= 360, "{desc_lengths:?}");
    }

    #[test]
    fn small_and_large_counts() {
        for n in [0, 1, 5, 19, 39] {
            let opts = GenOptions { per_district: n, ..GenOptions::default() };
            let v = generate("liwan", &opts);
            assert_eq!(v.len(), n);
            let anchor = days_from_civil(2026, 11, 20);
            let expired = v.iter().filter(|v| parse_day(&v["validThrough"].as_str().unwrap()[..10]) < anchor).count();
            assert_eq!(expired, (n + 10) / 20);
        }
    }

    #[test]
    fn employers_are_distinct() {
        let data = data::load().unwrap();
        for index in 0..DISTRICTS.len() {
            let ctx = Ctx::new(data, index, &GenOptions::default());
            assert!(ctx.employers.len() <= data.brands.len(), "{} employers", ctx.employers.len());
            let mut names: Vec<&str> = ctx.employers.iter().map(|e| e.name.as_str()).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), ctx.employers.len());
            let mut domains: Vec<&str> = ctx.employers.iter().map(|e| e.email.split_once('@').unwrap().1).collect();
            domains.sort_unstable();
            domains.dedup();
            assert_eq!(domains.len(), ctx.employers.len(), "one e-mail domain per employer");
        }
    }

    #[test]
    fn big_districts_are_split_into_parts() {
        let dir = std::env::temp_dir().join(format!("quanyu-gen-parts-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        // What a bigger earlier run left: a fourth and fifth part.
        std::fs::write(dir.join("sample-4.json"), "[]\n").unwrap();
        std::fs::write(dir.join("sample-5.json"), "[]\n").unwrap();
        let opts = GenOptions { per_district: 7, ..GenOptions::default() };
        let expected = generate("tianhe", &opts);
        assert_eq!(write_parts(&dir, expected.clone().into_iter(), 3).unwrap(), 7);
        let mut names: Vec<String> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        names.sort();
        assert_eq!(names, ["sample-2.json", "sample-3.json", "sample.json"]);
        let mut back = Vec::new();
        for (name, len) in [("sample.json", 3), ("sample-2.json", 3), ("sample-3.json", 1)] {
            let text = std::fs::read_to_string(dir.join(name)).unwrap();
            let part: Vec<Value> = serde_json::from_str(&text).unwrap();
            assert_eq!(part.len(), len, "{name}");
            assert_eq!(text, format!("{}\n", serde_json::to_string_pretty(&part).unwrap()), "{name}: the streamed bytes");
            back.extend(part);
        }
        assert_eq!(back, expected);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn writes_files_and_parses_arguments() {
        let dir = std::env::temp_dir().join(format!("quanyu-gen-content-{}", std::process::id()));
        let opts = GenOptions { per_district: 3, ..GenOptions::default() };
        assert_eq!(write_vacancies(&dir, &opts), Ok(15));
        for slug in DISTRICTS {
            let text = std::fs::read_to_string(dir.join("districts").join(slug).join("vacancies/sample.json")).unwrap();
            assert!(text.ends_with("]\n") && text.starts_with("[\n  {\n"));
            let expected = serde_json::to_string_pretty(&generate(slug, &opts)).unwrap() + "\n";
            assert_eq!(text, expected);
        }
        let args: Vec<String> = ["--per-district", "2", "--seed=9", "--anchor", "2027-01-31", "--out"]
            .iter()
            .map(|s| s.to_string())
            .chain([dir.display().to_string()])
            .collect();
        assert_eq!(run(&args), Ok(()));
        let empty = GenOptions { per_district: 0, ..GenOptions::default() };
        assert_eq!(write_vacancies(&dir, &empty), Ok(0));
        let text = std::fs::read_to_string(dir.join("districts/tianhe/vacancies/sample.json")).unwrap();
        assert_eq!(text, "[]\n");
        let _ = std::fs::remove_dir_all(&dir);
        assert!(run(&["--bogus".to_string()]).unwrap_err().contains("usage"));
        assert!(run(&["--seed".to_string()]).is_err());
        assert!(run(&["--anchor".to_string(), "2026-13-01".to_string()]).is_err());
    }
}
