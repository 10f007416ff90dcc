/* Senim web UI: the only script of our own. Sends the page's CSRF token with every htmx request
   (the token is in <meta name="csrf-token">; plain forms carry it as a hidden field). */
(function () {
  "use strict";
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) {
      event.detail.headers["X-CSRF-Token"] = meta.getAttribute("content");
    }
  });
})();
