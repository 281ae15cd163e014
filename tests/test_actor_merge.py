import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from claims.models import Actor, ActorAlias, Attribution, Evidence
from claims.services import actor_merge
from tests.factories import make_actor, make_article, make_attribution, make_claim

pytestmark = pytest.mark.django_db


def test_it_moves_aliases_attributions_evidence_and_members():
    target = make_actor("Kremlin")
    source = make_actor("The Kremlin Press Office")
    ActorAlias.objects.create(actor=source, name="Kremlin press service")
    member = make_actor("Press officer", affiliation=source)
    attribution = make_attribution(actor=source)
    relayed = make_attribution(actor=make_actor("Someone"), via=source, article=attribution.article)
    evidence = Evidence.objects.create(
        article=make_article(), claim=make_claim(), relation="supports", source=source
    )

    merged = actor_merge(source=source, target=target)

    assert merged.version == 2
    assert not Actor.objects.filter(pk=source.pk).exists()
    assert set(target.aliases.values_list("name", flat=True)) == {
        "The Kremlin Press Office",
        "Kremlin press service",
    }
    for row in (attribution, relayed, evidence, member):
        row.refresh_from_db()
    assert attribution.actor == target and relayed.via == target
    assert evidence.source == target and member.affiliation == target
    assert merged.history.first().history_change_reason.startswith("Merged actor")


def test_it_drops_the_chain_when_the_relay_becomes_the_speaker():
    target, source = make_actor("Tass"), make_actor("TASS agency")
    attribution = make_attribution(actor=target, via=source)
    actor_merge(source=source, target=target)
    attribution.refresh_from_db()
    assert attribution.via is None


def test_it_refuses_to_merge_an_actor_into_itself():
    actor = make_actor()
    with pytest.raises(ValidationError):
        actor_merge(source=actor, target=actor)


def test_it_leaves_everything_as_it_was_when_the_merge_fails_part_way(monkeypatch):
    target, source = make_actor("Port Authority"), make_actor("Harbour Authority")
    attribution = make_attribution(actor=source)

    def fail(*args, **kwargs):
        raise IntegrityError("disk full")

    # The last step of the merge fails after the attributions were moved.
    monkeypatch.setattr(Actor, "delete", fail)
    with pytest.raises(IntegrityError):
        actor_merge(source=source, target=target)
    attribution.refresh_from_db()
    assert attribution.actor == source
    assert not target.aliases.exists()
    assert Attribution.objects.filter(actor=target).count() == 0
