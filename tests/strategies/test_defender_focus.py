"""The defender's reserve levers on a three-sector observation: ``focus_share`` sends that
share of the forward commitment to the focus whatever the pressure, ``massing`` withdraws the
lines off the focus on the first day only, and a posture without them fights as before."""

from __future__ import annotations

import numpy as np
import pytest
from tests.strategies.test_library import observation

from clausewitz.errors import UserError
from clausewitz.strategies.defender import (
    defend_in_depth,
    elastic,
    hold_every_metre,
    pressure,
)
from clausewitz.strategies.settings import normalised


def test_without_a_focus_the_reserve_follows_the_pressure_as_before() -> None:
    obs = observation(side="defender")
    orders = hold_every_metre(obs, {"commit_share": 0.6})
    np.testing.assert_array_equal(orders.allocation, 0.6 * normalised(pressure(obs)))
    assert orders.withdraw is not None and not orders.withdraw.any()
    # on day 0 too: massing 0 withdraws nothing
    assert not hold_every_metre(observation(side="defender", day=0), {}).withdraw.any()  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("policy", "extra"),
    [
        (defend_in_depth, {"counterattack_tempo": 0.0}),
        (hold_every_metre, {}),
        (elastic, {"counterattack_tempo": 0.0}),
    ],
)
def test_focus_share_goes_to_the_main_axis_whatever_the_pressure(policy, extra) -> None:  # type: ignore[no-untyped-def]
    """(No counter-attacks, so only the forward part of the commitment moves.)"""
    # the pressure is all on sector c; the focus (the main axis, a) is quiet
    obs = observation(side="defender", own_losses_yesterday=np.tile([0.0, 0.0, 50.0], (2, 1)))
    plain = policy(obs, {"commit_share": 0.5, **extra})
    focused = policy(obs, {"commit_share": 0.5, "focus_share": 0.8, **extra})
    forward = plain.allocation[:, 2]  # all of the forward part goes to c without a focus
    assert np.all(forward > 0.0)
    np.testing.assert_array_equal(plain.allocation[:, :2], 0.0)
    # the same total goes forward, now four fifths of it to a
    np.testing.assert_allclose(focused.allocation.sum(axis=1), forward)
    np.testing.assert_allclose(focused.allocation[:, 0], 0.8 * forward)
    np.testing.assert_allclose(focused.allocation[:, 2], 0.2 * forward)


def test_named_focus_sectors_split_by_frontage() -> None:
    obs = observation(side="defender")
    orders = hold_every_metre(
        obs, {"commit_share": 1.0, "focus_share": 1.0, "focus_sectors": "b,c"}
    )
    # frontages 20 and 30 km: b gets 2/5, c 3/5, the main axis nothing
    np.testing.assert_allclose(orders.allocation, np.tile([0.0, 0.4, 0.6], (2, 1)))


def test_massing_withdraws_the_lines_off_the_focus_on_the_first_day_only() -> None:
    settings = {"massing": 0.25, "focus_sectors": "b"}
    first = defend_in_depth(observation(side="defender", day=0), settings)
    np.testing.assert_array_equal(first.withdraw, np.tile([0.25, 0.0, 0.25], (2, 1)))
    later = defend_in_depth(observation(side="defender", day=1), settings)
    assert later.withdraw is not None and not later.withdraw.any()


def test_bad_focus_settings_are_clear_errors() -> None:
    obs = observation(side="defender")
    with pytest.raises(UserError, match="unknown sector 'pokrovsk'"):
        elastic(obs, {"focus_sectors": "pokrovsk"})
    with pytest.raises(UserError, match=r"'focus_share' = 1.5 is outside"):
        elastic(obs, {"focus_share": 1.5})
    with pytest.raises(UserError, match="did you mean massing"):
        defend_in_depth(obs, {"masing": 0.2})
