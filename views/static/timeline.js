/* treatykg timeline: draws the model Python laid out (views/timeline_model.py). Markers sit
   where Python put them; this script adds the dated axis, the status bands, the side panel,
   the filters and, for a large timeline seen from afar, one node per lane and period.
   Text reaches the page only as textContent (tkg.el) or as vis-network's plain-text title. */
(function () {
  'use strict';
  var tkg = window.tkg;
  var M = tkg.data();
  var DAY_MS = 864e5;
  var FONT_FACE = '"DejaVu Sans", "Liberation Sans", Arial, sans-serif';
  var AXIS_H = 22;
  var CLUSTER_BELOW = 0.5;  // zoom under which a large timeline shows lane-period counts
  var clustered = {};  // event node id -> the cluster holding it
  var grouping = null;  // while grouped: {step (years), scale (the zoom it was laid out for)}
  var GROUP_ROW = 72;  // screen px per lane while grouped: every lane one row, whatever its size
  var shrink = 1;  // markers and labels are divided by this when zoomed in past 100%
  var container = document.getElementById('tkg-timeline');
  var overlay = document.getElementById('tkg-overlay');
  var events = M.events;
  var styles = {};
  M.legend.types.forEach(function (t) { styles[t.type] = t; });
  var statusColour = {};
  M.legend.statuses.forEach(function (s) { statusColour[s.code] = s.color; });

  function style(type) { return styles[type] || {shape: 'dot', color: '#BBBBBB', label: type}; }

  /* The model names actors, treaties and articles by index into its tables; spell them out once. */
  events.forEach(function (e, i) {
    var treaty = e.treaty === null ? null : M.treaties[e.treaty];
    e.index = i;
    e.actors = e.actors.map(function (a) { return M.actors[a]; });
    e.reports.forEach(function (r) {
      var a = M.articles[r.article];
      r.title = a[0]; r.outlet = a[1]; r.published = a[2]; r.url = a[3];
    });
    e.treaty = treaty && treaty[0];
    e.treaty_label = treaty && treaty[1];
    e.type_label = style(e.type).label;
    e.title = [e.date + (e.approximate ? ' (' + e.precision + ')' : ''), e.type_label,
               e.actors.map(function (a) { return a[1]; }).join(', '), e.treaty_label || '',
               e.sources + (e.sources === 1 ? ' source' : ' sources')]
      .filter(function (part) { return part; }).join(' · ');
  });

  /* ---- nodes and edges ------------------------------------------------------------- */
  function yearOf(x) { return new Date((M.origin_day + x / M.px_per_day) * DAY_MS).getUTCFullYear(); }

  var nodeList = M.nodes.map(function (n) {
    var e = events[n.event];
    var s = style(e.type);
    return {
      id: n.id, x: n.x, y: n.y, fixed: true, physics: false,
      shape: s.shape, size: n.size, label: e.label, title: e.title,
      color: e.approximate
        ? {background: '#ffffff', border: s.color, highlight: {background: '#ffffff', border: '#1a202c'}}
        : {background: s.color, border: s.color, highlight: {background: s.color, border: '#1a202c'}},
      borderWidth: e.approximate ? 2 : 1,
      shapeProperties: {borderDashes: e.approximate ? [3, 2] : false},
      font: {size: M.font, face: FONT_FACE, color: '#1a202c', background: 'rgba(255,255,255,0.8)'},
      kind: 'event', event: n.event, lane: n.lane, year: yearOf(n.x), x0: n.x0, x1: n.x1
    };
  });
  /* Actors: a box per lane and actor left of the axis, a line to each of its events; hidden
     until the legend's "Actors" box is ticked or the Actor filter names one. */
  var actorNodes = M.actor_nodes.map(function (a) {
    var name = M.actors[a.actor][1];
    return {
      id: a.id, x: a.x, y: a.y, fixed: true, physics: false, hidden: true, shape: 'box',
      label: name.length > 26 ? name.slice(0, 25) + '…' : name, title: name,
      color: {background: '#f7fafc', border: '#718096'}, margin: 3,
      font: {size: 11, face: FONT_FACE, color: '#1a202c'},
      kind: 'actor', actor: M.actors[a.actor][0], lane: a.lane
    };
  });
  var actorEdges = M.actor_links.map(function (link, i) {
    var a = actorNodes[link[0]];
    return {id: 'x' + i, from: a.id, to: 'n' + link[1], hidden: true, kind: 'actor', actor: a.actor,
            width: 1, color: {color: '#cbd5e0', highlight: '#4a5568'}, dashes: [2, 3]};
  });
  var nodes = new vis.DataSet(nodeList.concat(actorNodes));
  var edges = new vis.DataSet(M.edges.map(function (e) {
    return {id: e.id, from: e.from, to: e.to, dashes: e.dashes, width: 1, color: {color: '#a0aec0', highlight: '#4a5568'},
            arrows: {to: {enabled: true, scaleFactor: 0.4}}, kind: 'lifecycle'};
  }).concat(actorEdges));
  var options = {
    physics: {enabled: false},
    layout: {improvedLayout: false},
    edges: {smooth: false, selectionWidth: 1},
    nodes: {labelHighlightBold: false},
    interaction: {dragNodes: false, hover: true, tooltipDelay: 150, selectConnectedEdges: false, multiselect: false}
  };
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, options);

  /* ---- the initial view: everything, the axis strip left free ------------------------ */
  function extent(withActors) {
    var x0 = Infinity, x1 = -Infinity, y1 = 0;
    M.nodes.forEach(function (n) {
      var half = Math.max.apply(null, events[n.event].label.split('\n').map(function (l) { return l.length; })) * 4.2 + 8;
      x0 = Math.min(x0, n.x0, n.x - half);
      x1 = Math.max(x1, n.x1, n.x + half);
    });
    M.lanes.forEach(function (lane) {
      y1 = Math.max(y1, lane.y1);
      lane.bands.forEach(function (b) {
        b.periods.forEach(function (p) { x0 = Math.min(x0, p.x0); if (p.x1 !== null) { x1 = Math.max(x1, p.x1); } });
      });
    });
    if (withActors) {  // their column, left of the axis
      M.actor_nodes.forEach(function (a) { x0 = Math.min(x0, a.x - 100); });
    }
    if (!isFinite(x0)) { x0 = 0; x1 = 600; }
    if (x1 - x0 < 200) { x0 -= 100; x1 += 100; }
    return {x0: x0 - 20, x1: x1 + 20, y0: -10, y1: Math.max(y1, 100)};
  }
  var EXTENT = extent(false);
  /* The whole time range across the width, lanes from the top: many lanes run below the
     fold (drag to see them) rather than shrinking every label out of sight. */
  function fitAll() {
    var w = container.clientWidth || 800, h = (container.clientHeight || 600) - AXIS_H;
    var scale = Math.min(w / (EXTENT.x1 - EXTENT.x0), 1.5);
    var cy = EXTENT.y0 + (h / scale) / 2 - AXIS_H / scale;
    network.moveTo({position: {x: (EXTENT.x0 + EXTENT.x1) / 2, y: cy}, scale: scale});
    resize();
    regroup();
  }

  /* ---- the axis: years, or months when zoomed in ------------------------------------- */
  function xOfDay(day) { return (day - M.origin_day) * M.px_per_day; }
  function dayOfX(x) { return M.origin_day + x / M.px_per_day; }
  function utcDay(y, m) { return Date.UTC(y, m, 1) / DAY_MS; }

  function ticks(scale, left, right) {
    var yearPx = 365.25 * M.px_per_day * scale;
    var first = new Date(dayOfX(left) * DAY_MS), last = new Date(dayOfX(right) * DAY_MS);
    var y0 = first.getUTCFullYear(), y1 = last.getUTCFullYear() + 1;
    var found = [];
    var monthStep = [1, 2, 3, 6].filter(function (s) { return yearPx / 12 * s >= 60; })[0];
    if (yearPx >= 240 && monthStep) {
      for (var y = y0; y <= y1; y++) {
        for (var m = 0; m < 12; m += monthStep) {
          var label = m === 0 ? String(y) : y + '-' + (m < 9 ? '0' : '') + (m + 1);
          found.push({x: xOfDay(utcDay(y, m)), label: label, year: m === 0});
        }
      }
    } else {
      var step = [1, 2, 5, 10, 20, 50, 100].filter(function (s) { return yearPx * s >= 48; })[0] || 100;
      for (var yy = Math.floor(y0 / step) * step; yy <= y1; yy += step) {
        found.push({x: xOfDay(utcDay(yy, 0)), label: String(yy), year: true});
      }
    }
    return found;
  }

  function visible() {
    var a = network.DOMtoCanvas({x: 0, y: 0});
    var b = network.DOMtoCanvas({x: container.clientWidth, y: container.clientHeight});
    return {left: a.x, top: a.y, right: b.x, bottom: b.y, scale: network.getScale()};
  }

  /* Where a lane starts, and its bands: its own place, or while grouped one row per lane
     (a zoomed-out lane would otherwise shrink to a hairline). */
  function laneTop(li) { return grouping ? li * GROUP_ROW / grouping.scale : M.lanes[li].y0; }
  function bandsTop(li) { return grouping ? laneTop(li) + 20 / grouping.scale : M.lanes[li].bands_y; }
  function bandH() { return grouping ? 8 / grouping.scale : M.band_h; }

  /* ---- drawn under the nodes: gridlines, status bands, spans ------------------------- */
  function drawBands(ctx, v) {
    var h = bandH(), unit = 1 / v.scale;
    M.lanes.forEach(function (lane, li) {
      if (li > 0) {
        var line = laneTop(li) - (grouping ? 4 / grouping.scale : 12);
        ctx.strokeStyle = '#cbd5e0'; ctx.lineWidth = unit;
        ctx.beginPath(); ctx.moveTo(v.left, line); ctx.lineTo(v.right, line); ctx.stroke();
      }
      lane.bands.forEach(function (band, bi) {
        if (grouping && bi > 0) { return; }  // grouped: the treaty as a whole only
        var y = bandsTop(li) + bi * (h + M.band_gap);
        if (y > v.bottom || y + h < v.top) { return; }
        band.periods.forEach(function (p) {
          var x0 = p.x0, x1 = p.x1 === null ? Math.max(v.right, EXTENT.x1) : p.x1;
          if (x1 < v.left || x0 > v.right) { return; }
          ctx.fillStyle = statusColour[p.code] || '#E2E8F0';
          ctx.fillRect(x0, y, x1 - x0, h);
          ctx.fillStyle = '#ffffff';
          ctx.fillRect(x0, y, unit, h);  // a hairline where one period gives way to the next
          if (h * v.scale < 11) { return; }  // too thin to hold a label
          ctx.font = (10.5 * unit) + 'px ' + FONT_FACE;
          var tx = Math.max(x0, v.left) + 4 * unit, room = Math.min(x1, v.right) - tx - 4 * unit;
          var text = band.party + ': ' + p.label;
          if (ctx.measureText(text).width > room) { text = p.label; }
          if (ctx.measureText(text).width <= room) {
            ctx.fillStyle = '#1a202c';
            ctx.textBaseline = 'middle';
            ctx.fillText(text, tx, y + h / 2 + 0.5 * unit);
          }
        });
      });
    });
  }

  function drawSpans(ctx, v) {
    nodes.forEach(function (n) {
      if (n.kind !== 'event' || n.hidden || n.x1 <= n.x0 || n.x1 < v.left || n.x0 > v.right) { return; }
      if (clustered[n.id]) { return; }
      ctx.fillStyle = style(events[n.event].type).color;
      ctx.globalAlpha = 0.28;
      ctx.fillRect(n.x0, n.y - 4 / shrink, n.x1 - n.x0, 8 / shrink);
      ctx.globalAlpha = 1;
    });
  }

  network.on('beforeDrawing', function (ctx) {
    var v = visible();
    ticks(v.scale, v.left, v.right).forEach(function (t) {
      ctx.strokeStyle = t.year ? '#cbd5e0' : '#edf2f7';
      ctx.lineWidth = 1 / v.scale;
      ctx.beginPath(); ctx.moveTo(t.x, v.top); ctx.lineTo(t.x, v.bottom); ctx.stroke();
    });
    drawBands(ctx, v);
    drawSpans(ctx, v);
  });

  /* ---- drawn over the canvas, in the page: tick labels and lane names ---------------- */
  network.on('afterDrawing', function () {
    var v = visible();
    var parts = [tkg.el('div', null, {'class': 'tkg-axis'})];
    ticks(v.scale, v.left, v.right).forEach(function (t) {
      var at = network.canvasToDOM({x: t.x, y: 0}).x;
      if (at < 10 || at > container.clientWidth - 10) { return; }
      var tick = tkg.el('span', t.label, {'class': t.year ? 'tkg-tick' : 'tkg-tick tkg-month'});
      tick.style.left = at + 'px';
      parts.push(tick);
    });
    var free = AXIS_H + 2;  // a lane name never covers the one above it
    M.lanes.forEach(function (lane, li) {
      var top = network.canvasToDOM({x: 0, y: laneTop(li)}).y;
      var bottom = grouping ? top + GROUP_ROW : network.canvasToDOM({x: 0, y: lane.y1}).y;
      if (bottom < free + 4 || top > container.clientHeight) { return; }
      var name = tkg.el('div', lane.label, {'class': 'tkg-lane'});
      name.style.top = Math.max(top, free) + 'px';
      free = Math.max(top, free) + 18;
      parts.push(name);
    });
    overlay.replaceChildren.apply(overlay, parts);
  });

  /* ---- the side panel ----------------------------------------------------------------- */
  function quote(text) { return tkg.el('blockquote', text); }

  function showEvent(index) {
    var e = events[index];
    var sections = [];
    var when = e.date + (e.approximate ? ' (known to the ' + e.precision + ': ' + e.start + ' to ' + e.end + ')' : '');
    sections.push({heading: e.type_label + (e.modality && e.modality !== 'actual' ? ' (' + e.modality + ')' : ''), rows: [
      ['Date', when], ['Treaty', e.treaty_label || 'none named'],
      ['Actors', e.actors.map(function (a) { return a[1]; }).join(', ') || 'none named'],
      ['Sources', sourcesText(e)]
    ]});
    var first = e.reports[0];
    if (first) {
      sections.push({heading: 'Evidence', rows: [[null, quote(first.evidence)], ['From', [
        tkg.link(first.url, first.title || first.url || 'untitled article'),
        (first.outlet ? ' · ' + first.outlet : '') + (first.published ? ' · ' + first.published : '')]]]});
    }
    if (e.quotes.length) {
      sections.push({heading: 'Quotes', rows: e.quotes.map(function (q) { return [q.speaker, quote(q.text)]; })});
    }
    if (e.reports.length) {
      sections.push({heading: 'Sources', rows: e.reports.map(function (r) {
        var title = tkg.link(r.url, r.title || r.url || 'untitled article');
        return [r.published || 'undated', [title, r.outlet ? ' · ' + r.outlet : '']];
      })});
    }
    if (e.more_reports) {
      var more = e.more_reports;
      sections.push({heading: null, rows: [[null, '+' + more.count + ' more report' + (more.count === 1 ? '' : 's')
        + (more.outlets.length ? ' (' + more.outlets.join(', ') + ')' : '')]]});
    }
    if (e.reports.length > 1) {
      sections.push({heading: 'Other reports of this event', rows: e.reports.slice(1).map(function (r) {
        var says = (r.date ? 'dated ' + r.date : 'no date') + (r.modality && r.modality !== 'actual' ? ', ' + r.modality : '');
        return [r.outlet || 'article', [quote(r.evidence), says]];
      })});
    }
    if (e.conflicts.length) {
      sections.push({heading: 'Sources disagree', rows: e.conflicts.map(function (c) {
        return [c.field, c.claims.map(function (claim) { return claim[0] + ' (' + claim[1].join(', ') + ')'; }).join('; ')];
      })});
    }
    if (e.kb) {
      sections.push({heading: 'Knowledge base record', rows: [
        ['Note', e.kb.note || ''], ['Source', e.kb.source ? tkg.link(e.kb.source, e.kb.source_text) : e.kb.source_text]
      ]});
    }
    tkg.panel(sections);
    network.redraw();  // the panel narrows the canvas
  }

  /* "3 independent (2 outlets and the knowledge base)": the KB counts as a source. */
  function sourcesText(e) {
    if (!e.kb) { return e.sources + ' independent'; }
    var outlets = e.sources - 1;
    var from = outlets > 0 ? outlets + (outlets === 1 ? ' outlet' : ' outlets') + ' and the knowledge base' : 'the knowledge base';
    return e.sources + ' independent (' + from + ')';
  }

  network.on('click', function (params) {
    var id = params.nodes[0];
    if (id === undefined) { return; }
    if (network.isCluster(id)) { openPeriod(id); return; }
    var n = nodes.get(id);
    if (n && n.kind === 'event') { showEvent(n.event); }
  });

  /* Zoom in on a lane-period node: the whole period when it fits, else its start. */
  function openPeriod(id) {
    var members = nodes.get(network.getNodesInCluster(id));
    var x0 = Infinity, x1 = -Infinity, y0 = Infinity;
    members.forEach(function (n) { x0 = Math.min(x0, n.x); x1 = Math.max(x1, n.x); y0 = Math.min(y0, n.y); });
    var scale = Math.max(CLUSTER_BELOW * 1.6, Math.min(1, container.clientWidth / (x1 - x0 + 200)));
    var h = container.clientHeight;
    var w = container.clientWidth;  // the period's first events at the left, its first rows at the top
    network.moveTo({position: {x: x0 + (w / 2 - 100) / scale, y: y0 + (h / 2 - AXIS_H - 40) / scale}, scale: scale});
    resize();
    regroup();
  }

  /* ---- filters ------------------------------------------------------------------------ */
  var haystack = events.map(function (e) {
    var text = [e.label, e.title, e.treaty_label || ''];
    e.actors.forEach(function (a) { text.push(a[1]); });
    e.reports.forEach(function (r) { text.push(r.title || '', r.outlet || '', r.evidence || ''); });
    e.quotes.forEach(function (q) { text.push(q.speaker, q.text); });
    if (e.kb) { text.push(e.kb.note || ''); }
    return text.join('\n').toLowerCase();
  });
  var state = {types: {}, treaty: '', actor: '', q: '', from: '', to: '', actors: false};
  M.legend.types.forEach(function (t) { state.types[t.type] = true; });

  function shown(e) {
    if (!state.types[e.type]) { return false; }
    if (state.treaty && e.treaty !== state.treaty) { return false; }
    if (state.actor && !e.actors.some(function (a) { return a[0] === state.actor; })) { return false; }
    if (state.q && haystack[e.index].indexOf(state.q) < 0) { return false; }
    if (state.from && (e.end || e.start) < state.from) { return false; }
    if (state.to && e.start > state.to) { return false; }
    return true;
  }

  /* Events, not markers: with actor lanes one event has a marker in each actor's lane. */
  function distinctEvents(list) {
    var seen = {};
    list.forEach(function (n) { seen[n.event] = true; });
    return Object.keys(seen).length;
  }
  var TOTAL = distinctEvents(M.nodes);

  /* An actor's lines show when "Actors" is ticked, or for the actor the filter names, and
     only to events the filters leave; an actor box shows when one of its lines does. */
  function showActors() {
    var edgeChanges = [], nodeChanges = [], boxes = {};
    edges.forEach(function (e) {
      if (e.kind !== 'actor') { return; }
      var show = (state.actors || e.actor === state.actor) && !nodes.get(e.to).hidden;
      if (show) { boxes[e.from] = true; }
      if (Boolean(e.hidden) === show) { edgeChanges.push({id: e.id, hidden: !show}); }
    });
    actorNodes.forEach(function (a) {
      var show = boxes[a.id] === true;
      if (Boolean(nodes.get(a.id).hidden) === show) { nodeChanges.push({id: a.id, hidden: !show}); }
    });
    if (nodeChanges.length) { nodes.update(nodeChanges); }
    if (edgeChanges.length) { edges.update(edgeChanges); }
  }

  var countEl = document.getElementById('tkg-count');
  function applyFilters() {
    openAll();
    var changes = [], kept = [];
    nodes.forEach(function (n) {
      if (n.kind !== 'event') { return; }
      var hide = !shown(events[n.event]);
      if (!hide) { kept.push(n); }
      if (Boolean(n.hidden) !== hide) { changes.push({id: n.id, hidden: hide}); }
    });
    if (changes.length) { nodes.update(changes); }
    showActors();
    countEl.textContent = distinctEvents(kept) + ' of ' + TOTAL + ' events shown';
    grouping = null;
    regroup();
    network.redraw();
  }

  function fillSelect(id, pairs) {
    var select = document.getElementById(id);
    pairs.forEach(function (p) { select.appendChild(tkg.el('option', p[1], {value: p[0]})); });
    select.addEventListener('change', function () { state[id.slice(4)] = select.value; applyFilters(); });
  }
  function uniquePairs(list) {
    var seen = {};
    list.forEach(function (p) { if (p[0]) { seen[p[0]] = p[1]; } });
    return Object.keys(seen).map(function (k) { return [k, seen[k]]; })
      .sort(function (a, b) { return a[1].localeCompare(b[1]); });
  }
  fillSelect('tkg-treaty', uniquePairs(events.map(function (e) { return [e.treaty, e.treaty_label || e.treaty]; })));
  fillSelect('tkg-actor', uniquePairs([].concat.apply([], events.map(function (e) { return e.actors; }))));
  document.getElementById('tkg-search').addEventListener('input', function (ev) {
    state.q = ev.target.value.trim().toLowerCase(); applyFilters();
  });
  ['from', 'to'].forEach(function (which) {
    document.getElementById('tkg-' + which).addEventListener('change', function (ev) {
      state[which] = ev.target.value; applyFilters();
    });
  });
  document.getElementById('tkg-fit').addEventListener('click', fitAll);

  function legend() {
    var types = document.getElementById('tkg-types');
    types.appendChild(tkg.el('span', 'Events:', {'class': 'tkg-legend-title'}));
    M.legend.types.forEach(function (t) {
      var box = tkg.el('input', null, {type: 'checkbox', value: t.type, checked: true});
      box.addEventListener('change', function () { state.types[t.type] = box.checked; applyFilters(); });
      var label = tkg.el('label', null, {'data-type': t.type});
      label.appendChild(box);
      label.appendChild(mark(t.shape, t.color));
      label.appendChild(document.createTextNode(t.label));
      types.appendChild(label);
    });
    types.appendChild(tkg.el('span', 'hollow, dashed: date known only to the month or year; bigger: more sources;'
                             + ' lines: a treaty\'s steps in order (dashed: ahead)', {'class': 'tkg-legend-title'}));
    if (!actorNodes.length) { return legendStatuses(); }
    var box = tkg.el('input', null, {type: 'checkbox', id: 'tkg-actors'});
    box.addEventListener('change', function () {
      state.actors = box.checked;
      EXTENT = extent(box.checked);
      applyFilters();
      fitAll();
    });
    var label = tkg.el('label', null, {title: 'Draw a line from each actor to its events'});
    label.appendChild(box);
    label.appendChild(document.createTextNode('Actors'));
    types.appendChild(label);
    legendStatuses();
  }

  function legendStatuses() {
    var statuses = document.getElementById('tkg-statuses');
    if (!M.legend.statuses.length) { statuses.hidden = true; return; }
    statuses.appendChild(tkg.el('span', 'Status bands:', {'class': 'tkg-legend-title'}));
    M.legend.statuses.forEach(function (s) {
      var item = tkg.el('span');
      var swatch = tkg.el('span', null, {'class': 'tkg-swatch'});
      swatch.style.background = s.color;
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(s.label));
      statuses.appendChild(item);
    });
  }

  /* A small canvas drawing of a marker shape, for the legend. */
  function mark(shape, colour) {
    var c = tkg.el('canvas', null, {'class': 'tkg-mark', width: 12, height: 12});
    var g = c.getContext('2d'), r = 5, x = 6, y = 6, i;
    g.fillStyle = colour; g.beginPath();
    if (shape === 'square') { g.rect(1, 1, 10, 10); }
    else if (shape === 'diamond') { g.moveTo(x, 0); g.lineTo(12, y); g.lineTo(x, 12); g.lineTo(0, y); }
    else if (shape === 'triangle') { g.moveTo(x, 0); g.lineTo(12, 11); g.lineTo(0, 11); }
    else if (shape === 'triangleDown') { g.moveTo(0, 1); g.lineTo(12, 1); g.lineTo(x, 12); }
    else if (shape === 'hexagon') { for (i = 0; i < 6; i++) { g.lineTo(x + r * Math.cos(i * Math.PI / 3), y + r * Math.sin(i * Math.PI / 3)); } }
    else if (shape === 'star') {
      for (i = 0; i < 10; i++) {
        var rr = i % 2 ? 2.6 : 6, a = -Math.PI / 2 + i * Math.PI / 5;
        g.lineTo(x + rr * Math.cos(a), y + rr * Math.sin(a));
      }
    } else { g.arc(x, y, r, 0, 2 * Math.PI); }
    g.closePath(); g.fill();
    return c;
  }

  function undated() {
    var foot = document.getElementById('tkg-foot');
    if (!M.undated.length) { return; }
    foot.appendChild(tkg.el('span', M.undated.length + ' undated event(s), not on the axis: '));
    M.undated.forEach(function (i) {
      var b = tkg.el('button', events[i].type_label + (events[i].treaty_label ? ' · ' + events[i].treaty_label : ''), {type: 'button'});
      b.addEventListener('click', function () { showEvent(i); });
      foot.appendChild(b);
    });
  }

  /* ---- zoomed out, a large timeline: one node per lane and period -------------------- */
  function openAll() {
    var ids = {};
    Object.keys(clustered).forEach(function (k) { ids[clustered[k]] = true; });
    var opened = Object.keys(ids).filter(function (id) { return network.isCluster(id); });
    opened.forEach(function (id) { network.openCluster(id, {}, false); });  // one refresh, below
    if (opened.length) { network.body.emitter.emit('_dataChanged'); }
    clustered = {};
  }
  /* The grouping the zoom asks for, null for none; its scale is rounded (to half powers of
     two) so that a small zoom keeps the groups where they are. */
  function wantedGrouping() {
    var scale = network.getScale();
    if (M.nodes.length < M.cluster_min || scale >= CLUSTER_BELOW) { return null; }
    var yearPx = 365.25 * M.px_per_day * scale;
    var step = [1, 2, 5, 10, 20, 50].filter(function (s) { return yearPx * s >= 120; })[0] || 100;
    return {step: step, scale: Math.pow(2, Math.round(Math.log2(scale) * 2) / 2)};
  }
  function regroup() {
    var wanted = wantedGrouping();
    if (JSON.stringify(wanted) === JSON.stringify(grouping)) { return; }
    openAll();
    grouping = wanted;
    if (!wanted) { return; }
    var step = wanted.step, scale = wanted.scale;
    var buckets = {};
    nodes.forEach(function (n) {
      if (n.kind !== 'event' || n.hidden) { return; }
      var key = n.lane + '|' + Math.floor(n.year / step) * step;
      (buckets[key] = buckets[key] || []).push(n);
    });
    Object.keys(buckets).sort().forEach(function (key) {
      var members = buckets[key], lane = M.lanes[members[0].lane];
      var from = Number(key.split('|')[1]);
      var ids = {};
      members.forEach(function (n) { ids[n.id] = true; });
      var id = 'c|' + key;
      var span = step === 1 ? String(from) : from + '–' + (from + step - 1);
      network.cluster({
        joinCondition: function (o) { return ids[o.id] === true; },
        clusterNodeProperties: {
          id: id, x: (xOfDay(utcDay(from, 0)) + xOfDay(utcDay(from + step, 0))) / 2,
          y: laneTop(members[0].lane) + 48 / scale,
          fixed: true, physics: false, shape: 'box', allowSingleNodeCluster: true,
          label: span + '\n' + members.length + ' event' + (members.length === 1 ? '' : 's'),
          title: span + ': ' + members.length + ' events in ' + lane.label + '; click to zoom in',
          color: {background: '#edf2f7', border: '#4a5568'},
          font: {size: 12 / scale, face: FONT_FACE}, margin: 6 / scale, borderWidth: 1
        }
      }, false);  // no refresh per group: vis-network rebuilds its edge index on each one
      members.forEach(function (n) { clustered[n.id] = id; });
    });
    network.body.emitter.emit('_dataChanged');  // one refresh for all the groups, as vis's own clusterOutliers does
  }
  /* Zoomed in past 100%, markers and labels keep their screen size: the rows Python packed
     for 100% only grow apart, so nothing comes to overlap, and a month stays readable. */
  function resize() {
    var k = Math.max(1, Math.round(network.getScale() * 4) / 4);
    if (k === shrink) { return; }
    shrink = k;
    nodes.update(nodeList.map(function (n) {
      return {id: n.id, size: n.size / k, font: {size: M.font / k}, borderWidth: n.borderWidth / k};
    }));
    edges.update(M.edges.map(function (e) { return {id: e.id, width: 1 / k}; }));
    edges.update(actorEdges.map(function (e) { return {id: e.id, width: 1 / k}; }));
  }
  var pending = null;
  network.on('zoom', function (params) {
    // No further out than a quarter of the whole: past that there is nothing left to read.
    var least = Math.min(container.clientWidth / (EXTENT.x1 - EXTENT.x0), 1) / 4;
    if (params.scale < least) { network.moveTo({position: network.getViewPosition(), scale: least}); }
    if (pending) { clearTimeout(pending); }
    pending = setTimeout(function () { pending = null; resize(); regroup(); }, 120);
  });

  legend();
  undated();
  countEl.textContent = TOTAL + ' of ' + TOTAL + ' events shown';
  // After vis-network's own first fit; `ready` once the page is drawn as a reader first sees it.
  network.once('afterDrawing', function () {
    setTimeout(function () {
      fitAll();
      network.once('afterDrawing', function () { window.tkgView.ready = true; });
      network.redraw();
    }, 0);
  });
  window.addEventListener('resize', function () { network.redraw(); });
  window.tkgView = {network: network, nodes: nodes, edges: edges, model: M, fit: fitAll, extent: EXTENT,
                    showEvent: showEvent, applyFilters: applyFilters, regroup: regroup, resize: resize};
}());
