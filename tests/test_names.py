"""Names, aliases and statements are written one way on every surface: look-alike spellings
(fullwidth letters, zero-width spaces, bidirectional controls) are the same name, a name that
only reads like another actor's (a Cyrillic "а") asks for confirmation, and nothing invisible
becomes a record."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from claims.models import Actor, ActorAlias, Attribution, Claim
from claims.services import (
    actor_create,
    actor_get_or_create,
    actor_set_aliases,
    actor_update,
    claim_create,
)
from core.names import name_skeleton, normalise_text
from tests.factories import make_actor, make_article
from tests.test_admin_writes import messages_of

pytestmark = pytest.mark.django_db

CYRILLIC_A = "\u0430"
# Each reads as "Mirela Kostova" on screen.
SAME_NAME = {
    "zero-width space": "Mirela\u200b Kostova",
    "trailing right-to-left override": "Mirela Kostova\u202e",
    "fullwidth letter": "\uff2direla Kostova",
    "soft hyphen and no-break space": "Mi\u00adrela\u00a0Kostova",
    "byte order mark and tab": "\ufeffMirela\tKostova ",
}
LOOKALIKE = f"Mirela Kost{'o'}v{CYRILLIC_A}"  # the final "a" is Cyrillic
LOOKALIKES = {
    "Cyrillic a": LOOKALIKE,
    "Greek omicron": "Mirela K\u03bfstova",
    "digit zero": "Mirela K0stova",
}
INVISIBLE = ["\u200b", "\u202e\u200d", "\ufeff \u2060", "\u3164"]


@pytest.mark.parametrize("written", SAME_NAME.values(), ids=SAME_NAME.keys())
def test_it_writes_a_name_without_its_invisible_or_compatibility_characters(written):
    assert normalise_text(written) == "Mirela Kostova"


def test_it_gives_look_alikes_one_skeleton_and_other_names_their_own():
    assert {name_skeleton(n) for n in LOOKALIKES.values()} == {"mirela kostova"}
    assert name_skeleton("Мирела Костова") != "mirela kostova"  # her name in Cyrillic
    assert name_skeleton("Mirela Kostov") != "mirela kostova"


@pytest.mark.parametrize("written", SAME_NAME.values(), ids=SAME_NAME.keys())
def test_a_name_written_with_hidden_characters_finds_the_actor_it_reads_as(written):
    mirela = make_actor("Mirela Kostova")
    assert actor_get_or_create(name=written) == mirela
    assert actor_create(name=written) == (mirela, False)
    assert Actor.objects.count() == 1


@pytest.mark.parametrize("written", LOOKALIKES.values(), ids=LOOKALIKES.keys())
def test_a_name_that_only_looks_like_an_actors_is_refused_until_confirmed(written):
    mirela = make_actor("Mirela Kostova")
    for create in (actor_get_or_create, lambda **kw: actor_create(**kw)[0]):
        with pytest.raises(ValidationError) as refused:
            create(name=written)
        assert f"looks like actor #{mirela.pk} “Mirela Kostova”" in str(refused.value)
    assert Actor.objects.count() == 1

    other = actor_get_or_create(name=written, confirm_confusable=True)
    assert other != mirela and other.name == written


def test_a_name_that_looks_like_an_alias_is_refused_and_names_the_actor():
    mirela = make_actor("Mirela Kostova")
    ActorAlias.objects.create(actor=mirela, name="M. Kostova")
    with pytest.raises(ValidationError, match="an alias of “Mirela Kostova”"):
        actor_create(name=f"M. K{'o'}st{'o'}v{CYRILLIC_A}")


def test_an_existing_look_alike_is_found_from_the_plain_name_too():
    earlier = make_actor(LOOKALIKE)
    with pytest.raises(ValidationError, match=f"actor #{earlier.pk}"):
        actor_get_or_create(name="Mirela Kostova")


@pytest.mark.parametrize("invisible", INVISIBLE)
def test_nothing_invisible_becomes_an_actor_an_alias_or_a_claim(invisible):
    mirela = make_actor("Mirela Kostova")
    with pytest.raises(ValidationError, match="no visible characters"):
        actor_get_or_create(name=invisible)
    with pytest.raises(ValidationError, match="no visible characters"):
        actor_create(name=invisible)
    with pytest.raises(ValidationError, match="no visible characters"):
        claim_create(statement=invisible)
    with pytest.raises(ValidationError, match="no visible characters"):
        actor_set_aliases(actor=mirela, names=[invisible])
    with pytest.raises(ValidationError, match="no visible characters"):
        actor_update(actor=mirela, expected_version=None, changes={"name": invisible})
    assert Actor.objects.count() == 1 and not Claim.objects.exists()
    assert not ActorAlias.objects.exists()


def test_a_statement_is_stored_without_hidden_characters_and_found_by_its_plain_wording():
    claim, created = claim_create(statement="The dam\u200b was\u00a0inspected\u202e in May.")
    assert created and claim.statement == "The dam was inspected in May."
    assert claim_create(statement="The dam was inspected in May.") == (claim, False)


def test_an_alias_may_not_name_another_actor():
    mirela = make_actor("Mirela Kostova")
    other = make_actor("Ivo Kostov")
    ActorAlias.objects.create(actor=other, name="Kostov")
    for taken in ("mirela KOSTOVA", "kostov", "Kostov\u200b"):
        with pytest.raises(ValidationError, match="already names actor"):
            actor_set_aliases(actor=other if taken.startswith("m") else mirela, names=[taken])
    with pytest.raises(ValidationError, match="already names actor"):
        actor_update(actor=mirela, expected_version=None, changes={"name": "Kostov"})
    assert list(ActorAlias.objects.values_list("name", flat=True)) == ["Kostov"]


def test_an_alias_that_looks_like_another_actors_name_asks_for_confirmation():
    make_actor("Mirela Kostova")
    ivo = make_actor("Ivo Kostov")
    with pytest.raises(ValidationError, match="looks like actor"):
        actor_set_aliases(actor=ivo, names=[LOOKALIKE])
    actor_set_aliases(actor=ivo, names=[LOOKALIKE], confirm_confusable=True)
    assert list(ivo.aliases.values_list("name", flat=True)) == [LOOKALIKE]


def test_a_merge_keeps_the_merged_actors_look_alike_name_as_an_alias():
    from claims.services import actor_merge

    mirela = make_actor("Mirela Kostova")
    copy = actor_get_or_create(name=LOOKALIKE, confirm_confusable=True)
    actor_merge(source=copy, target=mirela)
    assert list(mirela.aliases.values_list("name", flat=True)) == [LOOKALIKE]


# The pages


def _attribution_post(client, article, **fields):
    quote = "the ferry sank after hitting rocks"
    start = article.text.index(quote)
    return client.post(
        f"/articles/{article.pk}/attributions/",
        {
            "start": start,
            "end": start + len(quote),
            "quote": quote,
            "stance": "asserts",
            "claim_statement": "The ferry was overloaded.",
            **fields,
        },
    )


def test_the_reader_asks_to_confirm_a_look_alike_actor_and_records_it_once_confirmed(
    analyst_client,
):
    mirela = make_actor("Mirela Kostova")
    article = make_article()

    response = _attribution_post(analyst_client, article, actor_name=LOOKALIKE)
    assert response.status_code == 422
    page = response.content.decode()
    assert f"looks like actor #{mirela.pk} “Mirela Kostova”" in page
    assert 'name="confirm_confusable"' in page
    assert not Attribution.objects.exists() and Actor.objects.count() == 1

    response = _attribution_post(
        analyst_client, article, actor_name=LOOKALIKE, confirm_confusable="on"
    )
    assert response.status_code == 302
    assert Attribution.objects.get().actor.name == LOOKALIKE


def test_the_reader_records_a_hidden_character_name_against_the_actor_it_reads_as(
    analyst_client,
):
    mirela = make_actor("Mirela Kostova")
    article = make_article()
    response = _attribution_post(analyst_client, article, actor_name=SAME_NAME["fullwidth letter"])
    assert response.status_code == 302
    assert Attribution.objects.get().actor == mirela
    # The confirmation is offered only for a look-alike.
    response = _attribution_post(analyst_client, article, actor_name="", actor_id="")
    assert 'name="confirm_confusable"' not in response.content.decode()


def test_the_reader_refuses_a_claim_that_is_a_zero_width_space(analyst_client):
    make_actor("Mirela Kostova")
    response = _attribution_post(
        analyst_client, make_article(), actor_name="Mirela Kostova", claim_statement="\u200b"
    )
    assert response.status_code == 422
    assert not Attribution.objects.exists() and not Claim.objects.exists()


# The admin


def test_the_admin_refuses_a_look_alike_actor_unless_the_curator_confirms_it(curator_client):
    make_actor("Mirela Kostova")
    data = {
        "name": LOOKALIKE,
        "kind": "person",
        "reliability": "F",
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
    }
    response = curator_client.post(reverse("admin:claims_actor_add"), data)
    assert "looks like actor" in " ".join(messages_of(response))
    assert Actor.objects.count() == 1

    response = curator_client.post(
        reverse("admin:claims_actor_add"), {**data, "confirm_confusable": "on"}
    )
    assert response.status_code == 302
    assert Actor.objects.filter(name=LOOKALIKE).exists()


def test_the_admin_refuses_an_alias_that_names_another_actor(curator_client):
    from tests.test_admin_writes import change_url, form_data

    make_actor("Mirela Kostova")
    ivo = make_actor("Ivo Kostov")
    data = form_data(curator_client.get(change_url(ivo)))
    data.update({"aliases-0-name": "Mirela\u200b Kostova"})
    response = curator_client.post(change_url(ivo), data)
    assert "already names actor" in " ".join(messages_of(response))
    assert not ActorAlias.objects.exists()
