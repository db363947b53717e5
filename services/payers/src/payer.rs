//! One payer: the facts every stage after registration needs about who pays a claim.

use claims_events::{PartnerId, PayerId};

use crate::{ClaimFilingIndicator, MemberIdFormat};

/// A payer as the registry defines it. Valid by construction: only
/// [`PayerRegistry`](crate::PayerRegistry) builds one, after checking every field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payer {
    /// How encounters and events name the payer (`medicare-il`).
    pub id: PayerId,
    /// The payer's name as the 837P sends it (2010BB NM103): X12-safe, at most 60 characters.
    pub name: String,
    /// The payer id the clearinghouse routes on (2010BB NM109), e.g. `06102` for Medicare
    /// Part B in Illinois: 2 to 80 letters and digits.
    pub x12_payer_id: String,
    /// Days after the date of service within which the payer accepts a claim; later claims
    /// are denied with CARC 29 and cannot be billed to the patient.
    pub timely_filing_days: u32,
    /// Days without an answer after which a submitted claim needs a status check. Less than
    /// `timely_filing_days`, or a lost claim is noticed only when it can no longer be refiled.
    pub follow_up_days: u32,
    /// Days after a denial within which an appeal (Medicare: a redetermination) is heard.
    pub appeal_days: u32,
    /// The clearinghouse partner whose outbox carries this payer's 837P batches.
    pub clearinghouse: PartnerId,
    /// X12 SBR09 for claims to this payer.
    pub claim_filing_indicator: ClaimFilingIndicator,
    /// The payer rejects claims without a rendering provider (837P loop 2310B), even when
    /// the rendering provider is the billing provider.
    pub requires_rendering_provider: bool,
    /// The payer rejects claims without the insured's group number (SBR03).
    pub requires_group_number: bool,
    /// The shape of this payer's member ids, checked at intake.
    pub member_id_format: MemberIdFormat,
}
