// Buttons marked data-print open the browser's print dialog. A static file rather
// than an onclick attribute, because the Content-Security-Policy forbids inline code.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
