"""Closed sets of the credentials domain: issuers, kinds, statuses and tiers."""

from enum import IntEnum, StrEnum


class Issuer(StrEnum):
    """A body whose credentials the directory recognizes."""

    CPS = "cps"
    MOHRSS = "mohrss"
    CAS = "cas"


class CredentialKind(StrEnum):
    """What a counselor claims to hold; UNRECOGNIZED earns no tier."""

    CPS_REGISTERED_SUPERVISOR = "cps_registered_supervisor"
    CPS_REGISTERED_PSYCHOLOGIST = "cps_registered_psychologist"
    CPS_REGISTERED_ASSISTANT = "cps_registered_assistant"
    MOHRSS_LEVEL2 = "mohrss_level2"
    MOHRSS_LEVEL3 = "mohrss_level3"
    CAS_BASIC_TRAINING = "cas_basic_training"
    UNRECOGNIZED = "unrecognized"


class CredentialStatus(StrEnum):
    """Outcome of the latest verification against the official channel."""

    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"
    EXPIRED = "expired"
    REVOKED = "revoked"


class Tier(IntEnum):
    """Directory tiers; a lower number is a stronger tier."""

    REGISTERED = 1
    CERTIFIED = 2
    TRAINED = 3


class LegalNature(StrEnum):
    """What kind of document a credential is in law."""

    ASSOCIATION_REGISTRATION = "association_registration"
    VOCATIONAL_QUALIFICATION = "vocational_qualification"
    TRAINING_CERTIFICATE = "training_certificate"


class QueryField(StrEnum):
    """A field an official channel asks for."""

    NAME = "name"
    REGISTRATION_NUMBER = "registration_number"
    CERTIFICATE_NUMBER = "certificate_number"
    RESIDENT_ID = "resident_id"
