"""The Watch / Unwatch button of the claim and actor pages: one query, whether the user watches."""

from django import template

from claims.models import Actor, Claim
from watch.models import Watch

register = template.Library()


@register.inclusion_tag("watch/_button.html", takes_context=True)
def watch_button(context, target):
    user = context["request"].user
    if not user.has_perm("claims.view_claim"):
        return {"target": None}
    if isinstance(target, Claim):
        watching = Watch.objects.filter(user=user, claim=target).exists()
        url = f"/claims/{target.pk}/watch/"
    elif isinstance(target, Actor):
        watching = Watch.objects.filter(user=user, actor=target).exists()
        url = f"/actors/{target.pk}/watch/"
    else:
        raise template.TemplateSyntaxError("watch_button takes a claim or an actor.")
    return {
        "target": target,
        "watching": watching,
        "url": url,
        "csrf_token": context.get("csrf_token"),
    }
