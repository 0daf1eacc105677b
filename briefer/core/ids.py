"""Identifiers and timestamps: UUIDs so projects can be merged, ISO-8601 UTC times."""

from datetime import datetime, UTC


def new_id() -> str:
    import uuid          # on the first write: uuid imports platform (not needed to read)

    return str(uuid.uuid4())


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")
