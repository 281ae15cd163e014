from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from articles.models import Article
from claims.models import Claim, ClaimStatus


def home(request: HttpRequest) -> HttpResponse:
    recent_articles = Article.objects.with_outlet().order_by("-created_at", "-id")[:10]
    contested = Claim.objects.filter(status=ClaimStatus.CONTESTED).order_by("-updated_at")[:10]
    recent_claims = Claim.objects.order_by("-updated_at")[:10]
    return render(
        request,
        "claims/home.html",
        {"recent_articles": recent_articles, "contested": contested, "recent_claims": recent_claims},
    )
