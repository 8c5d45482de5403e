"""Contacts and call times. Where each part lives:

- ``model`` (contacts, channels, the YAML format) with ``checks`` (one field → value or typed
  problem), ``hours`` (opening hours), ``zones`` (zone names, instants);
- ``book`` (the bundled contacts plus the user's, in ``database``: SQLite), ``vcard`` (import,
  export) with ``encodings`` (which encoding a file is in);
- ``calltime`` (statuses, best windows) with ``reasons`` (their sentences) and ``ru_calendar``.
"""
