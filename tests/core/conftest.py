"""Fixtures of the core tests: the W3C conformance material and a W3C export to check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from referencing import Registry
from referencing.jsonschema import DRAFT4

from briefer.core.w3c import export_annotations
from briefer.project import open_project

from .w3c_helpers import W3C_MISSING, W3C_TESTS, seed_doc, w3c_missing_in_ci


@pytest.fixture(scope="module")
def w3c_tests() -> Path:
    """The conformance material: skipped on a developer's machine without it, FAILED in CI."""
    if not (W3C_TESTS / "definitions").is_dir():
        if w3c_missing_in_ci():
            pytest.fail(f"{W3C_MISSING} (CI copies shared/ beside the clone)", pytrace=False)
        pytest.skip(W3C_MISSING)
    return W3C_TESTS


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry().with_resources(
        (p.name, DRAFT4.create_resource(json.loads(p.read_text(encoding="utf-8"))))
        for p in sorted((W3C_TESTS / "definitions").glob("*.json")))


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict:
    """An export of a project with varied quotes: mixed languages, no body, orphaned, starred."""
    with open_project(tmp_path_factory.mktemp("w3c") / "source.briefer") as p:
        d0, d2 = seed_doc(p, "000_").id, seed_doc(p, "002_").id
        p.codebook.add_actor("Pete Hegseth", "person", ["Hegseth"], "#a0c4ff")
        p.codebook.add_actor("Pentagon", "state", ["DoW"])
        p.codebook.add_theme("Pentagon", "A theme with an actor's name", "#bde0fe")
        p.quotes.add_text(d0, "Anthropic was being called “AI Thanos” (“AI灭霸”)",
                         actors=["Anthropic"], themes=["Chinese reaction"],
                         note="Nickname predates the Pentagon row.", starred=True)
        p.quotes.add_text(d0, "贼喊捉贼", themes=["Distillation"])
        p.quotes.add_text(d0, "成年禮", note="Taiwanese framing")
        p.quotes.add_text(d2, "Hegseth gave him an ultimatum", actors=["Pete Hegseth", "Pentagon"],
                         themes=["Pentagon"])
        p.quotes.add_text(d2, "The Pentagon wasn't buying it.")                 # no body at all
        d4 = seed_doc(p, "004_").id
        doomed = p.quotes.add_text(d4, "What's the financial impact for Anthropic?",
                                   note="orphaned")
        text = p.documents.get(d4).text
        p.documents.update_text(d4, text.replace("What's the financial impact for Anthropic?", ""))
        assert p.quotes.get(doomed).orphaned == 1
        yield export_annotations(p)
