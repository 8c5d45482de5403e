"""FAQDesk: an offline support desk for cross-border sellers dealing with Ozon logistics."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["KnowledgeBase", "__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from faqdesk.core.search.knowledge_base import KnowledgeBase


def __getattr__(name: str) -> Any:
    # Imported lazily: the window must be able to appear before jieba and Whoosh load.
    if name == "KnowledgeBase":
        from faqdesk.core.search.knowledge_base import KnowledgeBase

        return KnowledgeBase
    raise AttributeError(f"module 'faqdesk' has no attribute {name!r}")
