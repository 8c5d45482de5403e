"""Package data of faqdesk.core.search (the jieba domain dictionary ``userdict.txt``)."""
