"""W3C Web Annotation export: conformance with the W3C test schemas (every MUST, and the
optional features the export claims), and the export's shape."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from briefer.paths import seeds_dir

from .w3c_helpers import (W3C_TESTS, annotation_items, load_schema, must_assertions, needs_w3c,
                          schema_failures, schema_validator)

#: Optional features the export claims; each assertion must hold for annotations that have it.
IMPLEMENTED = {
    "annotations/3.3.1-annotationCreatedImplemented.json": lambda a: True,
    "annotations/3.3.1-annotationModifiedImplemented.json": lambda a: True,
    "annotations/3.3.5-annotationMotivationImplemented.json": lambda a: True,
    "annotations/3.3.5-annotationSingleMotivationImplemented.json": lambda a: True,
    "annotations/bodiesTargets/4-targSpecificResource.json": lambda a: True,
    "annotations/bodiesTargets/3.2.2-targType.json": lambda a: True,
    "annotations/bodiesTargets/3.2.1-targLanguage.json": lambda a: True,
    "annotations/bodiesTargets/3.2.1-targFormat.json": lambda a: True,
    "annotations/specificResource/4.2-selectorFound.json": lambda a: True,
    "annotations/specificResource/4.2.4-textQuoteSelector.json": lambda a: True,
    "annotations/specificResource/4.2.4-prefix.json": lambda a: True,
    "annotations/specificResource/4.2.4-suffix.json": lambda a: True,
    "annotations/specificResource/4.2.5-textPositionSelector.json": lambda a: True,
    "annotations/3.1-bodyKeyFound.json": lambda a: "body" in a,
    "annotations/bodiesTargets/3.2.4-bodyETB.json": lambda a: "body" in a,
    "annotations/bodiesTargets/3.2.4-bodyETBTypeTextualBody.json": lambda a: "body" in a,
    "annotations/bodiesTargets/3.3.5-bodyPurpose.json": lambda a: "body" in a,
    "annotations/bodiesTargets/3.2.1-bodyFormat.json": lambda a: _has_note(a),
    "annotations/bodiesTargets/3.2.1-bodyLanguage.json": lambda a: _has_note(a),
    "annotations/bodiesTargets/3.2.1-bodySingleFormat.json": lambda a: _has_note(a),
    "annotations/bodiesTargets/3.2.1-bodySingleLanguage.json": lambda a: _has_note(a),
}


def _has_note(anno: dict) -> bool:
    return any(b.get("purpose") == "commenting" for b in anno.get("body", []))


# -- conformance ------------------------------------------------------------------------------
@needs_w3c
def test_the_schema_harness_tells_good_from_bad(registry):
    """The W3C samples: correct ones pass every MUST, parsable incorrect ones fail one."""
    musts = must_assertions()
    retired = {"anno11.json", "anno12.json", "anno13.json"}   # Composite/List/Independents
    for path in sorted((W3C_TESTS / "samples" / "correct").glob("anno*.json")):
        if path.name not in retired:
            sample = json.loads(path.read_text("utf-8"))
            assert schema_failures(sample, musts, registry) == [], path.name
    checked = 0
    for path in sorted((W3C_TESTS / "samples" / "incorrect").glob("anno*.json")):
        try:
            sample = json.loads(path.read_text("utf-8"))
        except ValueError:
            continue
        assert schema_failures(sample, musts, registry), f"{path.name} should fail a MUST"
        checked += 1
    assert checked >= 20


@needs_w3c
@pytest.mark.parametrize("assertion", must_assertions())
def test_every_exported_annotation_meets_the_must(assertion, exported, registry):
    validator = schema_validator(load_schema(assertion), registry)
    for anno in annotation_items(exported):
        errors = [e.message[:200] for e in validator.iter_errors(anno)]
        assert not errors, f"{anno['id']}: {errors}"


@needs_w3c
@pytest.mark.parametrize("assertion", sorted(IMPLEMENTED))
def test_exported_annotations_implement_the_optional_features_they_use(
    assertion, exported, registry
):
    validator = schema_validator(load_schema(assertion), registry)
    applies = [a for a in annotation_items(exported) if IMPLEMENTED[assertion](a)]
    assert applies
    for anno in applies:
        assert validator.is_valid(anno), (anno["id"],
                                          [e.message[:200] for e in validator.iter_errors(anno)])


@needs_w3c
def test_the_collection_and_its_page_are_valid(exported, registry):
    defs = "collections.json#/definitions/"
    schema = {"allOf": [
        {"required": ["@context"], "properties": {"@context": {"oneOf": [
            {"$ref": defs + "contextValueFound"}, {"$ref": defs + "contextValueInArrayFound"}]}}},
        {"$ref": "id.json#/definitions/idValueFound"},
        {"$ref": defs + "annotationCollectionTypeValueFound"},
        {"$ref": defs + "totalFound"},
        {"$ref": defs + "firstRequiredIfTotalMoreThanZero"},
        {"$ref": defs + "labelDefinition"},
        {"properties": {"first": {"allOf": [
            {"$ref": "id.json#/definitions/idValueFound"},
            {"$ref": defs + "annotationPageTypeValueFound"},
            {"$ref": defs + "itemsFound"},
            {"$ref": defs + "startIndexDefinition"}]}}},
    ]}
    errors = [e.message[:200] for e in schema_validator(schema, registry).iter_errors(exported)]
    assert errors == []
    assert exported["total"] == len(annotation_items(exported)) == 6


@needs_w3c
def test_the_demo_file_passes_every_must(registry):
    data = json.loads((seeds_dir() / "demo-annotations.jsonld").read_text("utf-8"))
    musts = [schema_validator(load_schema(rel), registry) for rel in must_assertions()]
    for anno in annotation_items(data):
        assert all(v.is_valid(anno) for v in musts), anno["id"]


def test_export_shape(exported):
    by_exact = {a["target"]["selector"][0]["exact"]: a for a in annotation_items(exported)}
    thanos = by_exact["Anthropic was being called “AI Thanos” (“AI灭霸”)"]
    assert thanos["motivation"] == "commenting" and thanos["briefer:starred"] is True
    assert thanos["target"]["language"] == ["en", "zh-Hans"]
    assert thanos["target"]["source"]["id"].startswith("urn:uuid:")
    assert thanos["target"]["source"]["briefer:sourceName"].startswith("000_")
    tags = {(b["value"], b["briefer:tagType"]) for b in thanos["body"] if b["purpose"] == "tagging"}
    assert tags == {("Anthropic", "actor"), ("Chinese reaction", "theme")}
    note = next(b for b in thanos["body"] if b["purpose"] == "commenting")
    assert note == {"type": "TextualBody", "purpose": "commenting", "format": "text/plain",
                    "language": "en", "value": "Nickname predates the Pentagon row."}
    quote_sel, pos_sel = thanos["target"]["selector"]
    assert quote_sel["type"] == "TextQuoteSelector" and pos_sel["type"] == "TextPositionSelector"
    assert pos_sel["end"] - pos_sel["start"] == len(quote_sel["exact"])   # code points
    assert thanos["created"].endswith("Z")
    plain = by_exact["The Pentagon wasn't buying it."]
    assert "body" not in plain and plain["motivation"] == "highlighting"
    assert by_exact["What's the financial impact for Anthropic?"]["briefer:orphaned"] is True
    codebook = exported["briefer:codebook"]
    assert {"name": "Pete Hegseth", "kind": "person", "aliases": ["Hegseth"],
            "colour": "#a0c4ff"} in codebook["actors"]


def test_missing_conformance_material_fails_in_ci_and_skips_elsewhere(tmp_path):
    """Run the conformance tests against a folder without the material, as CI and as a developer."""
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["BRIEFER_W3C_TESTS"] = str(tmp_path / "absent")
    args = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs",
            f"{__file__}::test_the_schema_harness_tells_good_from_bad"]
    local = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)
    assert local.returncode == 0 and "1 skipped" in local.stdout, local.stdout
    ci = subprocess.run(args, env={**env, "CI": "true"}, capture_output=True, text=True,
                        timeout=300)
    assert ci.returncode != 0 and "1 error" in ci.stdout, ci.stdout
    assert "W3C annotation tests not found" in ci.stdout and "CI copies shared/" in ci.stdout
