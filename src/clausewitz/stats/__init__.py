"""Statistics of engine outputs: paired comparison, intervals, global sensitivity (arrays in,
numbers out)."""
