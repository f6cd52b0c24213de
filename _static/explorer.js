// Convolution explorer: output size, parameter count and a drawing of the window positions.
// Self-contained: no libraries, no network requests. The formula matches
// cnnlib.functional.conv_output_size: floor((W - F + 2P) / S) + 1.
(function () {
  "use strict";
  function outputSize(w, f, s, p) {
    if (s < 1) return { error: "stride must be at least 1" };
    if (p < 0) return { error: "padding must be at least 0" };
    if (f > w + 2 * p) return { error: "the " + f + "x" + f + " filter does not fit in the padded input (" + (w + 2 * p) + " wide)" };
    const exact = (w - f + 2 * p) / s + 1;
    return { size: Math.floor((w - f + 2 * p) / s) + 1, exact: exact };
  }
  function read(id) { return parseInt(document.getElementById(id).value, 10); }
  function draw(canvas, w, f, s, p, n) {
    const ctx = canvas.getContext("2d");
    const total = w + 2 * p;
    const cell = Math.max(4, Math.floor(Math.min(360 / total, 24)));
    canvas.width = total * cell + 2;
    canvas.height = total * cell + 2;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    for (let r = 0; r < total; r++) {
      for (let c = 0; c < total; c++) {
        const padded = r < p || c < p || r >= p + w || c >= p + w;
        ctx.fillStyle = padded ? "#eeeeee" : "#ffffff";
        ctx.fillRect(1 + c * cell, 1 + r * cell, cell, cell);
        ctx.strokeStyle = "#bbbbbb";
        ctx.strokeRect(1 + c * cell, 1 + r * cell, cell, cell);
      }
    }
    const colours = ["rgba(230,120,0,0.45)", "rgba(0,110,200,0.35)", "rgba(0,160,80,0.35)"];
    // the first three window positions along the top row, then the last position
    const positions = [];
    for (let j = 0; j < Math.min(3, n); j++) positions.push([0, j * s]);
    positions.push([(n - 1) * s, (n - 1) * s]);
    positions.forEach(function (pos, k) {
      ctx.fillStyle = k < 3 ? colours[k] : "rgba(200,0,0,0.30)";
      ctx.fillRect(1 + pos[1] * cell, 1 + pos[0] * cell, f * cell, f * cell);
    });
  }
  function update() {
    const w = read("cx-input"), f = read("cx-filter"), s = read("cx-stride"), p = read("cx-padding");
    const k = read("cx-filters"), c = read("cx-channels");
    const out = outputSize(w, f, s, p);
    const result = document.getElementById("cx-result");
    if (out.error) {
      result.textContent = "Not possible: " + out.error + ".";
      result.setAttribute("data-size", "");
      return;
    }
    const params = k * (f * f * c + 1);
    const note = Number.isInteger(out.exact) ? "" : " ((W - F + 2P)/S + 1 = " + out.exact.toFixed(2) + ", rounded down: the last partial window is dropped)";
    result.textContent = "Output: " + out.size + " x " + out.size + " x " + k + note +
      ". Parameters: " + k + " x (" + f + "*" + f + "*" + c + " + 1) = " + params.toLocaleString("en-US") + ".";
    result.setAttribute("data-size", String(out.size));
    result.setAttribute("data-params", String(params));
    draw(document.getElementById("cx-canvas"), w, f, s, p, out.size);
  }
  function init() {
    // Jupyter Book loads every script in _static on every page: do nothing elsewhere.
    if (!document.getElementById("cx-input")) return;
    ["cx-input", "cx-filter", "cx-stride", "cx-padding", "cx-filters", "cx-channels"].forEach(function (id) {
      document.getElementById(id).addEventListener("input", update);
    });
    update();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
