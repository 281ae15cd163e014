"""match_claim: reworded statements match, other statements on the same topic do not."""

from suggest import KnownClaim, match_claim

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
    claim, score = match_claim(
        "North Korea tested a new intercontinental ballistic missile", CLAIMS
    )
    assert claim is None and 0 < score < 0.5


def test_it_returns_none_without_claims():
    assert match_claim("anything at all", []) == (None, 0.0)


# ---------------------------------------------------------------- prepared index

from suggest import ActorIndex, ClaimIndex, KnownActor, extract  # noqa: E402

STATEMENTS = [
    "Pyongyang had recently supplied weapons to Russia",
    "supplied weapons to Russia",
    "North Korea tested a new intercontinental ballistic missile",
    "Moscow promised to help launch a reconnaissance satellite for North Korea",
    "anything at all",
]


def _many_claims(n):
    claims = [
        KnownClaim(i, f"Ardania smuggled drone parts to Belmora (case {i})") for i in range(n)
    ]
    topics = [
        "the port contract",
        "river water",
        "fuel subsidies",
        "mining licences",
        "tax records",
    ]
    claims += [
        KnownClaim(
            n + i, f"The ministry leaked {topics[i % 5]} to foreign buyers in {1990 + i % 40}"
        )
        for i in range(n)
    ]
    return claims


def test_an_index_gives_the_same_match_as_the_list():
    claims = CLAIMS + _many_claims(300)
    index = ClaimIndex(claims)
    for statement in STATEMENTS:
        by_list, by_index = match_claim(statement, claims), match_claim(statement, index)
        assert by_list[0] == by_index[0]
        if by_list[0] is not None:
            assert by_list[1] == by_index[1]


def test_an_index_of_20000_claims_still_finds_the_right_one():
    claims = _many_claims(10_000)
    claims.insert(
        7_777, KnownClaim(-1, "North Korea supplies missiles and artillery ammunition to Russia")
    )
    index = ClaimIndex(claims)
    assert len(index) == 20_001
    claim, score = index.match("Pyongyang had recently supplied weapons to Russia")
    assert claim is not None and claim.id == -1 and score >= 0.5
    claim, _ = index.match("Ardania smuggled drone parts to Belmora in case 4321")
    assert claim is not None and claim.id == 4321
    assert index.match("The weather was mild in the afternoon")[0] is None


def test_an_empty_index_matches_nothing():
    assert match_claim("anything at all", ClaimIndex([])) == (None, 0.0)


ARTICLE = (
    "Officials in Seoul said on Monday that Pyongyang had recently supplied weapons to Russia. "
    "Kremlin spokesperson Dmitry Peskov denied that Russia was receiving weapons from North Korea."
)


def test_extract_accepts_a_prepared_index_or_a_list_with_the_same_result():
    claims = CLAIMS + _many_claims(200)
    actors = [KnownActor(9, "Dmitry Peskov", (), "person", "Kremlin spokesperson")]
    by_list = extract(ARTICLE, claims=claims, actors=actors)
    by_index = extract(ARTICLE, claims=ClaimIndex(claims), actors=ActorIndex(actors))
    assert [s.as_json() for s in by_list] == [s.as_json() for s in by_index]
    assert {s.claim_id for s in by_index} == {1}
    assert any(s.actor_id == 9 and s.stance == "denies" for s in by_index)


def test_a_prepared_actor_index_is_reused_across_articles():
    index = ActorIndex([KnownActor(9, "Dmitry Peskov", ("Peskov",), "person")])
    for _ in range(2):
        suggestions = extract(ARTICLE, actors=index)
        assert any(s.actor_id == 9 for s in suggestions)
    assert len(index) == 1
