"""The API's JSON parser: DRF's own, with every body it cannot read answered as a 400."""

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            # Python's json gives up on arrays or objects nested past the interpreter's recursion
            # limit (about a thousand levels) with this, not with the ValueError DRF catches.
            raise ParseError("JSON parse error - the document is nested too deeply.") from None
