// An invitation link carries its code after "#", which the browser never sends
// to the server, so no log, cache or page holds it: copy it into the form, then
// take it out of the address bar and history. Without JavaScript the reader
// types the code printed in the invitation.
const codeField = document.querySelector('form.survey-form input[name="code"]');
const linked = /(?:^#|&)code=([A-Za-z0-9-]{1,20})(?:&|$)/.exec(window.location.hash);
if (codeField && linked) {
  if (!codeField.value) {
    codeField.value = linked[1];
  }
  window.history.replaceState(null, "", window.location.pathname + window.location.search);
}
