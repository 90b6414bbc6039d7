'use strict';
// Glue between the page and the wasm app. Everything here is plumbing: the URL becomes the app's
// argv, resizes and devicePixelRatio reach the canvas, and every incoming file (drop anywhere, the
// picker, paste) ends in the same C++ entry point, Module.openFile(name, bytes). The test API lives
// on window.modelmeter.
// Names and contents of files are never HTML: they go to the app, which draws them on the canvas.
// This file writes DOM text through textContent only, and the page's Content-Security-Policy
// (Trusted Types, no policy) makes innerHTML and its kin throw for any string.
(function () {
  const MAX_INPUT_BYTES = 64 * 1024 * 1024;  // mirrors Session::kMaxInputBytes
  const canvas = document.getElementById('canvas');
  const picker = document.getElementById('file-picker');
  const loading = document.getElementById('loading');

  // Share-link parameters: the query and the hash both count; the hash wins where both set a key.
  function urlState() {
    const parts = [location.search.replace(/^\?/, ''), location.hash.replace(/^#/, '')];
    return parts.filter((p) => p.length > 0).join('&');
  }

  let ready = false;
  const pending = [];  // files that arrive before the app is up
  function whenReady(fn) { if (ready) fn(); else pending.push(fn); }

  function fitCanvas() {
    const dpr = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(window.innerWidth * dpr));
    const h = Math.max(1, Math.round(window.innerHeight * dpr));
    if (canvas.width !== w || canvas.height !== h) Module.setCanvasSize(w, h);
    Module.setUiScale(dpr);
  }
  function watchPixelRatio() {  // zoom or moving to another screen changes devicePixelRatio
    const mq = window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
    mq.addEventListener('change', () => { if (ready) fitCanvas(); watchPixelRatio(); }, { once: true });
  }

  // Each drop, paste or pick starts afresh (Module.beginFiles): earlier files' sentences go, and every
  // failing file of this one keeps its own, whichever loads after it.
  function openText(name, text) { whenReady(() => { Module.beginFiles(); Module.openFile(String(name), String(text)); }); }
  function openFiles(files) {
    whenReady(() => Module.beginFiles());
    for (const file of files) {
      if (file.size > MAX_INPUT_BYTES) {
        whenReady(() => Module.reportError(`${file.name} is ${(file.size / 1048576).toFixed(0)} MiB, larger than ` +
          `the ${MAX_INPUT_BYTES / 1048576} MiB ModelMeter reads; no TorchInfo artifact is that large.`));
        continue;
      }
      // The file's bytes as they are (an ArrayBuffer becomes a std::string byte for byte), so that the
      // app sees what the CLI sees: a UTF-16 file or broken UTF-8 is named as such, not "repaired".
      file.arrayBuffer().then((bytes) => whenReady(() => Module.openFile(String(file.name), bytes)),
        () => whenReady(() => Module.reportError(`${file.name} could not be read by the browser.`)));
    }
  }

  // While files are dragged over the page, it says where they will go (#drop-target); dragenter and
  // dragleave fire for every element crossed, hence the count.
  const dropTarget = document.getElementById('drop-target');
  let dragDepth = 0;
  const showDropTarget = (on) => { dropTarget.classList.toggle('shown', on); api.dropTargetShown = on; };
  const carriesFiles = (e) => e.dataTransfer && Array.from(e.dataTransfer.types || []).includes('Files');
  document.addEventListener('dragenter', (e) => { if (carriesFiles(e)) { ++dragDepth; showDropTarget(true); } });
  document.addEventListener('dragleave', () => { if (dragDepth > 0 && --dragDepth === 0) showDropTarget(false); });

  async function deflateRaw(bytes) {
    const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  document.addEventListener('dragover', (e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; });
  document.addEventListener('drop', (e) => {
    e.preventDefault();
    dragDepth = 0;
    showDropTarget(false);
    if (e.dataTransfer && e.dataTransfer.files.length) openFiles(e.dataTransfer.files);
  });
  // Ctrl+F (Cmd+F) finds a module (the app focuses its filter), not text in a canvas the browser
  // cannot search.
  window.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'f') e.preventDefault();
  }, { capture: true });
  picker.addEventListener('change', () => { openFiles(picker.files); picker.value = ''; });
  document.addEventListener('paste', (e) => {
    if (!ready || Module.wantsTextInput()) return;  // a text field in the UI takes the paste itself
    const text = e.clipboardData ? e.clipboardData.getData('text/plain') : '';
    if (text) { e.preventDefault(); openText('pasted text', text); }
  });
  // A hash the app published itself is what it already shows. Skipping it also keeps setHash() from
  // applying a link twice: the second time, from the canonical hash, would clear the link's notices.
  let published = null;
  window.addEventListener('hashchange', () => {
    if (location.hash.replace(/^#/, '') !== published) whenReady(() => Module.applyUrlState(urlState()));
  });
  window.addEventListener('resize', () => { if (ready) fitCanvas(); });

  // Render on demand: the app draws only while it owes frames, and every input owes a few
  // (src/app/platform_web.cpp). Capture on window: before the canvas's own listeners run.
  const wake = () => { if (ready) Module.wake(); };
  for (const type of ['mousemove', 'mousedown', 'mouseup', 'wheel', 'keydown', 'keyup', 'touchstart', 'touchmove',
    'touchend', 'pointerdown', 'pointermove', 'pointerup', 'focus', 'blur', 'resize', 'dragover', 'drop', 'paste',
    'visibilitychange'])
    window.addEventListener(type, wake, { capture: true, passive: true });

  // The wheel, in notches with ImGui's signs (positive: up / left), fractions kept for trackpads.
  // Emscripten 3.1.6's GLFW would pass the browser's raw deltaY (pixels, positive = down): one notch
  // jumped a whole table the wrong way. Registered before GLFW's own listener (this script runs
  // first), which it stops.
  const PIXELS_PER_NOTCH = 100, LINES_PER_NOTCH = 3, NOTCHES_PER_PAGE = 10;
  function notches(delta, mode) {
    if (mode === 1) return delta / LINES_PER_NOTCH;      // DOM_DELTA_LINE (Firefox's wheel)
    if (mode === 2) return delta * NOTCHES_PER_PAGE;     // DOM_DELTA_PAGE
    return delta / PIXELS_PER_NOTCH;                     // DOM_DELTA_PIXEL (Chromium, trackpads)
  }
  canvas.addEventListener('wheel', (e) => {
    e.preventDefault();
    e.stopImmediatePropagation();
    if (ready) Module.scrollWheel(-notches(e.deltaX, e.deltaMode), -notches(e.deltaY, e.deltaMode));
  }, { capture: true, passive: false });
  canvas.addEventListener('mousewheel', (e) => { e.preventDefault(); e.stopImmediatePropagation(); },
    { capture: true, passive: false });

  window.Module = {
    canvas,
    arguments: urlState() ? ['--state', urlState()] : [],
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
    // The app calls this (web/app.js <- src/app/platform_web.cpp) once it can take input.
    onAppReady() {
      ready = true;
      loading.classList.add('gone');
      fitCanvas();
      watchPixelRatio();
      while (pending.length) pending.shift()();
      api.ready = true;
    },
    // The app's "Open files" button asks for the picker (inside the click's user activation).
    openFilePicker() { picker.click(); },
    // The share link follows every change; replaceState adds no history entry and fires no hashchange.
    publishState(state) {
      published = state;
      if (location.hash.replace(/^#/, '') !== state) history.replaceState(null, '', `${location.pathname}${location.search}#${state}`);
      api.link = `${location.origin}${location.pathname}#${state}`;
    },
    // Exports arrive as bytes and leave as a browser download; the test API keeps the last one.
    saveFile(name, mime, bytes) {
      const blob = new Blob([bytes], { type: mime });
      api.lastDownload = { name, mime, size: bytes.length };
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10000);
    },
    copyText(text) {
      api.copiedText = text;
      if (navigator.clipboard) navigator.clipboard.writeText(text).catch(() => {});
    },
    // The exports' compression (platform_deflate in src/app/platform_web.cpp): raw DEFLATE of each part
    // by the browser's own CompressionStream, answered in order; a part the browser cannot compress comes
    // back empty and the app stores it uncompressed.
    deflateParts(id, parts) {
      Promise.all(parts.map((bytes) => deflateRaw(bytes).catch(() => new Uint8Array(0)))).then((packed) => {
        for (const stream of packed) Module.deflatedPart(id, stream);
        Module.deflatedEnd(id);
      });
    },
    copyShareLink(state) {
      const link = `${location.origin}${location.pathname}#${state}`;
      api.copied = link;
      if (navigator.clipboard) navigator.clipboard.writeText(link).catch(() => {});
    },
    onFirstFrame() { api.firstFrameMs = performance.now(); },
    onAbort(what) {
      loading.classList.remove('gone');
      loading.classList.add('failed');
      loading.textContent = `ModelMeter stopped: ${what}. Reload the page to start again.`;
    },
  };

  // Test and automation API.
  const api = window.modelmeter = {
    ready: false,
    link: null,    // the current share link
    copied: null,  // the last link the "Copy link" action copied
    lastDownload: null,  // {name, mime, size} of the last export
    firstFrameMs: null,  // performance.now() when the first frame was drawn
    framesDrawn() { return Module.framesDrawn(); },  // frames drawn since the start (render on demand)
    moduleTableScrollRows() { return Module.moduleTableScrollRows(); },
    layout() { return JSON.parse(Module.layoutJson()); },  // the last frame's landmarks, CSS pixels
    wantsTextInput() { return Module.wantsTextInput(); },
    style() { return JSON.parse(Module.styleJson()); },  // the colours text is drawn in and on, as drawn now  // a text field of the app has the focus
    dropTargetShown: false,  // files are being dragged over the page
    copiedText: null,  // the last text a row's "Copy" put on the clipboard
    chart() { return JSON.parse(Module.chartState() || 'null'); },  // the visible chart, as the last frame drew it
    timeSweep(count) { return Module.timeSweep(count | 0); },
    timeStandard(count) { return Module.timeStandard(count | 0); },
    load(name, text) { Module.beginFiles(); Module.openFile(String(name), String(text)); return JSON.parse(Module.stateJson()).last_error; },
    state() { return Module.stateJson(); },
    exportFile(what) { Module.exportFile(String(what)); },
    loadSample(ocr2 = false) { Module.loadSample(Boolean(ocr2)); },
    clearInputs() { Module.clearInputs(); },
    setHash(hash) { location.hash = String(hash).replace(/^#/, ''); Module.applyUrlState(urlState()); },
  };
})();
