from .models import Block, KnownActor, KnownClaim, Structure, Suggestion  # noqa: F401
from .structure import detect_structure  # noqa: F401
