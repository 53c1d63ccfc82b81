"""Is a credential's issuer recognized, and does its query portal look official?

Private bodies sell certificates under official-sounding names with their own
"query portals". :func:`assess_issuer` names the warning signs so that a
moderator (and the counselor) can see why a credential earns no tier.
"""

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum
from types import MappingProxyType
from urllib.parse import parse_qsl, unquote

from counsel_dir.credentials.hosts import is_under_any, portal_host, split_portal_url
from counsel_dir.credentials.issuers import DEFAULT_REGISTRY, IssuerRegistry
from counsel_dir.credentials.kinds import Issuer
from counsel_dir.markers import N_

STATE_DOMAIN_SUFFIXES = ("gov.cn", "ac.cn")
"""Suffixes open only to state bodies and research institutes: not a private site."""


class RecognitionProblem(StrEnum):
    """A warning sign about a credential's issuer or query portal."""

    UNKNOWN_ISSUER = "unknown_issuer"
    NON_OFFICIAL_DOMAIN = "non_official_domain"
    LOOKALIKE_NAME = "lookalike_name"
    STATE_CLAIM_WORDS = "state_claim_words"
    SALES_PORTAL = "sales_portal"


@dataclass(frozen=True)
class Recognition:
    """Outcome of assessing an issuer: recognized means known issuer, no problem."""

    recognized: bool
    issuer: Issuer | None
    reasons: tuple[RecognitionProblem, ...]


_EXPLANATIONS: Mapping[RecognitionProblem, str] = MappingProxyType(
    {
        RecognitionProblem.UNKNOWN_ISSUER: N_(
            "The issuer is not one of the bodies the directory recognizes (the Chinese "
            "Psychological Society, the Ministry of Human Resources and Social "
            "Security, the Institute of Psychology of the Chinese Academy of "
            "Sciences), so this credential earns no tier."
        ),
        RecognitionProblem.NON_OFFICIAL_DOMAIN: N_(
            "The query portal is not on the issuer's official website. Official "
            "records are on chinacpb.org, mohrss.gov.cn or psych.ac.cn; a privately "
            "registered site can show whatever its owner wants."
        ),
        RecognitionProblem.LOOKALIKE_NAME: N_(
            "The issuer's name imitates an official or international body. Names such "
            "as "
            '"International Federation of Psychological Counseling" belong to private '
            "sellers of certificates."
        ),
        RecognitionProblem.STATE_CLAIM_WORDS: N_(
            "The credential claims to be national, state-issued or internationally "
            "recognized, but its issuer is not a state body. Genuine national "
            "qualifications come only from the ministry."
        ),
        RecognitionProblem.SALES_PORTAL: N_(
            "The query portal sells courses or asks for a phone number. Official "
            "channels never ask for a phone number or a purchase."
        ),
    }
)


def explain(problem: RecognitionProblem) -> str:
    """Explain a problem to a counselor in plain words (an untranslated msgid)."""
    return _EXPLANATIONS[RecognitionProblem(problem)]


def _fold(text: str) -> str:
    """Fold a name for comparison: width, case, '&', spaces and punctuation ignored."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("&", " and ")
    folded = re.sub(r"^\s*the\s+", "", folded)
    return "".join(ch for ch in folded if ch.isalnum())


def _words(text: str) -> str:
    """Width- and case-folded text with single spaces, for word-boundary matching."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


_PARENTHESIZED = re.compile(r"[(\[【〔]([^()\[\]【】〔〕]*)[)\]】〕]")


def _alias_index(registry: IssuerRegistry) -> dict[str, Issuer]:
    return {_fold(name): info.issuer for info in registry.issuers.values() for name in info.names}


def match_issuer(name: str, registry: IssuerRegistry = DEFAULT_REGISTRY) -> Issuer | None:
    """Return the issuer a name designates, or None.

    The name must equal a known name after folding. A parenthesized part is
    tolerated only when it is itself a name of the same issuer, so
    "Chinese Psychological Society (CPS)" matches but
    "中国心理学会（国际分会）" does not.
    """
    index = _alias_index(registry)
    whole = index.get(_fold(name))
    if whole is not None:
        return whole
    text = unicodedata.normalize("NFKC", name)
    main = index.get(_fold(_PARENTHESIZED.sub(" ", text)))
    if main is not None and _parts_agree(text, main, index):
        return main
    return None


def _parts_agree(text: str, issuer: Issuer, index: dict[str, Issuer]) -> bool:
    parts = [_fold(part) for part in _PARENTHESIZED.findall(text)]
    return all(index.get(part) is issuer for part in parts if part)


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


_INTERNATIONAL = re.compile(
    r"国际|世界|全球|环球|亚太|亚洲|欧美|美国|英国|"
    r"\b(?:international|world|worldwide|global|asia|pacific|american|british)\b"
)
_BODY = re.compile(
    r"联合会|协会|学会|总会|委员会|研究院|研究会|联盟|理事会|认证中心|"
    r"\b(?:federation|association|society|council|union|institute|academy|board|"
    r"commission|organi[sz]ation|alliance|league)\b"
)
_STATE_CLAIM = re.compile(
    r"(?<![中全])国家|国际认证|国际认可|国际通用|国际注册|全国通用|全国统一|国务院|"
    r"中华人民共和国|部颁|官方|政府|"
    r"\bnational(?:ly)?\b|\binternationally (?:recogni[sz]ed|accredited)\b|"
    r"\binternational (?:certificat\w*|accredit\w*)\b|"
    r"\bstate[- ](?:certified|approved|recogni[sz]ed|issued|accredited)\b|"
    r"\bgovernment\b|\bofficial(?:ly)?\b|\bministry\b"
)


def _looks_alike(name: str, registry: IssuerRegistry) -> bool:
    """Name imitates an official body.

    Signs: it contains a recognized name plus more ("中国心理学会国际认证中心");
    it is nearly a recognized name ("中国心里学会", similarity >= 0.8); it
    combines international wording with a body word ("国际…联合会",
    "International Federation of …"); or it carries a short recognized
    abbreviation as a word ("CPS Counseling Board").
    """
    folded = _fold(name)
    words = set(re.split(r"[^\w]+", _words(name)))
    for alias in {_fold(n) for info in registry.issuers.values() for n in info.names}:
        long_enough = len(alias) >= (4 if _has_cjk(alias) else 8)
        if long_enough and alias in folded:
            return True
        if len(alias) >= (6 if _has_cjk(alias) else 12) and (
            SequenceMatcher(None, folded, alias).ratio() >= 0.8
        ):
            return True
        if not _has_cjk(alias) and len(alias) < 8 and alias in words:
            return True
    text = _words(name)
    return bool(_INTERNATIONAL.search(text) and _BODY.search(text))


_SALES_SUBSTRINGS = tuple(
    "报名 课程 购买 支付 缴费 付款 下单 招生 学费 价格 优惠 商城 培训班 领取 试听 "
    "course checkout baoming kecheng zhaosheng goumai zhifu enrol tuition coupon "
    "purchase xuefei shangcheng".split()
)
_SALES_WORDS = frozenset(
    "shop store mall buy pay payment order orders cart price pricing vip sale sales "
    "class classes lesson lessons".split()
)
_CONTACT_KEYS = frozenset("tel sjh sjhm sms wechat weixin qq 微信 电话 联系方式".split())
_CONTACT_KEY_PARTS = ("mobile", "phone", "shouji", "手机", "电话")


def _sells_or_collects(url: str) -> bool:
    """Portal URL hints at course sales or collection of contact details.

    Looks at the host, path, query and fragment (percent-decoded): distinctive
    sales words anywhere ("报名", "课程", "course", "checkout", "baoming"),
    short ones only as whole words ("shop", "buy", "pay", "cart"), and query
    parameters that take a phone number, WeChat or QQ id ("mobile", "phone",
    "tel", "shouji", "手机"). An official channel never needs any of these.
    """
    parts = split_portal_url(url)
    if parts is None:
        return False
    host = portal_host(url) or ""
    fragment_query = parts.fragment.partition("?")[2]
    text = unquote(" ".join((host, parts.path, parts.query, parts.fragment))).casefold()
    if any(word in text for word in _SALES_SUBSTRINGS):
        return True
    if _SALES_WORDS.intersection(re.split(r"[^a-z0-9]+", text)):
        return True
    for query in (parts.query, fragment_query):
        for key, _value in parse_qsl(query, keep_blank_values=True):
            compact = re.sub(r"[\s_\-]", "", key.casefold())
            if compact in _CONTACT_KEYS or any(part in compact for part in _CONTACT_KEY_PARTS):
                return True
    return False


def _domain_problem(url: str, issuer: Issuer | None, registry: IssuerRegistry) -> bool:
    """Portal host is not where the claimed issuer publishes its records.

    A recognized issuer's portal must be under its official domains, or for a
    state issuer under its restricted state suffix (gov.cn, ac.cn): a CPS
    claim therefore needs chinacpb.org. For an unknown issuer the host is
    flagged only when it is neither an issuer's official domain nor a state
    suffix; the issuer itself stays unknown either way.
    """
    host = portal_host(url)
    if host is None:
        return True
    if issuer is not None:
        return not registry.issuer(issuer).accepts_host(host)
    official = tuple(d for info in registry.issuers.values() for d in info.official_domains)
    return not is_under_any(host, official + STATE_DOMAIN_SUFFIXES)


def assess_issuer(
    issuer_name: str,
    portal_url: str | None,
    registry: IssuerRegistry = DEFAULT_REGISTRY,
) -> Recognition:
    """Assess a claimed issuer name and its query portal (if any).

    UNKNOWN_ISSUER: the name is none of the registry's names (after folding).
    LOOKALIKE_NAME: an unknown name that imitates an official body (see
    _looks_alike). STATE_CLAIM_WORDS: a non-state issuer's name says 国家
    (but not 中国家…/全国家…), 国际认证, 全国通用, "national",
    "internationally recognized", "official", "government" and the like.
    NON_OFFICIAL_DOMAIN and SALES_PORTAL: see _domain_problem and
    _sells_or_collects. ``recognized`` needs a known issuer and no problem.
    """
    issuer = match_issuer(issuer_name, registry)
    problems: set[RecognitionProblem] = set()
    if issuer is None:
        problems.add(RecognitionProblem.UNKNOWN_ISSUER)
        if _looks_alike(issuer_name, registry):
            problems.add(RecognitionProblem.LOOKALIKE_NAME)
    state_issuer = issuer is not None and registry.issuer(issuer).state_body
    if not state_issuer and _STATE_CLAIM.search(_words(issuer_name)):
        problems.add(RecognitionProblem.STATE_CLAIM_WORDS)
    if portal_url and portal_url.strip():
        if _domain_problem(portal_url, issuer, registry):
            problems.add(RecognitionProblem.NON_OFFICIAL_DOMAIN)
        if _sells_or_collects(portal_url):
            problems.add(RecognitionProblem.SALES_PORTAL)
    reasons = tuple(problem for problem in RecognitionProblem if problem in problems)
    return Recognition(
        recognized=issuer is not None and not reasons, issuer=issuer, reasons=reasons
    )
