"""PySide6 widgets over faqdesk.core, one panel or dialog per file."""
