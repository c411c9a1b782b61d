// marsplan's page: every view asks the HTTP API (the CLI's JSON) and draws it with the bundled plotly.js.
"use strict";

const $ = (id) => document.getElementById(id);
const PLOT_CONFIG = { responsive: true, displaylogo: false };
const state = { catalog: null, porkchop: null, cell: null, kept: [] };

async function api(path, params, options) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    for (const one of Array.isArray(value) ? value : [value]) {  // a list: the option repeated
      if (one !== null && one !== undefined && one !== "") query.append(key, one);
    }
  }
  const response = await fetch(`/api/${path}${query.toString() ? "?" + query : ""}`, options);
  const data = await response.json().catch(() => ({ detail: `HTTP ${response.status}` }));
  if (!response.ok) throw new Error(data.detail || `HTTP ${response.status}`);
  return response.status === 202 ? waitForJob(data, (options || {}).onProgress) : data;
}

// long work runs as a server job: poll it, telling onProgress what it reports, and return its result
async function waitForJob(job, onProgress) {
  while (job.status === "queued" || job.status === "running") {
    if (onProgress) onProgress(job);
    await new Promise((resolve) => setTimeout(resolve, 250));
    const response = await fetch(job.url);
    job = await response.json();
    if (!response.ok) throw new Error(job.detail || `HTTP ${response.status}`);
  }
  if (job.status === "failed") throw new Error(job.error);
  return job.result;
}

function jobText(job) {
  const p = job.progress || {};
  const seconds = job.elapsed_s ? `, ${Math.round(job.elapsed_s)} s` : "";
  if (p.total) return `${job.command}: ${p.done} of ${p.total}${seconds}`;
  if (p.stage) return `${job.command}: ${p.stage} (stage ${p.stages}${seconds})`;
  return `${job.command}: ${job.status}${seconds}`;
}

function shellWord(text) {
  const s = String(text);
  return /^[A-Za-z0-9_.,:\/+-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}

function cliLine(command, args, options) {
  const parts = ["marsplan", command, ...args.map(shellWord)];
  for (const [key, value] of Object.entries(options)) {
    for (const one of Array.isArray(value) ? value : [value]) {
      if (one === null || one === undefined || one === "") continue;
      parts.push(`--${key}`, shellWord(one));
    }
  }
  parts.push("--format", "json");
  return parts.join(" ");
}

function reproduce(prefix, line, data, name) {
  $(`${prefix}-cli`).textContent = line;
  const link = $(`${prefix}-json`);
  if (link.dataset.url) URL.revokeObjectURL(link.dataset.url);
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 1)], { type: "application/json" }));
  link.href = url;
  link.dataset.url = url;
  link.download = name;
}

function status(prefix, text, isError) {
  const el = $(`${prefix}-status`);
  el.textContent = text;
  el.classList.toggle("error", Boolean(isError));
}

function fmt(value, digits) {
  return value === null || value === undefined || Number.isNaN(value) ? "–" : Number(value).toFixed(digits);
}

function fillSelect(select, options, chosen) {
  select.innerHTML = "";
  for (const opt of options) {
    const el = document.createElement("option");
    el.value = opt.id;
    el.textContent = opt.name;
    if (opt.id === chosen) el.selected = true;
    select.appendChild(el);
  }
}

function addDays(isoDate, days) {
  const t = Date.parse(isoDate.length <= 19 ? isoDate + "Z" : isoDate) + days * 86400e3;
  return new Date(t).toISOString().slice(0, 16).replace("T", " ");
}

// ---- tabs
for (const tab of document.querySelectorAll("nav button")) {
  tab.addEventListener("click", () => {
    for (const other of document.querySelectorAll("nav button")) other.setAttribute("aria-selected", String(other === tab));
    for (const view of document.querySelectorAll(".view")) view.hidden = view.dataset.view !== tab.dataset.view;
    window.dispatchEvent(new Event("resize"));  // plots drawn while hidden take their real size
  });
}

for (const button of document.querySelectorAll("button.copy")) {
  button.addEventListener("click", async () => {
    const text = $(button.dataset.for).textContent;
    try { await navigator.clipboard.writeText(text); button.textContent = "Copied"; }
    catch (e) { button.textContent = "Select and copy"; }
    setTimeout(() => { button.textContent = "Copy"; }, 1500);
  });
}

// ---- porkchop explorer
function porkchopOptions() {
  return {
    origin: $("pc-origin").value, target: $("pc-target").value,
    depart: `${$("pc-depart-from").value}:${$("pc-depart-to").value}`,
    tof: `${$("pc-tof-min").value}:${$("pc-tof-max").value}`,
    step: $("pc-step").value, capture: $("pc-capture").value,
  };
}

async function runPorkchop() {
  const options = porkchopOptions();
  status("pc", "Computing the porkchop…");
  $("pc-run").disabled = true;
  try {
    const grid = await api("porkchop", options);
    state.porkchop = grid;
    drawPorkchop();
    status("pc", `Ready: ${grid.departure.length} departures x ${grid.tof_days.length} flight times. Click a cell.`);
    reproduce("pc", cliLine("porkchop", [], options), grid, "porkchop.json");
  } catch (err) {
    status("pc", err.message, true);
  } finally {
    $("pc-run").disabled = false;
  }
}

function cellValue(grid, name, i, k) {
  const row = grid[name] && grid[name][i];
  return row ? row[k] : null;
}

function drawPorkchop() {
  const grid = state.porkchop;
  if (!grid) return;
  const cap = Number($("pc-c3-cap").value) || Infinity;
  const type = $("pc-type").value;
  const byArrival = $("pc-axes").value === "arrival";
  const nDep = grid.departure.length, nTof = grid.tof_days.length;
  const step = nTof > 1 ? grid.tof_days[1] - grid.tof_days[0] : 1;
  const x = grid.departure.map((d) => d.slice(0, 10));
  const shown = (i, k) => {
    const c3 = cellValue(grid, "c3_km2_s2", i, k);
    if (c3 === null || c3 > cap) return false;
    return type === "both" || cellValue(grid, "type", i, k) === type;
  };
  let y, rows, index;
  if (byArrival) {
    rows = nDep + nTof - 1;  // arrival = departure i + flight time k: one step of each, one row per arrival day
    y = Array.from({ length: rows }, (_, j) => addDays(grid.departure[0], grid.tof_days[0] + j * step).slice(0, 10));
    index = (j, i) => { const k = j - i; return k >= 0 && k < nTof ? k : -1; };
  } else {
    rows = nTof;
    y = grid.tof_days;
    index = (j) => j;
  }
  const layer = (name) => Array.from({ length: rows }, (_, j) => x.map((_, i) => {
    const k = index(j, i);
    return k >= 0 && shown(i, k) ? cellValue(grid, name, i, k) : null;
  }));
  state.index = index;
  state.shown = shown;
  const traces = [
    { type: "heatmap", x, y, z: layer("c3_km2_s2"), colorscale: "Viridis", reversescale: true, zsmooth: false,
      hoverongaps: false,  // a hidden cell (above the cap, the other type, no arc) answers neither hover nor click
      colorbar: { title: { text: "C3 (km²/s²)" } }, hovertemplate: "departure %{x}<br>" +
        (byArrival ? "arrival %{y}" : "flight %{y} d") + "<br>C3 %{z:.2f} km²/s²<extra></extra>" },
    { type: "contour", x, y, z: layer("vinf_arrival_km_s"), showscale: false, hoverinfo: "skip",
      contours: { coloring: "lines", showlabels: true, labelfont: { size: 10, color: "white" }, start: 2, end: 12, size: 1 },
      line: { color: "rgba(255,255,255,0.8)", width: 1 }, colorscale: [[0, "white"], [1, "white"]], name: "v∞ arrival" },
  ];
  const layout = {
    margin: { l: 70, r: 20, t: 40, b: 60 },
    title: { text: `${grid.title}: C3 (colour), arrival v∞ in km/s (lines)`, font: { size: 14 } },
    xaxis: { title: { text: "departure (UTC)" }, type: "date" },
    yaxis: byArrival ? { title: { text: "arrival (UTC)" }, type: "date" } : { title: { text: "time of flight (days)" } },
  };
  const plot = $("pc-plot");
  Plotly.react(plot, traces, layout, PLOT_CONFIG);
  if (!plot.dataset.bound) {
    plot.dataset.bound = "1";
    plot.on("plotly_click", (event) => {
      const point = event.points && event.points[0];
      if (!point) return;
      const idx = point.pointIndex || point.pointNumber;
      const j = idx[0], i = idx[1];
      const k = state.index(j, i);
      if (k < 0 || !state.shown(i, k)) return;
      showCell(i, k);
    });
  }
}

async function showCell(i, k) {
  const grid = state.porkchop;
  if (k < 0 || cellValue(grid, "c3_km2_s2", i, k) === null) {
    $("pc-hint").textContent = "No transfer in that cell (the solver found none).";
    return;
  }
  const cell = {
    departure: grid.departure[i], arrival: cellValue(grid, "arrival", i, k), tof_days: grid.tof_days[k],
    type: cellValue(grid, "type", i, k),
  };
  for (const name of ["c3_km2_s2", "vinf_departure_km_s", "vinf_arrival_km_s", "dla_deg", "dv_total_km_s",
    "entry_speed_km_s"]) cell[name] = cellValue(grid, name, i, k);
  state.cell = cell;
  const digits = { c3_km2_s2: 3, vinf_departure_km_s: 3, vinf_arrival_km_s: 3, dla_deg: 2, dv_total_km_s: 3,
    entry_speed_km_s: 3, tof_days: 2 };
  for (const dd of $("pc-cell").querySelectorAll("dd")) {
    const name = dd.dataset.field;
    const value = cell[name];
    dd.dataset.value = value === null || value === undefined ? "" : String(value);
    const text = value === null || value === undefined ? "–" : String(value);
    dd.textContent = name in digits ? fmt(value, digits[name])
      : (name === "departure" || name === "arrival" ? text.slice(0, 16).replace("T", " ") : text);
  }
  $("pc-cell").hidden = false;
  $("pc-hint").textContent = "Tankers: asking the fleet model…";
  $("pc-keep").disabled = false;
  for (const name of ["tankers", "launches"]) { const dd = $("pc-cell").querySelector(`[data-field="${name}"]`); dd.textContent = "…"; dd.dataset.value = ""; }
  try {
    const ship = await api("fleet", { c3: cell.c3_km2_s2, dla: cell.dla_deg });
    if (state.cell !== cell) return;
    cell.tankers = ship.tankers_per_ship;
    cell.launches = ship.launches_per_ship;
    $("pc-hint").textContent = `The scenario's ship (${ship.vehicle}, ${fmt(ship.payload_t, 0)} t from ${ship.site}).`;
  } catch (err) {
    cell.tankers = null;
    cell.launches = null;
    $("pc-hint").textContent = err.message;
  }
  for (const name of ["tankers", "launches"]) {
    const dd = $("pc-cell").querySelector(`[data-field="${name}"]`);
    dd.textContent = cell[name] === null ? "out of reach" : String(cell[name]);
    dd.dataset.value = cell[name] === null ? "" : String(cell[name]);
  }
}

function keepCell() {
  const cell = state.cell;
  if (!cell) return;
  state.kept.push(cell);
  const row = document.createElement("tr");
  const cells = [cell.departure.slice(0, 16), String(cell.arrival).slice(0, 16), fmt(cell.tof_days, 1), cell.type,
    fmt(cell.c3_km2_s2, 2), fmt(cell.vinf_arrival_km_s, 2), fmt(cell.dla_deg, 1), fmt(cell.dv_total_km_s, 2),
    cell.tankers === undefined || cell.tankers === null ? "–" : String(cell.tankers)];
  for (const text of cells) { const td = document.createElement("td"); td.textContent = text; row.appendChild(td); }
  const remove = document.createElement("td");
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = "remove";
  button.addEventListener("click", () => row.remove());
  remove.appendChild(button);
  row.appendChild(remove);
  $("pc-compared").querySelector("tbody").appendChild(row);
}

// ---- windows
function windowRows(table, survey) {
  const head = table.querySelector("thead"), body = table.querySelector("tbody");
  head.innerHTML = "<tr><th>opportunity</th><th>type</th><th>departure</th><th>arrival</th><th>TOF (d)</th>" +
    "<th>C3</th><th>v∞ arr</th><th>DLA</th><th>C3 below threshold</th></tr>";
  body.innerHTML = "";
  for (const op of survey) {
    for (const kind of ["type_I", "type_II"]) {
      const p = op[kind].min_c3;
      const span = op.c3_below_threshold;
      const tr = document.createElement("tr");
      const cells = [op.opportunity, kind.slice(5), p ? p.departure : "–", p ? p.arrival : "–", p ? fmt(p.tof_days, 1) : "–",
        p ? fmt(p.c3_km2_s2, 2) : "–", p ? fmt(p.vinf_arrival_km_s, 2) : "–", p ? fmt(p.dla_deg, 1) : "–",
        span.first_departure ? `${span.first_departure} to ${span.last_departure}` : "–"];
      for (const text of cells) { const td = document.createElement("td"); td.textContent = text; tr.appendChild(td); }
      body.appendChild(tr);
    }
  }
}

async function runWindows() {
  const common = { from: $("w-from").value, to: $("w-to").value, "max-c3": $("w-max-c3").value };
  status("w", "Surveying both directions…");
  try {
    const [out, back] = await Promise.all([
      api("windows", { origin: "earth", target: "mars", ...common }),
      api("windows", { origin: "mars", target: "earth", ...common }),
    ]);
    windowRows($("w-table-out"), out);
    windowRows($("w-table-in"), back);
    const traces = [];
    for (const [label, survey] of [["Earth→Mars", out], ["Mars→Earth", back]]) {
      for (const kind of ["type_I", "type_II"]) {
        const pts = survey.map((op) => op[kind].min_c3).filter(Boolean);
        traces.push({ type: "scatter", mode: "markers+lines", name: `${label} type ${kind.slice(5)}`,
          x: pts.map((p) => p.departure), y: pts.map((p) => p.c3_km2_s2) });
      }
    }
    Plotly.react($("w-plot"), traces, { margin: { l: 60, r: 20, t: 40, b: 50 },
      title: { text: "Lowest C3 of each opportunity", font: { size: 14 } },
      xaxis: { title: { text: "departure (UTC)" }, type: "date" }, yaxis: { title: { text: "C3 (km²/s²)" } } }, PLOT_CONFIG);
    status("w", `${out.length} outbound and ${back.length} return opportunities.`);
    reproduce("w", cliLine("windows", [], { origin: "earth", target: "mars", ...common }) + "  # and --origin mars --target earth",
      { outbound: out, inbound: back }, "windows.json");
  } catch (err) {
    status("w", err.message, true);
  }
}

// ---- fleet
async function runFleet() {
  const options = { site: $("f-site").value, "c3-max": $("f-c3-max").value, step: 1 };
  status("f", "Computing payloads…");
  try {
    const data = await api("launchers", options);
    const traces = Object.entries(data.payload_t).map(([name, values]) => ({
      type: "scatter", mode: "lines", name, x: data.c3_km2_s2, y: values,
      line: { dash: name.includes("tankers") ? "solid" : "dot" } }));
    Plotly.react($("f-plot"), traces, { margin: { l: 60, r: 20, t: 40, b: 50 },
      title: { text: `Payload against C3 (ship from ${data.site}; launchers from their reference sites)`, font: { size: 14 } },
      xaxis: { title: { text: "departure C3 (km²/s²)" } }, yaxis: { title: { text: "payload (t)" } } }, PLOT_CONFIG);
    status("f", `${traces.length} vehicles.`);
    reproduce("f", cliLine("launchers", [], options), data, "launchers.json");
  } catch (err) {
    status("f", err.message, true);
  }
}

// ---- power
async function runPower() {
  const options = { site: $("p-site").value, "load-kw": $("p-load").value, runs: $("p-runs").value };
  status("p", "Sizing power systems over sampled dust years…");
  try {
    const data = await api("power", options);
    const table = $("p-table");
    table.querySelector("thead").innerHTML = "<tr><th>family</th><th>feasible</th><th>mass (t)</th><th>array (m²)</th>" +
      "<th>storage (kWh)</th><th>reactors</th><th>loss of load</th><th>unmet in storm year (MWh)</th><th>landings</th></tr>";
    const body = table.querySelector("tbody");
    body.innerHTML = "";
    for (const f of data.families) {
      const tr = document.createElement("tr");
      const cells = [f.family, f.feasible ? "yes" : "no", f.mass_kg === null ? "–" : fmt(f.mass_kg / 1000, 1),
        fmt(f.array_area_m2, 0), fmt(f.storage_kwh, 0), String(f.reactors), f.loss_of_load_probability === null ? "–" : fmt(f.loss_of_load_probability, 4),
        f.worst_storm_unmet_kwh === null ? "–" : fmt(f.worst_storm_unmet_kwh / 1000, 1), f.starship_landings === null ? "–" : String(f.starship_landings)];
      for (const text of cells) { const td = document.createElement("td"); td.textContent = text; tr.appendChild(td); }
      body.appendChild(tr);
    }
    const traces = Object.entries(data.storm_year || {}).map(([family, s]) => ({
      type: "scatter", mode: "lines", name: `${family}: generated`, y: s.generated_kw.map((v) => Math.max(v, 0.1)) }));
    traces.push({ type: "scatter", mode: "lines", name: "mean load", y: traces.length ? traces[0].y.map(() => data.load_kw) : [],
      line: { dash: "dot", color: "black" } });
    Plotly.react($("p-plot"), traces, { margin: { l: 60, r: 20, t: 40, b: 50 },
      title: { text: `A year with a 2018-like global dust storm at ${data.site}: daily mean generation`, font: { size: 14 } },
      xaxis: { title: { text: data.body === "mars" ? "sol of the Mars year" : "day" } },
      yaxis: { title: { text: "kW (log)" }, type: "log" } }, PLOT_CONFIG);
    status("p", `Load ${fmt(data.load_kw, 1)} kW, reliability ${data.reliability_target}, ${data.runs} sampled years.`);
    reproduce("p", cliLine("power", [], options), data, "power.json");
  } catch (err) {
    status("p", err.message, true);
  }
}

// ---- settlement and claims
let claimsTimer = null;
function claimsSoon() {
  $("s-ships-out").textContent = $("s-ships").value;
  $("s-growth-out").textContent = $("s-growth").value;
  clearTimeout(claimsTimer);
  claimsTimer = setTimeout(runClaims, 400);
}

async function runClaims() {
  clearTimeout(claimsTimer);  // a click runs now: the run a slider had scheduled would repeat it
  const scenario = $("s-scenario").value;
  const options = { runs: $("s-runs").value, growth: $("s-growth").value, "max-ships-per-window": $("s-ships").value };
  status("s", "Running the Monte Carlo and checking the claims…");
  try {
    const data = await api("jobs/claims", { scenario, ...options },
      { method: "POST", onProgress: (job) => status("s", `Running the Monte Carlo and checking the claims: ${jobText(job)}`) });
    const body = $("s-claims").querySelector("tbody");
    body.innerHTML = "";
    for (const claim of data.claims) {
      const tr = document.createElement("tr");
      tr.dataset.verdict = claim.verdict;
      for (const [text, cls] of [[claim.text, ""], [claim.verdict, `verdict-${claim.verdict.replace(" ", "-")}`],
        [claim.margin || "", "margin"], [claim.evidence, ""], [claim.source, ""]]) {
        const td = document.createElement("td");
        td.textContent = text;
        if (cls) td.className = cls;
        tr.appendChild(td);
      }
      body.appendChild(tr);
    }
    const s = data.settlement;
    const years = s.series.year;
    const pop = s.series.population, ss = s.series.self_sufficiency;
    const band = (series, name, axis, colour) => [
      { type: "scatter", mode: "lines", x: years, y: series.p90, line: { width: 0 }, showlegend: false, yaxis: axis, hoverinfo: "skip" },
      { type: "scatter", mode: "lines", x: years, y: series.p10, fill: "tonexty", fillcolor: colour, line: { width: 0 },
        name: `${name} P10-P90`, yaxis: axis },
      { type: "scatter", mode: "lines", x: years, y: series.p50, name: `${name} median`, yaxis: axis, line: { width: 2 } },
    ];
    Plotly.react($("s-plot"), [...band(pop, "people", "y", "rgba(181,68,46,0.2)"),
      ...band(ss, "self-sufficiency", "y2", "rgba(46,110,181,0.2)")], {
      margin: { l: 60, r: 60, t: 40, b: 50 }, title: { text: "Settlement: people on Mars and share of needs made there", font: { size: 14 } },
      xaxis: { title: { text: "year" } }, yaxis: { title: { text: "people" }, rangemode: "tozero" },
      yaxis2: { title: { text: "self-sufficiency" }, overlaying: "y", side: "right", range: [0, 1.05] },
      legend: { orientation: "h", y: -0.2 } }, PLOT_CONFIG);
    const pct = s.year_self_sustaining;
    $("s-summary").textContent = `P(self-sustaining by the end of ${s.horizon_year}) = ${fmt(s.p_self_sustaining, 3)}, ` +
      `P(settlement lost) = ${fmt(s.p_lost, 3)}, median year self-sustaining: ${pct.p50 || "never"} ` +
      `(${s.runs} runs, seed ${s.seed}).`;
    status("s", `Growth ${data.growth_factor}, at most ${data.max_ships_per_window} ships per window.`);
    reproduce("s", cliLine("claims", [scenario], options), data, "claims.json");
  } catch (err) {
    status("s", err.message, true);
  }
}

// ---- nuclear-electric: a low-thrust transfer
function fillTug() {
  const tug = state.catalog.tugs.find((t) => t.id === $("l-tug").value);
  if (!tug) return;
  $("l-power").value = tug.power_kwe;
  $("l-isp").value = tug.isp_s;
  $("l-eff").value = tug.efficiency;
  $("l-alpha").value = Number(tug.alpha_kg_per_kwe.toFixed(2));
}

async function runLowthrust() {
  const options = { "power-kwe": $("l-power").value, "isp-s": $("l-isp").value, efficiency: $("l-eff").value,
    "alpha-kg-per-kwe": $("l-alpha").value, "mass-kg": $("l-mass").value, depart: $("l-depart").value,
    tof: $("l-tof").value, segments: $("l-segments").value, starts: 2 };
  status("l", "Optimising the transfer (SLSQP, 2 starts)…");
  try {
    const d = await api("lowthrust", options);
    const rows = [["departure (UTC)", d.departure_utc], ["arrival (UTC)", d.arrival_utc],
      ["flight time (days)", fmt(d.tof_days, 1)], ["thrust (N)", fmt(d.thrust_n, 2)],
      ["final mass (kg)", fmt(d.final_mass_kg, 0)], ["propellant (kg)", fmt(d.propellant_kg, 0)],
      ["low-thrust delta-v (km/s)", fmt(d.delta_v_km_s, 3)],
      ["impulsive (Lambert) delta-v, same dates (km/s)", fmt(d.lambert_delta_v_km_s, 3)],
      ["power and propulsion system (kg)", fmt(d.power_system_kg, 0)], ["final mass less that system (kg)", fmt(d.net_mass_kg, 0)],
      ["status", `${d.status}: ${d.message}`]];
    const body = $("l-table").querySelector("tbody");
    body.innerHTML = "";
    for (const [label, value] of rows) {
      const tr = document.createElement("tr");
      for (const text of [label, value]) { const td = document.createElement("td"); td.textContent = text; tr.appendChild(td); }
      body.appendChild(tr);
    }
    const path = d.path_ecliptic_au;
    const mids = d.segment_midpoint_days.map((_, i) => path[i * 4 + 2]);
    Plotly.react($("l-plot"), [
      { type: "scatter", mode: "lines", x: d.earth_orbit_au.map((p) => p[0]), y: d.earth_orbit_au.map((p) => p[1]),
        name: "Earth's orbit", line: { color: "#999", width: 1 } },
      { type: "scatter", mode: "lines", x: d.target_orbit_au.map((p) => p[0]), y: d.target_orbit_au.map((p) => p[1]),
        name: `${d.target[0].toUpperCase() + d.target.slice(1)}'s orbit`, line: { color: "#999", width: 1, dash: "dash" } },
      { type: "scatter", mode: "lines", x: path.map((p) => p[0]), y: path.map((p) => p[1]), name: "transfer",
        line: { width: 3 } },
      { type: "scatter", mode: "markers", x: mids.map((p) => p[0]), y: mids.map((p) => p[1]), name: "thrust (marker size = throttle)",
        marker: { size: d.throttle.map((t) => 3 + 12 * t) } },
      { type: "scatter", mode: "markers", x: [0], y: [0], name: "Sun", marker: { symbol: "star", size: 14, color: "#555" } },
    ], { margin: { l: 60, r: 20, t: 40, b: 50 }, title: { text: "Heliocentric path, ecliptic J2000 (au)", font: { size: 14 } },
      xaxis: { title: { text: "x (au)" }, scaleanchor: "y" }, yaxis: { title: { text: "y (au)" } } }, PLOT_CONFIG);
    Plotly.react($("l-throttle"), [{ type: "bar", x: d.segment_midpoint_days, y: d.throttle, name: "throttle" }],
      { margin: { l: 60, r: 20, t: 40, b: 50 }, title: { text: "Throttle of each segment (1 = full thrust)", font: { size: 14 } },
        xaxis: { title: { text: "days from departure" } }, yaxis: { title: { text: "throttle" }, range: [0, 1.05] } }, PLOT_CONFIG);
    status("l", `${d.status}: ${fmt(d.final_mass_kg, 0)} kg arrive of ${fmt(d.initial_mass_kg, 0)} kg.`);
    reproduce("l", cliLine("lowthrust", [], options), d, "lowthrust.json");
  } catch (err) {
    status("l", err.message, true);
  }
}

// ---- flybys: a gravity-assist transfer
async function runFlybys() {
  const options = { sequence: $("g-sequence").value, depart: $("g-depart").value,
    tof: $("g-tofs").value.split(/[\s,;]+/).filter(Boolean), islands: $("g-islands").value, generations: 150 };
  status("g", "Searching (differential evolution on seeded islands)…");
  try {
    const d = await api("mga", options, { onProgress: (job) => status("g", `${jobText(job)}…`) });
    const body = $("g-table").querySelector("tbody");
    body.innerHTML = "";
    const row = (cells) => {
      const tr = document.createElement("tr");
      for (const text of cells) { const td = document.createElement("td"); td.textContent = text; tr.appendChild(td); }
      body.appendChild(tr);
    };
    const title = (b) => b[0].toUpperCase() + b.slice(1);
    for (const leg of d.legs) row([`${title(leg.from)} → ${title(leg.to)}`, leg.depart_utc, leg.arrive_utc, fmt(leg.tof_days, 1), ""]);
    for (const f of d.flybys) row([`${title(f.body)} flyby`, f.utc, "", `${fmt(f.altitude_km, 0)} km up`, `${fmt(f.dv_km_s, 3)} km/s`]);
    const path = d.path_ecliptic_au, at = d.encounters_ecliptic_au;
    Plotly.react($("g-plot"), [
      { type: "scatter", mode: "lines", x: path.map((p) => p[0]), y: path.map((p) => p[1]), name: "transfer", line: { width: 3 } },
      { type: "scatter", mode: "markers+text", x: at.map((p) => p[0]), y: at.map((p) => p[1]), name: "encounters",
        text: d.sequence.map(title), textposition: "top center", marker: { size: 10 } },
      { type: "scatter", mode: "markers", x: [0], y: [0], name: "Sun", marker: { symbol: "star", size: 14, color: "#555" } },
    ], { margin: { l: 60, r: 20, t: 40, b: 50 }, title: { text: "Heliocentric path, ecliptic J2000 (au)", font: { size: 14 } },
      xaxis: { title: { text: "x (au)" }, scaleanchor: "y" }, yaxis: { title: { text: "y (au)" } } }, PLOT_CONFIG);
    status("g", `${d.problem}: ${fmt(d.total_dv_km_s, 3)} km/s in all (departure v∞ ${fmt(d.vinf_departure_km_s, 2)}, ` +
      `arrival v∞ ${fmt(d.vinf_arrival_km_s, 2)} km/s), ${d.evaluations.toLocaleString("en")} evaluations.`);
    reproduce("g", cliLine("mga", [], options), d, "mga.json");
  } catch (err) {
    status("g", err.message, true);
  }
}

// ---- start
async function start() {
  try {
    state.catalog = await api("catalog");
  } catch (err) {
    status("pc", `The server did not answer: ${err.message}`, true);
    return;
  }
  const bodies = state.catalog.bodies.map((b) => ({ id: b, name: b[0].toUpperCase() + b.slice(1) }));
  fillSelect($("pc-origin"), bodies, "earth");
  fillSelect($("pc-target"), bodies, "mars");
  fillSelect($("f-site"), state.catalog.launch_sites, "starbase");
  fillSelect($("p-site"), state.catalog.power_sites.map((s) => ({ id: s.id, name: `${s.name} (${s.body})` })), "jezero");
  fillSelect($("s-scenario"), state.catalog.scenarios.map((s) => ({ id: s, name: s })), "mars-2026");
  fillSelect($("l-tug"), state.catalog.tugs.map((t) => ({ id: t.id, name: t.name })), "zeus");
  $("l-tug").addEventListener("change", fillTug);
  $("l-run").addEventListener("click", runLowthrust);
  $("g-run").addEventListener("click", runFlybys);
  $("pc-run").addEventListener("click", runPorkchop);
  for (const id of ["pc-c3-cap", "pc-type", "pc-axes"]) $(id).addEventListener("change", drawPorkchop);
  $("pc-keep").addEventListener("click", keepCell);
  $("w-run").addEventListener("click", runWindows);
  $("f-run").addEventListener("click", runFleet);
  $("p-run").addEventListener("click", runPower);
  $("s-run").addEventListener("click", runClaims);
  $("s-ships").addEventListener("input", claimsSoon);
  $("s-growth").addEventListener("input", claimsSoon);
  document.body.dataset.ready = "1";
}

start();
