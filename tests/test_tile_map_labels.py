"""Editor 86: the tile map's names overflowed their tiles or shrank tile by tile. Each line of the tiles is now set
at one size, the largest at which every label fits inside its tile."""

from pathlib import Path

import pytest

from zjbook.render.chapters import districts
from zjbook.render.page import Page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_tile_labels_share_one_size_and_fit_their_tiles(lang, tmp_path: Path):
    page = Page.in_memory(2014, lang, None, tmp_path)
    fig = districts.tile_map(page)
    ax = fig.axes[0]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    tiles = [p.get_window_extent(renderer) for p in ax.patches]
    texts = [t for t in ax.texts if t.get_text()]
    assert len(tiles) == 17 and len(texts) == 34
    names, counts = texts[0::2], texts[1::2]
    assert len({t.get_fontsize() for t in names}) == 1 and len({t.get_fontsize() for t in counts}) == 1
    assert names[0].get_fontsize() >= 8  # legible, not shrunk to fit the longest name at the tiles' old width
    for tile, label in zip(tiles, texts[0::2]):
        box = label.get_window_extent(renderer)
        assert tile.x0 <= box.x0 and box.x1 <= tile.x1, label.get_text()
    for tile, label in zip(tiles, counts):
        box = label.get_window_extent(renderer)
        assert tile.x0 <= box.x0 and box.x1 <= tile.x1, label.get_text()
