"""The built-in extractors. Importing this package registers them in ``graph.registry``.

Each module registers its extractors under versioned names, exactly as a plug-in would:

- ``document.v1``: what the source document is (kind, title, reference, date, language, sender,
  recipient, what it replies to);
- ``references.v1``: the documents it refers to (conventions, recommendations, resolutions,
  letters, URLs) and its citations;
- ``people.v1``, ``organizations.v1``, ``places.v1``, ``events.v1``: the entities;
- ``posts.v1``: who holds which post where; ``participation.v1``: who took part in which event;
- ``posts-fr-es.v1``: posts written in French or Spanish ("Directrice de la Division ...");
- ``relations.v1``: relations read from ordinary prose by a statistical classifier (posts,
  participation, location, part-of), each with its confidence.
"""

from __future__ import annotations

from . import (  # noqa: F401  (imported to register)
    document,
    events,
    organizations,
    participation,
    people,
    places,
    posts,
    posts_fr_es,
    references,
    relations,
)
