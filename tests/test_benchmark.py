"""scripts/benchmark.py runs end to end and ends with its figures as one JSON object."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import REPO


def test_benchmark_prints_its_figures_as_json_last():
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "benchmark.py"), "--docs", "5", "--workers", "2",
         "--rebuild"],
        capture_output=True, text=True, env=env, timeout=600, check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert any(line.startswith("bare spaCy, 2 processes:") for line in lines)
    figures = json.loads(lines[-1])
    for key in ("docs", "seconds", "docs_per_s", "peak_rss_mb", "shacl_share",
                "ratio_to_bare_spacy", "words_per_s", "triples_per_s", "stage_shares",
                "rebuild_one_changed_s", "cpu_ratio_to_bare_spacy", "bare_spacy_cpu_seconds"):
        assert key in figures, key
    assert figures["bare_spacy_processes"] == figures["workers"] == 2
    assert figures["docs"] == 5 and figures["failed"] == 0
    assert figures["triples"] > 0 and figures["peak_rss_mb"] >= figures["peak_pss_mb"] > 0
    assert 0 < figures["shacl_share"] < 1
    assert abs(sum(figures["stage_shares"].values()) - 1) < 0.01
