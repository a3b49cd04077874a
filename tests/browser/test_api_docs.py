"""The self-hosted API docs render under the strict CSP, with no console errors."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait


def test_swagger_ui_renders_the_schema_without_csp_errors(page, db):
    driver = page.open("/api/docs/")

    WebDriverWait(driver, 20).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".swagger-ui .opblock")))
    assert driver.find_elements(By.CSS_SELECTOR, ".swagger-ui > *")
    assert "KOTAKU Tracker API" in driver.find_element(By.CSS_SELECTOR, ".swagger-ui .info .title").text
    paths = [element.text for element in driver.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")]
    # This Swagger UI renders its operations as a virtual list: only those near the top are in the
    # page until one scrolls, so the check names the first ones of the schema (the API's index and
    # the first list), not one further down such as /api/v1/me/.
    assert {"/api/v1/", "/api/v1/agreements/"} <= set(paths)
    page.screenshot("api-docs")
    assert page.console_errors() == []


def test_codebook_page_renders_without_console_errors(page, db):
    driver = page.open("/api/codebook/")

    assert driver.find_elements(By.CSS_SELECTOR, "table.codebook-table")
    assert page.console_errors() == []
