"""Throughput of kg-builder on a synthetic corpus, against the bare spaCy model on the same texts.

    python scripts/benchmark.py --docs 200 [--seed 7] [--workers 2] [--rebuild] [--json]

Writes ``--docs`` synthetic letters, press releases and meeting reports (``scripts/_synth.py``,
fixed seed) to a temporary folder, then in one run:

1. times the bare spaCy pipeline over the same texts with as many processes as the build has
   workers (``nlp.pipe(n_process=W)``), wall clock and CPU time (its worker processes
   included);
2. builds them end to end with ``--workers`` processes and writes the graph as N-Quads, timing
   each stage (load, NLP, extraction, resolution, mapping, validation, merge, write);
3. with ``--rebuild``, changes one document and builds again from the cache of the first build
   (an incremental build), timing it; three times, a document at a quarter, half and three
   quarters of the corpus each time (``rebuild_one_changed_s`` is the median).

It prints documents/s, words/s, triples/s, peak memory (all processes of the build together),
each stage's share of the summed stage time, and two ratios to the bare model, both on the same
texts with the same number of processes: wall clock (bare seconds / build seconds) and CPU time
(bare CPU seconds / build CPU seconds, every process counted, but not the thread that samples
the build's memory: ``memory_sampling_cpu_seconds``, said apart). The last line is the same
figures as one JSON object. Figures measured on a shared machine are pessimistic: compare runs
made on the same machine.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _synth import write_corpus

from graph._build.cache import OutcomeCache
from graph._build.config import BuildConfig
from graph._build.executors import default_workers
from graph._namespaces import DEFAULT_BASE
from graph._stages import StageTimes
from graph.pipeline import build


class PeakMemory:
    """Peak memory of this process and its children, sampled ten times a second (psutil): the
    sum of their resident sizes (RSS, which counts a page that forked workers share with this
    process once in each) and the sum of their proportional set sizes (PSS, each shared page
    divided among the processes that share it: the physical memory they use together). Without
    psutil: the kernel's peaks of this process and of its largest child.

    Reading a process's PSS makes the kernel walk its page tables: with a build's three
    processes the sampling thread takes about 0.28 s of CPU a second (measured beside two idle
    forked children of a process holding the spaCy model), which is not the build's work. It
    is kept in :attr:`cpu_seconds` so that the caller can leave it out of the build's CPU."""

    def __init__(self) -> None:
        self.peak = 0
        self.peak_pss = 0
        self.cpu_seconds = 0.0  # CPU time of the sampling thread itself
        self._stop = threading.Event()
        try:
            import psutil

            self._me: object | None = psutil.Process()
        except ImportError:
            self._me = None
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        import psutil

        me = self._me
        assert isinstance(me, psutil.Process)
        started = time.thread_time()
        try:
            self._sample_until_stopped(me)
        finally:
            self.cpu_seconds = time.thread_time() - started

    def _sample_until_stopped(self, me: object) -> None:
        import psutil

        assert isinstance(me, psutil.Process)
        while not self._stop.wait(0.1):
            rss = pss = 0
            for proc in [me, *me.children(recursive=True)]:
                try:
                    info = proc.memory_full_info()
                except psutil.Error:
                    continue
                rss += info.rss
                pss += getattr(info, "pss", info.rss)
            self.peak = max(self.peak, rss)
            self.peak_pss = max(self.peak_pss, pss)

    def __enter__(self) -> PeakMemory:
        if self._me is not None:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._me is not None:
            self._thread.join()
        else:
            import resource

            kib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                   + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
            self.peak = self.peak_pss = kib * 1024

    @property
    def mb(self) -> float:
        return self.peak / 2**20

    @property
    def pss_mb(self) -> float:
        return self.peak_pss / 2**20


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended."""
    import resource

    me, children = (resource.getrusage(w)
                    for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def bare_spacy(texts: list[str], processes: int) -> tuple[float, float]:
    """Seconds (wall, CPU) the bare spaCy pipeline takes over ``texts`` with ``processes``
    processes (``nlp.pipe(n_process=...)``; the CPU of its worker processes counted when they
    end, which they have when the pipe is exhausted)."""
    from graph._nlp import load_pipeline

    nlp = load_pipeline()
    started, cpu = time.perf_counter(), cpu_seconds()
    for _ in nlp.pipe(texts, batch_size=16, n_process=processes):
        pass
    seconds = time.perf_counter() - started
    for child in multiprocessing.active_children():  # reaped, so that their CPU is counted
        child.join()
    return seconds, cpu_seconds() - cpu


def build_and_write(folder: Path, out: Path, workers: int, cache: Path | None
                    ) -> tuple[float, StageTimes, dict[str, object]]:
    started = time.perf_counter()
    store = OutcomeCache(cache, BuildConfig(DEFAULT_BASE)) if cache is not None else None
    result = build([folder], workers=workers, cache=store)
    times = StageTimes(result.stage_seconds)
    with times("write"):
        result.write(out, "nquads")
        if store is not None:
            store.finish(out)
    seconds = time.perf_counter() - started
    summary: dict[str, object] = {
        "triples": result.summary()["triples"], "failed": len(result.failures),
        "violations": result.validation.count("Violation") if result.validation else None,
    }
    if result.failures:
        print(f"{len(result.failures)} documents failed, e.g. {result.failures[0]}",
              file=sys.stderr)
    result.close()
    del result
    return seconds, times, summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=100, help="number of documents")
    parser.add_argument("--seed", type=int, default=7, help="seed of the synthetic corpus")
    parser.add_argument("--workers", type=int, default=default_workers(),
                        help="worker processes (default: the CPUs)")
    parser.add_argument("--rebuild", action="store_true",
                        help="also time a rebuild after changing one document")
    parser.add_argument("--json", action="store_true", help="print only the JSON line")
    args = parser.parse_args(argv)

    def say(text: str) -> None:
        if not args.json:
            print(text, flush=True)

    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        folder = Path(tmp) / "corpus"
        paths = write_corpus(folder, args.docs, args.seed)
        texts = [p.read_text(encoding="utf-8") for p in paths]
        words = sum(len(t.split()) for t in texts)
        say(f"corpus: {args.docs} documents, {words} words, seed {args.seed}, "
            f"{args.workers} workers, {os.cpu_count()} CPUs")

        spacy_s, spacy_cpu = bare_spacy(texts, args.workers)
        say(f"bare spaCy, {args.workers} processes: {spacy_s:.2f} s ({spacy_cpu:.2f} s CPU), "
            f"{args.docs / spacy_s:.1f} documents/s")

        cache = Path(tmp) / "out.nq.kg-cache" if args.rebuild else None
        cpu = cpu_seconds()
        with PeakMemory() as memory:
            seconds, times, summary = build_and_write(folder, Path(tmp) / "out.nq", args.workers,
                                                      cache)
        # the CPU of every process of the build, less the memory sampler's (not the build's)
        cpu = cpu_seconds() - cpu - memory.cpu_seconds
        triples = int(summary["triples"])  # type: ignore[call-overload]
        shares = times.shares()
        figures: dict[str, object] = {
            "docs": args.docs,
            "words": words,
            "workers": args.workers,
            "seconds": round(seconds, 3),
            "docs_per_s": round(args.docs / seconds, 3),
            "words_per_s": round(words / seconds, 1),
            "triples": triples,
            "triples_per_s": round(triples / seconds, 1),
            "peak_rss_mb": round(memory.mb, 1),
            "peak_pss_mb": round(memory.pss_mb, 1),
            "bare_spacy_processes": args.workers,
            "bare_spacy_seconds": round(spacy_s, 3),
            "bare_spacy_docs_per_s": round(args.docs / spacy_s, 3),
            "ratio_to_bare_spacy": round(spacy_s / seconds, 3),
            "cpu_seconds": round(cpu, 3),
            "bare_spacy_cpu_seconds": round(spacy_cpu, 3),
            "cpu_ratio_to_bare_spacy": round(spacy_cpu / cpu, 3),
            "memory_sampling_cpu_seconds": round(memory.cpu_seconds, 3),
            "shacl_share": round(shares["validate"], 3),
            "stage_shares": {k: round(v, 3) for k, v in shares.items()},
            "stage_seconds": {k: round(v, 3) for k, v in times.seconds.items()},
            "failed": summary["failed"],
            "violations": summary["violations"],
        }
        say(f"build: {seconds:.2f} s, {figures['docs_per_s']} documents/s, "
            f"{figures['words_per_s']} words/s, {figures['triples_per_s']} triples/s, "
            f"peak memory {figures['peak_rss_mb']} MB (RSS summed), "
            f"{figures['peak_pss_mb']} MB (PSS summed)")
        say(f"ratio to bare spaCy, both on {args.workers} processes: "
            f"{figures['ratio_to_bare_spacy']} wall clock ({seconds:.1f} s against "
            f"{spacy_s:.1f} s), {figures['cpu_ratio_to_bare_spacy']} CPU time ({cpu:.1f} s "
            f"against {spacy_cpu:.1f} s; the memory sampling's {memory.cpu_seconds:.1f} s "
            "not counted)")
        say("stage shares (of summed stage time): " + ", ".join(
            f"{k} {v:.0%}" for k, v in shares.items()))
        if args.rebuild:
            # one document changed at a time, at three places of the corpus (what a rebuild
            # does depends on the entities the document shares with others)
            rebuilds, rss, pss = [], 0.0, 0.0
            for where in (len(paths) // 4, len(paths) // 2, 3 * len(paths) // 4):
                changed = paths[where]
                changed.write_text(changed.read_text(encoding="utf-8")
                                   + "\nThe meeting ended.\n", encoding="utf-8")
                with PeakMemory() as memory:
                    rebuild_s, _, _ = build_and_write(folder, Path(tmp) / "out.nq",
                                                      args.workers, cache)
                rss, pss = max(rss, memory.mb), max(pss, memory.pss_mb)
                rebuilds.append(round(rebuild_s, 3))
                say(f"rebuild after changing one document ({changed.name}): {rebuild_s:.2f} s, "
                    f"peak memory {memory.mb:.1f} MB (RSS summed), {memory.pss_mb:.1f} MB (PSS)")
            figures["rebuild_one_changed_s"] = sorted(rebuilds)[1]  # the median
            figures["rebuild_one_changed_all_s"] = rebuilds
            figures["rebuild_peak_rss_mb"] = round(rss, 1)
            figures["rebuild_peak_pss_mb"] = round(pss, 1)
    print(json.dumps(figures, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
