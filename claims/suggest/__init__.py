"""Machine suggestions of attributions (who asserted or denied what, where and when) in news text.

Pure Python, standard library only, so the Django app and command-line tools can both use it:

    from claims.suggest import extract
    suggestions = extract(text, published_on=date, actors=known_actors, claims=known_claims)
"""
from .dates import resolve_date
from .extract import extract
from .matching import match_claim
from .models import Block, KnownActor, KnownClaim, Structure, Suggestion
from .structure import detect_structure

__all__ = [
    "Block", "KnownActor", "KnownClaim", "Structure", "Suggestion",
    "detect_structure", "extract", "match_claim", "resolve_date",
]
