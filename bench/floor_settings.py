"""Settings of the site bench/floor.py serves: the production settings with its URLs."""

from regionplan.settings import *  # noqa: F403 (unchanged but for the URLs)

ROOT_URLCONF = "floor_urls"
