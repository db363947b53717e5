//! Malformed input of every kind ends in an error, never a panic: empty and garbage input,
//! no ISA, every truncation of every sample, and single-character corruptions.

use claims_x12::ack277::read_277ca;
use claims_x12::ack999::read_999;
use claims_x12::envelope::read_interchanges;
use claims_x12::remittance::{check_balance, read_835};
use claims_x12::X12Error;

const SAMPLES: [&str; 6] = [
    include_str!("../fixtures/managed-care.835"),
    include_str!("../fixtures/secondary-payment.835"),
    include_str!("../fixtures/denial-mult-loops.835"),
    include_str!("../fixtures/all-loops.835"),
    include_str!("../fixtures/implementation-ack-accepted.999"),
    include_str!("../fixtures/claim-ack-accept-reject.277ca"),
];

/// Runs every reader; returns whether the envelope reader accepted the text.
fn read_all(text: &str) -> bool {
    if let Ok(remittances) = read_835(text) {
        remittances.iter().for_each(|r| drop(check_balance(r)));
    }
    let _ = read_999(text);
    let _ = read_277ca(text);
    read_interchanges(text).is_ok()
}

#[test]
fn empty_blank_and_garbage_input_are_errors() {
    assert_eq!(read_835(""), Err(X12Error::Empty));
    assert_eq!(read_999(" \r\n\t"), Err(X12Error::Empty));
    for garbage in [
        "hello world",
        "GS*HP*1~ST*835*1~",
        "\u{0}\u{1}\u{2}",
        "ISA",
        "ISA*",
        "ISA*00*",
        "ISA~~~~~~~~~~~~~~~~~~~~~~~~~~~~",
        "ISA*****************",
        "ISA*****************~",
        "ISAISAISA",
        "~~~~",
        "ISA*00*          *00*          *ZZ*A              *ZZ*B              *261126*1200*^*00501*000000001*0*T*:~GE*0*1~",
        "ISA*00*          *00*          *ZZ*A              *ZZ*B              *261126*1200*^*00501*000000001*0*T*:~IEA*1*000000001~",
        "ISA*00*          *00*          *ZZ*A              *ZZ*B              *261126*1200*^*00501*000000001*0*T*:~ISA*",
        "ISA*00*é*00*ü*ZZ*Ä*ZZ*B*261126*1200*^*00501*000000001*0*T*:~GS*HP~",
    ] {
        assert!(read_835(garbage).is_err(), "{garbage:?}");
        assert!(!read_all(garbage), "{garbage:?}");
    }
    assert!(matches!(
        read_835("hello world"),
        Err(X12Error::NoIsa { .. })
    ));
}

#[test]
fn every_truncation_of_every_sample_is_an_error_not_a_panic() {
    for sample in SAMPLES {
        for end in (0..sample.len()).filter(|&i| sample.is_char_boundary(i)) {
            let prefix = &sample[..end];
            let accepted = read_all(prefix);
            // Only a cut in the whitespace after the last IEA leaves a complete file.
            assert_eq!(
                accepted,
                prefix.trim_end() == sample.trim_end(),
                "cut at byte {end}"
            );
        }
    }
}

#[test]
fn single_character_corruptions_never_panic() {
    for sample in SAMPLES {
        // Each sample goes through the reader of its own kind: the one that looks deepest.
        let read: fn(&str) -> bool = match &sample[sample.find("ST*").unwrap_or(0)..][3..6] {
            "835" => |t| {
                read_835(t)
                    .map(|r| r.iter().for_each(|r| drop(check_balance(r))))
                    .is_ok()
            },
            "999" => |t| read_999(t).is_ok(),
            _ => |t| read_277ca(t).is_ok(),
        };
        assert!(read(sample));
        for (i, _) in sample.char_indices() {
            for replacement in ["*", "~", ":", "-", "", "é"] {
                let corrupted = format!("{}{replacement}{}", &sample[..i], &sample[i + 1..]);
                read(&corrupted);
            }
        }
    }
}

#[test]
fn mismatched_control_numbers_are_errors() {
    let sample = SAMPLES[0];
    for (from, to) in [
        ("SE*26*112233", "SE*26*999999"),
        ("GE*1*1~", "GE*1*7~"),
        ("IEA*1*000000907", "IEA*1*000000001"),
        ("SE*26*", "SE*2*"),
        ("GE*1*", "GE*0*"),
        ("IEA*1*", "IEA*x*"),
    ] {
        let edited = sample.replace(from, to);
        assert_ne!(edited, sample);
        assert!(read_835(&edited).is_err(), "{to}");
    }
}

#[test]
fn extreme_amounts_do_not_overflow() {
    let sample = SAMPLES[0];
    let huge = sample
        .replace(
            "*800.00*450.00*300.00*",
            "*92233720368547758.07*-92233720368547758.07*0*",
        )
        .replace("BPR*I*945.00*", "BPR*I*-92233720368547758.07*");
    let remittances = read_835(&huge).unwrap();
    let imbalances = check_balance(&remittances[0]);
    assert!(!imbalances.is_empty());
    imbalances.iter().for_each(|i| drop(i.to_string()));
    let too_big = sample.replace("*800.00*", "*92233720368547758.08*");
    assert!(read_835(&too_big).is_err());
}
