from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from sites.models import SlumLocation

CHARTS_DRAWN = """
var canvases = Array.from(document.querySelectorAll("canvas[data-chart]"));
return canvases.length > 0 && canvases.every(function (canvas) {
  return canvas.dataset.chartReady === "true" && window.Chart.getChart(canvas) !== undefined
    && canvas.width > 0 && canvas.height > 0;
});
"""
MAP_DRAWN = """
var map = document.querySelector("[data-map]");
return map !== null && map.classList.contains("leaflet-container") && map.dataset.mapReady === "true";
"""


def wait(driver, script, timeout=15):
    WebDriverWait(driver, timeout).until(lambda d: d.execute_script(script))


def english(msgid: str) -> str:
    """What the English catalogue makes of ``msgid`` (the msgid itself until it is translated)."""
    with translation.override("en"):
        return gettext(msgid)


def heading(driver) -> str:
    return driver.find_element(By.ID, "dashboard-title").text


def switch_language(driver, code: str) -> None:
    Select(driver.find_element(By.ID, "language-select")).select_by_value(code)
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == code)


def full_screenshot(page, name: str) -> None:
    """The whole page, not only the window: the window grows to the page's height for the shot."""
    driver = page.driver
    width, height = driver.get_window_size()["width"], driver.get_window_size()["height"]
    full = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(full + 120, 8000))
    try:
        if driver.find_elements(By.CSS_SELECTOR, "canvas[data-chart]"):
            wait(driver, CHARTS_DRAWN)
        page.screenshot(name)
    finally:
        driver.set_window_size(width, height)


def nav_labels(driver) -> list[str]:
    return [link.text for link in driver.find_elements(By.CSS_SELECTOR, "#nav-main .nav-link")]


def test_city_dashboard_draws_its_charts_and_map_then_switches_language(page, seed):
    driver = page.open(reverse("city-dashboard"))
    wait(driver, CHARTS_DRAWN)
    wait(driver, MAP_DRAWN)
    assert driver.find_elements(By.CSS_SELECTOR, ".leaflet-container")
    assert len(driver.find_elements(By.CSS_SELECTOR, "canvas[data-chart]")) == 7
    assert driver.find_element(By.ID, "stat-decreed").text == "150,41 Ha"
    assert "Batas wilayah belum tersedia" in driver.find_element(By.ID, "map-note").text
    assert heading(driver) == "Dasbor permukiman kumuh kota"
    full_screenshot(page, "city-dashboard")

    switch_language(driver, "en")
    assert heading(driver) == english("Dasbor permukiman kumuh kota")
    assert "Home" in nav_labels(driver)
    wait(driver, CHARTS_DRAWN)
    wait(driver, MAP_DRAWN)
    full_screenshot(page, "city-dashboard-en")

    switch_language(driver, "id")
    assert heading(driver) == "Dasbor permukiman kumuh kota"
    assert "Beranda" in nav_labels(driver)
    assert page.console_errors() == []


def test_kampung_bugis_dashboard_draws_its_charts_and_boundary(page, seed):
    kb = SlumLocation.objects.get(name="Kampung Bugis")
    square = {"type": "Polygon", "coordinates": [[[104.44, 0.91], [104.45, 0.91], [104.45, 0.92], [104.44, 0.91]]]}
    SlumLocation.objects.filter(pk=kb.pk).update(boundary=square)
    driver = page.open(reverse("location-dashboard", args=[kb.pk]))
    wait(driver, CHARTS_DRAWN)
    wait(driver, MAP_DRAWN)
    assert driver.find_element(By.CSS_SELECTOR, "[data-map]").get_attribute("data-map-features") == "1"
    assert driver.find_elements(By.CSS_SELECTOR, ".leaflet-container path.leaflet-interactive")
    assert driver.find_element(By.ID, "stat-area-trend").text == "18,92 → 4,66 Ha"
    budget = driver.find_element(By.ID, "budget-sources").text
    assert "Rp 23.562.620.000" in budget and "Rp 1.303.500.000" in budget
    full_screenshot(page, "location-dashboard-kampung-bugis")

    switch_language(driver, "en")
    assert heading(driver) == english("Dasbor lokasi: %(name)s") % {"name": "Kampung Bugis"}
    assert "Home" in nav_labels(driver)
    wait(driver, CHARTS_DRAWN)
    assert page.console_errors() == []


def test_reports_page_shows_the_three_tables_and_switches_language(page, seed):
    driver = page.open(reverse("reports"))
    for slug in ("tabel-1", "tabel-2", "tabel-3"):
        assert driver.find_element(By.ID, f"report-{slug}").is_displayed()
    totals = [row.text for row in driver.find_elements(By.CSS_SELECTOR, ".report-total")]
    assert any("150,41 Ha" in text for text in totals)
    assert any("Rp 23.562.620.000" in text and "2.762,38 m" in text for text in totals)
    assert any("Rp 1.303.500.000" in text and "79 unit" in text for text in totals)
    full_screenshot(page, "reports")

    switch_language(driver, "en")
    assert heading(driver) == english("Laporan")
    assert "Home" in nav_labels(driver)
    assert page.console_errors() == []
