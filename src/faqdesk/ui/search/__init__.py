"""The search box, the results model and its delegate."""
