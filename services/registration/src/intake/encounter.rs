//! `encounter/v1`: a practice's JSON encounter becomes an [`Encounter`], or the list of every
//! problem in it.
//!
//! This is the edge where "parse, don't validate" happens for registration: the document
//! is walked field by field (see `intake::json`), each section by its own module, and
//! rules that span sections (a birth date after the visit, coverages in the same place of
//! the order, a payer that needs a rendering provider) are checked here where both sides
//! are known. An `Encounter` comes out only when nothing at all is wrong.

use chrono::NaiveDate;
use claims_events::{Encounter, PartnerId};
use claims_payers::{Payer, PayerRegistry};

use super::coding::coding;
use super::coverage::{check_order, coverage};
use super::json::{parse_document, Node};
use super::person::{patient, Dates};
use super::place_of_service::is_place_of_service;
use super::problem::{Problem, Problems};
use super::provider::{billing_provider, rendering_provider};
use super::subscriber::subscriber as read_subscriber;
use super::text::identifier;
use super::values::past_date;

/// The value of `schema` this parser reads.
pub const ENCOUNTER_SCHEMA: &str = "encounter/v1";

pub(crate) const ENCOUNTER_FIELDS: &[&str] = &[
    "schema",
    "encounter_id",
    "service_date",
    "place_of_service",
    "patient",
    "subscriber",
    "coverage",
    "secondary_coverage",
    "secondary_subscriber",
    "billing_provider",
    "rendering_provider",
    "diagnoses",
    "lines",
];

/// The encounter id becomes part of the claim's identity and may be echoed to payers as the
/// patient control number (CLM01 holds 38 characters).
const MAX_ENCOUNTER_ID: usize = 38;

/// Parses an `encounter/v1` document sent by `partner`. `today` is the date dates of
/// service and birth may not be after; `payers` is the registry payer ids must be in.
///
/// Every problem is reported at once, each with its JSON path, a stable code and a message
/// a person can act on; malformed JSON is a single `json.syntax` problem.
pub fn parse_encounter(
    partner: &PartnerId,
    json: &[u8],
    today: NaiveDate,
    payers: &PayerRegistry,
) -> Result<Encounter, Vec<Problem>> {
    let document = parse_document(json)?;
    let root = Node::root(&document);
    let mut problems = Problems::default();
    let p = &mut problems;
    if root.object(ENCOUNTER_FIELDS, p).is_none() {
        return Err(problems.into_rejection());
    }
    schema(&root.field("schema"), ENCOUNTER_SCHEMA, p);
    let encounter_id = identifier(&root.field("encounter_id"), MAX_ENCOUNTER_ID, p);
    let service_date = past_date(&root.field("service_date"), today, p);
    let place_of_service = place_of_service(&root.field("place_of_service"), p);
    let dates = Dates {
        today,
        service_date,
    };

    let patient = patient(&root.field("patient"), dates, p);
    let primary = coverage(&root.field("coverage"), payers, p);
    let subscriber = read_subscriber(&root.field("subscriber"), dates, primary.payer, p);

    let secondary_node = root.field("secondary_coverage");
    let secondary = secondary_node
        .clone()
        .present()
        .map(|node| coverage(&node, payers, p));
    if let Some(secondary) = &secondary {
        check_order(&primary, secondary, &secondary_node, p);
    }
    let secondary_subscriber_node = root.field("secondary_subscriber");
    let secondary_payer = secondary.as_ref().and_then(|s| s.payer);
    let secondary_subscriber = match (&secondary, secondary_subscriber_node.clone().present()) {
        (Some(_), Some(node)) => read_subscriber(&node, dates, secondary_payer, p),
        (Some(_), None) => {
            p.push(
                secondary_subscriber_node.path(),
                "field.missing",
                "secondary_subscriber is required with secondary_coverage: it carries the member id \
                 at the secondary payer (relationship self when the patient is that insured)",
            );
            None
        }
        (None, Some(node)) => {
            p.push(
                node.path(),
                "field.unexpected",
                "secondary_subscriber is sent without secondary_coverage: add the coverage or leave it out",
            );
            None
        }
        (None, None) => None,
    };

    let billing_provider = billing_provider(&root.field("billing_provider"), p);
    let rendering_node = root.field("rendering_provider");
    let rendering_provider = rendering_node
        .clone()
        .present()
        .and_then(|node| rendering_provider(&node, p));
    if !rendering_node.is_present() {
        require_rendering_provider(&rendering_node, [primary.payer, secondary_payer], p);
    }
    let coding = coding(&root.field("diagnoses"), &root.field("lines"), today, p);

    let secondary_coverage = secondary.and_then(|s| s.coverage);
    let (
        Some(encounter_id),
        Some(service_date),
        Some(place_of_service),
        Some(patient),
        Some(subscriber),
        Some(coverage),
        Some(billing_provider),
        Some(coding),
    ) = (
        encounter_id,
        service_date,
        place_of_service,
        patient,
        subscriber,
        primary.coverage,
        billing_provider,
        coding,
    )
    else {
        return Err(problems.into_rejection());
    };
    if !problems.is_empty() {
        return Err(problems.into_rejection());
    }
    Ok(Encounter {
        partner: partner.clone(),
        encounter_id,
        service_date,
        place_of_service,
        patient,
        subscriber,
        coverage,
        secondary_coverage,
        secondary_subscriber,
        billing_provider,
        rendering_provider,
        coding,
    })
}

/// `schema` must name the version this parser reads; other versions are not guessed at.
pub(crate) fn schema(node: &Node, expected: &str, problems: &mut Problems) {
    if let Some(text) = node.string(problems) {
        if text != expected {
            problems.push(
                node.path(),
                "schema.unsupported",
                format!("schema must be \"{expected}\" on this subject"),
            );
        }
    }
}

fn place_of_service(node: &Node, problems: &mut Problems) -> Option<String> {
    let code = node.string(problems)?;
    if !is_place_of_service(code) {
        problems.push(
            node.path(),
            "place_of_service.unknown",
            "place_of_service must be a two-digit CMS place of service code, such as 11 (office) or 22 (outpatient hospital)",
        );
        return None;
    }
    Some(code.to_owned())
}

/// Some payers reject claims without loop 2310B even when the billing provider rendered
/// the service; the first payer on the encounter that does is named.
fn require_rendering_provider(node: &Node, payers: [Option<&Payer>; 2], problems: &mut Problems) {
    if let Some(payer) = payers
        .into_iter()
        .flatten()
        .find(|p| p.requires_rendering_provider)
    {
        problems.push(
            node.path(),
            "field.required_by_payer",
            format!("{} requires rendering_provider: send the NPI and name of the clinician who saw the patient", payer.name),
        );
    }
}
