"""Screenshots for the user guide, taken by the journeys as they go.

Nothing is taken unless `SUNBULA_GUIDE_SCREENSHOTS` names a folder (`make docs` sets it to
docs/guide/img); each picture is the visible window, reduced to a palette and compressed so
that the guide stays small in the repository.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from PIL import Image
from playwright.sync_api import Page

FOLDER = os.environ.get("SUNBULA_GUIDE_SCREENSHOTS", "")
# The window of a laptop; a phone keeps its own size.
VIEWPORT = {"width": 1280, "height": 800}


def taking() -> bool:
    return bool(FOLDER)


def shot(page: Page, name: str) -> None:
    """The page as the reader sees it now, saved as `<folder>/<name>.png` when asked for."""
    if not FOLDER:
        return
    page.wait_for_function("() => document.readyState === 'complete'")
    png = page.screenshot(animations="disabled", caret="initial")
    image = Image.open(io.BytesIO(png)).convert("RGB")
    palette = image.quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    path = Path(FOLDER) / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    palette.save(path, optimize=True)
