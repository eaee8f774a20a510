import pytest

from measures.parties import decode_parties, encode_parties, parse_parties


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        ("Regionråd", ["Regionråd"]),
        ("Regionrådet", ["Regionråd"]),
        ("Næringshagen Kommunane", ["Næringshage", "Kommunane"]),
        ("Kommunane Regionråd", ["Kommunane", "Regionråd"]),
        ("Regionrådet Bærekraft H", ["Regionråd", "Bærekraft Hallingdal"]),
        ("Hemsedal kommune", ["Hemsedal kommune"]),
        ("IKT Hallingdal", ["IKT Hallingdal"]),
        (
            "Fjellnettverket Regionalt bulyst-program",
            ["Fjellnettverket", "Regionalt bulyst-program"],
        ),
        ("Ordførar Kommune", ["Ordførar", "Kommunane"]),
        ("Etablerersenter", ["Etablerarsenter"]),
        ("Regionråd, Næringshage og Kommunane", ["Regionråd", "Næringshage", "Kommunane"]),
        ("Innlandet Fylkeskommune", ["Innlandet Fylkeskommune"]),
        ("", []),
        # A suspended compound ("natur- og kulturpark") names one party, not two.
        ("Valdres natur- og kulturpark", ["Valdres natur- og kulturpark"]),
        (
            "Regionrådet og Valdres natur- og kulturpark",
            ["Regionråd", "Valdres natur- og kulturpark"],
        ),
        ("Bu-og blilyst", ["Bu-og blilyst"]),
        ("Regionråd-sekretariatet", ["Regionråd-sekretariatet"]),
        ("Kommune-Noreg", ["Kommune-Noreg"]),
    ],
)
def test_parse_parties_names_each_party_once(text, parties):
    assert parse_parties(text) == parties


def test_the_municipalities_are_named_in_the_councils_language_form():
    assert parse_parties("Kommunane", "nb") == ["Kommunene"]
    assert parse_parties("Kommunene", "nn") == ["Kommunane"]


def test_encoded_parties_round_trip_and_match_whole_names():
    encoded = encode_parties(["Regionråd", "IKT Hallingdal"])
    assert decode_parties(encoded) == ["Regionråd", "IKT Hallingdal"]
    assert "|Regionråd|" in encoded and "|Region|" not in encoded
    assert encode_parties([]) == ""
