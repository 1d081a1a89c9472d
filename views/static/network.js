/* treatykg: the actor network page. Draws the model of #tkg-data (laid out in Python, so
   physics stays off and the same data always looks the same), fills the side panel on a
   click, and filters by years, treaty and name. Text reaches the page only through
   textContent (tkg.el, tkg.panel) or vis-network's plain-text titles. */
(function () {
  'use strict';
  var tkg = window.tkg;
  var model = tkg.data();
  var byId = {};
  var edgesOf = {};
  model.nodes.forEach(function (n) { byId[n.id] = n; edgesOf[n.id] = []; });
  model.edges.forEach(function (e) { edgesOf[e.from].push(e); edgesOf[e.to].push(e); });
  var edgeById = {};
  model.edges.forEach(function (e) { edgeById[e.id] = e; });

  var filters = { from: null, to: null, treaty: '', search: '' };

  function width(events) { return Math.round((1 + 2 * Math.log2(Math.max(events, 1))) * 100) / 100; }

  /* Whether an event passes the year and treaty filters. With every year chosen, undated
     events count too; narrowed, an event counts when its whole period lies inside. */
  function passes(key) {
    var ev = model.events[key];
    if (filters.treaty && ev.treaty !== filters.treaty) { return false; }
    if (!yearsNarrowed()) { return true; }
    return ev.y0 !== null && ev.y0 >= filters.from && ev.y1 <= filters.to;
  }

  function yearsNarrowed() {
    return model.years !== null && (filters.from > model.years[0] || filters.to < model.years[1]);
  }

  function visibleEvents(edge) { return edge.events.filter(passes); }

  function nodeData(n) {
    return {
      id: n.id, label: n.label, title: n.title, shape: n.shape, size: n.size, x: n.x, y: n.y,
      color: { background: n.color, border: '#2d3748', highlight: { background: n.color, border: '#1a202c' },
               hover: { background: n.color, border: '#1a202c' } },
      kind: n.kind, community: n.community
    };
  }

  function edgeData(e) {
    return { id: e.id, from: e.from, to: e.to, width: e.width, title: e.title };
  }

  var nodes = new vis.DataSet(model.nodes.map(nodeData));
  var edges = new vis.DataSet(model.edges.map(edgeData));
  var container = document.getElementById('tkg-network');
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, {
    physics: { enabled: false },
    layout: { improvedLayout: false },
    nodes: { borderWidth: 1, font: { size: 14, face: 'DejaVu Sans, Liberation Sans, Arial, sans-serif', strokeWidth: 3, strokeColor: '#ffffff' } },
    edges: { smooth: false, color: { color: '#8a94a6', highlight: '#2b6cb0', hover: '#4a5568' } },
    interaction: { hover: true, tooltipDelay: 200, dragNodes: true, keyboard: false, navigationButtons: false }
  });

  /* ----------------------------------------------------------------- filtering */

  function apply() {
    var edgeUpdates = [];
    var shownEdges = {};
    var matched = null;
    if (filters.search) {
      var wanted = filters.search.toLowerCase();
      matched = {};
      model.nodes.forEach(function (n) { if (n.label.toLowerCase().indexOf(wanted) !== -1) { matched[n.id] = true; } });
    }
    model.edges.forEach(function (e) {
      var count = visibleEvents(e).length;
      var show = count > 0 && (matched === null || matched[e.from] || matched[e.to]);
      if (show) { shownEdges[e.id] = count; }
      edgeUpdates.push({ id: e.id, hidden: !show, width: width(show ? count : e.weight) });
    });
    var narrowed = yearsNarrowed() || filters.treaty !== '';
    var nodeUpdates = model.nodes.map(function (n) {
      var tied = edgesOf[n.id].some(function (e) { return shownEdges[e.id] !== undefined; });
      // An actor shows with a tie that passes; untied ones only while nothing narrows the events.
      var show = tied || (!narrowed && (matched === null || matched[n.id] === true));
      return { id: n.id, hidden: !show };
    });
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
    var nShown = nodeUpdates.filter(function (u) { return !u.hidden; }).length;
    var tShown = Object.keys(shownEdges).length;
    document.getElementById('tkg-count').textContent =
      nShown + ' of ' + model.nodes.length + ' actors, ' + tShown + ' of ' + model.edges.length + ' ties shown';
  }

  function fillSelect(select, options, chosen) {
    options.forEach(function (o) {
      var option = tkg.el('option', o[1], { value: o[0] });
      if (String(o[0]) === String(chosen)) { option.selected = true; }
      select.appendChild(option);
    });
  }

  function setupFilters() {
    var from = document.getElementById('tkg-from');
    var to = document.getElementById('tkg-to');
    if (model.years === null) {
      from.disabled = true; to.disabled = true;
    } else {
      var years = [];
      for (var y = model.years[0]; y <= model.years[1]; y++) { years.push([y, String(y)]); }
      filters.from = model.years[0]; filters.to = model.years[1];
      fillSelect(from, years, filters.from);
      fillSelect(to, years, filters.to);
      from.addEventListener('change', function () {
        filters.from = Number(from.value);
        if (filters.to < filters.from) { filters.to = filters.from; to.value = String(filters.to); }
        apply();
      });
      to.addEventListener('change', function () {
        filters.to = Number(to.value);
        if (filters.from > filters.to) { filters.from = filters.to; from.value = String(filters.from); }
        apply();
      });
    }
    var treaty = document.getElementById('tkg-treaty');
    fillSelect(treaty, model.treaties, '');
    treaty.addEventListener('change', function () { filters.treaty = treaty.value; apply(); });
    var search = document.getElementById('tkg-search');
    search.addEventListener('input', function () { filters.search = search.value.trim(); apply(); });
    document.getElementById('tkg-filters').addEventListener('submit', function (event) { event.preventDefault(); });
    document.getElementById('tkg-fit').addEventListener('click', function () { network.fit(); });
  }

  /* ----------------------------------------------------------------- legend */

  function setupLegend() {
    var communities = document.getElementById('tkg-communities');
    model.communities.forEach(function (c) {
      var item = tkg.el('span', null, { 'class': 'tkg-legend-item' });
      var swatch = tkg.el('span', null, { 'class': 'tkg-swatch' });
      swatch.style.background = c.color;
      item.appendChild(swatch);
      var name = c.community ? c.community + ' · ' + c.leader : 'others';
      item.appendChild(document.createTextNode(name + ' (' + c.actors + ')'));
      communities.appendChild(item);
    });
    var kinds = document.getElementById('tkg-kinds');
    model.kinds.forEach(function (k) {
      var item = tkg.el('span', null, { 'class': 'tkg-legend-item' });
      item.appendChild(tkg.el('span', null, { 'class': 'tkg-shape tkg-shape-' + k.shape }));
      item.appendChild(document.createTextNode(k.label));
      kinds.appendChild(item);
    });
  }

  /* ----------------------------------------------------------------- side panel */

  function button(text, onClick) {
    var b = tkg.el('button', text, { type: 'button', 'class': 'tkg-linkish' });
    b.addEventListener('click', onClick);
    return b;
  }

  function otherEnd(edge, id) { return edge.from === id ? edge.to : edge.from; }

  function showNode(id) {
    var n = byId[id];
    var ties = edgesOf[id].map(function (e) { return { edge: e, count: visibleEvents(e).length }; })
      .filter(function (t) { return t.count > 0; })
      .sort(function (a, b) {
        return b.count - a.count || byId[otherEnd(a.edge, id)].label.localeCompare(byId[otherEnd(b.edge, id)].label);
      });
    var rows = ties.map(function (t) {
      var other = byId[otherEnd(t.edge, id)];
      return [String(t.count), button(other.label, function () { selectEdge(t.edge.id); })];
    });
    if (!rows.length) { rows.push([null, 'No tie within the filters.']); }
    tkg.panel([
      { heading: n.label, rows: [
        ['kind', n.kind], ['community', n.community ? String(n.community) : '—'],
        ['PageRank', n.pagerank.toFixed(4)], ['betweenness', n.betweenness.toFixed(4)],
        ['degree', String(n.degree) + ' actors'], ['strength', String(n.strength) + ' shared events'],
        ['events', String(n.events)], ['first', n.first || 'undated'], ['last', n.last || 'undated']
      ] },
      { heading: 'Ties (shared events)', rows: rows }
    ]);
  }

  function showEdge(id) {
    var e = edgeById[id];
    var keys = visibleEvents(e);
    var rows = keys.map(function (key) {
      var ev = model.events[key];
      var what = ev.type_label + (ev.modality && ev.modality !== 'actual' ? ' (' + ev.modality + ')' : '');
      return [ev.date || 'undated', [what, ev.treaty_label ? ' · ' + ev.treaty_label : '']];
    });
    var hidden = e.events.length - keys.length;
    if (hidden) { rows.push([null, hidden + ' more hidden by the filters']); }
    tkg.panel([
      { heading: byId[e.from].label + ' – ' + byId[e.to].label, rows: [
        ['shared events', String(e.weight)],
        [null, button(byId[e.from].label, function () { selectNode(e.from); })],
        [null, button(byId[e.to].label, function () { selectNode(e.to); })]
      ] },
      { heading: 'Events behind this tie', rows: rows }
    ]);
  }

  function selectNode(id) { network.selectNodes([id]); showNode(id); }
  function selectEdge(id) { network.setSelection({ nodes: [], edges: [id] }); showEdge(id); }

  network.on('click', function (params) {
    if (params.nodes.length) { showNode(params.nodes[0]); }
    else if (params.edges.length) { showEdge(params.edges[0]); }
  });

  setupLegend();
  setupFilters();
  apply();
  network.fit();

  window.tkgView = { network: network, nodes: nodes, edges: edges, model: model,
                     apply: apply, filters: filters, showNode: showNode, showEdge: showEdge };
}());
