"""After signing in, people land on their own council, or choose among theirs."""

from django.contrib.auth import get_user_model

from plans.models import Council, Membership, Role


def test_a_politician_in_one_council_lands_on_it(hallingdal_reader_client):
    response = hallingdal_reader_client.get("/start/")
    assert response.status_code == 302 and response["Location"] == "/hallingdal/"


def test_someone_in_several_councils_chooses_among_them(login, django_assert_max_num_queries):
    user = get_user_model().objects.get(username="hallingdal-politikar")
    Membership.objects.create(
        user=user, council=Council.objects.get(slug="lillehammer-regionen"), role=Role.READER
    )
    client = login("hallingdal-politikar")
    with django_assert_max_num_queries(8):
        page = client.get("/start/").content.decode()
    assert 'href="/hallingdal/"' in page and 'href="/lillehammer-regionen/"' in page
    assert "Kvar vil du gå?" in page


def test_someone_in_no_council_lands_on_the_list_of_councils(login):
    get_user_model().objects.create_user("utan-rad", password="x")
    response = login("utan-rad").get("/start/")
    assert response["Location"] == "/"


def test_signing_in_leads_to_the_landing(db, client):
    response = client.post(
        "/logg-inn/", {"login": "hallingdal-politikar", "password": "demo"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/hallingdal/"
