// The console's one script: the signature canvas of the proof-of-delivery page.
// Draws with a finger, pen or mouse (pointer events) and keeps the drawing as a PNG data
// URL in the hidden "signature" field. Without it the page still works: the typed name.
(function () {
  "use strict";
  var canvas = document.getElementById("signature-pad");
  var field = document.getElementById("signature-data");
  var clear = document.getElementById("signature-clear");
  if (!canvas || !field || !canvas.getContext) {
    return;
  }
  document.documentElement.classList.add("has-script");
  var ctx = canvas.getContext("2d");
  var drawing = false;
  var drawn = false;
  var last = null;

  function reset() {
    var box = canvas.getBoundingClientRect();
    var ratio = window.devicePixelRatio || 1;
    canvas.width = Math.max(1, Math.round(box.width * ratio));
    canvas.height = Math.max(1, Math.round(box.height * ratio));
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, box.width, box.height);
    ctx.lineWidth = 2.5;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.strokeStyle = "#111111";
    ctx.fillStyle = "#111111";
    drawn = false;
    field.value = "";
  }

  function at(e) {
    var box = canvas.getBoundingClientRect();
    return { x: e.clientX - box.left, y: e.clientY - box.top };
  }

  function keep() {
    if (drawn) {
      field.value = canvas.toDataURL("image/png");
    }
  }

  canvas.addEventListener("pointerdown", function (e) {
    e.preventDefault();
    drawing = true;
    last = at(e);
    if (canvas.setPointerCapture) {
      canvas.setPointerCapture(e.pointerId);
    }
    ctx.beginPath();
    ctx.arc(last.x, last.y, 1.2, 0, Math.PI * 2);
    ctx.fill();
    drawn = true;
  });
  canvas.addEventListener("pointermove", function (e) {
    if (!drawing) {
      return;
    }
    e.preventDefault();
    var p = at(e);
    ctx.beginPath();
    ctx.moveTo(last.x, last.y);
    ctx.lineTo(p.x, p.y);
    ctx.stroke();
    last = p;
  });
  function end() {
    if (drawing) {
      drawing = false;
      keep();
    }
  }
  canvas.addEventListener("pointerup", end);
  canvas.addEventListener("pointercancel", end);
  if (clear) {
    clear.addEventListener("click", reset);
  }
  if (canvas.form) {
    canvas.form.addEventListener("submit", keep);
  } else if (field.form) {
    field.form.addEventListener("submit", keep);
  }
  reset();
})();
