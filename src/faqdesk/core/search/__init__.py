"""Full-text search over the articles. Where each part lives:

- ``knowledge_base``: :class:`KnowledgeBase`, the entry point: the content plus its index;
  ``search()`` parses, matches, ranks and cuts snippets.
- ``analysis`` (words of Chinese, Russian, English text), ``chinese`` (jieba), ``spelling``
  (typo tolerance), ``query`` (the query language), ``ranking`` (BM25F), ``snippets``.
- ``index`` (the Whoosh schema and documents), ``indexbuild`` (fast full builds in workers),
  ``folder`` (the index folder's life: stamp check, update, rebuild, recovery), ``stamp``
  (what an index was built from), ``vocabulary`` (the "did you mean" words).
"""
