"""A tile-grid cartogram of Afghanistan's 34 provinces (p-codes of the 2021-11-17 set).

No boundary file under a permissive licence ships in a package we may install, so the map
is a grid of equal squares, one per province, placed by hand to keep each province beside
its neighbours, north at the top. It shows who is where, not true shapes or sizes.
"""

from __future__ import annotations

# p-code: (column, row), west to east and north to south.
AFGHANISTAN_PROVINCES: dict[str, tuple[int, int]] = {
    "AF29": (1, 0),  # Faryab
    "AF28": (2, 0),  # Jawzjan
    "AF21": (3, 0),  # Balkh
    "AF19": (4, 0),  # Kunduz
    "AF18": (5, 0),  # Takhar
    "AF17": (6, 0),  # Badakhshan
    "AF31": (1, 1),  # Badghis
    "AF22": (2, 1),  # Sar-e-Pul
    "AF20": (3, 1),  # Samangan
    "AF09": (4, 1),  # Baghlan
    "AF08": (5, 1),  # Panjsher
    "AF16": (6, 1),  # Nuristan
    "AF32": (0, 2),  # Hirat
    "AF23": (1, 2),  # Ghor
    "AF10": (2, 2),  # Bamyan
    "AF03": (3, 2),  # Parwan
    "AF02": (4, 2),  # Kapisa
    "AF07": (5, 2),  # Laghman
    "AF15": (6, 2),  # Kunar
    "AF33": (0, 3),  # Farah
    "AF24": (1, 3),  # Daykundi
    "AF04": (2, 3),  # Maidan Wardak
    "AF01": (3, 3),  # Kabul
    "AF05": (4, 3),  # Logar
    "AF06": (5, 3),  # Nangarhar
    "AF34": (0, 4),  # Nimroz
    "AF30": (1, 4),  # Hilmand
    "AF25": (2, 4),  # Uruzgan
    "AF11": (3, 4),  # Ghazni
    "AF13": (4, 4),  # Paktya
    "AF14": (5, 4),  # Khost
    "AF27": (1, 5),  # Kandahar
    "AF26": (2, 5),  # Zabul
    "AF12": (3, 5),  # Paktika
}

TILE = 64  # pixels per tile in the SVG's own coordinates
