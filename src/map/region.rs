//! A region's map from the world file: a Lambert azimuthal equal-area projection centred on
//! the countries shown, the frame fitted to them with a margin, and every country in and
//! around the frame, projected, simplified to what the panel shows at 300 dpi and clipped, as
//! a [`Geometry`] in points from the frame's top-left corner.
//!
//! Equal-area, so that shaded countries compare by their true size; azimuthal and centred on
//! the region, so that distortion grows only with the distance from its middle and is alike in
//! every direction, whatever the region's shape: a long north–south extent (Colombia to
//! Chile) or a wide one, near the poles or across the antimeridian (Fiji), where a conic or a
//! cylindrical projection would need its parallels or its seam chosen region by region.

use std::sync::{Arc, Mutex, OnceLock};

use geo::{BooleanOps, Coord, LineString, MultiPolygon, Polygon, Rect, Simplify};
use proj4rs::Proj;

use crate::map::world::{self, Country, Polygons};
use crate::map::{Feature, Geometry};

/// The frame's margin around the countries shown, as a share of its larger side.
const MARGIN: f64 = 0.08;
/// The frame's height against its width: at most this tall, and at least this low; the frame
/// grows sideways or up and down to stay within. Each country beyond six, which adds a row to
/// the table under the map, makes the tallest frame lower by [`TALLEST_PER_COUNTRY`].
const TALLEST: f64 = 1.0;
const TALLEST_PER_COUNTRY: f64 = 0.05;
const LOWEST: f64 = 0.6;
/// How much map is drawn above and below the frame, as a share of the width, for a panel
/// that gives the map more height than the frame takes.
pub const BLEED: f64 = 0.6;
/// Islands and exclaves farther than this from the rest of a country (the Canaries from
/// Spain, French Guiana from France) are drawn, but the frame is not stretched to show them.
const NEAR_KM: f64 = 700.0;
/// Detail finer than this many points is dropped: a pixel at 300 dpi is 0.24 pt.
const TOLERANCE_PT: f64 = 0.25;
const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Why the world file cannot draw a region.
#[derive(Debug, Clone, PartialEq)]
pub enum RegionError {
    /// The countries at these indices of the list have no shape in the world file.
    NoShape(Vec<usize>),
}

/// A map drawn once in a process, or being drawn: the slot a first caller fills while any
/// other that asks for the same map waits.
type Slot = Arc<OnceLock<Result<Arc<Geometry>, RegionError>>>;

/// How many different maps a process keeps: a run's months and languages share their
/// countries, so one is the rule and a few the exception.
const KEPT: usize = 8;

/// [`geometry`], drawn once per process for the same countries, boundaries and width: the
/// months of a workbook and the languages of a run share one map, which is a tenth of a
/// render's work (two languages of the sample: 578 M instructions, 63 M of them the two maps).
pub fn shared(codes: &[String], dashed: &[[String; 2]], width: f64) -> Result<Arc<Geometry>, RegionError> {
    /// The countries, the dashed boundaries and the width's bits a geometry was drawn for.
    type Key = (Vec<String>, Vec<[String; 2]>, u64);
    static DRAWN: Mutex<Vec<(Key, Slot)>> = Mutex::new(Vec::new());
    let key = (codes.to_vec(), dashed.to_vec(), width.to_bits());
    let slot = {
        let mut drawn = DRAWN.lock().unwrap_or_else(|e| e.into_inner());
        match drawn.iter().find(|(k, _)| *k == key) {
            Some((_, slot)) => Arc::clone(slot),
            None => {
                if drawn.len() >= KEPT {
                    drawn.remove(0);
                }
                let slot = Slot::default();
                drawn.push((key, Arc::clone(&slot)));
                slot
            }
        }
    };
    slot.get_or_init(|| geometry(codes, dashed, width).map(Arc::new)).clone()
}

/// The map of the countries `codes` (ISO 3166-1 alpha-3, `XKX` for Kosovo), `width` points
/// wide, with the boundaries between the pairs of `dashed` drawn dashed.
pub fn geometry(codes: &[String], dashed: &[[String; 2]], width: f64) -> Result<Geometry, RegionError> {
    let world = world::world();
    let missing: Vec<usize> =
        codes.iter().enumerate().filter(|(_, c)| world.country(c).is_none()).map(|(i, _)| i).collect();
    if !missing.is_empty() {
        return Err(RegionError::NoShape(missing));
    }
    let shown: Vec<(&Country, Polygons)> =
        codes.iter().filter_map(|c| world.country(c)).map(|c| (c, world.polygons(c))).collect();

    // The centre: the mean direction, on the sphere, of the shown countries' main parts.
    let core: Vec<&Vec<Vec<[f64; 2]>>> = shown.iter().flat_map(|(_, polygons)| main_parts(polygons)).collect();
    let mut sum = [0.0f64; 3];
    for polygon in &core {
        for &[lon, lat] in &polygon[0] {
            let (lon, lat) = (lon.to_radians(), lat.to_radians());
            sum[0] += lat.cos() * lon.cos();
            sum[1] += lat.cos() * lon.sin();
            sum[2] += lat.sin();
        }
    }
    let centre = [sum[1].atan2(sum[0]).to_degrees(), sum[2].atan2(sum[0].hypot(sum[1])).to_degrees()];
    let projection = Projection::centred(centre);

    // The frame: the main parts' extent with a margin, kept within the panel's proportions.
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for polygon in &core {
        for p in projection.ring(&polygon[0]) {
            (x0, y0, x1, y1) = (x0.min(p[0]), y0.min(p[1]), x1.max(p[0]), y1.max(p[1]));
        }
    }
    let margin = MARGIN * (x1 - x0).max(y1 - y0).max(50_000.0);
    (x0, y0, x1, y1) = (x0 - margin, y0 - margin, x1 + margin, y1 + margin);
    let (w, h) = (x1 - x0, y1 - y0);
    let tallest = TALLEST - TALLEST_PER_COUNTRY * codes.len().saturating_sub(6) as f64;
    if h > w * tallest {
        let grow = (h / tallest - w) / 2.0;
        (x0, x1) = (x0 - grow, x1 + grow);
    } else if h < w * LOWEST {
        let grow = (w * LOWEST - h) / 2.0;
        (y0, y1) = (y0 - grow, y1 + grow);
    }
    let scale = width / (x1 - x0);
    let height = (y1 - y0) * scale;
    let bleed = BLEED * width;
    let bleed_m = bleed / scale;
    let (wy0, wy1) = (y0 - bleed_m, y1 + bleed_m);
    let window = Rect::new(Coord { x: x0, y: wy0 }, Coord { x: x1, y: wy1 }).to_polygon();
    let reach = (x1 - x0).hypot(y1 - y0 + 2.0 * bleed_m) / 2.0 / EARTH_RADIUS_M;
    let to_points = |p: Coord<f64>| [round2((p.x - x0) * scale), round2((y1 - p.y) * scale)];

    // Every country near enough, and its parts near the frame: decoded and culled, then
    // projected, thinned to the panel's detail and clipped to the window, part by part. (Not
    // on rayon's pool: Typst lays out on it, and a compilation there waiting for this month's
    // data would leave no thread to compute it.)
    let mut candidates: Vec<(usize, &Country, Part)> = Vec::new();
    for (index, country) in world.countries.iter().enumerate() {
        let near = shown.iter().find(|(c, _)| c.code == country.code).map(|(_, p)| p.clone());
        let polygons = match near {
            Some(p) => p,
            None if angular_distance(centre, bbox_centre(country.bbox)) < reach + bbox_radius(country.bbox) => {
                world.polygons(country)
            }
            None => continue,
        };
        for polygon in polygons {
            if angular_distance(centre, ring_centre(&polygon[0])) < reach + ring_radius(&polygon[0]) {
                candidates.push((index, country, polygon));
            }
        }
    }
    let tolerance = TOLERANCE_PT / scale;
    let frame = [x0, wy0, x1, wy1];
    let parts: Vec<(usize, PointRings, Part)> = {
        candidates
            .iter()
            .filter_map(|(index, country, polygon)| {
                let is_dashed = dashed.iter().flatten().any(|c| *c == country.code);
                let (rings, raw) = part(&projection, polygon, frame, &window, tolerance, is_dashed, &to_points)?;
                Some((*index, rings, raw))
            })
            .collect()
    };
    let mut features: Vec<Feature> = Vec::new();
    let mut raw: Vec<(String, Vec<Vec<[f64; 2]>>)> = Vec::new();
    for (index, rings, raw_rings) in parts {
        let country = &world.countries[index];
        match features.last_mut() {
            Some(last) if last.code == country.code => last.rings.extend(rings),
            _ => features.push(Feature { code: country.code.clone(), name: country.name.clone(), rings }),
        }
        if !raw_rings.is_empty() {
            match raw.last_mut() {
                Some(last) if last.0 == country.code => last.1.extend(raw_rings),
                _ => raw.push((country.code.clone(), raw_rings)),
            }
        }
    }
    features.retain(|f| !f.rings.is_empty());

    // Dashed boundaries, found on the unsimplified shapes, whose common borders are the same
    // points in both, then simplified as lines.
    let dashed_lines = dashed
        .iter()
        .filter_map(|[a, b]| {
            let find = |code: &str| raw.iter().find(|(c, _)| c == code);
            let (a, b) = (find(a)?, find(b)?);
            let flat = |rings: &Vec<Vec<[f64; 2]>>| rings.iter().map(|r| r.iter().flat_map(|p| *p).collect()).collect();
            let lines = crate::map::shared_lines(
                &Feature { code: a.0.clone(), name: String::new(), rings: flat(&a.1) },
                &Feature { code: b.0.clone(), name: String::new(), rings: flat(&b.1) },
            );
            Some(lines)
        })
        .flatten()
        .map(|line| {
            let line = LineString::from(line.into_iter().map(|[x, y]| Coord { x, y }).collect::<Vec<_>>())
                .simplify(TOLERANCE_PT / scale);
            line.coords().map(|&c| to_points(c)).collect()
        })
        .collect();

    Ok(Geometry { source: world::SOURCE.to_owned(), width, height, features, dashed: Vec::new(), dashed_lines, bleed })
}

/// A country's main parts: its largest polygon, and those within [`NEAR_KM`] of a main part,
/// so that an archipelago (Indonesia, the Philippines) is whole while a far island or exclave
/// is not.
fn main_parts(polygons: &Polygons) -> Vec<&Vec<Vec<[f64; 2]>>> {
    let area = |ring: &[[f64; 2]]| {
        let lat = ring.first().map_or(0.0, |p| p[1]).to_radians().cos();
        ring.windows(2).map(|w| (w[0][0] * w[1][1] - w[1][0] * w[0][1]) * lat).sum::<f64>().abs() / 2.0
    };
    let Some(largest) = (0..polygons.len()).max_by(|&a, &b| area(&polygons[a][0]).total_cmp(&area(&polygons[b][0])))
    else {
        return Vec::new();
    };
    // Two parts are near when the gap between their bounding boxes is, in kilometres along
    // the meridians and the parallels.
    let boxes: Vec<[f64; 4]> = polygons.iter().map(|p| ring_bbox(&p[0])).collect();
    let km_per_degree = EARTH_RADIUS_M / 1000.0 * std::f64::consts::PI / 180.0;
    let near = |a: usize, b: usize| {
        let (p, q) = (boxes[a], boxes[b]);
        let lat_gap = (q[1] - p[3]).max(p[1] - q[3]).max(0.0);
        let cos = ((p[1] + p[3]) / 2.0).to_radians().cos().max(0.1);
        let lon_gap = (q[0] - p[2]).max(p[0] - q[2]).max(0.0) * cos;
        lat_gap.hypot(lon_gap) * km_per_degree < NEAR_KM
    };
    let mut main = vec![false; polygons.len()];
    main[largest] = true;
    let mut frontier = vec![largest];
    while let Some(part) = frontier.pop() {
        let joined: Vec<usize> = (0..polygons.len()).filter(|&other| !main[other] && near(part, other)).collect();
        for other in joined {
            main[other] = true;
            frontier.push(other);
        }
    }
    polygons.iter().zip(main).filter(|(_, m)| *m).map(|(p, _)| p).collect()
}

/// A polygon's rings as pairs, outer ring first.
type Part = Vec<Vec<[f64; 2]>>;
/// Rings as flat lists x0, y0, x1, y1, … in points.
type PointRings = Vec<Vec<f64>>;

/// The projection centred on a point, from longitude and latitude in degrees to metres.
struct Projection {
    from: Proj,
    to: Proj,
}

impl Projection {
    fn centred([lon, lat]: [f64; 2]) -> Projection {
        // Both strings are ours and valid; proj4rs parses them.
        let from = Proj::from_proj_string("+proj=longlat +R=6371008.8 +no_defs").expect("a valid projection");
        let to = Proj::from_proj_string(&format!(
            "+proj=laea +lat_0={lat:.6} +lon_0={lon:.6} +R=6371008.8 +units=m +no_defs"
        ))
        .expect("a valid projection");
        Projection { from, to }
    }

    /// A ring in metres; a point the projection cannot reach (the far side) is left out.
    fn ring(&self, ring: &[[f64; 2]]) -> Vec<[f64; 2]> {
        ring.iter()
            .filter_map(|&[lon, lat]| {
                let mut p = (lon.to_radians(), lat.to_radians(), 0.0);
                proj4rs::transform::transform(&self.from, &self.to, &mut p).ok()?;
                (p.0.is_finite() && p.1.is_finite()).then_some([p.0, p.1])
            })
            .collect()
    }
}

/// One part of a country in points: projected, thinned, simplified, and clipped to the window
/// `[x0, y0, x1, y1]` when it crosses its edge; `None` when it lies wholly outside. With it,
/// for a country whose boundary is dashed, its projected rings as they were.
fn part(
    projection: &Projection,
    polygon: &[Vec<[f64; 2]>],
    [x0, y0, x1, y1]: [f64; 4],
    window: &Polygon<f64>,
    tolerance: f64,
    is_dashed: bool,
    to_points: &impl Fn(Coord<f64>) -> [f64; 2],
) -> Option<(PointRings, Part)> {
    let projected: Vec<Vec<[f64; 2]>> = polygon.iter().map(|ring| projection.ring(ring)).collect();
    let [bx0, by0, bx1, by1] = ring_bbox(projected.first()?);
    if bx1 < x0 || bx0 > x1 || by1 < y0 || by0 > y1 {
        return None;
    }
    let mut rings = projected.iter().map(|ring| {
        LineString::from(thin(ring, tolerance).into_iter().map(|[x, y]| Coord { x, y }).collect::<Vec<_>>())
    });
    let outer = rings.next()?;
    let simplified = Polygon::new(outer, rings.collect()).simplify(tolerance);
    let inside = bx0 >= x0 && bx1 <= x1 && by0 >= y0 && by1 <= y1;
    let clipped = if inside { MultiPolygon::new(vec![simplified]) } else { simplified.intersection(window) };
    let rings = clipped
        .iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .filter(|r| r.0.len() >= 4)
        .map(|r| r.coords().flat_map(|&c| to_points(c)).collect::<Vec<f64>>())
        .collect();
    Some((rings, if is_dashed { projected } else { Vec::new() }))
}

/// A ring without the points nearer than `tolerance` to the point kept before them: a pass
/// in linear time that leaves the Ramer–Douglas–Peucker simplification (geo's) far fewer
/// points to weigh. The first and last points are kept, so the ring stays closed.
fn thin(ring: &[[f64; 2]], tolerance: f64) -> Vec<[f64; 2]> {
    let mut out: Vec<[f64; 2]> = Vec::with_capacity(ring.len());
    for (i, &p) in ring.iter().enumerate() {
        match out.last() {
            Some(&q) if i + 1 < ring.len() && (p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2) < tolerance * tolerance => {
            }
            _ => out.push(p),
        }
    }
    out
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// The angle between two points given as longitude and latitude in degrees, in radians.
fn angular_distance(a: [f64; 2], b: [f64; 2]) -> f64 {
    let (la, lb) = (a[1].to_radians(), b[1].to_radians());
    let dlat = lb - la;
    let dlon = (b[0] - a[0]).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + la.cos() * lb.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * h.sqrt().min(1.0).asin()
}

fn bbox_centre([west, south, east, north]: [f64; 4]) -> [f64; 2] {
    [(west + east) / 2.0, (south + north) / 2.0]
}

/// The angle from a box's centre to its farthest corner.
fn bbox_radius(bbox: [f64; 4]) -> f64 {
    let c = bbox_centre(bbox);
    [[bbox[0], bbox[1]], [bbox[0], bbox[3]], [bbox[2], bbox[1]], [bbox[2], bbox[3]]]
        .iter()
        .map(|&p| angular_distance(c, p))
        .fold(0.0, f64::max)
}

fn ring_bbox(ring: &[[f64; 2]]) -> [f64; 4] {
    ring.iter().fold([f64::MAX, f64::MAX, f64::MIN, f64::MIN], |b, p| {
        [b[0].min(p[0]), b[1].min(p[1]), b[2].max(p[0]), b[3].max(p[1])]
    })
}

fn ring_centre(ring: &[[f64; 2]]) -> [f64; 2] {
    bbox_centre(ring_bbox(ring))
}

fn ring_radius(ring: &[[f64; 2]]) -> f64 {
    bbox_radius(ring_bbox(ring))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(list: &[&str]) -> Vec<String> {
        list.iter().map(|c| (*c).to_owned()).collect()
    }

    fn main_extent(code: &str) -> [f64; 4] {
        let w = world::world();
        let polygons = w.polygons(w.country(code).unwrap());
        main_parts(&polygons).iter().map(|p| ring_bbox(&p[0])).fold([f64::MAX, f64::MAX, f64::MIN, f64::MIN], |b, r| {
            [b[0].min(r[0]), b[1].min(r[1]), b[2].max(r[2]), b[3].max(r[3])]
        })
    }

    #[test]
    fn far_islands_do_not_stretch_the_frame_but_an_archipelago_stays_whole() {
        // Spain without the Canaries (west of 13° W, south of 29.5° N).
        let spain = main_extent("ESP");
        assert!(spain[0] > -10.0 && spain[1] > 35.0, "{spain:?}");
        // France without French Guiana.
        assert!(main_extent("FRA")[1] > 40.0);
        // Indonesia from Sumatra (95° E) to Papua (141° E).
        let indonesia = main_extent("IDN");
        assert!(indonesia[0] < 96.0 && indonesia[2] > 140.0, "{indonesia:?}");
    }

    #[test]
    fn a_region_across_the_antimeridian_is_framed_around_it() {
        let g = geometry(&codes(&["FJI", "TON", "WSM"]), &[], 232.0).unwrap();
        // Framed on the islands, not on the whole world between their longitudes: Fiji's
        // shapes from both sides of 180° fall inside the frame.
        let fiji = g.features.iter().find(|f| f.code == "FJI").unwrap();
        let xs: Vec<f64> = fiji.rings.iter().flat_map(|r| r.iter().step_by(2).copied()).collect();
        assert!(xs.iter().all(|x| (0.0..=232.0).contains(x)), "Fiji lies within the frame");
        let spread = xs.iter().fold(f64::MIN, |a, &b| a.max(b)) - xs.iter().fold(f64::MAX, |a, &b| a.min(b));
        assert!(spread < 150.0, "Fiji is not split across the map: {spread}");
    }

    #[test]
    fn the_frame_keeps_the_panels_proportions_and_carries_room_around_it() {
        // The Andean countries reach far north and south: the frame is as tall as wide at most.
        let g = geometry(&codes(&["COL", "ECU", "PER", "BOL", "CHL"]), &[], 232.0).unwrap();
        assert!(g.height <= 232.0 * TALLEST + 0.01, "{}", g.height);
        // The Central Mediterranean is wide: the frame is at least 0.6 as tall as wide.
        let g = geometry(&codes(&["ITA", "MLT", "GRC", "ESP", "CYP"]), &[], 232.0).unwrap();
        assert!(g.height >= 232.0 * LOWEST - 0.01, "{}", g.height);
        assert!((g.bleed - BLEED * 232.0).abs() < 1e-9);
        assert!(g.features.iter().any(|f| f.code == "MLT"), "Malta is on the map");
        assert!(g.features.iter().any(|f| f.code == "TUN" && !f.rings.is_empty()), "and its neighbours");
    }

    #[test]
    fn every_code_without_a_shape_is_named_at_once() {
        assert_eq!(
            geometry(&codes(&["ALB", "XXX", "SRB", "ZZZ"]), &[], 232.0).unwrap_err(),
            RegionError::NoShape(vec![1, 3])
        );
    }

    #[test]
    fn the_serbia_kosovo_boundary_is_found_for_dashing() {
        let g = geometry(&codes(&["SRB", "XKX"]), &[["SRB".into(), "XKX".into()]], 232.0).unwrap();
        assert!(!g.dashed_lines.is_empty() && g.dashed_lines.iter().map(Vec::len).sum::<usize>() > 10);
        let g = geometry(&codes(&["SRB", "XKX"]), &[], 232.0).unwrap();
        assert!(g.dashed_lines.is_empty());
    }
}
