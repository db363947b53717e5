//! Remittance: X12 835 posting to the cent, reversals, unmatched payments.
