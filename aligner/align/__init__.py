"""Alignment: cost features, a pure dynamic programme, paragraph and sentence aligners."""
