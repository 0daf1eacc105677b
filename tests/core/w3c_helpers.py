"""What the W3C annotation tests share: the W3C annotation-model test suite as a harness
(JSON Schema draft-04), and the seed documents and export items they read.

Each assertion's ``$ref`` into ``definitions/*.json`` is resolved through a
``referencing.Registry`` (the ``registry`` fixture of ``conftest.py``); formats ``date-time``
and ``uri`` are checked by the small checkers below, since jsonschema checks them only with
optional packages (which would otherwise let every value pass silently).
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime
from pathlib import Path

import pytest
from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry

# The W3C's conformance material lives in ../shared beside the checkout (as in CI).
W3C_TESTS = Path(os.environ.get(
    "BRIEFER_W3C_TESTS",
    Path(__file__).resolve().parents[3] / "shared" / "w3c-annotation-tests"))
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
W3C_MISSING = f"W3C annotation tests not found at {W3C_TESTS}"


def w3c_missing_in_ci(environ=os.environ) -> bool:
    """Whether a missing copy must fail the run: in CI (CI=true) it is copied beside the clone."""
    return environ.get("CI", "").strip().lower() in ("true", "1", "yes")


#: Skipped without the conformance material (failed in CI): the ``w3c_tests`` fixture.
needs_w3c = pytest.mark.usefixtures("w3c_tests")


# -- the W3C schemas --------------------------------------------------------------------
FORMATS = FormatChecker()


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value) -> bool:
    """RFC 3339 / xsd:dateTime with a time zone."""
    if isinstance(value, str):
        if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", value):
            raise ValueError(f"not a date-time with time zone: {value!r}")
        datetime.fromisoformat(value)
    return True


@FORMATS.checks("uri", raises=ValueError)
def _uri(value) -> bool:
    """An absolute URI (RFC 3986: scheme ':' and no spaces or forbidden characters)."""
    if isinstance(value, str) and not re.fullmatch(
        r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+", value
    ):
        raise ValueError(f"not an absolute URI: {value!r}")
    return True


def load_schema(rel: str) -> dict:
    return json.loads((W3C_TESTS / rel).read_text(encoding="utf-8"))


def schema_validator(schema: dict, registry: Registry) -> Draft4Validator:
    return Draft4Validator(schema, registry=registry, format_checker=FORMATS)


def must_assertions() -> list[str]:
    if not (W3C_TESTS / "annotations").is_dir():
        return []
    return load_schema("annotations/annotationMusts.test")["assertions"]


def schema_failures(anno: dict, assertions, registry) -> list[str]:
    out = []
    for rel in assertions:
        v = schema_validator(load_schema(rel), registry)
        errors = list(v.iter_errors(anno))
        if errors:
            out.append(f"{rel}: {errors[0].message[:200]}")
    return out


# -- the seed documents and the export ------------------------------------------------------
def seed_doc(project, prefix: str) -> dict:
    return next(d for d in project.documents.list() if d.source_name.startswith(prefix))




def annotation_items(data: dict) -> list[dict]:
    return data["first"]["items"]
