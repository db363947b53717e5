//! USPS state and territory codes: what an address's `state` may be (X12 N402).
//!
//! A claim with an address the payer cannot place is returned unprocessed, and a state
//! typed as "Ill." or "IL " is the usual cause. The list is the USPS's two-letter codes for
//! the 50 states, the District of Columbia, the territories and freely associated states,
//! and the armed forces "states" of APO/FPO addresses (TRICARE members live there).

/// Every two-letter code the USPS delivers to.
pub const USPS_STATE_CODES: &[&str] = &[
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
    "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY",
    "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV",
    "WI", "WY", // the 50 states
    "DC", // the District of Columbia
    "AS", "GU", "MP", "PR", "VI", // territories
    "FM", "MH", "PW", // freely associated states
    "AA", "AE", "AP", // armed forces Americas, Europe, Pacific
];

/// Returns true if and only if `code` is a USPS state or territory code (upper-case).
pub fn is_usps_state(code: &str) -> bool {
    USPS_STATE_CODES.contains(&code)
}
