//! Submission: payer scrubbing, X12 837P batches, acknowledgments, follow-up.

pub mod x837;
