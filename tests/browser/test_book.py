"""The built book, opened from file:// in headless Chromium, page by page.

Run after the book build (``make test`` does). Chromium is Debian's ``/usr/bin/chromium``,
driven by Playwright: Playwright's own browser download cannot work offline. Without
Chromium these tests are skipped, except under CI (``CI=true``), where that is a failure.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT / "_build" / "html"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ALLOWED_CONSOLE_ERRORS = (
    "Identifier 'THEBE_JS_URL' has already been declared",  # Jupyter Book 1 declares it twice
    "Got invalid theme mode",  # the theme's first-visit message
)
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


def toc_pages() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    return [f + ".html" for f in files]


PAGES = toc_pages()
NOTEBOOKS = [p for p in PAGES if p.startswith("notebooks/")]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM}: install the Debian package 'chromium'"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    if not (HTML / "index.html").exists():
        pytest.fail("the book is not built: run `make book` first")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


class Visit:
    """One page load with everything the tests check recorded."""

    def __init__(self, browser, page_name: str, query: str = "", viewport: dict | None = None):
        self.page = browser.new_page(viewport=viewport) if viewport else browser.new_page()
        self.requests, self.errors = [], []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto((HTML / page_name).as_uri() + query, wait_until="load")

    def close(self):
        self.page.close()


@pytest.fixture(scope="module")
def visits(browser):
    loaded = {name: Visit(browser, name) for name in PAGES}
    yield loaded
    for v in loaded.values():
        v.close()


@pytest.mark.parametrize("name", PAGES)
def test_no_request_leaves_the_machine(visits, name):
    outside = [u for u in visits[name].requests if not u.startswith(LOCAL_SCHEMES)]
    assert outside == [], f"{name} requested {outside}"


@pytest.mark.parametrize("name", PAGES)
def test_no_unexpected_console_errors(visits, name):
    unexpected = [e for e in visits[name].errors if not any(a in e for a in ALLOWED_CONSOLE_ERRORS)]
    assert unexpected == [], f"{name}: {unexpected}"


@pytest.mark.parametrize("name", PAGES)
def test_every_image_loaded(visits, name):
    page = visits[name].page
    page.evaluate("() => { for (const img of document.images) img.loading = 'eager'; }")
    page.wait_for_function("() => Array.from(document.images).every(i => i.complete)", timeout=15_000)
    broken = page.evaluate("() => Array.from(document.images).filter(i => i.naturalWidth === 0).map(i => i.src)")
    assert broken == [], f"{name}: images that did not load: {broken}"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_figure_has_alt_text_and_a_caption(visits, name):
    page = visits[name].page
    figures = page.eval_on_selector_all(
        ".cell_output img",
        """els => els.map(i => [i.alt, i.closest('figure')?.querySelector('figcaption')?.textContent.trim() || '',
                                !!i.closest('.text_html')])""",
    )
    for alt, caption, in_html_output in figures:
        assert len(alt.split()) >= 8 and not alt.endswith(".png"), f"{name}: alt text {alt!r}"
        # a PNG output is a numbered figure; an image inside an HTML output (the animation's frame)
        # is described by its alt text and the prose around it
        assert caption or in_html_output, f"{name}: a figure without a caption ({alt[:40]}...)"


@pytest.mark.parametrize("name", PAGES)
def test_math_is_rendered(visits, name):
    page = visits[name].page
    if page.locator(".math").count() == 0:
        pytest.skip(f"{name} has no math")
    page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=15_000)
    page.evaluate("() => MathJax.startup.promise")
    assert page.locator("mjx-container").count() >= page.locator(".math").count() > 0


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_colab_button_points_at_the_notebook_on_main(visits, name):
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    repo = config["repository"]["url"].removeprefix("https://github.com/")
    expected = f"https://colab.research.google.com/github/{repo}/blob/main/{name.replace('.html', '.ipynb')}"
    links = visits[name].page.eval_on_selector_all(
        "a[href*='colab.research.google.com']", "els => els.map(e => e.href)"
    )
    assert links == [expected]


@pytest.mark.parametrize("name", PAGES)
def test_previous_and_next_links_lead_to_built_pages(visits, name):
    page = visits[name].page
    hrefs = page.eval_on_selector_all("a.left-prev, a.right-next", "els => els.map(e => e.href)")
    index = PAGES.index(name)
    assert len(hrefs) == (index > 0) + (index < len(PAGES) - 1)
    for href in hrefs:
        assert Path(re.sub(r"[#?].*$", "", href.removeprefix("file://"))).is_file(), href


def test_next_link_of_each_page_is_the_following_page(visits):
    for current, following in itertools.pairwise(PAGES):
        href = visits[current].page.eval_on_selector("a.right-next", "e => e.href")
        assert href.split("#")[0].endswith(following), (current, href)


PHONE = {"width": 390, "height": 844}

# axe-core rules that fail because of markup the book does not write, each limited to that markup.
AXE_ALLOWED = {
    # pydata-sphinx-theme puts the site title and the chapter menu in a <div> outside any landmark
    "region": ("sidebar-primary-item", "navbar-brand"),
    # Sphinx/docutils mark bibliography entries up as <div role="doc-biblioentry"> inside
    # <div role="list">: a role ARIA 1.2 deprecates, on an element it does not allow, in a list
    # without listitem children
    "aria-deprecated-role": ("citation",),
    "aria-allowed-role": ("citation",),
    "aria-required-children": ("citation-list",),
}


def axe_violations(page) -> list[str]:
    """Violations of axe-core's rules on ``page``, except the allow-listed theme markup."""
    import axe_playwright_python

    page.add_script_tag(path=str(Path(axe_playwright_python.__file__).parent / "axe.min.js"))
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
            .flatMap(v => v.nodes.map(n => [v.id, n.target.join(' ') + ' ' + n.html.slice(0, 200)]))"""
    )
    return [
        f"{rule}: {where[:160]}"
        for rule, where in found
        if not any(marker in where for marker in AXE_ALLOWED.get(rule, ()))
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_accessibility_violation(browser, name, scheme):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page.goto((HTML / name).as_uri(), wait_until="load")
    # the theme fades colours in when the page loads: measure the settled colours
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    violations = axe_violations(page)
    page.close()
    assert violations == [], f"{name} ({scheme}): {violations}"


@pytest.mark.parametrize("name", PAGES)
def test_no_id_appears_twice(visits, name):
    ids = visits[name].page.eval_on_selector_all("[id]", "els => els.map(e => e.id)")
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    assert repeated == [], f"{name}: repeated ids {repeated}"


def visible_links(page, container: str) -> list[str]:
    """Texts of the links inside ``container`` that a reader can see and tap on screen."""
    return page.eval_on_selector_all(
        f"{container} a",
        """els => els.filter(a => {
            const r = a.getBoundingClientRect();
            return a.offsetParent !== null && r.width > 0 && r.left >= 0 && r.right <= window.innerWidth;
        }).map(a => a.textContent.trim())""",
    )


@pytest.mark.parametrize("name", ["notebooks/04_pooling.html", "book/explorer.html"])
def test_phone_reader_opens_the_chapter_menu_and_reaches_another_chapter(browser, name):
    visit = Visit(browser, name, viewport=PHONE)
    page = visit.page
    assert visible_links(page, ".bd-sidebar-primary") == [], "the chapter menu shows before it is opened"
    page.locator("button.primary-toggle:visible").first.click()
    page.wait_for_function("() => document.querySelector('.bd-sidebar-primary').getBoundingClientRect().right > 0")
    assert "5. Nonlinearities" in visible_links(page, ".bd-sidebar-primary")
    page.locator(".bd-sidebar-primary a", has_text="5. Nonlinearities").first.click()
    page.wait_for_url("**/05_nonlinearities.html*")
    visit.close()


def test_phone_reader_opens_the_page_contents(browser):
    visit = Visit(browser, "notebooks/04_pooling.html", viewport=PHONE)
    page = visit.page
    assert visible_links(page, ".bd-sidebar-secondary") == []
    page.locator("button.secondary-toggle:visible").first.click()
    page.wait_for_timeout(500)
    assert any(
        "Max pooling" in text or "pooling" in text.lower() for text in visible_links(page, ".bd-sidebar-secondary")
    )
    visit.close()


def test_search_finds_a_term(browser):
    visit = Visit(browser, "search.html", "?q=padding")
    visit.page.wait_for_selector("#search-results ul.search li", timeout=20_000)
    found = visit.page.eval_on_selector_all("#search-results ul.search li a", "els => els.map(e => e.href)")
    visit.close()
    assert any("02_convolution" in href for href in found), found


def test_explorer_computes_like_cnnlib(browser):
    from cnnlib.functional import conv_output_size

    visit = Visit(browser, "book/explorer.html")
    page = visit.page
    for w, f, s, p in [(32, 5, 1, 0), (28, 5, 1, 2), (10, 3, 2, 0), (224, 7, 2, 3)]:
        for field, value in zip(("input", "filter", "stride", "padding"), (w, f, s, p)):
            page.fill(f"#cx-{field}", str(value))
        assert page.get_attribute("#cx-result", "data-size") == str(conv_output_size(w, f, s, p))
    page.fill("#cx-filters", "6")
    page.fill("#cx-channels", "3")
    for field, value in zip(("input", "filter", "stride", "padding"), (32, 5, 1, 0)):
        page.fill(f"#cx-{field}", str(value))
    assert page.get_attribute("#cx-result", "data-params") == "456"
    page.fill("#cx-filter", "40")
    assert "Not possible" in page.inner_text("#cx-result")
    visit.close()


GOOD = {"input": "7", "filter": "3", "stride": "2", "padding": "1", "filters": "6", "channels": "3"}


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("input", "", "enter a value for input size W"),
        ("filters", "-4", "filters K must be at least 1"),
        ("filter", "-3", "filter size F must be at least 1"),
        ("stride", "1.5", "stride S must be a whole number"),
        ("input", "1000", "input size W must be at most 256"),
        ("padding", "-1", "padding P must be at least 0"),
        ("filter", "15", "does not fit in the padded input"),
    ],
)
def test_explorer_explains_bad_input_and_clears_the_drawing(browser, field, value, message):
    visit = Visit(browser, "book/explorer.html")
    page = visit.page
    for name, good in GOOD.items():
        page.fill(f"#cx-{name}", good)
    assert page.get_attribute("#cx-result", "data-size") == "4"
    assert page.is_visible("#cx-canvas")
    page.fill(f"#cx-{field}", value)
    text = page.inner_text("#cx-result")
    visit.close()
    assert text.startswith("Not possible: ") and message in text, text
    assert "NaN" not in text and "-112" not in text


def test_explorer_error_hides_the_stale_drawing_and_marks_the_field(browser):
    visit = Visit(browser, "book/explorer.html")
    page = visit.page
    page.fill("#cx-stride", "1.5")
    hidden = not page.is_visible("#cx-canvas")
    invalid = page.get_attribute("#cx-stride", "aria-invalid")
    label = page.get_attribute("#cx-canvas", "aria-label")
    page.fill("#cx-stride", "2")
    shown_again = page.is_visible("#cx-canvas")
    visit.close()
    assert hidden and invalid == "true" and label.startswith("No drawing") and shown_again


def test_explorer_canvas_stays_in_the_column_and_describes_itself(browser):
    visit = Visit(browser, "book/explorer.html")
    page = visit.page
    page.fill("#cx-input", "256")
    page.fill("#cx-padding", "8")
    width = page.eval_on_selector("#cx-canvas", "c => c.width")
    page_fits = page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    page.fill("#cx-input", "7")
    page.fill("#cx-padding", "1")
    label = page.get_attribute("#cx-canvas", "aria-label")
    visit.close()
    assert width <= 362 and page_fits
    assert label.startswith("The padded input, 9 by 9 cells (a border of 1 grey padding cells")


def test_api_page_lists_each_object_and_parameter_once():
    page = (HTML / "book" / "api.html").read_text()
    objects = re.findall(r'<dt class="sig sig-object py" id="([^"]+)"', page)
    assert len(objects) > 150 and len(objects) == len(set(objects))
    for block in re.findall(r'<dt class="field-odd">Parameters<.*?</dd>', page, re.S):
        names = re.findall(r"<li><p><strong>([^<]+)</strong>", block)
        assert len(names) == len(set(names)), f"a parameter documented twice: {names}"
