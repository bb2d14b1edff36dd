/* festival scanner: camera QR scanning (BarcodeDetector, else the vendored jsQR), online check-in
   through /api/checkin, and offline check-in: Ed25519 signatures verified with WebCrypto against
   the event's public keys, the ticket list and a queue of scans in IndexedDB, synced when online. */
(function () {
  'use strict';
  var root = document.getElementById('scanner');
  if (!root) { return; }
  var T = JSON.parse(root.dataset.texts || '{}');
  var staffEvents = JSON.parse(root.dataset.events || '[]');
  var csrf = root.dataset.csrf || '';
  var PAYLOAD = /^F1([A-Za-z0-9])\.([A-Za-z0-9_-]{8})\.([A-Za-z0-9_-]{86})$/;
  var REPEAT_MS = 6000;
  var RESUME_MS = 2500;
  var store = window.localStorage;
  var state = {
    token: store.getItem('festival.scan.token') || '',
    event: store.getItem('festival.scan.event') || '',
    checkpoint: store.getItem('festival.scan.checkpoint') || '',
    bundle: null, keys: {}, tickets: new Map(), seen: new Map(), labels: {},
    paused: false, lastPayload: '', lastAt: 0, lastShown: null, syncing: false, stream: null
  };

  function $(id) { return document.getElementById(id); }
  function fmt(text, values) {
    return text.replace(/\{(\w+)\}/g, function (_m, key) { return values[key] === undefined ? '' : values[key]; });
  }
  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }
  function b64url(text) {
    var s = text.replace(/-/g, '+').replace(/_/g, '/');
    while (s.length % 4) { s += '='; }
    var bin = atob(s);
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { out[i] = bin.charCodeAt(i); }
    return out;
  }
  function online() { return navigator.onLine !== false; }
  function localTime(iso) {
    try { return new Date(iso).toLocaleTimeString([], {hour: '2-digit', minute: '2-digit'}); } catch (e) { return iso; }
  }

  /* ------------------------------------------------------------ IndexedDB */
  var dbPromise = null;
  function db() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var request = indexedDB.open('festival-scan', 1);
        request.onupgradeneeded = function () {
          request.result.createObjectStore('bundles');
          request.result.createObjectStore('queue', {keyPath: 'scan_id'});
        };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { reject(request.error); };
      });
    }
    return dbPromise;
  }
  function idb(storeName, mode, work) {
    return db().then(function (conn) {
      return new Promise(function (resolve, reject) {
        var tx = conn.transaction(storeName, mode);
        var request = work(tx.objectStore(storeName));
        tx.oncomplete = function () { resolve(request ? request.result : undefined); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }
  function queueAll() { return idb('queue', 'readonly', function (s) { return s.getAll(); }); }
  function queuePut(item) { return idb('queue', 'readwrite', function (s) { return s.put(item); }); }
  function queueDelete(id) { return idb('queue', 'readwrite', function (s) { return s.delete(id); }); }

  /* ------------------------------------------------------------ API */
  function api(path, options) {
    options = options || {};
    var headers = {'Accept': 'application/json'};
    if (state.token) { headers['Authorization'] = 'Bearer ' + state.token; } else { headers['X-CSRF-Token'] = csrf; }
    if (options.body !== undefined) { headers['Content-Type'] = 'application/json'; }
    var url = path;
    if (!state.token && state.event) { url += (path.indexOf('?') < 0 ? '?' : '&') + 'event=' + encodeURIComponent(state.event); }
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, options.timeout || 6000);
    return fetch(url, {
      method: options.method || 'GET', headers: headers, credentials: 'same-origin', signal: controller.signal,
      body: options.body === undefined ? undefined : JSON.stringify(options.body)
    }).then(function (response) {
      clearTimeout(timer);
      return response.json().catch(function () { return {}; }).then(function (data) {
        return {status: response.status, ok: response.ok, data: data};
      });
    }, function (error) { clearTimeout(timer); error.network = true; throw error; });
  }

  /* ------------------------------------------------------------ the offline bundle */
  function bundleKey() { return state.token ? 'token:' + state.token.slice(0, 12) : 'event:' + state.event; }

  function prepare(bundle) {
    state.bundle = bundle;
    state.tickets = new Map();
    bundle.tickets.forEach(function (t) { state.tickets.set(t.tid, t); });
    state.seen = new Map();
    bundle.tickets.forEach(function (t) {
      (t.checked_in || []).forEach(function (c) { state.seen.set(t.tid + '|' + c[0], c[1]); });
    });
    state.labels = {};
    bundle.checkpoints.forEach(function (c) { state.labels[c.code] = c.label; });
    state.keys = {};
    var imports = bundle.keys.map(function (k) {
      return crypto.subtle.importKey('raw', b64url(k.public_key), {name: 'Ed25519'}, false, ['verify'])
        .then(function (key) { state.keys[k.kid] = key; }, function () { /* no Ed25519 here: online only */ });
    });
    return Promise.all(imports).then(function () { return queueAll(); }).then(function (items) {
      items.forEach(function (item) {
        var m = PAYLOAD.exec(item.payload || '');
        if (m && item.offline_result === 'ok') { state.seen.set(m[2] + '|' + item.checkpoint, item.scanned_at); }
      });
    });
  }

  function loadBundle() {
    return api('/api/checkin/tickets', {timeout: 20000}).then(function (res) {
      if (!res.ok) { var e = new Error('refused'); e.response = res; throw e; }
      return idb('bundles', 'readwrite', function (s) { return s.put(res.data, bundleKey()); }).then(function () { return res.data; });
    }).catch(function (error) {
      if (!error.network) { throw error; }
      return idb('bundles', 'readonly', function (s) { return s.get(bundleKey()); }).then(function (saved) {
        if (!saved) { throw error; }
        return saved;
      });
    }).then(function (bundle) { return prepare(bundle).then(function () { return bundle; }); });
  }

  /* ------------------------------------------------------------ local decision (offline) */
  function decideLocally(payload, checkpoint) {
    var m = PAYLOAD.exec(payload);
    if (!m || !state.keys[m[1]]) { return Promise.resolve({result: 'unknown', attendee: {}}); }
    var signed = new TextEncoder().encode('F1' + m[1] + '.' + m[2]);
    var signature;
    try { signature = b64url(m[3]); } catch (e) { return Promise.resolve({result: 'unknown', attendee: {}}); }
    return crypto.subtle.verify({name: 'Ed25519'}, state.keys[m[1]], signature, signed).then(function (valid) {
      if (!valid) { return {result: 'unknown', attendee: {}}; }
      var ticket = state.tickets.get(m[2]);
      var attendee = ticket ? {name: ticket.name, organisation: ticket.organisation, tid: m[2]} : {tid: m[2]};
      if (ticket && ticket.status === 'cancelled') { return {result: 'cancelled', attendee: attendee}; }
      var point = state.bundle.checkpoints.filter(function (c) { return c.code === checkpoint; })[0];
      if (ticket && point && point.requires_booking && ticket.session_ids.indexOf(Number(checkpoint)) < 0) {
        return {result: 'not_booked', attendee: attendee};
      }
      var first = state.seen.get(m[2] + '|' + checkpoint);
      if (first) {
        return {result: 'already_checked_in', attendee: attendee,
                first_checkin: {at: first, place: state.labels[checkpoint] || checkpoint}};
      }
      return {result: 'ok', attendee: attendee};
    }, function () { return {result: 'unknown', attendee: {}}; });
  }

  /* ------------------------------------------------------------ feedback: sound, vibration, panel */
  var audio = null;
  function beep(kind) {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var tones = kind === 'ok' ? [[880, 0, 0.15]] : kind === 'warn' ? [[520, 0, 0.12], [520, 0.2, 0.12]] : [[220, 0, 0.45]];
      tones.forEach(function (t) {
        var osc = audio.createOscillator();
        var gain = audio.createGain();
        osc.frequency.value = t[0];
        osc.connect(gain); gain.connect(audio.destination);
        gain.gain.value = 0.2;
        osc.start(audio.currentTime + t[1]);
        osc.stop(audio.currentTime + t[1] + t[2]);
      });
    } catch (e) { /* no sound: the panel still shows the result */ }
    if (navigator.vibrate) { navigator.vibrate(kind === 'ok' ? 120 : kind === 'warn' ? [100, 80, 100] : [400]); }
  }

  function show(data, meta) {
    var panel = $('scan-result');
    var kind = data.result === 'ok' ? 'ok' : data.result === 'already_checked_in' ? 'warn' : 'bad';
    panel.className = 'scan-result scan-result-' + kind;
    panel.dataset.result = data.result;
    panel.querySelector('.scan-result-icon').textContent = kind === 'ok' ? '\u2714' : kind === 'warn' ? '!' : '\u2716';
    panel.querySelector('.scan-result-title').textContent = T[data.result] || data.result;
    var who = data.attendee || {};
    panel.querySelector('.scan-result-name').textContent = [who.name, who.organisation].filter(Boolean).join(' \u00b7 ');
    var detail = [];
    if (data.first_checkin) {
      detail.push(fmt(T.first, {time: localTime(data.first_checkin.at), place: data.first_checkin.place}));
    }
    if (meta.offline) { detail.push(T.offline_note); }
    if (meta.message) { detail.push(meta.message); }
    panel.querySelector('.scan-result-detail').textContent = detail.join(' ');
    $('scan-undo').hidden = !(data.result === 'ok' && (data.checkin_id || meta.queued));
    state.lastShown = {data: data, meta: meta};
    panel.hidden = false;
    beep(kind);
  }

  function showError(message) {
    show({result: 'unknown', attendee: {}}, {message: message});
  }

  /* ------------------------------------------------------------ scanning */
  function handle(payload) {
    state.paused = true;
    state.lastPayload = payload;
    state.lastAt = Date.now();
    var scan = {payload: payload, checkpoint: state.checkpoint, scan_id: uuid(), scanned_at: new Date().toISOString()};
    var done = online()
      ? api('/api/checkin', {method: 'POST', body: scan}).then(function (res) {
        if (res.ok) {
          if (res.data.result === 'ok') { state.seen.set(((res.data.attendee || {}).tid || '') + '|' + scan.checkpoint, scan.scanned_at); }
          show(res.data, {});
        } else {
          showError((res.data.error || {}).message || T.error);
        }
      }, function () { return offlineScan(scan); })
      : offlineScan(scan);
    done.then(function () { setTimeout(resume, RESUME_MS); }, function () { setTimeout(resume, RESUME_MS); });
  }

  function offlineScan(scan) {
    return decideLocally(scan.payload, scan.checkpoint).then(function (data) {
      scan.offline_result = data.result;
      var m = PAYLOAD.exec(scan.payload);
      if (data.result === 'ok' && m) { state.seen.set(m[2] + '|' + scan.checkpoint, scan.scanned_at); }
      var queued = data.result !== 'unknown';
      var saving = queued ? queuePut(scan) : Promise.resolve();
      return saving.then(function () {
        show(data, {offline: true, queued: queued ? scan.scan_id : null});
        updateStatus();
      });
    });
  }

  function resume() { state.paused = false; }

  var detector = null;
  function tick() {
    var video = $('scan-video');
    if (state.paused || !state.stream || video.readyState < 2) { return Promise.resolve(); }
    if (detector) {
      return detector.detect(video).then(function (codes) {
        if (codes.length) { found(codes[0].rawValue); }
      }, function () {});
    }
    if (typeof window.jsQR !== 'function') { return Promise.resolve(); }
    var canvas = $('scan-canvas');
    var w = video.videoWidth;
    var h = video.videoHeight;
    if (!w || !h) { return Promise.resolve(); }
    canvas.width = w; canvas.height = h;
    var ctx = canvas.getContext('2d', {willReadFrequently: true});
    ctx.drawImage(video, 0, 0, w, h);
    var code = window.jsQR(ctx.getImageData(0, 0, w, h).data, w, h, {inversionAttempts: 'dontInvert'});
    if (code && code.data) { found(code.data); }
    return Promise.resolve();
  }

  function found(text) {
    if (state.paused) { return; }
    if (text === state.lastPayload && Date.now() - state.lastAt < REPEAT_MS) { return; }
    handle(text);
  }

  function loop() {
    tick().then(function () { setTimeout(loop, 150); });
  }

  function startCamera() {
    if ('BarcodeDetector' in window) {
      try { detector = new window.BarcodeDetector({formats: ['qr_code']}); } catch (e) { detector = null; }
    }
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      $('scan-status').textContent = T.no_camera;
      return;
    }
    navigator.mediaDevices.getUserMedia({video: {facingMode: 'environment'}, audio: false}).then(function (stream) {
      state.stream = stream;
      var video = $('scan-video');
      video.srcObject = stream;
      video.play().catch(function () {});
      loop();
    }, function () { showError(T.no_camera); });
  }

  /* ------------------------------------------------------------ sync */
  function updateStatus() {
    return queueAll().then(function (items) {
      var name = state.bundle ? state.bundle.event.name : '';
      var place = state.labels[state.checkpoint] || '';
      var net = online() ? T.online : T.offline;
      var status = $('scan-status');
      status.textContent = [name, place, net, items.length + ' ' + T.pending].filter(Boolean).join(' \u00b7 ');
      status.dataset.pending = String(items.length);
      status.dataset.online = online() ? 'yes' : 'no';
    });
  }

  function addFlag(answer) {
    var li = document.createElement('li');
    var who = (answer.attendee || {}).name || (answer.attendee || {}).tid || '';
    li.textContent = (T[answer.flag] || answer.flag) + ': ' + who;
    $('scan-flags').appendChild(li);
  }

  function sync() {
    if (state.syncing || !online() || !state.bundle) { return Promise.resolve(); }
    state.syncing = true;
    return queueAll().then(function (items) {
      if (!items.length) { return null; }
      return api('/api/checkin/sync', {method: 'POST', body: {scans: items}, timeout: 20000}).then(function (res) {
        if (!res.ok) { return null; }
        var removals = res.data.results.map(function (answer, index) {
          if (answer.flag) { addFlag(answer); }
          if (answer.retry) { return null; }  /* a fault on the server: keep it for the next sync */
          return queueDelete(items[index].scan_id);
        });
        return Promise.all(removals);
      }, function () { return null; });
    }).then(function () {
      state.syncing = false;
      return updateStatus();
    }, function () { state.syncing = false; });
  }

  /* ------------------------------------------------------------ search, undo */
  function search(event) {
    event.preventDefault();
    var q = $('scan-q').value.trim();
    var list = $('scan-search-results');
    list.textContent = '';
    if (q.length < 2) { return; }
    if (!online()) {
      var needle = q.toLowerCase();
      state.bundle.tickets.filter(function (t) { return t.name.toLowerCase().indexOf(needle) >= 0; }).slice(0, 25)
        .forEach(function (t) { list.appendChild(row(t.name, t.organisation, null, false)); });
      if (!list.children.length) { list.appendChild(row(T.no_results, '', null, false)); }
      return;
    }
    api('/api/checkin/search?q=' + encodeURIComponent(q)).then(function (res) {
      (res.data.results || []).forEach(function (r) {
        list.appendChild(row(r.name, [r.organisation, r.email, r.registration_code].filter(Boolean).join(' \u00b7 '),
          r.attendee_id, r.status !== 'cancelled', r.entered));
      });
      if (!list.children.length) { list.appendChild(row(T.no_results, '', null, false)); }
    }, function () { showError(T.error); });
  }

  function row(name, detail, attendeeId, canCheckIn, entered) {
    var li = document.createElement('li');
    var text = document.createElement('span');
    text.textContent = name + (detail ? ' \u2014 ' + detail : '') + (entered ? ' (' + T.entered + ')' : '');
    li.appendChild(text);
    if (attendeeId !== null) {
      var button = document.createElement('button');
      button.type = 'button';
      button.textContent = online() ? T.check_in : T.only_online;
      button.disabled = !canCheckIn || !online();
      button.addEventListener('click', function () {
        api('/api/checkin/manual', {method: 'POST', body: {attendee_id: attendeeId, checkpoint: state.checkpoint, scan_id: uuid()}})
          .then(function (res) { if (res.ok) { show(res.data, {}); } else { showError((res.data.error || {}).message || T.error); } },
            function () { showError(T.error); });
      });
      li.appendChild(button);
    }
    return li;
  }

  function undo() {
    var last = state.lastShown;
    if (!last) { return; }
    var after = function () {
      $('scan-undo').hidden = true;
      $('scan-result').querySelector('.scan-result-detail').textContent = T.undone;
      var tid = (last.data.attendee || {}).tid;
      if (tid) { state.seen.delete(tid + '|' + state.checkpoint); }
      state.lastPayload = '';
      updateStatus();
    };
    if (last.meta.queued) { queueDelete(last.meta.queued).then(after); return; }
    api('/api/checkin/undo', {method: 'POST', body: {checkin_id: last.data.checkin_id}}).then(function (res) {
      if (res.ok) { after(); } else { showError((res.data.error || {}).message || T.error); }
    }, function () { showError(T.error); });
  }

  /* ------------------------------------------------------------ setup */
  function fillCheckpoints() {
    var select = $('scan-checkpoint');
    select.textContent = '';
    state.bundle.checkpoints.forEach(function (c) {
      var option = document.createElement('option');
      option.value = c.code;
      option.textContent = c.label;
      if (c.code === state.checkpoint) { option.selected = true; }
      select.appendChild(option);
    });
    $('checkpoint-box').hidden = false;
    $('setup-message').textContent = fmt(T.loaded, {n: state.bundle.tickets.length});
  }

  function connect(event) {
    if (event) { event.preventDefault(); }
    if ($('scan-token')) {
      state.token = $('scan-token').value.trim() || state.token;
      store.setItem('festival.scan.token', state.token);
    }
    if ($('scan-event')) {
      state.event = $('scan-event').value;
      store.setItem('festival.scan.event', state.event);
    }
    loadBundle().then(fillCheckpoints, function (error) {
      var res = error.response;
      $('setup-message').textContent = res && res.status === 401 ? T.bad_token
        : ((res && res.data.error) || {}).message || T.error;
      if (res && res.status === 401) { store.removeItem('festival.scan.token'); state.token = ''; }
    });
  }

  function start() {
    state.checkpoint = $('scan-checkpoint').value;
    store.setItem('festival.scan.checkpoint', state.checkpoint);
    $('setup').hidden = true;
    $('scan-screen').hidden = false;
    updateStatus();
    if (!state.stream) { startCamera(); }
    sync();
  }

  $('setup-form').addEventListener('submit', connect);
  $('scan-start').addEventListener('click', start);
  $('scan-next').addEventListener('click', function () { $('scan-result').hidden = true; resume(); });
  $('scan-undo').addEventListener('click', undo);
  $('scan-search').addEventListener('submit', search);
  $('scan-sync').addEventListener('click', sync);
  $('scan-change').addEventListener('click', function () { $('scan-screen').hidden = true; $('setup').hidden = false; });
  window.addEventListener('online', function () { updateStatus(); sync(); });
  window.addEventListener('offline', updateStatus);
  setInterval(sync, 10000);

  if (staffEvents.length && state.event && $('scan-event')) { $('scan-event').value = state.event; }
  if (state.token || (staffEvents.length && $('scan-event'))) {
    if ($('scan-token')) { $('scan-token').value = state.token; }
    if (state.token || state.event) { connect(); }
  }
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/scan/sw.js', {scope: '/scan'}).catch(function () {});
  }
  /* The offline check, reachable for bench/bench_scanner_browser.py (and the console). */
  window.festivalScanner = {prepare: prepare, decideLocally: decideLocally};
}());
