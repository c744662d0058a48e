"""aligner: align, score and check English renderings of Chinese documents."""

__version__ = "0.1.0"
