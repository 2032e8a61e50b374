"""Reports people read: self-contained HTML pages with embedded figures, checked in a browser."""

import matplotlib as _mpl

# Labels in our figures are data (objective, strategy and parameter names a scenario chose),
# never formulas: a '$' must print as itself, not start matplotlib's mathtext, which fails
# on text such as "A $x$ and $$" only when the figure is drawn, after the whole simulation.
_mpl.rcParams["text.parse_math"] = False
