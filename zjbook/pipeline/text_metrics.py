"""Text measured once per process, not once per renderer.

Laying out a figure measures every text it draws, with the font itself (for a CJK face, about a millisecond a
line). matplotlib remembers a measurement only for the renderer that made it, and a figure of the book has
several: the frame's line breaking, ``tight_layout`` and each pass of ``savefig`` each measure the same
titles, labels and ticks again, and so does the next figure, and the next notebook.

:func:`install` puts one cache in front of matplotlib's, shared by every renderer of the process. A measurement
depends on what matplotlib's own cache keys it on (the text, the font properties, math or not, the dpi) and on
the kind of renderer and its resolution, and on the settings that choose and shape the font (the families and
their fallbacks, hinting, kerning): all of them are in the key, so a measurement served from the cache is the one
the renderer would make, and the figures are byte for byte the same. A measurement that fails (a glyph missing
from the font, which the house style raises as an error) is never stored.
"""

from __future__ import annotations

from typing import Any

import matplotlib
import matplotlib.text as mtext
from matplotlib.backends.backend_mixed import MixedModeRenderer

#: The settings a measurement depends on besides its arguments: which font files the font properties resolve to
#: (as matplotlib's ``findfont`` and ``get_font`` key them) and how the glyphs are placed.
SETTINGS = (
    *(
        f"font.{key}"
        for key in ("family", "style", "variant", "weight", "stretch", "size")
        + ("serif", "sans-serif", "cursive", "fantasy", "monospace", "enable_last_resort")
    ),
    "text.hinting",
    "text.hinting_factor",
    "text.kerning_factor",
)

#: Measurements kept at most (a book's figures hold a few thousand texts); the cache starts again when full.
LIMIT = 100_000

_measured: dict[tuple, Any] = {}
_matplotlibs = getattr(mtext, "_get_text_metrics_with_cache")  # noqa: B009 - private: typed stubs don't list it


#: An rcParams value as ``rcParams.get`` gives it, read from the dict that holds it: ``RcParams.__getitem__`` only
#: adds the resolution of the "backend" key, which is none of :data:`SETTINGS` (a text is measured many times a figure).
_read = dict.get


def _settings() -> tuple:
    rc: Any = matplotlib.rcParams
    return tuple([tuple(v) if isinstance(v, list) else v for v in [_read(rc, k) for k in SETTINGS]])


def _text_metrics(renderer, text, fontprop, ismath, dpi):
    """``matplotlib.text._get_text_metrics_with_cache``, remembered across renderers of the same kind. Math and TeX
    (which read more settings, and which the book does not draw) are measured by matplotlib alone."""
    if ismath:
        return _matplotlibs(renderer, text, fontprop, ismath, dpi)
    measuring = renderer._renderer if isinstance(renderer, MixedModeRenderer) else renderer
    key = (type(measuring), getattr(measuring, "dpi", None), text, fontprop.copy(), dpi, _settings())
    found = _measured.get(key)
    if found is None:
        found = _matplotlibs(renderer, text, fontprop, ismath, dpi)
        if len(_measured) >= LIMIT:
            _measured.clear()
        _measured[key] = found
    return found


def install() -> None:
    """Measure each text once per process (idempotent)."""
    setattr(mtext, "_get_text_metrics_with_cache", _text_metrics)  # noqa: B010 - as above
