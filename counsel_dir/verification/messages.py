"""What counselors are told about their verification results (English msgids)."""

from counsel_dir.credentials.models import VerificationOutcome
from counsel_dir.i18n import N_

NOTICE_KIND = "verification_result"

RESULT_MESSAGES = {
    VerificationOutcome.MATCH: N_(
        "Your credential %(number)s was confirmed by its issuer's official channel and is "
        "now shown as verified."
    ),
    VerificationOutcome.NOT_FOUND: N_(
        "Your credential %(number)s was not found on its issuer's official channel, so it "
        "is shown as rejected. Check the number you entered and edit the credential, or "
        "contact the moderators."
    ),
    VerificationOutcome.MISMATCH: N_(
        "Your credential %(number)s does not match the issuer's record (it differs in: "
        "%(field)s), so it is shown as rejected. Check what you entered and edit the "
        "credential, or contact the moderators."
    ),
    VerificationOutcome.EXPIRED: N_(
        "Your credential %(number)s has passed its validity end date according to the "
        "issuer's record and is shown as expired. Once you renew it, we will see it at "
        "the next check."
    ),
    VerificationOutcome.REVOKED: N_(
        "Your credential %(number)s is shown as revoked by its issuer and no longer counts "
        "for your tier."
    ),
}

FIELD_NAMES = {
    "name": N_("the holder's name"),
    "type": N_("the credential type"),
}

MAIL_SUBJECT = N_("Verification result for your credential")

OUTCOME_NAMES = {
    VerificationOutcome.MATCH: N_("Confirmed by the issuer"),
    VerificationOutcome.NOT_FOUND: N_("Not found by the issuer"),
    VerificationOutcome.MISMATCH: N_("Does not match the issuer's record"),
    VerificationOutcome.INCONCLUSIVE: N_("Channel unavailable, will retry"),
    VerificationOutcome.EXPIRED: N_("Expired per the issuer's record"),
    VerificationOutcome.REVOKED: N_("Revoked by the issuer"),
}

METHOD_NAMES = {
    "issuer_channel": N_("checked automatically with the issuer's official channel"),
    "moderator_assisted": N_("checked by a moderator on the issuer's official channel"),
    "import": N_("imported from the issuer's public registry"),
}
