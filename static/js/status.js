/* Live status on the case page (progressive enhancement: the page works without it).
 * Polls GET /saker/<id>/status.json; when its "signature" changes (status, a fetch, a decision), the
 * page is fetched again and each [data-live-id] section is swapped in place, unless the caseworker
 * is typing in it (then a notice asks them to reload). Announces the new status politely. */
(function () {
  "use strict";
  var root = document.getElementById("sak");
  if (!root || !window.fetch || !window.DOMParser) { return; }
  var url = root.getAttribute("data-status-url");
  var signature = root.getAttribute("data-signature");
  var notice = document.getElementById("live-melding");
  var delay = root.hasAttribute("data-live") ? 4000 : 15000;
  var maxDelay = 60000;
  var timer = null;

  function changed(field) {
    if (field.type === "checkbox" || field.type === "radio") { return field.checked !== field.defaultChecked; }
    if (field.tagName === "SELECT") {
      var initial = 0;
      for (var i = 0; i < field.options.length; i++) { if (field.options[i].defaultSelected) { initial = i; } }
      return field.selectedIndex !== initial;
    }
    return field.value !== field.defaultValue;
  }

  function isBusy(section) {
    if (section.contains(document.activeElement) && document.activeElement !== document.body) { return true; }
    var fields = section.querySelectorAll("textarea, input:not([type=hidden]), select");
    for (var i = 0; i < fields.length; i++) { if (changed(fields[i])) { return true; } }
    return false;
  }

  function swapSections(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    var skipped = false;
    document.querySelectorAll("[data-live-id]").forEach(function (section) {
      var replacement = fresh.querySelector('[data-live-id="' + section.getAttribute("data-live-id") + '"]');
      if (!replacement) { return; }
      if (isBusy(section)) { skipped = true; return; }
      section.innerHTML = replacement.innerHTML;
    });
    var freshRoot = fresh.getElementById("sak");
    if (freshRoot) {
      if (freshRoot.hasAttribute("data-live")) { root.setAttribute("data-live", ""); } else { root.removeAttribute("data-live"); }
    }
    var title = fresh.querySelector("title");
    if (title) { document.title = title.textContent; }
    return skipped;
  }

  function announce(text) { if (notice) { notice.textContent = text; } }

  function schedule() {
    if (timer) { window.clearTimeout(timer); }
    timer = window.setTimeout(poll, delay);
  }

  function poll() {
    if (document.hidden) { schedule(); return; }
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.json();
      })
      .then(function (data) {
        if (data.signature === signature) {
          delay = Math.min(delay * 1.5, maxDelay);
          return null;
        }
        signature = data.signature;
        delay = 4000;
        return fetch(window.location.pathname, { credentials: "same-origin" })
          .then(function (response) { return response.text(); })
          .then(function (html) {
            var skipped = swapSections(html);
            announce("Saken er oppdatert: " + data.label + "." +
              (skipped ? " Last inn siden på nytt for å se alt (du har ulagrede endringer i et skjema)." : ""));
          });
      })
      .catch(function () { delay = Math.min(delay * 2, maxDelay); })
      .then(schedule);
  }

  document.addEventListener("visibilitychange", function () { if (!document.hidden) { delay = 4000; schedule(); } });
  schedule();
}());
