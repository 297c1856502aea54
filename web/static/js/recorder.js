// Picture and Record: a PNG of the map as it is now, and a WebM video of
// a time range played as Play plays it (the story's chapter, or the
// timeline's window), drawn frame by frame by snapshot.js into a canvas
// that MediaRecorder records. All in the browser; nothing is uploaded.

// snapshot.js and webm.js are loaded on the first Picture or Record, not
// with the page, which seldom needs them.
const loadSnapshot = () => import('./snapshot.js');
const loadWebm = () => import('./webm.js');

const $ = (id) => document.getElementById(id);

// Video: frames per second, and the pixels per CSS pixel (sharp on slides, yet light to encode).
const FPS = 30;
const VIDEO_SCALE = 1.5;

/** The best WebM type this browser records, or '' for none. */
export function videoType(isSupported) {
  return ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm'].find((t) => isSupported(t)) ?? '';
}

/** A file name from the dataset and a time ("crisis-2020-01-08T0300Z.png"). */
export function fileName(slug, t, ext) {
  const when = new Date(t).toISOString().slice(0, 16).replace(/:/g, '');
  return `${slug || 'chronomap'}-${when}Z.${ext}`;
}

function download(blob, name) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

/**
 * scene(): the snapshot options now (map container, caption, clock,
 * credits). slug(), now(): the file name's parts. ranges(): { chapter:
 * {label, start, end} or null, window: {label, start, end} }. play(range)
 * plays range and resolves when playback stops; stop() stops it.
 * fail(message) tells the user a Picture could not be made.
 */
export function createRecorder({ scene, slug, now, ranges, play, stop, fail }) {
  const pictureButton = $('picture');
  const recordButton = $('record');
  const box = $('recorder');
  const status = $('rec-status');
  const startButton = $('rec-start');
  const stopButton = $('rec-stop');
  const type = typeof MediaRecorder === 'undefined' ? '' : videoType((t) => MediaRecorder.isTypeSupported(t));
  pictureButton.hidden = false;
  recordButton.hidden = false;
  let recording = null;

  pictureButton.addEventListener('click', async () => {
    let snapshot;
    try {
      ({ snapshot } = await loadSnapshot());
    } catch (err) {
      // The server stopped, or was replaced by another build, since the page loaded.
      fail(`Could not make the picture: ${err.message}. Reload the page and try again.`);
      return;
    }
    const canvas = snapshot(scene());
    canvas.toBlob((blob) => {
      if (blob) download(blob, fileName(slug(), now(), 'png'));
    }, 'image/png');
  });

  function setOpen(open) {
    box.hidden = !open;
    recordButton.setAttribute('aria-expanded', String(open));
    if (!open) return;
    const r = ranges();
    $('rec-chapter-choice').hidden = !r.chapter;
    if (r.chapter) $('rec-chapter-label').textContent = r.chapter.label;
    $('rec-window-label').textContent = r.window.label;
    box.querySelector(`input[value="${r.chapter ? 'chapter' : 'window'}"]`).checked = true;
    if (!type) status.textContent = 'This browser cannot record video (no WebM MediaRecorder).';
    startButton.disabled = !type;
    startButton.focus();
    // Loaded by the time Start is pressed (which reports a failure).
    Promise.all([loadSnapshot(), loadWebm()]).catch(() => {});
  }
  recordButton.addEventListener('click', () => setOpen(box.hidden));
  $('recorder-close').addEventListener('click', () => {
    if (!recording) setOpen(false);
    recordButton.focus();
  });

  /** Records range: each frame drawn into one canvas, its stream recorded; the file is downloaded at the end. */
  async function record(range) {
    if (recording) return;
    recording = {}; // a second Start while the modules load starts nothing
    let snapshot, withDuration;
    try {
      [{ snapshot }, { withDuration }] = await Promise.all([loadSnapshot(), loadWebm()]);
    } catch (err) {
      recording = null;
      status.textContent = `Could not load the recorder (${err.message}); try again.`;
      return null;
    }
    const canvas = snapshot(scene(), { scale: VIDEO_SCALE });
    const stream = canvas.captureStream(FPS);
    const rec = new MediaRecorder(stream, { mimeType: type, videoBitsPerSecond: 5e6 });
    const chunks = [];
    rec.ondataavailable = (e) => { if (e.data.size) chunks.push(e.data); };
    const stopped = new Promise((resolve) => { rec.onstop = resolve; });
    let frame = 0;
    const draw = () => {
      snapshot(scene(), { scale: VIDEO_SCALE, canvas });
      frame = requestAnimationFrame(draw);
    };
    recording = { rec };
    recordButton.classList.add('recording');
    startButton.hidden = true;
    stopButton.hidden = false;
    status.textContent = `Recording ${range.label}…`;
    rec.start(1000);
    const began = performance.now();
    draw();
    await play(range);
    // A last second on the final frame, so the video does not end mid-event.
    await new Promise((r) => setTimeout(r, 1000));
    cancelAnimationFrame(frame);
    rec.stop();
    await stopped;
    const ms = performance.now() - began;
    const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
    let fixed = bytes;
    try {
      fixed = withDuration(bytes, ms);
    } catch {
      // A file without its length still plays.
    }
    const blob = new Blob([fixed], { type: 'video/webm' });
    recording = null;
    recordButton.classList.remove('recording');
    startButton.hidden = false;
    stopButton.hidden = true;
    status.textContent = `Saved a ${Math.round(ms / 1000)} s video (${Math.round(blob.size / 1024)} KB).`;
    download(blob, fileName(slug(), range.start, 'webm'));
    return blob;
  }

  startButton.addEventListener('click', () => {
    const r = ranges();
    const which = box.querySelector('input[name="rec-range"]:checked')?.value;
    record(which === 'chapter' && r.chapter ? r.chapter : r.window);
  });
  stopButton.addEventListener('click', () => stop());

  return { record };
}
