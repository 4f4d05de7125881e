"""Hardware layer: printers, layouts, virtual printer, cameras, decoding, ID card parsing (no Textual, no SQLAlchemy)."""
