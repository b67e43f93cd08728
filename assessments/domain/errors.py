"""The errors a use case raises to refuse, each with a sentence the person can act on."""


class DomainError(Exception):
    """A use case refused, with a message the person can act on."""


class NotFound(DomainError):
    pass


class NotAllowed(DomainError):
    """The person asking may not see or change this."""
