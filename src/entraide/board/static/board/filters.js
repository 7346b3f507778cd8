// On a wide screen the board's filters start unfolded (on a phone they stay folded, so the first
// post shows in the first screen). Without JavaScript they are folded unless a filter is set.
(function () {
  var fold = document.querySelector(".board-filter-fold");
  if (fold && window.matchMedia("(min-width: 48rem)").matches) {
    fold.open = true;
  }
})();
