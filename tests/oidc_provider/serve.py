"""Run the test identity provider on a free loopback port until stopped (see README.md)."""

import os
import socket
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PASSWORD = "idp-passord"
PEOPLE = [
    ("kari", "kari.nordmann@hallingdal.example", "Kari", "Nordmann"),
    ("ukjend", "ukjend@example.org", "Ukjend", "Person"),
    ("uverifisert", "uverifisert@hallingdal.example", "Uverifisert", "Person"),
]


def main():
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    port = listener.getsockname()[1]
    issuer = f"http://127.0.0.1:{port}/o"

    from jwcrypto import jwk

    os.environ["IDP_ISSUER"] = issuer
    os.environ["IDP_RSA_PRIVATE_KEY"] = (
        jwk.JWK.generate(kty="RSA", size=2048)
        .export_to_pem(private_key=True, password=None)
        .decode()
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "settings"
    sys.path.insert(0, str(HERE))

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    for username, email, first, last in PEOPLE:
        get_user_model().objects.create_user(
            username, email, PASSWORD, first_name=first, last_name=last
        )
    Application.objects.create(
        name="Regionplan",
        client_id="regionplan-test",
        client_secret="regionplan-test-secret",
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=os.environ["IDP_REDIRECT_URI"],
        post_logout_redirect_uris=os.environ["IDP_POST_LOGOUT_URI"],
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadedWSGIServer(("127.0.0.1", port), QuietHandler, bind_and_activate=False)
    server.socket.close()
    server.socket = listener
    server.server_name, server.server_port = "127.0.0.1", port
    server.setup_environ()
    server.set_app(get_wsgi_application())
    print(f"READY {issuer}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
