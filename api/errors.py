"""Every API error is JSON: `{"detail": "..."}`, or one list of messages per field for a 400."""

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.urls import reverse
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.views import exception_handler as drf_exception_handler

from claims.services import DuplicateAttribution
from core.versions import StaleVersion

# Model field names that the API calls something else.
_FIELD_NAMES = {"exact": "quote", "__all__": "non_field_errors"}


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is larger than this server accepts."
    default_code = "payload_too_large"


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = (
        "The record was changed since you loaded it (If-Match is stale); reload it and try again."
    )
    default_code = "stale_version"


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The change conflicts with what is stored."
    default_code = "conflict"


def validation_detail(exc: DjangoValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {
            _FIELD_NAMES.get(field, field): messages for field, messages in exc.message_dict.items()
        }
    return {"non_field_errors": exc.messages}


def _protected_counts(exc: ProtectedError | RestrictedError) -> dict[str, int]:
    counts: dict[str, int] = {}
    for obj in exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects:
        name = str(obj._meta.verbose_name_plural)
        counts[name] = counts.get(name, 0) + 1
    return counts


def exception_handler(exc, context):
    if isinstance(exc, DuplicateAttribution):
        response = drf_exception_handler(Conflict(), context)
        response.data = {
            "detail": exc.messages[0],
            "existing": exc.existing.pk,
            "existing_url": reverse("api:attribution-detail", args=[exc.existing.pk]),
        }
        return response
    if isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, DjangoValidationError):
        exc = ValidationError(validation_detail(exc))
    elif isinstance(exc, StaleVersion):
        current = exc.current
        from api.versions import etag

        exc = PreconditionFailed(
            {"detail": PreconditionFailed.default_detail, "current_etag": etag(current)}
        )
    elif isinstance(exc, (ProtectedError, RestrictedError)):
        counts = _protected_counts(exc)
        listed = ", ".join(f"{n} {name}" for name, n in sorted(counts.items()))
        response = drf_exception_handler(Conflict(), context)
        response.data = {
            "detail": f"Refused: {listed} point at this record. Delete or move them first.",
            "protected": counts,
        }
        return response
    elif isinstance(exc, IntegrityError):
        # A race the service's own checks could not see (two imports of the same text at once).
        exc = Conflict("The change conflicts with a record saved at the same time; try it again.")
    return drf_exception_handler(exc, context)
