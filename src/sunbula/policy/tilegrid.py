"""A tile-grid cartogram of the OIC member states.

No boundary file under a permissive licence ships in a package we may install, so each
state is one square placed from a rounded centroid (latitude and longitude, approximate,
typed by hand) on a 7° grid; where two states round to one square, the later one moves to
the nearest free square. It shows roughly where states are, not their shapes or sizes.
"""

from __future__ import annotations

# ISO alpha-3: (latitude, longitude), approximate centroids.
CENTROIDS: dict[str, tuple[float, float]] = {
    "AFG": (33, 66),
    "ALB": (41, 20),
    "DZA": (28, 3),
    "AZE": (40, 47.5),
    "BHR": (26, 50.5),
    "BGD": (24, 90),
    "BEN": (9.5, 2.3),
    "BRN": (4.5, 114.7),
    "BFA": (12, -1.5),
    "CMR": (6, 12),
    "TCD": (15, 19),
    "COM": (-12, 44),
    "CIV": (7.5, -5.5),
    "DJI": (11.8, 42.6),
    "EGY": (26, 30),
    "GAB": (-0.8, 11.6),
    "GMB": (13.4, -15.3),
    "GIN": (10, -10),
    "GNB": (12, -15),
    "GUY": (5, -59),
    "IDN": (-2, 118),
    "IRN": (32, 53),
    "IRQ": (33, 44),
    "JOR": (31, 36),
    "KAZ": (48, 67),
    "KWT": (29.3, 47.6),
    "KGZ": (41, 75),
    "LBN": (33.9, 35.8),
    "LBY": (27, 17),
    "MYS": (4, 102),
    "MDV": (3.2, 73.2),
    "MLI": (17, -4),
    "MRT": (20, -10),
    "MAR": (32, -6),
    "MOZ": (-18, 35),
    "NER": (17, 8),
    "NGA": (9, 8),
    "OMN": (21, 57),
    "PAK": (30, 70),
    "PSE": (31.9, 35.2),
    "QAT": (25.3, 51.2),
    "SAU": (24, 45),
    "SEN": (14.5, -14.5),
    "SLE": (8.5, -11.8),
    "SOM": (6, 46),
    "SDN": (15, 30),
    "SUR": (4, -56),
    "SYR": (35, 38),
    "TJK": (39, 71),
    "TGO": (8.6, 1),
    "TUN": (34, 9.5),
    "TUR": (39, 35),
    "TKM": (39, 59),
    "UGA": (1.3, 32.3),
    "ARE": (24, 54),
    "UZB": (41, 64),
    "YEM": (15.5, 48),
}
STEP = 7.0
TILE = 40


def _place() -> dict[str, tuple[int, int]]:
    taken: dict[tuple[int, int], str] = {}
    placed: dict[str, tuple[int, int]] = {}
    west = min(lon for _lat, lon in CENTROIDS.values())
    north = max(lat for lat, _lon in CENTROIDS.values())
    for iso3, (lat, lon) in sorted(CENTROIDS.items()):
        want = (round((lon - west) / STEP), round((north - lat) / STEP))
        ring = 0
        while True:
            candidates = sorted(
                (abs(dx) + abs(dy), dy, dx)
                for dx in range(-ring, ring + 1)
                for dy in range(-ring, ring + 1)
                if max(abs(dx), abs(dy)) == ring
            )
            free = [
                (want[0] + dx, want[1] + dy)
                for _d, dy, dx in candidates
                if (want[0] + dx, want[1] + dy) not in taken and want[1] + dy >= 0
            ]
            if free:
                taken[free[0]] = iso3
                placed[iso3] = free[0]
                break
            ring += 1
    return placed


MEMBER_STATE_TILES = _place()
