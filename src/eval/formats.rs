//! Readers for the gold formats `newsevents eval` understands.
//!
//! - CoNLL-style token files ([`read_token_corpus`]): one token per line, the
//!   token in the first column and an IOB1/IOB2 tag in the last; a blank line
//!   (or a line holding only whitespace) ends a sentence; `-DOCSTART-` starts
//!   a document. This covers CoNLL-2003 (`TOKEN POS CHUNK NER`), the ANERcorp
//!   CoNLL conversion (`TOKEN TAG`) and NewsFANEGold (`TOKEN\tTAG`, CRLF, a
//!   BOM, U+200E marks before tokens).
//! - Geoparsing XML ([`read_lgl`], [`read_geowebnews`], [`read_geovirus`]):
//!   article text plus toponyms with character offsets and GeoNames IDs
//!   and/or coordinates.
//! - PETRARCH validation records ([`read_petrarch`]): sentences with gold
//!   CAMEO source/target codes.
//! - Our sample's expected JSON ([`SampleExpectation`]).
//! - Event gold in JSON Lines ([`read_event_articles`]): one article per
//!   line with its `gold_events` (our Arabic dev set,
//!   `tests/fixtures/events/arabic_dev.jsonl`).
//!
//! Offsets produced here are Unicode scalar values, as everywhere in the
//! project.

use serde::Deserialize;

/// Why a gold file could not be read. Always the file's fault (or the
/// wrong `--format`); a retry does not help.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    /// The XML is not well formed.
    #[error("XML: {0}")]
    Xml(#[from] roxmltree::Error),
    /// The JSON is not what the format expects.
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// A required element or value is missing or malformed.
    #[error("{what} (record {record})")]
    Malformed {
        /// What was wrong.
        what: String,
        /// 0-based record (article, sentence) number.
        record: usize,
    },
}

/// A gold entity over tokens: `start..end` token indices (end-exclusive)
/// within its document, and its class label as written in the file (after
/// the `B-`/`I-` prefix).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenEntity {
    /// Class label from the file, e.g. `PER`, `PERS`, `Politician`.
    pub class: String,
    /// First token, inclusive.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
}

/// A document of a token corpus: its tokens, where sentences end, and the
/// gold entities.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TokenDocument {
    /// Tokens in order.
    pub tokens: Vec<String>,
    /// Token index one past the end of each sentence, ascending.
    pub sentence_ends: Vec<usize>,
    /// Gold entities, in text order.
    pub entities: Vec<TokenEntity>,
}

impl TokenDocument {
    /// The document as text: tokens joined by single spaces, sentences by
    /// `\n`, plus each token's `start..end` in Unicode scalar values.
    pub fn text_with_offsets(&self) -> (String, Vec<(usize, usize)>) {
        let mut text = String::new();
        let mut offsets = Vec::with_capacity(self.tokens.len());
        let mut pos = 0usize;
        let mut next_end = self.sentence_ends.iter().peekable();
        for (i, tok) in self.tokens.iter().enumerate() {
            if i > 0 {
                let sep = if next_end.peek().is_some_and(|&&e| e == i) {
                    next_end.next();
                    '\n'
                } else {
                    ' '
                };
                text.push(sep);
                pos += 1;
            }
            let len = tok.chars().count();
            text.push_str(tok);
            offsets.push((pos, pos + len));
            pos += len;
        }
        (text, offsets)
    }
}

/// Reads a CoNLL-style token corpus (see the module docs).
///
/// Documents break at `-DOCSTART-` lines; a corpus without them (ANERcorp,
/// NewsFANEGold) is cut into documents of `sentences_per_doc` sentences,
/// since the stages are built for article-sized text, not for one sentence.
/// Tags: `B-X` opens an entity, `I-X` continues an open `X` (or opens one,
/// as IOB1 does), anything else closes it. Leading U+FEFF/U+200E/U+200F are
/// stripped from tokens; lines whose token is empty after that are skipped.
pub fn read_token_corpus(text: &str, sentences_per_doc: usize) -> Vec<TokenDocument> {
    let sentences_per_doc = sentences_per_doc.max(1);
    let mut docs = Vec::new();
    let mut doc = TokenDocument::default();
    let mut open: Option<TokenEntity> = None;
    let mut in_sentence = false;

    fn close(doc: &mut TokenDocument, open: &mut Option<TokenEntity>) {
        if let Some(e) = open.take() {
            doc.entities.push(e);
        }
    }
    fn end_sentence(
        doc: &mut TokenDocument,
        open: &mut Option<TokenEntity>,
        in_sentence: &mut bool,
    ) {
        close(doc, open);
        if *in_sentence {
            doc.sentence_ends.push(doc.tokens.len());
            *in_sentence = false;
        }
    }
    fn end_doc(docs: &mut Vec<TokenDocument>, doc: &mut TokenDocument) {
        if !doc.tokens.is_empty() {
            docs.push(std::mem::take(doc));
        }
    }

    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        let mut fields = line.split_whitespace();
        let Some(first) = fields.next() else {
            end_sentence(&mut doc, &mut open, &mut in_sentence);
            if doc.sentence_ends.len() >= sentences_per_doc {
                end_doc(&mut docs, &mut doc);
            }
            continue;
        };
        if first == "-DOCSTART-" {
            end_sentence(&mut doc, &mut open, &mut in_sentence);
            end_doc(&mut docs, &mut doc);
            continue;
        }
        let tag = fields.next_back().unwrap_or("O");
        let token = first.trim_start_matches(['\u{feff}', '\u{200e}', '\u{200f}']);
        if token.is_empty() {
            continue;
        }
        let index = doc.tokens.len();
        doc.tokens.push(token.to_string());
        in_sentence = true;
        let (prefix, class) = match tag.split_once('-') {
            Some((p, c)) if p == "B" || p == "I" => (p, c),
            _ => ("O", ""),
        };
        match prefix {
            "I" if open.as_ref().is_some_and(|e| e.class == class) => {
                if let Some(e) = open.as_mut() {
                    e.end = index + 1;
                }
            }
            "B" | "I" => {
                close(&mut doc, &mut open);
                open = Some(TokenEntity {
                    class: class.to_string(),
                    start: index,
                    end: index + 1,
                });
            }
            _ => close(&mut doc, &mut open),
        }
    }
    end_sentence(&mut doc, &mut open, &mut in_sentence);
    end_doc(&mut docs, &mut doc);
    docs
}

/// A gold toponym with its reference, offsets in Unicode scalar values into
/// [`GeoDocument::text`].
#[derive(Debug, Clone, PartialEq)]
pub struct GoldToponym {
    /// First scalar value, inclusive.
    pub start: usize,
    /// One past the last scalar value.
    pub end: usize,
    /// The toponym as annotated.
    pub name: String,
    /// GeoNames ID of the referent, when the corpus gives one.
    pub geonameid: Option<u64>,
    /// WGS84 latitude/longitude of the referent, decimal degrees.
    pub coords: Option<(f64, f64)>,
    /// GeoNames ID of the referent's country (LGL's `<country geonameid>`).
    pub country_geonameid: Option<u64>,
    /// How the toponym is written, where the corpus says (GeoWebNews).
    pub form: ToponymForm,
}

/// How a gold toponym is written, after the GeoWebNews annotation scheme
/// (Gritta, Pilehvar & Collier 2018, "A Pragmatic Guide to Geoparsing
/// Evaluation": `modifierType` and the `Embedded_*` types). Corpora without
/// that annotation (LGL, GeoVirus) give [`ToponymForm::Name`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ToponymForm {
    /// A place name as a noun ("Russia", "Aleppo"), or not annotated.
    #[default]
    Name,
    /// An adjective made from a place name (`modifierType` = `Adjective`:
    /// "Russian", "European").
    Adjective,
    /// A place name inside a longer name the span covers
    /// (`Embedded_Literal`, `Embedded_Non_Lit`): the span is mostly the
    /// place name itself ("Louisiana" in "Louisiana State University").
    Embedded,
}

/// An article of a geoparsing corpus.
#[derive(Debug, Clone, PartialEq)]
pub struct GeoDocument {
    /// Corpus id (LGL `docid`, GWN `file`, else the 0-based position).
    pub id: String,
    /// Article text; the toponym offsets point into it.
    pub text: String,
    /// Gold toponyms, sorted by offsets.
    pub toponyms: Vec<GoldToponym>,
    /// Toponyms left out because their offsets are negative (a handful of
    /// GeoWebNews entries point before the text).
    pub dropped: usize,
}

impl GeoDocument {
    /// Moves each toponym whose offsets do not slice its annotated name to
    /// the nearest occurrence of the name within `window` scalar values
    /// (GeoVirus offsets are one character late throughout). Returns
    /// `(realigned, still_mismatched)`.
    pub fn realign(&mut self, window: usize) -> (usize, usize) {
        let chars: Vec<char> = self.text.chars().collect();
        let (mut moved, mut bad) = (0, 0);
        for t in &mut self.toponyms {
            let name: Vec<char> = t.name.chars().collect();
            let at = |s: usize| chars.get(s..s + name.len()) == Some(&name[..]);
            if name.is_empty() || (t.end == t.start + name.len() && at(t.start)) {
                continue;
            }
            let lo = t.start.saturating_sub(window);
            let best = (lo..=t.start + window)
                .filter(|&s| at(s))
                .min_by_key(|&s| s.abs_diff(t.start));
            match best {
                Some(s) => {
                    t.start = s;
                    t.end = s + name.len();
                    moved += 1;
                }
                None => bad += 1,
            }
        }
        (moved, bad)
    }
}

fn child<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Option<roxmltree::Node<'a, 'a>> {
    node.children().find(|c| c.has_tag_name(name))
}

fn child_text<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Option<&'a str> {
    child(node, name)
        .and_then(|c| c.text())
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

fn full_text(node: roxmltree::Node) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect()
}

/// `(start, end)`, or `None` when an offset is negative.
fn offsets(node: roxmltree::Node, record: usize) -> Result<Option<(usize, usize)>, FormatError> {
    let num = |name: &str| {
        child_text(node, name)
            .and_then(|t| t.parse::<i64>().ok())
            .ok_or_else(|| FormatError::Malformed {
                what: format!("toponym without a numeric <{name}>"),
                record,
            })
    };
    let (start, end) = (num("start")?, num("end")?);
    Ok((start >= 0 && end >= start).then_some((start as usize, end as usize)))
}

fn coords(node: roxmltree::Node, lat: &str, lon: &str) -> Option<(f64, f64)> {
    let lat = child_text(node, lat)?.parse().ok()?;
    let lon = child_text(node, lon)?.parse().ok()?;
    Some((lat, lon))
}

/// The loop the three geoparsing corpora share: every `<article>` with a
/// `<text>` child, its `toponym_tag` elements read by `toponym` (which
/// returns `None` for an element that is not a gold toponym, and leaves
/// `start`/`end` to this function), the id from `id_attribute` or the
/// article's 0-based position. Toponyms with negative offsets are counted in
/// [`GeoDocument::dropped`]; the rest are sorted by offsets.
fn read_geo_corpus(
    xml: &str,
    toponym_tag: &str,
    id_attribute: Option<&str>,
    toponym: impl Fn(roxmltree::Node) -> Option<GoldToponym>,
) -> Result<Vec<GeoDocument>, FormatError> {
    let tree = roxmltree::Document::parse(xml)?;
    let mut out = Vec::new();
    for (i, article) in tree
        .descendants()
        .filter(|n| n.has_tag_name("article"))
        .enumerate()
    {
        let text = child(article, "text").map(full_text).unwrap_or_default();
        let mut toponyms = Vec::new();
        let mut dropped = 0;
        for t in article
            .descendants()
            .filter(|n| n.has_tag_name(toponym_tag))
        {
            let Some(mut gold) = toponym(t) else {
                continue;
            };
            let Some((start, end)) = offsets(t, i)? else {
                dropped += 1;
                continue;
            };
            (gold.start, gold.end) = (start, end);
            toponyms.push(gold);
        }
        toponyms.sort_by_key(|t| (t.start, t.end));
        out.push(GeoDocument {
            id: id_attribute
                .and_then(|a| article.attribute(a))
                .map_or_else(|| i.to_string(), str::to_string),
            text,
            toponyms,
            dropped,
        });
    }
    Ok(out)
}

/// Reads LGL (`<article docid>` with `<text>` and `<toponyms><toponym>`,
/// each with `start`, `end`, `phrase` and, when resolved, a `<gaztag
/// geonameid>` holding `lat`, `lon` and `<country geonameid>`).
///
/// # Errors
/// [`FormatError`] on malformed XML or a toponym without offsets.
pub fn read_lgl(xml: &str) -> Result<Vec<GeoDocument>, FormatError> {
    read_geo_corpus(xml, "toponym", Some("docid"), |t| {
        let gaztag = child(t, "gaztag");
        Some(GoldToponym {
            start: 0,
            end: 0,
            name: child_text(t, "phrase").unwrap_or_default().to_string(),
            geonameid: gaztag
                .and_then(|g| g.attribute("geonameid"))
                .and_then(|v| v.parse().ok()),
            coords: gaztag.and_then(|g| coords(g, "lat", "lon")),
            country_geonameid: gaztag
                .and_then(|g| child(g, "country"))
                .and_then(|c| c.attribute("geonameid"))
                .and_then(|v| v.parse().ok()),
            form: ToponymForm::Name,
        })
    })
}

/// Reads GeoWebNews, keeping the toponyms the corpus authors recommend for
/// plain geotagging/geocoding: `nonLocational` = `No` and a `geonamesID`
/// or coordinates. Other annotated spans (non-locational types, entries
/// with no referent) are dropped.
///
/// # Errors
/// [`FormatError`] on malformed XML or a toponym without offsets.
pub fn read_geowebnews(xml: &str) -> Result<Vec<GeoDocument>, FormatError> {
    read_geo_corpus(xml, "toponym", Some("file"), |t| {
        if child_text(t, "nonLocational") != Some("No") {
            return None;
        }
        let geonameid = child_text(t, "geonamesID").and_then(|v| v.parse().ok());
        let coords = coords(t, "latitude", "longitude");
        let form = if child_text(t, "type").is_some_and(|k| k.starts_with("Embedded")) {
            ToponymForm::Embedded
        } else if child_text(t, "modifierType") == Some("Adjective") {
            ToponymForm::Adjective
        } else {
            ToponymForm::Name
        };
        (geonameid.is_some() || coords.is_some()).then(|| GoldToponym {
            start: 0,
            end: 0,
            name: child_text(t, "extractedName")
                .unwrap_or_default()
                .to_string(),
            geonameid,
            coords,
            country_geonameid: None,
            form,
        })
    })
}

/// Reads GeoVirus (`<article><text/><locations><location>` with `name`,
/// `start`, `end`, `lat`, `lon`): coordinates only, no GeoNames IDs.
///
/// # Errors
/// [`FormatError`] on malformed XML or a location without offsets.
pub fn read_geovirus(xml: &str) -> Result<Vec<GeoDocument>, FormatError> {
    read_geo_corpus(xml, "location", None, |t| {
        Some(GoldToponym {
            start: 0,
            end: 0,
            name: child_text(t, "name").unwrap_or_default().to_string(),
            geonameid: None,
            coords: coords(t, "lat", "lon"),
            country_geonameid: None,
            form: ToponymForm::Name,
        })
    })
}

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

/// Our sample's expectation file (`tests/fixtures/articles/*.expected.json`,
/// `../shared/samples/*.expected.json`).
#[derive(Debug, Clone, Deserialize)]
pub struct SampleExpectation {
    /// File name of the article text the expectation is for.
    pub document: String,
    /// ISO 639-1 language of the article.
    #[serde(default)]
    pub language: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    #[serde(default)]
    pub published: Option<String>,
    /// Actors that must be found.
    #[serde(default)]
    pub actors_required: Vec<ExpectedActor>,
    /// Actors that may be found.
    #[serde(default)]
    pub actors_optional: Vec<ExpectedActor>,
    /// Locations that must be found.
    #[serde(default)]
    pub locations_required: Vec<ExpectedLocation>,
    /// Things that must not be reported.
    #[serde(default)]
    pub must_not_report: Vec<Forbidden>,
    /// Events that must be coded.
    #[serde(default)]
    pub events_required: Vec<ExpectedEvent>,
    /// Article text ends before this phrase: no event may come from after it.
    #[serde(default)]
    pub article_body_ends_before: Option<String>,
}

/// An event the sample must yield.
#[derive(Debug, Clone, Deserialize)]
pub struct ExpectedEvent {
    /// Description.
    pub what: String,
    /// Source actor code.
    pub source: String,
    /// Target actor code, when the expectation names one.
    #[serde(default)]
    pub target: Option<String>,
    /// CAMEO root (two digits).
    pub root: String,
    /// PLOVER type, when named.
    #[serde(default)]
    pub plover: Option<String>,
    /// GeoNames ID of the place.
    #[serde(default)]
    pub geonameid: Option<u64>,
    /// Earliest acceptable date, `YYYY-MM-DD`.
    #[serde(default)]
    pub date_from: Option<String>,
    /// Latest acceptable date, `YYYY-MM-DD`.
    #[serde(default)]
    pub date_to: Option<String>,
}

/// A gold event of an article (event gold JSON Lines).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GoldEvent {
    /// Source actor code.
    pub source: String,
    /// Target actor code.
    pub target: String,
    /// CAMEO event code.
    pub code: String,
    /// Date, `YYYY-MM-DD`, when the article says it.
    #[serde(default)]
    pub date: Option<String>,
    /// GeoNames ID of the place, when the article says it.
    #[serde(default)]
    pub geonameid: Option<u64>,
}

/// An article with gold events.
#[derive(Debug, Clone)]
pub struct EventArticle {
    /// The article (every field but `gold_events`).
    pub raw: crate::article::RawArticle,
    /// Its gold events (possibly none: nothing may be coded).
    pub gold: Vec<GoldEvent>,
}

/// Reads event gold JSON Lines: raw-article objects with a `gold_events`
/// array of [`GoldEvent`]s.
///
/// # Errors
/// [`FormatError::Json`] or [`FormatError::Malformed`] naming the line.
pub fn read_event_articles(text: &str) -> Result<Vec<EventArticle>, FormatError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let mut v: serde_json::Value = serde_json::from_str(line)?;
        let gold = v
            .as_object_mut()
            .and_then(|o| o.remove("gold_events"))
            .ok_or_else(|| FormatError::Malformed {
                what: "no gold_events array".into(),
                record: i,
            })?;
        out.push(EventArticle {
            raw: serde_json::from_value(v)?,
            gold: serde_json::from_value(gold)?,
        });
    }
    Ok(out)
}

/// An expected actor of the sample.
#[derive(Debug, Clone, Deserialize)]
pub struct ExpectedActor {
    /// Canonical name.
    pub name: String,
    /// How the actor is written in the text.
    pub surface_forms: Vec<String>,
    /// Full code when it is not country + role (e.g. `IGOUNO`).
    #[serde(default)]
    pub code: Option<String>,
    /// ISO 3166-1 alpha-3.
    #[serde(default)]
    pub country: Option<String>,
    /// CAMEO role (`GOV`, `MIL` …).
    #[serde(default)]
    pub role: Option<String>,
}

impl ExpectedActor {
    /// The code we should give: `code`, else `country` + `role` when both
    /// are known.
    pub fn expected_code(&self) -> Option<String> {
        self.code
            .clone()
            .or_else(|| match (&self.country, &self.role) {
                (Some(c), Some(r)) => Some(format!("{c}{r}")),
                _ => None,
            })
    }
}

/// An expected location of the sample.
#[derive(Debug, Clone, Deserialize)]
pub struct ExpectedLocation {
    /// Canonical name.
    pub name: String,
    /// How it is written in the text (possibly with proclitics).
    pub surface_forms: Vec<String>,
    /// GeoNames ID.
    pub geonameid: u64,
}

/// Something the sample must not yield.
#[derive(Debug, Clone, Deserialize)]
pub struct Forbidden {
    /// Description.
    pub what: String,
    /// A place that must not be reported.
    #[serde(default)]
    pub geonameid: Option<u64>,
    /// Names that must not appear in any mention.
    #[serde(default)]
    pub surface_forms: Vec<String>,
}

/// Parses a sample expectation file.
///
/// # Errors
/// [`FormatError::Json`] when the JSON does not have the expected shape.
pub fn read_sample(json: &str) -> Result<SampleExpectation, FormatError> {
    Ok(serde_json::from_str(json)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_corpus_reads_iob2_with_documents_and_sentences() {
        let text = "-DOCSTART- -X- -X- O\n\nAhmed NNP B-NP B-PER\nvisited VBD B-VP O\nNew NNP B-NP B-LOC\nYork NNP I-NP I-LOC\n. . O O\n\nHe PRP B-NP O\nleft VBD B-VP O\n\n-DOCSTART- -X- -X- O\n\nUN NNP B-NP B-ORG\n";
        let docs = read_token_corpus(text, 100);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].tokens.len(), 7);
        assert_eq!(docs[0].sentence_ends, vec![5, 7]);
        assert_eq!(
            docs[0].entities,
            vec![
                TokenEntity {
                    class: "PER".into(),
                    start: 0,
                    end: 1
                },
                TokenEntity {
                    class: "LOC".into(),
                    start: 2,
                    end: 4
                },
            ]
        );
        let (text, offs) = docs[0].text_with_offsets();
        assert_eq!(text, "Ahmed visited New York .\nHe left");
        assert_eq!(offs[3], (18, 22));
        assert_eq!(docs[1].entities[0].class, "ORG");
    }

    #[test]
    fn token_corpus_handles_newsfane_bom_marks_crlf_and_iob1() {
        // BOM, U+200E before tokens, CRLF, a tab-only sentence break; an
        // I- tag after O opens an entity (IOB1), a different class closes.
        let text = "\u{feff}\u{200e}زار\tO\r\n\u{200e}محمد\tI-Politician\r\n\u{200e}علي\tI-Politician\r\n\u{200e}مصر\tB-Nation\r\n\t\r\n\u{200e}في\tO\r\n";
        let docs = read_token_corpus(text, 100);
        assert_eq!(docs.len(), 1);
        let d = &docs[0];
        assert_eq!(d.tokens[0], "زار");
        assert_eq!(d.sentence_ends, vec![4, 5]);
        assert_eq!(
            d.entities,
            vec![
                TokenEntity {
                    class: "Politician".into(),
                    start: 1,
                    end: 3
                },
                TokenEntity {
                    class: "Nation".into(),
                    start: 3,
                    end: 4
                },
            ]
        );
        let (text, offs) = d.text_with_offsets();
        assert_eq!(text, "زار محمد علي مصر\nفي");
        // Scalar-value offsets, not bytes.
        assert_eq!(offs[1], (4, 8));
        assert_eq!(offs[4], (17, 19));
    }

    #[test]
    fn token_corpus_without_docstart_is_cut_every_n_sentences() {
        let text = "a O\n\nb B-LOC\n\nc O\n\nd O\n\ne O\n";
        let docs = read_token_corpus(text, 2);
        assert_eq!(
            docs.iter().map(|d| d.tokens.len()).collect::<Vec<_>>(),
            vec![2, 2, 1]
        );
        assert_eq!(docs[0].entities[0].start, 1);
    }

    #[test]
    fn lgl_reader_keeps_unresolved_toponyms_without_reference() {
        let xml = r#"<?xml version="1.0"?><articles><article docid="7"><title>t</title>
<text><![CDATA[Floods in Tripoli and Smallville.]]></text><toponyms>
<toponym><start>10</start><end>17</end><phrase>Tripoli</phrase>
<gaztag geonameid="2210247"><name>Tripoli</name><lat>32.88</lat><lon>13.18</lon>
<country geonameid="2215636">Libya</country></gaztag></toponym>
<toponym><start>22</start><end>32</end><phrase>Smallville</phrase></toponym>
</toponyms></article></articles>"#;
        let docs = read_lgl(xml).unwrap();
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].id, "7");
        let t = &docs[0].toponyms;
        assert_eq!(t[0].geonameid, Some(2210247));
        assert_eq!(t[0].coords, Some((32.88, 13.18)));
        assert_eq!(t[0].country_geonameid, Some(2215636));
        assert_eq!(t[1].geonameid, None);
        assert_eq!(t[1].name, "Smallville");
    }

    #[test]
    fn geowebnews_reader_keeps_locational_toponyms_with_a_referent() {
        let xml = r#"<articles><article file="3"><title>x</title><link>u</link>
<text>People in Aleppo and Syrians said.</text><toponyms>
<toponym><extractedName>Aleppo</extractedName><type>Literal</type><nonLocational>No</nonLocational>
<start>10</start><end>16</end><geonamesID>170063</geonamesID><latitude>36.2</latitude><longitude>37.16</longitude></toponym>
<toponym><extractedName>Syrians</extractedName><type>Demonym</type><nonLocational>Yes</nonLocational>
<start>21</start><end>28</end></toponym>
<toponym><extractedName>People</extractedName><type>Literal_Expression</type><nonLocational>No</nonLocational>
<start>0</start><end>6</end></toponym>
</toponyms></article></articles>"#;
        let docs = read_geowebnews(xml).unwrap();
        assert_eq!(docs[0].toponyms.len(), 1);
        assert_eq!(docs[0].toponyms[0].geonameid, Some(170063));
        assert_eq!(docs[0].toponyms[0].start, 10);
    }

    #[test]
    fn geowebnews_reader_keeps_how_a_toponym_is_written() {
        let xml = r#"<articles><article file="4"><title>x</title><link>u</link>
<text>A Russian bank, the Louisiana State University and Moscow.</text><toponyms>
<toponym><extractedName>Russian</extractedName><type>Non_Literal_Modifier</type><modifierType>Adjective</modifierType>
<nonLocational>No</nonLocational><start>2</start><end>9</end><geonamesID>2017370</geonamesID></toponym>
<toponym><extractedName>Louisiana</extractedName><type>Embedded_Literal</type><modifierType>Noun</modifierType>
<nonLocational>No</nonLocational><start>20</start><end>29</end><geonamesID>4331987</geonamesID></toponym>
<toponym><extractedName>Moscow</extractedName><type>Literal</type><modifierType>Noun</modifierType>
<nonLocational>No</nonLocational><start>51</start><end>57</end><geonamesID>524901</geonamesID></toponym>
</toponyms></article></articles>"#;
        let forms: Vec<ToponymForm> = read_geowebnews(xml).unwrap()[0]
            .toponyms
            .iter()
            .map(|t| t.form)
            .collect();
        assert_eq!(
            forms,
            [
                ToponymForm::Adjective,
                ToponymForm::Embedded,
                ToponymForm::Name
            ]
        );
    }

    #[test]
    fn geovirus_reader_reads_coordinates() {
        let xml = "<articles><article><source>s</source><text>Cases rose in Lagos.</text><locations>\
<location><name>Lagos</name><start>14</start><end>19</end><lat>6.45</lat><lon>3.39</lon><page>p</page></location>\
</locations></article></articles>";
        let docs = read_geovirus(xml).unwrap();
        assert_eq!(docs[0].toponyms[0].coords, Some((6.45, 3.39)));
        assert_eq!(docs[0].toponyms[0].geonameid, None);
    }

    #[test]
    fn realign_moves_shifted_offsets_and_drops_negative_ones() {
        let xml = "<articles><article><text>Cases in Pandi, Bulacan.</text><locations>\
<location><name>Pandi</name><start>10</start><end>15</end><lat>1</lat><lon>2</lon></location>\
<location><name>Bulacan</name><start>16</start><end>23</end><lat>1</lat><lon>2</lon></location>\
<location><name>Luzon</name><start>0</start><end>5</end><lat>1</lat><lon>2</lon></location>\
<location><name>Sudan</name><start>-9</start><end>-4</end><lat>1</lat><lon>2</lon></location>\
</locations></article></articles>";
        let mut docs = read_geovirus(xml).unwrap();
        assert_eq!(docs[0].dropped, 1);
        assert_eq!(docs[0].realign(20), (1, 1));
        // Sorted by offset: Luzon (0..5, nowhere in the text, left as is),
        // Pandi (one late, moved), Bulacan (right already).
        let t = &docs[0].toponyms;
        assert_eq!((t[0].name.as_str(), t[0].start), ("Luzon", 0));
        assert_eq!((t[1].start, t[1].end), (9, 14));
        assert_eq!((t[2].start, t[2].end), (16, 23));
    }

    #[test]
    fn geo_reader_rejects_a_toponym_without_offsets() {
        let xml = "<articles><article><text>x</text><locations><location><name>x</name></location></locations></article></articles>";
        assert!(matches!(
            read_geovirus(xml),
            Err(FormatError::Malformed { .. })
        ));
    }

    #[test]
    fn event_articles_carry_their_gold() {
        let text = "{\"id\":\"a\",\"body\":\"التقى السيسي حفتر\",\"gold_events\":[{\"source\":\"EGYGOV\",\"target\":\"LBYMIL\",\"code\":\"040\",\"geonameid\":360630}]}\n\n{\"id\":\"b\",\"body\":\"x\",\"gold_events\":[]}\n";
        let a = read_event_articles(text).unwrap();
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].gold[0].code, "040");
        assert_eq!(a[0].gold[0].date, None);
        assert_eq!(a[0].raw.body, "التقى السيسي حفتر");
        assert!(a[1].gold.is_empty());
        assert!(read_event_articles("{\"id\":\"a\",\"body\":\"x\"}").is_err());
    }

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

    #[test]
    fn sample_expectation_composes_codes() {
        let json = r#"{"document":"a.txt","actors_required":[
            {"name":"X","surface_forms":["س"],"country":"EGY","role":"GOV"},
            {"name":"Y","surface_forms":["ص"],"code":"IGOUNO"},
            {"name":"Z","surface_forms":["ع"],"country":"LBY"}],
            "locations_required":[{"name":"Cairo","surface_forms":["القاهرة"],"geonameid":360630}],
            "must_not_report":[{"what":"w","geonameid":1}]}"#;
        let s = read_sample(json).unwrap();
        let codes: Vec<_> = s
            .actors_required
            .iter()
            .map(|a| a.expected_code())
            .collect();
        assert_eq!(
            codes,
            vec![Some("EGYGOV".into()), Some("IGOUNO".into()), None]
        );
        assert_eq!(s.locations_required[0].geonameid, 360630);
        assert_eq!(s.must_not_report[0].geonameid, Some(1));
    }
}
