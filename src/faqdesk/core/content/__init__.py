"""Articles and categories: loading, front matter, link checks, rendering."""
