from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


def add_errors(form, exc: ValidationError) -> None:
    """A service's ValidationError shown on the form field it names, or above the form."""
    if hasattr(exc, "error_dict"):
        # The errors themselves, not their messages: the form can read their codes.
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# Choice lists are bounded so a page never renders an unbounded list.
CHOICES_LIMIT = 300


class LongSelect(forms.Select):
    """A select with hundreds of options (actors, outlets), drawn in Python: Django's own
    templates render each option through two includes, which cost more than the rest of a page."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        choices = list(self.choices)  # read once: they may come from a query
        if self.allow_multiple_selected or any(
            isinstance(label, (list, tuple)) for _, label in choices
        ):
            return super().render(name, value, attrs, renderer)
        chosen, has_selected, options = set(self.format_value(value)), False, []
        for option_value, label in choices:
            option_value = "" if option_value is None else str(option_value)
            selected = not has_selected and option_value in chosen
            has_selected |= selected
            options.append(
                f'\n  <option value="{escape(option_value)}"{" selected" if selected else ""}>'
                f"{escape(str(label))}</option>\n"
            )
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            name,
            _html_attrs(self.build_attrs(self.attrs, attrs)),
            mark_safe("".join(options)),
        )


def _html_attrs(attrs: dict) -> SafeString:
    """As django/forms/widgets/attrs.html: True is a bare name, False leaves the attribute out."""
    return mark_safe(
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value))
            for name, value in attrs.items()
            if value is not False
        )
    )


def menu_of(model, empty: str) -> list:
    # Bounded, and read only when a page draws the menu. Ids beyond it still filter (shared
    # links keep working).
    return [("", empty), *model.objects.values_list("pk", "name")[:CHOICES_LIMIT]]
