//! Given / when / then helpers shared by the `rules_*` tests (included with `#[path]`; compiled
//! on its own as well, where it holds no tests).
#![allow(dead_code)]

use std::sync::OnceLock;

use chrono::NaiveDate;
use claims_coding::rules::{CodingCheck, Reference};
use claims_events::event::CodingIssue;
use claims_events::{Cents, ClaimCoding, ServiceLine};

/// The embedded code set with the sample tables, loaded once for all tests of a binary.
pub fn reference() -> &'static Reference {
    static REFERENCE: OnceLock<Reference> = OnceLock::new();
    REFERENCE.get_or_init(|| Reference::embedded().expect("the embedded reference loads"))
}

pub fn date(text: &str) -> NaiveDate {
    text.parse().expect("a YYYY-MM-DD date")
}

/// A date of service the loaded FY2026 April release governs.
pub const IN_FY2026: &str = "2026-05-04";

/// A claim under construction: one diagnosis-free, line-free claim dated in FY2026.
pub fn a_claim() -> Claim {
    Claim {
        coding: ClaimCoding {
            diagnoses: Vec::new(),
            lines: Vec::new(),
        },
        date: date(IN_FY2026),
        stated_total: None,
    }
}

pub struct Claim {
    pub coding: ClaimCoding,
    pub date: NaiveDate,
    pub stated_total: Option<Cents>,
}

impl Claim {
    pub fn with_diagnoses(mut self, codes: &[&str]) -> Claim {
        self.coding.diagnoses = codes
            .iter()
            .map(|c| c.parse().expect("an ICD-10-CM shape"))
            .collect();
        self
    }

    pub fn with_line(mut self, line: Line) -> Claim {
        self.coding.lines.push(line.0);
        self
    }

    pub fn on(mut self, day: &str) -> Claim {
        self.date = date(day);
        self
    }

    pub fn stating_total(mut self, cents: i64) -> Claim {
        self.stated_total = Some(Cents(cents));
        self
    }

    pub fn when_checked(&self) -> Issues {
        let mut check = CodingCheck::new(&self.coding, self.date);
        if let Some(total) = self.stated_total {
            check = check.with_stated_total(total);
        }
        Issues(check.run(reference()))
    }
}

/// A service line: one unit at $100.00 pointing at diagnosis 1, no modifiers.
pub fn a_line(code: &str) -> Line {
    Line(ServiceLine {
        procedure: code.parse().expect("a procedure shape"),
        modifiers: Vec::new(),
        units: 1,
        charge: Cents(10_000),
        diagnosis_pointers: vec![1],
        service_date: None,
    })
}

pub struct Line(pub ServiceLine);

impl Line {
    pub fn modifiers(mut self, modifiers: &[&str]) -> Line {
        self.0.modifiers = modifiers
            .iter()
            .map(|m| m.parse().expect("a modifier shape"))
            .collect();
        self
    }
    pub fn units(mut self, units: u32) -> Line {
        self.0.units = units;
        self
    }
    pub fn charge(mut self, cents: i64) -> Line {
        self.0.charge = Cents(cents);
        self
    }
    pub fn pointers(mut self, pointers: &[u8]) -> Line {
        self.0.diagnosis_pointers = pointers.to_vec();
        self
    }
    pub fn on(mut self, day: &str) -> Line {
        self.0.service_date = Some(date(day));
        self
    }
}

/// What a check found.
#[derive(Debug)]
pub struct Issues(pub Vec<CodingIssue>);

impl Issues {
    pub fn then_clean(&self) {
        assert!(self.0.is_empty(), "expected no issues, found {:#?}", self.0);
    }

    /// The (rule, path) of every issue, in order.
    pub fn found(&self) -> Vec<(&str, &str)> {
        self.0
            .iter()
            .map(|i| (i.rule.as_str(), i.path.as_str()))
            .collect()
    }

    /// Asserts the issues are exactly these (rule, path) pairs, in order.
    pub fn then_exactly(&self, expected: &[(&str, &str)]) {
        assert_eq!(self.found(), expected, "issues: {:#?}", self.0);
    }

    /// The only issue, which must have this rule and path.
    pub fn then_only(&self, rule: &str, path: &str) -> &CodingIssue {
        self.then_exactly(&[(rule, path)]);
        &self.0[0]
    }

    /// The message of the issue with this rule and path.
    pub fn message(&self, rule: &str, path: &str) -> &str {
        self.0
            .iter()
            .find(|i| i.rule == rule && i.path == path)
            .map(|i| i.message.as_str())
            .unwrap_or_else(|| panic!("no {rule} at {path} in {:#?}", self.0))
    }
}

/// Asserts `message` contains every one of `parts`.
pub fn says(message: &str, parts: &[&str]) {
    for part in parts {
        assert!(
            message.contains(part),
            "{message:?} should contain {part:?}"
        );
    }
}
