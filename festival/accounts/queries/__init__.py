"""Named reads of the accounts area that other areas use (below every area's services, so the
mail area can ask them while accounts' services send mail)."""

from festival.accounts.queries.organisations import organisations_for

__all__ = ["organisations_for"]
