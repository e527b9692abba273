//! The job-search widget (Yew/WASM) — a placeholder until the widget issue lands.
//!
//! It will search, filter and match vacancies in the browser over the index that `sitegen` writes, reading
//! it through the shared `engine` crate (one definition of the index format for writer and reader). For
//! now it only proves the dependency direction: the widget depends on the engine, never the reverse.

/// True when the engine knows `employment_type` (a schema.org value such as `PER_DIEM`).
pub fn engine_supports(employment_type: &str) -> bool {
    engine::vacancy::EmploymentType::parse(employment_type).is_some()
}

#[cfg(test)]
mod tests {
    #[test]
    fn uses_the_engine_vocabulary() {
        assert!(super::engine_supports("PER_DIEM"));
        assert!(!super::engine_supports("GIG"));
    }
}
