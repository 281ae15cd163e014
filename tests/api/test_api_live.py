"""Over real HTTP, a client that knows only the schema and a token does the whole job."""

import json
import urllib.error
import urllib.request

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token

TEXT = (
    "WASHINGTON, Oct 13 (Reuters) - North Korea has delivered more than 1,000 containers of military "
    "equipment and munitions to Russia, White House spokesperson John Kirby said on Friday. "
    "Kremlin spokesman Dmitry Peskov said: \u201cThey don't provide any evidence.\u201d"
)


def _call(base: str, token: str, method: str, path: str, body=None):
    request = urllib.request.Request(
        base + path,
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={
            "Authorization": f"Token {token}",
            "Content-Type": "application/json",
            "Accept": "application/json",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


# The live server commits; role groups come back after the flush (post_migrate re-syncs them).
@pytest.mark.django_db(transaction=True)
def test_it_imports_records_and_exports_a_story_over_http(live_server, analyst):
    call_command("drf_create_token", analyst.username)
    token = Token.objects.get(user=analyst).key
    base = live_server.url

    status, schema = _call(base, token, "GET", "/api/schema/?format=json")
    assert status == 200
    paths = schema["paths"]
    assert {
        "/api/v1/articles/",
        "/api/v1/claims/",
        "/api/v1/actors/",
        "/api/v1/attributions/",
    } <= set(paths)

    status, article = _call(
        base,
        token,
        "POST",
        "/api/v1/articles/",
        {"title": "Shipments", "text": TEXT, "outlet": "Reuters"},
    )
    assert status == 201
    assert _call(base, token, "POST", "/api/v1/articles/", {"text": TEXT})[0] == 200
    status, claim = _call(
        base,
        token,
        "POST",
        "/api/v1/claims/",
        {"statement": "North Korea supplied munitions to Russia"},
    )
    assert status == 201
    kirby = _call(
        base, token, "POST", "/api/v1/actors/", {"name": "John Kirby", "aliases": ["Kirby"]}
    )[1]
    peskov = _call(
        base, token, "POST", "/api/v1/actors/", {"name": "Dmitry Peskov", "kind": "person"}
    )[1]

    stances = [
        (
            kirby,
            "asserts",
            "North Korea has delivered more than 1,000 containers of military equipment and munitions to Russia",
        ),
        (peskov, "denies", "They don't provide any evidence."),
    ]
    for actor, stance, quote in stances:
        status, attribution = _call(
            base,
            token,
            "POST",
            "/api/v1/attributions/",
            {
                "article": article["id"],
                "claim": claim["id"],
                "actor": actor["id"],
                "stance": stance,
                "quote": quote,
                "said_on": "2023-10-13",
            },
        )
        assert status == 201, attribution
        assert TEXT[attribution["start"] : attribution["end"]] == quote

    status, review = _call(base, token, "GET", f"/api/v1/claims/{claim['id']}/claimreview/")
    assert status == 200
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == "North Korea supplied munitions to Russia"
    assert review["itemReviewed"]["author"] == [{"@type": "Person", "name": "John Kirby"}]
    assert review["reviewRating"]["alternateName"] == "Unverified"

    status, collection = _call(base, token, "GET", f"/api/v1/articles/{article['id']}/annotations/")
    assert status == 200
    text = _call(base, token, "GET", f"/api/v1/articles/{article['id']}/")[1]["text"]
    found = {}
    for annotation in collection["first"]["items"]:
        selectors = {s["type"]: s for s in annotation["target"]["selector"]}
        position, quote = selectors["TextPositionSelector"], selectors["TextQuoteSelector"]
        assert text[position["start"] : position["end"]] == quote["exact"]
        assert text.find(quote["prefix"] + quote["exact"] + quote["suffix"]) == position[
            "start"
        ] - len(quote["prefix"])
        stance = next(b["value"] for b in annotation["body"] if b["purpose"] == "classifying")
        found[stance] = quote["exact"]
    assert found == {stance: quote for _, stance, quote in stances}
