//! Just enough CSV (RFC 4180) to read the CMS MUE files: comma-separated fields, quoted fields
//! with `""` for a quote, and line breaks inside quotes (CMS writes its copyright notice and the
//! header `"HCPCS/\nCPT Code"` that way). Kept here rather than taking a dependency for one
//! table; each record remembers the line it starts on, for error messages.

/// One record: the physical line (from 1) it starts on and its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Record {
    pub line: usize,
    pub fields: Vec<String>,
}

/// The records of `text`, or the line of a quote that is never closed.
pub(crate) fn records(text: &str) -> Result<Vec<Record>, usize> {
    let mut out = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut line = 1;
    let mut start = 1;
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, '\n') => {
                line += 1;
                field.push('\n');
            }
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => fields.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                fields.push(std::mem::take(&mut field));
                out.push(Record {
                    line: start,
                    fields: std::mem::take(&mut fields),
                });
                line += 1;
                start = line;
            }
            (false, c) => field.push(c),
        }
    }
    if quoted {
        return Err(start);
    }
    if !field.is_empty() || !fields.is_empty() {
        fields.push(field);
        out.push(Record {
            line: start,
            fields,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_may_hold_commas_quotes_and_line_breaks() {
        let text =
            "\"a notice,\nover lines\",,\r\n\"HCPCS/\nCPT Code\",\"say \"\"hi\"\"\"\n99213,1\n";
        let records = records(text).expect("parses");
        let lines: Vec<usize> = records.iter().map(|r| r.line).collect();
        assert_eq!(lines, [1, 3, 5]);
        assert_eq!(records[0].fields, ["a notice,\nover lines", "", ""]);
        assert_eq!(records[1].fields, ["HCPCS/\nCPT Code", "say \"hi\""]);
        assert_eq!(records[2].fields, ["99213", "1"]);
    }

    #[test]
    fn an_unclosed_quote_names_the_line_it_opens_on() {
        assert_eq!(records("a,b\n\"open,\nstill open\n"), Err(2));
    }
}
