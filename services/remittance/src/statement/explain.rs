//! Claim adjustment reason codes (CARC) in words a patient understands.
//!
//! A statement that says "CO-45 24.50" explains nothing to the person asked to pay. The
//! common reasons get a sentence of their own; any other code gets its group's meaning
//! (whether the patient owes it) with the code shown, so nothing is hidden. The texts are
//! this project's own summaries, not the X12 code list's wording.

use claims_events::event::AdjustmentGroup;

/// One sentence on why an amount was adjusted, and whether the patient owes it.
pub fn explain(group: AdjustmentGroup, reason: &str) -> String {
    let owed = group == AdjustmentGroup::PatientResponsibility;
    let specific = match (reason, owed) {
        ("1", true) => Some("Your deductible: what you pay each year before your plan starts paying."),
        ("2", true) => Some("Your coinsurance: your share of the cost, a percentage of the allowed amount."),
        ("3", true) => Some("Your copay: the fixed amount your plan asks you to pay for this service."),
        ("96", true) => Some("Your plan does not cover this service, and you agreed to pay for it."),
        ("204", true) => Some("This service is not part of your plan's benefits, so it is yours to pay."),
        ("45", false) => Some(
            "The charge is more than your plan allows for this service; the practice has agreed not \
             to bill you for the difference.",
        ),
        ("253", false) => Some("A reduction of federal payments required by law (sequestration); you do not owe it."),
        ("59", false) => Some(
            "Reduced because it was done together with another service (multiple procedure rules); you \
             do not owe it.",
        ),
        ("97", false) => Some("Included in the payment for another service you received; you do not owe it separately."),
        ("23", false) => Some("Adjusted for what another insurance plan already paid."),
        ("94", false) => Some("An adjustment the practice agreed to with your plan; you do not owe it."),
        _ => None,
    };
    match specific {
        Some(text) => text.to_owned(),
        None if owed => format!("Your plan says this part is yours to pay (reason code {reason})."),
        None if group == AdjustmentGroup::Contractual => format!(
            "An adjustment under the practice's contract with your plan (reason code {reason}); you do not owe it."
        ),
        None => format!("An adjustment made by your plan (reason code {reason}); you do not owe it."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_reasons_read_as_sentences_and_others_name_their_code() {
        assert!(
            explain(AdjustmentGroup::PatientResponsibility, "2").starts_with("Your coinsurance")
        );
        assert!(explain(AdjustmentGroup::Contractual, "45").contains("not to bill you"));
        assert!(explain(AdjustmentGroup::Contractual, "B7").contains("reason code B7"));
        assert!(explain(AdjustmentGroup::PatientResponsibility, "B7").contains("yours to pay"));
    }
}
