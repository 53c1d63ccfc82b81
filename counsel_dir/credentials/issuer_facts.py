"""Facts about the recognized issuers and credential kinds, as data.

Every fact about an issuer (names, official domains, query channels, what a
query takes, how long a credential lasts, how often it is re-checked) lives
here and nowhere else. Uncertain facts (channel addresses, domains,
intervals) can be replaced from configuration through
:meth:`counsel_dir.credentials.issuers.IssuerRegistry.with_overrides`.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from types import MappingProxyType

from counsel_dir.credentials.hosts import is_under_any
from counsel_dir.credentials.kinds import (
    CredentialKind,
    Issuer,
    LegalNature,
    QueryField,
    Tier,
)
from counsel_dir.markers import N_

OFFICIAL_CHANNEL_NOTE = N_(
    "Official channels never ask for a phone number or a purchase. A name or a "
    "certificate number, and for some the holder's resident ID number, is all they "
    "take."
)

FIELD_HINTS: Mapping[QueryField, str] = MappingProxyType(
    {
        QueryField.NAME: N_(
            "The holder's full name in Chinese characters, exactly as on the credential."
        ),
        QueryField.REGISTRATION_NUMBER: N_(
            "The registration number shown on the counselor's profile."
        ),
        QueryField.CERTIFICATE_NUMBER: N_(
            "The certificate number shown on the counselor's profile."
        ),
        QueryField.RESIDENT_ID: N_(
            "The holder's 18-character resident ID number. Only the holder has it and "
            "this directory never shows it: ask the counselor to run the lookup with "
            "you."
        ),
    }
)

NUMBER_FIELDS = (QueryField.REGISTRATION_NUMBER, QueryField.CERTIFICATE_NUMBER)


@dataclass(frozen=True)
class IssuerInfo:
    """What the directory knows about one issuer."""

    issuer: Issuer
    name_zh: str
    name_en: str
    legal_nature: LegalNature
    state_body: bool
    channel_urls: tuple[str, ...]
    active_channel_url: str
    channel_note: str | None
    official_domains: tuple[str, ...]
    state_domain_suffixes: tuple[str, ...]
    """Restricted suffixes (gov.cn, ac.cn) also accepted for this issuer's portals."""
    query_options: tuple[tuple[QueryField, ...], ...]
    """Alternative sets of fields a lookup takes; each set is complete on its own."""
    query_instructions: str
    credentials_expire: bool
    validity_years: int | None
    reverify_interval_days: int
    aliases: tuple[str, ...]
    """Other names of the issuer, Chinese and English, besides name_zh and name_en."""

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the issuer is recognized by."""
        return (self.name_zh, self.name_en, *self.aliases)

    @property
    def reverify_interval(self) -> timedelta:
        """How long a verification stays fresh before the channel is asked again."""
        return timedelta(days=self.reverify_interval_days)

    def accepts_host(self, host: str) -> bool:
        """Tell whether a portal host belongs to this issuer."""
        return is_under_any(host, self.official_domains + self.state_domain_suffixes)


@dataclass(frozen=True)
class KindInfo:
    """What one credential kind is, who issues it and what it proves."""

    kind: CredentialKind
    issuer: Issuer | None
    tier: Tier | None
    name_zh: str
    name_en: str
    proves: str
    registered_supervisor: bool
    number_field: QueryField | None


_CPS = IssuerInfo(
    issuer=Issuer.CPS,
    name_zh="中国心理学会临床与咨询心理学注册系统",
    name_en=N_(
        "Chinese Psychological Society, Clinical & Counseling Psychology Registration System"
    ),
    legal_nature=LegalNature.ASSOCIATION_REGISTRATION,
    state_body=False,
    channel_urls=("https://www.chinacpb.org/",),
    active_channel_url="https://www.chinacpb.org/",
    channel_note=None,
    official_domains=("chinacpb.org",),
    state_domain_suffixes=(),
    query_options=((QueryField.REGISTRATION_NUMBER,), (QueryField.NAME,)),
    query_instructions=N_(
        "Search the public registry by the counselor's name or registration number. "
        "No resident ID number is needed, so anyone can check a registration."
    ),
    credentials_expire=True,
    validity_years=3,
    reverify_interval_days=30,
    aliases=(
        "中国心理学会",
        "中国心理学会临床与咨询心理学注册系统",
        "中国心理学会临床与咨询心理学专业机构和专业人员注册系统",
        "中国心理学会临床心理学注册工作委员会",
        "中国心理学会注册系统",
        "Chinese Psychological Society",
        "Chinese Psychological Society Registration System",
        "Clinical and Counseling Psychology Registration System",
        "CPS",
    ),
)

_MOHRSS = IssuerInfo(
    issuer=Issuer.MOHRSS,
    name_zh="人力资源和社会保障部",
    name_en=N_("Ministry of Human Resources and Social Security"),
    legal_nature=LegalNature.VOCATIONAL_QUALIFICATION,
    state_body=True,
    channel_urls=("https://osta.mohrss.gov.cn/",),
    active_channel_url="https://osta.mohrss.gov.cn/",
    channel_note=None,
    official_domains=("osta.mohrss.gov.cn", "mohrss.gov.cn"),
    state_domain_suffixes=("gov.cn",),
    query_options=((QueryField.NAME, QueryField.RESIDENT_ID),),
    query_instructions=N_(
        "Enter the holder's name and resident ID number. Only the holder has the ID "
        "number: ask the counselor to run the lookup with you or to show you the "
        "result on the official site."
    ),
    credentials_expire=False,
    validity_years=None,
    reverify_interval_days=180,
    aliases=(
        "人力资源和社会保障部",
        "人力资源社会保障部",
        "人社部",
        "中华人民共和国人力资源和社会保障部",
        "人力资源和社会保障部职业技能鉴定中心",
        "人力资源社会保障部职业技能鉴定中心",
        "Ministry of Human Resources and Social Security",
        "MOHRSS",
        "OSTA",
        "Occupational Skill Testing Authority",
    ),
)

_CAS = IssuerInfo(
    issuer=Issuer.CAS,
    name_zh="中国科学院心理研究所",
    name_en=N_("Institute of Psychology, Chinese Academy of Sciences"),
    legal_nature=LegalNature.TRAINING_CERTIFICATE,
    state_body=True,
    channel_urls=("https://jcpx.psych.ac.cn/", "https://zscx.psych.ac.cn/"),
    active_channel_url="https://jcpx.psych.ac.cn/",
    channel_note=N_(
        "Certificate lookups are reportedly moving from jcpx.psych.ac.cn to "
        "zscx.psych.ac.cn; if one does not answer, try the other."
    ),
    official_domains=("psych.ac.cn",),
    state_domain_suffixes=("ac.cn",),
    query_options=((QueryField.CERTIFICATE_NUMBER, QueryField.RESIDENT_ID),),
    query_instructions=N_(
        "Enter the certificate number and the holder's resident ID number. Only the "
        "holder has the ID number: ask the counselor to run the lookup with you."
    ),
    credentials_expire=False,
    validity_years=None,
    reverify_interval_days=180,
    aliases=(
        "中国科学院心理研究所",
        "中国科学院心理所",
        "中科院心理所",
        "中科院心理研究所",
        "Institute of Psychology, Chinese Academy of Sciences",
        "Institute of Psychology CAS",
        "Chinese Academy of Sciences Institute of Psychology",
        "IPCAS",
    ),
)


_NUMBER_FIELD = {
    Issuer.CPS: QueryField.REGISTRATION_NUMBER,
    Issuer.MOHRSS: QueryField.CERTIFICATE_NUMBER,
    Issuer.CAS: QueryField.CERTIFICATE_NUMBER,
}


def _kind(
    kind: CredentialKind,
    issuer: Issuer | None,
    tier: Tier | None,
    *,
    zh: str,
    en: str,
    proves: str,
    supervisor: bool = False,
) -> KindInfo:
    return KindInfo(
        kind=kind,
        issuer=issuer,
        tier=tier,
        name_zh=zh,
        name_en=en,
        proves=proves,
        registered_supervisor=supervisor,
        number_field=_NUMBER_FIELD[issuer] if issuer else None,
    )


KINDS: tuple[KindInfo, ...] = (
    _kind(
        CredentialKind.CPS_REGISTERED_SUPERVISOR,
        Issuer.CPS,
        Tier.REGISTERED,
        zh="注册督导师",
        en=N_("Registered supervisor"),
        supervisor=True,
        proves=N_(
            "Registered with the Chinese Psychological Society as a supervisor: a "
            "mature counselor with case experience and systematic supervision who may "
            "supervise other counselors and attest their supervised hours. "
            "Registration runs in periods of about three years and must be renewed."
        ),
    ),
    _kind(
        CredentialKind.CPS_REGISTERED_PSYCHOLOGIST,
        Issuer.CPS,
        Tier.REGISTERED,
        zh="注册心理师",
        en=N_("Registered psychologist"),
        proves=N_(
            "Registered with the Chinese Psychological Society as a psychologist: a "
            "mature counselor with case experience and systematic supervision. "
            "Registration runs in periods of about three years and must be renewed."
        ),
    ),
    _kind(
        CredentialKind.CPS_REGISTERED_ASSISTANT,
        Issuer.CPS,
        Tier.REGISTERED,
        zh="注册助理心理师",
        en=N_("Registered assistant psychologist"),
        proves=N_(
            "Registered with the Chinese Psychological Society at its entry level, as "
            "an assistant psychologist with supervised case experience. Registration "
            "runs in periods of about three years and must be renewed."
        ),
    ),
    _kind(
        CredentialKind.MOHRSS_LEVEL2,
        Issuer.MOHRSS,
        Tier.CERTIFIED,
        zh="二级心理咨询师",
        en=N_("Level-2 psychological counselor"),
        proves=N_(
            "A national vocational qualification, the higher of the two levels. Exams "
            "stopped in 2017 when it left the national catalog; certificates already "
            "issued stay valid and do not expire."
        ),
    ),
    _kind(
        CredentialKind.MOHRSS_LEVEL3,
        Issuer.MOHRSS,
        Tier.CERTIFIED,
        zh="三级心理咨询师",
        en=N_("Level-3 psychological counselor"),
        proves=N_(
            "A national vocational qualification. Exams stopped in 2017 when it left "
            "the national catalog; certificates already issued stay valid and do not "
            "expire."
        ),
    ),
    _kind(
        CredentialKind.CAS_BASIC_TRAINING,
        Issuer.CAS,
        Tier.TRAINED,
        zh="心理咨询师基础培训合格证书",
        en=N_("Basic training certificate in psychological counseling"),
        proves=N_(
            "Completion of basic training only. It is NOT a professional "
            "qualification: the holder should not take cases alone. It counts for tier "
            "3 only together with supervised practice hours attested by a registered "
            "supervisor. The program closed to new candidates in September 2024; "
            "certificates stay valid."
        ),
    ),
    _kind(
        CredentialKind.UNRECOGNIZED,
        None,
        None,
        zh="未获认可的证书",
        en=N_("Unrecognized credential"),
        proves=N_(
            "Not issued by a body the directory recognizes. It earns no tier, whatever "
            "its own query portal says."
        ),
    ),
)


ISSUERS: tuple[IssuerInfo, ...] = (_CPS, _MOHRSS, _CAS)
