// One-click acknowledgement: a browser that opens the link submits the form
// for the reader. Mail scanners that fetch the page without running scripts
// record nothing, and without JavaScript the button still works.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-autosubmit]");
  if (!form || document.visibilityState === "hidden") {
    return;
  }
  var button = form.querySelector("button");
  if (button) {
    button.disabled = true;
  }
  form.submit();
});
