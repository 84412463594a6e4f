/* The phone pages' use of the browser's location (WGS-84): "near me" on the activity list, and the
   optional position sent with a QR check-in or check-out. No inline script: the CSP forbids it. */
(function () {
  "use strict";

  var OPTIONS = { enableHighAccuracy: true, timeout: 8000, maximumAge: 60000 };

  function nearMe(button) {
    var status = document.getElementById("near-me-status");
    function say(text) { if (status) { status.textContent = text || ""; } }
    button.addEventListener("click", function () {
      if (!navigator.geolocation) { say(button.dataset.unsupported); return; }
      button.disabled = true;
      say(button.dataset.locating);
      navigator.geolocation.getCurrentPosition(function (position) {
        var query = new URLSearchParams({
          latitude: position.coords.latitude.toFixed(6),
          longitude: position.coords.longitude.toFixed(6),
          coordinate_system: "wgs84"
        });
        if (button.dataset.category) { query.set("category", button.dataset.category); }
        window.location.assign(button.dataset.url + "?" + query.toString());
      }, function () {
        button.disabled = false;
        say(button.dataset.denied);
      }, OPTIONS);
    });
  }

  function checkinForm(form) {
    var latitude = form.querySelector("input[name=latitude]");
    var longitude = form.querySelector("input[name=longitude]");
    var button = form.querySelector("button[type=submit]");
    var status = document.getElementById("checkin-status");
    var sent = false;
    function fill(position) {
      latitude.value = position.coords.latitude.toFixed(6);
      longitude.value = position.coords.longitude.toFixed(6);
    }
    if (navigator.geolocation) {
      // Ask at once, so that the position is usually ready by the time the button is pressed.
      navigator.geolocation.getCurrentPosition(fill, function () {}, OPTIONS);
    }
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) { sent = false; button.disabled = false; }  // back from the result page
    });
    form.addEventListener("submit", function (event) {
      if (sent) { event.preventDefault(); return; }  // a double tap sends once (the key guards the server too)
      if (latitude.value || !navigator.geolocation) { sent = true; button.disabled = true; return; }
      event.preventDefault();
      sent = true;
      button.disabled = true;
      if (status && form.dataset.locating) { status.textContent = form.dataset.locating; }
      navigator.geolocation.getCurrentPosition(function (position) {
        fill(position);
        form.submit();
      }, function () {
        form.submit();  // without a position: the server decides whether the activity needs one
      }, OPTIONS);
    });
  }

  function start() {
    var button = document.querySelector("[data-near-me]");
    if (button) { nearMe(button); }
    var form = document.querySelector("form[data-geolocate]");
    if (form) { checkinForm(form); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
