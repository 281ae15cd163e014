"""drf-spectacular hook: document the error answers every operation can give."""

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
    "additionalProperties": True,
}
FIELD_ERRORS = {
    "type": "object",
    "description": "One list of messages per field (`non_field_errors` for the whole record).",
    "additionalProperties": True,
}

READ_ERRORS = {
    "401": "No credentials, or bad ones.",
    "403": "Your role may not do this.",
    "404": "No such record, or an invalid cursor.",
    "405": "Method not allowed here.",
    "406": "No representation matches the Accept header.",
    "429": "Too many requests; wait and retry.",
}
WRITE_ERRORS = {
    "409": "Refused: other records point at this one, or a conflicting save happened at once.",
    "412": "If-Match names an older version; nothing was changed.",
    "413": "The body (or an article's text) is larger than the limit.",
    "415": "Send JSON (application/json).",
}


def add_error_responses(result, generator, request, public):
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR
    schemas["FieldErrors"] = FIELD_ERRORS
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            responses = operation.setdefault("responses", {})
            # Errors come out in the representation the client negotiated (JSON-LD, CSV) too.
            media_types = ["application/json"]
            for response in responses.values():
                for media_type in response.get("content", {}):
                    if media_type not in media_types:
                        media_types.append(media_type)
            errors = dict(READ_ERRORS)
            if method in ("post", "put", "patch", "delete"):
                errors.update(WRITE_ERRORS)
            for code, description in errors.items():
                responses.setdefault(code, _response(description, "Error", media_types))
            responses.setdefault(
                "400", _response("Invalid input: a message per field.", "FieldErrors", media_types)
            )
    return result


def _response(description: str, schema: str, media_types: list[str]) -> dict:
    ref = {"schema": {"$ref": f"#/components/schemas/{schema}"}}
    return {"description": description, "content": {media_type: ref for media_type in media_types}}
