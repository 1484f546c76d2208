"""The roster import reads language names and tags, and previews every change
(with new units to confirm) before anything is saved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from outcomes.models import DepartmentMember, DepartmentUnit
from tests.outcomes.test_roster_import import GOOD_CSV, run, snapshot

URL = reverse("outcomes_admin:roster_import")


@pytest.mark.django_db
def test_languages_by_name_or_tag():
    roster = (
        "name,email,unit,language\n"
        "Ana,ana@police.example,Patrol,Spanish\n"
        "Bea,bea@police.example,Patrol,es-MX\n"
        "Cruz,cruz@police.example,Patrol,español\n"
        "Dao,dao@police.example,Patrol,Vietnamese\n"
        "Eun,eun@police.example,Patrol,ko-KR\n"
        "Fei,fei@police.example,Patrol,zh-CN\n"
        "Gus,gus@police.example,Patrol,العربية\n"
        "Hal,hal@police.example,Patrol,en_US\n"
    )
    result = run(roster, new_units=["Patrol"])
    assert result.ok, result.errors
    assert dict(DepartmentMember.objects.values_list("name", "preferred_language")) == {
        "Ana": "es",
        "Bea": "es",
        "Cruz": "es",
        "Dao": "vi",
        "Eun": "ko",
        "Fei": "zh-hans",
        "Gus": "ar",
        "Hal": "en",
    }
    unknown = run("name,email,unit,language\nIvo,ivo@police.example,Patrol,Klingon\n")
    assert [(e.row, e.message) for e in unknown.errors] == [
        (
            2,
            "“Klingon” is not one of the site's languages "
            "(en, es, zh-hans, vi, ar, ko)",
        )
    ]


def upload(client, text, **data):
    file = SimpleUploadedFile("roster.csv", text.encode())
    return client.post(URL, {"file": file, **data})


def test_preview_lists_adds_updates_and_deactivations_before_saving(admin_client):
    run(GOOD_CSV)
    before = snapshot()
    changed = (
        "name,email,unit,rank,language\n"
        "Ana Ruiz,ana.ruiz@police.example,Eastside District,Sergeant,es\n"
        "Chen Wei,chen@police.example,Traffic Unit,Officer,zh-hans\n"
        "Eve Adams,eve@police.example,Traffic Unit,Officer,Korean\n"
    )
    preview = upload(admin_client, changed, deactivate_missing="on")
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "1 member to add" in page and "eve@police.example" in page
    assert "1 member to update" in page and "role or rank" in page
    assert "2 members to deactivate" in page
    assert "bao@police.example" in page and "dana@police.example" in page
    assert "1 member is unchanged." in page
    assert "New units" not in page
    assert snapshot() == before  # nothing saved yet
    response = admin_client.post(URL, {"preview": preview.context["token"]})
    assert response.status_code == 302
    assert response["Location"] == reverse("forum_roster:index")
    assert DepartmentMember.objects.active().count() == 3
    eve = DepartmentMember.objects.get(email="eve@police.example")
    assert eve.preferred_language == "ko"
    # The preview is used up: posting it again changes nothing.
    again = admin_client.post(URL, {"preview": preview.context["token"]})
    assert again["Location"] == URL


def test_a_new_unit_name_needs_confirming_in_the_preview(admin_client):
    run(GOOD_CSV)
    typo = "name,email,unit\nEve Adams,eve@police.example,Trafic Unit\n"
    preview = upload(admin_client, typo)
    page = preview.content.decode()
    assert "New units" in page
    assert '<input type="checkbox" name="new_unit" value="Trafic Unit">' in page
    token = preview.context["token"]
    refused = admin_client.post(URL, {"preview": token})
    assert refused.status_code == 200
    assert (
        "“Trafic Unit” is a new unit: confirm it in the preview, or correct its "
        "name in the file" in refused.content.decode()
    )
    assert not DepartmentUnit.objects.filter(name="Trafic Unit").exists()
    assert not DepartmentMember.objects.filter(email="eve@police.example").exists()
    confirmed = admin_client.post(URL, {"preview": token, "new_unit": "Trafic Unit"})
    assert confirmed.status_code == 302
    assert DepartmentMember.objects.get(email="eve@police.example").unit.name == (
        "Trafic Unit"
    )
