"""The district figures say what they count and fit their labels: the tile map and the matrix count mentions (the
themes, or measures, under which the report names a district), not performance, in title, legend and alt text;
every tile label stays inside its tile (measured on the drawn figure); the network counts each agreement once."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from zjbook.render.chapters import districts as chapter
from zjbook.render.page import Page
from zjbook.sections import districts as dd

#: How each language says that the shading counts mentions and is no measure of performance.
NOT_PERFORMANCE = {"zh": "不代表绩效", "en": "performance"}  # "not a measure of performance"
COUNTED = {"zh": "提到", "en": "nam"}  # name, names, naming


@pytest.fixture(params=["zh", "en"])
def page(request):
    return Page.in_memory(2014, request.param)


def figure_words(fig) -> str:
    """Every text drawn on the figure: title, subtitle, source, labels, legend title and entries."""
    texts = [t.get_text() for t in fig.texts] + [fig._suptitle.get_text() if fig._suptitle else ""]
    for ax in fig.axes:
        texts += [t.get_text() for t in ax.texts]
        legend = ax.get_legend()
        if legend is not None:
            texts += [legend.get_title().get_text()] + [t.get_text() for t in legend.get_texts()]
    return " ".join(texts)


def test_the_tile_map_says_its_shading_counts_mentions_not_performance(page):
    fig = chapter.tile_map(page)
    words = figure_words(fig)
    plt.close(fig)
    assert NOT_PERFORMANCE[page.lang] in words and COUNTED[page.lang] in words, words
    legend_title = page.plain("districts.tiles.legend_title")
    assert COUNTED[page.lang] in legend_title  # the legend says what the shades count
    for key in ("districts.tiles.caption", "districts.matrix.caption", "districts.matrix.subtitle"):
        assert NOT_PERFORMANCE[page.lang] in page.plain(key), key


def test_the_matrix_says_it_counts_mentions_not_performance(page):
    fig = chapter.matrix_chart(page)
    words = figure_words(fig)
    plt.close(fig)
    assert NOT_PERFORMANCE[page.lang] in words and COUNTED[page.lang] in words, words


def test_every_tile_label_fits_inside_its_tile(page):
    """Measured on the drawn figure: each label's box lies within its tile's (0.9 × 0.9 data units)."""
    fig = chapter.tile_map(page)
    ax = fig.axes[0]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    tiles = [p.get_window_extent(renderer) for p in ax.patches]
    assert len(tiles) >= 17 and len(ax.texts) == 2 * len(tiles)
    outside = []
    for text in ax.texts:
        box = text.get_window_extent(renderer)
        home = [t for t in tiles if t.x0 <= (box.x0 + box.x1) / 2 <= t.x1 and t.y0 <= (box.y0 + box.y1) / 2 <= t.y1]
        assert len(home) == 1, text.get_text()
        tile = home[0]
        if box.x0 < tile.x0 or box.x1 > tile.x1 or box.y0 < tile.y0 or box.y1 > tile.y1:
            outside.append((text.get_text(), text.get_fontsize(), round(box.width / tile.width, 2)))
        assert text.get_fontsize() >= 5, text.get_text()
    plt.close(fig)
    assert not outside, outside


def test_the_network_holds_every_partner_a_box_names_and_counts_each_agreement_once():
    page = Page.in_memory(2014, "zh")
    ed = page.edition
    collaborations = ed.rows("collaborations.csv")
    partners = {r["partner"] for r in collaborations}
    named = {r["item"] for r in ed.rows("case_items.csv") if r["kind"] == "partner"}
    assert named <= partners
    # firms moving into the Changning hub as tenants are no collaboration, nor is Xuhui's training platform a partner
    assert not {"银联", "联信财富", "知识产权、法律、国际商务跨界复合型人才培养平台"} & partners
    facts = dd.collaboration(ed)
    agreements = {r["collab_id"] for r in collaborations}
    assert facts["agreements"] == len(agreements) < len(collaborations)
    per_partner = {p: len({r["collab_id"] for r in collaborations if r["partner"] == p}) for p in partners}
    assert facts["top_n"] == max(per_partner.values()) and facts["top"] == ["市科委"]
    # the memorandum four districts and two agencies signed is drawn once, through one knot
    fig = chapter.network_chart(page)
    knots = [line for line in fig.axes[0].lines if line.get_marker() == "D"]
    plt.close(fig)
    multi = {
        a
        for a in agreements
        if len({r["district"] for r in collaborations if r["collab_id"] == a}) > 1
        and len({r["partner"] for r in collaborations if r["collab_id"] == a}) > 1
    }
    assert len(knots) == len(multi) == 1
