//! The envelope of a written 837P batch agrees with itself and with the claims: trailer
//! counts, control numbers in header and trailer, CLM01 the claim id, one set per claim.
//!
//! These are checked by reading the text back with plain string splitting, independent of
//! the writer, so a bug in the writer's counting cannot hide itself.

use crate::x837_support::{all, control, created, receiver, self_patient, submitter, Scenario};
use claims_submission::x837::{write_batch, Batch, ControlNumbers, Usage};

fn write(scenarios: &[Scenario], control: ControlNumbers) -> Batch {
    let claims: Vec<_> = scenarios.iter().map(Scenario::bill).collect();
    write_batch(
        &submitter(),
        &receiver(),
        control,
        created(),
        Usage::Production,
        &claims,
    )
    .expect("the scenarios are billable")
}

/// The segments of `text`, each split into its elements.
fn segments(text: &str) -> Vec<Vec<&str>> {
    text.split('~')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.split('*').collect())
        .collect()
}

fn with_id<'a>(segments: &'a [Vec<&'a str>], id: &str) -> Vec<&'a Vec<&'a str>> {
    segments.iter().filter(|s| s[0] == id).collect()
}

#[test]
fn trailers_count_what_they_close() {
    let scenarios = all();
    let batch = write(&scenarios, control());
    let segments = segments(&batch.text);

    let mut open: Option<(usize, &str)> = None;
    let mut sets = 0;
    for (i, segment) in segments.iter().enumerate() {
        match segment[0] {
            "ST" => open = Some((i, segment[2])),
            "SE" => {
                let (start, st02) = open.take().expect("SE closes an ST");
                assert_eq!(
                    segment[1],
                    (i - start + 1).to_string(),
                    "SE01 of set {st02}"
                );
                assert_eq!(segment[2], st02, "SE02 = ST02");
                sets += 1;
            }
            _ => {}
        }
    }
    assert_eq!(sets, scenarios.len(), "one set per claim");
    let ge = with_id(&segments, "GE");
    let iea = with_id(&segments, "IEA");
    assert_eq!((ge.len(), iea.len()), (1, 1));
    assert_eq!(ge[0][1], sets.to_string(), "GE01 counts the sets");
    assert_eq!(iea[0][1], "1", "IEA01 counts the groups");
    assert_eq!(segments.last().map(|s| s[0]), Some("IEA"));
}

#[test]
fn control_numbers_appear_in_headers_and_trailers() {
    let numbers = ControlNumbers {
        interchange: 42,
        group: 7,
        first_transaction: 9998,
    };
    let scenarios = [self_patient(), crate::x837_support::dependent_child()];
    let batch = write(&scenarios, numbers);
    let segments = segments(&batch.text);

    let isa = with_id(&segments, "ISA");
    assert_eq!(isa[0][13], "000000042", "ISA13 has nine digits");
    assert_eq!(isa[0][15], "P", "ISA15 production");
    assert_eq!(
        with_id(&segments, "IEA")[0][2],
        "000000042",
        "IEA02 = ISA13"
    );
    let gs = with_id(&segments, "GS");
    assert_eq!((gs[0][1], gs[0][6], gs[0][8]), ("HC", "7", "005010X222A1"));
    assert_eq!(with_id(&segments, "GE")[0][2], "7", "GE02 = GS06");

    let st02: Vec<&str> = with_id(&segments, "ST").iter().map(|s| s[2]).collect();
    let se02: Vec<&str> = with_id(&segments, "SE").iter().map(|s| s[2]).collect();
    assert_eq!(st02, ["9998", "9999"]);
    assert_eq!(se02, st02);
    let expected: Vec<_> = scenarios
        .iter()
        .zip(["9998", "9999"])
        .map(|(s, st)| (s.claim_id(), st.to_owned()))
        .collect();
    assert_eq!(batch.transactions, expected);
}

#[test]
fn clm01_is_the_claim_id_and_clm02_the_sum_of_the_lines() {
    let scenarios = all();
    let batch = write(&scenarios, control());
    let segments = segments(&batch.text);
    let clms = with_id(&segments, "CLM");
    assert_eq!(clms.len(), scenarios.len());
    for (clm, scenario) in clms.iter().zip(&scenarios) {
        assert_eq!(clm[1], scenario.claim_id().to_string(), "{}", scenario.name);
        assert_eq!(clm[1].len(), 36);
        let total = scenario.coding.total_charge().0;
        assert_eq!(
            clm[2],
            claims_x12::money::format_cents(total),
            "{}",
            scenario.name
        );
        let frequency = scenario.frequency.code();
        assert_eq!(clm[5], format!("11:B:{frequency}"), "{}", scenario.name);
    }
}

#[test]
fn each_set_opens_with_the_same_header_and_its_own_bht_reference() {
    let batch = write(&all(), control());
    let segments = segments(&batch.text);
    let bht = with_id(&segments, "BHT");
    for (b, (_, st02)) in bht.iter().zip(&batch.transactions) {
        assert_eq!(b[1..3], ["0019", "00"]);
        assert_eq!(b[3], format!("123456789-{st02}"));
        assert_eq!(b[4..], ["20261126", "0930", "CH"]);
    }
    assert_eq!(
        with_id(&segments, "NM1")
            .iter()
            .filter(|s| s[1] == "41")
            .count(),
        bht.len()
    );
}

#[test]
fn the_same_claims_always_give_the_same_text() {
    assert_eq!(write(&all(), control()), write(&all(), control()));
}
