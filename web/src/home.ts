// The landing page: one live figure, the mean squared error of a line you move, computed by the
// wasm core on every change.
import { axisBottom, axisLeft } from 'd3-axis';
import { format } from 'd3-format';
import { scaleLinear } from 'd3-scale';
import { select } from 'd3-selection';
import { createLossLab, type LossLab } from 'loss-lab';

const points: ReadonlyArray<readonly [number, number]> = [
  [0.5, 1.0], [1.2, 2.4], [2.0, 2.1], [2.8, 3.9], [3.5, 3.6], [4.3, 5.2], [5.0, 4.7], [5.6, 6.6],
];
const xDomain: [number, number] = [0, 6];
const yDomain: [number, number] = [-1, 8];
const fmt = format('.4f');

function mountMseDemo(root: HTMLElement, lab: LossLab): void {
  root.replaceChildren();
  root.dataset.state = 'ready';
  root.dataset.points = JSON.stringify(points);

  const width = 640, height = 360;
  const margin = { top: 12, right: 16, bottom: 36, left: 44 };
  const x = scaleLinear().domain(xDomain).range([margin.left, width - margin.right]);
  const y = scaleLinear().domain(yDomain).range([height - margin.bottom, margin.top]);

  const svg = select(root)
    .append('svg')
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('role', 'img')
    .attr('aria-labelledby', 'mse-demo-desc');
  svg.append('desc').attr('id', 'mse-demo-desc').text('Scatter of eight points with a line you can move; red segments show each residual.');
  svg.append('g').attr('class', 'axis').attr('transform', `translate(0,${height - margin.bottom})`).call(axisBottom(x).ticks(6));
  svg.append('g').attr('class', 'axis').attr('transform', `translate(${margin.left},0)`).call(axisLeft(y).ticks(6));
  const residuals = svg.append('g');
  svg.append('g').selectAll('circle').data(points).join('circle')
    .attr('class', 'point').attr('r', 5).attr('cx', (d) => x(d[0])).attr('cy', (d) => y(d[1]));
  const line = svg.append('line').attr('class', 'fit');
  const handles = svg.append('g').selectAll('circle').data([xDomain[0], xDomain[1]]).join('circle')
    .attr('class', 'handle').attr('r', 9).attr('tabindex', -1).attr('aria-hidden', 'true');

  const controls = document.createElement('div');
  controls.className = 'controls';
  const slider = (id: string, label: string, min: number, max: number, value: number) => {
    const wrap = document.createElement('label');
    wrap.htmlFor = id;
    const text = document.createElement('span');
    const input = document.createElement('input');
    Object.assign(input, { id, type: 'range', min: String(min), max: String(max), step: '0.01', value: String(value) });
    wrap.append(text, input);
    controls.append(wrap);
    return { input, text, label };
  };
  const slope = slider('slope', 'Slope', -1, 3, 0.5);
  const intercept = slider('intercept', 'Intercept', -3, 6, 1.5);
  root.append(controls);

  const readout = document.createElement('p');
  readout.className = 'readout';
  readout.setAttribute('aria-live', 'polite');
  root.append(readout);

  const table = document.createElement('table');
  table.className = 'gradients';
  table.innerHTML = '<caption class="visually-hidden">Per-point prediction, residual and gradient</caption>' +
    '<thead><tr><th scope="col">x</th><th scope="col">y</th><th scope="col">ŷ</th><th scope="col">∂MSE/∂ŷ</th></tr></thead><tbody></tbody>';
  root.append(table);
  const body = table.querySelector('tbody')!;

  function update(): void {
    const a = Number(slope.input.value), b = Number(intercept.input.value);
    slope.text.textContent = `${slope.label}: ${a.toFixed(2)}`;
    intercept.text.textContent = `${intercept.label}: ${b.toFixed(2)}`;
    const predictions = Float64Array.from(points, ([px]) => a * px + b);
    const targets = Float64Array.from(points, ([, py]) => py);
    const { value, grad } = lab.loss('mse', predictions, targets);
    const mse = value as number;

    line.attr('x1', x(xDomain[0])).attr('y1', y(a * xDomain[0] + b)).attr('x2', x(xDomain[1])).attr('y2', y(a * xDomain[1] + b));
    handles.attr('cx', (d) => x(d)).attr('cy', (d) => y(a * d + b));
    const maxPull = Math.max(...grad.map(Math.abs), 1e-9);
    residuals.selectAll('line').data(points).join('line').attr('class', 'residual')
      .attr('x1', (d) => x(d[0])).attr('x2', (d) => x(d[0]))
      .attr('y1', (d) => y(d[1])).attr('y2', (_, i) => y(predictions[i]))
      .attr('stroke-width', (_, i) => 1.5 + 4 * Math.abs(grad[i]) / maxPull);

    readout.innerHTML = '';
    const strong = document.createElement('strong');
    strong.id = 'mse-value';
    strong.dataset.value = String(mse);
    strong.textContent = fmt(mse);
    readout.append('MSE = ', strong);
    body.replaceChildren(...points.map(([px, py], i) => {
      const row = document.createElement('tr');
      for (const v of [px.toFixed(1), py.toFixed(1), predictions[i].toFixed(3), fmt(grad[i])]) {
        const cell = document.createElement('td');
        cell.textContent = v;
        row.append(cell);
      }
      return row;
    }));
  }

  // Dragging a handle moves that end of the line; the other end stays put.
  handles.on('pointerdown', function (event: PointerEvent, end: number) {
    const element = this as SVGCircleElement;
    element.setPointerCapture(event.pointerId);
    const move = (e: PointerEvent) => {
      const rect = (svg.node() as SVGSVGElement).getBoundingClientRect();
      const yValue = y.invert(((e.clientY - rect.top) / rect.height) * height);
      const a = Number(slope.input.value), b = Number(intercept.input.value);
      const other = end === xDomain[0] ? xDomain[1] : xDomain[0];
      const otherY = a * other + b;
      const newSlope = (yValue - otherY) / (end - other);
      const clampedSlope = Math.min(3, Math.max(-1, newSlope));
      slope.input.value = String(clampedSlope);
      intercept.input.value = String(Math.min(6, Math.max(-3, otherY - clampedSlope * other)));
      update();
    };
    const up = () => {
      element.removeEventListener('pointermove', move);
      element.removeEventListener('pointerup', up);
    };
    element.addEventListener('pointermove', move);
    element.addEventListener('pointerup', up);
  });
  slope.input.addEventListener('input', update);
  intercept.input.addEventListener('input', update);
  update();
}

async function main(): Promise<void> {
  const root = document.getElementById('mse-demo')!;
  const info = document.getElementById('build-info')!;
  try {
    const lab = await createLossLab();
    info.textContent = `wasm core v${lab.build.version}, ${lab.build.simd ? 'SIMD128 build' : 'scalar build'}`;
    info.dataset.simd = String(lab.build.simd);
    mountMseDemo(root, lab);
  } catch (error) {
    root.dataset.state = 'error';
    const notice = root.querySelector('.notice') ?? root.appendChild(document.createElement('p'));
    notice.className = 'notice';
    notice.setAttribute('role', 'alert');
    notice.textContent = `The wasm core could not be loaded: ${(error as Error).message}`;
    info.textContent = 'not loaded';
  }
}

void main();
