"""``[report]`` in the config file: what the reports need to know that the desk does not store.

    [report]
    target_currency = "EUR"     # the currency recruiters' revenue targets are in (default: the
                                # desk's currency, as `deskcrm recruiter` reads targets: the one
                                # most placed clients are billed in)
    [report.stage_weights]      # the chance an open job order at each stage is filled
    intake = 0.1                # defaults: intake 0.1, sourcing 0.2, submitting 0.3,
    offer = 0.8                 # interviewing 0.5, offer 0.8 (domain.metrics.StageWeights)

A bad entry is a one-line ConfigError naming the file, line and key.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path

from deskcrm.errors import ConfigError

KNOWN = ("target_currency", "stage_weights")


def check(path: Path, source: str, table: object, line: Callable[..., int]) -> dict:
    if not isinstance(table, dict):
        raise ConfigError(f"{path}:{line(source, 'report')}: [report] must be a table")
    out: dict = {}
    for key, value in table.items():
        where = f"{path}:{line(source, key, section='report')}"
        if key == "target_currency":
            if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{3}", value.strip()):
                raise ConfigError(f'{where}: [report] target_currency must be a 3-letter currency code, e.g. "EUR"')
            out[key] = value.strip().upper()
        elif key == "stage_weights":
            out[key] = _weights(path, source, value, line)
        else:
            raise ConfigError(f"{where}: [report] {key} is not a setting; known: {', '.join(KNOWN)}")
    return out


def _weights(path: Path, source: str, table: object, line: Callable[..., int]) -> dict[str, float]:
    from deskcrm.domain.metrics import StageWeights

    known = [f.name for f in fields(StageWeights)]
    if not isinstance(table, dict):
        raise ConfigError(f"{path}:{line(source, 'stage_weights', section='report')}: [report.stage_weights] must"
                          " be a table of stage = number lines, e.g. offer = 0.8")
    out = {}
    for key, value in table.items():
        where = f"{path}:{line(source, key, section='report.stage_weights')}"
        if key not in known:
            raise ConfigError(f"{where}: [report.stage_weights] {key} is not an open job stage; known: {', '.join(known)}")
        number = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
        if not number or not 0 <= value <= 1:
            raise ConfigError(f"{where}: [report.stage_weights] {key} must be a number from 0 to 1, e.g. {key} = 0.5")
        out[key] = float(value)
    return out


def report_options(settings) -> tuple:  # noqa: ANN001, ANN201 - (StageWeights, str | None)
    """The stage weights and target currency the settings give (defaults where unset)."""
    from deskcrm.domain.metrics import StageWeights

    report = getattr(settings, "report", {}) or {}
    return StageWeights(**report.get("stage_weights", {})), report.get("target_currency")
