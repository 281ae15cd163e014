"""match_claim: reworded statements match, other statements on the same topic do not."""

from claims.suggest import KnownClaim, match_claim

CLAIMS = [
    KnownClaim(1, "North Korea supplies missiles and artillery ammunition to Russia"),
    KnownClaim(2, "Russia will help North Korea launch reconnaissance satellites"),
]


def test_it_matches_a_reworded_statement():
    claim, score = match_claim("Pyongyang had recently supplied weapons to Russia", CLAIMS)
    assert claim is not None and claim.id == 1 and score >= 0.5


def test_it_matches_a_short_paraphrase():
    claim, _ = match_claim("supplied weapons to Russia", CLAIMS)
    assert claim is not None and claim.id == 1


def test_it_rejects_an_unrelated_statement_on_the_same_topic():
    claim, score = match_claim("North Korea tested a new intercontinental ballistic missile", CLAIMS)
    assert claim is None and 0 < score < 0.5


def test_it_returns_none_without_claims():
    assert match_claim("anything at all", []) == (None, 0.0)
