"""Word clusters (graph/extract/_clusters.py): the shipped file, a word's clusters, and the
pipelines they do not fit."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from graph.extract import _clusters
from graph.extract._clusters import CLUSTERS_FILE, Clusters, clusters_for, word_clusters

from .conftest import processed


def test_the_shipped_file_has_fine_centroids_of_unit_length_and_a_coarse_cluster_each() -> None:
    centroids, coarse, (rows, width) = word_clusters()
    assert centroids.shape == (512, 300) and coarse.shape == (512,)
    assert rows > 0 and width == 300
    assert np.allclose(np.linalg.norm(centroids.astype(np.float32), axis=1), 1.0, atol=1e-2)
    assert coarse.min() >= 0 and coarse.max() < 64


def test_a_missing_file_gives_no_clusters(tmp_path: Path) -> None:
    centroids, coarse, source = word_clusters(tmp_path / "none.npz")
    assert len(centroids) == 0 and len(coarse) == 0 and source == (0, 0)


@pytest.mark.usefixtures("nlp_ready")
def test_a_word_gets_the_cluster_of_the_centroid_nearest_its_vector() -> None:
    doc = processed("The guitarist met the bassist in Oslo.").chunks[0][1]
    centroids = np.eye(2, 300, dtype=np.float32)  # two directions: the first two coordinates
    clusters = Clusters(centroids, np.array([5, 9], dtype=np.int16))
    for token in doc:
        found = clusters.of(token)
        if not token.has_vector:
            assert found is None
            continue
        fine = int(np.argmax(centroids @ token.vector))
        assert found == (f"f{fine}", f"g{[5, 9][fine]}")
    with_vectors = [t for t in doc if t.has_vector]
    assert clusters.features("cw", with_vectors[:1]) == [f"cw={c}" for c in
                                                        clusters.of(with_vectors[0]) or ()]


@pytest.mark.usefixtures("nlp_ready")
def test_a_pipeline_with_other_vectors_gets_no_clusters(monkeypatch: pytest.MonkeyPatch) -> None:
    token = processed("Oslo").chunks[0][1][0]
    shipped = word_clusters()
    monkeypatch.setattr(_clusters, "_BY_VOCAB", {})
    monkeypatch.setattr(_clusters, "word_clusters",
                        lambda path=CLUSTERS_FILE: (shipped[0], shipped[1], (7, 300)))
    assert clusters_for(token) is None
