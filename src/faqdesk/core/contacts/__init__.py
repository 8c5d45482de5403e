"""Contacts and call times: the model and its checks, the contact book, vCard, opening hours,
the Russian production calendar."""
