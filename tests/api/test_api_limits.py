"""What one request may write is bounded, so that no request holds the database's write lock (on
SQLite, the whole database) for long: aliases per actor and articles per bulk call. The limits
are stated in the schema, and a request over them is refused whole."""

import pytest
from django.core.exceptions import ValidationError

from claims.models import Actor, ActorAlias
from claims.services import ACTOR_MAX_ALIASES, actor_create, actor_update
from tests.factories import make_actor

pytestmark = pytest.mark.django_db


def _names(n: int) -> list[str]:
    return [f"Spelling {i}" for i in range(n)]


def test_it_refuses_a_patch_with_more_aliases_than_an_actor_may_have(analyst_api):
    actor = make_actor("Sergei Lavrov")
    actor.aliases.create(name="Lavrov")
    version = Actor.objects.get(pk=actor.pk).version
    history = actor.history.count()

    response = analyst_api.patch(
        f"/api/v1/actors/{actor.pk}/",
        {"role": "Foreign minister", "aliases": _names(ACTOR_MAX_ALIASES + 1)},
        format="json",
    )

    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == {
        "aliases": [f"Ensure this field has no more than {ACTOR_MAX_ALIASES} elements."]
    }
    # Nothing written: not the aliases, not the role sent with them.
    actor.refresh_from_db()
    assert (actor.role, actor.version, actor.history.count()) == ("", version, history)
    assert list(ActorAlias.objects.values_list("name", flat=True)) == ["Lavrov"]


def test_it_takes_as_many_aliases_as_the_limit(analyst_api):
    actor = make_actor("Sergei Lavrov")
    response = analyst_api.patch(
        f"/api/v1/actors/{actor.pk}/", {"aliases": _names(ACTOR_MAX_ALIASES)}, format="json"
    )
    assert response.status_code == 200
    assert actor.aliases.count() == ACTOR_MAX_ALIASES


def test_it_refuses_a_new_actor_with_too_many_aliases(analyst_api):
    response = analyst_api.post(
        "/api/v1/actors/",
        {"name": "Maria Zakharova", "aliases": _names(ACTOR_MAX_ALIASES + 1)},
        format="json",
    )
    assert response.status_code == 400
    assert "aliases" in response.json()
    assert not Actor.objects.exists() and not ActorAlias.objects.exists()


def test_the_service_bounds_the_aliases_for_every_caller(analyst):
    """The admin and any other caller write aliases through the same service, which refuses
    too many (distinct) names and leaves the actor as it was."""
    actor = make_actor("Dmitry Peskov")
    too_many = _names(ACTOR_MAX_ALIASES + 1)
    with pytest.raises(ValidationError) as refused:
        actor_update(
            actor=actor,
            expected_version=None,
            changes={"role": "Kremlin spokesman"},
            aliases=too_many,
            user=analyst,
        )
    assert refused.value.message_dict == {
        "aliases": [
            f"At most {ACTOR_MAX_ALIASES} aliases per actor; {ACTOR_MAX_ALIASES + 1} were given."
        ]
    }
    actor.refresh_from_db()
    assert actor.role == "" and not actor.aliases.exists()
    with pytest.raises(ValidationError):
        actor_create(name="Kremlin", aliases=too_many, user=analyst)
    assert not Actor.objects.filter(name="Kremlin").exists()
    # The same spelling twice is one alias: a hundred distinct names and repeats pass.
    actor_update(
        actor=actor,
        expected_version=None,
        changes={},
        aliases=[*_names(ACTOR_MAX_ALIASES), "Spelling 0", "spelling 1"],
        user=analyst,
    )
    assert actor.aliases.count() == ACTOR_MAX_ALIASES


def test_the_schema_states_the_limits(analyst_api):
    from api.serializers import BULK_LIMIT

    schemas = analyst_api.get("/api/schema/?format=json").json()["components"]["schemas"]
    for name in ("ActorRequest", "PatchedActorRequest"):
        aliases = schemas[name]["properties"]["aliases"]
        assert aliases["maxItems"] == ACTOR_MAX_ALIASES
        assert f"At most {ACTOR_MAX_ALIASES}" in aliases["description"]
    articles = schemas["ArticleBulkRequest"]["properties"]["articles"]
    assert (articles["minItems"], articles["maxItems"]) == (1, BULK_LIMIT)
    assert f"At most {BULK_LIMIT} articles" in articles["description"]
