/* The staff menu folds behind one button on narrow screens; without this file it stays open. */
(function () {
  "use strict";
  var button = document.querySelector(".menu-button");
  var bar = button && button.closest(".bar");
  if (!bar) { return; }
  bar.classList.add("foldable");
  button.hidden = false;
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    bar.classList.toggle("unfolded", open);
  });
}());
