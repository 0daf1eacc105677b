"""Briefer: annotate news articles side by side and compile a situation brief."""

__version__ = "0.1.0"
