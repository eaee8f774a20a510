import pytest

from regionplan.lib.links import BadLink, make_token, read_token


def test_a_link_reads_back_what_it_was_made_with():
    token = make_token("status-request", party=3, request=7)
    assert read_token("status-request", token) == {"party": 3, "request": 7}


def test_a_tampered_link_is_refused():
    token = make_token("status-request", party=3, request=7)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    with pytest.raises(BadLink):
        read_token("status-request", tampered)


def test_a_link_for_another_purpose_is_refused():
    token = make_token("input-round", municipality=3)
    with pytest.raises(BadLink):
        read_token("status-request", token)
