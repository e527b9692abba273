//! `stations.toml`: a district's employment stations (ids, kinds, coordinates, schema.org opening hours,
//! services, a markdown description), each checked with its position.

use std::collections::BTreeSet;
use std::path::Path;

use engine::diag::Diagnostics;
use engine::hours;
use serde::Deserialize;
use toml::Spanned;

use super::source::{check_id, parse_toml, read};
use crate::model::{Station, StationKind};
use crate::text::markdown::{self, Trust};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StationsFile {
    #[serde(default)]
    stations: Vec<StationIn>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StationIn {
    id: Spanned<String>,
    name: String,
    kind: StationKind,
    street: String,
    address: String,
    lat: Spanned<f64>,
    lon: f64,
    opening_hours: Spanned<Vec<String>>,
    phone: Option<String>,
    #[serde(default)]
    services: Vec<String>,
    #[serde(default)]
    description: String,
}

pub(super) fn load_stations(root: &Path, path: &Path, diags: &mut Diagnostics) -> Vec<Station> {
    if !path.exists() {
        return Vec::new();
    }
    let Some(src) = read(root, path, diags) else { return Vec::new() };
    let Some(file) = parse_toml::<StationsFile>(&src, &src.text, 0, diags) else { return Vec::new() };
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for s in file.stations {
        let id_pos = src.pos(s.id.span().start);
        let mut ok = check_id(&src, &s.id, &mut seen, "station", diags);
        if let Some(m) = super::source::too_long(&s.name) {
            diags.error(&src.display, src.pos(s.id.span().start), format!("station `{}`: `name` {m}", s.id.get_ref()), None);
            ok = false;
        }
        if !((-90.0..=90.0).contains(s.lat.get_ref()) && (-180.0..=180.0).contains(&s.lon)) {
            diags.error(
                &src.display,
                src.pos(s.lat.span().start),
                format!("station `{}`: coordinates are out of range", s.id.get_ref()),
                Some("lat is the latitude (about 23 in Guangzhou), lon the longitude (about 113)".into()),
            );
            ok = false;
        }
        let mut rules = Vec::new();
        for h in s.opening_hours.get_ref() {
            match hours::parse_rule(h) {
                Ok(r) => rules.push((h.clone(), r)),
                Err(e) => {
                    diags.error(
                        &src.display,
                        src.pos(s.opening_hours.span().start),
                        format!("station `{}`: `opening_hours`: {e}", s.id.get_ref()),
                        Some("write rules like \"Mo-Fr 09:00-12:00,14:00-17:30\"".into()),
                    );
                    ok = false;
                }
            }
        }
        let rendered = markdown::render(&s.description, Trust::Author);
        for problem in rendered.removed {
            diags.warning(&src.display, id_pos, format!("station `{}`: removed unsafe markup from the description: {problem}", s.id.get_ref()), None);
        }
        if ok {
            out.push(Station {
                id: s.id.into_inner(),
                name: s.name,
                kind: s.kind,
                street: s.street,
                address: s.address,
                lat: s.lat.into_inner(),
                lon: s.lon,
                opening_hours: rules,
                phone: s.phone,
                services: s.services,
                html: rendered.html,
            });
        }
    }
    out
}
