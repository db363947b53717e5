//! The appeal letter a practice sends its payer, generated from the claim's log.
//!
//! An appeal desk needs to find the claim (its claim number, the patient, the member id, the
//! date of service), see what was denied and why (CARC, RARC, amounts, lines) and read the
//! provider's argument. Everything but the argument is in the log, so the letter is written
//! from it, as plain text and as HTML from the same blocks, and published on the practice's
//! outbox for signature and mailing with the records. The letter holds patient data: it is
//! published, never logged.

use chrono::NaiveDate;
use serde_json::{json, Value};

use claims_events::event::AppealFiled;
use claims_events::Cents;
use claims_payers::Payer;

use crate::case::DenialCase;
use crate::classify::meaning;
use crate::worklist::reason_label;

/// A letter as `appeal-letter/v1` JSON: ids, the text and the HTML.
pub fn appeal_letter(
    case: &DenialCase,
    appeal: &AppealFiled,
    payer: Option<&Payer>,
    today: NaiveDate,
) -> Value {
    let blocks = blocks(case, appeal, payer, today);
    json!({
        "schema": "appeal-letter/v1",
        "letter_id": appeal.letter_id,
        "claim_id": case.claim_id,
        "payer_id": case.claim.postings.last().map(|p| p.payer_id.to_string()),
        "level": appeal.level,
        "deadline": appeal.deadline,
        "text": text(&blocks),
        "html": html(&blocks),
    })
}

/// A paragraph (lines kept together) or a bulleted list.
pub enum Block {
    Lines(Vec<String>),
    List(Vec<String>),
}

fn blocks(
    case: &DenialCase,
    appeal: &AppealFiled,
    payer: Option<&Payer>,
    today: NaiveDate,
) -> Vec<Block> {
    let claim = &case.claim;
    let mut blocks = Vec::new();
    let Some(encounter) = &claim.encounter else {
        return vec![Block::Lines(vec![format!(
            "Claim {}: no encounter on file.",
            case.claim_id
        )])];
    };
    let provider = &encounter.billing_provider;
    let address = &provider.address;
    blocks.push(Block::Lines(vec![
        provider.name.clone(),
        address.line1.clone(),
        format!("{}, {} {}", address.city, address.state, address.zip),
        format!("NPI {}", provider.npi),
    ]));
    blocks.push(Block::Lines(vec![today.format("%B %-d, %Y").to_string()]));
    blocks.push(Block::Lines(vec![
        payer.map_or_else(
            || {
                claim
                    .coverage
                    .as_ref()
                    .map(|c| c.payer_id.to_string())
                    .unwrap_or_default()
            },
            |p| p.name.clone(),
        ),
        "Appeals".into(),
    ]));
    let posting = claim.postings.last();
    let number = claim
        .payer_claim_number
        .as_deref()
        .unwrap_or("(not assigned)");
    let patient = &encounter.patient;
    let subscriber = match claim.coverage.as_ref().map(|c| c.order) {
        Some(claims_events::PayerOrder::Primary) | None => &encounter.subscriber,
        Some(_) => encounter
            .secondary_subscriber
            .as_ref()
            .unwrap_or(&encounter.subscriber),
    };
    blocks.push(Block::Lines(vec![
        format!("Re: level {} appeal of claim {number}", appeal.level),
        format!(
            "Patient: {} {}, born {}",
            patient.first_name, patient.last_name, patient.birth_date
        ),
        format!("Member id: {}", subscriber.member_id),
        format!("Date of service: {}", encounter.service_date),
        format!("Our claim id: {}", case.claim_id),
        format!(
            "Billed {}; paid {}{}",
            claim.ledger.charge,
            claim.ledger.paid,
            posting
                .map(|p| format!(" (remittance {} of {})", p.trace, p.paid_on))
                .unwrap_or_default()
        ),
    ]));
    blocks.push(Block::Lines(vec!["The payer denied:".into()]));
    blocks.push(Block::List(
        case.open
            .iter()
            .map(|d| {
                let why = meaning(&d.reason).unwrap_or("reason code not in our table");
                let remarks = if d.remarks.is_empty() {
                    String::new()
                } else {
                    format!("; remarks {}", d.remarks.join(", "))
                };
                format!(
                    "{}: {why}{}{remarks}",
                    reason_label(d),
                    amount(d.amount_at_risk)
                )
            })
            .collect(),
    ));
    blocks.push(Block::Lines(vec!["The services billed:".into()]));
    let diagnoses: Vec<&str> = claim
        .coding
        .iter()
        .flat_map(|c| c.diagnoses.iter().map(|d| d.as_str()))
        .collect();
    blocks.push(Block::List(
        claim
            .coding
            .iter()
            .flat_map(|c| c.lines.iter())
            .enumerate()
            .map(|(i, line)| {
                let modifiers: String = line.modifiers.iter().map(|m| format!("-{m}")).collect();
                let pointed: Vec<&str> = line
                    .diagnosis_pointers
                    .iter()
                    .filter_map(|p| diagnoses.get(usize::from(*p).wrapping_sub(1)).copied())
                    .collect();
                format!(
                    "line {}: {}{modifiers}, {} unit(s), {}, diagnoses {}",
                    i + 1,
                    line.procedure,
                    line.units,
                    line.charge,
                    pointed.join(", ")
                )
            })
            .collect(),
    ));
    blocks.push(Block::Lines(vec![
        "We ask you to reconsider this decision and pay the claim.".into(),
        format!("Reason for the appeal: {}", appeal.reason),
        format!(
            "This appeal is filed within your appeal window, which closes on {}.",
            appeal.deadline
        ),
    ]));
    let signer = encounter.rendering_provider.as_ref().map_or_else(
        || provider.name.clone(),
        |r| format!("{} {}", r.first_name, r.last_name),
    );
    blocks.push(Block::Lines(vec!["Sincerely,".into(), signer]));
    blocks
}

fn amount(at_risk: Cents) -> String {
    if at_risk.is_positive() {
        format!(" ({at_risk})")
    } else {
        String::new()
    }
}

/// The blocks as plain text: paragraphs separated by blank lines, lists with dashes.
pub fn text(blocks: &[Block]) -> String {
    blocks
        .iter()
        .map(|block| match block {
            Block::Lines(lines) => lines.join("\n"),
            Block::List(items) => items
                .iter()
                .map(|i| format!("  - {i}"))
                .collect::<Vec<_>>()
                .join("\n"),
        })
        .collect::<Vec<_>>()
        .join("\n\n")
        + "\n"
}

/// The blocks as a self-contained HTML page, every piece of text escaped.
pub fn html(blocks: &[Block]) -> String {
    let body: String = blocks
        .iter()
        .map(|block| match block {
            Block::Lines(lines) => format!(
                "<p>{}</p>\n",
                lines
                    .iter()
                    .map(|l| escape(l))
                    .collect::<Vec<_>>()
                    .join("<br>\n")
            ),
            Block::List(items) => format!(
                "<ul>\n{}</ul>\n",
                items
                    .iter()
                    .map(|i| format!("<li>{}</li>\n", escape(i)))
                    .collect::<String>()
            ),
        })
        .collect();
    format!("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Appeal</title></head><body>\n{body}</body></html>\n")
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
