"""A name written as HTML shows as text on every map and chart (issue 15): Leaflet puts a string
tooltip into ``innerHTML``, and coordinators may name locations, areas and stakeholders."""

from django.urls import reverse
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from sites.models import SlumLocation

PAYLOAD = '<img src=x onerror="window.__xss=1">'
SQUARE = {"type": "Polygon", "coordinates": [[[104.44, 0.91], [104.45, 0.91], [104.45, 0.92], [104.44, 0.91]]]}

READY = """
var map = document.querySelector("[data-map]");
var charts = Array.from(document.querySelectorAll("canvas[data-chart]"));
return map !== null && map.dataset.mapReady === "true"
  && charts.every(function (canvas) { return canvas.dataset.chartReady === "true"; });
"""
OPEN_TOOLTIPS_AND_POPUPS = """
document.querySelectorAll(".leaflet-container path.leaflet-interactive").forEach(function (path) {
  path.dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));
  path.dispatchEvent(new MouseEvent("click", {bubbles: true}));
});
"""
CHART_LABELS = """
return Array.from(document.querySelectorAll("canvas[data-chart]")).flatMap(function (canvas) {
  var chart = window.Chart.getChart(canvas);
  return chart ? chart.data.labels.map(String) : [];
});
"""


def injected_images(driver) -> int:
    return driver.execute_script('return document.querySelectorAll("img[src=\\"x\\"], .leaflet-pane img").length')


def check_page(page, url):
    driver = page.open(url)
    WebDriverWait(driver, 15).until(lambda d: d.execute_script(READY))
    driver.execute_script(OPEN_TOOLTIPS_AND_POPUPS)
    WebDriverWait(driver, 5).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".leaflet-tooltip"))
    tooltips = [
        element.get_attribute("textContent") for element in driver.find_elements(By.CSS_SELECTOR, ".leaflet-tooltip")
    ]
    popups = [
        element.get_attribute("textContent")
        for element in driver.find_elements(By.CSS_SELECTOR, ".leaflet-popup-content")
    ]
    assert PAYLOAD in tooltips
    assert any(PAYLOAD in text for text in popups)
    assert injected_images(driver) == 0
    assert driver.execute_script("return window.__xss === undefined")
    return driver


def test_a_location_named_in_html_is_text_on_the_maps_and_charts(page, seed):
    kb = SlumLocation.objects.get(name="Kampung Bugis")
    SlumLocation.objects.filter(pk=kb.pk).update(name=PAYLOAD, boundary=SQUARE)

    driver = check_page(page, reverse("city-dashboard"))
    assert PAYLOAD in driver.execute_script(CHART_LABELS)
    assert injected_images(driver) == 0

    driver = check_page(page, reverse("location-dashboard", args=[kb.pk]))
    assert PAYLOAD in driver.find_element(By.ID, "dashboard-title").text
    assert injected_images(driver) == 0
