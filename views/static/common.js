/* treatykg: helpers every page shares (window.tkg). The DOM is built only with createElement
   and textContent, never innerHTML, so article text stays text; a link is made only for an
   http(s) URL. */
(function () {
  'use strict';
  var tkg = window.tkg = window.tkg || {};
  var FORBIDDEN_TAGS = /^(script|style|iframe|frame|object|embed|link|meta|base|form|svg|math|template)$/i;
  var URL_ATTRS = /^(href|src|srcset|srcdoc|action|formaction|xlink:href|data|style)$/i;
  var parsed;

  /* The page's model: the JSON block #tkg-data, parsed once. */
  tkg.data = function () {
    if (parsed === undefined) {
      var block = document.getElementById('tkg-data');
      parsed = block ? JSON.parse(block.textContent) : null;
    }
    return parsed;
  };

  /* An element with text (as text) and attributes; event-handler and URL attributes are refused. */
  tkg.el = function (tag, text, attrs) {
    if (FORBIDDEN_TAGS.test(tag)) { throw new Error('tkg.el: refusing <' + tag + '>'); }
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (attrs) {
      Object.keys(attrs).sort().forEach(function (name) {
        if (/^on/i.test(name) || URL_ATTRS.test(name)) { throw new Error('tkg.el: refusing attribute ' + name); }
        var value = attrs[name];
        if (value === false || value === null || value === undefined) { return; }
        node.setAttribute(name, value === true ? '' : String(value));
      });
    }
    return node;
  };

  /* The URL if it is absolute http(s), else null. */
  tkg.httpUrl = function (url) {
    if (typeof url !== 'string' || !url) { return null; }
    try {
      var u = new URL(url);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname ? u.href : null;
    } catch (e) {
      return null;
    }
  };

  /* A link that opens in a new tab for an http(s) URL; anything else is plain text. */
  tkg.link = function (url, text) {
    var label = (text === undefined || text === null || text === '') ? String(url || '') : String(text);
    var href = tkg.httpUrl(url);
    if (href === null) { return tkg.el('span', label); }
    var a = document.createElement('a');
    a.textContent = label;
    a.href = href;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    return a;
  };

  function append(cell, value) {
    if (Array.isArray(value)) { value.forEach(function (v) { append(cell, v); }); }
    else if (value instanceof Node) { cell.appendChild(value); }
    else if (value !== undefined && value !== null) { cell.appendChild(document.createTextNode(String(value))); }
  }

  /* Fill #tkg-panel (created at the end of the body if the page has none) with sections
     [{heading, rows: [[label, text | node | array of them]]}] and show it. */
  tkg.panel = function (sections) {
    var panel = document.getElementById('tkg-panel');
    if (!panel) {
      panel = tkg.el('aside', null, {id: 'tkg-panel'});
      document.body.appendChild(panel);
    }
    panel.replaceChildren();
    (sections || []).forEach(function (section) {
      if (section.heading) { panel.appendChild(tkg.el('h3', section.heading)); }
      var table = tkg.el('table', null, {'class': 'tkg-rows'});
      (section.rows || []).forEach(function (row) {
        var tr = tkg.el('tr');
        if (row[0] === null || row[0] === undefined || row[0] === '') {
          var wide = tkg.el('td', null, {colspan: 2});
          append(wide, row[1]);
          tr.appendChild(wide);
        } else {
          tr.appendChild(tkg.el('th', row[0]));
          var td = tkg.el('td');
          append(td, row[1]);
          tr.appendChild(td);
        }
        table.appendChild(tr);
      });
      if (table.childNodes.length) { panel.appendChild(table); }
    });
    panel.hidden = false;
    panel.scrollTop = 0;
    return panel;
  };
}());
