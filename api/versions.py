"""ETags and If-Match: optimistic concurrency for the API.

An ETag names the record and its version (`W/"claim-12-3"`); outlets, which carry no version
counter, use their last change time. A PUT, PATCH or DELETE whose If-Match names another version
is refused with 412 and changes nothing; the services check the version again under a row lock.
"""

from api.errors import PreconditionFailed


def _version(instance) -> int:
    version = getattr(instance, "version", None)
    if version is None:
        return int(instance.updated_at.timestamp() * 1_000_000)
    return version


def etag(instance) -> str:
    return f'W/"{instance._meta.model_name}-{instance.pk}-{_version(instance)}"'


def _opaque(tag: str) -> str:
    return tag.strip().removeprefix("W/")


def checked_version(request, instance) -> int | None:
    """The version the client's If-Match names, if it names the current one; raise 412 if not.

    None when there is no If-Match (or `*`): the write is not conditional.
    """
    header = request.headers.get("If-Match", "").strip()
    if not header:
        return None
    tags = [_opaque(tag) for tag in header.split(",")]
    if "*" in tags:
        return None
    if _opaque(etag(instance)) not in tags:
        raise PreconditionFailed(
            {"detail": PreconditionFailed.default_detail, "current_etag": etag(instance)}
        )
    return _version(instance)


def with_etag(response, instance):
    response["ETag"] = etag(instance)
    return response
