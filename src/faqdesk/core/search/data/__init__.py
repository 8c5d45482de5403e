"""Package data of faqdesk.core (e.g. the jieba domain dictionary ``userdict.txt``)."""
