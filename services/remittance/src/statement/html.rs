//! The statement as a printable HTML page.
//!
//! Every piece of text on the page came from outside (a practice's names and addresses, a
//! payer's codes), so every piece is escaped on the way in: a name such as
//! `<script>` prints as those characters and never runs. The page needs no scripts, fonts
//! or images, so it prints the same anywhere.

use std::fmt::Write;

use claims_events::Address;

use super::Statement;

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

fn address(a: &Address) -> String {
    let mut lines = vec![escape(&a.line1)];
    if let Some(line2) = &a.line2 {
        lines.push(escape(line2));
    }
    lines.push(format!(
        "{}, {} {}",
        escape(&a.city),
        escape(&a.state),
        escape(&a.zip)
    ));
    lines.join("<br>")
}

fn dollars(decimal: &str) -> String {
    format!("${}", escape(decimal))
}

/// The page. `write!` into a `String` cannot fail, so its results are ignored.
pub fn render(s: &Statement) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Statement {}</title>\
         <style>body{{font-family:sans-serif;max-width:48em;margin:2em auto}}table{{border-collapse:collapse;width:100%}}\
         td,th{{border-bottom:1px solid #ccc;padding:.3em;text-align:left}}td.n,th.n{{text-align:right}}\
         .owe{{font-size:1.4em;font-weight:bold}}</style></head><body>\n",
        escape(&s.statement_id.to_string())
    );
    let _ = write!(
        h,
        "<header><h1>{}</h1><p>{}</p></header>\n<section><p>{} {}<br>{}</p>\
         <p>Account {} &middot; visit on {} &middot; statement {}</p></section>\n",
        escape(&s.practice.name),
        address(&s.practice.address),
        escape(&s.patient.first_name),
        escape(&s.patient.last_name),
        address(&s.patient.address),
        escape(&s.account),
        s.service_date,
        escape(&s.statement_id.to_string()),
    );
    let _ = write!(
        h,
        "<p class=\"owe\">You owe {}</p>\n<p>{}</p>\n",
        dollars(&s.totals.you_owe),
        escape(&s.summary)
    );
    h.push_str(
        "<h2>Services</h2>\n<table><tr><th>Date</th><th>Service</th><th class=\"n\">Billed</th>\
         <th class=\"n\">Insurance paid</th><th class=\"n\">Adjusted</th><th class=\"n\">You owe</th></tr>\n",
    );
    let cell = |v: &Option<String>| v.as_deref().map_or_else(|| "&ndash;".to_owned(), dollars);
    for line in &s.lines {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td></tr>",
            line.service_date,
            escape(&line.procedure),
            dollars(&line.billed),
            cell(&line.insurance_paid),
            cell(&line.adjusted),
            cell(&line.you_owe),
        );
    }
    let t = &s.totals;
    let _ = writeln!(
        h,
        "<tr><th colspan=\"2\">Total</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th>\
         <th class=\"n\">{}</th></tr></table>",
        dollars(&t.billed),
        dollars(&t.insurance_paid),
        dollars(&t.adjusted),
        dollars(&t.you_owe),
    );
    h.push_str("<h2>Why amounts were adjusted</h2>\n<ul>\n");
    for a in &s.adjustments {
        let scope = a
            .line
            .map_or_else(|| "Whole visit".to_owned(), |n| format!("Service {n}"));
        let _ = writeln!(
            h,
            "<li>{}: {} &ndash; {}{}</li>",
            scope,
            dollars(&a.amount),
            escape(&a.explanation),
            if a.you_owe_this {
                " <strong>(you owe this)</strong>"
            } else {
                ""
            },
        );
    }
    h.push_str("</ul>\n<h2>Paid by insurance</h2>\n<ul>\n");
    for p in &s.insurance {
        let _ = writeln!(
            h,
            "<li>{} paid {} on {}</li>",
            escape(&p.payer_name),
            dollars(&p.paid),
            p.paid_on
        );
    }
    let k = &s.you_owe_by_kind;
    let _ = write!(
        h,
        "</ul>\n<p>What you owe is made of: deductible {}, coinsurance {}, copay {}, other {}.</p>\n\
         <p>Questions about this statement? Call {} and quote account {}.</p>\n</body></html>\n",
        dollars(&k.deductible),
        dollars(&k.coinsurance),
        dollars(&k.copay),
        dollars(&k.other),
        escape(&s.practice.name),
        escape(&s.account),
    );
    h
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_in_text_is_shown_never_run() {
        assert_eq!(
            escape("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
    }
}
