//! Great-circle distance between two places: the one function the stage
//! (rule `named_neighbours_are_context`, [`super::nearby`]) and the
//! evaluation (accuracy at 161 km, `crate::eval::metrics`) share.

/// Mean Earth radius in km (IUGG), as used for haversine distances in the
/// geoparsing literature.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Great-circle distance in km between two WGS84 points `(lat, lon)` given
/// in decimal degrees (haversine formula, spherical Earth of
/// [`EARTH_RADIUS_KM`]).
pub fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lon1) = (a.0.to_radians(), a.1.to_radians());
    let (lat2, lon2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((lat2 - lat1) / 2.0).sin().powi(2)
        + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn haversine_matches_known_distances() {
        // Cairo–Alexandria is about 180 km; one degree of latitude ~111.2 km.
        let d = haversine_km((30.0626, 31.2497), (31.2001, 29.9187));
        assert!((d - 179.0).abs() < 3.0, "{d}");
        let one = haversine_km((0.0, 0.0), (1.0, 0.0));
        assert!((one - 111.19).abs() < 0.05, "{one}");
        assert_eq!(haversine_km((10.0, 20.0), (10.0, 20.0)), 0.0);
        // Antipodes: half the circumference.
        let half = haversine_km((0.0, 0.0), (0.0, 180.0));
        assert!((half - std::f64::consts::PI * EARTH_RADIUS_KM).abs() < 1e-6);
    }
}
