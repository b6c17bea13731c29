"""The ``loss-playground`` directive: logits to drag, losses to watch.

The directive renders a static HTML panel (a form with one slider and one
number input per logit, the target, the task, the label smoothing and the
temperature) and the page loads ``_static/loss-playground.js``, which computes
the probabilities, the losses and their gradient in the browser, and
``_static/loss-playground.css``. Both files are added only to the pages that
use the directive.

MyST::

    ```{loss-playground}
    :classes: cat, dog, bird
    :logits: 2.0, 1.0, 0.1
    :target: cat
    ```

reStructuredText (also inside the comment cells of a sphinx-gallery script)::

    .. loss-playground::
       :classes: cat, dog, bird
       :logits: 2.0, 1.0, 0.1
       :target: 0

Every option is checked when the site is built: a wrong value is an error
that names the option, what it expects and what it received, and the strict
build (``-W``) fails on it.
"""

from __future__ import annotations

import html
import json
import math
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

JS_FILE = "loss-playground.js"
CSS_FILE = "loss-playground.css"

MIN_CLASSES, MAX_CLASSES = 3, 6
#: The number inputs accept logits in [-LOGIT_LIMIT, LOGIT_LIMIT]; the sliders
#: cover [-SLIDER_LIMIT, SLIDER_LIMIT] in steps of LOGIT_STEP.
LOGIT_LIMIT, SLIDER_LIMIT, LOGIT_STEP = 100.0, 10.0, 0.1
#: The smoothing slider: 0 to 1 in steps of 0.01.
SMOOTHING_STEP = 0.01
#: The temperature slider: 0.05 to 5 in steps of 0.05.
T_MIN, T_MAX, T_STEP = 0.05, 5.0, 0.05
MODES = ("multiclass", "multilabel")
DEFAULT_CLASSES = ("cat", "dog", "bird")
#: What pressing a class name does, per mode (the script keeps it up to date).
TARGET_HELP = {
    "multiclass": "Press a class name to make it the one true class.",
    "multilabel": "Press a class name to mark it present or absent.",
}


class loss_playground(nodes.General, nodes.Element):
    """A playground panel; its ``config`` attribute holds the checked options."""


# -- Option checks --------------------------------------------------------------------


def _items(argument: str | None, option: str) -> list[str]:
    if argument is None or not argument.strip():
        msg = f"option `{option}` expects a comma-separated list, received nothing"
        raise ValueError(msg)
    return [item.strip() for item in argument.split(",")]


def class_names(argument: str | None) -> list[str]:
    """``:classes:``: 3 to 6 distinct, non-empty names separated by commas."""
    names = _items(argument, "classes")
    if not MIN_CLASSES <= len(names) <= MAX_CLASSES or "" in names:
        msg = (
            f"option `classes` expects {MIN_CLASSES} to {MAX_CLASSES} non-empty "
            f"names separated by commas, received {argument!r}"
        )
        raise ValueError(msg)
    if len(set(names)) != len(names):
        msg = f"option `classes` expects distinct names, received {argument!r}"
        raise ValueError(msg)
    return names


def logit_values(argument: str | None) -> list[float]:
    """``:logits:``: finite numbers in [-100, 100] separated by commas."""
    values = []
    for item in _items(argument, "logits"):
        try:
            value = float(item)
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and abs(value) <= LOGIT_LIMIT):
            msg = (
                f"option `logits` expects numbers between {-LOGIT_LIMIT:g} and "
                f"{LOGIT_LIMIT:g} separated by commas, received {item!r}"
            )
            raise ValueError(msg)
        values.append(value)
    return values


def _on_grid(
    argument: str | None, option: str, low: float, high: float, step: float
) -> float:
    try:
        value = float(argument or "")
    except ValueError:
        value = math.nan
    steps = (value - low) / step if math.isfinite(value) else math.nan
    if not (low <= value <= high and abs(steps - round(steps)) < 1e-9):
        msg = (
            f"option `{option}` expects a number from {low:g} to {high:g} in steps "
            f"of {step:g} (the steps of its slider), received {argument!r}"
        )
        raise ValueError(msg)
    return value


def smoothing_value(argument: str | None) -> float:
    """``:smoothing:``: the label smoothing epsilon, 0 to 1 in steps of 0.01."""
    return _on_grid(argument, "smoothing", 0.0, 1.0, SMOOTHING_STEP)


def temperature_value(argument: str | None) -> float:
    """``:temperature:``: T, 0.05 to 5 in steps of 0.05."""
    return _on_grid(argument, "temperature", T_MIN, T_MAX, T_STEP)


def mode_value(argument: str | None) -> str:
    """``:mode:``: ``multiclass`` or ``multilabel``."""
    return directives.choice((argument or "").strip(), MODES)


class LossPlaygroundDirective(SphinxDirective):
    """Render an interactive softmax / sigmoid / loss panel."""

    has_content = False
    required_arguments = 0
    optional_arguments = 0
    option_spec: ClassVar[dict[str, Any]] = {
        "classes": class_names,
        "logits": logit_values,
        "target": directives.unchanged,
        "mode": mode_value,
        "smoothing": smoothing_value,
        "temperature": temperature_value,
    }

    def run(self) -> list[nodes.Node]:
        try:
            config = self.checked_config()
        except ValueError as error:
            msg = f"loss-playground: {error}"
            raise self.error(msg) from None
        node = loss_playground()
        node["config"] = config
        node["html_id"] = f"loss-playground-{self.env.new_serialno('loss-playground')}"
        self.set_source_info(node)
        return [node]

    def checked_config(self) -> dict[str, Any]:
        """The options, defaults filled in and checked against one another."""
        names = self.options.get("classes")
        logits = self.options.get("logits")
        if names is None:
            names = (
                list(DEFAULT_CLASSES)
                if logits is None
                else [f"class {c}" for c in range(len(logits))]
            )
        if logits is None:
            logits = [2.0, 1.0, 0.1] if len(names) == 3 else [0.0] * len(names)
        if not MIN_CLASSES <= len(logits) <= MAX_CLASSES:
            msg = (
                f"option `logits` expects {MIN_CLASSES} to {MAX_CLASSES} numbers, "
                f"received {len(logits)}"
            )
            raise ValueError(msg)
        if len(logits) != len(names):
            msg = (
                f"options `classes` and `logits` must have the same length, "
                f"received {len(names)} classes and {len(logits)} logits"
            )
            raise ValueError(msg)
        mode = self.options.get("mode", "multiclass")
        target = self.target_indices(names, mode)
        return {
            "classes": names,
            "logits": logits,
            "mode": mode,
            "target": target,
            "smoothing": self.options.get("smoothing", 0.0),
            "temperature": self.options.get("temperature", 1.0),
        }

    def target_indices(self, names: list[str], mode: str) -> list[int]:
        """``:target:`` as a list of class indices (one for ``multiclass``).

        A class is given by its index (0 to C-1) or by its name. In
        ``multilabel`` mode the option lists the present classes, or reads
        ``none``.
        """
        argument = self.options.get("target", "0").strip()
        if mode == "multilabel" and argument.lower() == "none":
            return []
        items = _items(argument, "target")
        indices = []
        for item in items:
            if item in names:
                indices.append(names.index(item))
            elif item.isdigit() and int(item) < len(names):
                indices.append(int(item))
            else:
                msg = (
                    f"option `target` expects class indices 0 to {len(names) - 1} "
                    f"or class names ({', '.join(names)}), received {item!r}"
                )
                raise ValueError(msg)
        if mode == "multiclass" and len(indices) != 1:
            msg = (
                "option `target` expects one class in `multiclass` mode (use "
                f"`:mode: multilabel` for several), received {argument!r}"
            )
            raise ValueError(msg)
        if len(set(indices)) != len(indices):
            msg = f"option `target` lists a class twice: {argument!r}"
            raise ValueError(msg)
        return sorted(indices)


# -- HTML --------------------------------------------------------------------------------


def _slider(
    uid: str, name: str, label: str, value: float, low: float, high: float, step: float
) -> str:
    return (
        f'<div class="lp-knob"><label for="{uid}-{name}">{label}</label>'
        f'<input type="range" id="{uid}-{name}" data-knob="{name}" '
        f'min="{low:g}" max="{high:g}" step="{step:g}" value="{value!r}">'
        f'<output for="{uid}-{name}" class="lp-number" data-quantity="{name}" '
        f'data-value="{value!r}">{value:g}</output></div>'
    )


def _bars(uid: str, quantity: str, title: str, note: str, names: list[str]) -> str:
    rows = "".join(
        f'<li class="lp-bar-row"><span class="lp-bar-name">{html.escape(name)}</span>'
        f'<span class="lp-bar-track" aria-hidden="true"><span class="lp-bar" '
        f'data-bar="{quantity}" data-class="{c}"></span></span>'
        f'<output class="lp-number" data-quantity="{quantity}" data-class="{c}">'
        f"</output></li>"
        for c, name in enumerate(names)
    )
    signed = " lp-signed" if quantity == "gradient" else ""
    return (
        # A labelled group, not a section or a heading: a panel sits at any
        # depth of a page, and several panels on one page would repeat landmarks.
        f'<div role="group" class="lp-group{signed}" '
        f'aria-labelledby="{uid}-{quantity}-title">'
        f'<p class="lp-group-title" id="{uid}-{quantity}-title">{title}</p>'
        f'<p class="lp-note" data-note="{quantity}">{note}</p>'
        f'<ol class="lp-bars" start="0">{rows}</ol></div>'
    )


def render(uid: str, config: dict[str, Any]) -> str:
    """The panel's HTML: controls from the options, empty outputs for the script."""
    names = config["classes"]
    mode = config["mode"]
    target = set(config["target"])
    data = html.escape(json.dumps(config), quote=True)
    modes = "".join(
        f'<label class="lp-choice"><input type="radio" name="{uid}-mode" '
        f'value="{value}"{" checked" if value == mode else ""}> {text}</label>'
        for value, text in (
            ("multiclass", "Multi-class: one class, softmax"),
            ("multilabel", "Multi-label: any classes, a sigmoid per class"),
        )
    )
    logit_rows = []
    for c, (name, z) in enumerate(zip(names, config["logits"], strict=True)):
        label = f"Logit z{c} of {html.escape(name)}"
        slider_z = min(max(z, -SLIDER_LIMIT), SLIDER_LIMIT)
        logit_rows.append(
            f'<div class="lp-logit">'
            f'<button type="button" class="lp-target" data-class="{c}" '
            f'aria-pressed="{"true" if c in target else "false"}" '
            f'aria-describedby="{uid}-target-help">{html.escape(name)}</button>'
            f'<span class="lp-symbol" aria-hidden="true"><var>z</var>'
            f"<sub>{c}</sub></span>"
            f'<input type="range" class="lp-range" data-class="{c}" '
            f'aria-label="{label}, slider" min="{-SLIDER_LIMIT:g}" '
            f'max="{SLIDER_LIMIT:g}" step="{LOGIT_STEP:g}" value="{slider_z!r}">'
            f'<input type="number" class="lp-typed" data-class="{c}" '
            f'aria-label="{label}, typed" min="{-LOGIT_LIMIT:g}" '
            f'max="{LOGIT_LIMIT:g}" step="any" inputmode="decimal" value="{z!r}">'
            f"</div>"
        )
    knobs = _slider(
        uid,
        "temperature",
        "Temperature <var>T</var>",
        config["temperature"],
        T_MIN,
        T_MAX,
        T_STEP,
    ) + _slider(
        uid,
        "smoothing",
        "Label smoothing <var>ε</var>",
        config["smoothing"],
        0.0,
        1.0,
        SMOOTHING_STEP,
    )
    groups = "".join(
        (
            _bars(
                uid,
                "softmax",
                "Softmax <var>p</var> = softmax(<var>z</var>/<var>T</var>)",
                "One distribution over the classes: the bars sum to 1.",
                names,
            ),
            _bars(
                uid,
                "sigmoid",
                "Sigmoid &sigma;(<var>z<sub>c</sub></var>/<var>T</var>)",
                "One independent yes/no probability per class.",
                names,
            ),
            _bars(uid, "target", "Target <var>y</var>", "", names),
            _bars(
                uid, "gradient", "Gradient <var>p</var> &minus; <var>y</var>", "", names
            ),
        )
    )
    return (
        f'<div class="loss-playground" id="{uid}" data-config="{data}">'
        f'<form class="lp-form">'
        f'<fieldset class="lp-mode"><legend>Task</legend>{modes}</fieldset>'
        f'<fieldset class="lp-logits"><legend>Logits <var>z</var> and target</legend>'
        f'<p class="lp-help" id="{uid}-target-help" data-help="target">'
        f"{TARGET_HELP[mode]}</p>"
        f"{''.join(logit_rows)}"
        f'<p class="lp-help">Sliders span {-SLIDER_LIMIT:g} to {SLIDER_LIMIT:g} '
        f"(arrow keys: steps of {LOGIT_STEP:g}); type a value from "
        f"{-LOGIT_LIMIT:g} to {LOGIT_LIMIT:g} in the box.</p>"
        f"</fieldset>"
        f'<fieldset class="lp-knobs"><legend>Options</legend>{knobs}'
        f'<p class="lp-help">The temperature divides every logit, '
        f"<var>u</var> = <var>z</var>/<var>T</var>, before the softmax and the "
        f"sigmoid. Label smoothing changes the cross-entropy target only.</p>"
        f"</fieldset></form>"
        f'<div class="lp-losses" aria-live="polite">'
        f'<p class="lp-loss"><span class="lp-loss-name">Cross-entropy</span> '
        f'<output class="lp-number lp-big" data-quantity="cross_entropy"></output>'
        f'<span class="lp-note" data-note="cross_entropy"></span></p>'
        f'<p class="lp-loss"><span class="lp-loss-name">BCE with logits</span> '
        f'<output class="lp-number lp-big" data-quantity="bce_with_logits"></output>'
        f'<span class="lp-note" data-note="bce_with_logits"></span></p>'
        f"</div>"
        f'<div class="lp-groups">{groups}</div>'
        f'<noscript><p class="lp-help">The playground computes in your browser: '
        f"turn on JavaScript to see the probabilities and the losses.</p></noscript>"
        f"</div>"
    )


def visit_html(self: Any, node: loss_playground) -> None:
    self.body.append(render(node["html_id"], node["config"]))
    raise nodes.SkipNode


def skip(self: Any, node: loss_playground) -> None:  # noqa: ARG001
    """Other builders (LaTeX, text, ...) leave the interactive panel out."""
    raise nodes.SkipNode


def add_assets(
    app: Sphinx,
    pagename: str,  # noqa: ARG001 (the event's signature)
    templatename: str,  # noqa: ARG001
    context: dict[str, Any],  # noqa: ARG001
    doctree: nodes.document | None,
) -> None:
    """Load the script and the style sheet on the pages with a playground only."""
    if app.builder.format != "html":
        return
    if app.registry.html_assets_policy == "always" or (
        doctree is not None and any(doctree.findall(loss_playground))
    ):
        app.add_css_file(CSS_FILE)
        app.add_js_file(JS_FILE, loading_method="defer")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(
        loss_playground,
        html=(visit_html, None),
        latex=(skip, None),
        text=(skip, None),
        man=(skip, None),
        texinfo=(skip, None),
    )
    app.add_directive("loss-playground", LossPlaygroundDirective)
    app.connect("html-page-context", add_assets)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
