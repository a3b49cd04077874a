"""The whole verification cycle in a browser: a coordinator submits, an official returns it with
a note, the coordinator corrects and submits again, the official verifies (issue 17)."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from sites.models import SlumLocation
from tests.factories.accounts import PASSWORD
from tests.factories.interventions import InterventionFactory


def _sign_in(page, user):
    page.driver.delete_all_cookies()
    driver = page.open("/accounts/login/")
    driver.find_element(By.NAME, "username").send_keys(user.username)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.ID, "login-submit").click()
    WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.ID, "current-user")))
    return driver


def _state(driver):
    return driver.find_element(By.ID, "verification-state").get_attribute("data-state")


def _queue_action(page, intervention, action, note=""):
    driver = page.open("/verifikasi/")
    driver.find_element(By.CSS_SELECTOR, f'input[name="items"][value^="interventions:{intervention.pk}:"]').click()
    Select(driver.find_element(By.ID, "id_action")).select_by_value(action)
    if note:
        driver.find_element(By.ID, "id_note").send_keys(note)
    driver.find_element(By.ID, "queue-submit").click()
    WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.ID, "confirm-submit"))).click()
    WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".alert-success")))


def test_submit_return_correct_verify(page, coordinator_kb, official, kampung_bugis):
    location = SlumLocation.objects.filter(area__path__startswith=kampung_bugis.path).first()
    intervention = InterventionFactory(location=location, verification="draft", notes="")

    driver = _sign_in(page, coordinator_kb)
    driver = page.open(intervention.get_absolute_url())
    assert _state(driver) == "draft"
    driver.find_element(By.ID, "verification-submit").click()
    WebDriverWait(driver, 10).until(lambda d: _state(d) == "submitted")

    driver = _sign_in(page, official)
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "nav-pending-count").text == "1")
    _queue_action(page, intervention, "return", "Volume belum sesuai gambar kerja")

    driver = _sign_in(page, coordinator_kb)
    item = driver.find_element(By.ID, f"my-interventions-{intervention.pk}")
    assert "Volume belum sesuai gambar kerja" in item.find_element(By.CLASS_NAME, "return-note").text
    driver = page.open(intervention.get_absolute_url())
    driver.find_element(By.ID, "intervention-edit-link").click()
    notes = WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.NAME, "notes")))
    notes.clear()
    notes.send_keys("Volume dibetulkan")
    notes.submit()
    WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.ID, "verification-submit"))).click()
    WebDriverWait(driver, 10).until(lambda d: _state(d) == "submitted")

    driver = _sign_in(page, official)
    _queue_action(page, intervention, "verify")
    driver = page.open(intervention.get_absolute_url())
    assert _state(driver) == "verified"
    intervention.refresh_from_db()
    assert (intervention.verification, intervention.notes) == ("verified", "Volume dibetulkan")

    driver = _sign_in(page, coordinator_kb)
    driver = page.open(intervention.get_absolute_url())
    assert driver.find_elements(By.ID, "intervention-edit-link") == []
    assert driver.find_elements(By.ID, "verification-locked")
    assert page.console_errors() == []
