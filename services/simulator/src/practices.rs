//! The simulated practices: who bills (partner id, NPI, tax id, taxonomy, address) and who
//! renders the care, with NPIs whose check digits are right.
//!
//! An NPI's last digit is a Luhn check over the other nine prefixed with 80840, and intake
//! refuses a wrong one, so the practices' NPIs are computed, not typed; a deliberately invalid
//! NPI (one of the realistic problems) is a valid one with its check digit changed, which is
//! what a typo in the EHR produces.

use serde_json::{json, Value};

use crate::rng::Rng;

/// What a practice mostly sees, which decides its visit templates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Specialty {
    Family,
    Pediatrics,
    Orthopedics,
    Internal,
}

/// One practice: a partner of the claims system publishing encounters.
#[derive(Debug, Clone)]
pub struct Practice {
    pub partner: &'static str,
    pub name: &'static str,
    pub specialty: Specialty,
    pub taxonomy: &'static str,
    pub npi: String,
    pub tax_id: String,
    pub address: Value,
    /// Physicians: first name, last name, NPI.
    pub physicians: Vec<(&'static str, &'static str, String)>,
    /// Relative share of the encounters.
    pub weight: u64,
}

impl Practice {
    pub fn billing_provider(&self) -> Value {
        json!({"npi": self.npi, "name": self.name, "tax_id": self.tax_id,
               "taxonomy": self.taxonomy, "address": self.address})
    }
}

/// Partner id, name, specialty, taxonomy, street, ZIP+4, physicians, share of encounters.
type Spec = (
    &'static str,
    &'static str,
    Specialty,
    &'static str,
    &'static str,
    &'static str,
    [(&'static str, &'static str); 3],
    u64,
);

/// The four practices every seed has (their NPIs depend on the seed).
pub fn practices(seed: u64) -> Vec<Practice> {
    let specs: [Spec; 4] = [
        (
            "springfield-fp",
            "Springfield Family Practice",
            Specialty::Family,
            "207Q00000X",
            "200 Clinic Rd",
            "627011234",
            [("Grace", "Hopper"), ("Alan", "Turing"), ("Mae", "Jemison")],
            40,
        ),
        (
            "prairie-peds",
            "Prairie Pediatrics",
            Specialty::Pediatrics,
            "208000000X",
            "45 Meadow Ln",
            "627041210",
            [
                ("Virginia", "Apgar"),
                ("Benjamin", "Spock"),
                ("Helen", "Taussig"),
            ],
            20,
        ),
        (
            "capital-ortho",
            "Capital Orthopedics",
            Specialty::Orthopedics,
            "207X00000X",
            "900 Bone Ave",
            "627023305",
            [("John", "Charnley"), ("Ruth", "Jackson"), ("Hugh", "Owen")],
            15,
        ),
        (
            "lakeside-im",
            "Lakeside Internal Medicine",
            Specialty::Internal,
            "207R00000X",
            "12 Lakeshore Dr",
            "627073021",
            [("William", "Osler"), ("Rebecca", "Lee"), ("Paul", "Farmer")],
            25,
        ),
    ];
    specs
        .into_iter()
        .map(|(partner, name, specialty, taxonomy, line1, zip, doctors, weight)| {
            let mut rng = Rng::for_key(seed, "practice", partner);
            Practice {
                partner,
                name,
                specialty,
                taxonomy,
                npi: npi(&mut rng, '1'),
                tax_id: format!("37{:07}", rng.below(10_000_000)),
                address: json!({"line1": line1, "city": "Springfield", "state": "IL", "zip": zip}),
                physicians: doctors.iter().map(|(first, last)| (*first, *last, npi(&mut rng, '1'))).collect(),
                weight,
            }
        })
        .collect()
}

/// A valid NPI starting with `first` (1 for people, 2 for organisations by convention).
pub fn npi(rng: &mut Rng, first: char) -> String {
    let mut digits: String = first.to_string();
    for _ in 0..8 {
        digits.push(char::from(b'0' + rng.below(10) as u8));
    }
    let check = check_digit(digits.as_bytes());
    digits.push(char::from(b'0' + check));
    digits
}

/// The same NPI with a wrong check digit: a typo intake must catch.
pub fn mistyped(npi: &str) -> String {
    let (body, last) = npi.split_at(9);
    let digit = last.as_bytes()[0] - b'0';
    format!("{body}{}", (digit + 3) % 10)
}

/// The Luhn check digit of nine NPI digits with the 80840 prefix folded in (its digits add
/// 24 to the Luhn sum, as CMS's NPI standard explains).
fn check_digit(first_nine: &[u8]) -> u8 {
    let mut sum: u32 = 24;
    for (i, digit) in first_nine.iter().rev().enumerate() {
        let mut d = u32::from(digit - b'0');
        if i % 2 == 0 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    ((10 - sum % 10) % 10) as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use claims_events::Npi;

    #[test]
    fn generated_npis_pass_the_system_check_and_mistyped_ones_fail() {
        // CMS's published example NPI.
        assert_eq!(check_digit(b"123456789"), 3);
        let mut rng = Rng::new(5);
        for _ in 0..200 {
            let good = npi(&mut rng, '1');
            assert!(good.parse::<Npi>().is_ok(), "{good}");
            assert!(mistyped(&good).parse::<Npi>().is_err(), "{good}");
        }
    }

    #[test]
    fn practices_bill_from_nine_digit_zips_with_valid_npis() {
        for practice in practices(11) {
            assert!(practice.npi.parse::<Npi>().is_ok());
            assert_eq!(practice.address["zip"].as_str().unwrap().len(), 9);
            assert_eq!(practice.tax_id.len(), 9);
            assert!(practice
                .physicians
                .iter()
                .all(|p| p.2.parse::<Npi>().is_ok()));
        }
    }
}
