//! The four characters that give X12 text its structure, read from each ISA segment.
//!
//! X12 does not fix its delimiters: every interchange declares them in its ISA header,
//! which has a fixed layout for exactly that reason. The element separator is the character
//! right after `ISA`, the repetition separator is ISA11 (in 5010; 4010 had a code there),
//! the component separator is ISA16, and the segment terminator is the character right after
//! ISA16. Samples from different senders really do differ, so nothing downstream may assume
//! `*`, `:` and `~`. X12 has no escape mechanism either: a value that contains a delimiter
//! cannot be written, which is why this type can find and replace them.

use crate::error::X12Error;

/// The delimiters of one interchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Delimiters {
    element: char,
    repetition: Option<char>,
    component: char,
    segment: char,
}

impl Default for Delimiters {
    /// `*` between elements, `^` between repetitions, `:` between components and `~` after
    /// each segment: what most 5010 senders use.
    fn default() -> Self {
        Delimiters {
            element: '*',
            repetition: Some('^'),
            component: ':',
            segment: '~',
        }
    }
}

impl Delimiters {
    /// Delimiters for writing. Fails unless the characters are pairwise distinct and none is
    /// a letter, a digit or a space (data is made of those).
    pub fn new(
        element: char,
        repetition: Option<char>,
        component: char,
        segment: char,
    ) -> Result<Self, X12Error> {
        let delimiters = Delimiters {
            element,
            repetition,
            component,
            segment,
        };
        delimiters.check().map_err(X12Error::InvalidDelimiters)?;
        Ok(delimiters)
    }

    /// The element separator (`*` by default).
    pub fn element(&self) -> char {
        self.element
    }

    /// The repetition separator (`^` by default); `None` for a 4010-style ISA11 code.
    pub fn repetition(&self) -> Option<char> {
        self.repetition
    }

    /// The component separator (`:` by default).
    pub fn component(&self) -> char {
        self.component
    }

    /// The segment terminator (`~` by default).
    pub fn segment(&self) -> char {
        self.segment
    }

    /// The first delimiter found in `value`, with its name, or `None` when the value can be
    /// written as it is.
    pub fn find_in(&self, value: &str) -> Option<(char, &'static str)> {
        value
            .chars()
            .find_map(|c| self.name_of(c).map(|name| (c, name)))
    }

    /// `value` with every delimiter replaced by a space: for free text (names, messages)
    /// where dropping a stray `*` or `~` is better than refusing the whole claim. Codes and
    /// identifiers should be refused instead; the writer does so.
    pub fn sanitize(&self, value: &str) -> String {
        value
            .chars()
            .map(|c| if self.name_of(c).is_some() { ' ' } else { c })
            .collect()
    }

    fn name_of(&self, c: char) -> Option<&'static str> {
        if c == self.element {
            Some("element separator")
        } else if c == self.segment {
            Some("segment terminator")
        } else if c == self.component {
            Some("component separator")
        } else if Some(c) == self.repetition {
            Some("repetition separator")
        } else {
            None
        }
    }

    fn check(&self) -> Result<(), String> {
        let mut all = vec![
            ("element separator", self.element),
            ("component separator", self.component),
            ("segment terminator", self.segment),
        ];
        if let Some(repetition) = self.repetition {
            all.push(("repetition separator", repetition));
        }
        for (i, (name, c)) in all.iter().enumerate() {
            if c.is_alphanumeric() || *c == ' ' {
                return Err(format!(
                    "the {name} `{c}` is a letter, digit or space, which data contains"
                ));
            }
            if let Some((other, _)) = all[..i].iter().find(|(_, d)| d == c) {
                return Err(format!("the {other} and the {name} are both `{c}`"));
            }
        }
        Ok(())
    }

    /// Reads the delimiters from an ISA segment at the start of `text` (which begins with
    /// `ISA`). Returns them with the byte length of the ISA including its terminator.
    /// `segment` is the ISA's number in the input, for error messages.
    pub(crate) fn from_isa(text: &str, segment: usize) -> Result<(Self, usize), X12Error> {
        let bad = |problem: String| X12Error::BadIsa { segment, problem };
        let mut chars = text.char_indices().skip(3);
        let element = match chars.next() {
            Some((_, c)) => c,
            None => return Err(bad("the input ends right after `ISA`".into())),
        };
        // Separator k precedes ISAk; ISA16 is the one character after separator 16 and the
        // terminator is the character right after it.
        let mut separators = 1;
        let mut isa11 = String::new();
        let mut after_sixteen = None;
        for (i, c) in chars.by_ref() {
            if c == element {
                separators += 1;
                if separators == 16 {
                    after_sixteen = Some(i + c.len_utf8());
                    break;
                }
            } else if separators == 11 {
                isa11.push(c);
            }
        }
        let Some(start) = after_sixteen else {
            return Err(bad(format!(
                "the input ends after {separators} of the 16 ISA elements; the file looks truncated"
            )));
        };
        let mut rest = text[start..].chars();
        let (Some(component), Some(terminator)) = (rest.next(), rest.next()) else {
            return Err(bad(
                "the input ends before ISA16 and the segment terminator; the file looks truncated"
                    .into(),
            ));
        };
        let mut one = isa11.chars();
        let repetition = match (one.next(), one.next()) {
            (Some(c), None) if !c.is_alphanumeric() && c != ' ' => Some(c),
            _ => None,
        };
        let delimiters = Delimiters {
            element,
            repetition,
            component,
            segment: terminator,
        };
        delimiters.check().map_err(bad)?;
        let length = start + component.len_utf8() + terminator.len_utf8();
        Ok((delimiters, length))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ISA: &str = "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *261126*1200*^*00501*000000001*0*T*:~GS";

    #[test]
    fn reads_each_delimiter_from_its_place_in_the_isa() {
        let (d, len) = Delimiters::from_isa(ISA, 1).unwrap();
        assert_eq!(d, Delimiters::default());
        assert_eq!(&ISA[len..], "GS");
    }

    #[test]
    fn a_4010_code_in_isa11_means_no_repetition_separator() {
        let isa = ISA.replace("*^*", "*U*").replace('*', "|");
        let (d, _) = Delimiters::from_isa(&isa, 1).unwrap();
        assert_eq!((d.element(), d.repetition()), ('|', None));
    }

    #[test]
    fn refuses_clashing_delimiters() {
        assert!(Delimiters::new('*', Some('^'), '*', '~').is_err());
        assert!(Delimiters::new('*', None, 'A', '~').is_err());
        let isa = ISA.replace(":~", "~~");
        assert!(matches!(
            Delimiters::from_isa(&isa, 1),
            Err(X12Error::BadIsa { .. })
        ));
    }

    #[test]
    fn sanitize_replaces_only_delimiters() {
        let d = Delimiters::default();
        assert_eq!(d.sanitize("Smith~Jones*Jr:^x"), "Smith Jones Jr  x");
        assert_eq!(d.find_in("O'Brien-Smith"), None);
        assert_eq!(d.find_in("a~b"), Some(('~', "segment terminator")));
    }
}
