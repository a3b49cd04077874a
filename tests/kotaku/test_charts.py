"""A chart with categories but no figure says so in words instead of drawing empty axes."""

from django.template.loader import render_to_string

from kotaku.dashboards.charts import Chart


def aspects_chart(values):
    return Chart(
        id="location-aspects",
        title="Skor per aspek pada setiap penilaian",
        kind="bar",
        unit="score",
        labels=["1. Bangunan", "2. Jalan"],
        series=[("Penilaian 2019", values)],
        note="Kosong: skor aspek belum dapat dihitung karena data kriterianya belum lengkap.",
    )


def test_a_chart_without_any_figure_is_words_not_empty_axes():
    chart = aspects_chart([None, None])
    assert chart.is_empty
    html = render_to_string("kotaku/_chart.html", {"chart": chart})
    assert "<canvas" not in html
    assert "skor aspek belum dapat dihitung" in html


def test_a_chart_with_one_figure_is_drawn():
    chart = aspects_chart([None, 3])
    assert not chart.is_empty
    assert "<canvas" in render_to_string("kotaku/_chart.html", {"chart": chart})
