"""Articles and categories. Where each part lives: ``library`` (the loaded types), ``loading``
(a content folder, overlaid by the user's), ``frontmatter`` (one file: text, YAML, fields),
``links`` (checks between articles), ``render`` (Markdown to HTML and to plain text)."""
