"""python -m suggest FILE: print the suggestions for one text file as JSON."""

import json
import sys
from pathlib import Path

from . import extract


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m suggest FILE", file=sys.stderr)
        return 2
    text = Path(argv[1]).read_text(encoding="utf-8")
    print(json.dumps([s.as_json() for s in extract(text)], ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
