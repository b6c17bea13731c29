/*
 * Loss playground: the panels written by the `loss-playground` directive
 * (docs/_ext/loss_playground.py) come alive here. Plain JavaScript, no
 * framework, nothing loaded from another host.
 *
 * Every text written here comes translated from the directive, in the panel's
 * data-messages (a template per sentence, "{name}" marking a value to fill in):
 * this file holds no words of its own, only symbols.
 *
 * Every formula is computed the stable way clsloss computes it:
 *   u = z / T                              (the temperature divides the logits)
 *   log p = u - logsumexp(u),  logsumexp(u) = m + log(sum exp(u - m)), m = max u
 *   softplus(x) = max(x, 0) + log1p(exp(-|x|))
 *   -log sigmoid(u) = softplus(-u),  -log(1 - sigmoid(u)) = softplus(u)
 * so no exponential of a large positive number is ever taken.
 */
(function () {
  "use strict";

  // -- The mathematics ------------------------------------------------------------

  function softplus(x) {
    return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  }

  function sigmoid(x) {
    // e = exp(-|x|) lies in (0, 1]: neither branch can overflow.
    var e = Math.exp(-Math.abs(x));
    return x >= 0 ? 1 / (1 + e) : e / (1 + e);
  }

  function logSumExp(u) {
    var m = Math.max.apply(null, u);
    if (!isFinite(m)) {
      m = 0;
    }
    var total = 0;
    for (var i = 0; i < u.length; i++) {
      total += Math.exp(u[i] - m);
    }
    return m + Math.log(total);
  }

  /*
   * Everything the panel shows, for one state:
   *   state.logits (z), state.temperature (T), state.smoothing (epsilon),
   *   state.mode ("multiclass" | "multilabel"), state.present (y, 0/1 per class).
   */
  function compute(state) {
    var C = state.logits.length;
    var eps = state.smoothing;
    var u = state.logits.map(function (z) { return z / state.temperature; });
    var lse = logSumExp(u);
    var logp = u.map(function (v) { return v - lse; });
    var p = logp.map(Math.exp);
    var s = u.map(sigmoid);
    var y = state.present.slice();
    var k = y.reduce(function (a, b) { return a + b; }, 0);

    // Cross-entropy against q: y / k (one-hot when k = 1), smoothed to
    // (1 - eps) q + eps / C. Undefined when no class is present.
    var q = null;
    var ce = NaN;
    if (k > 0) {
      q = y.map(function (v) { return (1 - eps) * v / k + eps / C; });
      ce = 0;
      for (var c = 0; c < C; c++) {
        ce -= q[c] * logp[c];
      }
    }

    // BCE with logits, the mean over the C classes of
    // y softplus(-u) + (1 - y) softplus(u).
    var bce = 0;
    for (var j = 0; j < C; j++) {
      bce += y[j] * softplus(-u[j]) + (1 - y[j]) * softplus(u[j]);
    }
    bce /= C;

    var multiclass = state.mode === "multiclass";
    var target = multiclass ? q : y;
    var gradient = target.map(function (t, i) {
      return (multiclass ? p[i] : s[i]) - t;
    });
    return {
      softmax: p,
      sigmoid: s,
      target: target,
      gradient: gradient,
      cross_entropy: ce,
      bce_with_logits: bce,
    };
  }

  // -- Display ----------------------------------------------------------------------

  // A message with its {placeholders} filled in from `values`.
  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key)
        ? String(values[key])
        : whole;
    });
  }

  // Six significant digits on screen; the full value in data-value.
  function show(output, value, text) {
    if (value === null || isNaN(value)) {
      output.textContent = text.undefined;
      output.setAttribute("data-value", "");
      return;
    }
    output.textContent = value === 0 ? "0" : value.toPrecision(6);
    output.setAttribute("data-value", String(value === 0 ? 0 : value));
  }

  function drawBar(bar, value, signed) {
    var share = Math.min(Math.abs(value), 1) * (signed ? 50 : 100);
    bar.style.width = share + "%";
    if (signed) {
      bar.classList.toggle("lp-negative", value < 0);
      bar.style.left = value < 0 ? 50 - share + "%" : "50%";
    }
  }

  // The notes under the losses and the bars, for one state, from the messages.
  function notes(state, names, text) {
    var multiclass = state.mode === "multiclass";
    var smoothed = state.smoothing > 0 ? "_smoothed" : "";
    var present = names.filter(function (_, c) { return state.present[c] === 1; });
    var ce;
    if (multiclass) {
      ce = format(text["cross_entropy_multiclass" + smoothed], { name: present[0] });
    } else if (present.length === 0) {
      ce = text.cross_entropy_no_class;
    } else {
      ce = format(text["cross_entropy_multilabel" + smoothed], {
        count: present.length,
      });
    }
    return {
      cross_entropy: ce,
      bce_with_logits: format(text["bce_with_logits_" + state.mode], {
        count: names.length,
      }),
      target: multiclass
        ? text["target_multiclass" + smoothed]
        : text.target_multilabel,
      gradient: text["gradient_" + state.mode],
      softmax: null,
      sigmoid: null,
    };
  }

  // -- One panel -------------------------------------------------------------------

  function setUp(panel) {
    var config = JSON.parse(panel.getAttribute("data-config"));
    var text = JSON.parse(panel.getAttribute("data-messages"));
    var names = config.classes;
    var state = {
      logits: config.logits.slice(),
      temperature: config.temperature,
      smoothing: config.smoothing,
      mode: config.mode,
      present: names.map(function (_, c) {
        return config.target.indexOf(c) >= 0 ? 1 : 0;
      }),
    };
    // The class the multi-class mode falls back to when no class is present.
    var lastClass = config.target.length ? config.target[0] : 0;

    var form = panel.querySelector(".lp-form");
    var ranges = panel.querySelectorAll(".lp-range");
    var typed = panel.querySelectorAll(".lp-typed");
    var buttons = panel.querySelectorAll(".lp-target");
    var knobs = panel.querySelectorAll("input[data-knob]");
    var slider = { min: parseFloat(ranges[0].min), max: parseFloat(ranges[0].max) };

    function logitText(c) {
      var z = state.logits[c];
      var beyond = z < slider.min || z > slider.max;
      return format(text[beyond ? "logit_value_beyond" : "logit_value"], {
        index: c,
        value: z,
        name: names[c],
      });
    }

    function knobText(name, value) {
      return name === "temperature" ? "T = " + value : "ε = " + value;
    }

    function update() {
      var result = compute(state);
      var written = notes(state, names, text);
      panel.querySelectorAll("output[data-quantity]").forEach(function (output) {
        var quantity = output.getAttribute("data-quantity");
        var c = output.getAttribute("data-class");
        if (quantity === "temperature" || quantity === "smoothing") {
          output.textContent = String(state[quantity]);
          output.setAttribute("data-value", String(state[quantity]));
        } else if (c === null) {
          show(output, result[quantity], text);
        } else {
          show(output, result[quantity] === null ? null : result[quantity][c], text);
        }
      });
      panel.querySelectorAll(".lp-bar").forEach(function (bar) {
        var quantity = bar.getAttribute("data-bar");
        var values = result[quantity];
        var c = Number(bar.getAttribute("data-class"));
        drawBar(bar, values === null ? 0 : values[c], quantity === "gradient");
      });
      panel.querySelectorAll("[data-note]").forEach(function (note) {
        var content = written[note.getAttribute("data-note")];
        if (content !== null && content !== undefined) {
          note.textContent = content;
        }
      });
      buttons.forEach(function (button, c) {
        button.setAttribute("aria-pressed", state.present[c] ? "true" : "false");
      });
      ranges.forEach(function (range, c) {
        range.setAttribute("aria-valuetext", logitText(c));
      });
      knobs.forEach(function (knob) {
        var name = knob.getAttribute("data-knob");
        knob.setAttribute("aria-valuetext", knobText(name, state[name]));
      });
      panel.querySelector("[data-help=target]").textContent =
        text["target_help_" + state.mode];
    }

    ranges.forEach(function (range, c) {
      range.addEventListener("input", function () {
        state.logits[c] = parseFloat(range.value);
        typed[c].value = String(state.logits[c]);
        typed[c].removeAttribute("aria-invalid");
        update();
      });
    });

    typed.forEach(function (input, c) {
      input.addEventListener("input", function () {
        var z = input.value.trim() === "" ? NaN : Number(input.value);
        var limit = Math.abs(parseFloat(input.max));
        if (isFinite(z) && Math.abs(z) <= limit) {
          input.removeAttribute("aria-invalid");
          state.logits[c] = z;
          ranges[c].value = String(Math.min(Math.max(z, slider.min), slider.max));
          update();
        } else {
          input.setAttribute("aria-invalid", "true");
        }
      });
      input.addEventListener("change", function () {
        // Leaving an invalid box puts the value in use back.
        input.value = String(state.logits[c]);
        input.removeAttribute("aria-invalid");
      });
    });

    buttons.forEach(function (button, c) {
      button.addEventListener("click", function () {
        if (state.mode === "multiclass") {
          state.present = names.map(function (_, k) { return k === c ? 1 : 0; });
          lastClass = c;
        } else {
          state.present[c] = 1 - state.present[c];
        }
        update();
      });
    });

    knobs.forEach(function (knob) {
      knob.addEventListener("input", function () {
        state[knob.getAttribute("data-knob")] = parseFloat(knob.value);
        update();
      });
    });

    form.querySelectorAll("input[type=radio]").forEach(function (radio) {
      radio.addEventListener("change", function () {
        if (!radio.checked) {
          return;
        }
        state.mode = radio.value;
        if (state.mode === "multiclass") {
          // Keep the first present class as the one true class.
          var first = state.present.indexOf(1);
          lastClass = first >= 0 ? first : lastClass;
          state.present = names.map(function (_, k) { return k === lastClass ? 1 : 0; });
        }
        update();
      });
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    update();
  }

  function setUpAll() {
    document.querySelectorAll(".loss-playground").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
