"""Messages to support, composed from templates. Where each part lives: ``fields`` (the field
kinds, their checks and the shared label table), ``templates`` (the template files, loaded and
checked), ``message`` (a template filled in: the Russian text, its meaning, its Latin reading),
``reading`` (the Latin reading of Russian and numbers spelled out for the phone)."""
