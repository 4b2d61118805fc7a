//! [`GazetteerId`]: which source a place comes from and its identifier
//! there, the `gazetteer_id` of the output.
//!
//! GeoNames stays the identity: a place GeoNames knows (our GeoNames table,
//! a user's dump, or a Who's On First record with a GeoNames concordance)
//! is `gn:<GeoNames ID>`; a Who's On First place without one is
//! `wof:<WOF ID>`; a Natural Earth landmark (which has no numeric ID in the
//! release we read) is `ne:<kind>/<slug>`. See `data/gazetteer/wof/SOURCE.md`.

use std::fmt;

/// The identity of a place, by source.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GazetteerId {
    /// GeoNames ID (`gn:2210247`).
    GeoNames(u64),
    /// Who's On First ID of a place without a GeoNames concordance
    /// (`wof:890449847`).
    Wof(u64),
    /// Natural Earth feature: `<kind>/<slug>` (`ne:river/euphrates`).
    NaturalEarth(Box<str>),
}

impl GazetteerId {
    /// Parses `gn:<u64>`, `wof:<u64>` or `ne:<kind>/<slug>`; `None` for
    /// anything else (no prefix, an empty or non-numeric number).
    pub fn parse(s: &str) -> Option<Self> {
        let (prefix, rest) = s.split_once(':')?;
        match prefix {
            "gn" => rest.parse().ok().filter(|&n| n > 0).map(Self::GeoNames),
            "wof" => rest.parse().ok().filter(|&n| n > 0).map(Self::Wof),
            "ne" if rest.contains('/') && !rest.starts_with('/') && !rest.ends_with('/') => {
                Some(Self::NaturalEarth(rest.into()))
            }
            _ => None,
        }
    }

    /// The GeoNames ID, for `gn:` identities only.
    pub fn geonames(&self) -> Option<u64> {
        match self {
            Self::GeoNames(id) => Some(*id),
            _ => None,
        }
    }
}

impl fmt::Display for GazetteerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::GeoNames(id) => write!(f, "gn:{id}"),
            Self::Wof(id) => write!(f, "wof:{id}"),
            Self::NaturalEarth(slug) => write!(f, "ne:{slug}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_the_three_sources() {
        for s in ["gn:2210247", "wof:890449847", "ne:river/euphrates"] {
            assert_eq!(GazetteerId::parse(s).unwrap().to_string(), s);
        }
        assert_eq!(
            GazetteerId::parse("gn:2210247").unwrap().geonames(),
            Some(2210247)
        );
        assert_eq!(GazetteerId::parse("wof:85678373").unwrap().geonames(), None);
        for bad in [
            "2210247", "gn:", "gn:x", "gn:0", "wof:-1", "ne:river", "osm:1",
        ] {
            assert_eq!(GazetteerId::parse(bad), None, "{bad}");
        }
    }
}
