"""Every model, imported in one place so that the metadata is complete (Alembic, tests)."""

from counsel_dir.accounts.models import LoginFailure, Role, User, UserSession
from counsel_dir.audit.models import AuditEntry
from counsel_dir.credentials.models import Credential, SupervisedHours, VerificationRecord
from counsel_dir.directory.models import Counselor
from counsel_dir.moderation.models import (
    Appeal,
    InfoRequest,
    ModerationDecision,
    ModerationItem,
    Report,
    SecondFactorAttempt,
)
from counsel_dir.notifications.models import Notice, OutboxMail
from counsel_dir.profiles.models import Claim, ClaimAttempt
from counsel_dir.search.models import IndexQueueEntry

__all__ = [
    "Appeal",
    "AuditEntry",
    "Claim",
    "ClaimAttempt",
    "Counselor",
    "Credential",
    "IndexQueueEntry",
    "InfoRequest",
    "ModerationDecision",
    "LoginFailure",
    "ModerationItem",
    "Notice",
    "OutboxMail",
    "Report",
    "Role",
    "SecondFactorAttempt",
    "SupervisedHours",
    "User",
    "UserSession",
    "VerificationRecord",
]
