//! Distances on the Earth and the nearest open places to a point.

use super::{Place, PlaceKind, PlaceStatus};

/// Mean Earth radius in metres (IUGG).
const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Great-circle distance in metres between two WGS84 points (haversine).
pub fn distance_m(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * a.sqrt().min(1.0).asin()
}

/// Places further than this are not "near" (Goris to Yerevan is about 175 km).
pub const MAX_NEAR_M: f64 = 250_000.0;

/// Whether a point is a valid WGS84 coordinate (0, 0 — "null island" — is what broken GPS sends).
pub fn is_valid(lat: f64, lon: f64) -> bool {
    lat.is_finite()
        && lon.is_finite()
        && (-90.0..=90.0).contains(&lat)
        && (-180.0..=180.0).contains(&lon)
        && !(lat == 0.0 && lon == 0.0)
}

/// Open places (of `kinds`, or any kind when empty), nearest first, at most `limit`.
pub fn nearest<'a>(
    places: &'a [Place],
    lat: f64,
    lon: f64,
    kinds: &[PlaceKind],
    limit: usize,
) -> Vec<(&'a Place, f64)> {
    let mut found: Vec<(&Place, f64)> = places
        .iter()
        .filter(|p| p.status == PlaceStatus::Open)
        .filter(|p| kinds.is_empty() || p.kinds.iter().any(|k| kinds.contains(k)))
        .map(|p| (p, distance_m(lat, lon, p.lat, p.lon)))
        .filter(|(_, d)| *d <= MAX_NEAR_M)
        .collect();
    found.sort_by(|a, b| a.1.total_cmp(&b.1));
    found.truncate(limit);
    found
}

/// For each of `kinds` in turn not yet offered by a place already found, the nearest open place
/// offering it, nearest first: what someone who just arrived needs first — a bed, a doctor, food.
pub fn nearest_per_kind<'a>(places: &'a [Place], lat: f64, lon: f64, kinds: &[PlaceKind]) -> Vec<(&'a Place, f64)> {
    let mut found: Vec<(&Place, f64)> = Vec::new();
    for kind in kinds {
        if found.iter().any(|(p, _)| p.kinds.contains(kind)) {
            continue;
        }
        found.extend(nearest(places, lat, lon, &[*kind], 1));
    }
    found.sort_by(|a, b| a.1.total_cmp(&b.1));
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::{Hours, Localized};

    fn place(id: &str, kinds: &[PlaceKind], status: PlaceStatus, lat: f64) -> Place {
        Place {
            id: id.into(),
            kinds: kinds.to_vec(),
            lat,
            lon: 46.0,
            status,
            capacity: None,
            hours: Hours::Always,
            phone: None,
            phone_example: true,
            name: Localized::default(),
            address: Localized::default(),
            services: Localized::default(),
        }
    }

    #[test]
    fn one_open_place_per_kind_nearest_first() {
        use PlaceKind::*;
        let places = [
            place("full-shelter", &[Shelter], PlaceStatus::Full, 39.500),
            place("far-shelter", &[Shelter], PlaceStatus::Open, 39.530),
            place("clinic", &[Medical], PlaceStatus::Open, 39.510),
            place("closed-food", &[Food], PlaceStatus::Closed, 39.501),
            place("church", &[Food, Shelter], PlaceStatus::Open, 39.520),
        ];
        let found = nearest_per_kind(&places, 39.5, 46.0, &[Shelter, Medical, Food]);
        let ids: Vec<&str> = found.iter().map(|(p, _)| p.id.as_str()).collect();
        // The church is the nearest open shelter and food point, listed once; full and closed skipped.
        assert_eq!(ids, ["clinic", "church"]);
        assert!(found[0].1 < found[1].1);
    }

    #[test]
    fn goris_to_yerevan_is_about_200_km() {
        let d = distance_m(39.5075, 46.3380, 40.1792, 44.4991);
        assert!((170_000.0..185_000.0).contains(&d), "{d}");
        assert_eq!(distance_m(39.5, 46.3, 39.5, 46.3), 0.0);
    }

    #[test]
    fn validity() {
        assert!(is_valid(39.5, 46.3));
        assert!(!is_valid(91.0, 0.0));
        assert!(!is_valid(f64::NAN, 0.0));
        assert!(!is_valid(0.0, 0.0));
    }
}
