"""Analysis of engine outputs: paired comparison, sensitivity, fitting (consumes arrays only)."""
