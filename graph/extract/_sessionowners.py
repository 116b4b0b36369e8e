"""Which body a session is: the bodies that hold the sessions ``participation.v1`` reads.

A session belongs to the body a record's heading names above it or before it on its line
("EXECUTIVE BOARD" over "Hundred and fourth session"; "GENERAL CONFERENCE   14 C/VR.7 (prov.)"
over "Fourteenth Session"), to the body "its" stands for ("the Board would request a report at
its 187th session": the body ``events.v1`` named the session after), and to the body whose short
name owns it ("before the Board's 105th session"). A body that owns the next ("Unesco" in
"Unesco's General Conference") is not the one a sentence opens with.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..records import Mention

__all__ = ["heading_body", "owner", "possessor", "short_owner"]


def possessor(text: str, body: Mention, bodies: Sequence[Mention]) -> bool:
    """``body`` owns the body after it: "Unesco" in "Unesco's General Conference"."""
    gap = re.match(r"['’]s\s+", text[body.span.end:body.span.end + 4])
    return gap is not None and any(b.span.start == body.span.end + gap.end() for b in bodies)


#: A body's short name owning a session: "before the Board's 105th session".
_SHORT_OWNER = re.compile(r"\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)['’]s\s+$")


def short_owner(text: str, event: Mention, bodies: Sequence[Mention]) -> Mention | None:
    """The body whose short name owns the session ("the Board's 105th session"): the nearest
    before it whose name has the short name's words, when the short name is no body's mention."""
    short = _SHORT_OWNER.search(text, max(0, event.span.start - 40), event.span.start)
    if short is None or any(b.span.start <= short.start(1) < b.span.end for b in bodies):
        return None
    return _last_named(bodies, short.start(), set(short.group(1).lower().split()))


def owner(event: Mention, bodies: Sequence[Mention]) -> Mention | None:
    """The body ``events.v1`` named "its" session after ("hoped that the Board would request a
    report at its 187th session": "187th session of the Board"), the nearest before it whose
    name has the words of the one the session took; None when the session took none."""
    bare = event.alternate_names[0] if event.alternate_names else ""
    if not bare or not event.name.startswith(f"{bare} of "):
        return None
    words = set(event.name[len(bare) + 4:].lower().split()) - {"the"}
    return _last_named(bodies, event.span.start, words)


def _last_named(bodies: Sequence[Mention], end: int, words: set[str]) -> Mention | None:
    """The last of ``bodies`` before ``end`` whose name has all of ``words``."""
    return next((b for b in reversed(bodies) if b.span.end <= end
                 and words <= set(b.name.lower().split())), None)


#: What stands between a body and its session in a record's heading: "GENERAL CONFERENCE -
#: TWENTY-EIGHTH SESSION", "EXECUTIVE BOARD\n   Hundred and fourth session".
_HEADING_GAP = re.compile(r"[ \t]*(?:[-\u2013\u2014,:][ \t]*)?(?:\n[ \t]*)?")


def heading_body(text: str, bodies: Sequence[Mention], event: Mention) -> Mention | None:
    """The body a record's heading names before a session, on its line or alone on the line
    above; the session is the body's."""
    line_start = text.rfind("\n", 0, event.span.start) + 1
    if not _column_start(text, event.span.start) and not any(
            b.span.start >= line_start for b in bodies if b.span.end <= event.span.start):
        return None  # the session does not open its line or column, nor follow a body on it
    body = next((b for b in reversed(bodies) if b.span.end <= event.span.start), None)
    if body is None:  # only the nearest body before the session is its heading's
        return None
    before = text[text.rfind("\n", 0, body.span.start) + 1:body.span.start]
    if (_HEADING_GAP.fullmatch(text, body.span.end, event.span.start)
            or _LINE_ABOVE.fullmatch(text, body.span.end, event.span.start)) and (
            _column_start(text, body.span.start) or _CAPITALS.fullmatch(before)):
        return body
    return None


#: A heading's body ends its line, or a wide gap parts it from the next column, and the session
#: opens the next line: "GENERAL CONFERENCE          14 C/VR.7 (prov.)\nFourteenth Session".
_LINE_ABOVE = re.compile(r"(?:[ \t]{3,}[^\n]*)?\n[ \t]*")
#: Words in capitals before a heading's body: "RECORDS OF THE GENERAL CONFERENCE".
_CAPITALS = re.compile(r"[ \t]*(?:[A-Z]+[ \t]+)+")


def _column_start(text: str, at: int) -> bool:
    """Nothing but blanks stands before ``at`` on its line, or a wide gap ends what does (a
    heading's right column: "184 EX/SR.4 (prov.)          EXECUTIVE BOARD")."""
    before = text[text.rfind("\n", 0, at) + 1:at]
    return not before.strip() or before.endswith("   ")
