"""Configuration: the shipped example loads; every invalid field is named in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.config import load_config
from tracker.errors import ConfigError

REPO = Path(__file__).resolve().parent.parent


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policies.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_example_tracks_indiamart() -> None:
    config = load_config(REPO / "policies.toml")
    policy = config.policy("indiamart-privacy")
    assert policy.url == "https://www.indiamart.com/privacy-policy.html"
    assert policy.notice.period_days == 30
    assert policy.notice.company
    assert config.store_path == REPO / "snapshots"


def test_defaults_and_overrides(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[settings]
timeout = 5
[notice]
company = "Acme"
[[policy]]
id = "acme"
name = "Acme"
url = "https://acme.example/privacy"
select = "main"
remove = [".cookie", "nav"]
[policy.notice]
period_days = 14
""",
    )
    config = load_config(path)
    policy = config.policy("acme")
    assert config.settings.timeout == 5.0
    assert policy.select == ("main",)
    assert policy.remove == (".cookie", "nav")
    assert policy.notice.company == "Acme"  # inherited from the global [notice]
    assert policy.notice.period_days == 14


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('[[policy]]\nname = "A"\nurl = "https://a.example"\n', "policy #1, field 'id': missing"),
        ('[[policy]]\nid = "../x"\nname = "A"\nurl = "https://a.example"\n', "field 'id': '../x' is not a valid id"),
        ('[[policy]]\nid = "a"\nname = "A"\n', "policy 'a', field 'url': missing"),
        ('[[policy]]\nid = "a"\nname = "A"\nurl = "ftp://a"\n', "policy 'a', field 'url': must be an http(s) URL"),
        (
            '[[policy]]\nid = "a"\nname = "A"\nurl = "https://a.example"\nselect = "div[["\n',
            "field 'select': invalid CSS",
        ),
        ('[[policy]]\nid = "a"\nname = "A"\nurl = "https://a.example"\ncolour = 1\n', "field 'colour': unknown field"),
        (
            '[[policy]]\nid = "a"\nname = "A"\nurl = "https://a.example"\n[policy.notice]\nperiod_days = -1\n',
            "field 'notice.period_days'",
        ),
        (
            '[[policy]]\nid = "a"\nname = "A"\nurl = "https://a.example"\n'
            '[[policy]]\nid = "a"\nname = "B"\nurl = "https://b.example"\n',
            "policy 'a', field 'id': duplicate id",
        ),
        ('[settings]\ntimeout = "soon"\n', "field 'settings.timeout': must be a number"),
        ("[[policy]\n", "invalid TOML"),
    ],
)
def test_invalid_config_names_file_policy_and_field(tmp_path: Path, body: str, expected: str) -> None:
    path = write(tmp_path, body)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert expected in message
    assert str(path) in message
    assert "\n" not in message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.toml")


def test_unknown_policy_id(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[[policy]]\nid = "a"\nname = "A"\nurl = "https://a.example"\n'))
    with pytest.raises(ConfigError, match="no policy with id 'b'"):
        config.policy("b")
