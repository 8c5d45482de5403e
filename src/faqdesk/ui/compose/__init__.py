"""The composer: a dialog that fills in a message template and shows the Russian text, its
meaning and its Latin reading side by side (:mod:`.dialog`), opened with :func:`open_composer`
from an article's "Write to support" button, the start page or Tools → Write to support…"""

from faqdesk.ui.compose.dialog import ComposerDialog, install_compose_action, open_composer

__all__ = ["ComposerDialog", "install_compose_action", "open_composer"]
