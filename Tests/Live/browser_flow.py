#!/usr/bin/env python3
"""Browser test of the team server in headless Chromium (selenium + chromedriver): a manager signs
in and files a request with the form, the planner signs in, plans and publishes, and the manager
sees the team on their page. Screenshots go to OUTDIR. Prints "ok" at the end; any failure raises.

usage: browser_flow.py BASE_URL OUTDIR
"""
import os
import sys

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

base, outdir = sys.argv[1].rstrip("/"), sys.argv[2]
os.makedirs(outdir, exist_ok=True)

options = webdriver.ChromeOptions()
for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1400"):
    options.add_argument(argument)
if os.path.exists("/usr/bin/chromium"):
    options.binary_location = "/usr/bin/chromium"
service = webdriver.ChromeService(executable_path="/usr/bin/chromedriver") if os.path.exists("/usr/bin/chromedriver") else None
driver = webdriver.Chrome(options=options, service=service) if service else webdriver.Chrome(options=options)
driver.set_page_load_timeout(60)


def notice_containing(text):
    """The page's notice once it says `text` (a click's navigation may still be under way)."""
    def found(driver):
        notices = driver.find_elements(By.CSS_SELECTOR, "p.notice")
        return notices[0].text if notices and text in notices[0].text else False
    # The click's navigation can replace the page between finding the notice and reading it:
    # a stale element means "look again", not a failure (the cause of a flaky CI run under load).
    return WebDriverWait(driver, 30, ignored_exceptions=[StaleElementReferenceException]).until(found)


def sign_in(user, password):
    driver.get(base + "/signin")
    driver.find_element(By.NAME, "id").send_keys(user)
    driver.find_element(By.NAME, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "form[action='/signin'] button").click()
    WebDriverWait(driver, 30).until(lambda d: not d.current_url.endswith("/signin"))


def sign_out():
    driver.find_element(By.CSS_SELECTOR, "form[action='/signout'] button").click()
    WebDriverWait(driver, 30).until(lambda d: d.current_url.endswith("/signin"))


try:
    # The manager files a request with the form.
    sign_in("zhang", "zhang-password")
    assert driver.current_url.endswith("/manager"), driver.current_url
    form = driver.find_element(By.ID, "request-form")
    Select(form.find_element(By.NAME, "account")).select_by_value("bank-hq")
    Select(form.find_element(By.NAME, "skill")).select_by_visible_text("network")
    hours = form.find_element(By.NAME, "hours")
    hours.clear()
    hours.send_keys("6")
    Select(form.find_element(By.NAME, "priority")).select_by_visible_text("high")
    form.find_element(By.NAME, "note").send_keys("core switch upgrade")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    notice = notice_containing("Filed request R")
    request_id = notice.split()[2].rstrip(".")
    assert request_id in driver.page_source
    driver.save_screenshot(os.path.join(outdir, "1-manager-filed.png"))
    sign_out()

    # The planner sees it, plans and publishes.
    sign_in("ana", "ana-password")
    assert driver.current_url.endswith("/planner"), driver.current_url
    rows = driver.find_elements(By.CSS_SELECTOR, "#open-requests tbody tr")
    assert any(request_id in row.text for row in rows), [row.text for row in rows]
    driver.find_element(By.CSS_SELECTOR, "form[action$='/plan'] button").click()
    notice_containing("Planned")
    assert driver.find_elements(By.ID, "draft")
    driver.save_screenshot(os.path.join(outdir, "2-planner-planned.png"))
    driver.find_element(By.CSS_SELECTOR, "form[action$='/publish'] button").click()
    notice_containing("Published 2026-W49 version 1.")
    sign_out()

    # The manager sees the team lent to the account.
    sign_in("zhang", "zhang-password")
    teams = driver.find_element(By.ID, "teams").text
    assert "bank-hq" in teams and "Wang Fang" in teams, teams
    status = [row.text for row in driver.find_elements(By.XPATH, "//tr[td[1]='%s']" % request_id)]
    assert status and "allocated" in status[0], status
    driver.save_screenshot(os.path.join(outdir, "3-manager-team.png"))
    print("ok", flush=True)
except Exception:
    driver.save_screenshot(os.path.join(outdir, "failure.png"))
    sys.stderr.write("page at the failure (%s):\n%s\n" % (driver.current_url, driver.find_element(By.TAG_NAME, "main").text))
    raise
finally:
    driver.quit()
