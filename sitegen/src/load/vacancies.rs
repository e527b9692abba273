//! Vacancy files (`districts/<slug>/vacancies/*.json`): parsed and validated by `engine::validate`, on one
//! thread per core, largest files first.

use std::fs;
use std::path::{Path, PathBuf};

use engine::diag::Diagnostics;
use engine::vacancy::Vacancy;
use engine::validate::{self, Rules};

use super::source::read;

/// Parses vacancy files (district slug, path) on one thread per core, largest files first; returns the
/// vacancies of each file, in the order given.
pub(super) fn load_vacancies(root: &Path, files: &[(String, PathBuf)], rules: &Rules, diags: &mut Diagnostics) -> Vec<(String, Vec<Vacancy>)> {
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(fs::metadata(&files[i].1).map_or(0, |m| m.len())));
    let mut results = crate::parallel::map(&order, |&i| {
        let (slug, path) = &files[i];
        let mut d = Diagnostics::new();
        let v = read(root, path, &mut d).map(|src| validate::parse_vacancy_file(&src.display, &src.text, slug, rules, &mut d)).unwrap_or_default();
        (i, v, d)
    });
    results.sort_by_key(|(i, _, _)| *i);
    results
        .into_iter()
        .map(|(i, v, d)| {
            diags.extend(d);
            (files[i].0.clone(), v)
        })
        .collect()
}
