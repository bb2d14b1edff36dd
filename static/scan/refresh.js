/* Live pages (attendance dashboard, badge progress): refresh the region [data-auto-refresh]
   every N seconds by fetching this page again, with a button to pause (WCAG 2.2.1). Without
   JavaScript the page offers a refresh link instead. */
(function () {
  'use strict';
  var region = document.querySelector('[data-auto-refresh]');
  if (!region) { return; }
  var seconds = Number(region.dataset.autoRefresh) || 30;
  var toggle = document.getElementById('auto-refresh-toggle');
  var running = true;
  function update() {
    if (!running || region.dataset.final === 'yes') { return; }
    fetch(window.location.href, {credentials: 'same-origin', headers: {'Accept': 'text/html'}})
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var fresh = new DOMParser().parseFromString(html, 'text/html').querySelector('[data-auto-refresh]');
        if (fresh) {
          region.innerHTML = fresh.innerHTML;
          region.dataset.final = fresh.dataset.final || '';
        }
      })
      .catch(function () { /* offline for a moment: try again next time */ });
  }
  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener('click', function () {
      running = !running;
      toggle.textContent = running ? toggle.dataset.pause : toggle.dataset.resume;
      toggle.setAttribute('aria-pressed', running ? 'false' : 'true');
    });
  }
  setInterval(update, seconds * 1000);
}());
