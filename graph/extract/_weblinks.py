"""Web addresses a text cites, as ``references.v1`` reads them: URLs
("https://whc.unesco.org/en/list/1110", "www.unesco.org/culture"), ARK identifiers and DOIs.

An organisation's home page on the line of its address or telephone number is no citation; a
link written twice ("www.x.org/page (https://www.x.org/page)") is one link, named as written
first, whose target is the full address.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ._docsymbols import balanced

__all__ = ["WebLink", "web_links"]

_URL = re.compile(r"(?<![\w@/.-])(?:https?://|www\.)[^\s<>\"'\[\]{}|\\^`]+", re.IGNORECASE)
_ARK = re.compile(r"ark:/\d+/[\w.-]*[\w]")
_DOI = re.compile(r"\b(?:doi:\s?|doi\.org/)(10\.\d{4,9}/[^\s\"<>]+[\w])", re.IGNORECASE)
_CONTACT = re.compile(r"\b(?:T[ée]l|Tel|Phone|T[ée]l[ée]phone|Fax|E-?mail|P\.?\s?O\.?\s?Box"
                      r"|C[ée]dex)\b|\+\d", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class WebLink:
    start: int
    end: int
    name: str  # as written
    url: str | None  # the full address it points to (none for a bare ARK or DOI)
    identifier: str | None = None  # the ARK or the DOI in it
    alternate_names: tuple[str, ...] = ()


def _same_url(a: str, b: str) -> bool:
    def norm(u: str) -> str:
        return re.sub(r"^(?:https?://)?", "", u, flags=re.IGNORECASE).rstrip("/").lower()
    return norm(a) == norm(b)


def web_links(text: str) -> Iterator[WebLink]:
    """Each web address, ARK and DOI of ``text``, in that order."""
    found: list[tuple[int, str]] = []
    for m in _URL.finditer(text):
        url = balanced(m.group(0).rstrip(".,;:!?*"))
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line = text[line_start: line_end if line_end >= 0 else len(text)]
        path = re.sub(r"^(?:https?://)?[^/]+", "", url, flags=re.IGNORECASE)
        if path.strip("/") == "" and _CONTACT.search(line):
            continue  # an organisation's home page beside its address: not a citation
        found.append((m.start(), url))
    for i, (start, url) in enumerate(found):
        if i and _same_url(found[i - 1][1], url) and re.fullmatch(
                r"\s*\(", text[found[i - 1][0] + len(found[i - 1][1]): start]):
            continue  # "www.x.org/page (https://www.x.org/page)": a link written out twice
        alts: tuple[str, ...] = ()
        target = url
        if i + 1 < len(found) and _same_url(url, found[i + 1][1]) and re.fullmatch(
                r"\s*\(", text[start + len(url): found[i + 1][0]]):
            target = found[i + 1][1]
            alts = (target,) if target != url else ()
        ark, doi = _ARK.search(url), _DOI.search(target)
        ident = ark.group(0) if ark else doi.group(1) if doi else None
        full = target if "://" in target else "https://" + target
        yield WebLink(start, start + len(url), url, full, ident, alts)
    for pattern, group in ((_ARK, 0), (_DOI, 1)):
        for m in pattern.finditer(text):
            yield WebLink(m.start(group), m.end(group), m.group(group), None, m.group(group))
