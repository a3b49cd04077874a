from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.factories.accounts import PASSWORD


def test_sign_in_then_switch_language_to_english_and_back(page, official):
    driver = page.open("/accounts/login/")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "id"
    driver.find_element(By.NAME, "username").send_keys(official.username)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.ID, "login-submit").click()
    WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.ID, "current-user")))
    assert official.username in driver.find_element(By.ID, "current-user").text
    assert driver.find_element(By.ID, "logout-button").text == "Keluar"

    Select(driver.find_element(By.ID, "language-select")).select_by_value("en")
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en")
    assert driver.find_element(By.ID, "logout-button").text == "Sign out"
    page.screenshot("home-english")

    Select(driver.find_element(By.ID, "language-select")).select_by_value("id")
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "id")
    assert driver.find_element(By.ID, "logout-button").text == "Keluar"
    assert page.console_errors() == []
