from wagtail import hooks

from . import privacy

hooks.register("engage_privacy_sections", privacy.privacy_section)
hooks.register("engage_personal_data", privacy.personal_data)
hooks.register("engage_erase_personal_data", privacy.erase_personal_data)
