"""The licences a council can publish its plans under, as open data.

NLOD 2.0 (Norsk lisens for offentlige data) is what Norwegian public bodies use by default; a
council may choose CC BY 4.0 or CC0 1.0 instead. Each has the URI that DCAT-AP-NO catalogues and
data.norge.no know it by, and a page people can read.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Licence(models.TextChoices):
    NLOD_2_0 = "nlod-2.0", _("Norwegian Licence for Open Government Data (NLOD) 2.0")
    CC_BY_4_0 = "cc-by-4.0", _("Creative Commons Attribution 4.0 (CC BY 4.0)")
    CC0_1_0 = "cc0-1.0", _("Creative Commons Zero 1.0 (CC0 1.0, public domain)")

    @property
    def info(self):
        return LICENCE_INFO[self]


@dataclass(frozen=True)
class LicenceInfo:
    short_name: str
    # The identifier catalogues use (data.norge.no lists NLOD by its Norwegian URI).
    uri: str
    # Where a person reads it, per language; "en" is the fallback.
    pages: dict

    def page(self, language):
        return self.pages.get(language, self.pages["en"])


LICENCE_INFO = {
    Licence.NLOD_2_0: LicenceInfo(
        "NLOD 2.0",
        "http://data.norge.no/nlod/no/2.0",
        {
            "nb": "https://data.norge.no/nlod/no/2.0",
            "nn": "https://data.norge.no/nlod/no/2.0",
            "en": "https://data.norge.no/nlod/en/2.0",
        },
    ),
    Licence.CC_BY_4_0: LicenceInfo(
        "CC BY 4.0",
        "http://creativecommons.org/licenses/by/4.0/",
        {
            "nb": "https://creativecommons.org/licenses/by/4.0/deed.no",
            "nn": "https://creativecommons.org/licenses/by/4.0/deed.no",
            "en": "https://creativecommons.org/licenses/by/4.0/",
        },
    ),
    Licence.CC0_1_0: LicenceInfo(
        "CC0 1.0",
        "http://creativecommons.org/publicdomain/zero/1.0/",
        {
            "nb": "https://creativecommons.org/publicdomain/zero/1.0/deed.no",
            "nn": "https://creativecommons.org/publicdomain/zero/1.0/deed.no",
            "en": "https://creativecommons.org/publicdomain/zero/1.0/",
        },
    ),
}
