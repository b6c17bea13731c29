"""The loss playground of ``en/playground.html``, driven in Chromium.

Each test sets the panel the way a reader would (the keyboard on the
sliders, typing in the boxes, clicks on the classes and the task) and compares
every number the panel shows (its ``data-value``) with clsloss, and the
losses and the gradient with torch as well, to a relative tolerance of 1e-6.
The Chinese page (``zh_CN/playground.html``) shows the same numbers, and every
word of its panel in Chinese.
"""

from __future__ import annotations

import gettext
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from pages import open_page
from playwright.sync_api import Browser, Locator, Page

import clsloss

PAGE = "en/playground.html"
PAGE_ZH = "zh_CN/playground.html"
#: The panel has drawn its numbers: the script has run.
PANEL_READY = ".loss-playground output[data-value]"
#: The panel's catalogs, compiled by the Chinese build (docs/_ext/loss_playground.py).
LOCALE_DIR = Path(__file__).resolve().parents[1] / "docs" / "locale"
CLASSES = ["cat", "dog", "bird", "fox"]  # the first panel of playground.md
RTOL = 1e-6
# Values that underflow to 0 in one computation may be 1e-300 in another:
# below this they count as equal.
ATOL = 1e-12
QUANTITIES_PER_CLASS = ("softmax", "sigmoid", "target", "gradient")

READ_PANEL = """
(panel) => ({
  outputs: Array.from(panel.querySelectorAll('output[data-quantity]')).map((o) => ({
    quantity: o.dataset.quantity,
    cls: o.dataset.class === undefined ? null : Number(o.dataset.class),
    value: o.dataset.value,
    text: o.textContent,
  })),
  typed: Array.from(panel.querySelectorAll('.lp-typed')).map((i) => i.value),
  invalid: Array.from(panel.querySelectorAll('.lp-typed'))
    .map((i) => i.getAttribute('aria-invalid') === 'true'),
  pressed: Array.from(panel.querySelectorAll('.lp-target'))
    .map((b) => b.getAttribute('aria-pressed') === 'true' ? 1 : 0),
  mode: panel.querySelector('input[type=radio]:checked').value,
})
"""


# -- The page -----------------------------------------------------------------------


def assert_clean(record: dict[str, Any]) -> None:
    assert record["errors"] == [], f"console errors: {record['errors']}"
    assert record["hosts"] <= {"127.0.0.1"}, f"foreign requests: {record['hosts']}"
    assert record["failed"] == [], f"failed requests: {record['failed']}"


@pytest.fixture
def playground(browser: Browser, base_url: str) -> Iterator[tuple[Page, Locator]]:
    page, record = open_page(browser, f"{base_url}/{PAGE}", wait_for=PANEL_READY)
    try:
        yield page, page.locator(".loss-playground").first
        assert_clean(record)
    finally:
        page.close()


# -- The expected numbers ----------------------------------------------------------------


@dataclass(frozen=True)
class State:
    """What the panel should hold; the expected numbers follow from it."""

    logits: tuple[float, ...] = (2.0, 1.0, 0.1, -1.0)
    temperature: float = 1.0
    smoothing: float = 0.0
    mode: str = "multiclass"
    present: tuple[int, ...] = (1, 0, 0, 0)
    classes: tuple[str, ...] = tuple(CLASSES)

    def with_logit(self, c: int, z: float) -> State:
        logits = list(self.logits)
        logits[c] = z
        return replace(self, logits=tuple(logits))

    def toggled(self, c: int) -> State:
        present = list(self.present)
        present[c] = 1 - present[c]
        return replace(self, present=tuple(present))

    def target(self, c: int) -> State:
        return replace(
            self, present=tuple(int(k == c) for k in range(len(self.logits)))
        )


def expected(state: State) -> dict[str, Any]:
    """Every number of the panel, from clsloss in float64."""
    u = np.asarray(state.logits, dtype=np.float64) / state.temperature
    y = np.asarray(state.present, dtype=np.float64)
    eps = state.smoothing
    values: dict[str, Any] = {
        "softmax": clsloss.softmax(u),
        "sigmoid": clsloss.sigmoid(u),
        "bce_with_logits": clsloss.binary_cross_entropy_with_logits(u, y),
        "temperature": state.temperature,
        "smoothing": eps,
    }
    if state.mode == "multiclass":
        label = np.asarray([state.present.index(1)])
        values["cross_entropy"] = clsloss.cross_entropy(
            u[None], label, label_smoothing=eps
        )
        values["target"] = clsloss.smooth_labels(label, eps, num_classes=u.size)[0]
        values["gradient"] = clsloss.cross_entropy_grad(
            u[None], label, label_smoothing=eps
        )[0]
    else:
        values["target"] = y
        # Each class's own BCE term: the gradient of their sum, sigma(u) - y.
        values["gradient"] = clsloss.binary_cross_entropy_with_logits_grad(
            u, y, reduction="sum"
        )
        values["cross_entropy"] = (
            clsloss.cross_entropy(u[None], (y / y.sum())[None], label_smoothing=eps)
            if y.sum() > 0
            else None
        )
    return values


def torch_reference(state: State) -> dict[str, Any]:
    """The losses and the gradient from torch's autograd, in float64."""
    u = (torch.tensor(state.logits, dtype=torch.float64) / state.temperature)[None]
    u.requires_grad_(True)
    y = torch.tensor(state.present, dtype=torch.float64)[None]
    bce = torch.nn.functional.binary_cross_entropy_with_logits(u, y)
    reference: dict[str, Any] = {"bce_with_logits": bce.item()}
    if state.mode == "multiclass":
        label = torch.tensor([state.present.index(1)])
        ce = torch.nn.functional.cross_entropy(
            u, label, label_smoothing=state.smoothing
        )
        ce.backward()
        reference |= {"cross_entropy": ce.item(), "gradient": u.grad[0].numpy()}
    else:
        # The mean over C of the BCE terms: times C is each term's own gradient.
        bce.backward()
        reference["gradient"] = u.grad[0].numpy() * len(state.logits)
        if y.sum() > 0:
            ce = torch.nn.functional.cross_entropy(
                u.detach(), y / y.sum(), label_smoothing=state.smoothing
            )
            reference["cross_entropy"] = ce.item()
    return reference


def check_panel(panel: Locator, state: State, step: str) -> int:
    """Compare the panel with `state`; return how many numbers were compared."""
    shown = panel.evaluate(READ_PANEL)
    # The controls hold the state the test meant to set (a refused value stays
    # in its box, flagged, until the box is left).
    typed = [
        state.logits[c] if invalid else float(z)
        for c, (z, invalid) in enumerate(
            zip(shown["typed"], shown["invalid"], strict=True)
        )
    ]
    assert typed == list(state.logits), step
    assert tuple(shown["pressed"]) == state.present, step
    assert shown["mode"] == state.mode, step

    want = expected(state)
    compared = 0
    for output in shown["outputs"]:
        quantity, cls = output["quantity"], output["cls"]
        value = want[quantity] if cls is None else want[quantity][cls]
        where = f"{step}: {quantity}" + (
            "" if cls is None else f"[{state.classes[cls]}]"
        )
        if value is None:
            assert output["value"] == "", where
            assert output["text"] == "undefined", where
            continue
        assert output["value"] != "", f"{where}: shown as undefined"
        got = float(output["value"])
        np.testing.assert_allclose(got, value, rtol=RTOL, atol=ATOL, err_msg=where)
        # The six significant digits on screen round the full value.
        text = float(output["text"])
        assert abs(text - got) <= 5e-6 * abs(got) + ATOL, (where, output["text"])
        compared += 1
    assert compared >= 4 * len(state.logits) + 3, step  # every bar, loss and knob

    for quantity, value in torch_reference(state).items():
        np.testing.assert_allclose(
            want[quantity], value, rtol=RTOL, atol=ATOL, err_msg=f"{step}: torch"
        )
    return compared


# -- The states -------------------------------------------------------------------------


def press(locator: Locator, key: str, times: int = 1) -> None:
    for _ in range(times):
        locator.press(key)


Action = Callable[[Page, Locator], None]


def logit_slider(panel: Locator, c: int) -> Locator:
    return panel.locator(".lp-range").nth(c)


def logit_box(panel: Locator, c: int) -> Locator:
    return panel.locator(".lp-typed").nth(c)


def knob(panel: Locator, name: str) -> Locator:
    return panel.locator(f'input[data-knob="{name}"]')


def class_button(panel: Locator, c: int) -> Locator:
    return panel.locator(".lp-target").nth(c)


def mode_radio(panel: Locator, mode: str) -> Locator:
    return panel.locator(f'input[type=radio][value="{mode}"]')


def overflows(state: State) -> bool:
    """Whether exp of the largest tempered logit overflows in float64."""
    try:
        math.exp(max(abs(z) for z in state.logits) / state.temperature)
    except OverflowError:
        return True
    return False


def steps() -> list[tuple[str, Action, Callable[[State], State]]]:
    """(name, what the reader does, the state it leads to), in order."""

    def fill(c: int, text: str) -> Action:
        return lambda _page, panel: logit_box(panel, c).fill(text)

    def both(*actions: Action) -> Action:
        def run(page: Page, panel: Locator) -> None:
            for action in actions:
                action(page, panel)

        return run

    def key(target: Callable[[Locator], Locator], name: str, times: int = 1) -> Action:
        return lambda _page, panel: press(target(panel), name, times)

    def click(c: int) -> Action:
        return lambda _page, panel: class_button(panel, c).click()

    def mode(name: str) -> Action:
        return lambda _page, panel: mode_radio(panel, name).check()

    def temperature(s: State, t: float) -> State:
        return replace(s, temperature=t)

    def smoothing(s: State, e: float) -> State:
        return replace(s, smoothing=e)

    def z0(p: Locator) -> Locator:
        return logit_slider(p, 0)

    return [
        ("the options of the page", lambda _page, _panel: None, lambda s: s),
        (
            "ArrowRight x3 on z_cat",
            key(z0, "ArrowRight", 3),
            lambda s: s.with_logit(0, 2.3),
        ),
        (
            "ArrowLeft x2 on z_bird",
            key(lambda p: logit_slider(p, 2), "ArrowLeft", 2),
            lambda s: s.with_logit(2, -0.1),
        ),
        (
            "Home on z_fox",
            key(lambda p: logit_slider(p, 3), "Home"),
            lambda s: s.with_logit(3, -10.0),
        ),
        (
            "End on z_dog",
            key(lambda p: logit_slider(p, 1), "End"),
            lambda s: s.with_logit(1, 10.0),
        ),
        (
            "type 50 and -50",
            both(fill(0, "50"), fill(3, "-50")),
            lambda s: s.with_logit(0, 50.0).with_logit(3, -50.0),
        ),
        (
            "Home on T (T = 0.05, tempered logits +-1000)",
            key(lambda p: knob(p, "temperature"), "Home"),
            lambda s: temperature(s, 0.05),
        ),
        ("click dog", click(1), lambda s: s.target(1)),
        (
            "End on epsilon",
            key(lambda p: knob(p, "smoothing"), "End"),
            lambda s: smoothing(s, 1.0),
        ),
        (
            "Home, then ArrowRight x10 on epsilon",
            both(
                key(lambda p: knob(p, "smoothing"), "Home"),
                key(lambda p: knob(p, "smoothing"), "ArrowRight", 10),
            ),
            lambda s: smoothing(s, 0.1),
        ),
        (
            "End on T",
            key(lambda p: knob(p, "temperature"), "End"),
            lambda s: temperature(s, 5.0),
        ),
        (
            "ArrowLeft x30 on T",
            key(lambda p: knob(p, "temperature"), "ArrowLeft", 30),
            lambda s: temperature(s, 3.5),
        ),
        (
            "type -3.25 and 0.5",
            both(fill(0, "-3.25"), fill(3, "0.5")),
            lambda s: s.with_logit(0, -3.25).with_logit(3, 0.5),
        ),
        (
            "Space on bird",
            key(lambda p: class_button(p, 2), "Space"),
            lambda s: s.target(2),
        ),
        ("multi-label", mode("multilabel"), lambda s: replace(s, mode="multilabel")),
        (
            "add cat and fox",
            both(click(0), click(3)),
            lambda s: s.toggled(0).toggled(3),
        ),
        ("remove bird", click(2), lambda s: s.toggled(2)),
        (
            "type -50 and 50 at T = 0.05 (multi-label)",
            both(
                fill(1, "-50"),
                fill(2, "50"),
                key(lambda p: knob(p, "temperature"), "Home"),
            ),
            lambda s: temperature(s.with_logit(1, -50.0).with_logit(2, 50.0), 0.05),
        ),
        (
            "no class present",
            both(click(0), click(3)),
            lambda s: s.toggled(0).toggled(3),
        ),
        ("dog present", click(1), lambda s: s.toggled(1)),
        (
            "Enter on cat and bird (dog, cat, bird present)",
            both(
                key(lambda p: class_button(p, 0), "Enter"),
                key(lambda p: class_button(p, 2), "Enter"),
            ),
            lambda s: s.toggled(0).toggled(2),
        ),
        (
            "back to multi-class: the first present class",
            mode("multiclass"),
            lambda s: replace(s, mode="multiclass").target(0),
        ),
        (
            "equal logits",
            both(*(fill(c, "7") for c in range(4))),
            lambda s: replace(s, logits=(7.0,) * 4),
        ),
        (
            "ArrowRight x20 on T, x5 on epsilon",
            both(
                key(lambda p: knob(p, "temperature"), "ArrowRight", 20),
                key(lambda p: knob(p, "smoothing"), "ArrowRight", 5),
            ),
            lambda s: smoothing(temperature(s, 1.05), 0.15),
        ),
        (
            "a typed value out of range is refused",
            fill(2, "150"),
            lambda s: s,
        ),
    ]


def test_every_number_matches_clsloss_over_the_states(
    playground: tuple[Page, Locator],
) -> None:
    page, panel = playground
    state = State()
    checked, extreme = 0, 0
    for name, action, change in steps():
        action(page, panel)
        state = change(state)
        check_panel(panel, state, name)
        checked += 1
        extreme += overflows(state)
    # The refused value is flagged, and leaving the box puts 7 back.
    assert logit_box(panel, 2).get_attribute("aria-invalid") == "true"
    logit_box(panel, 2).press("Tab")
    assert logit_box(panel, 2).input_value() == "7"
    assert logit_box(panel, 2).get_attribute("aria-invalid") is None
    assert checked >= 20
    assert extreme >= 2, "states where a naive exp overflows"


def test_the_second_panel_starts_from_its_options(
    playground: tuple[Page, Locator],
) -> None:
    page, _ = playground
    panel = page.locator(".loss-playground").nth(1)
    state = State(
        logits=(2.0, 1.0, 0.1),
        mode="multilabel",
        present=(1, 0, 1),
        classes=("cat", "dog", "bird"),
    )
    check_panel(panel, state, "the second panel, as its options set it")


# -- Accessibility and layout -------------------------------------------------------------


def test_every_control_has_an_accessible_name(
    playground: tuple[Page, Locator],
) -> None:
    _, panel = playground
    for c, name in enumerate(CLASSES):
        assert panel.get_by_role("slider", name=f"Logit z{c} of {name}, slider").count()
        assert panel.get_by_role(
            "spinbutton", name=f"Logit z{c} of {name}, typed"
        ).count()
        assert panel.get_by_role("button", name=name, exact=True).count() == 1
    assert panel.get_by_role("button", name="cat", pressed=True).count() == 1
    assert panel.get_by_role("slider", name="Temperature T").count() == 1
    assert panel.get_by_role("slider", name="Label smoothing ε").count() == 1
    assert panel.get_by_role("radio", name=re.compile("^Multi-class")).count() == 1
    assert panel.get_by_role("radio", name=re.compile("^Multi-label")).count() == 1
    sliders = panel.get_by_role("slider")
    assert sliders.count() == len(CLASSES) + 2


def test_sliders_say_their_value_and_the_losses_are_announced(
    playground: tuple[Page, Locator],
) -> None:
    _, panel = playground
    press(logit_slider(panel, 1), "ArrowRight", 2)
    assert logit_slider(panel, 1).get_attribute("aria-valuetext") == "z1 = 1.2 (dog)"
    logit_box(panel, 1).fill("50")
    assert logit_slider(panel, 1).get_attribute("aria-valuetext") == (
        "z1 = 50, beyond the slider's range (dog)"
    )
    press(knob(panel, "temperature"), "ArrowRight")
    assert knob(panel, "temperature").get_attribute("aria-valuetext") == "T = 1.05"
    live = panel.locator('[aria-live="polite"]')
    assert live.locator('output[data-quantity="cross_entropy"]').count() == 1
    assert live.locator('output[data-quantity="bce_with_logits"]').count() == 1


def test_keyboard_focus_is_visible(playground: tuple[Page, Locator]) -> None:
    page, panel = playground
    mode_radio(panel, "multiclass").focus()
    for _ in range(4):  # the class button of cat, its slider, its box, dog
        page.keyboard.press("Tab")
        outline = page.evaluate(
            "() => { const e = document.activeElement, s = getComputedStyle(e);"
            " return [e.matches(':focus-visible'), s.outlineStyle,"
            " parseFloat(s.outlineWidth), e.closest('.loss-playground') !== null]; }"
        )
        assert outline[0], outline
        assert outline[1] != "none", outline
        assert outline[2] >= 2, outline
        assert outline[3], "Tab left the panel"


def relative_luminance(rgb: tuple[float, ...]) -> float:
    def channel(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


COLOURS = """
(panel) => {
  const rgb = (s) => s.match(/[\\d.]+/g).map(Number);
  const background = (e) => {
    for (; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length < 4 || c[3] > 0) { return c; }
    }
    return [255, 255, 255];
  };
  const selector = 'legend, label, .lp-help, .lp-note, .lp-target, .lp-number,'
    + ' .lp-loss-name, .lp-bar-name, .lp-group-title, input[type=number]';
  return Array.from(panel.querySelectorAll(selector)).map((e) => ({
    what: e.className || e.tagName,
    text: rgb(getComputedStyle(e).color),
    background: background(e),
  }));
}
"""


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_text_contrast_in_both_themes(
    playground: tuple[Page, Locator], theme: str
) -> None:
    page, panel = playground
    page.evaluate(f"document.documentElement.dataset.theme = '{theme}'")
    colours = panel.evaluate(COLOURS)
    assert colours
    for item in colours:
        light, dark = sorted(
            (relative_luminance(item["text"]), relative_luminance(item["background"])),
            reverse=True,
        )
        ratio = (light + 0.05) / (dark + 0.05)
        assert ratio >= 4.5, (theme, item, ratio)


def test_the_panel_fits_a_phone(browser: Browser, base_url: str) -> None:
    page, record = open_page(
        browser, f"{base_url}/{PAGE}", width=375, wait_for=PANEL_READY
    )
    try:
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"the page scrolls {overflow} px sideways at 375 px"
        panel = page.locator(".loss-playground").first
        box = panel.bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= 375
        # Thumb-sized: full-width sliders, 44 px tall controls.
        for control in (logit_slider(panel, 0), class_button(panel, 0)):
            control_box = control.bounding_box()
            assert control_box is not None
            assert control_box["height"] >= 44
        slider_box = logit_slider(panel, 0).bounding_box()
        assert slider_box is not None
        assert slider_box["width"] >= 0.7 * box["width"]
        assert_clean(record)
    finally:
        page.close()


def test_the_script_loads_only_where_a_playground_is(
    browser: Browser, base_url: str
) -> None:
    scripts = "Array.from(document.scripts).map((s) => s.src).join(' ')"
    page, _ = open_page(browser, f"{base_url}/{PAGE}", wait_for=PANEL_READY)
    try:
        assert "loss-playground.js" in page.evaluate(scripts)
    finally:
        page.close()
    page = browser.new_page()
    try:
        page.goto(f"{base_url}/en/glossary.html", wait_until="load")
        assert "loss-playground.js" not in page.evaluate(scripts)
        assert page.locator('link[href*="loss-playground.css"]').count() == 0
    finally:
        page.close()


# -- The Chinese panel -------------------------------------------------------------------

#: The words of the Chinese panel that stay English: the glossary leaves softmax,
#: sigmoid and logit untranslated (docs/locale/GLOSSARY_zh.md), and torch's names
#: and arguments are code. Math letters (z, T, q_c) are single letters.
ENGLISH_KEPT = {
    "softmax",
    "sigmoid",
    "logit",
    "log",
    "torch",
    "CrossEntropyLoss",
    "BCEWithLogitsLoss",
    "BCE",
    "reduction",
    "mean",
}

# The panel's text (but its math, in <var>, and the <noscript> message, which
# JavaScript hides), and the names and values its controls announce.
READ_WORDS = """
(panel) => {
  const texts = [];
  const walker = document.createTreeWalker(panel, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement.closest('var, noscript')) { texts.push(node.data); }
  }
  for (const e of panel.querySelectorAll('*')) {
    for (const name of ['aria-label', 'aria-valuetext', 'title']) {
      const value = e.getAttribute(name);
      if (value) { texts.push(value); }
    }
  }
  return texts.join('\\n');
}
"""


def english_words(panel: Locator) -> set[str]:
    """The English words the panel shows or names its controls with, but for those kept."""
    words = set(re.findall(r"[A-Za-z]{2,}", panel.evaluate(READ_WORDS)))
    return words - ENGLISH_KEPT


def test_the_chinese_panel_speaks_chinese(browser: Browser, base_url: str) -> None:
    catalog = gettext.translation(
        "loss_playground", localedir=LOCALE_DIR, languages=["zh_CN"]
    )
    zh = catalog.gettext
    page, record = open_page(browser, f"{base_url}/{PAGE_ZH}", wait_for=PANEL_READY)
    try:
        panel = page.locator(".loss-playground").first
        names = [zh(name) for name in CLASSES]
        assert all(
            name != english for name, english in zip(names, CLASSES, strict=True)
        )
        # The same numbers as the English panel.
        check_panel(panel, State(), "the Chinese panel, as its options set it")
        # Every control is named in Chinese, by the catalog's words.
        for c, name in enumerate(names):
            slider = zh("Logit z{index} of {name}, slider").format(index=c, name=name)
            typed = zh("Logit z{index} of {name}, typed").format(index=c, name=name)
            assert panel.get_by_role("slider", name=slider, exact=True).count() == 1
            assert panel.get_by_role("spinbutton", name=typed, exact=True).count() == 1
            assert panel.get_by_role("button", name=name, exact=True).count() == 1
        temperature = zh("Temperature {T}").format(T="T")
        assert panel.get_by_role("slider", name=temperature, exact=True).count() == 1
        multilabel = zh("Multi-label: any classes, a sigmoid per class")
        assert panel.get_by_role("radio", name=multilabel, exact=True).count() == 1
        assert english_words(panel) == set(), "the panel as the page opens"

        # What the script writes, in each case: slider values, notes, undefined.
        press(logit_slider(panel, 1), "ArrowRight", 2)
        assert logit_slider(panel, 1).get_attribute("aria-valuetext") == zh(
            "z{index} = {value} ({name})"
        ).format(index=1, value=1.2, name=names[1])
        logit_box(panel, 1).fill("50")
        assert logit_slider(panel, 1).get_attribute("aria-valuetext") == zh(
            "z{index} = {value}, beyond the slider's range ({name})"
        ).format(index=1, value=50, name=names[1])
        press(knob(panel, "smoothing"), "ArrowRight", 10)
        assert english_words(panel) == set(), "multi-class, smoothed, z beyond"
        mode_radio(panel, "multilabel").check()
        class_button(panel, 2).click()
        assert english_words(panel) == set(), "multi-label, two classes"
        class_button(panel, 0).click()
        class_button(panel, 2).click()
        undefined = panel.locator('output[data-quantity="cross_entropy"]')
        assert undefined.text_content() == zh("undefined") != "undefined"
        assert english_words(panel) == set(), "multi-label, no class present"
        assert_clean(record)
    finally:
        page.close()
