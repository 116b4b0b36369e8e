"""Time spent in each stage of a build, added up over documents (and over worker processes).

A stage's figure is the CPU time its code used (``time.thread_time``), summed over every process
that ran it, so with two workers the stages can add up to about twice the build's elapsed time.
CPU time, not wall time, so that the figures hold on a machine shared with other work. Shares
are taken of that sum: they say where the work goes, whatever the number of processes.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

__all__ = ["STAGES", "StageTimes"]

#: The stages, in pipeline order: loading files, spaCy, the extractors, within-document
#: resolution, mapping to RDF, SHACL validation (per document and across documents), merging
#: results into the dataset (with cross-document consolidation), writing the output.
STAGES = ("load", "nlp", "extract", "resolve", "map", "validate", "merge", "write")


class StageTimes:
    """CPU seconds per stage; ``with times("nlp"): ...`` adds the CPU time the block takes."""

    def __init__(self, seconds: Mapping[str, float] | None = None) -> None:
        self.seconds: dict[str, float] = dict.fromkeys(STAGES, 0.0)
        if seconds:
            self.add(seconds)

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        started = time.thread_time()
        try:
            yield
        finally:
            self.seconds[stage] = self.seconds.get(stage, 0.0) + time.thread_time() - started

    def add(self, seconds: Mapping[str, float]) -> None:
        """Add another process's (or document's) figures to these."""
        for stage, value in seconds.items():
            self.seconds[stage] = self.seconds.get(stage, 0.0) + value

    def total(self) -> float:
        return sum(self.seconds.values())

    def shares(self) -> dict[str, float]:
        """Each stage's fraction of the summed time (0 when nothing was timed)."""
        total = self.total()
        return {k: (v / total if total else 0.0) for k, v in self.seconds.items()}
