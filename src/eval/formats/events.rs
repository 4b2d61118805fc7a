//! Event gold in JSON Lines: one article per line with its `gold_events`.

use serde::Deserialize;

use super::FormatError;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
