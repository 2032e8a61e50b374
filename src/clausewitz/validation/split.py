"""The out-of-sample split of CDB90, fixed before any model was scored.

Training: the battles that began before 1 January 1939 (1600-1938). Test: those from 1939 on
(the Second World War and after, 1939-1982), the era closest to the engine's use, minus the
Ardennes battles of December 1944, because the engine's attrition fit uses the Ardennes
division-days of that campaign (ADE) and the test must not see data the model was fitted on.

The statistical forecasters and the engine's ``defaults`` (breakpoints fitted on the
training battles only, :mod:`clausewitz.validation.outcome_fit`) and ``published``
calibrations are scored out of sample. The ``modern`` calibration (the previous defaults) has
thresholds fitted on all CDB90 battles from 1939 on, test battles and the 1944 Ardennes
battles included, so its score is not out of sample for them.
"""

from __future__ import annotations

import pandas as pd

SPLIT_YEAR = 1939
"""First year of the test era."""

SPLIT = (
    "train: battles before 1939 (1600-1938); test: 1939-1982 without the Ardennes campaign of "
    "1944, whose division-days fitted the attrition constants"
)


def train_test(battles: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(training, test) rows of a CDB90 frame
    (:func:`clausewitz.validation.datasets.load_cdb90`)."""
    train = battles[battles["year"] < SPLIT_YEAR]
    ardennes_1944 = (battles["campaign"].str.upper() == "ARDENNES") & (battles["year"] == 1944)
    test = battles[(battles["year"] >= SPLIT_YEAR) & ~ardennes_1944]
    return train.reset_index(drop=True), test.reset_index(drop=True)
