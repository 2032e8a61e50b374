"""Evidence: Admiralty-graded claims fused into parameter distributions.

* :mod:`~clausewitz.evidence.grading`: the Admiralty vocabulary (labels, MISP machine tags) and
  the weights of grades;
* :mod:`~clausewitz.evidence.distributions`: every distribution a parameter can have, each with a
  vectorised inverse CDF;
* :mod:`~clausewitz.evidence.claims`, :mod:`~clausewitz.evidence.fusion`: claims checked,
  converted, weighted and pooled;
* :mod:`~clausewitz.evidence.estimate`: :func:`estimate_all`, where every parameter of a scenario
  becomes a :class:`ParameterEstimate`;
* :mod:`~clausewitz.evidence.table`: the per-parameter evidence rows and summary that
  ``clausewitz evidence`` prints.

``docs/evidence.md`` describes the rules.
"""

from clausewitz.evidence.claims import Evidence
from clausewitz.evidence.estimate import (
    ClaimRow,
    NoEvidenceError,
    ParameterEstimate,
    estimate_all,
    estimate_parameter,
)

__all__ = [
    "ClaimRow",
    "Evidence",
    "NoEvidenceError",
    "ParameterEstimate",
    "estimate_all",
    "estimate_parameter",
]
