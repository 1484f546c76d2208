from django.db import migrations

# cms 0004's index, led by the path, found a page's children by reading every
# page below it to check its depth: a city's commitments sit above hundreds of
# progress updates, each read to be skipped. Led by the depth, the range holds
# the children alone. The depth is indexed as the expression "depth + 0", which
# only ChildrenOf writes (pledges.models.querysets): no other query can use the
# index, so none changes its plan (led by the plain depth, SQLite read a forum
# listing through it and sorted every forum).
OLD = 'CREATE INDEX "cms_page_children" ON "wagtailcore_page" ("path", "depth")'
NEW = (
    'CREATE INDEX "cms_page_children" ON "wagtailcore_page" (("depth" + 0), "path")'
)
DROP = 'DROP INDEX "cms_page_children"'


class Migration(migrations.Migration):
    dependencies = [("cms", "0005_past_withdrawals")]

    operations = [migrations.RunSQL([DROP, NEW], [DROP, OLD])]
