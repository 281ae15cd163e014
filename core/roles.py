"""The three roles DESIGN.md describes, as Django groups, and the permissions each one holds."""

VIEWER, ANALYST, CURATOR = "viewer", "analyst", "curator"
ROLES = (VIEWER, ANALYST, CURATOR)

_MODELS = {
    "articles": ["outlet", "article", "articleblock", "articlerelation"],
    "claims": [
        "actor",
        "actoralias",
        "claim",
        "claimrelation",
        "attribution",
        "evidence",
        "statement",
    ],
    "feeds": ["feed", "feedpoll", "feeditem"],
}
# What an analyst may add and change (on top of reading everything).
_ANALYST_WRITES = {
    "articles": ["outlet", "article"],
    "claims": ["actor", "actoralias", "claim", "claimrelation", "attribution", "evidence"],
    "feeds": ["feed"],
}
_ANALYST_EXTRA = [
    ("claims", "review_attribution"),
    # Their own, checked by claims.services.passage_check_hands; a curator removes anyone's.
    ("claims", "delete_attribution"),
    ("claims", "delete_evidence"),
    ("claims", "delete_actoralias"),
    ("claims", "delete_claimrelation"),
    # Analysts subscribe the tracker to feeds and unsubscribe it.
    ("feeds", "delete_feed"),
]
_CURATOR_EXTRA = [
    ("claims", "change_any_passage"),
    ("claims", "merge_actor"),
    ("claims", "merge_claim"),
    ("claims", "set_claim_status"),
    ("claims", "grade_actor"),
    ("articles", "grade_outlet"),
    ("articles", "change_articleblock"),
    ("articles", "change_articlerelation"),
    # Anyone's import batch, not only one's own (`ImportBatch.objects.visible_to`).
    ("articles", "view_importbatch"),
]


def role_permissions() -> dict[str, set[tuple[str, str]]]:
    """(app_label, codename) pairs per role; each role includes the one below it."""
    viewer = {(app, f"view_{model}") for app, models in _MODELS.items() for model in models}
    analyst = (
        viewer
        | {
            (app, f"{action}_{model}")
            for app, models in _ANALYST_WRITES.items()
            for model in models
            for action in ("add", "change")
        }
        | set(_ANALYST_EXTRA)
    )
    curator = (
        analyst
        | {(app, f"delete_{model}") for app, models in _MODELS.items() for model in models}
        | set(_CURATOR_EXTRA)
    )
    return {VIEWER: viewer, ANALYST: analyst, CURATOR: curator}


def role_of(user) -> str | None:
    """The highest role a user holds, or None. Superusers count as curators."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return CURATOR
    names = {group.name for group in user.groups.all()}
    for role in reversed(ROLES):
        if role in names:
            return role
    return None


def sync_role_groups(**kwargs) -> None:
    """Make the three groups hold exactly their permissions (after migrate and after a flush)."""
    from django.contrib.auth.models import Group, Permission

    for role, perms in role_permissions().items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = [
            p
            for app, codename in sorted(perms)
            for p in Permission.objects.filter(content_type__app_label=app, codename=codename)
        ]
        group.permissions.set(wanted)
