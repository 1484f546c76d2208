// Progressive enhancement for forms; everything works without it.
// 1. The error summary or a confirmation carries `autofocus`, which browsers skip
//    when the address has a #fragment: focus it here in that case.
// 2. A link in the error summary focuses its field and scrolls the field's label
//    or legend into view with it, so the question is seen with the box.
const target = document.querySelector("[data-autofocus]");
if (target && (!document.activeElement || document.activeElement === document.body)) {
  target.focus();
}

document.querySelectorAll(".error-summary").forEach((summary) => {
  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    const field = link && document.getElementById(link.hash.slice(1));
    if (!field) {
      return;
    }
    event.preventDefault();
    const inGroup = field.type === "radio" || field.type === "checkbox";
    const legend = inGroup && field.closest("fieldset")?.querySelector("legend");
    const label = field.id && document.querySelector(`label[for="${field.id}"]`);
    (legend || label || field).scrollIntoView();
    field.focus({ preventScroll: true });
  });
});
