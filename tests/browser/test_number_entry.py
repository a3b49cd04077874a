"""Typing numbers the Indonesian way in Chromium: the page echoes how it read them, and the server
saves exactly that (``350,5`` was once saved as 3505 by an ``<input type="number">``)."""

from decimal import Decimal

from django.urls import reverse
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from interventions.models import Intervention
from sites.models import AreaRecord, SlumLocation
from tests.factories import interventions as f
from tests.factories.accounts import PASSWORD


def sign_in(page, user):
    driver = page.open("/accounts/login/")
    driver.find_element(By.NAME, "username").send_keys(user.username)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.ID, "login-submit").click()
    WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.ID, "current-user")))
    return driver


def submit(driver, selector):
    button = driver.find_element(By.CSS_SELECTOR, selector)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", button)
    button.click()


def type_into(driver, field_id, text):
    box = driver.find_element(By.ID, field_id)
    box.clear()
    box.send_keys(text)
    echo = driver.find_element(By.ID, f"{field_id}-echo")
    return echo.text


def test_an_official_types_indonesian_numbers_into_the_intervention_form(page, seed, official):
    bugis = SlumLocation.objects.get(decree__number="337", number=6)
    road = f.road_kind()
    apbn = f.FundingSourceFactory(code="apbn")
    driver = sign_in(page, official)
    page.open(reverse("interventions:intervention-create"))

    Select(driver.find_element(By.ID, "id_location")).select_by_value(str(bugis.pk))
    WebDriverWait(driver, 10).until(lambda d: len(Select(d.find_element(By.ID, "id_area")).options) > 1)
    Select(driver.find_element(By.ID, "id_area")).select_by_index(1)
    Select(driver.find_element(By.ID, "id_kind")).select_by_value(str(road.pk))
    driver.find_element(By.ID, "id_title").send_keys("Jalan ketik Indonesia")
    driver.find_element(By.ID, "id_fiscal_year").send_keys("2024")
    Select(driver.find_element(By.ID, "id_unit")).select_by_value("m")
    Select(driver.find_element(By.ID, "id_status")).select_by_value("planned")
    Select(driver.find_element(By.ID, "id_lines-0-source")).select_by_value(str(apbn.pk))
    driver.find_element(By.ID, "id_lines-0-fiscal_year").send_keys("2024")

    assert type_into(driver, "id_volume", "1.234").startswith("Ribuan atau pecahan?")
    assert "text-danger" in driver.find_element(By.ID, "id_volume-echo").get_attribute("class")
    assert type_into(driver, "id_volume", "350,5") == "= 350,5"
    assert type_into(driver, "id_progress_percent", "62,5") == "= 62,5%"
    assert type_into(driver, "id_lines-0-amount", "250.000.000") == "= Rp 250.000.000"
    assert type_into(driver, "id_lines-0-amount", "2.002,38") == "= Rp 2.002,38"
    assert type_into(driver, "id_lines-0-amount", "Rp 250.000.000") == "= Rp 250.000.000"
    submit(driver, "#intervention-form button[type=submit]")
    WebDriverWait(driver, 10).until(lambda d: "/create/" not in d.current_url)

    saved = Intervention.objects.get(title="Jalan ketik Indonesia")
    assert saved.volume == Decimal("350.5")
    assert saved.progress_percent == Decimal("62.5")
    assert saved.funding_lines.get().amount == Decimal("250000000")
    assert page.console_errors() == []


def test_an_official_types_a_slum_area_with_a_decimal_comma(page, seed, official):
    bugis = SlumLocation.objects.get(decree__number="337", number=6)
    driver = sign_in(page, official)
    page.open(reverse("sites:area-record-create", args=[bugis.pk]))
    driver.find_element(By.ID, "id_year").send_keys("2021")
    assert type_into(driver, "id_area_ha", "2.002,38") == "= 2.002,38 Ha"
    assert type_into(driver, "id_area_ha", "18,92") == "= 18,92 Ha"
    driver.find_element(By.ID, "id_source").send_keys("Uji peramban")
    submit(driver, "main form button[type=submit]")
    WebDriverWait(driver, 10).until(lambda d: "/create/" not in d.current_url)
    assert AreaRecord.objects.get(location=bugis, year=2021).area_ha == Decimal("18.92")
    assert page.console_errors() == []
