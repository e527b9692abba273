//! `cargo xtask gen-content`: the deterministic sample-vacancy generator.
//!
//! Writes `<content>/districts/<slug>/vacancies/sample.json` for each of the five districts: a JSON array
//! of vacancies in the schema.org `JobPosting` vocabulary plus the `targetGroups` extension, as described
//! in `docs/content.md`. The occupations, employers, streets and wages are shaped after each district's
//! programme (advanced manufacturing in Huangpu, community jobs in Liwan, Hong Kong and Macao youth in
//! Nansha, the CBD in Tianhe, rural labour in Zengcheng); the employers are fictional and every contact
//! address is under `example.cn` / `example.com`.
//!
//! The output depends only on [`GenOptions`]: a small SplitMix64 generator (no crates, no clock, no hash
//! map iteration) makes the same options give byte-identical files on every platform. Each vacancy draws
//! from its own stream, seeded from the seed, the district and its sequence number, so a larger
//! `per_district` count extends a smaller one (only the choice of expired vacancies differs).

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use engine::date::Date;
use serde_json::{Map, Value, json};

/// The district slugs, in the order their random streams are numbered.
pub const DISTRICTS: [&str; 5] = ["huangpu", "liwan", "nansha", "tianhe", "zengcheng"];

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
/// (a pretty-printed JSON array with a trailing newline), creating the folders, and returns the total
/// number of vacancies written.
///
/// The districts are written in parallel and each file is streamed, one vacancy at a time; the bytes
/// are the same as `serde_json::to_string_pretty(&generate(slug, opts))` plus a newline.
pub fn write_vacancies(content_dir: &Path, opts: &GenOptions) -> Result<usize, String> {
    let results: Vec<Result<usize, String>> = std::thread::scope(|scope| {
        let workers: Vec<_> = DISTRICTS.iter().map(|&slug| scope.spawn(move || write_district(content_dir, slug, opts))).collect();
        workers.into_iter().map(|w| w.join().unwrap_or_else(|_| Err("generator thread panicked".into()))).collect()
    });
    results.into_iter().sum()
}

fn write_district(content_dir: &Path, slug: &str, opts: &GenOptions) -> Result<usize, String> {
    let dir = content_dir.join("districts").join(slug).join("vacancies");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let path = dir.join("sample.json");
    let fail = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
    let file = std::fs::File::create(&path).map_err(|e| fail(&e))?;
    let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
    let mut count = 0;
    let mut buf = Vec::with_capacity(8192);
    w.write_all(b"[").map_err(|e| fail(&e))?;
    for v in vacancies(slug, opts) {
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
#[allow(dead_code, reason = "API for the benchmarks; `write_vacancies` streams instead")]
pub fn generate(district: &str, opts: &GenOptions) -> Vec<Value> {
    vacancies(district, opts).collect()
}

/// The vacancies of one district, made one at a time.
fn vacancies(district: &str, opts: &GenOptions) -> impl Iterator<Item = Value> + use<> {
    let index = DISTRICTS.iter().position(|d| *d == district);
    let n = if index.is_some() { opts.per_district } else { 0 };
    let index = index.unwrap_or(0);
    let ctx = Ctx::new(index, opts);

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
// Tables: districts, employers' sectors, occupations
// ---------------------------------------------------------------------------------------------------

/// Kinds of place, as bits: a street or town has one or more, an occupation prefers one or more.
const IND: u8 = 1; // factories and industrial parks
const OFF: u8 = 2; // offices, R&D parks, CBD
const COM: u8 = 4; // residential and shopping streets
const RUR: u8 = 8; // villages, farms, orchards
const PORT: u8 = 16; // ports and logistics

/// A street (街道) or town (镇) of a district.
struct Locality {
    name: &'static str,
    lat: f64,
    lon: f64,
    zones: u8,
    postal: &'static str,
    roads: &'static [&'static str],
}

const fn loc(name: &'static str, lat: f64, lon: f64, zones: u8, postal: &'static str, roads: &'static [&'static str]) -> Locality {
    Locality { name, lat, lon, zones, postal, roads }
}

struct District {
    /// Short code for e-mail domains.
    code: &'static str,
    /// Place names employers are named after.
    places: &'static [&'static str],
    /// Wage level in percent of the city-wide table.
    pay_pct: u32,
    /// Percent of vacancies that take a part-time or per-diem form when the occupation has one.
    flexible_pct: u64,
    /// Coordinates jitter, degrees.
    jitter: f64,
    localities: &'static [Locality],
}

#[rustfmt::skip]
const HUANGPU: District = District {
    code: "hp",
    places: &["黄埔", "科学城", "知识城", "云埔", "萝岗", "开发区"],
    pay_pct: 103,
    flexible_pct: 10,
    jitter: 0.01,
    localities: &[
        loc("黄埔街道", 23.103, 113.437, PORT | COM, "510700", &["黄埔东路", "港前路"]),
        loc("红山街道", 23.086, 113.468, PORT | COM, "510700", &["红山三路", "黄埔东路"]),
        loc("鱼珠街道", 23.106, 113.421, COM, "510700", &["茅岗路", "黄埔东路"]),
        loc("大沙街道", 23.108, 113.452, COM, "510700", &["大沙地东路", "大沙东路"]),
        loc("文冲街道", 23.103, 113.490, IND | COM, "510700", &["黄埔东路", "石化路"]),
        loc("穗东街道", 23.105, 113.522, IND, "510700", &["黄埔东路", "庙头路"]),
        loc("南岗街道", 23.115, 113.545, IND, "510760", &["黄埔东路", "南岗路"]),
        loc("长洲街道", 23.085, 113.428, COM, "510715", &["金洲北路", "长洲路"]),
        loc("夏港街道", 23.105, 113.470, IND | PORT, "510730", &["开发大道", "宏明路", "夏港大道"]),
        loc("萝岗街道", 23.180, 113.480, COM | OFF, "510530", &["香雪大道中", "开达路", "水西路"]),
        loc("联和街道", 23.170, 113.440, OFF | IND, "510663", &["科学大道", "开源大道", "神舟路", "开泰大道"]),
        loc("永和街道", 23.190, 113.590, IND, "511356", &["永顺大道中", "禾丰路"]),
        loc("东区街道", 23.140, 113.500, IND, "510530", &["开创大道", "东鹏大道", "东众路"]),
        loc("云埔街道", 23.160, 113.520, IND, "510530", &["云埔一路", "开创大道", "骏丰路"]),
        loc("长岭街道", 23.280, 113.500, OFF | IND, "510555", &["知识大道", "九龙大道"]),
        loc("龙湖街道", 23.300, 113.520, RUR | IND, "510555", &["九龙大道"]),
        loc("九佛街道", 23.330, 113.470, RUR, "510555", &["九佛西路"]),
        loc("新龙镇", 23.350, 113.560, RUR, "511365", &["镇龙大道"]),
    ],
};

#[rustfmt::skip]
const LIWAN: District = District {
    code: "lw",
    places: &["荔湾", "芳村", "西关", "花地", "白鹅潭"],
    pay_pct: 97,
    flexible_pct: 50,
    jitter: 0.005,
    localities: &[
        loc("沙面街道", 23.107, 113.242, COM | OFF, "510130", &["沙面北街", "沙面大街"]),
        loc("岭南街道", 23.115, 113.252, COM, "510140", &["和平中路", "杉木栏路"]),
        loc("华林街道", 23.119, 113.249, COM, "510140", &["下九路", "康王中路"]),
        loc("多宝街道", 23.121, 113.240, COM, "510140", &["多宝路", "宝华路"]),
        loc("昌华街道", 23.119, 113.239, COM, "510140", &["恩宁路", "宝源路"]),
        loc("逢源街道", 23.127, 113.240, COM, "510150", &["逢源路", "龙津西路"]),
        loc("龙津街道", 23.128, 113.250, COM, "510150", &["龙津中路", "长寿西路"]),
        loc("金花街道", 23.133, 113.245, COM, "510160", &["中山八路", "西华路"]),
        loc("彩虹街道", 23.133, 113.253, COM, "510160", &["中山七路", "西华路"]),
        loc("南源街道", 23.143, 113.243, COM | IND, "510160", &["南岸路", "西湾路"]),
        loc("西村街道", 23.146, 113.251, COM, "510160", &["西湾路", "西增路"]),
        loc("站前街道", 23.147, 113.258, COM | OFF, "510160", &["站前路", "站西路"]),
        loc("桥中街道", 23.130, 113.230, COM, "510170", &["桥中中路", "浣花路"]),
        loc("白鹤洞街道", 23.092, 113.235, COM | OFF, "510380", &["鹤洞路", "芳村大道东"]),
        loc("冲口街道", 23.092, 113.244, COM, "510370", &["芳村大道中", "信义路"]),
        loc("花地街道", 23.097, 113.228, COM | OFF, "510370", &["花地大道中", "芳村大道中"]),
        loc("石围塘街道", 23.110, 113.232, COM | PORT, "510370", &["芳村大道西", "石围塘路"]),
        loc("茶滘街道", 23.102, 113.232, COM, "510370", &["芳村大道中", "茶滘路"]),
        loc("东漖街道", 23.098, 113.219, COM, "510370", &["东漖北路", "花地大道北"]),
        loc("海龙街道", 23.082, 113.208, RUR | COM, "510375", &["龙溪大道", "海北路"]),
        loc("东沙街道", 23.070, 113.232, IND | RUR, "510385", &["东沙大道", "芳村大道南"]),
        loc("中南街道", 23.072, 113.213, IND, "510385", &["龙溪大道", "中南路"]),
    ],
};

#[rustfmt::skip]
const NANSHA: District = District {
    code: "ns",
    places: &["南沙", "明珠湾", "庆盛", "南沙港", "蕉门"],
    pay_pct: 104,
    flexible_pct: 10,
    jitter: 0.01,
    localities: &[
        loc("南沙街道", 22.795, 113.560, OFF | COM, "511458", &["进港大道", "海滨路", "港前大道", "环市大道中"]),
        loc("珠江街道", 22.710, 113.620, RUR, "511462", &["珠江东路"]),
        loc("龙穴街道", 22.690, 113.650, PORT | IND, "511464", &["龙穴大道"]),
        loc("万顷沙镇", 22.690, 113.560, RUR | PORT, "511462", &["万环西路"]),
        loc("横沥镇", 22.740, 113.500, OFF | RUR, "511466", &["横沥大道"]),
        loc("黄阁镇", 22.830, 113.530, IND | COM, "511455", &["黄阁大道东", "南沙大道"]),
        loc("东涌镇", 22.880, 113.460, OFF | COM | IND, "511475", &["市南路", "庆盛大道"]),
        loc("大岗镇", 22.800, 113.410, IND, "511470", &["豪岗大道"]),
        loc("榄核镇", 22.840, 113.350, RUR, "511480", &["榄核大道"]),
    ],
};

#[rustfmt::skip]
const TIANHE: District = District {
    code: "th",
    places: &["天河", "珠江新城", "天河北", "五山", "天河智慧城"],
    pay_pct: 108,
    flexible_pct: 15,
    jitter: 0.006,
    localities: &[
        loc("冼村街道", 23.124, 113.330, OFF, "510623", &["花城大道", "冼村路", "珠江东路"]),
        loc("猎德街道", 23.117, 113.337, OFF | COM, "510623", &["猎德大道", "花城大道", "临江大道"]),
        loc("天河南街道", 23.135, 113.323, OFF | COM, "510620", &["天河路", "体育东路", "天河南二路"]),
        loc("林和街道", 23.145, 113.325, OFF | COM, "510610", &["林和西路", "天河北路"]),
        loc("石牌街道", 23.135, 113.342, OFF | COM, "510630", &["天河路", "石牌东路"]),
        loc("沙河街道", 23.158, 113.326, COM, "510500", &["先烈东路", "广州大道北"]),
        loc("员村街道", 23.125, 113.362, OFF | COM, "510650", &["黄埔大道中", "员村二横路"]),
        loc("车陂街道", 23.128, 113.392, COM, "510660", &["车陂路", "中山大道西"]),
        loc("棠下街道", 23.133, 113.377, OFF | COM, "510665", &["中山大道西", "科韵路"]),
        loc("天园街道", 23.131, 113.360, OFF, "510665", &["建中路", "天府路", "中山大道西"]),
        loc("五山街道", 23.155, 113.348, OFF | COM, "510640", &["五山路", "瘦狗岭路"]),
        loc("兴华街道", 23.165, 113.350, COM, "510507", &["兴华路", "沙太路"]),
        loc("龙洞街道", 23.195, 113.370, COM, "510520", &["广汕一路", "龙洞北路"]),
        loc("长兴街道", 23.170, 113.372, OFF | COM, "510520", &["华观路", "长兴路"]),
        loc("珠吉街道", 23.130, 113.405, COM | IND, "510660", &["中山大道中", "珠吉路"]),
        loc("新塘街道", 23.160, 113.395, OFF, "510665", &["高普路", "华观路"]),
        loc("凤凰街道", 23.200, 113.420, COM | IND, "510520", &["广汕一路", "柯木塱南路"]),
        loc("元岗街道", 23.176, 113.345, COM, "510650", &["元岗路", "燕岭路"]),
        loc("黄村街道", 23.128, 113.420, COM | IND | PORT, "510660", &["黄村路", "中山大道中"]),
        loc("前进街道", 23.125, 113.432, COM, "510660", &["中山大道中", "前进路"]),
        loc("沙东街道", 23.163, 113.318, COM, "510507", &["广州大道北", "沙太路"]),
    ],
};

#[rustfmt::skip]
const ZENGCHENG: District = District {
    code: "zc",
    places: &["增城", "新塘", "荔城", "永宁", "派潭", "仙村"],
    pay_pct: 93,
    flexible_pct: 20,
    jitter: 0.01,
    localities: &[
        loc("荔城街道", 23.290, 113.830, COM | OFF, "511300", &["府佑路", "荔城大道", "增城大道"]),
        loc("增江街道", 23.300, 113.850, COM, "511300", &["增江大道", "东桥路"]),
        loc("朱村街道", 23.270, 113.700, IND | COM, "511335", &["朱村大道", "广汕公路"]),
        loc("永宁街道", 23.170, 113.640, IND, "511356", &["新新大道", "永宁大道"]),
        loc("荔湖街道", 23.265, 113.800, COM | OFF, "511300", &["增城大道", "荔乡路"]),
        loc("宁西街道", 23.235, 113.610, IND | OFF, "511370", &["香山大道", "新新大道"]),
        loc("新塘镇", 23.130, 113.610, IND | COM | PORT, "511340", &["港口大道", "新塘大道", "广深大道"]),
        loc("石滩镇", 23.180, 113.790, IND | RUR, "511330", &["石滩大道"]),
        loc("中新镇", 23.300, 113.620, RUR | IND, "511365", &["广汕公路"]),
        loc("派潭镇", 23.520, 113.780, RUR, "511385", &["派潭大道"]),
        loc("正果镇", 23.400, 113.880, RUR, "511375", &["正果大道"]),
        loc("小楼镇", 23.350, 113.750, RUR, "511345", &["小楼大道"]),
        loc("仙村镇", 23.170, 113.720, RUR | IND, "511335", &["仙村大道"]),
    ],
};

/// In the order of [`DISTRICTS`].
const DISTRICT_INFO: [&District; 5] = [&HUANGPU, &LIWAN, &NANSHA, &TIANHE, &ZENGCHENG];

/// The trade an employer is in: gives its name ending and `industry` (国民经济行业分类).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sector {
    Auto,
    Electronics,
    Semi,
    Pharma,
    Machinery,
    Garment,
    Logistics,
    Software,
    Finance,
    Legal,
    Construction,
    Property,
    Security,
    Housekeeping,
    Catering,
    Tea,
    Pharmacy,
    Flowers,
    Retail,
    Ecommerce,
    Education,
    Health,
    Tourism,
    Hotel,
    AutoRepair,
    Agriculture,
    Staffing,
    Community,
    Business,
}

const SECTOR_COUNT: usize = 29;

impl Sector {
    /// `(industry, employer name endings)`.
    fn info(self) -> (&'static str, &'static [&'static str]) {
        match self {
            Sector::Auto => ("汽车制造业", &["新能源汽车零部件有限公司", "汽车科技有限公司", "汽车配件制造有限公司", "智能汽车电子有限公司"]),
            Sector::Electronics => {
                ("计算机、通信和其他电子设备制造业", &["显示科技有限公司", "光电科技有限公司", "电子科技有限公司", "智能终端有限公司"])
            }
            Sector::Semi => ("计算机、通信和其他电子设备制造业", &["半导体设备有限公司", "微电子有限公司", "集成电路有限公司"]),
            Sector::Pharma => ("医药制造业", &["生物医药有限公司", "生物科技有限公司", "制药有限公司", "医疗器械有限公司"]),
            Sector::Machinery => ("专用设备制造业", &["智能装备有限公司", "精密机械有限公司", "自动化设备有限公司"]),
            Sector::Garment => ("纺织服装、服饰业", &["服饰有限公司", "牛仔制衣厂", "制衣有限公司"]),
            Sector::Logistics => {
                ("装卸搬运和仓储业", &["供应链管理有限公司", "物流有限公司", "国际货运代理有限公司", "港口服务有限公司", "同城配送有限公司"])
            }
            Sector::Software => {
                ("软件和信息技术服务业", &["信息科技有限公司", "网络科技有限公司", "智能科技有限公司", "数据科技有限公司", "软件有限公司"])
            }
            Sector::Finance => ("资本市场服务", &["投资咨询有限公司", "金融服务有限公司", "融资租赁有限公司", "财富管理有限公司"]),
            Sector::Legal => ("法律服务", &["律师事务所", "知识产权代理有限公司", "法律咨询有限公司"]),
            Sector::Construction => ("专业技术服务业", &["建筑设计有限公司", "工程建设有限公司", "工程咨询有限公司"]),
            Sector::Property => ("房地产业", &["物业管理有限公司", "物业服务有限公司", "商业运营管理有限公司"]),
            Sector::Security => ("商务服务业", &["保安服务有限公司", "安防服务有限公司"]),
            Sector::Housekeeping => ("居民服务业", &["家政服务有限公司", "母婴护理有限公司", "家庭服务有限公司"]),
            Sector::Catering => ("餐饮业", &["餐饮管理有限公司", "酒家", "茶餐厅"]),
            Sector::Tea => ("餐饮业", &["茶业有限公司", "茶馆", "茶文化发展有限公司"]),
            Sector::Pharmacy => ("零售业", &["大药房连锁有限公司", "中医门诊部", "国药堂"]),
            Sector::Flowers => ("批发业", &["花卉有限公司", "园艺有限公司", "花卉贸易商行"]),
            Sector::Retail => ("零售业", &["商贸有限公司", "超市有限公司", "百货有限公司", "便利店连锁有限公司"]),
            Sector::Ecommerce => ("互联网和相关服务", &["电子商务有限公司", "跨境电商有限公司", "文化传媒有限公司"]),
            Sector::Education => ("教育", &["幼儿园", "托育服务有限公司", "教育科技有限公司"]),
            Sector::Health => ("社会工作", &["养老服务中心", "护理院", "颐养院", "医疗管理有限公司"]),
            Sector::Tourism => ("商务服务业", &["国际旅行社有限公司", "文化旅游发展有限公司", "研学教育有限公司"]),
            Sector::Hotel => ("住宿业", &["酒店有限公司", "酒店管理有限公司", "民宿"]),
            Sector::AutoRepair => ("机动车、电子产品和日用产品修理业", &["汽车服务有限公司", "汽车维修有限公司", "新能源汽车服务中心"]),
            Sector::Agriculture => ("农业", &["农业发展有限公司", "生态农业有限公司", "果蔬专业合作社", "农产品专业合作社"]),
            Sector::Staffing => ("商务服务业", &["人力资源有限公司", "人力资源服务有限公司", "企业管理咨询有限公司"]),
            Sector::Community => ("社会工作", &["社区服务中心", "社工服务中心", "综合服务中心"]),
            Sector::Business => ("商务服务业", &["企业管理咨询有限公司", "创新创业服务有限公司", "商务服务有限公司"]),
        }
    }
}

/// Fictional brand names with the pinyin used in their e-mail domains.
const BRANDS: [(&str, &str); 48] = [
    ("瑞驰", "ruichi"),
    ("恒拓", "hengtuo"),
    ("博远", "boyuan"),
    ("华粤", "huayue"),
    ("穗丰", "suifeng"),
    ("明创", "mingchuang"),
    ("领航", "linghang"),
    ("嘉禾", "jiahe"),
    ("星澜", "xinglan"),
    ("信达", "xinda"),
    ("广润", "guangrun"),
    ("昊天", "haotian"),
    ("永泰", "yongtai"),
    ("聚成", "jucheng"),
    ("云帆", "yunfan"),
    ("鸿业", "hongye"),
    ("德昇", "desheng"),
    ("锦程", "jincheng"),
    ("翔宇", "xiangyu"),
    ("逸臻", "yizhen"),
    ("启航", "qihang"),
    ("弘毅", "hongyi"),
    ("泓源", "hongyuan"),
    ("天朗", "tianlang"),
    ("盛和", "shenghe"),
    ("和悦", "heyue"),
    ("宏图", "hongtu"),
    ("康宁", "kangning"),
    ("百川", "baichuan"),
    ("朗峰", "langfeng"),
    ("众合", "zhonghe"),
    ("聚贤", "juxian"),
    ("秀山", "xiushan"),
    ("南粤", "nanyue"),
    ("岭秀", "lingxiu"),
    ("荔香", "lixiang"),
    ("汇智", "huizhi"),
    ("智行", "zhixing"),
    ("凯联", "kailian"),
    ("骏升", "junsheng"),
    ("湾鑫", "wanxin"),
    ("海晟", "haisheng"),
    ("蓝湾", "lanwan"),
    ("锐骐", "ruiqi"),
    ("沣泽", "fengze"),
    ("禾润", "herun"),
    ("青榕", "qingrong"),
    ("益康", "yikang"),
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Manual,
    Service,
    Office,
    Tech,
    Agri,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Edu {
    None,
    HighSchool,
    Associate,
    Bachelor,
    Postgrad,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Emp {
    FullTime,
    PartTime,
    PerDiem,
    Intern,
    Temporary,
    Contractor,
}

impl Emp {
    fn as_str(self) -> &'static str {
        match self {
            Emp::FullTime => "FULL_TIME",
            Emp::PartTime => "PART_TIME",
            Emp::PerDiem => "PER_DIEM",
            Emp::Intern => "INTERN",
            Emp::Temporary => "TEMPORARY",
            Emp::Contractor => "CONTRACTOR",
        }
    }
}

const E0: Edu = Edu::None;
const E1: Edu = Edu::HighSchool;
const E2: Edu = Edu::Associate;
const E3: Edu = Edu::Bachelor;
const E4: Edu = Edu::Postgrad;
const FT: Emp = Emp::FullTime;
const PT: Emp = Emp::PartTime;
const PD: Emp = Emp::PerDiem;
const IN: Emp = Emp::Intern;
const TE: Emp = Emp::Temporary;
const CO: Emp = Emp::Contractor;

/// The target-group ids of the sample `site.toml`, in canonical order.
const TARGET_GROUPS: [&str; 7] = ["graduate", "4050", "employment-difficulty", "hk-macau-youth", "rural-labour", "veteran", "disabled"];

struct Occupation {
    titles: &'static [&'static str],
    /// 职业分类大典-style code and name.
    category: &'static str,
    /// Typical monthly pay in Guangzhou, CNY.
    pay: (u32, u32),
    skills: &'static [&'static str],
    /// Education asked for; repeat an entry to make it likelier.
    edu: &'static [Edu],
    /// Months of experience asked for, lowest and highest.
    exp: (u32, u32),
    /// Employment types; the first is the usual one.
    types: &'static [Emp],
    /// Target groups the job suits.
    groups: &'static [&'static str],
    kind: Kind,
    /// Kinds of place (bits) the job is usually in.
    zones: u8,
    sectors: &'static [Sector],
    /// Relative frequency in huangpu, liwan, nansha, tianhe, zengcheng.
    weights: [u32; 5],
    duties: &'static [&'static str],
    reqs: &'static [&'static str],
}

use Sector as S;

const OCCUPATIONS: &[Occupation] = &[
    // ---- manufacturing --------------------------------------------------------------------------
    Occupation {
        titles: &["焊工（二氧化碳保护焊）", "氩弧焊工", "电焊工（持证）"],
        category: "6-18-02 焊工",
        pay: (6500, 9500),
        skills: &["二氧化碳保护焊", "氩弧焊", "焊工证", "识图", "安全生产"],
        edu: &[E0, E0, E1],
        exp: (6, 36),
        types: &[FT, FT, CO],
        groups: &["veteran", "rural-labour"],
        kind: Kind::Manual,
        zones: IND,
        sectors: &[S::Auto, S::Machinery],
        weights: [8, 0, 2, 0, 5],
        duties: &[
            "按图纸和工艺要求完成零部件焊接",
            "做好焊接设备日常点检与保养",
            "自检焊缝质量，配合质检处理不良品",
            "遵守安全操作规程，保持工位整洁",
        ],
        reqs: &["持有效焊工证（特种作业操作证）", "能看懂简单机械图纸", "身体健康，能适应车间环境"],
    },
    Occupation {
        titles: &["普工（电子厂）", "普工（长白班）", "生产线操作工"],
        category: "6-25-02 电子元件制造人员",
        pay: (5000, 7000),
        skills: &["流水线作业", "5S现场管理", "视力良好", "吃苦耐劳"],
        edu: &[E0, E0, E1],
        exp: (0, 0),
        types: &[FT, FT, TE],
        groups: &["rural-labour", "employment-difficulty"],
        kind: Kind::Manual,
        zones: IND,
        sectors: &[S::Electronics, S::Auto, S::Staffing],
        weights: [10, 0, 2, 0, 6],
        duties: &["按作业指导书完成产品组装、插件或测试", "记录生产数据，发现异常及时上报班组长", "做好工位5S，爱护设备和物料"],
        reqs: &["18-45周岁，身体健康", "能适应站立作业和倒班", "无经验可带薪培训"],
    },
    Occupation {
        titles: &["新能源汽车装配工", "总装车间操作工", "电池包装配工"],
        category: "6-22-01 汽车整车制造人员",
        pay: (6000, 8500),
        skills: &["汽车装配", "扭矩扳手", "电动工具", "安全生产", "团队协作"],
        edu: &[E0, E1, E1],
        exp: (0, 12),
        types: &[FT],
        groups: &["rural-labour", "veteran", "graduate"],
        kind: Kind::Manual,
        zones: IND,
        sectors: &[S::Auto],
        weights: [10, 0, 3, 0, 5],
        duties: &["按工艺要求完成整车或电池包零部件装配", "使用拧紧设备并记录扭矩数据", "参与首件检查和线上质量改善", "配合班组完成换线和设备点检"],
        reqs: &["视力和辨色正常", "能适应两班倒", "有汽车或电子装配经验者优先"],
    },
    Occupation {
        titles: &["数控车床操作工", "CNC操机员", "加工中心操作员"],
        category: "6-18-01 机械冷加工人员",
        pay: (6500, 9500),
        skills: &["数控车床", "FANUC系统", "游标卡尺", "识图", "CNC编程"],
        edu: &[E0, E1, E1],
        exp: (6, 36),
        types: &[FT],
        groups: &["rural-labour", "veteran"],
        kind: Kind::Manual,
        zones: IND,
        sectors: &[S::Machinery, S::Auto],
        weights: [7, 0, 1, 0, 6],
        duties: &["按图纸装夹工件、对刀并完成加工", "使用量具自检尺寸，填写检验记录", "简单修改加工程序，优化加工效率", "做好机床日常保养"],
        reqs: &["会看机械图纸和使用常用量具", "熟悉FANUC或三菱系统优先", "责任心强"],
    },
    Occupation {
        titles: &["电工", "维修电工", "设备电工（持证）"],
        category: "6-31-01 电工",
        pay: (6500, 9000),
        skills: &["电工证", "PLC", "低压配电", "设备维修", "安全生产"],
        edu: &[E1, E2, E0],
        exp: (12, 60),
        types: &[FT],
        groups: &["veteran", "4050"],
        kind: Kind::Manual,
        zones: IND | COM,
        sectors: &[S::Machinery, S::Property, S::Electronics],
        weights: [7, 4, 4, 3, 4],
        duties: &["负责厂区或楼宇供配电设备的运行和维护", "排查并处理电气故障，做好维修记录", "定期巡检配电房和消防电气设施"],
        reqs: &["持有效低压电工证", "熟悉配电系统和常用电气元件", "能配合值班和应急抢修"],
    },
    Occupation {
        titles: &["质检员", "IQC来料检验员", "品质检验员"],
        category: "6-31-03 检验试验人员",
        pay: (5500, 7500),
        skills: &["质量检验", "游标卡尺", "品质管理", "Excel", "ISO9001"],
        edu: &[E1, E2],
        exp: (0, 24),
        types: &[FT],
        groups: &["graduate", "rural-labour"],
        kind: Kind::Manual,
        zones: IND,
        sectors: &[S::Electronics, S::Auto, S::Pharma, S::Garment],
        weights: [7, 0, 1, 0, 5],
        duties: &["按检验标准对来料、半成品和成品进行抽检", "记录检验数据并出具检验报告", "跟进不合格品处理和纠正措施"],
        reqs: &["会使用常用检测工具", "熟练使用Excel", "细心，有原则"],
    },
    Occupation {
        titles: &["机械工程师", "机械设计工程师", "设备工程师（机械）"],
        category: "2-02-07 机械工程技术人员",
        pay: (10000, 18000),
        skills: &["SolidWorks", "AutoCAD", "机械设计", "公差分析", "英语"],
        edu: &[E2, E3, E3],
        exp: (12, 60),
        types: &[FT],
        groups: &["graduate"],
        kind: Kind::Tech,
        zones: IND | OFF,
        sectors: &[S::Machinery, S::Auto],
        weights: [8, 0, 4, 1, 3],
        duties: &[
            "负责非标设备或零部件的结构设计与选型",
            "输出二维、三维图纸和BOM清单",
            "跟进样机装配调试，解决现场技术问题",
            "参与设备改造和降本项目",
        ],
        reqs: &["机械设计及相关专业", "熟练使用SolidWorks和AutoCAD", "有自动化设备设计经验者优先"],
    },
    Occupation {
        titles: &["半导体设备工程师", "刻蚀设备工程师", "薄膜设备工程师"],
        category: "2-02-09 电子工程技术人员",
        pay: (15000, 28000),
        skills: &["半导体设备", "真空技术", "PLC", "故障分析", "英语"],
        edu: &[E3, E3, E4],
        exp: (12, 60),
        types: &[FT],
        groups: &["graduate", "hk-macau-youth"],
        kind: Kind::Tech,
        zones: IND | OFF,
        sectors: &[S::Semi],
        weights: [8, 0, 2, 0, 1],
        duties: &[
            "负责晶圆产线设备的安装、调试和日常维护",
            "分析设备报警和异常，提升设备稼动率",
            "编写设备保养规范，培训技术员",
            "对接设备厂商完成改造升级",
        ],
        reqs: &["微电子、机电、物理等相关专业", "能阅读英文设备手册", "能适应洁净室工作和轮班"],
    },
    Occupation {
        titles: &["面板工艺工程师", "显示模组工艺工程师", "工艺工程师（OLED）"],
        category: "2-02-09 电子工程技术人员",
        pay: (12000, 22000),
        skills: &["OLED工艺", "DOE实验设计", "良率分析", "Minitab", "英语"],
        edu: &[E3, E4],
        exp: (12, 48),
        types: &[FT],
        groups: &["graduate"],
        kind: Kind::Tech,
        zones: IND | OFF,
        sectors: &[S::Electronics],
        weights: [7, 0, 0, 0, 2],
        duties: &["负责显示面板制程工艺参数的优化和监控", "分析良率数据，主导不良改善", "导入新产品并编写工艺文件"],
        reqs: &["材料、物理、化学或电子相关专业", "熟悉统计分析工具", "有面板或半导体工艺经验者优先"],
    },
    Occupation {
        titles: &["生物医药研发员", "细胞培养技术员", "药物分析研究员"],
        category: "2-02-28 生物工程技术人员",
        pay: (10000, 20000),
        skills: &["细胞培养", "HPLC", "GMP", "实验记录", "英语"],
        edu: &[E3, E4, E4],
        exp: (0, 36),
        types: &[FT],
        groups: &["graduate", "hk-macau-youth"],
        kind: Kind::Tech,
        zones: OFF | IND,
        sectors: &[S::Pharma],
        weights: [7, 0, 3, 1, 1],
        duties: &[
            "按研发方案开展实验并规范记录数据",
            "负责细胞、样品或试剂的制备与管理",
            "整理实验结果，撰写研究报告",
            "维护实验仪器，遵守生物安全规范",
        ],
        reqs: &["生物、药学、化学相关专业", "熟悉GMP或GLP要求", "能阅读英文文献"],
    },
    Occupation {
        titles: &["药品生产操作工", "GMP车间操作工", "无菌灌装操作工"],
        category: "6-12-02 药物制剂人员",
        pay: (5500, 7500),
        skills: &["GMP", "洁净车间", "设备操作", "生产记录"],
        edu: &[E1, E2],
        exp: (0, 12),
        types: &[FT],
        groups: &["rural-labour", "graduate"],
        kind: Kind::Manual,
        zones: IND,
        sectors: &[S::Pharma],
        weights: [6, 0, 2, 0, 2],
        duties: &["按批生产指令完成配料、灌装或包装", "如实填写批生产记录", "做好洁净区清场和设备清洁"],
        reqs: &["能适应洁净区着装和倒班", "有药厂或食品厂经验者优先", "无色盲色弱"],
    },
    Occupation {
        titles: &["设备维护技术员", "自动化设备调试员", "机电技术员"],
        category: "6-31-01 机械设备修理人员",
        pay: (7000, 11000),
        skills: &["PLC", "机电一体化", "电工证", "气动液压", "故障排查"],
        edu: &[E2, E1],
        exp: (12, 36),
        types: &[FT],
        groups: &["veteran", "graduate"],
        kind: Kind::Manual,
        zones: IND,
        sectors: &[S::Machinery, S::Electronics, S::Semi, S::Auto],
        weights: [7, 0, 2, 0, 4],
        duties: &["负责产线自动化设备的安装、调试和维修", "执行设备预防性保养计划", "记录设备故障并提出改善建议"],
        reqs: &["机电一体化、电气自动化等相关专业", "能看懂电气图纸", "持电工证者优先"],
    },
    Occupation {
        titles: &["注塑机操作工", "冲压工", "汽车零部件装配工"],
        category: "6-22-02 汽车零部件制造人员",
        pay: (5500, 8000),
        skills: &["注塑机", "冲压设备", "安全生产", "倒班"],
        edu: &[E0, E1],
        exp: (0, 12),
        types: &[FT, TE],
        groups: &["rural-labour", "veteran"],
        kind: Kind::Manual,
        zones: IND,
        sectors: &[S::Auto],
        weights: [6, 0, 2, 0, 8],
        duties: &["操作注塑机或冲压设备完成零件生产", "自检产品外观和尺寸，剔除不良品", "配合换模并做好设备点检"],
        reqs: &["身体健康，能适应两班倒", "有注塑或冲压经验者优先", "服从安排，注意安全"],
    },
    Occupation {
        titles: &["车缝工（牛仔服装）", "平车工", "牛仔洗水工", "服装跟单员"],
        category: "6-05-02 服装缝纫人员",
        pay: (5500, 9000),
        skills: &["平车", "车缝", "牛仔面料", "计件经验"],
        edu: &[E0],
        exp: (0, 36),
        types: &[FT, TE],
        groups: &["rural-labour", "4050"],
        kind: Kind::Manual,
        zones: IND,
        sectors: &[S::Garment],
        weights: [0, 1, 0, 0, 9],
        duties: &["按工艺单完成牛仔裤、外套等车缝工序", "保证针距和线迹符合质量要求", "配合组长完成订单进度"],
        reqs: &["会平车或双针车", "有牛仔服装经验者优先", "计件工资，多劳多得"],
    },
    // ---- logistics ------------------------------------------------------------------------------
    Occupation {
        titles: &["叉车司机", "电动叉车司机", "仓库叉车工"],
        category: "6-29-03 起重装卸机械操作工",
        pay: (6000, 8000),
        skills: &["叉车证", "仓储作业", "安全驾驶", "WMS系统"],
        edu: &[E0, E0, E1],
        exp: (6, 24),
        types: &[FT, FT, TE],
        groups: &["veteran", "4050", "rural-labour"],
        kind: Kind::Manual,
        zones: IND | PORT,
        sectors: &[S::Logistics],
        weights: [6, 2, 7, 1, 4],
        duties: &["驾驶叉车完成货物装卸、搬运和上架", "配合仓管员做好出入库和盘点", "做好叉车日常检查和充电保养"],
        reqs: &["持有效叉车证（N1）", "熟练驾驶电动或柴油叉车", "安全意识强"],
    },
    Occupation {
        titles: &["仓库管理员", "仓管员", "仓储专员"],
        category: "4-02-06 仓储人员",
        pay: (5500, 7500),
        skills: &["Excel", "ERP系统", "库存盘点", "WMS系统", "细心负责"],
        edu: &[E1, E2],
        exp: (6, 24),
        types: &[FT],
        groups: &["4050", "veteran"],
        kind: Kind::Manual,
        zones: IND | PORT,
        sectors: &[S::Logistics, S::Electronics, S::Auto, S::Retail],
        weights: [6, 3, 6, 2, 4],
        duties: &["负责物料收发、入库上架和账务登记", "定期盘点，确保账实相符", "整理库区，执行先进先出"],
        reqs: &["熟练使用Excel和ERP系统", "做事细心，有责任心", "有仓储管理经验者优先"],
    },
    Occupation {
        titles: &["船务操作员", "货代操作专员", "报关员"],
        category: "4-02-05 货运代理服务人员",
        pay: (6000, 10000),
        skills: &["报关", "英语", "单证操作", "Excel", "粤语"],
        edu: &[E2, E3],
        exp: (0, 36),
        types: &[FT],
        groups: &["hk-macau-youth", "graduate"],
        kind: Kind::Office,
        zones: PORT | OFF,
        sectors: &[S::Logistics],
        weights: [2, 0, 9, 1, 1],
        duties: &["负责订舱、报关报检和提单等单证操作", "跟踪货物动态，及时反馈客户", "与船公司、码头和海关沟通协调"],
        reqs: &["国际贸易、物流或英语相关专业", "英语读写熟练", "熟悉进出口流程者优先"],
    },
    Occupation {
        titles: &["码头装卸工", "集装箱理货员", "港口机械司机"],
        category: "4-02-04 装卸搬运人员",
        pay: (6500, 9500),
        skills: &["理货", "起重机操作证", "安全生产", "倒班"],
        edu: &[E0, E1],
        exp: (0, 24),
        types: &[FT, TE],
        groups: &["veteran", "rural-labour", "4050"],
        kind: Kind::Manual,
        zones: PORT,
        sectors: &[S::Logistics],
        weights: [1, 0, 8, 0, 0],
        duties: &["负责集装箱装卸、理货和堆场作业", "核对箱号、铅封和单证", "遵守码头安全作业规范"],
        reqs: &["能适应户外作业和四班三倒", "持起重机操作证者优先", "身体健康"],
    },
    Occupation {
        titles: &["货车司机（C1）", "冷链配送司机", "A2牵引车司机"],
        category: "4-02-02 道路运输人员",
        pay: (7000, 11000),
        skills: &["驾照C1", "驾照A2", "道路运输从业资格证", "熟悉广州路况"],
        edu: &[E0, E1],
        exp: (12, 60),
        types: &[FT, CO],
        groups: &["veteran", "4050", "rural-labour"],
        kind: Kind::Manual,
        zones: PORT | IND,
        sectors: &[S::Logistics, S::Agriculture, S::Retail],
        weights: [4, 3, 5, 2, 4],
        duties: &["按调度安排完成货物配送和交接", "做好车辆日常检查和保养", "妥善保管随车单据，按时回单"],
        reqs: &["驾龄3年以上，无重大事故记录", "持道路运输从业资格证", "熟悉珠三角路线者优先"],
    },
    Occupation {
        titles: &["网约配送员", "外卖骑手（全职/兼职）", "同城快递员"],
        category: "4-02-07 网约配送员",
        pay: (6500, 10000),
        skills: &["电动车驾驶", "熟悉周边路况", "智能手机操作", "健康证"],
        edu: &[E0],
        exp: (0, 0),
        types: &[FT, PT, PD],
        groups: &["rural-labour", "4050", "employment-difficulty"],
        kind: Kind::Service,
        zones: COM | OFF,
        sectors: &[S::Logistics],
        weights: [4, 5, 3, 6, 3],
        duties: &["通过平台接单，按时将餐品或包裹送达", "遵守交通规则，规范佩戴头盔", "礼貌服务，妥善处理顾客反馈"],
        reqs: &["18-55周岁，会骑电动车", "会使用智能手机导航", "多劳多得，可兼职"],
    },
    Occupation {
        titles: &["快递分拣员", "电商仓打包员", "夜班分拣员"],
        category: "4-02-06 仓储人员",
        pay: (5200, 7000),
        skills: &["分拣打包", "扫码设备", "吃苦耐劳"],
        edu: &[E0],
        exp: (0, 0),
        types: &[TE, PD, FT],
        groups: &["rural-labour", "4050", "employment-difficulty"],
        kind: Kind::Manual,
        zones: IND | PORT,
        sectors: &[S::Logistics, S::Ecommerce],
        weights: [5, 2, 4, 2, 5],
        duties: &["按区域分拣快递包裹", "扫码、称重并打包出库", "保持作业区整洁"],
        reqs: &["能适应夜班或站立作业", "手脚麻利", "可日结"],
    },
    // ---- offices, CBD and technology ------------------------------------------------------------
    Occupation {
        titles: &["软件工程师（Java后端）", "Java开发工程师", "后端开发工程师"],
        category: "2-02-10 软件工程技术人员",
        pay: (12000, 25000),
        skills: &["Java", "Spring Boot", "MySQL", "Redis", "Linux", "Git"],
        edu: &[E3, E3, E2],
        exp: (12, 60),
        types: &[FT],
        groups: &["graduate", "hk-macau-youth"],
        kind: Kind::Tech,
        zones: OFF,
        sectors: &[S::Software],
        weights: [4, 0, 4, 10, 1],
        duties: &["负责业务系统后端服务的设计、开发和维护", "编写接口文档和单元测试", "排查线上问题，优化系统性能", "参与代码评审和技术方案讨论"],
        reqs: &["计算机相关专业", "熟悉Spring Boot和MySQL", "有微服务或高并发经验者优先"],
    },
    Occupation {
        titles: &["前端开发工程师", "Web前端工程师（Vue）", "小程序开发工程师"],
        category: "2-02-10 软件工程技术人员",
        pay: (11000, 22000),
        skills: &["JavaScript", "TypeScript", "Vue", "React", "小程序开发", "Git"],
        edu: &[E2, E3],
        exp: (12, 48),
        types: &[FT],
        groups: &["graduate", "hk-macau-youth"],
        kind: Kind::Tech,
        zones: OFF,
        sectors: &[S::Software, S::Ecommerce],
        weights: [2, 0, 2, 9, 1],
        duties: &["负责Web和小程序页面的开发与维护", "与设计、后端协作完成需求交付", "优化页面性能和可访问性"],
        reqs: &["熟悉Vue或React", "了解HTTP和浏览器原理", "有完整项目经验"],
    },
    Occupation {
        titles: &["算法工程师", "机器学习算法工程师", "计算机视觉算法工程师", "大模型应用算法工程师"],
        category: "2-02-38 人工智能工程技术人员",
        pay: (20000, 40000),
        skills: &["Python", "PyTorch", "机器学习", "深度学习", "C++", "英语"],
        edu: &[E3, E4, E4],
        exp: (0, 60),
        types: &[FT],
        groups: &["graduate", "hk-macau-youth"],
        kind: Kind::Tech,
        zones: OFF,
        sectors: &[S::Software],
        weights: [4, 0, 5, 7, 0],
        duties: &["负责视觉、语音或大模型算法的研发与落地", "构建训练数据和评测体系", "优化模型效果和推理性能", "跟踪前沿论文并完成技术验证"],
        reqs: &["计算机、数学、自动化等相关专业", "熟练使用Python和PyTorch", "有顶会论文或竞赛获奖者优先"],
    },
    Occupation {
        titles: &["软件测试工程师", "自动化测试工程师"],
        category: "2-02-10 软件工程技术人员",
        pay: (9000, 16000),
        skills: &["测试用例", "Python", "Selenium", "Jira", "SQL"],
        edu: &[E2, E3],
        exp: (12, 36),
        types: &[FT],
        groups: &["graduate", "disabled"],
        kind: Kind::Tech,
        zones: OFF,
        sectors: &[S::Software],
        weights: [2, 0, 1, 6, 0],
        duties: &["编写测试计划和测试用例", "执行功能、接口和自动化测试", "跟踪缺陷直至关闭"],
        reqs: &["熟悉软件测试流程", "会写SQL和简单脚本", "细心严谨"],
    },
    Occupation {
        titles: &["数据标注员", "AI训练数据标注员", "图像标注员"],
        category: "4-04-05 人工智能训练师",
        pay: (4800, 6500),
        skills: &["电脑操作", "细心耐心", "Excel", "标注工具"],
        edu: &[E1, E2],
        exp: (0, 0),
        types: &[FT, PT],
        groups: &["disabled", "graduate", "employment-difficulty"],
        kind: Kind::Office,
        zones: OFF | COM,
        sectors: &[S::Software],
        weights: [2, 3, 3, 3, 2],
        duties: &["按规范对图片、文本或语音数据进行标注", "自检标注质量，配合质检返修", "反馈标注规则中的疑问"],
        reqs: &["会熟练使用电脑", "耐心细致，能坐得住", "提供岗前培训"],
    },
    Occupation {
        titles: &["UI设计师", "UI/UX设计师", "交互设计师"],
        category: "2-09-07 视觉传达设计人员",
        pay: (9000, 18000),
        skills: &["Figma", "Photoshop", "Sketch", "交互设计", "作品集"],
        edu: &[E2, E3],
        exp: (12, 36),
        types: &[FT],
        groups: &["graduate", "hk-macau-youth"],
        kind: Kind::Tech,
        zones: OFF,
        sectors: &[S::Software, S::Ecommerce],
        weights: [1, 0, 2, 6, 0],
        duties: &["负责App、小程序和网页的界面设计", "输出交互原型和设计规范", "跟进开发还原度"],
        reqs: &["设计相关专业", "熟练使用Figma或Sketch", "面试请附作品集"],
    },
    Occupation {
        titles: &["会计", "总账会计", "出纳"],
        category: "2-06-03 会计专业人员",
        pay: (6500, 11000),
        skills: &["金蝶", "用友", "Excel", "初级会计职称", "税务申报"],
        edu: &[E2, E3],
        exp: (12, 36),
        types: &[FT],
        groups: &["graduate", "4050"],
        kind: Kind::Office,
        zones: OFF | COM,
        sectors: &[S::Finance, S::Software, S::Retail, S::Auto, S::Property],
        weights: [3, 3, 3, 7, 3],
        duties: &["负责凭证录入、记账和月末结账", "编制财务报表，办理纳税申报", "管理发票和费用报销"],
        reqs: &["会计、财务相关专业", "持初级会计职称及以上", "熟悉金蝶或用友"],
    },
    Occupation {
        titles: &["行政助理", "行政前台", "行政专员"],
        category: "3-01-01 行政业务办理人员",
        pay: (5000, 7500),
        skills: &["Office办公软件", "Excel", "沟通协调", "普通话", "公文写作"],
        edu: &[E2, E3, E1],
        exp: (0, 24),
        types: &[FT],
        groups: &["graduate", "disabled"],
        kind: Kind::Office,
        zones: OFF,
        sectors: &[S::Software, S::Finance, S::Property, S::Auto, S::Legal],
        weights: [3, 3, 3, 7, 2],
        duties: &["负责前台接待、来电转接和访客登记", "管理办公用品和固定资产", "协助组织会议和员工活动"],
        reqs: &["形象端正，普通话标准", "熟练使用Office办公软件", "做事细致有条理"],
    },
    Occupation {
        titles: &["客服专员", "在线客服", "电话客服（可居家）"],
        category: "4-07-05 呼叫中心服务员",
        pay: (5000, 7000),
        skills: &["普通话", "打字速度60字/分", "沟通能力", "CRM系统", "粤语"],
        edu: &[E1, E2],
        exp: (0, 12),
        types: &[FT, FT, PT],
        groups: &["disabled", "graduate", "employment-difficulty"],
        kind: Kind::Office,
        zones: OFF | COM,
        sectors: &[S::Ecommerce, S::Finance, S::Software, S::Retail],
        weights: [3, 4, 3, 7, 3],
        duties: &["通过电话或在线渠道解答客户咨询", "受理投诉并跟进处理结果", "记录客户信息，定期回访"],
        reqs: &["普通话标准，会粤语者优先", "打字速度每分钟60字以上", "有耐心，抗压能力好"],
    },
    Occupation {
        titles: &["销售代表", "大客户经理", "电话销售专员"],
        category: "4-01-02 销售人员",
        pay: (6000, 15000),
        skills: &["沟通谈判", "客户开发", "CRM系统", "驾照C1", "粤语"],
        edu: &[E1, E2],
        exp: (0, 24),
        types: &[FT],
        groups: &["graduate", "veteran"],
        kind: Kind::Office,
        zones: OFF | COM,
        sectors: &[S::Software, S::Finance, S::Auto, S::Retail],
        weights: [3, 3, 3, 7, 2],
        duties: &["开发和维护企业客户，完成销售目标", "了解客户需求，制定解决方案", "跟进合同签订和回款"],
        reqs: &["沟通表达能力强", "能接受业绩考核", "有驾照、会粤语者优先"],
    },
    Occupation {
        titles: &["金融分析师", "投资分析师", "风控专员"],
        category: "2-06-05 金融专业人员",
        pay: (12000, 25000),
        skills: &["财务建模", "Wind", "CFA", "英语", "Excel", "粤语"],
        edu: &[E3, E4],
        exp: (12, 60),
        types: &[FT],
        groups: &["hk-macau-youth", "graduate"],
        kind: Kind::Office,
        zones: OFF,
        sectors: &[S::Finance],
        weights: [0, 0, 7, 8, 0],
        duties: &["跟踪行业和公司研究，撰写分析报告", "搭建财务模型，参与项目尽职调查", "监测投资组合风险"],
        reqs: &["金融、经济、会计相关专业", "持CFA或FRM证书者优先", "英语可作为工作语言"],
    },
    Occupation {
        titles: &["银行大堂经理", "理财顾问", "信贷专员"],
        category: "4-05-01 银行服务人员",
        pay: (7000, 13000),
        skills: &["金融从业资格", "客户服务", "普通话", "粤语", "Excel"],
        edu: &[E2, E3],
        exp: (0, 24),
        types: &[FT],
        groups: &["graduate", "hk-macau-youth"],
        kind: Kind::Office,
        zones: OFF | COM,
        sectors: &[S::Finance],
        weights: [1, 2, 3, 5, 1],
        duties: &["为客户提供理财和信贷咨询", "维护客户关系，完成业务指标", "做好营业厅客户引导"],
        reqs: &["金融相关专业", "持基金或银行从业资格者优先", "形象好，沟通能力强"],
    },
    Occupation {
        titles: &["律师助理", "法务专员", "涉外法务专员"],
        category: "2-07-02 律师",
        pay: (7000, 15000),
        skills: &["法律职业资格", "合同审查", "英语", "粤语", "香港法律"],
        edu: &[E3, E4],
        exp: (0, 36),
        types: &[FT],
        groups: &["hk-macau-youth", "graduate"],
        kind: Kind::Office,
        zones: OFF,
        sectors: &[S::Legal],
        weights: [0, 1, 6, 4, 0],
        duties: &["协助律师起草和审查合同", "开展法律检索，整理案件材料", "参与跨境商事项目的尽职调查"],
        reqs: &["法学相关专业", "通过法律职业资格考试者优先", "熟悉香港或澳门法律者优先"],
    },
    Occupation {
        titles: &["建筑设计师", "结构工程师", "BIM工程师"],
        category: "2-02-18 建筑工程技术人员",
        pay: (10000, 20000),
        skills: &["AutoCAD", "Revit", "BIM", "天正建筑", "英语"],
        edu: &[E3, E4],
        exp: (12, 60),
        types: &[FT],
        groups: &["hk-macau-youth", "graduate"],
        kind: Kind::Tech,
        zones: OFF,
        sectors: &[S::Construction],
        weights: [1, 0, 6, 3, 1],
        duties: &["负责建筑方案和施工图设计", "建立BIM模型并进行碰撞检查", "配合项目报建和现场服务"],
        reqs: &["建筑学、土木工程相关专业", "熟练使用Revit和AutoCAD", "有一级注册建筑师者优先"],
    },
    Occupation {
        titles: &["施工员", "土建施工员", "安全员（建筑）"],
        category: "6-29-01 房屋建筑施工人员",
        pay: (7000, 11000),
        skills: &["施工员证", "AutoCAD", "现场管理", "安全员C证"],
        edu: &[E2, E1],
        exp: (12, 48),
        types: &[FT, CO],
        groups: &["veteran", "rural-labour"],
        kind: Kind::Manual,
        zones: OFF | IND | COM,
        sectors: &[S::Construction],
        weights: [3, 1, 6, 1, 3],
        duties: &["负责施工现场进度、质量和安全管理", "组织班组交底并检查落实", "填写施工日志和验收资料"],
        reqs: &["土木工程相关专业", "持施工员或安全员证", "能适应项目驻场"],
    },
    Occupation {
        titles: &["跨境电商专员", "亚马逊运营专员", "跨境电商运营（TikTok Shop）"],
        category: "4-01-06 电子商务服务人员",
        pay: (7000, 13000),
        skills: &["亚马逊后台", "英语", "数据分析", "Excel", "Listing优化"],
        edu: &[E2, E3],
        exp: (0, 24),
        types: &[FT],
        groups: &["hk-macau-youth", "graduate"],
        kind: Kind::Office,
        zones: OFF,
        sectors: &[S::Ecommerce],
        weights: [1, 1, 9, 4, 3],
        duties: &["负责店铺商品上架和Listing优化", "策划站内广告和促销活动", "分析销售数据，管理库存和补货"],
        reqs: &["英语读写熟练", "熟悉亚马逊或TikTok Shop规则", "数据敏感"],
    },
    Occupation {
        titles: &["电商直播运营", "直播助理", "短视频运营"],
        category: "4-01-06 互联网营销师",
        pay: (6000, 12000),
        skills: &["抖音", "直播运营", "短视频剪辑", "剪映", "数据复盘"],
        edu: &[E1, E2],
        exp: (0, 24),
        types: &[FT, PT],
        groups: &["graduate", "rural-labour"],
        kind: Kind::Office,
        zones: OFF | COM,
        sectors: &[S::Ecommerce, S::Garment],
        weights: [1, 3, 3, 5, 6],
        duties: &["策划直播脚本和选品排期", "负责直播中控、场控和数据复盘", "拍摄剪辑短视频，运营账号"],
        reqs: &["熟悉抖音、视频号等平台规则", "会使用剪映等剪辑工具", "有带货经验者优先"],
    },
    Occupation {
        titles: &["新媒体运营", "公众号编辑", "小红书运营"],
        category: "4-13-05 网络编辑",
        pay: (6500, 12000),
        skills: &["文案写作", "公众号", "小红书", "Photoshop", "数据分析"],
        edu: &[E2, E3],
        exp: (0, 24),
        types: &[FT, IN],
        groups: &["graduate"],
        kind: Kind::Office,
        zones: OFF,
        sectors: &[S::Ecommerce, S::Software, S::Retail],
        weights: [1, 2, 2, 8, 2],
        duties: &["负责公众号、小红书等账号的内容策划", "撰写推文并排版发布", "分析阅读数据，策划涨粉活动"],
        reqs: &["文字功底好", "会用秀米、Photoshop等工具", "附作品者优先"],
    },
    Occupation {
        titles: &["实习生（市场部）", "管培生（运营方向）实习", "财务实习生"],
        category: "2-06-07 市场营销专业人员",
        pay: (3000, 4500),
        skills: &["Office办公软件", "沟通能力", "英语", "文案写作"],
        edu: &[E2, E3],
        exp: (0, 0),
        types: &[IN],
        groups: &["graduate", "hk-macau-youth"],
        kind: Kind::Office,
        zones: OFF,
        sectors: &[S::Finance, S::Software, S::Ecommerce, S::Retail],
        weights: [2, 2, 3, 6, 1],
        duties: &["协助策划和执行市场活动", "整理市场调研和竞品资料", "参与部门日常运营工作"],
        reqs: &["2026或2027届在校生", "每周到岗4天以上，实习3个月以上", "表现优秀可转正"],
    },
    Occupation {
        titles: &["人力资源专员", "招聘专员", "驻厂招聘专员"],
        category: "2-06-07 人力资源专业人员",
        pay: (6000, 10000),
        skills: &["招聘渠道", "劳动法", "Excel", "沟通能力", "社保办理"],
        edu: &[E2, E3],
        exp: (12, 36),
        types: &[FT],
        groups: &["graduate", "employment-difficulty"],
        kind: Kind::Office,
        zones: OFF | IND,
        sectors: &[S::Staffing],
        weights: [3, 2, 2, 5, 3],
        duties: &["发布招聘信息，筛选简历并安排面试", "办理入职、离职和社保手续", "组织现场招聘会"],
        reqs: &["人力资源相关专业", "熟悉劳动法规", "有工厂招聘经验者优先"],
    },
    Occupation {
        titles: &["创业孵化运营专员", "港澳青年服务专员", "商务助理（粤港澳业务）"],
        category: "2-06-07 商务专业人员",
        pay: (7000, 12000),
        skills: &["粤语", "英语", "商务沟通", "活动策划", "繁体中文"],
        edu: &[E3],
        exp: (0, 24),
        types: &[FT],
        groups: &["hk-macau-youth", "graduate"],
        kind: Kind::Office,
        zones: OFF,
        sectors: &[S::Business],
        weights: [0, 0, 7, 2, 0],
        duties: &["对接入驻团队，提供工商、财税等政策咨询", "策划路演、沙龙等交流活动", "维护港澳合作伙伴关系"],
        reqs: &["粤语、普通话、英语沟通流利", "熟悉粤港澳大湾区政策者优先", "有活动组织经验"],
    },
    // ---- community services ---------------------------------------------------------------------
    Occupation {
        titles: &["物业管理员", "物业客服", "楼栋管家"],
        category: "4-06-01 物业管理服务人员",
        pay: (4800, 6800),
        skills: &["物业管理", "沟通协调", "Excel", "粤语", "普通话"],
        edu: &[E1, E2],
        exp: (0, 24),
        types: &[FT],
        groups: &["4050", "veteran", "employment-difficulty"],
        kind: Kind::Service,
        zones: COM | OFF,
        sectors: &[S::Property],
        weights: [3, 7, 3, 6, 3],
        duties: &["受理业主报修、投诉和咨询", "巡查楼栋公共区域和设施", "催缴物业费，跟进装修管理"],
        reqs: &["有责任心，服务意识强", "会粤语者优先", "持物业管理员证者优先"],
    },
    Occupation {
        titles: &["保安", "商场保安", "园区安保员", "保安队长"],
        category: "4-07-06 保安员",
        pay: (4500, 5500),
        skills: &["保安员证", "消防设施操作", "巡逻监控", "应急处置"],
        edu: &[E0, E1],
        exp: (0, 12),
        types: &[FT],
        groups: &["veteran", "4050", "employment-difficulty"],
        kind: Kind::Service,
        zones: COM | OFF | IND,
        sectors: &[S::Security, S::Property],
        weights: [4, 6, 3, 5, 3],
        duties: &["负责门岗值守、车辆和访客登记", "按路线巡逻，监控消防和治安隐患", "协助处理突发事件"],
        reqs: &["身体健康，无违法犯罪记录", "持保安员证者优先", "退役军人优先"],
    },
    Occupation {
        titles: &["保洁员", "写字楼保洁", "商场清洁工"],
        category: "4-09-07 保洁员",
        pay: (3800, 5000),
        skills: &["清洁保养", "吃苦耐劳", "健康证"],
        edu: &[E0],
        exp: (0, 0),
        types: &[FT, PT, PD],
        groups: &["4050", "employment-difficulty", "disabled"],
        kind: Kind::Service,
        zones: COM | OFF,
        sectors: &[S::Property, S::Housekeeping],
        weights: [2, 6, 2, 5, 2],
        duties: &["负责责任区域的日常清洁", "做好垃圾分类和清运", "爱护清洁工具，节约用品"],
        reqs: &["身体健康，吃苦耐劳", "年龄60周岁以下", "就近安排岗位"],
    },
    Occupation {
        titles: &["家政服务员（育婴师）", "住家保姆", "钟点工", "月嫂（母婴护理员）"],
        category: "4-10-01 家政服务员",
        pay: (5500, 8500),
        skills: &["育婴员证", "母婴护理", "烹饪", "健康证", "粤语"],
        edu: &[E0, E1],
        exp: (0, 24),
        types: &[FT, PT, PD],
        groups: &["4050", "rural-labour", "employment-difficulty"],
        kind: Kind::Service,
        zones: COM,
        sectors: &[S::Housekeeping],
        weights: [1, 7, 2, 4, 7],
        duties: &["照护婴幼儿或产妇的日常起居", "负责家庭清洁、烹饪和衣物整理", "按雇主要求做好安全照护"],
        reqs: &["持育婴员或母婴护理证书者优先", "会做粤菜者优先", "公司提供免费岗前培训"],
    },
    Occupation {
        titles: &["护工", "养老护理员", "医院陪护"],
        category: "4-10-04 养老护理员",
        pay: (5000, 7500),
        skills: &["养老护理员证", "生活照料", "健康证", "粤语", "耐心细致"],
        edu: &[E0, E1],
        exp: (0, 12),
        types: &[FT, PD],
        groups: &["4050", "employment-difficulty", "rural-labour"],
        kind: Kind::Service,
        zones: COM,
        sectors: &[S::Health],
        weights: [2, 6, 2, 3, 4],
        duties: &["协助长者进食、洗浴和翻身等生活照料", "观察身体状况并及时报告", "陪同康复训练和文娱活动"],
        reqs: &["有爱心和耐心", "持养老护理员证者优先", "可安排住宿"],
    },
    Occupation {
        titles: &["幼儿园保育员", "幼儿园教师", "早教老师"],
        category: "4-10-01 保育员",
        pay: (4500, 7000),
        skills: &["保育员证", "教师资格证", "普通话", "儿童照护", "健康证"],
        edu: &[E1, E2, E2],
        exp: (0, 24),
        types: &[FT],
        groups: &["graduate", "4050"],
        kind: Kind::Service,
        zones: COM,
        sectors: &[S::Education],
        weights: [3, 4, 3, 3, 4],
        duties: &["负责班级幼儿的生活照料和卫生消毒", "配合教师开展教学和游戏活动", "与家长沟通幼儿在园情况"],
        reqs: &["学前教育相关专业优先", "持保育员证或教师资格证", "热爱幼教工作"],
    },
    Occupation {
        titles: &["厨师", "粤菜厨师", "面点师", "厨房帮工"],
        category: "4-03-01 中式烹调师",
        pay: (6000, 10000),
        skills: &["粤菜", "健康证", "刀工", "厨师证"],
        edu: &[E0],
        exp: (12, 60),
        types: &[FT, PD],
        groups: &["4050", "rural-labour"],
        kind: Kind::Service,
        zones: COM | OFF,
        sectors: &[S::Catering],
        weights: [3, 6, 3, 5, 4],
        duties: &["负责粤菜或面点的制作出品", "把控菜品质量和食品安全", "做好厨房卫生和原料管理"],
        reqs: &["持健康证", "有酒楼或团餐经验", "会做早茶点心者优先"],
    },
    Occupation {
        titles: &["餐厅服务员", "茶楼点心推车员", "收银员（餐饮）"],
        category: "4-03-02 餐厅服务员",
        pay: (4500, 6000),
        skills: &["普通话", "粤语", "健康证", "服务意识"],
        edu: &[E0],
        exp: (0, 0),
        types: &[FT, PT, PD],
        groups: &["graduate", "4050", "employment-difficulty"],
        kind: Kind::Service,
        zones: COM | OFF,
        sectors: &[S::Catering],
        weights: [2, 7, 2, 5, 3],
        duties: &["负责迎宾、点单、传菜和收台", "保持用餐区域整洁", "处理顾客需求，提升用餐体验"],
        reqs: &["服务意识好，会粤语者优先", "可接受排班", "无经验可培训"],
    },
    Occupation {
        titles: &["茶艺师", "茶馆服务员", "茶叶店导购"],
        category: "4-03-03 茶艺师",
        pay: (5000, 7500),
        skills: &["茶艺师证", "茶叶知识", "粤语", "普通话", "茶道"],
        edu: &[E0, E1],
        exp: (0, 12),
        types: &[FT, PT],
        groups: &["4050", "graduate"],
        kind: Kind::Service,
        zones: COM,
        sectors: &[S::Tea],
        weights: [0, 6, 1, 2, 1],
        duties: &["为客人冲泡和讲解六大茶类", "负责茶叶陈列和销售", "协助举办茶文化体验活动"],
        reqs: &["持茶艺师证者优先", "熟悉普洱、单丛等茶类", "气质佳，有亲和力"],
    },
    Occupation {
        titles: &["药店营业员", "执业药师", "中药调剂员"],
        category: "4-01-05 医药商品购销员",
        pay: (5000, 9000),
        skills: &["执业药师证", "中药识别", "医药知识", "收银", "粤语"],
        edu: &[E1, E2],
        exp: (0, 24),
        types: &[FT],
        groups: &["4050", "graduate"],
        kind: Kind::Service,
        zones: COM,
        sectors: &[S::Pharmacy],
        weights: [1, 6, 1, 3, 1],
        duties: &["为顾客提供用药咨询和药品销售", "负责中药饮片调剂和复核", "做好药品陈列和效期管理"],
        reqs: &["药学或中药学相关专业", "持执业药师证者优先", "熟悉常见中药材"],
    },
    Occupation {
        titles: &["花店店员", "花卉养护工", "花艺师"],
        category: "5-01-04 花卉园艺工",
        pay: (4500, 7000),
        skills: &["花艺", "插花", "绿植养护", "粤语", "直播带货"],
        edu: &[E0, E1],
        exp: (0, 12),
        types: &[FT, PT, PD],
        groups: &["4050", "employment-difficulty", "graduate"],
        kind: Kind::Service,
        zones: COM | RUR,
        sectors: &[S::Flowers],
        weights: [0, 6, 1, 1, 2],
        duties: &["负责鲜花、绿植的进货整理和养护", "制作花束和节庆花篮", "配合门店线上接单和配送"],
        reqs: &["喜欢花艺，有审美", "年宵花市等旺季可加班", "有插花基础者优先"],
    },
    Occupation {
        titles: &["门店导购", "超市理货员", "收银员"],
        category: "4-01-02 营业员",
        pay: (4500, 6500),
        skills: &["收银", "商品陈列", "普通话", "粤语"],
        edu: &[E0, E1],
        exp: (0, 0),
        types: &[FT, PT, PD],
        groups: &["4050", "graduate", "employment-difficulty"],
        kind: Kind::Service,
        zones: COM | OFF,
        sectors: &[S::Retail],
        weights: [2, 7, 2, 5, 3],
        duties: &["负责商品陈列、补货和价签核对", "为顾客介绍商品，完成收银", "配合盘点和促销活动"],
        reqs: &["服务意识好", "能接受轮班", "会粤语者优先"],
    },
    Occupation {
        titles: &["社区网格员", "社区公益岗（巡查）", "政务服务窗口辅助员"],
        category: "3-01-02 社区事务人员",
        pay: (4200, 5500),
        skills: &["电脑操作", "沟通协调", "粤语", "熟悉辖区"],
        edu: &[E1, E2],
        exp: (0, 0),
        types: &[FT, TE],
        groups: &["employment-difficulty", "4050", "disabled", "veteran"],
        kind: Kind::Service,
        zones: COM,
        sectors: &[S::Community],
        weights: [2, 6, 2, 2, 3],
        duties: &["负责网格内人口、房屋等基础信息采集", "巡查安全隐患并上报", "协助社区开展便民服务"],
        reqs: &["熟悉本辖区情况", "会使用电脑和手机App", "会粤语者优先"],
    },
    Occupation {
        titles: &["导游（粤语/英语）", "旅游顾问", "研学导师"],
        category: "4-07-04 导游",
        pay: (5000, 9000),
        skills: &["导游证", "英语", "粤语", "讲解能力", "普通话"],
        edu: &[E1, E2],
        exp: (0, 24),
        types: &[FT, PT, PD],
        groups: &["graduate", "hk-macau-youth"],
        kind: Kind::Service,
        zones: COM | RUR,
        sectors: &[S::Tourism],
        weights: [0, 4, 4, 2, 3],
        duties: &["带领游客参观西关、沙面等景点并讲解", "安排行程中的交通、餐饮和住宿", "处理行程中的突发情况"],
        reqs: &["持导游证", "粤语或英语讲解流利", "熟悉岭南文化者优先"],
    },
    Occupation {
        titles: &["酒店前台", "客房服务员", "宾客关系主任"],
        category: "4-03-01 前厅服务员",
        pay: (4500, 6500),
        skills: &["英语", "粤语", "酒店管理系统", "服务意识"],
        edu: &[E1, E2],
        exp: (0, 12),
        types: &[FT, PT],
        groups: &["graduate", "hk-macau-youth"],
        kind: Kind::Service,
        zones: COM | OFF,
        sectors: &[S::Hotel],
        weights: [1, 2, 4, 4, 2],
        duties: &["办理宾客入住、退房和结账", "解答咨询，处理宾客需求", "协调客房和工程部门"],
        reqs: &["形象气质佳", "英语或粤语口语流利", "能接受倒班"],
    },
    Occupation {
        titles: &["民宿管家", "乡村民宿运营", "民宿前台"],
        category: "4-03-01 住宿服务人员",
        pay: (4500, 7000),
        skills: &["民宿运营", "OTA平台", "摄影", "粤语", "驾照C1"],
        edu: &[E0, E1],
        exp: (0, 12),
        types: &[FT, PT],
        groups: &["rural-labour", "graduate"],
        kind: Kind::Service,
        zones: RUR,
        sectors: &[S::Hotel],
        weights: [0, 0, 1, 0, 6],
        duties: &["负责客人接待、入住和房间安排", "维护OTA平台房态和评价", "策划采摘、农耕等乡村体验活动"],
        reqs: &["热爱乡村生活", "会开车者优先", "可提供食宿"],
    },
    Occupation {
        titles: &["汽车维修技师", "新能源汽车维修工", "汽车美容技师"],
        category: "4-12-01 汽车维修工",
        pay: (6000, 10000),
        skills: &["汽车维修工证", "低压电工证", "新能源三电系统", "故障诊断", "驾照C1"],
        edu: &[E0, E1, E2],
        exp: (12, 48),
        types: &[FT],
        groups: &["veteran", "rural-labour"],
        kind: Kind::Manual,
        zones: COM | IND,
        sectors: &[S::AutoRepair],
        weights: [3, 3, 2, 2, 3],
        duties: &["负责车辆保养、维修和故障诊断", "检修新能源汽车高压和三电系统", "填写维修工单，向客户说明维修项目"],
        reqs: &["汽修相关专业或有汽修经验", "持低压电工证者优先", "有C1驾照"],
    },
    // ---- agriculture ----------------------------------------------------------------------------
    Occupation {
        titles: &["农业技术员", "植保技术员", "农机手"],
        category: "2-03-02 农业技术人员",
        pay: (5000, 8000),
        skills: &["农作物栽培", "植保", "农机操作", "无人机植保", "驾照C1"],
        edu: &[E2, E1],
        exp: (0, 24),
        types: &[FT, CO],
        groups: &["rural-labour", "graduate"],
        kind: Kind::Agri,
        zones: RUR,
        sectors: &[S::Agriculture],
        weights: [0, 0, 3, 0, 8],
        duties: &["指导种植基地的栽培、施肥和病虫害防治", "操作农机或植保无人机作业", "记录农事数据，推广新品种"],
        reqs: &["农学、植保相关专业优先", "能适应田间工作", "持无人机驾驶证者优先"],
    },
    Occupation {
        titles: &["荔枝种植管理员", "果园管理员", "荔枝采摘工（季节性）"],
        category: "5-01-02 果树园艺工",
        pay: (4500, 7000),
        skills: &["果树修剪", "病虫害防治", "施肥灌溉", "吃苦耐劳"],
        edu: &[E0],
        exp: (0, 24),
        types: &[FT, TE, PD],
        groups: &["rural-labour", "4050"],
        kind: Kind::Agri,
        zones: RUR,
        sectors: &[S::Agriculture],
        weights: [0, 0, 0, 0, 9],
        duties: &["负责荔枝园修剪、疏花和控梢管理", "按时施肥、灌溉和防治病虫害", "荔枝季组织采摘、分拣和装箱"],
        reqs: &["有果树管理经验者优先", "能适应户外作业", "采摘季可日结"],
    },
    Occupation {
        titles: &["水稻种植工（丝苗米）", "收割机手", "大米加工厂操作工"],
        category: "5-01-01 农作物生产人员",
        pay: (4500, 6500),
        skills: &["水稻种植", "农机操作", "病虫害防治", "吃苦耐劳"],
        edu: &[E0],
        exp: (0, 12),
        types: &[FT, TE, PD],
        groups: &["rural-labour", "4050"],
        kind: Kind::Agri,
        zones: RUR,
        sectors: &[S::Agriculture],
        weights: [0, 0, 2, 0, 7],
        duties: &["负责丝苗米基地的育秧、插秧和田间管理", "操作收割机和烘干设备", "配合大米加工和包装"],
        reqs: &["有种植或农机经验者优先", "能适应农忙加班", "本地村民优先"],
    },
    Occupation {
        titles: &["农产品电商主播", "助农直播主播", "带货主播"],
        category: "4-01-06 互联网营销师",
        pay: (5000, 12000),
        skills: &["直播带货", "抖音", "粤语", "普通话", "短视频剪辑"],
        edu: &[E0, E1, E2],
        exp: (0, 12),
        types: &[FT, PT],
        groups: &["rural-labour", "graduate", "employment-difficulty"],
        kind: Kind::Office,
        zones: RUR | COM,
        sectors: &[S::Ecommerce, S::Agriculture],
        weights: [0, 2, 1, 2, 7],
        duties: &["直播销售荔枝、丝苗米等本地农产品", "参与选品、拍摄产地短视频", "维护粉丝群，提升复购"],
        reqs: &["表达能力强，镜头感好", "会粤语者优先", "提供主播培训，新人可带教"],
    },
];

// ---------------------------------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------------------------------

struct Employer {
    name: String,
    email: String,
    phone: String,
    same_as: Option<String>,
    sector: Sector,
}

/// What every vacancy of one district draws from.
struct Ctx {
    index: usize,
    seed: u64,
    district: &'static District,
    slug: &'static str,
    anchor: i64,
    /// `(cumulative weight, occupation)`.
    occupations: Vec<(u32, usize)>,
    employers: Vec<Employer>,
    /// Employers by `Sector as usize`.
    by_sector: Vec<Vec<usize>>,
}

impl Ctx {
    fn new(index: usize, opts: &GenOptions) -> Self {
        let district = DISTRICT_INFO[index];
        let (y, m, d) = opts.anchor;

        let mut occupations = Vec::new();
        let mut cum = 0;
        for (i, o) in OCCUPATIONS.iter().enumerate() {
            if o.weights[index] > 0 {
                cum += o.weights[index];
                occupations.push((cum, i));
            }
        }

        // Employers: each sector gets a share of about 18 according to the occupations it serves here.
        let mut share = [0u32; SECTOR_COUNT];
        let mut order: Vec<Sector> = Vec::new();
        for o in OCCUPATIONS.iter().filter(|o| o.weights[index] > 0) {
            for &s in o.sectors {
                if share[s as usize] == 0 {
                    order.push(s);
                }
                share[s as usize] += o.weights[index] * 60 / o.sectors.len() as u32;
            }
        }
        let total: u32 = share.iter().sum();
        let mut rng = Rng::new(stream(opts.seed, index as u64, 3, 0));
        let mut brands: Vec<usize> = (0..BRANDS.len()).collect();
        for j in (1..brands.len()).rev() {
            brands.swap(j, rng.below(j as u64 + 1) as usize);
        }
        let mut employers = Vec::new();
        let mut by_sector = vec![Vec::new(); SECTOR_COUNT];
        for s in order {
            let n = ((share[s as usize] * 18 + total / 2) / total).clamp(1, 3) as usize;
            let (_, endings) = s.info();
            let first = rng.below(endings.len() as u64) as usize;
            for k in 0..n {
                let (brand, pinyin) = BRANDS[brands[employers.len() % BRANDS.len()]];
                let place = rng.pick(district.places);
                let ending = endings[(first + k) % endings.len()];
                let domain = format!("{pinyin}-{}.example.cn", district.code);
                let mailbox = *rng.pick(&["hr", "hr", "zhaopin", "jobs"]);
                let phone = format!("020-8{:07}", rng.below(10_000_000));
                let same_as = rng.chance(20).then(|| format!("https://www.example.com/employers/{pinyin}-{}", district.code));
                by_sector[s as usize].push(employers.len());
                employers.push(Employer {
                    name: format!("广州{place}{brand}{ending}"),
                    email: format!("{mailbox}@{domain}"),
                    phone,
                    same_as,
                    sector: s,
                });
            }
        }

        Self { index, seed: opts.seed, district, slug: DISTRICTS[index], anchor: days_from_civil(y, m, d), occupations, employers, by_sector }
    }

    fn pick_occupation(&self, rng: &mut Rng) -> &'static Occupation {
        let total = self.occupations.last().map_or(1, |&(c, _)| c);
        let r = rng.below(u64::from(total)) as u32;
        let at = self.occupations.partition_point(|&(c, _)| c <= r);
        &OCCUPATIONS[self.occupations[at].1]
    }

    fn pick_employer(&self, occ: &Occupation, rng: &mut Rng) -> &Employer {
        let present: Vec<Sector> = occ.sectors.iter().copied().filter(|&s| !self.by_sector[s as usize].is_empty()).collect();
        // Every sector of an occupation that occurs here has employers, so `present` is never empty.
        let s = *rng.pick(&present);
        &self.employers[*rng.pick(&self.by_sector[s as usize])]
    }

    fn pick_locality(&self, occ: &Occupation, rng: &mut Rng) -> &'static Locality {
        let locs = self.district.localities;
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
        let road = *rng.pick(l.roads);
        let number = if road.contains("大道") { rng.range(1, 2999) } else { rng.range(1, 399) };
        let mut street = format!("{road}{number}号");
        if l.zones & IND != 0 && matches!(occ.kind, Kind::Manual | Kind::Tech) && rng.chance(30) {
            let _ = write!(street, "{}栋", ["A", "B", "C", "D", "E", "F"][rng.below(6) as usize]);
        } else if l.zones & OFF != 0 && matches!(occ.kind, Kind::Office | Kind::Tech) && rng.chance(40) {
            let _ = write!(street, "{}楼", rng.range(2, 38));
        }
        let mut address = Map::new();
        address.insert("streetAddress".into(), street.into());
        address.insert("addressLocality".into(), l.name.into());
        address.insert("addressRegion".into(), "广东省广州市".into());
        if rng.chance(50) {
            address.insert("postalCode".into(), l.postal.into());
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
        let title = *rng.pick(occ.titles);
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
        let edu = *rng.pick(occ.edu);
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
            let steps: Vec<u32> = [0, 6, 12, 24, 36, 60].into_iter().filter(|m| (occ.exp.0..=occ.exp.1).contains(m)).collect();
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
        let mut skills: Vec<&str> = rng.subset(occ.skills.len(), k).into_iter().map(|j| occ.skills[j]).collect();
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

        let benefits = benefits(occ, types[0], &groups, self.slug, &mut rng);
        v.insert("description".into(), description(occ, edu, months, &groups, &benefits, &mut rng).into());
        v.insert("skills".into(), Value::Array(skills.into_iter().map(Value::from).collect()));
        if rng.chance(95) {
            v.insert("occupationalCategory".into(), occ.category.into());
        }
        if rng.chance(80) {
            v.insert("industry".into(), employer.sector.info().0.into());
        }
        if rng.chance(85) {
            let openings = match occ.kind {
                Kind::Manual | Kind::Agri => rng.range(2, 30),
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
            v.insert("workHours".into(), work_hours(occ.kind, types[0], &mut rng).into());
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
    let flexible: Vec<Emp> = occ.types.iter().copied().filter(|t| matches!(t, Emp::PartTime | Emp::PerDiem)).collect();
    let first = if !flexible.is_empty() && rng.chance(d.flexible_pct) {
        *rng.pick(&flexible)
    } else if rng.chance(65) {
        occ.types[0]
    } else {
        *rng.pick(occ.types)
    };
    let mut types = vec![first];
    if occ.types.len() > 1 && rng.chance(12) {
        let other = *rng.pick(occ.types);
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
        (occ.pay.0.clamp(3000, 4000), occ.pay.1.clamp(3500, 4500))
    } else {
        (occ.pay.0 * d.pay_pct / 100, occ.pay.1 * d.pay_pct / 100)
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
    for g in occ.groups {
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
        ("zengcheng", Kind::Manual | Kind::Agri | Kind::Service) if rng.chance(55) => want("rural-labour"),
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

fn benefits(occ: &Occupation, first: Emp, groups: &[&str], slug: &str, rng: &mut Rng) -> Vec<&'static str> {
    let pool: &[&str] = match occ.kind {
        Kind::Manual => &["五险一金", "包食宿", "免费工作餐", "加班费", "全勤奖", "年终奖", "带薪年假", "节日福利", "定期体检", "技能补贴"],
        Kind::Tech => &["五险一金", "补充公积金", "年终奖", "项目奖金", "带薪年假", "人才公寓", "定期体检", "弹性工作", "人才补贴申报协助"],
        Kind::Office => &["五险一金", "双休", "年终奖", "带薪年假", "餐补", "交通补贴", "节日福利", "定期团建", "培训晋升"],
        Kind::Service => &["五险", "包吃", "包住", "员工餐", "节日福利", "带薪年假", "月度奖金", "技能培训", "工作服"],
        Kind::Agri => &["包吃住", "交通补贴", "季节奖金", "意外险", "技能培训", "节日福利"],
    };
    let mut out: Vec<&'static str> = Vec::new();
    match first {
        Emp::PerDiem => out.push("日结工资"),
        Emp::PartTime => out.push("时间灵活"),
        Emp::Intern => out.push("实习证明"),
        _ => {}
    }
    if slug == "nansha" && groups.contains(&"hk-macau-youth") && rng.chance(50) {
        out.push("协助申请港澳青年就业补贴");
    }
    let k = rng.range(2, 4) as usize;
    for j in rng.subset(pool.len(), k) {
        if out.len() < 4 {
            out.push(pool[j]);
        }
    }
    out
}

fn work_hours(kind: Kind, first: Emp, rng: &mut Rng) -> &'static str {
    let pool: &[&str] = match (first, kind) {
        (Emp::PartTime, _) => &["每天4小时，时间可协商", "周末及节假日上班", "每周不少于3天，每天4-6小时"],
        (Emp::PerDiem, _) => &["按日用工，每天8小时，当天结算", "临时用工，每天8-10小时"],
        (Emp::Intern, _) => &["每周至少到岗4天，9:00-18:00", "实习期3-6个月，双休"],
        (_, Kind::Manual) => {
            &["做六休一，8:00-17:30", "两班倒，每班8小时，做六休一", "长白班，8:30-18:00，月休4天", "做五休二，8:00-17:00，旺季需加班"]
        }
        (_, Kind::Tech) => &["双休，9:00-18:00", "弹性工作制，双休", "做五休二，8:30-17:30"],
        (_, Kind::Office) => &["双休，9:00-18:00", "大小周，9:00-18:00", "做五休二，8:30-17:30，午休1.5小时"],
        (_, Kind::Service) => &["排班制，月休4天", "做六休一，8:30-17:30", "三班倒，月休4-6天", "早班7:00-15:00，晚班15:00-23:00"],
        (_, Kind::Agri) => &["农忙时6:00-11:00、15:00-18:30", "做六休一，按季节调整", "天气炎热时避开正午作业"],
    };
    pool[rng.below(pool.len() as u64) as usize]
}

fn description(occ: &Occupation, edu: Edu, months: u32, groups: &[&str], benefits: &[&str], rng: &mut Rng) -> String {
    let mut s = String::with_capacity(640);
    s.push_str("**岗位职责**\n\n");
    let k = rng.range(3, 4) as usize;
    for j in rng.subset(occ.duties.len(), k) {
        let _ = writeln!(s, "- {}", occ.duties[j]);
    }
    s.push_str("\n**任职要求**\n\n");
    let edu_line = match edu {
        Edu::None => "学历不限",
        Edu::HighSchool => "高中或中专及以上学历",
        Edu::Associate => "大专及以上学历",
        Edu::Bachelor => "本科及以上学历",
        Edu::Postgrad => "硕士及以上学历",
    };
    let _ = writeln!(s, "- {edu_line}");
    match months {
        0 if groups.contains(&"graduate") => s.push_str("- 欢迎应届毕业生，有带教培训\n"),
        0 => s.push_str("- 无经验可培训上岗\n"),
        6 => s.push_str("- 半年以上相关工作经验\n"),
        m => {
            let _ = writeln!(s, "- {}年以上相关工作经验", m / 12);
        }
    }
    let k = rng.range(2, 3) as usize;
    for j in rng.subset(occ.reqs.len(), k) {
        let _ = writeln!(s, "- {}", occ.reqs[j]);
    }
    let note = groups.iter().find_map(|g| match *g {
        "veteran" => Some("退役军人同等条件下优先"),
        "disabled" => Some("岗位适合残疾人就业，工作场所有无障碍设施"),
        "4050" => Some("欢迎“4050”人员应聘"),
        "hk-macau-youth" => Some("欢迎港澳青年应聘，可协助办理就业登记"),
        "rural-labour" => Some("欢迎农村劳动力应聘，提供岗前培训"),
        "employment-difficulty" => Some("欢迎就业困难人员应聘"),
        _ => None,
    });
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
        assert!(DISTRICT_INFO[index].localities.iter().any(|l| l.name == locality));
        assert!(a["streetAddress"].as_str().unwrap().contains('号'));
        let Some(geo) = p.get("geo") else {
            return false;
        };
        keys_within(geo, &["latitude", "longitude"], "geo");
        let (lat, lon) = (geo["latitude"].as_f64().unwrap(), geo["longitude"].as_f64().unwrap());
        let (la, lb, oa, ob) = match slug {
            "huangpu" => (23.02, 23.45, 113.36, 113.63),
            "liwan" => (23.04, 23.17, 113.17, 113.28),
            "nansha" => (22.55, 22.93, 113.28, 113.72),
            "tianhe" => (23.09, 23.25, 113.29, 113.46),
            _ => (23.08, 23.63, 113.53, 114.0),
        };
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
    fn every_occupation_is_sound() {
        for (i, o) in OCCUPATIONS.iter().enumerate() {
            assert!(o.skills.len() >= 2 && o.duties.len() >= 3 && o.reqs.len() >= 2, "occupation {i}");
            assert!(o.pay.0 < o.pay.1 && !o.types.is_empty() && !o.edu.is_empty() && !o.titles.is_empty());
            assert!(o.weights.iter().any(|&w| w > 0));
            assert!(o.groups.iter().all(|g| TARGET_GROUPS.contains(g)));
            assert!(o.exp.0 <= o.exp.1);
            assert!([0, 6, 12, 24, 36, 60].iter().any(|m| (o.exp.0..=o.exp.1).contains(m)));
        }
        for index in 0..DISTRICTS.len() {
            let ctx = Ctx::new(index, &GenOptions::default());
            assert!(ctx.employers.len() <= BRANDS.len(), "{} employers", ctx.employers.len());
            let mut names: Vec<&str> = ctx.employers.iter().map(|e| e.name.as_str()).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), ctx.employers.len());
        }
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
