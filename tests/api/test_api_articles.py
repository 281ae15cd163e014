import pytest

from articles.models import Article, Outlet

pytestmark = pytest.mark.django_db

TEXT = "Kirby said on Tuesday that North Korea had shipped artillery shells to Russia. Peskov denied it."


def test_it_imports_an_article_from_text(analyst_api, analyst):
    response = analyst_api.post(
        "/api/v1/articles/",
        {
            "title": "Shells",
            "text": TEXT,
            "url": "https://example.com/a",
            "published_on": "2023-10-17",
            "outlet": "Reuters",
        },
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["text"] == TEXT
    assert body["outlet"] == "Reuters"
    assert response["ETag"] == f'W/"article-{body["id"]}-1"'
    article = Article.objects.get()
    assert (article.title, article.created_by, article.outlet.name) == (
        "Shells",
        analyst,
        "Reuters",
    )


def test_it_returns_the_stored_article_for_the_same_text(analyst_api):
    first = analyst_api.post("/api/v1/articles/", {"text": TEXT}, format="json")
    again = analyst_api.post(
        "/api/v1/articles/", {"text": "  " + TEXT.replace(" ", "  ") + "\n"}, format="json"
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert Article.objects.count() == 1


def test_it_imports_in_bulk_with_one_result_per_article(analyst_api):
    analyst_api.post("/api/v1/articles/", {"text": TEXT}, format="json")
    response = analyst_api.post(
        "/api/v1/articles/bulk/",
        {
            "articles": [
                {"text": "A first new article."},
                {"text": TEXT},
                {"title": "No text"},
                {"text": "Another."},
            ]
        },
        format="json",
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["created", "existing", "invalid", "created"]
    assert results[2]["errors"] == {"text": ["This field is required."]}
    assert results[2]["article"] is None
    assert results[0]["article"]["title"] == "A first new article."
    assert Article.objects.count() == 3


def test_it_refuses_an_empty_or_oversized_bulk(analyst_api):
    assert (
        analyst_api.post("/api/v1/articles/bulk/", {"articles": []}, format="json").status_code
        == 400
    )
    many = {"articles": [{"text": f"Article {n}."} for n in range(101)]}
    response = analyst_api.post("/api/v1/articles/bulk/", many, format="json")
    assert response.status_code == 400
    assert response.json() == {"articles": ["At most 100 articles at a time."]}
    assert not Article.objects.exists()


def test_it_answers_413_for_a_text_over_the_limit(analyst_api, settings):
    settings.MAX_ARTICLE_CHARS = 50
    response = analyst_api.post("/api/v1/articles/", {"text": "x" * 51}, format="json")
    assert response.status_code == 413
    assert response.json() == {"text": ["The text has 51 characters; the limit is 50."]}
    response = analyst_api.post(
        "/api/v1/articles/bulk/",
        {"articles": [{"text": "x" * 51}, {"text": "Short."}]},
        format="json",
    )
    assert [r["status"] for r in response.json()["results"]] == ["invalid", "created"]
    assert Article.objects.count() == 1


def test_it_answers_413_for_a_body_over_the_limit(analyst_api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = analyst_api.post("/api/v1/articles/", {"text": "y" * 2000}, format="json")
    assert response.status_code == 413
    assert "larger than" in response.json()["detail"]
    assert not Article.objects.exists()


def test_it_answers_415_for_a_form_post(analyst_api):
    response = analyst_api.post("/api/v1/articles/", {"text": TEXT})  # multipart, not JSON
    assert response.status_code == 415
    assert "Unsupported media type" in response.json()["detail"]


def test_it_changes_an_articles_details_but_never_its_text(analyst_api):
    created = analyst_api.post("/api/v1/articles/", {"text": TEXT}, format="json").json()
    url = f"/api/v1/articles/{created['id']}/"
    response = analyst_api.patch(url, {"title": "Shipments", "outlet": "Tass"}, format="json")
    assert response.status_code == 200
    assert (response.json()["title"], response.json()["outlet"], response.json()["version"]) == (
        "Shipments",
        "Tass",
        2,
    )
    assert Outlet.objects.filter(name="Tass").exists()
    # `text` is not a field of the update: it is ignored, and the stored text is unchanged.
    analyst_api.patch(url, {"text": "Something else."}, format="json")
    assert Article.objects.get().text == TEXT


def test_it_filters_and_searches_articles(analyst_api):
    analyst_api.post(
        "/api/v1/articles/",
        {"text": TEXT, "outlet": "Reuters", "published_on": "2023-10-17"},
        format="json",
    )
    analyst_api.post(
        "/api/v1/articles/",
        {"text": "Ferry sinks off the coast.", "published_on": "2024-01-02"},
        format="json",
    )
    reuters = Outlet.objects.get().pk

    def dates(query):
        return [
            a["published_on"]
            for a in analyst_api.get(f"/api/v1/articles/?{query}").json()["results"]
        ]

    assert dates(f"outlet={reuters}") == ["2023-10-17"]
    assert dates("q=artillery") == ["2023-10-17"]
    assert dates("published_after=2024-01-01") == ["2024-01-02"]
    assert dates("ordering=id") == ["2023-10-17", "2024-01-02"]


@pytest.mark.django_db
def test_it_shows_an_articles_copies_rewrites_and_blocks(analyst_api, seeded):
    from pathlib import Path

    from articles.models import Article

    seeds = Path(__file__).resolve().parents[2] / "seeds"
    original = Article.objects.get(
        text=(seeds / "000_bbaa25db664ff0e3.txt").read_text(encoding="utf-8")
    )
    rewrite = Article.objects.get(
        text=(seeds / "002_9884678445fe05fc.txt").read_text(encoding="utf-8")
    )
    body = analyst_api.get(f"/api/v1/articles/{rewrite.pk}/").json()
    assert [(r["article"], r["relation"]) for r in body["related"]] == [(original.pk, "rewrite_of")]
    assert 0.3 <= body["related"][0]["similarity"] <= 1
    body = analyst_api.get(f"/api/v1/articles/{original.pk}/").json()
    assert [(r["article"], r["relation"]) for r in body["related"]] == [
        (rewrite.pk, "rewritten_by")
    ]
    assert {"start", "end", "kind"} <= set(body["blocks"][0])
    assert "furniture" in {b["kind"] for b in body["blocks"]}
