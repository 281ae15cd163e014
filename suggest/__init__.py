"""Machine suggestions of attributions (who asserted or denied what, where and when) in news text.

Built on spaCy's English pipeline (the installed package ``pipeline.use_model`` names; nothing
is downloaded) and importing nothing from Django, so the app and command-line tools can both
use it:

    from suggest import extract
    suggestions = extract(text, published_on=date, actors=known_actors, claims=known_claims)

Known claims and known actors can be prepared once and reused for every article, which is
what an import of many articles should do:

    from suggest import ActorIndex, ClaimIndex, extract
    claim_index = ClaimIndex(known_claims)   # ~0.1 ms per claim, once
    actor_index = ActorIndex(known_actors)   # alias and surname lookups, once
    for text in articles:
        extract(text, actors=actor_index, claims=claim_index)

ClaimIndex keeps each claim's stems and trigrams and an inverted index from stems (after
synonyms) to claims, so each statement is scored only against the few claims sharing its
rarer stems (at most 30, ranked by the IDF weight of the shared stems) instead of all of
them. ``extract`` and ``match_claim`` accept either a plain sequence (a ClaimIndex or
ActorIndex is then built for that one call) or a prepared index. Rebuild an index when the
claims or actors change; an index is read-only once built and can be shared between threads.
"""

from .dates import resolve_date
from .extract import extract
from .matching import ClaimIndex, match_claim
from .models import Block, KnownActor, KnownClaim, Structure, Suggestion
from .speakers import ActorIndex
from .structure import detect_structure

__all__ = [
    "ActorIndex",
    "Block",
    "ClaimIndex",
    "KnownActor",
    "KnownClaim",
    "Structure",
    "Suggestion",
    "detect_structure",
    "extract",
    "match_claim",
    "resolve_date",
]
