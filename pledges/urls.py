from django.urls import path

import engage.converters  # noqa: F401  (registers <id:...>)

from . import board_views, views
from .board_feed import BoardUpdatesFeed
from .feeds import PledgeUpdatesFeed
from .open_data_docs import open_data_docs

app_name = "pledges"

urlpatterns = [
    path("you-said-we-did/", board_views.board, name="board"),
    path("you-said-we-did/updates.atom", BoardUpdatesFeed(), name="board_feed"),
    path("you-said-we-did/data/", board_views.board_data_docs, name="board_docs"),
    path(
        "you-said-we-did/data/<str:name>.<str:fmt>",
        board_views.board_data,
        name="board_data",
    ),
    path("pledge-feeds/all.atom", PledgeUpdatesFeed(), name="all_feed"),
    path("pledge-feeds/<id:pledge_id>.atom", PledgeUpdatesFeed(), name="pledge_feed"),
    path("pledge-follow/<id:pledge_id>/", views.follow, name="follow"),
    path(
        "pledge-follow/confirm/<str:token>/",
        views.confirm_follow,
        name="confirm_follow",
    ),
    path(
        "pledge-follow/unsubscribe/<str:token>/",
        views.unsubscribe,
        name="unsubscribe",
    ),
    path("pledge-share/<id:pledge_id>.png", views.share_image, name="share_image"),
    path(
        "pledge-share/commitment-<id:commitment_id>.png",
        views.commitment_share_image,
        name="commitment_share_image",
    ),
    path("pledge-data/history.<str:fmt>", views.open_data_history, name="history"),
    path(
        "pledge-data/<id:pledge_id>/history.<str:fmt>",
        views.open_data_history,
        name="pledge_history",
    ),
    path("pledge-data/", open_data_docs, name="open_data_docs"),
    path("pledge-data/pledges.<str:fmt>", views.open_data, name="open_data"),
    path(
        "pledge-data/<id:pledge_id>.<str:fmt>",
        views.open_data,
        name="pledge_open_data",
    ),
]
