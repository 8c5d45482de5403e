"""The settings store and the settings dialog."""
