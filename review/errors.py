"""Why a workflow action was refused; each message says what to do instead.

The base class and IllegalTransition are disclosure's (one of each for both apps), so one
`except ReviewError` also catches an IllegalTransition raised by publish_item."""

from disclosure.services import IllegalTransition, WorkflowError

__all__ = [
    "AlreadyDecided",
    "IllegalTransition",
    "ReviewError",
    "StaleRevision",
    "SubmissionIncomplete",
    "UploadRefused",
]

# A workflow action that cannot be taken now.
ReviewError = WorkflowError


class AlreadyDecided(ReviewError):
    """Someone else decided this step first (two reviewers acting at once)."""


class StaleRevision(ReviewError):
    """The item changed after it was sent for review: the clearance would not match it."""


class SubmissionIncomplete(ReviewError):
    """A required catalogue element (Art. 12) or a per-kind check is missing."""


class UploadRefused(ReviewError):
    """A file offered to the rich-text editor is not one the portal stores."""
