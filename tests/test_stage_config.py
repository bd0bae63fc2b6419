"""Stage renames in the config file: labels change everywhere, keys stay canonical."""

from __future__ import annotations

import pytest

from deskcrm.domain import stages
from deskcrm.config.settings import ConfigError, load


@pytest.fixture(autouse=True)
def _defaults():
    stages.configure(None)
    yield
    stages.configure(None)


def _load(tmp_path, text: str):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return load(path), path


def test_renames_are_read_and_applied(tmp_path):
    settings, _ = _load(tmp_path, '[stages.submission]\nsourced = "Longlist"\n[stages]\njob.intake = "Brief"\n'
                                  'placement = { started = "In guarantee" }\n')
    assert settings.stages == {"submission": {"sourced": "Longlist"}, "job": {"intake": "Brief"},
                               "placement": {"started": "In guarantee"}}
    stages.configure(settings.stages)
    assert stages.stage_label("submission", "sourced") == "Longlist"
    assert stages.stage_label("submission", "contacted") == "Contacted"
    assert stages.PIPELINES["job"][0].label == "Brief" and stages.PIPELINES["job"][0].key == "intake"
    assert stages.stage_label("placement", "started") == "In guarantee"
    assert stages.find("submission", "LONGLIST") == "sourced"
    assert stages.find("submission", "sourced") == "sourced"
    assert stages.find("submission", "candidate withdrew") == "candidate_withdrew"
    assert stages.find("submission", "nowhere") is None


def test_rules_follow_keys_not_labels(tmp_path):
    from deskcrm.domain.pipeline_rules import needs_confirmation, next_stage

    stages.configure({"submission": {"placed": "Hired", "offered": "Offer out"}})
    assert next_stage("submission", "offered", +1) == "placed"
    assert needs_confirmation("submission", "placed")


def test_configure_none_restores_defaults():
    stages.configure({"job": {"intake": "Brief"}})
    stages.configure(None)
    assert stages.stage_label("job", "intake") == "Intake"


def test_no_file_no_renames(tmp_path):
    assert load(tmp_path / "missing.toml").stages == {}


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ('theme = "x"\n\n[stages.submision]\nsourced = "L"\n', 3, "submision] is not a pipeline"),
        ('[due]\nnurture_days = 5\n[stages.submission]\nsourced = "L"\nqualifed = "Vetted"\n', 5,
         "did you mean qualified"),
        ('[stages]\nsubmission.sourced = "L"\njob.intak = "Brief"\n', 3, "intak is not a stage"),
        ('[stages.job]\nintake = 3\n', 2, "quoted name"),
        ('[stages.job]\nintake = ""\n', 2, "quoted name"),
        ('[stages.job]\nintake = "Brief"\nsourcing = "brief"\n', 3, "both named"),
        ('[stages.job]\nintake = "Sourcing"\n', 2, "named like the stage sourcing"),
        ('stages = "all"\n', 1, "must be tables"),
    ],
)
def test_bad_stage_config_names_file_and_line(tmp_path, text, line, fragment):
    with pytest.raises(ConfigError) as err:
        _load(tmp_path, text)
    message = str(err.value)
    assert message.startswith(f"{tmp_path / 'config.toml'}:{line}: "), message
    assert fragment in message
