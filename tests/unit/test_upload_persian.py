"""An upload written in Persian: headers, programmes, provinces, flags and digits."""

from __future__ import annotations

import io

from openpyxl import Workbook

from mapping.i18n import use_language
from mapping.upload import validate_upload

PERSIAN_FILE = (
    "شناسه,نام انگلیسی,نام فارسی,بخش,استان,عرض جغرافیایی,طول جغرافیایی,برنامه همکاری,"
    "در فهرست نقشه‌برداری ملی\n"
    "malayer-2,Malayer furniture 2,خوشه مبلمان ملایر ۲,furniture,استان همدان,۳۴٫۳۰۱۵۸,۴۸٫۸۲۱۶۶,"
    "کارشناسان محلی,بله\n"
    "yazd-2,Yazd textile 2,خوشه نساجی یزد ۲,textile,يزد,۳۱٫۸۹۷۲۲,۵۴٫۳۶۷۵,یونیدو,خیر\n"
    "tehran-2,Tehran leather 2,خوشه چرم تهران ۲,leather,تهران,,,بدون برنامه,\n"
)


def test_a_persian_file_maps_with_nothing_rejected(provinces):
    result = validate_upload("fa.csv", PERSIAN_FILE.encode("utf-8"), provinces)
    assert [str(i) for i in result.issues] == []
    valid = result.valid.set_index("cluster_id")
    assert list(valid["programme"]) == ["local experts", "UNIDO", "none"]
    assert list(valid["province_code"]) == ["IR-13", "IR-21", "IR-23"]
    assert list(valid["in_national_mapping"]) == [True, False, False]
    assert valid.loc["malayer-2", "latitude"] == 34.30158


def test_a_persian_workbook_maps_too(provinces):
    book = Workbook()
    sheet = book.active
    for line in PERSIAN_FILE.splitlines():
        sheet.append(line.split(","))
    buffer = io.BytesIO()
    book.save(buffer)
    result = validate_upload("fa.xlsx", buffer.getvalue(), provinces)
    assert result.issues == [] and len(result.valid) == 3


def test_a_bad_persian_file_is_reported_in_persian(provinces):
    bad = PERSIAN_FILE.replace("استان همدان", "آتلانتیس").replace(",بله\n", ",شاید\n")
    result = validate_upload("fa.csv", bad.encode("utf-8"), provinces)
    with use_language("fa"):
        problems = [(i.row, i.column, i.value, str(i.problem)) for i in result.issues]
    assert [p[:3] for p in problems] == [
        (2, "in_national_mapping", "شاید"),
        (2, "province", "آتلانتیس"),
    ]
    assert all(any("\u0600" <= ch <= "\u06ff" for ch in p[3]) for p in problems), problems
