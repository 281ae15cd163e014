import pytest

from claims.models import Actor, Attribution, Claim
from tests.factories import TEXT, make_actor, make_article, make_claim

pytestmark = pytest.mark.django_db

QUOTE = "The operator denied that the crew had ignored storm warnings."


def _post(client, article, htmx=False, **data):
    start = TEXT.index(QUOTE)
    payload = {
        "start": start,
        "end": start + len(QUOTE),
        "quote": QUOTE,
        "stance": "denies",
        "actor_id": "",
        "actor_name": "",
        "claim_id": "",
        "claim_statement": "",
    }
    payload.update(data)
    headers = {"HX-Request": "true", "HX-Target": "panel"} if htmx else {}
    return client.post(f"/articles/{article.pk}/attributions/", payload, headers=headers)


def test_it_records_an_attribution_with_a_new_actor_and_an_existing_claim(analyst_client, analyst):
    article, claim = make_article(), make_claim("The crew ignored storm warnings")
    response = _post(analyst_client, article, actor_name="Ferry operator", claim_id=claim.pk)
    attribution = Attribution.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/articles/{article.pk}/#attribution-{attribution.pk}"
    assert (attribution.actor.name, attribution.claim, attribution.stance) == (
        "Ferry operator",
        claim,
        "denies",
    )
    assert attribution.exact == QUOTE and article.text[attribution.start : attribution.end] == QUOTE
    assert attribution.created_by == analyst and attribution.review_state == "confirmed"


def test_it_finds_an_existing_actor_by_alias_instead_of_making_a_second(analyst_client):
    actor = make_actor("Mara Lind")
    actor.aliases.create(name="Lind")
    _post(
        analyst_client,
        make_article(),
        actor_name="lind",
        claim_statement="The crew ignored warnings",
    )
    assert Attribution.objects.get().actor == actor
    assert Actor.objects.count() == 1


def test_it_swaps_in_the_highlighted_text_for_htmx(analyst_client):
    article, actor = make_article(), make_actor()
    response = _post(
        analyst_client, article, htmx=True, actor_id=actor.pk, claim_statement="A brand new claim"
    )
    attribution = Attribution.objects.get()
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#workspace"
    html = response.content.decode()
    assert f'id="attribution-{attribution.pk}"' in html and 'hx-swap-oob="true"' in html
    assert Claim.objects.filter(statement="A brand new claim").exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"claim_statement": "   "}, "Choose or type the claim."),
        ({"actor_id": "999999"}, "The actor chosen (#999999) no longer exists"),
        ({"claim_id": "999999"}, "The claim chosen (#999999) no longer exists"),
        ({"start": "10", "end": "999999"}, "outside the article"),
        ({"quote": "Something else entirely"}, "does not match the article"),
        ({"stance": "maybe"}, "Select a valid choice"),
        ({"start": "oops"}, "Enter a whole number"),
    ],
)
def test_it_explains_bad_input_in_the_form_and_saves_nothing(analyst_client, data, message):
    article = make_article()
    data = {"actor_name": "New Person", "claim_statement": "New claim", **data}
    response = _post(analyst_client, article, htmx=True, **data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert "Nothing was saved" in response.content.decode()
    assert not Attribution.objects.exists()
    assert not Actor.objects.filter(name="New Person").exists()
    assert not Claim.objects.filter(statement="New claim").exists()


def test_it_shows_the_whole_page_with_the_errors_without_javascript(analyst_client):
    article = make_article()
    response = _post(analyst_client, article, actor_name="", claim_statement="X")
    assert response.status_code == 422
    assert b'<h1 id="article-title">' in response.content
    assert b"Choose or type the actor." in response.content


def test_it_refuses_a_viewer_and_a_user_without_a_role(viewer_client, outsider_client):
    article, claim = make_article(), make_claim()
    for client in (viewer_client, outsider_client):
        assert _post(client, article, actor_name="X", claim_id=claim.pk).status_code == 403
    assert not Attribution.objects.exists() and not Actor.objects.exists()


def test_it_sends_an_anonymous_visitor_to_log_in(client):
    article = make_article()
    response = _post(client, article, actor_name="X", claim_statement="Y")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Attribution.objects.exists()


def test_it_refuses_a_post_without_a_csrf_token(analyst):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(analyst)
    assert _post(client, make_article(), actor_name="X", claim_statement="Y").status_code == 403
    assert not Attribution.objects.exists()
