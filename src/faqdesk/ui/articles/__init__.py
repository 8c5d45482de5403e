"""The article reader and the navigation pane (categories and results)."""
