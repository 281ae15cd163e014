"""Throughput of extract(): python tests/suggest/bench_extract.py [SECONDS]. Not a test."""

import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from claims.suggest import extract  # noqa: E402


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    texts = [p.read_text(encoding="utf-8") for p in sorted((HERE / "heldout").glob("*.txt"))]
    seeds = HERE.parents[2] / "shared" / "seeds"
    texts += [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    # ~3,000-character articles: join the short ones pairwise
    articles = [a + "\n" + b for a, b in zip(texts[::2], texts[1::2])]
    chars = sum(map(len, articles)) / len(articles)
    # CPU time of this process, so that other work on the machine does not count against it
    done, start, wall = 0, time.process_time(), time.perf_counter()
    while time.process_time() - start < seconds:
        for article in articles:
            extract(article)
        done += len(articles)
    cpu, wall = time.process_time() - start, time.perf_counter() - wall
    print(
        f"{done / cpu:.0f} articles/s of CPU time on one core ({cpu * 1000 / done:.2f} ms each, "
        f"{chars:.0f} characters on average; {done / wall:.0f} articles/s wall-clock)"
    )


if __name__ == "__main__":
    main()
