//! The providers of an encounter: who bills (the practice, loop 2010AA) and who rendered
//! the service (loop 2310B).
//!
//! Provider identifiers are the cheapest denials to prevent and the most common typos: an
//! NPI whose check digit fails, an EIN with a digit missing, a taxonomy code cut short.
//! Each is checked by shape here; NPIs also by their Luhn check digit.

use claims_events::{BillingProvider, Npi, RenderingProvider};

use super::json::Node;
use super::person::{address, MAX_FIRST_NAME, MAX_LAST_NAME};
use super::problem::Problems;
use super::text::text;

pub(crate) const BILLING_FIELDS: &[&str] = &["npi", "name", "tax_id", "taxonomy", "address"];
pub(crate) const RENDERING_FIELDS: &[&str] = &["npi", "first_name", "last_name"];

pub(crate) fn billing_provider(node: &Node, problems: &mut Problems) -> Option<BillingProvider> {
    node.object(BILLING_FIELDS, problems)?;
    let npi = npi(&node.field("npi"), problems);
    let name = text(&node.field("name"), MAX_LAST_NAME, problems);
    let tax_id = tax_id(&node.field("tax_id"), problems);
    let taxonomy = taxonomy(&node.field("taxonomy"), problems);
    let address = address(&node.field("address"), problems);
    Some(BillingProvider {
        npi: npi?,
        name: name?,
        tax_id: tax_id?,
        taxonomy: taxonomy?,
        address: address?,
    })
}

pub(crate) fn rendering_provider(
    node: &Node,
    problems: &mut Problems,
) -> Option<RenderingProvider> {
    node.object(RENDERING_FIELDS, problems)?;
    let npi = npi(&node.field("npi"), problems);
    let first_name = text(&node.field("first_name"), MAX_FIRST_NAME, problems);
    let last_name = text(&node.field("last_name"), MAX_LAST_NAME, problems);
    Some(RenderingProvider {
        npi: npi?,
        first_name: first_name?,
        last_name: last_name?,
    })
}

/// Ten digits whose last is the Luhn check digit; `npi.format` or `npi.checksum`.
fn npi(node: &Node, problems: &mut Problems) -> Option<Npi> {
    let text = node.string(problems)?;
    text.parse::<Npi>()
        .map_err(|e| problems.push(node.path(), e.code(), e.to_string()))
        .ok()
}

/// The employer identification number: nine digits, `371234567` or `37-1234567`, kept
/// without the hyphen as REF*EI carries it.
fn tax_id(node: &Node, problems: &mut Problems) -> Option<String> {
    let text = node.string(problems)?;
    let digits = match text.split_once('-') {
        Some((prefix, rest)) if prefix.len() == 2 => format!("{prefix}{rest}"),
        Some(_) => String::new(),
        None => text.to_owned(),
    };
    if digits.len() != 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        problems.push(
            node.path(),
            "tax_id.format",
            "tax_id must be the practice's 9-digit EIN, such as 371234567 or 37-1234567",
        );
        return None;
    }
    Some(digits)
}

/// A NUCC health care provider taxonomy code: ten capital letters or digits ending in X.
fn taxonomy(node: &Node, problems: &mut Problems) -> Option<String> {
    let text = node.string(problems)?;
    let b = text.as_bytes();
    let ok = b.len() == 10
        && b[9] == b'X'
        && b.iter()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase());
    if !ok {
        problems.push(
            node.path(),
            "taxonomy.format",
            "taxonomy must be a 10-character NUCC taxonomy code ending in X, such as 207Q00000X",
        );
        return None;
    }
    Some(text.to_owned())
}
