//! The embedded default gazetteer's tables (`data/gazetteer/`), compiled
//! into the binary, and their fingerprint for the prebuilt snapshot.

/// Embedded default `geoname` table (19 columns, gzip).
pub(super) const DEFAULT_PLACES_GZ: &[u8] =
    include_bytes!("../../../../data/gazetteer/places.txt.gz");
/// Embedded default alternate names (alternateNamesV2 columns, gzip).
pub(super) const DEFAULT_ALTERNATE_NAMES_GZ: &[u8] =
    include_bytes!("../../../../data/gazetteer/alternate_names.txt.gz");
/// Embedded GeoNames `countryInfo.txt` subset.
pub(super) const DEFAULT_COUNTRY_INFO: &str =
    include_str!("../../../../data/gazetteer/countryInfo.txt");
/// Embedded GeoNames `admin1CodesASCII.txt` subset.
pub(super) const DEFAULT_ADMIN1: &str =
    include_str!("../../../../data/gazetteer/admin1CodesASCII.txt");
/// Short forms and variants written by us (`ref lang name`; `ref` a GeoNames
/// ID, an ISO alpha-2 code or an admin1 key `CC.code`), merged into every gazetteer.
pub(super) const CURATED_NAMES: &str = include_str!("../../../../data/gazetteer/curated_names.tsv");
/// Regions, water bodies and landforms that news names (the Red Sea, the
/// Levant, the Sahara), as GeoNames `geoname` rows (19 columns, `#`
/// comments). Facts: GeoNames (CC BY 4.0), copied from its `no-country.txt`
/// dump extract (source and commit in `data/gazetteer/SOURCE.md`); the
/// selection is ours. These are the only features of classes `H`, `T` and
/// `L` (continents aside) a gazetteer keeps, from any source.
pub(super) const REGIONS: &str = include_str!("../../../../data/gazetteer/regions.txt");
/// Names of [`REGIONS`] as news writes them (`ref lang name`, `ref` a
/// GeoNames ID), written by us; merged into a user's own GeoNames files (the
/// embedded default carries them in its alternate names already).
pub(super) const REGION_NAMES: &str = include_str!("../../../../data/gazetteer/region_names.tsv");
/// `VERSION` of the embedded default gazetteer.
pub const DEFAULT_VERSION: &str = include_str!("../../../../data/gazetteer/VERSION");
/// Who's On First tier 1 places (`data/gazetteer/wof/`, see its SOURCE.md).
pub(super) const WOF_PLACES_GZ: &[u8] =
    include_bytes!("../../../../data/gazetteer/wof/places.tsv.gz");
/// Names of [`WOF_PLACES_GZ`].
pub(super) const WOF_NAMES_GZ: &[u8] =
    include_bytes!("../../../../data/gazetteer/wof/names.tsv.gz");
/// `VERSION` of the Who's On First tables.
pub const WOF_VERSION: &str = include_str!("../../../../data/gazetteer/wof/VERSION");
/// Natural Earth landmarks (`data/gazetteer/landmarks/`, see its SOURCE.md).
pub(super) const LANDMARK_PLACES: &str =
    include_str!("../../../../data/gazetteer/landmarks/places.tsv");
/// Names of [`LANDMARK_PLACES`].
pub(super) const LANDMARK_NAMES: &str =
    include_str!("../../../../data/gazetteer/landmarks/names.tsv");
/// Landmark names as news writes them, written by us.
pub(super) const LANDMARK_CURATED: &str =
    include_str!("../../../../data/gazetteer/landmarks/curated_names.tsv");
/// `VERSION` of the landmarks tables.
pub const LANDMARKS_VERSION: &str = include_str!("../../../../data/gazetteer/landmarks/VERSION");

/// The embedded tables, for the snapshot's fingerprint.
pub(super) struct EmbeddedSources {
    /// `VERSION` files.
    pub(super) versions: [&'static str; 3],
    /// Gzip tables (fingerprinted by length).
    pub(super) gzips: [&'static [u8]; 4],
    /// Text tables (fingerprinted by hash).
    pub(super) texts: [&'static str; 8],
}

pub(super) fn embedded_sources() -> EmbeddedSources {
    EmbeddedSources {
        versions: [DEFAULT_VERSION, WOF_VERSION, LANDMARKS_VERSION],
        gzips: [
            DEFAULT_PLACES_GZ,
            DEFAULT_ALTERNATE_NAMES_GZ,
            WOF_PLACES_GZ,
            WOF_NAMES_GZ,
        ],
        texts: [
            DEFAULT_COUNTRY_INFO,
            DEFAULT_ADMIN1,
            CURATED_NAMES,
            REGIONS,
            REGION_NAMES,
            LANDMARK_PLACES,
            LANDMARK_NAMES,
            LANDMARK_CURATED,
        ],
    }
}
