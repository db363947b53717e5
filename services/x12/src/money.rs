//! Monetary amounts between X12 decimal text and integer cents, exactly.
//!
//! X12 writes amounts as decimal numbers of the R type: `450`, `450.5`, `-12.00`, `.5`.
//! Balancing an 835 compares sums to the cent, so amounts never pass through floating
//! point: the digits are read into an `i64` count of cents, and a third decimal place is
//! refused rather than rounded (a payer that sends `12.345` has a bug worth hearing about).
//!
//! The written form is the one the X12 standard recommends for R values: no trailing zeros
//! after the decimal point and no point when there is no fraction (`450`, `12.5`, `0.75`,
//! `-3.2`), with a `0` before the point so every reader understands it.

/// Why a text is not an amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    /// Nothing to read.
    #[error("is empty")]
    Empty,
    /// Not an optional `-`, digits and at most one `.`.
    #[error("is not a decimal amount (digits, an optional leading `-` and at most one `.`)")]
    NotANumber,
    /// A third decimal place: X12 amounts are dollars and cents.
    #[error("has more than two decimals")]
    TooManyDecimals,
    /// Beyond what an `i64` count of cents holds.
    #[error("is too large for an amount of money")]
    TooLarge,
}

/// Parses an X12 amount into cents: `450` is 45000, `-12.00` is -1200, `.5` is 50.
///
/// When a text is wrong in several ways the error names the first of: not a number, too
/// many decimals, too large. An 835 has a dozen amounts per claim, so the digits are
/// checked and summed in plain loops, and overflow is only checked for when there are
/// enough digits for it.
pub fn parse_cents(text: &str) -> Result<i64, AmountError> {
    let bytes = text.as_bytes();
    let (negative, unsigned) = match bytes {
        [] => return Err(AmountError::Empty),
        [b'-', rest @ ..] => (true, rest),
        _ => (false, bytes),
    };
    let (whole, fraction) = match unsigned.iter().position(|&b| b == b'.') {
        Some(point) => (&unsigned[..point], &unsigned[point + 1..]),
        None => (unsigned, &[][..]),
    };
    let all_digits = |digits: &[u8]| digits.iter().all(u8::is_ascii_digit);
    if (whole.is_empty() && fraction.is_empty()) || !all_digits(whole) || !all_digits(fraction) {
        return Err(AmountError::NotANumber);
    }
    if fraction.len() > 2 {
        return Err(AmountError::TooManyDecimals);
    }
    let mut cents_digits = whole
        .iter()
        .chain(fraction)
        .chain(&b"00"[fraction.len()..])
        .map(|&b| i64::from(b - b'0'));
    // i64 holds any 18 digits; more may still fit, so they take the checked path.
    let cents = if whole.len() + 2 <= 18 {
        cents_digits.fold(0, |cents, digit| cents * 10 + digit)
    } else {
        cents_digits
            .try_fold(0i64, |cents, digit| {
                cents.checked_mul(10)?.checked_add(digit)
            })
            .ok_or(AmountError::TooLarge)?
    };
    Ok(if negative { -cents } else { cents })
}

/// Writes cents as an X12 amount without trailing zeros: 45000 is `450`, 1250 is `12.5`,
/// 75 is `0.75`, -1200 is `-12`.
pub fn format_cents(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let magnitude = cents.unsigned_abs();
    let (dollars, rest) = (magnitude / 100, magnitude % 100);
    match rest {
        0 => format!("{sign}{dollars}"),
        r if r % 10 == 0 => format!("{sign}{dollars}.{}", r / 10),
        r => format!("{sign}{dollars}.{r:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_form_x12_allows() {
        let cases = [
            ("450", 45000),
            ("450.5", 45050),
            ("450.50", 45050),
            ("-12.00", -1200),
            (".5", 50),
            ("0.07", 7),
            ("450.", 45000),
            ("0", 0),
            ("-0.01", -1),
            ("10323.64", 1032364),
        ];
        for (text, cents) in cases {
            assert_eq!(parse_cents(text), Ok(cents), "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_dollars_and_cents() {
        assert_eq!(parse_cents("12.345"), Err(AmountError::TooManyDecimals));
        assert_eq!(parse_cents(""), Err(AmountError::Empty));
        for text in [
            "-", ".", "+5", "1,000", "1e3", "12.3.4", " 12", "--1", "NaN",
        ] {
            assert_eq!(parse_cents(text), Err(AmountError::NotANumber), "{text}");
        }
        assert_eq!(
            parse_cents("99999999999999999999"),
            Err(AmountError::TooLarge)
        );
        // Wrong in several ways: the first of not a number, too many decimals, too large.
        assert_eq!(
            parse_cents("99999999999999999999.123"),
            Err(AmountError::TooManyDecimals)
        );
        assert_eq!(
            parse_cents("99999999999999999999.123x"),
            Err(AmountError::NotANumber)
        );
        assert_eq!(parse_cents("92233720368547759"), Err(AmountError::TooLarge));
    }

    #[test]
    fn writes_without_trailing_zeros_and_reads_back_the_same_cents() {
        let cases = [
            (45000, "450"),
            (1250, "12.5"),
            (75, "0.75"),
            (-1200, "-12"),
            (-5, "-0.05"),
            (0, "0"),
        ];
        for (cents, text) in cases {
            assert_eq!(format_cents(cents), text);
            assert_eq!(parse_cents(text), Ok(cents));
        }
        for cents in [
            -10001,
            -1,
            1,
            9,
            10,
            99,
            101,
            123456789,
            i64::MAX,
            i64::MIN + 1,
        ] {
            assert_eq!(parse_cents(&format_cents(cents)), Ok(cents), "{cents}");
        }
    }
}
