//! The writer: round trips through the reader with several delimiter sets, computed
//! trailers, and values containing delimiters refused.

use chrono::{NaiveDate, NaiveDateTime};
use claims_x12::envelope::{read_interchanges, transactions};
use claims_x12::writer::{Element, GroupHeader, InterchangeHeader, LineEnding, Usage, X12Writer};
use claims_x12::{Delimiters, X12Error};

fn created() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 26)
        .and_then(|d| d.and_hms_opt(9, 5, 0))
        .unwrap()
}

fn interchange(control_number: u32) -> InterchangeHeader {
    InterchangeHeader {
        sender_qualifier: "ZZ".into(),
        sender_id: "SUBMITTER".into(),
        receiver_qualifier: "ZZ".into(),
        receiver_id: "CLEARINGHOUSE".into(),
        created: created(),
        control_number,
        acknowledgment_requested: true,
        usage: Usage::Production,
    }
}

fn group(control_number: u32) -> GroupHeader {
    GroupHeader {
        functional_id: "HC".into(),
        sender: "SUBMITTER".into(),
        receiver: "CLEARINGHOUSE".into(),
        created: created(),
        control_number,
        version: "005010X222A1".into(),
    }
}

/// A small 837-shaped interchange: two transaction sets in one group.
fn write_837(delimiters: Delimiters, line_ending: LineEnding) -> Result<String, X12Error> {
    let mut w = X12Writer::new(delimiters).with_line_ending(line_ending);
    w.begin_interchange(&interchange(17))?;
    w.begin_group(&group(17))?;
    for set in 1..=2 {
        w.begin_transaction("837", set, Some("005010X222A1"))?;
        w.segment("BHT", &["0019", "00", "BATCH-17", "20261126", "0905", "CH"])?;
        w.segment(
            "NM1",
            &[
                "85",
                "2",
                "SPRINGFIELD FAMILY PRACTICE",
                "",
                "",
                "",
                "",
                "XX",
                "1234567893",
            ],
        )?;
        w.segment_with(
            "CLM",
            &[
                "ENC-1".into(),
                "143".into(),
                "".into(),
                "".into(),
                Element::Composite(&["11", "B", "1"]),
                "Y".into(),
            ],
        )?;
        w.segment_with(
            "HI",
            &[
                Element::Composite(&["ABK", "E119"]),
                Element::Composite(&["ABF", "I10"]),
            ],
        )?;
        w.segment_with(
            "SV1",
            &[
                Element::Composite(&["HC", "99213", "25", "", "", ""]),
                "125".into(),
                "UN".into(),
                "1".into(),
                "".into(),
                "".into(),
                Element::Composite(&["1", "2"]),
                "".into(),
            ],
        )?;
        w.finish_transaction()?;
    }
    w.finish()
}

#[test]
fn round_trip_with_the_default_delimiters() {
    let text = write_837(Delimiters::default(), LineEnding::Lf).unwrap();
    assert!(text.starts_with("ISA*00*          *00*          *ZZ*SUBMITTER      *ZZ*CLEARINGHOUSE  *261126*0905*^*00501*000000017*1*P*:~\n"));
    assert_eq!(
        text.lines().next().unwrap().len(),
        106,
        "the ISA is fixed-width"
    );
    assert!(
        text.contains("\nCLM*ENC-1*143***11:B:1*Y~\n"),
        "empty elements kept inside, composites joined"
    );
    assert!(
        text.contains("\nSV1*HC:99213:25*125*UN*1***1:2~\n"),
        "trailing empties dropped"
    );
    assert!(text.ends_with("SE*7*0002~\nGE*2*17~\nIEA*1*000000017~\n"));

    let interchanges = read_interchanges(&text).unwrap();
    let sets: Vec<_> = transactions(&interchanges).collect();
    assert_eq!(sets.len(), 2);
    let clm = &sets[0].body[2];
    assert_eq!(clm.id(), "CLM");
    assert_eq!(clm.components(5), ["11", "B", "1"]);
    let sv1 = &sets[1].body[4];
    assert_eq!(
        (sv1.component(1, 2), sv1.component(1, 3)),
        (Some("99213"), Some("25"))
    );
    assert_eq!(sv1.components(7), ["1", "2"]);
}

/// Every body segment as `ID|c1>c2|...`, whatever the delimiters.
fn shape(text: &str) -> Vec<String> {
    let interchanges = read_interchanges(text).unwrap();
    transactions(&interchanges)
        .flat_map(|t| &t.body)
        .map(|s| {
            let elements = (1..=s.elements().count()).map(|n| s.components(n).join(">"));
            std::iter::once(s.id().to_owned())
                .chain(elements)
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect()
}

#[test]
fn round_trip_with_other_delimiters_and_line_endings() {
    let expected = shape(&write_837(Delimiters::default(), LineEnding::Lf).unwrap());
    assert_eq!(expected[4], "SV1|HC>99213>25|125|UN|1|||1>2");
    let others = [
        (
            Delimiters::new('|', Some('!'), '>', '\'').unwrap(),
            LineEnding::None,
        ),
        (
            Delimiters::new('^', None, '\\', '\n').unwrap(),
            LineEnding::None,
        ),
        (
            Delimiters::new('*', Some('^'), ':', '~').unwrap(),
            LineEnding::CrLf,
        ),
    ];
    for (delimiters, ending) in others {
        let text = write_837(delimiters, ending).unwrap();
        assert_eq!(read_interchanges(&text).unwrap()[0].delimiters, delimiters);
        assert_eq!(shape(&text), expected, "{delimiters:?}");
    }
}

#[test]
fn values_containing_a_delimiter_are_refused_and_leave_the_file_sound() {
    let mut w = X12Writer::new(Delimiters::default());
    w.begin_interchange(&interchange(5)).unwrap();
    w.begin_group(&group(5)).unwrap();
    w.begin_transaction("837", 1, None).unwrap();
    let error = w.segment("NM1", &["QC", "1", "Smith~Jones"]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "cannot write NM103: `Smith~Jones` contains the segment terminator `~`, which X12 cannot escape"
    );
    for value in ["A*B", "HC:99213", "X^Y", "line\nbreak"] {
        assert!(w.segment("NM1", &["QC", "1", value]).is_err(), "{value:?}");
    }
    assert!(w
        .segment_with("SV1", &[Element::Composite(&["HC", "99*213"])])
        .is_err());
    let clean = Delimiters::default().sanitize("Smith~Jones");
    w.segment("NM1", &["QC", "1", &clean]).unwrap();
    let text = w.finish().unwrap();
    assert!(text.contains("NM1*QC*1*Smith Jones~"));
    let interchanges = read_interchanges(&text).unwrap();
    assert_eq!(
        transactions(&interchanges).next().unwrap().body.len(),
        1,
        "refused segments were not counted"
    );
}

#[test]
fn the_writer_refuses_misuse() {
    let mut w = X12Writer::new(Delimiters::default());
    assert!(matches!(
        w.segment("NM1", &["QC"]),
        Err(X12Error::Writer { .. })
    ));
    assert!(w.begin_group(&group(1)).is_err());
    let mut long = interchange(1);
    long.sender_id = "A-SENDER-ID-LONGER-THAN-15".into();
    assert!(w.begin_interchange(&long).is_err());
    let mut big = interchange(1_000_000_000);
    big.sender_id = "OK".into();
    assert!(w.begin_interchange(&big).is_err());
    w.begin_interchange(&interchange(1)).unwrap();
    assert!(w.begin_interchange(&interchange(2)).is_err());
    w.begin_group(&group(1)).unwrap();
    w.begin_transaction("837", 1, None).unwrap();
    assert!(
        w.segment("SE", &["1", "0001"]).is_err(),
        "trailers are the writer's job"
    );
    assert!(w.segment("nm1", &["QC"]).is_err());
    assert!(
        w.finish_group().is_err(),
        "the transaction set is still open"
    );
    assert!(w.finish_interchange().is_err());
    w.finish_transaction().unwrap();
    assert!(w.finish_transaction().is_err());
    let text = w.finish().unwrap();
    assert!(text.ends_with("SE*2*0001~\nGE*1*1~\nIEA*1*000000001~\n"));
    assert!(read_interchanges(&text).is_ok());
}

#[test]
fn repetitions_need_a_repetition_separator() {
    let repeated = [Element::Repeated(&[&["30"], &["1", "2"]])];
    let mut w = X12Writer::new(Delimiters::default());
    w.begin_interchange(&interchange(1)).unwrap();
    w.begin_group(&group(1)).unwrap();
    w.begin_transaction("270", 1, None).unwrap();
    w.segment_with("EQ", &repeated).unwrap();
    let text = w.finish().unwrap();
    assert!(text.contains("\nEQ*30^1:2~\n"));
    let interchanges = read_interchanges(&text).unwrap();
    let eq = &transactions(&interchanges).next().unwrap().body[0];
    assert_eq!(eq.repetitions(1), ["30", "1:2"]);

    let mut w = X12Writer::new(Delimiters::new('*', None, ':', '~').unwrap());
    w.begin_interchange(&interchange(1)).unwrap();
    w.begin_group(&group(1)).unwrap();
    w.begin_transaction("270", 1, None).unwrap();
    assert!(w.segment_with("EQ", &repeated).is_err());
}
