"""[report] in the config: stage weights and the targets' currency; a bad entry is one line."""

from __future__ import annotations

import pytest

from deskcrm.config.report_settings import report_options
from deskcrm.config.settings import ConfigError, load
from deskcrm.domain.metrics import StageWeights


def test_defaults_and_overrides(tmp_path):
    path = tmp_path / "config.toml"
    assert report_options(load(path)) == (StageWeights(), None)
    path.write_text('[report]\ntarget_currency = "gbp"\n[report.stage_weights]\noffer = 0.9\nintake = 0\n')
    weights, currency = report_options(load(path))
    assert (weights.offer, weights.intake, weights.sourcing, currency) == (0.9, 0.0, 0.2, "GBP")


@pytest.mark.parametrize("text, fragments", [
    ('[report]\ntarget_currency = "euro"\n', (":2:", "[report] target_currency must be a 3-letter")),
    ("[report]\nweights = 1\n", (":2:", "[report] weights is not a setting; known: target_currency, stage_weights")),
    ("[report.stage_weights]\noffers = 0.5\n", (":2:", "offers is not an open job stage; known: intake")),
    ("[report.stage_weights]\noffer = 1.5\n", (":2:", "offer must be a number from 0 to 1")),
    ('[report.stage_weights]\noffer = "high"\n', (":2:", "offer must be a number from 0 to 1")),
])
def test_a_bad_entry_names_file_line_and_key(tmp_path, text, fragments):
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as err:
        load(path)
    message = str(err.value)
    assert message.startswith(str(path)) and "\n" not in message
    for fragment in fragments:
        assert fragment in message
