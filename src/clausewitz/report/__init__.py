"""Reports people read: self-contained HTML pages with embedded figures, checked in a browser."""
