// Convolution explorer: output size, parameter count and a drawing of the window positions.
// Self-contained: no libraries, no network requests. The formula matches
// cnnlib.functional.conv_output_size: floor((W - F + 2P) / S) + 1.
(function () {
  "use strict";
  // every field: its label in messages, and the whole numbers it accepts
  const FIELDS = {
    "cx-input": { name: "input size W", min: 1, max: 256 },
    "cx-filter": { name: "filter size F", min: 1, max: 15 },
    "cx-stride": { name: "stride S", min: 1, max: 8 },
    "cx-padding": { name: "padding P", min: 0, max: 8 },
    "cx-filters": { name: "filters K", min: 1, max: 512 },
    "cx-channels": { name: "input channels C", min: 1, max: 512 },
  };
  const CANVAS_MAX = 360; // pixels: the drawing never grows wider than the text column

  // A field's value as a whole number within its bounds, or an explanation of what is wrong.
  function read(id) {
    const field = FIELDS[id], text = document.getElementById(id).value.trim();
    const range = " (a whole number from " + field.min + " to " + field.max + ")";
    if (text === "") return { error: "enter a value for " + field.name + range };
    if (!/^-?\d+$/.test(text)) return { error: field.name + " must be a whole number" + range + ", not " + text };
    const value = parseInt(text, 10);
    if (value < field.min) return { error: field.name + " must be at least " + field.min + range + ", not " + value };
    if (value > field.max) return { error: field.name + " must be at most " + field.max + range + ", not " + value };
    return { value: value };
  }

  function outputSize(w, f, s, p) {
    if (f > w + 2 * p) {
      return { error: "the " + f + "x" + f + " filter does not fit in the padded input (" + w + " + 2*" + p +
        " = " + (w + 2 * p) + " wide): make the filter smaller or add padding" };
    }
    return { size: Math.floor((w - f + 2 * p) / s) + 1, exact: (w - f + 2 * p) / s + 1 };
  }

  // The window positions drawn: the first three along the top row, then the last position.
  function positions(n, s) {
    const list = [];
    for (let j = 0; j < Math.min(3, n); j++) list.push([0, j * s]);
    if (n > 3 || list.length === 0) list.push([(n - 1) * s, (n - 1) * s]);
    return list;
  }

  function draw(canvas, w, f, s, p, n) {
    const ctx = canvas.getContext("2d");
    const total = w + 2 * p;
    const cell = Math.max(1, Math.min(24, Math.floor((CANVAS_MAX - 2) / total)));
    canvas.width = total * cell + 2;
    canvas.height = total * cell + 2;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    for (let r = 0; r < total; r++) {
      for (let c = 0; c < total; c++) {
        const padded = r < p || c < p || r >= p + w || c >= p + w;
        ctx.fillStyle = padded ? "#9e9e9e" : "#ffffff"; // padding: mid grey, clearly not white
        ctx.fillRect(1 + c * cell, 1 + r * cell, cell, cell);
        if (cell >= 4) {
          ctx.strokeStyle = "#757575";
          ctx.strokeRect(1 + c * cell, 1 + r * cell, cell, cell);
        }
      }
    }
    const colours = ["rgba(230,120,0,0.55)", "rgba(0,110,200,0.45)", "rgba(0,160,80,0.45)"];
    const drawn = positions(n, s);
    drawn.forEach(function (pos, k) {
      const last = k === drawn.length - 1 && (n > 3 || drawn.length === 1);
      ctx.fillStyle = last ? "rgba(200,0,0,0.40)" : colours[k];
      ctx.fillRect(1 + pos[1] * cell, 1 + pos[0] * cell, f * cell, f * cell);
    });
    canvas.hidden = false;
    canvas.setAttribute("aria-label", "The padded input, " + total + " by " + total + " cells" +
      (p > 0 ? " (a border of " + p + " grey padding cells around the " + w + " by " + w + " input)" : "") +
      ", with the " + f + " by " + f + " window at " + drawn.length + " of its " + n * n + " positions: " +
      drawn.map(function (pos) { return "rows " + pos[0] + " to " + (pos[0] + f - 1) + ", columns " + pos[1] +
        " to " + (pos[1] + f - 1); }).join("; ") + ".");
  }

  function fail(result, canvas, message, id) {
    result.textContent = "Not possible: " + message + ".";
    result.setAttribute("data-size", "");
    result.setAttribute("data-params", "");
    result.classList.add("cx-error");
    if (id) document.getElementById(id).setAttribute("aria-invalid", "true");
    canvas.hidden = true; // no stale drawing from the last valid input
    canvas.setAttribute("aria-label", "No drawing: " + message + ".");
  }

  function update() {
    const result = document.getElementById("cx-result"), canvas = document.getElementById("cx-canvas");
    const v = {};
    for (const id of Object.keys(FIELDS)) {
      document.getElementById(id).removeAttribute("aria-invalid");
    }
    for (const id of Object.keys(FIELDS)) {
      const got = read(id);
      if (got.error) return fail(result, canvas, got.error, id);
      v[id] = got.value;
    }
    const w = v["cx-input"], f = v["cx-filter"], s = v["cx-stride"], p = v["cx-padding"];
    const k = v["cx-filters"], c = v["cx-channels"];
    const out = outputSize(w, f, s, p);
    if (out.error) return fail(result, canvas, out.error, "cx-filter");
    const params = k * (f * f * c + 1);
    const note = Number.isInteger(out.exact) ? "" : " ((W - F + 2P)/S + 1 = " + out.exact.toFixed(2) +
      ", rounded down: the last partial window is dropped)";
    result.classList.remove("cx-error");
    result.textContent = "Output: " + out.size + " x " + out.size + " x " + k + note +
      ". Parameters: " + k + " x (" + f + "*" + f + "*" + c + " + 1) = " + params.toLocaleString("en-US") + ".";
    result.setAttribute("data-size", String(out.size));
    result.setAttribute("data-params", String(params));
    draw(canvas, w, f, s, p, out.size);
  }

  function init() {
    // Jupyter Book loads every script in _static on every page: do nothing elsewhere.
    if (!document.getElementById("cx-input")) return;
    Object.keys(FIELDS).forEach(function (id) {
      const input = document.getElementById(id);
      input.min = FIELDS[id].min;
      input.max = FIELDS[id].max;
      input.addEventListener("input", update);
    });
    update();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
