// Sliders and play buttons of the precomputed figure sets (no server, no network).
document.querySelectorAll("figure.frames").forEach(function (fig) {
  var values = JSON.parse(fig.dataset.values);
  var imgs = fig.querySelectorAll(".frame-stack img");
  var range = fig.querySelector("input[type=range]");
  var out = fig.querySelector("output");
  var play = fig.querySelector("button.play");
  var timer = null;
  function show(i) {
    imgs.forEach(function (img, j) { img.hidden = j !== i; });
    range.value = i;
    out.innerHTML = values[i];
  }
  range.addEventListener("input", function () { show(Number(range.value)); });
  if (play) {
    play.addEventListener("click", function () {
      if (timer) {
        clearInterval(timer); timer = null; play.innerHTML = "&#9654; play";
        return;
      }
      if (Number(range.value) === imgs.length - 1) { show(0); }
      play.innerHTML = "&#10074;&#10074; pause";
      timer = setInterval(function () {
        var i = Number(range.value) + 1;
        if (i >= imgs.length) {
          clearInterval(timer); timer = null; play.innerHTML = "&#9654; play";
          return;
        }
        show(i);
      }, 600);
    });
  }
});
