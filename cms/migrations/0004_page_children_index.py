from django.db import migrations

# Wagtail indexes its page tree by path alone. Reading a page's children by
# their range of paths (pledges.models.querysets.ChildrenOf) then looked up
# the row of every page in that range, grandchildren included, to read its
# depth: a city's commitments sit above hundreds of progress updates. With
# the depth in the index, the children's ids come from the index alone. Path
# first, as in Wagtail's own index, so that no other query's plan changes:
# led by depth, SQLite read a forum listing through it and sorted every forum.
CREATE = 'CREATE INDEX "cms_page_children" ON "wagtailcore_page" ("path", "depth")'
DROP = 'DROP INDEX "cms_page_children"'


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_sitesettings_moved_to_engage"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP)]
