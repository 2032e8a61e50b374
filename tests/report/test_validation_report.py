"""The validation report read as a user reads it: no Python reprs in the text, every table
column named in words, units on the axes, and the a-priori forecaster named for what it is."""

from __future__ import annotations

import html
import re

import pytest

from clausewitz.report.validation import (
    _ardennes_figure,
    _breakpoint_figure,
    _iwo_jima_figure,
    build_report,
)
from clausewitz.report.validation_labels import coefficient, forecaster, named_in
from clausewitz.validation.suite import Settings, Validation, run_validation


@pytest.fixture(scope="module")
def validation() -> Validation:
    return run_validation(Settings.quick())


@pytest.fixture(scope="module")
def page(validation: Validation) -> str:
    return re.sub(r"<svg.*?</svg>", "", build_report(validation).render(), flags=re.S)


def test_no_python_reprs_in_the_text(page: str) -> None:
    text = html.unescape(page)
    for token in ("{'", "['", "': ", "None", "nan"):
        assert token not in text, token


def test_table_columns_are_words(page: str) -> None:
    heads = [html.unescape(h) for h in re.findall(r"<th>(.*?)</th>", page)]
    assert heads
    for h in heads:
        assert "_" not in h, h
        assert not re.match(r"^[xy]\.", h), h
        assert not re.fullmatch(r"[0-9.]+", h), h  # a quantile reads 10%, not 0.1
    assert "X's kill rate k" in heads


def test_every_forecaster_has_its_words_and_its_key(page: str) -> None:
    text = html.unescape(page)
    assert "engine a priori: only what is known before the battle (no CEA)" in text
    assert "engagement_a_priori" in text  # the JSON key, beside the words
    assert "engine a priori (no CEA) 0 (CEA not read)" in text  # its kappa, explained


def test_axes_carry_units(validation: Validation) -> None:
    assert _iwo_jima_figure(validation).axes[0].get_ylabel() == "strength (men)"
    for fig in (_breakpoint_figure(validation), _ardennes_figure(validation)):
        for ax in fig.axes:
            assert "(casualties / strength)" in ax.get_xlabel() + ax.get_ylabel()


def test_labels() -> None:
    assert coefficient("x.kills") == "X's kill rate k"
    assert coefficient("y.b") == "Y's fire: exponent b on the target's strength"
    assert forecaster("base_rate").startswith("base rate")


def test_the_failures_keys_are_explained(page: str) -> None:
    text = html.unescape(page)
    assert "(engagement_a_priori, Brier" in text
    assert "engagement_a_priori: engine a priori: only what is known before the battle" in text
    assert "engine_published: engine, published constants" in text


def test_named_in_finds_bracketed_keys_only() -> None:
    texts = ["odds (engagement_modern, Brier 0.2)", "Force ratio (published): x"]
    assert named_in(texts) == ["engagement_modern", "published"]
