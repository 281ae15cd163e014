from django.core.exceptions import ValidationError


def add_errors(form, exc: ValidationError) -> None:
    """A service's ValidationError shown on the form field it names, or above the form."""
    if hasattr(exc, "error_dict"):
        # The errors themselves, not their messages: the form can read their codes.
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
