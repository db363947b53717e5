//! Member id formats a payer enforces at its front end.
//!
//! Medicare has refused claims without a well-formed Medicare Beneficiary Identifier since
//! 2020 (the old SSN-based HICN is gone); a malformed MBI is rejected by the MAC before
//! adjudication. Checking the shape at intake turns that rejection, days later, into a
//! problem the practice fixes while the patient record is still open.

use std::fmt;

/// How a payer's member ids look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MemberIdFormat {
    /// Any identifier: the payer's own scheme, not checked beyond being printable.
    #[default]
    Any,
    /// A Medicare Beneficiary Identifier: 11 characters, e.g. `1EG4TE5MK73`.
    Mbi,
}

impl MemberIdFormat {
    /// The name used in the registry file: `any` or `mbi`.
    pub fn name(self) -> &'static str {
        match self {
            MemberIdFormat::Any => "any",
            MemberIdFormat::Mbi => "mbi",
        }
    }

    pub fn from_name(name: &str) -> Option<MemberIdFormat> {
        match name {
            "any" => Some(MemberIdFormat::Any),
            "mbi" => Some(MemberIdFormat::Mbi),
            _ => None,
        }
    }

    /// Returns true if and only if `member_id` has this format.
    pub fn accepts(self, member_id: &str) -> bool {
        match self {
            MemberIdFormat::Any => true,
            MemberIdFormat::Mbi => is_mbi(member_id),
        }
    }

    /// What a well-formed id looks like, for a message a person can act on; it reads after
    /// "a valid": "a valid Medicare Beneficiary Identifier (MBI): 11 characters ...".
    pub fn describe(self) -> &'static str {
        match self {
            MemberIdFormat::Any => "identifier",
            MemberIdFormat::Mbi => {
                "Medicare Beneficiary Identifier (MBI): 11 characters such as 1EG4TE5MK73, \
                 without dashes, using no S, L, O, I, B or Z"
            }
        }
    }
}

impl fmt::Display for MemberIdFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// CMS's MBI format: position by position, `C A AN N A AN N A A N N`, where C is 1-9, N is
/// 0-9, A is a letter other than S, L, O, I, B, Z (too easily read as digits), and AN is
/// either. Upper-case only, as CMS issues it.
fn is_mbi(id: &str) -> bool {
    #[derive(Clone, Copy)]
    enum Kind {
        C,
        A,
        An,
        N,
    }
    use Kind::*;
    const LAYOUT: [Kind; 11] = [C, A, An, N, A, An, N, A, A, N, N];
    let letter = |b: u8| b.is_ascii_uppercase() && !b"SLOIBZ".contains(&b);
    id.len() == LAYOUT.len()
        && id.bytes().zip(LAYOUT).all(|(b, kind)| match kind {
            C => (b'1'..=b'9').contains(&b),
            A => letter(b),
            An => letter(b) || b.is_ascii_digit(),
            N => b.is_ascii_digit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cms_example_mbis_are_accepted() {
        // 1EG4TE5MK73 is CMS's published example; the other follows the same layout.
        for good in ["1EG4TE5MK73", "9AA0AA0AA00", "2X34Y56WW78"] {
            assert!(MemberIdFormat::Mbi.accepts(good), "{good}");
        }
    }

    #[test]
    fn malformed_mbis_are_refused() {
        for bad in [
            "",
            "1EG4-TE5-MK73", // dashes are for print only
            "1eg4te5mk73",   // lower case
            "0EG4TE5MK73",   // first character 1-9
            "1SG4TE5MK73",   // S is never used
            "1EG4TE5MK7",    // too short
            "123456789A",    // an old HICN
            "1EGXTE5MK73",   // position 4 is a digit
        ] {
            assert!(!MemberIdFormat::Mbi.accepts(bad), "{bad:?}");
        }
    }

    #[test]
    fn any_format_accepts_anything_and_names_round_trip() {
        assert!(MemberIdFormat::Any.accepts("XYZ123456789"));
        for format in [MemberIdFormat::Any, MemberIdFormat::Mbi] {
            assert_eq!(MemberIdFormat::from_name(format.name()), Some(format));
        }
        assert_eq!(MemberIdFormat::from_name("MBI"), None);
    }
}
