"""Reports (section 6, ``deskcrm report``): the agency's numbers, each traceable to its records.

    revenue(conn, period, scope, today=…, size="month", weights=StageWeights()) -> RevenueReport
    kpis(conn, period, scope, today=…, weights=…, target_currency=None)          -> Kpis
    activity(conn, period, scope)                                                -> ActivityReport
    clients(conn, period, scope, today=…)                                         -> ClientsReport
    records(conn, trace, limit=100, offset=0)                                     -> [Record]

``Period`` / ``period(kind, today)`` / ``shift`` come from ``deskcrm.domain.periods``; every figure
carries a ``Trace`` (a named query of ``named.QUERIES`` and its arguments) that ``records`` lists.
``DEFINITIONS`` holds each metric's short definition (the TUI's ``?``, the CLI's help, the README).
Read-only; both engines; the connection as every store read takes it (``db.connect`` /
``db.reading``).
"""

from deskcrm.store.reports.activity import activity
from deskcrm.store.reports.clients import clients
from deskcrm.store.reports.drill import count_records, records
from deskcrm.store.reports.kpis import kpis
from deskcrm.store.reports.named import DEFINITIONS
from deskcrm.store.reports.revenue import revenue
from deskcrm.store.reports.views import (
    ACTIVITY_FIGURES,
    ActivityReport,
    ActivityWeek,
    Amount,
    ClientActivity,
    ClientsReport,
    ClientValue,
    Count,
    Coverage,
    FunnelStep,
    Kpis,
    PipelineStage,
    Ratio,
    RecruiterRevenue,
    Record,
    RevenueBucket,
    RevenueReport,
    Scope,
    SourceRate,
    TimeToFill,
    Trace,
)

__all__ = [
    "ACTIVITY_FIGURES", "DEFINITIONS", "ActivityReport", "ActivityWeek", "Amount", "ClientActivity", "ClientValue",
    "ClientsReport", "Count", "Coverage", "FunnelStep", "Kpis", "PipelineStage", "Ratio", "RecruiterRevenue",
    "Record", "RevenueBucket", "RevenueReport", "Scope", "SourceRate", "TimeToFill", "Trace", "activity", "clients",
    "count_records", "kpis", "records", "revenue",
]
