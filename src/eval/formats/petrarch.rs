//! PETRARCH validation records: sentences with gold CAMEO codings.

/// One PETRARCH validation record: a sentence and its gold event codings.
#[derive(Debug, Clone, PartialEq)]
pub struct PetrarchRecord {
    /// The record's `id` attribute.
    pub id: String,
    /// The `date` attribute (`YYYYMMDD`), parsed.
    pub date: Option<chrono::NaiveDate>,
    /// `<Text>`, whitespace collapsed.
    pub text: String,
    /// Gold `(sourcecode, targetcode, eventcode)` triples.
    pub codings: Vec<(String, String, String)>,
}

/// The five predefined XML entities decoded (`&amp;` → `&`).
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Value of attribute `name` in a start tag's inside (`Sentence id="x" …`).
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = tag;
    while let Some(at) = rest.find(name) {
        let before_ok = at == 0 || rest[..at].ends_with(char::is_whitespace);
        let after = rest[at + name.len()..].trim_start();
        if before_ok && let Some(after) = after.strip_prefix('=') {
            let after = after.trim_start();
            let quote = after.chars().next()?;
            if quote == '"' || quote == '\'' {
                let body = &after[1..];
                return body.find(quote).map(|end| &body[..end]);
            }
        }
        rest = &rest[at + name.len()..];
    }
    None
}

/// Reads PETRARCH validation records (`<Sentence …>`, then
/// `<EventCoding sourcecode targetcode eventcode>` lines, then `<Text>`).
///
/// A tag scanner rather than an XML parser: the PETRARCH-2 GSR file is not
/// well-formed XML (its `<Sentence …/>` elements are self-closed and the
/// records follow them as siblings, with stray `#` comment lines), and the
/// unit-test file nests them. Both have the same order of tags, which is
/// what this reader relies on. Records without a `<Text>` are dropped.
pub fn read_petrarch(text: &str) -> Vec<PetrarchRecord> {
    let mut out: Vec<PetrarchRecord> = Vec::new();
    let mut current: Option<PetrarchRecord> = None;
    let mut rest = text;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt + 1..];
        let Some(gt) = rest.find('>') else { break };
        let tag = &rest[..gt];
        let after = &rest[gt + 1..];
        if tag.starts_with("!--") {
            rest = rest.find("-->").map_or("", |e| &rest[e + 3..]);
            continue;
        }
        if tag.starts_with("Sentence ") || tag == "Sentence" || tag.starts_with("Sentence/") {
            if let Some(done) = current.take() {
                out.push(done);
            }
            current = Some(PetrarchRecord {
                id: attribute(tag, "id").unwrap_or_default().to_string(),
                date: attribute(tag, "date")
                    .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y%m%d").ok()),
                text: String::new(),
                codings: Vec::new(),
            });
        } else if tag.starts_with("EventCoding ") {
            if let Some(rec) = current.as_mut() {
                let get = |n| attribute(tag, n).unwrap_or_default().to_string();
                rec.codings
                    .push((get("sourcecode"), get("targetcode"), get("eventcode")));
            }
        } else if tag == "Text" {
            let end = after.find("</Text>").unwrap_or(after.len());
            if let Some(rec) = current.as_mut() {
                rec.text = unescape(
                    &after[..end]
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" "),
                );
            }
            rest = &after[end..];
            continue;
        }
        rest = after;
    }
    if let Some(done) = current.take() {
        out.push(done);
    }
    out.retain(|r| !r.text.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn petrarch_reader_handles_self_closed_sentences_and_comments() {
        let text = r#"<Validation>
# a comment line with Sentence in it
<!-- <Sentence id="fake"> -->
<Sentence category="AFP" date="20080804" id="A_1" evaluate="true"/>
<EventCoding eventcode="042" sourcecode="USA" targetcode="CHN" />
<Text>
The US leader
 visited Beijing.
</Text>
<Parse>1 The</Parse>
<Sentence date="20150101" id="B_2">
<EventCoding sourcecode="DAGGOV" targetcode="GON" eventcode="032"></EventCoding>
<EventCoding sourcecode="GON" targetcode="DAGGOV" eventcode="036"></EventCoding>
<Text>Dagohir talks.</Text>
</Sentence>
</Validation>"#;
        let recs = read_petrarch(text);
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[0].id, "A_1");
        assert_eq!(recs[0].date, chrono::NaiveDate::from_ymd_opt(2008, 8, 4));
        assert_eq!(recs[0].text, "The US leader visited Beijing.");
        assert_eq!(
            recs[0].codings,
            vec![("USA".into(), "CHN".into(), "042".into())]
        );
        assert_eq!(recs[1].codings.len(), 2);
        assert_eq!(recs[1].codings[1].0, "GON");
    }

    #[test]
    fn attribute_does_not_match_inside_other_names() {
        assert_eq!(attribute(r#"Sentence sid="x" id="y""#, "id"), Some("y"));
        assert_eq!(attribute(r#"Sentence id = 'z'"#, "id"), Some("z"));
        assert_eq!(attribute("Sentence", "id"), None);
    }
}
