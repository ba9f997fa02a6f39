// The DPO dashboard: plain DOM, no framework and nothing fetched from outside the service. Every figure comes from
// the query API; the pages add no numbers of their own. Data is always set as text, never parsed as HTML.
(function () {
  'use strict';
  const TEXTS = window.LEDGER_TEXTS;
  const LANGS = ['kk', 'ru', 'en'];
  const main = document.getElementById('main');
  const state = { lang: chosenLanguage(), me: null, operators: [], operator: null };

  function chosenLanguage() {
    const stored = localStorage.getItem('ledger.lang');
    if (LANGS.includes(stored)) return stored;
    const browser = (navigator.language || 'en').slice(0, 2);
    return LANGS.includes(browser) ? browser : 'en';
  }

  function t(key) {
    return (TEXTS[state.lang] && TEXTS[state.lang][key]) || TEXTS.en[key] || key;
  }

  // A text for a value of the data when there is one, else the value itself (a trigger the texts do not know).
  function known(key, value) {
    return TEXTS.en[key] ? t(key) : value;
  }

  function setLanguage(lang) {
    state.lang = lang;
    localStorage.setItem('ledger.lang', lang);
    // The sign-in page is rendered by the server: it reads the cookie.
    document.cookie = 'ledger-lang=' + lang + '; path=/; max-age=31536000; samesite=lax';
    document.documentElement.lang = lang;
    document.querySelectorAll('[data-t]').forEach((el) => { el.textContent = t(el.dataset.t); });
    document.title = t('brand');
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([name, value]) => {
      if (value === null || value === undefined || value === false) return;
      if (name === 'on') Object.entries(value).forEach(([event, handler]) => node.addEventListener(event, handler));
      else node.setAttribute(name, value === true ? '' : value);
    });
    children.flat().forEach((child) => {
      if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
    });
    return node;
  }

  // --- the API ---------------------------------------------------------------------------------------------------
  class Problem extends Error {
    constructor(status, detail) { super(detail); this.status = status; }
  }

  function headers() {
    const token = sessionStorage.getItem('ledger.token');
    return token ? { Authorization: 'Bearer ' + token } : {};
  }

  async function call(path, accept) {
    // X-Requested-With: a 401 then carries no Basic challenge, which would open the browser's own password dialog.
    const response = await fetch(path, { headers: Object.assign({ Accept: accept || 'application/json',
      'X-Requested-With': 'XMLHttpRequest' }, headers()),
      credentials: 'same-origin' });
    if (response.status === 401) {
      sessionStorage.removeItem('ledger.token');
      location.href = '/login';
      throw new Problem(401, 'sign in');
    }
    if (!response.ok) {
      let detail = response.statusText;
      try { detail = (await response.json()).detail || detail; } catch (ignored) { /* not a problem document */ }
      throw new Problem(response.status, detail);
    }
    return response;
  }

  const api = async (path) => (await call(path)).json();

  function operatorPath(suffix) {
    return '/api/v1/operators/' + encodeURIComponent(state.operator) + suffix;
  }

  async function downloadFrom(path, filename) {
    const response = await call(path, 'text/csv');
    save(await response.blob(), filename);
  }

  async function downloadCsv(table, params) {
    const query = new URLSearchParams(params || {});
    query.set('format', 'csv');
    const response = await call(operatorPath('/dashboard/tables/' + table + '?' + query), 'text/csv');
    save(await response.blob(), state.operator + '-' + table + '.csv');
  }

  function save(blob, filename) {
    const link = el('a', { href: URL.createObjectURL(blob), download: filename });
    document.body.append(link);
    link.click();
    link.remove();
  }

  // A table the API has no CSV of (a subject's consent): written here from the rows shown.
  function downloadLocalCsv(data, filename) {
    const quote = (value) => (value === null || value === undefined) ? ''
      : typeof value === 'number' ? String(value)
        : '"' + (/^[=+\-@]/.test(String(value)) ? "'" : '') + String(value).replace(/"/g, '""') + '"';
    const text = [data.columns.join(',')].concat(data.rows.map((row) => row.map(quote).join(','))).join('\r\n') + '\r\n';
    save(new Blob([text], { type: 'text/csv' }), filename);
  }

  // --- formatting --------------------------------------------------------------------------------------------------
  const locale = () => ({ kk: 'kk-KZ', ru: 'ru-RU', en: 'en-GB' })[state.lang];
  const number = (n) => new Intl.NumberFormat(locale()).format(n);
  function when(value) {
    if (!value) return '';
    return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Almaty' })
      .format(new Date(value));
  }
  function cell(column, value) {
    if (value === null || value === undefined) return el('td', {}, '');
    if (typeof value === 'number') return el('td', { class: 'num' }, number(value));
    if (typeof value === 'boolean') return el('td', {}, t(value ? 'yes' : 'no'));
    if (column === 'verdict') return el('td', { class: value === 'ok' ? 'good' : 'bad' }, t('v.' + value));
    if (column === 'state') {
      return el('td', { class: value === 'met' ? 'good' : value === 'due' ? null : 'bad' }, t('st.' + value));
    }
    if (column === 'duty' || column === 'trigger') return el('td', {}, known((column === 'duty' ? 'k.' : 'tr.') + value, value));
    if (/At$/.test(column)) return el('td', {}, el('time', { datetime: value }, when(value)));
    if (column === 'subject') {
      return el('td', {}, el('a', { href: '#/subjects/' + encodeURIComponent(value) }, value));
    }
    return el('td', {}, value);
  }

  function table(data, captionKey, params) {
    const body = data.rows.length === 0
      ? [el('tr', {}, el('td', { colspan: data.columns.length }, t('empty')))]
      : data.rows.map((row) => el('tr', {}, row.map((value, i) => cell(data.columns[i], value))));
    return el('div', { class: 'tablebox' },
      el('div', { class: 'tablebar' },
        el('button', { type: 'button', class: 'secondary', 'data-csv': data.name,
          on: { click: () => data.csvPath ? downloadFrom(data.csvPath, data.csvName).catch(showProblem)
            : data.filename ? downloadLocalCsv(data, data.filename)
              : downloadCsv(data.name, params).catch(showProblem) } }, t('csv'))),
      el('table', { id: 'table-' + data.name },
        el('caption', {}, t(captionKey || 'table.' + data.name)),
        el('thead', {}, el('tr', {}, data.columns.map((c) => el('th', { scope: 'col' }, t('c.' + c))))),
        el('tbody', {}, body)));
  }

  // --- charts (inline SVG; each chart's numbers are also in a table below it) -----------------------------------------
  const SVG = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs, text) {
    const node = document.createElementNS(SVG, tag);
    Object.entries(attrs).forEach(([name, value]) => node.setAttribute(name, value));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function barChart(captionKey, items) {
    const top = items.slice(0, 10);
    const max = Math.max(1, ...top.map((item) => item.value));
    const height = 22 * top.length + 10;
    const chart = svg('svg', { viewBox: '0 0 460 ' + height, width: '100%', role: 'img',
      'aria-label': t(captionKey) + ': ' + top.map((item) => item.label + ' ' + item.value).join(', ') });
    top.forEach((item, i) => {
      const y = 5 + i * 22;
      chart.append(svg('text', { x: 150, y: y + 14, 'text-anchor': 'end' }, item.label.slice(0, 26)));
      chart.append(svg('rect', { x: 155, y: y + 3, height: 14, width: Math.max(1, 250 * item.value / max),
        fill: item.color || '#0b5cad' }));
      chart.append(svg('text', { x: 160 + 250 * item.value / max, y: y + 14 }, number(item.value)));
    });
    return el('figure', {}, el('figcaption', {}, t(captionKey)), chart);
  }

  function monthlyChart(monthly) {
    const columns = monthly.columns;
    const granted = columns.indexOf('granted');
    const withdrawn = columns.indexOf('withdrawn');
    const max = Math.max(1, ...monthly.rows.map((row) => Math.max(row[granted], row[withdrawn])));
    const width = 460;
    const step = (width - 40) / Math.max(1, monthly.rows.length);
    const chart = svg('svg', { viewBox: '0 0 ' + width + ' 190', width: '100%', role: 'img',
      'aria-label': t('chart.monthly') + ': ' + monthly.rows.map((row) => row[0] + ' ' + row[granted] + '/' + row[withdrawn]).join(', ') });
    monthly.rows.forEach((row, i) => {
      const x = 30 + i * step;
      [[granted, '#0b5cad', 0], [withdrawn, '#d9822b', 1]].forEach(([column, color, offset]) => {
        const h = 150 * row[column] / max;
        chart.append(svg('rect', { x: x + offset * step * 0.4, y: 160 - h, width: step * 0.38, height: Math.max(h, 0.5), fill: color }));
      });
      chart.append(svg('text', { x: x, y: 176 }, row[0].slice(2)));
    });
    chart.append(svg('text', { x: 0, y: 12 }, number(max)));
    return el('figure', {}, el('figcaption', {}, t('chart.monthly')), chart,
      el('div', { class: 'legend' }, el('span', { style: 'background:#0b5cad' }), t('c.granted'),
        el('span', { style: 'background:#d9822b' }), t('c.withdrawn')));
  }

  // --- pages ---------------------------------------------------------------------------------------------------------
  const FIGURES = ['subjects', 'activeConsents', 'withdrawnConsents', 'pendingRefusals', 'refusedWithdrawals',
    'violations', 'lateStops', 'shares', 'crossBorderShares', 'expiringSoon', 'expiredStillActive',
    'explicitAcceptances', 'implicitAcceptances', 'subjectsOnOlderPolicy', 'subjectsWithoutAcceptance'];
  const ALERTS = ['violations', 'lateStops', 'pendingRefusals', 'expiredStillActive'];

  async function overview() {
    const data = await api(operatorPath('/dashboard'));
    const tables = data.tables;
    const purposes = tables.purposes.rows.map((row) => ({ label: row[0], value: row[1] }));
    const countries = tables.countries.rows.map((row) => ({ label: row[0], value: row[2],
      color: row[1] ? '#d9822b' : '#0b5cad' }));
    return [
      el('h1', {}, t('overview.title'), ' — ', state.operator),
      el('p', { class: 'legend' }, t('overview.generated'), ' ', el('time', { datetime: data.generatedAt }, when(data.generatedAt))),
      el('dl', { class: 'figures', id: 'figures' }, FIGURES.map((name) => el('div',
        { class: ALERTS.includes(name) && data.figures[name] > 0 ? 'alert' : null, 'data-figure': name },
        el('dt', {}, t('fig.' + name)), el('dd', { 'data-value': data.figures[name] }, number(data.figures[name]))))),
      el('div', { class: 'charts' }, barChart('chart.purposes', purposes), monthlyChart(tables.monthly),
        barChart('chart.countries', countries)),
      ['purposes', 'categories', 'policies', 'recipients', 'countries', 'expiry', 'monthly']
        .map((name) => table(tables[name]))
    ];
  }

  async function subjects(subject) {
    const form = el('form', { class: 'filters', role: 'search', id: 'subject-search' },
      el('label', {}, t('subjects.prefix'), el('input', { name: 'prefix', id: 'prefix', required: true,
        autocomplete: 'off', value: subject || '' })),
      el('button', { type: 'submit' }, t('subjects.search')));
    const results = el('div', { id: 'subject-results' });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      search(form.prefix.value.trim(), results).catch(showProblem);
    });
    const parts = [el('h1', {}, t('subjects.title')), form, results];
    if (subject) parts.push(await subjectDetail(subject));
    return parts;
  }

  async function search(prefix, results) {
    const matches = await api(operatorPath('/subjects?prefix=' + encodeURIComponent(prefix)));
    if (matches.length === 1 && matches[0].subject === prefix) {
      location.hash = '#/subjects/' + encodeURIComponent(prefix);
      return;
    }
    results.replaceChildren(matches.length === 0 ? el('p', {}, t('subjects.none'))
      : el('ul', {}, matches.map((m) => el('li', {}, el('a', { href: '#/subjects/' + encodeURIComponent(m.subject) }, m.subject)))));
  }

  async function subjectDetail(subject) {
    const path = operatorPath('/subjects/' + encodeURIComponent(subject));
    const [consent, history] = await Promise.all([api(path + '/consents'), api(path + '/history?size=100')]);
    const policy = consent.acceptedPolicy;
    const columns = ['purpose', 'status', 'dataCategories', 'grantedAt', 'expiresAt', 'withdrawnAt', 'stopDueBy'];
    const current = {
      name: 'consent', columns: columns, filename: state.operator + '-' + subject + '-consent.csv',
      rows: consent.purposes.map((p) => [p.purpose, t('s.' + p.status), (p.dataCategories || []).join(', '),
        p.grantedAt, p.expiresAt, p.withdrawnAt, p.stopDueBy])
    };
    const rendered = table(current, 'table.consent');
    return el('section', { id: 'subject', 'aria-labelledby': 'subject-title' },
      el('h2', { id: 'subject-title' }, t('c.subject'), ' ', subject),
      // Some of the subject's events are parked (docs/reliability.md): the view stops before them.
      consent.incomplete ? el('p', { class: 'incomplete', id: 'subject-incomplete', role: 'status' },
        el('strong', { class: 'bad' }, t('subjects.incomplete')), ' ',
        t('subjects.incompleteDetail').replace('{n}', consent.parkedEvents)) : null,
      el('p', {}, policy ? [t('subjects.acceptedPolicy'), ': ', policy.version, ' (', policy.mode, ', ', policy.validity, ') ',
        when(policy.acceptedAt)] : t('subjects.noPolicy')),
      rendered,
      el('h2', {}, t('table.timeline')),
      el('ol', { class: 'timeline', id: 'timeline' }, history.items.map((entry) => el('li',
        { class: entry.verdict || null, 'data-position': entry.position },
        el('time', { datetime: entry.occurredAt }, when(entry.occurredAt)), ' ',
        el('strong', {}, t('t.' + entry.type)), judgment(entry),
        el('div', {}, summary(entry.details))))));
  }

  function verdictText(verdict) {
    return el('span', { class: verdict === 'ok' || verdict === 'valid' ? 'good' : 'bad' },
      TEXTS.en['v.' + verdict] ? t('v.' + verdict) : verdict);
  }

  // An entry's latest judgment, as one flat list of nodes. One judged again shows the judgment given at receipt first
  // ("violation → ok (revised)"); the revising entry, further down, says what it judged and why (ADR 0023).
  function judgment(entry) {
    const details = entry.details;
    if (entry.type === 'judgment-revised') {
      return [' — ', t('judged') + ': ' + t('t.' + details.judgedType)].concat(details.verdict
        ? [' ', verdictText(details.verdict)] : []);
    }
    if (entry.revisedBy === null || entry.revisedBy === undefined) {
      return entry.verdict ? [' — ', verdictText(entry.verdict)] : [];
    }
    // Only a disclosure's entry holds its latest verdict; another judged entry's is on its revising entry.
    const original = details.verdict || details.validity;
    const judged = entry.verdict ? [verdictText(original), ' → ', verdictText(entry.verdict)]
      : original ? [verdictText(original)] : [];
    const revised = [' (', el('span', { class: 'revised', 'data-revised-by': entry.revisedBy }, t('revised')), ')'];
    return judged.length ? [' — '].concat(judged, revised) : revised;
  }

  function summary(details) {
    const parts = [];
    if (details.purposes) parts.push(details.purposes.join(', '));
    if (details.purpose) parts.push(details.purpose);
    if (details.recipient) parts.push('→ ' + details.recipient.name + ' (' + details.recipient.country + ')');
    if (details.policyVersion) parts.push(t('c.policyVersion') + ' ' + details.policyVersion);
    if (details.mode) parts.push(details.mode);
    if (details.refusal) parts.push(details.refusal.reason);
    if (details.stopDueBy) parts.push(t('c.stopDueBy') + ' ' + details.stopDueBy);
    if (details.because) parts.push(details.because);
    if (details.judgedType && details.reasons) parts.push(details.reasons.join('; '));
    return parts.join(' · ');
  }

  const LIST_FILTERS = {
    sharing: ['from', 'to', 'purpose', 'recipient', 'country', 'verdict'],
    violations: ['from', 'to', 'purpose', 'recipient', 'verdict'],
    refusals: ['from', 'to'],
    'expiring-consents': ['days', 'purpose']
  };

  async function list(name, params) {
    const form = el('form', { class: 'filters', id: 'filters' }, LIST_FILTERS[name].map((filter) => {
      const type = filter === 'from' || filter === 'to' ? 'date' : filter === 'days' ? 'number' : 'text';
      if (filter === 'verdict') {
        const options = name === 'violations' ? ['', 'violation', 'late-stop'] : ['', 'ok', 'violation', 'late-stop'];
        return el('label', {}, t('f.verdict'), el('select', { name: 'verdict' }, options.map((v) =>
          el('option', { value: v, selected: params.get('verdict') === v }, v ? t('v.' + v) : t('f.any')))));
      }
      return el('label', {}, t('f.' + filter), el('input', { name: filter, type: type, value: params.get(filter) || '' }));
    }), el('button', { type: 'submit' }, t('filter')));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const query = new URLSearchParams();
      new FormData(form).forEach((value, key) => { if (String(value).trim()) query.set(key, String(value).trim()); });
      location.hash = '#/' + name + (query.toString() ? '?' + query : '');
    });
    const offset = Number(params.get('offset') || 0);
    const data = await api(operatorPath('/dashboard/tables/' + name + '?' + params));
    const filters = Object.fromEntries([...params].filter(([key]) => key !== 'offset'));
    const page = (delta) => {
      const query = new URLSearchParams(filters);
      query.set('offset', Math.max(0, offset + delta));
      return '#/' + name + '?' + query;
    };
    return [el('h1', {}, t('table.' + name)), form, table(data, null, filters),
      el('p', {}, offset > 0 ? el('a', { href: page(-50) }, t('previous')) : null, ' ',
        data.more ? el('a', { href: page(50) }, t('next')) : null)];
  }

  // --- the duties' clocks: a DPO's worklist and the view across operators ------------------------------------------
  const CLOCK_COLUMNS = ['subject', 'duty', 'trigger', 'requestRef', 'opened', 'dueDate', 'state', 'closed', 'outcome',
    'calendarVersion'];
  const CLOCK_KINDS = ['access', 'correction', 'blocking', 'destruction-request', 'objection', 'destruction', 'retention',
    'withdrawal-stop'];

  function clockTable(name, page, columns, path, csvName) {
    return table({ name: name, columns: columns, csvPath: path + (path.includes('?') ? '&' : '?') + 'format=csv',
      csvName: csvName, rows: page.items.map((c) => columns.map((column) =>
        column === 'duty' ? c.kind : column === 'calendarVersion' && c.provisional ? c.calendarVersion + ' (' + t('provisional') + ')'
          : c[column])) });
  }

  function clockFilters(target, params, fields) {
    const form = el('form', { class: 'filters', id: 'filters' }, fields.map((field) => {
      if (field === 'kind' || field === 'state') {
        const values = field === 'kind' ? CLOCK_KINDS : ['due', 'overdue', 'late', 'met'];
        return el('label', {}, t('f.' + field), el('select', { name: field },
          [''].concat(values).map((v) => el('option', { value: v, selected: params.get(field) === v },
            v ? t((field === 'kind' ? 'k.' : 'st.') + v) : t('f.any')))));
      }
      return el('label', {}, t('f.' + field), el('input', { name: field, type: field === 'on' ? 'date' : 'text',
        value: params.get(field) || '' }));
    }), el('button', { type: 'submit' }, t('filter')));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const query = new URLSearchParams();
      new FormData(form).forEach((value, key) => { if (String(value).trim()) query.set(key, String(value).trim()); });
      location.hash = '#/' + target + (query.toString() ? '?' + query : '');
    });
    return form;
  }

  // Open clocks soonest due first (overdue ones marked), the late ones, and who is past retention or has no rule.
  async function clocks(params) {
    const on = params.get('on');
    const kind = params.get('kind');
    const query = (more) => {
      const q = new URLSearchParams(more);
      if (on) q.set('on', on);
      if (kind) q.set('kind', kind);
      return q;
    };
    const path = (suffix, more) => operatorPath(suffix + '?' + query(more));
    const [overdue, due, late, retention] = await Promise.all([
      api(path('/clocks', { state: 'overdue', size: 500 })), api(path('/clocks', { state: 'due', size: 500 })),
      api(path('/clocks', { state: 'late', size: 500 })),
      api(operatorPath('/retention?' + new URLSearchParams(on ? { on: on, size: 500 } : { size: 500 })))]);
    const open = { items: overdue.items.concat(due.items)
      .sort((a, b) => a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0) };
    return [el('h1', {}, t('nav.clocks')), clockFilters('clocks', params, ['on', 'kind']),
      el('p', { class: 'figures', id: 'clock-figures' }, t('clocks.overdue') + ': ' + number(overdue.totalItems) + ' · '
        + t('clocks.due') + ': ' + number(due.totalItems) + ' · ' + t('clocks.late') + ': ' + number(late.totalItems)),
      clockTable('clocks-open', open, CLOCK_COLUMNS, path('/clocks', {}), state.operator + '-clocks.csv'),
      clockTable('clocks-late', late, CLOCK_COLUMNS, path('/clocks', { state: 'late' }), state.operator + '-late.csv'),
      clockTable('retention', retention, ['subject', 'trigger', 'policyVersion', 'legalReference', 'opened', 'dueDate',
        'state'], operatorPath('/retention' + (on ? '?on=' + encodeURIComponent(on) : '')),
      state.operator + '-retention.csv')];
  }

  // The regulator's view: every operator the account may read, or the one it names ("of": the page's own "operator"
  // parameter chooses the dashboard's operator).
  async function allClocks(params) {
    const query = new URLSearchParams([...params].filter(([key]) => key !== 'page')
      .map(([key, value]) => [key === 'of' ? 'operator' : key, value]));
    const pageNumber = Number(params.get('page') || 0);
    const page = await api('/api/v1/clocks?' + query + '&page=' + pageNumber + '&size=50');
    const link = (n) => '#/all-clocks?' + new URLSearchParams([...params].filter(([key]) => key !== 'page')
      .concat([['page', String(n)]]));
    return [el('h1', {}, t('nav.allClocks')), clockFilters('all-clocks', params, ['of', 'on', 'kind', 'state']),
      clockTable('all-clocks', page, ['operator'].concat(CLOCK_COLUMNS), '/api/v1/clocks?' + query, 'clocks.csv'),
      el('p', {}, pageNumber > 0 ? el('a', { href: link(pageNumber - 1) }, t('previous')) : null, ' ',
        pageNumber + 1 < page.totalPages ? el('a', { href: link(pageNumber + 1) }, t('next')) : null)];
  }

  function showProblem(problem) {
    const title = problem.status === 403 ? t('forbidden') : problem.status === 404 ? t('notFound') : t('error');
    main.replaceChildren(el('div', { class: 'problem', role: 'alert', id: 'problem' }, el('h1', {}, title),
      el('p', {}, problem.message)));
  }

  async function route() {
    const [path, query] = location.hash.replace(/^#\/?/, '').split('?');
    const [page, ...rest] = path.split('/');
    const params = new URLSearchParams(query || '');
    if (params.get('operator')) state.operator = params.get('operator');
    document.querySelectorAll('nav a').forEach((a) => {
      a.toggleAttribute('aria-current', a.getAttribute('href') === '#/' + (page || 'overview'));
      if (a.hasAttribute('aria-current')) a.setAttribute('aria-current', 'page');
    });
    if (!state.operator) {
      main.replaceChildren(el('p', {}, t('noOperator')));
      return;
    }
    main.replaceChildren(el('p', {}, t('loading')));
    params.delete('operator');
    try {
      let content;
      if (page === 'subjects') content = await subjects(rest.length ? decodeURIComponent(rest.join('/')) : null);
      else if (LIST_FILTERS[page]) content = await list(page, params);
      else if (page === 'clocks') content = await clocks(params);
      else if (page === 'all-clocks') content = await allClocks(params);
      else content = await overview();
      main.replaceChildren(...[content].flat(2));
      main.dataset.page = page || 'overview';
    } catch (problem) {
      if (problem.status !== 401) showProblem(problem);
    }
  }

  async function signOut() {
    if (sessionStorage.getItem('ledger.token')) {
      sessionStorage.removeItem('ledger.token');
      location.href = '/login?logout';
      return;
    }
    const body = new URLSearchParams();
    if (state.me.csrf) body.set(state.me.csrf.parameter, state.me.csrf.token);
    await fetch('/logout', { method: 'POST', body: body, credentials: 'same-origin' });
    location.href = '/login?logout';
  }

  async function start() {
    const langSelect = document.getElementById('lang');
    langSelect.value = state.lang;
    setLanguage(state.lang);
    langSelect.addEventListener('change', () => { setLanguage(langSelect.value); route(); });
    document.getElementById('signout').addEventListener('click', () => signOut().catch(showProblem));
    try {
      state.me = await api('/api/v1/me');
      state.operators = await api('/api/v1/operators');
    } catch (problem) {
      if (problem.status !== 401) showProblem(problem);
      return;
    }
    document.getElementById('account').textContent = t('signedInAs') + ' ' + state.me.name;
    const select = document.getElementById('operator');
    select.replaceChildren(...state.operators.map((o) => el('option', { value: o.operator }, o.operator)));
    const remembered = localStorage.getItem('ledger.operator');
    state.operator = state.operators.some((o) => o.operator === remembered) ? remembered
      : (state.operators[0] || {}).operator || null;
    if (state.operator) select.value = state.operator;
    select.addEventListener('change', () => {
      state.operator = select.value;
      localStorage.setItem('ledger.operator', state.operator);
      route();
    });
    window.addEventListener('hashchange', route);
    await route();
  }

  start();
}());
