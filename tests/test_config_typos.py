"""A misspelt key or table in config.toml is an error naming the file, the line and the closest
known name — never silently ignored (``date_ordr = "mdy"`` would leave a US desk reading
3/12 as 3 Dec)."""

from __future__ import annotations

import pytest
from clirun import assert_one_line_error, run

from deskcrm.config import paths
from deskcrm.config.settings import ConfigError, load


def _load(tmp_path, text: str):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return load(path), path


@pytest.mark.parametrize(
    ("text", "line", "fragments"),
    [
        ('date_ordr = "mdy"\n', 1, ("date_ordr is not a setting", "did you mean date_order?")),
        ('theme = "deskcrm-dark"\nthem = "deskcrm-light"\n', 2, ("them is not a setting", "did you mean theme?")),
        ('# mine\nMe = "AM"\n', 2, ("Me is not a setting", "did you mean me?")),
        ('theme = "deskcrm-dark"\n\n[amount]\nmax_salary = 1_000_000\n', 3,
         ("[amount] is not a table", "did you mean [amounts]?")),
        ('[keyz]\n"due.done" = "d"\n', 1, ("[keyz] is not a table", "did you mean [keys]?")),
        ('[stage.submission]\nsourced = "Longlist"\n', 1, ("[stage] is not a table", "did you mean [stages]?")),
        ('colour = "blue"\n', 1, ("colour is not a setting", "known: theme, db, me, date_order")),
        ('[due]\nnurture_days = 30\nchase_dayz = 3\n', 3, ("[due] chase_dayz is not a setting",
                                                          "did you mean chase_days?")),
        ('[touch]\ntalked_dys = 3\n', 2, ("[touch] talked_dys is not a setting", "did you mean talked_days?")),
        ('[amounts]\nmax_salry = 9\n', 2, ("[amounts] max_salry is not a setting", "did you mean max_salary?")),
    ],
)
def test_unknown_keys_and_tables_name_the_line_and_the_closest_name(tmp_path, text, line, fragments):
    with pytest.raises(ConfigError) as err:
        _load(tmp_path, text)
    message = str(err.value)
    assert message.startswith(f"{tmp_path / 'config.toml'}:{line}: "), message
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message, message


def test_every_known_key_and_table_still_loads(tmp_path):
    settings, _ = _load(tmp_path, 'theme = "deskcrm-light"\nme = "am"\ndate_order = "mdy"\n[due]\nnurture_days = 60\n'
                                  '[touch]\ntalked_days = 20\n[amounts]\nmax_salary = 900_000\n'
                                  '[stages.job]\nintake = "Brief"\n[keys]\n"due.done" = "d"\n')
    assert (settings.theme, settings.me, settings.date_order) == ("deskcrm-light", "AM", "mdy")
    assert settings.due == {"nurture_days": 60} and settings.touch == {"talked_days": 20}
    assert settings.amounts == {"max_salary": 900_000.0} and settings.stages == {"job": {"intake": "Brief"}}


def test_the_cli_refuses_a_misspelt_key(tmp_path):
    from seed import seed

    path = tmp_path / "desk.db"
    seed(path)
    config = paths.config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('theme = "deskcrm-dark"\ndate_ordr = "mdy"\n')
    result = run("due", "--db", str(path))
    assert_one_line_error(result, f"{config}:2", "date_ordr", "did you mean date_order?")
    assert result.stdout == ""


def test_phone_region_is_a_two_letter_country_code(tmp_path):
    """Issue 12: the country an imported national phone number belongs to (unset: kept as typed)."""
    assert _load(tmp_path, 'phone_region = "gb"\n')[0].phone_region == "GB"
    assert _load(tmp_path, 'theme = "deskcrm-dark"\n')[0].phone_region is None
    with pytest.raises(ConfigError) as err:
        _load(tmp_path, '# imports\nphone_region = "Britain"\n')
    assert str(err.value).startswith(f"{tmp_path / 'config.toml'}:2: phone_region must be a two-letter country code")
