"""Full-text search: analysis, the index and its folder, building, queries, ranking, snippets."""
