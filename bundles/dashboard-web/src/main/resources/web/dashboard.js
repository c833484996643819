// The Braggflow dashboard: plain JavaScript, no build step. Views by location.hash:
// #runs, #run/<workflow>/<scan>, #workflows, #stages, #models.
'use strict';

const view = document.getElementById('view');
let runs = { runs: [], refused: [] };
let current = null; // the open run's data: {workflow, scan, record, maps}

// map display settings persist between visits
const settings = Object.assign({ log: false, flip: false, transpose: false, map: 'cluster' },
  JSON.parse(localStorage.getItem('braggflow.settings') || '{}'));
function saveSettings() { localStorage.setItem('braggflow.settings', JSON.stringify(settings)); }

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
}
async function getJson(url) {
  const r = await fetch(url);
  const body = await r.json();
  if (!r.ok) throw new Error(body.error || r.statusText);
  return body;
}
function fmt(x) {
  if (x === null || x === undefined) return '–';
  if (typeof x !== 'number') return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e5 || a < 1e-3 ? x.toExponential(4) : String(Number(x.toPrecision(5)));
}

// ---- live run list (server-sent events) ----
function listen() {
  const live = document.getElementById('live');
  const source = new EventSource('api/events');
  source.addEventListener('open', () => { live.textContent = 'live'; live.className = 'on'; });
  source.addEventListener('error', () => { live.textContent = 'reconnecting'; live.className = ''; });
  source.addEventListener('runs', ev => {
    runs = JSON.parse(ev.data);
    if (route().name === 'runs') renderRuns();
    if (route().name === 'run' && current) {
      const r = runs.runs.find(x => x.workflow === current.workflow && x.scan === current.scan);
      // a live run's partial maps grow angle by angle: redraw when another angle is in
      const angles = x => (x && x.progress ? x.progress.positions_done : undefined);
      if (r && (r.status !== current.record.status || (r.status === 'partial' && angles(r) !== angles(current.record)))) openRun(current.workflow, current.scan);
    }
  });
}

// ---- runs ----
function progressCell(r) {
  if (r.status !== 'running' && r.status !== 'partial') return r.seconds !== undefined ? fmt(r.seconds) + ' s' : '';
  const p = r.progress || {};
  const done = p.positions_done || 0, total = p.positions_total || 0;
  const pct = total ? Math.round(100 * done / total) : 0;
  return el('span', {}, el('span', { class: 'bar' }, el('span', { style: 'width:' + pct + '%' })), ` ${done} / ${total}` + (r.status === 'partial' ? ' angles' : ''));
}
function renderRuns() {
  view.replaceChildren();
  view.append(el('h2', {}, 'Runs'));
  const table = el('table', { id: 'runs-table' },
    el('tr', {}, el('th', {}, 'workflow'), el('th', {}, 'scan'), el('th', {}, 'status'), el('th', {}, 'started'),
      el('th', {}, 'progress / time'), el('th', {}, 'positions'), el('th', {}, 'clusters'), el('th', {}, 'stage seconds')));
  for (const r of runs.runs) {
    const stages = Object.entries(r.stage_seconds || {}).map(([k, v]) => `${k}: ${fmt(v.seconds)} s`).join('\n');
    const row = el('tr', { class: 'clickable', 'data-run': r.workflow + '/' + r.scan, 'data-status': r.status,
        onclick: () => { location.hash = '#run/' + encodeURIComponent(r.workflow) + '/' + encodeURIComponent(r.scan); } },
      el('td', {}, r.workflow), el('td', {}, r.scan), el('td', { class: 'status-' + r.status }, r.status),
      el('td', {}, (r.started || '').replace('T', ' ').slice(0, 19)), el('td', { class: 'progress' }, progressCell(r)),
      el('td', {}, r.positions ? `${r.positions.analysed ?? '–'} analysed of ${r.positions.total}` : ''),
      el('td', {}, r.clusters ?? ''), el('td', {}, el('pre', { class: 'muted' }, stages)));
    table.append(row);
    if (r.error) table.append(el('tr', {}, el('td', { colspan: 8 }, el('pre', { class: 'error' }, r.error))));
  }
  view.append(table);
  if (!runs.runs.length) view.append(el('p', { class: 'muted' }, 'No runs yet: drop a scan into an inbox.'));
  if (runs.refused.length) {
    view.append(el('h3', {}, 'Refused inputs'));
    const t = el('table', { id: 'refused-table' }, el('tr', {}, el('th', {}, 'inbox'), el('th', {}, 'input'), el('th', {}, 'when'), el('th', {}, 'why')));
    for (const f of runs.refused) t.append(el('tr', {}, el('td', {}, f.inbox), el('td', {}, f.input), el('td', {}, f.time.slice(0, 19)),
      el('td', {}, el('pre', { class: 'error' }, f.error))));
    view.append(t);
  }
}

// ---- one run: maps and the clicked position's peak ----
const VIRIDIS = [[68, 1, 84], [72, 40, 120], [62, 74, 137], [49, 104, 142], [38, 130, 142], [31, 158, 137],
  [53, 183, 121], [109, 205, 89], [180, 222, 44], [253, 231, 37]];
const CATEGORIES = [[31, 119, 180], [255, 127, 14], [44, 160, 44], [214, 39, 40], [148, 103, 189], [140, 86, 75],
  [227, 119, 194], [127, 127, 127], [188, 189, 34], [23, 190, 207]];
function viridis(t) {
  t = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(t)), f = t - i;
  return VIRIDIS[i].map((c, k) => Math.round(c + f * (VIRIDIS[i + 1][k] - c)));
}

function grid() {
  const m = current.maps;
  return settings.map === 'cluster' ? m.clusters.map(r => r.map(x => (x < 0 ? null : x))) : m.maps[settings.map];
}
// display cell (i, j) -> scan position (row, col), through transpose then flip
function displayShape() {
  const m = current.maps;
  return settings.transpose ? [m.cols, m.rows] : [m.rows, m.cols];
}
function toPosition(i, j) {
  const [h] = displayShape();
  if (settings.flip) i = h - 1 - i;
  return settings.transpose ? [j, i] : [i, j];
}
function scaled(v) { return settings.log && settings.map !== 'cluster' ? (v > 0 ? Math.log10(v) : null) : v; }

function drawMap() {
  const canvas = document.getElementById('map-canvas');
  const g = grid();
  const [h, w] = displayShape();
  const cell = Math.max(4, Math.floor(480 / Math.max(h, w)));
  canvas.width = w * cell; canvas.height = h * cell;
  canvas.dataset.cell = cell;
  const ctx = canvas.getContext('2d');
  let lo = Infinity, hi = -Infinity;
  for (const r of g) for (const v0 of r) { const v = v0 === null ? null : scaled(v0); if (v !== null) { lo = Math.min(lo, v); hi = Math.max(hi, v); } }
  const categorical = settings.map === 'cluster';
  for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) {
    const [r, c] = toPosition(i, j);
    const v0 = g[r][c], v = v0 === null ? null : scaled(v0);
    let rgb = [235, 235, 235];
    if (v !== null) rgb = categorical ? CATEGORIES[v % CATEGORIES.length] : viridis(hi > lo ? (v - lo) / (hi - lo) : 0.5);
    ctx.fillStyle = `rgb(${rgb})`;
    ctx.fillRect(j * cell, i * cell, cell, cell);
  }
  if (categorical) {
    // domain boundaries: a line between neighbours with different labels
    ctx.strokeStyle = '#000'; ctx.lineWidth = Math.max(1, cell / 6);
    ctx.beginPath();
    for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) {
      const [r, c] = toPosition(i, j), a = g[r][c];
      if (j + 1 < w) { const [r2, c2] = toPosition(i, j + 1); if (a !== null && g[r2][c2] !== null && g[r2][c2] !== a) { ctx.moveTo((j + 1) * cell, i * cell); ctx.lineTo((j + 1) * cell, (i + 1) * cell); } }
      if (i + 1 < h) { const [r2, c2] = toPosition(i + 1, j); if (a !== null && g[r2][c2] !== null && g[r2][c2] !== a) { ctx.moveTo(j * cell, (i + 1) * cell); ctx.lineTo((j + 1) * cell, (i + 1) * cell); } }
    }
    ctx.stroke();
  }
  if (current.chosen) {
    // the clicked position, outlined
    const [r, c] = current.chosen;
    const [i, j] = settings.transpose ? [c, r] : [r, c];
    const ii = settings.flip ? h - 1 - i : i;
    ctx.strokeStyle = '#fff'; ctx.lineWidth = 2;
    ctx.strokeRect(j * cell + 1, ii * cell + 1, cell - 2, cell - 2);
  }
  drawColourBar(lo, hi, categorical);
}

function drawColourBar(lo, hi, categorical) {
  const bar = document.getElementById('colour-bar');
  bar.replaceChildren();
  if (categorical) {
    const labels = [...new Set(current.maps.clusters.flat().filter(x => x >= 0))].sort((a, b) => a - b);
    for (const l of labels) bar.append(el('div', {}, el('span', { style: `display:inline-block;width:1em;height:1em;background:rgb(${CATEGORIES[l % CATEGORIES.length]})` }), ` cluster ${l}`));
    return;
  }
  const c = el('canvas', { width: 20, height: 200 });
  const ctx = c.getContext('2d');
  for (let y = 0; y < 200; y++) { ctx.fillStyle = `rgb(${viridis(1 - y / 199)})`; ctx.fillRect(0, y, 20, 1); }
  const unit = settings.log ? ` (log10)` : '';
  bar.append(el('div', {}, fmt(hi) + unit), c, el('div', {}, fmt(lo) + unit));
}

async function openRun(workflow, scan) {
  view.replaceChildren(el('p', { class: 'muted' }, 'loading ' + workflow + '/' + scan + ' …'));
  let data;
  try { data = await getJson(`api/runs/${encodeURIComponent(workflow)}/${encodeURIComponent(scan)}`); }
  catch (e) { view.replaceChildren(el('pre', { class: 'error' }, e.message)); return; }
  current = { workflow, scan, record: data.record, maps: data.maps };
  const rec = data.record;
  view.replaceChildren(el('h2', {}, `${workflow} / ${scan} `, el('span', { class: 'status-' + rec.status }, rec.status)));
  if (rec.error) view.append(el('pre', { class: 'error' }, rec.error));
  if (!data.maps) { view.append(el('p', { class: 'muted' }, rec.status === 'running' ? 'Running: the maps appear when it ends.' : 'This run wrote no maps.')); return; }
  const names = ['cluster', ...Object.keys(data.maps.maps).filter(n => n !== 'in_mask')];
  if (!names.includes(settings.map)) settings.map = 'cluster';
  const select = el('select', { id: 'map-select', onchange: e => { settings.map = e.target.value; saveSettings(); drawMap(); } },
    ...names.map(n => { const o = el('option', { value: n }, n === 'cluster' ? 'domain map (clusters)' : n); if (n === settings.map) o.selected = true; return o; }));
  const toggle = (key, label) => {
    const box = el('input', { type: 'checkbox', id: 'toggle-' + key, onchange: e => { settings[key] = e.target.checked; saveSettings(); drawMap(); } });
    box.checked = settings[key];
    return el('label', {}, box, ' ' + label);
  };
  const canvas = el('canvas', { id: 'map-canvas' });
  canvas.addEventListener('click', ev => {
    const rect = canvas.getBoundingClientRect(), cell = Number(canvas.dataset.cell);
    const i = Math.floor((ev.clientY - rect.top) * canvas.height / rect.height / cell);
    const j = Math.floor((ev.clientX - rect.left) * canvas.width / rect.width / cell);
    const [row, col] = toPosition(i, j);
    showPeak(row, col);
  });
  const downloads = el('ul', { id: 'downloads' }, ...data.maps.downloads.map(f =>
    el('li', {}, el('a', { href: `api/runs/${encodeURIComponent(workflow)}/${encodeURIComponent(scan)}/files/${f}` }, f))));
  view.append(el('div', { class: 'run-layout' },
    el('div', { class: 'panel' },
      el('div', { class: 'controls' }, select, ' ', toggle('log', 'log scale'), toggle('flip', 'flip rows'), toggle('transpose', 'transpose')),
      el('div', { style: 'display:flex;gap:1em;margin-top:.5em' }, canvas, el('div', { id: 'colour-bar' })),
      el('p', { class: 'muted' }, `${data.maps.rows} × ${data.maps.cols} positions; click one to see its peak`),
      el('details', {}, el('summary', {}, `Downloads (${data.maps.downloads.length} files)`), downloads)),
    el('div', { class: 'panel', id: 'peak' }, el('p', { class: 'muted' }, 'No position chosen.'))));
  drawMap();
  // when the maps first stood on the page, for the load-time figures
  if (!performance.getEntriesByName('map-drawn').length) performance.mark('map-drawn');
}

function drawImage(matrix, title, id) {
  // each axis stretched to about 160 pixels: a few rocking angles against many detector pixels stay readable
  const h = matrix.length, w = matrix[0].length;
  const ch = Math.max(1, Math.floor(160 / h)), cw = Math.max(1, Math.floor(160 / w));
  const c = el('canvas', { width: w * cw, height: h * ch, id });
  const ctx = c.getContext('2d');
  let lo = Infinity, hi = -Infinity;
  const v = x => (settings.log ? Math.log10(Math.max(x, 0) + 1) : x);
  for (const r of matrix) for (const x of r) { lo = Math.min(lo, v(x)); hi = Math.max(hi, v(x)); }
  for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) {
    ctx.fillStyle = `rgb(${viridis(hi > lo ? (v(matrix[i][j]) - lo) / (hi - lo) : 0)})`;
    ctx.fillRect(j * cw, i * ch, cw, ch);
  }
  return el('figure', {}, c, el('figcaption', {}, title));
}

function rockingCurve(angles, values) {
  const W = 320, H = 140, pad = 30;
  const lo = Math.min(...angles), hi = Math.max(...angles), top = Math.max(...values) || 1;
  const x = a => pad + (hi > lo ? (a - lo) / (hi - lo) : 0.5) * (W - 2 * pad);
  const y = v => H - pad + 10 - (v / top) * (H - pad - 10);
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('width', W); svg.setAttribute('height', H); svg.id = 'peak-rocking';
  const line = document.createElementNS(ns, 'polyline');
  line.setAttribute('points', angles.map((a, k) => `${x(a).toFixed(1)},${y(values[k]).toFixed(1)}`).join(' '));
  line.setAttribute('fill', 'none'); line.setAttribute('stroke', '#00796b'); line.setAttribute('stroke-width', '2');
  svg.append(line);
  for (const [tx, ty, s] of [[pad, H - 4, fmt(lo) + '°'], [W - pad - 30, H - 4, fmt(hi) + '°'], [2, 12, fmt(top)]]) {
    const t = document.createElementNS(ns, 'text');
    t.setAttribute('x', tx); t.setAttribute('y', ty); t.setAttribute('font-size', '11'); t.textContent = s;
    svg.append(t);
  }
  return el('figure', {}, svg, el('figcaption', {}, 'rocking curve: intensity against angle'));
}

async function showPeak(row, col) {
  current.chosen = [row, col];
  drawMap();
  const panel = document.getElementById('peak');
  panel.replaceChildren(el('p', { class: 'muted' }, `reading position row ${row}, col ${col} …`));
  const m = current.maps;
  const descriptors = el('table', { id: 'peak-descriptors' }, el('tr', {}, el('th', {}, 'descriptor'), el('th', {}, 'value')));
  const label = m.clusters[row][col];
  descriptors.append(el('tr', { 'data-name': 'cluster' }, el('td', {}, 'cluster'), el('td', {}, label < 0 ? '–' : label)));
  for (const [name, g] of Object.entries(m.maps)) {
    descriptors.append(el('tr', { 'data-name': name }, el('td', {}, name), el('td', { 'data-value': g[row][col] === null ? '' : g[row][col] }, fmt(g[row][col]))));
  }
  let peak;
  try { peak = await getJson(`api/runs/${encodeURIComponent(current.workflow)}/${encodeURIComponent(current.scan)}/peak?row=${row}&col=${col}`); }
  catch (e) { panel.replaceChildren(el('h3', { id: 'peak-position' }, `row ${row}, col ${col}`), el('pre', { class: 'error' }, e.message), descriptors); return; }
  const total = peak.rocking.reduce((a, b) => a + b, 0);
  panel.replaceChildren(
    el('h3', { id: 'peak-position', 'data-row': row, 'data-col': col }, `row ${row}, col ${col}`),
    el('p', { class: 'muted', id: 'peak-total', 'data-total': total }, `${peak.in_mask ? 'in' : 'outside'} the particle mask; ${fmt(total)} counts in the volume`),
    el('div', { class: 'projections' },
      drawImage(peak.detector, 'detector (summed over angles)', 'peak-detector'),
      drawImage(peak.angle_det_col, 'angle × detector column', 'peak-angle-col'),
      drawImage(peak.angle_det_row, 'angle × detector row', 'peak-angle-row'),
      rockingCurve(peak.angles_deg, peak.rocking)),
    descriptors);
}

// ---- workflows, stages, models ----
async function renderTable(title, url, columns, rowsOf) {
  view.replaceChildren(el('h2', {}, title));
  let data;
  try { data = await getJson(url); } catch (e) { view.append(el('pre', { class: 'error' }, e.message)); return; }
  const t = el('table', { id: title.toLowerCase() + '-table' }, el('tr', {}, ...columns.map(c => el('th', {}, c))));
  for (const r of rowsOf(data)) t.append(el('tr', {}, ...r.map(x => el('td', {}, x instanceof Node ? x : (x ?? '')))));
  view.append(t);
}

function route() {
  const parts = location.hash.replace(/^#/, '').split('/').map(decodeURIComponent);
  return { name: parts[0] || 'runs', args: parts.slice(1) };
}
function show() {
  const r = route();
  for (const a of document.querySelectorAll('header nav a')) a.classList.toggle('active', a.id === 'nav-' + (r.name === 'run' ? 'runs' : r.name));
  if (r.name === 'run') openRun(r.args[0], r.args[1]);
  else if (r.name === 'workflows') renderTable('Workflows', 'api/workflows', ['file', 'workflow', 'state', 'inbox', 'problems'],
    d => d.map(w => [w.file, w.id, w.state + (w.waitingFor && w.waitingFor.length ? ' for ' + w.waitingFor.join(', ') : ''), w.inbox,
      w.problems ? el('pre', { class: 'error' }, w.problems) : '']));
  else if (r.name === 'stages') renderTable('Stages', 'api/stages', ['stage', 'bundle', 'version', 'description'],
    d => d.map(s => [s.type + '/' + s.name, s.bundle, s.version, s.description]));
  else if (r.name === 'models') renderTable('Models', 'api/models', ['id', 'encoder', 'created', 'features', 'trained on / imported from', 'final loss'],
    d => d.map(m => {
      const rec = m.record || {};
      const origin = rec.imported ? 'imported: ' + (rec.imported.source || rec.imported.file || '') :
        (rec.training?.scans || []).map(s => `${s.scan_id} (${s.clouds} clouds)`).join(', ');
      return [m.id, rec.encoder ? `${rec.encoder['stage.type']}/${rec.encoder['stage.name']} ${rec.encoder.bundle_version}` : (m.error || ''),
        (rec.created || '').slice(0, 19), rec.feature_size, origin, rec.training ? fmt(rec.training.final_loss) : ''];
    }));
  else { current = null; renderRuns(); }
}
window.addEventListener('hashchange', show);
getJson('api/runs').then(d => { runs = d; show(); }).catch(e => view.replaceChildren(el('pre', { class: 'error' }, e.message)));
listen();
