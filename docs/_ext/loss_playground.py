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

Every word of the panel is translated with gettext, in a message catalog of
its own, ``loss_playground`` (``docs/locale/<language>/LC_MESSAGES/
loss_playground.po``): its labels, its notes, the texts the script writes
(passed to it in the panel's ``data-messages``) and the class names of every
panel of the site. ``sphinx-build -b gettext`` (run by ``nox -s translations``)
writes the template ``loss_playground.pot`` next to the pages' templates, so
the catalog is updated and checked with theirs.
"""

# The notes are read by people: they keep the script ell, the minus sign and sigma
# of the math beside them.
# ruff: noqa: RUF001

from __future__ import annotations

import gettext
import html
import json
import math
from pathlib import Path
from typing import Any, ClassVar

from babel.messages.extract import extract_from_file
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.builders.gettext import MessageCatalogBuilder, MsgOrigin
from sphinx.config import Config
from sphinx.locale import get_translator, is_translator_registered
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.i18n import CatalogRepository

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

#: The panel's message catalog: ``<locale_dir>/<language>/LC_MESSAGES/<name>.po``.
MESSAGE_CATALOG = "loss_playground"

logger = logging.getLogger(__name__)
#: The messages found missing from the catalog, each warned about once.
_missing: set[str] = set()


def translate(message: str) -> str:
    """``message`` in the language being built, from the panel's catalog.

    A language with a catalog that lacks the message (a ``_()`` the gettext
    build did not extract, a catalog not updated) gets a warning, which fails
    the strict build, rather than an English word on a translated page.
    """
    if not is_translator_registered(MESSAGE_CATALOG):  # no locale_dirs
        return message
    translator = get_translator(MESSAGE_CATALOG)
    # A GNUTranslations holds the messages of the compiled catalog in _catalog;
    # without a catalog (English) the translator is a NullTranslations.
    catalog = getattr(translator, "_catalog", None)
    if (
        isinstance(translator, gettext.GNUTranslations)
        and message not in catalog
        and message not in _missing
    ):
        _missing.add(message)
        logger.warning(
            "loss-playground: %r is not in the catalog %s.po of %s: run "
            "`nox -s translations` and translate it",
            message,
            MESSAGE_CATALOG,
            translator.info().get("language", "this language"),
            type="loss-playground",
            subtype="translation",
        )
    return translator.gettext(message)


#: The same, for a string literal: the gettext build extracts the literal
#: argument of every ``_(...)`` call of this file (not inside an f-string). A
#: text known at run time only (a class name) goes through ``translate``.
_ = translate


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
        # The page is written again when the panel's catalog changes.
        for catalog in compiled_catalogs(self.env.srcdir, self.config):
            self.env.note_dependency(catalog)
        return [node]

    def checked_config(self) -> dict[str, Any]:
        """The options, defaults filled in and checked against one another."""
        names = self.options.get("classes")
        logits = self.options.get("logits")
        # Names made up from the logits ("class 0", ...) are shown translated
        # as a whole ("class {index}"); given names are translated one by one.
        generated = names is None and logits is not None
        if names is None:
            names = (
                [f"class {c}" for c in range(len(logits))]
                if logits is not None
                else list(DEFAULT_CLASSES)
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
            "generated_names": generated,
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


# -- Words -------------------------------------------------------------------------------


def class_labels(config: dict[str, Any]) -> list[str]:
    """The class names as the panel shows them, in the language being built."""
    if config["generated_names"]:
        return [
            _("class {index}").format(index=c) for c in range(len(config["classes"]))
        ]
    return [translate(name) for name in config["classes"]]


def script_messages() -> dict[str, str]:
    """The texts the script writes, translated; ``{name}`` marks a value it fills in.

    Each is a whole sentence, for each case, so that a translation can order
    its words freely.
    """
    return {
        "undefined": _("undefined"),
        "target_help_multiclass": _(
            "Press a class name to make it the one true class."
        ),
        "target_help_multilabel": _("Press a class name to mark it present or absent."),
        "logit_value": _("z{index} = {value} ({name})"),
        "logit_value_beyond": _(
            "z{index} = {value}, beyond the slider's range ({name})"
        ),
        "cross_entropy_multiclass": _(
            "ℓ = −Σ q_c log p_c against the one-hot target q of {name}. One sample: "
            "torch's CrossEntropyLoss (reduction='mean') returns this ℓ."
        ),
        "cross_entropy_multiclass_smoothed": _(
            "ℓ = −Σ q_c log p_c against the one-hot target q of {name}, smoothed to "
            "(1 − ε) q + ε/C. One sample: torch's CrossEntropyLoss "
            "(reduction='mean') returns this ℓ."
        ),
        "cross_entropy_no_class": _(
            "No class is present: the softmax cross-entropy needs at least one."
        ),
        "cross_entropy_multilabel": _(
            "ℓ = −Σ q_c log p_c with q = y / {count}: the softmax has one unit of "
            "probability to share among the present classes."
        ),
        "cross_entropy_multilabel_smoothed": _(
            "ℓ = −Σ q_c log p_c with q = y / {count}, smoothed to (1 − ε) q + ε/C: "
            "the softmax has one unit of probability to share among the present "
            "classes."
        ),
        "bce_with_logits_multiclass": _(
            "The mean over the C = {count} classes of "
            "ℓ_c = −[y_c log σ(u_c) + (1 − y_c) log(1 − σ(u_c))], as torch's "
            "BCEWithLogitsLoss (reduction='mean'), against the one-hot target y. "
            "Label smoothing does not change it."
        ),
        "bce_with_logits_multilabel": _(
            "The mean over the C = {count} classes of "
            "ℓ_c = −[y_c log σ(u_c) + (1 − y_c) log(1 − σ(u_c))], as torch's "
            "BCEWithLogitsLoss (reduction='mean'), against the multi-hot target y. "
            "Label smoothing does not change it."
        ),
        "target_multiclass": _("The cross-entropy target q: one-hot."),
        "target_multiclass_smoothed": _(
            "The cross-entropy target q: one-hot, smoothed to (1 − ε) y + ε/C."
        ),
        "target_multilabel": _("The multi-hot target y: 1 for each present class."),
        "gradient_multiclass": _(
            "∂ℓ/∂u_k = p_k − q_k: the cross-entropy's gradient with respect to the "
            "tempered logits u = z/T (with respect to z_k it is divided by T). "
            "A bar to the left: gradient descent raises that logit."
        ),
        "gradient_multilabel": _(
            "∂ℓ_k/∂u_k = σ(u_k) − y_k: each class's own BCE term, with respect to "
            "its tempered logit u_k = z_k/T (the mean above divides it by C). "
            "A bar to the left: gradient descent raises that logit."
        ),
    }


def _html(message: str, **values: object) -> str:
    """A translated message as HTML: its words escaped, then ``values`` put in.

    The values are HTML already (``<var>T</var>``, an escaped class name).
    """
    return html.escape(message).format(**values)


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


def _bars(uid: str, quantity: str, title: str, note: str, labels: list[str]) -> str:
    rows = "".join(
        f'<li class="lp-bar-row"><span class="lp-bar-name">{html.escape(label)}</span>'
        f'<span class="lp-bar-track" aria-hidden="true"><span class="lp-bar" '
        f'data-bar="{quantity}" data-class="{c}"></span></span>'
        f'<output class="lp-number" data-quantity="{quantity}" data-class="{c}">'
        f"</output></li>"
        for c, label in enumerate(labels)
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
    """The panel's HTML: controls from the options, empty outputs for the script.

    Every word is translated into the language being built; the script gets
    the class names and its own texts translated too, in ``data-config`` and
    ``data-messages``.
    """
    labels = class_labels(config)
    mode = config["mode"]
    target = set(config["target"])
    messages = script_messages()
    browser_config = {
        key: config[key]
        for key in ("logits", "mode", "target", "smoothing", "temperature")
    } | {"classes": labels}
    data = html.escape(json.dumps(browser_config), quote=True)
    data_messages = html.escape(json.dumps(messages), quote=True)
    modes = "".join(
        f'<label class="lp-choice"><input type="radio" name="{uid}-mode" '
        f'value="{value}"{" checked" if value == mode else ""}> '
        f"{html.escape(text)}</label>"
        for value, text in (
            ("multiclass", _("Multi-class: one class, softmax")),
            ("multilabel", _("Multi-label: any classes, a sigmoid per class")),
        )
    )
    logit_rows = []
    for c, (label, z) in enumerate(zip(labels, config["logits"], strict=True)):
        name = html.escape(label)
        slider_z = min(max(z, -SLIDER_LIMIT), SLIDER_LIMIT)
        slider_name = _html(_("Logit z{index} of {name}, slider"), index=c, name=name)
        typed_name = _html(_("Logit z{index} of {name}, typed"), index=c, name=name)
        logit_rows.append(
            f'<div class="lp-logit">'
            f'<button type="button" class="lp-target" data-class="{c}" '
            f'aria-pressed="{"true" if c in target else "false"}" '
            f'aria-describedby="{uid}-target-help">{name}</button>'
            f'<span class="lp-symbol" aria-hidden="true"><var>z</var>'
            f"<sub>{c}</sub></span>"
            f'<input type="range" class="lp-range" data-class="{c}" '
            f'aria-label="{slider_name}" min="{-SLIDER_LIMIT:g}" '
            f'max="{SLIDER_LIMIT:g}" step="{LOGIT_STEP:g}" value="{slider_z!r}">'
            f'<input type="number" class="lp-typed" data-class="{c}" '
            f'aria-label="{typed_name}" min="{-LOGIT_LIMIT:g}" '
            f'max="{LOGIT_LIMIT:g}" step="any" inputmode="decimal" value="{z!r}">'
            f"</div>"
        )
    knobs = _slider(
        uid,
        "temperature",
        _html(_("Temperature {T}"), T="<var>T</var>"),
        config["temperature"],
        T_MIN,
        T_MAX,
        T_STEP,
    ) + _slider(
        uid,
        "smoothing",
        _html(_("Label smoothing {epsilon}"), epsilon="<var>ε</var>"),
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
                _html(
                    _("Softmax {formula}"),
                    formula="<var>p</var> = softmax(<var>z</var>/<var>T</var>)",
                ),
                _html(_("One distribution over the classes: the bars sum to 1.")),
                labels,
            ),
            _bars(
                uid,
                "sigmoid",
                _html(
                    _("Sigmoid {formula}"),
                    formula="&sigma;(<var>z<sub>c</sub></var>/<var>T</var>)",
                ),
                _html(_("One independent yes/no probability per class.")),
                labels,
            ),
            _bars(uid, "target", _html(_("Target {y}"), y="<var>y</var>"), "", labels),
            _bars(
                uid,
                "gradient",
                _html(
                    _("Gradient {formula}"),
                    formula="<var>p</var> &minus; <var>y</var>",
                ),
                "",
                labels,
            ),
        )
    )
    # The messages are translated out here: a _() inside an f-string is not
    # extracted into the template.
    task = _html(_("Task"))
    logits_legend = _html(_("Logits {z} and target"), z="<var>z</var>")
    options = _html(_("Options"))
    cross_entropy = _html(_("Cross-entropy"))
    bce_with_logits = _html(_("BCE with logits"))
    slider_help = _html(
        _(
            "Sliders span {low} to {high} (arrow keys: steps of {step}); type a "
            "value from {min} to {max} in the box."
        ),
        low=f"{-SLIDER_LIMIT:g}",
        high=f"{SLIDER_LIMIT:g}",
        step=f"{LOGIT_STEP:g}",
        min=f"{-LOGIT_LIMIT:g}",
        max=f"{LOGIT_LIMIT:g}",
    )
    knob_help = _html(
        _(
            "The temperature divides every logit, {formula}, before the softmax and "
            "the sigmoid. Label smoothing changes the cross-entropy target only."
        ),
        formula="<var>u</var> = <var>z</var>/<var>T</var>",
    )
    no_script = _html(
        _(
            "The playground computes in your browser: turn on JavaScript to see the "
            "probabilities and the losses."
        )
    )
    return (
        f'<div class="loss-playground" id="{uid}" data-config="{data}" '
        f'data-messages="{data_messages}">'
        f'<form class="lp-form">'
        f'<fieldset class="lp-mode"><legend>{task}</legend>{modes}'
        f"</fieldset>"
        f'<fieldset class="lp-logits"><legend>{logits_legend}</legend>'
        f'<p class="lp-help" id="{uid}-target-help" data-help="target">'
        f"{html.escape(messages[f'target_help_{mode}'])}</p>"
        f"{''.join(logit_rows)}"
        f'<p class="lp-help">{slider_help}</p>'
        f"</fieldset>"
        f'<fieldset class="lp-knobs"><legend>{options}</legend>{knobs}'
        f'<p class="lp-help">{knob_help}</p>'
        f"</fieldset></form>"
        f'<div class="lp-losses" aria-live="polite">'
        f'<p class="lp-loss"><span class="lp-loss-name">'
        f"{cross_entropy}</span> "
        f'<output class="lp-number lp-big" data-quantity="cross_entropy"></output>'
        f'<span class="lp-note" data-note="cross_entropy"></span></p>'
        f'<p class="lp-loss"><span class="lp-loss-name">'
        f"{bce_with_logits}</span> "
        f'<output class="lp-number lp-big" data-quantity="bce_with_logits"></output>'
        f'<span class="lp-note" data-note="bce_with_logits"></span></p>'
        f"</div>"
        f'<div class="lp-groups">{groups}</div>'
        f'<noscript><p class="lp-help">{no_script}</p></noscript>'
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


# -- Translation -------------------------------------------------------------------------


def compiled_catalogs(srcdir: Path, config: Config) -> list[Path]:
    """The panel's compiled catalogs (``.mo``) of the language being built."""
    if not config.language:
        return []
    paths = (
        srcdir / locale_dir / config.language / "LC_MESSAGES" / f"{MESSAGE_CATALOG}.mo"
        for locale_dir in config.locale_dirs
    )
    return [path for path in paths if path.exists()]


def load_catalog(app: Sphinx, config: Config) -> None:
    """Compile the panel's catalog of the language being built, if it changed; load it.

    Sphinx compiles the pages' catalogs itself, but only after the extensions
    are set up, so this one is compiled here, the way Sphinx compiles its own
    ``sphinx.po``. A language without a catalog shows the English messages.
    """
    repo = CatalogRepository(
        app.srcdir, config.locale_dirs, config.language, config.source_encoding
    )
    for catalog in repo.catalogs:
        if catalog.domain == MESSAGE_CATALOG and catalog.is_outdated():
            catalog.write_mo(config.language, config.gettext_allow_fuzzy_translations)
    for locale_dir in config.locale_dirs:
        app.add_message_catalog(MESSAGE_CATALOG, app.srcdir / locale_dir)


def extract_messages(app: Sphinx) -> None:
    """On ``-b gettext``: the ``_(...)`` messages of this file go to the template."""
    if not isinstance(app.builder, MessageCatalogBuilder):
        return
    messages = app.builder.catalogs[MESSAGE_CATALOG]
    for line, message, _comments, _context in extract_from_file(
        "python", __file__, keywords={"_": None}
    ):
        if not isinstance(message, str):
            msg = (
                f"{__file__}:{line}: _() takes one string literal, received {message!r}"
            )
            raise TypeError(msg)
        messages.add(message, MsgOrigin(__file__, line))


def extract_class_names(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """On ``-b gettext``: the class names of each panel of the page go to the template.

    The gettext builder resolves (and so passes here) every page of the site.
    """
    if not isinstance(app.builder, MessageCatalogBuilder):
        return
    messages = app.builder.catalogs[MESSAGE_CATALOG]
    source = str(app.env.doc2path(docname))
    for node in doctree.findall(loss_playground):
        if not node["config"]["generated_names"]:
            for name in node["config"]["classes"]:
                messages.add(name, MsgOrigin(source, node.line or 0))


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
    app.connect("config-inited", load_catalog)
    app.connect("builder-inited", extract_messages)
    app.connect("doctree-resolved", extract_class_names)
    app.connect("html-page-context", add_assets)
    return {
        "version": "1.1",
        # The pickled panels changed (their config has "generated_names"): a
        # new env_version makes Sphinx read every page again.
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
