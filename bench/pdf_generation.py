"""Time the PDF adapter: median and p95 milliseconds per document, average size.

Run from the project root:

    .venv/bin/python bench/pdf_generation.py

It renders N training summaries and N certificates (distinct references, so nothing is cached by
accident) and prints one line per document kind.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hubpro.pdf import Centre, Holder, TrainingFacts, render_certificate, render_training_summary

N = 200
WARM_UP = 5

HOLDER = Holder(
    civility="Monsieur",
    birth_name="LEFÈVRE",
    usage_name="",
    first_names="Jean-François Étienne",
    birth_date=date(1985, 7, 14),
    licence_number="13AA00002",
)
CENTRE = Centre(
    name="Centre de formation routière du Rhône",
    siret="12345678900012",
    agrement="2019-ARA-0042",
    region="Auvergne-Rhône-Alpes",
)
TRAINING = TrainingFacts(
    type_label="Formation continue obligatoire (FCO)",
    sector_label="Marchandises",
    categories="C1, C1E, C, CE",
    start_date=date(2026, 1, 12),
    end_date=date(2026, 1, 16),
    hours=35,
    session_reference="SESS-2026-0007",
)
ISSUED_ON = date(2026, 1, 16)


def _summary(index: int) -> bytes:
    return render_training_summary(
        reference=f"REC-2026-{index:06d}", holder=HOLDER, centre=CENTRE, training=TRAINING, issued_on=ISSUED_ON
    )


def _certificate(index: int) -> bytes:
    return render_certificate(
        reference=f"CQC-2026-{index:06d}",
        holder=HOLDER,
        centre=CENTRE,
        training=TRAINING,
        issued_on=ISSUED_ON,
        valid_until=date(2026, 5, 16),
    )


def measure(render: Callable[[int], bytes], count: int) -> tuple[list[float], list[int]]:
    """Render `count` documents and time each one.

    Args:
        render: Builds one document from its index.
        count: How many documents to render.

    Returns:
        The duration of each render in milliseconds, and the size of each document in bytes.
    """
    for index in range(WARM_UP):
        render(-index - 1)
    durations, sizes = [], []
    for index in range(count):
        started = time.perf_counter()
        pdf = render(index)
        durations.append((time.perf_counter() - started) * 1000)
        sizes.append(len(pdf))
    return durations, sizes


def main() -> None:
    """Print median, p95 and average size for both documents."""
    print(f"N={N} documents per kind, Python {sys.version.split()[0]}")
    for name, render in (("summary", _summary), ("certificate", _certificate)):
        durations, sizes = measure(render, N)
        p95 = statistics.quantiles(durations, n=20, method="inclusive")[-1]
        print(
            f"{name:<12} median {statistics.median(durations):6.2f} ms  p95 {p95:6.2f} ms  "
            f"average size {statistics.fmean(sizes) / 1024:5.2f} KB"
        )


if __name__ == "__main__":
    main()
