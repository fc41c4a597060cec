"""The typed config: every section a dataclass with defaults and checks; the rules the filters'."""

import pytest

from curator.filters.defaults import CALIBRATED, STARTING_RULES
from curator.config import DEFAULT_CONFIG, Config, DedupSettings, RuleSpec, deep_merge
from curator.errors import CuratorError
from curator.filters.defaults import DEFAULT_RULES


def test_defaults_come_from_the_dataclasses_and_the_filters():
    config = Config.parse(DEFAULT_CONFIG)
    assert config.dedup == DedupSettings() and config.dedup.bands * config.dedup.rows <= config.dedup.num_perm
    assert config.input.text_field == "text" and config.run.part_rows == 50_000
    assert DEFAULT_CONFIG["rules"] == DEFAULT_RULES
    assert config.rules["quality:morph_lm_score"] == RuleSpec("morph_lm_score", min=CALIBRATED["rules"]["quality:morph_lm_score"]["min"])
    assert DEFAULT_CONFIG["preset"] == CALIBRATED["preset"] == "web"
    assert CALIBRATED["rules"]["quality:morph_lm_score"]["min"] < STARTING_RULES["quality:morph_lm_score"]["min"]


def test_a_partial_config_is_filled_with_defaults_and_typed():
    config = Config.parse({"dedup": {"bands": 16, "rows": 8}, "rules": {"length:min_chars": {"signal": "n_chars", "min": 300}}})
    assert (config.dedup.bands, config.dedup.rows, config.dedup.threshold) == (16, 8, 0.7)
    assert config.rules == {"length:min_chars": RuleSpec("n_chars", min=300)}


@pytest.mark.parametrize("change, message", [
    ({"rules": {"length:min_chars": {"minimum": 500}}}, "rule 'length:min_chars' has unknown key 'minimum'"),
    ({"rules": {"length:min_chars": {"min": float("nan")}}}, "rule 'length:min_chars' min must be a finite number"),
    ({"rules": {"length:min_chars": {"min": 10, "max": 5}}}, "rule 'length:min_chars' min 10 is above max 5"),
    ({"rules": {"lenght:min_chars": {"signal": "n_chars"}}}, "rule 'lenght:min_chars' must be named family:rule"),
    ({"dedup": {"threshold": float("inf")}}, "dedup.threshold must be a number from 0 to 1, not inf"),
    ({"dedup": {"enabled": 1}}, "dedup.enabled must be true or false, not 1"),
    ({"run": {"part_rows": True}}, "run.part_rows must be a positive integer, not True"),
    ({"export": {"meta": ["url", 3]}}, "export.meta must be redact, drop or a list of field names"),
    ({"inputs": {}}, "unknown section 'inputs'"),
])
def test_one_clear_error_naming_the_key(change, message):
    with pytest.raises(CuratorError) as error:
        Config.parse(deep_merge(DEFAULT_CONFIG, change), "my.yaml")
    assert str(error.value).startswith("my.yaml: ") and message in str(error.value)


def refused(tmp_path, yaml_text: str, match: str) -> None:
    """``load_config`` of a file holding ``yaml_text`` fails with an error matching ``match``."""
    from curator.config import load_config

    path = tmp_path / "my.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(CuratorError, match=match):
        load_config(str(path))


def test_a_typo_in_a_rule_name_names_the_rule_it_resembles(tmp_path):
    """Issue 26: `length:min_char` said "needs a 'signal'"."""
    refused(tmp_path, "rules:\n  length:min_char: {min: 500}\n",
            r"unknown rule length:min_char \(did you mean length:min_chars\?\)")
    refused(tmp_path, "rules:\n  quality:brand_new: {min: 1}\n",
            "unknown rule quality:brand_new; a new rule needs a 'signal'")


def test_a_threshold_outside_what_its_signal_can_be_is_refused(tmp_path):
    """Issue 26: `hangul_ratio` min 350 was saved and removed 97.6 % of a workspace."""
    from curator.config import load_config

    refused(tmp_path, "rules:\n  language:hangul_ratio: {signal: hangul_ratio, min: 350}\n",
            r"min 350 is outside what hangul_ratio can be \(0–1\)")
    refused(tmp_path, "rules:\n  length:min_words: {signal: n_words, min: -5}\n", "outside what n_words can be")
    path = tmp_path / "range.yaml"
    path.write_text("rules:\n  quality:morph_lm_score: {signal: morph_lm_score, min: -40}\n", encoding="utf-8")
    assert load_config(str(path))["rules"]["quality:morph_lm_score"]["min"] == -40  # an open signal
