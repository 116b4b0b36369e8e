"""Content negotiation: the media type to answer with, from a request's ``Accept`` header."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["negotiate"]


def _accepted(header: str) -> list[tuple[str, float]]:
    ranges = []
    for part in header.split(","):
        media, *options = (p.strip() for p in part.split(";"))
        if not media:
            continue
        quality = 1.0
        for option in options:
            key, _, value = option.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranges.append((media.lower(), quality))
    return ranges


def negotiate(header: str | None, offered: Sequence[str]) -> str | None:
    """The offered type the client prefers: the highest quality (that of the most specific
    range matching it), then the order of ``offered``. No header: the first offered. None when
    none is acceptable."""
    if not header or not header.strip():
        return offered[0]
    ranges = _accepted(header)
    best: tuple[float, int] | None = None
    chosen = None
    for order, media in enumerate(offered):
        kind = media.split("/")[0]
        # the most specific range that matches this type decides its quality
        matching = [(2 if rng == media else 1 if rng == f"{kind}/*" else 0, quality)
                    for rng, quality in ranges if rng in (media, f"{kind}/*", "*/*")]
        if not matching:
            continue
        quality = max(matching)[1]
        if quality > 0 and (best is None or (quality, -order) > best):
            best, chosen = (quality, -order), media
    return chosen
