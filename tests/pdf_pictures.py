"""A PDF's first page as a picture: kept in test-artifacts/ to look at, and its colours."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from PIL import Image

PDFTOPPM = shutil.which("pdftoppm") or "/usr/bin/pdftoppm"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


def first_page_colours(pdf: bytes, folder: Path, name: str) -> dict[tuple[int, int, int], int]:
    """How many pixels of each colour the first page has at 50 dpi; the PNG is kept as
    test-artifacts/<name>.png."""
    path = folder / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(  # noqa: S603 (fixed poppler tool on our own file)
        [PDFTOPPM, "-png", "-r", "50", "-f", "1", "-l", "1", str(path), str(folder / name)],
        check=True,
    )
    (png,) = folder.glob(f"{name}-*.png")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"{name}.png").write_bytes(png.read_bytes())
    colours = Image.open(png).convert("RGB").getcolors(maxcolors=1 << 20) or []
    return {colour: count for count, colour in colours}
