//! The claim filing indicator: what kind of insurance a payer is, as X12 SBR09 says it.
//!
//! The 837P carries it for every payer on the claim (2000B SBR09 and 2320 SBR09), and
//! payers reject a claim whose indicator does not match their line of business: a Medicare
//! Part B claim filed as commercial (`CI`) is rejected at the front end. Keeping it per payer
//! in the registry means nobody types it per claim.

use std::fmt;

macro_rules! indicators {
    ($($(#[$doc:meta])* $variant:ident = $code:literal,)*) => {
        /// An X12 005010 claim filing indicator code (SBR09).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ClaimFilingIndicator {
            $($(#[$doc])* $variant,)*
        }

        impl ClaimFilingIndicator {
            /// Every code, in the order of the implementation guide's code list.
            pub const ALL: &'static [ClaimFilingIndicator] = &[$(ClaimFilingIndicator::$variant,)*];

            /// The code as SBR09 carries it (`MB`, `CI`, `16`, ...).
            pub fn code(self) -> &'static str {
                match self {
                    $(ClaimFilingIndicator::$variant => $code,)*
                }
            }

            /// The indicator for an SBR09 code; `None` for a code 005010 does not define.
            pub fn from_code(code: &str) -> Option<ClaimFilingIndicator> {
                match code {
                    $($code => Some(ClaimFilingIndicator::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

indicators! {
    /// 11: other non-federal programs.
    OtherNonFederal = "11",
    /// 12: preferred provider organization.
    Ppo = "12",
    /// 13: point of service.
    PointOfService = "13",
    /// 14: exclusive provider organization.
    Epo = "14",
    /// 15: indemnity insurance.
    Indemnity = "15",
    /// 16: HMO Medicare risk (Medicare Advantage).
    MedicareAdvantageHmo = "16",
    /// 17: dental maintenance organization.
    DentalMaintenance = "17",
    /// AM: automobile medical.
    AutomobileMedical = "AM",
    /// BL: Blue Cross / Blue Shield.
    BlueCrossBlueShield = "BL",
    /// CH: CHAMPUS (TRICARE).
    Tricare = "CH",
    /// CI: commercial insurance company.
    Commercial = "CI",
    /// DS: disability.
    Disability = "DS",
    /// FI: Federal Employees Program.
    FederalEmployees = "FI",
    /// HM: health maintenance organization.
    Hmo = "HM",
    /// LM: liability medical.
    LiabilityMedical = "LM",
    /// MA: Medicare Part A.
    MedicarePartA = "MA",
    /// MB: Medicare Part B, the indicator of every professional Medicare claim.
    MedicarePartB = "MB",
    /// MC: Medicaid.
    Medicaid = "MC",
    /// OF: other federal program.
    OtherFederal = "OF",
    /// TV: Title V.
    TitleV = "TV",
    /// VA: Veterans Affairs plan.
    VeteransAffairs = "VA",
    /// WC: workers' compensation health claim.
    WorkersCompensation = "WC",
    /// ZZ: mutually defined (unknown).
    MutuallyDefined = "ZZ",
}

impl ClaimFilingIndicator {
    /// True for Medicare (Part A or B): the payers whose timely filing, MBI and crossover
    /// rules are set by CMS rather than by contract.
    pub fn is_medicare(self) -> bool {
        matches!(
            self,
            ClaimFilingIndicator::MedicarePartA | ClaimFilingIndicator::MedicarePartB
        )
    }
}

impl fmt::Display for ClaimFilingIndicator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_as_itself() {
        for indicator in ClaimFilingIndicator::ALL {
            assert_eq!(
                ClaimFilingIndicator::from_code(indicator.code()),
                Some(*indicator)
            );
        }
        assert_eq!(ClaimFilingIndicator::ALL.len(), 23);
    }

    #[test]
    fn codes_outside_005010_are_refused() {
        for bad in ["", "mb", "M", "MBX", "10", "XX"] {
            assert_eq!(ClaimFilingIndicator::from_code(bad), None, "{bad:?}");
        }
    }
}
