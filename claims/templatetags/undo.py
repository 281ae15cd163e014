"""The Undo button of a message that reports a save, a removal or a review (see claims.reader.undo_tag)."""

from django import template

register = template.Library()


@register.filter
def undo_target(message) -> dict | None:
    """{"url": ..., "history_id": ...} from a message tagged "undo:<url>:<history id>", else None."""
    for tag in (message.extra_tags or "").split():
        if tag.startswith("undo:"):
            url, _, history_id = tag[len("undo:") :].rpartition(":")
            if url.startswith("/") and history_id.isdigit():
                return {"url": url, "history_id": history_id}
    return None
