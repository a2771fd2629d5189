"""The security headers every answer carries (``docs/api.md``, "Headers").

- ``X-Content-Type-Options: nosniff``, ``X-Frame-Options: DENY``, ``Referrer-Policy: no-referrer``
  on every answer;
- ``Cache-Control: no-store`` on every answer except the documentation pages and the ledger's
  public data (checkpoints, the public key, proofs: ``no-cache``, so a browser may keep them but
  asks again each time). Records, lists, exports and identities are never stored by a cache. A
  route that sets its own ``Cache-Control`` keeps it;
- ``Content-Security-Policy: default-src 'none'; frame-ancestors 'none'`` on every answer except
  the documentation pages, which load Swagger UI / ReDoc (their own policy comes with the console).
"""

from __future__ import annotations

DOCS_PATHS = ("/docs", "/redoc", "/openapi.json")
"""Pages (and the document) of the interactive API documentation."""

PUBLIC_PREFIXES = ("/ledger/checkpoints", "/ledger/public-key", "/ledger/proofs/")
"""Public ledger data: the same for every reader, holding no record's content."""

API_CSP = "default-src 'none'; frame-ancestors 'none'"

_ALWAYS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
)


def is_docs(path: str) -> bool:
    return path.startswith(DOCS_PATHS)


def security_headers(path: str, present: set[bytes]) -> list[tuple[bytes, bytes]]:
    """The headers to add to an answer for ``path`` that already has the (lowercase) ``present``."""
    added = [(name, value) for name, value in _ALWAYS if name not in present]
    if b"cache-control" not in present:
        public = is_docs(path) or path.startswith(PUBLIC_PREFIXES)
        added.append((b"cache-control", b"no-cache" if public else b"no-store"))
    if not is_docs(path) and b"content-security-policy" not in present:
        added.append((b"content-security-policy", API_CSP.encode()))
    return added


def security_header_dict(path: str) -> dict[str, str]:
    """:func:`security_headers` for a response built by hand (an answer to a crash)."""
    return {name.decode(): value.decode() for name, value in security_headers(path, set())}
