//! Geoparsing XML: LGL, GeoWebNews and GeoVirus articles with their toponyms.

use super::FormatError;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
