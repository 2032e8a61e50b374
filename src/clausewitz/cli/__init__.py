"""Command-line faces over the Python API (Typer + Rich). No model logic lives here."""
