"""The contact panel: channel cards, the day plan, the contact editor."""
