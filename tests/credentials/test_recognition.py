import pytest

from counsel_dir.credentials.issuers import with_overrides
from counsel_dir.credentials.kinds import Issuer
from counsel_dir.credentials.recognition import (
    Recognition,
    RecognitionProblem,
    assess_issuer,
    explain,
    match_issuer,
)

P = RecognitionProblem


@pytest.mark.parametrize(
    ("name", "issuer"),
    [
        ("中国心理学会", Issuer.CPS),
        ("中国心理学会临床与咨询心理学注册系统", Issuer.CPS),
        ("Chinese Psychological Society", Issuer.CPS),
        ("chinese  psychological   SOCIETY", Issuer.CPS),
        ("The Chinese Psychological Society", Issuer.CPS),
        ("Chinese Psychological Society (CPS)", Issuer.CPS),
        ("中国心理学会（临床与咨询心理学注册系统）", Issuer.CPS),
        ("Clinical & Counseling Psychology Registration System", Issuer.CPS),
        ("中 国 心 理 学 会", Issuer.CPS),
        ("ＣＨＩＮＥＳＥ　ＰＳＹＣＨＯＬＯＧＩＣＡＬ　ＳＯＣＩＥＴＹ", Issuer.CPS),
        ("人力资源和社会保障部", Issuer.MOHRSS),
        ("人社部", Issuer.MOHRSS),
        ("人力资源社会保障部职业技能鉴定中心", Issuer.MOHRSS),
        ("人力资源和社会保障部职业技能鉴定中心", Issuer.MOHRSS),
        ("MOHRSS", Issuer.MOHRSS),
        ("osta", Issuer.MOHRSS),
        ("Ministry of Human Resources and Social Security (MOHRSS)", Issuer.MOHRSS),
        ("中国科学院心理研究所", Issuer.CAS),
        ("中科院心理所", Issuer.CAS),
        ("Institute of Psychology CAS", Issuer.CAS),
        ("Institute of Psychology, Chinese Academy of Sciences", Issuer.CAS),
        ("institute of psychology, CAS", Issuer.CAS),
    ],
)
def test_recognized_issuers_are_found_by_any_of_their_names(name, issuer):
    assert match_issuer(name) is issuer
    assert assess_issuer(name, None) == Recognition(recognized=True, issuer=issuer, reasons=())


@pytest.mark.parametrize(
    "name",
    [
        "",
        "中国心理学会（国际分会）",
        "Chinese Psychological Society (International)",
        "中国心理学会国际认证中心",
        "国际中国心理学会",
        "中国心理卫生协会",
        "International Federation of Psychological Counseling",
    ],
)
def test_names_that_only_contain_a_recognized_name_are_not_recognized(name):
    assert match_issuer(name) is None
    assessment = assess_issuer(name, None)
    assert assessment.recognized is False
    assert assessment.issuer is None
    assert P.UNKNOWN_ISSUER in assessment.reasons


def test_a_real_but_unrecognized_association_is_only_unknown():
    assert assess_issuer("中国心理卫生协会", None).reasons == (P.UNKNOWN_ISSUER,)


@pytest.mark.parametrize(
    "name",
    [
        "International Federation of Psychological Counseling",
        "国际心理咨询师联合会",
        "世界心理治疗协会",
        "Global Association of Counseling Psychology",
        "中国心理学会国际认证中心",
        "中国心里学会",
        "中国心理协会",
        "Chinese Psychological Association",
        "CPS Counseling Board",
        "OSTA Psychology Institute",
    ],
)
def test_client_is_warned_of_names_imitating_an_official_body(name):
    assert P.LOOKALIKE_NAME in assess_issuer(name, None).reasons


@pytest.mark.parametrize(
    "name",
    [
        "中国心理卫生协会",
        "北京某某心理咨询有限公司",
        "Costa Rica Counseling Board",
        "华夏心理",
    ],
)
def test_ordinary_unknown_names_are_not_called_lookalikes(name):
    assert P.LOOKALIKE_NAME not in assess_issuer(name, None).reasons


@pytest.mark.parametrize(
    "name",
    [
        "国家心理咨询师认证中心",
        "中国国家心理健康指导中心",
        "心理咨询师国际认证协会",
        "全国通用心理咨询师证书中心",
        "Nationally applicable counselor certificate board",
        "Internationally Recognized Counseling Institute",
        "National Psychological Counseling Center",
        "State-certified Counselors Guild",
    ],
)
def test_state_claims_by_a_non_state_issuer_are_flagged(name):
    assert P.STATE_CLAIM_WORDS in assess_issuer(name, None).reasons


@pytest.mark.parametrize(
    "name", ["中国家庭教育研究会", "全国家长学校", "Rational Emotive Institute"]
)
def test_words_that_merely_contain_state_words_are_not_claims(name):
    assert P.STATE_CLAIM_WORDS not in assess_issuer(name, None).reasons


def test_the_ministry_may_call_itself_by_its_state_name():
    assessment = assess_issuer("中华人民共和国人力资源和社会保障部", "https://osta.mohrss.gov.cn/")
    assert assessment.recognized is True


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("中国心理学会", "https://www.chinacpb.org/query"),
        ("中国心理学会", "chinacpb.org"),
        ("中国心理学会", "HTTP://WWW.CHINACPB.ORG:80/"),
        ("中国心理学会", "ｗｗｗ．ｃｈｉｎａｃｐｂ．ｏｒｇ"),
        ("人社部", "https://osta.mohrss.gov.cn/zscx"),
        ("人社部", "http://www.mohrss.gov.cn/"),
        ("人社部", "https://rst.sh.gov.cn/"),
        ("中科院心理所", "https://jcpx.psych.ac.cn/"),
        ("中科院心理所", "zscx.psych.ac.cn/search"),
    ],
)
def test_portals_on_the_issuers_official_domains_pass(name, url):
    assert assess_issuer(name, url).recognized is True


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("中国心理学会", "https://chinacpb.org.evil.com/"),
        ("中国心理学会", "https://evil.com/chinacpb.org"),
        ("中国心理学会", "https://chinacpb.org@evil.com/"),
        ("中国心理学会", "https://www.chinacpb.org%40evil.com/"),
        ("中国心理学会", "https://evil.com\\@www.chinacpb.org/"),
        ("中国心理学会", "https://evilchinacpb.org/"),
        ("中国心理学会", "https://chinacpb.cn/"),
        ("中国心理学会", "https://chinacpb.xn--rg-8cd.com/"),
        ("中国心理学会", "https://chinacpb.\u043erg/"),
        ("中国心理学会", "https://psych.ac.cn/"),
        ("中国心理学会", "https://cps.gov.cn/"),
        ("中国心理学会", "https://203.0.113.7/"),
        ("中国心理学会", "javascript:alert('chinacpb.org')"),
        ("人社部", "https://mohrss.gov.cn.cert-query.com/"),
        ("人社部", "https://osta-mohrss.com/"),
        ("人社部", "https://gov.cn.example.com/"),
        ("中科院心理所", "https://psych-ac-cn.com/"),
        ("中科院心理所", "https://zscx.psych.ac.cn.example.net/"),
        ("中科院心理所", "https://www.mohrss.gov.cn/"),
    ],
)
def test_portals_outside_the_claimed_issuers_domains_are_flagged(name, url):
    assessment = assess_issuer(name, url)
    assert assessment.recognized is False
    assert assessment.issuer is not None
    assert P.NON_OFFICIAL_DOMAIN in assessment.reasons


def test_an_unknown_issuer_on_a_state_domain_is_still_unknown():
    assessment = assess_issuer("华夏心理咨询师评价中心", "https://xlzx.gov.cn/query")
    assert assessment.recognized is False
    assert assessment.reasons == (P.UNKNOWN_ISSUER,)


def test_an_unknown_issuer_on_a_private_site_has_both_problems():
    assessment = assess_issuer("华夏心理咨询师评价中心", "https://huaxia-xinli.com/query")
    assert assessment.reasons == (P.UNKNOWN_ISSUER, P.NON_OFFICIAL_DOMAIN)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.chinacpb.org/baoming",
        "https://www.chinacpb.org/%E6%8A%A5%E5%90%8D",
        "https://www.chinacpb.org/课程/心理咨询师",
        "https://www.chinacpb.org/courses/cbt-basics",
        "https://www.chinacpb.org/shop/certificate",
        "https://shop.chinacpb.org/",
        "https://www.chinacpb.org/query?mobile=13800000000",
        "https://www.chinacpb.org/query?Phone_Number=",
        "https://www.chinacpb.org/query?tel=1",
        "https://www.chinacpb.org/query?手机号=1",
        "https://www.chinacpb.org/#/query?shouji=1",
        "https://www.chinacpb.org/#/buy/now",
        "https://www.chinacpb.org/checkout",
        "https://www.chinacpb.org/query?wechat=abc",
    ],
)
def test_portals_that_sell_or_collect_phone_numbers_are_flagged(url):
    assessment = assess_issuer("中国心理学会", url)
    assert P.SALES_PORTAL in assessment.reasons
    assert assessment.recognized is False


@pytest.mark.parametrize(
    "url",
    [
        "https://www.chinacpb.org/",
        "https://www.chinacpb.org/registry/search?name=%E5%BC%A0%E4%B8%89",
        "https://www.chinacpb.org/registry?number=X-12-034",
        "https://www.chinacpb.org/workshop-notes",
        "https://www.chinacpb.org/display?id=3",
    ],
)
def test_plain_query_pages_are_not_taken_for_sales_pages(url):
    assert assess_issuer("中国心理学会", url).reasons == ()


def test_the_typical_certificate_mill_shows_every_sign():
    assessment = assess_issuer(
        "International Federation of Psychological Counseling (国际认证)",
        "ifpc-china.com/cert/query?mobile=",
    )
    assert assessment.recognized is False
    assert assessment.issuer is None
    assert assessment.reasons == (
        P.UNKNOWN_ISSUER,
        P.NON_OFFICIAL_DOMAIN,
        P.LOOKALIKE_NAME,
        P.STATE_CLAIM_WORDS,
        P.SALES_PORTAL,
    )


@pytest.mark.parametrize("url", [None, "", "   "])
def test_a_missing_portal_is_not_held_against_a_recognized_issuer(url):
    assert assess_issuer("中国心理学会", url).recognized is True


def test_recognition_follows_configured_official_domains():
    registry = with_overrides(
        channel_urls={"cps": "https://cpsregistry.org.cn/"},
        official_domains={"cps": ["cpsregistry.org.cn"]},
    )
    assert assess_issuer("中国心理学会", "https://cpsregistry.org.cn/", registry).recognized
    assert not assess_issuer("中国心理学会", "https://www.chinacpb.org/", registry).recognized


def test_every_problem_has_a_plain_explanation():
    for problem in RecognitionProblem:
        text = explain(problem)
        assert isinstance(text, str) and len(text) > 40
    assert "phone number" in explain(P.SALES_PORTAL)
    assert "chinacpb.org" in explain(P.NON_OFFICIAL_DOMAIN)
    assert explain("unknown_issuer") == explain(P.UNKNOWN_ISSUER)


def test_recognition_is_immutable():
    assessment = assess_issuer("中国心理学会", None)
    with pytest.raises(AttributeError):
        assessment.recognized = False
