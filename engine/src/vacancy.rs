//! The vacancy model, in the schema.org JobPosting vocabulary that Google for Jobs reads.
//!
//! A [`Vacancy`] is what [`crate::validate`] makes of one JSON object after every check passed: required
//! fields are present, enums are known, dates are dates. Salaries keep their unit as written and can be
//! normalized to monthly CNY ([`Salary::monthly_range`]) for comparison and facets.

use crate::date::{Date, DateTime};
use crate::diag::Pos;

/// One vacancy.
#[derive(Debug, Clone, PartialEq)]
pub struct Vacancy {
    /// `identifier`: `[a-z0-9-]{1,64}`, unique in the city; the page is `/<district>/jobs/<identifier>/`.
    pub identifier: String,
    /// The district slug, from the folder the file is in.
    pub district: String,
    /// `title`, plain text.
    pub title: String,
    /// `description`, markdown or HTML as written (untrusted: render only through the sanitizer).
    pub description: String,
    /// `datePosted`.
    pub date_posted: DateTime,
    /// `validThrough`.
    pub valid_through: Option<DateTime>,
    /// `employmentType`, in the order written, without duplicates.
    pub employment_types: Vec<EmploymentType>,
    /// `hiringOrganization`.
    pub hiring_organization: Organization,
    /// `jobLocation` (one or more places).
    pub locations: Vec<Place>,
    /// `baseSalary`.
    pub base_salary: Option<Salary>,
    /// `educationRequirements`; `Some(Education::None)` for "no requirements".
    pub education: Option<Education>,
    /// `experienceRequirements.monthsOfExperience`; `Some(0)` for "no requirements".
    pub experience_months: Option<u32>,
    /// `skills`.
    pub skills: Vec<String>,
    /// `occupationalCategory`.
    pub occupational_category: Option<String>,
    /// `totalJobOpenings`.
    pub total_job_openings: Option<u32>,
    /// `directApply`.
    pub direct_apply: Option<bool>,
    /// `applicationContact`.
    pub application_contact: Option<Contact>,
    /// `workHours`.
    pub work_hours: Option<String>,
    /// `jobBenefits`.
    pub job_benefits: Option<String>,
    /// `industry`.
    pub industry: Option<String>,
    /// `targetGroups` (extension): target-group ids from site.toml.
    pub target_groups: Vec<String>,
    /// Where the vacancy was defined, for messages about it.
    pub source: Source,
}

/// The file and position an item came from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Source {
    /// The file path, as shown in messages.
    pub path: String,
    /// The sheet, for a spreadsheet's row (`""` in a CSV file); then `pos` is the row (`col` 0).
    pub sheet: Option<String>,
    /// Where the object starts.
    pub pos: Pos,
}

impl Source {
    /// Where it is, as messages show it: `a.json:3:1`, `a.xlsx:Sheet1!7:7`.
    pub fn location(&self) -> String {
        crate::diag::location(&self.path, self.sheet.as_deref(), Some(self.pos))
    }

    /// A warning about the item, at its position.
    pub fn warning(&self, diags: &mut crate::diag::Diagnostics, message: impl Into<String>, hint: Option<String>) {
        match &self.sheet {
            Some(sheet) => diags.in_cell(crate::diag::Severity::Warning, &self.path, sheet, Some(self.pos), message, hint),
            None => diags.warning(&self.path, Some(self.pos), message, hint),
        }
    }
}

impl Vacancy {
    /// True when `validThrough` (in China time) is before `build_date`: the vacancy is left out.
    pub fn is_expired(&self, build_date: Date) -> bool {
        self.valid_through.is_some_and(|v| v.china_date() < build_date)
    }

    /// The street or town (`addressLocality`) of the first place that has one.
    pub fn locality(&self) -> Option<&str> {
        self.locations.iter().find_map(|p| p.address_locality.as_deref())
    }

    /// The coordinates of the first place that has them.
    pub fn geo(&self) -> Option<(f64, f64)> {
        self.locations.iter().find_map(|p| p.geo)
    }
}

/// `employmentType` values Google accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EmploymentType {
    /// 全职
    FullTime,
    /// 兼职
    PartTime,
    /// 劳务派遣/外包 (contractor)
    Contractor,
    /// 临时
    Temporary,
    /// 实习
    Intern,
    /// 志愿者
    Volunteer,
    /// 零工 (paid by the day)
    PerDiem,
    /// 其他
    Other,
}

impl EmploymentType {
    /// Every value, in display order.
    pub const ALL: [EmploymentType; 8] = [
        EmploymentType::FullTime,
        EmploymentType::PartTime,
        EmploymentType::PerDiem,
        EmploymentType::Intern,
        EmploymentType::Temporary,
        EmploymentType::Contractor,
        EmploymentType::Volunteer,
        EmploymentType::Other,
    ];

    /// The schema.org/Google spelling, e.g. `FULL_TIME`.
    pub fn as_schema(self) -> &'static str {
        match self {
            EmploymentType::FullTime => "FULL_TIME",
            EmploymentType::PartTime => "PART_TIME",
            EmploymentType::Contractor => "CONTRACTOR",
            EmploymentType::Temporary => "TEMPORARY",
            EmploymentType::Intern => "INTERN",
            EmploymentType::Volunteer => "VOLUNTEER",
            EmploymentType::PerDiem => "PER_DIEM",
            EmploymentType::Other => "OTHER",
        }
    }

    /// A URL slug, e.g. `full-time`.
    pub fn slug(self) -> &'static str {
        match self {
            EmploymentType::FullTime => "full-time",
            EmploymentType::PartTime => "part-time",
            EmploymentType::Contractor => "contractor",
            EmploymentType::Temporary => "temporary",
            EmploymentType::Intern => "intern",
            EmploymentType::Volunteer => "volunteer",
            EmploymentType::PerDiem => "per-diem",
            EmploymentType::Other => "other",
        }
    }

    /// Parses the schema.org spelling (also accepts `full-time`, `Full Time` etc.).
    pub fn parse(s: &str) -> Option<EmploymentType> {
        let norm: String = s.trim().chars().map(|c| if c == '-' || c == ' ' { '_' } else { c.to_ascii_uppercase() }).collect();
        EmploymentType::ALL.into_iter().find(|t| t.as_schema() == norm)
    }
}

/// The hiring organization.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Organization {
    /// `name`.
    pub name: String,
    /// `sameAs`: the employer's web site.
    pub same_as: Option<String>,
    /// `logo`: URL of a logo.
    pub logo: Option<String>,
}

/// A place of work.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Place {
    /// `address.streetAddress`.
    pub street_address: Option<String>,
    /// `address.addressLocality`: the street (街道) or town (镇).
    pub address_locality: Option<String>,
    /// `address.addressRegion`.
    pub address_region: Option<String>,
    /// `address.postalCode`.
    pub postal_code: Option<String>,
    /// `address.addressCountry` (ISO 3166-1 alpha-2).
    pub address_country: Option<String>,
    /// `geo`: (latitude, longitude).
    pub geo: Option<(f64, f64)>,
}

/// `baseSalary`.
#[derive(Debug, Clone, PartialEq)]
pub struct Salary {
    /// ISO 4217 code, e.g. `CNY`.
    pub currency: String,
    /// Lower bound (equal to `max` for a single `value`).
    pub min: f64,
    /// Upper bound.
    pub max: f64,
    /// The period the amounts are for.
    pub unit: SalaryUnit,
}

/// `unitText` of a salary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SalaryUnit {
    /// Per hour.
    Hour,
    /// Per day.
    Day,
    /// Per week.
    Week,
    /// Per month.
    Month,
    /// Per year.
    Year,
}

impl SalaryUnit {
    /// Every unit.
    pub const ALL: [SalaryUnit; 5] = [SalaryUnit::Hour, SalaryUnit::Day, SalaryUnit::Week, SalaryUnit::Month, SalaryUnit::Year];

    /// The schema.org spelling, e.g. `MONTH`.
    pub fn as_schema(self) -> &'static str {
        match self {
            SalaryUnit::Hour => "HOUR",
            SalaryUnit::Day => "DAY",
            SalaryUnit::Week => "WEEK",
            SalaryUnit::Month => "MONTH",
            SalaryUnit::Year => "YEAR",
        }
    }

    /// How many of this unit make a month, by China's statutory 21.75 paid days and 8-hour days.
    pub fn per_month(self) -> f64 {
        match self {
            SalaryUnit::Hour => 21.75 * 8.0,
            SalaryUnit::Day => 21.75,
            SalaryUnit::Week => 52.0 / 12.0,
            SalaryUnit::Month => 1.0,
            SalaryUnit::Year => 1.0 / 12.0,
        }
    }
}

impl Salary {
    /// The range in monthly amounts of the salary's currency (hourly and daily pay by 21.75 working days of 8
    /// hours a month, yearly pay divided by 12), rounded to whole units.
    pub fn monthly_range(&self) -> (u32, u32) {
        let f = self.unit.per_month();
        ((self.min * f).round() as u32, (self.max * f).round() as u32)
    }
}

/// `educationRequirements.credentialCategory`, in increasing order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Education {
    /// "no requirements"
    None,
    /// "high school" (高中/中专)
    HighSchool,
    /// "professional certificate" (职业资格证书)
    ProfessionalCertificate,
    /// "associate degree" (大专)
    Associate,
    /// "bachelor degree" (本科)
    Bachelor,
    /// "postgraduate degree" (研究生)
    Postgraduate,
}

impl Education {
    /// Every value.
    pub const ALL: [Education; 6] = [
        Education::None,
        Education::HighSchool,
        Education::ProfessionalCertificate,
        Education::Associate,
        Education::Bachelor,
        Education::Postgraduate,
    ];

    /// The Google spelling, e.g. `bachelor degree`.
    pub fn as_schema(self) -> &'static str {
        match self {
            Education::None => "no requirements",
            Education::HighSchool => "high school",
            Education::ProfessionalCertificate => "professional certificate",
            Education::Associate => "associate degree",
            Education::Bachelor => "bachelor degree",
            Education::Postgraduate => "postgraduate degree",
        }
    }

    /// A slug for translation keys, e.g. `bachelor`.
    pub fn slug(self) -> &'static str {
        match self {
            Education::None => "none",
            Education::HighSchool => "high-school",
            Education::ProfessionalCertificate => "certificate",
            Education::Associate => "associate",
            Education::Bachelor => "bachelor",
            Education::Postgraduate => "postgraduate",
        }
    }

    /// Parses the Google spelling (case-insensitive).
    pub fn parse(s: &str) -> Option<Education> {
        let s = s.trim().to_ascii_lowercase();
        Education::ALL.into_iter().find(|e| e.as_schema() == s)
    }
}

/// `applicationContact`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Contact {
    /// `telephone`.
    pub telephone: Option<String>,
    /// `email`.
    pub email: Option<String>,
    /// `url`.
    pub url: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn monthly_normalization() {
        let s = |min, max, unit| Salary { currency: "CNY".into(), min, max, unit };
        assert_eq!(s(6000.0, 8000.0, SalaryUnit::Month).monthly_range(), (6000, 8000));
        assert_eq!(s(200.0, 200.0, SalaryUnit::Day).monthly_range(), (4350, 4350));
        assert_eq!(s(25.0, 30.0, SalaryUnit::Hour).monthly_range(), (4350, 5220));
        assert_eq!(s(120_000.0, 180_000.0, SalaryUnit::Year).monthly_range(), (10_000, 15_000));
        assert_eq!(s(1000.0, 1500.0, SalaryUnit::Week).monthly_range(), (4333, 6500));
    }

    #[test]
    fn enums_round_trip() {
        for t in EmploymentType::ALL {
            assert_eq!(EmploymentType::parse(t.as_schema()), Some(t));
        }
        assert_eq!(EmploymentType::parse("per-diem"), Some(EmploymentType::PerDiem));
        assert_eq!(EmploymentType::parse("gig"), None);
        for e in Education::ALL {
            assert_eq!(Education::parse(e.as_schema()), Some(e));
        }
        assert_eq!(Education::parse("Bachelor Degree"), Some(Education::Bachelor));
    }
}
