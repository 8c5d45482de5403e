"""The composer: a dialog that fills in a message template and shows the Russian text, its
meaning and its Latin reading side by side (:mod:`.dialog`: ``open_composer(parent, problem=…,
template_id=…, values=…)`` returns the :class:`~.dialog.ComposerDialog`), opened from an
article's "Write to support" button, the start page, or Tools → Write to support… (:mod:`.menu`).

Only the menu action is imported here: the window adds it at start-up, the dialog loads later.
"""

from faqdesk.ui.compose.menu import install_compose_action

__all__ = ["install_compose_action"]
