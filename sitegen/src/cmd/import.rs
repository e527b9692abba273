//! `sitegen import FILE --district SLUG [--content DIR] [--out FILE] [--strict]`: one vacancy file — a
//! spreadsheet, CSV file, career page or JSON file — read for a district exactly as a build reads it, and
//! written as JobPosting JSON (to `--out`, else to standard output), for teams that keep JSON. Its
//! rejected records are printed (exit status 3; with `--strict`, 1 and nothing written).

use super::{Failure, ImportArgs, Status, report};

/// Runs `import`.
pub fn run(i: &ImportArgs, quiet: bool) -> Result<Status, Failure> {
    let (vacancies, mut diags) = match sitegen::load::import_file(&i.content, &i.district, &i.file) {
        Ok(read) => read,
        Err(d) => {
            report(&d);
            return Err(Failure::Content(None));
        }
    };
    if i.strict {
        diags.reject_as_errors();
    }
    report(&diags);
    if diags.has_errors() {
        return Err(Failure::Content(Some("nothing written".into())));
    }
    let json = serde_json::to_string_pretty(&sitegen::formats::jobposting::vacancy_file(&vacancies)).expect("JSON values always serialize") + "\n";
    match &i.out {
        Some(path) => std::fs::write(path, json).map_err(|e| Failure::Report(path.clone(), e))?,
        None => print!("{json}"),
    }
    if !quiet {
        eprintln!("imported {} vacancies from {}", vacancies.len(), i.file.display());
    }
    Ok(Status::of(&diags))
}
