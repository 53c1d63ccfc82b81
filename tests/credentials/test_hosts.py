import pytest

from counsel_dir.credentials.hosts import is_under, is_under_any, portal_host


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://www.chinacpb.org/query", "www.chinacpb.org"),
        ("chinacpb.org", "chinacpb.org"),
        ("chinacpb.org:8080/query", "chinacpb.org"),
        ("//chinacpb.org/x", "chinacpb.org"),
        ("HTTPS://WWW.ChinaCPB.ORG", "www.chinacpb.org"),
        ("https://chinacpb.org./", "chinacpb.org"),
        ("  https://chinacpb.org  ", "chinacpb.org"),
        ("https://chinacpb.org.evil.com/", "chinacpb.org.evil.com"),
        ("https://evil.com/chinacpb.org", "evil.com"),
        ("https://chinacpb.org@evil.com/", "evil.com"),
        ("https://user:pw@chinacpb.org:443/", "chinacpb.org"),
        ("https://evil.com\\@chinacpb.org", "evil.com"),
        ("https://evil.com#@chinacpb.org", "evil.com"),
        ("https://evil.com?@chinacpb.org", "evil.com"),
        ("https://chinacpb%2Eorg/", "chinacpb.org"),
        ("ｈｔｔｐｓ：／／ｃｈｉｎａｃｐｂ．ｏｒｇ／", "chinacpb.org"),
        ("https://chinacpb。org", "chinacpb.org"),
        ("https://chin\tacpb.org\n", "chinacpb.org"),
        ("https://xn--fiqs8s.com/", "xn--fiqs8s.com"),
        ("https://中国.com/", "xn--fiqs8s.com"),
        ("http:chinacpb.org/q", "chinacpb.org"),
        ("localhost:8080", "localhost"),
    ],
)
def test_portal_host_is_the_host_a_browser_would_contact(url, host):
    assert portal_host(url) == host


@pytest.mark.parametrize(
    "url",
    [
        "",
        "   ",
        "javascript:alert(1)",
        "data:text/html,chinacpb.org",
        "ftp://chinacpb.org/",
        "mailto:someone@chinacpb.org",
        "https://",
        "https://chinacpb.org:port/",
        "https://chinacpb.org:99999/",
        "https://[::1]/",
        "https://chinacpb.org%00.evil.com/",
        "https://a..b.com/",
        "https://" + "a" * 64 + ".com/",
    ],
)
def test_portal_host_refuses_addresses_without_a_usable_web_host(url):
    assert portal_host(url) is None


def test_homoglyph_host_is_not_the_official_one():
    cyrillic_o = "\u043e"
    host = portal_host(f"https://chinacpb.{cyrillic_o}rg/")
    assert host is not None
    assert host != "chinacpb.org"
    assert not is_under(host, "chinacpb.org")


def test_a_subdomain_is_under_its_domain_but_a_lookalike_suffix_is_not():
    assert is_under("chinacpb.org", "chinacpb.org")
    assert is_under("www.chinacpb.org", "chinacpb.org")
    assert not is_under("evilchinacpb.org", "chinacpb.org")
    assert not is_under("chinacpb.org.evil.com", "chinacpb.org")
    assert is_under_any("rst.sh.gov.cn", ("mohrss.gov.cn", "gov.cn"))
    assert not is_under_any("gov.cn.evil.com", ("gov.cn",))
