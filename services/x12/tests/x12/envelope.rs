//! Reading envelopes: every fixture, any delimiters and line endings, several interchanges
//! in one file, and every trailer disagreement reported by name.

use claims_x12::envelope::{read_interchanges, transactions};
use claims_x12::remittance::read_835;
use claims_x12::X12Error;

const MANAGED_CARE: &str = include_str!("../fixtures/managed-care.835");
const SECONDARY: &str = include_str!("../fixtures/secondary-payment.835");
const DENIAL: &str = include_str!("../fixtures/denial-mult-loops.835");
const ALL_LOOPS: &str = include_str!("../fixtures/all-loops.835");

const FIXTURES: [(&str, &str, &str); 9] = [
    ("managed-care.835", MANAGED_CARE, "835"),
    ("secondary-payment.835", SECONDARY, "835"),
    ("denial-mult-loops.835", DENIAL, "835"),
    ("all-loops.835", ALL_LOOPS, "835"),
    (
        "demo.example1.837",
        include_str!("../fixtures/demo.example1.837"),
        "837",
    ),
    (
        "demo.example2.837",
        include_str!("../fixtures/demo.example2.837"),
        "837",
    ),
    (
        "claim-level-status.277",
        include_str!("../fixtures/claim-level-status.277"),
        "277",
    ),
    (
        "claim-ack-accept-reject.277ca",
        include_str!("../fixtures/claim-ack-accept-reject.277ca"),
        "277",
    ),
    (
        "implementation-ack-accepted.999",
        include_str!("../fixtures/implementation-ack-accepted.999"),
        "999",
    ),
];

#[test]
fn every_fixture_has_sound_envelopes() {
    for (name, text, set_id) in FIXTURES {
        let interchanges = read_interchanges(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let sets: Vec<_> = transactions(&interchanges).collect();
        assert!(!sets.is_empty(), "{name}");
        assert!(sets.iter().all(|t| t.set_id == set_id), "{name}");
    }
}

#[test]
fn envelope_fields_are_lifted_and_trimmed() {
    let interchanges = read_interchanges(MANAGED_CARE).unwrap();
    let interchange = &interchanges[0];
    assert_eq!(interchange.sender_id, "000000005");
    assert_eq!(interchange.receiver_id, "12345");
    assert_eq!(interchange.control_number, "000000907");
    assert_eq!(interchange.usage_indicator, "T");
    let group = &interchange.groups[0];
    assert_eq!((group.functional_id, group.control_number), ("HP", "1"));
    assert_eq!(group.version, "005010X221A1");
    let set = &group.transactions[0];
    assert_eq!(
        (set.control_number, set.version),
        ("112233", "005010X221A1")
    );
    assert_eq!(set.body.len(), 24);
    assert_eq!(set.body[0].id(), "BPR");
    assert_eq!(set.body[0].position(), 4);
}

#[test]
fn delimiters_come_from_each_isa() {
    // The same interchange with every delimiter changed reads to the same remittance.
    let changed = MANAGED_CARE
        .replace('*', "|")
        .replace(':', ">")
        .replace("|^|", "|!|")
        .replace('~', "'");
    assert!(changed.contains("HC>99211") && changed.starts_with("ISA|03|"));
    assert_eq!(read_835(&changed).unwrap(), read_835(MANAGED_CARE).unwrap());
    let interchanges = read_interchanges(&changed).unwrap();
    let d = interchanges[0].delimiters;
    assert_eq!(
        (d.element(), d.repetition(), d.component(), d.segment()),
        ('|', Some('!'), '>', '\'')
    );
}

#[test]
fn line_endings_do_not_matter() {
    let expected = read_835(SECONDARY).unwrap();
    let lf = SECONDARY.replace("\r\n", "\n");
    let crlf = lf.replace('\n', "\r\n");
    let none = lf.replace('\n', "");
    for text in [lf, crlf, none] {
        assert_eq!(read_835(&text).unwrap(), expected);
    }
}

#[test]
fn several_interchanges_in_one_file_each_with_its_own_delimiters() {
    let other_delimiters = DENIAL.replace('*', "|").replace('~', "\n");
    let file = format!("{MANAGED_CARE}\r\n{SECONDARY}{other_delimiters}{ALL_LOOPS}");
    let interchanges = read_interchanges(&file).unwrap();
    assert_eq!(interchanges.len(), 4);
    let remittances = read_835(&file).unwrap();
    let controls: Vec<_> = remittances.iter().map(|r| r.control_number).collect();
    assert_eq!(controls, ["112233", "1234", "0001", "0001", "0002"]);
}

fn error_of(text: &str) -> X12Error {
    read_interchanges(text).expect_err("the envelope should be refused")
}

#[test]
fn control_number_mismatches_name_the_trailer_and_the_header() {
    let error = error_of(&MANAGED_CARE.replace("SE*26*112233", "SE*26*112234"));
    assert_eq!(
        error.to_string(),
        "segment 28 (SE): SE02 is `112234` but ST02 at segment 3 is `112233`; the control numbers must match"
    );
    let error = error_of(&MANAGED_CARE.replace("GE*1*1~", "GE*1*2~"));
    assert_eq!(
        error.to_string(),
        "segment 29 (GE): GE02 is `2` but GS06 at segment 2 is `1`; the control numbers must match"
    );
    let error = error_of(&MANAGED_CARE.replace("IEA*1*000000907", "IEA*1*000000908"));
    assert!(matches!(error, X12Error::ControlNumberMismatch { trailer, .. } if trailer == "IEA02"));
    // The same number with its leading zeros trimmed is the same control number.
    assert!(read_interchanges(&MANAGED_CARE.replace("IEA*1*000000907", "IEA*1*907")).is_ok());
}

#[test]
fn count_mismatches_say_what_was_counted() {
    let error = error_of(&MANAGED_CARE.replace("SE*26*", "SE*25*"));
    assert_eq!(
        error.to_string(),
        "segment 28 (SE): SE01 says 25 segments but 26 were found"
    );
    // A segment lost in transit is caught by the same count.
    let error = error_of(&MANAGED_CARE.replace("CAS*CO*A2*50.00~\n", ""));
    assert!(matches!(error, X12Error::CountMismatch { counted: 25, .. }));
    let error = error_of(&MANAGED_CARE.replace("GE*1*1", "GE*2*1"));
    assert_eq!(
        error.to_string(),
        "segment 29 (GE): GE01 says 2 transaction sets but 1 were found"
    );
    let error = error_of(&MANAGED_CARE.replace("IEA*1*", "IEA*3*"));
    assert!(matches!(
        error,
        X12Error::CountMismatch {
            what: "functional groups",
            ..
        }
    ));
}

#[test]
fn broken_nesting_is_refused_with_its_position() {
    let error = error_of(&MANAGED_CARE.replace(
        "ST*835*112233~",
        "ST*835*112233~\nGS*HP*X*Y*20131031*1147*2*X*005010X221A1~",
    ));
    assert!(matches!(error, X12Error::Envelope { ref at, .. } if at.segment == 4 && at.id == "GS"));
    let error = error_of(&MANAGED_CARE.replace("ST*835*112233~", ""));
    assert_eq!(
        error.to_string(),
        "segment 3 (BPR): segment outside a transaction set (ST ... SE)"
    );
    let truncated = &MANAGED_CARE[..MANAGED_CARE.find("GE*").unwrap()];
    assert_eq!(
        error_of(truncated).to_string(),
        "segment 28 (SE): the input ends here without the GE trailer; the file looks truncated"
    );
}
