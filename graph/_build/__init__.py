"""The build: files -> documents (read) -> links across documents -> triples (map) -> the
checks and the one report -> an output file or a store.

Every arrow points down (``tests/test_architecture.py``):

- ``config``: :class:`BuildConfig`, and the cache key (options, shapes, authority and curation
  files, the registered extractors and loaders with their code).
- ``executors``: batches, the :class:`Executor` protocol and two executors, :class:`InProcess`
  (this process) and :class:`Processes` (local processes, with the rule that a few batches run
  here); ``dask``: the same on a Dask cluster (the only module that imports distributed).
- ``read``: the read stage (load, spaCy, extract, resolve), per document.
- ``results``: :class:`BuildResult`, :class:`Failure`, :class:`DocumentSummary`, the counts.
- ``map``: the map stage (triples to the spool, per-batch SHACL findings).
- ``spool``, ``written``: spooled N-Triples; reuse of the unchanged blocks of the last output.
- ``tally``: refcounts and counts of what the documents give (which documents describe each
  subject, typed nodes, the lines' digests); ``consolidation``: one value per single-valued
  property, from the documents' values; ``check``: the checked nodes (validated on all their
  triples) and the one report composer. Each takes a document's contribution in (``add``) and
  out (``retract``), and gives its ``result``.
- ``state``: what a build decided across documents, kept for the next one: the bundle of
  those accumulators, which a full build fills from empty and an incremental one updates
  (each changed document's old version out, its new one in), through the same methods.
- ``cache``: the per-document cache and the manifest.
- ``plan``: what a build redoes, and why (full or incremental; the files read again, those
  retired; one line of reason), decided once for every road (a file, a store).
- ``link``: links across documents and document IRIs (:class:`link.DocumentIris`), from
  nothing or from the last build's state (``link.relink``).
- ``stages``: each stage of a run in the main process (read, link, map and apply, check,
  finish), the same code from an empty state and from a saved one.
- ``sinks``: where a run's graph goes (the spool kept in the result, a file, a store).
- ``engine``: :func:`engine.run`, the stages in order, then the sink: a full build is a rebuild
  from an empty state; the executor (this process, worker processes, a Dask cluster) and the
  sink are parameters.

``graph.pipeline.build`` is the public façade: every build, in one process or many, with a
cache or without, into a file or a store, is an ``engine.run``.
"""
