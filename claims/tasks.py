"""Background work of the claims app, run by the task worker."""

from django.db import transaction
from django.tasks import task

from articles.models import Article
from claims.models import Attribution, Origin, ReviewState
from claims.services import suggestions_create


@task
def suggestions_refresh(article_id: int) -> int:
    """Suggest again for an article (after actors or claims were added): pending ones are replaced."""
    article = Article.objects.get(pk=article_id)
    with transaction.atomic():
        Attribution.objects.filter(
            article=article, review_state=ReviewState.SUGGESTED, origin=Origin.MACHINE
        ).delete()
        return len(suggestions_create(article=article))
