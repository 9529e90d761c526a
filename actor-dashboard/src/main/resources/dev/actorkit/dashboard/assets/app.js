// ActorKit dashboard: plain JavaScript, no build step, no library.
// One live stream (server-sent events) per page, for the view on screen; the server sends what changed.
'use strict';

(function () {
    const meta = name => document.querySelector('meta[name="' + name + '"]')?.content;
    const base = meta('actorkit-base') || '';
    const actionsEnabled = meta('actorkit-actions') === 'true';
    const csrfHeader = meta('actorkit-csrf-header');
    const csrfToken = meta('actorkit-csrf-token');
    const main = document.getElementById('main');
    const FLASH_MILLIS = 5000;
    const HISTORY_POINTS = 300;

    // ---- small DOM helpers (text only: nothing from the server is parsed as HTML) ----

    function el(tag, attributes, ...children) {
        const node = document.createElement(tag);
        for (const [key, value] of Object.entries(attributes || {})) {
            if (value === null || value === undefined || value === false) continue;
            if (key === 'class') node.className = value;
            else if (key.startsWith('on')) node.addEventListener(key.substring(2), value);
            else node.setAttribute(key, value === true ? '' : String(value));
        }
        for (const child of children.flat()) {
            if (child === null || child === undefined || child === false) continue;
            node.append(child instanceof Node ? child : document.createTextNode(String(child)));
        }
        return node;
    }

    const pidLink = pid => pid ? el('a', {href: '#process?pid=' + encodeURIComponent(pid), class: 'mono'}, pid) : el('span', {class: 'muted'}, '–');
    const number = value => typeof value === 'number' ? value.toLocaleString('en-US', {maximumFractionDigits: 1}) : '';
    const shortType = type => type ? type.substring(type.lastIndexOf('.') + 1).replace(/\$/g, '.') : '';
    const time = millis => new Date(millis).toLocaleTimeString();

    // ---- routing: #view?param=value ----

    function route() {
        const hash = location.hash.replace(/^#/, '') || 'tree';
        const [view, query] = hash.split('?');
        return {view: view, params: new URLSearchParams(query || '')};
    }

    function go(view, params) {
        const query = new URLSearchParams(params).toString();
        location.hash = view + (query ? '?' + query : '');
    }

    // ---- the live stream ----

    let source = null;
    let reopenTimer = null;
    const handlers = {};

    function openStream(view, params) {
        closeStream();
        const query = new URLSearchParams(params);
        query.set('view', view);
        const opened = new EventSource(base + '/stream?' + query);
        source = opened;
        opened.onopen = () => connection(true);
        opened.onerror = () => {
            connection(false);
            // The browser retries by itself while the server is unreachable; if it gave up (an HTTP error,
            // for example while the application restarts), open a new stream a little later.
            if (opened.readyState === EventSource.CLOSED && source === opened) {
                reopenTimer = setTimeout(() => openStream(view, params), 2000);
            }
        };
        for (const event of ['scheduler', 'tree', 'processes', 'process', 'deadletters', 'nodes']) {
            opened.addEventListener(event, message => {
                const handler = handlers[event];
                if (handler) handler(JSON.parse(message.data));
            });
        }
    }

    function closeStream() {
        clearTimeout(reopenTimer);
        if (source) source.close();
        source = null;
    }

    function connection(live) {
        const badge = document.getElementById('connection');
        badge.className = 'connection ' + (live ? 'live' : 'connecting');
        badge.textContent = live ? 'live' : 'reconnecting…';
    }

    // ---- actions ----

    async function act(action, params, confirmText) {
        if (!confirm(confirmText)) return;
        const headers = {};
        if (csrfHeader && csrfToken) headers[csrfHeader] = csrfToken;
        let result;
        try {
            const response = await fetch(base + '/api/actions/' + action + '?' + new URLSearchParams(params),
                {method: 'POST', headers: headers, credentials: 'same-origin'});
            result = await response.json().catch(() => ({done: false, message: 'HTTP ' + response.status}));
        } catch (failure) {
            result = {done: false, message: String(failure)};
        }
        showMessage(result.message, result.done);
    }

    function showMessage(text, ok) {
        document.getElementById('message')?.remove();
        main.prepend(el('div', {id: 'message', class: 'message' + (ok ? ' ok' : '')}, text));
    }

    // ---- header: the scheduler's latest sample on every view ----

    let latestSample = null;
    const schedulerListeners = [];

    function onScheduler(sample) {
        latestSample = sample;
        const summary = document.getElementById('summary');
        summary.replaceChildren(
            el('b', {}, number(sample.liveProcesses)), ' processes · ',
            el('b', {}, number(sample.activationsPerSecond)), ' activations/s · ',
            el('b', {}, number(sample.deadLettersPerSecond)), ' dead letters/s');
        schedulerListeners.forEach(listener => listener(sample));
    }

    // ---- Tree ----

    const previousRestarts = new Map();
    const flashUntil = new Map();

    function showTree() {
        main.replaceChildren(el('div', {class: 'panel', id: 'tree'}, el('span', {class: 'muted'}, 'Reading the tree…')));
        handlers.tree = renderTree;
        openStream('tree', {});
    }

    function renderTree(tree) {
        const now = Date.now();
        for (const event of tree.recent) {
            if (now - event.time < FLASH_MILLIS) {
                flashUntil.set(event.name, event.time + FLASH_MILLIS);
                if (event.supervisor) flashUntil.set(event.supervisor, event.time + FLASH_MILLIS);
            }
        }
        const roots = tree.roots.length === 0
            ? el('p', {class: 'muted'}, 'No supervision tree: this application declares none under actor.supervision.')
            : el('ul', {class: 'tree root'}, tree.roots.map(root => treeItem(root, null, '')));
        const panel = el('div', {class: 'panel', id: 'tree'},
            el('h2', {}, 'Supervision tree'),
            el('p', {class: 'muted'}, number(tree.live) + ' live processes: ' + number(tree.supervised) + ' in the tree, '
                + number(tree.unsupervised) + ' outside it.'),
            roots);
        const events = el('div', {class: 'panel', id: 'recent'}, el('h2', {}, 'Recent changes'),
            tree.recent.length === 0 ? el('p', {class: 'muted'}, 'No restart, crash or exit in the last minute.')
                : el('ul', {class: 'events'}, tree.recent.map(event => el('li', {class: now - event.time < FLASH_MILLIS ? 'flash' : null},
                    time(event.time) + ' ', el('span', {class: 'kind-' + event.kind}, event.kind), ' ',
                    el('b', {}, event.name), ' ', el('span', {class: 'mono muted'}, event.pid),
                    event.supervisor ? ' under ' + event.supervisor : '',
                    event.kind === 'restarted' ? ' (restart ' + event.restarts + ')' : ''))));
        main.replaceChildren(panel, events);
        setTimeout(() => main.querySelectorAll('.flash').forEach(node => node.classList.remove('flash')), FLASH_MILLIS);
    }

    function treeItem(node, parent, path) {
        const key = path + '/' + node.name;
        const before = previousRestarts.get(key);
        const now = Date.now();
        if (before !== undefined && node.restarts > before) flashUntil.set(node.name, now + FLASH_MILLIS);
        previousRestarts.set(key, node.restarts);
        const flashing = (flashUntil.get(node.name) || 0) > now || node.status === 'restarting';
        const row = el('div', {
                class: 'node ' + node.kind + (flashing ? ' flash' : ''),
                'data-name': node.name, 'data-restarts': node.restarts, 'data-status': node.status, 'data-pid': node.pid
            },
            el('span', {class: 'name'}, node.name),
            node.kind !== 'process' ? el('span', {class: 'badge'}, node.strategy || 'supervisor') : null,
            pidLink(node.pid),
            el('span', {class: 'status-' + node.status}, node.status),
            node.restarts > 0 ? el('span', {class: 'badge restarts', title: 'restarts'}, node.restarts + ' restart' + (node.restarts === 1 ? '' : 's')) : null,
            node.kind === 'process' ? el('span', {class: 'muted'}, 'mailbox ' + number(node.mailboxSize) + ' · handled ' + number(node.messagesHandled)) : null,
            node.currentMessageType ? el('span', {class: 'mono muted'}, 'handling ' + shortType(node.currentMessageType)) : null,
            childActions(node, parent));
        const children = node.children.length === 0 ? null
            : el('ul', {class: 'tree'}, node.children.map(child => treeItem(child, node, key)));
        const more = node.childCount > node.children.length
            ? el('div', {class: 'more'}, node.childCount.toLocaleString('en-US') + ' children; the '
                + node.children.length + ' busiest shown (see Processes for all).')
            : null;
        return el('li', {}, row, children, more);
    }

    function childActions(node, parent) {
        if (!actionsEnabled || !parent || !node.pid) return null;
        const dynamic = parent.kind === 'dynamic';
        const child = dynamic ? node.pid : node.name;
        return el('span', {},
            dynamic ? null : el('button', {onclick: () => act('restart-child', {supervisor: parent.name, child: child},
                'Restart ' + node.name + ' under ' + parent.name + '?')}, 'restart'),
            ' ',
            el('button', {class: 'danger', onclick: () => act('terminate-child', {supervisor: parent.name, child: child},
                'Terminate ' + node.name + ' under ' + parent.name + '?')}, 'terminate'));
    }

    // ---- Processes ----

    const COLUMNS = [
        ['pid', 'pid'], ['name', 'name'], ['type', 'type'], ['status', 'status'], ['mailbox', 'mailbox', true],
        ['handled', 'handled', true], ['rate', 'msgs/s', true], ['message', 'current message']];

    function showProcesses(params) {
        const query = {
            sort: params.get('sort') || 'pid', dir: params.get('dir') || 'asc', filter: params.get('filter') || '',
            page: params.get('page') || '0', size: params.get('size') || '50'
        };
        let filterTimer = null;
        const filter = el('input', {
            type: 'search', id: 'filter', placeholder: 'filter by pid, name, type, status or message', value: query.filter,
            oninput: event => {
                clearTimeout(filterTimer);
                filterTimer = setTimeout(() => go('processes', {...query, filter: event.target.value, page: 0}), 300);
            }
        });
        const header = el('tr', {}, COLUMNS.map(([column, label, numeric]) => el('th', {
            'data-sort': column,
            class: (numeric ? 'num ' : '') + (query.sort === column ? 'sorted ' + query.dir : ''),
            onclick: () => go('processes', {
                ...query, sort: column, page: 0,
                dir: query.sort === column ? (query.dir === 'asc' ? 'desc' : 'asc') : (numeric ? 'desc' : 'asc')
            })
        }, label)), actionsEnabled ? el('th', {}, '') : null);
        const body = el('tbody', {id: 'process-rows'});
        const pager = el('span', {id: 'pager', class: 'muted'});
        main.replaceChildren(el('div', {class: 'toolbar'}, filter, pager),
            el('table', {id: 'processes'}, el('thead', {}, header), body));
        handlers.processes = page => renderProcesses(page, query, body, pager);
        openStream('processes', query);
    }

    function renderProcesses(page, query, body, pager) {
        body.replaceChildren(...page.rows.map(row => el('tr', {'data-pid': row.pid},
            el('td', {}, pidLink(row.pid)), el('td', {}, row.name), el('td', {}, row.type),
            el('td', {class: 'status-' + row.status}, row.status), el('td', {class: 'num'}, number(row.mailboxSize)),
            el('td', {class: 'num'}, number(row.messagesHandled)), el('td', {class: 'num'}, number(row.rate)),
            el('td', {class: 'mono', title: row.currentMessageType || ''}, shortType(row.currentMessageType)),
            actionsEnabled ? el('td', {}, el('button', {class: 'danger', onclick: () => act('kill', {pid: row.pid}, 'Kill ' + row.pid + '?')}, 'kill')) : null)));
        const first = page.matching === 0 ? 0 : page.page * page.size + 1;
        const last = page.page * page.size + page.rows.length;
        pager.replaceChildren(
            el('button', {disabled: page.page === 0, onclick: () => go('processes', {...query, page: page.page - 1})}, '‹ previous'), ' ',
            first + '–' + last + ' of ' + number(page.matching) + (page.matching !== page.total ? ' matching (' + number(page.total) + ' in all)' : ''), ' ',
            el('button', {disabled: last >= page.matching, onclick: () => go('processes', {...query, page: page.page + 1})}, 'next ›'));
    }

    // ---- Process ----

    function showProcess(params) {
        const pid = params.get('pid');
        main.replaceChildren(el('div', {class: 'panel', id: 'process'}, el('span', {class: 'muted'}, 'Reading ' + pid + '…')));
        handlers.process = renderProcess;
        openStream('process', {pid: pid});
    }

    function renderProcess(process) {
        const peers = list => list.length === 0 ? el('span', {class: 'muted'}, 'none')
            : el('span', {}, list.map(peer => el('span', {}, pidLink(peer.pid), peer.name ? ' ' + peer.name : '', '  ')));
        const facts = el('dl', {class: 'facts'},
            el('dt', {}, 'pid'), el('dd', {class: 'mono'}, process.pid),
            el('dt', {}, 'name'), el('dd', {}, process.name || '–'),
            el('dt', {}, 'type'), el('dd', {}, process.type || '–'),
            el('dt', {}, 'status'), el('dd', {class: 'status-' + process.status}, process.status),
            el('dt', {}, 'supervisor'), el('dd', {}, process.supervisor ? [pidLink(process.supervisor.pid), ' ' + process.supervisor.name] : 'none'),
            el('dt', {}, 'restarts'), el('dd', {}, number(process.restarts)),
            el('dt', {}, 'mailbox'), el('dd', {id: 'mailbox'}, number(process.mailboxSize)),
            el('dt', {}, 'messages handled'), el('dd', {}, number(process.messagesHandled)),
            el('dt', {}, 'current message'), el('dd', {class: 'mono'}, process.currentMessageType || '–'),
            el('dt', {}, 'traps exits'), el('dd', {}, process.trapExit ? 'yes' : 'no'),
            el('dt', {}, 'links'), el('dd', {}, peers(process.links)),
            el('dt', {}, 'monitors'), el('dd', {}, peers(process.monitors)),
            el('dt', {}, 'monitored by'), el('dd', {}, peers(process.monitoredBy)));
        const crashes = el('div', {class: 'panel', id: 'crashes'}, el('h2', {}, 'Recent crashes'),
            process.crashes.length === 0 ? el('p', {class: 'muted'}, 'None recorded since the application started.')
                : process.crashes.map(crash => el('div', {},
                    el('p', {}, time(crash.time) + ' ', el('b', {}, crash.failure), ' while handling ',
                        el('code', {}, crash.messageType), ' in ', el('span', {class: 'mono'}, crash.pid)),
                    el('pre', {class: 'stack'}, crash.stack.join('\n')))));
        const kill = actionsEnabled && process.status !== 'exited'
            ? el('button', {class: 'danger', onclick: () => act('kill', {pid: process.pid}, 'Kill ' + process.pid + '?')}, 'kill')
            : null;
        main.replaceChildren(el('div', {class: 'panel', id: 'process'}, el('h2', {}, 'Process ', process.pid, ' ', kill), facts), crashes);
    }

    // ---- Scheduler ----

    const CHARTS = [
        ['activationsPerSecond', 'activations/s'], ['deadLettersPerSecond', 'dead letters/s'],
        ['queued', 'queued activations'], ['activeThreads', 'active threads'],
        ['liveProcesses', 'live processes'], ['spawnedPerSecond', 'spawned/s']];

    async function showScheduler() {
        let samples = [];
        const charts = el('div', {class: 'charts', id: 'charts'});
        main.replaceChildren(el('div', {class: 'panel'}, el('h2', {}, 'Scheduler'),
            el('p', {class: 'muted', id: 'threads'}, ''), charts));
        const draw = () => {
            const last = samples[samples.length - 1];
            if (last) document.getElementById('threads').textContent = last.threads + ' pool threads; the last '
                + Math.round((last.time - samples[0].time) / 1000) + ' s, one point per interval.';
            charts.replaceChildren(...CHARTS.map(([field, label]) => chart(label, samples.map(sample => sample[field]))));
        };
        try {
            const response = await fetch(base + '/api/scheduler', {credentials: 'same-origin'});
            if (response.ok) samples = await response.json();
        } catch (ignored) {
            // the stream below fills the charts anyway
        }
        draw();
        schedulerListeners.length = 0;
        schedulerListeners.push(sample => {
            if (samples.length === 0 || samples[samples.length - 1].time !== sample.time) samples.push(sample);
            if (samples.length > HISTORY_POINTS) samples.shift();
            draw();
        });
        openStream('scheduler', {});
    }

    function chart(label, values) {
        const width = 300, height = 80;
        const max = Math.max(1, ...values);
        const step = values.length > 1 ? width / (values.length - 1) : width;
        const points = values.map((value, index) => (index * step).toFixed(1) + ',' + (height - 4 - (value / max) * (height - 8)).toFixed(1)).join(' ');
        const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
        svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
        svg.setAttribute('preserveAspectRatio', 'none');
        const line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
        line.setAttribute('points', points);
        svg.append(line);
        return el('div', {class: 'chart', 'data-chart': label},
            el('div', {}, el('span', {class: 'value'}, number(values[values.length - 1] ?? 0)), ' ', label,
                el('span', {class: 'muted'}, ' (max ' + number(max) + ')')), svg);
    }

    // ---- Dead letters ----

    function showDeadLetters() {
        const body = el('tbody', {id: 'deadletter-rows'});
        const note = el('p', {class: 'muted', id: 'deadletter-note'}, 'Waiting for dead letters…');
        main.replaceChildren(el('div', {class: 'panel'}, el('h2', {}, 'Dead letters'), note,
            el('table', {}, el('thead', {}, el('tr', {}, ['time', 'cause', 'recipient', 'name', 'message type'].map(h => el('th', {}, h)))), body)));
        let skipped = 0;
        handlers.deadletters = batch => {
            skipped += batch.skipped;
            for (const letter of batch.letters) {
                body.prepend(el('tr', {}, el('td', {}, time(letter.time)), el('td', {}, letter.cause),
                    el('td', {}, pidLink(letter.recipientPid)), el('td', {}, letter.recipientName),
                    el('td', {class: 'mono', title: letter.messageType}, shortType(letter.messageType))));
            }
            while (body.children.length > 200) body.lastChild.remove();
            note.textContent = number(batch.total) + ' dead letters since the application started; the newest are shown'
                + (skipped > 0 ? ', ' + number(skipped) + ' left out to keep this stream light.' : '.');
        };
        openStream('deadletters', {});
    }

    // ---- Nodes ----

    function showNodes() {
        main.replaceChildren(el('div', {class: 'panel', id: 'nodes'}, el('span', {class: 'muted'}, 'Reading the nodes…')));
        handlers.nodes = nodes => {
            const content = nodes.clusterPresent
                ? el('table', {}, el('thead', {}, el('tr', {}, ['node', 'incarnation', 'status', ''].map(h => el('th', {}, h)))),
                    el('tbody', {}, nodes.nodes.map(node => el('tr', {}, el('td', {}, node.name), el('td', {class: 'num'}, node.incarnation),
                        el('td', {}, node.status), el('td', {}, node.self ? 'this node' : '')))))
                : el('p', {}, nodes.note);
            main.replaceChildren(el('div', {class: 'panel', id: 'nodes'}, el('h2', {}, 'Nodes'), content));
        };
        openStream('nodes', {});
    }

    // ---- start ----

    function show() {
        const {view, params} = route();
        for (const key of Object.keys(handlers)) delete handlers[key];
        handlers.scheduler = onScheduler;
        schedulerListeners.length = 0;
        document.querySelectorAll('#nav a').forEach(link => link.classList.toggle('active', link.dataset.view === view
            || (view === 'process' && link.dataset.view === 'processes')));
        const views = {tree: showTree, processes: showProcesses, process: showProcess, scheduler: showScheduler,
            deadletters: showDeadLetters, nodes: showNodes};
        (views[view] || showTree)(params);
    }

    document.getElementById('footer').textContent = actionsEnabled
        ? 'Actions are enabled: kill, restart and terminate change the running application.'
        : 'Read-only: actions are disabled (set actor.dashboard.actions.enabled=true to allow them).';
    window.addEventListener('hashchange', show);
    show();
})();
