"""The build: files -> documents (read) -> links across documents -> triples (map) -> the
checks and the one report -> an output file or a store.

Every arrow points down (``tests/test_architecture.py``):

- ``config``: :class:`BuildConfig`, and the cache key (options, shapes, authority and curation
  files, the registered extractors and loaders with their code).
- ``executors``: batches, :class:`WorkerPool` (local processes) and the rule that a few batches
  run here; ``dask``: the same on a Dask cluster (the only module that imports distributed).
- ``read``: the read stage (load, spaCy, extract, resolve), per document.
- ``results``: :class:`BuildResult`, :class:`Failure`, :class:`DocumentSummary`, the counts.
- ``link``: links across documents and document IRIs (:class:`link.DocumentIris`).
- ``map``: the map stage (triples to the spool, per-batch SHACL findings).
- ``spool``, ``written``: spooled N-Triples; reuse of the unchanged blocks of the last output.
- ``consolidation``: one value per single-valued property, from the documents' values.
- ``cache``: the per-document cache and the manifest.
- ``state``: what a build decided across documents, kept for the next one.
- ``plan``: what a build redoes, and why (full or incremental; the files read again, those
  retired; one line of reason), decided once for every road (a file, a store).
- ``check``: the checked nodes validated on all their triples; the one report composer.
- ``update``: the state updated by the documents that change (tallies, consolidation, lines,
  checked nodes), each old version out and the new one in.
- ``incremental``: the build from the last build's state; ``full``: the build from nothing
  (reading, linking, mapping, checking), or ``incremental`` when the plan says so.

``graph.pipeline.build`` is the public façade; it also holds the one-process, in-memory build.
"""
