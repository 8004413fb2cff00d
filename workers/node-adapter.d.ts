// comlink ships the Node adapter as node-adapter.mjs with its types in
// node-adapter.d.ts, which TypeScript does not pair with an .mjs import.
declare module 'comlink/dist/esm/node-adapter.mjs' {
  export { default, type NodeEndpoint } from 'comlink/dist/esm/node-adapter';
}
