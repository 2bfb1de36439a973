"""English pages keep the Vietnamese date and number conventions of the data they show."""

from thidua.formats.vi.formats import *  # noqa: F403
