"""The scenario layer: schema, loading with positions, validation, bundled scenarios, compile."""
