"""The Cases pane, its list model and the reminders while the app runs."""
