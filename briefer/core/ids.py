"""Identifiers and timestamps: UUIDs so projects can be merged, ISO-8601 UTC times."""

import uuid
from datetime import datetime, UTC


def new_id() -> str:
    return str(uuid.uuid4())


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")
