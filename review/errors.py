"""Why a workflow action was refused; each message says what to do instead."""

from django.core.exceptions import ValidationError


class ReviewError(ValidationError):
    """A workflow action that cannot be taken now; the message says what to do instead."""

    @property
    def message_text(self) -> str:
        return "；".join(self.messages)


class IllegalTransition(ReviewError):
    """The item's current state does not allow this action (see rules.ACTIONS)."""


class AlreadyDecided(ReviewError):
    """Someone else decided this step first (two reviewers acting at once)."""


class StaleRevision(ReviewError):
    """The item changed after it was sent for review: the clearance would not match it."""


class SubmissionIncomplete(ReviewError):
    """A required catalogue element (Art. 12) or a per-kind check is missing."""
