"""The one error type that crmlab raises for bad input."""

__all__ = ["CRMLabError"]


class CRMLabError(ValueError):
    """Bad input to a crmlab function.

    A subclass of :class:`ValueError`, so ``except ValueError`` still catches it.
    Every message says what is wrong, what was received, and what would be valid.

    Examples
    --------
    >>> issubclass(CRMLabError, ValueError)
    True
    """
