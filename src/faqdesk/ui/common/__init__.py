"""Pieces every feature of the window shares: the clock, background work, errors, language,
the panel base class."""
