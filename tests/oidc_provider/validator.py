from oauth2_provider.oauth2_validators import OAuth2Validator

UNVERIFIED = {"uverifisert"}


class Validator(OAuth2Validator):
    def get_additional_claims(self, request):
        user = request.user
        return {
            "email": user.email,
            "email_verified": user.username not in UNVERIFIED,
            "given_name": user.first_name,
            "family_name": user.last_name,
            "preferred_username": user.username,
        }
