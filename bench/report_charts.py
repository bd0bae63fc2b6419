"""What section 6's charts cost to draw: the report rows as Text (``screens.report_lines.build``:
bars, funnel, sparklines, made in the report's worker) and, for the choice of drawing, a week
sparkline as Rich Text (``widgets.charts``) against Textual's ``Sparkline`` renderable, both
rendered to segments by the same console. CPU time beside wall time; each figure repeated.

    .venv/bin/python bench/report_charts.py [DESK]     # DESK: a desk file (default: a seeded one)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path


def _timed(fn, repeat: int = 5, number: int = 20) -> tuple[float, float]:
    """(median wall, median cpu) per call, in ms."""
    walls, cpus = [], []
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        for _ in range(number):
            fn()
        walls.append((time.perf_counter() - w) / number * 1000)
        cpus.append((time.process_time() - c) / number * 1000)
    return statistics.median(walls), statistics.median(cpus)


def drawing() -> None:
    from rich.console import Console
    from textual.renderables.sparkline import Sparkline

    from deskcrm.widgets import charts

    console = Console(width=120, file=open("/dev/null", "w"), color_system="truecolor", force_terminal=True)
    options = console.options.update_width(53)
    weeks = [(i * 37) % 11 for i in range(53)]
    ours = lambda: list(console.render(charts.sparkline(weeks, "#0178D4"), options))  # noqa: E731
    theirs = lambda: list(console.render(Sparkline(weeks, width=53), options))  # noqa: E731
    bars = lambda: [list(console.render(charts.bar(v, 100, 60, "#0178D4"), options)) for v in range(12)]  # noqa: E731
    for name, fn in (("sparkline, 53 weeks: Rich Text (ours)", ours),
                     ("sparkline, 53 weeks: textual Sparkline renderable", theirs),
                     ("12 bars of 60 cells: Rich Text (ours)", bars)) * 2:
        wall, cpu = _timed(fn)
        print(f"{name:52} {wall * 1000:8.0f} µs wall {cpu * 1000:8.0f} µs cpu")


def rows(desk: Path | str) -> None:
    from deskcrm.config.settings import Settings
    from deskcrm.domain import clock, periods
    from deskcrm.screens import report_lines
    from deskcrm.store import db

    with db.reading(desk) as conn:
        for kind in ("month", "last12"):
            period = periods.period(kind, clock.today())
            for report, _title in report_lines.REPORTS:
                view = report_lines.compute(conn, report, period, report_lines.Scope(), Settings())
                for width in (77, 117):
                    wall, cpu = _timed(lambda: report_lines.build(report, view, width, {"primary": "#0178D4"}),
                                       repeat=3, number=3)
                    made = report_lines.build(report, view, width, {})
                    print(f"rows {kind:6} {report:8} width {width:3}: {len(made):4} rows  {wall:6.1f} ms wall"
                          f" {cpu:6.1f} ms cpu")


def main() -> None:
    if len(sys.argv) > 1:
        desk: Path | str = sys.argv[1]
    else:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
        from seed import seed

        from deskcrm.domain import clock
        from seed import TODAY

        clock.freeze(TODAY)
        desk = Path(tempfile.mkdtemp()) / "desk.db"
        seed(desk)
    drawing()
    rows(desk)


if __name__ == "__main__":
    main()
