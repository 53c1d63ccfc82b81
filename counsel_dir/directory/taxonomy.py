"""The curated vocabularies of the directory: issues, approaches, languages, cities.

Profiles store codes (stable ASCII, never renamed); pages show the label for
the reader's locale; the search maps what a client types (a label, a common
synonym, traditional or simplified, Chinese or English) back to codes.
Codes are unique across all four vocabularies so that one code names one thing.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping

from counsel_dir.directory.cities import CITIES, PROVINCES
from counsel_dir.directory.terms import N_, City, District, Term, Vocabulary, terms
from counsel_dir.search.normalize import fold_for_suggestions

ISSUES: tuple[Term, ...] = terms(
    Vocabulary.ISSUE,
    (
        ("anxiety", "焦虑", N_("Anxiety")),
        ("depression", "抑郁", N_("Depression")),
        ("marriage_family", "婚姻家庭", N_("Marriage and family")),
        ("adolescents", "青少年", N_("Adolescents")),
        ("children", "儿童", N_("Children")),
        ("parenting", "亲子教育", N_("Parenting")),
        ("relationships", "亲密关系", N_("Relationships")),
        ("interpersonal", "人际关系", N_("Interpersonal relationships")),
        ("workplace_stress", "职场压力", N_("Workplace stress")),
        ("career", "生涯规划", N_("Career planning")),
        ("trauma", "创伤", N_("Trauma")),
        ("grief", "哀伤", N_("Grief and loss")),
        ("crisis", "危机干预", N_("Crisis and self-harm")),
        ("emotions", "情绪管理", N_("Emotion regulation")),
        ("sleep", "睡眠", N_("Sleep problems")),
        ("self_growth", "个人成长", N_("Personal growth")),
        ("addiction", "成瘾", N_("Addiction")),
        ("eating", "进食障碍", N_("Eating disorders")),
        ("ocd", "强迫", N_("Obsessive-compulsive disorder")),
        ("lgbtq", "性少数", N_("LGBTQ+")),
        ("perinatal", "孕产期", N_("Pregnancy and postpartum")),
        ("psychosomatic", "心身问题", N_("Psychosomatic symptoms")),
    ),
    """
    anxiety: 焦虑症|焦虑障碍|惊恐|惊恐发作|社交焦虑|panic|anxious
    depression: 抑郁症|忧郁|情绪低落|产后抑郁|depressive|low mood
    marriage_family: 婚姻|婚恋|夫妻关系|家庭关系|离婚|婚姻危机|marriage|family
    adolescents: 青少年心理|儿童青少年|青春期|厌学|学业压力|teenagers|teens|youth
    children: 儿童心理|儿童青少年|多动|注意力|child|kids
    parenting: 亲子关系|育儿|家庭教育|亲子|parent-child
    relationships: 恋爱|情感|失恋|分手|情感困扰|romantic relationships|love
    interpersonal: 人际交往|社交|人际|social skills
    workplace_stress: 工作压力|职业倦怠|职场|压力管理|burnout|work stress|stress
    career: 职业规划|职业生涯|职业发展|生涯咨询|career development
    trauma: 心理创伤|创伤后应激|童年创伤|创伤后应激障碍|ptsd
    grief: 哀伤辅导|丧亲|失去亲人|丧失|grieving|bereavement|loss
    crisis: 心理危机|自伤|自残|自杀|轻生|self-harm|suicidal
    emotions: 情绪|情绪调节|愤怒管理|易怒|anger|emotional regulation
    sleep: 失眠|睡眠障碍|失眠症|insomnia
    self_growth: 自我成长|自我探索|自我认同|自信|self-growth|self-esteem
    addiction: 网络成瘾|网瘾|游戏成瘾|酒精依赖|戒瘾|addictions
    eating: 厌食症|暴食症|神经性厌食|神经性贪食|暴食|anorexia|bulimia|eating disorder
    ocd: 强迫症|强迫思维|强迫行为|强迫障碍|ocd|obsessive-compulsive
    lgbtq: 性少数群体|同性恋|性取向|性别认同|lgbt|lgbtq+|gay|lesbian|queer
    perinatal: 产后抑郁|孕期|围产期|备孕|postpartum|perinatal
    psychosomatic: 躯体化|心身疾病|躯体症状|somatic symptoms
    """,
)

APPROACHES: tuple[Term, ...] = terms(
    Vocabulary.APPROACH,
    (
        ("cbt", "认知行为疗法", N_("Cognitive behavioural therapy (CBT)")),
        ("psychodynamic", "精神动力学", N_("Psychodynamic therapy")),
        ("psychoanalysis", "精神分析", N_("Psychoanalysis")),
        ("family_therapy", "家庭治疗", N_("Family therapy")),
        ("satir", "萨提亚", N_("Satir model")),
        ("humanistic", "人本主义", N_("Humanistic therapy")),
        ("solution_focused", "焦点解决", N_("Solution-focused brief therapy")),
        ("mindfulness", "正念", N_("Mindfulness-based therapy")),
        ("act", "接纳承诺疗法", N_("Acceptance and commitment therapy (ACT)")),
        ("dbt", "辩证行为疗法", N_("Dialectical behaviour therapy (DBT)")),
        ("emdr", "眼动脱敏与再加工", N_("EMDR")),
        ("sandplay", "沙盘", N_("Sandplay therapy")),
        ("narrative", "叙事疗法", N_("Narrative therapy")),
        ("gestalt", "格式塔", N_("Gestalt therapy")),
        ("art_therapy", "艺术治疗", N_("Art therapy")),
        ("imagery", "意象对话", N_("Imagery communication")),
        ("hypnotherapy", "催眠", N_("Hypnotherapy")),
        ("integrative", "整合取向", N_("Integrative therapy")),
    ),
    """
    cbt: CBT|认知行为|认知行为治疗|认知疗法|cognitive behavioral therapy
    cbt: cognitive behavioural therapy
    psychodynamic: 心理动力学|精神动力|心理动力|动力学取向|psychodynamic
    psychoanalysis: 精神分析疗法|精神分析治疗|精神分析取向|psychoanalytic
    family_therapy: 系统家庭治疗|家庭系统治疗|结构式家庭治疗|家庭疗法|systemic therapy
    satir: 萨提亚模式|萨提亚家庭治疗|萨提亚模型|satir
    humanistic: 人本|以人为中心|来访者中心疗法|人本主义疗法|person-centred|person-centered
    solution_focused: 焦点解决短期治疗|焦点解决短程治疗|焦点解决疗法|sfbt|solution-focused
    mindfulness: 正念疗法|正念认知疗法|正念减压|mbct|mbsr|mindfulness
    act: ACT|接纳与承诺疗法|接纳承诺|接受与承诺疗法|acceptance and commitment therapy
    dbt: DBT|辩证行为治疗|辩证行为|dialectical behavior therapy
    emdr: EMDR|眼动脱敏|眼动疗法|眼动脱敏再加工|眼动脱敏与再处理
    sandplay: 沙盘游戏|沙盘疗法|沙游|箱庭疗法|sand play|sandplay
    narrative: 叙事治疗|叙事|narrative
    gestalt: 格式塔疗法|完形疗法|完形|gestalt
    art_therapy: 绘画治疗|绘画疗法|表达性艺术治疗|艺术疗法|art therapy
    imagery: 意象对话疗法|意象疗法|imagery
    hypnotherapy: 催眠治疗|催眠疗法|hypnosis
    integrative: 整合|整合疗法|折衷取向|integrative
    """,
)

LANGUAGES: tuple[Term, ...] = terms(
    Vocabulary.LANGUAGE,
    (
        ("mandarin", "普通话", N_("Mandarin")),
        ("cantonese", "粤语", N_("Cantonese")),
        ("english", "英语", N_("English")),
        ("shanghainese", "上海话", N_("Shanghainese")),
        ("sichuanese", "四川话", N_("Sichuanese")),
        ("hokkien", "闽南语", N_("Hokkien (Minnan)")),
        ("japanese", "日语", N_("Japanese")),
        ("korean", "韩语", N_("Korean")),
        ("sign_language", "手语", N_("Chinese Sign Language")),
    ),
    """
    mandarin: 国语|汉语|中文|putonghua|chinese
    cantonese: 广东话|白话|广府话|cantonese
    english: 英文|english
    shanghainese: 沪语|上海方言|吴语
    sichuanese: 四川方言|川话|重庆话
    hokkien: 闽南话|minnan|hokkien
    japanese: 日本语|日文|japanese
    korean: 韩国语|朝鲜语|korean
    sign_language: 中国手语|sign language
    """,
)

__all__ = [
    "APPROACHES",
    "CITIES",
    "ISSUES",
    "LANGUAGES",
    "PROVINCES",
    "City",
    "District",
    "Term",
    "Vocabulary",
    "approach_codes",
    "city",
    "city_codes",
    "district_label",
    "is_known",
    "issue_codes",
    "label",
    "language_codes",
    "province_label",
    "resolve_term",
    "term",
]

_BY_CODE: Mapping[str, Term] = {
    entry.code: entry for entry in (*ISSUES, *APPROACHES, *LANGUAGES, *CITIES)
}


def term(code: str) -> Term:
    """The entry with this code, in any vocabulary; KeyError if unknown."""
    return _BY_CODE[code]


def is_known(code: str) -> bool:
    """Whether some vocabulary has this code."""
    return code in _BY_CODE


def label(code: str, locale: str) -> str:
    """The label of a code for a locale; an unknown code is shown as itself."""
    entry = _BY_CODE.get(code)
    return entry.label(locale) if entry else code


def city(code: str) -> City:
    """The city with this code; KeyError if unknown."""
    entry = _BY_CODE[code]
    if not isinstance(entry, City):
        raise KeyError(code)
    return entry


def district_label(city_code: str, district_code: str, locale: str) -> str:
    """The label of a district of a city; an unknown district is shown as its code."""
    entry = _BY_CODE.get(city_code)
    if isinstance(entry, City):
        for district in entry.districts:
            if district.code == district_code:
                return district.label(locale)
    return district_code


def province_label(code: str, locale: str) -> str:
    """The label of a province code (a namespace of its own); unknown codes shown as is."""
    for province in PROVINCES:
        if province.code == code:
            return province.label(locale)
    return code


def issue_codes() -> tuple[str, ...]:
    return tuple(entry.code for entry in ISSUES)


def approach_codes() -> tuple[str, ...]:
    return tuple(entry.code for entry in APPROACHES)


def language_codes() -> tuple[str, ...]:
    return tuple(entry.code for entry in LANGUAGES)


def city_codes() -> tuple[str, ...]:
    return tuple(entry.code for entry in CITIES)


def _names(entry: Term) -> Iterable[str]:
    return (entry.code, entry.zh, entry.en, *entry.synonyms)


_lookup: dict[str, frozenset[str]] | None = None
_lookup_lock = threading.Lock()


def _build_lookup() -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for entry in _BY_CODE.values():
        for name in _names(entry):
            found.setdefault(fold_for_suggestions(name), set()).add(entry.code)
    for province in PROVINCES:
        cities = {entry.code for entry in CITIES if entry.province == province.code}
        for name in _names(province):
            found.setdefault(fold_for_suggestions(name), set()).update(cities)
    found.pop("", None)
    return {key: frozenset(codes) for key, codes in found.items()}


def _term_lookup() -> dict[str, frozenset[str]]:
    global _lookup
    if _lookup is None:
        with _lookup_lock:
            if _lookup is None:
                _lookup = _build_lookup()
    return _lookup


def resolve_term(text: str, vocabulary: Vocabulary | None = None) -> set[str]:
    """The codes a free-text term names: by code, label or synonym, in either script.

    Matching ignores case, spacing, punctuation and traditional/simplified
    differences (焦慮, "Marriage & Family" and "cbt" all resolve). A province
    resolves to its cities. Nothing matches partially: "焦虑的孩子" is not a term.
    """
    codes = _term_lookup().get(fold_for_suggestions(text), frozenset())
    if vocabulary is None:
        return set(codes)
    return {code for code in codes if _BY_CODE[code].vocabulary is vocabulary}
