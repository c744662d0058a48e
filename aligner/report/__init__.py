"""Report writers: JSON, HTML, CSV, TMX, XLIFF; every file is written atomically."""
