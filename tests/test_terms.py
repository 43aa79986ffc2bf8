"""One English term per concept (``zjbook/wording/glossary-en.toml``): no built English page shows a variant the
glossary forbids, in its text or in its figures' alt text, and each concept's term is in use."""

from __future__ import annotations

import re
import tomllib

from bs4 import BeautifulSoup

from zjbook import paths
from zjbook.site.review import content_pages

TERMS = tomllib.loads((paths.ROOT / "zjbook" / "wording" / "glossary-en.toml").read_text(encoding="utf-8"))["terms"]


def page_words(path) -> str:
    """What a reader of the page reads: its text (apostrophes straightened) and its images' alt text."""
    page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for tag in page(["script", "style", "noscript"]):
        tag.decompose()
    alts = " ".join(img.get("alt", "") for img in page.find_all("img"))
    return " ".join(f"{page.get_text(' ')} {alts}".split()).replace("\u2019", "'")


def test_the_glossary_of_terms_names_a_term_and_its_forbidden_variants_for_each_concept():
    assert {"zizhu", "ftz", "flagship_sites", "main_industries"} <= set(TERMS)
    for key, concept in TERMS.items():
        assert concept["zh"] and concept["term"] and concept["forbidden"], key
        for variant in concept["forbidden"]:
            pattern = re.compile(variant)
            assert not any(pattern.search(term) for term in concept["term"]), (key, variant)  # the term is allowed


def test_english_pages_use_only_the_glossary_terms(edition_2014):
    words = {rel: page_words(edition_2014 / rel) for rel in content_pages(edition_2014) if rel.startswith("en/")}
    assert len(words) >= 11
    found = {
        (key, rel, m.group(0))
        for key, concept in TERMS.items()
        for variant in concept["forbidden"]
        for rel, text in words.items()
        for m in re.finditer(variant, text)
    }
    assert not found, sorted(found)
    book = " ".join(words.values())
    for key, concept in TERMS.items():
        if concept.get("optional"):
            continue
        assert concept["term"][0] in book or concept["term"][0].capitalize() in book, (key, concept["term"][0])
