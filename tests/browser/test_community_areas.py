from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from sites.models import Area
from tests.factories.accounts import PASSWORD


def test_tanjung_unggat_coordinator_adds_rw_and_rt_in_the_browser(page, coordinator_tu, tanjung_unggat):
    driver = page.open("/accounts/login/")
    driver.find_element(By.NAME, "username").send_keys(coordinator_tu.username)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.ID, "login-submit").click()
    WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.ID, "current-user")))

    page.open("/areas/")
    driver.find_element(By.LINK_TEXT, "Tanjung Unggat").click()
    WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.ID, "community-areas-form")))
    for name, value in (("rw_from", "1"), ("rw_to", "6"), ("rt_from", "1"), ("rt_to", "4")):
        driver.find_element(By.NAME, name).send_keys(value)
    driver.find_element(By.CSS_SELECTOR, "#community-areas-form button[type=submit]").click()
    WebDriverWait(driver, 10).until(EC.text_to_be_present_in_element((By.ID, "community-tree"), "RW 006"))
    assert "RT 004" in driver.find_element(By.ID, "community-tree").text
    assert Area.objects.below(tanjung_unggat).filter(level="rt").count() == 24
    page.screenshot("rw-rt-tanjung-unggat")
    assert page.console_errors() == []
