"""The Reports section's text charts and rows (widgets/charts.py, screens/report_rows.py): pure,
no app, no desk."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from deskcrm.screens import report_rows
from deskcrm.widgets import charts

values = st.floats(min_value=0, max_value=1e9, allow_nan=False)
widths = st.integers(min_value=1, max_value=200)


@given(values, values, widths)
def test_a_bar_is_always_its_width_and_never_hides_a_value(value, most, width):
    drawn = charts.bar(value, most, width)
    assert drawn.cell_len == width
    if value > 0 and most > 0:
        assert drawn.plain.strip(), "a non-zero value is drawn"
    else:
        assert not drawn.plain.strip()


@given(values, values, widths)
def test_a_funnel_step_is_centred_and_its_width(value, most, width):
    drawn = charts.funnel(value, most, width)
    assert drawn.cell_len == width
    left = len(drawn.plain) - len(drawn.plain.lstrip())
    right = len(drawn.plain) - len(drawn.plain.rstrip())
    assert abs(left - right) <= 1 or not drawn.plain.strip()


@given(st.lists(st.integers(min_value=0, max_value=10_000), max_size=60))
def test_a_sparkline_is_one_cell_per_week_highest_at_the_top(counts):
    drawn = charts.sparkline(counts)
    assert drawn.cell_len == len(counts)
    if counts and max(counts) > 0:
        assert drawn.plain[counts.index(max(counts))] == "█"


def test_bars_scale_to_the_largest():
    assert charts.bar(50, 100, 10).plain == "█████     "
    assert charts.bar(100, 100, 4).plain == "████"
    assert charts.bar(1, 1000, 4).plain.strip() == "▏"  # tiny, still there
    assert charts.sparkline([0, 1, 2, 4]).plain == "▁▃▅█"


HOSTILE = "[bold]Acme[/] \x1b[2J ltd [@click=app.quit]x[/]"


def test_rows_fit_the_width_and_show_user_text_literally():
    rows = report_rows.bar_rows([(HOSTILE, 10.0, "GBP 10k", "t1", [("9k", "t2"), ("—", None)])], 60)
    line = rows[0]
    assert line.text.cell_len <= 60
    assert "[bold]Acme" in line.text.plain and "\x1b" not in line.text.plain
    assert [c.trace for c in line.cells] == ["t1", "t2", None]
    marked = line.marked(1)  # h/l: the second figure underlined
    start, end = line.cells[1].start, line.cells[1].end
    assert marked.plain[start:end].strip() == "9k"
    assert line.trace(5) is None and line.trace(0) == "t1"  # a column past the row's end: its last cell


def test_a_figure_and_a_sparkline_row():
    fig = report_rows.figure(HOSTILE, [("67%", "num"), ("4 of 6", "den")], 80, "filled ÷ closed")
    assert fig.text.cell_len <= 80 and "\x1b" not in fig.text.plain
    assert [c.trace for c in fig.cells] == ["num", "den"]
    spark = report_rows.spark("Call talked", [(0, "w1"), (3, "w2"), (6, "w3")], "9", 80)
    assert cell_len(spark.text.plain) <= 80
    assert "▁▁▁▁▅▅▅▅████" in spark.text.plain  # few weeks: each four cells wide
    assert [c.trace for c in spark.cells] == ["w1", "w2", "w3"]
    assert spark.text.plain.rstrip().endswith("9")


def test_a_long_period_joins_weeks_so_a_sparkline_fits_the_width():
    from datetime import date, timedelta

    from deskcrm.domain.periods import Period
    from deskcrm.screens import report_lines
    from deskcrm.store.reports import ACTIVITY_FIGURES, ActivityReport, ActivityWeek, Count, Scope, Trace

    weeks = tuple(date(2020, 1, 6) + timedelta(weeks=i) for i in range(300))
    rows = tuple(
        ActivityWeek(1, "AM", w, tuple(Count(i % 7, Trace.of("activities", kind=f, start=w, after=w + timedelta(7)))
                                       for f in ACTIVITY_FIGURES))
        for i, w in enumerate(weeks))
    view = ActivityReport(Period(weeks[0], weeks[-1] + timedelta(6)), Scope(), weeks, rows, ())
    made = report_lines.build("activity", view, 77, {})
    talked = next(line for line in made if line.label == "Call talked")
    assert talked.text.cell_len <= 77
    assert len(talked.cells) == 300 // 7 + 1  # 7 weeks a mark
    first = talked.cells[0].trace
    assert first.arg("start") == weeks[0] and first.arg("after") == weeks[7]  # the mark's seven weeks
    assert talked.text.plain.rstrip().endswith(str(sum(i % 7 for i in range(300))))
