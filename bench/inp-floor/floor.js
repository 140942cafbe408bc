// The INP floor page (bench/browser.mjs measures it beside the lessons). Query flags:
//   animate  a 300-dot canvas redrawn every animation frame (what a playing lesson's figure does)
//   worker   a Web Worker that computes without pause (what the lab's engine does while training)
const flags = new URLSearchParams(location.search);
const controls = document.getElementById('controls');

for (let i = 0; i < 12; i++) {
  const input = Object.assign(document.createElement('input'), { type: 'range', id: `s${i}`, min: 0, max: 100, value: 50 });
  input.dataset.param = `slider ${i}`;
  const output = document.createElement('output');
  output.textContent = input.value;
  input.addEventListener('input', () => { output.textContent = input.value; });
  const label = document.createElement('label');
  label.htmlFor = input.id;
  label.append(`Slider ${i} `, input, ' ', output);
  controls.append(label);
}
for (let i = 0; i < 4; i++) {
  const button = Object.assign(document.createElement('button'), { type: 'button', textContent: `Button ${i}` });
  let presses = 0;
  button.addEventListener('click', () => { button.textContent = `Button ${i} (${++presses})`; });
  controls.append(button, ' ');
}

if (flags.has('worker')) {
  // Busy for 30 ms, then one message, forever: the engine streaming a training run.
  const source = 'let x = 0; for (;;) { const t = Date.now(); while (Date.now() - t < 30) x += Math.sqrt(x + 1); postMessage(x); }';
  const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
  worker.onmessage = () => {};
}

if (flags.has('animate')) {
  const context = document.getElementById('dots').getContext('2d');
  let t = 0;
  const frame = () => {
    t++;
    context.clearRect(0, 0, 760, 300);
    for (let i = 0; i < 300; i++) {
      context.beginPath();
      context.arc((i * 37 + t) % 760, (i * 53 + t / 2) % 300, 3, 0, 2 * Math.PI);
      context.fill();
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}
