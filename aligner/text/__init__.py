"""Segmentation of Chinese and English text, and number and date parsing."""
