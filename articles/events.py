"""The event the articles app announces (core.events): articles stored."""

from core.events import Event, emit


def article_data(article) -> dict:
    """An article as events describe it (webhook payloads, inbox entries)."""
    return {
        "id": article.pk,
        "title": article.title,
        "url": article.url,
        "outlet": article.outlet.name if article.outlet_id else "",
        "published_on": article.published_on.isoformat() if article.published_on else None,
        "language": article.language,
        "link": article.get_absolute_url(),
    }


def articles_imported(articles, *, user=None) -> None:
    emit(
        *(
            Event(
                "article.imported",
                lambda article=article: {"article": article_data(article)},
                {"article": article, "user": user},
            )
            for article in articles
        )
    )
