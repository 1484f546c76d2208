// Scanning a resident's check-in code with the phone's camera, where the
// browser can read QR codes (BarcodeDetector). Without it, or without a
// camera, the organizer types the code: the form works the same.
(function () {
  "use strict";
  var form = document.querySelector("form[data-check-in-code]");
  if (!form || !("BarcodeDetector" in window) || !navigator.mediaDevices) {
    return;
  }
  var button = form.querySelector("[data-scan]");
  var video = form.querySelector("[data-scan-video]");
  var status = form.querySelector("[data-scan-status]");
  var input = form.querySelector("input[name=code]");
  button.hidden = false;
  button.addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        return video.play().then(function () {
          var timer = window.setInterval(function () {
            detector.detect(video).then(function (codes) {
              if (!codes.length) {
                return;
              }
              window.clearInterval(timer);
              stream.getTracks().forEach(function (track) {
                track.stop();
              });
              input.value = codes[0].rawValue;
              form.submit();
            });
          }, 250);
        });
      })
      .catch(function () {
        status.textContent = button.dataset.failed || "";
        input.focus();
      });
  });
})();
