"""Fetch a web page for import: a time-out, a size limit, redirects followed, clear errors."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from briefer.core.errors import BrieferError

TIMEOUT = 20.0                   # seconds without an answer (connect or between reads)
MAX_BYTES = 20 * 1024 * 1024     # a page larger than this is refused
MAX_REDIRECTS = 10
USER_AGENT = "Briefer (article import)"


class FetchFailed(BrieferError):
    """The page could not be fetched; str() says why in one line."""


@dataclass
class Fetched:
    url: str                     # the address asked for
    final_url: str               # where the redirects ended
    data: bytes
    content_type: str            # e.g. "text/html"
    charset: str | None
    accessed: str                # ISO date of the access (UTC)


def is_url(value: str) -> bool:
    return bool(re.match(r"^https?://", str(value), re.I))


def fetch(url: str, *, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES) -> Fetched:
    """GET ``url`` (http or https only); FetchFailed with the reason."""
    if not is_url(url):
        raise FetchFailed(f"Cannot fetch {url}: only http:// and https:// addresses are fetched.")
    if url.lower().startswith("https://"):
        try:
            import ssl  # noqa: F401
        except ImportError:
            raise FetchFailed(f"Cannot fetch {url}: this Briefer was built without TLS, so it "
                              "cannot open https:// pages; save the page from your browser "
                              "and import the file.") from None
    import http.client                  # imported here: the app starts without them
    import urllib.error
    import urllib.request

    class _Redirects(urllib.request.HTTPRedirectHandler):
        max_redirections = MAX_REDIRECTS

    opener = urllib.request.build_opener(_Redirects())
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT,
                                                   "Accept": "text/html,application/pdf,*/*"})
    try:
        with opener.open(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchFailed(f"Cannot fetch {url}: the page is {_size(int(declared))}, "
                                  f"over the {_size(max_bytes)} limit.")
            data = response.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise FetchFailed(f"Cannot fetch {url}: the page is over the "
                                  f"{_size(max_bytes)} limit.")
            final = response.geturl()
            ctype = response.headers.get_content_type()
            charset = response.headers.get_content_charset()
    except FetchFailed:
        raise
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400:
            raise FetchFailed(f"Cannot fetch {url}: too many redirects (more than "
                              f"{MAX_REDIRECTS}) or a redirect without a target.") from None
        raise FetchFailed(f"Cannot fetch {url}: the server answered {exc.code} "
                          f"{exc.reason}.") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError) or "timed out" in str(reason):
            raise FetchFailed(f"Cannot fetch {url}: no answer within {timeout:g} s.") from None
        raise FetchFailed(f"Cannot fetch {url}: {reason}.") from None
    except TimeoutError:
        raise FetchFailed(f"Cannot fetch {url}: no answer within {timeout:g} s.") from None
    except http.client.IncompleteRead as exc:
        raise FetchFailed(f"Cannot fetch {url}: the connection closed after "
                          f"{len(exc.partial):,} bytes, before the end of the page.") from None
    except (OSError, ValueError, http.client.HTTPException) as exc:
        raise FetchFailed(f"Cannot fetch {url}: {exc or type(exc).__name__}.") from None
    accessed = datetime.datetime.now(datetime.UTC).date().isoformat()
    return Fetched(url, final, data, ctype, charset, accessed)


def _size(n: int) -> str:
    return f"{n / 1048576:.1f} MB" if n >= 1048576 else f"{n:,} bytes"
