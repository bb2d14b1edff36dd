/* Schedule editor: drag a session block to another room or time, or drag its bottom edge to
   change its length, in 15-minute steps; near an edge of the window (or of the grid's scroll
   box) the page scrolls along, so every row can be reached. Progressive enhancement: without
   this script every session has a "Verplaats" link to its form. With the keyboard, a focused
   block moves with the arrow keys: up and down a quarter of an hour, left and right to the
   next room. Saves through POST .../sessions/{id}/move (JSON, X-CSRF-Token header), then
   reloads the grid fragment, keeps the focus on the block and announces the result, with any
   access needs the new room does not meet (also shown as text in #editor-access). */
(function () {
  "use strict";

  var root = document.getElementById("schedule-editor");
  var body = document.getElementById("schedule-editor-body");
  var status = document.getElementById("editor-status");
  var accessBox = document.getElementById("editor-access");
  var tokenMeta = document.querySelector('meta[name="csrf-token"]');
  if (!root || !body || !status || !tokenMeta || !window.fetch) { return; }

  var SLOT = 15 * 60 * 1000;
  var EDGE = 56; /* px from an edge where a drag starts scrolling */
  var MAX_STEP = 24; /* px per frame, reached at the very edge */
  var csrf = tokenMeta.getAttribute("content");
  var drag = null;
  var frame = 0;
  var saving = false;
  root.classList.add("js-editor");

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : all;
    });
  }

  function announce(text) {
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 30);
  }

  function clock(iso) {
    try {
      return new Date(iso).toLocaleTimeString(root.dataset.lang || "nl", {
        hour: "2-digit", minute: "2-digit", hour12: false, timeZone: root.dataset.tz || undefined
      });
    } catch (error) {
      return iso;
    }
  }

  function cellAt(x, y) {
    var element = document.elementFromPoint(x, y);
    return element ? element.closest("#schedule-editor td[data-slot]") : null;
  }

  /* The start of the 15-minute row under y, inside a cell that may span several rows. */
  function slotAt(cell, y) {
    var rect = cell.getBoundingClientRect();
    var span = parseInt(cell.getAttribute("rowspan") || "1", 10);
    var row = Math.floor((y - rect.top) / (rect.height / span));
    row = Math.max(0, Math.min(span - 1, row));
    return new Date(cell.dataset.slot).getTime() + row * SLOT;
  }

  function rowHeight(block) {
    var cell = block.closest("td[data-slot]");
    if (!cell) { return 0; }
    return cell.getBoundingClientRect().height / parseInt(cell.getAttribute("rowspan") || "1", 10);
  }

  function clearTargets() {
    var marked = root.querySelectorAll("td.drop-target");
    for (var i = 0; i < marked.length; i += 1) { marked[i].classList.remove("drop-target"); }
  }

  function markTarget(x, y) {
    clearTargets();
    var cell = cellAt(x, y);
    if (cell) { cell.classList.add("drop-target"); }
  }

  /* How far to scroll this frame: negative near the low edge, positive near the high one,
     faster the closer the pointer is to the edge. */
  function edgeStep(at, low, high) {
    var zone = Math.min(EDGE, (high - low) / 4);
    if (at < low + zone) { return -Math.ceil(MAX_STEP * Math.min(1, (low + zone - at) / zone)); }
    if (at > high - zone) { return Math.ceil(MAX_STEP * Math.min(1, (at - high + zone) / zone)); }
    return 0;
  }

  /* The grid's own scroll box under the pointer, when it can scroll (wide grids on a phone). */
  function scrollBoxAt(x, y) {
    var element = document.elementFromPoint(x, y);
    var box = element ? element.closest("#schedule-editor .grid-scroll") : null;
    if (!box || (box.scrollWidth <= box.clientWidth && box.scrollHeight <= box.clientHeight)) { return null; }
    return box;
  }

  /* One frame of scrolling while a block is dragged near an edge; runs again as long as the
     pointer stays there and something still scrolls. */
  function autoScroll() {
    frame = 0;
    if (!drag || !drag.moved) { return; }
    var x = drag.lastX, y = drag.lastY, scrolled = false;
    var box = scrollBoxAt(x, y);
    if (box) {
      var rect = box.getBoundingClientRect();
      var left = box.scrollLeft, top = box.scrollTop;
      box.scrollLeft += edgeStep(x, rect.left, rect.right);
      box.scrollTop += edgeStep(y, rect.top, rect.bottom);
      scrolled = box.scrollLeft !== left || box.scrollTop !== top;
    }
    var pageX = window.scrollX, pageY = window.scrollY;
    window.scrollBy(edgeStep(x, 0, document.documentElement.clientWidth),
                    edgeStep(y, 0, document.documentElement.clientHeight));
    scrolled = scrolled || window.scrollX !== pageX || window.scrollY !== pageY;
    if (scrolled) {
      markTarget(x, y);
      frame = window.requestAnimationFrame(autoScroll);
    }
  }

  function onPointerDown(event) {
    if (event.button !== 0) { return; }
    var block = event.target.closest(".session-block");
    if (!block || event.target.closest("a, button, input, select, textarea")) { return; }
    var resize = Boolean(event.target.closest(".resize-handle"));
    if (resize && !block.dataset.startsAt) { return; }
    event.preventDefault();
    var rect = block.getBoundingClientRect();
    var height = rowHeight(block);
    drag = {
      block: block, resize: resize, x: event.clientX, y: event.clientY, moved: false,
      grabRows: height ? Math.floor((event.clientY - rect.top) / height) : 0
    };
    document.addEventListener("pointermove", onPointerMove);
    document.addEventListener("pointerup", onPointerUp);
    document.addEventListener("pointercancel", onPointerCancel);
  }

  function onPointerMove(event) {
    if (!drag) { return; }
    if (!drag.moved && Math.abs(event.clientX - drag.x) + Math.abs(event.clientY - drag.y) < 5) { return; }
    if (!drag.moved) {
      drag.moved = true;
      drag.block.classList.add(drag.resize ? "is-resizing" : "is-dragging");
      drag.block.style.pointerEvents = "none";
    }
    drag.lastX = event.clientX;
    drag.lastY = event.clientY;
    markTarget(event.clientX, event.clientY);
    if (!frame) { frame = window.requestAnimationFrame(autoScroll); }
  }

  function stop() {
    document.removeEventListener("pointermove", onPointerMove);
    document.removeEventListener("pointerup", onPointerUp);
    document.removeEventListener("pointercancel", onPointerCancel);
    if (frame) { window.cancelAnimationFrame(frame); frame = 0; }
    clearTargets();
    if (drag) {
      drag.block.classList.remove("is-dragging", "is-resizing");
      drag.block.style.pointerEvents = "";
    }
  }

  function onPointerCancel() {
    stop();
    drag = null;
  }

  function onPointerUp(event) {
    var current = drag;
    stop();
    drag = null;
    if (!current || !current.moved) { return; }
    var cell = cellAt(event.clientX, event.clientY);
    if (!cell) { return; }
    var block = current.block;
    var start = block.dataset.startsAt ? new Date(block.dataset.startsAt).getTime() : null;
    var end = block.dataset.endsAt ? new Date(block.dataset.endsAt).getTime() : null;
    var roomId = parseInt(block.dataset.roomId || cell.dataset.roomId, 10);
    if (current.resize) {
      end = Math.max(slotAt(cell, event.clientY) + SLOT, start + SLOT);
    } else {
      var length = start !== null && end !== null ? end - start : 60 * 60 * 1000;
      start = slotAt(cell, event.clientY) - current.grabRows * SLOT;
      end = start + length;
      roomId = parseInt(cell.dataset.roomId, 10);
    }
    save(block, { room_id: roomId, starts_at: new Date(start).toISOString(), ends_at: new Date(end).toISOString() });
  }

  /* The room ids of the block's day, in column order. */
  function roomOrder(block) {
    var table = block.closest("table");
    var heads = table ? table.querySelectorAll("thead th[data-room-id]") : [];
    var ids = [];
    for (var i = 0; i < heads.length; i += 1) { ids.push(parseInt(heads[i].dataset.roomId, 10)); }
    return ids;
  }

  function onKeyDown(event) {
    var block = event.target;
    if (!block.classList || !block.classList.contains("session-block")) { return; }
    var steps = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };
    var step = steps[event.key];
    if (!step || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    event.preventDefault();
    if (saving) { return; }
    if (!block.dataset.startsAt || !block.dataset.endsAt || !block.dataset.roomId) {
      announce(root.dataset.msgUnplaced);
      return;
    }
    var start = new Date(block.dataset.startsAt).getTime() + step[1] * SLOT;
    var end = new Date(block.dataset.endsAt).getTime() + step[1] * SLOT;
    var rooms = roomOrder(block);
    var roomId = parseInt(block.dataset.roomId, 10);
    var at = rooms.indexOf(roomId) + step[0];
    if (step[0] !== 0) {
      if (at < 0 || at >= rooms.length) { announce(root.dataset.msgNoRoom); return; }
      roomId = rooms[at];
    }
    save(block, { room_id: roomId, starts_at: new Date(start).toISOString(), ends_at: new Date(end).toISOString() });
  }

  /* The access needs the new room does not meet, as text beside the grid; "" when none. */
  function showAccess(warnings) {
    if (!accessBox) { return ""; }
    var list = accessBox.querySelector("ul");
    list.textContent = "";
    var texts = [];
    for (var i = 0; i < warnings.length; i += 1) {
      var item = document.createElement("li");
      item.textContent = warnings[i].message;
      list.appendChild(item);
      texts.push(warnings[i].message);
    }
    accessBox.hidden = warnings.length === 0;
    return texts.length ? " " + root.dataset.msgAccess + " " + texts.join(" ") : "";
  }

  function save(block, placement) {
    saving = true;
    announce(root.dataset.msgSaving);
    fetch(block.dataset.moveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(placement)
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      if (!result.ok) {
        var message = result.data && result.data.error ? result.data.error.message : "";
        announce(fill(root.dataset.msgFailed, { message: message }));
        return null;
      }
      var session = result.data.session;
      var access = showAccess(result.data.access_warnings || []);
      return refresh("session-" + session.id).then(function () {
        announce(fill(root.dataset.msgMoved, {
          title: session.title, room: session.room, start: clock(session.starts_at),
          end: clock(session.ends_at), count: result.data.conflicts.length
        }) + access);
      });
    }).catch(function () {
      announce(root.dataset.msgError);
    }).then(function () {
      saving = false;
    });
  }

  function refresh(focusId) {
    return fetch(root.dataset.fragmentUrl, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("fragment " + response.status); }
        return response.text();
      })
      .then(function (html) {
        body.innerHTML = html;
        var moved = document.getElementById(focusId);
        if (moved) { moved.focus(); }
      });
  }

  root.addEventListener("pointerdown", onPointerDown);
  root.addEventListener("keydown", onKeyDown);
})();
