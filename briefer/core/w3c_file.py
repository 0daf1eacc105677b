"""Finding the annotations in an annotation file, before any of them is read.

:func:`load_annotation_json` turns a file's bytes into JSON with a clear message for an empty
file, text that is not JSON, or JSON nested too deeply to read. :func:`annotations_in` finds the
annotations (a list, an AnnotationPage, an AnnotationCollection with its pages, Hypothesis
``rows``/``annotations``, one annotation) and refuses a file that holds none. Each annotation
is then checked by :mod:`briefer.core.w3c_read`.
"""

from __future__ import annotations

import json
from pathlib import Path

from .errors import InvalidInput
from .w3c import types_of

#: Pages followed in a collection.
MAX_PAGES = 10_000


def read_annotation_file(path: str | Path) -> object:
    """The JSON in an annotation file (see :func:`load_annotation_json`)."""
    path = Path(path)
    return load_annotation_json(path.read_bytes(), path.name)


def load_annotation_json(raw: bytes, name: str = "The file") -> object:
    """JSON from bytes, refusing with a clear message what cannot be annotations."""
    if not raw.strip():
        raise InvalidInput(f"{name} is empty: it holds no annotations.")
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{name} is not UTF-8 text (byte {exc.start}), so not a JSON "
                           "annotation file.") from None
    except RecursionError:
        raise InvalidInput(f"{name} is nested too deeply to be an annotation file "
                           "(JSON arrays or objects inside each other thousands of times)."
                           ) from None
    except ValueError as exc:
        raise InvalidInput(f"{name} is not a JSON file: {exc}.") from None


def annotations_in(data) -> list:
    """The annotations of a Briefer/W3C/Hypothesis document (list, page, collection, rows)."""
    if isinstance(data, list):
        return _some_annotations(data)
    if not isinstance(data, dict):
        raise InvalidInput("An annotation file holds a JSON object or list, "
                           f"not {describe(data)}.")
    if "AnnotationCollection" in types_of(data):
        return _collection_items(data)
    for key in ("items", "rows", "annotations"):     # a page; Hypothesis search API; its export
        if key in data and "target" not in data:
            if not isinstance(data[key], list):
                raise InvalidInput(f"No annotations found: “{key}” is {describe(data[key])}, "
                                   "not a list of annotations.")
            return _some_annotations(data[key])
    if "Annotation" in types_of(data) or "target" in data:
        return [data]
    raise InvalidInput("No annotations found: expected W3C Web Annotations or a Hypothesis "
                       "export.")


def _collection_items(data: dict) -> list:
    page, pages, items = data.get("first"), 0, []
    if page is None and not data.get("total"):
        return []                                       # an empty collection
    while page is not None and pages < MAX_PAGES:
        if not isinstance(page, dict):
            raise InvalidInput("The collection's pages are not in the file (“first” or “next” "
                               f"is {describe(page)}, not a page).")
        if not isinstance(page.get("items"), list):
            raise InvalidInput("A page of the collection has no list of annotations "
                               f"(its “items” is {describe(page.get('items'))}).")
        items += page["items"]
        page, pages = page.get("next"), pages + 1
    return _some_annotations(items)


def _some_annotations(items: list) -> list:
    """``items``, unless none of them looks like an annotation (a file of something else)."""
    if items and not any(isinstance(x, str) or (isinstance(x, dict) and (
            "target" in x or "Annotation" in types_of(x))) for x in items):
        raise InvalidInput(f"No annotations found: the file lists {len(items)} "
                           f"{'entry' if len(items) == 1 else 'entries'} (first: "
                           f"{describe(items[0])}) and none has a target.")
    return items


def describe(value) -> str:
    """What a JSON value is, for a message: "an object", "a list", "null"…"""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    return {dict: "an object", list: "a list", str: "a string", int: "a number",
            float: "a number"}.get(type(value), type(value).__name__)
