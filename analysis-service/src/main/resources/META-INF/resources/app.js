// The operator dashboard: reads the analysis-service's REST API and its Server-Sent Events, draws with Chart.js.
// Every text that comes from data is set with textContent (never innerHTML): answers and certainty replies are model
// output and may contain markup. The page runs under a Content-Security-Policy without inline script or style: no
// inline handlers, no style attributes in markup (element.style from script is fine), no eval.

import {SseParser} from './sse.js';
import {apiFetch, CredentialsError, credentialsRefused, initKeyForm, nextCredentialsChange, onCredentialsChanged, withKey}
  from './credentials.js';

const Chart = window.Chart;

const LEVELS = ['very uncertain', 'not certain', 'somewhat certain', 'moderately certain', 'fairly certain', 'very certain'];
const CLASSES = [
  ['consistentAlignment', 'CONSISTENT_ALIGNMENT', 'consistent alignment'],
  ['internalOverconfidence', 'INTERNAL_OVERCONFIDENCE', 'internal overconfidence'],
  ['externalOverconfidence', 'EXTERNAL_OVERCONFIDENCE', 'external overconfidence'],
  ['consistentDiscordance', 'CONSISTENT_DISCORDANCE', 'consistent discordance'],
  ['unclassified', 'UNCLASSIFIED', 'unclassified'],
];
const TREND_SPAN = 10;       // snapshots back that the trend arrow compares with
const TREND_FLAT = 0.02;     // a smaller change of rho shows as flat
const POINTS_KEPT = 600;     // rho-over-time points kept per series and window
const RECENT_LIMIT = 300;    // answers asked for the scatter, reliability and examples
const RECENT_EVERY_MS = 3000;

const state = {
  series: new Map(),        // key -> latest snapshot
  points: new Map(),        // key + '\n' + window -> [{t, received, rho, lower, upper, status, n}]
  alerts: new Map(),        // alertId -> latest AlertEvent
  alertsAvailable: false,
  window: localStorage.getItem('cpa.window') || 'last-1000',
  selected: null,
  recent: [],
  recentAt: 0,
  skips: new Map(),         // series key -> {total, byReason}, from /api/skips
  charts: {},
  range: {last: '7d'},      // the range picker: {last} or {fromMs, toMs}
  rangeAt: 0,
  daily: null,
  dailyAt: 0,
};
const RANGE_EVERY_MS = 30000; // ranges and days change slowly: asked again at most this often

// ---- small helpers -------------------------------------------------------------------------------------------------

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else e.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

const fmt = (x, d = 3) => (x === null || x === undefined || Number.isNaN(x)) ? '–' : Number(x).toFixed(d);
const pct = (x) => (x === null || x === undefined) ? '–' : (100 * x).toFixed(1) + '%';
const time = (ms) => new Date(ms).toLocaleTimeString([], {hour12: false});
const isSimulated = (model) => /simulat/i.test(model || '');
const pointsKey = (key, window) => key + '\n' + window;

/** What a statistic without a number says instead: the reason, never a value that does not exist. */
function missing(status) {
  if (status === 'INSUFFICIENT') return 'n < min n: insufficient';
  if (status === 'UNDEFINED') return 'undefined (no variance)';
  return '–';
}

function estimateNode(est, withCi = true) {
  if (!est) return el('span', {class: 'insufficient'}, 'no data');
  if (est.status !== 'OK') return el('span', {class: est.status.toLowerCase()}, missing(est.status));
  return el('span', {},
    el('span', {class: 'value'}, fmt(est.value)),
    withCi ? ' ' : null,
    withCi ? el('span', {class: 'ci'}, `[${fmt(est.lower)}, ${fmt(est.upper)}]`) : null);
}

function metricText(m, asPct = false) {
  if (!m) return '–';
  if (m.status !== 'OK') return missing(m.status);
  return asPct ? pct(m.value) : fmt(m.value);
}

async function getJson(url) {
  const r = await apiFetch(url, {headers: {Accept: 'application/json'}});
  if (!r.ok) {
    const err = new Error(`${url}: HTTP ${r.status}`);
    err.status = r.status;
    throw err;
  }
  return r.json();
}

// ---- series and their history --------------------------------------------------------------------------------------

function windowNames() {
  const names = new Set();
  for (const s of state.series.values()) Object.keys(s.windows || {}).forEach((w) => names.add(w));
  return [...names];
}

function addSnapshot(s) {
  if (!s || !s.seriesKey) return;
  const previous = state.series.get(s.seriesKey);
  if (previous && previous.computedAtMs > s.computedAtMs) return;   // an older one arriving late
  state.series.set(s.seriesKey, s);
  for (const [name, w] of Object.entries(s.windows || {})) {
    const k = pointsKey(s.seriesKey, name);
    const list = state.points.get(k) || [];
    const last = list[list.length - 1];
    if (last && last.t >= s.computedAtMs) continue;
    const sp = w.spearman || {};
    const pv = (w.probabilisticVc || {}).spearman || {};
    list.push(Object.assign({t: s.computedAtMs, received: s.received, n: sp.n, status: sp.status,
      rho: sp.status === 'OK' ? sp.value : null, lower: sp.status === 'OK' ? sp.lower : null,
      upper: sp.status === 'OK' ? sp.upper : null, pvcRho: pv.status === 'OK' ? pv.value : null}, accuracyPoint(w.estimatedAccuracy)));
    if (list.length > POINTS_KEPT) list.splice(0, list.length - POINTS_KEPT);
    state.points.set(k, list);
  }
}

/**
 * The accuracy chart's fields of one moment: the estimate of the unlabelled answers with its interval, and the
 * realised accuracy of the labelled ones; null where the window has no such number (no map, too few labels).
 */
function accuracyPoint(ea) {
  const u = (ea && ea.unlabelled) || {};
  const r = (ea && ea.realisedAccuracy) || {};
  const ok = u.status === 'OK';
  return {est: ok ? u.value : null, estLower: ok ? u.lower : null, estUpper: ok ? u.upper : null,
    realised: r.status === 'OK' ? r.value : null};
}

/** Up, down or flat: rho now against rho TREND_SPAN snapshots ago (or the oldest kept). */
function trend(key) {
  const list = (state.points.get(pointsKey(key, state.window)) || []).filter((p) => p.rho != null);
  if (list.length < 2) return {arrow: '·', cls: 'flat', title: 'not enough snapshots with a value yet'};
  const now = list[list.length - 1];
  const then = list[Math.max(0, list.length - 1 - TREND_SPAN)];
  const d = now.rho - then.rho;
  const title = `rho ${d >= 0 ? '+' : ''}${d.toFixed(3)} since ${time(then.t)}`;
  if (d > TREND_FLAT) return {arrow: '↑', cls: 'up', title};
  if (d < -TREND_FLAT) return {arrow: '↓', cls: 'down', title};
  return {arrow: '→', cls: 'flat', title};
}

/** Older points from the history endpoint, when the service has it; live points stay as they are. */
async function backfill(key) {
  try {
    const rows = await getJson(`/api/series/${encodeURIComponent(key)}/history?window=${encodeURIComponent(state.window)}&limit=500`);
    if (!Array.isArray(rows) || rows.length === 0) return;
    const k = pointsKey(key, state.window);
    const live = state.points.get(k) || [];
    const firstLive = live.length ? live[0].t : Infinity;
    const older = rows.filter((r) => r.atMs < firstLive).map((r) => ({
      t: r.atMs, received: r.received, n: r.n, status: r.status,
      rho: r.status === 'OK' ? r.rho : null, lower: r.status === 'OK' ? r.lower : null,
      upper: r.status === 'OK' ? r.upper : null, pvcRho: r.pvcRho == null ? null : r.pvcRho,
      // entries written before the accuracy estimate existed have none: the chart has a gap there
      est: r.estimated == null ? null : r.estimated,
      estLower: r.estimatedLower == null ? null : r.estimatedLower,
      estUpper: r.estimatedUpper == null ? null : r.estimatedUpper,
      realised: r.realised == null ? null : r.realised}));
    state.points.set(k, older.concat(live).slice(-POINTS_KEPT));
    if (state.selected === key) {
      renderRhoChart();
      renderAccuracyChart();
    }
  } catch (e) {
    // no history endpoint (yet), or the series moved: the chart shows what arrived live
  }
}

// ---- alerts --------------------------------------------------------------------------------------------------------

function addAlert(a) {
  if (!a || !a.alertId) return;
  const previous = state.alerts.get(a.alertId);
  if (previous && previous.atMs > a.atMs) return;
  state.alerts.set(a.alertId, a);
}

async function loadAlerts() {
  try {
    const list = await getJson('/api/alerts?state=all&limit=200');
    state.alertsAvailable = true;
    if (Array.isArray(list)) list.forEach(addAlert);
  } catch (e) {
    // no alert endpoint on this service: the panel says "no alerts"
  }
  renderAlerts();
}

function sortedAlerts(filterKey) {
  return [...state.alerts.values()]
    .filter((a) => !filterKey || a.seriesKey === filterKey)
    .sort((a, b) => (a.state === b.state ? b.atMs - a.atMs : (a.state === 'OPEN' ? -1 : 1)));
}

function openAlerts(key) {
  return [...state.alerts.values()].filter((a) => a.seriesKey === key && a.state === 'OPEN').length;
}

function alertInterval(a) {
  const observed = fmt(a.observed);
  return a.lower !== null && a.lower !== undefined ? `${observed} [${fmt(a.lower)}, ${fmt(a.upper)}]` : observed;
}

function alertItem(a, withSeries) {
  const limit = a.threshold !== null && a.threshold !== undefined ? `limit ${fmt(a.threshold)}`
    : (a.baseline !== null && a.baseline !== undefined ? `baseline ${fmt(a.baseline)}` : '');
  return el('li', {class: a.state === 'OPEN' ? 'open' : 'resolved', dataset: {alert: a.alertId}},
    el('span', {class: a.state === 'OPEN' ? 'badge bad' : 'badge ok'}, a.state.toLowerCase()), ' ',
    el('strong', {}, a.rule), withSeries ? el('span', {class: 'mono series'}, a.seriesKey) : null,
    el('span', {class: 'detail'}, `${time(a.atMs)} · ${a.window || ''} · observed ${alertInterval(a)} ${limit} · n = ${a.n}`),
    a.message ? el('span', {class: 'detail'}, a.message) : null);
}

function renderAlerts() {
  const items = sortedAlerts(null).slice(0, 12).map((a) => alertItem(a, true));
  document.getElementById('alerts').replaceChildren(...items);
  document.getElementById('alerts-empty').hidden = items.length > 0;
}

// ---- the series table ----------------------------------------------------------------------------------------------

function renderWindowChoice() {
  const select = document.getElementById('window');
  const names = windowNames();
  if (!names.includes(state.window) && names.length) state.window = names.includes('last-1000') ? 'last-1000' : names[0];
  const current = [...select.options].map((o) => o.value).join();
  if (current !== names.join()) {
    select.replaceChildren(...names.map((n) => el('option', {value: n}, n)));
  }
  select.value = state.window;
}

function renderTable() {
  renderWindowChoice();
  const keys = [...state.series.keys()].sort();
  const rows = keys.map((key) => {
    const s = state.series.get(key);
    const w = (s.windows || {})[state.window];
    const sp = w ? w.spearman : null;
    const t = trend(key);
    const open = openAlerts(key);
    let status;
    if (open > 0) status = el('span', {class: 'badge bad'}, `${open} open alert${open > 1 ? 's' : ''}`);
    else if (!sp) status = el('span', {class: 'badge warn'}, 'no window');
    else if (sp.status === 'OK') status = el('span', {class: 'badge ok'}, 'ok');
    else status = el('span', {class: 'badge warn'}, sp.status.toLowerCase());
    return el('tr', {dataset: {series: key}, class: key === state.selected ? 'selected' : null},
      el('td', {class: 'model'}, s.model, isSimulated(s.model) ? el('span', {class: 'badge sim', title: 'a simulated model, not a real LLM'}, 'simulated') : null),
      el('td', {}, s.source), el('td', {}, s.variant),
      el('td', {class: 'num rho'}, estimateNode(sp)),
      el('td', {class: 'num n'}, w ? w.pairedN : '–'),
      el('td', {class: `trend ${t.cls}`, title: t.title}, t.arrow),
      el('td', {class: 'num received'}, s.received),
      el('td', {class: 'num skipped', title: skipText(key)}, (state.skips.get(key) || {total: 0}).total),
      el('td', {class: 'status'}, status));
  });
  document.querySelector('#series tbody').replaceChildren(...rows);
  document.getElementById('series-empty').hidden = rows.length > 0;
  document.getElementById('series').hidden = rows.length === 0;
}

// ---- skipped answers and who was asked -------------------------------------------------------------------------------

/** "tool-calls 3, refusal 1" for a series, or "none". */
function skipText(key) {
  const k = state.skips.get(key);
  if (!k || !k.total) return 'none';
  return Object.entries(k.byReason).map(([r, n]) => `${r} ${n}`).join(', ');
}

async function loadSkips() {
  try {
    const list = await getJson('/api/skips');
    state.skips = new Map(list.map((k) => [k.seriesKey, k]));
    scheduleRender();
  } catch (e) {
    // the counts come back with the next poll
  }
}

/** Who gave the certainties of the latest answers: the model itself or a judge, as the certainty events say. */
function renderWhoAsked(key) {
  const by = new Map();
  for (const r of state.recent) {
    if (!r.certaintyBy) continue;
    const label = r.certaintyBy === 'self' ? `${r.certaintyModel} itself` : `${r.certaintyModel} (${r.certaintyBy})`;
    by.set(label, (by.get(label) || 0) + 1);
  }
  const asked = by.size ? [...by.entries()].map(([l, n]) => `${l}: ${n}`).join(', ') : 'not recorded';
  document.getElementById('who-asked').textContent =
    `certainty asked of ${asked} (latest answers) · skipped: ${skipText(key)}`;
}

// ---- the detail of one series --------------------------------------------------------------------------------------

function tile(label, main, small, cls) {
  const big = main instanceof Node ? main : el('span', {}, main);
  return el('div', {class: 'tile'}, el('div', {class: 'label'}, label),
    el('div', {class: 'big' + (cls ? ' ' + cls : '')}, big), small ? el('div', {class: 'small'}, small) : null);
}

/** A number that is not there: a dash, and the reason on hover. */
const absent = (why) => el('span', {class: 'absent', title: why}, '–');

/** Lines of a tile's small print, each a text or a node (null lines are left out). */
const lines = (...parts) => el('span', {}, ...parts.filter((p) => p !== null && p !== undefined)
  .map((p) => el('span', {class: 'small line'}, p)));

const KINDS = ['gold', 'human', 'judge', 'user-feedback'];

/** A delay in ms as the tile shows it: seconds below two minutes, then minutes, hours, days. */
function duration(ms) {
  const s = ms / 1000;
  if (s < 120) return `${s.toFixed(1)} s`;
  if (s < 7200) return `${(s / 60).toFixed(1)} min`;
  if (s < 172800) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86400).toFixed(1)} d`;
}

/**
 * The label delay's median and p95 (from answer to label; the service keeps them per day of the answers, so a
 * snapshot's are its latest days' and a range's those of the days it touches), or a dash saying why there are none.
 */
function delayNode(d) {
  if (!d) return el('span', {}, 'delay ', absent('this service reports no label delays here'));
  const p50 = d.medianMs || {}, p95 = d.p95Ms || {};
  if (p50.status !== 'OK' || p95.status !== 'OK') {
    return el('span', {}, 'delay ', absent(d.n ? `delays: ${missing(p50.status)}` : 'no label has arrived yet'));
  }
  return `delay p50 ${duration(p50.value)} · p95 ${duration(p95.value)} (n = ${d.n})`;
}

/**
 * Label coverage: the labelled share of the answers (headline correctness), the answers each labeller kind judged
 * (a window's own; ranges and since-start keep the headline only), and how late the labels came when known.
 */
function labelsTile(label, w, delays) {
  const c = w.labels;
  if (!c) return tile(label, absent('this window reports no label coverage'), lines(delayNode(delays)), 'insufficient');
  const n = c.labelled + c.unlabelled;
  const share = n > 0 ? pct(c.labelled / n) : absent('no answers in this window');
  const byKind = c.byKind
    ? (KINDS.filter((k) => c.byKind[k] > 0).map((k) => `${k} ${c.byKind[k]}`).join(' · ') || 'no labeller kind yet')
    : el('span', {}, 'by kind ', absent('ranges and since-start keep the headline correctness only'));
  return tile(label, share, lines(`${c.labelled} of ${n} labelled`, byKind, delayNode(delays)));
}

/**
 * The accuracy estimated for the unlabelled answers (with its interval and the map it came from) beside the accuracy
 * the labelled ones realised; with the series' latest check of a map against the labels that came after it, and a
 * badge when that check (or an open divergence alert) says the realised accuracy left the estimate's interval.
 */
function accuracyTile(label, w, check, key) {
  const ea = w.estimatedAccuracy;
  if (!ea || !ea.unlabelled) return tile(label, absent('this window reports no accuracy estimate'), null, 'insufficient');
  const u = ea.unlabelled;
  const ok = u.status === 'OK';
  const diverged = divergence(check, key);
  const main = el('span', {}, ok ? fmt(u.value) : absent(u.reason || missing(u.status)),
    diverged ? el('span', {class: 'badge bad', title: diverged.title}, diverged.text) : null);
  const estimate = ok
    ? `[${fmt(u.lower)}, ${fmt(u.upper)}] n = ${u.n} unlabelled · map ${u.mapVersion}${u.method ? ' (' + u.method.toLowerCase() + ')' : ''}`
    : `estimate: ${u.reason || missing(u.status)}`;
  const r = ea.realisedAccuracy || {};
  const realised = r.status === 'OK' ? `realised ${fmt(r.value)} by ${ea.labelled} labelled`
    : el('span', {}, 'realised ', absent(`${ea.labelled} labelled: ${missing(r.status)}`), ` (${ea.labelled} labelled)`);
  return tile(label, main, lines(estimate, realised, checkText(check)), ok ? null : 'insufficient');
}

/** The latest check of a map: what it estimated for the answers labelled since, and what they realised. */
function checkText(c) {
  if (!c) return null;
  if (c.verdict === 'INSUFFICIENT' || c.estimated == null) {
    return `check of map ${c.mapVersion}: ${c.n} labelled since, too few to judge`;
  }
  return `check of map ${c.mapVersion}: realised ${fmt(c.realised)} by ${c.n} labelled since, estimated ${fmt(c.estimated)} [${fmt(c.lower)}, ${fmt(c.upper)}]: ${c.verdict.toLowerCase()}`;
}

/** The badge: a check saying BELOW or ABOVE, else an open divergence alert of the series; null otherwise. */
function divergence(check, key) {
  if (check && (check.verdict === 'BELOW' || check.verdict === 'ABOVE')) {
    return {text: check.verdict === 'BELOW' ? 'realised below the estimate' : 'realised above the estimate', title: checkText(check)};
  }
  const alert = key && [...state.alerts.values()].find((a) => a.seriesKey === key && a.state === 'OPEN' && a.rule === 'accuracy-estimate-diverges');
  if (!alert) return null;
  return {text: alert.lower != null && alert.observed < alert.lower ? 'realised below the estimate' : 'realised above the estimate',
    title: alert.message || alert.rule};
}

function calibrationRows(kind, pair) {
  const cell = (m, asPct) => el('td', {class: 'num'}, m && m.status !== 'OK' ? absent(missing(m.status)) : metricText(m, asPct));
  return [['IC', pair.ic], ['VC', pair.vc]].filter(([, c]) => c && c.n > 0).map(([signal, c], i) => el('tr',
    {class: i === 0 ? 'kind-first' : null, dataset: {kind, signal}},
    el('td', {}, i === 0 ? kind : ''), el('td', {}, signal), el('td', {class: 'num'}, String(c.n)),
    cell(c.accuracy, true), cell(c.ece), cell(c.brier), cell(c.auroc)));
}

/** IC and VC calibration per labeller kind over the answers that kind judged, the kinds that judged any. */
function renderCalibrationByKind(w) {
  const by = w.calibrationByKind;
  const rows = by ? KINDS.flatMap((k) => (by[k] ? calibrationRows(k, by[k]) : [])) : [];
  const why = !by ? 'this window reports no calibration per labeller kind' : 'no labelled answers in this window';
  document.querySelector('#calibration-by-kind tbody').replaceChildren(...(rows.length ? rows
    : [el('tr', {}, el('td', {colspan: 7, class: 'empty'}, why))]));
}

function estimateTile(label, est) {
  if (!est) return tile(label, 'no data', null, 'insufficient');
  if (est.status !== 'OK') return tile(label, missing(est.status), `n = ${est.n}`, est.status.toLowerCase());
  return tile(label, fmt(est.value), `[${fmt(est.lower)}, ${fmt(est.upper)}]  n = ${est.n}  p = ${Number(est.pValue).toPrecision(2)}`);
}

/** The probabilistic VC (first-token expectation) beside the parsed VC: its rho, and how often its mode disagrees. */
function probabilisticTile(p) {
  const label = 'probabilistic VC: rho';
  if (!p || p.n === 0) return tile(label, 'no logprobs', 'the certainty replies carried no level probabilities', 'insufficient');
  const est = p.spearman;
  const disagree = p.modeCompared > 0 ? `mode ≠ parsed ${p.modeDisagreements} of ${p.modeCompared}` : 'no parsed level to compare';
  const entropy = p.meanEntropy && p.meanEntropy.status === 'OK' ? `; entropy ${fmt(p.meanEntropy.value)} bits` : '';
  if (est.status !== 'OK') return tile(label, missing(est.status), `n = ${est.n}; ${disagree}${entropy}`, est.status.toLowerCase());
  return tile(label, fmt(est.value),
    `[${fmt(est.lower)}, ${fmt(est.upper)}]  n = ${est.n}  p = ${Number(est.pValue).toPrecision(2)}; ${disagree}${entropy}`);
}

function calibrationTile(label, c) {
  if (!c || c.n === 0) return tile(label, 'no labelled answers', null, 'insufficient');
  const ece = c.ece || {};
  const main = ece.status === 'OK' ? fmt(ece.value) : missing(ece.status);
  const small = ece.status === 'OK'
    ? `accuracy ${metricText(c.accuracy, true)}  Brier ${metricText(c.brier)}  AUROC ${metricText(c.auroc)}  n = ${c.n}`
    : `n = ${c.n} labelled`;
  return tile(label, main, small,
    ece.status === 'OK' ? null : (ece.status || 'insufficient').toLowerCase());
}

function renderDetail() {
  const panel = document.getElementById('detail');
  const s = state.selected && state.series.get(state.selected);
  if (!s) {
    panel.hidden = true;
    return;
  }
  panel.hidden = false;
  const w = (s.windows || {})[state.window];
  document.getElementById('detail-title').replaceChildren(...[
    // a tenant other than the default is the key's fourth part: say it, as two tenants may share model and source
    el('span', {}, `${s.model} · ${s.source} · ${s.variant}${(s.seriesKey || '').split('|')[3] ? ' · tenant ' + s.seriesKey.split('|')[3] : ''}`),
    isSimulated(s.model) ? el('span', {class: 'badge sim'}, 'simulated') : null,
    el('span', {class: 'hint'}, `window ${state.window} · ${s.received} received · snapshot ${time(s.computedAtMs)}`)].filter(Boolean));
  if (!w) {
    document.getElementById('tiles').replaceChildren(el('p', {class: 'empty'}, `no ${state.window} window in this series`));
    return;
  }
  const failures = w.parseFailureRate || {};
  document.getElementById('tiles').replaceChildren(
    estimateTile('Spearman rho', w.spearman),
    probabilisticTile(w.probabilisticVc),
    estimateTile('Kendall tau-b', w.kendall),
    estimateTile('Pearson r', w.pearson),
    tile('parse failures', failures.status === 'OK' ? pct(failures.value) : missing(failures.status),
      `${w.vcParseFailures} of ${w.n}; ${w.icMissing} without IC`, failures.status === 'OK' ? null : 'insufficient'),
    calibrationTile('IC calibration: ECE', w.icCalibration),
    calibrationTile('VC calibration: ECE', w.vcCalibration));
  document.getElementById('parse-rate').textContent =
    `${w.vcParseFailures} of ${w.n} in ${state.window}` + (failures.status === 'OK' ? ` (${pct(failures.value)})` : '');
  document.getElementById('label-tiles').replaceChildren(
    labelsTile('labels: labelled share', w, s.labelDelays),
    accuracyTile('accuracy: estimated (unlabelled) vs realised (labelled)', w, s.accuracyCheck, state.selected));
  renderCalibrationByKind(w);
  renderRhoChart();
  renderAccuracyChart();
  renderDistributions(w);
  renderReliability(w);
  renderRecent();
  renderWhoAsked(state.selected);
  renderDetailAlerts();
}

function chart(id, config) {
  const existing = state.charts[id];
  if (existing && existing.config.type === config.type) {
    existing.data.labels = config.data.labels;
    config.data.datasets.forEach((d, i) => {
      if (existing.data.datasets[i]) Object.assign(existing.data.datasets[i], d);
      else existing.data.datasets.push(d);
    });
    existing.data.datasets.length = config.data.datasets.length;
    if (config.options && config.options.plugins) Object.assign(existing.options.plugins, config.options.plugins);
    for (const [axis, opts] of Object.entries((config.options && config.options.scales) || {})) {
      if (existing.options.scales[axis]) Object.assign(existing.options.scales[axis], opts);
    }
    existing.update('none');
    return existing;
  }
  if (existing) existing.destroy();
  config.options = Object.assign({responsive: true, maintainAspectRatio: false, animation: false}, config.options || {});
  state.charts[id] = new Chart(document.getElementById(id), config);
  return state.charts[id];
}

/**
 * One series' points over time: a 95% interval as a band between two fields, and lines over it (each {field, ...its
 * Chart.js style}); x is the snapshot time. The rho and the accuracy charts are drawn by it.
 */
function overTime(id, points, band, lines, y, legend) {
  const xy = (f) => points.map((p) => ({x: p.t, y: p[f]}));
  chart(id, {
    type: 'line',
    data: {
      datasets: [
        {label: 'upper', data: xy(band.upper), borderWidth: 0, pointRadius: 0, fill: '+1', backgroundColor: band.color, spanGaps: false},
        {label: 'lower', data: xy(band.lower), borderWidth: 0, pointRadius: 0, fill: false, spanGaps: false},
        ...lines.map(({field, ...style}) => Object.assign({data: xy(field), borderWidth: 2, pointRadius: 0, fill: false, spanGaps: false}, style)),
      ],
    },
    options: {
      parsing: true,
      scales: {
        x: {type: 'linear', ticks: {callback: (v) => time(v), maxTicksLimit: 8},
          min: points.length ? points[0].t : undefined, max: points.length ? points[points.length - 1].t : undefined},
        y,
      },
      plugins: {legend, tooltip: {callbacks: {title: (items) => items.length ? time(items[0].parsed.x) : ''}}},
    },
  });
}

function renderRhoChart() {
  const points = state.points.get(pointsKey(state.selected, state.window)) || [];
  const withValue = points.filter((p) => p.rho != null).length;
  const note = document.getElementById('note-rho');
  if (points.length && withValue === 0) note.textContent = `n < min n: insufficient (n = ${points[points.length - 1].n}); rho is drawn once the window has enough pairs`;
  else note.textContent = points.length ? '' : 'waiting for snapshots';
  overTime('chart-rho', points, {upper: 'upper', lower: 'lower', color: 'rgba(47,111,222,0.15)'}, [
    {field: 'rho', label: 'rho', borderColor: '#2f6fde'},
    {field: 'pvcRho', label: 'probabilistic VC rho', borderColor: '#c2571a', borderDash: [6, 3]},
  ], {suggestedMin: -0.2, suggestedMax: 1, title: {display: true, text: 'rho'}},
  {display: points.some((p) => p.pvcRho != null), labels: {filter: (item) => item.text.includes('rho')}});
}

/** Estimated accuracy of the unlabelled answers with its band, and realised accuracy of the labelled ones, over time. */
function renderAccuracyChart() {
  const points = state.points.get(pointsKey(state.selected, state.window)) || [];
  const estimated = points.filter((p) => p.est != null).length;
  const realised = points.filter((p) => p.realised != null).length;
  const note = document.getElementById('note-accuracy');
  if (!points.length) note.textContent = 'waiting for snapshots';
  else if (!estimated && !realised) note.textContent = 'no estimate and no realised accuracy yet: both need labelled answers (at least min n)';
  else if (!estimated) note.textContent = 'no estimate yet: the accuracy map needs enough labelled answers';
  else if (!realised) note.textContent = 'no realised accuracy yet: n < min n labelled answers';
  else note.textContent = '';
  overTime('chart-accuracy', points, {upper: 'estUpper', lower: 'estLower', color: 'rgba(74,163,162,0.18)'}, [
    {field: 'est', label: 'estimated (unlabelled)', borderColor: '#4aa3a2'},
    {field: 'realised', label: 'realised (labelled)', borderColor: '#c2571a'},
  ], {min: 0, max: 1, title: {display: true, text: 'accuracy'}},
  {labels: {boxWidth: 10, filter: (item) => item.text !== 'upper' && item.text !== 'lower'}});
}

function renderDistributions(w) {
  chart('chart-levels', {
    type: 'bar',
    data: {labels: LEVELS, datasets: [{label: 'answers', data: w.levelCounts || [], backgroundColor: '#6b8fd6'}]},
    options: {plugins: {legend: {display: false}}, scales: {x: {ticks: {autoSkip: false, maxRotation: 40, minRotation: 30, font: {size: 10}}}}},
  });
  const bins = (w.icHistogram || []).length;
  chart('chart-ic', {
    type: 'bar',
    data: {
      labels: (w.icHistogram || []).map((_, i) => (i / bins).toFixed(2)),
      datasets: [{label: 'answers', data: w.icHistogram || [], backgroundColor: '#4aa3a2', barPercentage: 1, categoryPercentage: 1}],
    },
    options: {plugins: {legend: {display: false}}, scales: {x: {title: {display: true, text: 'IC (bin start)'}, ticks: {maxTicksLimit: 6}}}},
  });
  const t = w.taxonomy || {};
  chart('chart-taxonomy', {
    type: 'bar',
    data: {labels: CLASSES.map((c) => c[2]), datasets: [{label: 'answers', data: CLASSES.map((c) => t[c[0]] || 0),
      backgroundColor: ['#1f8a4c', '#c0392b', '#d9822b', '#7c3aed', '#9ca3af']}]},
    options: {indexAxis: 'y', plugins: {legend: {display: false}}},
  });
}

/** A fixed offset per answer, so the scatter does not move between refreshes. */
function jitter(id) {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return (((h >>> 0) % 1000) / 1000 - 0.5) * 0.08;
}

function renderRecent() {
  const recent = state.recent;
  // absent fields are left out of the JSON: test with != null, which also catches undefined
  const paired = recent.filter((r) => r.ic != null && r.vc != null);
  const labelled = (r) => r.correct === true || r.correct === false;
  const cloud = (pred) => paired.filter(pred).map((r) => ({x: r.ic, y: r.vc + jitter(r.answerId)}));
  const anyLabels = paired.some(labelled);
  chart('chart-scatter', {
    type: 'scatter',
    data: {
      datasets: anyLabels
        ? [{label: 'correct', data: cloud((r) => r.correct === true), backgroundColor: 'rgba(31,138,76,0.45)', pointRadius: 2.5},
          {label: 'incorrect', data: cloud((r) => r.correct === false), backgroundColor: 'rgba(192,57,43,0.45)', pointRadius: 2.5},
          {label: 'no label', data: cloud((r) => !labelled(r)), backgroundColor: 'rgba(107,114,128,0.45)', pointRadius: 2.5}]
        : [{label: 'answers', data: cloud(() => true), backgroundColor: 'rgba(47,111,222,0.45)', pointRadius: 2.5}],
    },
    options: {
      scales: {
        x: {min: 0, max: 1, title: {display: true, text: 'IC'}},
        // the jitter spreads each level by +-0.04: room around 0 and 1, ticks only at the six levels
        y: {min: -0.08, max: 1.08, title: {display: true, text: 'VC'},
          afterBuildTicks: (axis) => { axis.ticks = [0, 0.2, 0.4, 0.6, 0.8, 1].map((v) => ({value: v})); }},
      },
      plugins: {legend: {display: anyLabels, labels: {boxWidth: 10}}},
    },
  });
  document.getElementById('note-scatter').textContent = paired.length ? '' : 'no answers with both IC and VC yet';
  renderExamples(recent);
  renderFailures(recent);
}

/**
 * Accuracy against stated confidence over the whole window, from the calibration bins of the snapshot (the bins of
 * the ECE, counted by the analysis over every labelled answer of the window): IC in equal-width bins, VC per level.
 */
function renderReliability(w) {
  const note = document.getElementById('note-reliability');
  const ic = (w.icCalibration && w.icCalibration.bins) || [];
  const vc = (w.vcCalibration && w.vcCalibration.bins) || [];
  const ideal = {label: 'ideal', data: [{x: 0, y: 0}, {x: 1, y: 1}], showLine: true, borderColor: '#9ca3af', borderDash: [4, 4], pointRadius: 0, borderWidth: 1};
  if (ic.length === 0 && vc.length === 0) {
    const labelled = Math.max((w.icCalibration || {}).n || 0, (w.vcCalibration || {}).n || 0);
    note.textContent = labelled > 0
      ? `${labelled} labelled answers: n < min n: insufficient`
      : 'no labelled answers: a reliability diagram needs gold labels';
    chart('chart-reliability', {type: 'scatter', data: {datasets: [ideal]},
      options: {scales: {x: {min: 0, max: 1}, y: {min: 0, max: 1}}, plugins: {legend: {display: false}}}});
    return;
  }
  note.textContent = `${w.icCalibration.n} labelled answers with IC, ${w.vcCalibration.n} with VC, in ${state.window}; point size grows with the answers in a bin`;
  const size = (n) => Math.min(9, 2 + Math.sqrt(n) / 2);
  const points = (bins) => bins.map((b) => ({x: b.meanConfidence, y: b.correct / b.n, n: b.n}));
  const icPoints = points(ic);
  const vcPoints = points(vc);
  chart('chart-reliability', {
    type: 'scatter',
    data: {
      datasets: [
        ideal,
        {label: 'IC', data: icPoints, showLine: true, borderColor: '#4aa3a2', backgroundColor: '#4aa3a2', pointRadius: icPoints.map((p) => size(p.n))},
        {label: 'VC', data: vcPoints, showLine: true, borderColor: '#6b8fd6', backgroundColor: '#6b8fd6', pointRadius: vcPoints.map((p) => size(p.n))},
      ],
    },
    options: {
      scales: {x: {min: 0, max: 1, title: {display: true, text: 'stated confidence'}}, y: {min: 0, max: 1, title: {display: true, text: 'accuracy'}}},
      plugins: {
        legend: {labels: {boxWidth: 10, filter: (item) => item.text !== 'ideal'}},
        tooltip: {callbacks: {label: (c) => `${c.dataset.label}: ${fmt(c.parsed.x, 2)} → ${pct(c.parsed.y)} (n = ${c.raw.n})`}},
      },
    },
  });
}

function levelNode(r) {
  if (r.level === null || r.level === undefined) return '–';
  return el('span', {title: LEVELS[r.level] || String(r.level)}, fmt(r.vc, 1));
}

function renderExamples(recent) {
  const rows = [];
  for (const [, name, label] of CLASSES) {
    if (name === 'UNCLASSIFIED') continue;
    const examples = recent.filter((r) => r.taxonomy === name).slice(0, 2);
    if (examples.length === 0) {
      rows.push(el('tr', {}, el('td', {class: 'nowrap'}, label), el('td', {colspan: 5, class: 'empty'}, 'none among the latest answers')));
    }
    for (const r of examples) {
      rows.push(el('tr', {}, el('td', {class: 'nowrap'}, label), el('td', {class: 'mono'}, r.answerId.slice(0, 8)), el('td', {class: 'mono'}, r.questionId || ''),
        el('td', {class: 'num'}, fmt(r.ic)), el('td', {class: 'num'}, levelNode(r)), el('td', {class: 'reply'}, r.raw || '')));
    }
  }
  document.querySelector('#examples tbody').replaceChildren(...rows);
}

function renderFailures(recent) {
  const failed = recent.filter((r) => r.status && r.status !== 'OK').slice(0, 8);
  document.querySelector('#failures tbody').replaceChildren(...failed.map((r) => el('tr', {},
    el('td', {class: 'mono'}, r.answerId.slice(0, 8)), el('td', {}, r.status.toLowerCase()), el('td', {class: 'reply'}, r.raw || ''))));
  document.getElementById('failures').hidden = failed.length === 0;
  document.getElementById('failures-empty').hidden = failed.length > 0;
}

function renderDetailAlerts() {
  const items = sortedAlerts(state.selected).slice(0, 10).map((a) => alertItem(a, false));
  document.getElementById('detail-alerts').replaceChildren(...(items.length ? items : [el('li', {class: 'empty'}, 'no alerts')]));
}

async function refreshRecent(force) {
  const key = state.selected;
  if (!key || (!force && Date.now() - state.recentAt < RECENT_EVERY_MS)) return;
  state.recentAt = Date.now();
  try {
    const list = await getJson(`/api/series/${encodeURIComponent(key)}/recent?limit=${RECENT_LIMIT}`);
    if (state.selected !== key) return;
    state.recent = Array.isArray(list) ? list : [];
    renderRecent();
  } catch (e) {
    // 503 while the owner rebalances: the next snapshot asks again
  }
}

// ---- ranges and days ----------------------------------------------------------------------------------------------

const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
const day = (ms) => new Date(ms).toISOString().slice(0, 10);

/** The range, then the same length just before it, and the difference of each correlation (server-side rule). */
async function refreshRange(force) {
  const key = state.selected;
  if (!key || (!force && Date.now() - state.rangeAt < RANGE_EVERY_MS)) return;
  state.rangeAt = Date.now();
  const base = `/api/series/${encodeURIComponent(key)}`;
  const note = document.getElementById('range-note');
  try {
    const q = state.range.last ? `last=${state.range.last}` : `from=${state.range.fromMs}&to=${state.range.toMs}`;
    const range = await getJson(`${base}/range?${q}`);
    const from = range.requestedFromMs, to = range.requestedToMs, len = to - from;
    const cmp = await getJson(`${base}/compare?from=${from}&to=${to}&baseFrom=${from - len}&baseTo=${from}`);
    if (state.selected !== key) return;
    renderRange(cmp);
  } catch (e) {
    if (state.selected === key) note.textContent = `range not available (${e.message})`;
  }
  refreshDaily(force);
}

function differenceTile(label, d, n) {
  if (!d || d.status !== 'OK') return tile(label, missing(d ? d.status : 'INSUFFICIENT'), n, 'insufficient');
  const sign = (x) => (x > 0 ? '+' : '') + fmt(x);
  const clear = d.lower > 0 || d.upper < 0;
  return tile(label, sign(d.value), `[${sign(d.lower)}, ${sign(d.upper)}] ${clear ? 'the interval excludes 0' : 'the interval includes 0'}`);
}

function renderRange(cmp) {
  const r = cmp.range, b = cmp.baseline, w = r.window;
  document.getElementById('range-note').textContent =
    `${iso(r.fromMs)} to ${iso(r.toMs)} (covered by ${r.buckets} buckets; asked ${iso(r.requestedFromMs)} to ${iso(r.requestedToMs)});` +
    ` compared with ${iso(b.fromMs)} to ${iso(b.toMs)}`;
  document.getElementById('range-tiles').replaceChildren(
    estimateTile('range: Spearman rho', w.spearman),
    estimateTile('range: Kendall tau-b', w.kendall),
    calibrationTile('range: IC calibration: ECE', w.icCalibration),
    labelsTile('range: labelled share', w, r.labelDelays),
    accuracyTile('range: accuracy, estimated vs realised', w, null, null),
    estimateTile('period before: Spearman rho', b.window.spearman),
    differenceTile('rho, range minus period before', cmp.difference.spearman, `n = ${w.pairedN} and ${b.window.pairedN}`));
  document.getElementById('range-tiles').dataset.n = w.n;
}

async function refreshDaily(force) {
  const key = state.selected;
  if (!key || (!force && Date.now() - state.dailyAt < RANGE_EVERY_MS)) return;
  state.dailyAt = Date.now();
  try {
    const d = await getJson(`/api/series/${encodeURIComponent(key)}/daily?days=90`);
    if (state.selected !== key) return;
    state.daily = d;
    renderDaily();
  } catch (e) {
    document.getElementById('note-daily').textContent = `days not available (${e.message})`;
  }
}

function renderDaily() {
  const days = (state.daily && state.daily.days) || [];
  const first = days.findIndex((d) => d.window.n > 0);
  const shown = first < 0 ? [] : days.slice(first);
  const val = (d, f) => (d.window.spearman.status === 'OK' ? d.window.spearman[f] : null);
  const withValue = shown.filter((d) => val(d, 'value') !== null).length;
  document.getElementById('note-daily').textContent = shown.length === 0 ? 'no answers in the last 90 days'
    : `${withValue} of ${shown.length} days with enough pairs for rho` + (withValue < shown.length ? ' (gaps: n < min n)' : '');
  chart('chart-daily', {
    type: 'line',
    data: {
      labels: shown.map((d) => day(d.fromMs)),
      datasets: [
        {label: 'upper', data: shown.map((d) => val(d, 'upper')), borderWidth: 0, pointRadius: 0, fill: '+1', backgroundColor: 'rgba(47,111,222,0.15)', spanGaps: false},
        {label: 'lower', data: shown.map((d) => val(d, 'lower')), borderWidth: 0, pointRadius: 0, fill: false, spanGaps: false},
        {label: 'rho', data: shown.map((d) => val(d, 'value')), borderColor: '#2f6fde', borderWidth: 2, pointRadius: 2, fill: false, spanGaps: false},
      ],
    },
    options: {
      scales: {y: {suggestedMin: -0.2, suggestedMax: 1, title: {display: true, text: 'rho'}}, x: {ticks: {maxTicksLimit: 10}}},
      plugins: {
        legend: {display: false},
        tooltip: {callbacks: {afterBody: (items) => items.length ? `n = ${shown[items[0].dataIndex].window.pairedN}` : ''}},
      },
    },
  });
}

function chooseRange(range, button) {
  state.range = range;
  document.querySelectorAll('#range-picker button').forEach((b) => b.classList.toggle('chosen', b === button));
  refreshRange(true);
}

document.getElementById('range-picker').addEventListener('click', (e) => {
  const b = e.target.closest('button[data-last]');
  if (b) chooseRange({last: b.dataset.last}, b);
});
document.getElementById('range-custom').addEventListener('click', (e) => {
  // datetime-local is local time; the API takes instants
  const from = Date.parse(document.getElementById('range-from').value);
  const to = Date.parse(document.getElementById('range-to').value);
  if (Number.isNaN(from) || Number.isNaN(to) || to <= from) {
    document.getElementById('range-note').textContent = 'custom range: give a from before the to';
    return;
  }
  chooseRange({fromMs: from, toMs: to}, e.target);
});

// ---- selection, navigation, live feed ------------------------------------------------------------------------------

function select(key) {
  if (state.selected !== key) {
    state.selected = key;
    state.recent = [];
    state.recentAt = 0;
    state.rangeAt = 0;
    state.dailyAt = 0;
  }
  renderTable();
  renderDetail();
  if (key) {
    backfill(key);
    refreshRecent(true);
    refreshRange(true);
  }
}

function fromHash() {
  const m = location.hash.match(/^#\/series\/(.+)$/);
  select(m ? decodeURIComponent(m[1]) : null);
}

let renderPending = false;
function scheduleRender() {
  if (renderPending) return;
  renderPending = true;
  requestAnimationFrame(() => {
    renderPending = false;
    renderTable();
    renderDetail();
    document.getElementById('updated').textContent = 'updated ' + time(Date.now());
  });
}

function setConnection(s, text) {
  const c = document.getElementById('connection');
  c.dataset.state = s;
  c.textContent = text || s;
}

let loading = null;
function loadSeries() {
  // one load at a time: a key given while the first load waits must not start a second loop
  if (!loading) loading = loadSeriesOnce().finally(() => { loading = null; });
  return loading;
}

async function loadSeriesOnce() {
  for (let attempt = 0; ; attempt++) {
    try {
      const list = await getJson('/api/series');
      document.getElementById('series-empty').textContent = 'waiting for the first snapshot…';
      list.forEach(addSnapshot);
      scheduleRender();
      return;
    } catch (e) {
      if (e instanceof CredentialsError) {
        attempt = -1;
        if (e.stale) continue;
        document.getElementById('series-empty').textContent = e.message;
        setConnection('offline', e.status === 403 ? 'offline: key not allowed' : 'offline: needs a key');
        await nextCredentialsChange();
        continue;
      }
      // 503 while the analysis state is restored: say so and try again
      document.getElementById('series-empty').textContent = `analysis not ready (${e.message}); retrying…`;
      await new Promise((r) => setTimeout(r, Math.min(10000, 1000 * (attempt + 1))));
    }
  }
}

// The live feed: /api/stream read with fetch() (EventSource cannot send X-CPA-Key). As EventSource did: a dropped
// connection is retried after the reconnection time (3 s, or the server's "retry:"), shown as "reconnecting"; an
// error status is retried with a backoff from 1 s to 30 s, shown as "offline"; after any gap the current state is
// read again, since snapshots sent meanwhile are not replayed. 401 and 403 wait for a key instead.
const RECONNECT_MS = 3000;
let stream = null;            // the AbortController of the open request
let reconnectMs = RECONNECT_MS;
let retryMs = 1000;
let hadGap = false;
let retryTimer = null;

function dispatch(e) {
  let data;
  try {
    data = JSON.parse(e.data);
  } catch (err) {
    return;
  }
  if (e.type === 'alert') {
    addAlert(data);
    renderAlerts();
    scheduleRender();
    return;
  }
  if (e.type !== 'message') return;
  addSnapshot(data);
  scheduleRender();
  if (state.selected) {
    refreshRecent(false);
    refreshRange(false);
  }
}

function retryLater(ms) {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(connect, ms);
}

async function connect() {
  clearTimeout(retryTimer);
  if (stream) stream.abort();
  const ctrl = new AbortController();
  stream = ctrl;
  let response;
  try {
    // not apiFetch: a refused stream is aborted by the connect() a new key starts, and says nothing about that key
    response = await fetch('/api/stream', {headers: withKey({Accept: 'text/event-stream'}), credentials: 'same-origin',
      cache: 'no-store', signal: ctrl.signal});
  } catch (e) {
    if (ctrl.signal.aborted) return;
    setConnection('reconnecting');
    hadGap = true;
    retryLater(reconnectMs);
    return;
  }
  if (ctrl.signal.aborted) return;
  if (response.status === 401 || response.status === 403) {
    credentialsRefused(response.status);
    setConnection('offline', response.status === 403 ? 'offline: key not allowed' : 'offline: needs a key');
    hadGap = true;
    return;   // connect() runs again when a key is given
  }
  if (!response.ok || !response.body) {
    setConnection('offline', `offline, retrying in ${Math.round(retryMs / 1000)} s`);
    hadGap = true;
    retryLater(retryMs);
    retryMs = Math.min(30000, retryMs * 2);
    return;
  }
  setConnection('live');
  retryMs = 1000;
  if (hadGap) {
    hadGap = false;
    loadSeries();
    loadAlerts();
  }
  const parser = new SseParser(dispatch, (ms) => { reconnectMs = ms; });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const {value, done} = await reader.read();
      if (done) break;
      parser.push(value);
    }
  } catch (e) {
    // the connection dropped: reconnect below
  }
  if (ctrl.signal.aborted) return;
  setConnection('reconnecting');
  hadGap = true;
  retryLater(reconnectMs);
}

document.getElementById('window').addEventListener('change', (e) => {
  state.window = e.target.value;
  localStorage.setItem('cpa.window', state.window);
  if (state.selected) backfill(state.selected);
  scheduleRender();
});
document.querySelector('#series tbody').addEventListener('click', (e) => {
  const row = e.target.closest('tr[data-series]');
  if (row) location.hash = '#/series/' + encodeURIComponent(row.dataset.series);
});
window.addEventListener('hashchange', fromHash);

if (Chart) {
  Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
  Chart.defaults.font.size = 11;
  Chart.defaults.color = '#4b5563';
}

initKeyForm();
onCredentialsChanged(() => {
  // a key given or forgotten: read everything again with it, and reopen the stream
  loadSeries();
  loadAlerts();
  loadSkips();
  connect();
  if (state.selected) select(state.selected);
});
await loadSeries();
loadAlerts();
loadSkips();
setInterval(loadSkips, 5000); // skips come on no stream: counts a few seconds old are enough
connect();
fromHash();
