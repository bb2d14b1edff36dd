/* festival scanner service worker: keeps the app shell so /scan opens without a network.
   The API is never cached: offline data lives in IndexedDB (see scan.js). */
'use strict';
var CACHE = 'festival-scan-v1';
var SHELL = ['/scan', '/static/scan/scan.js', '/static/scan/scan.css', '/static/scan/vendor/jsQR.js',
  '/static/css/festival.css', '/scan/manifest.webmanifest', '/static/scan/icon.svg'];

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(SHELL); }).then(function () {
    return self.skipWaiting();
  }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n !== CACHE; }).map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener('fetch', function (event) {
  var url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.indexOf('/api/') === 0) {
    return;
  }
  var path = url.pathname;
  if (SHELL.indexOf(path) < 0) { return; }
  // Network first (fresh page and code when online), the cached shell when offline.
  event.respondWith(fetch(event.request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(path, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(path);
  }));
});
